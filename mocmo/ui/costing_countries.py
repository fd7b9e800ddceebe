"""The costing step's countries: the plan's on-cost profile, each MarOps seat's and each legacy
team's country, and which profile, tax year and exchange rate apply — views of the plan
(``assumptions.country``, ``marops_seats[i].country``, ``legacy_roles[i].country``,
``assumptions.fx_rates``), every choice an edit of it.

Choosing a country whose currency the plan has no rate for adds the rate data/defaults/fx.yaml
assumes (dated, said to be an assumption) in the same edit: a plan is never left without the
rate its costs need. The rate is then a typed box to set your own.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from mocmo import defaults
from mocmo.costing import load_profile
from mocmo.plan import Plan, Problem, local_currency, placed_countries
from mocmo.ui.core import PlanSession
from mocmo.ui.fields import PlanField, number_field

__all__ = ["CountrySection", "assumed_rate"]

AS_PLAN = ""
"""A team's or seat's choice "as the plan" (no country of its own)."""

Apply = Callable[[dict[str, Any]], list[Problem]]


def assumed_rate(plan: Plan, currency: str) -> dict[str, Any]:
    """The rate of ``currency`` into the plan's currency data/defaults/fx.yaml assumes (across
    the pound), with its date and a source that says it is an assumption."""
    per_unit, as_of, source = defaults.starter_fx(currency)
    per_reporting, _, _ = defaults.starter_fx(plan.meta.currency)
    return {"rate": round(per_reporting / per_unit, 6), "as_of": str(as_of), "source": source}


def _choices(inherit: bool) -> list[tuple[str, str]]:
    found = [(load_profile(c).name, c) for c in defaults.oncost_countries()]
    return ([("as the plan", AS_PLAN)] if inherit else []) + found


class CountrySection(w.VBox):
    """Country pickers and what applies; ``apply`` makes one edit of several paths."""

    def __init__(self, session: PlanSession, apply: Apply, edit: Any, crash: Any) -> None:
        self.session, self._apply, self._edit, self._crash = session, apply, edit, crash
        style = {"description_width": "11em"}
        self.country = w.Dropdown(
            options=_choices(False), description="Plan's country", style=style
        )
        self.country.observe(lambda c: self._choose("assumptions.country", c["new"]), "value")
        self.seats = w.VBox()
        self.teams = w.VBox()
        self.rates = w.VBox()
        self.applies = w.HTML()
        self._shape: tuple[Any, ...] = ()
        self._rate_fields: list[PlanField] = []
        super().__init__([self.country, self.applies, self.rates, self.seats, self.teams])

    # ------------------------------------------------------------------------- edits
    def _choose(self, path: str, country: str | None) -> None:
        plan = self.session.plan
        value = country or None
        if _current(plan, path) == value:
            return  # the plan's own value is no edit
        changes: dict[str, Any] = {path: value}
        if value is not None:
            currency = local_currency(plan, value)
            rates = {k: v.model_dump(mode="json") for k, v in plan.assumptions.fx_rates.items()}
            if currency != plan.meta.currency and currency not in rates:
                rates[currency] = assumed_rate(plan, currency)
                changes["assumptions.fx_rates"] = rates
        if self._apply(changes):
            self.refresh(self.session.plan)  # refused: back to the plan's value

    # ------------------------------------------------------------------------- views
    def refresh(self, plan: Plan) -> None:
        """Set every picker from the plan and say which profiles and rates apply."""
        shape = (
            tuple(s.name for s in plan.marops_seats),
            tuple(r.name for r in plan.legacy_roles),
            tuple(sorted(plan.assumptions.fx_rates)),
        )
        if shape != self._shape:
            self._build(plan)
            self._shape = shape
        self.country.value = plan.assumptions.country
        for box, seat in zip(self.seats.children[1:], plan.marops_seats, strict=True):
            box.value = seat.country or AS_PLAN
        for box, role in zip(self.teams.children[1:], plan.legacy_roles, strict=True):
            box.value = role.country or AS_PLAN
        for field in self._rate_fields:
            field.reload()
        self.applies.value = applies_html(plan)

    def _build(self, plan: Plan) -> None:
        def picker(path: str, label: str) -> w.Dropdown:
            box = w.Dropdown(
                options=_choices(True), description=label,
                style={"description_width": "11em"}, layout=w.Layout(width="30em"),
            )  # fmt: skip
            box.observe(lambda c: self._choose(path, c["new"]), "value")
            return box

        self.seats.children = (
            w.HTML("<b>MarOps seats</b>"),
            *[
                picker(f"marops_seats[{i}].country", s.name)
                for i, s in enumerate(plan.marops_seats)
            ],
        )
        self.teams.children = (
            w.HTML("<b>Today's teams</b>"),
            *[
                picker(f"legacy_roles[{i}].country", r.name)
                for i, r in enumerate(plan.legacy_roles)
            ],
        )
        self._rate_fields = [
            number_field(
                self.session,
                f"assumptions.fx_rates.{code}.rate",
                f"{plan.meta.currency} per {code}",
                edit=self._edit,
                crash=self._crash,
                track=False,
            )
            for code in sorted(plan.assumptions.fx_rates)
        ]
        self.rates.children = tuple(self._rate_fields)


def _current(plan: Plan, path: str) -> str | None:
    if path == "assumptions.country":
        return plan.assumptions.country
    kind, index = path.split("[")[0], int(path.split("[")[1].split("]")[0])
    items = plan.marops_seats if kind == "marops_seats" else plan.legacy_roles
    return items[index].country


def applies_html(plan: Plan) -> str:
    """Which profile, tax year and currency apply to whom, each exchange rate with its date,
    and what is an assumption (HTML, text escaped)."""
    lines = []
    seen: dict[str, list[str]] = {}
    for path, country in placed_countries(plan):
        seen.setdefault(country, []).append(path)
    for country, paths in seen.items():
        profile = load_profile(country)
        currency = local_currency(plan, country)
        assumed = [r.label for r in profile.rules if r.assumption]
        rules = "the plan's on-costs" if country == "uk" else f"{len(profile.rules)} rules"
        line = (
            f"<b>{html.escape(profile.name)}</b> — tax year {html.escape(profile.tax_year)}, "
            f"{rules}, costed in {currency}"
        )
        if assumed:
            said = html.escape("; ".join(assumed))
            line += f"; <span class='mocmo-error'>assumption — set your own: {said}</span>"
        lines.append(line + f" <small>({html.escape(', '.join(paths))})</small>")
    for code, rate in sorted(plan.assumptions.fx_rates.items()):
        lines.append(
            f"1 {code} = {rate.rate:g} {plan.meta.currency} as of {rate.as_of}"
            + (f" <small>({html.escape(rate.source)})</small>" if rate.source else "")
        )
    return "<br>".join(lines)
