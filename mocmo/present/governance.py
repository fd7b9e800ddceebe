"""The agent-governance step in words: the register, span of control, metrics and budget —
what the figures of :mod:`mocmo.governance` mean, for the step page and its notebook. Nothing
is computed here."""

from __future__ import annotations

import pandas as pd

from mocmo.format import fmt_money, fmt_pct
from mocmo.governance import (
    LEGACY_SPAN,
    OPERATOR_SPAN,
    budget_summary,
    headline,
    metrics_table,
    role_clashes,
    span_table,
)
from mocmo.plan import Plan

__all__ = ["governance_sentence", "what_this_means"]


def governance_sentence(plan: Plan) -> str:
    """One line on the register and the budget shift."""
    if not plan.agents:
        return "No agents in the register yet: add the first one, with its outcome and owner."
    figures = headline(plan)
    clashes = len({c.agent for c in role_clashes(plan)})
    text = (
        f"{figures['agents_count']} agents: {figures['agents_without_owner']} without an owner, "
        f"{figures['agents_acting_without_approver']} acting on trust, money or customer data "
        f"without a human approver, {clashes} with builder, operator and auditor not kept apart."
    )
    if plan.budget_shift:
        b = budget_summary(plan)
        text += (
            f" Budget {fmt_money(b.before_total, plan.meta.currency)} → "
            f"{fmt_money(b.after_total, plan.meta.currency)}; variable labour "
            f"{fmt_pct(b.variable_share_before)} → {fmt_pct(b.variable_share_after)} of it."
        )
    return text


def what_this_means(plan: Plan) -> list[str]:
    """The step's findings in sentences: the register, span of control, metrics, budget."""
    lines = [governance_sentence(plan)]
    span = span_table(plan)
    if len(span):
        legacy = span[span["model"].str.startswith("Manager")]
        operator = span[span["model"].str.startswith("Operator")]
        lines.append(
            f"For {int(span['headcount'].iloc[0])} people, managers overseeing "
            f"{LEGACY_SPAN[0]}–{LEGACY_SPAN[1]} each need {_range(legacy['layers'])} layers "
            f"and {_range(legacy['managers'])} managers; operators handling the output of "
            f"{OPERATOR_SPAN[0]}–{OPERATOR_SPAN[1]} need {_range(operator['layers'])} layers "
            f"and {_range(operator['managers'])}."
        )
    metrics = metrics_table(plan)
    gains = metrics.dropna(subset=["improvement"])
    if len(gains):
        best = gains.sort_values("improvement", ascending=False).iloc[0]
        lines.append(
            f"{len(metrics)} operating metrics across {metrics['workflow'].nunique()} workflows; "
            f"the biggest planned improvement is {best['label'].lower()} in {best['workflow']} "
            f"({fmt_pct(best['improvement'])})."
        )
    return lines


def _range(values: pd.Series) -> str:
    low, high = int(values.min()), int(values.max())
    return f"{low}" if low == high else f"{low}–{high}"
