"""Employer on-cost profiles: the one home of the rules' evaluation.

A profile (data/defaults/oncosts/<country>.yaml) lists a country's employer contributions as
rules, each evaluated per person on their annual salary in the profile's local currency:

- ``whole``: rate × salary;
- ``above``: rate × max(0, salary − threshold);
- ``up_to``: rate × min(salary, ceiling);
- ``between``: rate × max(0, min(salary, ceiling) − floor);
- ``fixed``: an amount a year per person;

and any rule may apply only to a salary over ``applies_over`` or at most ``applies_up_to``
(Ireland's PRSI charges all of the pay at the rate of its band). A person's salary is in the
plan's reporting currency; their contributions are computed locally, on salary ÷ rate, and
converted back, × rate (:func:`employer_contributions`), the rate being the plan's
(``assumptions.fx_rates``, units of reporting currency per unit of local currency).

The UK profile's rules are the plan's own on-cost inputs (``assumptions.on_costs``): a UK person
on a GBP plan is costed exactly as before (:func:`cost_basis` returns the plan's
:class:`~mocmo.plan.OnCosts` itself).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from mocmo import defaults
from mocmo.plan import Assumptions, OnCosts, Plan, Problem
from mocmo.plan.oncosts import DEFAULT_COUNTRY, RULE_PARAMETERS, local_currency, placed_countries

__all__ = [
    "BASES",
    "CostBasis",
    "OnCostBasis",
    "Profile",
    "Rule",
    "RuleParameter",
    "cost_basis",
    "employer_contributions",
    "fx_rate",
    "load_profile",
    "plan_rules",
    "profile_of",
    "profile_problems",
    "rule_amount",
    "uk_rules",
]

Amount = TypeVar("Amount", float, npt.NDArray[np.float64])

BASES: tuple[str, ...] = ("whole", "above", "up_to", "between", "fixed")
"""What a rule's rate is charged on (see the module docstring)."""


@dataclass(frozen=True)
class RuleParameter:
    """One number of a rule, with its metadata as the profile's file gives it."""

    name: str
    """rate, threshold, floor, ceiling, applies_over, applies_up_to or amount."""
    value: float
    unit: str
    label: str
    source: str
    plan_field: str = ""
    """For the UK: the plan's on-cost field this value is (``on_costs.ni_threshold``)."""
    set_by_plan: bool = False
    """True when the plan gives its own value (``assumptions.on_cost_rules``)."""


@dataclass(frozen=True)
class Rule:
    """One employer contribution of a profile, evaluated by :func:`rule_amount`."""

    key: str
    label: str
    kind: str
    """``social`` (social security, health, unemployment) or ``pension``."""
    base: str
    """One of :data:`BASES`."""
    tax_year: str
    rate: float = 0.0
    floor: float = 0.0
    """Pay below it bears nothing (the ``above`` threshold, the ``between`` floor)."""
    ceiling: float | None = None
    """Pay above it bears nothing (``up_to``, ``between``); None: no cap."""
    applies_over: float | None = None
    """The rule applies only to a salary over this; None: any salary."""
    applies_up_to: float | None = None
    """The rule applies only to a salary at most this; None: any salary."""
    amount: float = 0.0
    """A ``fixed`` rule's amount a year per person."""
    assumption: bool = False
    """True when the profile's value is an assumption to set, not a published figure."""
    parameters: tuple[RuleParameter, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Profile:
    """A country's employer on-cost rules and their local currency."""

    country: str
    name: str
    currency: str
    tax_year: str
    notes: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class CostBasis:
    """How one person is costed outside the UK rules on a plan's own currency: the rules of
    their profile in its local currency, the rate into the reporting currency, and the plan-wide
    benefits, tools and recruitment fee (the same attribute names as
    :class:`~mocmo.plan.OnCosts`)."""

    country: str
    currency: str
    fx: float
    """Units of the reporting currency per unit of the local currency."""
    rules: tuple[Rule, ...]
    benefits_rate: float
    tools_per_head: float
    recruitment_fee_rate: float


OnCostBasis = OnCosts | CostBasis
"""What a person's cost is computed under: the plan's UK on-costs, or a :class:`CostBasis`."""

_YAML_NAMES = {"threshold": "floor"}
"""A profile file's parameter names that are another field of :class:`Rule`."""


def _rule(key: str, raw: Mapping[str, Any], overrides: Mapping[str, float]) -> Rule:
    values: dict[str, float | None] = {}
    params: list[RuleParameter] = []
    for name in RULE_PARAMETERS:
        if name not in raw:
            continue
        spec = raw[name]
        mine = name in overrides
        value = float(overrides[name] if mine else spec["value"])
        values[_YAML_NAMES.get(name, name)] = value
        params.append(
            RuleParameter(
                name=name,
                value=value,
                unit=str(spec.get("unit", "")),
                label=str(spec.get("label", "")),
                source=str(spec.get("source", "")),
                plan_field=str(spec.get("plan_field", "")),
                set_by_plan=mine,
            )
        )
    base = str(raw["base"])
    if base not in BASES:
        raise ValueError(f"rule {key}: base {base!r}, must be one of {', '.join(BASES)}")
    return Rule(
        key=key,
        label=str(raw["label"]),
        kind=str(raw.get("kind", "social")),
        base=base,
        tax_year=str(raw.get("tax_year", "")),
        assumption=bool(raw.get("assumption", False)),
        parameters=tuple(params),
        **values,  # type: ignore[arg-type]
    )


@cache
def load_profile(country: str) -> Profile:
    """The profile of ``country`` as its file gives it (no plan values)."""
    return _profile(country, {})


def _profile(country: str, overrides: Mapping[str, Mapping[str, float]]) -> Profile:
    raw = defaults.oncost_profile_data(country)
    rules = tuple(_rule(key, spec, overrides.get(key, {})) for key, spec in raw["rules"].items())
    return Profile(
        country=country,
        name=str(raw["name"]),
        currency=str(raw["currency"]),
        tax_year=str(raw["tax_year"]),
        notes=str(raw.get("notes", "")),
        rules=rules,
    )


def uk_rules(on_costs: OnCosts) -> tuple[Rule, ...]:
    """The UK profile's rules with the plan's on-cost values: employer NI above the threshold,
    and pension on qualifying earnings (``between``) or, on the salary basis, the whole salary."""
    ni, pension = load_profile(DEFAULT_COUNTRY).rules
    whole = on_costs.pension_basis == "salary"
    return (
        Rule(
            ni.key, ni.label, ni.kind, ni.base, ni.tax_year,
            rate=on_costs.employer_ni_rate, floor=on_costs.ni_threshold,
            parameters=ni.parameters,
        ),
        Rule(
            pension.key, pension.label, pension.kind, "whole" if whole else "between",
            pension.tax_year, rate=on_costs.pension_rate,
            floor=0.0 if whole else on_costs.pension_lower,
            ceiling=None if whole else on_costs.pension_upper,
            parameters=pension.parameters,
        ),
    )  # fmt: skip


def plan_rules(assumptions: Assumptions, country: str) -> tuple[Rule, ...]:
    """The rules ``country``'s people are costed under in a plan with these assumptions: the
    UK's from the plan's on-costs, any other's from its profile with the plan's own values
    (``assumptions.on_cost_rules``) in place of the file's."""
    if country == DEFAULT_COUNTRY:
        return uk_rules(assumptions.on_costs)
    overrides = assumptions.on_cost_rules.get(country, {})
    if not overrides:
        return load_profile(country).rules
    return _profile(country, overrides).rules


def profile_of(plan: Plan, country: str | None = None) -> Profile:
    """``country``'s profile (the plan's when None) with the plan's values of its rules."""
    code = plan.assumptions.country if country is None else country
    base = load_profile(code)
    return Profile(
        base.country, base.name, base.currency, base.tax_year, base.notes,
        plan_rules(plan.assumptions, code),
    )  # fmt: skip


def fx_rate(plan: Plan, currency: str) -> float:
    """Units of the plan's reporting currency per unit of ``currency``: 1 for the reporting
    currency itself, else the plan's rate (validated to exist for every currency it uses)."""
    if currency == plan.meta.currency:
        return 1.0
    return plan.assumptions.fx_rates[currency].rate


def cost_basis(plan: Plan, country: str | None = None) -> OnCostBasis:
    """What a person in ``country`` (the plan's when None) is costed under: the plan's
    :class:`~mocmo.plan.OnCosts` for a UK person costed in the plan's own currency (a GBP
    plan, or any plan whose own country is the UK: today's figures exactly), else a
    :class:`CostBasis` of the country's rules and the plan's exchange rate
    (:func:`~mocmo.plan.oncosts.local_currency`)."""
    code = plan.assumptions.country if country is None else country
    currency = local_currency(plan, code)
    oc = plan.assumptions.on_costs
    if code == DEFAULT_COUNTRY and currency == plan.meta.currency:
        return oc
    return CostBasis(
        country=code,
        currency=currency,
        fx=fx_rate(plan, currency),
        rules=plan_rules(plan.assumptions, code),
        benefits_rate=oc.benefits_rate,
        tools_per_head=oc.tools_per_head,
        recruitment_fee_rate=oc.recruitment_fee_rate,
    )


def rule_amount(salary: Amount, rule: Rule) -> Amount:
    """One rule's employer contribution on an annual ``salary`` in the rule's own currency
    (local currency/year): rate × the pay between its floor and ceiling (a fixed rule: its
    amount), nothing when the salary is outside where the rule applies."""
    pay = np.asarray(salary, dtype=np.float64)
    if rule.base == "fixed":
        charged = np.full_like(pay, rule.amount)
    else:
        capped = pay if rule.ceiling is None else np.minimum(pay, rule.ceiling)
        charged = rule.rate * np.maximum(0.0, capped - rule.floor)
    if rule.applies_over is not None:
        charged = np.where(pay > rule.applies_over, charged, 0.0)
    if rule.applies_up_to is not None:
        charged = np.where(pay <= rule.applies_up_to, charged, 0.0)
    return _like(salary, charged)


def employer_contributions(salary: Amount, basis: CostBasis, kind: str | None = None) -> Amount:
    """Employer contributions on a salary in the reporting currency (reporting currency/year):
    the sum of the basis's rules (of ``kind`` only, when given) evaluated on salary ÷ rate in
    the local currency, times the rate."""
    local = salary / basis.fx
    total = np.zeros_like(np.asarray(salary, dtype=np.float64))
    for rule in basis.rules:
        if kind is None or rule.kind == kind:
            total = total + np.asarray(rule_amount(local, rule))
    converted = total * basis.fx
    return _like(salary, converted)


def _like(salary: Amount, value: npt.NDArray[np.float64]) -> Amount:
    """``value`` as a float when ``salary`` is one, else as the array."""
    if np.ndim(salary) == 0:
        return float(value)  # type: ignore[return-value]
    return value  # type: ignore[return-value]


def profile_problems(plan: Plan) -> list[Problem]:
    """A warning for each rule of a profile the plan costs people under that is an assumption
    (an approximate total rate, a placeholder such as US state unemployment) and whose values
    the plan has not set: the figure is not a published one — set your own."""
    found: list[Problem] = []
    seen: set[str] = set()
    for path, country in placed_countries(plan):
        if country in seen or country == DEFAULT_COUNTRY:
            continue
        seen.add(country)
        mine = plan.assumptions.on_cost_rules.get(country, {})
        profile = load_profile(country)
        for rule in profile.rules:
            if rule.assumption and not mine.get(rule.key):
                found.append(
                    Problem(
                        f"assumptions.on_cost_rules.{country}.{rule.key}",
                        f"{profile.name} ({path}): '{rule.label}' is an assumption, not a "
                        f"published figure — set your own "
                        f"({', '.join(p.name for p in rule.parameters)})",
                        "warning",
                    )
                )
    return found
