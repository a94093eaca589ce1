"""The evaluation cases: loading and validating eval/questions.jsonl, and checking it against the sources.

One JSON object per line::

    {"id": "fact-01", "type": "fact", "turns": ["..."], "answerable": true,
     "must_mention": [["50 %", "50 prosent"]], "evidence": ["..."], "programmes": []}

`turns` are the user's messages; the last one is scored. `must_mention` is a list of facts, each a list of
acceptable wordings; `evidence` holds verbatim snippets of a source that a correct citation contains;
`programmes` ranks the best-fitting programmes (programme_match cases only).

Run as a module to check a set against its sources::

    python -m assistant.evaluation.dataset eval/questions.jsonl corpus/report/<report>.txt
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

CaseType = Literal["fact", "paraphrase", "programme_match", "followup", "multi_fact", "typo", "unanswerable"]
CASE_TYPES: tuple[str, ...] = ("fact", "paraphrase", "programme_match", "followup", "multi_fact", "typo", "unanswerable")

# Canonical programme names, as the report's programme overview names them.
PROGRAMME_NAMES: tuple[str, ...] = (
    "Nordisk ministerråd",
    "Norec",
    "Erasmus+",
    "Horisont Europa",
    "Interreg",
    "Kreativt Europa",
    "Digitalt Europa",
    "EØS-midler",
    "Grensekomiteen",
    "Vennskapskommuner",
)

FIELDS: tuple[str, ...] = ("id", "type", "turns", "answerable", "must_mention", "evidence", "programmes")
# Types whose answer is a set of facts that can be checked word for word.
FACT_TYPES: frozenset[str] = frozenset({"fact", "paraphrase", "typo", "followup", "multi_fact"})
EVIDENCE_MIN_CHARS = 15
EVIDENCE_MAX_CHARS = 120
MAX_FOLLOWUP_TURNS = 3

# A word split with a hyphen at the very end of a line ("EU-\n\nprogrammet"). A hyphen followed by a space
# before the break is a suspended compound ("samfunns- og arealplanlegging") and keeps its space.
_HYPHEN_BREAK = re.compile(r"(?<=\w)-\r?\n\s*(?=\S)")


@dataclass(frozen=True)
class EvalCase:
    """One evaluation case; see the module docstring for the meaning of each field."""

    id: str
    type: CaseType
    turns: tuple[str, ...]
    answerable: bool
    must_mention: tuple[tuple[str, ...], ...]
    evidence: tuple[str, ...]
    programmes: tuple[str, ...]

    @property
    def question(self) -> str:
        """The scored message: the last turn."""
        return self.turns[-1]


def normalise(text: str) -> str:
    """Text in the form snippets are compared in: NFC, casefolded, whitespace collapsed to single spaces,
    and words hyphenated across a line break joined ("EU-\\nprogrammet" -> "eu-programmet")."""
    text = unicodedata.normalize("NFC", text)
    text = _HYPHEN_BREAK.sub("-", text)
    return " ".join(text.split()).casefold()


def _is_url_line(line: str) -> bool:
    return line.lstrip().startswith(("http://", "https://"))


def source_passages(raw: str) -> list[str]:
    """The normalised text of a source, cut where a snippet may not reach across.

    Follows the PDF-text convention of the report: a page starts on a non-blank line that begins with a
    space, and a page's link URLs are listed on lines of their own (starting with http). URL lines are
    dropped and cut the text, so are page starts; line breaks and blank lines become single spaces.
    """
    passages: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = normalise("\n".join(current))
        if text:
            passages.append(text)
        current.clear()

    for line in raw.splitlines():
        if _is_url_line(line):
            flush()
            continue
        if line[:1] in (" ", "\t") and line.strip():
            flush()
        current.append(line)
    flush()
    return passages


def _fail(path: Path, lineno: int, message: str) -> ValueError:
    return ValueError(f"{path}, line {lineno}: {message}")


def _string_list(value: Any, field: str, path: Path, lineno: int) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _fail(path, lineno, f"{field!r} must be a list of strings")
    if any(not item.strip() for item in value):
        raise _fail(path, lineno, f"{field!r} has an empty string")
    return cast(list[str], value)


def _parse_case(data: Any, path: Path, lineno: int) -> EvalCase:
    if not isinstance(data, dict):
        raise _fail(path, lineno, f"expected a JSON object, got {type(data).__name__}")
    missing = [name for name in FIELDS if name not in data]
    if missing:
        raise _fail(path, lineno, f"missing key(s): {', '.join(missing)}")
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise _fail(path, lineno, f"unknown key(s): {', '.join(unknown)} (allowed: {', '.join(FIELDS)})")

    case_id = data["id"]
    if not isinstance(case_id, str) or not case_id.strip():
        raise _fail(path, lineno, "'id' must be a non-empty string")
    where = f"case {case_id!r}: "

    case_type = data["type"]
    if case_type not in CASE_TYPES:
        raise _fail(path, lineno, f"{where}bad type {case_type!r} (expected one of: {', '.join(CASE_TYPES)})")

    turns = _string_list(data["turns"], "turns", path, lineno)
    if not turns:
        raise _fail(path, lineno, f"{where}'turns' is empty")
    if case_type == "followup" and not 2 <= len(turns) <= MAX_FOLLOWUP_TURNS:
        raise _fail(path, lineno, f"{where}a followup needs 2-{MAX_FOLLOWUP_TURNS} turns, got {len(turns)}")
    if case_type != "followup" and len(turns) != 1:
        raise _fail(path, lineno, f"{where}only followup cases have more than one turn")

    answerable = data["answerable"]
    if not isinstance(answerable, bool):
        raise _fail(path, lineno, f"{where}'answerable' must be true or false")
    if answerable != (case_type != "unanswerable"):
        raise _fail(path, lineno, f"{where}'answerable' must be false exactly for unanswerable cases")

    raw_facts = data["must_mention"]
    if not isinstance(raw_facts, list):
        raise _fail(path, lineno, f"{where}'must_mention' must be a list of lists of wordings")
    facts: list[tuple[str, ...]] = []
    for fact in raw_facts:
        wordings = _string_list(fact, "must_mention", path, lineno)
        if not wordings:
            raise _fail(path, lineno, f"{where}'must_mention' has a fact without any wording")
        facts.append(tuple(wordings))

    evidence = _string_list(data["evidence"], "evidence", path, lineno)
    for snippet in evidence:
        size = len(normalise(snippet))
        if not EVIDENCE_MIN_CHARS <= size <= EVIDENCE_MAX_CHARS:
            raise _fail(
                path,
                lineno,
                f"{where}evidence snippet must be {EVIDENCE_MIN_CHARS}-{EVIDENCE_MAX_CHARS} characters, "
                f"got {size}: {snippet!r}",
            )

    programmes = _string_list(data["programmes"], "programmes", path, lineno)
    for name in programmes:
        if name not in PROGRAMME_NAMES:
            raise _fail(
                path, lineno, f"{where}unknown programme name {name!r} (expected one of: {', '.join(PROGRAMME_NAMES)})"
            )
    if len(set(programmes)) != len(programmes):
        raise _fail(path, lineno, f"{where}'programmes' names a programme twice")

    if not answerable:
        for field, value in (("must_mention", facts), ("evidence", evidence), ("programmes", programmes)):
            if value:
                raise _fail(path, lineno, f"{where}an unanswerable case cannot have {field}")
    else:
        if not evidence:
            raise _fail(path, lineno, f"{where}an answerable case needs at least one evidence snippet")
        if case_type in FACT_TYPES and not facts:
            raise _fail(path, lineno, f"{where}a {case_type} case needs at least one must_mention fact")
        if case_type == "programme_match" and not programmes:
            raise _fail(path, lineno, f"{where}a programme_match case needs at least one programme")
        if case_type != "programme_match" and programmes:
            raise _fail(path, lineno, f"{where}only programme_match cases list programmes")

    return EvalCase(
        id=case_id,
        type=cast(CaseType, case_type),
        turns=tuple(turns),
        answerable=answerable,
        must_mention=tuple(facts),
        evidence=tuple(evidence),
        programmes=tuple(programmes),
    )


def load_cases(path: str | Path) -> list[EvalCase]:
    """Read and validate a JSONL case file; blank lines are skipped.

    Raises ValueError naming the file and line for bad JSON, missing or unknown keys, a bad value or type,
    empty turns, a duplicate id, an unanswerable case with evidence or facts, or an unknown programme name.
    """
    path = Path(path)
    cases: list[EvalCase] = []
    first_line: dict[str, int] = {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _fail(path, lineno, f"not valid JSON: {exc.msg} (column {exc.colno})") from None
        case = _parse_case(data, path, lineno)
        if case.id in first_line:
            raise _fail(path, lineno, f"duplicate id {case.id!r} (first on line {first_line[case.id]})")
        first_line[case.id] = lineno
        cases.append(case)
    if not cases:
        raise ValueError(f"{path}: no cases")
    return cases


def check_against_sources(cases: Iterable[EvalCase], source_texts: Mapping[str, str]) -> list[str]:
    """Problems with the cases' grounding: every evidence snippet and every must_mention wording has to
    occur, normalised, in one passage of some source (a snippet may not reach across a page or URL line).

    `source_texts` maps a source's name to its raw text. An empty list means the set is grounded.
    """
    passages = [passage for raw in source_texts.values() for passage in source_passages(raw)]

    def found(text: str) -> bool:
        needle = normalise(text)
        return any(needle in passage for passage in passages)

    problems: list[str] = []
    for case in cases:
        for snippet in case.evidence:
            if not found(snippet):
                problems.append(f"{case.id}: evidence not found in the sources: {snippet!r}")
        for fact in case.must_mention:
            missing = [wording for wording in fact if not found(wording)]
            if len(missing) == len(fact):
                problems.append(f"{case.id}: no wording of must_mention fact {list(fact)!r} occurs in the sources")
            else:
                problems.extend(f"{case.id}: must_mention wording not found in the sources: {w!r}" for w in missing)
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    """Validate a case file and check it against source text files; print problems, return 1 if any."""
    parser = argparse.ArgumentParser(
        prog="python -m assistant.evaluation.dataset",
        description="Validate an evaluation case file and check its snippets and facts against the sources.",
    )
    parser.add_argument("cases", type=Path, help="the JSONL case file, e.g. eval/questions.jsonl")
    parser.add_argument("sources", type=Path, nargs="+", help="plain-text source files, e.g. the report's .txt")
    args = parser.parse_args(argv)

    try:
        cases = load_cases(args.cases)
        texts = {str(p): p.read_text(encoding="utf-8") for p in args.sources}
    except (OSError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    problems = check_against_sources(cases, texts)
    for problem in problems:
        print(problem)
    counts = {t: sum(c.type == t for c in cases) for t in CASE_TYPES}
    summary = ", ".join(f"{t} {n}" for t, n in counts.items())
    if problems:
        print(f"{len(problems)} problem(s) in {len(cases)} cases ({summary})", file=sys.stderr)
        return 1
    print(f"OK: {len(cases)} cases ({summary}), all grounded in {len(texts)} source(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
