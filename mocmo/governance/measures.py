"""Span of control, operating metrics and the budget shift (pure: ``Plan`` in, figures out;
money per year, shares 0–1)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from mocmo.governance.labels import (
    BUDGET_LINE_LABELS,
    DEFAULT_NATURE,
    LEGACY_SPAN,
    METRICS,
    OPERATOR_SPAN,
)
from mocmo.plan import BUDGET_LINES, BudgetLine, OperatingMetric, Plan
from mocmo.reshape import legacy_headcount

# --------------------------------------------------------------------------- span of control


def management_layers(headcount: int, span: int) -> int:
    """Layers of management needed above ``headcount`` people when each manager oversees at
    most ``span``: divide by the span, rounding up, until one person is left, and count the
    divisions — ``ceil(log_span(headcount))``. 0 for a team of one or none."""
    if span < 2:
        raise ValueError("span must be 2 or more")
    layers, level = 0, headcount
    while level > 1:
        level = math.ceil(level / span)
        layers += 1
    return layers


def managers_needed(headcount: int, span: int) -> int:
    """Managers across all those layers: ``ceil(N/s) + ceil(N/s²) + …`` down to the one at
    the top."""
    if span < 2:
        raise ValueError("span must be 2 or more")
    total, level = 0, headcount
    while level > 1:
        level = math.ceil(level / span)
        total += level
    return total


_SPANS: tuple[tuple[str, tuple[int, int]], ...] = (
    ("Manager (legacy)", LEGACY_SPAN),
    ("Operator (workflow)", OPERATOR_SPAN),
)


def span_table(plan: Plan) -> pd.DataFrame:
    """Span of control legacy vs per operator, at each end of its range, for the plan's legacy
    headcount: model, span, layers, managers."""
    people = legacy_headcount(plan)
    rows = [
        {
            "model": model,
            "span": span,
            "headcount": people,
            "layers": management_layers(people, span),
            "managers": managers_needed(people, span),
        }
        for model, spans in _SPANS
        for span in spans
    ]
    return pd.DataFrame(rows, columns=["model", "span", "headcount", "layers", "managers"])


# --------------------------------------------------------------------------- operating metrics


def metric_improvement(metric: OperatingMetric) -> float | None:
    """Improvement from baseline to target as a fraction of the baseline, positive when the
    target is better: ``(baseline − target) / baseline`` for a metric where lower is better,
    ``(target − baseline) / baseline`` where higher is. ``None`` for a zero baseline."""
    if metric.baseline == 0:
        return None
    change = (metric.target - metric.baseline) / metric.baseline
    return -change if METRICS[metric.metric].better == "lower" else change


def metrics_table(plan: Plan) -> pd.DataFrame:
    """One row per workflow metric: workflow, metric key and label, unit, better, baseline,
    target, improvement (fraction, None for a zero baseline)."""
    rows = [
        {
            "workflow": m.workflow,
            "metric": m.metric,
            "label": METRICS[m.metric].label,
            "unit": m.unit or METRICS[m.metric].unit,
            "better": METRICS[m.metric].better,
            "baseline": m.baseline,
            "target": m.target,
            "improvement": metric_improvement(m),
        }
        for m in plan.operating_metrics
    ]
    columns = ["workflow", "metric", "label", "unit", "better", "baseline", "target"]
    return pd.DataFrame(rows, columns=[*columns, "improvement"])


# --------------------------------------------------------------------------- budget shift


def budget_nature(item: BudgetLine) -> Literal["variable", "fixed"]:
    """The line's nature: as the plan says, else :data:`DEFAULT_NATURE`."""
    return item.nature or DEFAULT_NATURE[item.line]


def budget_total(plan: Plan, when: Literal["before", "after"]) -> float:
    """Sum of the budget lines before or after the shift (per year)."""
    return sum(getattr(item, when) for item in plan.budget_shift)


def variable_share(plan: Plan, when: Literal["before", "after"]) -> float | None:
    """Share of the budget that is variable labour, before or after (0–1); ``None`` when that
    budget is 0."""
    total = budget_total(plan, when)
    if total <= 0:
        return None
    variable = sum(
        getattr(item, when) for item in plan.budget_shift if budget_nature(item) == "variable"
    )
    return variable / total


@dataclass(frozen=True)
class BudgetSummary:
    """The budget shift in totals and shares (money per year; shares 0–1)."""

    before_total: float
    after_total: float
    change: float
    variable_share_before: float | None
    variable_share_after: float | None
    shift_to_fixed: float | None
    """Fall in the variable share, in points of the budget: before − after (0.2 = 20 points
    more of the budget is fixed system investment)."""


def budget_summary(plan: Plan) -> BudgetSummary:
    """Totals before and after, the change, and the variable → fixed shift."""
    before, after = budget_total(plan, "before"), budget_total(plan, "after")
    vb, va = variable_share(plan, "before"), variable_share(plan, "after")
    shift = vb - va if vb is not None and va is not None else None
    return BudgetSummary(before, after, after - before, vb, va, shift)


def budget_table(plan: Plan) -> pd.DataFrame:
    """One row per budget line in the standard order: line key and label, nature, before,
    after, change (after − before)."""
    order = {line: i for i, line in enumerate(BUDGET_LINES)}
    rows = [
        {
            "line": item.line,
            "label": BUDGET_LINE_LABELS[item.line],
            "nature": budget_nature(item),
            "before": item.before,
            "after": item.after,
            "change": item.after - item.before,
        }
        for item in sorted(plan.budget_shift, key=lambda i: order[i.line])
    ]
    return pd.DataFrame(rows, columns=["line", "label", "nature", "before", "after", "change"])
