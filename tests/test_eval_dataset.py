"""The evaluation question set: the project's own set, the validator and the source checker."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assistant.evaluation.dataset import (
    CASE_TYPES,
    PROGRAMME_NAMES,
    EvalCase,
    check_against_sources,
    load_cases,
    main,
    normalise,
    source_passages,
)

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "eval" / "questions.jsonl"
REPORT = ROOT / "corpus" / "report" / "mosseregionen-forstudie-internasjonalt-samarbeid-2021.txt"


def _case(**changes: Any) -> dict[str, Any]:
    case: dict[str, Any] = {
        "id": "c1",
        "type": "fact",
        "turns": ["Hvor mye dekker Interreg?"],
        "answerable": True,
        "must_mention": [["50 %", "50 prosent"]],
        "evidence": ["50 % dekning av prosjektkostnader"],
        "programmes": [],
    }
    case.update(changes)
    return case


def _write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _line(**changes: Any) -> str:
    return json.dumps(_case(**changes), ensure_ascii=False)


def _without(key: str) -> str:
    case = _case()
    del case[key]
    return json.dumps(case)


# --- the project's set -------------------------------------------------------------------------------


@pytest.mark.unit
def test_project_set_loads_with_every_type() -> None:
    cases = load_cases(QUESTIONS)
    assert len(cases) >= 80
    assert {c.type for c in cases} == set(CASE_TYPES)
    assert all(isinstance(c, EvalCase) for c in cases)


@pytest.mark.unit
def test_project_set_is_grounded_in_the_report() -> None:
    cases = load_cases(QUESTIONS)
    report = REPORT.read_text(encoding="utf-8")
    assert check_against_sources(cases, {REPORT.name: report}) == []


@pytest.mark.unit
def test_project_set_shape() -> None:
    cases = load_cases(QUESTIONS)
    for case in cases:
        if case.type == "programme_match":
            assert case.programmes and set(case.programmes) <= set(PROGRAMME_NAMES), case.id
        if case.type == "followup":
            assert 2 <= len(case.turns) <= 3, case.id
        if case.answerable:
            assert case.evidence, case.id
        else:
            assert not (case.must_mention or case.evidence or case.programmes), case.id


@pytest.mark.unit
def test_cli_accepts_the_project_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(QUESTIONS), str(REPORT)]) == 0
    assert "OK" in capsys.readouterr().out


@pytest.mark.unit
@pytest.mark.parametrize("name", ["holdout.jsonl", "holdout-2.jsonl", "holdout-3.jsonl", "holdout-4.jsonl", "holdout-5.jsonl", "holdout-6.jsonl", "holdout-7.jsonl", "holdout-8.jsonl", "holdout-9.jsonl", "holdout-10.jsonl", "holdout-11.jsonl", "holdout-12.jsonl", "holdout-13.jsonl", "holdout-14.jsonl", "holdout-15.jsonl", "holdout-16.jsonl", "holdout-17.jsonl", "holdout-18.jsonl", "holdout-19.jsonl", "holdout-20.jsonl", "holdout-21.jsonl", "holdout-22.jsonl", "holdout-23.jsonl", "holdout-24.jsonl", "holdout-25.jsonl", "holdout-26.jsonl", "holdout-27.jsonl", "blind.jsonl", "blind-3.jsonl", "blind-6.jsonl", "blind-17.jsonl", "blind-21.jsonl", "blind-24.jsonl", "blind-27.jsonl", "blind-30.jsonl", "blind-31.jsonl", "blind-32.jsonl", "blind-33.jsonl", "blind-34.jsonl"])
def test_every_held_out_set_is_valid_and_grounded_in_the_report(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    # Validation only reads the files' format and snippets; it never runs or shows the cases.
    assert main([str(ROOT / "eval" / name), str(REPORT)]) == 0
    assert "OK" in capsys.readouterr().out


# --- normalisation -------------------------------------------------------------------------------------


@pytest.mark.unit
def test_normalise_casefolds_and_collapses_whitespace() -> None:
    assert normalise("  Viken   FYLKESKOMMUNE\n\nhar ") == "viken fylkeskommune har"


@pytest.mark.unit
def test_normalise_joins_words_hyphenated_at_line_end() -> None:
    assert normalise("kommune. EU-\n\nprogrammet Erasmus+") == "kommune. eu-programmet erasmus+"
    assert normalise("innen utdanning-\n\n/oppvekstområdet") == "innen utdanning-/oppvekstområdet"


@pytest.mark.unit
def test_normalise_keeps_suspended_compounds_apart() -> None:
    assert normalise("all samfunns- \nog arealplanlegging") == "all samfunns- og arealplanlegging"


@pytest.mark.unit
def test_source_passages_drop_url_lines_and_cut_at_pages() -> None:
    raw = " FØRSTE SIDE \n\nteksten fortsetter \n\nhttps://example.org/a\n neste side begynner \n\nher"
    assert source_passages(raw) == ["første side teksten fortsetter", "neste side begynner her"]


# --- the validator -------------------------------------------------------------------------------------

BAD_LINES: dict[str, tuple[Callable[[], list[str]], str]] = {
    "bad json": (lambda: ['{"id": "c1", "type": '], "not valid JSON"),
    "not an object": (lambda: ["[1, 2]"], "expected a JSON object"),
    "unknown key": (lambda: [_line(page=3)], "unknown key(s): page"),
    "missing key": (lambda: [_without("evidence")], "missing key(s): evidence"),
    "bad type": (lambda: [_line(type="trivia")], "bad type 'trivia'"),
    "empty turns": (lambda: [_line(turns=[])], "'turns' is empty"),
    "blank turn": (lambda: [_line(turns=["  "])], "empty string"),
    "answerable not bool": (lambda: [_line(answerable="yes")], "'answerable' must be true or false"),
    "duplicate id": (lambda: [_line(), _line()], "duplicate id 'c1' (first on line 1)"),
    "unanswerable with evidence": (
        lambda: [_line(type="unanswerable", answerable=False, must_mention=[])],
        "unanswerable case cannot have evidence",
    ),
    "unanswerable with facts": (
        lambda: [_line(type="unanswerable", answerable=False, evidence=[])],
        "unanswerable case cannot have must_mention",
    ),
    "unanswerable marked answerable": (
        lambda: [_line(type="unanswerable", must_mention=[], evidence=[])],
        "'answerable' must be false exactly for unanswerable cases",
    ),
    "unknown programme": (
        lambda: [_line(type="programme_match", programmes=["Erasmus Plus"])],
        "unknown programme name 'Erasmus Plus'",
    ),
    "programme_match without programmes": (
        lambda: [_line(type="programme_match")],
        "needs at least one programme",
    ),
    "programmes on a fact": (lambda: [_line(programmes=["Interreg"])], "only programme_match cases"),
    "answerable without evidence": (lambda: [_line(evidence=[])], "at least one evidence snippet"),
    "fact without facts": (lambda: [_line(must_mention=[])], "at least one must_mention fact"),
    "fact with no wording": (lambda: [_line(must_mention=[[]])], "fact without any wording"),
    "must_mention not nested": (lambda: [_line(must_mention=["50 %"])], "'must_mention' must be a list of strings"),
    "snippet too short": (lambda: [_line(evidence=["50 %"])], "15-120 characters"),
    "snippet too long": (lambda: [_line(evidence=["x" * 121])], "15-120 characters"),
    "followup with one turn": (lambda: [_line(type="followup")], "needs 2-3 turns"),
    "followup with four turns": (lambda: [_line(type="followup", turns=["a", "b", "c", "d"])], "needs 2-3 turns"),
    "several turns outside followup": (lambda: [_line(turns=["a", "b"])], "only followup cases"),
}


@pytest.mark.unit
@pytest.mark.parametrize("kind", sorted(BAD_LINES))
def test_validator_rejects_bad_lines(tmp_path: Path, kind: str) -> None:
    make_lines, message = BAD_LINES[kind]
    lines = make_lines()
    path = _write(tmp_path, *lines)
    with pytest.raises(ValueError) as excinfo:
        load_cases(path)
    text = str(excinfo.value)
    assert str(path) in text
    assert f"line {len(lines)}" in text
    assert message in text


@pytest.mark.unit
def test_validator_names_the_right_line(tmp_path: Path) -> None:
    path = _write(tmp_path, _line(id="a"), "", _line(id="b", type="nonsense"))
    with pytest.raises(ValueError, match=r"line 3: case 'b': bad type"):
        load_cases(path)


@pytest.mark.unit
def test_validator_rejects_an_empty_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no cases"):
        load_cases(_write(tmp_path, ""))


@pytest.mark.unit
def test_validator_accepts_good_lines(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        _line(id="a"),
        _line(id="b", type="followup", turns=["Hva er Interreg?", "Hvor mye dekker den?"]),
        _line(id="c", type="unanswerable", answerable=False, must_mention=[], evidence=[]),
        _line(id="d", type="programme_match", must_mention=[], programmes=["Interreg", "Grensekomiteen"]),
    )
    cases = load_cases(path)
    assert [c.id for c in cases] == ["a", "b", "c", "d"]
    assert cases[1].question == "Hvor mye dekker den?"
    assert cases[0].must_mention == (("50 %", "50 prosent"),)
    assert cases[3].programmes == ("Interreg", "Grensekomiteen")


# --- the checker ---------------------------------------------------------------------------------------

SOURCE = (
    " Interreg \n\nDere må selv finansiere minst 50 prosent. \n\nFinansieringsgrad: \n\n50 % dekning av prosjektkostnader, delvis dekning av ressursbruk i EU-\n\n"
    "programmene. \n\nhttps://interreg.no/\n Kreativt Europa \n\nOpptil 60 % tilskuddsdekning ved små prosjekter \n"
)


def _cases(tmp_path: Path, **changes: Any) -> list[EvalCase]:
    return load_cases(_write(tmp_path, _line(**changes)))


@pytest.mark.unit
def test_checker_accepts_grounded_cases(tmp_path: Path) -> None:
    cases = _cases(tmp_path, evidence=["50 %  dekning av\nprosjektkostnader", "ressursbruk i EU-programmene"])
    assert check_against_sources(cases, {"report": SOURCE}) == []


@pytest.mark.unit
def test_checker_reports_a_snippet_not_in_the_source(tmp_path: Path) -> None:
    cases = _cases(tmp_path, evidence=["75 % dekning av prosjektkostnader"])
    problems = check_against_sources(cases, {"report": SOURCE})
    assert len(problems) == 1
    assert "c1" in problems[0] and "75 % dekning" in problems[0]


@pytest.mark.unit
def test_checker_does_not_let_a_snippet_span_a_page_break(tmp_path: Path) -> None:
    cases = _cases(tmp_path, evidence=["EU-programmene. Kreativt Europa"])
    assert len(check_against_sources(cases, {"report": SOURCE})) == 1


@pytest.mark.unit
def test_checker_reports_missing_wordings(tmp_path: Path) -> None:
    cases = _cases(tmp_path, must_mention=[["50 %", "halvparten"], ["Urbact"]])
    problems = check_against_sources(cases, {"report": SOURCE})
    assert any("'halvparten'" in p for p in problems)
    assert any("no wording of must_mention fact ['Urbact']" in p for p in problems)
    assert len(problems) == 2


@pytest.mark.unit
def test_checker_searches_every_source(tmp_path: Path) -> None:
    cases = _cases(tmp_path, evidence=["a snippet in the second source"])
    sources = {"report": SOURCE, "other": "Here is a snippet in the second source."}
    assert check_against_sources(cases, sources) == []


@pytest.mark.unit
def test_cli_fails_on_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    questions = _write(tmp_path, _line(evidence=["not in the report at all"]))
    source = tmp_path / "source.txt"
    source.write_text(SOURCE, encoding="utf-8")
    assert main([str(questions), str(source)]) == 1
    assert "not in the report at all" in capsys.readouterr().out


@pytest.mark.unit
def test_cli_fails_on_an_invalid_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    questions = _write(tmp_path, "{not json")
    source = tmp_path / "source.txt"
    source.write_text(SOURCE, encoding="utf-8")
    assert main([str(questions), str(source)]) == 1
    assert "line 1" in capsys.readouterr().err
