"""The costing step in words: the MarOps team's net change against the roles it replaces —
what the figures of :mod:`mocmo.costing` mean. Nothing is computed here."""

from __future__ import annotations

from mocmo.costing import (
    is_roughly_flat,
    marops_loaded_cost,
    marops_net_change,
    marops_net_change_share,
    pay_year,
)
from mocmo.format import fmt_money, fmt_pct
from mocmo.plan import Plan

__all__ = [
    "describe_marops_net",
    "legacy_pay_note",
    "pay_note",
]


def describe_marops_net(plan: Plan) -> str:
    """One sentence on the MarOps net change and whether it is roughly flat (for displays)."""
    net = marops_net_change(plan)
    share = marops_net_change_share(plan)
    cur = plan.meta.currency
    if share is None:
        return f"The MarOps team costs {fmt_money(marops_loaded_cost(plan), cur)} a year loaded."
    flat = "roughly flat" if is_roughly_flat(share) else "not roughly flat"
    return (
        f"Net change {fmt_money(net, cur)} a year ({fmt_pct(share, 1)} of the replaced roles' "
        f"cost): {flat}."
    )


def legacy_pay_note(plan: Plan) -> str:
    """Where the legacy teams' pay comes from: the roster (how many people, which file) or
    each team's band point — never a person's pay."""
    roster = plan.roster_people
    if roster is None:
        return "Legacy pay is each team's band point (no roster imported)."
    return (
        f"Legacy pay is the roster's actual pay ({len(roster.people)} people in {plan.roster}; "
        "on-costs on each person's own pay, variable pay not included)."
    )


def pay_note(plan: Plan) -> str:
    """What year's pay the annual money figures are at (the plan's start, before any review),
    and where the pay review is carried instead (for the summary and the costing step)."""
    review = plan.assumptions.pay_review
    year = pay_year(plan)
    if review.first_month is None or review.rate == 0:
        return f"Money a year is at {year} pay (the plan has no pay review)."
    return (
        f"Money a year is at {year} pay, before the {fmt_pct(review.rate, 1)} pay review from "
        f"month {review.first_month}; the month-by-month timeline carries the reviews."
    )
