"""The comparison workbook: two plans in one file, their figures side by side as formulas.

Sheets, in order:

* **A vs B** — every headline figure: plan A's (a formula over A's own sheets), plan B's (over
  B's), the difference B − A and the change B − A ÷ |A|, each a live formula; a figure either
  plan leaves empty gives an empty difference.
* **Differences** — what differs in the inputs, in plain words (:func:`mocmo.compare.
  plan_differences`), with where in the plan each is.
* plan A's whole finance workbook with every sheet named ``A …`` (``A Summary``,
  ``A Assumptions`` …) and every defined name prefixed ``a_`` (``a_employer_ni_rate``,
  ``a_new_org_loaded_cost`` …), then plan B's the same with ``B``/``b_``. Each plan's formulas
  run over its own Assumptions sheet: change an input of B and only B's figures move.

The two plans are written by the finance workbook's own sheet writers
(:func:`mocmo.excel.write_sheets`) into one workbook; after each, its sheet titles and defined
names are renamed and every formula, defined name and chart reference rewritten to match (with
openpyxl's formula tokenizer, so text inside formulas is never touched). The org chart pictures
are left out.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.utils import quote_sheetname
from openpyxl.workbook import Workbook
from openpyxl.workbook.defined_name import DefinedName

from mocmo.compare import Comparison, compare
from mocmo.excel._book import Book, Sheet, _number_formats, order_sheets, save_atomically
from mocmo.plan import Plan

__all__ = [
    "A_VS_B_SHEET",
    "DIFFERENCES_SHEET",
    "PREFIXES",
    "build_comparison_workbook",
    "rewrite_formula",
    "write_comparison_workbook",
]

A_VS_B_SHEET = "A vs B"
DIFFERENCES_SHEET = "Differences"
PREFIXES: dict[str, tuple[str, str]] = {"a": ("A ", "a_"), "b": ("B ", "b_")}
"""Each plan's sheet-title prefix and defined-name prefix."""

_MAX_TITLE = 31
"""Excel's longest sheet title."""


# --------------------------------------------------------------------------- renaming


def _bare(sheet: str) -> str:
    if sheet.startswith("'") and sheet.endswith("'"):
        return sheet[1:-1].replace("''", "'")
    return sheet


def _operand(value: str, titles: Mapping[str, str], names: Mapping[str, str]) -> str:
    if "!" in value:
        sheet, ref = value.rsplit("!", 1)
        bare = _bare(sheet)
        return f"{quote_sheetname(titles[bare])}!{ref}" if bare in titles else value
    return names.get(value.lower(), value)


def rewrite_formula(formula: str, titles: Mapping[str, str], names: Mapping[str, str]) -> str:
    """``formula`` with references to the sheets in ``titles`` (old → new title) and the
    defined names in ``names`` (lower-case old → new) renamed; text and functions untouched.
    Works with or without the leading ``=``."""
    text = formula if formula.startswith("=") else f"={formula}"
    tokens = Tokenizer(text)
    for token in tokens.items:
        if token.type == Token.OPERAND and token.subtype == Token.RANGE:
            token.value = _operand(token.value, titles, names)
    rendered = str(tokens.render())
    return rendered if formula.startswith("=") else rendered[1:]


def _rewrite_charts(sheet: Sheet, titles: Mapping[str, str]) -> None:
    for chart in sheet.ws._charts:
        for series in chart.series:
            for part, ref in (
                ("tx", "strRef"),
                ("val", "numRef"),
                ("cat", "numRef"),
                ("cat", "strRef"),
                ("xVal", "numRef"),
                ("yVal", "numRef"),
            ):
                holder = getattr(getattr(series, part, None), ref, None)
                if holder is not None and holder.f:
                    holder.f = rewrite_formula(holder.f, titles, {})


def _prefix_book(book: Book, sheet_prefix: str, name_prefix: str) -> dict[str, str]:
    """Rename ``book``'s sheets and defined names with the prefixes, rewriting every formula,
    defined name and chart reference to match; returns the defined names, old (lower case) →
    new."""
    titles = {t: (sheet_prefix + t)[:_MAX_TITLE] for t in book.sheets}
    wb = book.wb
    originals = [n for n in list(wb.defined_names) if n.lower() in book.names]
    names = {n.lower(): name_prefix + n for n in originals}
    for sheet in book.sheets.values():
        for row in sheet.ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" and isinstance(cell.value, str):
                    cell.value = rewrite_formula(cell.value, titles, names)
                elif cell.data_type == "s" and cell.value in titles and cell.column == 6:
                    cell.value = titles[str(cell.value)]  # the Summary's "Computed in" column
        _rewrite_charts(sheet, titles)
    for old, new in titles.items():
        book.sheets[old].ws.title = new
    for name in originals:
        target = wb.defined_names.pop(name)
        new_name = names[name.lower()]
        text = rewrite_formula(str(target.attr_text), titles, {})
        wb.defined_names[new_name] = DefinedName(new_name, attr_text=text)
    book.sheets = {titles[t]: s for t, s in book.sheets.items()}
    book.names = {names[k].lower(): rewrite_formula(v, titles, {}) for k, v in book.names.items()}
    return names


def _write_plan(wb: Workbook, plan: Plan, which: str) -> Book:
    from mocmo.excel import write_sheets

    sheet_prefix, name_prefix = PREFIXES[which]
    book = Book(plan=plan, wb=wb, formats=_number_formats(plan.meta.currency))
    write_sheets(book, pictures=False)
    _prefix_book(book, sheet_prefix, name_prefix)
    return book


# --------------------------------------------------------------------------- the two new sheets


def _write_a_vs_b(book: Book, comparison: Comparison) -> Sheet:
    from mocmo.excel._summary import figure_format
    from mocmo.figures import figure as figure_spec

    sheet = book.sheet(A_VS_B_SHEET)
    row = sheet.heading(
        f"{comparison.a_name} (A) vs {comparison.b_name} (B)",
        "Every headline figure of both plans. A and B are formulas over each plan's own sheets "
        "(A … and B …); the difference and change are formulas too. Change an input on a plan's "
        "sheets and its figures here recalculate.",
    )
    row = sheet.header(row, ["Figure", "A", "B", "B − A", "Change (B − A) ÷ |A|", "Name"])
    first = row
    for figure in comparison.figures:
        label = figure_spec(figure.key).label
        fmt = figure_format(figure.key, figure.a if figure.a is not None else figure.b)
        sheet.text(row, 1, label)
        a_ref = sheet.ref(row, 2, sheet=False)
        b_ref = sheet.ref(row, 3, sheet=False)
        sheet.formula(row, 2, _named("a_", figure.key, book), fmt)
        sheet.formula(row, 3, _named("b_", figure.key, book), fmt)
        both = f"ISNUMBER({a_ref}),ISNUMBER({b_ref})"
        sheet.formula(row, 4, f'IF(AND({both}),{b_ref}-{a_ref},"")', fmt)
        sheet.formula(
            row, 5, f'IF(AND({both},{a_ref}<>0),({b_ref}-{a_ref})/ABS({a_ref}),"")', "pct"
        )
        sheet.text(row, 6, figure.key)
        row += 1
    sheet.note(
        row + 1,
        1,
        "An empty cell means that plan has no figure (e.g. no break-even month within its "
        f"horizon). Rows {first}–{row - 1}.",
    )
    sheet.finish(freeze_row=first - 1)
    return sheet


def _named(prefix: str, key: str, book: Book) -> str:
    """A formula giving a plan's headline figure by its prefixed defined name: empty when the
    figure's cell is empty or the plan's workbook does not define it."""
    name = f"{prefix}{key}"
    if name not in book.wb.defined_names:
        return '""'
    return f'IF(ISBLANK({name}),"",{name})'  # an empty figure stays empty, not 0


def _write_differences(book: Book, comparison: Comparison) -> Sheet:
    sheet = book.sheet(DIFFERENCES_SHEET)
    row = sheet.heading(
        "What differs in the inputs",
        f"From {comparison.a_name} (A) to {comparison.b_name} (B), in plain words. The same "
        "list `mocmo diff A.yaml B.yaml` prints.",
    )
    row = sheet.header(row, ["#", "Part of the plan", "Where (in the plan file)", "Difference"])
    if not comparison.differences:
        sheet.text(row, 4, "No differences: the two plans' inputs are the same.")
    for i, diff in enumerate(comparison.differences, start=1):
        sheet.value(row, 1, i, "count", "value")
        sheet.text(row, 2, diff.kind.replace("_", " "))
        sheet.text(row, 3, diff.path)
        sheet.text(row, 4, diff.text, wrap=len(diff.text) > 60)
        row += 1
    sheet.finish()
    return sheet


# --------------------------------------------------------------------------- the workbook


def build_comparison_workbook(a: Plan, b: Plan, comparison: Comparison | None = None) -> Workbook:
    """The comparison workbook of plans ``a`` and ``b`` (not yet saved); see the module
    docstring. ``comparison`` saves recomputing :func:`mocmo.compare.compare`."""
    comparison = comparison or compare(a, b)
    wb = Workbook()
    default = wb.active
    if default is not None:
        wb.remove(default)
    book_a = _write_plan(wb, a, "a")
    book_b = _write_plan(wb, b, "b")
    front = Book(plan=b, wb=wb, formats=book_b.formats)
    _write_a_vs_b(front, comparison)
    _write_differences(front, comparison)
    sheets = [front.sheets[A_VS_B_SHEET].ws, front.sheets[DIFFERENCES_SHEET].ws]
    sheets += [s.ws for s in book_a.sheets.values()] + [s.ws for s in book_b.sheets.values()]
    order_sheets(wb, sheets)
    return wb


def write_comparison_workbook(
    a: Plan, b: Plan, path: str | os.PathLike[str], comparison: Comparison | None = None
) -> Path:
    """Write the comparison workbook to ``path`` (.xlsx), atomically; returns the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    return save_atomically(build_comparison_workbook(a, b, comparison), target)
