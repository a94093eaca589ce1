"""Feedback on answers: a small SQLite store beside (never inside) the index, and a CSV export.

One row per answer that got feedback: the question, the earlier questions of the conversation,
the answer and its citations as shown, the verdict (thumbs up or down), an optional comment, when
(UTC) and which index build answered. A later thumb or comment on the same answer updates its row.
The schema version is SQLite's `PRAGMA user_version`; a newer database than this code is refused.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from assistant.errors import AssistantError

SCHEMA_VERSION = 1
Verdict = Literal["up", "down"]
VERDICTS: tuple[str, ...] = ("up", "down")
MAX_COMMENT_CHARS = 4000
CSV_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "verdict",
    "comment",
    "question",
    "history",
    "answer",
    "citations",
    "index_version",
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    question      TEXT NOT NULL,
    history       TEXT NOT NULL,
    answer        TEXT NOT NULL,
    citations     TEXT NOT NULL,
    verdict       TEXT CHECK (verdict IN ('up', 'down')),
    comment       TEXT,
    index_version TEXT
);
CREATE INDEX IF NOT EXISTS feedback_created ON feedback (created_at);
"""


class FeedbackError(AssistantError):
    """The feedback database cannot be used (e.g. written by a newer version)."""


@dataclass(frozen=True)
class FeedbackRow:
    """A stored feedback row; `history` and `citations` decoded from JSON."""

    id: int
    created_at: str
    updated_at: str
    question: str
    history: list[str]
    answer: str
    citations: list[dict[str, Any]]
    verdict: Verdict | None
    comment: str | None
    index_version: str | None


def utc_now() -> str:
    """The current time in UTC, ISO 8601 to the second."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _check_verdict(verdict: str | None) -> None:
    if verdict is not None and verdict not in VERDICTS:
        raise ValueError(f"verdict must be one of {VERDICTS} or None, not {verdict!r}")


def _clean_comment(comment: str | None) -> str | None:
    if comment is None:
        return None
    text = comment.strip()
    return text[:MAX_COMMENT_CHARS] or None


class FeedbackStore:
    """The feedback database at `path`, created (with its folder) on first use.

    Every call opens its own connection, so Gradio's worker threads can share one store.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._ready = False

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        if not self._ready:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=10)) as conn:
            conn.row_factory = sqlite3.Row
            if not self._ready:
                _migrate(conn, self.path)
                self._ready = True
            with conn:  # one transaction per call
                yield conn

    def add(
        self,
        *,
        question: str,
        history: Sequence[str],
        answer: str,
        citations: Sequence[dict[str, Any]],
        verdict: Verdict | None = None,
        comment: str | None = None,
        index_version: str | None = None,
    ) -> int:
        """Store feedback on one answer; returns the row id."""
        _check_verdict(verdict)
        now = utc_now()
        with self._connect() as conn:
            cur = conn.execute(
                "INSERT INTO feedback (created_at, updated_at, question, history, answer, citations, verdict, comment, index_version)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    now,
                    now,
                    question,
                    json.dumps(list(history), ensure_ascii=False),
                    answer,
                    json.dumps(list(citations), ensure_ascii=False),
                    verdict,
                    _clean_comment(comment),
                    index_version,
                ),
            )
            return int(cur.lastrowid or 0)

    def set_verdict(self, row_id: int, verdict: Verdict | None) -> None:
        """Change (or, with None, withdraw) the thumb of row `row_id`."""
        _check_verdict(verdict)
        with self._connect() as conn:
            conn.execute("UPDATE feedback SET verdict = ?, updated_at = ? WHERE id = ?", (verdict, utc_now(), row_id))

    def set_comment(self, row_id: int, comment: str | None) -> None:
        """Set the comment of row `row_id` (blank removes it)."""
        with self._connect() as conn:
            conn.execute("UPDATE feedback SET comment = ?, updated_at = ? WHERE id = ?", (_clean_comment(comment), utc_now(), row_id))

    def rows(self) -> list[FeedbackRow]:
        """Every row, oldest first."""
        with self._connect() as conn:
            return [_row(r) for r in conn.execute("SELECT * FROM feedback ORDER BY id")]

    def get(self, row_id: int) -> FeedbackRow | None:
        """One row by id, or None."""
        with self._connect() as conn:
            found = conn.execute("SELECT * FROM feedback WHERE id = ?", (row_id,)).fetchone()
            return _row(found) if found else None


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise FeedbackError(f"feedback database {path} has schema version {version}; this version knows {SCHEMA_VERSION}")
    if version < SCHEMA_VERSION:
        with conn:
            conn.executescript(_SCHEMA)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _row(r: sqlite3.Row) -> FeedbackRow:
    return FeedbackRow(
        id=r["id"],
        created_at=r["created_at"],
        updated_at=r["updated_at"],
        question=r["question"],
        history=json.loads(r["history"]),
        answer=r["answer"],
        citations=json.loads(r["citations"]),
        verdict=r["verdict"],
        comment=r["comment"],
        index_version=r["index_version"],
    )


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (text starting with = + - @ is quoted)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_csv(db_path: Path, out_path: Path) -> int:
    """Write every feedback row of `db_path` to `out_path` as UTF-8 CSV (with BOM, for Excel); returns the row count.

    history and citations stay JSON in their cells. Example: `assistant feedback export feedback.csv`.
    """
    db_path = Path(db_path)
    if not db_path.is_file():
        raise FeedbackError(f"no feedback database at {db_path}")
    rows = FeedbackStore(db_path).rows()
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with out_path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        for row in rows:
            writer.writerow(
                [
                    row.id,
                    row.created_at,
                    row.updated_at,
                    row.verdict or "",
                    _cell(row.comment),
                    _cell(row.question),
                    json.dumps(row.history, ensure_ascii=False),
                    _cell(row.answer),
                    json.dumps(row.citations, ensure_ascii=False),
                    row.index_version or "",
                ]
            )
    return len(rows)


def default_db_path(index_dir: Path) -> Path:
    """Where feedback lives by default: var/feedback.sqlite3 beside index/ (refreshes replace index/ contents)."""
    return Path(index_dir).resolve().parent / "var" / "feedback.sqlite3"
