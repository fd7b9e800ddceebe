"""The workbook's building blocks: styles, number formats, safe text, tables, defined names.

Every sheet builder writes through :class:`Sheet`, so the conventions hold everywhere:

* **inputs** (plan values a reviewer may change) are blue on light yellow;
* **calculations** are black formulas; **totals** bold with a rule above;
* **simulation results** (Monte Carlo) are grey italic values, labelled as such;
* **user text** (names, ICP, pains, channels, owners, titles) is always a text cell — a name
  such as ``=HYPERLINK(...)`` or ``+44…`` is shown as typed and never runs as a formula.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook import Workbook
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from mocmo.format import currency_symbol
from mocmo.plan import Plan

__all__ = [
    "Book", "Fmt", "Input", "Kind", "Sheet", "col", "money_format", "save_atomically", "slug"
]  # fmt: skip

Kind = Literal["input", "calc", "link", "total", "sim", "value", "label", "text"]
Fmt = Literal[
    "money",
    "money2",
    "pct",
    "hours",
    "days",
    "weeks",
    "fte",
    "count",
    "month",
    "ratio",
    "number",
    "general",
]

NAVY = "1F4E79"
INPUT_FONT = Font(color="0000FF")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
SIM_FONT = Font(color="595959", italic=True)
SIM_FILL = PatternFill("solid", fgColor="EDEDED")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor=NAVY)
TITLE_FONT = Font(bold=True, size=14, color=NAVY)
SECTION_FONT = Font(bold=True, size=12, color=NAVY)
NOTE_FONT = Font(italic=True, color="595959")
TOTAL_FONT = Font(bold=True)
UNTRACED_FONT = Font(color="C00000", bold=True)
LINK_FONT = Font(color="008000")
"""Green: a cell that only reads an input held on another sheet (the Assumptions sheet)."""
_THIN = Side(style="thin", color="BFBFBF")
INPUT_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
TOTAL_BORDER = Border(top=Side(style="thin", color="000000"))

MAX_TEXT = 32_000
"""Excel holds at most 32,767 characters in a cell; longer user text is cut here."""
TEXT_WIDTH_CAP = 60
"""Widest a text column grows (characters); longer text wraps."""

_NAME_OK = re.compile(r"^[a-z_][a-z0-9_.]*$")
_LOOKS_LIKE_CELL = re.compile(r"^([a-z]{1,3}\d+|r\d*c\d*|r|c)$")


def col(index: int) -> str:
    """Column letter of a 1-based column index (1 → A)."""
    return get_column_letter(index)


def money_format(currency: str) -> str:
    """Excel number format of whole amounts in ``currency`` with thousands separators, negatives
    in red: ``£#,##0;[Red]-£#,##0`` for GBP; ``#,##0 "CHF"`` style for codes without a symbol."""
    symbol = currency_symbol(currency)
    if symbol.endswith(" "):  # no symbol known: put the code after the number
        code = currency.replace('"', "")
        return f'#,##0 "{code}";[Red]-#,##0 "{code}"'
    return f"{symbol}#,##0;[Red]-{symbol}#,##0"


def _number_formats(currency: str) -> dict[str, str]:
    return {
        "money": money_format(currency),
        "money2": money_format(currency).replace("#,##0", "#,##0.00"),
        "pct": "0.0%",
        "ratio": "0.0%",
        "hours": "#,##0.0",
        "days": "#,##0.0",
        "weeks": "#,##0.0",
        "fte": "#,##0.0#",
        "count": "#,##0",
        "month": "0",
        "number": "#,##0.00",
        "general": "General",
    }


def _looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` typed into a cell as a formula."""
    return text[:1] in ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_text(value: object) -> str:
    """User text made safe to store: XML-illegal control characters removed, cut to Excel's
    cell limit. (Formula-looking text is made harmless by writing it as a text cell.)"""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return text[:MAX_TEXT]


def slug(text: str, limit: int = 32) -> str:
    """``text`` as a lower-case ASCII identifier fragment (``"Content & Brand"`` →
    ``content_brand``), at most ``limit`` characters; empty when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
    if len(words) <= limit:
        return words
    cut = words[: limit + 1]
    return (cut.rsplit("_", 1)[0] if "_" in cut else cut[:limit]).strip("_")


@dataclass(frozen=True)
class Input:
    """A per-item input the Assumptions sheet lists (a band, a point in band, a workflow step's
    days, a month): the step sheet that uses it reads it through its defined name."""

    section: str
    """The Assumptions section it is listed under."""
    name: str
    """Its defined name: ``marops_data_steward_band_low``, ``seat_data_steward_point``."""
    value: float | int | None
    fmt: Fmt
    unit: str
    label: str
    source: str
    optional: bool = False
    """The plan may leave it empty (then the formulas that read it take their fallback)."""


@dataclass
class Sheet:
    """One worksheet and the widths its columns need."""

    book: Book
    ws: Worksheet
    widths: dict[int, float] = field(default_factory=dict)
    header_rows: list[int] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The sheet's name."""
        return str(self.ws.title)

    # references ------------------------------------------------------------------------------
    def ref(self, row: int, column: int, *, absolute: bool = True, sheet: bool = True) -> str:
        """A reference to one cell, e.g. ``'MarOps Costing'!$F$7`` (or ``F7``)."""
        letter = col(column)
        cell = f"${letter}${row}" if absolute else f"{letter}{row}"
        return f"{quote_sheetname(self.title)}!{cell}" if sheet else cell

    def at(self, row: int) -> Callable[[int], str]:
        """``at(row)(column)`` → the relative reference of a cell in ``row`` (e.g. ``F7``)."""
        return lambda column: self.ref(row, column, sheet=False)

    def range(self, column: int, first: int, last: int, *, sheet: bool = False) -> str:
        """A column range, e.g. ``$D$5:$D$12`` (with the sheet name if ``sheet``)."""
        letter = col(column)
        text = f"${letter}${first}:${letter}${last}"
        return f"{quote_sheetname(self.title)}!{text}" if sheet else text

    # writing ---------------------------------------------------------------------------------
    def _track(self, column: int, width: float) -> None:
        self.widths[column] = max(self.widths.get(column, 0.0), min(width, TEXT_WIDTH_CAP))

    def text(
        self, row: int, column: int, value: object, kind: Kind = "text", *, wrap: bool = False
    ) -> Cell:
        """Write ``value`` as a text cell — never a formula, whatever it starts with."""
        cell = self._text_cell(row, column, value)
        content = str(cell.value)
        quote = _looks_like_formula(content)
        self._style(cell, kind, None, wrap or len(content) > TEXT_WIDTH_CAP, quote)
        self._track(column, len(content) + 2)
        return cell

    def value(
        self, row: int, column: int, value: float | int | None, fmt: Fmt, kind: Kind = "input"
    ) -> Cell:
        """Write a number (an input, or a simulation result)."""
        cell = self.ws.cell(row=row, column=column)
        cell.value = value
        self._style(cell, kind, fmt)
        self._track(column, 14)
        return cell

    def formula(
        self, row: int, column: int, formula: str, fmt: Fmt, kind: Kind = "calc", *,
        wrap: bool = False,
    ) -> Cell:  # fmt: skip
        """Write a live formula (``formula`` without or with the leading ``=``); ``wrap``: its
        text result wraps in the cell."""
        cell = self.ws.cell(row=row, column=column)
        cell.value = formula if formula.startswith("=") else f"={formula}"
        self._style(cell, kind, fmt, wrap)
        self._track(column, 14)
        return cell

    def assumed(self, row: int, column: int, item: Input) -> Cell:
        """Register ``item`` as an input row of the Assumptions sheet and write, at (``row``,
        ``column``), a green link that reads it by its defined name. An optional input that
        the plan leaves empty reads as an empty string (``ISNUMBER`` of it is FALSE)."""
        name = self.book.assume(item)
        formula = f'IF(ISNUMBER({name}),{name},"")' if item.optional else name
        return self.formula(row, column, formula, item.fmt, "link")

    def column_total(self, row: int, column: int, first: int, last: int, fmt: Fmt) -> Cell:
        """Write the total of ``column`` over rows ``first``…``last`` at (``row``, ``column``):
        a live SUM, or 0 when there are no rows (``last`` < ``first``)."""
        formula = f"SUM({self.range(column, first, last)})" if last >= first else "0"
        return self.formula(row, column, formula, fmt, "total")

    def _style(
        self, cell: Cell, kind: Kind, fmt: Fmt | None, wrap: bool = False, quote: bool = False
    ) -> None:
        """Style ``cell``; each combination is built once per workbook and then copied (setting
        fonts, fills and borders cell by cell costs seconds on a 2,000-person plan)."""
        key = (kind, fmt, wrap, quote)
        cached = self.book.styles.get(key)
        if cached is not None:
            cell._style = copy(cached)  # openpyxl's own style record of the cell
            return
        if fmt is not None:
            cell.number_format = self.book.formats[fmt]
        if wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if quote:
            cell.quotePrefix = True
        self._kind_style(cell, kind)
        self.book.styles[key] = copy(cell._style)

    @staticmethod
    def _kind_style(cell: Cell, kind: Kind) -> None:
        if kind == "input":
            cell.font, cell.fill, cell.border = INPUT_FONT, INPUT_FILL, INPUT_BORDER
        elif kind == "link":
            cell.font = LINK_FONT
        elif kind == "total":
            cell.font, cell.border = TOTAL_FONT, TOTAL_BORDER
        elif kind == "sim":
            cell.font, cell.fill = SIM_FONT, SIM_FILL
        elif kind == "label":
            cell.font = TOTAL_FONT

    def _text_cell(self, row: int, column: int, value: object) -> Cell:
        """Write ``value`` as safe text (:func:`safe_text`) in a text cell, never a formula:
        a title or note may carry user text (a plan named ``=HYPERLINK(…)``)."""
        content = safe_text(value)
        cell = self.ws.cell(row=row, column=column)
        cell.value = content
        cell.data_type = "s"  # '=…', '+…', '-…', '@…' stay text
        if _looks_like_formula(content):
            cell.quotePrefix = True
        return cell

    def heading(self, title: str, subtitle: str = "") -> int:
        """Sheet title in row 1 and a one-line purpose in row 2; returns the next free row."""
        self._text_cell(1, 1, title).font = TITLE_FONT
        if subtitle:
            self._text_cell(2, 1, subtitle).font = NOTE_FONT
        return 4

    def section(self, row: int, title: str, note: str = "") -> int:
        """A section title (and a note under it); returns the next free row."""
        self._text_cell(row, 1, title).font = SECTION_FONT
        if note:
            self._text_cell(row + 1, 1, note).font = NOTE_FONT
            return row + 2
        return row + 1

    def note(self, row: int, column: int, text: str) -> None:
        """A grey explanatory note (fixed text written by mocmo, not user text)."""
        self._text_cell(row, column, text).font = NOTE_FONT

    def header(self, row: int, labels: Sequence[str], first_column: int = 1) -> int:
        """A table header row; returns the first data row."""
        for i, label in enumerate(labels):
            cell = self._text_cell(row, first_column + i, label)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            self._track(first_column + i, min(len(label), 22) + 2)
        self.header_rows.append(row)
        return row + 1

    def table(self, row: int, title: str, note: str, labels: Sequence[str]) -> int:
        """A section (title, and the note under it unless empty) heading a table: its header
        row follows; returns the table's first data row."""
        return self.header(self.section(row, title, note), labels)

    def choice(self, cells: str, options: Iterable[str]) -> None:
        """A drop-down list on input cells (e.g. a destination: stays, shifts, ai)."""
        listing = ",".join(options)
        dv = DataValidation(type="list", formula1=f'"{listing}"', allow_blank=False)
        dv.error = f"Choose one of: {listing}"
        dv.errorTitle = "Not an allowed value"
        self.ws.add_data_validation(dv)
        dv.add(cells)

    def bounded(self, cells: Iterable[str], low: float, high: float) -> None:
        """Only numbers from ``low`` to ``high`` may be typed into ``cells`` (e.g. fractions)."""
        dv = DataValidation(
            type="decimal", operator="between", formula1=str(low), formula2=str(high)
        )
        dv.error = f"Enter a number from {low} to {high} (e.g. 0.5 for 50%)."
        dv.errorTitle = "Out of range"
        self.ws.add_data_validation(dv)
        dv.sqref = MultiCellRange(" ".join(cells))

    def red_when(self, cells: str, formula: str) -> None:
        """Show ``cells`` bold red on pink while ``formula`` (written for the range's top-left
        cell, relative references following each cell) is true: a failed check."""
        self.ws.conditional_formatting.add(
            cells,
            FormulaRule(
                formula=[formula],
                font=Font(bold=True, color="9C0006"),
                fill=PatternFill(fill_type="solid", start_color="FFC7CE", end_color="FFC7CE"),
            ),
        )

    # finishing -------------------------------------------------------------------------------
    def finish(
        self, freeze_row: int | None = None, landscape: bool = True, title_columns: str = "A:A"
    ) -> None:
        """Column widths that fit, frozen header rows, a print area and A4 page set-up: fitted
        to the page's width when that keeps at least :data:`MIN_PRINT_SCALE` %, else printed at
        that scale across pages with ``title_columns`` repeated on each."""
        for column, width in self.widths.items():
            self.ws.column_dimensions[col(column)].width = max(8.0, width)
        first = (
            freeze_row
            if freeze_row is not None
            else (self.header_rows[0] if self.header_rows else None)
        )
        if first:
            self.ws.freeze_panes = f"A{first + 1}"
            self.ws.print_title_rows = f"{first}:{first}"
        last_col = max(self.ws.max_column, 1)
        self.ws.print_area = f"A1:{col(last_col)}{max(self.ws.max_row, 1)}"
        self.ws.page_setup.orientation = "landscape" if landscape else "portrait"
        self.ws.page_setup.paperSize = self.ws.PAPERSIZE_A4  # not the US Letter default
        fit = fit_scale(self.column_widths(last_col), landscape)
        if fit >= MIN_PRINT_SCALE:  # the sheet fits the page's width at a readable size
            self.ws.page_setup.fitToWidth = 1
            self.ws.page_setup.fitToHeight = 0
            self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        else:  # too wide: readable scale, across pages, the label columns on every page
            self.ws.sheet_properties.pageSetUpPr.fitToPage = False
            self.ws.page_setup.scale = MIN_PRINT_SCALE
            self.ws.print_title_cols = title_columns
        self.ws.sheet_view.zoomScale = 90

    def column_widths(self, last: int) -> list[float]:
        """The widths (Excel character units) of columns 1…``last``, unset ones at Excel's
        default."""
        dims = self.ws.column_dimensions
        return [
            float(dims[col(c)].width) if col(c) in dims and dims[col(c)].width else DEFAULT_WIDTH
            for c in range(1, last + 1)
        ]


MIN_PRINT_SCALE = 60
"""No sheet prints smaller than this (percent)."""
DEFAULT_WIDTH = 8.43
"""Excel's width of a column nobody sized (characters)."""
_A4_PRINTABLE_PX = {True: 978.0, False: 650.0}
"""Printable width of A4 at 100% between openpyxl's default 0.75-inch margins, landscape (297
mm) and portrait (210 mm), in pixels at 96 dpi."""


def fit_scale(widths: Sequence[float], landscape: bool) -> float:
    """The print scale (percent) at which columns of ``widths`` (characters) fit one A4 page's
    width: a column of width w is about 7 × w + 5 pixels at 100%."""
    total = sum(7.0 * w + 5.0 for w in widths)
    return 100.0 if total <= 0 else min(100.0, 100.0 * _A4_PRINTABLE_PX[landscape] / total)


@dataclass
class Book:
    """The workbook being written: its sheets, number formats and defined names."""

    plan: Plan
    wb: Workbook
    formats: dict[str, str]
    names: dict[str, str] = field(default_factory=dict)
    headline_refs: dict[str, str] = field(default_factory=dict)
    """Headline key → absolute reference of the step-sheet cell that computes it."""
    sheets: dict[str, Sheet] = field(default_factory=dict)
    styles: dict[tuple[object, ...], Any] = field(default_factory=dict)
    """Cell style records by (kind, format, wrap, quote prefix), made once and copied."""
    inputs: dict[str, Input] = field(default_factory=dict)
    """Per-item inputs by their defined name, in the order the step sheets asked for them; the
    Assumptions sheet lists them (:func:`mocmo.excel._assumptions.write_item_inputs`)."""
    assumptions_row: int = 0
    """First free row of the Assumptions sheet after its plan-wide rows."""
    stems: dict[tuple[str, int], str] = field(default_factory=dict)
    """Name stems of the items with per-item inputs, by (kind, index): :meth:`item_stem`."""
    reserved: set[str] = field(default_factory=set)
    """Names defined later (the headline figures'), which a per-item input must not take."""

    @classmethod
    def new(cls, plan: Plan) -> Book:
        """An empty book for ``plan``."""
        wb = Workbook()
        default = wb.active
        if default is not None:
            wb.remove(default)
        return cls(plan=plan, wb=wb, formats=_number_formats(plan.meta.currency))

    def sheet(self, title: str) -> Sheet:
        """The sheet called ``title``, created (at the end) on first use."""
        if title not in self.sheets:
            self.sheets[title] = Sheet(self, self.wb.create_sheet(title))
        return self.sheets[title]

    def define(self, name: str, sheet: Sheet, row: int, column: int) -> str:
        """Make ``name`` a workbook-scoped defined name of one cell; returns the name."""
        key = name.lower()
        if not _NAME_OK.match(key) or _LOOKS_LIKE_CELL.match(key):
            raise ValueError(f"{name!r} cannot be an Excel defined name")
        if key in self.names:
            raise ValueError(f"defined name {name!r} is defined twice")
        target = sheet.ref(row, column)
        self.names[key] = target
        self.wb.defined_names[name] = DefinedName(name, attr_text=target)
        return name

    def item_stem(self, kind: str, index: int, text: str) -> str:
        """The name stem of item ``index`` of ``kind`` (``seat``, ``legacy``, ``hire`` …): kind
        and a slug of its name, ``hire_gtm_marketer``; ``_2``, ``_3`` … for a second item whose
        name gives the same stem. The same item gets the same stem on every sheet."""
        key = (kind, index)
        if key not in self.stems:
            base = f"{kind}_{slug(text) or index + 1}"
            stem, n = base, 1
            taken = set(self.stems.values())
            while stem in taken:
                n += 1
                stem = f"{base}_{n}"
            self.stems[key] = stem
        return self.stems[key]

    def assume(self, item: Input) -> str:
        """Register the per-item input ``item`` under its defined name (``item.name``) and
        return the name; the Assumptions sheet defines it."""
        name = item.name.lower()
        if not _NAME_OK.match(name) or _LOOKS_LIKE_CELL.match(name):
            raise ValueError(f"{item.name!r} cannot be an Excel defined name")
        if name in self.names or name in self.inputs or name in self.reserved:
            raise ValueError(f"defined name {name!r} is asked for twice")
        self.inputs[name] = item
        return name

    def headline(self, key: str, sheet: Sheet, row: int, column: int) -> None:
        """Record that headline figure ``key`` is computed in this cell."""
        self.headline_refs[key] = sheet.ref(row, column)

    def __getitem__(self, title: str) -> Sheet:
        return self.sheets[title]


def order_sheets(wb: Workbook, first: Sequence[Worksheet]) -> None:
    """Put the worksheets ``first`` at the front of ``wb`` in that order (the others follow in
    their order) and make the first one active, through openpyxl's public ``move_sheet``.
    Refuses a worksheet that is not in ``wb``."""
    for ws in first:
        if ws not in wb.worksheets:
            raise ValueError(f"sheet {ws.title!r} is not in this workbook")
    for position, ws in enumerate(first):
        wb.move_sheet(ws, offset=position - wb.index(ws))
    if first:
        wb.active = 0


def joined(items: Iterable[Any], sep: str = ", ") -> str:
    """Items as one line of text."""
    return sep.join(str(i) for i in items)


def save_atomically(wb: Workbook, target: Path) -> Path:
    """Save ``wb`` to ``target`` through :func:`mocmo.files.replace_atomic`: written to a temp
    name in the same folder, fsynced and renamed (a symlink is followed), so a failure never
    leaves half a workbook over a good one. Returns ``target``.

    No lock file: a workbook is only ever replaced whole, never checked and then written, and
    the export folder holds only what the export writes."""
    from mocmo.files import replace_atomic

    replace_atomic(target, wb.save, lock=False)
    return target
