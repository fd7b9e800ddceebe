"""Two plans side by side: every headline figure with its difference B − A and its share of A,
and the tables the comparison charts draw.

:func:`compare` answers "what if AI absorbs less than we think?": it gathers the headline
figures of both plans (:func:`mocmo.summary.headline` — nothing is computed here) with the
difference B − A and the change as a share of A, and the input differences in plain words
(:func:`mocmo.diff.plan_differences`, re-exported here with :class:`~mocmo.diff.Difference`).

The comparison as text for people (the figures table, signed differences) is in
:mod:`mocmo.present.compare`; its files are written by :func:`mocmo.export.export_comparison`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from mocmo.diff import Difference, plan_differences
from mocmo.plan import (
    Plan,
)

__all__ = [
    "LEGACY_GROUP",
    "Comparison",
    "Difference",
    "FigureDiff",
    "compare",
    "cost_by_group",
    "figure_diffs",
    "phase_table",
    "plan_differences",
    "plan_label",
    "timeline",
]

_EPS = 1e-9

# --------------------------------------------------------------------------- result types


@dataclass(frozen=True)
class FigureDiff:
    """One headline figure in both plans."""

    key: str
    """The figure's name, as ``mocmo summary --json`` prints it."""
    a: float | int | None
    b: float | int | None

    @property
    def delta(self) -> float | None:
        """B − A in the figure's unit; None when either plan has no figure."""
        if self.a is None or self.b is None:
            return None
        return float(self.b) - float(self.a)

    @property
    def pct(self) -> float | None:
        """(B − A) ÷ |A| (0.1 = 10%); None when either is missing or A is zero."""
        delta = self.delta
        if delta is None or self.a is None or abs(float(self.a)) < _EPS:
            return None
        return delta / abs(float(self.a))


@dataclass(frozen=True)
class Comparison:
    """Plan A and plan B: their headline figures side by side, and their input differences."""

    a_name: str
    b_name: str
    currency: str
    figures: tuple[FigureDiff, ...]
    differences: tuple[Difference, ...]

    def figure(self, key: str) -> FigureDiff:
        """The figure called ``key``; KeyError if neither plan has it."""
        for f in self.figures:
            if f.key == key:
                return f
        raise KeyError(key)

    def figures_table(self) -> pd.DataFrame:
        """One row per figure: key, a, b, delta (B − A), pct ((B − A) ÷ |A|)."""
        rows = [
            {"key": f.key, "a": f.a, "b": f.b, "delta": f.delta, "pct": f.pct} for f in self.figures
        ]
        return pd.DataFrame(rows, columns=["key", "a", "b", "delta", "pct"])

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: ``{"figures": {key: {a, b, delta, pct}}, "differences":
        [text, …]}``; a missing figure, difference or % is ``None``."""
        return {
            "figures": {
                f.key: {
                    "a": _plain_number(f.a),
                    "b": _plain_number(f.b),
                    "delta": _plain_number(f.delta),
                    "pct": _plain_number(f.pct),
                }
                for f in self.figures
            },
            "differences": [d.text for d in self.differences],
        }


def _plain_number(value: float | int | None) -> float | int | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int(value)
    number = float(value)
    return number if math.isfinite(number) else None


# --------------------------------------------------------------------------- figures


def figure_diffs(
    a: Mapping[str, float | int | None], b: Mapping[str, float | int | None]
) -> tuple[FigureDiff, ...]:
    """Every figure of either set, in A's order then B's extra ones, paired."""
    keys = list(dict.fromkeys([*a, *b]))
    return tuple(FigureDiff(k, _plain_number(a.get(k)), _plain_number(b.get(k))) for k in keys)


def compare(a: Plan, b: Plan) -> Comparison:
    """Plan A against plan B: every headline figure of both with B − A and its %, and every
    input difference in words."""
    from mocmo.summary import headline

    return Comparison(
        a_name=a.meta.name,
        b_name=b.meta.name,
        currency=b.meta.currency,
        figures=figure_diffs(headline(a), headline(b)),
        differences=tuple(plan_differences(a, b)),
    )


# --------------------------------------------------------------------------- tables for charts


def plan_label(which: str, plan: Plan) -> str:
    """How a chart names a plan: ``A: Brightwave Mini CMO plan``."""
    return f"{which}: {plan.meta.name}"


LEGACY_GROUP = "Today (legacy org)"
"""The row of :func:`cost_by_group` that holds the legacy org's whole cost."""


def cost_by_group(a: Plan, b: Plan) -> pd.DataFrame:
    """Loaded cost per year by group in both plans, from :func:`mocmo.costing.org_cost_by_group`:
    the legacy org's total (:data:`LEGACY_GROUP`) and each group of the new org (GTM,
    Custodians, MarOps, Other — a group empty in both plans is left out). Columns ``plan``
    (:func:`plan_label`), ``which`` (A/B), ``group``, ``loaded_cost`` (currency/year)."""
    from mocmo import costing

    rows: list[dict[str, Any]] = []
    tables = {}
    for which, plan in (("A", a), ("B", b)):
        table = costing.org_cost_by_group(plan)
        tables[which] = table
        rows.append(
            {
                "plan": plan_label(which, plan),
                "which": which,
                "group": LEGACY_GROUP,
                "loaded_cost": costing.legacy_org_loaded_cost(plan),
            }
        )
    for group in costing.NEW_GROUPS:
        values = {
            w: float(t.loc[t["group"] == group, "new_loaded_cost"].sum()) for w, t in tables.items()
        }
        if all(abs(v) < _EPS for v in values.values()):
            continue
        for which, plan in (("A", a), ("B", b)):
            rows.append(
                {
                    "plan": plan_label(which, plan),
                    "which": which,
                    "group": group,
                    "loaded_cost": values[which],
                }
            )
    return pd.DataFrame(rows, columns=["plan", "which", "group", "loaded_cost"])


def _side_by_side(a: Plan, b: Plan, table_of: Callable[[Plan], pd.DataFrame]) -> pd.DataFrame:
    """``table_of`` plan A then plan B, one frame, with columns ``plan`` (:func:`plan_label`)
    and ``which`` (A/B) in front."""
    frames = []
    for which, plan in (("A", a), ("B", b)):
        table = table_of(plan).copy()
        table.insert(0, "which", which)
        table.insert(0, "plan", plan_label(which, plan))
        frames.append(table)
    return pd.concat(frames, ignore_index=True)


def timeline(a: Plan, b: Plan) -> pd.DataFrame:
    """Both plans month by month, from :func:`mocmo.migration.monthly`: columns ``plan``,
    ``which``, ``month``, ``total_cost``, ``legacy_baseline_cost``, ``cumulative_difference``
    (currency; negative cumulative difference = cheaper than staying legacy so far)."""
    from mocmo import migration

    columns = ["month", "total_cost", "legacy_baseline_cost", "cumulative_difference"]
    return _side_by_side(a, b, lambda plan: migration.monthly(plan)[columns])


def phase_table(a: Plan, b: Plan) -> pd.DataFrame:
    """Both plans' phases, from :func:`mocmo.migration.schedule_table`: columns ``plan``,
    ``which``, ``phase``, ``start_month``, ``end_month`` (inclusive), ``months``."""
    from mocmo import migration

    columns = ["phase", "start_month", "end_month", "months"]
    return _side_by_side(a, b, lambda plan: migration.schedule_table(plan)[columns])
