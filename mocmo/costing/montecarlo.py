"""Costing: the ranges — the seeded, vectorised Monte Carlo over every band and the sensitivity
table."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import yaml

from mocmo.costing.org import CostLine, _head_matrix, _quantities, cost_lines, line_bases
from mocmo.costing.people import (
    COST_QUANTITIES,
    DISTRIBUTIONS,
    MC_CHUNK_CELLS,
    MC_DRAWS,
    MC_PROGRESS_STEPS,
    MC_SEED,
    PERCENTILES,
    Distribution,
    loaded_cost,
    recruitment_fee,
    salary_at,
)
from mocmo.plan import (
    OnCosts,
    Plan,
)

# --------------------------------------------------------------------------- Monte Carlo


@dataclass(frozen=True, eq=False)
class Simulation:
    """The result of :func:`simulate`: every :data:`COST_QUANTITIES` total for each draw
    (currency/year; recruitment fees one-off)."""

    draws: int
    seed: int
    distribution: str
    values: Mapping[str, npt.NDArray[np.float64]] = field(repr=False)
    seconds: float = 0.0
    """Wall-clock time the simulation took."""

    def percentile(self, quantity: str, q: float) -> float:
        """The ``q``-th percentile (0–100) of ``quantity`` over the draws."""
        return float(np.percentile(self.values[quantity], q))

    def percentiles(self, levels: Iterable[int] = PERCENTILES) -> pd.DataFrame:
        """One row per quantity, one column per percentile (``P10``, ``P50``, ``P90``)."""
        levels = tuple(levels)
        rows = {name: np.percentile(values, levels) for name, values in self.values.items()}
        return pd.DataFrame.from_dict(rows, orient="index", columns=[f"P{q}" for q in levels])


def _inverse_triangular(
    u: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    mode: npt.NDArray[np.float64],
    high: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """Salaries from uniform numbers ``u`` by the inverse CDF of triangular(low, mode, high)
    (``low``, ``mode``, ``high``: one row per line, broadcast over the draws): with
    c = (mode − low) / (high − low), low + √(u (mode − low)(high − low)) for u < c, else
    high − √((1 − u)(high − mode)(high − low)).

    The branch is picked by multiplying by an exact 0/1 mask (x × 1 + y × 0 is x, bit for
    bit), in place in three buffers: numpy's masked ``where=`` loops and ``np.where`` are
    several times slower than plain arithmetic on arrays of this size."""
    width = high - low
    split = np.divide(mode - low, width, out=np.zeros_like(width), where=width > 0)
    on_left = np.less(u, split).astype(np.float64)
    on_right = np.subtract(1.0, on_left)
    chosen = np.multiply(u, mode - low)
    chosen *= on_left
    other = np.subtract(1.0, u)
    other *= high - mode
    other *= on_right
    chosen += other
    chosen *= width
    root = np.sqrt(chosen, out=chosen)
    result = np.subtract(high, root, out=other)
    result *= on_right
    root += low
    root *= on_left
    result += root
    return result


def _modes(
    lines: Sequence[CostLine], low: npt.NDArray[np.float64], high: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Each line's salary at its point (the triangular's mode), one row per line."""
    mode: npt.NDArray[np.float64] = low + (high - low) * np.array(
        [[line.point] for line in lines], dtype=float
    )
    return mode


def _salaries_in(
    low: npt.NDArray[np.float64],
    high: npt.NDArray[np.float64],
    mode: npt.NDArray[np.float64],
    u: npt.NDArray[np.float64],
    distribution: str,
) -> npt.NDArray[np.float64]:
    """Salaries of shape (lines, draws) from the uniform numbers ``u``."""
    if distribution == "uniform":
        uniform: npt.NDArray[np.float64] = low + (high - low) * u
        return uniform
    if distribution == "triangular":
        return _inverse_triangular(u, low, mode, high)
    raise ValueError(
        f"distribution must be one of {', '.join(DISTRIBUTIONS)}, not {distribution!r}"
    )


def _kinks(on_costs: OnCosts) -> tuple[float, ...]:
    """The salaries where :func:`~mocmo.costing.people.loaded_cost` changes slope: the NI
    threshold and, on the qualifying basis, the two pension limits. Between two kinks the
    loaded cost is a straight line in the salary (checked by :func:`_weights`)."""
    if on_costs.pension_basis == "salary":
        return (on_costs.ni_threshold,)
    return tuple(sorted({on_costs.ni_threshold, on_costs.pension_lower, on_costs.pension_upper}))


@dataclass(frozen=True, eq=False)
class _Weights:
    """How the Monte Carlo turns salaries into its totals without costing each salary.

    Every total of a draw is Σ over lines of people × loaded cost (or hires × fee) of the
    line's salary. The loaded cost is piecewise linear with its kinks at :func:`_kinks`: on a
    line's band it is ``a + b × salary + Σ Δⱼ × max(0, salary − kⱼ)`` over the kinks kⱼ inside
    the band (Δⱼ: the change of slope there), and the fee is ``rate × salary``. So each total is
    one weighted sum of the salaries plus, on the lines whose band straddles a kink, one of
    max(0, salary − kⱼ), plus a constant. The slopes are read off ``loaded_cost`` itself; when
    it is not of that shape (:func:`_weights` checks), ``exact`` is set and every salary is
    costed one by one, as :func:`~mocmo.costing.org._quantities` does."""

    straight: npt.NDArray[np.float64]
    """(totals, lines): people × slope b on each line; the fees row is hires × fee rate."""
    constant: npt.NDArray[np.float64]
    """(totals,): Σ people × a over the lines (0 for the fees)."""
    kink_line: npt.NDArray[np.intp]
    """(pairs,): the line of each (line, kink inside its band) pair."""
    kink_at: npt.NDArray[np.float64]
    """(pairs,): the kink's salary."""
    kink_weight: npt.NDArray[np.float64]
    """(totals, pairs): people × Δⱼ of the pair's line (0 for the fees)."""
    exact: bool = False
    """True when the loaded cost is not piecewise linear at the kinks: cost salary by salary."""


def _weights(lines: Sequence[CostLine], on_costs: OnCosts) -> _Weights:
    low = np.array([line.band.low for line in lines], dtype=float)
    high = np.array([line.band.high for line in lines], dtype=float)
    heads = _head_matrix(lines)  # marops, replaced, legacy, new
    hires = np.array([line.hires for line in lines], dtype=float)
    kinks = np.array(_kinks(on_costs), dtype=float)
    # The loaded cost's slope on each stretch between kinks, and its change at each kink.
    ends = np.concatenate([[min(0.0, kinks[0] - 1.0)], kinks, [kinks[-1] + 1.0e5]])
    at_ends = loaded_cost(ends, on_costs)
    slopes = np.diff(at_ends) / np.diff(ends)
    change = np.diff(slopes)  # Δⱼ at kinks[j]
    # Slope b of each line at its low end; a from the cost at the low end.
    below = np.searchsorted(kinks, low, side="right")  # the stretch the low end lies on
    slope = slopes[below]
    intercept = loaded_cost(low, on_costs) - slope * low
    inside = (low[:, None] < kinks) & (kinks < high[:, None])
    line_of, kink_of = np.nonzero(inside)
    fee_rate = float(recruitment_fee(1.0, on_costs))
    weights = _Weights(
        straight=np.vstack([heads * slope, hires * fee_rate]),
        constant=np.append(heads @ intercept, 0.0),
        kink_line=line_of,
        kink_at=kinks[kink_of],
        kink_weight=np.vstack([heads[:, line_of] * change[kink_of], np.zeros(len(line_of))]),
    )
    # The shape holds if it gives loaded_cost and the fee at the band ends, quarters and kinks.
    probes = np.hstack([low[:, None] + (high - low)[:, None] * [0.0, 0.25, 0.5, 0.75, 1.0]])
    probes = np.hstack(
        [
            probes,
            np.clip(np.broadcast_to(kinks, (len(low), len(kinks))), low[:, None], high[:, None]),
        ]
    )
    model = slope[:, None] * probes + intercept[:, None]
    for j, k in enumerate(kinks):
        model += np.where(inside[:, [j]], change[j] * np.maximum(0.0, probes - k), 0.0)
    want = loaded_cost(probes, on_costs)
    fees_ok = np.allclose(
        recruitment_fee(probes, on_costs), fee_rate * probes, rtol=1e-12, atol=1e-6
    )
    if not (fees_ok and np.allclose(model, want, rtol=1e-12, atol=1e-6)):
        return _Weights(
            weights.straight,
            weights.constant,
            weights.kink_line,
            weights.kink_at,
            weights.kink_weight,
            exact=True,
        )
    return weights


def _weighted_sums(
    weights: npt.NDArray[np.float64], values: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """``weights @ values`` (totals × lines times lines × draws) by numpy's own loops, not the
    BLAS: the BLAS spreads so small a product over threads, which on a busy 2-core machine
    made it several times slower, and its sums may differ in the last bit between machines and
    between numbers of draws. Here every draw's total is the same sum whatever the chunk."""
    sums: npt.NDArray[np.float64] = np.einsum("tl,ld->td", weights, values)
    return sums


def simulate(
    plan: Plan,
    draws: int = MC_DRAWS,
    seed: int = MC_SEED,
    distribution: Distribution = "triangular",
    progress: Callable[[int, int], None] | None = None,
    fte: Mapping[str, float] | None = None,
    chunk: int | None = None,
) -> Simulation:
    """A Monte Carlo over every salary band of the plan: each draw picks one salary per
    :class:`CostLine` (uniform in its band, or triangular with its mode at the plan's point)
    and computes every total from those same salaries. On-cost rates are held at the plan's.

    Reproducible: the uniform numbers are those of ``numpy.random.default_rng(seed)`` filling
    a (lines, draws) array row by row, so the result does not depend on ``chunk``.
    ``progress(done, total)`` is called after each chunk of draws; ``chunk`` (draws per chunk)
    defaults to a :data:`MC_PROGRESS_STEPS`-th of the draws with ``progress``, and without it
    to all of them. Salaries are drawn and costed in blocks of lines of at most
    :data:`MC_CHUNK_CELLS` salaries, the same blocks whatever the chunk. Each block's totals
    are one matrix product of its salaries (see :class:`_Weights`): only the lines whose band
    straddles an on-cost threshold have their loaded cost worked out salary by salary.
    """
    if draws < 1:
        raise ValueError("draws must be at least 1")
    if distribution not in DISTRIBUTIONS:
        raise ValueError(
            f"distribution must be one of {', '.join(DISTRIBUTIONS)}, not {distribution!r}"
        )
    started = time.perf_counter()
    lines = cost_lines(plan, fte)
    oc = plan.assumptions.on_costs
    rng = np.random.default_rng(seed)
    if chunk is None:
        chunk = draws if progress is None else -(-draws // MC_PROGRESS_STEPS)
    step = max(1, chunk)
    block = max(1, MC_CHUNK_CELLS // draws)
    # One chunk: each block's uniform numbers are drawn as it is reached (the same numbers, as
    # the generator fills rows in order). Several chunks need every row's numbers up front.
    u = None if step >= draws else rng.random((len(lines), draws))
    low = np.array([[line.band.low] for line in lines], dtype=float)
    high = np.array([[line.band.high] for line in lines], dtype=float)
    mode = _modes(lines, low, high)
    # Known facts are not varied: today's people (legacy teams, the custodians they become, the
    # replaced roles) are paid what they are paid; only new positions' salaries are drawn.
    known = np.array([[line.legacy_heads > 0 or line.replaced_heads > 0] for line in lines])
    low = np.where(known, mode, low)
    high = np.where(known, mode, high)
    others = line_bases(plan, lines)
    weights = _weights(lines, oc)
    if others:  # lines under other countries' rules: cost every salary under its own rules
        weights = replace(weights, exact=True)
    blocks = []
    for first in range(0, len(lines), block):
        pairs = np.flatnonzero((weights.kink_line >= first) & (weights.kink_line < first + block))
        blocks.append((slice(first, first + block), pairs, weights.kink_line[pairs] - first))
    sums = np.zeros((len(_SUMMED), draws))
    for start in range(0, draws, step):
        stop = min(draws, start + step)
        part = sums[:, start:stop]
        for rows, pairs, at in blocks:
            uniform = rng.random((len(lines[rows]), draws)) if u is None else u[rows, start:stop]
            salaries = _salaries_in(low[rows], high[rows], mode[rows], uniform, distribution)
            if weights.exact:
                totals = _quantities(lines[rows], salaries, oc, others)
                part += np.array([totals[name] for name in _SUMMED])
                continue
            part += _weighted_sums(weights.straight[:, rows], salaries)
            if len(pairs):
                over = salaries[at]
                over -= weights.kink_at[pairs, None]
                np.maximum(over, 0.0, out=over)
                part += _weighted_sums(weights.kink_weight[:, pairs], over)
        if not weights.exact:
            part += weights.constant[:, None]
        if progress is not None:
            progress(stop, draws)
    total = dict(zip(_SUMMED, sums, strict=True))
    values = {
        "marops_cost": total["marops_cost"],
        "replaced_cost": total["replaced_cost"],
        "marops_net_change": total["marops_cost"] - total["replaced_cost"],
        "legacy_org_cost": total["legacy_org_cost"],
        "new_org_cost": total["new_org_cost"],
        "net_change": total["new_org_cost"] - total["legacy_org_cost"],
        "recruitment_fees": total["recruitment_fees"],
    }
    return Simulation(
        draws=draws,
        seed=seed,
        distribution=distribution,
        values={name: values[name] for name in COST_QUANTITIES},
        seconds=time.perf_counter() - started,
    )


_SUMMED = ("marops_cost", "replaced_cost", "legacy_org_cost", "new_org_cost", "recruitment_fees")
"""The totals :func:`simulate` adds up block by block (the net changes are their differences),
in the order of the rows of :attr:`_Weights.straight`: the four people totals of
``_head_matrix`` (marops, replaced, legacy, new), then the fees."""


# --------------------------------------------------------------------------- sensitivity


@dataclass(frozen=True)
class SensitivityRange:
    """The low and high value an on-cost assumption takes in the sensitivity table."""

    field: str
    """The field of ``assumptions.on_costs``."""
    low: float
    high: float
    label: str
    unit: str
    source: str


@cache
def _default_ranges() -> tuple[SensitivityRange, ...]:
    from mocmo.defaults import data_dir

    path = data_dir() / "defaults" / "sensitivity_ranges.yaml"
    with path.open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    return tuple(
        SensitivityRange(
            field=name,
            low=float(spec["low"]),
            high=float(spec["high"]),
            label=str(spec.get("label", name)),
            unit=str(spec.get("unit", "")),
            source=str(spec.get("source", "")),
        )
        for name, spec in raw["ranges"].items()
    )


def sensitivity_ranges() -> tuple[SensitivityRange, ...]:
    """The default low/high of each on-cost assumption (data/defaults/sensitivity_ranges.yaml)."""
    return _default_ranges()


def sensitivity(
    plan: Plan,
    fte: Mapping[str, float] | None = None,
    ranges: Sequence[SensitivityRange] | None = None,
) -> pd.DataFrame:
    """How much each assumption moves the net change when set to its low and then its high,
    everything else at the plan's value. Assumptions: every band's point (set to the band's
    low and high) and each on-cost rate (set to its range from :func:`sensitivity_ranges`).

    Columns: ``assumption``, ``path`` (the plan field), ``kind`` (band | on-cost),
    ``base_value``, ``low_value``, ``high_value``; for the org net change (new − legacy,
    currency/year) ``net_change_base`` (every assumption at the plan's value),
    ``net_change_low``, ``net_change_high``, ``swing`` (|high − low|); the same
    for the MarOps net change (``marops_net_change_low``/``_high``, ``marops_swing``) and the
    one-off recruitment fees (``fees_low``/``_high``, ``fees_swing``). Sorted by ``swing``,
    largest first (ties by the MarOps swing, then the fees swing). A band that does not enter
    a total (e.g. a replaced role's, for the org net change) has a swing of 0 there.
    """
    lines = cost_lines(plan, fte)
    oc = plan.assumptions.on_costs
    base = np.array([salary_at(line.band, line.point) for line in lines], dtype=float)
    rows: list[dict[str, Any]] = []
    others = line_bases(plan, lines)
    base_net = float(_quantities(lines, base[:, None], oc, others)["net_change"][0])

    def scenario(salaries: npt.NDArray[np.float64], on_costs: OnCosts) -> dict[str, float]:
        totals = _quantities(lines, salaries[:, None], on_costs, others)
        return {name: float(values[0]) for name, values in totals.items()}

    def add(
        assumption: str, path: str, kind: str, base_value: float, low_value: float,
        high_value: float, at_low: dict[str, float], at_high: dict[str, float],
    ) -> None:  # fmt: skip
        rows.append(
            {
                "assumption": assumption,
                "path": path,
                "kind": kind,
                "base_value": base_value,
                "low_value": low_value,
                "high_value": high_value,
                "net_change_base": base_net,
                "net_change_low": at_low["net_change"],
                "net_change_high": at_high["net_change"],
                "swing": abs(at_high["net_change"] - at_low["net_change"]),
                "marops_net_change_low": at_low["marops_net_change"],
                "marops_net_change_high": at_high["marops_net_change"],
                "marops_swing": abs(at_high["marops_net_change"] - at_low["marops_net_change"]),
                "fees_low": at_low["recruitment_fees"],
                "fees_high": at_high["recruitment_fees"],
                "fees_swing": abs(at_high["recruitment_fees"] - at_low["recruitment_fees"]),
            }
        )

    for i, line in enumerate(lines):
        low, high = base.copy(), base.copy()
        low[i], high[i] = line.band.low, line.band.high
        add(
            line.label, line.key, "band", float(base[i]), line.band.low, line.band.high,
            scenario(low, oc), scenario(high, oc),
        )  # fmt: skip
    for rng in ranges if ranges is not None else sensitivity_ranges():
        low_oc = oc.model_copy(update={rng.field: rng.low})
        high_oc = oc.model_copy(update={rng.field: rng.high})
        add(
            rng.label, f"assumptions.on_costs.{rng.field}", "on-cost",
            float(getattr(oc, rng.field)), rng.low, rng.high,
            scenario(base, low_oc), scenario(base, high_oc),
        )  # fmt: skip
    table = pd.DataFrame(rows)
    table = table.sort_values(
        ["swing", "marops_swing", "fees_swing"], ascending=False, kind="stable"
    ).reset_index(drop=True)
    return table
