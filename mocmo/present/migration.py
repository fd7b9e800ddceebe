"""The migration step in words: how long it runs, what it costs at its peak, when it breaks
even — what the figures of :mod:`mocmo.migration` mean. Nothing is computed here."""

from __future__ import annotations

from mocmo.format import fmt_money
from mocmo.migration import (
    breakeven_month,
    cumulative_difference,
    migration_hires,
    migration_months,
    migration_one_off_cost,
    migration_span,
    month_date,
    monthly,
    peak_outlay,
)
from mocmo.plan import Plan

__all__ = [
    "timeline_sentence",
]


def timeline_sentence(plan: Plan) -> str:
    """What the timeline means, in a few plain sentences with the figures (for displays)."""

    cur = plan.meta.currency
    span = migration_span(plan)
    parts: list[str] = []
    if span is None:
        parts.append("The plan has no migration phases yet.")
    else:
        parts.append(
            f"The migration runs {migration_months(plan)} months, from "
            f"{month_date(plan, span[0]):%b %Y} to {month_date(plan, span[1]):%b %Y}, in "
            f"{len(plan.phases)} phase{'s' if len(plan.phases) != 1 else ''}."
        )
    hires = migration_hires(plan)
    if hires:
        parts.append(
            f"{hires} {'person is' if hires == 1 else 'people are'} hired, with "
            f"{fmt_money(migration_one_off_cost(plan), cur)} of recruitment fees."
        )
    cumulative = cumulative_difference(plan)
    if cumulative:
        month, peak = peak_outlay(plan)
        even = breakeven_month(plan)
        end = cumulative[-1]
        if month is not None:
            parts.append(
                f"At its peak (month {month}) the change has cost {fmt_money(peak, cur)} more "
                "than staying on the legacy org."
            )
        if even is None:
            parts.append(
                f"It does not break even within the {len(cumulative)} months shown: by then it "
                f"has cost {fmt_money(end, cur)} more."
            )
        else:
            parts.append(
                f"It breaks even in month {even} ({month_date(plan, even):%b %Y}) and by month "
                f"{len(cumulative)} has saved {fmt_money(-end, cur)}."
            )
        last = monthly(plan).iloc[-1]
        parts.append(
            f"In month {len(cumulative)} the team is {float(last['total_headcount']):g} people "
            f"at {fmt_money(float(last['payroll_cost']), cur)} a month, against "
            f"{fmt_money(float(last['legacy_baseline_cost']), cur)} for the legacy org."
        )
    return " ".join(parts)
