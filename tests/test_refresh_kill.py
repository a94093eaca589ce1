"""A refresh killed at any moment leaves the previous index serving (real subprocess, real model)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from assistant.index import store
from assistant.service import Assistant, run_refresh
from assistant.settings import load_settings, project_root

pytestmark = pytest.mark.integration

ROOT = project_root()


def _big_text(n: int, salt: str) -> str:
    topics = ["skole", "barnehage", "kulturskole", "bibliotek", "vann og avløp", "helse", "NAV", "næring"]
    return "\n\n".join(
        f"Avsnitt {i}: {topics[i % len(topics)]} i kommune nummer {i} vil samarbeide med partnere i land {i % 17} "
        f"om tema {i * 7 % 31}, og søker støtte til et forprosjekt i år {2020 + i % 9} ({salt})."
        for i in range(n)
    )


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A corpus (the real report and rules) with a built index, and its settings."""
    root = tmp_path_factory.mktemp("kill")
    corpus = root / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    settings = load_settings(corpus_dir=corpus, index_dir=root / "index")
    report = run_refresh(settings)
    assert report.build_id
    return settings


def _ingest(settings) -> subprocess.Popen:
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir), "ASSISTANT_INDEX_DIR": str(settings.index_dir)}
    return subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "ingest"], env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )


def _kill_when(proc: subprocess.Popen, marker: str, timeout: float = 120.0) -> bool:
    """SIGKILL the refresh as soon as it prints `marker` on stderr; False if it ended first."""
    deadline = time.monotonic() + timeout
    for line in proc.stderr:
        if marker in line:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        if time.monotonic() > deadline:
            break
    proc.wait()
    return False


def _answers(settings) -> str:
    answer = Assistant.load(settings).ask("Hvor mye dekker Interreg av prosjektkostnadene?")
    assert answer.answerable and "50 %" in answer.text
    return answer.index_version


@pytest.mark.parametrize("marker", ["Lager vektorer", "Skriver ny indeks"])
def test_a_refresh_killed_midway_leaves_a_serving_index(served, marker):
    before = store.current_build_id(served.index_dir)
    uploads = served.corpus_dir / "uploads"
    uploads.mkdir(exist_ok=True)
    (uploads / f"stor-{marker.split()[0].lower()}.txt").write_text(_big_text(150, marker), encoding="utf-8")

    killed = _kill_when(_ingest(served), marker)
    assert killed, "the refresh finished before it could be killed"

    after = store.current_build_id(served.index_dir)
    if marker == "Lager vektorer":
        # Killed while embedding: nothing new was written, the old build serves unchanged.
        assert after == before
    else:
        # Killed while writing: the swap is atomic, so either build serves, never a half one.
        assert after in {before} | {p.name for p in (served.index_dir / "builds").iterdir()}
    assert _answers(served) == after

    # The next refresh completes and clears what the killed one left behind.
    report = run_refresh(served)
    assert report.build_id and store.current_build_id(served.index_dir) == report.build_id
    leftovers = [p.name for p in (served.index_dir / "builds").iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    assert _answers(served) == report.build_id
