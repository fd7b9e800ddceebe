"""Speed figures of mocmo, printed as a table (or one JSON object with ``--json``).

Medians of repeated runs on this machine. No figure here is asserted: a benchmark measures,
tests check behaviour. Run from the repository root after the README's setup::

    .venv/bin/python benchmarks/run.py            # table
    .venv/bin/python benchmarks/run.py --json     # one JSON object
    .venv/bin/python benchmarks/run.py --quick    # fewer repeats, no notebooks

Keys (seconds unless named otherwise): import_s, compute_example_s, compute_300_s,
compute_2000_s, scaling_ratio (time ratio ÷ size ratio, 2,000 vs 30 people), widget_edit_s,
export_example_s, export_2000_s, monte_carlo_s, notebooks_s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

TARGETS: dict[str, float] = {
    "import_s": 1.0,
    "compute_example_s": 0.020,
    "compute_2000_s": 1.0,
    "scaling_ratio": 1.0,
    "widget_edit_s": 0.100,
    "export_example_s": 5.0,
    "export_2000_s": 30.0,
    "monte_carlo_s": 0.5,
    "notebooks_s": 90.0,
}
"""The targets of the speed issue, on a 2-core machine."""


def median_time(fn: Callable[[], Any], repeats: int, warmup: int = 1) -> float:
    """Median wall time of ``fn()`` over ``repeats`` runs, after ``warmup`` untimed runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_import(repeats: int) -> float:
    """``import mocmo`` in a fresh interpreter (includes interpreter start-up)."""

    def run() -> None:
        subprocess.run([sys.executable, "-c", "import mocmo"], check=True, cwd=ROOT)

    return median_time(run, repeats)


def bench_compute(plan: Any, repeats: int) -> float:
    """Every headline figure and every check of the plan (all steps)."""
    from mocmo.summary import checks, headline

    return median_time(lambda: (headline(plan), checks(plan)), repeats)


def _kernel_like_shell() -> Any:
    """An IPython shell that formats every ``display()`` as a notebook kernel does (the offline
    HTML renderer: the chart's spec validated, embedded with Vega) and keeps the outputs in
    memory instead of sending them to a browser."""
    from IPython.core.displaypub import CapturingDisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell

    from mocmo.charts.core import enable_offline

    shell = InteractiveShell.instance()
    shell.display_pub = CapturingDisplayPublisher()
    enable_offline()
    return shell


def bench_widget_edit(repeats: int) -> float:
    """One widget edit on the example (flip one activity of the reshape panel between stays
    and AI) → new validated plan → the panel's figures, sentences, checks, tables and every
    chart the edit changes rebuilt and displayed (formatted to HTML as in a kernel)."""
    from mocmo import defaults
    from mocmo.ui import core
    from mocmo.ui import reshape as reshape_ui

    shell = _kernel_like_shell()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.yaml"
        path.write_bytes(defaults.example_path().read_bytes())
        session = core.PlanSession(path)
        panel = reshape_ui.panel(session)
        row = next(r for r in panel.rows if r.destination.value == "stays")

        def edit() -> None:
            row.destination.value = "ai" if row.destination.value == "stays" else "stays"
            shell.display_pub.outputs.clear()

        return median_time(edit, repeats, warmup=2)


def bench_export(plan: Any, repeats: int) -> float:
    """The full export: the finance workbook, every chart as PNG and SVG, summary.json."""
    from mocmo.export import export_all

    with tempfile.TemporaryDirectory() as tmp:
        return median_time(lambda: export_all(plan, Path(tmp), progress=False), repeats)


def bench_monte_carlo(plan: Any, repeats: int) -> float:
    """The costing step's Monte Carlo, 10,000 draws."""
    from mocmo.costing import simulate

    return median_time(lambda: simulate(plan, draws=10_000), repeats)


def bench_notebooks() -> float:
    """Executing every guided notebook headlessly (nbval, one run) on the example plan."""
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "MOCMO_HOME": home}
        env.pop("MOCMO_PLAN", None)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax",
             "--nbval-current-env", "notebooks/"],
            check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        return time.perf_counter() - start


def run(quick: bool = False) -> dict[str, Any]:
    """Every figure, as a dict of plain numbers."""
    from mocmo import defaults
    from mocmo.synthetic import synthetic_plan

    r = 3 if quick else 7
    example = defaults.load_example()
    plan_300 = synthetic_plan(300, 30, 18)
    plan_2000 = synthetic_plan(2000, 200, 36)
    people_example = sum(role.headcount for role in example.legacy_roles)
    figures: dict[str, Any] = {"import_s": bench_import(r)}
    figures["compute_example_s"] = bench_compute(example, r * 3)
    figures["compute_300_s"] = bench_compute(plan_300, r)
    figures["compute_2000_s"] = bench_compute(plan_2000, r)
    size_ratio = 2000 / people_example
    figures["scaling_ratio"] = (
        figures["compute_2000_s"] / figures["compute_example_s"]
    ) / size_ratio
    figures["widget_edit_s"] = bench_widget_edit(r * 3)
    figures["export_example_s"] = bench_export(example, r)
    figures["export_2000_s"] = bench_export(plan_2000, 1 if quick else 3)
    figures["monte_carlo_s"] = bench_monte_carlo(example, r)
    figures["notebooks_s"] = None if quick else bench_notebooks()
    return figures


def _table(figures: dict[str, Any]) -> str:
    lines = [f"{'figure':<20} {'median':>10} {'target':>10}  verdict"]
    for key, value in figures.items():
        target = TARGETS.get(key)
        shown = (
            "—"
            if value is None
            else (f"{value:.3f}" if key == "scaling_ratio" else f"{value:.3f} s")
        )
        goal = (
            ""
            if target is None
            else (f"≤ {target:g}" if key == "scaling_ratio" else f"≤ {target:g} s")
        )
        verdict = "" if value is None or target is None else ("ok" if value <= target else "MISSED")
        lines.append(f"{key:<20} {shown:>10} {goal:>10}  {verdict}")
    return "\n".join(lines)


def main() -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, skip notebooks")
    args = parser.parse_args()
    figures = run(quick=args.quick)
    print(json.dumps(figures, indent=2) if args.json else _table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
