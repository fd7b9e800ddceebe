"""Ranges on the drivers: the seeded simulation, its percentiles and the tornado.

How a draw is computed. Each driver is drawn from its split triangular distribution (the
plan's value is the mode and the median, :mod:`mocmo.ranges.drivers`); absorption and
oversight are drawn together through a Gaussian copula (AI that absorbs less needs more
checking). The real model is run with one driver at a time set to each of a few **nodes** of
its range (its ends, its P10 and P90, every whole month for a month driver), the rest at the
plan's value; a draw's figures are the plan's figures plus, for each driver, the change its
drawn value makes — interpolated linearly between the two nearest nodes — and the month-by-
month cash difference is summed the same way, so the break-even month of each draw comes from
its own cumulative series. Exact for one driver at a node and for figures linear in a driver
(AI prices, pay); **not modelled**: how two drivers interact (a late hire on a raised salary
is the sum of each alone; stated in the app and the workbook).
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from mocmo._memo import cache_by_identity
from mocmo.plan import Plan
from mocmo.ranges.drivers import (
    Driver,
    apply,
    correlations,
    default_draws,
    default_seed,
    drivers,
)

__all__ = [
    "MONEY_FIGURES",
    "RANGE_FIGURES",
    "DriverSimulation",
    "NodeTable",
    "breakeven_months",
    "node_table",
    "outputs",
    "simulate_drivers",
    "tornado",
]

MONEY_FIGURES: tuple[str, ...] = (
    "total_net_change",
    "new_total_cost",
    "one_off_cost",
    "net_change",
)
"""The money figures every evaluation of the model returns, in this order."""

RANGE_FIGURES: tuple[str, ...] = (
    "total_net_change",
    "one_off_cost",
    "breakeven_month",
    "new_total_cost",
)
"""The figures whose P10 / P50 / P90 are headline figures (``<key>_p10`` …)."""

_EPS = 1e-6
_TAIL_QUANTILES = (0.1, 0.9)


def outputs(plan: Plan) -> npt.NDArray[np.float64]:
    """The model's figures for ``plan``: :data:`MONEY_FIGURES` (currency; a year, the one-off
    cost once), then each month's cost difference against staying legacy (currency/month)."""
    from mocmo import costing, migration
    from mocmo.costing import whole

    diff = migration.monthly(plan)["difference"].to_numpy(dtype=float)
    head = [
        whole.total_net_change(plan),
        whole.new_total_cost(plan),
        migration.one_off_total(plan),
        costing.org_net_change(plan),
    ]
    return np.concatenate([np.asarray(head, dtype=float), diff])


def breakeven_months(diff: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Break-even of each row of monthly differences (rows × months), as
    :func:`mocmo.migration.breakeven_projection` does for one plan: the first month from which
    the cumulative difference stays ≤ 0; beyond the horizon, the month the last month's saving
    would reach it; ``inf`` when it never would, ``nan`` when nothing changes."""
    months = diff.shape[1]
    cum = np.cumsum(diff, axis=1)
    covered = cum <= _EPS
    # trailing run of covered months: from the last month backwards while covered
    trailing = np.cumprod(covered[:, ::-1], axis=1).sum(axis=1)
    out = np.where(trailing > 0, months - trailing + 1, np.inf).astype(float)
    saving = -diff[:, -1]
    owed = cum[:, -1]
    beyond = (trailing == 0) & (saving > _EPS)
    with np.errstate(divide="ignore", invalid="ignore"):
        projected = months + np.ceil(owed / np.where(saving > 0, saving, 1.0) - 1e-9)
    out = np.where(beyond, projected, out)
    nothing = np.all(np.abs(diff) <= 1e-3, axis=1)
    return np.where(nothing, np.nan, out)


@dataclass(frozen=True, eq=False)
class NodeTable:
    """The model run at each node of each driver (the rest at the plan's value)."""

    plan_outputs: npt.NDArray[np.float64]
    nodes: dict[str, npt.NDArray[np.float64]]
    """Driver key → its node values, ascending."""
    outputs: dict[str, npt.NDArray[np.float64]]
    """Driver key → one row of :func:`outputs` per node."""
    drivers: tuple[Driver, ...]
    evaluations: int


def _nodes(d: Driver) -> npt.NDArray[np.float64]:
    """Where the model is run for driver ``d``: its P10, the plan's value and its P90 (every
    whole value between its ends for a month driver; five points for the pay quantile); draws
    beyond the outer nodes are extrapolated along the last segment (exact for a figure
    linear in the driver)."""
    if d.whole:
        values = np.arange(math.ceil(d.low), math.floor(d.high) + 1, dtype=float)
    elif d.kind == "quantile":
        values = np.array([0.1, 0.3, 0.5, 0.7, 0.9])
    else:
        values = np.asarray(d.quantile(np.array(_TAIL_QUANTILES)), dtype=float)
    values = np.unique(np.append(values, d.plan_value))
    return values[(values >= d.low - 1e-12) & (values <= d.high + 1e-12)]


def _moves_nothing(plan: Plan, d: Driver) -> bool:
    """True when driver ``d`` cannot change any figure of ``plan`` (nothing it acts on)."""
    a = plan.assumptions
    ai = [act for r in plan.legacy_roles for act in r.activities if act.destination == "ai"]
    if d.key == "ai_absorption":
        return not ai
    if d.key == "oversight":
        return not any(act.oversight > 0 for act in ai)
    if d.key == "hire_slip":
        return not plan.hires and all(s.hire_month is None for s in plan.marops_seats)
    if d.key == "early_attrition":
        from mocmo.transition import flows as people

        return not any(
            f.kind == "move" and f.to is not None and not f.to.startswith("Custodian: ")
            for f in people.flows(plan)
        )
    if d.key == "pay_review_rate":
        first = a.pay_review.first_month
        return first is None or first > plan.horizon_months
    if d.key == "ai_price":
        return a.ai_costs.licence_per_user_month == 0 and a.ai_costs.usage_per_absorbed_hour == 0
    return False


@cache_by_identity
def node_table(plan: Plan) -> NodeTable:
    """Run the model at every node of every driver whose range is not a single point."""
    base = outputs(plan)
    nodes: dict[str, npt.NDArray[np.float64]] = {}
    outs: dict[str, npt.NDArray[np.float64]] = {}
    count = 1
    active = tuple(
        d for d in drivers(plan) if d.high - d.low > 1e-12 and not _moves_nothing(plan, d)
    )
    for d in active:
        values = _nodes(d)
        rows = []
        for v in values:
            if v == d.plan_value:
                rows.append(base)
            else:
                rows.append(outputs(apply(plan, d.key, float(v))))
                count += 1
        nodes[d.key] = values
        outs[d.key] = np.vstack(rows)
    return NodeTable(base, nodes, outs, active, count)


def _normal_cdf(z: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    erf = np.frompyfunc(math.erf, 1, 1)
    return np.asarray(0.5 * (1.0 + erf(z / math.sqrt(2.0))), dtype=float)


def _uniforms(keys: Sequence[str], draws: int, seed: int) -> npt.NDArray[np.float64]:
    """Correlated uniform numbers, one row per driver (Gaussian copula; the correlation matrix
    from the defaults file, identity elsewhere). They depend on the drivers, the draws and the
    seed only, so a plan's edit reuses them (read-only)."""
    return _uniforms_of(tuple(keys), draws, seed)


@functools.lru_cache(maxsize=8)
def _uniforms_of(keys: tuple[str, ...], draws: int, seed: int) -> npt.NDArray[np.float64]:
    n = len(keys)
    corr = np.eye(n)
    for (a, b), rho in correlations().items():
        if a in keys and b in keys:
            i, j = keys.index(a), keys.index(b)
            corr[i, j] = corr[j, i] = rho
    rng = np.random.default_rng(seed)
    z = np.linalg.cholesky(corr) @ rng.standard_normal((n, draws))
    u = _normal_cdf(z)
    u.flags.writeable = False
    return u


def _interpolate(
    x: npt.NDArray[np.float64], nodes: npt.NDArray[np.float64], rows: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """``rows`` (one per node) interpolated linearly at each ``x`` (draws × columns), and
    extrapolated along the first or last segment beyond the outer nodes."""
    if len(nodes) == 1:
        return np.repeat(rows[:1], len(x), axis=0)
    i = np.clip(np.searchsorted(nodes, x, side="right") - 1, 0, len(nodes) - 2)
    w = ((x - nodes[i]) / (nodes[i + 1] - nodes[i]))[:, None]
    return rows[i] * (1.0 - w) + rows[i + 1] * w


@dataclass(frozen=True, eq=False)
class DriverSimulation:
    """The drivers' simulation: every draw's figures and driver values."""

    draws: int
    seed: int
    values: dict[str, npt.NDArray[np.float64]] = field(repr=False)
    """Figure key (:data:`MONEY_FIGURES`, ``breakeven_month``) → one value per draw."""
    driver_values: dict[str, npt.NDArray[np.float64]] = field(repr=False)
    drivers: tuple[Driver, ...]
    evaluations: int
    """Runs of the model it took."""
    seconds: float = 0.0
    distribution: str = "split triangular around the plan's value (its mode and median)"

    def percentile(self, key: str, q: float) -> float | None:
        """The ``q``-th percentile of figure ``key``; for the break-even month a whole month
        (None when it is never reached or nothing changes)."""
        v = self.values[key]
        if key == "breakeven_month":
            if np.all(np.isnan(v)):
                return None
            finite_or_inf = np.where(np.isnan(v), np.inf, v)
            value = float(np.percentile(finite_or_inf, q, method="inverted_cdf"))
            return None if math.isinf(value) else value
        return float(np.percentile(v, q))

    def percentiles(self, levels: Sequence[int] = (10, 50, 90)) -> pd.DataFrame:
        """One row per figure, one column per percentile."""
        return pd.DataFrame(
            {f"P{q}": [self.percentile(k, q) for k in self.values] for q in levels},
            index=list(self.values),
        )


@cache_by_identity
def _simulate_cached(plan: Plan) -> DriverSimulation:
    return simulate_drivers(plan, cached=False)


def simulate_drivers(
    plan: Plan, draws: int | None = None, seed: int | None = None, *, cached: bool = True
) -> DriverSimulation:
    """The seeded simulation of the plan's drivers (draws and seed: the plan's, else the
    defaults file's). The same plan, draws and seed give the same figures every time."""
    r = plan.assumptions.ranges
    draws = draws if draws is not None else (r.draws or default_draws())
    seed = seed if seed is not None else (r.seed if r.seed is not None else default_seed())
    if (
        cached
        and draws == (r.draws or default_draws())
        and seed == (r.seed if r.seed is not None else default_seed())
    ):
        return _simulate_cached(plan)
    start = time.perf_counter()
    table = node_table(plan)
    keys = [d.key for d in table.drivers]
    u = _uniforms(keys, draws, seed) if keys else np.zeros((0, draws))
    total = np.repeat(table.plan_outputs[None, :], draws, axis=0)
    driver_values: dict[str, npt.NDArray[np.float64]] = {}
    for row, d in enumerate(table.drivers):
        x = np.asarray(d.quantile(u[row]), dtype=float)
        driver_values[d.key] = x
        total += _interpolate(x, table.nodes[d.key], table.outputs[d.key]) - table.plan_outputs
    k = len(MONEY_FIGURES)
    values = {key: total[:, i] for i, key in enumerate(MONEY_FIGURES)}
    values["breakeven_month"] = breakeven_months(total[:, k:])
    return DriverSimulation(
        draws=draws,
        seed=seed,
        values=values,
        driver_values=driver_values,
        drivers=table.drivers,
        evaluations=table.evaluations,
        seconds=time.perf_counter() - start,
    )


def _breakeven_of(row: npt.NDArray[np.float64]) -> float | None:
    value = float(breakeven_months(row[None, len(MONEY_FIGURES) :])[0])
    return None if math.isnan(value) or math.isinf(value) else value


def tornado(plan: Plan, top: int = 10) -> pd.DataFrame:
    """Each driver at its P10 and at its P90, the rest at the plan's value (the real model at
    those nodes): the whole-cost net change and the break-even month at each, the swing of the
    net change; the ``top`` drivers by swing, largest first."""
    table = node_table(plan)
    base = table.plan_outputs
    rows = []
    for d in table.drivers:
        lo, hi = (float(v) for v in d.quantile(np.array(_TAIL_QUANTILES)))
        at = {}
        for name, v in (("p10", lo), ("p90", hi)):
            idx = int(np.argmin(np.abs(table.nodes[d.key] - v)))
            at[name] = table.outputs[d.key][idx]
        rows.append(
            {
                "driver": d.key,
                "label": d.label,
                "p10_value": lo,
                "p90_value": hi,
                "p10_words": d.format(lo),
                "p90_words": d.format(hi),
                "net_change_at_p10": float(at["p10"][0]),
                "net_change_at_p90": float(at["p90"][0]),
                "breakeven_at_p10": _breakeven_of(at["p10"]),
                "breakeven_at_p90": _breakeven_of(at["p90"]),
                "swing": abs(float(at["p90"][0] - at["p10"][0])),
                "net_change_base": float(base[0]),
                "source": d.source,
            }
        )
    frame = pd.DataFrame(rows, columns=_TORNADO_COLUMNS)
    return (
        frame.sort_values("swing", ascending=False, kind="stable").head(top).reset_index(drop=True)
    )


_TORNADO_COLUMNS = [
    "driver", "label", "p10_value", "p90_value", "p10_words", "p90_words", "net_change_at_p10",
    "net_change_at_p90", "breakeven_at_p10", "breakeven_at_p90", "swing", "net_change_base",
    "source",
]  # fmt: skip
