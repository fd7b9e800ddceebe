"""Cached values in the workbook (issue #21): a preview that does not recalculate — an email, a
file viewer, ``pandas.read_excel``, openpyxl with ``data_only=True`` — shows the figures, while
every formula stays a formula and the file still asks for a full recalculation on load."""

from __future__ import annotations

import json
import math
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from mocmo.defaults import example_path, load_example
from mocmo.excel import write_workbook
from mocmo.excel._cached import store_values
from mocmo.summary import headline
from mocmo.synthetic import synthetic_plan


def _named(wb: Any, key: str) -> Any:
    (sheet, ref), *_ = wb.defined_names[key].destinations
    return wb[sheet][ref.replace("$", "")]


def _same(model: Any, stored: Any) -> bool:
    if model is None:
        return stored in ("", None)
    if isinstance(model, bool | str):
        return bool(stored == model)
    return isinstance(stored, int | float) and math.isclose(
        float(stored), float(model), rel_tol=1e-9, abs_tol=0.005
    )


@pytest.mark.parametrize("which", ["example", "synthetic"])
def test_every_summary_figure_reads_back_without_recalculating(which: str, tmp_path: Path) -> None:
    """Every headline figure's defined name, read with data_only=True straight from the file
    mocmo wrote (no LibreOffice), holds the figure of `mocmo summary --json`; the cell is still
    a formula, and the workbook still recalculates everything on load."""
    plan = load_example() if which == "example" else synthetic_plan(people=60)
    xlsx = write_workbook(plan, tmp_path / "book.xlsx")
    figures = json.loads(json.dumps(headline(plan), default=str))
    values = openpyxl.load_workbook(xlsx, data_only=True)
    formulas = openpyxl.load_workbook(xlsx)
    wrong = {
        key: (model, _named(values, key).value)
        for key, model in figures.items()
        if not _same(model, _named(values, key).value)
    }
    assert wrong == {}
    assert all(_named(formulas, key).data_type == "f" for key in figures)
    with zipfile.ZipFile(xlsx) as z:
        assert re.search(r'<calcPr[^>]*fullCalcOnLoad="1"', z.read("xl/workbook.xml").decode())
    # pandas shows the Summary's figures (the row of total_net_change, its value column)
    table = pd.read_excel(xlsx, sheet_name="Summary", header=None)
    row = table.index[table[4] == "total_net_change"][0]
    assert _same(figures["total_net_change"], table.iloc[row, 1])


def test_store_values_keeps_formulas_and_escapes_text(tmp_path: Path) -> None:
    """Numbers, text with XML's special characters and a formula-looking string, a boolean and
    an empty figure go into the formula cells named; the formulas are untouched; a cell not
    named keeps no value; a plain value cell is never touched."""
    path = tmp_path / "t.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Summary"
    ws["A1"] = 2
    ws["B1"] = "=A1*2"
    ws["C1"] = '="x"&A1'
    ws["D1"] = "=A1>1"
    ws["E1"] = '=""'
    ws["F1"] = "=A1+0.5"
    ws["G1"] = "=A1"
    wb.save(path)
    hostile = '=HYPERLINK("x") <b> & "q"'
    stored = store_values(
        path, {"Summary": {"B1": 4, "C1": hostile, "D1": True, "E1": None, "F1": 2.5, "A1": 9}}
    )
    assert stored == 5  # A1 is a value, not a formula: left alone
    values = openpyxl.load_workbook(path, data_only=True)["Summary"]
    assert [values[c].value for c in ("A1", "B1", "C1", "D1", "F1", "G1")] == [
        2, 4, hostile, True, 2.5, None
    ]  # fmt: skip
    assert values["E1"].value in ("", None)
    formulas = openpyxl.load_workbook(path)["Summary"]
    assert [formulas[c].value for c in ("B1", "C1", "D1", "E1", "F1", "G1")] == [
        "=A1*2", '="x"&A1', "=A1>1", '=""', "=A1+0.5", "=A1"
    ]  # fmt: skip


def test_export_verify_stores_every_formulas_value(
    soffice: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`mocmo export --verify` (LibreOffice present) stores every formula's value: a cell deep
    in a step sheet — the Whole Cost sheet's net change, which the Summary only links to —
    reads back, without recalculating, as the model's figure; almost no formula cell is left
    without a value (only those whose result is empty text)."""
    from mocmo.cli import main

    monkeypatch.setenv("MOCMO_SOFFICE", soffice)
    out = tmp_path / "out"
    assert main(["export", str(example_path()), "--out", str(out), "--verify", "--quiet"]) == 0
    xlsx = next(out.glob("*.xlsx"))
    formulas = openpyxl.load_workbook(xlsx)
    values = openpyxl.load_workbook(xlsx, data_only=True)
    empty = total = 0
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    total += 1
                    empty += values[ws.title][cell.coordinate].value is None
    assert total > 1000 and empty / total < 0.1
    link = _named(formulas, "total_net_change").value  # =ROUND('Whole Cost'!$X$n,2) or a link
    source = re.search(r"('?[^'!(]+'?)!\$?([A-Z]+)\$?([0-9]+)", link)
    assert source is not None
    sheet = source[1].strip("'")
    deep = values[sheet][f"{source[2]}{source[3]}"].value
    assert _same(headline(load_example())["total_net_change"], deep)
    capsys.readouterr()
