"""The board pack (``mocmo brief``): a one-page A4 brief (self-contained HTML and PDF) and a
nine-slide 16:9 deck with speaker notes (.pptx), straight from the plan.

``write_brief(plan, DIR)`` writes::

    DIR/<plan-name>-brief.html   the one-page brief (opens offline; no script)
    DIR/<plan-name>-brief.pdf    the same page printed by headless Chromium (mocmo.brief.pdf)
    DIR/<plan-name>-deck.pptx    the deck (mocmo.brief.deck)

Every number on the page and the slides is a registry figure of ``mocmo summary --json`` of
the same plan, formatted by :mod:`mocmo.format` (:mod:`mocmo.brief.content`). Without Chromium
the HTML and the deck are still written and :attr:`BriefResult.missing` says what to install.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mocmo.brief.pdf import PdfEngineMissing
from mocmo.plan import Plan

if TYPE_CHECKING:
    from mocmo.charts.catalog import Renderer

__all__ = [
    "BRIEF_CHARTS",
    "FORMATS",
    "BriefResult",
    "PdfEngineMissing",
    "brief_files",
    "parse_formats",
    "write_brief",
]

FORMATS: tuple[str, ...] = ("pdf", "pptx", "html")
"""The board pack's formats, as ``--format`` names them."""

BRIEF_CHARTS: tuple[str, ...] = ("orgchart-legacy", "orgchart-new", "costing-bridge")
"""The charts on the page (names of :mod:`mocmo.charts.catalog`)."""

Progress = Callable[[str], None]


@dataclass
class BriefResult:
    """What :func:`write_brief` wrote, and what it could not (``missing``: why there is no
    PDF and what to install; empty when every format asked for was written)."""

    written: list[Path] = field(default_factory=list)
    missing: str = ""


def parse_formats(text: str) -> tuple[str, ...]:
    """``"pdf,pptx"`` → ``("pdf", "pptx")`` in :data:`FORMATS` order; ValueError naming an
    unknown format."""
    asked = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [part for part in asked if part not in FORMATS]
    if unknown or not asked:
        raise ValueError(
            f"--format {text!r}: expected one or more of {', '.join(FORMATS)}, comma-separated"
        )
    return tuple(f for f in FORMATS if f in asked)


def brief_files(plan: Plan, formats: Iterable[str] = FORMATS) -> dict[str, str]:
    """The file name of each format of ``plan``'s board pack."""
    from mocmo.export import export_name

    stem = export_name(plan)
    names = {"html": f"{stem}-brief.html", "pdf": f"{stem}-brief.pdf", "pptx": f"{stem}-deck.pptx"}
    return {f: names[f] for f in FORMATS if f in set(formats)}


def _renderer(plan: Plan, say: Progress) -> Renderer:
    """Start drawing the page's charts (in worker processes: the content is gathered
    meanwhile)."""
    from mocmo.charts.catalog import Renderer
    from mocmo.charts.orgchart import org_chart_charts
    from mocmo.charts.wholecost import bridge_chart_for

    org = org_chart_charts(plan)
    charts = {
        "orgchart-legacy": org["legacy"],
        "orgchart-new": org["new"],
        "costing-bridge": bridge_chart_for(plan),
    }
    say(f"drawing {len(charts)} charts")
    return Renderer(charts)


def write_brief(
    plan: Plan,
    out_dir: str | os.PathLike[str],
    formats: Iterable[str] = FORMATS,
    *,
    source: str = "",
    progress: Progress | None = None,
) -> BriefResult:
    """Write the board pack of ``plan`` into ``out_dir`` (created if missing), each file
    atomically; ``formats``: some of :data:`FORMATS`; ``source``: the plan file's name for the
    footer; ``progress`` gets a line per stage."""
    from mocmo.brief.content import brief_content
    from mocmo.brief.deck import write_deck
    from mocmo.brief.page import brief_html
    from mocmo.brief.pdf import find_chromium, html_to_pdf
    from mocmo.files import write_text_atomic

    say: Progress = progress or (lambda _line: None)
    wanted = tuple(f for f in FORMATS if f in set(formats))
    names = brief_files(plan, wanted)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    result = BriefResult()
    chromium = ""
    if "pdf" in wanted:
        try:
            chromium = find_chromium()
        except PdfEngineMissing as err:
            result.missing = str(err)
    page_needed = "html" in wanted or bool(chromium)
    renderer = _renderer(plan, say) if page_needed else None
    try:
        say("gathering the figures (mocmo summary) and the ranges")
        content = brief_content(plan, source)
        if "pptx" in wanted:
            result.written.append(write_deck(content, out / names["pptx"]))
            say(names["pptx"])
        if renderer is None:
            return result
        svgs = {name: renderer.result(name)[0] for name in BRIEF_CHARTS}
    finally:
        if renderer is not None:
            renderer.close()
    page = brief_html(content, svgs)
    if "html" in wanted:
        result.written.append(write_text_atomic(out / names["html"], page, lock=False))
        say(names["html"])
    if chromium:
        with tempfile.TemporaryDirectory(prefix="mocmo-brief-") as tmp:
            html_file = Path(tmp) / "brief.html"
            html_file.write_text(page, encoding="utf-8")
            result.written.append(html_to_pdf(html_file, out / names["pdf"], chromium))
        say(names["pdf"])
    return result
