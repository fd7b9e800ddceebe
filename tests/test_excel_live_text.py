"""Text that depends on inputs is a formula too (issue #21): the Migration sheet's "Phases in
flight" row follows the phases' start months and lengths on the Assumptions sheet, and a
workflow's owner count follows its Owners cell — checked by recalculating in LibreOffice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from conftest import LibreOfficeRecalc, named_value
from mocmo import migration
from mocmo.defaults import load_example
from mocmo.excel import write_workbook
from mocmo.plan import with_value


def _row(ws: Any, label: str) -> int:
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == label:
            return int(row[0].row)
    raise AssertionError(f"no row labelled {label!r}")


def _month_cells(ws: Any, horizon: int) -> dict[int, str]:
    """Month number → column letter, from the sheet's month header row."""
    month_row = _row(ws, "Month")
    found = {}
    for cell in ws[month_row]:
        if isinstance(cell.value, int) and cell.column > 1:
            found[cell.value] = cell.column_letter
    assert sorted(found) == list(range(1, horizon + 1))
    return found


def test_phases_in_flight_follow_a_phase_moved_on_assumptions(
    lo_recalc: LibreOfficeRecalc, tmp_path: Path
) -> None:
    """Moving "Audience pilot" (months 4–5 in the example) to start in month 9 on the
    Assumptions sheet: after LibreOffice recalculates, every month's "Phases in flight" equals
    the model's phases_in_flight of the plan with that start month — in particular month 4 no
    longer names the pilot and months 9 and 10 do."""
    plan = load_example()
    index = next(i for i, p in enumerate(plan.phases) if p.name == "Audience pilot")
    moved = with_value(plan, f"phases[{index}].start_month", 9)
    xlsx = write_workbook(plan, tmp_path / "book.xlsx")
    wb = openpyxl.load_workbook(xlsx)
    (sheet, ref), *_ = wb.defined_names["phase_audience_pilot_start_month"].destinations
    wb[sheet][ref.replace("$", "")].value = 9
    wb.save(xlsx)
    values = openpyxl.load_workbook(lo_recalc(xlsx), data_only=True)
    assert named_value(values, "phase_audience_pilot_start_month") == 9
    ws = values["Migration"]
    row = _row(ws, "Phases in flight")
    shown = {
        m: ws[f"{letter}{row}"].value or ""
        for m, letter in _month_cells(ws, plan.horizon_months).items()
    }
    expected = {
        m: ", ".join(migration.phases_in_flight(moved, m))
        for m in range(1, plan.horizon_months + 1)
    }
    assert shown == expected
    assert "Audience pilot" not in shown[4] and "Audience pilot" in shown[9]
    assert "Audience pilot" in shown[10] and "Audience pilot" not in shown[11]


def test_owner_counts_follow_the_owners_cell(lo_recalc: LibreOfficeRecalc, tmp_path: Path) -> None:
    """The Owner count of a workflow is a formula of its Owners cell: the example's counts
    recalculate to the plan's owner counts, top_workflows_owned to the model's figure; giving
    the first top workflow with one owner a second owner in the Owners cell makes its count 2
    and top_workflows_owned one less."""
    plan = load_example()
    xlsx = write_workbook(plan, tmp_path / "book.xlsx")
    wb = openpyxl.load_workbook(xlsx)
    ws = wb["Migration"]
    header = next(
        r[0].row for r in ws.iter_rows(min_col=5, max_col=5) if r[0].value == "Owner count"
    )
    rows = list(range(header + 1, header + 1 + len(plan.workflows)))
    assert all(str(ws[f"E{r}"].value).startswith("=") for r in rows)
    first_single = next(i for i, wf in enumerate(plan.workflows) if wf.top and len(wf.owners) == 1)
    before = openpyxl.load_workbook(lo_recalc(xlsx), data_only=True)
    counts = [before["Migration"][f"E{r}"].value for r in rows]
    assert counts == [len(wf.owners) for wf in plan.workflows]
    owned = sum(1 for wf in plan.workflows if wf.top and len(wf.owners) == 1)
    assert named_value(before, "top_workflows_owned") == owned
    cell = ws[f"D{rows[first_single]}"]
    cell.value = f"{cell.value}; Someone Else"
    wb.save(xlsx)
    after = openpyxl.load_workbook(lo_recalc(xlsx), data_only=True)
    assert after["Migration"][f"E{rows[first_single]}"].value == 2
    assert named_value(after, "top_workflows_owned") == owned - 1
