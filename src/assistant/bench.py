"""`assistant bench`: speed figures on this machine, printed as a table of medians and ratios.

Timings live here, never in tests: these machines are noisy, so every figure is a median over
repeated runs, and comparisons are ratios measured in the same run.
"""

from __future__ import annotations

import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from assistant.settings import Settings

QUERIES = [
    "Hvor mye dekker Interreg av prosjektkostnadene?",
    "Hvem gir veiledning om Erasmus+?",
    "Hvilke programmer passer for kulturskolen?",
    "Kan vi få støtte til forprosjekt fra fylkeskommunen?",
    "Hva er Norec?",
]


def _median_ms(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return statistics.median(times), p95


def _row(name: str, value: float, unit: str, note: str = "") -> None:
    print(f"  {name:<48} {value:>12.2f} {unit:<10} {note}")


def bench_model(settings: Settings, quick: bool) -> None:
    from assistant.embed import load_embedder, resolve_model_path

    print("Embedding model")
    t0 = time.perf_counter()
    path = resolve_model_path(settings)
    _row("prepare (cached conversion)", (time.perf_counter() - t0) * 1000, "ms", str(path))
    # Cold load in a fresh process: what a user waits for.
    code = (
        "import time;t=time.perf_counter();"
        "from sentence_transformers import SentenceTransformer;"
        f"m=SentenceTransformer({str(path)!r}, device='cpu');m.encode(['query: x']);"
        "print((time.perf_counter()-t)*1000)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    _row("model load + first encode, fresh process", float(out.stdout.strip().splitlines()[-1]), "ms")
    embedder = load_embedder(settings)
    embedder.embed_queries(["oppvarming"])
    p50, p95 = _median_ms(lambda: embedder.embed_queries([QUERIES[0]]), 10 if quick else 50)
    _row("query embedding latency p50", p50, "ms")
    _row("query embedding latency p95", p95, "ms")
    passages = [("Finansieringsgrad: 50 % dekning av prosjektkostnader, delvis dekning av ressursbruk. " * 6)[:700]] * (64 if quick else 256)
    t0 = time.perf_counter()
    embedder.embed_passages(passages, batch_size=settings.embed_batch_size)
    elapsed = time.perf_counter() - t0
    _row("passage throughput (700-char passages)", len(passages) / elapsed, "passages/s")


def bench_ingest(settings: Settings, quick: bool) -> None:
    from assistant.service import run_refresh

    print("Ingest of the bundled corpus")
    with tempfile.TemporaryDirectory() as tmp:
        local = settings.model_copy(update={"index_dir": Path(tmp) / "index"})
        t0 = time.perf_counter()
        report = run_refresh(local)
        full = time.perf_counter() - t0
        _row("full ingest (incl. model load)", full, "s", f"{report.chunks_total} chunks")
        _row("chunks embedded per second", report.chunks_embedded / full if full else 0.0, "chunks/s")
        t0 = time.perf_counter()
        run_refresh(local)
        _row("no-change refresh", (time.perf_counter() - t0) * 1000, "ms")
        shutil.rmtree(Path(tmp) / "index", ignore_errors=True)


def run_benchmarks(settings: Settings, quick: bool = False) -> int:
    print(f"assistant bench on {platform.node()} ({platform.machine()}, {platform.python_version()}), {time.strftime('%Y-%m-%d')}")
    bench_model(settings, quick)
    bench_ingest(settings, quick)
    return 0
