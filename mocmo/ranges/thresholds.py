""" "What would have to be true": the value of each driver at which the plan stops saving money,
and the value at which it stops breaking even within the horizon.

For each driver the real model is run with that driver alone moved (the rest at the plan's
value) and the crossing is found by bisection inside the driver's domain (whole months for a
month driver): the last value at which the plan still saves — or still breaks even. A figure
that does not cross anywhere in the domain is said so in words (the plan saves whatever that
driver does, or does not save even at its best).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from mocmo._memo import cache_by_identity
from mocmo.plan import Plan
from mocmo.ranges.drivers import Driver, apply, drivers
from mocmo.ranges.simulate import MONEY_FIGURES, breakeven_months, outputs

__all__ = ["Threshold", "threshold_table", "thresholds"]

_ITERATIONS = 30
_TOLERANCE = 1e-4


@dataclass(frozen=True)
class Threshold:
    """Where one driver stops the plan meeting one test."""

    driver: str
    label: str
    test: str
    """``saves`` (the whole-cost net change below 0) or ``breaks_even`` (within the horizon)."""
    holds_at_plan: bool
    """The plan meets the test at its own values."""
    value: float | None
    """The last value of the driver at which the test still holds (None: it never crosses)."""
    direction: str | None
    """``at_least`` or ``at_most``: the side of ``value`` on which the test holds."""
    sentence: str


def _saves(plan: Plan) -> bool:
    return bool(outputs(plan)[0] < 0)


def _breaks_even(plan: Plan) -> bool:
    out = outputs(plan)
    month = float(breakeven_months(out[None, len(MONEY_FIGURES) :])[0])
    return not math.isnan(month) and month <= plan.horizon_months


def _crossing(plan: Plan, d: Driver, test: Callable[[Plan], bool], edge: float) -> float | None:
    """The last value between the plan's value and ``edge`` at which ``test`` still holds
    (its value at the plan), or None when it holds the same all the way to ``edge``."""
    start = d.plan_value
    good = test(plan)
    if test(apply(plan, d.key, edge)) == good:
        return None
    lo, hi = start, edge  # test(lo) == good, test(hi) != good
    for _ in range(_ITERATIONS):
        if d.whole and abs(hi - lo) <= 1:
            break
        if not d.whole and abs(hi - lo) <= _TOLERANCE * max(1.0, abs(edge - start)):
            break
        mid = (lo + hi) / 2
        if d.whole:
            mid = math.floor(mid) if hi > lo else math.ceil(mid)
        if test(apply(plan, d.key, mid)) == good:
            lo = mid
        else:
            hi = mid
    return lo


def _one(plan: Plan, d: Driver, test_key: str) -> Threshold:
    test = _saves if test_key == "saves" else _breaks_even
    holds = test(plan)
    goal = (
        "the plan saves money"
        if test_key == "saves"
        else f"the plan breaks even within its {plan.horizon_months}-month horizon"
    )
    crossings = [
        (edge, _crossing(plan, d, test, edge)) for edge in (d.domain[0], d.domain[1])
        if edge != d.plan_value
    ]  # fmt: skip
    found = [(edge, v) for edge, v in crossings if v is not None]
    if holds and not found:
        sentence = (
            f"{_cap(goal)} whatever “{d.label}” turns out to be (tried from "
            f"{d.format(d.domain[0])} to {d.format(d.domain[1])})."
        )
        return Threshold(d.key, d.label, test_key, holds, None, None, _cap(sentence))
    if not holds and not found:
        verb = (
            "save money"
            if test_key == "saves"
            else f"break even within its {plan.horizon_months}-month horizon"
        )
        sentence = f"No value of “{d.label}” alone makes the plan {verb}."
        return Threshold(d.key, d.label, test_key, holds, None, None, _cap(sentence))
    # nearest crossing to the plan's value
    edge, value = min(found, key=lambda ev: abs(float(ev[1]) - d.plan_value))
    assert value is not None
    if holds:
        direction = "at_most" if edge > d.plan_value else "at_least"
        condition = getattr(d, direction).format(value=d.words(value, plan))
        sentence = f"{_cap(goal)} as long as {condition}."
    else:
        # value is the last point still failing; the test holds just beyond it
        direction = "at_least" if edge > d.plan_value else "at_most"
        condition = getattr(d, direction).format(value=d.words(value, plan))
        sentence = f"{_cap(goal.replace('the plan ', 'the plan would ', 1))} only if {condition}."
    return Threshold(d.key, d.label, test_key, holds, float(value), direction, sentence)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@cache_by_identity
def thresholds(plan: Plan) -> tuple[Threshold, ...]:
    """Every driver's threshold for saving money and for breaking even within the horizon."""
    return tuple(_one(plan, d, test) for test in ("saves", "breaks_even") for d in drivers(plan))


def threshold_table(plan: Plan) -> pd.DataFrame:
    """:func:`thresholds` as a table (driver, label, test, holds_at_plan, value, direction,
    sentence)."""
    return pd.DataFrame([t.__dict__ for t in thresholds(plan)])
