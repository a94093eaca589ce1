"""Embedders: the real sentence-transformers model and a deterministic fake for fast unit tests."""

from __future__ import annotations

import hashlib
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from assistant.errors import ModelError
from assistant.settings import DEFAULT_MODEL, Settings


class Embedder(Protocol):
    """What the index and the retriever need from a model. Vectors are L2-normalised float32."""

    model_id: str
    dim: int
    query_prompt: str
    passage_prompt: str

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    def embed_passages(self, texts: list[str], batch_size: int = 32, show_progress: bool = False) -> np.ndarray: ...


@dataclass
class SentenceTransformerEmbedder:
    """A sentence-transformers model from a local folder, loaded on first use."""

    path: str
    model_id: str
    prompts: tuple[str | None, str | None] = (None, None)
    _model: object = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def _load(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    os.environ.setdefault("HF_HUB_OFFLINE", "1")
                    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                    from sentence_transformers import SentenceTransformer
                    from transformers.utils import logging as hf_logging

                    hf_logging.disable_progress_bar()

                    try:
                        self._model = SentenceTransformer(self.path, device="cpu")
                    except Exception as exc:  # third-party seam: translate into our error
                        raise ModelError(f"cannot load embedding model {self.model_id!r} from {self.path}: {exc}") from exc
        return self._model

    @property
    def dim(self) -> int:
        return int(self._load().get_embedding_dimension())

    @property
    def query_prompt(self) -> str:
        return self.prompts[0] if self.prompts[0] is not None else self._load().prompts.get("query", "")

    @property
    def passage_prompt(self) -> str:
        return self.prompts[1] if self.prompts[1] is not None else self._load().prompts.get("document", "")

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        model = self._load()
        return _as_unit(model.encode(list(texts), prompt=self.query_prompt, convert_to_numpy=True, normalize_embeddings=True))

    def embed_passages(self, texts: list[str], batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        model = self._load()
        vectors = model.encode(
            list(texts),
            prompt=self.passage_prompt,
            batch_size=batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=show_progress,
        )
        return _as_unit(vectors)


_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass
class HashEmbedder:
    """Deterministic bag-of-words hashing embedder. Only for unit tests that must not load a model."""

    dim: int = 256
    model_id: str = "hash-embedder"
    query_prompt: str = "query: "
    passage_prompt: str = "passage: "

    def _one(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        for token in _TOKEN.findall(text.lower()):
            digest = hashlib.blake2b(token.encode(), digest_size=8).digest()
            vec[int.from_bytes(digest[:4], "little") % self.dim] += 1.0 if digest[4] & 1 else -1.0
        norm = np.linalg.norm(vec)
        return vec / norm if norm else vec

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._one(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def embed_passages(self, texts: list[str], batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        return self.embed_queries(texts)


def _as_unit(vectors: np.ndarray) -> np.ndarray:
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


def resolve_model_path(settings: Settings, prepare: bool = True) -> Path | str:
    """The folder of the configured model; the bundled default is converted into the cache on first use."""
    if settings.embed_model == DEFAULT_MODEL:
        from assistant.embed.convert import prepare_default_model

        return prepare_default_model(settings.models_dir) if prepare else settings.models_dir / DEFAULT_MODEL
    path = Path(settings.embed_model).expanduser()
    return path if path.exists() else settings.embed_model


def load_embedder(settings: Settings) -> SentenceTransformerEmbedder:
    """The configured embedder. Cheap: the weights load on the first embedding call."""
    path = resolve_model_path(settings)
    return SentenceTransformerEmbedder(
        path=str(path),
        model_id=settings.embed_model,
        prompts=(settings.query_prompt, settings.passage_prompt),
    )
