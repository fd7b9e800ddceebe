"""Charts of the ranges on the drivers (issue #19): which driver moves the whole-cost net change
most (a tornado of each driver at its P10 and its P90), and the spread of the whole-cost net
change over the seeded simulation (a histogram with its P10 / P50 / P90 and the plan's own
figure).

The builders take what :mod:`mocmo.ranges` computed (:func:`mocmo.ranges.tornado`'s table, a
:class:`~mocmo.ranges.DriverSimulation`) and only arrange them; :func:`ranges_charts` is the
shortcut from a plan. Money prints with the plan's currency symbol through the chart locale
(:func:`mocmo.charts.core.styled`).
"""

from __future__ import annotations

from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from mocmo.charts.core import (
    PALETTE,
    category_color,
    color_scale,
    draws_bars,
    draws_frame,
    money_axis_format,
    remember_chart,
    styled,
    wrapped_title,
)
from mocmo.format import fmt_money
from mocmo.plan import Plan
from mocmo.ranges import DriverSimulation

__all__ = [
    "EFFECTS",
    "RANGE_BINS",
    "RANGE_FIGURE",
    "driver_tornado_chart",
    "driver_tornado_frame",
    "range_chart",
    "range_frame",
    "range_rules",
    "ranges_charts",
]

RANGE_FIGURE = "total_net_change"
"""The figure the histogram spreads: the whole-cost net change a year."""
RANGE_BINS = 40
"""Bars in the histogram."""
EFFECTS: dict[str, str] = {
    "up": "Costs more as the driver rises",
    "down": "Saves more as the driver rises",
    "none": "Does not move the yearly net change",
}
"""How the tornado's bars are coloured: what raising the driver does to the net change."""

_WIDTH = 520
_ROW_PX = 30
_LABEL_ROOM = 0.22
"""Share of the bars' span left free on each side of the tornado for the P10 / P90 words."""
_EFFECT_COLORS = {EFFECTS["up"]: "#c0392b", EFFECTS["down"]: "#2e8b57", EFFECTS["none"]: PALETTE[5]}
_LEVELS = (10, 50, 90)
_PLAN_COLOR = PALETTE[1]
_RULE_COLORS = (PALETTE[4], PALETTE[3], PALETTE[6])
"""The P10, P50 and P90 rules' colours."""
_NET_TITLE = "Whole-cost net change per year (below 0 = the new model costs less)"


# --------------------------------------------------------------------------- the tornado


def _effect(at_p10: float, at_p90: float) -> str:
    if abs(at_p90 - at_p10) < 0.5:  # under a unit of money a year: no bar to speak of
        return EFFECTS["none"]
    return EFFECTS["up"] if at_p90 > at_p10 else EFFECTS["down"]


def driver_tornado_frame(table: pd.DataFrame) -> pd.DataFrame:
    """One row per driver of ``table`` (:func:`mocmo.ranges.tornado`), largest swing first: its
    ``label``, the net change at its P10 and at its P90, the bar's ends ``low`` and ``high``,
    the words for the driver's value at each end (``low_words`` beside ``low``, ``high_words``
    beside ``high``), its ``effect`` (:data:`EFFECTS`), ``swing``, ``base`` and the break-even
    month at each end in words."""
    ordered = table.sort_values("swing", ascending=False, kind="stable")
    rows = []
    for r in ordered.to_dict("records"):
        at_p10, at_p90 = float(r["net_change_at_p10"]), float(r["net_change_at_p90"])
        p10_words, p90_words = str(r["p10_words"]), str(r["p90_words"])
        p10_low = at_p10 <= at_p90
        rows.append(
            {
                "label": str(r["label"]),
                "net_change_at_p10": at_p10,
                "net_change_at_p90": at_p90,
                "low": min(at_p10, at_p90),
                "high": max(at_p10, at_p90),
                "low_words": f"P10 {p10_words}" if p10_low else f"P90 {p90_words}",
                "high_words": f"P90 {p90_words}" if p10_low else f"P10 {p10_words}",
                "p10_words": p10_words,
                "p90_words": p90_words,
                "effect": _effect(at_p10, at_p90),
                "swing": float(r["swing"]),
                "base": float(r["net_change_base"]),
                "breakeven_at_p10": _month_words(r["breakeven_at_p10"]),
                "breakeven_at_p90": _month_words(r["breakeven_at_p90"]),
            }
        )
    columns = [
        "label", "net_change_at_p10", "net_change_at_p90", "low", "high", "low_words",
        "high_words", "p10_words", "p90_words", "effect", "swing", "base", "breakeven_at_p10",
        "breakeven_at_p90",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def _month_words(month: Any) -> str:
    if month is None or (isinstance(month, float) and not np.isfinite(month)):
        return "not within reach"
    return f"month {int(month)}"


def _padded_domain(data: pd.DataFrame, base: float) -> list[float]:
    """The x range: every bar end and the plan's value, with room each side for the words."""
    ends = [*data["low"].tolist(), *data["high"].tolist(), base]
    lo, hi = min(ends), max(ends)
    span = hi - lo
    if span <= 1e-9 * max(1.0, abs(lo), abs(hi)):
        span = max(abs(base) * 0.1, 1000.0)  # nothing moves: a range round the plan's value
        lo, hi = lo - span / 2, hi + span / 2
    room = _LABEL_ROOM * span
    return [lo - room, hi + room]


@remember_chart
def driver_tornado_chart(table: pd.DataFrame, currency: str = "GBP") -> Any:
    """Which driver moves the whole-cost net change most: for each driver a bar from the net
    change with the driver at its P10 to the net change at its P90 (the rest at the plan's
    values), the driver's value in words at each end, a line at the plan's own net change;
    largest swing on top. ``table`` is :func:`mocmo.ranges.tornado`."""
    data = driver_tornado_frame(table)
    order = data["label"].tolist()
    base = float(table["net_change_base"].iloc[0]) if len(table) else 0.0
    money = money_axis_format(short=True)
    full = money_axis_format(short=False)
    x_scale = alt.Scale(domain=_padded_domain(data, base), nice=False, zero=False)
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=0))
    tooltip = [
        alt.Tooltip("label:N", title="Driver"),
        alt.Tooltip("p10_words:N", title="At its P10"),
        alt.Tooltip("net_change_at_p10:Q", title="Net change at P10", format=full),
        alt.Tooltip("breakeven_at_p10:N", title="Break-even at P10"),
        alt.Tooltip("p90_words:N", title="At its P90"),
        alt.Tooltip("net_change_at_p90:Q", title="Net change at P90", format=full),
        alt.Tooltip("breakeven_at_p90:N", title="Break-even at P90"),
        alt.Tooltip("swing:Q", title="Swing", format=full),
    ]
    color = category_color(
        "effect:N",
        _EFFECT_COLORS,
        legend=alt.Legend(orient="top", direction="vertical"),
        sort=False,
    )
    chart = alt.Chart(data)
    bars = chart.mark_bar(height=16).encode(
        x=alt.X("low:Q", title=_NET_TITLE, axis=alt.Axis(format=money), scale=x_scale),
        x2=alt.X2("high:Q"),
        y=y,
        color=color,
        tooltip=tooltip,
    )
    ends = [
        chart.mark_tick(thickness=2, size=20).encode(
            x=alt.X(f"{end}:Q"), y=y, color=color, tooltip=tooltip
        )
        for end in ("low", "high")
    ]
    low_words = chart.mark_text(align="right", dx=-5, fontSize=11).encode(
        x=alt.X("low:Q"), y=y, text=alt.Text("low_words:N")
    )
    high_words = chart.mark_text(align="left", dx=5, fontSize=11).encode(
        x=alt.X("high:Q"), y=y, text=alt.Text("high_words:N")
    )
    rule = (
        alt.Chart(pd.DataFrame({"plan": [base]}))
        .mark_rule(color="#34495e", strokeWidth=1.5)
        .encode(
            x=alt.X("plan:Q"),
            tooltip=[alt.Tooltip("plan:Q", title="The plan's own net change", format=full)],
        )
    )
    layered = alt.layer(bars, *ends, low_words, high_words, rule).properties(
        width=_WIDTH,
        height=max(_ROW_PX * len(data), 60),
        title=wrapped_title(
            "Which driver moves the whole-cost net change most",
            f"Each driver at its P10 and at its P90, every other driver at the plan's value; "
            f"the line is the plan's own net change, {fmt_money(base, currency)} a year",
        ),
    )
    return styled(layered, currency)


# --------------------------------------------------------------------------- the range


def range_frame(
    sim: DriverSimulation, key: str = RANGE_FIGURE, bins: int = RANGE_BINS
) -> pd.DataFrame:
    """The draws of figure ``key`` counted into ``bins`` equal bins: ``bin_start``,
    ``bin_end``, ``draws`` (how many fell in the bin) and ``share`` (of all draws)."""
    values = np.asarray(sim.values[key], dtype=float)
    values = values[np.isfinite(values)]
    return draws_frame(values, bins)


def range_rules(sim: DriverSimulation, currency: str = "GBP", key: str = RANGE_FIGURE) -> Any:
    """The P10, P50 and P90 of figure ``key``: ``percentile``, ``value`` and ``label`` (the
    legend's words: "P10 −£636.2K")."""
    values = [sim.percentile(key, q) for q in _LEVELS]
    rules = pd.DataFrame(
        {
            "percentile": [f"P{q}" for q in _LEVELS],
            "value": [float("nan") if v is None else float(v) for v in values],
        }
    )
    rules["label"] = [
        f"{p} {fmt_money(v, currency)}"
        for p, v in zip(rules["percentile"], rules["value"], strict=True)
    ]
    return rules


def _range_inputs(
    sim: DriverSimulation, currency: str = "GBP", plan_value: float | None = None
) -> Any:
    """What :func:`range_chart` reads, compared by content (the draws as a series)."""
    return (pd.Series(sim.values[RANGE_FIGURE]), sim.draws, sim.seed, currency, plan_value)


@remember_chart(inputs=_range_inputs)
def range_chart(
    sim: DriverSimulation, currency: str = "GBP", plan_value: float | None = None
) -> Any:
    """A histogram of the whole-cost net change over the simulation's draws, with a dashed
    rule at each of its P10, P50 and P90 (named above the plot) and a solid one at the plan's
    own net change (``plan_value``; none drawn when it is not given); the legend gives each
    rule's value."""
    data = range_frame(sim)
    rules = range_rules(sim, currency)
    full = money_axis_format(short=False)
    plan = pd.DataFrame(
        {
            "value": [] if plan_value is None else [float(plan_value)],
            "label": [] if plan_value is None else [f"The plan {fmt_money(plan_value, currency)}"],
        }
    )
    keys = [*rules["label"].tolist(), *plan["label"].tolist()]
    colors = dict(zip(keys, [*_RULE_COLORS, _PLAN_COLOR], strict=False))
    color = category_color(
        "label:N", colors, keys, legend=alt.Legend(orient="top", symbolType="stroke")
    )
    bars = draws_bars(data, _NET_TITLE, opacity=0.6)
    rule = (
        alt.Chart(rules)
        .mark_rule(strokeDash=[5, 3], strokeWidth=2)
        .encode(
            x=alt.X("value:Q"),
            color=color,
            tooltip=[
                alt.Tooltip("percentile:N", title="Percentile"),
                alt.Tooltip("value:Q", title="Net change", format=full),
            ],
        )
    )
    names = (
        alt.Chart(rules)
        .mark_text(baseline="bottom", dy=-3, fontSize=11, y=0)
        .encode(
            x=alt.X("value:Q"),
            text=alt.Text("percentile:N"),
            color=alt.Color("label:N", scale=color_scale(colors, keys), legend=None),
        )
    )
    own = (
        alt.Chart(plan)
        .mark_rule(strokeWidth=3)
        .encode(
            x=alt.X("value:Q"),
            color=color,
            tooltip=[alt.Tooltip("value:Q", title="The plan's own net change", format=full)],
        )
    )
    p10, p90 = rules["value"].iloc[0], rules["value"].iloc[-1]
    chart = alt.layer(bars, rule, names, own).properties(
        width=_WIDTH,
        height=260,
        title=wrapped_title(
            "The whole-cost net change is a range, not one number",
            f"{sim.draws:,} draws of the drivers (seed {sim.seed}); 8 in 10 fall between "
            f"{fmt_money(p10, currency)} and {fmt_money(p90, currency)} a year",
        ),
    )
    return styled(chart, currency)


# --------------------------------------------------------------------------- all of them


def ranges_charts(plan: Plan) -> dict[str, Any]:
    """The two charts of the drivers' ranges for ``plan``, keyed ``driver_tornado`` and
    ``driver_range``."""
    from mocmo import ranges
    from mocmo.figures import figure

    currency = plan.meta.currency
    own = figure(RANGE_FIGURE).compute(plan)
    return {
        "driver_tornado": driver_tornado_chart(ranges.tornado(plan), currency),
        "driver_range": range_chart(
            ranges.simulate_drivers(plan), currency, None if own is None else float(own)
        ),
    }
