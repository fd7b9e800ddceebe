"""The finance workbook's sheet order, kept through openpyxl's public API only."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl import Workbook

from mocmo.defaults import load_example
from mocmo.excel import SHEET_ORDER, build_workbook, write_workbook
from mocmo.excel._book import order_sheets

EXAMPLE_SHEETS = [
    "Summary",
    "Assumptions",
    "Diagnostics",
    "Audiences",
    "Reshape",
    "Hand-Off Tax",
    "MarOps Costing",
    "New Org",
    "Whole Cost",
    "Migration",
    "Agents & Governance",
    "Ranges",
    "Org chart",
]


def test_saved_example_workbook_has_every_sheet_in_sheet_order(tmp_path: Path) -> None:
    """The saved example workbook's sheets are exactly SHEET_ORDER, in that order (People
    only with --include-people, and the example has no roster)."""
    path = write_workbook(load_example(), tmp_path / "example.xlsx")
    names = openpyxl.load_workbook(path).sheetnames
    assert names == [t for t in SHEET_ORDER if t != "People"]
    assert names == EXAMPLE_SHEETS


def test_workbook_is_ordered_without_replacing_openpyxls_private_sheet_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """build_workbook orders the sheets without assigning openpyxl's private ``_sheets``."""
    original_setattr = Workbook.__setattr__

    def guarded(self: Workbook, name: str, value: Any) -> None:
        if name == "_sheets" and "_sheets" in self.__dict__:
            raise AssertionError("Workbook._sheets replaced: use the public API")
        original_setattr(self, name, value)

    monkeypatch.setattr(Workbook, "__setattr__", guarded)
    wb = build_workbook(load_example())
    assert wb.sheetnames == EXAMPLE_SHEETS
    assert wb.active is not None and wb.active.title == "Summary"


def test_sheets_do_not_depend_on_module_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every step sheet is written even when importlib's find_spec finds nothing: the package's
    own modules and its hard dependencies (Pillow, vl-convert) are imported plainly."""
    monkeypatch.setattr(importlib.util, "find_spec", lambda *args, **kwargs: None)
    wb = build_workbook(load_example())
    assert wb.sheetnames == EXAMPLE_SHEETS


def test_order_sheets_moves_the_given_sheets_to_the_front_in_order() -> None:
    """order_sheets puts the named sheets first in the given order; the others follow as they
    were, and the first sheet becomes the active one."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    first.title = "C"
    for title in ("A", "D", "B"):
        wb.create_sheet(title)
    order_sheets(wb, [wb["A"], wb["B"], wb["C"]])
    assert wb.sheetnames == ["A", "B", "C", "D"]
    assert wb.active is not None and wb.active.title == "A"


def test_order_sheets_refuses_a_sheet_of_another_workbook() -> None:
    """order_sheets refuses a worksheet that is not in the workbook, naming it."""
    wb, other = Workbook(), Workbook()
    stranger = other.create_sheet("Stranger")
    with pytest.raises(ValueError, match=r"'Stranger'.*not in this workbook"):
        order_sheets(wb, [stranger])
