"""The quality floors: the project's evaluation set and the fourteen held-out sets through the real
assistant, checked against eval/floors.toml and eval/floors-holdout*.toml. `make test` builds the
index first, so this runs on every CI run. (eval/blind.jsonl, eval/blind-3.jsonl, eval/blind-6.jsonl and
eval/blind-17.jsonl are never run here: see eval/README.md.)"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest

from assistant.evaluation.dataset import load_cases
from assistant.evaluation.runner import check_floors, load_floors, run_eval, summarise
from assistant.service import Assistant
from assistant.settings import load_settings, project_root

pytestmark = pytest.mark.integration

CASES = project_root() / "eval" / "questions.jsonl"
FLOORS = project_root() / "eval" / "floors.toml"
HELD_OUT = [
    (project_root() / "eval" / f"{name}.jsonl", project_root() / "eval" / f"floors-{name}.toml")
    for name in ("holdout", "holdout-2", "holdout-3", "holdout-4", "holdout-5", "holdout-6", "holdout-7", "holdout-8", "holdout-9", "holdout-10", "holdout-11", "holdout-12", "holdout-13", "holdout-14", "holdout-15", "holdout-16", "holdout-17", "holdout-18", "holdout-19", "holdout-20", "holdout-21", "holdout-22", "holdout-23", "holdout-24", "holdout-25", "holdout-26", "holdout-27")
]


@pytest.fixture(scope="module")
def assistant():
    a = Assistant.load(load_settings())
    a.warm_up()
    return a


@pytest.fixture(scope="module")
def cases():
    return load_cases(CASES)


def test_the_project_set_meets_every_floor(assistant, cases):
    summary = summarise(run_eval(assistant, cases))
    assert check_floors(summary, load_floors(FLOORS)) == []


@pytest.mark.parametrize("cases_file, floors_file", HELD_OUT, ids=[c.stem for c, _ in HELD_OUT])
def test_a_held_out_set_meets_every_floor(assistant, cases_file, floors_file):
    summary = summarise(run_eval(assistant, load_cases(cases_file)))
    assert check_floors(summary, load_floors(floors_file)) == []


class Degraded:
    """The real assistant with its answers spoiled the way regressions spoil them: citations
    shuffled away from the evidence and every unanswerable question answered anyway."""

    def __init__(self, inner):
        self.inner = inner

    def ask(self, question, history=None):
        answer = self.inner.ask(question, history=history)
        return dataclasses.replace(answer, citations=tuple(reversed(answer.citations))[:1], answerable=True, programmes=())


def test_a_degraded_answerer_falls_below_the_floors(assistant, cases):
    summary = summarise(run_eval(Degraded(assistant), cases))
    violations = check_floors(summary, load_floors(FLOORS))
    failed = {line.split(":")[0] for line in violations}
    assert {"evidence_hit_at_5", "abstention_unanswerable", "programme_top1"} <= failed


def test_the_cli_check_exits_non_zero_below_a_floor(tmp_path):
    strict = tmp_path / "floors.toml"
    strict.write_text("citation_recall = 1.0\nevidence_hit_at_5 = 1.0\n")
    done = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "eval", "--check-floors", "--floors", str(strict), "--json"],
        capture_output=True, text=True,
    )
    assert done.returncode == 1
    assert "evidence_hit_at_5" in done.stderr and "citation_recall" not in done.stderr
    assert json.loads(done.stdout)["summary"]["overall"]["cases"] >= 80
