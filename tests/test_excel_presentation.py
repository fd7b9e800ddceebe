"""The workbook as a finance reviewer prints and reads it (issue #21): A4, nothing printed below
60%, label columns repeated on every page of a wide sheet, a contents list on the Summary that
links every sheet, and a native cost-bridge chart whose data are live formulas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conftest import LibreOfficeRecalc, named_value
from mocmo.defaults import load_example
from mocmo.excel import build_workbook, write_workbook
from mocmo.synthetic import synthetic_plan


def _printable_scale(ws: Any) -> float:
    """The scale a sheet prints at: its own, or (fitted to the width) the width of A4 between
    0.75-inch margins — 297 − 38.1 = 258.9 mm landscape, 210 − 38.1 = 171.9 mm portrait, at
    96 px an inch — over its columns' width (about 7 px a character + 5 px a column)."""
    if not ws.sheet_properties.pageSetUpPr.fitToPage:
        return float(ws.page_setup.scale or 100)
    mm = 258.9 if ws.page_setup.orientation == "landscape" else 171.9
    px = mm / 25.4 * 96
    widths = [
        ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width or 8.43
        for c in range(1, ws.max_column + 1)
    ]
    return min(100.0, 100.0 * px / sum(7 * w + 5 for w in widths))


@pytest.mark.parametrize("which", ["example", "synthetic 300 people, 36 months"])
def test_every_sheet_prints_on_a4_at_60_percent_or_more(which: str) -> None:
    """Each sheet: A4; printed at 60% or more; a sheet too wide for one page at 60% repeats
    its label columns on every page (print titles)."""
    plan = load_example() if which == "example" else synthetic_plan(300, 30, 36)
    wb = build_workbook(plan)
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4), ws.title  # 9: A4
        assert _printable_scale(ws) >= 60 - 1e-9, ws.title
        if not ws.sheet_properties.pageSetUpPr.fitToPage:
            assert ws.print_title_cols, ws.title


def test_the_summary_lists_and_links_every_sheet(tmp_path: Path) -> None:
    """The Summary's contents name every other sheet of the workbook, each a link to its A1,
    with what it holds."""
    wb = openpyxl.load_workbook(write_workbook(load_example(), tmp_path / "book.xlsx"))
    ws = wb["Summary"]
    rows = list(ws.iter_rows(min_col=1, max_col=2))
    start = next(i for i, (a, _b) in enumerate(rows) if a.value == "Contents")
    listed = {}
    for a, b in rows[start + 2 :]:
        if not a.value:
            break
        listed[a.value] = (a.hyperlink.location if a.hyperlink else None, b.value)
    assert set(listed) == set(wb.sheetnames)
    for title, (location, purpose) in listed.items():
        assert location is not None and location.endswith("!A1"), title
        assert location.rsplit("!", 1)[0].strip("'").replace("''", "'") == title
        assert purpose, title


def test_the_cost_bridge_is_a_native_chart_of_live_formulas(
    tmp_path: Path, lo_recalc: LibreOfficeRecalc
) -> None:
    """Whole Cost's bridge: recalculated by LibreOffice, it starts at legacy_total_cost and
    ends at new_total_cost; each step's bar spans from the running total before the change to
    the running total after it (hidden base = the lower, the bar = the change's size); the
    chart is a stacked column chart of the four series, the base without fill."""
    xlsx = write_workbook(load_example(), tmp_path / "book.xlsx")
    formulas = openpyxl.load_workbook(xlsx)
    ws = formulas["Whole Cost"]
    (chart,) = [c for c in ws._charts if "bridge" in str(c.title.tx.rich.p[0].r[0].t).lower()]
    assert chart.grouping == "stacked" and len(chart.series) == 4
    assert chart.series[0].graphicalProperties.noFill
    values = openpyxl.load_workbook(lo_recalc(xlsx), data_only=True)
    sheet = values["Whole Cost"]
    rows = [list(r) for r in sheet.iter_rows(min_col=1, max_col=5, values_only=True)]
    start = next(i for i, r in enumerate(rows) if r[0] == "Step")
    bridge = rows[start + 1 : start + 6]
    assert bridge[0][0] == "Whole cost today" and bridge[-1][0] == "Whole cost, new model"
    legacy, new = named_value(values, "legacy_total_cost"), named_value(values, "new_total_cost")
    assert bridge[0][2] == pytest.approx(legacy) and bridge[-1][2] == pytest.approx(new)
    running = legacy
    for _label, base, total, up, down in bridge[1:-1]:
        assert total == 0
        after = running + up - down
        assert base == pytest.approx(min(running, after))
        assert up * down == 0  # a step rises or falls
        running = after
    assert running == pytest.approx(new)


def test_the_cash_curve_marks_break_even(tmp_path: Path, lo_recalc: LibreOfficeRecalc) -> None:
    """The Migration sheet's cash chart has a Break-even marker series; recalculated by
    LibreOffice its row holds one number, in the column of month breakeven_month, equal to the
    cumulative difference there (every other month #N/A: not plotted)."""
    plan = load_example()
    xlsx = write_workbook(plan, tmp_path / "book.xlsx")
    ws = openpyxl.load_workbook(xlsx)["Migration"]
    titles = [str(s.tx.v) for c in ws._charts for s in getattr(c, "series", [])]
    titles += [str(s.tx.v) for c in ws._charts for sub in c._charts for s in sub.series]
    assert "Break-even" in titles
    values = openpyxl.load_workbook(lo_recalc(xlsx), data_only=True)
    sheet = values["Migration"]
    labels = {row[0].value: row[0].row for row in sheet.iter_rows(min_col=1, max_col=1)}
    month_row = labels["Month"]
    marker_row = next(r for label, r in labels.items() if str(label).startswith("Break-even ("))
    cumulative_row = labels["Cumulative difference"]
    month = named_value(values, "breakeven_month")
    assert isinstance(month, int | float) and 1 <= month <= plan.horizon_months
    marked = [
        cell.column
        for cell in sheet[marker_row]
        if cell.column > 1 and isinstance(cell.value, int | float)
    ]
    assert len(marked) == 1
    column = marked[0]
    assert sheet.cell(month_row, column).value == month
    assert sheet.cell(marker_row, column).value == pytest.approx(
        sheet.cell(cumulative_row, column).value
    )
