"""Charts of Step 3 — MarOps costing: cost by seat (low / mid / high), legacy vs new org by
group, the net change as a waterfall, the Monte Carlo distribution with its P10 / P50 / P90,
and a tornado of sensitivities.

The builders take results computed by :mod:`mocmo.costing` (its tables, its
:class:`~mocmo.costing.Simulation`) and only arrange them; :func:`costing_charts` is the
shortcut from a plan. Money prints with the plan's currency symbol through the chart locale
(:func:`mocmo.charts.core.styled`).
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from mocmo import costing
from mocmo.charts.core import (
    GROUP_COLORS,
    PALETTE,
    category_color,
    color_scale,
    draws_bars,
    draws_frame,
    money_axis_format,
    remember_chart,
    styled,
    waterfall_layers,
)
from mocmo.format import fmt_money, fmt_pct
from mocmo.plan import Plan

__all__ = [
    "HISTOGRAM_BINS",
    "TORNADO_ROWS",
    "cost_range_chart",
    "costing_charts",
    "distribution_chart",
    "distribution_frame",
    "org_cost_chart",
    "org_cost_frame",
    "tornado_chart",
    "tornado_frame",
    "waterfall_chart",
]

HISTOGRAM_BINS = 40
"""Bars in the Monte Carlo histogram."""
TORNADO_ROWS = 12
"""Assumptions shown in the tornado chart (the largest swings)."""

_WIDTH = 520
_LABEL_LIMIT = 0  # no limit: styled() pads the chart for its longest label
_ORG_COLORS = {**GROUP_COLORS, costing.GROUP_FUNCTIONAL: GROUP_COLORS["Legacy roles"]}
_KIND_COLORS = {"total": "#34495e", "removed": "#2e8b57", "added": "#c0392b"}
_LOW_HIGH_COLORS = {"Set to its low": PALETTE[0], "Set to its high": PALETTE[1]}
_QUANTITY_TITLES = {
    "net_change": "Net change of the whole org (new − legacy) per year",
    "new_org_cost": "New org loaded cost per year",
    "marops_cost": "MarOps team loaded cost per year",
    "marops_net_change": "MarOps net change (MarOps − replaced roles) per year",
    "legacy_org_cost": "Legacy org loaded cost per year",
    "replaced_cost": "Replaced roles' loaded cost per year",
    "recruitment_fees": "One-off recruitment fees",
}


# --------------------------------------------------------------------------- cost by seat


def _titled(chart: Any, height: int, title: str, subtitle: str, currency: str) -> Any:
    """``chart`` at the step's width and ``height``, under ``title`` and ``subtitle``, styled
    (:func:`mocmo.charts.core.styled`)."""
    return styled(
        chart.properties(
            width=_WIDTH, height=height, title=alt.TitleParams(title, subtitle=subtitle)
        ),
        currency,
    )


@remember_chart
def cost_range_chart(seats: pd.DataFrame, currency: str = "GBP") -> Any:
    """MarOps cost by seat: a range bar from the loaded cost at the band's low to its high, a
    tick at mid and a dot at the seat's own point. ``seats`` is
    :func:`mocmo.costing.marops_seat_table`."""
    data = seats[
        ["seat", "roles", "loaded_cost_low", "loaded_cost_mid", "loaded_cost_high", "loaded_cost"]
    ].copy()
    data["salary"] = seats["salary"]
    data["label"] = [
        f"{fmt_money(lo, currency)}–{fmt_money(hi, currency)}"
        for lo, hi in zip(data["loaded_cost_low"], data["loaded_cost_high"], strict=True)
    ]
    order = [str(s) for s in data["seat"]]
    money = money_axis_format(short=True)
    full = money_axis_format(short=False)
    y = alt.Y("seat:N", sort=order, title=None, axis=alt.Axis(labelLimit=_LABEL_LIMIT))
    tooltip = [
        alt.Tooltip("seat:N", title="Seat"),
        alt.Tooltip("roles:N", title="Roles held"),
        alt.Tooltip("loaded_cost_low:Q", title="Loaded at low", format=full),
        alt.Tooltip("loaded_cost_mid:Q", title="Loaded at mid", format=full),
        alt.Tooltip("loaded_cost_high:Q", title="Loaded at high", format=full),
        alt.Tooltip("loaded_cost:Q", title="Loaded at its point", format=full),
        alt.Tooltip("salary:Q", title="Salary at its point", format=full),
    ]
    base = alt.Chart(data)
    bars = base.mark_bar(height=16, color=PALETTE[0], opacity=0.35).encode(
        x=alt.X(
            "loaded_cost_low:Q", title="Fully loaded cost per year", axis=alt.Axis(format=money)
        ),
        x2=alt.X2("loaded_cost_high:Q"),
        y=y,
        tooltip=tooltip,
    )
    mid = base.mark_tick(color=PALETTE[0], thickness=2, size=22).encode(
        x=alt.X("loaded_cost_mid:Q"), y=y, tooltip=tooltip
    )
    point = base.mark_point(filled=True, size=80, color=PALETTE[1]).encode(
        x=alt.X("loaded_cost:Q"), y=y, tooltip=tooltip
    )
    labels = base.mark_text(align="left", dx=6, fontSize=11).encode(
        x=alt.X("loaded_cost_high:Q"), y=y, text=alt.Text("label:N")
    )
    total_low, total_high = costing.marops_loaded_cost_range(seats)
    return _titled(
        bars + mid + point + labels,
        max(34 * len(data), 60),
        "MarOps cost by seat: low, mid and high of each band",
        f"Bar: band low to high; tick: mid; dot: the seat's point. Team "
        f"{fmt_money(total_low, currency)}–{fmt_money(total_high, currency)} loaded a year",
        currency,
    )


# --------------------------------------------------------------------------- legacy vs new


def org_cost_frame(by_group: pd.DataFrame) -> pd.DataFrame:
    """Long rows for the legacy-vs-new bars: ``org`` (Legacy org | New org), ``group``,
    ``loaded_cost``, ``headcount``, ``base_salary``, ``group_order``; groups costing nothing
    are left out. ``by_group`` is :func:`mocmo.costing.org_cost_by_group`."""
    rows = []
    for org, prefix in (("Legacy org", "legacy"), ("New org", "new")):
        for order, r in enumerate(by_group.to_dict("records")):
            if r[f"{prefix}_loaded_cost"]:
                rows.append(
                    {
                        "org": org,
                        "group": r["group"],
                        "loaded_cost": float(r[f"{prefix}_loaded_cost"]),
                        "headcount": float(r[f"{prefix}_headcount"]),
                        "base_salary": float(r[f"{prefix}_base_salary"]),
                        "group_order": order,
                    }
                )
    columns = ["org", "group", "loaded_cost", "headcount", "base_salary", "group_order"]
    return pd.DataFrame(rows, columns=columns)


@remember_chart
def org_cost_chart(by_group: pd.DataFrame, currency: str = "GBP") -> Any:
    """Legacy vs new org loaded cost, each a bar stacked by group (functional teams, GTM,
    Custodians, MarOps, Other), with headcount in the tooltip. ``by_group`` is
    :func:`mocmo.costing.org_cost_by_group`."""
    data = org_cost_frame(by_group)
    groups = list(by_group["group"])
    totals = costing.org_cost_totals(by_group)
    legacy, new = totals.legacy_loaded_cost, totals.new_loaded_cost
    change, share = totals.change, totals.change_share
    money = money_axis_format(short=True)
    full = money_axis_format(short=False)
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "org:N", sort=["Legacy org", "New org"], title=None, axis=alt.Axis(labelAngle=0)
            ),
            y=alt.Y(
                "sum(loaded_cost):Q",
                title="Fully loaded cost per year",
                axis=alt.Axis(format=money),
            ),
            color=alt.Color(
                "group:N", scale=color_scale(_ORG_COLORS, groups), title="Group", sort=groups
            ),
            order=alt.Order("group_order:Q"),
            tooltip=[
                alt.Tooltip("org:N", title="Org"),
                alt.Tooltip("group:N", title="Group"),
                alt.Tooltip("headcount:Q", title="Headcount (FTE)", format=",.1f"),
                alt.Tooltip("base_salary:Q", title="Base salaries", format=full),
                alt.Tooltip("loaded_cost:Q", title="Loaded cost", format=full),
            ],
        )
        .properties(
            width=260,
            height=300,
            title=alt.TitleParams(
                "Legacy vs new org, loaded cost by group",
                subtitle=f"{fmt_money(legacy, currency)} → {fmt_money(new, currency)} a year: "
                f"{fmt_money(change, currency)}"
                + (f" ({fmt_pct(share, 1)})" if share is not None else ""),
            ),
        )
    )
    return styled(chart, currency)


# --------------------------------------------------------------------------- waterfall


@remember_chart
def waterfall_chart(steps: pd.DataFrame, currency: str = "GBP") -> Any:
    """The net change as a waterfall: the legacy total, each legacy group removed, each new
    group added, the new total. ``steps`` is :func:`mocmo.costing.net_change_waterfall`."""
    data = steps.copy()
    data["label"] = [fmt_money(a, currency) for a in data["amount"]]
    data["low"] = data[["start", "end"]].min(axis=1)
    data["high"] = data[["start", "end"]].max(axis=1)
    layers = waterfall_layers(
        data, "Fully loaded cost per year", _KIND_COLORS, ["total", "removed", "added"]
    )
    net = costing.waterfall_net_change(steps)
    return _titled(
        layers,
        320,
        "From the legacy org to the new org",
        f"Net change {fmt_money(net, currency)} a year "
        "(each group's fully loaded cost removed, then added)",
        currency,
    )


# --------------------------------------------------------------------------- distribution


def distribution_frame(
    sim: costing.Simulation, quantity: str = "net_change", bins: int = HISTOGRAM_BINS
) -> pd.DataFrame:
    """The draws of ``quantity`` counted into ``bins`` equal bins: ``bin_start``, ``bin_end``,
    ``draws`` (how many draws fell in the bin) and ``share`` (of all draws)."""
    return draws_frame(sim.values[quantity], bins)


def distribution_chart(
    sim: costing.Simulation, quantity: str = "net_change", currency: str = "GBP"
) -> Any:
    """A histogram of ``quantity`` over the Monte Carlo draws, with rules and labels at its
    P10, P50 and P90 (:meth:`mocmo.costing.Simulation.percentile`)."""
    data = distribution_frame(sim, quantity)
    rules = pd.DataFrame(
        {
            "percentile": [f"P{q}" for q in costing.PERCENTILES],
            "value": [sim.percentile(quantity, q) for q in costing.PERCENTILES],
        }
    )
    rules["ypos"] = [10 + 16 * (i % 2) for i in range(len(rules))]  # stagger the labels
    rules["label"] = [
        f"{p} {fmt_money(v, currency)}"
        for p, v in zip(rules["percentile"], rules["value"], strict=True)
    ]
    full = money_axis_format(short=False)
    title = _QUANTITY_TITLES.get(quantity, quantity)
    bars = draws_bars(data, title, opacity=0.75)
    rule = (
        alt.Chart(rules)
        .mark_rule(color=PALETTE[4], strokeDash=[5, 3], strokeWidth=2)
        .encode(
            x=alt.X("value:Q"),
            tooltip=[
                alt.Tooltip("percentile:N", title="Percentile"),
                alt.Tooltip("value:Q", title="Value", format=full),
            ],
        )
    )
    text = (
        alt.Chart(rules)
        .mark_text(align="left", dx=4, dy=-4, fontSize=11, color=PALETTE[4])
        .encode(x=alt.X("value:Q"), y=alt.Y("ypos:Q", scale=None), text=alt.Text("label:N"))
    )
    p10, p90 = sim.percentile(quantity, 10), sim.percentile(quantity, 90)
    return _titled(
        bars + rule + text,
        260,
        "A range, not a single number",
        f"{sim.draws:,} draws of every salary in its band ({sim.distribution}); "
        f"8 in 10 fall between {fmt_money(p10, currency)} and {fmt_money(p90, currency)}",
        currency,
    )


# --------------------------------------------------------------------------- tornado


def tornado_frame(table: pd.DataFrame, rows: int = TORNADO_ROWS) -> pd.DataFrame:
    """Long rows for the tornado: for the ``rows`` assumptions with the largest swing (swing
    above 0), one row for the assumption at its low and one at its high: ``assumption``,
    ``setting``, ``value`` (the assumption's value), ``net_change``, ``base`` and ``delta``
    (net change − base). ``table`` is :func:`mocmo.costing.sensitivity`."""
    top = table[table["swing"] > 0].head(rows)
    out = []
    for r in top.to_dict("records"):
        for setting, value, net in (
            ("Set to its low", r["low_value"], r["net_change_low"]),
            ("Set to its high", r["high_value"], r["net_change_high"]),
        ):
            out.append(
                {
                    "assumption": r["assumption"],
                    "setting": setting,
                    "value": float(value),
                    "net_change": float(net),
                    "base": float(r["net_change_base"]),
                    "delta": float(net) - float(r["net_change_base"]),
                    "swing": float(r["swing"]),
                }
            )
    columns = ["assumption", "setting", "value", "net_change", "base", "delta", "swing"]
    return pd.DataFrame(out, columns=columns)


@remember_chart
def tornado_chart(table: pd.DataFrame, currency: str = "GBP", rows: int = TORNADO_ROWS) -> Any:
    """Which assumption moves the net change most: for each, a bar from the base net change to
    the net change with the assumption at its low, and one to its high; largest swing on top.
    ``table`` is :func:`mocmo.costing.sensitivity`."""
    data = tornado_frame(table, rows)
    order = list(dict.fromkeys(data["assumption"]))
    base = float(table["net_change_base"].iloc[0]) if len(table) else 0.0
    money = money_axis_format(short=True)
    full = money_axis_format(short=False)
    chart = (
        alt.Chart(data)
        .mark_bar(height=14)
        .encode(
            x=alt.X(
                "base:Q",
                title="Net change of the whole org per year",
                axis=alt.Axis(format=money),
                scale=alt.Scale(zero=False),
            ),
            x2=alt.X2("net_change:Q"),
            y=alt.Y("assumption:N", sort=order, title=None, axis=alt.Axis(labelLimit=_LABEL_LIMIT)),
            color=category_color(
                "setting:N", _LOW_HIGH_COLORS, legend=alt.Legend(orient="top"), sort=False
            ),
            tooltip=[
                alt.Tooltip("assumption:N", title="Assumption"),
                alt.Tooltip("setting:N", title="Setting"),
                alt.Tooltip("value:Q", title="Value", format=",.3~f"),
                alt.Tooltip("net_change:Q", title="Net change", format=full),
                alt.Tooltip("delta:Q", title="Moves it by", format=full),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"base": [base]}))
        .mark_rule(color="#34495e", strokeWidth=1.5)
        .encode(x=alt.X("base:Q"))
    )
    return _titled(
        chart + rule,
        max(24 * len(order), 60),
        "What moves the net change most",
        f"Each assumption set to its low and its high, the rest as planned; "
        f"the line is the planned net change, {fmt_money(base, currency)} a year",
        currency,
    )


# --------------------------------------------------------------------------- all of them


def costing_charts(plan: Plan, sim: costing.Simulation | None = None) -> dict[str, Any]:
    """Every chart of the step for ``plan``, keyed ``cost_range``, ``org_cost``, ``waterfall``,
    ``distribution`` and ``tornado``. ``sim`` defaults to the headline Monte Carlo."""
    currency = plan.meta.currency
    fte = costing.custodian_fte(plan)
    sim = sim if sim is not None else costing.simulate(plan, fte=fte)
    return {
        "cost_range": cost_range_chart(costing.marops_seat_table(plan), currency),
        "org_cost": org_cost_chart(costing.org_cost_by_group(plan, fte), currency),
        "waterfall": waterfall_chart(costing.net_change_waterfall(plan, fte), currency),
        "distribution": distribution_chart(sim, "net_change", currency),
        "tornado": tornado_chart(costing.sensitivity(plan, fte), currency),
    }
