"""Charts of Step 6 — Agent governance: the decision-rights heatmap, the budget before and
after the shift, and the operating metrics' baselines against their targets.

The builders take results computed by :mod:`mocmo.governance` and only arrange them;
:func:`governance_charts` is the shortcut from a plan.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from mocmo import governance as gov
from mocmo.charts import core
from mocmo.format import fmt_money, fmt_pct
from mocmo.plan import Plan

__all__ = [
    "DECIDER_COLORS",
    "WHEN_COLORS",
    "budget_chart",
    "budget_frame",
    "decision_rights_chart",
    "governance_charts",
    "metrics_chart",
    "metrics_frame",
]

DECIDER_COLORS: dict[str, str] = {"Human": "#1f4e79", "Hybrid": "#d4ac0d", "AI": "#2e8b57"}
"""Colour of who makes a decision, the same wherever decision rights are drawn."""

WHEN_COLORS: dict[str, str] = {"Before": "#b3b6b7", "After": core.PALETTE[0]}
"""Colours of the budget (and metric) before and after."""

_NATURE_COLORS = {"Variable labour": "#e07a1f", "Fixed systems": "#1f4e79"}
_WIDTH = 460
_LABEL_LIMIT = 0  # no limit: core.styled() pads the chart for its longest label


# --------------------------------------------------------------------------- decision rights


@core.remember_chart
def decision_rights_chart(matrix: pd.DataFrame, table: pd.DataFrame) -> Any:
    """Decision × Human / Hybrid / AI: the chosen cell filled in its colour (with a ✓), the
    others empty. ``matrix`` is :func:`mocmo.governance.decision_rights_matrix`, ``table``
    :func:`mocmo.governance.decision_rights_table` (for the area each decision affects)."""
    data = matrix.merge(table[["decision", "area"]], on="decision", how="left")
    data["area"] = data["area"].fillna("")
    data["fill"] = [w if c else "" for w, c in zip(data["who"], data["chosen"], strict=True)]
    data["mark"] = ["✓" if c else "" for c in data["chosen"]]
    decisions = list(dict.fromkeys(table["decision"]))
    who_order = [gov.DECIDER_LABELS[k] for k in ("human", "hybrid", "ai")]
    base = core.grid_base(
        data,
        "who",
        who_order,
        "decision",
        decisions,
        column_axis=alt.Axis(orient="top", labelAngle=0, ticks=False, domain=False),
        row_axis=alt.Axis(labelLimit=_LABEL_LIMIT, ticks=False, domain=False),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "fill:N",
            scale=core.color_scale({**DECIDER_COLORS, "": "#f2f3f4"}, [*who_order, ""]),
            legend=None,
        ),
        tooltip=[
            alt.Tooltip("decision:N", title="Decision"),
            alt.Tooltip("who:N", title="Column"),
            alt.Tooltip("area:N", title="Affects"),
        ],
    )
    ticks = base.mark_text(color="white", fontSize=14, fontWeight="bold").encode(
        text=alt.Text("mark:N")
    )
    return core.styled(
        (cells + ticks).properties(
            width=3 * 90,
            height=max(26 * len(decisions), 40),
            title=core.wrapped_title(
                "Who decides what",
                "People approve what affects trust, money, reputation and customer data; "
                "hybrid = an agent proposes, a person decides.",
            ),
        )
    )


# --------------------------------------------------------------------------- budget shift


def budget_frame(table: pd.DataFrame) -> pd.DataFrame:
    """Long form of :func:`mocmo.governance.budget_table`: one row per line and moment
    (Before/After) with its amount and nature."""
    rows = [
        {
            "line": r["label"],
            "nature": "Variable labour" if r["nature"] == "variable" else "Fixed systems",
            "when": when,
            "amount": float(r[when.lower()]),
        }
        for r in table.to_dict("records")
        for when in ("Before", "After")
    ]
    return pd.DataFrame(rows, columns=["line", "nature", "when", "amount"])


@core.remember_chart
def budget_chart(table: pd.DataFrame, summary: gov.BudgetSummary, currency: str = "GBP") -> Any:
    """The budget shift: each line before and after (grey and blue bars side by side), and
    beneath, the whole budget before and after split into variable labour and fixed systems.
    ``table`` is :func:`mocmo.governance.budget_table`, ``summary``
    :func:`mocmo.governance.budget_summary`."""
    data = budget_frame(table)
    lines = list(dict.fromkeys(data["line"]))
    money = core.money_axis_format(short=True)
    money_full = core.money_axis_format(short=False)
    per_line = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("amount:Q", title="Per year", axis=alt.Axis(format=money)),
            y=alt.Y("line:N", sort=lines, title=None, axis=alt.Axis(labelLimit=_LABEL_LIMIT)),
            yOffset=alt.YOffset("when:N", sort=["Before", "After"]),
            color=alt.Color(
                "when:N", scale=core.color_scale(WHEN_COLORS), title=None, sort=["Before", "After"]
            ),
            tooltip=[
                alt.Tooltip("line:N", title="Line"),
                alt.Tooltip("when:N", title="When"),
                alt.Tooltip("amount:Q", title="Amount", format=money_full),
                alt.Tooltip("nature:N", title="Nature"),
            ],
        )
        .properties(
            width=_WIDTH,
            height=max(40 * len(lines), 40),
            title=core.wrapped_title(
                "Budget by line, before and after",
                f"{fmt_money(summary.before_total, currency)} → "
                f"{fmt_money(summary.after_total, currency)} a year",
            ),
        )
    )
    split = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("sum(amount):Q", title="Per year", axis=alt.Axis(format=money), stack=True),
            y=alt.Y("when:N", sort=["Before", "After"], title=None),
            color=alt.Color(
                "nature:N",
                scale=core.color_scale(_NATURE_COLORS),
                title=None,
                sort=list(_NATURE_COLORS),
            ),
            order=alt.Order("nature:N", sort="descending"),
            tooltip=[
                alt.Tooltip("when:N", title="When"),
                alt.Tooltip("nature:N", title="Nature"),
                alt.Tooltip("sum(amount):Q", title="Amount", format=money_full),
            ],
        )
        .properties(
            width=_WIDTH,
            height=70,
            title=core.wrapped_title(
                "From variable labour to fixed systems",
                f"Variable labour {fmt_pct(summary.variable_share_before)} of the budget before, "
                f"{fmt_pct(summary.variable_share_after)} after",
            ),
        )
    )
    return core.styled(
        alt.vconcat(per_line, split, spacing=24).resolve_scale(color="independent"), currency
    )


# --------------------------------------------------------------------------- operating metrics


def metrics_frame(table: pd.DataFrame) -> pd.DataFrame:
    """Long form of :func:`mocmo.governance.metrics_table` for the dumbbell chart: one row per
    workflow metric and moment (Before = baseline, After = target), with its label, unit and
    improvement."""
    rows = [
        {
            "metric": f"{r['label']} ({r['unit']})",
            "workflow": r["workflow"],
            "when": when,
            "value": float(r["baseline"] if when == "Before" else r["target"]),
            "improvement": r["improvement"],
        }
        for r in table.to_dict("records")
        for when in ("Before", "After")
    ]
    return pd.DataFrame(rows, columns=["metric", "workflow", "when", "value", "improvement"])


@core.remember_chart
def metrics_chart(table: pd.DataFrame) -> Any:
    """Each workflow's metric as a dumbbell, baseline (grey) to target (blue), one panel per
    metric with its own scale. ``table`` is :func:`mocmo.governance.metrics_table`."""
    data = metrics_frame(table)
    metrics = list(dict.fromkeys(data["metric"]))
    base = alt.Chart().encode(
        y=alt.Y("workflow:N", title=None, axis=alt.Axis(labelLimit=_LABEL_LIMIT)),
    )
    x = alt.X("value:Q", title=None, axis=alt.Axis(format="~g"))
    line = base.mark_line(color="#b3b6b7", strokeWidth=2).encode(
        x=x, detail=alt.Detail("workflow:N")
    )
    dots = base.mark_circle(size=110, opacity=1).encode(
        x=x,
        color=alt.Color(
            "when:N",
            scale=core.color_scale(WHEN_COLORS),
            title=None,
            sort=["Before", "After"],
            legend=alt.Legend(labelExpr="datum.label == 'Before' ? 'Baseline' : 'Target'"),
        ),
        tooltip=[
            alt.Tooltip("workflow:N", title="Workflow"),
            alt.Tooltip("metric:N", title="Metric"),
            alt.Tooltip("when:N", title="Baseline/target"),
            alt.Tooltip("value:Q", title="Value", format=",.3~f"),
            alt.Tooltip("improvement:Q", title="Improvement", format=".0%"),
        ],
    )
    chart = (
        alt.layer(line, dots, data=data)
        .properties(width=_WIDTH, height=alt.Step(26))
        .facet(
            row=alt.Row(
                "metric:N",
                sort=metrics,
                title=None,
                header=alt.Header(labelAngle=0, labelAlign="left", labelFontWeight="bold"),
            )
        )
        .resolve_scale(x="independent", y="independent")
        .properties(title=core.wrapped_title("Operating metrics: baseline → target"))
    )
    return core.styled(chart)


# --------------------------------------------------------------------------- shortcut


def governance_charts(plan: Plan) -> dict[str, Any]:
    """The step's charts from a plan: ``decision-rights``, ``budget`` and ``metrics`` (each
    only when the plan has that section)."""
    charts: dict[str, Any] = {}
    if plan.decision_rights:
        charts["decision-rights"] = decision_rights_chart(
            gov.decision_rights_matrix(plan), gov.decision_rights_table(plan)
        )
    if plan.budget_shift:
        charts["budget"] = budget_chart(
            gov.budget_table(plan), gov.budget_summary(plan), plan.meta.currency
        )
    if plan.operating_metrics:
        charts["metrics"] = metrics_chart(gov.metrics_table(plan))
    return charts
