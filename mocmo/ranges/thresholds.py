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
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mocmo._memo import cache_by_identity
from mocmo.plan import Plan
from mocmo.ranges.drivers import Driver, apply, drivers
from mocmo.ranges.simulate import MONEY_FIGURES, outputs

__all__ = ["Threshold", "threshold_table", "thresholds"]

_ITERATIONS = 40
_TOLERANCE = 2e-3
_EPS = 1e-6


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


def _margin(plan: Plan, test_key: str) -> float:
    """How far ``plan`` is from failing the test (≤ 0: it meets it): for ``saves`` the
    whole-cost net change; for ``breaks_even`` the cumulative difference against staying
    legacy at the end of the horizon — the plan breaks even within the horizon exactly when
    that is covered (≤ 0), and something changes."""
    out = outputs(plan)
    if test_key == "saves":
        return float(out[0])
    diff = out[len(MONEY_FIGURES) :]
    if np.all(np.abs(diff) <= 1e-3):
        return math.inf  # nothing changes: no break-even
    return float(np.sum(diff))


def _crossing(plan: Plan, d: Driver, test_key: str, edge: float) -> float | None:
    """The last value between the plan's value and ``edge`` at which the test still holds as
    it does at the plan, or None when it holds the same all the way to ``edge``. Regula falsi
    (Illinois) on the test's margin, kept inside a bracket that always holds the crossing."""
    start = d.plan_value
    f_lo = _margin(plan, test_key)
    good = f_lo <= _EPS
    f_hi = _margin(apply(plan, d.key, edge), test_key)
    if (f_hi <= _EPS) == good:
        return None
    lo, hi = start, edge  # holds like the plan at lo, not at hi
    side = 0
    for _ in range(_ITERATIONS):
        span = abs(hi - lo)
        if (d.whole and span <= 1) or (not d.whole and span <= _TOLERANCE * max(1.0, abs(lo))):
            break
        if math.isfinite(f_lo) and math.isfinite(f_hi) and f_hi != f_lo:
            mid = lo + (hi - lo) * f_lo / (f_lo - f_hi)
            mid = min(max(mid, min(lo, hi) + span * 0.01), max(lo, hi) - span * 0.01)
        else:
            mid = (lo + hi) / 2
        if d.whole:
            mid = float(math.floor(mid) if hi > lo else math.ceil(mid))
            if mid == lo:
                mid = lo + (1 if hi > lo else -1)
        f_mid = _margin(apply(plan, d.key, mid), test_key)
        if (f_mid <= _EPS) == good:
            lo, f_lo = mid, f_mid
            if side == -1:
                f_hi /= 2
            side = -1
        else:
            hi, f_hi = mid, f_mid
            if side == 1:
                f_lo /= 2
            side = 1
    return lo


def _one(plan: Plan, d: Driver, test_key: str) -> Threshold:
    holds = _margin(plan, test_key) <= _EPS
    goal = (
        "the plan saves money"
        if test_key == "saves"
        else f"the plan breaks even within its {plan.horizon_months}-month horizon"
    )
    crossings = [
        (edge, _crossing(plan, d, test_key, edge)) for edge in (d.domain[0], d.domain[1])
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
