"""The Assumptions sheet: every plan-wide input, one row each, each cell a defined name.

Per-item inputs (bands, points in band, headcounts, activity shares and destinations, workflow
steps, hire months) sit in the yellow input columns of the step sheets, next to the formulas
that use them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mocmo.excel._book import Book, Fmt, Sheet

__all__ = ["ASSUMPTIONS", "AssumptionRow", "write_assumptions"]

_CONSTANTS: dict[str, tuple[str, str, float, str]] = {
    "days_per_week": (
        "mocmo.reshape",
        "DAYS_PER_WEEK",
        5.0,
        "mocmo convention: 5 working days a week (mocmo.reshape.DAYS_PER_WEEK)",
    ),
    "flat_threshold": (
        "mocmo.costing",
        "FLAT_THRESHOLD",
        0.10,
        "mocmo assumption (mocmo.costing.FLAT_THRESHOLD)",
    ),
}
"""Model constants the workbook shows as inputs: name → (module, attribute, fallback, source)."""


def _constant(name: str) -> float:
    """The model's own value of a constant (its fallback while the step is not installed)."""
    import importlib

    module, attr, fallback, _source = _CONSTANTS[name]
    try:
        return float(getattr(importlib.import_module(module), attr))
    except (ImportError, AttributeError):
        return fallback


@dataclass(frozen=True)
class AssumptionRow:
    """One input row: defined name, where the value is in the plan, its format and unit."""

    name: str
    path: str
    fmt: Fmt
    unit: str
    label: str = ""
    choices: tuple[str, ...] = ()
    editable: bool = True
    """False for a value that shapes the workbook itself (shown, not an input)."""


ASSUMPTIONS: tuple[AssumptionRow, ...] = (
    AssumptionRow("hours_per_week", "hours_per_week", "hours", "hours/week"),
    AssumptionRow("productive_share", "productive_share", "pct", "fraction"),
    AssumptionRow(
        "days_per_week",
        "",
        "count",
        "working days",
        "Working days in a week (weeks = working days ÷ this)",
    ),
    AssumptionRow("handoff_wait_days", "handoff_wait_days", "days", "working days"),
    AssumptionRow("rework_probability", "rework_probability", "pct", "fraction"),
    AssumptionRow("rework_days", "rework_days", "days", "working days"),
    AssumptionRow("fte_step", "fte_step", "fte", "FTE"),
    AssumptionRow("load_weight", "load_weight", "general", "choice", choices=("pipeline", "equal")),
    AssumptionRow("company_pipeline_target", "company_pipeline_target", "money", "per year"),
    AssumptionRow("employer_ni_rate", "on_costs.employer_ni_rate", "pct", "fraction"),
    AssumptionRow("ni_threshold", "on_costs.ni_threshold", "money", "per year"),
    AssumptionRow(
        "pension_basis",
        "on_costs.pension_basis",
        "general",
        "choice",
        choices=("qualifying", "salary"),
    ),
    AssumptionRow("pension_rate", "on_costs.pension_rate", "pct", "fraction"),
    AssumptionRow("pension_lower", "on_costs.pension_lower", "money", "per year"),
    AssumptionRow("pension_upper", "on_costs.pension_upper", "money", "per year"),
    AssumptionRow("benefits_rate", "on_costs.benefits_rate", "pct", "fraction"),
    AssumptionRow("tools_per_head", "on_costs.tools_per_head", "money", "per head per year"),
    AssumptionRow("recruitment_fee_rate", "on_costs.recruitment_fee_rate", "pct", "fraction"),
    AssumptionRow(
        "flat_threshold",
        "",
        "pct",
        "fraction",
        "The MarOps change counts as roughly flat within ± this share of the replaced cost",
    ),
    AssumptionRow(
        "horizon_months",
        "horizon_months",
        "month",
        "months",
        "Months the Migration sheet shows (its columns: export again to change it)",
        editable=False,
    ),
)
"""The plan-wide inputs, in the order the sheet lists them."""


def _plan_value(book: Book, path: str) -> Any:
    if path == "horizon_months":
        return book.plan.horizon_months
    node: Any = book.plan.assumptions
    for part in path.split("."):
        node = getattr(node, part)
    return node


def _source(path: str, value: Any) -> tuple[str, str]:
    """(label, source) for an assumption: the default's metadata where one exists."""
    from mocmo.defaults import assumption_parameters

    params = assumption_parameters()
    if path in _CONSTANTS:
        return "", _CONSTANTS[path][3]
    param = params.get(path)
    if param is None:
        return "", "Plan input"
    if value == param.value or (
        isinstance(value, int | float)
        and isinstance(param.value, int | float)
        and float(value) == float(param.value)
    ):
        return param.label, param.source
    return param.label, f"Plan input (default {param.value}: {param.source})"


def write_assumptions(book: Book) -> Sheet:
    """Write the Assumptions sheet; every value cell becomes a defined name of its row's name."""
    sheet = book.sheet("Assumptions")
    row = sheet.heading(
        "Assumptions",
        "Every plan-wide input the workbook uses. Yellow cells are inputs: change one and every "
        "dependent total recalculates. Per-item inputs (bands, headcounts, activity shares, "
        "workflow steps, hires) are the yellow columns of each step sheet.",
    )
    row = sheet.header(row, ["Name", "Value", "Unit", "What it is", "Source"])
    for item in ASSUMPTIONS:
        value: Any = _plan_value(book, item.path) if item.path else _constant(item.name)
        label, source = _source(item.path or item.name, value)
        sheet.text(row, 1, item.name, "label")
        if item.choices:
            sheet.text(row, 2, str(value), "input")
            sheet.choice(sheet.ref(row, 2, sheet=False), item.choices)
        else:
            sheet.value(row, 2, value, item.fmt, "input" if item.editable else "value")
        sheet.text(row, 3, item.unit)
        sheet.text(row, 4, item.label or label)
        sheet.text(row, 5, source)
        book.define(item.name, sheet, row, 2)
        row += 1
    sheet.note(
        row + 1,
        1,
        "Each value cell is a defined name (Formulas ▸ Name Manager), so formulas read "
        "e.g. employer_ni_rate * MAX(0, salary - ni_threshold).",
    )
    sheet.finish()
    return sheet
