"""The data that flows through the pipeline: frozen dataclasses, changed with dataclasses.replace.

source file -> Extracted (pages) -> SourceDoc -> Chunk -> Hit -> Citation/Answer -> ProgrammeMatch
Citation data (source, page, section, character offsets) is born at ingest and travels unchanged.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

SourceKind = Literal["report", "appendix", "programme_page", "other"]
SOURCE_KINDS: tuple[str, ...] = ("report", "appendix", "programme_page", "other")


@dataclass(frozen=True)
class Heading:
    """A heading found in a page's text: where its line starts, its depth (1 = top) and its words."""

    offset: int
    level: int
    title: str


@dataclass(frozen=True)
class Page:
    """One page of a source. `number` is the source's own page number (printed number where known)."""

    number: int
    text: str
    links: tuple[str, ...] = ()
    headings: tuple[Heading, ...] = ()


@dataclass(frozen=True)
class Extracted:
    """What a format extractor returns for one file."""

    pages: tuple[Page, ...]
    title: str | None = None
    url: str | None = None
    # True when the extractor already knows the headings (HTML h1-h3), so no heuristics are applied.
    has_structure: bool = False


@dataclass(frozen=True)
class SourceMeta:
    """A source as the manifest describes it (or as inferred for a file without an entry)."""

    id: str
    path: str
    title: str
    kind: str
    publisher: str | None = None
    date: str | None = None
    language: str = "nb"
    url: str | None = None
    format: str | None = None


@dataclass(frozen=True)
class SourceDoc:
    meta: SourceMeta
    sha256: str
    pages: tuple[Page, ...]


@dataclass(frozen=True)
class Chunk:
    """A passage to retrieve and cite. `text` is the source's own words: page.text[start:end]."""

    id: str
    source_id: str
    page: int
    section: tuple[str, ...]
    start: int
    end: int
    text: str
    # What is embedded and indexed: the section path in front of the text (contextual header).
    embed_text: str

    @property
    def section_path(self) -> str:
        return " > ".join(self.section)


def chunk_id(source_id: str, page: int, section: tuple[str, ...], text: str) -> str:
    """Content hash: the same text at the same place gets the same id on every ingest."""
    key = "\x1f".join([source_id, str(page), " > ".join(section), text])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Hit:
    """A chunk found by a retriever, with its score and rank there (1-based)."""

    chunk: Chunk
    score: float
    rank: int
    retriever: str
    details: dict[str, float] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Citation:
    """A passage an answer rests on. `text` is the chunk's own text; text[start:end] is the quote."""

    id: str
    source: str
    title: str
    page: int
    section: str
    text: str
    start: int
    end: int
    score: float
    date: str | None = None
    url: str | None = None
    used: bool = True

    @property
    def quote(self) -> str:
        return self.text[self.start : self.end]

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "page": self.page,
            "section": self.section,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "score": round(self.score, 4),
            "date": self.date,
            "url": self.url,
            "used": self.used,
        }


@dataclass(frozen=True)
class AnswerSentence:
    """One sentence of an answer: a quote of citation `citation` (1-based), maybe labelled."""

    text: str
    citation: int
    label: str | None = None

    def render(self) -> str:
        body = f"{self.label} – {self.text}" if self.label else self.text
        return f"{body} [{self.citation}]"


@dataclass(frozen=True)
class Answer:
    """What `Assistant.ask` returns; `to_dict()` is the stable shape scripts depend on."""

    question: str
    query: str
    answerable: bool
    sentences: tuple[AnswerSentence, ...]
    citations: tuple[Citation, ...]
    related: tuple[Citation, ...] = ()
    programmes: tuple[dict, ...] = ()
    notice: str | None = None
    carried: dict[str, list[str]] = field(default_factory=dict)
    abstain_reason: str | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
    index_version: str | None = None

    @property
    def text(self) -> str:
        if not self.answerable:
            return NOT_ANSWERABLE
        return " ".join(s.render() for s in self.sentences)

    def to_dict(self) -> dict[str, object]:
        return {
            "question": self.question,
            "query": self.query,
            "answer": self.text,
            "answerable": self.answerable,
            "sentences": [{"text": s.text, "citation": s.citation, "label": s.label} for s in self.sentences],
            "citations": [c.to_dict() for c in self.citations],
            "related": [c.to_dict() for c in self.related],
            "programmes": list(self.programmes),
            "notice": self.notice,
            "carried": self.carried,
            "abstain_reason": self.abstain_reason,
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
            "index_version": self.index_version,
        }


NOT_ANSWERABLE = "Kildene svarer ikke på dette. Se gjerne de nærmeste avsnittene under «Relatert»."
