"""Drawing charts with vl-convert (SVG, and a 2× PNG rasterised from that SVG), in this process
or in worker processes that share a folder of jobs with it.

vl-convert holds the GIL while it draws, so a thread that draws only takes turns with the
thread that builds the charts. A worker is a separate Python process running this file as a
script (``python .../_drawing.py FOLDER``): it imports nothing but the standard library and
vl-convert — not mocmo, and not the caller's main module, which ``multiprocessing`` would
re-run. The jobs are files in FOLDER, so that neither side waits for the other's GIL:

* ``N.job``: a pickle of ``(vega-lite spec, vl_version)``, written by the caller (under
  another name, then renamed), and announced with the line ``N`` on the workers' stdin;
* whoever draws job N first claims it by renaming ``N.job`` to ``N.<who>`` (a rename is atomic:
  only one side can win), so the caller can take back any job no worker has started;
* the drawer writes ``N.svg`` and ``N.png``, then ``N.done``; or ``N.error``, a pickle of the
  exception.

One more job, ``bundle`` (announced as ``bundle``), builds the JavaScript of Vega, Vega-Lite
and vega-embed that the charts page inlines (``bundle.job`` holds the Vega-Lite version;
``bundle.js`` the result): vl-convert takes seconds to build it, which a worker can spend
while the caller is still importing and building charts.

A worker does the announced jobs in order until its stdin is closed.

Why not ``concurrent.futures.ProcessPoolExecutor`` (tried for issue #16, item 6, and dropped):
a pool over a forkserver context (preloading only vl-convert and this module), with the same
"draw here what no worker has started" rule through ``Future.cancel`` and
``shutdown(cancel_futures=True)``, drew the same files but was slower. ``mocmo export
data/examples/brightwave.yaml`` as a new process, alternating old and new, 2 cores at load ~2:
8.0, 8.0, 9.2 s with these workers against 10.3, 10.9, 11.9 s with the pool (medians 8.0 vs
10.9 s); in-process export of the example (benchmarks' ``export_example_s``, median of 3):
3.5 vs 4.5 s. (At load 4–9 both varied between 7 and 47 s, within each other's noise.) The
pool also cost correctness: a spawn or forkserver worker re-runs the caller's main module (a
script without an ``if __name__ == "__main__"`` guard failed with ``RuntimeError`` and
``BrokenProcessPool``; a notebook kernel's workers would import ipykernel), it unpickles its
function by importing ``mocmo`` (pandas, pydantic, jsonschema) unless preloaded, it sends
``workers + 1`` jobs ahead into its call queue where they can no longer be cancelled (taken
back here), and Python 3.11's pool cannot stop a job already running when an export fails
(these workers are killed).
"""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path
from typing import Any

PNG_SCALE = 2
"""PNGs are drawn at twice the chart's size, as :func:`mocmo.charts.core.save_chart` saves."""


def draw(spec: dict[str, Any], vl_version: str) -> tuple[str, bytes]:
    """(SVG text, PNG bytes at :data:`PNG_SCALE`) of one Vega-Lite spec, offline. The PNG is
    rasterised from the same SVG, so Vega runs once per chart (``chart.save`` runs it twice)."""
    import vl_convert as vlc

    svg: str = vlc.vegalite_to_svg(spec, vl_version=vl_version)
    png: bytes = vlc.svg_to_png(svg, scale=PNG_SCALE)
    return svg, png


def _write_atomically(path: Path, data: bytes) -> None:
    part = path.with_name(path.name + ".part")
    part.write_bytes(data)
    os.replace(part, path)


BUNDLE = "bundle"
"""The name of the job that builds the charts page's JavaScript."""


def javascript_bundle(vl_version: str) -> str:
    """vega-embed with Vega and Vega-Lite ``vl_version``, as one script (vl-convert builds it:
    seconds)."""
    import vl_convert as vlc

    # The stub wants a snippet; without one vl-convert returns the whole bundle (as Altair uses).
    bundle: str = vlc.javascript_bundle(vl_version=vl_version)  # type: ignore[call-arg]
    return bundle


def post_job(folder: Path, job: int, spec: dict[str, Any], vl_version: str) -> None:
    """Put job ``job`` into ``folder`` (announcing it to the workers is the caller's part)."""
    _write_atomically(folder / f"{job}.job", pickle.dumps((spec, vl_version), protocol=5))


def post_bundle_job(folder: Path, vl_version: str) -> None:
    """Put the :data:`BUNDLE` job into ``folder``."""
    _write_atomically(folder / f"{BUNDLE}.job", pickle.dumps(vl_version, protocol=5))


def claim(folder: Path, job: int | str, who: str) -> bool:
    """Claim job ``job`` for ``who``; False when someone else has it already."""
    try:
        os.rename(folder / f"{job}.job", folder / f"{job}.{who}")
    except FileNotFoundError:
        return False
    return True


def run_job(folder: Path, job: int | str, who: str) -> None:
    """Do claimed job ``job`` (a chart, or the :data:`BUNDLE`) and leave its result (or its
    error) in ``folder``."""
    claimed = folder / f"{job}.{who}"
    try:
        if job == BUNDLE:
            outputs = {"js": javascript_bundle(pickle.loads(claimed.read_bytes())).encode()}
        else:
            spec, vl_version = pickle.loads(claimed.read_bytes())
            svg, png = draw(spec, vl_version)
            outputs = {"svg": svg.encode("utf-8"), "png": png}
    except Exception as err:  # raised again where the result is asked for
        try:
            data = pickle.dumps(err)
        except Exception:
            data = pickle.dumps(RuntimeError(repr(err)))
        _write_atomically(folder / f"{job}.error", data)
    else:
        for suffix, data in outputs.items():
            _write_atomically(folder / f"{job}.{suffix}", data)
        (folder / f"{job}.done").touch()
    claimed.unlink(missing_ok=True)


def outcome(folder: Path, job: int | str) -> tuple[str, bytes] | str | BaseException | None:
    """Job ``job``'s result — a chart's (SVG, PNG), the :data:`BUNDLE`'s script — or the
    exception it raised, or None if not yet done."""
    if (folder / f"{job}.done").exists():
        if job == BUNDLE:
            return (folder / f"{job}.js").read_text(encoding="utf-8")
        return (folder / f"{job}.svg").read_text(encoding="utf-8"), (
            folder / f"{job}.png"
        ).read_bytes()
    error = folder / f"{job}.error"
    if error.exists():
        value = pickle.loads(error.read_bytes())
        return value if isinstance(value, BaseException) else RuntimeError(repr(value))
    return None


def serve(folder: Path) -> None:
    """The worker's loop: claim and draw each job announced on stdin, in order."""
    who = f"w{os.getpid()}"
    for line in sys.stdin:
        name = line.strip()
        job: int | str = int(name) if name.isdigit() else name
        if (name.isdigit() or name == BUNDLE) and claim(folder, job, who):
            run_job(folder, job, who)


if __name__ == "__main__":
    serve(Path(sys.argv[1]))
