"""Charts of two plans side by side: cost by group A vs B, and the timeline A vs B.

The data come from :mod:`mocmo.compare` (which takes them from the costing and migration
steps); these functions only draw them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd

from mocmo.charts.core import money_axis_format, save_chart, styled
from mocmo.compare import cost_by_group, phase_table, timeline
from mocmo.plan import Plan

__all__ = [
    "FILE_NAMES",
    "PLAN_COLORS",
    "comparison_charts",
    "cost_by_group_chart",
    "save_comparison_charts",
    "timeline_chart",
]

PLAN_COLORS: tuple[str, str] = ("#1f4e79", "#e07a1f")
"""Colour of plan A and of plan B in every comparison chart."""

FILE_NAMES: dict[str, str] = {
    "cost_by_group": "compare_cost_by_group",
    "timeline": "compare_timeline",
}
"""File name (without extension) of each comparison chart when saved."""


def _plan_color(table: pd.DataFrame) -> alt.Color:
    domain = list(dict.fromkeys(table.sort_values("which")["plan"]))
    return alt.Color(
        "plan:N",
        scale=alt.Scale(domain=domain, range=list(PLAN_COLORS[: len(domain)])),
        legend=alt.Legend(title=None, orient="top"),
    )


def cost_by_group_chart(table: pd.DataFrame) -> alt.Chart:
    """Loaded cost per year by group, plan A's bar beside plan B's (from
    :func:`mocmo.compare.cost_by_group`)."""
    groups = list(dict.fromkeys(table["group"]))
    return (
        alt.Chart(table)
        .mark_bar()
        .encode(
            y=alt.Y("group:N", sort=groups, title=None),
            yOffset=alt.YOffset("plan:N"),
            x=alt.X(
                "loaded_cost:Q",
                title="Loaded cost a year",
                axis=alt.Axis(format=money_axis_format()),
            ),
            color=_plan_color(table),
            tooltip=[
                alt.Tooltip("plan:N", title="Plan"),
                alt.Tooltip("group:N", title="Group"),
                alt.Tooltip("loaded_cost:Q", title="Loaded cost a year", format="$,.0f"),
            ],
        )
        .properties(title="Cost by group: A vs B", width=560, height=36 * len(groups))
    )


def timeline_chart(phases: pd.DataFrame, months: pd.DataFrame) -> alt.VConcatChart:
    """Top: each plan's phases as bars over the months, A above B. Bottom: the cumulative
    difference against staying legacy, month by month, one line per plan, with zero marked
    (below zero = the plan has cost less so far). From :func:`mocmo.compare.phase_table` and
    :func:`mocmo.compare.timeline`."""
    phases = phases.assign(end_edge=phases["end_month"] + 1)
    order = list(dict.fromkeys(phases["phase"]))
    last = int(max(phases["end_edge"].max() if len(phases) else 1, months["month"].max() + 1))
    x_scale = alt.Scale(domain=[1, last], nice=False)
    gantt = (
        alt.Chart(phases)
        .mark_bar(cornerRadius=2, height={"band": 0.4})
        .encode(
            y=alt.Y("phase:N", sort=order, title=None),
            yOffset=alt.YOffset("plan:N"),
            x=alt.X("start_month:Q", scale=x_scale, title="Month"),
            x2=alt.X2("end_edge:Q"),
            color=_plan_color(phases),
            tooltip=[
                alt.Tooltip("plan:N", title="Plan"),
                alt.Tooltip("phase:N", title="Phase"),
                alt.Tooltip("start_month:Q", title="From month"),
                alt.Tooltip("end_month:Q", title="To month"),
            ],
        )
        .properties(title="Phases: A vs B", width=560, height=26 * max(1, len(order)))
    )
    lines = (
        alt.Chart(months)
        .mark_line(point=True)
        .encode(
            x=alt.X("month:Q", scale=x_scale, title="Month"),
            y=alt.Y(
                "cumulative_difference:Q",
                title="Cumulative vs staying legacy",
                axis=alt.Axis(format=money_axis_format()),
            ),
            color=_plan_color(months),
            tooltip=[
                alt.Tooltip("plan:N", title="Plan"),
                alt.Tooltip("month:Q", title="Month"),
                alt.Tooltip("cumulative_difference:Q", title="Cumulative", format="$,.0f"),
                alt.Tooltip("total_cost:Q", title="Cost that month", format="$,.0f"),
            ],
        )
    )
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#7f8c8d").encode(y=alt.Y("y:Q"))
    cumulative = (lines + zero).properties(
        title="Cumulative difference against staying legacy: A vs B", width=560, height=220
    )
    return alt.vconcat(gantt, cumulative).resolve_scale(color="shared")


def comparison_charts(a: Plan, b: Plan) -> dict[str, Any]:
    """Both comparison charts, styled: ``{"cost_by_group": …, "timeline": …}``."""
    currency = b.meta.currency
    return {
        "cost_by_group": styled(cost_by_group_chart(cost_by_group(a, b)), currency),
        "timeline": styled(timeline_chart(phase_table(a, b), timeline(a, b)), currency),
    }


def save_comparison_charts(
    a: Plan, b: Plan, folder: Path, formats: Iterable[str] = ("png", "svg")
) -> list[Path]:
    """Save both comparison charts into ``folder`` (PNG at 2× and SVG); returns the files."""
    written: list[Path] = []
    for name, chart in comparison_charts(a, b).items():
        written += save_chart(chart, Path(folder) / FILE_NAMES[name], tuple(formats))
    return written
