"""Charts of Step 4 — Migration timeline: the Gantt of phases, hires and milestones; headcount
by group per month; monthly cost against the legacy baseline and the cumulative difference with
the break-even month.

The builders take results computed by :mod:`mocmo.migration` (its schedule, hire schedule,
milestones and month-by-month table) and only arrange them; :func:`migration_charts` is the
shortcut from a plan. The x axis of every chart is the migration month (month 1 = the plan's
start month); tooltips give the calendar month.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd

from mocmo import migration as mig
from mocmo.charts import core
from mocmo.format import fmt_money
from mocmo.plan import Plan

__all__ = [
    "BASELINE",
    "FEES",
    "cost_chart",
    "cost_frame",
    "gantt_chart",
    "gantt_frames",
    "headcount_chart",
    "migration_charts",
]

BASELINE = "Staying legacy"
"""Label of the legacy baseline in the cost chart."""

FEES = "Recruitment fees"
"""Label of the one-off recruitment fees in the cost chart."""

_WIDTH = 620
_LABEL_LIMIT = 0  # no limit: core.styled() pads the chart for its longest label
_PHASE_COLOR = core.PALETTE[0]
_CONFLICT_COLOR = "#c0392b"
_HIRE_COLOR = core.PALETTE[1]
_BASELINE_COLOR = "#34495e"
_LINE_COLOR = core.PALETTE[3]
_BREAKEVEN_COLOR = "#1e7b34"
_MILESTONE_COLORS: dict[str, str] = {
    "Audience launch": core.PALETTE[1],
    "Role changes shape": core.PALETTE[0],
    "MarOps seat starts": core.PALETTE[2],
    "Break-even": _BREAKEVEN_COLOR,
}
_MILESTONE_SHAPES: dict[str, str] = {
    "Audience launch": "triangle-up",
    "Role changes shape": "diamond",
    "MarOps seat starts": "square",
    "Break-even": "circle",
}


def _month_axis(first: int, last: int) -> alt.X:
    """A quantitative month axis from ``first`` to ``last`` + 1 (bars span whole months)."""
    return alt.X(
        "start:Q",
        title="Migration month",
        scale=alt.Scale(domain=[first, last + 1], nice=False),
        axis=alt.Axis(tickMinStep=1, format="d", values=list(range(first, last + 2))),
    )


def gantt_frames(plan: Plan) -> dict[str, pd.DataFrame]:
    """The rows of the Gantt, from the migration step's results.

    ``phases``: one bar a phase from its first month to the end of its last (``start``,
    ``stop`` = end month + 1), with ``status`` ``on plan`` or ``before its dependency``.
    ``hires``: one bar a hire from its offer month to its start month, labelled ``Hire: …``.
    ``milestones``: the migration's dated events (launches, roles changing shape, MarOps seats,
    break-even) on one row per kind.
    """
    phases = pd.DataFrame(
        [
            {
                "row": slot.name,
                "start": slot.start_month,
                "stop": slot.end_month + 1,
                "months": slot.months,
                "end_month": slot.end_month,
                "from": f"{mig.month_date(plan, slot.start_month):%b %Y}",
                "to": f"{mig.month_date(plan, slot.end_month):%b %Y}",
                "depends_on": ", ".join(slot.depends_on) or "—",
                "status": "on plan" if slot.ok else "before its dependency",
                "earliest_start": slot.earliest_start,
            }
            for slot in mig.schedule(plan)
        ],
        columns=[
            "row", "start", "stop", "months", "end_month", "from", "to", "depends_on", "status",
            "earliest_start",
        ],
    )  # fmt: skip
    hires = pd.DataFrame(
        [
            {
                "row": f"Hire: {h.position}" + (f" ×{h.count}" if h.count > 1 else ""),
                "start": h.offer_month,
                "stop": h.start_month,
                "offer": mig.month_label(plan, h.offer_month),
                "starts": mig.month_label(plan, h.start_month),
                "phase": h.phase or "—",
                "fee": h.recruitment_fee,
            }
            for h in mig.hire_schedule(plan)
        ],
        columns=["row", "start", "stop", "offer", "starts", "phase", "fee"],
    )
    events = mig.milestones(plan)
    milestones = pd.DataFrame(
        {
            "row": events["kind"],
            "start": events["month"],
            "kind": events["kind"],
            "name": events["name"],
            "when": [f"{d:%b %Y}" for d in events["date"]],
        },
        columns=["row", "start", "kind", "name", "when"],
    )
    return {"phases": phases, "hires": hires, "milestones": milestones}


def _gantt_domain(plan: Plan, frames: dict[str, pd.DataFrame]) -> tuple[int, int]:
    firsts = [1, *frames["hires"]["start"].tolist()]
    lasts = [plan.horizon_months, *(frames["phases"]["stop"] - 1).tolist()]
    return int(min(firsts)), int(max(lasts))


def _gantt_inputs(plan: Plan) -> tuple[Any, ...]:
    """Everything :func:`gantt_chart` reads from the plan (for :func:`remember_chart`)."""
    return (
        gantt_frames(plan),
        plan.horizon_months,
        mig.migration_span(plan),
        mig.migration_months(plan),
        plan.meta.currency,
    )


@core.remember_chart(inputs=_gantt_inputs)
def gantt_chart(plan: Plan) -> alt.LayerChart:
    """Gantt of the migration: phases as bars (red when a phase starts before what it depends
    on), each hire as a bar from its offer month to its start month, and milestones as marks on
    one row per kind."""
    frames = gantt_frames(plan)
    first, last = _gantt_domain(plan, frames)
    order = [
        *frames["phases"]["row"].tolist(),
        *frames["hires"]["row"].tolist(),
        *[k for k in mig.MILESTONE_KINDS if k in set(frames["milestones"]["row"])],
    ]
    y = alt.Y(
        "row:N",
        sort=order,
        title=None,
        axis=alt.Axis(labelLimit=_LABEL_LIMIT, grid=False),
        scale=alt.Scale(domain=order),
    )
    x = _month_axis(first, last)
    phase_bars = (
        alt.Chart(frames["phases"])
        .mark_bar(cornerRadius=3, height={"band": 0.7})
        .encode(
            x=x,
            x2=alt.X2("stop:Q"),
            y=y,
            color=alt.Color(
                "status:N",
                title="Phase",
                scale=core.color_scale(
                    {"on plan": _PHASE_COLOR, "before its dependency": _CONFLICT_COLOR},
                ),
            ),
            tooltip=[
                alt.Tooltip("row:N", title="Phase"),
                alt.Tooltip("from:N", title="From"),
                alt.Tooltip("to:N", title="To"),
                alt.Tooltip("months:Q", title="Months"),
                alt.Tooltip("depends_on:N", title="After"),
                alt.Tooltip("earliest_start:Q", title="Earliest start month"),
            ],
        )
    )
    hire_tooltip = [
        alt.Tooltip("row:N", title="Hire"),
        alt.Tooltip("offer:N", title="Offer out"),
        alt.Tooltip("starts:N", title="Starts"),
        alt.Tooltip("phase:N", title="Needed by"),
        alt.Tooltip("fee:Q", title="Recruitment fee", format=core.money_axis_format(short=False)),
    ]
    hire_base = alt.Chart(frames["hires"])
    hire_bars = hire_base.mark_bar(color=_HIRE_COLOR, opacity=0.35, height={"band": 0.4}).encode(
        x=x, x2=alt.X2("stop:Q"), y=y, tooltip=hire_tooltip
    )
    hire_offer = hire_base.mark_point(color=_HIRE_COLOR, filled=False, size=70).encode(
        x=x, y=y, tooltip=hire_tooltip
    )
    hire_start = hire_base.mark_point(color=_HIRE_COLOR, filled=True, size=90, shape="diamond")
    hire_start = hire_start.encode(x=alt.X("stop:Q"), y=y, tooltip=hire_tooltip)
    kinds = list(mig.MILESTONE_KINDS)
    marks = (
        alt.Chart(frames["milestones"])
        .mark_point(filled=True, size=110, opacity=0.9)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "kind:N", title="Milestone", scale=core.color_scale(_MILESTONE_COLORS, kinds)
            ),
            shape=alt.Shape(
                "kind:N",
                title="Milestone",
                scale=alt.Scale(domain=kinds, range=[_MILESTONE_SHAPES[k] for k in kinds]),
            ),
            tooltip=[
                alt.Tooltip("kind:N", title="Milestone"),
                alt.Tooltip("name:N", title="What"),
                alt.Tooltip("when:N", title="When"),
            ],
        )
    )
    span = mig.migration_span(plan)
    subtitle = (
        f"{mig.migration_months(plan)} months of phases (months {span[0]}–{span[1]}); hires run "
        "from the offer (○) to the start (♦)"
        if span
        else "No phases yet"
    )
    chart = alt.layer(phase_bars, hire_bars, hire_offer, hire_start, marks).properties(
        width=_WIDTH,
        height=max(22 * len(order), 60),
        title=alt.TitleParams("Migration plan: phases, hires and milestones", subtitle=subtitle),
    )
    return core.styled(
        chart.resolve_scale(color="independent", shape="independent"), plan.meta.currency
    )


def _headcount_inputs(plan: Plan) -> tuple[Any, ...]:
    """Everything :func:`headcount_chart` reads from the plan (for :func:`remember_chart`)."""
    return (mig.headcount_by_group(plan), plan.horizon_months, plan.meta.currency)


@core.remember_chart(inputs=_headcount_inputs)
def headcount_chart(plan: Plan) -> alt.Chart:
    """Headcount by group per month as a stacked area: legacy roles, GTM Marketers, custodians
    (FTE) and MarOps."""
    data = mig.headcount_by_group(plan)
    data = data.assign(
        when=[f"{d:%b %Y}" for d in data["date"]],
        order=data["group"].map({g: i for i, g in enumerate(mig.GROUPS)}),
    ).drop(columns="date")
    groups = list(mig.GROUPS)
    chart = (
        alt.Chart(data)
        .mark_area(opacity=0.85, interpolate="step-after")
        .encode(
            x=alt.X(
                "month:Q",
                title="Migration month",
                scale=alt.Scale(domain=[1, plan.horizon_months], nice=False),
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            y=alt.Y("headcount:Q", title="People (custodians in FTE)", stack="zero"),
            color=core.category_color("group:N", core.GROUP_COLORS, groups, title="Group"),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("when:N", title="Month"),
                alt.Tooltip("group:N", title="Group"),
                alt.Tooltip("headcount:Q", title="Headcount", format=",.1f"),
            ],
        )
        .properties(
            width=_WIDTH,
            height=260,
            title=alt.TitleParams(
                "Headcount by group, month by month",
                subtitle="Legacy roles until each changes shape; GTM Marketers from each launch; "
                "custodians from each transition; MarOps from each seat's start",
            ),
        )
    )
    return core.styled(chart, plan.meta.currency)


def cost_frame(plan: Plan) -> pd.DataFrame:
    """Monthly cost by group (payroll groups, AI, non-payroll, recruitment fees) in long form,
    with the calendar month, for the stacked bars of :func:`cost_chart`."""
    data = mig.monthly_cost_by_group(plan)
    order = {g: i for i, g in enumerate(mig.COST_GROUPS)}
    return data.assign(
        when=[f"{d:%b %Y}" for d in data["date"]],
        order=data["group"].map(order),
    ).drop(columns="date")


def _breakeven_subtitle(plan: Plan, month: int | None, cumulative: Sequence[float]) -> str:
    cur = plan.meta.currency
    if not cumulative:
        return ""
    end = cumulative[-1]
    _peak_month, peak = mig.peak_outlay(plan)
    if month is None:
        return (
            f"No break-even within {len(cumulative)} months: the change has cost "
            f"{fmt_money(end, cur)} more than staying legacy by then (peak {fmt_money(peak, cur)})"
        )
    return (
        f"Break-even in {mig.month_label(plan, month)}; by month {len(cumulative)} the change "
        f"has saved {fmt_money(-end, cur)} against staying legacy (peak outlay "
        f"{fmt_money(peak, cur)})"
    )


def _cost_inputs(plan: Plan) -> tuple[Any, ...]:
    """Everything :func:`cost_chart` reads from the plan (for :func:`remember_chart`): the
    month-by-month table (its dates, costs, baseline and cumulative difference give the
    break-even, the peak outlay and the month labels) without the phases in flight, which it
    does not show."""
    table = mig.monthly(plan).drop(columns="phases_in_flight")
    return (table, plan.meta.start_month.isoformat(), plan.meta.currency)


@core.remember_chart(inputs=_cost_inputs)
def cost_chart(plan: Plan) -> alt.VConcatChart:
    """Top: monthly cost stacked by group, recruitment fees on top, against the dashed cost of
    staying legacy. Bottom: the cumulative difference against staying legacy (above zero = the
    change has cost more so far), a zero rule and the break-even month marked."""
    money = core.money_axis_format(short=True)
    money_full = core.money_axis_format(short=False)
    table = mig.monthly(plan)
    when = [f"{d:%b %Y}" for d in table["date"]]
    x = alt.X(
        "month:Q",
        title="Migration month",
        scale=alt.Scale(domain=[0.5, plan.horizon_months + 0.5], nice=False),
        axis=alt.Axis(tickMinStep=1, format="d"),
    )
    groups = list(mig.COST_GROUPS)
    colors = core.color_scale(
        {
            **core.GROUP_COLORS,
            mig.AI_COST: core.PALETTE[6],
            mig.NON_PAYROLL: core.PALETTE[7],
            FEES: core.PALETTE[4],
        },
        groups,
    )
    bars = (
        alt.Chart(cost_frame(plan))
        .mark_bar(opacity=0.9, size=max(2, int(0.7 * _WIDTH / max(plan.horizon_months, 1))))
        .encode(
            x=x,
            y=alt.Y("cost:Q", title="Cost per month", axis=alt.Axis(format=money), stack="zero"),
            color=alt.Color("group:N", title="Cost", scale=colors, sort=groups),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("when:N", title="Month"),
                alt.Tooltip("group:N", title="Cost"),
                alt.Tooltip("cost:Q", title="Amount", format=money_full),
            ],
        )
    )
    baseline_data = pd.DataFrame(
        {
            "month": table["month"],
            "when": when,
            "baseline": table["legacy_baseline_cost"],
            "series": BASELINE,
        }
    )
    baseline = (
        alt.Chart(baseline_data)
        .mark_line(color=_BASELINE_COLOR, strokeDash=[6, 4], strokeWidth=2, interpolate="step")
        .encode(
            x=x,
            y=alt.Y("baseline:Q"),
            tooltip=[
                alt.Tooltip("when:N", title="Month"),
                alt.Tooltip("baseline:Q", title=BASELINE, format=money_full),
            ],
        )
    )
    per_month = float(table["legacy_baseline_cost"].iloc[0]) if len(table) else 0.0
    monthly_cost = alt.layer(bars, baseline).properties(
        width=_WIDTH,
        height=240,
        title=alt.TitleParams(
            "Monthly cost of the change",
            subtitle="Payroll by group, AI running cost, the non-payroll budget and one-off "
            "recruitment fees; dashed: staying legacy, "
            f"{fmt_money(per_month, plan.meta.currency)} in month 1",
        ),
    )

    cumulative = [float(v) for v in table["cumulative_difference"]]
    even = mig.breakeven_month(plan)
    line_data = pd.DataFrame(
        {
            "month": table["month"],
            "when": when,
            "cumulative_difference": table["cumulative_difference"],
            "difference": table["difference"],
        }
    )
    line = (
        alt.Chart(line_data)
        .mark_line(color=_LINE_COLOR, strokeWidth=2.5, point=alt.OverlayMarkDef(color=_LINE_COLOR))
        .encode(
            x=x,
            y=alt.Y(
                "cumulative_difference:Q",
                title="Cumulative vs staying legacy",
                axis=alt.Axis(format=money),
            ),
            tooltip=[
                alt.Tooltip("when:N", title="Month"),
                alt.Tooltip("difference:Q", title="This month vs legacy", format=money_full),
                alt.Tooltip("cumulative_difference:Q", title="Cumulative", format=money_full),
            ],
        )
    )
    zero = (
        alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(color="#777").encode(y=alt.Y("zero:Q"))
    )
    layers: list[Any] = [zero, line]
    if even is not None:
        marker = pd.DataFrame({"breakeven_month": [even], "label": [f"Break-even: month {even}"]})
        rule = alt.Chart(marker).mark_rule(color=_BREAKEVEN_COLOR, strokeDash=[4, 3], strokeWidth=2)
        layers.append(rule.encode(x=alt.X("breakeven_month:Q")))
        text = alt.Chart(marker).mark_text(
            align="left", dx=5, dy=-6, color=_BREAKEVEN_COLOR, fontWeight="bold"
        )
        layers.append(
            text.encode(x=alt.X("breakeven_month:Q"), y=alt.YValue(12), text=alt.Text("label:N"))
        )
    cumulative_chart = alt.layer(*layers).properties(
        width=_WIDTH,
        height=200,
        title=alt.TitleParams(
            "Cumulative difference against staying legacy",
            subtitle=_breakeven_subtitle(plan, even, cumulative),
        ),
    )
    chart = alt.vconcat(monthly_cost, cumulative_chart, spacing=24).resolve_scale(
        color="independent"
    )
    return core.styled(chart, plan.meta.currency)


def migration_charts(plan: Plan) -> tuple[alt.LayerChart, alt.Chart, alt.VConcatChart]:
    """The step's three charts for ``plan``: (Gantt, headcount by group, cost and cumulative
    difference)."""
    return gantt_chart(plan), headcount_chart(plan), cost_chart(plan)
