"""The bench's pure helpers and its synthetic search section. No timing is asserted anywhere."""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest

from assistant import bench
from assistant.bench import IndexMeasure, Row, Section
from assistant.errors import AssistantError


@pytest.mark.unit
def test_p50_p95_interpolate_like_the_evaluation():
    assert bench.p50_p95([1.0, 2.0, 3.0, 4.0]) == (2.5, pytest.approx(3.85))
    assert bench.p50_p95([7.0]) == (7.0, 7.0)
    with pytest.raises(ValueError):
        bench.p50_p95([])


@pytest.mark.unit
def test_ratio_is_none_without_a_denominator():
    assert bench.ratio(3.0, 2.0) == 1.5
    assert bench.ratio(None, 2.0) is None
    assert bench.ratio(1.0, 0.0) is None


@pytest.mark.unit
def test_unit_vectors_are_unit_float32_and_reproducible():
    vectors = bench.unit_vectors(250, dim=16, seed=3, block=100)
    assert vectors.shape == (250, 16) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(vectors, bench.unit_vectors(250, dim=16, seed=3, block=100))
    assert not np.array_equal(vectors, bench.unit_vectors(250, dim=16, seed=4, block=100))


@pytest.mark.unit
def test_noisy_queries_stay_closest_to_the_vector_they_were_made_from():
    vectors = bench.unit_vectors(500, dim=64, seed=0)
    queries, sources = bench.noisy_queries(vectors, 40, noise=0.5, seed=1)
    assert queries.shape == (40, 64) and len(set(sources.tolist())) == 40
    assert np.allclose(np.linalg.norm(queries, axis=1), 1.0, atol=1e-5)
    scores = queries @ vectors.T
    assert np.array_equal(scores.argmax(axis=1), sources)
    cosines = scores[np.arange(40), sources]
    assert 0.8 < cosines.min() and cosines.max() < 0.97


@pytest.mark.unit
def test_recall_at_k_counts_shared_ids_and_ignores_missing_ones():
    exact = np.array([[1, 2, 3, 4], [5, 6, 7, 8]])
    found = np.array([[4, 3, 9, -1], [5, 6, 7, 8]])
    assert bench.recall_at_k(found, exact, k=4) == pytest.approx((2 / 4 + 1) / 2)
    assert bench.recall_at_k(found, exact, k=2) == pytest.approx((0 + 1) / 2)
    with pytest.raises(ValueError):
        bench.recall_at_k(found[:1], exact)


@pytest.mark.unit
def test_planted_at_1_checks_the_first_result_only():
    found = np.array([[7, 1], [2, 9], [3, 3]])
    assert bench.planted_at_1(found, np.array([7, 9, 3])) == pytest.approx(2 / 3)


@pytest.mark.unit
def test_ivf_params_grow_with_the_square_root_of_the_size():
    assert bench.ivf_params(1_000_000) == (1024, 64)
    assert bench.ivf_params(10_000) == (128, 8)
    assert bench.ivf_params(10) == (16, 1)


@pytest.mark.unit
def test_approximate_threshold_extrapolates_the_largest_exact_measurement():
    exact = [(10_000, 0.5), (100_000, 6.0)]
    assert bench.approximate_threshold(exact, budget_ms=5.0) == 83_333
    assert bench.approximate_threshold([], budget_ms=5.0) is None
    assert bench.nice_round(83_333) == 50_000
    assert bench.nice_round(49_999) == 20_000
    assert bench.nice_round(230_000) == 200_000
    assert bench.nice_round(1_000) == 1_000


@pytest.mark.unit
def test_values_and_sizes_are_formatted_for_reading():
    assert [bench.format_value(v) for v in (82_644.0, 1234.5, 12.345, 1.2345, 0.012345, 0, None)] == ["82 644", "1234", "12.3", "1.23", "0.0123", "0", "–"]
    assert [bench.size_label(n) for n in (10_000, 1_000_000, 1_500)] == ["10k", "1M", "1500"]


@pytest.mark.unit
def test_a_section_prints_one_aligned_line_per_row():
    section = Section("3. Ingest", (Row("full ingest", 9.87, "s", "82 chunks"), Row("no-change refresh", None, "s")))
    lines = bench.format_section(section, name_width=20).splitlines()
    assert lines[0] == "3. Ingest"
    assert lines[1].split() == ["full", "ingest", "9.87", "s", "82", "chunks"]
    assert lines[2].split() == ["no-change", "refresh", "–", "s"]
    assert lines[1].index("9.87") == lines[2].index("–") + len("–") - len("9.87")


@pytest.mark.unit
def test_retrieval_and_decision_rows_name_every_figure():
    measures = [
        IndexMeasure(10_000, "exact (IndexFlatIP)", 0.01, 0.5, 14.6),
        IndexMeasure(10_000, "IVF128, nprobe 4", 0.2, 0.05, 15.0, 0.4, 1.0),
        IndexMeasure(100_000, "exact (IndexFlatIP)", 0.1, 6.0, 146.0),
    ]
    names = [r.name for r in bench.retrieval_rows(measures)]
    assert "10k exact (IndexFlatIP): search p50 (k=10)" in names
    assert "10k IVF128, nprobe 4: recall@10 vs exact" in names
    assert "10k exact (IndexFlatIP): recall@10 vs exact" not in names
    decision = {r.key: r for r in bench.decision_rows(measures, store_threshold=200_000)}
    assert decision["approximate_pays_off_at"].value == 83_333
    assert decision["approximate_above"].note == "suggested: 50 000"
    assert {r.key for r in bench.retrieval_rows(measures)} >= {"search_10k_exact_p50_ms", "search_10k_ivf_recall10"}


@pytest.mark.unit
def test_summary_block_quotes_the_headline_figures_and_the_machine():
    sections = [
        Section("2", (Row("ask p50", 31.2, "ms", key="ask_p50_ms"), Row("ask p95", 48.0, "ms", key="ask_p95_ms"), Row("cold", 6.1, "s", key="cold_start_s"))),
        Section(
            "4",
            (
                Row("x", 0.61, "ms", key="search_10k_exact_p50_ms"),
                Row("y", 68.0, "ms", key="search_1M_exact_p50_ms"),
                Row("z", 3.8, "ms", key="search_1M_ivf_p50_ms"),
                Row("b", 7.05, "s", key="search_1M_ivf_build_s"),
                Row("p", 1.0, "", key="search_1M_ivf_planted1"),
            ),
        ),
    ]
    machine = {"date": "2026-01-02", "cores": 2, "cpu": "AMD EPYC", "ram_gib": 23.4, "python": "3.11.7"}
    text = bench.summary_block(sections, machine)
    assert text.splitlines()[0] == "Benchmarks (2026-01-02; 2 cores, AMD EPYC, 23.4 GiB RAM, Python 3.11.7)"
    assert "p50 31.2 ms, p95 48.0 ms (target p50 < 50 ms)" in text
    assert "10k 0.61 ms, 1M 68.0 ms" in text
    assert "IVF at 1M: p50 3.80 ms, build 7.05 s, planted neighbour first 1.00" in text
    assert "NOTE" not in text
    data = json.loads(bench.sections_to_json(sections, machine, text))
    assert data["sections"][0]["rows"][0] == {"name": "ask p50", "value": 31.2, "unit": "ms", "note": "", "key": "ask_p50_ms"}


@pytest.mark.unit
def test_missing_langchain_fails_with_one_line_naming_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "langchain_community", None)
    with pytest.raises(AssistantError) as info:
        bench.require_langchain()
    assert str(info.value) == "the LangChain comparison needs the bench extra: pip install -e '.[bench]'"


@pytest.mark.integration
def test_synthetic_search_section_reports_exact_hnsw_and_ivf_at_a_tiny_size():
    measures = bench.measure_sizes((2_000,), queries=20, latency_queries=5)
    assert [m.kind.split()[0] for m in measures] == ["exact", "HNSW32", "IVF32,"]
    assert measures[0].planted1 == 1.0  # exact search finds every query's source: the generator works
    for m in measures[1:]:
        assert 0.0 <= m.recall10 <= 1.0 and 0.0 <= m.planted1 <= 1.0
    text = bench.format_section(Section("4", tuple(bench.retrieval_rows(measures) + bench.decision_rows(measures, 200_000))))
    for name in ("2k exact (IndexFlatIP): build", "2k HNSW32 efC 80 efS 64: search p50 (k=10)", "2k IVF32, nprobe 2: index size", "exact search cost per 100 000 chunks", "APPROXIMATE_ABOVE in store.py"):
        assert name in text


@pytest.mark.unit
def test_busy_seconds_leave_out_idle_and_iowait():
    stat = "cpu  100 20 30 1000 50 5 5 0 0 0\ncpu0 50 10 15 500 25 2 3 0 0 0\n"
    assert bench.busy_seconds(stat, ticks_per_second=100) == pytest.approx((100 + 20 + 30 + 5 + 5) / 100)
    with pytest.raises(ValueError):
        bench.busy_seconds("intr 1 2 3\n", 100)


@pytest.mark.unit
def test_other_cores_subtract_our_own_cpu_time_and_flag_a_busy_machine():
    before = bench.CpuSample(machine_s=100.0, own_s=10.0, wall_s=0.0)
    after = bench.CpuSample(machine_s=118.0, own_s=20.0, wall_s=10.0)
    assert bench.other_cores(before, after) == pytest.approx(0.8)
    assert bench.other_cores(None, after) is None
    assert bench.load_row(0.8, "k").note == "BUSY MACHINE: figures inflated, rerun"
    assert bench.load_row(0.01, "k").note == ""
    machine = {"date": "d", "cores": 2, "cpu": "c", "ram_gib": 1, "python": "3"}
    text = bench.summary_block([Section("1", (bench.load_row(0.8, "other_cores_1"),))], machine)
    assert "NOTE: other processes used up to 0.8 cores during the run; figures are inflated" in text
