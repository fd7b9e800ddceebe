"""The inputs of the transition's one-off costs, read from data/defaults/transition.yaml.

Each input is a :class:`~mocmo.defaults.Parameter` (value, unit, label, source, effective date)
in that file; :func:`transition_assumptions` turns the values into one frozen
:class:`TransitionAssumptions`, checking each one and naming the key, the value and what is
allowed when it is wrong.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, fields, replace
from functools import cache
from typing import Any

import yaml

from mocmo._memo import cache_by_identity
from mocmo.defaults import Parameter, data_dir
from mocmo.plan import Plan

__all__ = [
    "PLAN_INPUTS",
    "TRANSITION_FILE",
    "TransitionAssumptions",
    "plan_transition_assumptions",
    "transition_assumptions",
    "transition_input_is_default",
    "transition_parameters",
]

TRANSITION_FILE = "transition.yaml"
"""The defaults file (in data/defaults) that holds every input below."""


@dataclass(frozen=True)
class TransitionAssumptions:
    """Every input of the exit, retraining and ramp-up formulas (:mod:`mocmo.transition.costs`).

    Money is in the plan's currency. Field names are the keys of data/defaults/transition.yaml.
    """

    statutory_weekly_pay_cap: float
    """The most a week's pay counts for in statutory redundancy pay (currency/week)."""
    statutory_max_years: int
    """Most full years of service counted, the latest ones (years)."""
    statutory_qualifying_years: int
    """Full years of continuous service needed for any statutory redundancy pay (years)."""
    statutory_band_ages: tuple[int, int]
    """The ages (22, 41) from which a year of service counts one, then one and a half weeks."""
    statutory_band_weeks: tuple[float, float, float]
    """Weeks' pay per full year of service under 22, from 22 to 40, from 41 (weeks)."""
    weeks_per_year: float
    """Weeks a salary is spread over to give a week's pay (weeks/year)."""
    redundancy_multiple: float
    """The company's redundancy pay as a multiple of statutory (1 = statutory only)."""
    notice_weeks: float
    """Contractual notice (weeks); the statutory minimum applies when it is longer."""
    notice_paid_in_lieu: bool
    """True: notice is paid in lieu (a one-off); False: worked (paid through payroll)."""
    statutory_notice_max_weeks: int
    """The most weeks statutory minimum notice reaches (weeks)."""
    settlement_per_leaver: float
    """Settlement agreement cost per leaver (currency/leaver)."""
    retraining_per_mover: float
    """Retraining cost per person who moves to a new position (currency/mover)."""
    ramp_months_hire: float
    """Months a new hire takes to reach full productivity (months)."""
    ramp_months_mover: float
    """Months a mover takes to reach full productivity (months)."""
    ramp_start_productivity: float
    """Productivity on the first day in a new position, 0–1 (fraction)."""
    average_service_years: float
    """A team's average full years of service, until a roster gives each person's (years)."""
    average_age: float
    """A team's average age at leaving, until a roster gives each person's (years)."""
    overlap_months: int = 0
    """Handover months a leaver stays after the team changes shape, when the plan does not list
    its leavers (months)."""
    early_attrition: float = 0.0
    """Share of the people planned to move into a new position (custodians aside) who resign
    before their move: no exit cost, and their places are hired (fraction 0–1)."""

    def __post_init__(self) -> None:
        _check(self)

    def with_changes(self, **changes: Any) -> TransitionAssumptions:
        """A copy with some inputs changed (checked again)."""
        return replace(self, **changes)


def _fail(key: str, value: object, allowed: str) -> None:
    raise ValueError(f"transition.{key}: got {value!r}, must be {allowed}")


def _number(key: str, value: object, low: float, high: float, *, whole: bool = False) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        _fail(key, value, f"a number from {low:g} to {high:g}")
    assert isinstance(value, int | float)
    if not low <= value <= high or (whole and value != int(value)):
        kind = "a whole number" if whole else "a number"
        _fail(key, value, f"{kind} from {low:g} to {high:g}")


LIMITS: dict[str, tuple[float, float, bool]] = {
    "statutory_weekly_pay_cap": (0, 100_000, False),
    "statutory_max_years": (1, 60, True),
    "statutory_qualifying_years": (0, 60, True),
    "weeks_per_year": (1, 53, False),
    "redundancy_multiple": (1, 20, False),
    "notice_weeks": (0, 104, False),
    "statutory_notice_max_weeks": (0, 104, True),
    "settlement_per_leaver": (0, 1e7, False),
    "retraining_per_mover": (0, 1e7, False),
    "ramp_months_hire": (0, 60, False),
    "ramp_months_mover": (0, 60, False),
    "ramp_start_productivity": (0, 1, False),
    "average_service_years": (0, 60, False),
    "average_age": (16, 100, False),
    "overlap_months": (0, 12, True),
    "early_attrition": (0, 1, False),
}
"""Each number input's (lowest, highest, whole numbers only): what :func:`_check` enforces and
the workbook's data validation allows (:func:`mocmo.plan.rules.number_rule`)."""
BAND_AGE_LIMITS = (0, 100, True)
BAND_WEEKS_LIMITS = (0, 10, False)
"""The limits of each of ``statutory_band_ages`` and of ``statutory_band_weeks``."""


def _check(a: TransitionAssumptions) -> None:
    for key, (low, high, whole) in LIMITS.items():
        _number(key, getattr(a, key), low, high, whole=whole)
    ages = a.statutory_band_ages
    if len(ages) != 2:
        _fail("statutory_band_ages", ages, "two ages, the lower first (e.g. [22, 41])")
    for age in ages:
        _number("statutory_band_ages", age, *BAND_AGE_LIMITS[:2], whole=BAND_AGE_LIMITS[2])
    if ages[0] > ages[1]:
        _fail("statutory_band_ages", ages, "two ages, the lower first (e.g. [22, 41])")
    if len(a.statutory_band_weeks) != 3:
        _fail("statutory_band_weeks", a.statutory_band_weeks, "three weeks' figures")
    for weeks in a.statutory_band_weeks:
        _number("statutory_band_weeks", weeks, *BAND_WEEKS_LIMITS[:2])
    if not isinstance(a.notice_paid_in_lieu, bool):
        _fail("notice_paid_in_lieu", a.notice_paid_in_lieu, "true (paid in lieu) or false (worked)")


@cache
def transition_parameters() -> dict[str, Parameter]:
    """Every transition input with its metadata, keyed as in data/defaults/transition.yaml."""
    path = data_dir() / "defaults" / TRANSITION_FILE
    with path.open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    effective = raw.get("effective_date")
    out: dict[str, Parameter] = {}
    for key, spec in raw["parameters"].items():
        date = spec.get("effective_date", effective)
        out[key] = Parameter(
            path=key,
            value=spec["value"],
            unit=str(spec.get("unit", "")),
            label=str(spec.get("label", key)),
            source=str(spec.get("source", "")),
            effective_date=date if isinstance(date, _dt.date) else None,
        )
    return out


def transition_assumptions() -> TransitionAssumptions:
    """The transition inputs as data/defaults/transition.yaml gives them (checked)."""
    params = transition_parameters()
    wanted = {f.name for f in fields(TransitionAssumptions)}
    missing = sorted(wanted - params.keys())
    if missing:
        raise KeyError(
            f"{', '.join(missing)} missing from {data_dir() / 'defaults' / TRANSITION_FILE}: "
            "add each under parameters"
        )
    values: dict[str, Any] = {k: params[k].value for k in wanted}
    values["statutory_band_ages"] = tuple(values["statutory_band_ages"])
    values["statutory_band_weeks"] = tuple(values["statutory_band_weeks"])
    return TransitionAssumptions(**values)


PLAN_INPUTS: tuple[str, ...] = (
    "redundancy_multiple",
    "notice_weeks",
    "notice_paid_in_lieu",
    "settlement_per_leaver",
    "retraining_per_mover",
    "ramp_months_hire",
    "ramp_months_mover",
    "ramp_start_productivity",
    "overlap_months",
    "early_attrition",
)
"""The transition inputs a plan may set for itself (``assumptions.transition``); the statutory
figures stay in data/defaults/transition.yaml, with their sources."""


@cache_by_identity
def plan_transition_assumptions(plan: Plan) -> TransitionAssumptions:
    """The transition inputs of ``plan``: each field of ``plan.assumptions.transition`` the plan
    sets, used as given (0 is 0), the defaults of data/defaults/transition.yaml for the rest."""
    given = plan.assumptions.transition
    changes = {k: getattr(given, k) for k in PLAN_INPUTS if getattr(given, k) is not None}
    base = transition_assumptions()
    return base.with_changes(**changes) if changes else base


def transition_input_is_default(plan: Plan, key: str) -> bool:
    """True when the plan leaves transition input ``key`` empty, so the default is used (the
    steps show it as "plan default")."""
    return getattr(plan.assumptions.transition, key) is None
