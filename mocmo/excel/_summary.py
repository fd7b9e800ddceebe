"""The Summary sheet: every headline figure, each a formula pointing into the step sheets.

Every key of ``mocmo summary --json`` is a workbook-scoped defined name of the same name,
pointing at its value cell here. Labels, units and explanations come from the figure registry
(:data:`mocmo.figures.FIGURES`); a figure whose builder wrote no cell is refused (ValueError),
never written as a bare value. A figure the model leaves empty (JSON ``null``, e.g. coverage
without a company target, or no break-even month) is a formula that gives an empty string.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

from openpyxl.styles import Font
from openpyxl.utils import quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink

from mocmo.excel._book import Book, Fmt, Sheet
from mocmo.excel._cached import STORED_NOTE
from mocmo.excel._ranges import FRESH as RANGES_FRESH
from mocmo.figures import Figure, figure

__all__ = ["figure_format", "write_summary"]

_UNIT_FORMATS: dict[str, Fmt] = {
    "money": "money",
    "fte": "fte",
    "hours_per_week": "hours",
    "days": "days",
    "weeks": "weeks",
    "months": "month",
    "month": "month",
    "ratio": "pct",
    "count": "count",
}
"""The workbook number format of each registry unit (:data:`mocmo.figures.UNITS`)."""


def figure_format(key: str, value: Figure = None) -> Fmt:
    """The number format of a headline figure, from its registry unit (a count or a number of
    months the model gives as a fraction shows its decimals)."""
    fmt = _UNIT_FORMATS[figure(key).unit]
    fraction = isinstance(value, float) and not value.is_integer()
    if fmt == "count" and fraction:
        return "fte"
    if fmt == "month" and fraction:  # a duration such as payback: 7.8 months, not "8"
        return "number"
    return fmt


def _version() -> str:
    from mocmo import __version__

    return __version__


_OK = "ok"


def _checks(book: Book, sheet: Sheet, row: int) -> int:
    """The workbook's live checks, red when one fails: every Assumptions input still on its own
    row (its guard), and the Ranges sheet's simulation still for these inputs."""
    row = sheet.table(
        row, "Checks", "Live: each turns red when the workbook can no longer be trusted as is.",
        ["Check", "Status"],
    )  # fmt: skip
    checks = [
        ("Inputs where their names point (Assumptions, Guard column)",
         f'IF(inputs_moved=0,"{_OK}",inputs_moved&" input(s) moved: undo the sort or export '
         'again")'),
    ]  # fmt: skip
    if "ranges_check" in book.names:
        checks.append(("Ranges simulated for these inputs (Ranges sheet)", "ranges_check"))
    first = row
    for label, formula in checks:
        sheet.text(row, 1, label)
        sheet.formula(row, 2, formula, "general")
        row += 1
    cells = f"B{first}:B{row - 1}"
    sheet.red_when(cells, f'AND(B{first}<>"{_OK}",B{first}<>"{RANGES_FRESH}")')
    return row + 1


def _contents(book: Book, sheet: Sheet, row: int, titles: Sequence[str]) -> int:
    """A contents list: each sheet by name (a link to it) and what it holds (its own subtitle,
    from row 2 of the sheet)."""
    if not titles:
        return row
    row = sheet.table(row, "Contents", "", ["Sheet", "What it holds"])
    for title in titles:
        cell = sheet.text(row, 1, title)
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"{quote_sheetname(title)}!A1")
        cell.font = Font(color="0563C1", underline="single")
        target = book.sheets.get(title)
        purpose = target.ws.cell(row=2, column=1).value if target is not None else None
        sheet.text(row, 2, purpose or SHEET_PURPOSES.get(title, ""))
        row += 1
    return row + 1


SHEET_PURPOSES = {
    "Org chart": "The org chart today and in the new model (pictures).",
    "People": "One row per roster person (pseudonymised unless names were asked for), with "
    "team totals.",
}
"""What a sheet written after the Summary holds."""


def write_summary(
    book: Book,
    figures: dict[str, Figure],
    today: _dt.date | None = None,
    contents: Sequence[str] = (),
) -> Sheet:
    """Fill the Summary sheet (created first) with the plan's facts, the workbook's live checks,
    a contents list of ``contents`` (sheet titles) and every headline figure."""
    plan = book.plan
    sheet = book.sheet("Summary")
    sheet.heading(
        "Finance workbook — summary",
        "Every figure below is a formula: click it to see the sheet and cell it comes from. "
        "Change a yellow input — the assumptions are on the Assumptions sheet — and the "
        "totals recalculate.",
    )
    facts = (
        ("Plan", plan.meta.name),
        ("Company", plan.meta.company),
        ("Exported", (today or _dt.date.today()).isoformat()),
        ("Currency", plan.meta.currency),
        ("mocmo version", _version()),
        ("Plan schema version", str(plan.schema_version)),
    )
    row = 4
    for label, fact in facts:
        sheet.text(row, 1, label, "label")
        sheet.text(row, 2, fact)
        row += 1
    row = _checks(book, sheet, row + 1)
    row = _contents(book, sheet, row, contents)
    first = row = sheet.header(
        row, ["Figure", "Value", "Unit", "What it means", "Defined name", "Computed in"]
    )
    for key, value in figures.items():
        spec = figure(key)
        fmt = figure_format(key, value)
        sheet.text(row, 1, spec.label)
        explanation = spec.explanation
        source = book.headline_refs.get(key)
        if source is None:
            raise ValueError(
                f"headline figure {key!r} has no cell in the workbook: its builder "
                f"({spec.builder or 'a simulation sheet'}) must record one on sheet "
                f"{spec.sheet!r} with Book.headline"
            )
        sheet.formula(row, 2, f"ROUND({source},2)" if spec.penny else source, fmt)
        sheet.text(row, 6, source.split("!")[0].strip("'").replace("''", "'"))
        if spec.simulation:
            explanation += f" Simulation result (a value, not a formula, on {spec.sheet})."
        sheet.text(row, 3, spec.unit_words)
        sheet.text(row, 4, explanation, wrap=len(explanation) > 60)
        if len(explanation) > 60:  # room for the wrapped lines, so they don't overprint
            sheet.ws.row_dimensions[row].height = 15 * (1 + len(explanation) // 60)
        sheet.text(row, 5, key)
        book.define(key, sheet, row, 2)
        row += 1
    sheet.note(
        row + 1,
        1,
        "An empty value means the model has no figure (JSON null): e.g. coverage without a "
        "company target, or no break-even month within the horizon.",
    )
    sheet.note(row + 2, 1, STORED_NOTE)
    sheet.ws.cell(row=1, column=1).font = Font(bold=True, size=16, color="1F4E79")
    sheet.finish(freeze_row=first - 1, landscape=True)
    return sheet
