"""The evaluation runner, its summary and floors, and the written report, driven by a canned answerer."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from assistant.evaluation.dataset import load_cases
from assistant.evaluation.report import PLOTS, load_results, regressions, write_report
from assistant.evaluation.runner import (
    LATENCY_METRICS,
    RATE_METRICS,
    check_floors,
    failing_cases,
    load_floors,
    run_eval,
    summarise,
)

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]

P_NAV = "Kyststien er et Interreg-finansiert prosjekt initiert av NAV i tidligere Rygge kommune."
P_VESTBY = "Alle kommunene unntatt Vestby har hatt lengre eller kortere erfaring med internasjonale prosjekter."
P_KULTUR = "Kommunale kulturinstitusjoner kan søke om prosjektmidler fra Kreativt Europa."
P_INTERREG = "Interreg dekker halvparten av kostnadene for kommunale prosjekter."
P_OTHER = "Erasmus+ støtter mobilitet i hele utdanningsløpet."

CASES = [
    {"id": "fact-ok", "type": "fact", "turns": ["Hvem tok initiativet til Kyststien?"], "answerable": True,
     "must_mention": [["NAV"]], "evidence": ["initiert av NAV i tidligere Rygge kommune"], "programmes": []},
    {"id": "fact-miss", "type": "fact", "turns": ["Hvilken kommune har ikke hatt prosjekter?"], "answerable": True,
     "must_mention": [["Vestby"]], "evidence": ["Alle kommunene unntatt Vestby har hatt"], "programmes": []},
    {"id": "prog", "type": "programme_match", "turns": ["Kulturskolen vil samarbeide med Spania."],
     "answerable": True, "must_mention": [], "evidence": ["Kommunale kulturinstitusjoner kan søke"],
     "programmes": ["Erasmus+", "Kreativt Europa"]},
    {"id": "follow", "type": "followup", "turns": ["Hva er Interreg?", "Hvor mye dekker det?"], "answerable": True,
     "must_mention": [["halvparten"]], "evidence": ["Interreg dekker halvparten av kostnadene"], "programmes": []},
    {"id": "unans", "type": "unanswerable", "turns": ["Hva koster en ferge til Horten?"], "answerable": False,
     "must_mention": [], "evidence": [], "programmes": []},
    {"id": "unans-2", "type": "unanswerable", "turns": ["Hvem er ordfører i Moss?"], "answerable": False,
     "must_mention": [], "evidence": [], "programmes": []},
]


def _cite(text: str, page: int = 1, section: str = "Avsnitt") -> dict[str, Any]:
    return {"id": f"c{page}", "source": "forstudie", "title": "Forstudie", "page": page, "section": section,
            "text": text, "start": 0, "end": len(text), "quote": text, "score": 0.5, "used": True}


def _answered(sentence: str, passages: list[str], total: float, programmes: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "answer": f"{sentence} [1]",
        "answerable": True,
        "sentences": [{"text": sentence, "citation": 1, "label": None}],
        "citations": [_cite(p, page=i) for i, p in enumerate(passages, start=1)],
        "related": [],
        "programmes": [{"name": n} for n in programmes],
        "timings_ms": {"total": total},
    }


def _declined(total: float) -> dict[str, Any]:
    return {"answer": "Kildene svarer ikke på dette.", "answerable": False, "sentences": [], "citations": [],
            "related": [_cite(P_OTHER, page=9, section="Erasmus+")], "programmes": [], "timings_ms": {"total": total}}


CANNED = {
    "Hvem tok initiativet til Kyststien?": _answered("Kyststien er et Interreg-finansiert prosjekt initiert av NAV",
                                                     [P_NAV, P_OTHER], 100.0),
    # The evidence is the second citation and the answer quotes the first, which does not name Vestby.
    "Hvilken kommune har ikke hatt prosjekter?": _answered("Erasmus+ støtter mobilitet", [P_OTHER, P_VESTBY], 200.0),
    "Kulturskolen vil samarbeide med Spania.": _answered(
        "Kommunale kulturinstitusjoner kan søke om prosjektmidler", [P_KULTUR], 300.0,
        programmes=("Kreativt Europa", "Erasmus+", "Interreg")),
    # Right words, wrong passage: no evidence among the citations and an unsupported sentence.
    "Hvor mye dekker det?": _answered("Interreg dekker halvparten av kostnadene", [P_OTHER], 400.0),
    "Hva koster en ferge til Horten?": _declined(500.0),
    "Hvem er ordfører i Moss?": _answered("Erasmus+ støtter mobilitet", [P_OTHER], 600.0),
}


class CannedAnswer:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def to_dict(self) -> dict[str, Any]:
        return self.data


class CannedAnswerer:
    """Returns a fixed answer per question and records what it was asked."""

    def __init__(self, answers: dict[str, dict[str, Any]], failing: tuple[str, ...] = ()) -> None:
        self.answers = answers
        self.failing = failing
        self.calls: list[tuple[str, list[str]]] = []

    def ask(self, question: str, history: list[str]) -> CannedAnswer:
        self.calls.append((question, history))
        if question in self.failing:
            raise RuntimeError("index missing")
        return CannedAnswer(self.answers[question])


@pytest.fixture
def cases(tmp_path):
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in CASES) + "\n", encoding="utf-8")
    return load_cases(path)


@pytest.fixture
def run(cases):
    return run_eval(CannedAnswerer(CANNED), cases)


# --- running -------------------------------------------------------------------------------------------------


def test_run_eval_asks_the_last_turn_with_the_earlier_turns_as_history(cases):
    answerer = CannedAnswerer(CANNED)
    run_eval(answerer, cases)
    assert answerer.calls[0] == ("Hvem tok initiativet til Kyststien?", [])
    assert answerer.calls[3] == ("Hvor mye dekker det?", ["Hva er Interreg?"])
    assert len(answerer.calls) == len(CASES)


def test_run_eval_records_outputs_checks_and_progress(cases):
    seen: list[tuple[int, int, str]] = []
    run = run_eval(CannedAnswerer(CANNED), cases, progress=lambda done, total, r: seen.append((done, total, r.case.id)))
    assert seen[-1] == (6, 6, "unans-2")
    by_id = {r.case.id: r for r in run.results}
    assert by_id["fact-ok"].checks == {"abstention": True, "evidence_hit_at_5": True, "fact_coverage": True,
                                      "citation_recall": True, "citation_precision": True}
    assert by_id["fact-miss"].metrics.evidence_rank == 2
    assert by_id["fact-miss"].failed == ["fact_coverage"]
    assert by_id["prog"].failed == ["programme_top1"]
    assert by_id["follow"].failed == ["evidence_hit_at_5", "citation_recall", "citation_precision"]
    assert by_id["unans"].checks == {"abstention": True}
    assert by_id["unans-2"].failed == ["abstention"]
    assert by_id["fact-ok"].output == CANNED["Hvem tok initiativet til Kyststien?"]
    assert all(r.wall_ms >= 0 for r in run.results)


def test_summary_overall_has_exact_metrics(run):
    summary = summarise(run)
    overall = summary["overall"]
    assert (overall["cases"], overall["passed"], overall["errors"]) == (6, 2, 0)
    assert overall["metrics"] == {
        "evidence_hit_at_1": 0.5,
        "evidence_hit_at_3": 0.75,
        "evidence_hit_at_5": 0.75,
        "evidence_mrr": 0.625,
        "fact_coverage_fact": 0.6667,
        "fact_coverage_case": 0.6667,
        "programme_top1": 0.0,
        "programme_top3": 1.0,
        "programme_recall_at_3": 1.0,
        "abstention_answerable": 1.0,
        "abstention_unanswerable": 0.5,
        "citation_recall": 0.8,
        "citation_precision": 0.8,
        "latency_p50_ms": 350.0,
        "latency_p95_ms": 575.0,
    }
    assert overall["counts"]["evidence_hit_at_5"] == 4
    assert overall["counts"]["citation_recall"] == 5
    assert overall["counts"]["abstention_unanswerable"] == 2


def test_summary_per_type(run):
    by_type = summarise(run)["by_type"]
    assert list(by_type) == ["fact", "programme_match", "followup", "unanswerable"]
    assert by_type["fact"]["metrics"]["evidence_mrr"] == 0.75
    assert by_type["fact"]["metrics"]["fact_coverage_case"] == 0.5
    assert by_type["fact"]["metrics"]["programme_top1"] is None
    assert by_type["unanswerable"]["metrics"]["abstention_unanswerable"] == 0.5
    assert by_type["unanswerable"]["metrics"]["evidence_hit_at_5"] is None
    assert by_type["followup"]["passed"] == 0


def test_an_answerer_error_is_recorded_and_fails_the_case(cases):
    run = run_eval(CannedAnswerer(CANNED, failing=("Hvem tok initiativet til Kyststien?",)), cases)
    first = run.results[0]
    assert first.error == "RuntimeError: index missing"
    assert first.checks and not any(first.checks.values())
    assert summarise(run)["overall"]["errors"] == 1
    assert len(run.results) == len(CASES)


def test_run_is_json_serialisable(run):
    data = json.loads(run.to_json())
    assert [c["id"] for c in data["cases"]] == [c["id"] for c in CASES]
    assert data["cases"][1]["metrics"]["evidence_rank"] == 2
    assert data["cases"][3]["expected"]["must_mention"] == [["halvparten"]]
    json.dumps(summarise(run))


def test_failing_cases_say_what_failed_and_what_came_back(run):
    failing = {c["id"]: c for c in failing_cases(run)}
    assert sorted(failing) == ["fact-miss", "follow", "prog", "unans-2"]
    miss = failing["fact-miss"]
    assert miss["failed"] == ["fact_coverage"]
    assert miss["expected"]["must_mention"] == [["Vestby"]]
    assert miss["got"]["answer"] == "Erasmus+ støtter mobilitet [1]"
    assert miss["got"]["citations"] == [{"source": "forstudie", "page": 1, "section": "Avsnitt"},
                                        {"source": "forstudie", "page": 2, "section": "Avsnitt"}]
    assert failing["prog"]["got"]["programmes"] == ["Kreativt Europa", "Erasmus+", "Interreg"]


# --- floors --------------------------------------------------------------------------------------------------


def test_check_floors_reports_a_metric_below_its_floor(run):
    violations = check_floors(summarise(run), {"citation_recall": 0.85, "abstention_answerable": 1.0})
    assert violations == ["citation_recall: 0.8000 is below the floor 0.8500"]


def test_check_floors_passes_when_every_metric_is_at_or_above(run):
    assert check_floors(summarise(run), {"citation_recall": 0.75, "abstention_answerable": 1.0}) == []


def test_check_floors_reports_a_floored_metric_that_was_not_measured():
    summary = {"overall": {"metrics": {"programme_top1": None}}}
    assert check_floors(summary, {"programme_top1": 0.5}) == [
        "programme_top1: not measured in this run (no case measures it); floor 0.5000"
    ]


def test_the_projects_floors_file_loads():
    floors = load_floors(ROOT / "eval" / "floors.toml")
    assert set(floors) <= set(RATE_METRICS)
    assert {"evidence_hit_at_5", "citation_recall", "citation_precision", "programme_top1"} <= set(floors)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("citation_recal = 0.5\n", "unknown floor(s): citation_recal"),
        ("citation_recall = 1.5\n", "floor citation_recall must be a number from 0 to 1"),
        ("citation_recall = true\n", "floor citation_recall must be a number from 0 to 1"),
        ("citation_recall = \n", "not valid TOML"),
    ],
)
def test_load_floors_rejects_bad_files(tmp_path, text, message):
    path = tmp_path / "floors.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(message)):
        load_floors(path)


# --- report --------------------------------------------------------------------------------------------------


def test_write_report_writes_results_markdown_and_plots(run, tmp_path):
    summary = summarise(run)
    report = write_report(run, summary, tmp_path / "out", floors={"citation_recall": 0.85})
    out = tmp_path / "out"
    assert report == out / "report.md"
    results = load_results(out / "results.json")
    assert results["summary"] == json.loads(json.dumps(summary))
    assert len(results["cases"]) == len(CASES)
    text = report.read_text(encoding="utf-8")
    for name in RATE_METRICS + LATENCY_METRICS:
        assert f"| {name} |" in text
    for png in PLOTS.values():
        assert (out / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert f"]({png})" in text
    assert "## Failing cases (4)" in text
    assert "### `fact-miss` (fact) — failed: fact_coverage" in text
    assert "- citation_recall: 0.8000 is below the floor 0.8500" in text
    assert "Compared with the previous run" not in text
    assert not (out / "previous.json").exists()


def test_a_second_report_compares_with_the_results_it_replaces(cases, run, tmp_path):
    out = tmp_path / "out"
    write_report(run, summarise(run), out)
    first = (out / "results.json").read_text(encoding="utf-8")
    worse = dict(CANNED)
    worse["Hvem tok initiativet til Kyststien?"] = _answered("Erasmus+ støtter mobilitet", [P_OTHER], 100.0)
    later = run_eval(CannedAnswerer(worse), cases)
    text = write_report(later, summarise(later), out).read_text(encoding="utf-8")
    assert (out / "previous.json").read_text(encoding="utf-8") == first
    assert "## Compared with the previous run" in text
    assert "| evidence_hit_at_5 | 0.750 | 0.500 | -0.250 |" in text
    assert "### Regressed cases (1)" in text
    regressed = "- `fact-ok` (fact): now fails evidence_hit_at_5, fact_coverage — Hvem tok initiativet til Kyststien?"
    assert regressed in text


def test_regressions_lists_checks_passed_before_and_failed_now(cases, run):
    worse = dict(CANNED)
    worse["Hva koster en ferge til Horten?"] = _answered("Erasmus+ støtter mobilitet", [P_OTHER], 500.0)
    later = run_eval(CannedAnswerer(worse), cases)
    before = {"cases": [r.to_dict() for r in run.results]}
    now = {"cases": [r.to_dict() for r in later.results]}
    assert regressions(before, now) == [
        {"id": "unans", "type": "unanswerable", "question": "Hva koster en ferge til Horten?", "checks": ["abstention"]}
    ]
    assert regressions(now, before) == []


def test_write_report_uses_an_explicit_previous_run(run, tmp_path):
    summary = summarise(run)
    previous = json.loads(json.dumps({"started": "2026-01-01T00:00:00+00:00", "summary": summary,
                                      "cases": [r.to_dict() for r in run.results]}))
    previous["summary"]["overall"]["metrics"]["citation_recall"] = 0.9
    text = write_report(run, summary, tmp_path / "out", previous=previous).read_text(encoding="utf-8")
    assert "## Compared with the previous run (2026-01-01T00:00:00+00:00)" in text
    assert "| citation_recall | 0.900 | 0.800 | -0.100 |" in text
    assert "No case fails a check it passed before." in text


def test_a_declined_answerable_case_shows_where_its_evidence_was_among_the_related(cases, tmp_path):
    declined = dict(CANNED)
    declined["Hvem tok initiativet til Kyststien?"] = {**_declined(100.0), "related": [_cite(P_OTHER), _cite(P_NAV)]}
    run = run_eval(CannedAnswerer(declined), cases)
    assert (run.results[0].metrics.evidence_rank, run.results[0].metrics.related_rank) == (None, 2)
    assert run.results[0].failed == ["abstention", "evidence_hit_at_5", "fact_coverage"]
    text = write_report(run, summarise(run), tmp_path / "out").read_text(encoding="utf-8")
    assert "- **Evidence rank:** not among the citations (related passage 2)" in text
    assert "- **Got (declined):** Kildene svarer ikke på dette." in text
    assert "- **Related:** [1] Avsnitt, p. 1; [2] Avsnitt, p. 1" in text
