"""The headline figures and the checks of a whole plan.

The figures are those of the registry (:data:`mocmo.figures.FIGURES`: one entry per figure,
each with the function that computes it); each step module exposes
``checks(plan) -> list[Problem]``. This module only gathers them; it computes nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable

from mocmo.figures import Figure, compute_all
from mocmo.plan import Plan, Problem, plan_warnings

__all__ = ["CheckFn", "Figure", "HeadlineFn", "checks", "headline", "plan_errors"]

HeadlineFn = Callable[[Plan], dict[str, Figure]]
CheckFn = Callable[[Plan], list[Problem]]


def _check_sections() -> list[CheckFn]:
    from mocmo import audiences, costing, diagnostics, governance, migration, reshape

    sections: list[CheckFn] = [
        plan_warnings,
        diagnostics.checks,
        audiences.checks,
        reshape.checks,
        costing.checks,
        migration.checks,
        governance.checks,
    ]
    return sections


def headline(plan: Plan, *, simulation: bool = True) -> dict[str, Figure]:
    """Every headline figure of the plan, in the registry's (step) order; with
    ``simulation=False`` without the declared simulation outputs (the ranges of
    :mod:`mocmo.ranges`, which run the model once per node of every driver)."""
    return {key: _tidy(value) for key, value in compute_all(plan, simulation=simulation).items()}


def _tidy(value: Figure) -> Figure:
    """Drop binary float noise (44.120000000000005 → 44.12); 9 decimals keep every figure
    well inside the workbook's 1e-6 agreement."""
    return round(value, 9) if isinstance(value, float) else value


def checks(plan: Plan) -> list[Problem]:
    """Every problem the steps find in a valid plan: errors first, then warnings."""
    found: list[Problem] = []
    for section in _check_sections():
        found.extend(section(plan))
    return sorted(found, key=lambda p: p.severity != "error")


def plan_errors(plan: Plan) -> list[Problem]:
    """The error-severity problems of :func:`checks`: a plan with any cannot be saved as valid."""
    return [p for p in checks(plan) if p.severity == "error"]
