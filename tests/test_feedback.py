"""The feedback store: schema version, one row per answer, CSV export."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3

import pytest

from assistant.feedback import CSV_COLUMNS, SCHEMA_VERSION, FeedbackError, FeedbackStore, default_db_path, export_csv

pytestmark = pytest.mark.unit

CITATION = {"id": "c1", "source": "forstudie-2021", "page": 11, "quote": "50 % dekning av prosjektkostnader", "date": "2021-09-07"}


def _add(store: FeedbackStore, **overrides) -> int:
    fields = {
        "question": "Hvem kan gi veiledning om det?",
        "history": ["Hvor mye dekker Interreg av prosjektkostnadene?"],
        "answer": "Veiledende instans: Viken fylkeskommune [1]",
        "citations": [CITATION],
        "verdict": "down",
        "comment": None,
        "index_version": "20260101T000000-abcdef12",
    }
    return store.add(**{**fields, **overrides})


def test_store_creates_the_schema_with_its_version(tmp_path):
    path = tmp_path / "var" / "feedback.sqlite3"
    _add(FeedbackStore(path))
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        columns = [r[1] for r in conn.execute("PRAGMA table_info(feedback)")]
    assert columns == [
        "id", "created_at", "updated_at", "question", "history", "answer", "citations", "verdict", "comment", "index_version",
    ]


def test_row_keeps_question_history_answer_citations_and_utc_time(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite3")
    row_id = _add(store, comment="  Nevner ikke Interreg.  ")
    row = store.get(row_id)
    assert row is not None
    assert row.question == "Hvem kan gi veiledning om det?"
    assert row.history == ["Hvor mye dekker Interreg av prosjektkostnadene?"]
    assert row.citations == [CITATION]
    assert (row.verdict, row.comment, row.index_version) == ("down", "Nevner ikke Interreg.", "20260101T000000-abcdef12")
    created = dt.datetime.fromisoformat(row.created_at)
    assert created.utcoffset() == dt.timedelta(0)
    assert abs((dt.datetime.now(dt.timezone.utc) - created).total_seconds()) < 60


def test_thumb_and_comment_update_the_same_row(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite3")
    row_id = _add(store, verdict="up")
    store.set_verdict(row_id, "down")
    store.set_comment(row_id, "Feil program.")
    store.set_verdict(row_id, None)
    rows = store.rows()
    assert len(rows) == 1
    assert (rows[0].verdict, rows[0].comment) == (None, "Feil program.")
    store.set_comment(row_id, "   ")
    assert store.get(row_id).comment is None


def test_unknown_verdict_is_refused(tmp_path):
    with pytest.raises(ValueError, match="verdict"):
        _add(FeedbackStore(tmp_path / "f.sqlite3"), verdict="meh")


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "f.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(FeedbackError, match="schema version"):
        FeedbackStore(path).rows()


def test_export_csv_writes_every_row_and_defuses_formulas(tmp_path):
    db = tmp_path / "f.sqlite3"
    store = FeedbackStore(db)
    _add(store, comment="Bra svar, æøå.")
    _add(store, question="=HYPERLINK(\"http://x\")", verdict="up", comment="+1")
    out = tmp_path / "export" / "feedback.csv"
    assert export_csv(db, out) == 2
    text = out.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(text.splitlines()))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["verdict"] for r in rows] == ["down", "up"]
    assert rows[0]["comment"] == "Bra svar, æøå."
    assert json.loads(rows[0]["history"]) == ["Hvor mye dekker Interreg av prosjektkostnadene?"]
    assert json.loads(rows[0]["citations"]) == [CITATION]
    assert rows[1]["question"].startswith("'=") and rows[1]["comment"] == "'+1"


def test_export_without_database_is_an_error(tmp_path):
    with pytest.raises(FeedbackError, match="no feedback database"):
        export_csv(tmp_path / "missing.sqlite3", tmp_path / "out.csv")


def test_default_path_is_outside_the_index(tmp_path):
    path = default_db_path(tmp_path / "index")
    assert path == (tmp_path / "var" / "feedback.sqlite3").resolve()
    assert (tmp_path / "index").resolve() not in path.parents
