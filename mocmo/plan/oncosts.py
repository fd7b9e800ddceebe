"""The plan's inputs for costing people in several countries: the country (on-cost profile) of
the plan and, optionally, of a legacy team, a MarOps seat or a roster person; the plan's own
values of a profile's rule parameters (``assumptions.on_cost_rules``); and the exchange rates
into the plan's reporting currency (``assumptions.fx_rates``), each with its date.

The profiles themselves are data (data/defaults/oncosts/<country>.yaml, read by
:mod:`mocmo.defaults`); their rules are evaluated by :mod:`mocmo.costing.profiles`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, Field

from mocmo.plan.fields import MAX_MONEY, _Model, _positive

if TYPE_CHECKING:
    from mocmo.plan.models import Plan

__all__ = [
    "DEFAULT_COUNTRY",
    "MAX_FX_RATE",
    "RULE_PARAMETERS",
    "Country",
    "FxRate",
    "country_errors",
    "local_currency",
    "placed_countries",
    "profile_currency",
    "rule_override_errors",
]

DEFAULT_COUNTRY = "uk"
"""The on-cost profile of a plan that names none (today's UK rules, the plan's on-costs)."""

RULE_PARAMETERS: dict[str, str] = {
    "rate": "fraction",
    "threshold": "amount",
    "floor": "amount",
    "ceiling": "amount",
    "applies_over": "amount",
    "applies_up_to": "amount",
    "amount": "amount",
}
"""A rule's parameters and what each is: a rate (a fraction, 0.062 = 6.2%) or an amount of the
profile's local currency a year."""

MAX_FX_RATE = 1e6
"""The largest exchange rate a plan may give (units of reporting currency per unit)."""


def _countries() -> tuple[str, ...]:
    from mocmo import defaults  # at call time: mocmo.defaults imports this package

    return defaults.oncost_countries()


def _country(value: str) -> str:
    if value in _countries():
        return value
    raise ValueError(
        f"got {value!r}, must be one of {', '.join(_countries())} (the on-cost profiles in "
        "data/defaults/oncosts)"
    )


Country = Annotated[str, AfterValidator(_country)]
"""The code of a country with an on-cost profile: uk, us, ie, de, fr, nl."""


def _fx_rate(value: float) -> float:
    value = _positive(value)
    if value > MAX_FX_RATE:
        raise ValueError(f"got {value:g}, must be at most {MAX_FX_RATE:g}")
    return value


class FxRate(_Model):
    """An exchange rate into the plan's reporting currency, as of a date (no rate is fetched:
    the plan's figure is used as given)."""

    rate: Annotated[float, AfterValidator(_fx_rate)] = Field(
        description="Units of the reporting currency one unit of this currency buys "
        "(GBP per USD on a GBP plan: 0.75)."
    )
    as_of: _dt.date = Field(description="The date the rate was read.")
    source: str = Field("", description="Where the rate was read.")


def profile_currency(country: str) -> str:
    """The local currency of ``country``'s on-cost profile (GBP, USD, EUR)."""
    from mocmo import defaults

    return str(defaults.oncost_profile_data(country)["currency"])


def local_currency(plan: Plan, country: str) -> str:
    """The currency ``country``'s people are costed in: the profile's, except that on a plan
    whose own country is the UK the UK rules (the plan's on-costs) are in the plan's currency,
    as every plan was costed before profiles (no conversion)."""
    if country == DEFAULT_COUNTRY and plan.assumptions.country == DEFAULT_COUNTRY:
        return plan.meta.currency
    return profile_currency(country)


def rule_override_errors(overrides: Mapping[str, Mapping[str, Mapping[str, float]]]) -> list[str]:
    """Problems with ``assumptions.on_cost_rules``: an unknown country, rule or parameter, a
    rate outside 0–1, a negative or too large amount, a floor above its ceiling. Each names
    the field, the value and what is allowed. The UK's rules are the plan's on-costs
    (``assumptions.on_costs``) and are set there."""
    from mocmo import defaults

    errors: list[str] = []
    for country, rules in overrides.items():
        where = f"assumptions.on_cost_rules.{country}"
        if country not in _countries():
            errors.append(f"{where}: got {country!r}, must be one of {', '.join(_countries())}")
            continue
        if country == DEFAULT_COUNTRY:
            errors.append(
                f"{where}: the UK rules are the plan's on-costs; set them in "
                "assumptions.on_costs (employer_ni_rate, ni_threshold, pension_*)"
            )
            continue
        known = defaults.oncost_profile_data(country)["rules"]
        for key, params in rules.items():
            if key not in known:
                errors.append(
                    f"{where}.{key}: got {key!r}, must be one of {', '.join(known)} (the rules "
                    f"of data/defaults/oncosts/{country}.yaml)"
                )
                continue
            allowed = [p for p in RULE_PARAMETERS if p in known[key]]
            errors += _parameter_errors(f"{where}.{key}", params, allowed, known[key])
    return errors


def _parameter_errors(
    where: str, params: Mapping[str, float], allowed: list[str], rule: Mapping[str, Any]
) -> Iterable[str]:
    for name, value in params.items():
        if name not in allowed:
            yield f"{where}.{name}: got {name!r}, this rule has {', '.join(allowed)}"
        elif RULE_PARAMETERS[name] == "fraction" and not 0.0 <= value <= 1.0:
            yield f"{where}.{name}: got {value:g}, must be between 0 and 1 (0.062 = 6.2%)"
        elif RULE_PARAMETERS[name] == "amount" and not 0.0 <= value <= MAX_MONEY:
            yield f"{where}.{name}: got {value:g}, must be between 0 and {MAX_MONEY:g} a year"
    merged = {p: params.get(p, rule.get(p, {}).get("value")) for p in ("floor", "ceiling")}
    low, high = merged["floor"], merged["ceiling"]
    if low is not None and high is not None and low > high:
        yield (
            f"{where}.floor: got {low:,.0f} with ceiling {high:,.0f}, the floor must not be "
            "above the ceiling"
        )


def placed_countries(plan: Plan) -> Iterable[tuple[str, str]]:
    """(field path, country) of every country the plan names: its own, then each legacy team's,
    MarOps seat's and roster person's that names one."""
    yield "assumptions.country", plan.assumptions.country
    for i, role in enumerate(plan.legacy_roles):
        if role.country is not None:
            yield f"legacy_roles[{i}].country", role.country
    for i, seat in enumerate(plan.marops_seats):
        if seat.country is not None:
            yield f"marops_seats[{i}].country", seat.country
    if plan.roster_people is not None:
        for person in plan.roster_people.people:
            if person.country is not None:
                yield f"roster person {person.id}: country", person.country


def country_errors(plan: Plan) -> list[str]:
    """Every country the plan places people in whose currency is not the reporting currency
    needs an exchange rate in ``assumptions.fx_rates``: one error per missing rate, naming
    where the country is set."""
    reporting = plan.meta.currency
    rates = plan.assumptions.fx_rates
    errors: list[str] = []
    seen: set[str] = set()
    for path, country in placed_countries(plan):
        currency = local_currency(plan, country)
        if currency == reporting or currency in rates or currency in seen:
            continue
        seen.add(currency)
        errors.append(
            f"assumptions.fx_rates: {path} is {country!r}, whose costs are in {currency}, but "
            f"the plan has no rate from {currency} to its currency {reporting}; add "
            f"assumptions.fx_rates.{currency} with rate ({reporting} per {currency}) and as_of"
        )
    for currency in rates:
        if currency == reporting:
            errors.append(
                f"assumptions.fx_rates.{currency}: got a rate for the reporting currency "
                f"{reporting} itself; remove it (its rate is 1)"
            )
    return errors
