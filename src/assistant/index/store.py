"""The index folder: builds written beside each other, one of them current.

    index/
      CURRENT                  the id of the build that serves (replaced atomically)
      builds/<id>/             one complete, verified build:
        manifest.json          format version, model, prompts, source hashes, counts, build time
        chunks.jsonl           chunk records (source, page, section, offsets, text)
        pages.jsonl            page texts and links, for context around a citation
        embeddings.npy         float32, L2-normalised, row i = chunk i (reused by the next refresh)
        sentences.json         the sentences of every chunk: chunk row, start and end in chunk.text
        sentence_embeddings.npy   one row per sentence, for choosing what an answer quotes
        faiss.index            inner-product index over the embeddings
        bm25-exact/, bm25-folded/   BM25 (bm25s) over Norwegian stems, with and without æ ø å

No pickle anywhere: JSON, JSONL, .npy (allow_pickle=False) and FAISS's own format.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import IndexNotReady
from assistant.index import tokenize
from assistant.records import Chunk, Heading

FORMAT_VERSION = 1
CURRENT = "CURRENT"
BUILDS = "builds"
# Exact search costs about 7 ms per 100 000 chunks on this 2-core machine (`assistant bench`), so
# it passes 10 % of the 50 ms answer budget near 70 000 chunks; above APPROXIMATE_ABOVE an IVF
# index keeps queries at a few ms. IVF rather than HNSW: at 1M chunks IVF built in 7 s and found the
# planted neighbour first every time, where HNSW took 15 minutes to build (inside a refresh).
APPROXIMATE_ABOVE = 50_000


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def chunk_to_dict(chunk: Chunk) -> dict[str, Any]:
    data = asdict(chunk)
    data["section"] = list(chunk.section)
    return data


def chunk_from_dict(data: dict[str, Any]) -> Chunk:
    return Chunk(**{**data, "section": tuple(data["section"])})


@dataclass(frozen=True)
class PageRecord:
    """A page as stored in the build: its text, the links it carried and its headings."""

    source_id: str
    page: int
    text: str
    links: tuple[str, ...]
    headings: tuple[Heading, ...] = ()


def ivf_lists(n: int) -> int:
    """About sqrt(n) inverted lists, a power of two."""
    return 1 << max(4, int(round(np.log2(max(n, 1)) / 2)))


def build_faiss(embeddings: np.ndarray):
    """Exact inner product (= cosine on unit vectors) up to APPROXIMATE_ABOVE chunks, IVF above
    (probing 1/16 of the lists)."""
    import faiss

    vectors = np.ascontiguousarray(embeddings, dtype=np.float32)
    dim = vectors.shape[1]
    if len(vectors) > APPROXIMATE_ABOVE:
        nlist = ivf_lists(len(vectors))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
        index.train(vectors)
        index.nprobe = max(1, nlist // 16)
    else:
        index = faiss.IndexFlatIP(dim)
    if len(vectors):
        index.add(vectors)
    return index


def _build_bm25(token_lists: list[list[str]]):
    import bm25s

    retriever = bm25s.BM25()
    # An empty document list cannot be indexed; one empty placeholder keeps the shapes valid.
    retriever.index(token_lists or [[]], show_progress=False)
    return retriever


@dataclass(frozen=True)
class SentenceTable:
    """Sentence spans of the chunks, as parallel arrays (row k: chunk[k], start[k], end[k])."""

    chunk: np.ndarray
    start: np.ndarray
    end: np.ndarray
    embeddings: np.ndarray

    def to_json(self) -> dict[str, list[int]]:
        return {"chunk": self.chunk.tolist(), "start": self.start.tolist(), "end": self.end.tolist()}


def write_build(
    folder: Path,
    manifest: dict[str, Any],
    chunks: list[Chunk],
    embeddings: np.ndarray,
    pages: list[PageRecord],
    sentences: SentenceTable,
    extra_files: dict[str, Any] | None = None,
) -> None:
    """Write every file of a build into `folder` (which must not exist yet), fsynced."""
    import faiss

    if len(chunks) != len(embeddings):
        raise ValueError("one embedding per chunk")
    if len(sentences.chunk) != len(sentences.embeddings):
        raise ValueError("one embedding per sentence")
    folder.mkdir(parents=True)
    with (folder / "chunks.jsonl").open("w", encoding="utf-8") as fh:
        for chunk in chunks:
            fh.write(json.dumps(chunk_to_dict(chunk), ensure_ascii=False) + "\n")
    with (folder / "pages.jsonl").open("w", encoding="utf-8") as fh:
        for page in pages:
            fh.write(json.dumps(asdict(page), ensure_ascii=False) + "\n")
    np.save(folder / "embeddings.npy", np.ascontiguousarray(embeddings, dtype=np.float32), allow_pickle=False)
    _write_json(folder / "sentences.json", sentences.to_json())
    np.save(folder / "sentence_embeddings.npy", np.ascontiguousarray(sentences.embeddings, dtype=np.float32), allow_pickle=False)
    faiss.write_index(build_faiss(embeddings), str(folder / "faiss.index"))
    texts = [c.embed_text for c in chunks]
    _build_bm25([tokenize.tokens(t) for t in texts]).save(str(folder / "bm25-exact"))
    _build_bm25([tokenize.folded_tokens(t) for t in texts]).save(str(folder / "bm25-folded"))
    for name, data in (extra_files or {}).items():
        _write_json(folder / name, data)
    # The manifest is written last: a build without one is incomplete by definition.
    _write_json(folder / "manifest.json", manifest)
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb") as fh:
                os.fsync(fh.fileno())


def current_build_id(index_dir: Path) -> str | None:
    try:
        return (index_dir / CURRENT).read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def set_current(index_dir: Path, build_id: str) -> None:
    """Point CURRENT at a build: write a temp file, fsync, rename over (atomic on POSIX)."""
    tmp = index_dir / f".{CURRENT}.{os.getpid()}.tmp"
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(build_id + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / CURRENT)
    dir_fd = os.open(index_dir, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def read_manifest(folder: Path) -> dict[str, Any]:
    try:
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexNotReady(f"indeksbygget {folder.name} er ufullstendig (mangler manifest); kjør `assistant ingest`") from None
    except json.JSONDecodeError as exc:
        raise IndexNotReady(f"manifestet i {folder} er ødelagt ({exc}); kjør `assistant ingest`") from None


def current_manifest(index_dir: Path) -> dict[str, Any] | None:
    build_id = current_build_id(index_dir)
    if build_id is None:
        return None
    folder = index_dir / BUILDS / build_id
    return read_manifest(folder) if folder.is_dir() else None


@dataclass
class LoadedIndex:
    """A build in memory, ready to search."""

    folder: Path
    manifest: dict[str, Any]
    chunks: list[Chunk]
    embeddings: np.ndarray
    pages: dict[tuple[str, int], PageRecord]
    faiss_index: Any
    bm25_exact: Any
    bm25_folded: Any
    sentences: SentenceTable

    @property
    def build_id(self) -> str:
        return self.manifest["build_id"]

    @property
    def sources(self) -> dict[str, dict[str, Any]]:
        return self.manifest["sources"]

    @cached_property
    def sentence_rows(self) -> dict[int, tuple[int, int]]:
        """Chunk row -> (first, end) rows of its sentences in the sentence table (stored in order)."""
        spans: dict[int, tuple[int, int]] = {}
        for k, chunk_row in enumerate(self.sentences.chunk.tolist()):
            first, _ = spans.get(chunk_row, (k, k))
            spans[chunk_row] = (first, k + 1)
        return spans

    @cached_property
    def sentence_idf(self) -> tuple[dict[str, float], float]:
        """Inverse document frequency of folded stems over the sentences, and the value for unseen ones."""
        import math

        df: dict[str, int] = {}
        table = self.sentences
        for k in range(len(table.chunk)):
            text = self.chunks[int(table.chunk[k])].text[int(table.start[k]) : int(table.end[k])]
            for term in set(tokenize.folded_tokens(text)):
                df[term] = df.get(term, 0) + 1
        n = max(len(table.chunk), 1)
        return {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}, math.log((n + 1) / 0.5)

    @cached_property
    def chunk_rows(self) -> dict[str, int]:
        """Chunk id -> row in `chunks` (and in the embeddings)."""
        return {chunk.id: row for row, chunk in enumerate(self.chunks)}

    @cached_property
    def vocabulary(self) -> set[str]:
        """Every folded stem the corpus contains (the folded BM25 field's vocabulary)."""
        return set(self.bm25_folded.vocab_dict)

    def extra(self, name: str) -> Any:
        """An extra JSON file of the build (e.g. programme records), or None."""
        path = self.folder / name
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None

    def dense_search(self, query_vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        if not self.chunks:
            return []
        scores, ids = self.faiss_index.search(query_vector.reshape(1, -1).astype(np.float32), min(k, len(self.chunks)))
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]

    def bm25_scores(self, text: str) -> np.ndarray:
        """BM25 over both fields; a chunk scores its better match, exact stems or folded."""
        if not self.chunks:
            return np.zeros(0, dtype=np.float32)
        exact = self._scores(self.bm25_exact, tokenize.tokens(text))
        folded = self._scores(self.bm25_folded, tokenize.folded_tokens(text))
        return np.maximum(exact, folded)

    @staticmethod
    def _scores(retriever: Any, query_tokens: list[str]) -> np.ndarray:
        known = [t for t in query_tokens if t in retriever.vocab_dict]
        if not known:
            return np.zeros(retriever.scores["num_docs"], dtype=np.float32)
        return retriever.get_scores(known)


def load_build(folder: Path, expected_model: str | None = None) -> LoadedIndex:
    """Load one build, refusing another format version or a different embedding model."""
    import bm25s
    import faiss

    manifest = read_manifest(folder)
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise IndexNotReady(f"indeksformat {version} støttes ikke av denne versjonen (forventer {FORMAT_VERSION}); kjør `assistant ingest`")
    model = manifest.get("model", {}).get("id")
    if expected_model is not None and model != expected_model:
        raise IndexNotReady(f"indeksen er bygd med modellen {model!r}, men innstillingene sier {expected_model!r}; kjør `assistant ingest`")
    try:
        with (folder / "chunks.jsonl").open(encoding="utf-8") as fh:
            chunks = [chunk_from_dict(json.loads(line)) for line in fh if line.strip()]
        with (folder / "pages.jsonl").open(encoding="utf-8") as fh:
            pages = {}
            for line in fh:
                if line.strip():
                    data = json.loads(line)
                    record = PageRecord(
                        data["source_id"],
                        data["page"],
                        data["text"],
                        tuple(data["links"]),
                        tuple(Heading(**h) for h in data["headings"]),
                    )
                    pages[(record.source_id, record.page)] = record
        embeddings = np.load(folder / "embeddings.npy", allow_pickle=False)
        table = json.loads((folder / "sentences.json").read_text(encoding="utf-8"))
        sentences = SentenceTable(
            np.asarray(table["chunk"], dtype=np.int64),
            np.asarray(table["start"], dtype=np.int64),
            np.asarray(table["end"], dtype=np.int64),
            np.load(folder / "sentence_embeddings.npy", allow_pickle=False),
        )
        faiss_index = faiss.read_index(str(folder / "faiss.index"))
        bm25_exact = bm25s.BM25.load(str(folder / "bm25-exact"), allow_pickle=False)
        bm25_folded = bm25s.BM25.load(str(folder / "bm25-folded"), allow_pickle=False)
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise IndexNotReady(f"indeksbygget {folder.name} kan ikke leses ({exc}); kjør `assistant ingest`") from None
    if (
        len(chunks) != len(embeddings)
        or faiss_index.ntotal != len(chunks)
        or manifest["counts"]["chunks"] != len(chunks)
        or len(sentences.chunk) != len(sentences.embeddings)
        or (len(sentences.chunk) and int(sentences.chunk.max()) >= len(chunks))
    ):
        raise IndexNotReady(f"indeksbygget {folder.name} henger ikke sammen; kjør `assistant ingest`")
    return LoadedIndex(folder, manifest, chunks, embeddings, pages, faiss_index, bm25_exact, bm25_folded, sentences)


class IndexHandle:
    """The serving index. `get()` notices a new CURRENT build and swaps it in without a restart."""

    def __init__(self, index_dir: Path, expected_model: str | None = None) -> None:
        self.index_dir = index_dir
        self.expected_model = expected_model
        self._loaded: LoadedIndex | None = None
        self._lock = threading.Lock()

    def get(self) -> LoadedIndex:
        build_id = current_build_id(self.index_dir)
        if build_id is None:
            raise IndexNotReady(f"ingen indeks i {self.index_dir}; kjør `assistant ingest`")
        loaded = self._loaded
        if loaded is not None and loaded.build_id == build_id:
            return loaded
        with self._lock:
            if self._loaded is None or self._loaded.build_id != build_id:
                self._loaded = load_build(self.index_dir / BUILDS / build_id, self.expected_model)
            return self._loaded
