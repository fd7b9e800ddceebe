"""The one-page brief as a self-contained HTML page (A4 portrait): no script, no request —
charts inlined as SVG images, a Content-Security-Policy that allows nothing else — so it opens
offline, prints to one page (``@page`` A4) and shows user text only as text (every piece of
it escaped, names isolated with ``<bdi>`` so right-to-left text does not reorder the line).

The page is laid out to fit: user text is cut (:func:`mocmo.brief.content.clip`), lists are
capped, and the sheet is one A4 box that clips anything still too long rather than flowing
onto a second page (the tests check nothing is clipped on the example and on hostile plans).
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable, Mapping

from mocmo.brief.content import BriefContent

__all__ = ["MAX_PHASES", "brief_html"]

MAX_PHASES = 10
"""Phases drawn in the migration strip; more are counted under it."""

_CSS = """
@page { size: A4 portrait; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif; color: #1d2733;
  font-size: 8pt; line-height: 1.25; -webkit-print-color-adjust: exact;
  print-color-adjust: exact; background: #fff; }
.sheet { width: 210mm; height: 296mm; padding: 9mm 10mm 7mm; overflow: hidden;
  display: flex; flex-direction: column; gap: 2.2mm; }
.sheet * { overflow-wrap: anywhere; }
header { display: flex; justify-content: space-between; align-items: baseline;
  border-bottom: 0.6mm solid #233a5e; padding-bottom: 1.2mm; }
h1 { font-size: 15pt; margin: 0; color: #233a5e; }
.kicker { font-size: 8pt; color: #5b6b7d; text-align: right; white-space: nowrap; }
h2 { font-size: 8.5pt; margin: 0 0 0.8mm; text-transform: uppercase; letter-spacing: 0.04em;
  color: #233a5e; }
.flag { background: #fde8e6; border: 0.4mm solid #c0392b; color: #8e1f14; font-weight: bold;
  padding: 1.2mm 2mm; border-radius: 1mm; }
.ask { background: #eef3f9; border-left: 1.2mm solid #233a5e; padding: 1.6mm 2.4mm;
  font-size: 9.5pt; }
.tiles { display: grid; grid-template-columns: repeat(3, 1fr); gap: 1.6mm; }
.tile { border: 0.3mm solid #c9d3df; border-radius: 1mm; padding: 1.2mm 2mm; }
.tile .label { color: #5b6b7d; font-size: 7.5pt; }
.tile .value { font-size: 12.5pt; font-weight: bold; color: #233a5e; }
.tile .detail { font-size: 7pt; color: #3b4a5a; }
.charts { display: grid; grid-template-columns: 1.55fr 1fr; gap: 2.5mm; height: 90mm; }
.charts figure { margin: 0; display: flex; flex-direction: column; min-height: 0; }
.charts img { width: 100%; min-height: 0; flex: 1; object-fit: contain; }
.orgs { display: flex; flex-direction: column; gap: 1mm; min-height: 0; }
.orgs figure.legacy { flex: 0 0 23mm; }
.orgs figure.new { flex: 1; }
figcaption { font-size: 7pt; color: #5b6b7d; }
.strip { position: relative; }
.lane { display: grid; grid-template-columns: 48mm 1fr; align-items: center; height: 3.1mm; }
.lane .name { font-size: 6.8pt; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
  padding-right: 1mm; }
.track { position: relative; height: 2.2mm; background: #f2f5f8; }
.bar { position: absolute; top: 0; bottom: 0; background: #233a5e; border-radius: 0.5mm; }
.months { display: grid; grid-template-columns: 48mm 1fr; font-size: 6.3pt; color: #5b6b7d; }
.ticks { position: relative; height: 3mm; }
.ticks span { position: absolute; transform: translateX(-50%); }
.marker { position: absolute; top: 0; bottom: 0; border-left: 0.5mm dashed #2e8b57; }
.marker span { position: absolute; top: -0.2mm; left: 0.6mm; font-size: 6.3pt; color: #2e8b57;
  white-space: nowrap; background: #fff; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 3mm; flex: 1; min-height: 0; }
ul { margin: 0; padding-left: 3.6mm; }
li { margin-bottom: 0.6mm; }
.src { color: #5b6b7d; font-size: 6.8pt; }
footer { border-top: 0.3mm solid #c9d3df; padding-top: 1mm; font-size: 6.8pt; color: #5b6b7d;
  display: flex; justify-content: space-between; gap: 4mm; }
"""

_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def _e(text: str) -> str:
    return html.escape(str(text), quote=True)


def _user(text: str) -> str:
    """User text (names, titles): escaped and isolated for right-to-left scripts."""
    return f"<bdi>{_e(text)}</bdi>"


def _items(lines: Iterable[str]) -> str:
    return "".join(f"<li>{_e(line)}</li>" for line in lines) or "<li>None.</li>"


def _svg_img(svg: str | None, alt: str) -> str:
    if not svg:
        return f'<div class="src">{_e(alt)}: not drawn</div>'
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img alt="{_e(alt)}" src="data:image/svg+xml;base64,{data}">'


def _strip(c: BriefContent) -> str:
    """The migration in one strip: a lane a phase over the plan's months, break-even marked."""
    shown = c.phases[:MAX_PHASES]
    last = max([c.horizon, *(p.end for p in shown)])

    def left(month: float) -> float:
        return 100.0 * (month - 1) / last

    lanes = []
    for p in shown:
        width = left(p.end + 1) - left(p.start)
        lanes.append(
            f'<div class="lane"><div class="name">{_user(p.name)}</div><div class="track">'
            f'<div class="bar" style="left:{left(p.start):.2f}%;width:{width:.2f}%"></div>'
            "</div></div>"
        )
    step = 1 if last <= 18 else 3 if last <= 48 else 6
    ticks = "".join(
        f'<span style="left:{left(m + 0.5):.2f}%">{m}</span>' for m in range(1, last + 1, step)
    )
    marker = ""
    be = c.values.get("breakeven_month")
    if isinstance(be, int | float) and 1 <= be <= last:
        at = left(be + 0.5) / 100
        marker = (
            f'<div class="marker" style="left:calc(48mm + (100% - 48mm) * {at:.4f})">'
            f"<span>break-even, month {_e(c.fig('breakeven_month'))}</span></div>"
        )
    more = len(c.phases) - len(shown)
    note = f'<div class="src">and {more} more phase(s)</div>' if more > 0 else ""
    return (
        f'<div class="strip">{"".join(lanes)}{marker}'
        f'<div class="months"><div>Month</div><div class="ticks">{ticks}</div></div>'
        f"{note}</div>"
    )


def _tiles(c: BriefContent) -> str:
    return "".join(
        f'<div class="tile"><div class="label">{_e(t.label)}</div>'
        f'<div class="value">{_e(t.value)}</div><div class="detail">{_e(t.detail)}</div></div>'
        for t in c.tiles
    )


def _assumptions(c: BriefContent) -> str:
    return "".join(
        f"<li><b>{_e(a.label)}</b> (tried {_e(a.tried)})<br>"
        f'<span class="src">Source: {_e(a.source)}</span></li>'
        for a in c.assumptions
    )


def brief_html(c: BriefContent, svgs: Mapping[str, str]) -> str:
    """The brief page: ``svgs`` holds the SVG of ``orgchart-legacy``, ``orgchart-new`` and
    ``costing-bridge`` (a missing one is said, not drawn)."""
    flags = "".join(f'<div class="flag">⚠ {_e(flag)}</div>' for flag in c.red_flags)
    company = f" — {_user(c.company)}" if c.company else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(c.title)} — board brief</title>
<style>{_CSS}</style></head>
<body><main class="sheet">
<header><h1>{_user(c.title)}{company}</h1>
<div class="kicker">Board brief · {_e(c.made_on)}</div></header>
{flags}
<section class="ask"><b>The decision asked for.</b> {_e(c.ask)}</section>
<section class="tiles">{_tiles(c)}</section>
<section class="charts">
  <div class="orgs">
    <figure class="legacy">{_svg_img(svgs.get("orgchart-legacy"), "Org chart today")}
    <figcaption>Org chart today</figcaption></figure>
    <figure class="new">{_svg_img(svgs.get("orgchart-new"), "Org chart in the new model")}
    <figcaption>Org chart in the new model: the audience tower, the craft tower, MarOps
    beneath</figcaption></figure>
  </div>
  <figure>{_svg_img(svgs.get("costing-bridge"), "Cost bridge")}
  <figcaption>The whole cost a year, today to the new model</figcaption></figure>
</section>
<section><h2>The migration, month by month</h2>{_strip(c)}</section>
<section class="cols">
  <div><h2>The three biggest risks</h2><ul>{_items(c.risks)}</ul>
  <h2 style="margin-top:1.6mm">What would have to be true</h2><ul>{_items(c.thresholds)}</ul>
  </div>
  <div><h2>The five assumptions that move the result most</h2><ul>{_assumptions(c)}</ul></div>
</section>
<footer><span>Plan file: {_user(c.source or "—")} · {_e(c.made_on)} · mocmo {_e(c.version)}
</span><span>Every figure as <code>mocmo summary --json</code> prints it; ranges P10–P90 of
the seeded simulation</span></footer>
</main></body></html>
"""
