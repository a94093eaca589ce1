"""`assistant ingest`: an incremental, atomic refresh of the index from the corpus.

Unchanged sources reuse their chunks and embeddings; changed ones are re-extracted and re-chunked
(embeddings reused for passages whose text did not change); removed ones leave the index. A bad
file is reported and skipped, and a source that was indexed before keeps its last good version.
The new build is written beside the old one and made current only when complete and verified.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import shutil
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from assistant.embed import Embedder
from assistant.errors import ExtractionError, IngestError
from assistant.index import store
from assistant.ingest.chunking import (
    SEPARATORS,
    ChunkParams,
    chunk_sentences,
    chunk_spans,
    heading_line_ends,
    sentence_embed_text,
)
from assistant.ingest.formats import check_size, extract_file
from assistant.ingest.pagebreaks import join_broken_sentences
from assistant.ingest.sources import CorpusSource, discover_sources
from assistant.ingest.structure import StructureRules, detect_headings, load_rules, section_spans
from assistant.records import Chunk, SourceDoc, SourceMeta

# Bumped when extraction, structure, chunking, sentence splitting or tokenizing changes what a
# source yields.
PIPELINE_VERSION = 8
KEEP_BUILDS = 2


@dataclass
class Skipped:
    source_id: str
    path: str
    reason: str
    kept_previous: bool = False


@dataclass
class RefreshReport:
    """What a refresh did, for the terminal and the secretariat's page."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    not_saved: list[str] = field(default_factory=list)
    fetched: list[str] = field(default_factory=list)
    fetch_failed: list[str] = field(default_factory=list)
    chunks_total: int = 0
    chunks_embedded: int = 0
    chunks_reused: int = 0
    build_id: str | None = None
    seconds: float = 0.0

    @property
    def changed_anything(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[str]:
        """The report in Norwegian, a line per fact."""
        out = []
        if not self.changed_anything and self.build_id is None:
            out.append(f"Ingen endringer: indeksen er oppdatert ({len(self.unchanged)} kilder).")
        else:
            out.append(
                f"Ny indeks {self.build_id}: {len(self.added)} lagt til, {len(self.changed)} endret, "
                f"{len(self.removed)} fjernet, {len(self.unchanged)} uendret."
            )
            for label, ids in (("Lagt til", self.added), ("Endret", self.changed), ("Fjernet", self.removed)):
                if ids:
                    out.append(f"  {label}: {', '.join(ids)}")
            out.append(
                f"  Tekstbiter: {self.chunks_total} i alt, {self.chunks_embedded} nye innebygd, "
                f"{self.chunks_reused} gjenbrukt."
            )
        for item in self.skipped:
            kept = " (forrige versjon beholdes i indeksen)" if item.kept_previous else ""
            out.append(f"Hoppet over {item.path}: {item.reason}{kept}")
        for url in self.fetched:
            out.append(f"Hentet: {url}")
        for msg in self.fetch_failed:
            out.append(f"Kunne ikke hente {msg}; beholder sist lagrede kopi")
        if self.not_saved:
            out.append(
                f"Ikke lagret ennå ({len(self.not_saved)}): {', '.join(self.not_saved)}"
                " - kjør `assistant ingest --fetch` der nettet tillater det."
            )
        out.append(f"Tid: {self.seconds:.1f} s")
        return out


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pipeline_key(params: ChunkParams, rules: StructureRules, extra_key: str = "") -> str:
    """Everything besides a source's bytes that decides the build (chunks, and `extra_key`:
    e.g. the hash of the matching rules, which decide the programme records)."""
    blob = json.dumps(
        {"version": PIPELINE_VERSION, "chunk": asdict(params), "rules": asdict(rules), "separators": SEPARATORS, "extra": extra_key},
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


@contextmanager
def refresh_lock(index_dir: Path) -> Iterator[None]:
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / ".lock").open("w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IngestError("another refresh is running on this index; try again when it has finished") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _meta_dict(meta: SourceMeta) -> dict[str, Any]:
    return asdict(meta)


def load_document(source: CorpusSource, rules: StructureRules) -> SourceDoc:
    """Extract one source and give its pages their headings."""
    extracted = extract_file(source.file, source.meta.format)
    pages = extracted.pages if extracted.has_structure else detect_headings(extracted.pages, rules)
    pages = join_broken_sentences(pages)
    meta = source.meta
    if not source.listed and extracted.title:
        meta = SourceMeta(**{**asdict(meta), "title": extracted.title})
    if extracted.url and not meta.url:
        meta = SourceMeta(**{**asdict(meta), "url": extracted.url})
    return SourceDoc(meta=meta, sha256="", pages=pages)


def chunk_document(doc: SourceDoc, params: ChunkParams) -> list[Chunk]:
    root = (doc.meta.title,) if doc.meta.kind == "appendix" else ()
    spans = section_spans(doc.pages, root=root)
    return chunk_spans(doc.meta.id, doc.meta.title, doc.pages, spans, params)


ProgressFn = Callable[[str], None]


def refresh(
    corpus_dir: Path,
    index_dir: Path,
    embedder_factory: Callable[[], Embedder],
    model_id: str,
    *,
    params: ChunkParams = ChunkParams(),
    rules_file: Path | None = None,
    max_bytes: int = 50 * 1024 * 1024,
    batch_size: int = 32,
    progress: ProgressFn = lambda msg: None,
    show_progress_bar: bool = False,
    post_build: Callable[[list[store.PageRecord], list[Chunk], dict[str, Any]], dict[str, Any]] | None = None,
    extra_key: str = "",
) -> RefreshReport:
    """Bring the index in `index_dir` up to date with `corpus_dir`. See the module docstring.

    `embedder_factory` is called only when something must be embedded, so a no-change refresh
    never loads the model. `post_build(pages, chunks, sources)` may add extra JSON files to the build (programme records);
    it sees every source of the new build, unchanged ones included.
    """
    started = time.perf_counter()
    report = RefreshReport()
    rules = load_rules(rules_file)
    key = pipeline_key(params, rules, extra_key)
    with refresh_lock(index_dir):
        previous = store.current_manifest(index_dir)
        prev_sources: dict[str, Any] = previous["sources"] if previous else {}
        same_pipeline = bool(previous) and previous.get("pipeline") == key and previous["model"]["id"] == model_id

        # 1. Look at every source without extracting: existence, size, hash, duplicates.
        candidates: list[tuple[CorpusSource, str]] = []
        by_hash: dict[str, str] = {}
        for source in discover_sources(corpus_dir):
            if not source.file.exists():
                if source.meta.url:
                    report.not_saved.append(source.meta.id)
                else:
                    report.skipped.append(Skipped(source.meta.id, source.meta.path, "file not found", source.meta.id in prev_sources))
                continue
            try:
                check_size(source.file, max_bytes)
            except ExtractionError as exc:
                report.skipped.append(Skipped(source.meta.id, source.meta.path, str(exc), source.meta.id in prev_sources))
                continue
            digest = sha256_file(source.file)
            if digest in by_hash:
                report.skipped.append(Skipped(source.meta.id, source.meta.path, f"same content as {by_hash[digest]}"))
                continue
            by_hash[digest] = source.meta.id
            candidates.append((source, digest))

        unchanged_ids = {
            s.meta.id
            for s, digest in candidates
            if same_pipeline
            and s.meta.id in prev_sources
            and prev_sources[s.meta.id]["sha256"] == digest
            and prev_sources[s.meta.id]["meta"] == _meta_dict(s.meta)
        }
        kept_ids = {s.source_id for s in report.skipped if s.kept_previous}
        current_ids = {s.meta.id for s, _ in candidates} | kept_ids
        removed = sorted(set(prev_sources) - current_ids)
        to_process = [(s, d) for s, d in candidates if s.meta.id not in unchanged_ids]
        if previous and not to_process and not removed and same_pipeline:
            report.unchanged = sorted(unchanged_ids)
            report.seconds = time.perf_counter() - started
            return report

        # 2. Load what the previous build had, for reuse.
        prev_chunks: dict[str, list[Chunk]] = {}
        prev_vectors: dict[tuple[str, str], np.ndarray] = {}  # (kind, embedded text) -> vector
        prev_pages: dict[str, list[store.PageRecord]] = {}
        if previous:
            loaded = store.load_build(index_dir / store.BUILDS / previous["build_id"])
            same_model = previous["model"]["id"] == model_id
            for i, chunk in enumerate(loaded.chunks):
                prev_chunks.setdefault(chunk.source_id, []).append(chunk)
                if same_model:
                    prev_vectors[("chunk", chunk.embed_text)] = loaded.embeddings[i]
            if same_model:
                table = loaded.sentences
                for k in range(len(table.chunk)):
                    chunk = loaded.chunks[int(table.chunk[k])]
                    text = chunk.text[int(table.start[k]) : int(table.end[k])]
                    prev_vectors[("sentence", sentence_embed_text(chunk, text))] = table.embeddings[k]
            for (sid, _), page in sorted(loaded.pages.items()):
                prev_pages.setdefault(sid, []).append(page)

        # 3. Extract and chunk the new and changed sources; keep the rest as they were.
        source_entries: dict[str, Any] = {}
        chunks: list[Chunk] = []
        pages: list[store.PageRecord] = []
        for source, digest in candidates:
            sid = source.meta.id
            if sid in unchanged_ids:
                chunks.extend(prev_chunks.get(sid, []))
                pages.extend(prev_pages.get(sid, []))
                source_entries[sid] = prev_sources[sid]
                report.unchanged.append(sid)
                continue
            progress(f"Leser {source.meta.path}")
            try:
                doc = load_document(source, rules)
                doc_chunks = chunk_document(doc, params)
                if not doc_chunks:
                    raise ExtractionError("no text to index")
            except ExtractionError as exc:
                kept = sid in prev_sources
                report.skipped.append(Skipped(sid, source.meta.path, str(exc), kept))
                if kept:
                    chunks.extend(prev_chunks.get(sid, []))
                    pages.extend(prev_pages.get(sid, []))
                    source_entries[sid] = prev_sources[sid]
                continue
            chunks.extend(doc_chunks)
            pages.extend(store.PageRecord(sid, p.number, p.text, p.links, p.headings) for p in doc.pages)
            source_entries[sid] = {
                "sha256": digest,
                "meta": _meta_dict(source.meta),
                "title": doc.meta.title,
                "url": doc.meta.url,
                "pages": len(doc.pages),
                "chunks": len(doc_chunks),
                "indexed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            }
            (report.changed if sid in prev_sources else report.added).append(sid)
        for sid in kept_ids:
            if sid not in source_entries and sid in prev_sources:
                chunks.extend(prev_chunks.get(sid, []))
                pages.extend(prev_pages.get(sid, []))
                source_entries[sid] = prev_sources[sid]
        report.removed = removed
        if not report.changed_anything and previous and same_pipeline:
            report.seconds = time.perf_counter() - started
            return report

        # 4. Embed what is new (passages and their sentences); reuse the rest.
        heading_ends = {(p.source_id, p.page): heading_line_ends(p.text, p.headings) for p in pages}
        sentence_rows: list[tuple[int, int, int]] = []
        sentence_texts: list[str] = []
        for row, chunk in enumerate(chunks):
            for sentence in chunk_sentences(chunk, heading_ends.get((chunk.source_id, chunk.page), [])):
                sentence_rows.append((row, sentence.start, sentence.end))
                sentence_texts.append(sentence_embed_text(chunk, sentence.text))
        vectors: list[np.ndarray | None] = [prev_vectors.get(("chunk", c.embed_text)) for c in chunks]
        svectors: list[np.ndarray | None] = [prev_vectors.get(("sentence", t)) for t in sentence_texts]
        missing = [i for i, v in enumerate(vectors) if v is None]
        missing_sentences = sorted({t for t, v in zip(sentence_texts, svectors) if v is None})
        report.chunks_reused = len(chunks) - len(missing)
        report.chunks_embedded = len(missing)
        embedder = None
        if missing or missing_sentences or not previous:
            embedder = embedder_factory()
        if missing:
            progress(f"Lager vektorer for {len(missing)} tekstbiter")
            new = embedder.embed_passages([chunks[i].embed_text for i in missing], batch_size=batch_size, show_progress=show_progress_bar)
            for k, i in enumerate(missing):
                vectors[i] = new[k]
        if missing_sentences:
            progress(f"Lager vektorer for {len(missing_sentences)} setninger")
            new = embedder.embed_passages(missing_sentences, batch_size=batch_size, show_progress=show_progress_bar)
            fresh = dict(zip(missing_sentences, new))
            svectors = [v if v is not None else fresh[t] for t, v in zip(sentence_texts, svectors)]
        if embedder is not None:
            dim, qp, pp = embedder.dim, embedder.query_prompt, embedder.passage_prompt
        else:
            dim, qp, pp = previous["model"]["dim"], previous["model"]["query_prompt"], previous["model"]["passage_prompt"]
        matrix = np.stack(vectors).astype(np.float32) if chunks else np.zeros((0, dim), np.float32)
        sentence_table = store.SentenceTable(
            chunk=np.asarray([r[0] for r in sentence_rows], dtype=np.int64),
            start=np.asarray([r[1] for r in sentence_rows], dtype=np.int64),
            end=np.asarray([r[2] for r in sentence_rows], dtype=np.int64),
            embeddings=np.stack(svectors).astype(np.float32) if svectors else np.zeros((0, dim), np.float32),
        )

        # 5. Write the build beside the old one, verify it, then make it current.
        now = dt.datetime.now(dt.timezone.utc)
        build_id = now.strftime("%Y%m%dT%H%M%S") + "-" + hashlib.sha256(
            json.dumps(sorted((k, v["sha256"]) for k, v in source_entries.items())).encode() + key.encode()
        ).hexdigest()[:8]
        manifest = {
            "format_version": store.FORMAT_VERSION,
            "build_id": build_id,
            "created_at": now.isoformat(timespec="seconds"),
            "model": {"id": model_id, "dim": int(dim), "query_prompt": qp, "passage_prompt": pp, "normalized": True},
            "pipeline": key,
            "chunking": asdict(params),
            "sources": source_entries,
            "counts": {"sources": len(source_entries), "chunks": len(chunks), "pages": len(pages)},
            "faiss": "ivf-flat-ip" if len(chunks) > store.APPROXIMATE_ABOVE else "flat-ip",
        }
        extra = post_build(pages, chunks, source_entries) if post_build else None
        builds = index_dir / store.BUILDS
        builds.mkdir(parents=True, exist_ok=True)
        tmp = builds / f".{build_id}.tmp"
        if tmp.exists():
            shutil.rmtree(tmp)
        progress("Skriver ny indeks")
        store.write_build(tmp, manifest, chunks, matrix, pages, sentence_table, extra)
        store.load_build(tmp, expected_model=model_id)  # verify before it serves
        final = builds / build_id
        if final.exists():
            shutil.rmtree(final)
        tmp.rename(final)
        store.set_current(index_dir, build_id)
        _prune(builds, keep={build_id, previous["build_id"] if previous else build_id})
        report.build_id = build_id
        report.chunks_total = len(chunks)
        report.seconds = time.perf_counter() - started
        return report


def _prune(builds: Path, keep: set[str]) -> None:
    """Remove old builds and leftovers of interrupted ones; the current and previous build stay."""
    for path in builds.iterdir():
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
