"""Every Assumptions input allows what its plan field allows (issue #21): the data validation of
each input cell is the plan model's own rule (:mod:`mocmo.plan.rules`), with the rule in words
as its input message — so Excel refuses what ``mocmo import-xlsx`` would refuse."""

from __future__ import annotations

from typing import Any

import pytest

from mocmo.defaults import load_example
from mocmo.excel import build_workbook
from mocmo.excel._assumptions import ASSUMPTIONS
from mocmo.plan import PlanError, with_value
from mocmo.plan.rules import NumberRule, number_rule


@pytest.fixture(scope="module")
def book() -> Any:
    return build_workbook(load_example())


def _validations(ws: Any) -> dict[str, Any]:
    """Cell coordinate → the data validation that covers it (each cell at most one)."""
    found: dict[str, Any] = {}
    for dv in ws.data_validations.dataValidation:
        for cells in dv.sqref.ranges:
            for row in ws[cells.coord] if ":" in cells.coord else ((ws[cells.coord],),):
                for cell in row:
                    assert cell.coordinate not in found, f"{cell.coordinate} validated twice"
                    found[cell.coordinate] = dv
    return found


def _cell(book: Any, name: str) -> Any:
    (sheet, ref), *_ = book.defined_names[name].destinations
    return book[sheet][ref.replace("$", "")]


def _is_input(cell: Any) -> bool:
    color = cell.font.color if cell.font is not None else None
    return color is not None and str(color.rgb).endswith("0000FF")


def test_every_input_cell_on_assumptions_is_validated(book: Any) -> None:
    """Every input-styled named cell of the Assumptions sheet — about 500 on the example — has a
    data validation (a number rule, or a list for a choice), its rule shown as input message."""
    ws = book["Assumptions"]
    rules = _validations(ws)
    inputs = [
        n for n in book.defined_names if _cell(book, n).parent is ws and _is_input(_cell(book, n))
    ]
    assert len(inputs) > 400
    missing = [n for n in inputs if _cell(book, n).coordinate not in rules]
    assert missing == []
    for name in inputs:
        dv = rules[_cell(book, name).coordinate]
        if dv.type != "list":
            assert dv.prompt and dv.showInputMessage and dv.error, name


@pytest.mark.parametrize(
    ("name", "kind", "operator", "low", "high"),
    [
        # hand-read from mocmo/plan/fields.py and mocmo/transition/assumptions.py
        ("employer_ni_rate", "decimal", "between", 0.0, 1.0),  # Fraction: 0 to 1
        ("ni_threshold", "decimal", "between", 0.0, 1e9),  # MoneyOrZero: 0 to MAX_MONEY
        ("hours_per_week", "decimal", "between", 1e-12, 168.0),  # above 0, at most 168
        ("pay_review_first_month", "whole", "between", 1.0, 36.0),  # Month: 1 to MAX_MONTH
        ("phase_audience_pilot_start_month", "whole", "between", 1.0, 36.0),
        ("transition_notice_weeks", "decimal", "between", 0.0, 104.0),
        ("transition_statutory_notice_max_weeks", "whole", "between", 0.0, 104.0),
    ],
)
def test_a_rule_read_by_hand_is_the_cells_validation(
    book: Any, name: str, kind: str, operator: str, low: float, high: float
) -> None:
    """Spot checks against the rules as written in the plan model."""
    dv = _validations(book["Assumptions"])[_cell(book, name).coordinate]
    assert (dv.type, dv.operator) == (kind, operator)
    assert float(dv.formula1) == pytest.approx(low) and float(dv.formula2) == pytest.approx(high)


@pytest.mark.parametrize(
    "row", [a for a in ASSUMPTIONS if a.editable and a.path and not a.choices], ids=lambda a: a.name
)
def test_the_plan_refuses_just_outside_what_the_cell_allows(row: Any) -> None:
    """For each plan-wide input: a value just above its rule's high (or just below its low) is
    refused by the plan's own validation: the workbook's rule is not wider than the plan's."""
    rule = number_rule(f"assumptions.{row.path}")
    assert isinstance(rule, NumberRule), row.path
    plan = load_example()
    path = f"assumptions.{row.path}"
    if rule.high is not None:
        step = 1.0 if rule.whole else max(1e-6, rule.high * 1e-9)
        with pytest.raises(PlanError):
            with_value(plan, path, rule.high + step)
    if rule.low is not None:
        with pytest.raises(PlanError):
            with_value(plan, path, rule.low - 1e-6 if not rule.low_open else rule.low)
