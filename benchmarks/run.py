"""Speed figures of mocmo, printed as a table (or one JSON object with ``--json``).

Medians of repeated runs on this machine. No figure here is asserted: a benchmark measures,
tests check behaviour. Run from the repository root after the README's setup::

    .venv/bin/python benchmarks/run.py            # table
    .venv/bin/python benchmarks/run.py --json     # one JSON object
    .venv/bin/python benchmarks/run.py --quick    # fewer repeats, no notebooks, no app
    .venv/bin/python benchmarks/run.py --app      # only the app's figures (Chromium)

Keys (seconds unless named otherwise): import_s, compute_example_s, compute_300_s, compute_2000_s
(every figure but the simulation's, and every check), compute_10000_s (10,000 people, 250
audiences, 36 months), compute_2000_cpu_s and compute_10000_cpu_s (the same, CPU time of the
process: steadier on a busy machine), scaling_ratio (time ratio ÷ size ratio, 2,000 vs 30 people),
widget_edit_s, export_example_s, export_cli_s, brief_example_s (``mocmo brief`` of the example as
typed, all three formats: a new process, the PDF printed by Chromium), export_2000_s,
monte_carlo_s, ranges_example_s and
ranges_2000_s (the drivers' 10,000-draw simulation, :mod:`mocmo.ranges`, of the example and of the
2,000-person plan), thresholds_example_s ("what would have to be true", every driver), notebooks_s;
the one-page app in Debian's Chromium (``mocmo app``, the example plan): app_start_s (``mocmo app``
→ the address printed), app_first_screen_s (printed URL opened → Start's plan picker, the plan's
figures and the list of plans on screen; of it, app_first_html_s is the page's HTML received and
app_first_page_load_s its scripts loaded and run; the rest is the widgets drawn),
app_step_first_visit_s (slowest first visit of a step: its panel is built), app_step_change_s
(slowest click on a step already visited → its panel on screen), app_memory_mb (resident memory of
the app's process tree — mocmo, the server, its kernels, the pre-started one included — after every
step visited twice), app_kernels (kernels then), app_edit_browser_s (slowest of: Enter in Reshape's
Oversight box or Costing's Point in band box → the last change it makes to the visible step, its
figures and charts, once still for 3 s; medians, per step in app_edit_browser_<step>_s;
app_edit_browser_figures_s and app_edit_browser_<step>_figures_s: Enter → the last change to its
figures, sentences and tables, the charts drawn after them) and app_edit_kernel_s (the same edits
in an in-process kernel running the app's shell: typed text → plan → the step's figures, sentences
and tables redrawn; per step in app_edit_kernel_<step>_s; the charts, and the ranges on the
drivers (their 10,000-draw simulation, "Recomputing the ranges…" shown meanwhile), are drawn after
the figures, on the kernel's event loop: app_edit_kernel_charts_s and
app_edit_kernel_<step>_charts_s are edit → charts and ranges drawn too).
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

TARGETS: dict[str, float] = {
    "import_s": 1.0,
    "compute_example_s": 0.020,
    "compute_2000_s": 1.0,
    "compute_10000_s": 1.0,
    "compute_2000_cpu_s": 1.0,
    "compute_10000_cpu_s": 1.0,
    "scaling_ratio": 1.0,
    "widget_edit_s": 0.100,
    "export_example_s": 5.0,
    "brief_example_s": 10.0,
    "export_2000_s": 30.0,
    "monte_carlo_s": 0.5,
    "ranges_example_s": 0.5,
    "ranges_2000_s": 3.0,
    "notebooks_s": 90.0,
    "app_first_screen_s": 2.0,
    "app_step_change_s": 0.3,
    "app_edit_browser_s": 0.1,
    "app_edit_kernel_s": 0.1,
    "app_memory_mb": 1536.0,
}
"""The targets of the speed issue, on a 2-core machine."""


def median_time(
    fn: Callable[[], Any],
    repeats: int,
    warmup: int = 1,
    between: Callable[[], Any] | None = None,
) -> float:
    """Median wall time of ``fn()`` over ``repeats`` runs, after ``warmup`` untimed runs;
    ``between`` (untimed) runs after each run."""
    for _ in range(warmup):
        fn()
        if between is not None:
            between()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        if between is not None:
            between()
    return statistics.median(times)


def median_time_fresh(
    fn: Callable[[Any], Any],
    plan: Any,
    repeats: int,
    warmup: bool = True,
    clock: Callable[[], float] = time.perf_counter,
) -> float:
    """Median time of ``fn(copy)`` over ``repeats`` deep copies of ``plan``, after one untimed
    run (unless ``warmup`` is False), by ``clock``: wall time unless told (``time.process_time``
    is the CPU time of the process, all its threads, which a busy machine disturbs far less).
    Every timed run gets a plan object the process
    has never seen, so nothing is served from the per-plan memory (:mod:`mocmo._memo`): each
    figure is a first computation, as after a widget edit. The copies are made before the
    clock starts."""
    copies = [plan.model_copy(deep=True) for _ in range(repeats + 1)]
    if warmup:
        fn(copies[0])
    times = []
    for copy in copies[1:]:
        start = clock()
        fn(copy)
        times.append(clock() - start)
    return statistics.median(times)


def bench_import(repeats: int) -> float:
    """``import mocmo`` in a fresh interpreter (includes interpreter start-up)."""

    def run() -> None:
        subprocess.run([sys.executable, "-c", "import mocmo"], check=True, cwd=ROOT)

    return median_time(run, repeats)


def bench_compute(plan: Any, repeats: int, clock: Callable[[], float] = time.perf_counter) -> float:
    """Every headline figure but the simulation's (ranges_* measure those) and every check of
    the plan (all steps), on a fresh plan object (wall time, or the process's CPU time with
    ``clock=time.process_time``)."""
    from mocmo.summary import checks, headline

    def run(p: Any) -> Any:
        return headline(p, simulation=False), checks(p)

    return median_time_fresh(run, plan, repeats, clock=clock)


def _in_process_kernel() -> Any:
    """A real IPython kernel in this process (ipykernel's in-process kernel): widgets get real
    comms and :class:`mocmo.ui.core.ChartBox` draws each chart as it does in Jupyter or Voilà
    (SVG by vl-convert, serialised into the widget's state), only without a browser."""
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    # At exit the kernel's I/O thread leaves a pending asyncio task; asyncio would log it.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    from ipykernel.inprocess.manager import InProcessKernelManager

    manager = InProcessKernelManager()
    manager.start_kernel()
    return manager


def bench_widget_edit(repeats: int) -> float:
    """One widget edit on the example (flip one activity of the reshape panel between stays
    and AI) → new validated plan → the panel's figures, sentences, checks and tables redrawn,
    and every chart the edit changes rebuilt and drawn, in an in-process kernel."""
    from mocmo import defaults

    manager = _in_process_kernel()
    from mocmo.ui import core
    from mocmo.ui import reshape as reshape_ui

    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "plan.yaml"
            path.write_bytes(defaults.example_path().read_bytes())
            panel = reshape_ui.panel(core.PlanSession(path))
            row = next(r for r in panel.rows if r.destination.value == "stays")

            def edit() -> None:
                row.destination.value = "ai" if row.destination.value == "stays" else "stays"

            return median_time(edit, repeats, warmup=2)
    finally:
        manager.shutdown_kernel()


def bench_export(plan: Any, repeats: int, warmup: bool = True) -> float:
    """The full export: the finance workbook, every chart as PNG and SVG, the charts page and
    summary.json, each run on a fresh plan object."""
    from mocmo.export import export_all

    with tempfile.TemporaryDirectory() as tmp:
        return median_time_fresh(
            lambda p: export_all(p, Path(tmp), progress=False), plan, repeats, warmup
        )


def bench_export_cli(repeats: int) -> float:
    """``mocmo export data/examples/brightwave.yaml --out DIR`` as typed: a new Python process
    each time, so interpreter start-up, every import (Altair, vl-convert's engine) and every
    first computation count, which the in-process ``export_example_s`` has already paid."""
    from mocmo import defaults

    example = str(defaults.example_path())

    with tempfile.TemporaryDirectory() as tmp:

        def run() -> None:
            subprocess.run(
                [sys.executable, "-m", "mocmo.cli", "export", example, "--out", tmp, "--quiet"],
                check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
            )  # fmt: skip

        return median_time(run, repeats, warmup=1)


def bench_brief_cli(repeats: int) -> float:
    """``mocmo brief data/examples/brightwave.yaml --out DIR`` as typed (PDF, PPTX and HTML):
    a new Python process each time, the PDF printed by headless Chromium."""
    from mocmo import defaults

    example = str(defaults.example_path())

    with tempfile.TemporaryDirectory() as tmp:

        def run() -> None:
            subprocess.run(
                [sys.executable, "-m", "mocmo.cli", "brief", example, "--out", tmp, "--quiet"],
                check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
            )  # fmt: skip

        return median_time(run, repeats, warmup=1)


def bench_monte_carlo(plan: Any, repeats: int) -> float:
    """The costing step's Monte Carlo, 10,000 draws."""
    from mocmo.costing import simulate

    return median_time_fresh(lambda p: simulate(p, draws=10_000), plan, repeats)


def bench_ranges(plan: Any, repeats: int) -> float:
    """The drivers' simulation (data/defaults/ranges.yaml's draws, 10,000) on a fresh plan:
    every node of every driver run through the model, the draws added up, percentiles."""
    from mocmo import ranges

    return median_time_fresh(ranges.headline, plan, repeats)


def bench_thresholds(plan: Any, repeats: int) -> float:
    """The "what would have to be true" thresholds of every driver, both tests, on a fresh plan."""
    from mocmo import ranges

    return median_time_fresh(ranges.thresholds, plan, repeats)


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


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)  # fmt: skip
APP_STEPS = (
    "Start", "Diagnose", "Audiences", "Reshape", "Costing", "Migration", "Agents", "Scenarios",
    "Export",
)  # fmt: skip


def _tree_rss_mb(pid: int) -> float:
    import psutil  # type: ignore[import-untyped]  # no stubs installed; ipykernel needs it

    root = psutil.Process(pid)
    total = 0
    for proc in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            total += proc.memory_info().rss
    return total / 2**20


def _kernel_count(pid: int) -> int:
    import psutil

    count = 0
    for child in psutil.Process(pid).children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            count += any("ipykernel_launcher" in part for part in child.cmdline())
    return count


_SIGNATURE_JS = """() => {
    const main = document.querySelector('.mocmo-shell-main');
    if (!main) return '';
    const drawn = [...main.querySelectorAll('svg, img')]
        .filter(el => el.getClientRects().length > 0)
        .map(el => el.outerHTML
            .replace(/\\b(id|clip-path|href|xlink:href)="[^"]*"/g, '')
            .replace(/url\\(#[^)]*\\)/g, ''));
    const text = main.innerText + '\\u0000' + drawn.join('\\u0000');
    let hash = 0;
    for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) | 0;
    return text.length + ':' + hash;
}"""
"""What the visible step shows, in one string: its text and every chart drawn on it (hidden
steps excluded; Vega's element ids, which count up from one drawing to the next, left out).
Two equal signatures mean the same figures and the same charts."""


_FIGURES_JS = """() => [...document.querySelectorAll(
    '.mocmo-shell-main .widget-html-content')]
    .filter(el => el.getClientRects().length > 0 && !el.querySelector('svg'))
    .map(el => el.innerText).join('\u0000')"""
"""What the visible step's figures, sentences and tables say (its HTML widgets, charts left
out)."""

_WATCH_JS = """([sign, figures]) => {
    const watch = {start: performance.now(), last: null, was: (eval(sign))(),
                   figuresLast: null, figuresWas: (eval(figures))()};
    window.__mocmoWatch = watch;
    const look = () => {
        if (window.__mocmoWatch !== watch) return;
        const now = (eval(sign))();
        if (now !== watch.was) { watch.was = now; watch.last = performance.now(); }
        const said = (eval(figures))();
        if (said !== watch.figuresWas) {
            watch.figuresWas = said; watch.figuresLast = performance.now();
        }
        requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
}"""
"""Watch the visible step every frame from now on: the time of its last change, and of the
last change of its figures (:data:`_FIGURES_JS`)."""


def _redraw_s(page: Any, box: Any, value: str, quiet_s: float = 3.0) -> tuple[float, float]:
    """Type ``value`` in ``box`` and press Enter; seconds from Enter to the last change of the
    visible step (its text or a chart), once it has been still for ``quiet_s``, and to the last
    change of its figures (the time of the whole change when the figures did not move)."""
    box.fill(value)
    page.evaluate(_WATCH_JS, ["(" + _SIGNATURE_JS + ")", "(" + _FIGURES_JS + ")"])
    box.press("Enter")
    deadline = time.perf_counter() + 120
    while time.perf_counter() < deadline:
        time.sleep(0.1)
        state = page.evaluate(
            "() => ({last: window.__mocmoWatch.last, start: window.__mocmoWatch.start,"
            " figures: window.__mocmoWatch.figuresLast, now: performance.now()})"
        )
        if state["last"] is not None and state["now"] - state["last"] >= quiet_s * 1000:
            whole = float(state["last"] - state["start"]) / 1000
            said = state["figures"]
            return whole, (whole if said is None else float(said - state["start"]) / 1000)
    raise RuntimeError(f"typing {value!r} changed nothing on the step, or it never settled")


def _edit_redraw_s(
    page: Any, box: Any, values: tuple[str, str], repeats: int = 3
) -> tuple[float, float]:
    """Median times from Enter in ``box`` to the last change it causes on the visible step
    (every figure and chart redrawn) and to its figures redrawn, alternating two values, after
    one untimed round."""
    for value in values:
        _redraw_s(page, box, value)
    times = [_redraw_s(page, box, v) for _ in range(repeats) for v in values]
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


APP_EDITS: tuple[tuple[int, str, str, tuple[str, str]], ...] = (
    # step number, title, the box's label, the two values typed in turn
    (4, "Reshape", "Oversight", ("90", "10")),
    (5, "Costing", "Point in band", ("75", "mid")),
)
"""The edits timed in the browser: an AI activity's oversight, the first MarOps seat's point."""


def bench_app_edit_kernel(repeats: int = 5) -> dict[str, float]:
    """The same edits as :data:`APP_EDITS`, timed in the kernel (an in-process kernel running
    the app's shell and panels; no browser), as the app runs them: on the shown step, the
    other steps hidden (they redraw when shown), charts after figures
    (:func:`mocmo.ui.core.defer_charts`):
    typed text → validated plan → every figure, sentence and table of the step's panel redrawn
    (``app_edit_kernel_<step>_s``), and → its charts drawn too, as the kernel's event loop
    draws them after the edit (``app_edit_kernel_<step>_charts_s``)."""
    from mocmo import defaults

    manager = _in_process_kernel()
    from mocmo.ui import core
    from mocmo.ui.shell import AppShell

    figures: dict[str, float] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "plan.yaml"
            path.write_bytes(defaults.example_path().read_bytes())
            core.defer_charts()
            app = AppShell(core.PlanSession(path))
            app.go("reshape")
            row = next(r for r in app.panels["reshape"].rows if r.destination.value == "ai")
            app.go("costing")
            point = app.panels["costing"].seat_rows[0].point
            for key, box, values in (
                ("reshape", row.oversight, ("90", "10")),
                ("costing", point, ("75", "mid")),
            ):
                app.go(key)  # the edit is made on the shown step, the other one hidden
                turns = itertools.cycle(values)

                def edit(box: Any = box, turns: Iterator[str] = turns) -> None:
                    box.value = next(turns)

                def edit_and_draw(edit: Callable[[], None] = edit) -> None:
                    edit()
                    core.draw_pending()

                core.draw_pending()
                figures[f"app_edit_kernel_{key}_s"] = median_time(
                    edit, repeats, warmup=2, between=core.draw_pending
                )
                figures[f"app_edit_kernel_{key}_charts_s"] = median_time(
                    edit_and_draw, repeats, warmup=2
                )
    finally:
        core.defer_charts(False)
        manager.shutdown_kernel()
    figures["app_edit_kernel_s"] = max(v for k, v in figures.items() if not k.endswith("charts_s"))
    figures["app_edit_kernel_charts_s"] = max(
        v for k, v in figures.items() if k.endswith("_charts_s")
    )
    return figures


def bench_app() -> dict[str, float]:
    """``mocmo app`` on a fresh workspace, driven by Chromium (one run: a real first screen)."""
    import signal
    import socket

    from playwright.sync_api import sync_playwright

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "MOCMO_HOME": home}
        env.pop("MOCMO_PLAN", None)
        cmd = [sys.executable, "-m", "mocmo.cli", "app", "--no-browser", "--port", str(port)]
        launched = time.perf_counter()
        proc = subprocess.Popen(
            cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            start_new_session=True, cwd=ROOT,
        )  # fmt: skip
        try:
            assert proc.stdout is not None
            url = ""
            for line in proc.stdout:
                if "the guided workbook is at " in line:
                    url = line.split(" is at ", 1)[1].strip()
                    break
            if not url:
                raise RuntimeError("mocmo app printed no address")
            figures["app_start_s"] = time.perf_counter() - launched
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.route(
                    "**/*",
                    lambda route: (
                        route.continue_()
                        if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:"))
                        else route.abort()
                    ),
                )
                main = page.locator(".mocmo-shell-main")
                start = time.perf_counter()
                page.goto(url, wait_until="commit", timeout=180_000)
                # Start's first useful screen: the plan picker, the plan's figures, your plans
                page.get_by_role("button", name="Use this plan").wait_for(timeout=180_000)
                main.get_by_text("Audience pipeline targets").first.wait_for(timeout=180_000)
                main.get_by_text("brightwave.yaml").last.wait_for(timeout=180_000)
                figures["app_first_screen_s"] = time.perf_counter() - start
                timing = page.evaluate(
                    "() => { const n = performance.getEntriesByType('navigation')[0];"
                    " return {html: n.responseEnd, load: n.loadEventEnd}; }"
                )
                figures["app_first_html_s"] = timing["html"] / 1000
                figures["app_first_page_load_s"] = timing["load"] / 1000
                first: list[float] = []
                again: list[float] = []
                for visit in (first, again):
                    for number, title in enumerate(APP_STEPS, start=1):
                        if number == 1 and visit is first:
                            continue  # already on Start
                        begin = time.perf_counter()
                        page.get_by_role("button", name=f"{number} · {title}", exact=True).click()
                        page.locator(".mocmo-shell-step", has_text=f"Step {number} of").wait_for(
                            timeout=180_000
                        )
                        shown = (
                            page.get_by_role("button", name="Use this plan")
                            if number == 1
                            else page.locator(".mocmo-shell-main .mocmo-step >> visible=true")
                        )
                        shown.first.wait_for(timeout=180_000)
                        visit.append(time.perf_counter() - begin)
                figures["app_step_first_visit_s"] = max(first)
                figures["app_step_change_s"] = max(again)
                figures["app_memory_mb"] = _tree_rss_mb(proc.pid)
                figures["app_kernels"] = float(_kernel_count(proc.pid))
                edits: list[float] = []
                edits_figures: list[float] = []
                for number, title, label, values in APP_EDITS:
                    page.get_by_role("button", name=f"{number} · {title}", exact=True).click()
                    page.locator(".mocmo-shell-step", has_text=f"Step {number} of").wait_for(
                        timeout=180_000
                    )
                    box = main.locator(
                        f".mocmo-step:visible .widget-inline-hbox:has(> label:text-is('{label}'))"
                        " input:not([disabled])"
                    ).first
                    box.wait_for(timeout=180_000)
                    seconds, said = _edit_redraw_s(page, box, values)
                    figures[f"app_edit_browser_{title.lower()}_s"] = seconds
                    figures[f"app_edit_browser_{title.lower()}_figures_s"] = said
                    edits.append(seconds)
                    edits_figures.append(said)
                figures["app_edit_browser_s"] = max(edits)
                figures["app_edit_browser_figures_s"] = max(edits_figures)
                browser.close()
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
    figures.update(bench_app_edit_kernel())
    return figures


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
    figures["compute_2000_cpu_s"] = bench_compute(plan_2000, r, clock=time.process_time)
    plan_10000 = synthetic_plan(10000, 250, 36)
    figures["compute_10000_s"] = bench_compute(plan_10000, 2 if quick else 3)
    figures["compute_10000_cpu_s"] = bench_compute(
        plan_10000, 2 if quick else 3, clock=time.process_time
    )
    del plan_10000
    size_ratio = 2000 / people_example
    figures["scaling_ratio"] = (
        figures["compute_2000_s"] / figures["compute_example_s"]
    ) / size_ratio
    figures["widget_edit_s"] = bench_widget_edit(r * 3)
    figures["export_example_s"] = bench_export(example, r)
    figures["export_cli_s"] = bench_export_cli(2 if quick else 3)
    figures["brief_example_s"] = bench_brief_cli(2 if quick else 3)
    figures["export_2000_s"] = bench_export(plan_2000, 1 if quick else 3, warmup=False)
    figures["monte_carlo_s"] = bench_monte_carlo(example, r)
    figures["ranges_example_s"] = bench_ranges(example, r)
    figures["ranges_2000_s"] = bench_ranges(plan_2000, 1 if quick else 3)
    figures["thresholds_example_s"] = bench_thresholds(example, 3)
    figures["notebooks_s"] = None if quick else bench_notebooks()
    if not quick:
        figures.update(bench_app())
    return figures


def _table(figures: dict[str, Any]) -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        f"# {os.cpu_count()} CPUs, load average {load} at the end (wall-clock medians)",
        f"{'figure':<20} {'median':>10} {'target':>10}  verdict",
    ]
    for key, value in figures.items():
        target = TARGETS.get(key)
        unit = "" if key in ("scaling_ratio", "app_kernels") else (
            " MB" if key.endswith("_mb") else " s"
        )  # fmt: skip
        shown = "—" if value is None else f"{value:.3f}{unit}"
        goal = "" if target is None else f"≤ {target:g}{unit}"
        verdict = "" if value is None or target is None else ("ok" if value <= target else "MISSED")
        lines.append(f"{key:<20} {shown:>10} {goal:>10}  {verdict}")
    return "\n".join(lines)


def main() -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--quick", action="store_true", help="fewer repeats, skip notebooks and the app"
    )
    parser.add_argument("--app", action="store_true", help="only the app's figures (Chromium)")
    args = parser.parse_args()
    figures: dict[str, Any] = bench_app() if args.app else run(quick=args.quick)
    print(json.dumps(figures, indent=2) if args.json else _table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
