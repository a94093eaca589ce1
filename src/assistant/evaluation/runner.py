"""Run the evaluation cases through an answerer, score every case, summarise, and check quality floors.

The answerer is any object with `ask(question: str, history: list[str])` returning an object with `to_dict()`
in the `Answer.to_dict()` shape (`assistant.service.Assistant` in production, a canned fake in tests). A
followup case is asked once: its last turn, with the earlier turns as history.
"""

from __future__ import annotations

import json
import time
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

from assistant.evaluation import metrics as m
from assistant.evaluation.dataset import CASE_TYPES, EvalCase

FORMAT_VERSION = 1
# How many citations a case's evidence may be ranked at and still pass its evidence check.
EVIDENCE_PASS_K = 5
# How many of the first citations the failing-case list shows.
SHOWN_CITATIONS = 3

# Rate metrics (0-1) of a summary, in report order; these are also the keys eval/floors.toml may set.
RATE_METRICS: tuple[str, ...] = (
    "evidence_hit_at_1",
    "evidence_hit_at_3",
    "evidence_hit_at_5",
    "evidence_mrr",
    "fact_coverage_fact",
    "fact_coverage_case",
    "programme_top1",
    "programme_top3",
    "programme_recall_at_3",
    "abstention_answerable",
    "abstention_unanswerable",
    "citation_recall",
    "citation_precision",
)
LATENCY_METRICS: tuple[str, ...] = ("latency_p50_ms", "latency_p95_ms")
# Pass/fail checks of one case; a check that does not apply to a case is absent from its `checks`.
CHECKS: tuple[str, ...] = (
    "abstention",
    "evidence_hit_at_5",
    "fact_coverage",
    "programme_top1",
    "programme_top3",
    "citation_recall",
    "citation_precision",
)

_EMPTY_OUTPUT: dict[str, Any] = {
    "answer": "",
    "answerable": None,
    "sentences": [],
    "citations": [],
    "related": [],
    "programmes": [],
    "timings_ms": {},
}


class Answerer(Protocol):
    def ask(self, question: str, history: list[str]) -> Any: ...


@dataclass(frozen=True)
class CaseMetrics:
    """The measurements of one case; None where a measurement does not apply."""

    evidence_rank: int | None
    # Where the evidence is among the related passages of a declined answer: tells a retrieval miss from a
    # too strict answerability threshold. Diagnostic only, not summarised.
    related_rank: int | None
    facts: tuple[bool, ...]
    abstention_correct: bool
    programme_top1: bool | None
    programme_top3: bool | None
    programme_recall_at_3: float | None
    citation_recall: float | None
    citation_precision: float | None
    latency_ms: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "evidence_rank": self.evidence_rank,
            "related_rank": self.related_rank,
            "facts": list(self.facts),
            "abstention_correct": self.abstention_correct,
            "programme_top1": self.programme_top1,
            "programme_top3": self.programme_top3,
            "programme_recall_at_3": self.programme_recall_at_3,
            "citation_recall": self.citation_recall,
            "citation_precision": self.citation_precision,
            "latency_ms": round(self.latency_ms, 2),
        }


@dataclass(frozen=True)
class CaseResult:
    """One case as asked: what came back, how long it took, what it scored and which checks it passed."""

    case: EvalCase
    output: dict[str, Any]
    wall_ms: float
    error: str | None
    metrics: CaseMetrics
    checks: dict[str, bool]

    @property
    def failed(self) -> list[str]:
        return [name for name, ok in self.checks.items() if not ok]

    @property
    def passed(self) -> bool:
        return not self.failed

    def to_dict(self) -> dict[str, Any]:
        case = self.case
        return {
            "id": case.id,
            "type": case.type,
            "turns": list(case.turns),
            "expected": expected_dict(case),
            "output": self.output,
            "wall_ms": round(self.wall_ms, 2),
            "error": self.error,
            "metrics": self.metrics.to_dict(),
            "checks": dict(self.checks),
            "passed": self.passed,
        }


@dataclass(frozen=True)
class EvalRun:
    """All cases of one evaluation run, in case-file order."""

    results: tuple[CaseResult, ...]
    started: str
    wall_ms: float
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "started": self.started,
            "wall_ms": round(self.wall_ms, 1),
            "meta": self.meta,
            "cases": [r.to_dict() for r in self.results],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The run as JSON text (every case with its full output)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def expected_dict(case: EvalCase) -> dict[str, Any]:
    """What a case expects, as plain JSON values."""
    return {
        "answerable": case.answerable,
        "must_mention": [list(f) for f in case.must_mention],
        "evidence": list(case.evidence),
        "programmes": list(case.programmes),
    }


# --- Scoring one case --------------------------------------------------------------------------------------


def score_case(case: EvalCase, output: Mapping[str, Any], wall_ms: float) -> CaseMetrics:
    """Measure one answer dict against its case."""
    is_programme = case.type == "programme_match" and bool(case.programmes)
    returned = m.programme_names(output.get("programmes") or [])
    citations = m.citation_scores(output)
    return CaseMetrics(
        evidence_rank=m.evidence_rank(output.get("citations") or [], case.evidence) if case.answerable else None,
        related_rank=m.evidence_rank(output.get("related") or [], case.evidence) if case.answerable else None,
        facts=tuple(m.fact_coverage(str(output.get("answer") or ""), case.must_mention)),
        abstention_correct=m.abstention_correct(case.answerable, output.get("answerable")),
        programme_top1=m.programme_top1(returned, case.programmes) if is_programme else None,
        programme_top3=m.programme_best_in_top3(returned, case.programmes) if is_programme else None,
        programme_recall_at_3=m.programme_recall_at3(returned, case.programmes) if is_programme else None,
        citation_recall=citations.recall,
        citation_precision=citations.precision,
        latency_ms=m.latency_ms(output, wall_ms),
    )


def case_checks(case: EvalCase, scored: CaseMetrics) -> dict[str, bool]:
    """Pass/fail per check that applies to the case: evidence within the first five citations, every fact
    covered, programmes right, and every answer sentence supported by precisely the passages it cites."""
    checks = {"abstention": scored.abstention_correct}
    if case.answerable and case.evidence:
        checks["evidence_hit_at_5"] = m.hit_at(scored.evidence_rank, EVIDENCE_PASS_K)
    if case.must_mention:
        checks["fact_coverage"] = all(scored.facts)
    if scored.programme_top1 is not None and scored.programme_top3 is not None:
        checks["programme_top1"] = scored.programme_top1
        checks["programme_top3"] = scored.programme_top3
    if scored.citation_recall is not None and scored.citation_precision is not None:
        checks["citation_recall"] = scored.citation_recall == 1.0
        checks["citation_precision"] = scored.citation_precision == 1.0
    return checks


def _as_dict(answer: Any) -> dict[str, Any]:
    data = answer if isinstance(answer, Mapping) else answer.to_dict()
    # A round trip through JSON: the stored output is exactly what results.json will hold.
    return json.loads(json.dumps(data, ensure_ascii=False, default=str))


def ask_case(answerer: Answerer, case: EvalCase) -> CaseResult:
    """Ask one case (its last turn, the earlier turns as history) and score it. An exception from the answerer
    is recorded as the case's error and the case fails every check, so one bad case does not end the run."""
    t0 = time.perf_counter()
    error: str | None = None
    try:
        output = _as_dict(answerer.ask(case.question, list(case.turns[:-1])))
    except Exception as exc:  # noqa: BLE001 - any failure of the system under test is a result here
        output, error = dict(_EMPTY_OUTPUT), f"{type(exc).__name__}: {exc}"
    wall_ms = (time.perf_counter() - t0) * 1000
    scored = score_case(case, output, wall_ms)
    checks = case_checks(case, scored)
    if error:
        checks = dict.fromkeys(checks, False)
    return CaseResult(case, output, wall_ms, error, scored, checks)


def run_eval(
    answerer: Answerer,
    cases: Sequence[EvalCase],
    progress: Callable[[int, int, CaseResult], None] | None = None,
    meta: Mapping[str, Any] | None = None,
) -> EvalRun:
    """Ask every case in order and score it; `progress(done, total, result)` is called after each case."""
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    t0 = time.perf_counter()
    results: list[CaseResult] = []
    for case in cases:
        results.append(ask_case(answerer, case))
        if progress:
            progress(len(results), len(cases), results[-1])
    return EvalRun(tuple(results), started, (time.perf_counter() - t0) * 1000, dict(meta or {}))


# --- Summaries ---------------------------------------------------------------------------------------------


def _rate_metrics(results: Sequence[CaseResult]) -> tuple[dict[str, float | None], dict[str, int]]:
    answerable = [r.metrics for r in results if r.case.answerable]
    unanswerable = [r.metrics for r in results if not r.case.answerable]
    with_facts = [r.metrics for r in results if r.case.must_mention]
    programmes = [r.metrics for r in results if r.metrics.programme_top1 is not None]
    cited = [r.metrics for r in results if r.metrics.citation_recall is not None]
    ranks = [s.evidence_rank for s in answerable]
    values: dict[str, tuple[list[float], int]] = {
        "evidence_hit_at_1": ([m.hit_at(r, 1) for r in ranks], len(ranks)),
        "evidence_hit_at_3": ([m.hit_at(r, 3) for r in ranks], len(ranks)),
        "evidence_hit_at_5": ([m.hit_at(r, 5) for r in ranks], len(ranks)),
        "evidence_mrr": ([m.reciprocal_rank(r) for r in ranks], len(ranks)),
        "fact_coverage_fact": ([f for s in with_facts for f in s.facts], sum(len(s.facts) for s in with_facts)),
        "fact_coverage_case": ([all(s.facts) for s in with_facts], len(with_facts)),
        "programme_top1": ([bool(s.programme_top1) for s in programmes], len(programmes)),
        "programme_top3": ([bool(s.programme_top3) for s in programmes], len(programmes)),
        "programme_recall_at_3": ([s.programme_recall_at_3 or 0.0 for s in programmes], len(programmes)),
        "abstention_answerable": ([s.abstention_correct for s in answerable], len(answerable)),
        "abstention_unanswerable": ([s.abstention_correct for s in unanswerable], len(unanswerable)),
        "citation_recall": ([s.citation_recall or 0.0 for s in cited], len(cited)),
        "citation_precision": ([s.citation_precision or 0.0 for s in cited], len(cited)),
    }
    rates = {name: _round(m.mean(vals), 4) for name, (vals, _) in values.items()}
    counts = {name: n for name, (_, n) in values.items()}
    return rates, counts


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def summarise_results(results: Sequence[CaseResult]) -> dict[str, Any]:
    """Metrics over a group of case results: rates (None when no case measures them), how many cases or facts
    each rate is over, latency percentiles and pass counts."""
    rates, counts = _rate_metrics(results)
    latencies = [r.metrics.latency_ms for r in results]
    metrics: dict[str, float | None] = dict(rates)
    metrics["latency_p50_ms"] = _round(m.percentile(latencies, 50), 1)
    metrics["latency_p95_ms"] = _round(m.percentile(latencies, 95), 1)
    return {
        "cases": len(results),
        "passed": sum(r.passed for r in results),
        "errors": sum(r.error is not None for r in results),
        "metrics": metrics,
        "counts": counts,
    }


def summarise(run: EvalRun) -> dict[str, Any]:
    """The run's metrics overall and per case type: {"overall": {...}, "by_type": {type: {...}}}, each block
    as `summarise_results` gives it. JSON-serialisable."""
    by_type = {}
    for case_type in CASE_TYPES:
        group = [r for r in run.results if r.case.type == case_type]
        if group:
            by_type[case_type] = summarise_results(group)
    return {"overall": summarise_results(run.results), "by_type": by_type}


def results_document(run: EvalRun, summary: Mapping[str, Any]) -> dict[str, Any]:
    """What results.json holds (and `--json` prints): format version, summary and every case."""
    return {"format_version": FORMAT_VERSION, "summary": dict(summary), **run.to_dict()}


# --- Failing cases -----------------------------------------------------------------------------------------


def got_dict(output: Mapping[str, Any], shown: int = SHOWN_CITATIONS) -> dict[str, Any]:
    """The short form of an answer for reading: its text, whether it answered, where its first citations
    (or, when it declined, its related passages) come from, and its programmes."""
    listed = output.get("citations") or output.get("related") or []
    return {
        "answerable": output.get("answerable"),
        "answer": output.get("answer") or "",
        "citations": [
            {"source": c.get("source"), "page": c.get("page"), "section": c.get("section")} for c in listed[:shown]
        ],
        "programmes": m.programme_names(output.get("programmes") or []),
    }


def failing_cases(run: EvalRun) -> list[dict[str, Any]]:
    """Every case that failed a check: which checks, what was expected and what came back."""
    return [
        {
            "id": r.case.id,
            "type": r.case.type,
            "turns": list(r.case.turns),
            "failed": r.failed,
            "error": r.error,
            "evidence_rank": r.metrics.evidence_rank,
            "related_rank": r.metrics.related_rank,
            "expected": expected_dict(r.case),
            "got": got_dict(r.output),
        }
        for r in run.results
        if not r.passed
    ]


# --- Quality floors ----------------------------------------------------------------------------------------


def load_floors(path: str | Path) -> dict[str, float]:
    """Read quality floors from a TOML file of `metric = minimum` lines (see eval/floors.toml).

    Raises ValueError naming the file for bad TOML, an unknown metric, or a value that is not a number in 0-1.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML: {exc}") from None
    unknown = sorted(set(data) - set(RATE_METRICS))
    if unknown:
        raise ValueError(f"{path}: unknown floor(s): {', '.join(unknown)} (allowed: {', '.join(RATE_METRICS)})")
    floors: dict[str, float] = {}
    for name, value in data.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
            raise ValueError(f"{path}: floor {name} must be a number from 0 to 1, got {value!r}")
        floors[name] = float(value)
    return floors


def check_floors(summary: Mapping[str, Any], floors: Mapping[str, float]) -> list[str]:
    """One line per overall metric below its floor, or not measured at all (no case in the run measures it);
    an empty list means every floor holds."""
    measured = summary["overall"]["metrics"]
    violations = []
    for name, floor in floors.items():
        value = measured.get(name)
        if value is None:
            violations.append(f"{name}: not measured in this run (no case measures it); floor {floor:.4f}")
        elif value < floor:
            violations.append(f"{name}: {value:.4f} is below the floor {floor:.4f}")
    return violations
