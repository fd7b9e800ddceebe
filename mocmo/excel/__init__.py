"""The finance workbook: one .xlsx a finance reviewer can trace, change and trust.

Sheets, in order:

* **Summary** — plan name, export date, currency, mocmo version, and every headline figure of
  ``mocmo summary --json``, each a formula pointing into the sheets below with a one-line
  explanation. Each figure is a workbook-scoped **defined name** of the same snake_case name
  (``new_org_loaded_cost`` …). A figure the model leaves empty (JSON ``null``) is a formula
  giving an empty string.
* **Assumptions** — every assumption the calculations use, one row each with value, unit, label
  and source, each value cell a defined name of its own: the plan-wide inputs (hours, waits,
  rework, on-cost rates and thresholds: ``employer_ni_rate``, ``ni_threshold`` …), then per item
  the salary bands and points in band (``marops_data_steward_band_low``, ``seat_…_point``), each
  workflow step's days, wait and rework (``step_…``), and the timing — phase starts and lengths,
  hire months and lead times, launch, transition and leaving months. Step sheets read these
  through green link cells. The plan's design — headcounts, audiences and pipeline targets,
  activity shares, destinations and oversight, step owners, agents — stays as yellow inputs on
  the sheet it shapes.
* one sheet per step that exists (Audiences, Reshape, Hand-Off Tax, MarOps Costing, New Org,
  Whole Cost, Migration, Ranges): the calculations as **live formulas** over the inputs, so
  changing an input in Excel or LibreOffice moves every dependent total. Monte Carlo
  percentiles are values, labelled as simulation results.
* **Whole Cost** — the new org staffed to its work (FTE per group from its hours, unstaffed
  hours when a group's headcount is fixed) and the whole cost of the operating model: payroll +
  AI running cost + the non-payroll budget, legacy and new.

Inputs are blue on light yellow; calculations black; links to an Assumptions input green;
simulation results grey italic. User text
(names, ICP, pains, channels, owners, titles) is always written as text cells, never as a
formula, whatever character it starts with. No macros, no external links. Only functions that
LibreOffice 7.4 and Excel share are used (SUMIFS, SUMPRODUCT, INDEX/MATCH, IF, MAX, MIN, ROUND,
ROUNDUP, COUNTA, EXACT, ISNUMBER).

openpyxl is imported only here (``import mocmo`` stays light).
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from mocmo.plan import Plan

if TYPE_CHECKING:
    from mocmo.excel._book import Book
    from mocmo.excel.people import IncludePeople

__all__ = ["SHEET_ORDER", "build_workbook", "write_sheets", "write_workbook"]

SHEET_ORDER: tuple[str, ...] = (
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
    "People",
)
"""Sheets in the order the workbook shows them (the comparison workbook leaves out Org chart)."""


def build_workbook(  # type: ignore[no-untyped-def]
    plan: Plan, today: _dt.date | None = None, org_chart_png: Mapping[str, bytes] | None = None
):
    """The finance workbook of ``plan`` as an ``openpyxl.Workbook`` (not yet saved).
    ``org_chart_png``: the org charts already drawn (``legacy``/``new`` → PNG at 2×)."""
    return _build_book(plan, today, org_chart_png).wb


def _build_book(
    plan: Plan,
    today: _dt.date | None = None,
    org_chart_png: Mapping[str, bytes] | None = None,
    people: IncludePeople | None = None,
) -> Book:
    from mocmo.excel._book import Book, order_sheets

    book = Book.new(plan)
    write_sheets(book, today, org_chart_png=org_chart_png, people=people)
    order_sheets(book.wb, [book.sheets[t].ws for t in SHEET_ORDER if t in book.sheets])
    return book


def write_sheets(
    book: Book,
    today: _dt.date | None = None,
    *,
    pictures: bool = True,
    org_chart_png: Mapping[str, bytes] | None = None,
    as_exported: bool = False,
    people: IncludePeople | None = None,
) -> None:
    """Write every sheet of ``book.plan``'s workbook into ``book`` (a ``Book``), in creation
    order; the caller orders the sheets. ``pictures=False`` leaves out the Org chart sheet.
    (The comparison workbook, :mod:`mocmo.compare`, writes two plans into one file this way.)
    ``as_exported``: every cell as the export writes it though the pictures are left out (the
    Summary's contents still list the Org chart sheet) — to compare with an exported file.
    ``people``: the People sheet last (:mod:`mocmo.excel.people`; a plan with a roster)."""
    from mocmo.excel._assumptions import write_assumptions, write_item_inputs
    from mocmo.excel._audiences import write_audiences
    from mocmo.excel._costing import write_costing
    from mocmo.excel._diagnostics import write_diagnostics
    from mocmo.excel._governance import write_governance
    from mocmo.excel._migration import write_migration
    from mocmo.excel._neworg import write_new_org
    from mocmo.excel._orgchart import write_org_chart
    from mocmo.excel._ranges import write_ranges
    from mocmo.excel._reshape import write_handoff, write_reshape
    from mocmo.excel._summary import write_summary
    from mocmo.excel._wholecost import write_whole_cost
    from mocmo.excel.people import PEOPLE_SHEET, write_people_sheet
    from mocmo.summary import headline

    plan = book.plan
    figures = headline(plan)
    book.reserved.update(key.lower() for key in figures)
    book.sheet("Summary")  # first, filled last
    write_assumptions(book)
    write_diagnostics(book)
    audiences = write_audiences(book)
    reshape = write_reshape(book, audiences)
    write_handoff(book)
    costing = write_costing(book)
    org = write_new_org(book, audiences, reshape, costing)
    write_ranges(book)  # values and defined names only: no step sheet's cells
    whole = write_whole_cost(book, reshape, org)
    write_migration(book, audiences, reshape, costing, org, whole)
    write_governance(book)
    write_item_inputs(book)  # the per-item assumptions the step sheets read, on Assumptions
    later = {"Org chart": pictures or as_exported, PEOPLE_SHEET: people is not None}
    contents = [t for t in SHEET_ORDER if t in book.sheets or later.get(t, False)]
    write_summary(book, figures, today, contents)
    if pictures:
        # Last: its pictures may still be drawing elsewhere while the sheets above are written.
        write_org_chart(book, org_chart_png)  # the org chart today and in the new model
    if people is not None:
        write_people_sheet(book, people)  # only when asked: one row per person


def write_workbook(
    plan: Plan,
    path: str | os.PathLike[str],
    org_chart_png: Mapping[str, bytes] | None = None,
    people: IncludePeople | None = None,
) -> Path:
    """Write the finance workbook of ``plan`` to ``path`` (.xlsx) and return the path.
    ``org_chart_png``: the org charts already drawn (``legacy``/``new`` → PNG at 2×);
    ``people``: add the People sheet last (one row per roster person, pseudonymised or with
    names: :mod:`mocmo.excel.people`) — only when asked (``mocmo export --include-people``).

    The file is written to a temporary name in the same folder and then renamed, so a failure
    never leaves half a workbook over a good one. Each headline figure's cell on the Summary
    sheet holds the value mocmo computed (:mod:`mocmo.excel._cached`), so a preview that does
    not recalculate shows the figures.
    """
    from mocmo.excel._cached import store_values, summary_values
    from mocmo.files import replace_atomic
    from mocmo.summary import headline

    book = _build_book(plan, org_chart_png=org_chart_png, people=people)
    values = summary_values(book, headline(plan))

    def write(tmp: str) -> None:
        book.wb.save(tmp)
        store_values(Path(tmp), values)

    replace_atomic(Path(path), write, lock=False)
    return Path(path)
