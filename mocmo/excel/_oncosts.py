"""The workbook's on-cost profiles: each country the plan costs people in outside its own UK
on-costs gets its rules as named inputs on the Assumptions sheet (section
:data:`ONCOSTS`: every rate, threshold, floor, ceiling and eligibility limit in the profile's
local currency, and the exchange rate into the plan's currency), and the loaded-cost formulas
evaluate the same rules live, as :mod:`mocmo.costing.profiles` does:

* local salary = salary ÷ ``fx_<currency>``;
* a rule = rate × MAX(0, MIN(local, ceiling) − floor) (``whole``: rate × local; ``up_to``:
  rate × MIN(local, ceiling); ``above``: rate × MAX(0, local − threshold); ``fixed``: its
  amount), wrapped in IF(local > applies_over, …, 0) / IF(local <= applies_up_to, …, 0);
* employer contributions = ``fx_<currency>`` × Σ rules; loaded cost = salary + contributions
  + ``benefits_rate`` × salary + ``tools_per_head``.

A UK person costed outside the plan's currency reads the UK rules' own inputs
(``employer_ni_rate``, ``ni_threshold``, the pension rows) on the local salary.
"""

from __future__ import annotations

from dataclasses import dataclass

from mocmo.costing.profiles import CostBasis, Rule, cost_basis, load_profile
from mocmo.excel._assumptions import ONCOSTS, plan_source
from mocmo.excel._book import Book, Input
from mocmo.plan.oncosts import DEFAULT_COUNTRY, RULE_PARAMETERS

__all__ = [
    "ONCOSTS",
    "ProfileNames",
    "contributions_formula",
    "profile_names",
]


@dataclass(frozen=True)
class RuleNames:
    """One rule and the defined names of its parameters (parameter → name)."""

    rule: Rule
    names: dict[str, str]


@dataclass(frozen=True)
class ProfileNames:
    """A country's rules as the workbook reads them."""

    country: str
    fx: str
    """The defined name of the exchange rate (plan currency per local unit)."""
    rules: tuple[RuleNames, ...]


def _fx_name(book: Book, basis: CostBasis) -> str:
    name = f"fx_{basis.currency.lower()}"
    if name not in book.inputs:
        plan = book.plan
        rate = plan.assumptions.fx_rates.get(basis.currency)
        dated = f" as of {rate.as_of}" if rate is not None else ""
        book.assume(
            Input(
                ONCOSTS, name, basis.fx, "general",
                f"{plan.meta.currency} per {basis.currency}",
                f"Exchange rate: {plan.meta.currency} per {basis.currency}{dated} (costs are "
                "computed in the local currency, then converted at this rate)",
                plan_source(f"assumptions.fx_rates.{basis.currency}.rate",
                            rate.source if rate is not None else ""),
            )
        )  # fmt: skip
    return name


def profile_names(book: Book, country: str) -> ProfileNames | None:
    """The names a person in ``country`` is costed by, registering the profile's inputs the
    first time; None when they are costed under the plan's own UK on-costs (today's formulas)."""
    plan = book.plan
    basis = cost_basis(plan, country)
    if not isinstance(basis, CostBasis):
        return None
    fx = _fx_name(book, basis)
    if country == DEFAULT_COUNTRY:  # the UK rules are the plan's on-cost rows
        return ProfileNames(country, fx, ())
    profile = load_profile(country)
    rules = []
    for rule in basis.rules:
        names: dict[str, str] = {}
        for p in rule.parameters:
            name = f"oncost_{country}_{rule.key}_{p.name}"
            names[p.name] = name
            if name in book.inputs:
                continue
            kind = RULE_PARAMETERS[p.name]
            where = (
                plan_source(f"assumptions.on_cost_rules.{country}.{rule.key}.{p.name}")
                if p.set_by_plan
                else f"{p.source} (data/defaults/oncosts/{country}.yaml; set your own in the "
                f"plan file under on_cost_rules: {country}: {rule.key}: {p.name})"
            )
            book.assume(
                Input(
                    ONCOSTS, name, p.value, "pct" if kind == "fraction" else "count",
                    p.unit,
                    f"{profile.name} {rule.tax_year}: {rule.label}"
                    + (f" — {p.label}" if p.label else ""),
                    where,
                )
            )  # fmt: skip
        rules.append(RuleNames(rule, names))
    return ProfileNames(country, fx, tuple(rules))


def _rule_formula(rn: RuleNames, local: str) -> str:
    n = rn.names
    if rn.rule.base == "fixed":
        term = n["amount"]
    else:
        capped = f"MIN({local},{n['ceiling']})" if "ceiling" in n else local
        floor = n.get("floor") or n.get("threshold")
        term = f"{n['rate']}*MAX(0,{capped}-{floor})" if floor else f"{n['rate']}*{capped}"
    if "applies_over" in n:
        term = f"IF({local}>{n['applies_over']},{term},0)"
    if "applies_up_to" in n:
        term = f"IF({local}<={n['applies_up_to']},{term},0)"
    return term


def contributions_formula(salary: str, names: ProfileNames, kind: str | None = None) -> str:
    """Employer contributions (in the plan's currency) on the salary in cell ``salary``, under
    ``names``' rules (of ``kind`` only, social or pension, when given)."""
    from mocmo.excel._costing import ni_formula, pension_formula

    local = f"({salary}/{names.fx})"
    if names.country == DEFAULT_COUNTRY:
        terms = [f for k, f in (("social", ni_formula(local)), ("pension", pension_formula(local)))
                 if kind in (None, k)]  # fmt: skip
    else:
        terms = [_rule_formula(rn, local) for rn in names.rules if kind in (None, rn.rule.kind)]
    if not terms:
        return "0"
    return f"{names.fx}*({'+'.join(terms)})"
