"""Costing: the ranges — the seeded, vectorised Monte Carlo over every band and the sensitivity
table."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import yaml

from mocmo.costing.org import CostLine, _quantities, cost_lines
from mocmo.costing.people import (
    COST_QUANTITIES,
    DISTRIBUTIONS,
    MC_CHUNK_CELLS,
    MC_DRAWS,
    MC_PROGRESS_STEPS,
    MC_SEED,
    PERCENTILES,
    Distribution,
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
    """Salaries from uniform numbers ``u`` by the inverse CDF of triangular(low, mode, high)."""
    width = high - low
    split = np.divide(mode - low, width, out=np.zeros_like(width), where=width > 0)
    on_left = u < split
    root = np.sqrt(np.where(on_left, u * (mode - low), (1.0 - u) * (high - mode)) * width)
    result: npt.NDArray[np.float64] = np.where(on_left, low + root, high - root)
    return result


def _salaries(
    lines: Sequence[CostLine], u: npt.NDArray[np.float64], distribution: str
) -> npt.NDArray[np.float64]:
    low = np.array([[line.band.low] for line in lines], dtype=float)
    high = np.array([[line.band.high] for line in lines], dtype=float)
    if distribution == "uniform":
        uniform: npt.NDArray[np.float64] = low + (high - low) * u
        return uniform
    if distribution == "triangular":
        mode = low + (high - low) * np.array([[line.point] for line in lines], dtype=float)
        return _inverse_triangular(u, low, mode, high)
    raise ValueError(
        f"distribution must be one of {', '.join(DISTRIBUTIONS)}, not {distribution!r}"
    )


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
    :data:`MC_CHUNK_CELLS` salaries, the same blocks whatever the chunk.
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
    sums = {q: np.zeros(draws) for q in _SUMMED}
    for start in range(0, draws, step):
        stop = min(draws, start + step)
        for first in range(0, len(lines), block):
            part = lines[first : first + block]
            if u is None:
                uniform = rng.random((len(part), draws))
            else:
                uniform = u[first : first + block, start:stop]
            totals = _quantities(part, _salaries(part, uniform, distribution), oc)
            for name in _SUMMED:
                sums[name][start:stop] += totals[name]
        if progress is not None:
            progress(stop, draws)
    values = {
        "marops_cost": sums["marops_cost"],
        "replaced_cost": sums["replaced_cost"],
        "marops_net_change": sums["marops_cost"] - sums["replaced_cost"],
        "legacy_org_cost": sums["legacy_org_cost"],
        "new_org_cost": sums["new_org_cost"],
        "net_change": sums["new_org_cost"] - sums["legacy_org_cost"],
        "recruitment_fees": sums["recruitment_fees"],
    }
    return Simulation(
        draws=draws,
        seed=seed,
        distribution=distribution,
        values={name: values[name] for name in COST_QUANTITIES},
        seconds=time.perf_counter() - started,
    )


_SUMMED = ("marops_cost", "replaced_cost", "legacy_org_cost", "new_org_cost", "recruitment_fees")
"""The totals :func:`simulate` adds up block by block (the net changes are their differences)."""


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
    base_net = float(_quantities(lines, base[:, None], oc)["net_change"][0])

    def scenario(salaries: npt.NDArray[np.float64], on_costs: OnCosts) -> dict[str, float]:
        totals = _quantities(lines, salaries[:, None], on_costs)
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
