"""`assistant bench`: speed figures on this machine, printed as a table of medians and ratios.

Timings live here, never in tests: these machines are noisy, so every figure is a median over
repeated runs, and comparisons are ratios measured in the same run. Each section is a function
returning rows (name, value, unit, note); one printer turns them into the table (or JSON).

Sections: the embedding model, cold start and `ask` latency, ingest of the bundled corpus, exact
vs approximate vector search on synthetic data (10 000 to 1 000 000 chunks), and the same corpus
built the way most teams would build it (LangChain's FAISS store, same model), as ratios.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import AssistantError
from assistant.evaluation.metrics import percentile
from assistant.settings import Settings, project_root

# The latency goal for one `ask` on this 2-core machine, and for a refresh that finds nothing new.
ASK_TARGET_MS = 50.0
NO_CHANGE_TARGET_S = 1.0
# Exact search may take this share of the ask target before an approximate index is worth its
# build time and lost recall (see `approximate_threshold`).
SEARCH_BUDGET_SHARE = 0.10
DIM = 384
K = 10
# Queries are stored vectors plus Gaussian noise of this norm: cosine to their source ≈ 0.89.
QUERY_NOISE = 0.5
# The size above which the bench does not build HNSW: its build grows as n log n and takes minutes
# at 1 000 000 on 2 cores; IVF is measured at every size instead.
HNSW_MAX_SIZE = 200_000
LANGCHAIN_CHUNK_SIZE = 1000
LANGCHAIN_CHUNK_OVERLAP = 200
LANGCHAIN_K = 5
MISSING_EXTRA = "the LangChain comparison needs the bench extra: pip install -e '.[bench]'"
# Other processes using more than this many cores during a section make its figures unreliable.
BUSY_CORES = 0.25


@dataclass(frozen=True)
class Row:
    """One figure of the table. `key` names it for the summary and the JSON output."""

    name: str
    value: float | None
    unit: str
    note: str = ""
    key: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class BenchPlan:
    """How much to measure: the full run, or the quick smoke test (`--quick`, under a minute)."""

    repeat: int
    fresh_processes: int
    samples: int
    ask_passes: int
    ask_cases: int | None
    sizes: tuple[int, ...]
    queries: int
    latency_queries: int

    @classmethod
    def for_run(cls, quick: bool) -> "BenchPlan":
        if quick:
            return cls(repeat=1, fresh_processes=1, samples=20, ask_passes=1, ask_cases=20, sizes=(10_000, 20_000), queries=100, latency_queries=50)
        return cls(repeat=3, fresh_processes=3, samples=100, ask_passes=3, ask_cases=None, sizes=(10_000, 100_000, 1_000_000), queries=200, latency_queries=100)


# --- Pure helpers --------------------------------------------------------------------------------------


def p50_p95(values: Sequence[float]) -> tuple[float, float]:
    """Median and 95th percentile (linear interpolation, as `assistant eval` computes them)."""
    if not values:
        raise ValueError("no values to summarise")
    return float(percentile(values, 50)), float(percentile(values, 95))


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def ratio(ours: float | None, theirs: float | None) -> float | None:
    """ours / theirs, None when either is missing or theirs is zero."""
    if ours is None or theirs is None or theirs == 0:
        return None
    return ours / theirs


def unit_vectors(n: int, dim: int = DIM, seed: int = 0, block: int = 100_000) -> np.ndarray:
    """`n` random unit vectors (float32), uniform on the sphere; made in blocks to bound peak memory."""
    rng = np.random.default_rng(seed)
    out = np.empty((n, dim), dtype=np.float32)
    for start in range(0, n, block):
        part = rng.standard_normal((min(block, n - start), dim), dtype=np.float32)
        part /= np.linalg.norm(part, axis=1, keepdims=True)
        out[start : start + len(part)] = part
    return out


def noisy_queries(vectors: np.ndarray, count: int, noise: float = QUERY_NOISE, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """`count` queries, each a stored vector plus Gaussian noise of norm ≈ `noise`, re-normalised.

    Returns (queries, sources): sources[i] is the row query i was made from, so a search that works
    finds it first (the planted neighbour).
    """
    rng = np.random.default_rng(seed)
    sources = rng.choice(len(vectors), size=min(count, len(vectors)), replace=False)
    dim = vectors.shape[1]
    queries = vectors[sources] + rng.standard_normal((len(sources), dim), dtype=np.float32) * np.float32(noise / math.sqrt(dim))
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    return np.ascontiguousarray(queries, dtype=np.float32), sources


def recall_at_k(found: np.ndarray, exact: np.ndarray, k: int = K) -> float:
    """Mean share of each query's exact top-k that the approximate top-k also holds (ids, -1 = none)."""
    if len(found) != len(exact) or not len(exact):
        raise ValueError("one row of results per query, at least one query")
    shares = []
    for got, want in zip(found[:, :k], exact[:, :k]):
        wanted = {int(i) for i in want if i >= 0}
        shares.append(len(wanted & {int(i) for i in got if i >= 0}) / len(wanted) if wanted else 1.0)
    return float(np.mean(shares))


def planted_at_1(found: np.ndarray, sources: np.ndarray) -> float:
    """Share of queries whose first result is the vector the query was made from."""
    return float(np.mean(found[:, 0] == sources))


def ivf_params(n: int) -> tuple[int, int]:
    """(nlist, nprobe) for IVF over `n` vectors: about sqrt(n) lists (a power of two), 1/16 probed.

    Few lists keep k-means training cheap on 2 cores (seconds at 1 000 000), at the price of
    scanning more vectors per query than the 4-16 x sqrt(n) lists FAISS suggests.
    """
    nlist = max(16, 2 ** round(math.log2(math.sqrt(max(n, 1)))))
    return nlist, max(1, nlist // 16)


def approximate_threshold(exact: Sequence[tuple[int, float]], budget_ms: float) -> int | None:
    """The corpus size at which exact search takes `budget_ms`, from (size, p50 ms) measurements.

    Flat search is a linear scan, so the cost per vector of the largest measurement is extrapolated;
    None without measurements.
    """
    if not exact:
        return None
    size, ms = max(exact)
    return int(budget_ms / (ms / size)) if ms > 0 else None


def nice_round(n: int) -> int:
    """The largest of 1, 2, 5 times a power of ten not above `n` (a threshold that stays within budget)."""
    if n <= 0:
        return 0
    power = 10 ** int(math.floor(math.log10(n)))
    return max(step * power for step in (1, 2, 5) if step * power <= n)


def size_label(n: int) -> str:
    """10 000 -> "10k", 1 000 000 -> "1M"."""
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def format_value(value: float | None) -> str:
    """A figure with precision that fits its size: 1234 -> "1234", 12.34 -> "12.3", 0.01234 -> "0.0123"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    magnitude = abs(value)
    if magnitude >= 10_000:
        return f"{value:,.0f}".replace(",", " ")
    if magnitude >= 100:
        return f"{value:.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 1:
        return f"{value:.2f}"
    if magnitude == 0:
        return "0"
    return f"{value:.3g}"


def format_section(section: Section, name_width: int = 46) -> str:
    """A section as aligned text lines: title, then name, value, unit and note per row."""
    lines = [section.title]
    for row in section.rows:
        note = f"  {row.note}" if row.note else ""
        lines.append(f"  {row.name:<{name_width}} {format_value(row.value):>10} {row.unit:<12}{note}".rstrip())
    return "\n".join(lines)


def sections_to_json(sections: Sequence[Section], machine: dict[str, Any], summary: str) -> str:
    return json.dumps(
        {"machine": machine, "sections": [{"title": s.title, "rows": [asdict(r) for r in s.rows]} for s in sections], "summary": summary},
        ensure_ascii=False,
        indent=2,
    )


def machine_info() -> dict[str, Any]:
    """Cores, RAM, CPU model (from /proc/cpuinfo), Python and library versions, today's date."""
    cpu = platform.processor() or platform.machine()
    ram_gib = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gib = round(int(line.split()[1]) / 1024**2, 1)
                break
    except OSError:
        pass
    versions = {}
    for name in ("torch", "sentence_transformers", "faiss", "langchain_community"):
        try:
            versions[name] = __import__(name).__version__
        except (ImportError, AttributeError):
            versions[name] = None
    return {
        "date": dt.date.today().isoformat(),
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "ram_gib": ram_gib,
        "cpu": cpu,
        "python": platform.python_version(),
        "versions": versions,
    }


@dataclass(frozen=True)
class CpuSample:
    """CPU seconds used so far by the whole machine and by this process (with its finished children)."""

    machine_s: float
    own_s: float
    wall_s: float


def busy_seconds(proc_stat: str, ticks_per_second: int) -> float:
    """Busy CPU seconds of all cores from /proc/stat's first line (everything but idle and iowait)."""
    fields = proc_stat.splitlines()[0].split()
    if fields[0] != "cpu":
        raise ValueError("not a /proc/stat text")
    ticks = [int(v) for v in fields[1:9]]  # user nice system idle iowait irq softirq steal (guest is in user)
    return (sum(ticks) - ticks[3] - ticks[4]) / ticks_per_second


def cpu_sample() -> CpuSample | None:
    """Now, or None where /proc/stat is not available."""
    try:
        machine = busy_seconds(Path("/proc/stat").read_text(), os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError):
        return None
    own = sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN) for f in ("ru_utime", "ru_stime"))
    return CpuSample(machine, own, time.perf_counter())


def other_cores(before: CpuSample | None, after: CpuSample | None) -> float | None:
    """How many cores other processes kept busy on average between two samples."""
    if before is None or after is None or after.wall_s <= before.wall_s:
        return None
    others = (after.machine_s - before.machine_s) - (after.own_s - before.own_s)
    return max(0.0, others / (after.wall_s - before.wall_s))


def load_row(cores: float | None, key: str) -> Row:
    busy = cores is not None and cores > BUSY_CORES
    return Row("CPU used by other processes meanwhile", cores, "cores", "BUSY MACHINE: figures inflated, rerun" if busy else "", key)


def _timed_ms(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def _progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


@contextmanager
def _quiet_warnings() -> Iterator[None]:
    """LangChain's deprecation notices are about its packaging, not the measurement."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


# --- Inputs ----------------------------------------------------------------------------------------------


def eval_cases(plan: BenchPlan):
    """The evaluation set's cases (all, or the first few for --quick)."""
    from assistant.evaluation.dataset import load_cases

    cases = load_cases(project_root() / "eval" / "questions.jsonl")
    return cases[: plan.ask_cases] if plan.ask_cases else cases


def _child_env(settings: Settings) -> dict[str, str]:
    """The environment of a fresh process measuring the same configuration as this one."""
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    env.update(
        ASSISTANT_INDEX_DIR=str(settings.index_dir),
        ASSISTANT_CORPUS_DIR=str(settings.corpus_dir),
        ASSISTANT_CACHE_DIR=str(settings.cache_dir),
        ASSISTANT_EMBED_MODEL=settings.embed_model,
    )
    return env


def _fresh_process(code: str, settings: Settings) -> tuple[float, dict[str, float]]:
    """Run `code` in a new interpreter: (wall ms including interpreter start, the JSON it printed last)."""
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_child_env(settings))
    wall = (time.perf_counter() - t0) * 1000
    if out.returncode != 0:
        last = (out.stderr.strip().splitlines() or ["no output"])[-1]
        raise AssistantError(f"bench: fresh process failed: {last}")
    return wall, json.loads(out.stdout.strip().splitlines()[-1])


# --- 1. The embedding model ------------------------------------------------------------------------------


def bench_model(settings: Settings, plan: BenchPlan, questions: Sequence[str], passages: Sequence[str]) -> Section:
    """Prepare (cached), cold load in a fresh process, query latency, passage throughput."""
    from assistant.embed import load_embedder, resolve_model_path

    prepare = [_timed_ms(lambda: resolve_model_path(settings)) for _ in range(plan.repeat)]
    path = resolve_model_path(settings)
    code = (
        "import time,json;t=time.perf_counter()\n"
        "from sentence_transformers import SentenceTransformer\n"
        f"m=SentenceTransformer({str(path)!r}, device='cpu');m.encode(['query: x'])\n"
        "print(json.dumps({'ms':(time.perf_counter()-t)*1000}))"
    )
    cold = [_fresh_process(code, settings) for _ in range(plan.fresh_processes)]
    embedder = load_embedder(settings)
    embedder.embed_queries(["oppvarming"])
    query_ms = [_timed_ms(lambda q=questions[i % len(questions)]: embedder.embed_queries([q])) for i in range(plan.samples)]
    q50, q95 = p50_p95(query_ms)
    rates = []
    for _ in range(plan.repeat):
        ms = _timed_ms(lambda: embedder.embed_passages(list(passages), batch_size=settings.embed_batch_size))
        rates.append(len(passages) / (ms / 1000))
    mean_chars = sum(map(len, passages)) / len(passages)
    rows = (
        Row("prepare (cached conversion)", median(prepare), "ms", str(path), "model_prepare_ms"),
        Row("load + first encode, fresh process", median([c[1]["ms"] for c in cold]) / 1000, "s", "imports + load + encode", "model_cold_s"),
        Row("  same, wall time incl. interpreter start", median([c[0] for c in cold]) / 1000, "s", f"median of {len(cold)}", "model_cold_wall_s"),
        Row("query embedding latency p50", q50, "ms", f"{len(query_ms)} eval questions, one at a time", "query_embed_p50_ms"),
        Row("query embedding latency p95", q95, "ms", "", "query_embed_p95_ms"),
        Row("passage throughput", median(rates), "passages/s", f"{len(passages)} indexed chunks, ~{mean_chars:.0f} chars, batch {settings.embed_batch_size}", "passages_per_s"),
    )
    return Section(f"1. Embedding model ({settings.embed_model})", rows)


# --- 2 and 3: our ingest and answers, measured interleaved with LangChain's ---------------------------
#
# Each of our ingests is followed by a LangChain build, and each of our answers by a LangChain search,
# so a busy moment on the machine weighs on both sides of a ratio alike.


@dataclass
class IngestRun:
    """Full ingests (ours and LangChain's, alternating), then refreshes that find nothing to do."""

    ours_s: list[float] = field(default_factory=list)
    theirs_s: list[float] = field(default_factory=list)
    no_change_s: list[float] = field(default_factory=list)
    report: Any = None
    theirs_chunks: int = 0
    vectorstore: Any = None


def measure_ingest(settings: Settings, plan: BenchPlan) -> IngestRun:
    """Ingest the configured corpus into temp folders, model load included on both sides."""
    from assistant.embed import resolve_model_path
    from assistant.service import run_refresh

    model_path = str(resolve_model_path(settings))
    run = IngestRun()
    with tempfile.TemporaryDirectory(prefix="assistant-bench-") as tmp:
        for n in range(plan.repeat):
            local = settings.model_copy(update={"index_dir": Path(tmp) / f"index-{n}"})
            t0 = time.perf_counter()
            run.report = run_refresh(local)
            run.ours_s.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            run.vectorstore, run.theirs_chunks = langchain_build(settings, model_path, Path(tmp) / f"langchain-{n}")
            run.theirs_s.append(time.perf_counter() - t0)
        for _ in range(max(3, plan.repeat + 2)):
            t0 = time.perf_counter()
            again = run_refresh(local)
            run.no_change_s.append(time.perf_counter() - t0)
            if again.changed_anything:
                raise AssistantError("bench: a refresh of an unchanged corpus rebuilt the index")
    return run


@dataclass
class AskRun:
    """Latency per pass over the evaluation cases and the first pass's evidence hits, ours and LangChain's."""

    ours_ms: list[list[float]] = field(default_factory=list)
    theirs_ms: list[list[float]] = field(default_factory=list)
    ours_hits: list[bool] = field(default_factory=list)
    theirs_hits: list[bool] = field(default_factory=list)


def per_pass_p50_p95(passes: Sequence[Sequence[float]]) -> tuple[float, float]:
    """Median over passes of each pass's p50 and p95."""
    summaries = [p50_p95(times) for times in passes]
    return median([s[0] for s in summaries]), median([s[1] for s in summaries])


def measure_asks(settings: Settings, cases, passes: int, vectorstore) -> AskRun:
    """Ask every case (last turn, earlier turns as history) with a warm model, then search it LangChain's way."""
    from assistant.evaluation.metrics import evidence_rank, hit_at
    from assistant.service import Assistant

    assistant = Assistant.load(settings)
    assistant.warm_up()
    assistant.ask(cases[0].question)  # builds the per-index caches (vocabulary, programme records)
    vectorstore.similarity_search(cases[0].question, k=LANGCHAIN_K)
    run = AskRun()
    for n in range(passes):
        ours, theirs = [], []
        for case in cases:
            t0 = time.perf_counter()
            answer = assistant.ask(case.question, list(case.turns[:-1]))
            t1 = time.perf_counter()
            docs = vectorstore.similarity_search(case.question, k=LANGCHAIN_K)
            t2 = time.perf_counter()
            ours.append((t1 - t0) * 1000)
            theirs.append((t2 - t1) * 1000)
            if n == 0 and case.answerable:
                citations = answer.to_dict()["citations"][:LANGCHAIN_K]
                run.ours_hits.append(hit_at(evidence_rank(citations, case.evidence), LANGCHAIN_K))
                passages = [{"text": d.page_content} for d in docs]
                run.theirs_hits.append(hit_at(evidence_rank(passages, case.evidence), LANGCHAIN_K))
        run.ours_ms.append(ours)
        run.theirs_ms.append(theirs)
    return run


def bench_serving(settings: Settings, plan: BenchPlan, question: str, asks: AskRun) -> Section:
    """`Assistant.load()` + first answer in a fresh process, then warm `ask` latency."""
    code = (
        "import time,json;t=time.perf_counter()\n"
        "from assistant.service import Assistant\n"
        "a=Assistant.load();t1=time.perf_counter()\n"
        f"a.ask({question!r});t2=time.perf_counter()\n"
        "print(json.dumps({'load_ms':(t1-t)*1000,'first_ms':(t2-t1)*1000}))"
    )
    cold = [_fresh_process(code, settings) for _ in range(plan.fresh_processes)]
    p50, p95 = per_pass_p50_p95(asks.ours_ms)
    rows = (
        Row("cold start: load + first answer, wall", median([c[0] for c in cold]) / 1000, "s", f"fresh process, median of {len(cold)}", "cold_start_s"),
        Row("  of which Assistant.load() + imports", median([c[1]["load_ms"] for c in cold]), "ms", "", "cold_load_ms"),
        Row("  of which first answer (model, index)", median([c[1]["first_ms"] for c in cold]) / 1000, "s", "", "cold_first_answer_s"),
        Row("ask latency p50 (warm)", p50, "ms", f"{len(asks.ours_ms[0])} eval questions x {len(asks.ours_ms)} passes", "ask_p50_ms"),
        Row("ask latency p95 (warm)", p95, "ms", "", "ask_p95_ms"),
        Row("ask target p50", ASK_TARGET_MS, "ms", "on this 2-core machine"),
        Row("ask p50 / target", ratio(p50, ASK_TARGET_MS), "x", "below 1 meets the target", "ask_vs_target"),
    )
    return Section("2. Cold start and answers", rows)


def ingest_section(ingest: IngestRun) -> Section:
    report = ingest.report
    full, quiet = median(ingest.ours_s), median(ingest.no_change_s)
    skipped = f", {len(report.skipped)} listed sources missing" if report.skipped else ""
    rows = (
        Row("full ingest (incl. model load)", full, "s", f"{report.chunks_total} chunks, {len(report.added)} source(s){skipped}; median of {len(ingest.ours_s)}", "ingest_s"),
        Row("chunks embedded per second (whole ingest)", report.chunks_embedded / full if full else None, "chunks/s", "also embeds every sentence", "ingest_chunks_per_s"),
        Row("no-change refresh", quiet * 1000, "ms", f"median of {len(ingest.no_change_s)}", "no_change_ms"),
        Row("no-change refresh / target", ratio(quiet, NO_CHANGE_TARGET_S), "x", f"target about {NO_CHANGE_TARGET_S:.0f} s", "no_change_vs_target"),
    )
    return Section("3. Ingest of the bundled corpus", rows)


# --- 4. Exact vs approximate search on synthetic chunks -------------------------------------------------


@dataclass(frozen=True)
class IndexMeasure:
    """One index over one synthetic corpus size."""

    size: int
    kind: str
    build_s: float
    p50_ms: float
    size_mb: float
    recall10: float | None = None
    planted1: float | None = None
    skipped: str = ""


def store_hnsw(vectors: np.ndarray):
    """An HNSW graph (M 32, efConstruction 80, efSearch 64): the alternative to the store's IVF."""
    import faiss

    index = faiss.IndexHNSWFlat(DIM if not len(vectors) else vectors.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 80
    index.hnsw.efSearch = 64
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def build_ivf(vectors: np.ndarray):
    """IVF-Flat (inner product) with `ivf_params`, trained on a sample of 64 vectors per list."""
    import faiss

    nlist, nprobe = ivf_params(len(vectors))
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(vectors.shape[1]), vectors.shape[1], nlist, faiss.METRIC_INNER_PRODUCT)
    sample = np.random.default_rng(2).choice(len(vectors), size=min(len(vectors), nlist * 64), replace=False)
    index.train(vectors[np.sort(sample)])
    index.add(vectors)
    index.nprobe = nprobe
    return index


def build_flat(vectors: np.ndarray):
    import faiss

    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    return index


def measure_index(kind: str, build: Callable[[np.ndarray], Any], vectors: np.ndarray, queries: np.ndarray, latency_queries: int, exact_ids: np.ndarray | None, sources: np.ndarray) -> tuple[IndexMeasure, np.ndarray]:
    """Build time, single-query p50 (k=10), serialised size, and recall against `exact_ids`."""
    import faiss

    t0 = time.perf_counter()
    index = build(vectors)
    build_s = time.perf_counter() - t0
    size_mb = len(faiss.serialize_index(index)) / 1024**2
    times = [_timed_ms(lambda q=q: index.search(q.reshape(1, -1), K)) for q in queries[:latency_queries]]
    _, ids = index.search(queries, K)
    recall = recall_at_k(ids, exact_ids) if exact_ids is not None else None
    measure = IndexMeasure(len(vectors), kind, build_s, median(times), size_mb, recall, planted_at_1(ids, sources))
    del index
    return measure, ids


def measure_sizes(sizes: Sequence[int], queries: int, latency_queries: int, hnsw_max: int = HNSW_MAX_SIZE) -> list[IndexMeasure]:
    """Exact, HNSW (up to `hnsw_max`) and IVF at each size, on uniform random unit vectors."""
    out = []
    for n in sizes:
        _progress(f"synthetic search at {n:,} vectors")
        vectors = unit_vectors(n, seed=n)
        q, sources = noisy_queries(vectors, queries, seed=n + 1)
        # Latency at 1M: ~70 ms a query, so fewer single-query timings there.
        lat = latency_queries if n < 500_000 else max(10, latency_queries // 3)
        exact, exact_ids = measure_index("exact (IndexFlatIP)", build_flat, vectors, q, lat, None, sources)
        out.append(exact)
        if n <= hnsw_max:
            out.append(measure_index(_hnsw_label(), store_hnsw, vectors, q, lat, exact_ids, sources)[0])
        else:
            # Measured once at 1 000 000 on this 2-core machine: about 15 minutes (892 s).
            why = f"not built above {hnsw_max:,}: the build takes many minutes on 2 cores".replace(",", " ")
            out.append(IndexMeasure(n, _hnsw_label(), 0.0, 0.0, 0.0, skipped=why))
        nlist, nprobe = ivf_params(n)
        out.append(measure_index(f"IVF{nlist}, nprobe {nprobe}", build_ivf, vectors, q, lat, exact_ids, sources)[0])
        del vectors
    return out


def _hnsw_label() -> str:
    index = store_hnsw(np.zeros((0, DIM), dtype=np.float32))
    return f"HNSW{index.hnsw.nb_neighbors(1)} efC {index.hnsw.efConstruction} efS {index.hnsw.efSearch}"


def retrieval_rows(measures: Sequence[IndexMeasure]) -> list[Row]:
    rows = []
    for m in measures:
        label = f"{size_label(m.size)} {m.kind}"
        key = f"search_{size_label(m.size)}_{re.match(r'[A-Za-z]+', m.kind).group().lower()}"
        if m.skipped:
            rows.append(Row(f"{label}: build", None, "s", m.skipped, f"{key}_build_s"))
            continue
        rows.append(Row(f"{label}: build", m.build_s, "s", "", f"{key}_build_s"))
        rows.append(Row(f"{label}: search p50 (k=10)", m.p50_ms, "ms", "one query at a time", f"{key}_p50_ms"))
        rows.append(Row(f"{label}: index size", m.size_mb, "MB", "serialised", f"{key}_mb"))
        if m.recall10 is not None:
            rows.append(Row(f"{label}: recall@10 vs exact", m.recall10, "", "", f"{key}_recall10"))
            rows.append(Row(f"{label}: planted vector first", m.planted1, "", "query's source ranked 1", f"{key}_planted1"))
    return rows


def decision_rows(measures: Sequence[IndexMeasure], store_threshold: int) -> list[Row]:
    """Where exact search stops fitting the ask budget, as measured, against the configured threshold."""
    exact = [(m.size, m.p50_ms) for m in measures if m.kind.startswith("exact")]
    budget = ASK_TARGET_MS * SEARCH_BUDGET_SHARE
    at = approximate_threshold(exact, budget)
    if at is None:
        return []
    size, ms = max(exact)
    return [
        Row("exact search cost per 100 000 chunks", ms / size * 100_000, "ms", f"from the {size_label(size)} run (linear scan)", "exact_ms_per_100k"),
        Row(f"exact search reaches {budget:.0f} ms ({SEARCH_BUDGET_SHARE:.0%} of ask target) at", at, "chunks", "approximate pays off above this", "approximate_pays_off_at"),
        Row("APPROXIMATE_ABOVE in store.py", store_threshold, "chunks", f"suggested: {nice_round(at):,}".replace(",", " "), "approximate_above"),
    ]


def bench_retrieval(plan: BenchPlan) -> Section:
    from assistant.index import store

    measures = measure_sizes(plan.sizes, plan.queries, plan.latency_queries)
    rows = retrieval_rows(measures) + decision_rows(measures, store.APPROXIMATE_ABOVE)
    title = f"4. Vector search on synthetic chunks (uniform random unit vectors, dim {DIM}; {plan.queries} noisy-copy queries)"
    return Section(title, tuple(rows))


# --- 5. The same corpus the way most teams build it ------------------------------------------------------


def require_langchain() -> None:
    """Fail at once, in one line, when the bench extra is not installed."""
    try:
        with _quiet_warnings():
            import langchain_community.embeddings  # noqa: F401
            import langchain_community.vectorstores  # noqa: F401
    except ImportError:
        raise AssistantError(MISSING_EXTRA) from None


def langchain_documents(settings: Settings):
    """The report's pages from our pdftext extractor, one Document per page (as PyPDFLoader gives them)."""
    from langchain_core.documents import Document

    from assistant.ingest.formats import extract_file
    from assistant.ingest.sources import discover_sources

    docs = []
    for source in discover_sources(settings.corpus_dir):
        if source.file.is_file():
            extracted = extract_file(source.file, source.meta.format)
            docs += [Document(page.text, metadata={"source": source.meta.id, "page": page.number}) for page in extracted.pages]
    return docs


def langchain_embeddings(model_path: str):
    """The same sentence-transformers folder through LangChain, with the e5 prompts on each side.

    langchain-huggingface (which takes `query_encode_kwargs`) needs huggingface-hub < 2 and the lock
    pins 2.4.0; langchain_community's HuggingFaceEmbeddings is the same sentence-transformers wrapper
    without per-side prompts, so a copy with the query prompt shares its loaded model.
    """
    from langchain_community.embeddings import HuggingFaceEmbeddings
    from langchain_core.embeddings import Embeddings

    with _quiet_warnings():
        passages = HuggingFaceEmbeddings(model_name=model_path, model_kwargs={"device": "cpu"}, encode_kwargs={"normalize_embeddings": True, "prompt": "passage: "})
    queries = passages.model_copy(update={"encode_kwargs": {"normalize_embeddings": True, "prompt": "query: "}})

    class E5Prompts(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return passages.embed_documents(texts)

        def embed_query(self, text: str) -> list[float]:
            return queries.embed_query(text)

    return E5Prompts()


def langchain_build(settings: Settings, model_path: str, folder: Path):
    """Load the model, split the pages, embed, build and save the FAISS store: (store, chunk count)."""
    from langchain_community.vectorstores import FAISS
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    embeddings = langchain_embeddings(model_path)
    splitter = RecursiveCharacterTextSplitter(chunk_size=LANGCHAIN_CHUNK_SIZE, chunk_overlap=LANGCHAIN_CHUNK_OVERLAP)
    chunks = splitter.split_documents(langchain_documents(settings))
    with _quiet_warnings():
        vectorstore = FAISS.from_documents(chunks, embeddings)
        vectorstore.save_local(str(folder))
    return vectorstore, len(chunks)


def langchain_section(ingest: IngestRun, asks: AskRun) -> Section:
    """Ours against LangChain FAISS + RecursiveCharacterTextSplitter(1000, 200), same model, same pages."""
    ours_ingest, theirs_ingest = median(ingest.ours_s), median(ingest.theirs_s)
    ours_p50, theirs_p50 = per_pass_p50_p95(asks.ours_ms)[0], per_pass_p50_p95(asks.theirs_ms)[0]
    ours_hit, theirs_hit = float(np.mean(asks.ours_hits)), float(np.mean(asks.theirs_hits))
    rows = (
        Row("ingest: ours (run_refresh)", ours_ingest, "s", f"model load, {ingest.report.chunks_total} chunks + their sentences, BM25, records, fsync"),
        Row("ingest: LangChain FAISS", theirs_ingest, "s", f"model load, {ingest.theirs_chunks} chunks, save_local", "lc_ingest_s"),
        Row("ingest ours/theirs", ratio(ours_ingest, theirs_ingest), "x", "", "ratio_ingest"),
        Row("query p50: ours (full Assistant.ask)", ours_p50, "ms", "embed + hybrid search + cited answer"),
        Row(f"query p50: LangChain similarity_search k={LANGCHAIN_K}", theirs_p50, "ms", "embed + vector search only", "lc_query_p50_ms"),
        Row("query latency ours/theirs", ratio(ours_p50, theirs_p50), "x", "", "ratio_query"),
        Row("evidence hit@5: ours (citations[:5])", ours_hit, "", f"{len(asks.ours_hits)} answerable cases", "hit5_ours"),
        Row("evidence hit@5: LangChain (top 5)", theirs_hit, "", "", "hit5_langchain"),
        Row("evidence hit@5 ours/theirs", ratio(ours_hit, theirs_hit), "x", "", "ratio_hit5"),
    )
    title = f"5. Side by side: LangChain FAISS + RecursiveCharacterTextSplitter({LANGCHAIN_CHUNK_SIZE}, {LANGCHAIN_CHUNK_OVERLAP}), same model, same pages"
    return Section(title, rows)


# --- 6. Summary and the run --------------------------------------------------------------------------------


def summary_block(sections: Sequence[Section], machine: dict[str, Any]) -> str:
    """A compact block for the README: machine, then the headline figures of the run."""
    figures = {row.key: row.value for section in sections for row in section.rows if row.key}

    def fig(key: str) -> str:
        return format_value(figures.get(key))

    lines = [
        f"Benchmarks ({machine['date']}; {machine['cores']} cores, {machine['cpu']}, {machine['ram_gib']} GiB RAM, Python {machine['python']})",
    ]
    if "ask_p50_ms" in figures:
        lines.append(f"  ask, warm model: p50 {fig('ask_p50_ms')} ms, p95 {fig('ask_p95_ms')} ms (target p50 < {ASK_TARGET_MS:.0f} ms)")
        lines.append(f"  cold start (fresh process, load + first answer): {fig('cold_start_s')} s")
    if "model_cold_s" in figures:
        lines.append(
            f"  model: load + first encode {fig('model_cold_s')} s; query embedding p50 {fig('query_embed_p50_ms')} ms; "
            f"{fig('passages_per_s')} passages/s"
        )
    if "ingest_s" in figures:
        lines.append(f"  ingest of the bundled corpus: {fig('ingest_s')} s; no-change refresh {fig('no_change_ms')} ms")
    exact = [(k, v) for k, v in figures.items() if k.startswith("search_") and k.endswith("_exact_p50_ms")]
    if exact:
        parts = ", ".join(f"{k.split('_')[1]} {format_value(v)} ms" for k, v in exact)
        lines.append(f"  exact vector search p50 (k=10): {parts}")
    ivf = [(k, v) for k, v in figures.items() if k.startswith("search_") and k.endswith("_ivf_p50_ms")]
    if ivf:
        key, value = ivf[-1]
        prefix = key.removesuffix("_p50_ms")
        lines.append(
            f"  IVF at {key.split('_')[1]}: p50 {format_value(value)} ms, build {format_value(figures.get(prefix + '_build_s'))} s, "
            f"planted neighbour first {format_value(figures.get(prefix + '_planted1'))}"
        )
    if "approximate_pays_off_at" in figures:
        lines.append(f"  exact search passes {SEARCH_BUDGET_SHARE:.0%} of the ask target at ~{fig('approximate_pays_off_at')} chunks")
    busiest = max((v for k, v in figures.items() if k.startswith("other_cores") and v is not None), default=None)
    if busiest is not None and busiest > BUSY_CORES:
        lines.append(f"  NOTE: other processes used up to {format_value(busiest)} cores during the run; figures are inflated")
    if "ratio_ingest" in figures:
        lines.append(
            f"  vs LangChain FAISS (same model), ours/theirs: ingest {fig('ratio_ingest')}x, query latency {fig('ratio_query')}x, "
            f"evidence hit@5 {fig('hit5_ours')} vs {fig('hit5_langchain')} ({fig('ratio_hit5')}x)"
        )
    return "\n".join(lines)


def _report_passages(settings: Settings) -> list[str]:
    """The texts the index embeds for its chunks (the real workload), else a stand-in passage."""
    from assistant.index.store import IndexHandle

    try:
        texts = [c.embed_text for c in IndexHandle(settings.index_dir).get().chunks][:256]
    except AssistantError:
        texts = []
    return texts or [("Finansieringsgrad: 50 % dekning av prosjektkostnader, delvis dekning av ressursbruk. " * 9)[:700]] * 64


def run_benchmarks(settings: Settings, quick: bool = False, as_json: bool = False) -> int:
    """Measure every section, print each table as it is done (or all of it as JSON at the end)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    require_langchain()
    plan = BenchPlan.for_run(quick)
    machine = machine_info()
    cases = eval_cases(plan)
    started = time.perf_counter()
    sections: list[Section] = []

    def done(section: Section, *others: float | None) -> Section:
        known = [o for o in others if o is not None]
        section = Section(section.title, section.rows + (load_row(max(known) if known else None, f"other_cores_{len(sections) + 1}"),))
        sections.append(section)
        if not as_json:
            print(format_section(section) + "\n", flush=True)
        return section

    def busy(since: CpuSample | None) -> float | None:
        return other_cores(since, cpu_sample())

    if not as_json:
        print(f"assistant bench{' --quick' if quick else ''}: {machine['date']}, {platform.node()}, {machine['cores']} cores, {machine['cpu']}, Python {machine['python']}\n", flush=True)
    _progress("embedding model")
    since = cpu_sample()
    done(bench_model(settings, plan, [c.question for c in cases], _report_passages(settings)), busy(since))
    # Measured before they are printed: the answers are compared with LangChain's store, built at ingest.
    _progress("ingest, ours and LangChain's")
    since = cpu_sample()
    ingest = measure_ingest(settings, plan)
    ingest_busy = busy(since)
    _progress("cold start and answers, ours and LangChain's")
    since = cpu_sample()
    asks = measure_asks(settings, cases, plan.ask_passes, ingest.vectorstore)
    serving = bench_serving(settings, plan, cases[0].question, asks)
    asks_busy = busy(since)
    done(serving, asks_busy)
    done(ingest_section(ingest), ingest_busy)
    since = cpu_sample()
    done(bench_retrieval(plan), busy(since))
    done(langchain_section(ingest, asks), ingest_busy, asks_busy)
    summary = summary_block(sections, machine)
    if as_json:
        print(sections_to_json(sections, machine, summary))
    else:
        print(f"Summary (for the README; whole bench took {time.perf_counter() - started:.0f} s)\n```text\n{summary}\n```")
    return 0
