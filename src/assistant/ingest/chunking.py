"""Chunking: each section span of a page is split with langchain-text-splitters, never across sections."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.ingest.structure import Span
from assistant.records import Chunk, Heading, Page, chunk_id
from assistant.sentences import ABBREVIATIONS, Sentence, split_sentences

# Norwegian-aware separators, strongest first: blank-line runs (paragraph breaks in the PDF text),
# then sentence ends before a capital letter, quote or bullet (so "bl.a. resulterte" and "p.t.
# ikke" stay whole), then line breaks, then words.
# Not after an abbreviation ("Finess-Smart-Rådgivning AS v/siv.ing. Ole Petter Finess har vært
# prosjektleder") or an initial: those dots end no sentence (`sentences.ABBREVIATIONS`).
_NOT_AFTER_ABBREVIATION = "".join(f"(?<!{re.escape(a)}\\.)" for a in sorted(ABBREVIATIONS)) + r"(?<!\b[A-ZÆØÅ]\.)"
SEPARATORS = (
    r"\n\s*\n\s*\n",
    _NOT_AFTER_ABBREVIATION + r"(?<=[.!?»])\s+(?=[A-ZÆØÅ«•\-])",
    r"\n",
    r"\s+",
    "",
)


@dataclass(frozen=True)
class ChunkParams:
    """Chunk size and overlap in characters, chosen by measurement on eval/questions.jsonl.

    size/overlap -> evidence hit@5, cases with every required fact (2026-11-27, same pipeline):
        400/80 0.832 0.716    550/100 0.874 0.743    700/50 0.916 0.770    700/100 0.905 0.784
        700/150 0.895 0.757   800/100 0.926 0.743    900/150 0.916 0.743   1200/200 0.937 0.743
    Larger chunks contain more evidence (hit@5 rises) but are less precise citations and give the
    answer composer fewer, broader candidates, so fact coverage peaks at 700/100. The contextual
    header (section path) carries each chunk's context into its embedding.
    """

    size: int = 700
    overlap: int = 100
    # A piece shorter than this (a heading line before a long paragraph) joins the next piece.
    min_chars: int = 80
    # The end of the passage before (in the same section), this long at most, is embedded and
    # indexed with a passage; 0 turns it off. Evidence hit@5 on questions / holdout / holdout-2 /
    # holdout-3 (2026-11-27): 0: 0.937 0.953 0.962 0.926; 100: 0.926 0.953 0.981 0.963;
    # 150: 0.937 0.953 1.000 0.963; 200: 0.926 0.938 0.981 0.963; 300: 0.926 0.938 0.962 0.963.
    context_chars: int = 150


def _splitter(params: ChunkParams) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        separators=list(SEPARATORS),
        is_separator_regex=True,
        keep_separator="end",
        chunk_size=params.size,
        chunk_overlap=params.overlap,
        add_start_index=True,
        strip_whitespace=True,
    )


def _piece_offsets(splitter: RecursiveCharacterTextSplitter, page_text: str, span: Span, min_chars: int) -> list[tuple[int, int]]:
    """Page offsets of the splitter's pieces of one span, tiny pieces merged into their successor."""
    piece = page_text[span.start : span.end]
    offsets = []
    for doc in splitter.create_documents([piece]):
        local = doc.metadata["start_index"]
        if local < 0:  # the splitter could not place the chunk; find it ourselves
            local = piece.find(doc.page_content)
        start = span.start + local
        offsets.append((start, start + len(doc.page_content)))
    merged: list[tuple[int, int]] = []
    pending: int | None = None
    for start, end in offsets:
        if pending is not None:
            start, pending = min(pending, start), None
        if end - start < min_chars and (start, end) != offsets[-1]:
            pending = start
            continue
        if end - start < min_chars and merged:
            # A tiny last piece ("Moss 07.09.21" under a foreword) ends the piece before it.
            merged[-1] = (merged[-1][0], end)
            continue
        merged.append((start, end))
    return merged


def embed_text(section: tuple[str, ...], text: str, title: str, context: str = "") -> str:
    """What is embedded and indexed for BM25: document title and section path in front of the
    passage (contextual header), and `context`, the end of the passage before it in the section."""
    header = " > ".join((title,) + section)
    body = " ".join(text.split())
    return f"{header}\n{context} {body}" if context else f"{header}\n{body}"


def last_sentence(text: str, max_chars: int) -> str:
    """The last sentence of `text` (whitespace collapsed), cut to its last `max_chars` at a word."""
    sentences = split_sentences(text)
    tail = sentences[-1].text if sentences else ""
    if len(tail) > max_chars:
        tail = tail[-max_chars:]
        tail = tail[tail.find(" ") + 1 :] if " " in tail else tail
    return tail


def chunk_spans(
    source_id: str,
    title: str,
    pages: tuple[Page, ...],
    spans: list[Span],
    params: ChunkParams = ChunkParams(),
) -> list[Chunk]:
    """Chunks of every span; `text` is exactly page.text[start:end]."""
    splitter = _splitter(params)
    by_number = {page.number: page for page in pages}
    chunks: list[Chunk] = []
    seen: set[str] = set()
    for span in spans:
        page_text = by_number[span.page].text
        for start, end in _piece_offsets(splitter, page_text, span, params.min_chars):
            text = page_text[start:end]
            if span.section and " ".join(text.split()) == span.section[-1]:
                continue  # a heading with nothing under it on this page: the path already says it
            cid = chunk_id(source_id, span.page, span.section, text)
            if cid in seen:
                continue
            seen.add(cid)
            chunks.append(
                Chunk(
                    id=cid,
                    source_id=source_id,
                    page=span.page,
                    section=span.section,
                    start=start,
                    end=end,
                    text=text,
                    embed_text=embed_text(span.section, text, title),
                )
            )
    if params.context_chars:
        # A passage that starts mid-argument ("En løsning ... dette arbeidet", "Gjennom dette
        # EU-prosjektet") is found by what the passage before it in its section ends with.
        for i in range(1, len(chunks)):
            prev, chunk = chunks[i - 1], chunks[i]
            if prev.section == chunk.section:
                context = last_sentence(prev.text, params.context_chars)
                chunks[i] = replace(chunk, embed_text=embed_text(chunk.section, chunk.text, title, context))
    return chunks


def heading_line_ends(page_text: str, headings: tuple[Heading, ...]) -> list[int]:
    """Page offsets where heading lines end (a capital heading may wrap onto a second line)."""
    ends = []
    for heading in headings:
        end = page_text.find("\n", heading.offset)
        end = len(page_text) if end < 0 else end
        while len(" ".join(page_text[heading.offset : end].split())) < len(heading.title):
            nxt = page_text.find("\n", end + 1)
            if nxt < 0:
                end = len(page_text)
                break
            end = nxt
        ends.append(end)
    return ends


def chunk_sentences(chunk: Chunk, heading_ends: list[int]) -> list[Sentence]:
    """The sentences of a chunk, offsets in chunk.text; a heading line is never glued to its paragraph."""
    local = tuple(end - chunk.start for end in heading_ends if chunk.start < end < chunk.end)
    return split_sentences(chunk.text, hard_breaks=local)


def sentence_embed_text(chunk: Chunk, sentence: str) -> str:
    """What a sentence is embedded as: its section's title in front, as a chunk has its path."""
    text = " ".join(sentence.split())
    leaf = chunk.section[-1] if chunk.section else ""
    return f"{leaf}: {text}" if leaf else text
