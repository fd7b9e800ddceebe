"""No constants inside the workbook's formulas (issue #21, the FAST Standard's rule): every
month, the months in a year, the horizon, a band's mid point and statutory thresholds come
from a named cell or the month header row, so a finance reviewer can see and change them.

What a formula may still type, and why:
- 0 and 1 (nothing, one, a whole, "on"/"off" flags, "+ 1" between a start and an end month);
- the digits argument of ROUND / ROUNDUP / ROUNDDOWN (pennies: ``ROUND(x,2)``);
- the tolerances 1E-9 (a float compared with 0, or nudged before ROUNDUP) and 0.001 (a month
  costing within a tenth of a penny of staying legacy counts as no change, as
  ``mocmo.migration.nothing_changes`` does);
- the 2 of a linear ramp's arithmetic (its average is half: ``/2``; the lost output of part
  of a ramp is ``(hi − lo) − (hi² − lo²) ÷ (2 × ramp months)``): algebra, not an assumption.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from openpyxl.formula import Tokenizer

from mocmo.defaults import load_example
from mocmo.excel import build_workbook
from mocmo.plan import Plan
from mocmo.synthetic import synthetic_plan

_ROUNDING = ("ROUND(", "ROUNDUP(", "ROUNDDOWN(")
_TOLERANCES = {"1E-9", "0.001"}


def _literals(formula: str) -> Iterator[tuple[str, str]]:
    """Each numeric literal of ``formula`` not allowed (module docstring), with its context."""
    tokens = Tokenizer(formula).items
    stack: list[str] = []
    for i, t in enumerate(tokens):
        if t.subtype == "OPEN":
            stack.append(t.value)
        elif t.subtype == "CLOSE" and stack:
            stack.pop()
        if t.type != "OPERAND" or t.subtype != "NUMBER":
            continue
        before = tokens[i - 1].value if i else ""
        after = tokens[i + 1].value if i + 1 < len(tokens) else ""
        if t.value in ("0", "1") or t.value in _TOLERANCES:
            continue
        if before == "," and stack and stack[-1] in _ROUNDING:
            continue
        if t.value == "2" and (before in ("^", "/") or (before == "(" and after == "*")):
            continue
        yield t.value, f"…{before}{t.value}{after}…"


def _offenders(plan: Plan) -> list[tuple[str, str, str]]:
    wb: Any = build_workbook(plan)
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" and isinstance(cell.value, str):
                    found += [
                        (f"{ws.title}!{cell.coordinate}", value, where)
                        for value, where in _literals(cell.value)
                    ]
    return found


@pytest.mark.parametrize(
    "which", ["example", "synthetic 60 people", "synthetic 300 people, 30 months"]
)
def test_no_formula_types_a_constant(which: str) -> None:
    """Every formula of the example's workbook and of two synthetic plans' is free of numeric
    literals beyond the allow-list (the module docstring)."""
    plan = {
        "example": load_example,
        "synthetic 60 people": lambda: synthetic_plan(people=60),
        "synthetic 300 people, 30 months": lambda: synthetic_plan(300, 30, 30),
    }[which]()
    offenders = _offenders(plan)
    assert offenders == [], f"{len(offenders)} constants in formulas, e.g. {offenders[:5]}"


@pytest.mark.parametrize(
    ("formula", "found"),
    [
        ("=IF(AND($E$9<=4,4<=$F$9),1,0)", ["4", "4"]),  # a month typed in
        ("=$C$7/12", ["12"]),
        ("=18+1-SUM(I85:Z85)", ["18"]),
        ("=$C$7+($D$7-$C$7)*0.5", ["0.5"]),
        ("=4-COUNTA($B$45:$E$45)", ["4"]),
        ("=ROUND($B$3,2)+ROUND($B$4/2,0)", []),
        ("=$H$5*$S$5/2+MIN(3,$S$5)^2/(2*$S$5)", ["3"]),
        ("=IF($Q$7<=1E-9,0,ROUNDUP($Q$7/fte_step-1E-9,0))", []),
    ],
)
def test_the_scan_finds_what_it_should(formula: str, found: list[str]) -> None:
    """The scan itself: typed months, 12, the horizon, a typed mid point and a column count are
    found; rounding digits, tolerances and ramp algebra are not."""
    assert [value for value, _where in _literals(formula)] == found
