"""The round trip: a reviewed workbook's inputs read back into the plan (``mocmo import-xlsx``).

A finance reviewer changes inputs in the exported workbook; :func:`import_workbook` reads every
input cell back **by its defined name**, compares it with the value the export writes for the
plan, and applies what changed through the plan's own path edits
(:func:`mocmo.plan.with_changes`), so the plan model's validation decides what is allowed.

**Where the mapping defined name → plan path lives.** Nowhere new: it is derived from the
export's own code. The workbook of the plan is built in memory (:func:`mocmo.excel.write_sheets`,
no pictures) and its inputs read from what the builders registered — each plan-wide row's
:attr:`AssumptionRow.path` and each per-item :class:`Input`'s source, written by
:func:`~mocmo.excel._assumptions.plan_source` and read back by
:func:`~mocmo.excel._assumptions.source_path`. Storing the mapping in the workbook would give
it a second home a reviewer could edit (or a sort could scramble); building it from the code
that writes the cells cannot disagree with them. The same in-memory book gives the value and
the formula of every other cell, so a formula edited outside the inputs is found by comparing
cell by cell (formulas compared token by token: LibreOffice and Excel rewrite ``1E-9`` as
``0.000000001`` and drop needless quotes around sheet names).

Values are compared at 15 significant digits (what LibreOffice and Excel store), and an input
that changed is imported exactly as the cell holds it: a fraction cell shown as 35% holds 0.35
and the plan gets 0.35; whole months stay whole numbers; money and band ends as typed.

Refused, with nothing changed (:class:`WorkbookRefused`): a value the plan model rejects (the
cell, its defined name and the model's rule are named), an input the workbook no longer has, a
row that has moved away from its name (a sort or a cut-and-paste re-wired it), an input cell
holding a formula without a value. Reported and not imported: formulas and values changed
outside the inputs, and changed inputs that have no field in the plan (a derived default, a
workbook constant, a value that shapes the workbook itself such as the horizon).
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from mocmo.diff import Difference, plan_differences
from mocmo.excel._assumptions import ASSUMPTIONS, source_path
from mocmo.excel._book import Book, Fmt
from mocmo.excel._orgchart import ORG_CHART_SHEET
from mocmo.files import read_bytes_limited
from mocmo.plan import Plan, PlanError, Problem, with_changes
from mocmo.plan.validate import ProblemsError

__all__ = [
    "MAX_WORKBOOK_BYTES",
    "OUTSIDE",
    "OUTSIDE_SHOWN",
    "Change",
    "Imported",
    "InputCell",
    "WorkbookRefused",
    "import_workbook",
    "workbook_inputs",
]

MAX_WORKBOOK_BYTES = 200 * 1024 * 1024
"""The largest workbook read (200 MB; the 2,000-person synthetic plan's is far smaller)."""

OUTSIDE = "changed outside the inputs — not imported"
"""What a changed cell that is not an input is reported as."""

OUTSIDE_SHOWN = 20
"""Cells changed outside the inputs listed one a line; the rest are counted by sheet."""

_SHOWN_CHARS = 80
"""The most characters of a formula a line shows."""

_DIGITS = 15
"""Significant digits a spreadsheet keeps of a number (LibreOffice writes no more)."""
_CLOSE = 1e-14
"""Numbers this close (relative) are the same value: 15 significant digits either way."""

_MISSING_SHOWN = 5
"""Missing defined names listed one a line; more are counted (another plan's workbook)."""

_WHOLE: frozenset[Fmt] = frozenset({"month", "count"})
"""Formats of whole numbers: a whole float read back (4.0) goes into the plan as 4."""


class WorkbookRefused(ProblemsError[str]):
    """A workbook that cannot be imported: :attr:`problems` lists every reason, one line each,
    naming the cell (``Assumptions!B20 (employer_ni_rate)``) and the rule."""

    subject = "workbook"


@dataclass(frozen=True)
class InputCell:
    """One input of the workbook: its defined name, where the export writes it, and where in
    the plan its value comes from."""

    name: str
    """The defined name, e.g. ``employer_ni_rate``, ``hire_head_of_gtm_month``."""
    path: str
    """The plan path, e.g. ``assumptions.on_costs.employer_ni_rate``; empty: no plan field."""
    sheet: str
    cell: str
    """The cell the export writes (``B20``)."""
    fmt: Fmt
    value: Any
    """The value the export writes for the plan (None for an empty cell)."""
    label_column: int
    """Column of the row's name text (the guard against a row moved away from its name)."""
    editable: bool = True
    """False for a value that shapes the workbook itself (the horizon): shown, not an input."""
    no_field: str = ""
    """Why a value typed here cannot go into the plan (empty when it can)."""

    @property
    def where(self) -> str:
        """``Assumptions!B20 (employer_ni_rate)``: the cell and its defined name."""
        return f"{self.sheet}!{self.cell} ({self.name})"


@dataclass(frozen=True)
class Change:
    """An input the reviewer changed: the cell, the plan's value and the workbook's."""

    input: InputCell
    old: Any
    new: Any


@dataclass(frozen=True)
class Imported:
    """What a workbook changes in a plan: the new plan (``plan`` itself when nothing changed),
    the changes in plain words (``mocmo diff``'s), and what was not imported."""

    plan: Plan
    new_plan: Plan
    changes: tuple[Change, ...]
    differences: tuple[Difference, ...]
    not_imported: tuple[str, ...]
    """One line each: a changed input with no plan field."""
    outside: tuple[str, ...] = ()
    """One line each: a cell changed outside the inputs (``Sheet!Cell: … — not imported``)."""

    def report(self, limit: int = OUTSIDE_SHOWN) -> list[str]:
        """What was not imported, one line each: every input without a plan field, then at
        most ``limit`` cells changed outside the inputs and a line counting the rest by sheet
        (many cells differ when the workbook comes from another mocmo or another plan)."""
        lines = [*self.not_imported, *self.outside[:limit]]
        rest = self.outside[limit:]
        if rest:
            sheets: dict[str, int] = {}
            for line in rest:
                sheet = line.partition("!")[0]
                sheets[sheet] = sheets.get(sheet, 0) + 1
            where = ", ".join(f"{sheet} {n}" for sheet, n in sheets.items())
            lines.append(
                f"… and {len(rest)} more cells {OUTSIDE} ({where}); so many usually means the "
                "workbook was exported by another version of mocmo or from another version of "
                "the plan: export the plan again and make the edits there"
            )
        return lines

    @property
    def changed(self) -> bool:
        """True when the workbook changes the plan."""
        return bool(self.changes)


# --------------------------------------------------------------------------- the mapping


def _split(target: str) -> tuple[str, str]:
    """``'MarOps Costing'!$F$7`` → (``MarOps Costing``, ``F7``)."""
    sheet, _, cell = target.rpartition("!")
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, cell.replace("$", "")


def export_book(plan: Plan) -> Book:
    """The plan's workbook as the export writes it, in memory (no pictures)."""
    from mocmo.excel import write_sheets

    book = Book.new(plan)
    write_sheets(book, pictures=False, as_exported=True)
    return book


def workbook_inputs(book: Book) -> dict[str, InputCell]:
    """Every input of ``book`` (written by :func:`export_book`) by its lower-case defined name,
    with its plan path, taken from the builders' own records: the plan-wide rows
    (:data:`ASSUMPTIONS`) and the per-item inputs the step sheets registered (``book.inputs``)."""
    found: dict[str, InputCell] = {}

    def add(name: str, path: str, fmt: Fmt, editable: bool, no_field: str) -> None:
        sheet, cell = _split(book.names[name.lower()])
        value = book.wb[sheet][cell].value
        found[name.lower()] = InputCell(
            name, path, sheet, cell, fmt, value, 1, editable, "" if path else no_field
        )

    for row in ASSUMPTIONS:
        path = row.path if row.path in ("", "horizon_months") else f"assumptions.{row.path}"
        add(row.name, path, row.fmt, row.editable, "a workbook constant with no field in the plan")
    for name, item in book.inputs.items():
        add(name, source_path(item.source), item.fmt, True, "a value with no field in the plan")
    return found


# --------------------------------------------------------------------------- values


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _same(a: Any, b: Any) -> bool:
    """Whether two cell values are the same input: empty is empty (None or ""), numbers equal
    to 15 significant digits (:data:`_CLOSE`), text equal once stripped."""
    if a in (None, "") or b in (None, ""):
        return a in (None, "") and b in (None, "")
    if _number(a) and _number(b):
        return math.isclose(float(a), float(b), rel_tol=_CLOSE, abs_tol=0.0)
    if isinstance(a, str) and isinstance(b, str):
        return a.strip() == b.strip()
    return bool(a == b)


def _plan_value(item: InputCell, value: Any) -> Any:
    """A cell's value as the plan takes it: empty → None, a whole number in a month or count
    cell → int, text stripped; anything else as the cell holds it (the plan model judges it)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        return value.strip()
    whole = item.fmt in _WHOLE or isinstance(item.value, int)
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and whole:
        return int(value)
    return value


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, float):
        return f"{value:.{_DIGITS}g}"
    return str(value)


# --------------------------------------------------------------------------- formulas


def _normal_formula(text: str) -> str:
    """A formula in a form two spreadsheets agree on: tokens without spaces, names and
    functions upper case, numbers as floats, sheet names unquoted; string literals kept."""
    try:
        tokens = Tokenizer(text).items
    except Exception:  # a formula openpyxl cannot split: compare its text
        return text.strip()
    out: list[str] = []
    for token in tokens:
        if token.type == Token.WSPACE:
            continue
        value = token.value
        if token.type == Token.OPERAND and token.subtype == Token.NUMBER:
            with contextlib.suppress(ValueError):
                value = repr(float(value))
        elif not (token.type == Token.OPERAND and token.subtype == Token.TEXT):
            value = value.replace("'", "").replace("_xlfn.", "").upper()
        out.append(value)
    return " ".join(out)


def _is_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("=") and len(value) > 1


def _outside(book: Book, wb: Workbook, inputs: Mapping[str, InputCell]) -> Iterator[str]:
    """Every cell changed outside the inputs: a formula the export writes that differs (or is
    gone), a number the export writes that differs, a formula where the export writes none."""
    skip = {(item.sheet, item.cell) for item in inputs.values()}
    for title in wb.sheetnames:
        if title not in book.sheets and title != ORG_CHART_SHEET:
            yield f"sheet {title!r}: added, {OUTSIDE}"
    for title, sheet in book.sheets.items():
        if title not in wb.sheetnames:
            yield f"sheet {title!r}: deleted, {OUTSIDE}"
            continue
        theirs = wb[title]
        coordinates = {c.coordinate for row in sheet.ws.iter_rows() for c in row}
        coordinates |= {
            c.coordinate for row in theirs.iter_rows() for c in row if _is_formula(c.value)
        }
        for coordinate in sorted(coordinates, key=_cell_order):
            if (title, coordinate) in skip:
                continue
            ours, got = sheet.ws[coordinate].value, theirs[coordinate].value
            line = _cell_change(ours, got)
            if line:
                yield f"{title}!{coordinate}: {line}, {OUTSIDE}"


def _cut(formula: str) -> str:
    return formula if len(formula) <= _SHOWN_CHARS else formula[: _SHOWN_CHARS - 1] + "…"


def _cell_change(ours: Any, got: Any) -> str:
    """How a cell that is not an input changed, in words ("" when it did not)."""
    if _is_formula(ours):
        if not _is_formula(got):
            return f"formula {_cut(ours)} replaced by {_shown(got)}"
        if _normal_formula(ours) != _normal_formula(got):
            return f"formula {_cut(ours)} → {_cut(got)}"
        return ""
    if _is_formula(got):
        return f"formula {_cut(got)} added"
    if _number(ours) and not _same(ours, got):
        return f"value {_shown(ours)} → {_shown(got)}"
    return ""


def _cell_order(coordinate: str) -> tuple[int, int]:
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, row = coordinate_from_string(coordinate)
    return row, column_index_from_string(letters)


# --------------------------------------------------------------------------- reading


def _open(path: Path, *, data_only: bool = False) -> Workbook:
    data = read_bytes_limited(path, MAX_WORKBOOK_BYTES, "workbook (.xlsx)")
    try:
        return load_workbook(io.BytesIO(data), data_only=data_only)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        raise WorkbookRefused(
            [f"cannot be read as an .xlsx workbook ({type(err).__name__}: {err})"], str(path)
        ) from None


def _destinations(wb: Workbook) -> dict[str, tuple[str, str] | None]:
    """(sheet, cell) of each workbook-scoped defined name by its lower-case name (names match
    in any case, as in Excel); None for a name that is not one cell."""
    found: dict[str, tuple[str, str] | None] = {}
    for key, defined in wb.defined_names.items():
        places = list(defined.destinations)
        one = len(places) == 1 and ":" not in places[0][1]
        found[key.lower()] = (places[0][0], places[0][1].replace("$", "")) if one else None
    return found


def _row(coordinate: str) -> int:
    return _cell_order(coordinate)[0]


def _cell(ws: Worksheet, coordinate: str) -> Any:
    return ws[coordinate].value


def _read_inputs(
    book: Book, wb: Workbook, path: Path, inputs: Mapping[str, InputCell]
) -> tuple[list[Change], list[str], list[str]]:
    """(changes, problems, not imported) of every input of ``wb`` against the export's."""
    changes: list[Change] = []
    problems: list[str] = []
    ignored: list[str] = []
    values: Workbook | None = None
    places = _destinations(wb)
    # An input with no plan field that the workbook lacks (a constant a later mocmo added)
    # cannot be imported anyway: only inputs the plan holds must be there.
    missing = [i for key, i in inputs.items() if places.get(key) is None and i.path]
    if len(missing) > _MISSING_SHOWN:
        examples = ", ".join(item.name for item in missing[:_MISSING_SHOWN])
        problems.append(
            f"{len(missing)} of the inputs the plan exports have no defined name "
            f"of one cell in the workbook (e.g. {examples}): was it exported from this plan?"
        )
    else:
        problems.extend(
            f"{item.where}: the workbook has no defined name {item.name} of one cell (was it "
            "exported from this plan?)"
            for item in missing
        )
    for key, item in inputs.items():
        place = places.get(key)
        if place is None:
            continue
        sheet, coordinate = place
        if sheet not in wb.sheetnames:
            problems.append(f"{item.where}: the name points at a missing sheet {sheet!r}")
            continue
        where = f"{sheet}!{coordinate} ({item.name})"
        label_here = wb[sheet].cell(row=_row(coordinate), column=item.label_column).value
        label_export = book.wb[item.sheet].cell(row=_row(item.cell), column=item.label_column).value
        if not _same(label_here, label_export):
            problems.append(
                f"{where}: the row has moved away from its name — it reads "
                f"{_shown(label_here)!r}, not {_shown(label_export)!r} (a sort or a cut-and-"
                "paste moved values but not the defined names); undo it and import again"
            )
            continue
        got = _cell(wb[sheet], coordinate)
        if _is_formula(got):
            if values is None:
                values = _open(path, data_only=True)
            cached = _cell(values[sheet], coordinate)
            if cached is None or _is_formula(cached):
                problems.append(
                    f"{where}: holds the formula {got} without a computed value; type the "
                    "value (or save the workbook in Excel or LibreOffice first)"
                )
                continue
            got = cached
        if _same(item.value, got):
            continue
        if not item.path or not item.editable:
            why = item.no_field if not item.path else "it shapes the workbook (export again)"
            ignored.append(f"{where}: {_shown(item.value)} → {_shown(got)}: {why} — not imported")
            continue
        changes.append(Change(item, item.value, _plan_value(item, got)))
    return changes, problems, ignored


def _refusals(error: PlanError, changes: Sequence[Change]) -> list[str]:
    """The plan model's problems with the imported values, each naming the cells it is about
    (the cell whose path it names, or that lies under it; all changed cells otherwise)."""
    lines: list[str] = []
    for problem in error.problems:
        lines.append(_refusal(problem, changes))
    return lines


def _refusal(problem: Problem, changes: Sequence[Change]) -> str:
    def about(change: Change) -> bool:
        path, at = change.input.path, problem.path
        return bool(at) and (
            path == at or path.startswith((f"{at}.", f"{at}[")) or at.startswith(f"{path}.")
        )

    cells = [c for c in changes if about(c)] or list(changes)
    named = "; ".join(f"{c.input.where} = {_shown(c.new)}" for c in cells)
    rule = f"{problem.path}: {problem.message}" if problem.path else problem.message
    return f"{named}: refused by the plan — {rule}"


def import_workbook(plan: Plan, path: str | os.PathLike[str]) -> Imported:
    """Read the workbook at ``path`` (exported from ``plan``, then reviewed) back into ``plan``.

    Returns the new plan, the changes (in ``mocmo diff``'s words) and what was not imported;
    raises :class:`WorkbookRefused` (every problem, nothing changed) when an input cannot be
    read or the plan model rejects a value. ``plan`` itself never changes."""
    source = Path(path)
    wb = _open(source)
    book = export_book(plan)
    inputs = workbook_inputs(book)
    changes, problems, ignored = _read_inputs(book, wb, source, inputs)
    if problems:
        raise WorkbookRefused(problems, str(source))
    new_plan = plan
    if changes:
        try:
            new_plan = with_changes(plan, {c.input.path: c.new for c in changes})
        except PlanError as err:
            raise WorkbookRefused(_refusals(err, changes), str(source)) from None
    outside = list(_outside(book, wb, inputs))
    return Imported(
        plan=plan,
        new_plan=new_plan,
        changes=tuple(changes),
        differences=tuple(plan_differences(plan, new_plan)),
        not_imported=tuple(ignored),
        outside=tuple(outside),
    )
