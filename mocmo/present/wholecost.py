"""The whole cost of the new org in words and formatted tables: each group staffed to the hours
it carries (the rounding rule next to the figure, a plain sentence when a fixed headcount
leaves hours unstaffed), the headline totals with their registry labels, and the cost bridge
from the legacy total to the new one.

Nothing is computed here: the numbers come from :mod:`mocmo.staffing` (``group_staffing``),
:mod:`mocmo.costing.whole` (``cost_bridge``) and the figure registry (:mod:`mocmo.figures`);
this module only words and lays them out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from mocmo.figures import FIGURES, Figure, FromStep
from mocmo.format import (
    currency_symbol,
    describe_figure,
    fmt_hours,
    fmt_money,
    fmt_money_full,
    fmt_pct,
)
from mocmo.plan import Plan

__all__ = [
    "GROUP_WORDS",
    "STAFFING_PATHS",
    "WHOLE_COST_FIGURES",
    "ai_cost_rows",
    "bridge_rows",
    "bridge_sentence",
    "figure_rows",
    "figure_values",
    "signed_money",
    "signed_pct",
    "staffing_rows",
    "staffing_rule",
    "unstaffed_sentences",
]

WHOLE_COST_FIGURES: tuple[str, ...] = (
    "legacy_total_cost",
    "new_total_cost",
    "total_net_change",
    "total_net_change_pct",
    "ai_run_cost_annual",
    "non_payroll_cost_legacy",
    "non_payroll_cost_new",
    "unstaffed_hours_per_week",
    "unstaffed_hours_cost",
)
"""The headline figures the whole-cost panel shows, in this order (registry keys)."""

GROUP_WORDS: dict[str, str] = {
    "GTM": "GTM Marketers",
    "MarOps": "MarOps",
    "Custodians": "Craft Custodians",
}
"""What a staffed group's people are called in a sentence."""


def _fte(value: float) -> str:
    """FTE without float noise: 4.5, 1, 0.25."""
    return f"{round(float(value), 2):g}"


# --------------------------------------------------------------------------- staffed to the work


_RULES: dict[str, str] = {
    "GTM": "rounded up per audience owner to the next {step} FTE (each audience keeps its one "
    "owner; the Head of GTM is not counted)",
    "MarOps": "rounded up to the next {step} FTE (the listed seats are the least it has)",
    "Custodians": "rounded up per craft to the next {step} FTE",
}
"""How each group's FTE is rounded, in words (``{step}`` is the group's step)."""


def staffing_rule(row: Mapping[Any, Any]) -> str:
    """How a group's FTE follows its hours, in words: "129.0 h/wk ÷ 30.0 h/wk a person =
    4.30 FTE, rounded up per audience owner to the next 0.5 FTE … → 4.5 FTE", or, for a fixed
    headcount, "… = 4.30 FTE; fixed by the plan at 4 FTE: 9.0 h/wk unstaffed". ``row`` is a row
    of :func:`mocmo.staffing.group_staffing`."""
    hours, capacity = float(row["hours_per_week"]), float(row["capacity_hours"])
    raw, step, fte = float(row["raw_fte"]), float(row["step"]), float(row["fte"])
    worked = f"{fmt_hours(hours)} ÷ {fmt_hours(capacity)} a person = {raw:,.2f} FTE"
    if bool(row["fixed"]):
        unstaffed = float(row["unstaffed_hours"])
        tail = f": {fmt_hours(unstaffed)} unstaffed" if unstaffed > 0 else ""
        return f"{worked}; fixed by the plan at {_fte(fte)} FTE{tail}"
    rule = _RULES.get(str(row["group"]), "rounded up to the next {step} FTE")
    return f"{worked}, {rule.format(step=_fte(step))} → {_fte(fte)} FTE"


def staffing_rows(groups: pd.DataFrame, currency: str = "GBP") -> list[dict[str, str]]:
    """The "Staffed to the work" table as formatted rows: the hours each group carries, one
    person's productive hours, raw FTE, rounding step, FTE, whether the plan fixes it, the
    unstaffed hours and their cost, and the rule in words. ``groups`` is
    :func:`mocmo.staffing.group_staffing`."""
    return [
        {
            "Group": GROUP_WORDS.get(str(r["group"]), str(r["group"])),
            "Hours it carries": fmt_hours(float(r["hours_per_week"])),
            "One person's hours": fmt_hours(float(r["capacity_hours"])),
            "Raw FTE": f"{float(r['raw_fte']):,.2f}",
            "Rounding step": f"{_fte(float(r['step']))} FTE",
            "FTE": _fte(float(r["fte"])),
            "Headcount": "fixed" if bool(r["fixed"]) else "staffed to the work",
            "Unstaffed hours": fmt_hours(float(r["unstaffed_hours"])),
            "Their cost": fmt_money(float(r["unstaffed_cost"]), currency),
            "How the FTE is set": staffing_rule(r),
        }
        for r in groups.to_dict("records")
    ]


STAFFING_PATHS: tuple[str, ...] = (
    "assumptions.staffing.gtm.fixed_fte",
    "assumptions.staffing.marops.fixed_fte",
)
"""The plan fields a staffing red flag points at (a fixed headcount)."""


def unstaffed_sentences(plan: Plan) -> list[str]:
    """The red flags of a fixed headcount in plain words, as :mod:`mocmo.staffing`'s checks
    say them: "GTM Marketers would work 102% of their time: … add 0.5 FTE (£41K a year) or move
    less to them", and a fixed headcount below the positions the group has anyway."""
    from mocmo import staffing
    from mocmo.present.messages import plain

    return [plain(p, plan) for p in staffing.checks(plan) if p.path in STAFFING_PATHS]


# --------------------------------------------------------------------------- headline figures


def figure_values(plan: Plan, keys: Iterable[str] = WHOLE_COST_FIGURES) -> dict[str, Figure]:
    """The registry's figures ``keys`` of ``plan``, each from its entry's function; figures
    taken from one step's headline share one call of it. Keys the registry does not declare
    are left out."""
    sections: dict[str, Mapping[str, Figure]] = {}
    values: dict[str, Figure] = {}
    for key in keys:
        spec = FIGURES.get(key)
        if spec is None:
            continue
        fn = spec.compute
        if isinstance(fn, FromStep):
            if fn.step not in sections:
                sections[fn.step] = fn.section()(plan)
            values[key] = sections[fn.step][fn.key]
        else:
            values[key] = fn(plan)
    return values


def figure_rows(values: Mapping[str, Figure], currency: str = "GBP") -> list[dict[str, str]]:
    """Headline figures as formatted rows: the registry's label, the value in its unit, and the
    registry's one-sentence explanation."""
    return [
        {
            "Figure": FIGURES[key].label,
            "Value": describe_figure(key, value, currency),
            "What it means": FIGURES[key].explanation,
        }
        for key, value in values.items()
    ]


# --------------------------------------------------------------------------- AI running cost


def _quantity(value: Any, unit: str) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    number = float(value)
    text = f"{number:,.0f}" if abs(number) >= 100 else f"{round(number, 2):g}"
    return f"{text} {unit}".strip()


def _price(value: float, currency: str) -> str:
    """A unit price: £225, £2.25 (pennies shown when there are any)."""
    if float(value).is_integer():
        return fmt_money_full(value, currency)
    return f"{currency_symbol(currency)}{value:,.2f}"


def ai_cost_rows(table: pd.DataFrame, currency: str = "GBP") -> list[dict[str, str]]:
    """The AI running cost line by line as formatted rows: what is priced (seat licences,
    usage, platform and agents), how many (seats, absorbed hours a year, agents), the price of one
    (a seat a year, an absorbed hour) and the amount a year; the total last. ``table`` is
    :func:`mocmo.costing.whole.ai_cost_table`."""
    rows = []
    for r in table.to_dict("records"):
        price = r["price"]
        has_price = price is not None and price == price  # NaN: no unit price
        rows.append(
            {
                "AI running cost": str(r["component"]),
                "How many": _quantity(r["quantity"], str(r["unit"])),
                "Price each": _price(float(price), currency) if has_price else "—",
                "A year": fmt_money(float(r["amount"]), currency),
            }
        )
    return rows


# --------------------------------------------------------------------------- the cost bridge


def signed_money(value: float, currency: str = "GBP") -> str:
    """A change of money with its sign: +£72.8K, −£12.6K, £0."""
    return ("+" if value > 0 else "") + fmt_money(value, currency)


def signed_pct(value: float) -> str:
    """A change as a signed percentage with one decimal: +3.1%, −17.0%."""
    text = fmt_pct(abs(value), 1)
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def bridge_rows(bridge: pd.DataFrame, currency: str = "GBP") -> list[dict[str, str]]:
    """The cost bridge as formatted rows: each step, its amount (signed for a change) and the
    running total after it; a group whose payroll does not change is left out. ``bridge`` is
    :func:`mocmo.costing.whole.cost_bridge`."""
    return [
        {
            "Step": str(r["step"]),
            "Amount": fmt_money(float(r["amount"]), currency)
            if r["kind"] == "total"
            else signed_money(float(r["amount"]), currency),
            "Running total": fmt_money(float(r["end"]), currency),
        }
        for r in bridge.to_dict("records")
        if r["component"] != "payroll" or abs(float(r["amount"])) > 0.005
    ]  # a group whose payroll does not change is not listed


def bridge_sentence(
    bridge: pd.DataFrame, change: float | None, share: float | None, currency: str = "GBP"
) -> str:
    """The bridge in one sentence: "The whole cost of the operating model (payroll + AI +
    non-payroll) goes from £2.3M to £1.9M a year (−£412K, −17.9%): Payroll: GTM +£120K; …".
    ``bridge`` is :func:`mocmo.costing.whole.cost_bridge`, ``change`` and ``share`` the
    registry's ``total_net_change`` and ``total_net_change_pct``."""
    if len(bridge) < 2:
        return "The plan has nothing to cost yet."
    legacy, new = float(bridge["end"].iloc[0]), float(bridge["end"].iloc[-1])
    steps = [
        r
        for r in bridge.to_dict("records")
        if r["kind"] != "total" and (r["component"] != "payroll" or abs(r["amount"]) > 0.005)
    ]  # a group whose payroll does not change is not said
    parts = "; ".join(f"{r['step']} {signed_money(float(r['amount']), currency)}" for r in steps)
    moved = signed_money(change, currency) if change is not None else "—"
    if share is not None:
        moved += f", {signed_pct(share)}"
    return (
        f"The whole cost of the operating model (payroll + AI + non-payroll) goes from "
        f"{fmt_money(legacy, currency)} to {fmt_money(new, currency)} a year ({moved})"
        + (f": {parts}." if parts else ".")
    )
