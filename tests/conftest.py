"""Shared fixtures: a small real corpus in a temp folder, the real model (converted once per run)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from assistant.embed import HashEmbedder, SentenceTransformerEmbedder, resolve_model_path
from assistant.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
REPORT = ROOT / "corpus" / "report" / "mosseregionen-forstudie-internasjonalt-samarbeid-2021.txt"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture
def hash_embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture(scope="session")
def model_path() -> Path:
    """The real default model, converted into the user's cache once (as `make` does)."""
    return Path(resolve_model_path(load_settings()))


@pytest.fixture(scope="session")
def real_embedder(model_path) -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder(path=str(model_path), model_id="multilingual-e5-small")


@pytest.fixture
def corpus(tmp_path) -> Path:
    """An empty corpus folder with the standard sub-folders and no manifest."""
    root = tmp_path / "corpus"
    for name in ("report", "appendices", "programmes", "uploads"):
        (root / name).mkdir(parents=True)
    return root


@pytest.fixture
def report_corpus(corpus) -> Path:
    """The real report with the project's manifest entry for it."""
    shutil.copy(REPORT, corpus / "report" / REPORT.name)
    (corpus / "sources.toml").write_text(
        "format_version = 1\n[[source]]\n"
        'id = "forstudie-2021"\n'
        f'file = "report/{REPORT.name}"\n'
        'format = "pdftext"\n'
        'title = "Forstudie om internasjonalt samarbeid i Mosseregionen"\n'
        'kind = "report"\n'
        'date = "2021-09-07"\n',
        encoding="utf-8",
    )
    return corpus
