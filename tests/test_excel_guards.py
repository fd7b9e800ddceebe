"""Safe to edit (issue #21): each Assumptions input row carries a live guard that says "ok" while
its defined name still points at its own row, and "moved" once a sort or a cut-and-paste has
put another row's value under the name; the Summary's checks count them.

A sort moves the cells' contents while every defined name keeps its address. The test makes
that move with openpyxl (two rows' contents swapped, formulas and all) and lets LibreOffice
recalculate: what a Data ▸ Sort of those two rows leaves behind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conftest import LibreOfficeRecalc, named_value
from mocmo.defaults import load_example
from mocmo.excel import write_workbook
from mocmo.excel._assumptions import GUARD_COL


def _row_of(wb: Any, name: str) -> int:
    (sheet, ref), *_ = wb.defined_names[name].destinations
    assert sheet == "Assumptions"
    return int(wb[sheet][ref.replace("$", "")].row)


def _guards(ws: Any) -> dict[str, str]:
    """Name cell → guard text of every row that has a guard."""
    found = {}
    for row in ws.iter_rows(min_row=1):
        guard = row[GUARD_COL - 1].value
        if isinstance(guard, str) and row[0].value and guard != "Guard":
            found[str(row[0].value)] = guard
    return found


def _checks(ws: Any) -> dict[str, Any]:
    """The Summary's Checks block: label → status."""
    rows = list(ws.iter_rows(min_col=1, max_col=2, values_only=True))
    start = next(i for i, (a, _b) in enumerate(rows) if a == "Check")
    out = {}
    for label, status in rows[start + 1 :]:
        if not label:
            break
        out[str(label)] = status
    return out


@pytest.fixture(scope="module")
def example_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(load_example(), tmp_path_factory.mktemp("guards") / "book.xlsx")


def test_an_unedited_export_has_every_guard_ok(
    example_book: Path, lo_recalc: LibreOfficeRecalc
) -> None:
    """Every input row's guard is "ok", none moved, and both Summary checks are green."""
    wb = openpyxl.load_workbook(lo_recalc(example_book), data_only=True)
    guards = _guards(wb["Assumptions"])
    assert len(guards) > 100
    assert set(guards.values()) == {"ok"}
    assert named_value(wb, "inputs_moved") == 0
    assert set(_checks(wb["Summary"]).values()) == {"ok", "Inputs as simulated"}


def test_two_rows_swapped_turn_both_guards_red(
    example_book: Path, lo_recalc: LibreOfficeRecalc, tmp_path: Path
) -> None:
    """Swapping the whole rows of employer_ni_rate and ni_threshold (as a sort would: contents
    move, the names stay): exactly those two guards say "moved", inputs_moved is 2, and the
    Summary's check names the two moved inputs; the others stay "ok"."""
    wb = openpyxl.load_workbook(example_book)
    ws = wb["Assumptions"]
    a, b = _row_of(wb, "employer_ni_rate"), _row_of(wb, "ni_threshold")
    for column in range(1, GUARD_COL + 1):
        top, bottom = ws.cell(a, column), ws.cell(b, column)
        top.value, bottom.value = bottom.value, top.value
    edited = tmp_path / "sorted.xlsx"
    wb.save(edited)
    values = openpyxl.load_workbook(lo_recalc(edited), data_only=True)
    guards = _guards(values["Assumptions"])
    moved = {name for name, text in guards.items() if text != "ok"}
    assert moved == {"employer_ni_rate", "ni_threshold"}
    assert all(guards[n].startswith("moved: ") for n in moved)
    assert named_value(values, "inputs_moved") == 2
    status = _checks(values["Summary"])
    assert "2 input(s) moved" in next(v for k, v in status.items() if k.startswith("Inputs"))
