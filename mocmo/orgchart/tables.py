"""Org chart: a laid-out chart as tables for drawing — boxes, line segments and text rows."""

from __future__ import annotations

import pandas as pd

from mocmo.orgchart.boxes import BODY_FONT, PAD, TITLE_FONT, OrgBox, OrgChart, line_height

# --------------------------------------------------------------------------- tables for drawing


def box_table(chart: OrgChart) -> pd.DataFrame:
    """One row per box: key, kind, status ('' for none), title, x, y, x2, y2 (px), headcount,
    cost (currency/year) and the drawn text (title and detail lines joined by newlines)."""
    rows = [
        {
            "key": b.key,
            "kind": b.kind,
            "status": b.status or "",
            "title": b.title,
            "x": b.x,
            "y": b.y,
            "x2": b.right,
            "y2": b.bottom,
            "headcount": b.headcount,
            "cost": b.cost,
            "title_text": "\n".join(b.title_lines),
            "detail_text": "\n".join(b.detail_lines),
        }
        for b in chart.boxes
    ]
    columns = [
        "key", "kind", "status", "title", "x", "y", "x2", "y2", "headcount", "cost",
        "title_text", "detail_text",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def segment_table(chart: OrgChart) -> pd.DataFrame:
    """One row per straight piece of every line: source, target, kind (solid/dotted), x, y,
    x2, y2 (px)."""
    rows = [
        {
            "source": line.source,
            "target": line.target,
            "kind": line.kind,
            "x": a[0],
            "y": a[1],
            "x2": b[0],
            "y2": b[1],
        }
        for line in chart.lines
        for a, b in line.segments()
    ]
    return pd.DataFrame(rows, columns=["source", "target", "kind", "x", "y", "x2", "y2"])


def text_table(chart: OrgChart) -> pd.DataFrame:
    """One row per line of text drawn in the boxes: key (the box), text, x and y of its top-left
    corner (px), font_size (px), bold (the title lines), status (the box's, '' for none) and
    is_status (the line that names the status)."""
    rows: list[dict[str, object]] = []
    for b in chart.boxes:
        y = b.y + PAD
        for t in b.title_lines:
            rows.append(_text_row(b, t, y, TITLE_FONT, bold=True, is_status=False))
            y += line_height(TITLE_FONT)
        for i, t in enumerate(b.detail_lines):
            last = b.status is not None and i == len(b.detail_lines) - 1
            rows.append(_text_row(b, t, y, BODY_FONT, bold=False, is_status=last))
            y += line_height(BODY_FONT)
    columns = ["key", "text", "x", "y", "font_size", "bold", "status", "is_status"]
    return pd.DataFrame(rows, columns=columns)


def _text_row(
    box: OrgBox, text: str, y: float, size: float, *, bold: bool, is_status: bool
) -> dict[str, object]:
    return {
        "key": box.key,
        "text": text,
        "x": box.x + PAD,
        "y": y,
        "font_size": size,
        "bold": bold,
        "status": box.status or "",
        "is_status": is_status,
    }
