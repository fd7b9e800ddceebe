"""Costing: the whole cost of running the operating model — payroll, AI and the non-payroll
budget, legacy and new — and the annual pay review.

A headline built on payroll alone leaves out what the new model pays for instead of people: the
AI that absorbs work, and the budget moving from agencies to systems. This module adds them:

- **AI running cost** (:func:`ai_run_cost_annual`) = seat licences
  (:func:`ai_licence_cost_annual`: price per user per month × 12 × licensed share × the new
  org's FTE) + usage (:func:`ai_usage_cost_annual`: Σ hours per week AI absorbs × weeks a year
  × price per absorbed hour) + platform (:func:`ai_platform_cost_annual`: Σ the agents'
  running costs). Usage is priced per absorbed hour, not per piece of output, because the plan
  measures all work in hours per week: one price applies to every activity without volumes the
  plan does not have. An activity's absorbed hours are its hours × (1 − oversight), the capacity
  AI reclaims (:func:`mocmo.reshape.capacity_reclaimed`); the oversight stays human work.
- **non-payroll** (:func:`non_payroll_cost_legacy`, :func:`non_payroll_cost_new`) = Σ the
  budget lines before / after; each line's *after* starts in its change month
  (:func:`budget_line_change_month`) in the monthly timeline;
- **totals** — :func:`legacy_total_cost` = legacy payroll + the AI seats today's team already
  pays for + non-payroll before; :func:`new_total_cost` = new-org payroll (support FTE
  included) + AI running cost + non-payroll after; :func:`total_net_change` and
  :func:`total_net_change_pct`; :func:`cost_bridge`, the steps from one to the other;
- **pay review** — :func:`pay_factor` (1 + rate) ** reviews so far; the monthly timeline applies
  it to every salary (on-costs recomputed on the raised salary). The annual figures here are at
  the plan's start pay, before any review (:func:`pay_year` names the year they are in).

Every function is pure (``Plan`` in, number or table out); money is per year in the plan's
currency.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from mocmo.costing.org import (
    legacy_org_loaded_cost,
    new_org_headcount,
    new_org_loaded_cost,
    org_cost_by_group,
)
from mocmo.costing.people import GROUP_FUNCTIONAL
from mocmo.plan import BudgetLine, Plan, Problem

__all__ = [
    "AI_TOOLS_LINE",
    "BRIDGE_COLUMNS",
    "MONTHS_PER_YEAR",
    "ai_absorbed_hours_per_week",
    "ai_cost_table",
    "ai_licence_cost_annual",
    "ai_licensed_users",
    "ai_platform_cost_annual",
    "ai_run_cost_annual",
    "ai_usage_cost_annual",
    "budget_line_change_month",
    "cost_bridge",
    "double_count_problems",
    "last_transition_month",
    "legacy_ai_licence_cost_annual",
    "legacy_payroll_cost",
    "legacy_total_cost",
    "new_org_fte",
    "new_payroll_cost",
    "new_total_cost",
    "non_payroll_cost_legacy",
    "non_payroll_cost_new",
    "pay_factor",
    "pay_reviews_by",
    "pay_year",
    "total_net_change",
    "total_net_change_pct",
    "whole_cost_headline",
]

MONTHS_PER_YEAR = 12
"""Months in a year: a seat price per month × this is its annual cost."""

AI_TOOLS_LINE = "ai_tools_infrastructure"
"""The budget line that may also pay for AI seats or usage (see :func:`double_count_problems`)."""

BRIDGE_COLUMNS: tuple[str, ...] = ("step", "component", "kind", "amount", "start", "end")
"""Columns of :func:`cost_bridge`."""

_EPS = 1e-9


# --------------------------------------------------------------------------- AI running cost


def new_org_fte(plan: Plan) -> float:
    """People (FTE) in the new org, support FTE included: :func:`mocmo.costing.new_org_headcount`
    (Σ the FTE of :func:`mocmo.neworg.positions`)."""
    return new_org_headcount(plan)


def ai_licensed_users(plan: Plan) -> float:
    """AI seats the new org pays for: licensed share × the new org's FTE (seats)."""
    return plan.assumptions.ai_costs.licensed_share * new_org_fte(plan)


def ai_licence_cost_annual(plan: Plan) -> float:
    """AI seat licences of the new org: price per user per month × 12 × licensed share × the
    new org's FTE (currency/year)."""
    price = plan.assumptions.ai_costs.licence_per_user_month
    return price * MONTHS_PER_YEAR * ai_licensed_users(plan)


def legacy_ai_licence_cost_annual(plan: Plan) -> float:
    """AI seat licences today's team already pays for: legacy licensed users × price per user
    per month × 12 (currency/year); part of the legacy total."""
    ai = plan.assumptions.ai_costs
    return ai.legacy_licensed_users * ai.licence_per_user_month * MONTHS_PER_YEAR


def ai_absorbed_hours_per_week(plan: Plan) -> float:
    """Hours per week of work AI absorbs across every legacy role: Σ each AI activity's hours ×
    (1 − oversight) — the capacity AI reclaims (h/wk)."""
    from mocmo import reshape

    return sum((reshape.capacity_reclaimed(r, plan.assumptions) for r in plan.legacy_roles), 0.0)


def ai_usage_cost_annual(plan: Plan) -> float:
    """AI usage: hours per week AI absorbs × weeks a year × price per absorbed hour
    (currency/year)."""
    ai = plan.assumptions.ai_costs
    return ai_absorbed_hours_per_week(plan) * ai.weeks_per_year * ai.usage_per_absorbed_hour


def ai_platform_cost_annual(plan: Plan) -> float:
    """Platform and agents: Σ the agents' running costs (orchestration, data, monitoring)
    (currency/year)."""
    return sum((a.running_cost for a in plan.agents), 0.0)


def ai_run_cost_annual(plan: Plan) -> float:
    """AI running cost of the new org: seat licences + usage + platform (currency/year)."""
    return ai_licence_cost_annual(plan) + ai_usage_cost_annual(plan) + ai_platform_cost_annual(plan)


def ai_cost_table(plan: Plan) -> pd.DataFrame:
    """The AI running cost line by line (columns ``component``, ``quantity``, ``unit``,
    ``price``, ``amount``): seat licences (seats, price per seat per year), usage (absorbed
    hours a year, price per hour), platform (agents, —), then the total (currency/year)."""
    ai = plan.assumptions.ai_costs
    hours_a_year = ai_absorbed_hours_per_week(plan) * ai.weeks_per_year
    rows: list[dict[str, Any]] = [
        {"component": "Seat licences", "quantity": ai_licensed_users(plan), "unit": "seats",
         "price": ai.licence_per_user_month * MONTHS_PER_YEAR,
         "amount": ai_licence_cost_annual(plan)},
        {"component": "Usage", "quantity": hours_a_year, "unit": "absorbed hours a year",
         "price": ai.usage_per_absorbed_hour, "amount": ai_usage_cost_annual(plan)},
        {"component": "Platform and agents", "quantity": float(len(plan.agents)),
         "unit": "agents", "price": None, "amount": ai_platform_cost_annual(plan)},
        {"component": "AI running cost", "quantity": None, "unit": "", "price": None,
         "amount": ai_run_cost_annual(plan)},
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["component", "quantity", "unit", "price", "amount"])


# --------------------------------------------------------------------------- non-payroll


def non_payroll_cost_legacy(plan: Plan) -> float:
    """The non-payroll budget today: Σ the budget lines' *before* (currency/year)."""
    return sum((b.before for b in plan.budget_shift), 0.0)


def non_payroll_cost_new(plan: Plan) -> float:
    """The non-payroll budget in the new model: Σ the budget lines' *after* (currency/year)."""
    return sum((b.after for b in plan.budget_shift), 0.0)


def last_transition_month(plan: Plan) -> int | None:
    """The month the last legacy role changes shape (the latest ``transition_month``); None
    when no role has one."""
    months = [r.transition_month for r in plan.legacy_roles if r.transition_month is not None]
    return max(months) if months else None


def budget_line_change_month(plan: Plan, line: BudgetLine) -> int:
    """The first month a budget line runs at its *after* amount: its ``change_month``; when
    empty, the month the last legacy role changes shape; month 1 when no role has a transition
    month. Before that month the line runs at its *before* amount."""
    if line.change_month is not None:
        return line.change_month
    return last_transition_month(plan) or 1


# --------------------------------------------------------------------------- totals


def legacy_payroll_cost(plan: Plan) -> float:
    """Legacy payroll: every legacy seat at its point in band, fully loaded (currency/year) —
    :func:`mocmo.costing.legacy_org_loaded_cost`."""
    return legacy_org_loaded_cost(plan)


def new_payroll_cost(plan: Plan) -> float:
    """New-org payroll: every new-org position (support FTE included) at its point in band,
    fully loaded (currency/year) — :func:`mocmo.costing.new_org_loaded_cost`."""
    return new_org_loaded_cost(plan)


def legacy_total_cost(plan: Plan) -> float:
    """The whole cost of today's operating model: legacy payroll + the AI seats today's team
    pays for + the non-payroll budget before (currency/year, at start pay)."""
    return (
        legacy_payroll_cost(plan)
        + legacy_ai_licence_cost_annual(plan)
        + non_payroll_cost_legacy(plan)
    )


def new_total_cost(plan: Plan) -> float:
    """The whole cost of the new operating model: new-org payroll + AI running cost + the
    non-payroll budget after (currency/year, at start pay)."""
    return new_payroll_cost(plan) + ai_run_cost_annual(plan) + non_payroll_cost_new(plan)


def total_net_change(plan: Plan) -> float:
    """New total − legacy total (currency/year); negative means the new model costs less."""
    return new_total_cost(plan) - legacy_total_cost(plan)


def total_net_change_pct(plan: Plan) -> float | None:
    """:func:`total_net_change` as a fraction of the legacy total (−0.1 = 10% less); None when
    the legacy total is 0."""
    legacy = legacy_total_cost(plan)
    if abs(legacy) <= _EPS:
        return None
    return total_net_change(plan) / legacy


def cost_bridge(plan: Plan) -> pd.DataFrame:
    """The steps from the legacy total to the new total (columns :data:`BRIDGE_COLUMNS`).

    Rows: ``Legacy total`` (kind ``total``); the payroll change of each group — the legacy
    functional teams removed, then GTM, Custodians, MarOps (new − legacy; the legacy
    marketing-operations function is in MarOps), Other — (``component`` payroll); the AI change
    (AI running cost − the seats today's team pays for; ``component`` ai); the non-payroll
    change (after − before; ``component`` non_payroll); ``New total`` (kind ``total``).
    ``amount`` is the signed step (or the total), ``start``/``end`` the running total before and
    after it (currency/year). Every step is listed, even at 0, so the rows are the same for
    every plan; the steps sum to the new total (the last ``end``).
    """
    groups = org_cost_by_group(plan)
    legacy = legacy_total_cost(plan)
    rows: list[dict[str, Any]] = [
        {"step": "Legacy total", "component": "total", "kind": "total", "amount": legacy,
         "start": 0.0, "end": legacy}
    ]  # fmt: skip
    steps: list[tuple[str, str, float]] = []
    for group, change in zip(groups["group"], groups["change"], strict=True):
        label = (
            "Payroll: legacy teams removed" if group == GROUP_FUNCTIONAL else (f"Payroll: {group}")
        )
        steps.append((label, "payroll", float(change)))
    steps.append(
        ("AI running cost", "ai", ai_run_cost_annual(plan) - legacy_ai_licence_cost_annual(plan))
    )
    steps.append(
        ("Non-payroll budget", "non_payroll",
         non_payroll_cost_new(plan) - non_payroll_cost_legacy(plan))
    )  # fmt: skip
    running = legacy
    for label, component, amount in steps:
        rows.append(
            {"step": label, "component": component, "kind": "change", "amount": amount,
             "start": running, "end": running + amount}
        )  # fmt: skip
        running += amount
    rows.append(
        {"step": "New total", "component": "total", "kind": "total", "amount": running,
         "start": 0.0, "end": running}
    )  # fmt: skip
    return pd.DataFrame(rows, columns=list(BRIDGE_COLUMNS))


# --------------------------------------------------------------------------- pay review


def pay_reviews_by(plan: Plan, month: int) -> int:
    """Pay reviews at or before ``month``: the first in ``pay_review.first_month``, then one
    every 12 months; 0 with no first month."""
    first = plan.assumptions.pay_review.first_month
    if first is None or month < first:
        return 0
    return (month - first) // MONTHS_PER_YEAR + 1


def pay_factor(plan: Plan, month: int) -> float:
    """What every salary is multiplied by in ``month``: (1 + rate) ** the reviews at or before
    it (1.0 before the first review). On-costs are computed on the raised salary (the NI
    threshold and the pension band do not rise)."""
    return (1.0 + plan.assumptions.pay_review.rate) ** pay_reviews_by(plan, month)


def pay_year(plan: Plan) -> int:
    """The year whose pay the annual figures are at: the plan's start year (before any
    review)."""
    return plan.meta.start_month.year


# --------------------------------------------------------------------------- checks, headline


def double_count_problems(plan: Plan) -> list[Problem]:
    """A warning when the AI tools and infrastructure budget line rises while the model already
    prices an AI running cost: the seats or usage may then be counted twice."""
    run = ai_run_cost_annual(plan)
    if run <= _EPS:
        return []
    from mocmo.format import fmt_money

    cur = plan.meta.currency
    out = []
    for i, line in enumerate(plan.budget_shift):
        if line.line == AI_TOOLS_LINE and line.after > line.before + _EPS:
            out.append(
                Problem(
                    f"budget_shift[{i}].after",
                    f"the AI tools and infrastructure budget rises from "
                    f"{fmt_money(line.before, cur)} to {fmt_money(line.after, cur)} a year, "
                    f"while the plan already counts {fmt_money(run, cur)} a year of AI running "
                    "cost (seats, usage and agents); if this line also pays for AI seats or "
                    "model usage they are counted twice — keep in it only what the AI running "
                    "cost leaves out (other tools, hosting, integration)",
                    "warning",
                )
            )
    return out


def whole_cost_headline(plan: Plan) -> dict[str, float | None]:
    """The whole-cost headline figures (currency/year, at start pay; the share as a fraction):
    ``ai_run_cost_annual``, ``non_payroll_cost_legacy``, ``non_payroll_cost_new``,
    ``legacy_total_cost``, ``new_total_cost``, ``total_net_change``, ``total_net_change_pct``."""
    return {
        "ai_run_cost_annual": ai_run_cost_annual(plan),
        "non_payroll_cost_legacy": non_payroll_cost_legacy(plan),
        "non_payroll_cost_new": non_payroll_cost_new(plan),
        "legacy_total_cost": legacy_total_cost(plan),
        "new_total_cost": new_total_cost(plan),
        "total_net_change": total_net_change(plan),
        "total_net_change_pct": total_net_change_pct(plan),
    }
