"""Every chart of the notebooks, by name, and saving them all as files.

:func:`all_charts` calls each step's chart builders (those that exist in this install) and
returns the charts keyed by a stable file-name-safe name, in step order, e.g.
``audiences-pipeline``, ``reshape-workflow-product-marketing``, ``costing-tornado``,
``migration-gantt``. :func:`save_all` writes each as PNG and SVG (vl-convert, offline) and one
self-contained HTML page of all charts (Vega inlined once: it opens with no network).
PNG and SVG come from vl-convert exactly as :func:`mocmo.charts.core.save_chart` makes them
(2× PNG), Vega run once per chart, in worker processes beside this one (:class:`Renderer`).
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from mocmo.plan import Plan

__all__ = [
    "CHART_PREFIXES",
    "CHART_TITLES",
    "MAX_WORKFLOW_CHARTS",
    "Renderer",
    "all_charts",
    "chart_steps",
    "charts_html",
    "page_note",
    "render_all",
    "save_all",
    "slug",
    "step_charts",
    "workflow_roles",
]

CHART_TITLES: dict[str, str] = {
    "diagnostics-calendar": "The leader's calendar: approving work vs designing systems",
    "diagnostics-symptoms": "The five symptoms of a broken operating model",
    "diagnostics-skills": "Skills of an AI-native CMO",
    "audiences-pipeline": "Pipeline by audience against the company target",
    "audiences-product-map": "Which products answer each audience's pains",
    "reshape-hours": "Where each legacy role's hours go",
    "reshape-tax": "Hand-Off Tax saved per workflow",
    "reshape-load": "GTM Marketer load against capacity",
    "reshape-headcount": "Headcount today and in the new model",
    "reshape-staffing": "Staffed to the work: each group's hours against its FTE",
    "orgchart-legacy": "Org chart today",
    "orgchart-new": "Org chart in the new model",
    "costing-cost-range": "MarOps cost by seat, low / mid / high",
    "costing-org-cost": "Legacy vs new org cost by group",
    "costing-waterfall": "From the legacy org's cost to the new org's",
    "costing-distribution": "Net change: the range of outcomes (Monte Carlo)",
    "costing-tornado": "Which assumption moves the net change most",
    "costing-bridge": "The whole cost, legacy to new: payroll by group, AI, non-payroll",
    "costing-driver-tornado": "Which driver moves the whole-cost net change most",
    "costing-driver-range": "Whole-cost net change: the range over the drivers (simulation)",
    "migration-gantt": "Migration phases, milestones and hires",
    "migration-flows": "Who moves, who is hired, who leaves, month by month",
    "migration-headcount": "Headcount by group, month by month",
    "migration-cost": "Monthly cost and the cumulative cash vs staying legacy, one-offs stacked",
}
"""A heading for each chart in the HTML page (workflow swimlanes are titled by role)."""


def slug(text: str) -> str:
    """A file-name-safe lower-case name: ``Field & Events/ABM`` → ``field-events-abm``."""
    cleaned = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return cleaned[:60].strip("-") or "chart"


CHART_PREFIXES: tuple[str, ...] = (
    "diagnostics-",
    "audiences-",
    "reshape-",
    "orgchart-",
    "costing-",
    "migration-",
    "governance-",
)
"""How the name of every chart of the catalog begins (one prefix per step)."""


def _audiences(plan: Plan) -> dict[str, Any]:
    from mocmo.charts.audiences import audience_charts

    pipeline, product_map = audience_charts(plan)
    return {"audiences-pipeline": pipeline, "audiences-product-map": product_map}


MAX_WORKFLOW_CHARTS = 12
"""At most this many per-role workflow swimlanes are exported: those of the roles whose
Hand-Off Tax falls most (a 2,000-person plan has hundreds of roles; the workbook's Hand-Off Tax
sheet has every one)."""


def page_note(plan: Plan) -> str:
    """What the charts page leaves out, in words (empty when it shows everything)."""
    total = sum(1 for r in plan.legacy_roles if r.workflow is not None)
    shown = len(workflow_roles(plan))
    if shown == total:
        return ""
    return (
        f"Workflow swimlanes: the {shown} roles whose Hand-Off Tax falls most, of {total}; the "
        "finance workbook's Hand-Off Tax sheet has every role."
    )


def workflow_roles(plan: Plan, limit: int = MAX_WORKFLOW_CHARTS) -> list[str]:
    """The roles whose swimlanes are exported, in plan order: every role with a workflow, or
    the ``limit`` with the largest Hand-Off Tax saved when there are more."""
    from mocmo import reshape as rs

    with_workflow = [r.name for r in plan.legacy_roles if r.workflow is not None]
    if len(with_workflow) <= limit:
        return with_workflow
    table = rs.workflow_comparison(plan)
    ranked = table.sort_values("tax_saved_days", ascending=False, kind="stable")
    chosen = set(ranked["role"].head(limit))
    return [name for name in with_workflow if name in chosen]


def _reshape(plan: Plan) -> dict[str, Any]:
    from mocmo.charts.reshape import reshape_charts, workflow_chart_for
    from mocmo.charts.wholecost import staffing_chart_for

    charts: dict[str, Any] = {
        f"reshape-{key}": chart for key, chart in reshape_charts(plan, workflows=False).items()
    }
    charts["reshape-staffing"] = staffing_chart_for(plan)
    for role in workflow_roles(plan):
        chart = workflow_chart_for(plan, role)
        if chart is None:
            continue
        name = f"reshape-workflow-{slug(role)}"
        while name in charts:
            name += "-x"
        charts[name] = chart
    return charts


def _costing(plan: Plan) -> dict[str, Any]:
    from mocmo.charts.costing import costing_charts
    from mocmo.charts.ranges import ranges_charts
    from mocmo.charts.wholecost import bridge_chart_for

    charts = {f"costing-{slug(k)}": c for k, c in costing_charts(plan).items()}
    charts["costing-bridge"] = bridge_chart_for(plan)
    charts.update({f"costing-{slug(k)}": c for k, c in ranges_charts(plan).items()})
    return charts


def _migration(plan: Plan) -> dict[str, Any]:
    from mocmo.charts.migration import migration_chart_dict

    return {f"migration-{key}": chart for key, chart in migration_chart_dict(plan).items()}


def _keyed(module: str, function: str, prefix: str) -> Callable[[Plan], dict[str, Any]]:
    """A step whose builder returns ``{key: chart}``: names become ``<prefix>-<key>``."""

    def build(plan: Plan) -> dict[str, Any]:
        import importlib

        charts = getattr(importlib.import_module(module), function)(plan)
        return {f"{prefix}-{slug(key)}": chart for key, chart in charts.items()}

    return build


_STEPS: tuple[tuple[str, Callable[[Plan], dict[str, Any]]], ...] = (
    ("mocmo.charts.diagnostics", _keyed("mocmo.charts.diagnostics", "diagnostics_charts",
                                        "diagnostics")),
    ("mocmo.charts.audiences", _audiences),
    ("mocmo.charts.reshape", _reshape),
    ("mocmo.charts.orgchart", _keyed("mocmo.charts.orgchart", "org_chart_charts", "orgchart")),
    ("mocmo.charts.costing", _costing),
    ("mocmo.charts.migration", _migration),
    ("mocmo.charts.governance", _keyed("mocmo.charts.governance", "governance_charts",
                                       "governance")),
)  # fmt: skip


def chart_steps() -> list[str]:
    """The chart modules of every step, in step order."""
    return [module for module, _build in _STEPS]


def step_charts(plan: Plan, module: str) -> dict[str, Any]:
    """The charts of one step (a module of :func:`chart_steps`), keyed by file-name-safe name."""
    build = dict(_STEPS)[module]
    return build(plan)


def all_charts(plan: Plan) -> dict[str, Any]:
    """Every chart of every step that exists, keyed by file-name-safe name, in step order."""
    charts: dict[str, Any] = {}
    for module in chart_steps():
        charts.update(step_charts(plan, module))
    return charts


def _title(name: str) -> str:
    if name in CHART_TITLES:
        return CHART_TITLES[name]
    if name.startswith("reshape-workflow-"):
        return "Workflow before and after"
    return name.replace("-", " ").capitalize()


_BUNDLES: dict[str, str] = {}
"""The charts page's script per Vega-Lite version, built once per process."""


def _inline_script(bundle: str) -> str:
    """``bundle`` safe inside a <script> element."""
    return bundle.replace("</script", "<\\/script")


def _javascript_bundle(vl_version: str | None = None) -> str:
    """vega-embed with Vega and Vega-Lite (Altair's version unless given), as one inline
    script (built once per process)."""
    if vl_version is None:
        from altair.utils._importers import vl_version_for_vl_convert

        vl_version = vl_version_for_vl_convert()
    if vl_version not in _BUNDLES:
        from mocmo.charts._drawing import javascript_bundle

        _BUNDLES[vl_version] = _inline_script(javascript_bundle(vl_version))
    return _BUNDLES[vl_version]


def _script_json(spec: dict[str, Any]) -> str:
    """JSON safe inside a <script> element: every '<' escaped (\\u003c, still valid JSON and
    JavaScript), so user text cannot close the element or open a comment."""
    text = json.dumps(spec, ensure_ascii=False, default=str)
    return text.replace("<", "\\u003c")


def charts_html(
    charts: dict[str, Any],
    title: str,
    subtitle: str = "",
    specs: dict[str, dict[str, Any]] | None = None,
    note: str = "",
    bundle: str | None = None,
) -> str:
    """One self-contained HTML page of ``charts``: Vega, Vega-Lite and vega-embed inlined once,
    each chart interactive (tooltips), no network needed. ``specs`` are the charts' Vega-Lite
    dicts when already made; ``bundle`` the script when already built."""
    from mocmo.charts.core import FONT

    specs = specs if specs is not None else {n: c.to_dict() for n, c in charts.items()}
    bundle = bundle if bundle is not None else _javascript_bundle()
    parts: list[str] = []
    scripts: list[str] = []
    for i, name in enumerate(charts):
        parts.append(
            f'<section id="{html.escape(name)}"><h2>{html.escape(_title(name))}</h2>'
            f'<div class="chart" id="chart-{i}"></div>'
            f'<p class="file">{html.escape(name)}.png · {html.escape(name)}.svg</p></section>'
        )
        scripts.append(
            f"vegaEmbed('#chart-{i}', {_script_json(specs[name])}, "
            '{"actions": false}).catch(console.error);'
        )
    toc = "".join(
        f'<li><a href="#{html.escape(n)}">{html.escape(_title(n))}</a></li>' for n in charts
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(title)}</title>
<style>
body {{font-family: {FONT}; margin: 2em; color: #222; max-width: 1100px}}
h1 {{color: #1f4e79}} h2 {{color: #1f4e79; font-size: 1.15em; margin-top: 2em}}
.file {{color: #777; font-size: 0.85em}} .sub {{color: #555}}
</style>
<script type="text/javascript">
{bundle}
</script>
</head>
<body>
<h1>{html.escape(title)}</h1>
<p class="sub">{html.escape(subtitle)}</p>
{f'<p class="sub">{html.escape(note)}</p>' if note else ""}
<ol>{toc}</ol>
{"".join(parts)}
<script type="text/javascript">
{chr(10).join(scripts)}
</script>
</body>
</html>
"""


def _write(path: Path, data: str | bytes) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


_ENGINE_STARTED = False
"""Whether this process has drawn a chart (so its vl-convert engine is running)."""
_WORTH_STARTING_ENGINE = 8
"""Queued charts (at ~0.15 s each) that make it worth starting this process's own engine."""


def render_workers() -> int:
    """Worker processes a :class:`Renderer` starts: one per CPU core but the one this process
    uses, at least one and at most four (each holds its own vl-convert engine, ~150 MB)."""
    return max(1, min((os.cpu_count() or 1) - 1, 4))


class Renderer:
    """Draws charts as SVG and PNG (2×) while this process does other work — building the next
    charts, writing the workbook.

    vl-convert holds the GIL while it draws, so a thread would only take turns with the work it
    is meant to overlap: the charts are drawn by worker processes (:func:`render_workers`;
    ``workers=0`` draws everything in this process), in the order they were added (``first``
    ahead), through a folder of job files (:mod:`mocmo.charts._drawing`). Whenever this process
    waits for a chart (:meth:`result`, :meth:`write`) it draws the charts no worker has started
    yet itself, the last added first, so that every core stays busy to the end. A chart whose
    worker could not be started or died is drawn here. Use as a context manager; ``workdir``
    is where the job folder goes (default: the system's temporary folder)."""

    def __init__(
        self,
        charts: dict[str, Any] | None = None,
        workers: int | None = None,
        first: tuple[str, ...] = (),
        workdir: str | os.PathLike[str] | None = None,
    ) -> None:
        import subprocess
        import sys
        import tempfile

        from mocmo.charts import _drawing

        self.specs: dict[str, dict[str, Any]] = {}
        self.charts: dict[str, Any] = {}
        self._jobs: dict[str, int] = {}
        self._next_job = 0
        self._order: list[str] = []
        self._results: dict[str, tuple[str, bytes]] = {}
        self._bundle_posted = False
        self._folder = Path(tempfile.mkdtemp(prefix=".mocmo-charts-", dir=workdir))
        self._workers: list[subprocess.Popen[bytes]] = []
        for _ in range(render_workers() if workers is None else workers):
            try:
                self._workers.append(
                    subprocess.Popen(
                        [sys.executable, _drawing.__file__, str(self._folder)],
                        stdin=subprocess.PIPE,
                        stdout=subprocess.DEVNULL,
                    )
                )
            except OSError:  # no processes here: everything is drawn in this process
                break
        # Altair is imported after the workers are started: they start up meanwhile.
        from altair.utils._importers import vl_version_for_vl_convert

        self.vl_version: str = vl_version_for_vl_convert()
        if self._workers and self.vl_version not in _BUNDLES:
            # The charts page's script takes vl-convert seconds: a worker builds it first.
            _drawing.post_bundle_job(self._folder, self.vl_version)
            self._bundle_posted = True
            self._announce(_drawing.BUNDLE)
        if charts:
            self.add(charts, first)

    def add(self, charts: dict[str, Any], first: tuple[str, ...] = ()) -> None:
        """Queue ``charts`` for drawing (after those added before; ``first`` ahead of the rest)."""
        from mocmo.charts._drawing import claim, post_job

        order = [n for n in first if n in charts] + [n for n in charts if n not in first]
        for name in order:
            # Each chart's builder is tested against the schema; re-validating every spec
            # here would cost seconds of jsonschema work per export.
            spec = charts[name].to_dict(validate=False)
            if name in self._jobs:  # added again: the earlier job is no longer wanted
                claim(self._folder, self._jobs[name], "dropped")
                self._order.remove(name)
            job = self._next_job
            self._next_job += 1
            post_job(self._folder, job, spec, self.vl_version)
            self.specs[name] = spec
            self.charts[name] = charts[name]
            self._jobs[name] = job
            self._results.pop(name, None)
            self._order.append(name)
            self._announce(job)

    def _announce(self, job: int | str) -> None:
        for worker in list(self._workers):
            try:
                assert worker.stdin is not None
                worker.stdin.write(f"{job}\n".encode())
                worker.stdin.flush()
            except OSError:  # it died; its jobs are drawn here
                self._workers.remove(worker)

    def _draw_here(self, job: int | str) -> None:
        from mocmo.charts._drawing import run_job

        global _ENGINE_STARTED
        _ENGINE_STARTED = True
        run_job(self._folder, job, "here")

    def _take_last_queued(self) -> bool:
        """Draw here the last added chart no worker has started; False when there is none, or
        when so few are left that a live worker will finish them sooner than this process
        could start its own vl-convert engine (its first drawing takes a second longer)."""
        from mocmo.charts._drawing import claim

        if not _ENGINE_STARTED and any(w.poll() is None for w in self._workers):
            queued = sum(1 for _ in self._folder.glob("[0-9]*.job"))
            if queued < _WORTH_STARTING_ENGINE:
                return False
        for name in reversed(self._order):
            job = self._jobs[name]
            queued = name not in self._results and (self._folder / f"{job}.job").exists()
            if queued and claim(self._folder, job, "here"):
                self._draw_here(job)
                return True
        return False

    def _worker_alive(self, job: int | str) -> bool:
        """Whether the worker that claimed ``job`` is still running."""
        return any(
            (self._folder / f"{job}.w{w.pid}").exists() and w.poll() is None for w in self._workers
        )

    def _wait(self, job: int | str) -> Any:
        """Job ``job``'s outcome (see :func:`mocmo.charts._drawing.outcome`): done here at once
        if no worker has started it, else waited for while this process draws queued charts."""
        import time

        from mocmo.charts._drawing import claim, outcome

        while (got := outcome(self._folder, job)) is None:
            if claim(self._folder, job, "here"):  # no worker has started it
                self._draw_here(job)
            elif self._take_last_queued():
                pass
            elif not self._worker_alive(job):
                # Its worker died: hand the job back (claimed here on the next round), unless it
                # is gone altogether (the renderer was closed).
                claims = list(self._folder.glob(f"{job}.w*"))
                for claimed in claims:
                    claimed.rename(self._folder / f"{job}.job")
                gone = not claims and not (self._folder / f"{job}.job").exists()
                if gone and outcome(self._folder, job) is None:
                    raise RuntimeError(f"job {job!r} was not done: the renderer closed")
            else:
                time.sleep(0.005)
        if isinstance(got, BaseException):
            raise got
        return got

    def result(self, name: str) -> tuple[str, bytes]:
        """(SVG, PNG) of one chart: drawn here at once if no worker has started it, else waited
        for while this process draws other queued charts. Raises what drawing it raised."""
        if name not in self._results:
            try:
                self._results[name] = self._wait(self._jobs[name])
            except RuntimeError as err:
                if "renderer closed" not in str(err):
                    raise
                raise RuntimeError(f"chart {name!r} was not drawn: the renderer closed") from None
        return self._results[name]

    def javascript_bundle(self) -> str:
        """The charts page's script (see :func:`charts_html`), built by a worker if one was
        started, else here; once per process."""
        from mocmo.charts._drawing import BUNDLE

        if self.vl_version not in _BUNDLES:
            if self._bundle_posted:
                _BUNDLES[self.vl_version] = _inline_script(self._wait(BUNDLE))
            else:
                _javascript_bundle(self.vl_version)
        return _BUNDLES[self.vl_version]

    def pngs(self, names: Mapping[str, str]) -> Mapping[str, bytes]:
        """``key → PNG`` for ``names`` (``key → chart name``; charts not added are left out), a
        mapping that waits for a chart only when its PNG is read."""
        return _PngView(self, {key: name for key, name in names.items() if name in self.specs})

    def close(self, failed: bool = False) -> None:
        """Stop the workers (at once when ``failed``: what they draw is no longer wanted) and
        remove the job folder."""
        import contextlib
        import shutil

        for worker in self._workers:
            if failed:
                worker.kill()
            if worker.stdin is not None:
                with contextlib.suppress(OSError):
                    worker.stdin.close()  # the worker ends when its input does
        for worker in self._workers:
            worker.wait()
        self._workers = []
        shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(failed=exc_type is not None)

    def write(
        self,
        out_dir: str | Path,
        images_dir: str = "",
        page_title: str = "Charts",
        page_subtitle: str = "",
        progress: Callable[[str], None] | None = None,
        note: str = "",
        order: list[str] | None = None,
    ) -> list[Path]:
        """Write ``<images_dir>/<name>.svg|.png`` under ``out_dir`` as each chart is ready,
        then ``charts.html`` with the charts in ``order`` (default: as added); returns the
        files."""
        out = Path(out_dir)
        images = out / images_dir if images_dir else out
        images.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        names = order if order is not None else list(self.charts)
        for done, name in enumerate(names, start=1):
            svg, png = self.result(name)
            written.append(_write(images / f"{name}.svg", svg))
            written.append(_write(images / f"{name}.png", png))
            if progress is not None:
                progress(f"chart {done}/{len(names)}: {name}")
        charts = {name: self.charts[name] for name in names}
        page = charts_html(
            charts, page_title, page_subtitle, self.specs, note, self.javascript_bundle()
        )
        written.append(_write(out / "charts.html", page))
        return written


class _PngView(Mapping[str, bytes]):
    """Read-only ``key → PNG bytes`` of some of a :class:`Renderer`'s charts, waited for (or
    drawn) only when read."""

    def __init__(self, renderer: Renderer, names: dict[str, str]) -> None:
        self._renderer = renderer
        self._names = names

    def __getitem__(self, key: str) -> bytes:
        return self._renderer.result(self._names[key])[1]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def render_all(
    plan: Plan,
    charts: dict[str, Any],
    out_dir: str | Path,
    images_dir: str = "",
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
) -> list[Path]:
    """Write each chart as ``<images_dir>/<name>.svg`` and ``.png`` (2× scale) under
    ``out_dir``, and ``charts.html`` (all charts, self-contained) in ``out_dir``; returns the
    files. Charts are drawn in worker processes and in this one (:class:`Renderer`)."""
    with Renderer(charts, workers) as renderer:
        return renderer.write(
            out_dir,
            images_dir,
            f"{plan.meta.name} — charts",
            plan.meta.company,
            progress,
            page_note(plan),
        )


def save_all(
    plan: Plan,
    out_dir: str | Path,
    charts: dict[str, Any] | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write every chart of ``plan`` into ``out_dir`` as ``<name>.png`` (2× scale) and
    ``<name>.svg``, and ``charts.html`` with all of them; returns the files written.

    Files go straight to their place; :func:`mocmo.export.export_all` stages them first so a
    failed export leaves a previous one untouched.
    """
    return render_all(
        plan, all_charts(plan) if charts is None else charts, out_dir, progress=progress
    )
