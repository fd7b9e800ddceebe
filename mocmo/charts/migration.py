"""Charts of Step 4 — Migration timeline: the Gantt of phases, hires and milestones; the
people flows (who moves from today's teams to the new positions, who is hired, who leaves, month
by month); headcount by group per month; monthly cost against the legacy baseline and the
cumulative cash curve — the one-off costs of each month stacked by kind, the cumulative
difference against staying legacy and the break-even month.

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
    "BASELINE", "CUMULATIVE", "FEES", "FLOW_KINDS", "GIVEN", "PLAN_DEFAULT", "cash_chart",
    "cash_frame", "cost_chart", "cost_frame", "flow_chart", "flow_frame", "gantt_chart",
    "gantt_frames", "headcount_chart", "migration_chart_dict", "migration_charts",
]  # fmt: skip

BASELINE = "Staying legacy"
"""Label of the legacy baseline in the cost chart."""

FEES = mig.RECRUITMENT_FEES
"""Label of the one-off recruitment fees in the cost chart."""

CUMULATIVE = "Cumulative vs staying legacy"
"""Label of the cumulative difference line of the cash curve."""

FLOW_KINDS: dict[str, str] = {
    "move": "Moves to a new position",
    "hire": "Hired",
    "leave": "Leaves",
}
"""How the flow chart names each kind of people flow (:class:`mocmo.transition.flows.Flow`)."""

PLAN_DEFAULT = "plan default"
"""How a flow the plan leaves to its defaults (derived from the new org) is marked."""
GIVEN = "your plan"
"""How a flow the plan gives (``moves``, ``leavers``, ``hires``) is marked."""

_WIDTH = 620
_LABEL_LIMIT = 0  # no limit: core.styled() pads the chart for its longest label
_PHASE_COLOR = core.PALETTE[0]
_CONFLICT_COLOR = "#c0392b"
_HIRE_COLOR = core.PALETTE[1]
_BASELINE_COLOR = "#34495e"
_LINE_COLOR = core.PALETTE[3]
_BREAKEVEN_COLOR = "#1e7b34"
_FLOW_COLORS: dict[str, str] = {
    FLOW_KINDS["move"]: core.PALETTE[0],
    FLOW_KINDS["hire"]: core.PALETTE[1],
    FLOW_KINDS["leave"]: "#c0392b",
}
_ONE_OFF_COLORS: dict[str, str] = {
    mig.ONE_OFFS["recruitment"][0]: "#c0392b",
    mig.ONE_OFFS["exit"][0]: "#641e16",
    mig.ONE_OFFS["retraining"][0]: "#7d6608",
    mig.ONE_OFFS["ramp"][0]: "#d98880",
    mig.ONE_OFFS["overlap"][0]: "#5dade2",
}
_COST_COLORS: dict[str, str] = {
    **core.GROUP_COLORS,
    mig.AI_COST: core.PALETTE[6],
    mig.NON_PAYROLL: core.PALETTE[7],
    **_ONE_OFF_COLORS,
}
"""Every cost group's colour: the monthly cost bars and the cash curve's one-offs agree."""
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


_FLOW_COLUMNS = [
    "month", "kind", "people", "count", "from", "to", "set_by", "path", "when", "order",
]  # fmt: skip


def flow_frame(plan: Plan) -> pd.DataFrame:
    """One row per people flow of the transition (:func:`mocmo.transition.flows.flows`): its
    month, kind (:data:`FLOW_KINDS`), ``people`` signed for the chart (moves and hires above
    zero, people who leave below), ``count`` (people, FTE for a part position), the team it
    comes ``from`` and the position key it goes ``to`` ("—" where there is none), ``set_by``
    (:data:`PLAN_DEFAULT` for a flow derived from the new org, :data:`GIVEN` for one the plan
    gives), the plan field (``path``) and the calendar month (``when``)."""
    from mocmo.transition import flows as people

    order = {kind: i for i, kind in enumerate(FLOW_KINDS)}
    rows = [
        {
            "month": f.month,
            "kind": FLOW_KINDS[f.kind],
            "people": -f.count if f.kind == "leave" else f.count,
            "count": f.count,
            "from": f.team or ("outside (a hire)" if f.kind == "hire" else "—"),
            "to": f.to or ("leaves the company" if f.kind == "leave" else "—"),
            "set_by": PLAN_DEFAULT if f.derived else GIVEN,
            "path": f.path,
            "when": f"{mig.month_date(plan, f.month):%b %Y}",
            "order": order[f.kind],
        }
        for f in people.flows(plan)
    ]
    return pd.DataFrame(rows, columns=_FLOW_COLUMNS)


def _flow_inputs(plan: Plan) -> tuple[Any, ...]:
    """Everything :func:`flow_chart` reads from the plan (for :func:`remember_chart`)."""
    return (flow_frame(plan), plan.horizon_months, plan.meta.currency)


def _flow_subtitle(data: pd.DataFrame) -> str:
    if data.empty:
        return "Nobody moves, is hired or leaves: the plan changes nobody's job"
    totals = data.groupby("kind")["count"].sum()

    def n(kind: str) -> str:
        return f"{float(totals.get(FLOW_KINDS[kind], 0.0)):g}"

    return (
        f"{n('move')} move from today's teams and {n('hire')} are hired (above the line); "
        f"{n('leave')} leave (below). Hover a bar for the team, the position and whether it "
        "is the plan default"
    )


@core.remember_chart(inputs=_flow_inputs)
def flow_chart(plan: Plan) -> alt.LayerChart:
    """The people flows month by month: one bar segment per flow, stacked by month — people
    who move from today's teams into the new positions and people hired above zero, people
    who leave below — coloured by kind; the tooltip names the team, the position, the people
    and whether the flow is the plan default.

    Why bars by month, not a Sankey or a team-by-month grid: the CMO's first questions are
    *when* and *how many* (the months people change job, are hired or go, which is what the
    payroll and the one-offs follow); the team → position detail is one hover away, and the
    table beside the chart lists every flow."""
    data = flow_frame(plan)
    last = max([plan.horizon_months, *data["month"].tolist()])
    x = alt.X(
        "month:Q",
        title="Migration month",
        scale=alt.Scale(domain=[0.5, last + 0.5], nice=False),
        axis=alt.Axis(tickMinStep=1, format="d"),
    )
    kinds = list(FLOW_KINDS.values())
    bars = (
        alt.Chart(data)
        .mark_bar(
            opacity=0.9,
            size=max(2, int(0.7 * _WIDTH / max(last, 1))),
            stroke="white",
            strokeWidth=0.5,
        )
        .encode(
            x=x,
            y=alt.Y(
                "people:Q",
                title="People (FTE): in ↑ · out ↓",
                stack="zero",
                axis=alt.Axis(format="~g"),
            ),
            color=core.category_color("kind:N", _FLOW_COLORS, kinds, title="People"),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("when:N", title="Month"),
                alt.Tooltip("kind:N", title="What"),
                alt.Tooltip("from:N", title="From"),
                alt.Tooltip("to:N", title="To"),
                alt.Tooltip("count:Q", title="People", format=",.2~f"),
                alt.Tooltip("set_by:N", title="Set by"),
            ],
        )
    )
    zero = (
        alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(color="#777").encode(y=alt.Y("zero:Q"))
    )
    chart = alt.layer(bars, zero).properties(
        width=_WIDTH,
        height=220,
        title=alt.TitleParams(
            "Who moves, who is hired, who leaves — month by month",
            subtitle=_flow_subtitle(data),
        ),
    )
    return core.styled(chart, plan.meta.currency)


def cost_frame(plan: Plan) -> pd.DataFrame:
    """Monthly cost by group (payroll groups, AI, non-payroll and each kind of one-off cost) in
    long form, with the calendar month, for the stacked bars of :func:`cost_chart`."""
    data = mig.monthly_cost_by_group(plan)
    order = {g: i for i, g in enumerate(mig.COST_GROUPS)}
    return data.assign(
        when=[f"{d:%b %Y}" for d in data["date"]],
        order=data["group"].map(order),
    ).drop(columns="date")


def cash_frame(plan: Plan) -> pd.DataFrame:
    """The one-off costs of each month by kind in long form (columns ``month``, ``when``,
    ``group``, ``cost``, ``order``), read from the month-by-month table's one-off columns
    (:data:`mocmo.migration.ONE_OFFS`), for the stacked bars of the cash curve."""
    table = mig.monthly(plan)
    when = [f"{d:%b %Y}" for d in table["date"]]
    frames = [
        pd.DataFrame(
            {
                "month": table["month"],
                "when": when,
                "group": group,
                "cost": table[col],
                "order": i,
            }
        )
        for i, (group, col) in enumerate(mig.ONE_OFFS.values())
    ]
    columns = ["month", "when", "group", "cost", "order"]
    return (
        pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)
    )


def _breakeven_subtitle(plan: Plan, month: int | None, cumulative: Sequence[float]) -> str:
    cur = plan.meta.currency
    if not cumulative:
        return ""
    if mig.nothing_changes(plan):
        return (
            "Nothing changes: the plan costs what staying legacy costs — no one-off, no break-even"
        )
    end = cumulative[-1]
    _peak_month, peak = mig.peak_outlay(plan)
    one_off = fmt_money(mig.migration_one_off_cost(plan), cur)
    if month is None:
        projected = mig.breakeven_projection(plan)
        when = (
            f"; at the last month's saving it would break even in month {projected}"
            if projected is not None
            else "; the last month saves nothing, so it never breaks even"
        )
        return (
            f"No break-even within {len(cumulative)} months: the change has cost "
            f"{fmt_money(end, cur)} more than staying legacy by then (peak {fmt_money(peak, cur)}, "
            f"one-offs {one_off}){when}"
        )
    return (
        f"Break-even in {mig.month_label(plan, month)}; by month {len(cumulative)} the change "
        f"has saved {fmt_money(-end, cur)} against staying legacy (peak outlay "
        f"{fmt_money(peak, cur)}, one-offs {one_off})"
    )


def _cost_inputs(plan: Plan) -> tuple[Any, ...]:
    """Everything :func:`cost_chart` and :func:`cash_chart` read from the plan (for
    :func:`remember_chart`): the month-by-month table (its dates, costs, one-offs, baseline and
    cumulative difference give the break-even, the peak outlay and the month labels) without
    the phases in flight, which they do not show; the break-even projection and the one-off
    cost beyond the horizon, which the subtitle says."""
    table = mig.monthly(plan).drop(columns="phases_in_flight")
    return (
        table,
        plan.meta.start_month.isoformat(),
        plan.meta.currency,
        mig.breakeven_projection(plan),
        mig.migration_one_off_cost(plan),
    )


def _month_x(plan: Plan) -> alt.X:
    return alt.X(
        "month:Q",
        title="Migration month",
        scale=alt.Scale(domain=[0.5, plan.horizon_months + 0.5], nice=False),
        axis=alt.Axis(tickMinStep=1, format="d"),
    )


def _bar_size(plan: Plan) -> int:
    return max(2, int(0.7 * _WIDTH / max(plan.horizon_months, 1)))


def _cost_colors(groups: list[str] | None = None) -> alt.Scale:
    return core.color_scale(_COST_COLORS, groups if groups is not None else list(mig.COST_GROUPS))


def _stacked_costs(
    plan: Plan, frame: pd.DataFrame, groups: list[str], *, y_title: str, kind: str, opacity: float
) -> alt.Chart:
    """Each month's costs of ``frame`` (``month``, ``when``, ``group``, ``order``, ``cost``) as
    bars stacked by group in the order of ``groups``; ``kind`` names the group in the tooltip."""
    money = core.money_axis_format(short=True)
    return (
        alt.Chart(frame)
        .mark_bar(opacity=opacity, size=_bar_size(plan))
        .encode(
            x=_month_x(plan),
            y=alt.Y("cost:Q", title=y_title, axis=alt.Axis(format=money), stack="zero"),
            color=alt.Color("group:N", title="Cost", scale=_cost_colors(groups), sort=groups),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("when:N", title="Month"),
                alt.Tooltip("group:N", title=kind),
                alt.Tooltip("cost:Q", title="Amount", format=core.money_axis_format(short=False)),
            ],
        )
    )


def _cash_layers(plan: Plan, *, alone: bool = False) -> alt.LayerChart:
    """The cash curve, unstyled (to stand alone or under the monthly cost): the one-off costs
    of each month stacked by kind, the cumulative difference against staying legacy (line and
    points), a zero rule and, when there is one, the break-even month (rule and label). Under the
    monthly cost its colours share that chart's legend; ``alone``, the legend lists the one-off
    kinds only."""
    money = core.money_axis_format(short=True)
    money_full = core.money_axis_format(short=False)
    table = mig.monthly(plan)
    when = [f"{d:%b %Y}" for d in table["date"]]
    x = _month_x(plan)
    groups = [g for g, _col in mig.ONE_OFFS.values()] if alone else list(mig.COST_GROUPS)
    y_title = "Cash vs staying legacy"
    one_offs = _stacked_costs(
        plan, cash_frame(plan), groups, y_title=y_title, kind="One-off", opacity=0.85
    )
    line_data = pd.DataFrame(
        {
            "month": table["month"],
            "when": when,
            "cumulative_difference": table["cumulative_difference"],
            "difference": table["difference"],
            "one_off_cost": table["one_off_cost"],
            "series": CUMULATIVE,
        }
    )
    line = (
        alt.Chart(line_data)
        .mark_line(color=_LINE_COLOR, strokeWidth=2.5, point=alt.OverlayMarkDef(color=_LINE_COLOR))
        .encode(
            x=x,
            y=alt.Y("cumulative_difference:Q", title=y_title, axis=alt.Axis(format=money)),
            tooltip=[
                alt.Tooltip("when:N", title="Month"),
                alt.Tooltip("one_off_cost:Q", title="One-offs this month", format=money_full),
                alt.Tooltip("difference:Q", title="This month vs legacy", format=money_full),
                alt.Tooltip("cumulative_difference:Q", title="Cumulative", format=money_full),
            ],
        )
    )
    zero = (
        alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(color="#777").encode(y=alt.Y("zero:Q"))
    )
    layers: list[Any] = [one_offs, zero, line]
    even = mig.breakeven_month(plan)
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
    cumulative = [float(v) for v in table["cumulative_difference"]]
    chart = alt.LayerChart(layer=layers)
    return chart.properties(
        width=_WIDTH,
        height=220,
        title=alt.TitleParams(
            "Cumulative cash against staying legacy, one-off costs stacked",
            subtitle=_breakeven_subtitle(plan, even, cumulative),
        ),
    )


@core.remember_chart(inputs=_cost_inputs)
def cash_chart(plan: Plan) -> alt.LayerChart:
    """The cumulative cash curve on its own: each month's one-off costs (recruitment, exit,
    retraining, ramp-up, handover overlap) as stacked bars, the cumulative difference against
    staying legacy as a line (above zero = the change has cost more so far), a zero rule and
    the break-even month marked (none when nothing changes or it is not reached)."""
    return core.styled(_cash_layers(plan, alone=True), plan.meta.currency)


@core.remember_chart(inputs=_cost_inputs)
def cost_chart(plan: Plan) -> alt.VConcatChart:
    """Top: monthly cost stacked by group — payroll, AI, the non-payroll budget and each kind of
    one-off cost — against the dashed cost of staying legacy. Bottom: the cash curve
    (:func:`cash_chart`): the one-offs by kind, the cumulative difference against staying
    legacy, a zero rule and the break-even month marked."""
    money_full = core.money_axis_format(short=False)
    table = mig.monthly(plan)
    when = [f"{d:%b %Y}" for d in table["date"]]
    x = _month_x(plan)
    groups = list(mig.COST_GROUPS)
    bars = _stacked_costs(
        plan, cost_frame(plan), groups, y_title="Cost per month", kind="Cost", opacity=0.9
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
            subtitle="Payroll by group, AI running cost, the non-payroll budget and the one-off "
            "costs by kind; dashed: staying legacy, "
            f"{fmt_money(per_month, plan.meta.currency)} in month 1",
        ),
    )
    chart = alt.vconcat(monthly_cost, _cash_layers(plan), spacing=24)
    return core.styled(chart, plan.meta.currency)


def migration_charts(plan: Plan) -> tuple[alt.LayerChart, alt.Chart, alt.VConcatChart]:
    """Three of the step's charts for ``plan``: (Gantt, headcount by group, cost and cumulative
    cash); :func:`migration_chart_dict` has every chart of the step, the people flows too."""
    return gantt_chart(plan), headcount_chart(plan), cost_chart(plan)


def migration_chart_dict(plan: Plan) -> dict[str, Any]:
    """Every chart of the step by name, in the order the step shows them: ``gantt``, ``flows``
    (:func:`flow_chart`), ``headcount``, ``cost`` (monthly cost over the cash curve)."""
    gantt, headcount, cost = migration_charts(plan)
    return {"gantt": gantt, "flows": flow_chart(plan), "headcount": headcount, "cost": cost}
