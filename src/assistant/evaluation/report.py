"""The evaluation report: results.json, a readable report.md with PNG plots, and the comparison with an earlier run.

    out_dir/results.json    summary and every case (`runner.results_document`)
    out_dir/previous.json   the results.json this run replaced, if there was one
    out_dir/report.md       tables overall and per case type, comparison, regressions, failing cases
    out_dir/metrics.png     overall rate metrics (next to the previous run's, when there is one)
    out_dir/metrics_by_type.png   heatmap of the rate metrics per case type
    out_dir/latency.png     histogram of the per-case latency with p50 and p95

Plots are drawn with matplotlib's Agg canvas directly (no pyplot, no display), imported on first use.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.evaluation.runner import (
    LATENCY_METRICS,
    RATE_METRICS,
    EvalRun,
    check_floors,
    failing_cases,
    results_document,
)

RESULTS = "results.json"
PREVIOUS = "previous.json"
REPORT = "report.md"
PLOTS = {"metrics": "metrics.png", "by_type": "metrics_by_type.png", "latency": "latency.png"}
MAX_ANSWER_CHARS = 800

DESCRIPTIONS = {
    "evidence_hit_at_1": "evidence in the first citation (answerable cases)",
    "evidence_hit_at_3": "evidence in the first 3 citations",
    "evidence_hit_at_5": "evidence in the first 5 citations",
    "evidence_mrr": "mean reciprocal rank of the evidence",
    "fact_coverage_fact": "required facts found in the answer, per fact",
    "fact_coverage_case": "cases with every required fact",
    "programme_top1": "first programme is the best one (programme_match cases)",
    "programme_top3": "best programme among the first 3",
    "programme_recall_at_3": "share of gold programmes among the first 3",
    "abstention_answerable": "answerable questions answered",
    "abstention_unanswerable": "unanswerable questions declined",
    "citation_recall": "ALCE: sentences supported by their citations (answered cases)",
    "citation_precision": "ALCE: citations that are not irrelevant",
    "latency_p50_ms": "median latency per question",
    "latency_p95_ms": "95th percentile latency per question",
}


# --- Reading and comparing runs ----------------------------------------------------------------------------


def load_results(path: str | Path) -> dict[str, Any]:
    """Read an earlier results.json; ValueError naming the file when it is not one."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno}); delete it or pass another") from None
    if not (isinstance(data, dict) and isinstance(data.get("summary"), dict) and isinstance(data.get("cases"), list)):
        raise ValueError(f"{path}: not an evaluation results.json (needs 'summary' and 'cases')")
    return data


@dataclass(frozen=True)
class MetricDelta:
    name: str
    before: float | None
    now: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.now is None:
            return None
        return self.now - self.before


def compare_metrics(previous_summary: Mapping[str, Any], summary: Mapping[str, Any]) -> list[MetricDelta]:
    """Overall metric values before and now, in report order."""
    before = previous_summary.get("overall", {}).get("metrics", {})
    now = summary["overall"]["metrics"]
    return [MetricDelta(name, before.get(name), now.get(name)) for name in RATE_METRICS + LATENCY_METRICS]


def regressions(previous: Mapping[str, Any], current: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Cases (by id, in the current order) that passed a check in `previous` and fail it in `current`; both are
    results.json documents."""
    before = {c["id"]: c.get("checks", {}) for c in previous.get("cases", [])}
    out = []
    for case in current["cases"]:
        old = before.get(case["id"], {})
        lost = [name for name, ok in case["checks"].items() if not ok and old.get(name) is True]
        if lost:
            out.append({"id": case["id"], "type": case["type"], "question": case["turns"][-1], "checks": lost})
    return out


# --- Plots -------------------------------------------------------------------------------------------------


def _figure(width: float, height: float) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=110, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _value(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) else math.nan


def plot_metrics(summary: Mapping[str, Any], path: Path, previous_summary: Mapping[str, Any] | None = None) -> None:
    """Horizontal bars of the overall rate metrics, with the previous run's beside them when given."""
    now = [_value(summary["overall"]["metrics"].get(n)) for n in RATE_METRICS]
    figure = _figure(8, 0.42 * len(RATE_METRICS) + 1.2)
    axes = figure.add_subplot()
    rows = list(range(len(RATE_METRICS)))
    height = 0.38 if previous_summary else 0.7
    if previous_summary:
        before = [_value(previous_summary.get("overall", {}).get("metrics", {}).get(n)) for n in RATE_METRICS]
        axes.barh([r + height / 2 for r in rows], before, height, color="#bbbbbb", label="previous")
        axes.barh([r - height / 2 for r in rows], now, height, color="#2b6cb0", label="now")
        axes.legend(loc="lower right")
    else:
        axes.barh(rows, now, height, color="#2b6cb0")
    for row, value in zip(rows, now, strict=True):
        label = "n/a" if math.isnan(value) else f"{value:.3f}"
        axes.text(0.0 if math.isnan(value) else value, row - (height / 2 if previous_summary else 0), f" {label}",
                  va="center", fontsize=8)
    axes.set_yticks(rows, RATE_METRICS)
    axes.invert_yaxis()
    axes.set_xlim(0, 1.1)
    axes.set_xlabel("rate")
    axes.set_title("Evaluation metrics, all cases")
    figure.savefig(path)


def plot_by_type(summary: Mapping[str, Any], path: Path) -> None:
    """A heatmap of the rate metrics (columns) per case type (rows); blank where a metric does not apply."""
    import matplotlib
    import numpy as np

    types = list(summary["by_type"])
    grid = np.array([[_value(summary["by_type"][t]["metrics"].get(n)) for n in RATE_METRICS] for t in types])
    figure = _figure(11, 0.5 * len(types) + 2.6)
    axes = figure.add_subplot()
    cmap = matplotlib.colormaps["RdYlGn"].with_extremes(bad="#eeeeee")
    image = axes.imshow(np.ma.masked_invalid(grid), cmap=cmap, vmin=0, vmax=1, aspect="auto")
    for (row, col), value in np.ndenumerate(grid):
        if not math.isnan(value):
            axes.text(col, row, f"{value:.2f}", ha="center", va="center", fontsize=7)
    axes.set_xticks(range(len(RATE_METRICS)), RATE_METRICS, rotation=40, ha="right", fontsize=8)
    axes.set_yticks(range(len(types)), [f"{t} ({summary['by_type'][t]['cases']})" for t in types])
    axes.set_title("Metrics by case type")
    figure.colorbar(image, ax=axes, shrink=0.8)
    figure.savefig(path)


def plot_latency(latencies: Sequence[float], summary: Mapping[str, Any], path: Path) -> None:
    """A histogram of per-case latency with the p50 and p95 lines."""
    from matplotlib.ticker import MaxNLocator

    figure = _figure(7, 3.6)
    axes = figure.add_subplot()
    if latencies:
        import numpy as np

        bins: Any = min(30, max(5, len(latencies) // 3))
        low, high = min(latencies), max(latencies)
        # One slow case (a cold start) would squash every other bar into the first bin on a linear axis.
        if low > 0 and high / low > 20:
            bins = np.geomspace(low, high, bins + 1)
            axes.set_xscale("log")
        axes.hist(latencies, bins=bins, color="#2b6cb0")
    metrics = summary["overall"]["metrics"]
    for name, style in (("latency_p50_ms", "--"), ("latency_p95_ms", ":")):
        if metrics.get(name) is not None:
            axes.axvline(metrics[name], color="#c53030", linestyle=style, label=f"{name[8:11]} {metrics[name]:.0f} ms")
    if metrics.get("latency_p50_ms") is not None:
        axes.legend()
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel("latency per question (ms)")
    axes.set_ylabel("cases")
    axes.set_title("Latency")
    figure.savefig(path)


# --- Markdown ----------------------------------------------------------------------------------------------


def _cell(text: Any) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _fmt(name: str, value: Any) -> str:
    if value is None:
        return "n/a"
    return f"{value:.1f} ms" if name.endswith("_ms") else f"{value:.3f}"


def _fmt_delta(name: str, delta: float | None) -> str:
    if delta is None:
        return "n/a"
    return f"{delta:+.1f} ms" if name.endswith("_ms") else f"{delta:+.3f}"


def _overall_table(summary: Mapping[str, Any], floors: Mapping[str, float] | None) -> list[str]:
    overall = summary["overall"]
    head = "| Metric | Value | Over | Meaning |" + (" Floor |" if floors else "")
    lines = [head, "|---|---:|---:|---|" + ("---:|" if floors else "")]
    for name in RATE_METRICS + LATENCY_METRICS:
        value = overall["metrics"].get(name)
        over = overall["counts"].get(name, overall["cases"])
        row = f"| {name} | {_fmt(name, value)} | {over} | {DESCRIPTIONS[name]} |"
        if floors:
            row += f" {_fmt(name, floors[name]) if name in floors else ''} |"
        lines.append(row)
    return lines


def _type_table(summary: Mapping[str, Any]) -> list[str]:
    types = list(summary["by_type"])
    lines = ["| Metric | " + " | ".join(types) + " |", "|---|" + "---:|" * len(types)]
    lines.append("| cases | " + " | ".join(str(summary["by_type"][t]["cases"]) for t in types) + " |")
    lines.append("| passed | " + " | ".join(str(summary["by_type"][t]["passed"]) for t in types) + " |")
    for name in RATE_METRICS + LATENCY_METRICS:
        values = [_fmt(name, summary["by_type"][t]["metrics"].get(name)) for t in types]
        lines.append(f"| {name} | " + " | ".join(values) + " |")
    return lines


def _comparison(previous: Mapping[str, Any], summary: Mapping[str, Any], current: Mapping[str, Any]) -> list[str]:
    lines = [f"## Compared with the previous run ({previous.get('started', 'unknown time')})", ""]
    lines += ["| Metric | Before | Now | Change |", "|---|---:|---:|---:|"]
    for row in compare_metrics(previous["summary"], summary):
        lines.append(f"| {row.name} | {_fmt(row.name, row.before)} | {_fmt(row.name, row.now)} | "
                     f"{_fmt_delta(row.name, row.delta)} |")
    lost = regressions(previous, current)
    lines += ["", f"### Regressed cases ({len(lost)})", ""]
    for r in lost:
        lines.append(f"- `{r['id']}` ({r['type']}): now fails {', '.join(r['checks'])} — {_cell(r['question'])}")
    if not lost:
        lines.append("No case fails a check it passed before.")
    return lines + [""]


def _expected_line(expected: Mapping[str, Any]) -> str:
    if not expected["answerable"]:
        return "decline (the sources do not answer this)"
    parts = []
    if expected["must_mention"]:
        parts.append("facts " + "; ".join(" / ".join(f"«{w}»" for w in fact) for fact in expected["must_mention"]))
    if expected["programmes"]:
        parts.append("programmes " + ", ".join(expected["programmes"]))
    parts.append("evidence " + "; ".join(f"«{e}»" for e in expected["evidence"]))
    return _cell(" — ".join(parts))


def _failing_case(case: Mapping[str, Any]) -> list[str]:
    got = case["got"]
    lines = [f"### `{case['id']}` ({case['type']}) — failed: {', '.join(case['failed'])}", ""]
    lines.append(f"- **Question:** {_cell(case['turns'][-1])}")
    if len(case["turns"]) > 1:
        lines.append("- **Earlier turns:** " + " / ".join(_cell(t) for t in case["turns"][:-1]))
    lines.append(f"- **Expected:** {_expected_line(case['expected'])}")
    if case["error"]:
        lines.append(f"- **Error:** `{_cell(case['error'])}`")
    answer = _cell(got["answer"]) or "(empty)"
    if len(answer) > MAX_ANSWER_CHARS:
        answer = answer[:MAX_ANSWER_CHARS] + " …"
    state = "answered" if got["answerable"] else "declined"
    lines.append(f"- **Got ({state}):** {answer}")
    if got["citations"]:
        heading = "Citations" if got["answerable"] else "Related"
        shown = "; ".join(f"[{i}] {_cell(c['section'] or '(no section)')}, p. {c['page']}"
                          for i, c in enumerate(got["citations"], start=1))
        lines.append(f"- **{heading}:** {shown}")
    if case["expected"]["answerable"]:
        rank, related = case["evidence_rank"], case.get("related_rank")
        where = str(rank) if rank is not None else "not among the citations"
        if related is not None:
            where += f" (related passage {related})"
        lines.append(f"- **Evidence rank:** {where}")
    if case["expected"]["programmes"] or got["programmes"]:
        lines.append(f"- **Programmes:** {', '.join(got['programmes']) or '(none)'}")
    return lines + [""]


def render_markdown(
    run: EvalRun,
    summary: Mapping[str, Any],
    current: Mapping[str, Any],
    previous: Mapping[str, Any] | None = None,
    floors: Mapping[str, float] | None = None,
) -> str:
    """The report as Markdown; image links point at the PNGs next to it."""
    overall = summary["overall"]
    lines = [
        "# Evaluation report",
        "",
        f"Run started {run.started}: {overall['cases']} cases, {overall['passed']} passed every check, "
        f"{overall['errors']} raised an error; {run.wall_ms / 1000:.1f} s in all.",
        "",
        "## Overall",
        "",
        *_overall_table(summary, floors),
        "",
        f"![Overall metrics]({PLOTS['metrics']})",
        "",
    ]
    if floors is not None:
        violations = check_floors(summary, floors)
        lines += ["### Floors", ""]
        lines += [f"- {v}" for v in violations] or ["Every floor holds."]
        lines.append("")
    lines += ["## By case type", "", *_type_table(summary), "", f"![Metrics by case type]({PLOTS['by_type']})", ""]
    lines += ["## Latency", "", f"![Latency]({PLOTS['latency']})", ""]
    if previous is not None:
        lines += _comparison(previous, summary, current)
    failing = failing_cases(run)
    lines += [f"## Failing cases ({len(failing)})", ""]
    if not failing:
        lines += ["Every case passed every check.", ""]
    for case in failing:
        lines += _failing_case(case)
    return "\n".join(lines)


def write_report(
    run: EvalRun,
    summary: Mapping[str, Any],
    out_dir: str | Path,
    previous: Mapping[str, Any] | None = None,
    floors: Mapping[str, float] | None = None,
) -> Path:
    """Write results.json, report.md and the plots into `out_dir` and return the report's path.

    `previous` is an earlier results.json document to compare with; when it is None and `out_dir` already
    holds a results.json, that one is compared with. A results.json being replaced is kept as previous.json.
    With `floors`, the report also lists the floor of each metric and any violations.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    existing = out / RESULTS
    if existing.is_file():
        old = load_results(existing)
        (out / PREVIOUS).write_text(existing.read_text(encoding="utf-8"), encoding="utf-8")
        if previous is None:
            previous = old
    current = results_document(run, summary)
    existing.write_text(json.dumps(current, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    previous_summary = previous["summary"] if previous is not None else None
    plot_metrics(summary, out / PLOTS["metrics"], previous_summary)
    plot_by_type(summary, out / PLOTS["by_type"])
    plot_latency([r.metrics.latency_ms for r in run.results], summary, out / PLOTS["latency"])

    report = out / REPORT
    report.write_text(render_markdown(run, summary, current, previous, floors) + "\n", encoding="utf-8")
    return report
