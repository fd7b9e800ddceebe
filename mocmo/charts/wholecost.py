"""Charts of the whole cost of the operating model: the cost bridge from the legacy total to
the new total (payroll change by group, AI running cost, non-payroll change), and each group's
hours against the people staffed to them.

The builders take the tables of :mod:`mocmo.costing.whole` (``cost_bridge``) and
:mod:`mocmo.staffing` (``group_staffing``) and only arrange them; :func:`wholecost_charts` is the
shortcut from a plan. Money prints with the plan's currency symbol through the chart locale
(:func:`mocmo.charts.core.styled`).
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from mocmo.charts.core import (
    PALETTE,
    category_color,
    remember_chart,
    styled,
    waterfall_layers,
)
from mocmo.format import fmt_hours, fmt_money
from mocmo.plan import Plan
from mocmo.present.wholecost import GROUP_WORDS, signed_money, signed_pct

__all__ = [
    "BRIDGE_KINDS",
    "bridge_chart_for",
    "bridge_frame",
    "cost_bridge_chart",
    "staffing_chart",
    "staffing_chart_for",
    "staffing_frame",
    "wholecost_charts",
]

BRIDGE_KINDS: dict[str, str] = {
    "total": "Total",
    "up": "Adds cost",
    "down": "Saves cost",
}
"""How the bridge's bars are coloured, by what a step does (the legend's words)."""

_WIDTH = 520
_KIND_COLORS = {"Total": "#34495e", "Adds cost": "#c0392b", "Saves cost": "#2e8b57"}
_STAFF_COLORS = {
    "Staffed hours": PALETTE[0],
    "Unstaffed hours": "#c0392b",
    "Spare capacity": "#d5dbdb",
}


# --------------------------------------------------------------------------- the cost bridge


def bridge_frame(bridge: pd.DataFrame, currency: str = "GBP") -> pd.DataFrame:
    """The bridge's rows as the chart draws them: ``step``, ``kind`` (the legend's words of
    :data:`BRIDGE_KINDS`), ``amount``, ``start``, ``end``, ``low`` and ``high`` (the bar's ends)
    and ``label`` (the amount in words, signed for a change); a step that changes nothing (under
    half a penny) is left out. ``bridge`` is :func:`mocmo.costing.whole.cost_bridge` (one row per
    step, totals first and last)."""
    data = bridge[["step", "kind", "amount", "start", "end"]].copy()
    data = data[(data["kind"] == "total") | (data["amount"].abs() > 0.005)]  # no empty bars
    data["kind"] = [
        BRIDGE_KINDS["total"] if k == "total" else BRIDGE_KINDS["up" if a >= 0 else "down"]
        for k, a in zip(data["kind"], data["amount"], strict=True)
    ]
    data["low"] = data[["start", "end"]].min(axis=1)
    data["high"] = data[["start", "end"]].max(axis=1)
    data["label"] = [
        fmt_money(float(a), currency)
        if k == BRIDGE_KINDS["total"]
        else signed_money(float(a), currency)
        for k, a in zip(data["kind"], data["amount"], strict=True)
    ]
    return data


@remember_chart
def cost_bridge_chart(
    bridge: pd.DataFrame,
    currency: str = "GBP",
    change: float | None = None,
    share: float | None = None,
) -> Any:
    """The whole cost of the operating model from the legacy total to the new total: each
    group's payroll change, the AI running cost and the non-payroll change as floating bars
    (red adds cost, green saves it), the totals as full bars. ``bridge`` is
    :func:`mocmo.costing.whole.cost_bridge`; ``change`` and ``share`` (the registry's
    ``total_net_change`` and ``total_net_change_pct``) go in the subtitle."""
    data = bridge_frame(bridge, currency)
    layers = waterfall_layers(
        data, "Cost per year (payroll + AI + non-payroll)", _KIND_COLORS, list(_KIND_COLORS)
    )
    if len(data) >= 2:
        legacy, new = float(data["end"].iloc[0]), float(data["end"].iloc[-1])
        moved = ""
        if change is not None:
            moved = f": {signed_money(change, currency)}"
            if share is not None:
                moved += f" ({signed_pct(share)})"
        subtitle = f"{fmt_money(legacy, currency)} → {fmt_money(new, currency)} a year{moved}"
    else:
        subtitle = "Nothing to compare yet"
    chart = layers.properties(
        width=_WIDTH,
        height=320,
        title=alt.TitleParams("The whole cost, legacy to new", subtitle=subtitle),
    )
    return styled(chart, currency)


# --------------------------------------------------------------------------- staffed to the work


def staffing_frame(groups: pd.DataFrame) -> pd.DataFrame:
    """Long rows for the staffing bars: per group (named as people call it: GTM Marketers,
    MarOps, Craft Custodians), its hours split into ``Staffed hours``,
    ``Unstaffed hours`` (beyond a fixed headcount's capacity) and ``Spare capacity`` (what the
    rounding up leaves free), with ``group``, ``part``, ``hours`` (h/wk), ``fte`` and
    ``label``. ``groups`` is :func:`mocmo.staffing.group_staffing`."""
    rows = []
    for r in groups.to_dict("records"):
        hours = float(r["hours_per_week"])
        unstaffed = float(r["unstaffed_hours"])
        capacity = float(r["fte"]) * float(r["capacity_hours"])
        parts = {
            "Staffed hours": hours - unstaffed,
            "Unstaffed hours": unstaffed,
            "Spare capacity": max(0.0, capacity - (hours - unstaffed)),
        }
        for part, value in parts.items():
            rows.append(
                {
                    "group": GROUP_WORDS.get(str(r["group"]), str(r["group"])),
                    "part": part,
                    "hours": value,
                    "fte": float(r["fte"]),
                    "label": f"{fmt_hours(hours)} → {float(r['fte']):g} FTE",
                }
            )
    return pd.DataFrame(rows, columns=["group", "part", "hours", "fte", "label"])


@remember_chart
def staffing_chart(groups: pd.DataFrame) -> Any:
    """Each group's hours against the people staffed to them: a bar of the hours it carries
    (staffed, and unstaffed in red when its headcount is fixed below its hours) and the spare
    capacity its rounding leaves. ``groups`` is :func:`mocmo.staffing.group_staffing`."""
    data = staffing_frame(groups)
    order = list(dict.fromkeys(data["group"]))
    parts = list(_STAFF_COLORS)
    y = alt.Y("group:N", sort=order, title=None, axis=alt.Axis(labelLimit=0))
    base = alt.Chart(data)
    bars = base.mark_bar(height=18).encode(
        x=alt.X("sum(hours):Q", title="Hours per week"),
        y=y,
        color=category_color("part:N", _STAFF_COLORS, parts, legend=alt.Legend(orient="top")),
        order=alt.Order("part_order:Q"),
        tooltip=[
            alt.Tooltip("group:N", title="Group"),
            alt.Tooltip("part:N", title="Part"),
            alt.Tooltip("hours:Q", title="Hours per week", format=",.1f"),
            alt.Tooltip("fte:Q", title="FTE", format=",.2~f"),
        ],
    ).transform_calculate(
        part_order=f"indexof({parts!r}, datum.part)"
    )  # fmt: skip
    ends = data.groupby("group", sort=False, as_index=False).agg(
        hours=("hours", "sum"), label=("label", "first")
    )
    labels = (
        alt.Chart(ends)
        .mark_text(align="left", dx=6, fontSize=11)
        .encode(x=alt.X("hours:Q"), y=alt.Y("group:N", sort=order), text=alt.Text("label:N"))
    )
    chart = (bars + labels).properties(
        width=_WIDTH - 120,
        height=max(40 * len(order), 60),
        title=alt.TitleParams(
            "Staffed to the work",
            subtitle="Each group's hours a week against the capacity of its FTE",
        ),
    )
    return styled(chart)


# --------------------------------------------------------------------------- all of them


def bridge_chart_for(plan: Plan) -> Any:
    """The cost bridge of ``plan`` (:func:`cost_bridge_chart` of
    :func:`mocmo.costing.whole.cost_bridge`, its net change in the subtitle)."""
    from mocmo.costing import whole

    return cost_bridge_chart(
        whole.cost_bridge(plan),
        plan.meta.currency,
        whole.total_net_change(plan),
        whole.total_net_change_pct(plan),
    )


def staffing_chart_for(plan: Plan) -> Any:
    """Hours against FTE per group of ``plan`` (:func:`staffing_chart` of
    :func:`mocmo.staffing.group_staffing`)."""
    from mocmo import staffing

    return staffing_chart(staffing.group_staffing(plan))


def wholecost_charts(plan: Plan) -> dict[str, Any]:
    """The whole-cost charts of ``plan``, keyed ``bridge`` (the cost bridge) and ``staffing``
    (hours against FTE per group)."""
    return {"bridge": bridge_chart_for(plan), "staffing": staffing_chart_for(plan)}
