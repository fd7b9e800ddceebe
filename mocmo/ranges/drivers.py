"""The uncertain drivers of a plan: what each one is, its range, and how it changes a plan.

A :class:`Driver` is read from data/defaults/ranges.yaml, with the plan's own ends
(``assumptions.ranges.<key>``) in place of the defaults. :func:`apply` returns the plan with one
driver at a value — the same plan the steps would compute if the user had typed that value in
(AI activities split, oversight shares raised, hires moved, ramp-up lengthened, the pay review
rate, AI prices or new positions' points changed) — so every range, tornado bar and threshold is
a figure of the real model, never a second formula.

Values are in each driver's own terms (:attr:`Driver.kind`): a ``multiplier`` of the plan's
quantities (the plan's value is 1), an ``offset`` added to them (the plan's value is 0), or a
``quantile`` u in 0..1 shared by every new position's pay (the plan's value is 0.5).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import yaml

from mocmo.defaults import data_dir
from mocmo.plan import MAX_MONTH, Activity, DriverRange, Plan, band_fraction
from mocmo.transition.assumptions import plan_transition_assumptions

__all__ = [
    "DRIVER_KEYS",
    "RANGES_FILE",
    "Driver",
    "apply",
    "correlations",
    "default_draws",
    "default_seed",
    "drivers",
    "range_errors",
    "split_triangular",
]

RANGES_FILE = "ranges.yaml"
"""The defaults file (in data/defaults) of every driver's range, the draws and the seed."""

Kind = Literal["multiplier", "offset", "quantile"]
_PLAN_VALUE: dict[str, float] = {"multiplier": 1.0, "offset": 0.0, "quantile": 0.5}

_MAX_RAMP = 60.0
"""The longest ramp-up a plan may have (months; the transition inputs' limit)."""

NOT_ABSORBED = " (not absorbed by AI)"
"""Suffix of the human part of an AI activity when AI absorbs less than the plan says."""


@cache
def _data() -> dict[str, Any]:
    with (data_dir() / "defaults" / RANGES_FILE).open(encoding="utf-8") as fh:
        loaded: dict[str, Any] = yaml.safe_load(fh)
    return loaded


DRIVER_KEYS: tuple[str, ...] = tuple(_data()["drivers"])
"""Every driver's key, in the order of the defaults file."""


@dataclass(frozen=True)
class Driver:
    """One uncertain driver and its range for a plan."""

    key: str
    kind: Kind
    low: float
    high: float
    domain: tuple[float, float]
    """What the driver can ever be (the threshold search stays inside it)."""
    unit: str
    label: str
    explanation: str
    source: str
    at_least: str
    """The "what would have to be true" condition when the driver must stay at or above a
    value (``{value}``: the value, in :meth:`words`)."""
    at_most: str
    """The same when the driver must stay at or below a value."""
    whole: bool = False
    """Drawn in whole units (months)."""
    default_range: bool = True
    """Both ends come from the defaults file."""

    @property
    def plan_value(self) -> float:
        """The driver's value that is the plan itself: mode and median of its distribution."""
        return _PLAN_VALUE[self.kind]

    def quantile(self, u: Any) -> Any:
        """The driver's value at probability ``u`` (a number or numpy array in 0..1)."""
        import numpy as np

        value = split_triangular(np.asarray(u, dtype=float), self.low, self.plan_value, self.high)
        return np.round(value) if self.whole else value

    def format(self, value: float) -> str:
        """``value`` in the driver's own terms (70%, +2 months, +1.5 points, P90)."""
        if self.kind == "multiplier":
            return f"{value:.0%}"
        if self.kind == "quantile":
            return f"P{value * 100:.0f}"
        if self.unit == "months":
            if self.whole:
                return f"{value:+.0f} month{'' if abs(round(value)) == 1 else 's'}"
            return f"{value:+.1f} months"
        return f"{value * 100:+.1f} points"

    def words(self, value: float, plan: Plan) -> str:
        """``value`` as a sentence says it: 38%, 2 months, 5.5% (a pay rise: the plan's rate
        plus the offset), P62 of its range."""
        if self.key == "pay_review_rate":
            return f"{max(0.0, plan.assumptions.pay_review.rate + value):.1%} a year"
        if self.kind == "quantile":
            return f"the {value * 100:.0f}th percentile of its range"
        if self.unit == "months":
            n = f"{value:.0f}" if self.whole else f"{value:.1f}"
            return f"{n} month" if n == "1" else f"{n} months"
        return self.format(value)


def split_triangular(u: Any, low: float, mode: float, high: float) -> Any:
    """The inverse CDF of the split triangular distribution: half the probability on each side
    of ``mode``, each half a triangle peaking at ``mode`` — so ``mode`` is both the mode and
    the median. u < ½: mode − (mode − low)(1 − √(2u)); u ≥ ½: mode + (high − mode)(1 − √(2(1 − u)))
    (numpy arrays or numbers)."""
    import numpy as np

    u = np.asarray(u, dtype=float)
    below = mode - (mode - low) * (1.0 - np.sqrt(np.clip(2.0 * u, 0.0, 1.0)))
    above = mode + (high - mode) * (1.0 - np.sqrt(np.clip(2.0 * (1.0 - u), 0.0, 1.0)))
    return np.where(u < 0.5, below, above)


def split_triangular_cdf(x: float, low: float, mode: float, high: float) -> float:
    """The probability of a value at most ``x`` under :func:`split_triangular` (its inverse)."""
    if x < mode:
        return 0.0 if mode <= low else 0.5 * max(0.0, 1.0 - (mode - x) / (mode - low)) ** 2
    if x > mode:
        return 1.0 if high <= mode else 1.0 - 0.5 * max(0.0, 1.0 - (x - mode) / (high - mode)) ** 2
    return 0.5


def default_draws() -> int:
    """Draws of the simulation when the plan sets none."""
    return int(_data()["draws"])


def default_seed() -> int:
    """Seed of the simulation when the plan sets none."""
    return int(_data()["seed"])


def correlations() -> dict[tuple[str, str], float]:
    """The Gaussian-copula correlation between pairs of drivers' draws (defaults file)."""
    out: dict[tuple[str, str], float] = {}
    for pair, rho in (_data().get("correlation") or {}).items():
        a, b = str(pair).split(":")
        out[(a, b)] = float(rho)
    return out


def _given(plan: Plan, key: str) -> DriverRange | None:
    given: DriverRange | None = getattr(plan.assumptions.ranges, key)
    return given


def drivers(plan: Plan) -> tuple[Driver, ...]:
    """Every driver with the plan's range (its own ends where set, else the defaults)."""
    out = []
    for key, d in _data()["drivers"].items():
        given = _given(plan, key)
        low, high = _plan_wide(plan, key)
        own = plan.assumptions.ranges.activity_absorption if key == "ai_absorption" else ()
        for r in own:  # the driver's range spans every activity's own
            low = min(low, low if r.low is None else r.low)
            high = max(high, high if r.high is None else r.high)
        out.append(
            Driver(
                key=key,
                kind=d["kind"],
                low=low,
                high=high,
                domain=(float(d["domain"][0]), float(d["domain"][1])),
                unit=str(d["unit"]),
                label=str(d["label"]),
                explanation=" ".join(str(d["explanation"]).split()),
                source=" ".join(str(d["source"]).split()),
                at_least=str(d["condition"]["at_least"]),
                at_most=str(d["condition"]["at_most"]),
                whole=bool(d.get("whole", False)),
                default_range=not own
                and (given is None or (given.low is None and given.high is None)),
            )
        )
    return tuple(out)


def range_errors(plan: Plan) -> Iterator[str]:
    """What is wrong with the plan's own ranges: an end on the wrong side of the plan's value
    (the plan's value must lie in its range) or outside the driver's domain; each message names
    the field, the value and what is allowed."""
    for key, d in _data()["drivers"].items():
        given = _given(plan, key)
        if given is None:
            continue
        plan_value = _PLAN_VALUE[d["kind"]]
        lo, hi = float(d["domain"][0]), float(d["domain"][1])
        for end, value in (("low", given.low), ("high", given.high)):
            if value is None:
                continue
            path = f"assumptions.ranges.{key}.{end}"
            side_ok = value <= plan_value if end == "low" else value >= plan_value
            if not side_ok:
                word = "at most" if end == "low" else "at least"
                yield (
                    f"{path}: got {value:g}, must be {word} {plan_value:g} (the plan's own value "
                    f"must lie inside its range)"
                )
            elif not lo <= value <= hi:
                yield f"{path}: got {value:g}, must be between {lo:g} and {hi:g}"
    lo, hi = (float(v) for v in _data()["drivers"]["ai_absorption"]["domain"])
    ai = {
        (r.name, a.name) for r in plan.legacy_roles for a in r.activities if a.destination == "ai"
    }
    for i, given in enumerate(plan.assumptions.ranges.activity_absorption):
        path = f"assumptions.ranges.activity_absorption[{i}]"
        if (given.role, given.activity) not in ai:
            yield (
                f"{path}: got {given.role!r} / {given.activity!r}, must name an activity the plan "
                "moves to AI (legacy role, then activity)"
            )
        for end, value in (("low", given.low), ("high", given.high)):
            if value is None:
                continue
            if (end == "low" and value > 1.0) or (end == "high" and value < 1.0):
                word = "at most" if end == "low" else "at least"
                yield (
                    f"{path}.{end}: got {value:g}, must be {word} 1 (the plan's own value must "
                    "lie inside its range)"
                )
            elif not lo <= value <= hi:
                yield f"{path}.{end}: got {value:g}, must be between {lo:g} and {hi:g}"


# --------------------------------------------------------------------------- applying a value


def _plan_wide(plan: Plan, key: str) -> tuple[float, float]:
    """The plan-wide range of driver ``key``: the plan's own ends, else the defaults'."""
    d = _data()["drivers"][key]
    given = _given(plan, key)
    low = float(d["low"]) if given is None or given.low is None else given.low
    high = float(d["high"]) if given is None or given.high is None else given.high
    return low, high


def _activity_absorption(plan: Plan, value: float) -> dict[tuple[str, str], float]:
    """When the plan gives activities their own absorption ranges: every AI activity's
    multiplier at ``value`` — ``value`` is a point of the driver's range (the widest of the
    plan-wide range and the activities' own), and each activity sits at the same quantile of
    its own range (its own, or the plan-wide one). Empty when no activity has its own range."""
    given = plan.assumptions.ranges.activity_absorption
    if not given:
        return {}
    wide = _plan_wide(plan, "ai_absorption")
    envelope = next(d for d in drivers(plan) if d.key == "ai_absorption")
    u = split_triangular_cdf(value, envelope.low, 1.0, envelope.high)
    own = {
        (r.role, r.activity): (wide[0] if r.low is None else r.low,
                               wide[1] if r.high is None else r.high)
        for r in given
    }  # fmt: skip
    out: dict[tuple[str, str], float] = {}
    for role in plan.legacy_roles:
        for act in role.activities:
            if act.destination == "ai":
                low, high = own.get((role.name, act.name), wide)
                out[(role.name, act.name)] = float(split_triangular(u, low, 1.0, high))
    return out


def _ai_activities(
    activities: Iterable[Activity],
    absorbed: float,
    oversight: float,
    own: dict[str, float] | None = None,
) -> tuple[Activity, ...]:
    """Every AI activity with AI absorbing ``absorbed`` × the hours the plan has it absorb,
    and its oversight share × ``oversight`` (capped at the whole activity).

    With share s and oversight o, AI absorbs s (1 − o) in the plan. At ``absorbed`` = a < 1 it
    absorbs s (1 − o) a; the oversight hours s·o stay as planned, and the s (1 − o)(1 − a) AI
    does not absorb become a separate activity shifted to the GTM Marketers. At a > 1 AI also
    takes on part of the oversight: oversight share 1 − (1 − o) a, never below 0. So the human
    hours s (1 − (1 − o) a) fall as a rises, on both sides of the plan."""
    out: list[Activity] = []
    for act in activities:
        if act.destination != "ai":
            out.append(act)
            continue
        a = (own or {}).get(act.name, absorbed)
        o = min(1.0, act.oversight * oversight)
        if a >= 1.0:
            checked = max(0.0, 1.0 - (1.0 - o) * a)
            out.append(act.model_copy(update={"oversight": checked}))
            continue
        kept = o + (1.0 - o) * a  # share of the activity still on the AI line
        checked = o / kept if kept > 0 else 1.0
        out.append(act.model_copy(update={"oversight": checked, "share": act.share * kept}))
        out.append(
            act.model_copy(
                update={
                    "name": act.name + NOT_ABSORBED,
                    "share": act.share * (1.0 - kept),
                    "destination": "shifts",
                    "oversight": 0.0,
                }
            )
        )
    return tuple(out)


def _shift_month(month: int | None, by: int) -> int | None:
    return None if month is None else min(MAX_MONTH, max(1, month + by))


def _new_point(point: str | float, u: float) -> float:
    return float(split_triangular(u, 0.0, band_fraction(point), 1.0))


def apply(plan: Plan, key: str, value: float) -> Plan:
    """``plan`` with the driver ``key`` at ``value`` (its own terms) and everything else as it
    is. The plan's own value (:attr:`Driver.plan_value`) returns ``plan`` itself."""
    kind = _data()["drivers"][key]["kind"]
    if value == _PLAN_VALUE[kind]:
        return plan
    a = plan.assumptions
    if key in ("ai_absorption", "oversight"):
        absorbed, oversight = (value, 1.0) if key == "ai_absorption" else (1.0, value)
        own = _activity_absorption(plan, value) if key == "ai_absorption" else {}
        if own:
            absorbed = 1.0  # every AI activity's multiplier is in ``own``
        roles = tuple(
            r.model_copy(
                update={
                    "activities": _ai_activities(
                        r.activities,
                        absorbed,
                        oversight,
                        {a: m for (t, a), m in own.items() if t == r.name},
                    )
                }
            )
            for r in plan.legacy_roles
        )
        return plan.model_copy(update={"legacy_roles": roles})
    if key == "hire_slip":
        by = round(value)
        hires = tuple(h.model_copy(update={"month": _shift_month(h.month, by)}) for h in plan.hires)
        seats = tuple(
            s.model_copy(update={"hire_month": _shift_month(s.hire_month, by)})
            for s in plan.marops_seats
        )
        return plan.model_copy(update={"hires": hires, "marops_seats": seats})
    if key == "ramp_months":
        t = plan_transition_assumptions(plan)
        ramp = a.transition.model_copy(
            update={
                "ramp_months_hire": min(_MAX_RAMP, max(0.0, t.ramp_months_hire + value)),
                "ramp_months_mover": min(_MAX_RAMP, max(0.0, t.ramp_months_mover + value)),
            }
        )
        return _with_assumptions(plan, transition=ramp)
    if key == "early_attrition":
        t = plan_transition_assumptions(plan)
        share = min(1.0, max(0.0, t.early_attrition + value))
        return _with_assumptions(
            plan, transition=a.transition.model_copy(update={"early_attrition": share})
        )
    if key == "pay_review_rate":
        review = a.pay_review.model_copy(
            update={"rate": min(1.0, max(0.0, a.pay_review.rate + value))}
        )
        return _with_assumptions(plan, pay_review=review)
    if key == "ai_price":
        ai = a.ai_costs.model_copy(
            update={
                "licence_per_user_month": a.ai_costs.licence_per_user_month * value,
                "usage_per_absorbed_hour": a.ai_costs.usage_per_absorbed_hour * value,
            }
        )
        return _with_assumptions(plan, ai_costs=ai)
    if key == "new_hire_pay":
        nr = plan.new_roles
        new_roles = nr.model_copy(
            update={
                "head_of_gtm_point": _new_point(nr.head_of_gtm_point, value),
                "gtm_marketer_point": _new_point(nr.gtm_marketer_point, value),
            }
        )
        seats = tuple(
            s.model_copy(update={"point": _new_point(s.point, value)}) for s in plan.marops_seats
        )
        return plan.model_copy(update={"new_roles": new_roles, "marops_seats": seats})
    raise KeyError(f"{key!r} is not a driver; the drivers are {', '.join(DRIVER_KEYS)}")


def _with_assumptions(plan: Plan, **parts: Any) -> Plan:
    return plan.model_copy(update={"assumptions": plan.assumptions.model_copy(update=parts)})
