"""Chunking: each section span of a page is split with langchain-text-splitters, never across sections."""

from __future__ import annotations

from dataclasses import dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.ingest.structure import Span
from assistant.records import Chunk, Page, chunk_id

# Norwegian-aware separators, strongest first: blank-line runs (paragraph breaks in the PDF text),
# then sentence ends before a capital letter, quote or bullet (so "bl.a. resulterte" and "p.t.
# ikke" stay whole), then line breaks, then words.
SEPARATORS = (
    r"\n\s*\n\s*\n",
    r"(?<=[.!?»])\s+(?=[A-ZÆØÅ«•\-])",
    r"\n",
    r"\s+",
    "",
)


@dataclass(frozen=True)
class ChunkParams:
    """Chunk size and overlap in characters.

    Measured on eval/questions.jsonl (`assistant eval`): see the README's chunking table. Smaller
    chunks raise evidence precision but cut programme sections into pieces that lose their context;
    the contextual header (section path) carries that context into each embedding.
    """

    size: int = 700
    overlap: int = 100


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


def embed_text(section: tuple[str, ...], text: str, title: str) -> str:
    """What is embedded: document title and section path in front of the passage (contextual header)."""
    header = " > ".join((title,) + section)
    return f"{header}\n{' '.join(text.split())}"


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
        piece = page_text[span.start : span.end]
        for doc in splitter.create_documents([piece]):
            local = doc.metadata["start_index"]
            if local < 0:  # the splitter could not place the chunk; find it ourselves
                local = piece.find(doc.page_content)
            start = span.start + local
            end = start + len(doc.page_content)
            text = page_text[start:end]
            assert text == doc.page_content, "chunk offsets must point at the source text"
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
    return chunks
