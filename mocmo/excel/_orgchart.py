"""The Org chart sheet: today's org chart and the new model's, as pictures.

The pictures are the PNGs of :mod:`mocmo.charts.orgchart` (drawn at 2× and shown at 1× so that
they stay sharp when zoomed). They are illustrations: the figures on them come from the same
step modules as the New Org sheet, whose formulas are the ones to trace.

Needs Pillow (openpyxl places images through it) and vl-convert (to draw the PNGs).
"""

from __future__ import annotations

import io
from collections.abc import Mapping

from openpyxl.drawing.image import Image

from mocmo.excel._book import Book, Sheet

__all__ = ["ORG_CHART_SHEET", "write_org_chart"]

ORG_CHART_SHEET = "Org chart"
"""The sheet's name."""

_ROW_HEIGHT_PX = 20.0
"""Default row height in pixels (15 points), to know how many rows a picture covers."""
_SCALE = 2
"""PNGs are drawn at this scale and shown at 1/scale, so they stay sharp."""


def _png(chart: object, rendered: bytes | None = None) -> tuple[io.BytesIO, int, int]:
    """The chart as PNG bytes (``rendered`` if already drawn at 2×, as the export does) and its
    size in pixels at 1×."""
    import struct

    if rendered is None:
        buffer = io.BytesIO()
        chart.save(buffer, format="png", scale_factor=_SCALE)  # type: ignore[attr-defined]
        rendered = buffer.getvalue()
    data = rendered
    width, height = struct.unpack(">II", data[16:24])
    return io.BytesIO(data), width // _SCALE, height // _SCALE


def write_org_chart(book: Book, pngs: Mapping[str, bytes] | None = None) -> Sheet:
    """Write the Org chart sheet: a heading, then the picture of today's org chart and the
    picture of the new model's below it. ``pngs`` (``legacy``/``new`` → PNG bytes at 2×) are
    used when given, so an export that already drew the charts does not draw them twice."""
    from mocmo.charts.orgchart import org_chart_charts

    sheet = book.sheet(ORG_CHART_SHEET)
    row = sheet.heading(
        "Org chart",
        "Today's org chart and the new model's (audience tower, craft tower, MarOps beneath "
        "both). Border colour: green new position, amber changed, grey dashed closed, blue "
        "unchanged. Costs are fully loaded, at each position's point in its band; the New Org "
        "sheet has the formulas.",
    )
    charts = org_chart_charts(book.plan)
    for name, label in (("legacy", "Today"), ("new", "The new model")):
        data, width, height = _png(charts[name], (pngs or {}).get(name))
        row = sheet.section(row, label)
        image = Image(data)
        image.width, image.height = width, height
        image.anchor = f"A{row}"
        sheet.ws.add_image(image)
        row += int(height // _ROW_HEIGHT_PX) + 3
    sheet.finish()
    return sheet
