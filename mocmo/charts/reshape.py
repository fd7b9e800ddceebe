"""Charts of Step 2 — Role reshape: where each role's hours go, each workflow before and after,
the Hand-Off Tax saved, GTM Marketer load against capacity, and the new org's headcount.

The builders take results computed by :mod:`mocmo.reshape` (its DataFrames and sentences) and
only arrange them; :func:`reshape_charts` and :func:`workflow_chart_for` are the shortcuts from
a plan.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from mocmo import reshape as rs
from mocmo.charts.core import (
    DESTINATION_COLORS,
    GROUP_COLORS,
    PALETTE,
    category_color,
    color_scale,
    remember_chart,
    styled,
    wrapped_title,
)
from mocmo.plan import Plan

__all__ = [
    "DESTINATION_LABELS",
    "KIND_LABELS",
    "LOAD_STATUS",
    "ReshapeCharts",
    "all_workflows_chart",
    "headcount_chart",
    "hours_chart",
    "load_chart",
    "load_frame",
    "reshape_charts",
    "tax_saved_chart",
    "workflow_chart",
    "workflow_chart_for",
    "workflow_frame",
]

DESTINATION_LABELS: dict[str, str] = {
    "stays": "Stays (custodian)",
    "shifts": "Shifts (GTM Marketer)",
    "oversight": "AI oversight",
    "ai_net": "AI absorbed (net)",
}
"""Legend labels of the destinations of :data:`mocmo.reshape.DESTINATIONS` (colours from
:data:`mocmo.charts.core.DESTINATION_COLORS`)."""

KIND_LABELS: dict[str, str] = {
    "work": "Work",
    "wait": "Waiting at a hand-off",
    "rework": "Expected rework",
}
"""Legend labels of the segments of a workflow schedule."""

LOAD_STATUS: dict[str, str] = {
    "within": "Within capacity",
    "over": "Over capacity",
    "unowned": "No owner yet",
}
"""Legend labels of a GTM Marketer's load status."""

_KIND_COLORS = {
    "Work": PALETTE[0],
    "Waiting at a hand-off": "#b3b6b7",
    "Expected rework": "#e07a1f",
}
_LOAD_COLORS = {"Within capacity": "#2e8b57", "Over capacity": "#c0392b", "No owner yet": "#b3b6b7"}
_VERSIONS = ("Today", "New model")
_WIDTH = 520
_LABEL_LIMIT = 0  # no limit: styled() pads the chart for its longest label
_SUBTITLE_WIDTH = 100

MAX_BARS = 40
"""A chart of one bar per role or workflow shows at most this many: above it, the largest
``MAX_BARS - 1`` and one bar for the average of all the others (on the same scale as the
bars beside it), and the subtitle says so. A plan of hundreds of roles would otherwise draw
an unreadable chart metres tall; the workbook's Reshape and Hand-Off Tax sheets list every
one, and the subtitle's totals count every one."""


def _others_label(count: int, noun: str) -> str:
    return f"The other {count} {noun}, on average"


def _with_note(subtitle: str, note: str) -> str:
    return f"{subtitle} {note}".strip()


# --------------------------------------------------------------------------- hours by destination


@remember_chart
def hours_chart(hours: pd.DataFrame, subtitle: str = "") -> Any:
    """Stacked hours per week of every legacy role by destination (custodian, GTM Marketer, AI
    oversight, AI absorbed). ``hours`` is :func:`mocmo.reshape.hours_by_destination`."""
    order = list(DESTINATION_LABELS)
    labels = [DESTINATION_LABELS[k] for k in order]
    data, subtitle = _top_roles(hours, subtitle)
    data["destination_label"] = data["destination"].map(DESTINATION_LABELS)
    data["order"] = data["destination"].map({k: i for i, k in enumerate(order)})
    roles = list(dict.fromkeys(data["role"]))
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("hours_per_week:Q", title="Hours per week (whole team)", stack=True),
            y=alt.Y("role:N", sort=roles, title=None, axis=alt.Axis(labelLimit=_LABEL_LIMIT)),
            color=category_color(
                "destination_label:N",
                DESTINATION_COLORS,
                labels,
                title="Where the hours go",
                legend=alt.Legend(orient="bottom", columns=2),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("role:N", title="Role"),
                alt.Tooltip("destination_label:N", title="Goes to"),
                alt.Tooltip("hours_per_week:Q", title="Hours per week", format=",.1f"),
                alt.Tooltip("fte:Q", title="FTE", format=",.2f"),
                alt.Tooltip("share:Q", title="Share of the role", format=".0%"),
            ],
        )
        .properties(
            width=_WIDTH,
            height=max(28 * len(roles), 60),
            title=wrapped_title("Where each team's hours go", subtitle, _SUBTITLE_WIDTH),
        )
    )
    return styled(chart)


def _top_roles(hours: pd.DataFrame, subtitle: str) -> tuple[pd.DataFrame, str]:
    """``hours`` as drawn: every role when there are at most :data:`MAX_BARS`, else the roles
    with the most hours (in plan order) and one row per destination summing all the others;
    the subtitle then says so."""
    data = hours.copy()
    totals = data.groupby("role", sort=False)["hours_per_week"].sum()
    if len(totals) <= MAX_BARS:
        return data, subtitle
    keep = set(totals.sort_values(ascending=False, kind="stable").index[: MAX_BARS - 1])
    hidden = len(totals) - len(keep)
    rest = data[~data["role"].isin(keep)]
    others = rest.groupby("destination", sort=False)[["hours_per_week", "fte"]].sum() / hidden
    others = others.reset_index()
    whole = float(others["hours_per_week"].sum())
    others["share"] = others["hours_per_week"] / whole if whole else 0.0
    others.insert(0, "role", _others_label(hidden, "teams"))
    note = (
        f"Showing the {len(keep)} teams with the most hours, and the average of the other {hidden}."
    )
    drawn = pd.concat([data[data["role"].isin(keep)], others], ignore_index=True)
    return drawn, _with_note(subtitle, note)


# --------------------------------------------------------------------------- workflow swimlanes


def workflow_frame(legacy: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Both schedules of a workflow (:func:`mocmo.reshape.workflow_schedule`) in one frame with
    a ``version`` column (Today / New model) and ``kind_label``; waits sit in the lane of the
    owner who receives the work."""
    frames = []
    for version, sched in zip(_VERSIONS, (legacy, new), strict=True):
        part = sched.copy()
        part.insert(0, "version", version)
        frames.append(part)
    data = pd.concat(frames, ignore_index=True)
    data["kind_label"] = data["kind"].map(KIND_LABELS)
    return data


@remember_chart
def workflow_chart(
    legacy: pd.DataFrame,
    new: pd.DataFrame,
    title: str = "Workflow",
    subtitle: str = "",
    style: bool = True,
) -> Any:
    """A workflow before and after as swimlanes: one lane per owner, steps over working days.

    Work is a solid bar, expected rework a lighter dashed extension after the step that causes
    it, and the wait at each hand-off a gap crossed by a thin grey line. Both versions share
    the day axis so their lengths compare. ``legacy`` and ``new`` are
    :func:`mocmo.reshape.workflow_schedule` frames. ``style=False`` returns the chart unstyled,
    for concatenation.
    """
    data = workflow_frame(legacy, new)
    end = float(data["end_day"].max()) if len(data) else 1.0
    x = alt.X("start_day:Q", title="Working days from the start", scale=alt.Scale(domain=[0, end]))
    y = alt.Y(
        "owner:N",
        title=None,
        sort=alt.EncodingSortField("order", op="min"),
        axis=alt.Axis(labelLimit=_LABEL_LIMIT),
    )
    labels = list(KIND_LABELS.values())
    color = category_color(
        "kind_label:N",
        _KIND_COLORS,
        labels,
        legend=alt.Legend(orient="bottom", symbolType="square"),
    )
    tooltip = [
        alt.Tooltip("order:Q", title="Step"),
        alt.Tooltip("step:N", title="What"),
        alt.Tooltip("owner:N", title="Who"),
        alt.Tooltip("kind_label:N", title="Kind"),
        alt.Tooltip("days:Q", title="Days", format=",.1f"),
        alt.Tooltip("start_day:Q", title="From day", format=",.1f"),
        alt.Tooltip("end_day:Q", title="To day", format=",.1f"),
    ]
    base = alt.Chart().encode(x=x, x2=alt.X2("end_day:Q"), y=y, color=color, tooltip=tooltip)
    work = base.mark_bar(height=14, cornerRadius=2).transform_filter("datum.kind == 'work'")
    rework = base.mark_bar(
        height=14, opacity=0.45, strokeDash=[3, 2], stroke="#9c5a12", strokeWidth=1
    ).transform_filter("datum.kind == 'rework'")
    wait = base.mark_rule(strokeDash=[2, 3], strokeWidth=2).transform_filter("datum.kind == 'wait'")
    chart = (
        alt.layer(wait, work, rework, data=data)
        .properties(width=_WIDTH, height=alt.Step(22))
        .facet(row=alt.Row("version:N", sort=list(_VERSIONS), title=None))
        .resolve_scale(y="independent")
        .properties(title=wrapped_title(title, subtitle, _SUBTITLE_WIDTH))
    )
    return styled(chart) if style else chart


def workflow_chart_for(plan: Plan, role_name: str, style: bool = True) -> Any | None:
    """The before/after swimlane of one role's workflow, with its sentence as the subtitle;
    ``None`` if the role has no workflow."""
    role = rs.role_by_name(plan, role_name)
    if role.workflow is None:
        return None
    a = plan.assumptions
    return workflow_chart(
        rs.workflow_schedule(role.workflow.legacy, a),
        rs.workflow_schedule(role.workflow.new, a),
        title=f"{role.name}: {role.workflow.name}, today and in the new model",
        subtitle=rs.workflow_sentence(plan, role_name),
        style=style,
    )


def all_workflows_chart(plan: Plan) -> Any | None:
    """Every role's workflow swimlane, one under another (``None`` if no role has one)."""
    charts = [workflow_chart_for(plan, r.name, style=False) for r in plan.legacy_roles]
    shown = [c for c in charts if c is not None]
    if not shown:
        return None
    return styled(alt.vconcat(*shown, spacing=36))


# --------------------------------------------------------------------------- Hand-Off Tax saved


@remember_chart
def tax_saved_chart(comparison: pd.DataFrame, total_days: float, subtitle: str = "") -> Any:
    """Hand-Off Tax saved per role's workflow (days), with the total as a last, darker bar.
    ``comparison`` is :func:`mocmo.reshape.workflow_comparison`, ``total_days``
    :func:`mocmo.reshape.tax_saved_total_days`."""
    rows: list[dict[str, Any]] = [
        {
            "label": f"{r['role']} · {r['workflow']}",
            "saved_days": float(r["tax_saved_days"]),
            "legacy_days": float(r["tax_days_legacy"]),
            "new_days": float(r["tax_days_new"]),
            "kind": "Per workflow",
        }
        for r in comparison.to_dict("records")
    ]
    if len(rows) > MAX_BARS:
        ranked = sorted(range(len(rows)), key=lambda i: -rows[i]["saved_days"])
        keep = set(ranked[: MAX_BARS - 1])
        rest = [r for i, r in enumerate(rows) if i not in keep]
        rows = [r for i, r in enumerate(rows) if i in keep]
        rows.append(
            {
                "label": _others_label(len(rest), "workflows"),
                "saved_days": sum(r["saved_days"] for r in rest) / len(rest),
                "legacy_days": sum(r["legacy_days"] for r in rest) / len(rest),
                "new_days": sum(r["new_days"] for r in rest) / len(rest),
                "kind": "Per workflow",
            }
        )
        subtitle = _with_note(
            subtitle,
            f"Showing the {len(keep)} workflows that save most, and the average of the other "
            f"{len(rest)}; the total counts every one.",
        )
    rows.append(
        {
            "label": "Total",
            "saved_days": total_days,
            "legacy_days": None,
            "new_days": None,
            "kind": "Total",
        }
    )
    data = pd.DataFrame(rows)
    data["text"] = [f"{d:,.1f} days" for d in data["saved_days"]]
    order = list(data["label"])
    base = alt.Chart(data).encode(
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=_LABEL_LIMIT)),
        x=alt.X("saved_days:Q", title="Hand-Off Tax saved (working days per piece of work)"),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "kind:N",
            scale=color_scale({"Per workflow": PALETTE[2], "Total": PALETTE[0]}),
            legend=None,
        ),
        tooltip=[
            alt.Tooltip("label:N", title="Workflow"),
            alt.Tooltip("legacy_days:Q", title="Tax today (days)", format=",.1f"),
            alt.Tooltip("new_days:Q", title="Tax in the new model (days)", format=",.1f"),
            alt.Tooltip("saved_days:Q", title="Saved (days)", format=",.1f"),
        ],
    )
    text = base.mark_text(align="left", dx=4, fontSize=11).encode(text=alt.Text("text:N"))
    chart = (bars + text).properties(
        width=_WIDTH,
        height=max(26 * len(data), 60),
        title=wrapped_title(
            "Hand-Off Tax saved: waits and rework the new model removes", subtitle, _SUBTITLE_WIDTH
        ),
    )
    return styled(chart)


# --------------------------------------------------------------------------- GTM Marketer load


def _lane(owner: object, audience: object, owned: bool) -> str:
    return str(owner) if owned else f"{rs.UNOWNED}: {audience}"


def load_frame(audience_load: pd.DataFrame, owner_load: pd.DataFrame) -> pd.DataFrame:
    """One row per audience for the load chart: its ``lane`` (the owner, or ``Unowned: …``),
    its hours, and its owner's ``utilisation`` and ``status`` label. Inputs are
    :func:`mocmo.reshape.audience_load` and :func:`mocmo.reshape.owner_load`."""
    owned_rows = owner_load["owned"].astype(bool)  # an empty table's column is not boolean
    owned = owner_load[owned_rows].set_index("owner")
    unowned = owner_load[~owned_rows].set_index("audiences")  # one audience a row
    rows = []
    for rec in audience_load.to_dict("records"):
        is_owned = rec["owner"] is not None
        lane = _lane(rec["owner"], rec["audience"], is_owned)
        if is_owned:
            util = float(owned.loc[rec["owner"], "utilisation"])
            over = bool(owned.loc[rec["owner"], "over_capacity"])
            status = LOAD_STATUS["over"] if over else LOAD_STATUS["within"]
        else:
            util = float(unowned.loc[rec["audience"], "utilisation"])
            status = LOAD_STATUS["unowned"]
        rows.append(
            {
                "lane": lane,
                "audience": rec["audience"],
                "hours_per_week": float(rec["hours_per_week"]),
                "weight": float(rec["weight"]),
                "utilisation": util,
                "status": status,
            }
        )
    return pd.DataFrame(
        rows, columns=["lane", "audience", "hours_per_week", "weight", "utilisation", "status"]
    )


@remember_chart
def load_chart(
    audience_load: pd.DataFrame,
    owner_load: pd.DataFrame,
    capacity_hours: float,
    subtitle: str = "",
) -> Any:
    """GTM Marketer load: one bar per owner (stacked by the audiences they own, unowned
    audiences on lanes of their own), coloured by status, against a dashed capacity line."""
    data = load_frame(audience_load, owner_load)
    lanes = list(dict.fromkeys(data["lane"]))
    labels = list(LOAD_STATUS.values())
    totals = (
        owner_load.assign(
            lane=[
                _lane(o, a, bool(ow))
                for o, a, ow in zip(
                    owner_load["owner"], owner_load["audiences"], owner_load["owned"], strict=True
                )
            ]
        )
        .loc[:, ["lane", "hours_per_week", "utilisation"]]
        .assign(text=lambda d: [f"{u:.0%}" for u in d["utilisation"]])
    )
    y = alt.Y("lane:N", sort=lanes, title=None, axis=alt.Axis(labelLimit=_LABEL_LIMIT))
    bars = (
        alt.Chart(data)
        .mark_bar(stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("hours_per_week:Q", title="Hours per week of audience work", stack=True),
            y=y,
            color=category_color(
                "status:N", _LOAD_COLORS, labels, legend=alt.Legend(orient="bottom")
            ),
            tooltip=[
                alt.Tooltip("lane:N", title="Owner"),
                alt.Tooltip("audience:N", title="Audience"),
                alt.Tooltip("hours_per_week:Q", title="Hours per week", format=",.1f"),
                alt.Tooltip("weight:Q", title="Share of the work", format=".0%"),
                alt.Tooltip("utilisation:Q", title="Owner's load", format=".0%"),
            ],
        )
    )
    text = (
        alt.Chart(totals)
        .mark_text(align="left", dx=4, fontSize=11)
        .encode(x=alt.X("hours_per_week:Q"), y=y, text=alt.Text("text:N"))
    )
    rule = (
        alt.Chart(pd.DataFrame({"capacity_hours": [capacity_hours]}))
        .mark_rule(color="#34495e", strokeDash=[6, 4], strokeWidth=2)
        .encode(
            x=alt.X("capacity_hours:Q"), tooltip=[alt.Tooltip("capacity_hours:Q", title="Capacity")]
        )
    )
    chart = alt.layer(bars, text, rule).properties(
        width=_WIDTH,
        height=max(28 * len(lanes), 60),
        title=wrapped_title(
            "GTM Marketer load against capacity (dashed line)", subtitle, _SUBTITLE_WIDTH
        ),
    )
    return styled(chart)


# --------------------------------------------------------------------------- headcount


@remember_chart
def headcount_chart(headcount: pd.DataFrame, subtitle: str = "") -> Any:
    """Legacy vs new headcount, each bar stacked by group (legacy roles, or GTM / Custodians /
    MarOps). ``headcount`` is :func:`mocmo.reshape.headcount_by_group`."""
    data = headcount.copy()
    data["org_label"] = data["org"].map({"legacy": "Today", "new": "New model"})
    data["color_key"] = [
        g if org == "new" else "Legacy roles"
        for g, org in zip(data["group"], data["org"], strict=True)
    ]
    keys = ["Legacy roles", *rs.GROUPS]
    chart = (
        alt.Chart(data)
        .mark_bar(stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("count:Q", title="People (FTE)", stack=True),
            y=alt.Y("org_label:N", sort=list(_VERSIONS), title=None),
            color=category_color(
                "color_key:N", GROUP_COLORS, keys, legend=alt.Legend(orient="bottom")
            ),
            tooltip=[
                alt.Tooltip("org_label:N", title="Org"),
                alt.Tooltip("group:N", title="Group"),
                alt.Tooltip("count:Q", title="People (FTE)", format=",.1f"),
            ],
        )
        .properties(
            width=_WIDTH,
            height=90,
            title=wrapped_title("Headcount today and in the new model", subtitle, _SUBTITLE_WIDTH),
        )
    )
    return styled(chart)


# --------------------------------------------------------------------------- all of them


class ReshapeCharts(dict[str, Any]):
    """The step's charts by name: ``hours``, ``tax``, ``load``, ``headcount`` and one
    ``workflow:<role>`` per role with a workflow."""


def reshape_charts(plan: Plan, workflows: bool = True) -> ReshapeCharts:
    """Every chart of the step for ``plan``, each with its 'what this means' line as subtitle;
    ``workflows=False`` leaves out the per-role swimlanes (see :func:`workflow_chart_for`)."""
    charts = ReshapeCharts()
    charts["hours"] = hours_chart(rs.hours_by_destination(plan), rs.hours_sentence(plan))
    charts["tax"] = tax_saved_chart(
        rs.workflow_comparison(plan), rs.tax_saved_total_days(plan), rs.tax_sentence(plan)
    )
    charts["load"] = load_chart(
        rs.audience_load(plan),
        rs.owner_load(plan),
        rs.gtm_capacity_hours(plan.assumptions),
        rs.load_sentence(plan),
    )
    charts["headcount"] = headcount_chart(rs.headcount_by_group(plan), rs.new_org_sentence(plan))
    for role in plan.legacy_roles if workflows else ():
        chart = workflow_chart_for(plan, role.name)
        if chart is not None:
            charts[f"workflow:{role.name}"] = chart
    return charts
