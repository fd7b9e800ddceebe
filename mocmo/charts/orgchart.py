"""The org chart, today and in the new model, drawn from :mod:`mocmo.orgchart`'s layout.

Boxes are rect marks (border and tint by the position's action: new, changed, closed,
unchanged), their text is text marks placed line by line, and the reporting lines are rule
marks (dotted for the Data Steward's line to a CDO). Positions are the layout's pixels, so the
drawing is exactly as wide as the layout (at most 1280 px) and nothing overlaps that the layout
checks did not allow.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd

from mocmo._memo import cache_by_identity
from mocmo.charts.core import FONT, save_chart, styled
from mocmo.orgchart import (
    STATUS_LABELS,
    STATUSES,
    OrgChart,
    box_table,
    org_charts,
    segment_table,
    text_table,
)
from mocmo.plan import Plan

__all__ = [
    "FILE_NAMES",
    "STATUS_COLORS",
    "STATUS_FILLS",
    "org_chart_chart",
    "org_chart_charts",
    "save_org_charts",
]

STATUS_COLORS: dict[str, str] = {
    "new": "#2e8b57",
    "changed": "#e07a1f",
    "closed": "#7f8c8d",
    "unchanged": "#1f4e79",
    "": "#7f8c8d",
}
"""Border (and status text) colour of a box by its action; '' for group headings and the CDO."""
STATUS_FILLS: dict[str, str] = {
    "new": "#eaf5ee",
    "changed": "#fdf1e6",
    "closed": "#f2f3f3",
    "unchanged": "#e9eff6",
    "": "#ffffff",
}
"""Light fill of a box by its action."""

FILE_NAMES: dict[str, str] = {"legacy": "org_chart_today", "new": "org_chart_new"}
"""File name (without extension) of each org chart when saved."""

_LINE_COLOR = "#5d6d7e"


def _x(field: str, width: float) -> alt.X:
    return alt.X(
        f"{field}:Q", scale=alt.Scale(domain=[0, width], nice=False, zero=False), axis=None
    )


def _y(field: str, height: float) -> alt.Y:
    return alt.Y(
        f"{field}:Q",
        scale=alt.Scale(domain=[0, height], nice=False, zero=False, reverse=True),
        axis=None,
    )


def _status_legend_scale() -> alt.Scale:
    return alt.Scale(domain=list(STATUSES), range=[STATUS_COLORS[s] for s in STATUSES])


def org_chart_chart(chart: OrgChart) -> Any:
    """One org chart as a layered Altair chart: lines, then boxes, then their text. The view is
    the layout's size in pixels; a legend under it names the actions."""
    w, h = chart.width, chart.height
    boxes = box_table(chart)
    boxes["fill"] = boxes["status"].map(STATUS_FILLS)
    boxes["status"] = boxes["status"].astype(str)
    boxes["action"] = boxes["status"].map(lambda s: STATUS_LABELS.get(s, "group / outside"))
    boxes["dashed"] = boxes["status"] == "closed"
    texts = text_table(chart)
    texts["color"] = [
        STATUS_COLORS[s] if is_status else "#1b2631"
        for s, is_status in zip(texts["status"], texts["is_status"], strict=True)
    ]
    segments = _merged_segments(segment_table(chart))

    lines = (
        alt.Chart(segments)
        .mark_rule(color=_LINE_COLOR, strokeWidth=1.2)
        .encode(
            x=_x("x", w),
            y=_y("y", h),
            x2=alt.X2("x2:Q"),
            y2=alt.Y2("y2:Q"),
            strokeDash=alt.StrokeDash(
                "kind:N",
                scale=alt.Scale(domain=["solid", "dotted"], range=[[], [4, 3]]),
                legend=None,
            ),
        )
    )
    groups = (
        alt.Chart(boxes[boxes["status"] == ""])
        .mark_rect(cornerRadius=4, strokeWidth=1.2, stroke=STATUS_COLORS[""], strokeDash=[2, 2])
        .encode(
            x=_x("x", w),
            y=_y("y", h),
            x2=alt.X2("x2:Q"),
            y2=alt.Y2("y2:Q"),
            fill=alt.FillValue("#f7f9f9"),
            tooltip=[alt.Tooltip("title:N", title="Group")],
        )
    )
    rects = (
        alt.Chart(boxes[boxes["status"] != ""])
        .mark_rect(cornerRadius=4, strokeWidth=1.6)
        .encode(
            x=_x("x", w),
            y=_y("y", h),
            x2=alt.X2("x2:Q"),
            y2=alt.Y2("y2:Q"),
            fill=alt.Fill("fill:N", scale=None, legend=None),
            stroke=alt.Stroke(
                "status:N",
                scale=_status_legend_scale(),
                legend=alt.Legend(
                    title="Position",
                    orient="bottom",
                    direction="horizontal",
                    symbolType="square",
                    symbolFillColor="#ffffff",
                    symbolStrokeWidth=2,
                ),
            ),
            strokeDash=alt.condition(alt.datum.dashed, alt.value([5, 3]), alt.value([])),
            tooltip=[
                alt.Tooltip("title:N", title="Position"),
                alt.Tooltip("action:N", title="Action"),
                alt.Tooltip("headcount:Q", title="People / FTE", format=",.1f"),
                alt.Tooltip("cost:Q", title="Loaded cost a year", format="$,.0f"),
            ],
        )
    )
    titles = _text_layer(texts[texts["bold"]], w, h, bold=True)
    details = _text_layer(texts[~texts["bold"]], w, h, bold=False)
    return alt.layer(lines, groups, rects, titles, details).properties(
        width=w, height=h, title=chart.title, padding=0
    )


def _merged_segments(segments: pd.DataFrame) -> pd.DataFrame:
    """The line pieces to draw: pieces of the lines to one box (same target and kind) that lie
    on one horizontal or vertical line and overlap or touch are drawn as one piece, their union.

    Each child's line to its parent repeats the parent's trunk and bus; a parent with 200
    children would have the same pixels stroked hundreds of times, which slows the rasteriser
    down by seconds. The union covers exactly the same pixels. Other pieces are kept as they
    are. Columns as :func:`mocmo.orgchart.segment_table`; a merged piece's ``source`` is ''."""
    columns = list(segments.columns)
    kept: list[dict[Any, Any]] = []
    runs: dict[tuple[str, str, str, float], list[tuple[float, float, str]]] = {}
    for row in segments.to_dict("records"):
        if row["y"] == row["y2"]:
            key = (row["target"], row["kind"], "h", row["y"])
            lo, hi = sorted((row["x"], row["x2"]))
        elif row["x"] == row["x2"]:
            key = (row["target"], row["kind"], "v", row["x"])
            lo, hi = sorted((row["y"], row["y2"]))
        else:
            kept.append(row)
            continue
        runs.setdefault(key, []).append((lo, hi, row["source"]))
    for (target, kind, axis, at), pieces in runs.items():
        pieces.sort()
        merged: list[list[Any]] = []
        for lo, hi, source in pieces:
            if merged and lo <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], hi)
                merged[-1][2] = ""
            else:
                merged.append([lo, hi, source])
        for lo, hi, source in merged:
            x, y, x2, y2 = (lo, at, hi, at) if axis == "h" else (at, lo, at, hi)
            kept.append(
                {"source": source, "target": target, "kind": kind, "x": x, "y": y, "x2": x2,
                 "y2": y2}
            )  # fmt: skip
    return pd.DataFrame(kept, columns=columns)


def _text_layer(texts: Any, w: float, h: float, *, bold: bool) -> alt.Chart:
    """The text lines of the boxes, placed by their top-left corner (px)."""
    return (
        alt.Chart(texts)
        .mark_text(align="left", baseline="top", font=FONT, fontWeight="bold" if bold else 400)
        .encode(
            x=_x("x", w),
            y=_y("y", h),
            text=alt.Text("text:N"),
            size=alt.Size("font_size:Q", scale=None, legend=None),
            color=alt.Color("color:N", scale=None, legend=None),
        )
    )


def org_chart_charts(plan: Plan, point: str | float | None = None) -> dict[str, Any]:
    """Both org charts, styled and ready to show or save: ``{"legacy": ..., "new": ...}``.
    At each position's own point (``point`` None) they are built once per plan object: an
    export draws them and its workbook's Org chart sheet asks for them again. The charts are
    shared: derive new ones from them, never assign to them."""
    if point is None:
        return _charts_at_own_points(plan)
    return _charts(plan, point)


def _charts(plan: Plan, point: str | float | None) -> dict[str, Any]:
    return {
        name: styled(org_chart_chart(layout), plan.meta.currency)
        for name, layout in org_charts(plan, point).items()
    }


@cache_by_identity
def _charts_at_own_points(plan: Plan) -> dict[str, Any]:
    return _charts(plan, None)


def save_org_charts(
    plan: Plan,
    folder: Path,
    point: str | float | None = None,
    formats: Iterable[str] = ("png", "svg"),
) -> list[Path]:
    """Save both org charts into ``folder`` as ``org_chart_today`` and ``org_chart_new``
    (PNG at 2× scale and SVG); returns the files written."""
    written: list[Path] = []
    for name, chart in org_chart_charts(plan, point).items():
        written += save_chart(chart, Path(folder) / FILE_NAMES[name], tuple(formats))
    return written
