"""The Migration sheet's staffing grids: each staffing line's headcount month by month, the
handover months split out (the lines come from :mod:`mocmo.excel._flows`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mocmo.excel._book import Sheet, col

FIRST_MONTH_COL = 9
"""Column of month 1 in the staffing grid and the month-by-month table."""


MONTH_FORMAT = '"M"0'
"""How a month number shows in a grid's header (``M7``): a number formulas can read."""


def month_header_at(sheet: Sheet, header_row: int) -> Callable[[int], str]:
    """``months(m)`` → the reference of month ``m``'s number in the grid header at
    ``header_row`` (the column's own, row fixed: ``J$41``)."""
    return lambda m: f"{col(FIRST_MONTH_COL + m - 1)}${header_row}"


def month_header(sheet: Sheet, header_row: int, horizon: int) -> Callable[[int], str]:
    """Make the month columns of the header at ``header_row`` numbers (shown ``M1``, ``M2`` …)
    that the grid's formulas read instead of typing the month; returns :func:`month_header_at`."""
    for m in range(1, horizon + 1):
        cell = sheet.ws.cell(row=header_row, column=FIRST_MONTH_COL + m - 1)
        cell.value = m
        cell.number_format = MONTH_FORMAT
    return month_header_at(sheet, header_row)


@dataclass(frozen=True)
class _Line:
    group: str
    name: str
    headcount: str
    first: str
    last: str
    per_head: str
    salary: str
    handover_from: str = ""
    """For a legacy line: the month its team changes shape (from then on it is a handover)."""
    country: str = ""
    """The country its people are costed in (:mod:`mocmo.costing.profiles`); empty: the
    plan's."""


def _grid(sheet: Sheet, row: int, lines: list[_Line], horizon: int) -> tuple[int, int, int]:
    """The 1/0 staffing grid; returns the next free row and its first and last rows."""
    labels = ["Group", "Line", "Headcount / FTE", "Handover from month", "First month",
              "Last month", "Annual loaded cost", "Monthly cost"]  # fmt: skip
    labels += [f"M{m}" for m in range(1, horizon + 1)]
    first = row = sheet.header(row, labels)
    months = month_header(sheet, first - 1, horizon)
    for line in lines:
        c = sheet.at(row)
        sheet.text(row, 1, line.group)
        sheet.text(row, 2, line.name)
        sheet.formula(row, 3, line.headcount, "fte")
        if line.handover_from:
            sheet.formula(row, 4, line.handover_from, "month")
        if line.first == "1":
            sheet.value(row, 5, 1, "month", "value")
        else:
            sheet.formula(row, 5, line.first, "month")
        if line.last:
            sheet.formula(row, 6, line.last, "month")
        sheet.formula(row, 7, f"{c(3)}*{line.per_head}", "money")
        sheet.formula(row, 8, f"{c(7)}/months_per_year", "money")
        for m in range(1, horizon + 1):
            month = months(m)
            sheet.formula(
                row, FIRST_MONTH_COL + m - 1,
                f"IF(AND({c(5)}<={month},OR(NOT(ISNUMBER({c(6)})),{month}<={c(6)})),1,0)",
                "count",
            )  # fmt: skip
        row += 1
    return row + 1, first, row - 1


def _handover_grid(
    sheet: Sheet, row: int, lines: list[_Line], grid_first: int, horizon: int
) -> tuple[int, dict[int, int]]:
    """1 in each month a legacy line is on the payroll after its team changed shape (a
    handover overlap); returns the next free row and each line's (by index) row here."""
    row = sheet.section(
        row,
        "Handover months (1 = still on the payroll after the team changed shape)",
        "Their pay in those months is the handover overlap, a one-off, not payroll. Like "
        "payroll it is costed within the horizon only: months after it are not counted (the "
        "Migration step warns of them).",
    )
    rows: dict[int, int] = {}
    for k, line in enumerate(lines):
        if not line.handover_from:
            continue
        line_row = grid_first + k
        sheet.text(row, 2, line.name)
        sheet.formula(row, 4, sheet.ref(line_row, 4, sheet=False), "month")
        months = month_header_at(sheet, grid_first - 1)
        for m in range(1, horizon + 1):
            column = FIRST_MONTH_COL + m - 1
            on = sheet.ref(line_row, column, absolute=False, sheet=False)
            sheet.formula(
                row, column,
                f"IF(AND({on}=1,{months(m)}>={sheet.ref(row, 4, sheet=False)}),1,0)", "count",
            )  # fmt: skip
        rows[k] = row
        row += 1
    return row + 1, rows
