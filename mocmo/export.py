"""Export a plan for people who never open the notebooks: the finance workbook, every chart
as PNG and SVG, one HTML page of all charts, and ``summary.json``.

``export_all(plan, DIR)`` writes::

    DIR/<plan-name>.xlsx        the finance workbook (live formulas; see mocmo.excel)
    DIR/summary.json            the same object as ``mocmo summary --json``
    DIR/charts.html             every chart on one self-contained page (works offline)
    DIR/charts/<name>.png|.svg  every chart of the notebooks

Everything is first written into a hidden staging folder inside ``DIR`` and only then renamed
into place, file by file (a rename within one folder is atomic): a failed export never leaves
half a file over a good one, and never touches the plan file. A ``DIR`` that cannot be written
raises :class:`PermissionError` with a message saying which folder and why (``mocmo export``
turns it into exit code 2).
"""

from __future__ import annotations

import json
import math
import numbers
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from mocmo.plan import Plan

__all__ = ["CHARTS_DIR", "export_all", "export_comparison", "export_name", "summary_json"]

CHARTS_DIR = "charts"
"""Sub-folder of the export folder that holds the chart images."""

Progress = Callable[[str], None]


def export_name(plan: Plan) -> str:
    """The file name stem of a plan's exports: its name as a slug (``brightwave-mini-cmo-plan``)."""
    from mocmo.charts.catalog import slug

    return slug(plan.meta.name) if any(ch.isalnum() for ch in plan.meta.name) else "plan"


def _json_number(value: object) -> int | float | None:
    """A figure as a plain JSON number; NaN, infinity and None → null (as ``mocmo summary``)."""
    if value is None:
        return None
    if isinstance(value, bool | numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else None
    raise TypeError(f"headline figure is not a number: {value!r}")


def summary_json(plan: Plan) -> str:
    """The text of ``mocmo summary --json`` for ``plan``: every headline figure, plain numbers."""
    from mocmo.summary import headline

    plain = {str(k): _json_number(v) for k, v in headline(plan).items()}
    return json.dumps(plain, indent=2, allow_nan=False) + "\n"


def _writable_dir(out: Path) -> Path:
    """``out`` created if needed and proven writable, else a PermissionError saying why."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        if not out.is_dir():
            raise NotADirectoryError(f"{out} is not a folder")
        fd, probe = tempfile.mkstemp(prefix=".mocmo-write-test-", dir=out)
        os.close(fd)
        os.unlink(probe)
    except OSError as err:
        reason = err.strerror or str(err)
        raise PermissionError(
            f"cannot write the export to {out}: {reason}; choose a folder you can write to"
        ) from None
    return out.resolve()


def _printer(progress: bool | Progress) -> Progress:
    started = time.perf_counter()

    def say(message: str) -> None:
        line = f"[{time.perf_counter() - started:5.1f}s] {message}"
        if callable(progress):
            progress(line)
        elif progress:
            print(line, file=sys.stderr, flush=True)

    return say


def _publish(staging: Path, out: Path) -> list[Path]:
    """Rename every staged file into ``out`` (same relative path); returns the final paths."""
    final: list[Path] = []
    for src in sorted(p for p in staging.rglob("*") if p.is_file()):
        target = out / src.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(src, target)
        final.append(target)
    return final


def _remove_stale_charts(charts_dir: Path, written: list[Path]) -> None:
    """Delete chart files an earlier export left that this one did not write (a renamed role's
    swimlane, say) — only files named like mocmo's charts, nothing else in the folder."""
    from mocmo.charts.catalog import CHART_PREFIXES

    keep = set(written)
    for path in charts_dir.glob("*"):
        if (
            path.is_file()
            and path not in keep
            and path.suffix in (".png", ".svg")
            and path.name.startswith(CHART_PREFIXES)
        ):
            path.unlink(missing_ok=True)


def export_all(
    plan: Plan, out_dir: str | os.PathLike[str], progress: bool | Progress = True
) -> list[Path]:
    """Write the workbook, the chart files, the charts page and ``summary.json`` of ``plan``
    into ``out_dir`` (created if missing); returns the files written.

    ``progress``: True prints one line per stage (and per chart) to stderr; a callable gets
    each line instead (a widget shows them). Raises PermissionError when ``out_dir``
    cannot be written; on any failure the files already in ``out_dir`` are left as they were.
    """
    say = _printer(progress)
    out = _writable_dir(Path(out_dir))
    staging = Path(tempfile.mkdtemp(prefix=".mocmo-export-", dir=out))
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)
        stem = export_name(plan)
        say(f"exporting {plan.meta.name!r} to {out}")
        from mocmo.charts.catalog import Renderer, chart_steps, page_note, step_charts
        from mocmo.excel import write_workbook

        # The renderer first: its worker processes start (and build the charts page's script)
        # while this one writes summary.json and builds the charts.
        with Renderer() as renderer:
            (staging / "summary.json").write_text(summary_json(plan), encoding="utf-8")
            say("summary.json")
            # Worker processes draw each step's charts as soon as they are built, the org
            # charts first (the workbook's Org chart sheet shows them; it waits for their PNGs
            # only when it places them).
            steps = chart_steps()
            built: dict[str, list[str]] = {}
            for module in sorted(steps, key=lambda m: not m.endswith(".orgchart")):
                charts = step_charts(plan, module)
                renderer.add(charts)
                built[module] = list(charts)
            order = [name for module in steps for name in built[module]]
            say(f"{len(order)} charts built; drawing PNG and SVG while the workbook is written")
            org_png = renderer.pngs({key: f"orgchart-{key}" for key in ("legacy", "new")})
            write_workbook(plan, staging / f"{stem}.xlsx", org_chart_png=org_png or None)
            say(f"{stem}.xlsx")
            renderer.write(
                staging,
                CHARTS_DIR,
                f"{plan.meta.name} — charts",
                plan.meta.company,
                progress=say,
                note=page_note(plan),
                order=order,
            )
        say("charts rendered")
        for path in staging.rglob("*"):
            if path.is_file():
                os.chmod(path, 0o666 & ~umask)
        written = _publish(staging, out)
        _remove_stale_charts(out / CHARTS_DIR, written)
        say(f"done: {len(written)} files")
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# --------------------------------------------------------------------------- comparisons


def export_comparison(
    a: Plan, b: Plan, folder: str | os.PathLike[str], comparison: object = None
) -> list[Path]:
    """Write the comparison of plans ``a`` and ``b`` into ``folder`` (created if missing):
    ``comparison.xlsx`` (see :mod:`mocmo.excel._compare`), ``comparison.json``
    (:meth:`mocmo.compare.Comparison.to_dict`) and the comparison charts as PNG and SVG
    (:mod:`mocmo.charts.compare`), each file written atomically; returns the files written.
    ``comparison``: the :class:`mocmo.compare.Comparison` of ``a`` and ``b`` if already
    computed (``mocmo compare --out`` has it), else None."""
    from mocmo.charts.compare import save_comparison_charts
    from mocmo.compare import Comparison, compare
    from mocmo.excel._compare import write_comparison_workbook
    from mocmo.plan import write_text_atomic

    if comparison is None:
        comparison = compare(a, b)
    elif not isinstance(comparison, Comparison):
        raise TypeError(f"comparison: got {type(comparison).__name__}, must be a Comparison")
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = [write_comparison_workbook(a, b, out / "comparison.xlsx", comparison)]
    text = json.dumps(comparison.to_dict(), indent=2, allow_nan=False)
    written.append(write_text_atomic(out / "comparison.json", text + "\n"))
    written += save_comparison_charts(a, b, out)
    return written
