"""Charts of Step 1 — Audiences: pipeline by audience against the company target, and which
product answers which audience's pains.

The builders take results computed by :mod:`mocmo.audiences` (its tidy table, its coverage and
its audience × product matrix) and only arrange them; :func:`audience_charts` is the shortcut
from a plan.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from mocmo import audiences as aud
from mocmo.charts.core import (
    PALETTE,
    color_scale,
    grid_base,
    money_axis_format,
    remember_chart,
    styled,
)
from mocmo.format import fmt_money, fmt_pct
from mocmo.plan import Plan

__all__ = [
    "COMPANY_TARGET",
    "GAP",
    "audience_charts",
    "pipeline_chart",
    "pipeline_coverage_frame",
    "product_map_chart",
]

GAP = "Gap — no owner yet"
"""The part of the company target no audience's pipeline target covers."""

COMPANY_TARGET = "Company target"
"""Label of the company pipeline target in the chart."""

_GAP_COLOR = "#c8ced3"
_TARGET_COLOR = "#34495e"
_RULE_COLOR = "#c0392b"
_WIDTH = 520
_LABEL_LIMIT = 0  # no limit: styled() pads the chart for its longest label


def _audience_colors(names: list[str]) -> alt.Scale:
    mapping = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}
    mapping[GAP] = _GAP_COLOR
    mapping[COMPANY_TARGET] = _TARGET_COLOR
    return color_scale(mapping, [*names, GAP, COMPANY_TARGET])


def _subtitle(coverage: aud.PipelineCoverage, currency: str) -> str:
    total = fmt_money(coverage.audience_total, currency)
    target = fmt_money(coverage.company_target, currency)
    status = coverage.status
    if status == "no target":
        return f"Audiences add up to {total}; no company pipeline target is set"
    if status == "under":
        return (
            f"{total} of the {target} company target is owned by an audience: "
            f"a gap of {fmt_money(coverage.gap, currency)} ({fmt_pct(coverage.gap_ratio, 1)})"
        )
    if status == "over":
        return (
            f"Audiences add up to {total}, over the {target} company target by "
            f"{fmt_money(-coverage.gap, currency)} ({fmt_pct(-(coverage.gap_ratio or 0.0), 1)})"
        )
    return f"Audiences add up to the {target} company target exactly"


def pipeline_coverage_frame(table: pd.DataFrame, coverage: aud.PipelineCoverage) -> pd.DataFrame:
    """The rows of the coverage bar: one per audience (row ``Audiences``), the gap when the
    audiences fall short, and the company target (row ``Company target``) when one is set.
    Columns ``row``, ``part``, ``amount``, ``order``."""
    rows: list[dict[str, Any]] = [
        {"row": "Audiences", "part": name, "amount": float(amount), "order": i}
        for i, (name, amount) in enumerate(
            zip(table["Audience"], table["Pipeline target"], strict=True)
        )
    ]
    if coverage.status == "under":
        rows.append({"row": "Audiences", "part": GAP, "amount": coverage.gap, "order": len(rows)})
    if coverage.status != "no target":
        rows.append(
            {
                "row": COMPANY_TARGET,
                "part": COMPANY_TARGET,
                "amount": coverage.company_target,
                "order": 0,
            }
        )
    return pd.DataFrame(rows, columns=["row", "part", "amount", "order"])


@remember_chart
def pipeline_chart(
    table: pd.DataFrame, coverage: aud.PipelineCoverage, currency: str = "GBP"
) -> alt.VConcatChart:
    """Pipeline by audience against the company target.

    Top: one bar per audience (its pipeline target, labelled with its share of the company
    target). Bottom: the audiences stacked in one bar beside the company target, the gap in grey
    and a dashed rule at the target. ``table`` is :func:`mocmo.audiences.audience_table`,
    ``coverage`` :func:`mocmo.audiences.pipeline_coverage`.
    """
    names = [str(n) for n in table["Audience"]]
    colors = _audience_colors(names)
    money = money_axis_format(short=True)
    money_full = money_axis_format(short=False)
    has_target = coverage.status != "no target"
    share_col = "Share of company target" if has_target else "Share of audience pipeline"
    share_title = "Share of company target" if has_target else "Share of audience pipeline"
    bars_data = pd.DataFrame(
        {
            "audience": names,
            "pipeline_target": table["Pipeline target"].astype(float).to_list(),
            "share": table[share_col].astype(float).to_list(),
            "owner": [o or "(no owner yet)" for o in table["Owner"]],
            "label": [
                f"{fmt_money(t, currency)} · {fmt_pct(s)}"
                for t, s in zip(table["Pipeline target"], table[share_col], strict=True)
            ],
        }
    )
    y = alt.Y("audience:N", sort=names, title=None, axis=alt.Axis(labelLimit=_LABEL_LIMIT))
    base = alt.Chart(bars_data)
    bars = base.mark_bar().encode(
        x=alt.X("pipeline_target:Q", title="Pipeline target per year", axis=alt.Axis(format=money)),
        y=y,
        color=alt.Color("audience:N", scale=colors, legend=None),
        tooltip=[
            alt.Tooltip("audience:N", title="Audience"),
            alt.Tooltip("owner:N", title="Owner"),
            alt.Tooltip("pipeline_target:Q", title="Pipeline target", format=money_full),
            alt.Tooltip("share:Q", title=share_title, format=".1%"),
        ],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(
        x=alt.X("pipeline_target:Q"), y=y, text=alt.Text("label:N")
    )
    per_audience = (bars + labels).properties(
        width=_WIDTH, height=max(22 * len(names), 40), title="Pipeline target by audience"
    )

    stack_data = pipeline_coverage_frame(table, coverage)
    stack = (
        alt.Chart(stack_data)
        .mark_bar()
        .encode(
            x=alt.X(
                "sum(amount):Q", title="Pipeline per year", axis=alt.Axis(format=money), stack=True
            ),
            y=alt.Y("row:N", sort=["Audiences", COMPANY_TARGET], title=None),
            color=alt.Color("part:N", scale=colors, title=None, sort=[*names, GAP, COMPANY_TARGET]),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("part:N", title="Part"),
                alt.Tooltip("amount:Q", title="Pipeline", format=money_full),
            ],
        )
    )
    layers: list[Any] = [stack]
    if has_target:
        rule_data = pd.DataFrame({"company_target": [coverage.company_target]})
        layers.append(
            alt.Chart(rule_data)
            .mark_rule(color=_RULE_COLOR, strokeDash=[6, 4], strokeWidth=2)
            .encode(x=alt.X("company_target:Q"))
        )
    totals = alt.layer(*layers).properties(
        width=_WIDTH,
        height=70,
        title=alt.TitleParams(
            "All audiences against the company target",
            subtitle=_subtitle(coverage, currency),
        ),
    )
    return styled(alt.vconcat(per_audience, totals, spacing=24), currency)


@remember_chart
def product_map_chart(matrix: pd.DataFrame, audiences: list[str], products: list[str]) -> Any:
    """Audience × product map: each cell counts how many of the audience's pains that product
    answers (0 shows as an empty cell). ``matrix`` is
    :func:`mocmo.audiences.audience_product_matrix`; ``audiences`` and ``products`` fix the order
    of the rows and columns."""
    data = matrix.copy()
    data["has"] = data["pains"] > 0
    top = int(data["pains"].max()) if len(data) else 0
    base = grid_base(
        data,
        "product",
        products,
        "audience",
        audiences,
        column_axis=alt.Axis(labelAngle=0, orient="top", grid=False, ticks=False),
        row_axis=alt.Axis(grid=False, ticks=False, labelLimit=_LABEL_LIMIT),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "pains:Q",
            title="Pains answered",
            scale=alt.Scale(domain=[0, max(top, 1)], range=["#f4f6f7", PALETTE[0]]),
            legend=alt.Legend(format="d", tickMinStep=1),
        ),
        tooltip=[
            alt.Tooltip("audience:N", title="Audience"),
            alt.Tooltip("product:N", title="Product"),
            alt.Tooltip("pains:Q", title="Pains it answers"),
        ],
    )
    text = base.mark_text(fontSize=13).encode(
        text=alt.Text("pains:Q", format="d"),
        color=alt.condition(alt.datum.pains > top / 2, alt.value("white"), alt.value("#333333")),
        opacity=alt.condition("datum.pains > 0", alt.value(1), alt.value(0)),
    )
    chart = (cells + text).properties(
        width=max(130 * len(products), 200),
        height=max(30 * len(audiences), 40),
        title=alt.TitleParams(
            "Which product answers which audience's pains",
            subtitle="Number of the audience's pains each product answers; a blank row means "
            "its owner has nothing to write messaging from",
        ),
    )
    return styled(chart)


def audience_charts(plan: Plan) -> tuple[alt.VConcatChart, Any]:
    """Both charts of the step for ``plan``: (pipeline against target, audience × product)."""
    currency = plan.meta.currency
    pipeline = pipeline_chart(aud.audience_table(plan), aud.pipeline_coverage(plan), currency)
    product_map = product_map_chart(
        aud.audience_product_matrix(plan),
        [a.name for a in plan.audiences],
        [p.name for p in plan.products],
    )
    return pipeline, product_map
