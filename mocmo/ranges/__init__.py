"""Ranges on the drivers that matter: what if AI absorbs less, oversight costs more, hiring is
late, ramp-up is slower, pay rises faster, AI costs more, new hires cost more?

- :mod:`mocmo.ranges.drivers` — each driver, its range (data/defaults/ranges.yaml, the plan's own
  ends in ``assumptions.ranges``) and how it changes a plan;
- :mod:`mocmo.ranges.simulate` — the seeded simulation, percentiles and the tornado;
- :mod:`mocmo.ranges.thresholds` — "what would have to be true".

The plan's value of every driver is the **mode and the median** of its distribution, and known
facts (today's payroll and headcount) are never varied.
"""

from __future__ import annotations

from mocmo._memo import cache_by_identity
from mocmo.plan import Plan
from mocmo.ranges.drivers import (
    DRIVER_KEYS,
    Driver,
    apply,
    drivers,
    range_errors,
    split_triangular,
)
from mocmo.ranges.simulate import (
    MONEY_FIGURES,
    RANGE_FIGURES,
    DriverSimulation,
    breakeven_months,
    node_table,
    outputs,
    simulate_drivers,
    tornado,
)
from mocmo.ranges.thresholds import Threshold, threshold_table, thresholds

__all__ = [
    "DRIVER_KEYS",
    "HEADLINE_KEYS",
    "MONEY_FIGURES",
    "RANGE_FIGURES",
    "Driver",
    "DriverSimulation",
    "Threshold",
    "apply",
    "breakeven_months",
    "drivers",
    "headline",
    "node_table",
    "outputs",
    "range_errors",
    "simulate_drivers",
    "split_triangular",
    "threshold_table",
    "thresholds",
    "tornado",
]

_LEVELS = (10, 50, 90)

HEADLINE_KEYS: tuple[str, ...] = tuple(
    f"{key}_p{q}" for key in (*RANGE_FIGURES, "net_change") for q in _LEVELS
)
"""The simulation's headline figures: P10 / P50 / P90 of each range figure and of the payroll
net change."""


@cache_by_identity
def headline(plan: Plan) -> dict[str, float | int | None]:
    """P10 / P50 / P90 of the whole-cost net change, the one-off cost, the break-even month
    (a month; None when not reached), the new model's whole cost and the payroll net change,
    from the plan's seeded simulation; money in pennies."""
    from mocmo.costing import to_penny

    sim = simulate_drivers(plan)
    out: dict[str, float | int | None] = {}
    for key in (*RANGE_FIGURES, "net_change"):
        for q in _LEVELS:
            value = sim.percentile(key, q)
            if key == "breakeven_month":
                out[f"{key}_p{q}"] = None if value is None else int(value)
            else:
                out[f"{key}_p{q}"] = None if value is None else to_penny(value)
    return out
