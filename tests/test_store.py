import numpy as np
import pytest

from assistant.index import store

pytestmark = pytest.mark.unit


def _unit(rows: int, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal((rows, 32)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_small_indexes_are_exact():
    assert type(store.build_faiss(_unit(100))).__name__ == "IndexFlatIP"


def test_large_indexes_are_ivf_and_find_a_stored_vector(monkeypatch):
    monkeypatch.setattr(store, "APPROXIMATE_ABOVE", 1000)
    vectors = _unit(4000)
    index = store.build_faiss(vectors)
    assert type(index).__name__ == "IndexIVFFlat"
    assert index.nlist == store.ivf_lists(4000) == 64 and index.nprobe == 4
    _, ids = index.search(vectors[[7, 1234]], 1)
    assert ids[:, 0].tolist() == [7, 1234]
