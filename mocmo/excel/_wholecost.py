"""The Whole Cost sheet: the new org staffed to its work, and the whole cost of running it —
payroll, AI and the non-payroll budget, legacy and new.

First each group staffed to its hours (:func:`mocmo.excel._staffing.write_group_staffing`:
FTE against hours, unstaffed hours and their cost), then, mirroring
:mod:`mocmo.costing.whole`:

* AI seat licences = new-org FTE (New Org sheet) × ``ai_licensed_share`` ×
  ``ai_licence_per_user_month`` × ``months_per_year``; usage = capacity reclaimed by AI (h/wk,
  Reshape sheet: the hours AI absorbs less their oversight) × ``ai_weeks_per_year`` ×
  ``ai_usage_per_absorbed_hour``; platform = Σ the agents' running costs (Assumptions);
  AI running cost = licences + usage + platform;
* legacy AI licences = ``ai_legacy_licensed_users`` × ``ai_licence_per_user_month`` ×
  ``months_per_year``;
* non-payroll, legacy = Σ the budget lines' *before*; new = Σ their *after* (Assumptions);
* legacy total = legacy payroll (New Org) + legacy AI licences + non-payroll legacy; new total =
  new payroll (New Org, support FTE included) + AI running cost + non-payroll new; net change =
  new − legacy; as a share of the legacy total (empty when that is 0).

Every amount is per year at the plan's start pay (before any pay review); the Migration sheet
carries the reviews month by month.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.chart import BarChart, Reference

from mocmo import neworg
from mocmo.excel._assumptions import BUDGET, plan_source
from mocmo.excel._book import Book, Input, Sheet
from mocmo.excel._neworg import NewOrgRefs
from mocmo.excel._reshape import ReshapeRefs
from mocmo.excel._staffing import write_group_staffing

__all__ = ["SHEET", "BudgetName", "WholeCostRefs", "budget_names", "write_whole_cost"]

SHEET = "Whole Cost"


@dataclass(frozen=True)
class BudgetName:
    """The defined names of one budget line's inputs (on the Assumptions sheet)."""

    index: int
    """Its index in ``plan.budget_shift``."""
    label: str
    before: str
    after: str
    change_month: str


@dataclass
class WholeCostRefs:
    """Cells other sheets use (absolute references)."""

    ai_licences_new: str = "0"
    ai_usage: str = "0"
    ai_platform: str = "0"
    ai_run: str = "0"
    ai_licences_legacy: str = "0"
    non_payroll_legacy: str = "0"
    non_payroll_new: str = "0"
    budget: list[BudgetName] = field(default_factory=list)


def budget_names(book: Book) -> list[BudgetName]:
    """The budget lines in their standard order, each with the defined names of its before,
    after and change month; registered as Assumptions inputs on first use (the sheet that asks
    first writes the green link cells, later sheets read the names)."""
    from mocmo import governance as model
    from mocmo.plan.fields import BUDGET_LINES

    order = {line: i for i, line in enumerate(BUDGET_LINES)}
    lines = sorted(enumerate(book.plan.budget_shift), key=lambda pair: order[pair[1].line])
    out: list[BudgetName] = []
    for i, item in lines:
        stem = book.item_stem("budget", i, item.line)
        out.append(
            BudgetName(
                i, model.BUDGET_LINE_LABELS[item.line], f"{stem}_before", f"{stem}_after",
                f"{stem}_change_month",
            )
        )  # fmt: skip
    return out


def _budget_inputs(book: Book, line: BudgetName) -> tuple[Input, Input, Input]:
    item = book.plan.budget_shift[line.index]
    where = f"budget_shift[{line.index}]"
    return (
        Input(BUDGET, line.before, item.before, "money", "per year",
              f"Budget line '{line.label}': today (before)", plan_source(f"{where}.before")),
        Input(BUDGET, line.after, item.after, "money", "per year",
              f"Budget line '{line.label}': in the new model (after)",
              plan_source(f"{where}.after")),
        Input(BUDGET, line.change_month, item.change_month, "month", "month",
              f"Budget line '{line.label}': month the 'after' amount starts (empty: the month "
              "the last legacy role changes shape, else month 1)",
              plan_source(f"{where}.change_month"), True),
    )  # fmt: skip


def _ai(book: Book, sheet: Sheet, row: int, new_fte: str, refs: WholeCostRefs) -> int:
    plan = book.plan
    reclaimed = book.headline_refs.get("capacity_reclaimed_hours_per_week", "0")
    first = row = sheet.table(
        row,
        "AI running cost (per year)",
        "Seat licences follow the new org's people; usage is priced per hour of work AI "
        "absorbs (the plan measures all work in hours, so one price fits every activity); "
        "platform = each agent's running cost. Prices are on the Assumptions sheet.",
        ["Agent", "Running cost per year"],
    )
    for i, agent in enumerate(plan.agents):
        stem = book.item_stem("agent", i, agent.name)
        sheet.text(row, 1, agent.name)
        sheet.assumed(
            row,
            2,
            Input(
                BUDGET, f"{stem}_running_cost", agent.running_cost, "money", "per year",
                f"Agent '{agent.name}': running cost (orchestration, data, monitoring)",
                plan_source(f"agents[{i}].running_cost"),
            ),
        )  # fmt: skip
        row += 1
    last = row - 1
    sheet.text(row, 1, "Agents' running cost", "label")
    sheet.column_total(row, 2, first, last, "money")
    platform = sheet.ref(row, 2)
    row += 2
    row = sheet.header(row, ["AI cost", "Per year", "How it is made"])
    licences = f"{new_fte}*ai_licensed_share*ai_licence_per_user_month*months_per_year"
    usage = f"{reclaimed}*ai_weeks_per_year*ai_usage_per_absorbed_hour"
    lines = (
        ("Seat licences (new org)", licences,
         "new-org FTE × licensed share × price per user per month × months a year"),
        ("Usage", usage, "hours AI absorbs per week × weeks a year × price per absorbed hour"),
        ("Platform and agents", platform, "Σ the agents' running costs above"),
    )  # fmt: skip
    cells: list[str] = []
    for label, formula, how in lines:
        sheet.text(row, 1, label)
        sheet.formula(row, 2, formula, "money")
        sheet.text(row, 3, how)
        cells.append(sheet.ref(row, 2))
        row += 1
    refs.ai_licences_new, refs.ai_usage, refs.ai_platform = cells
    sheet.text(row, 1, "AI running cost", "label")
    sheet.formula(row, 2, "+".join(cells), "money", "total")
    book.headline("ai_run_cost_annual", sheet, row, 2)
    refs.ai_run = sheet.ref(row, 2)
    row += 1
    sheet.text(row, 1, "Seat licences today (legacy)")
    sheet.formula(
        row, 2, "ai_legacy_licensed_users*ai_licence_per_user_month*months_per_year", "money"
    )
    sheet.text(row, 3, "seats today × price per user per month × months a year")
    refs.ai_licences_legacy = sheet.ref(row, 2)
    return row + 2


def _non_payroll(book: Book, sheet: Sheet, row: int, refs: WholeCostRefs) -> int:
    first = row = sheet.table(
        row,
        "Non-payroll budget (per year)",
        "Tools, data, platform, agencies, events: each line today and in the new model, from "
        "the Assumptions sheet; the 'after' amount starts in its change month (Migration).",
        ["Line", "Before", "After", "Change month", "Change"],
    )
    for line in refs.budget:
        before, after, month = _budget_inputs(book, line)
        sheet.text(row, 1, line.label)
        sheet.assumed(row, 2, before)
        sheet.assumed(row, 3, after)
        sheet.assumed(row, 4, month)
        c = sheet.at(row)
        sheet.formula(row, 5, f"{c(3)}-{c(2)}", "money")
        row += 1
    last = row - 1
    sheet.text(row, 1, "Non-payroll budget", "label")
    for column in (2, 3, 5):
        sheet.column_total(row, column, first, last, "money")
    book.headline("non_payroll_cost_legacy", sheet, row, 2)
    book.headline("non_payroll_cost_new", sheet, row, 3)
    refs.non_payroll_legacy = sheet.ref(row, 2)
    refs.non_payroll_new = sheet.ref(row, 3)
    return row + 2


def _totals(
    book: Book, sheet: Sheet, row: int, payroll: tuple[str, str], refs: WholeCostRefs
) -> int:
    row = sheet.table(
        row,
        "The whole cost of the operating model (per year)",
        "Payroll (fully loaded, New Org sheet) + AI + non-payroll, today and in the new model, "
        "at the plan's start pay (before any pay review).",
        ["Cost", "Legacy", "New", "Change (new − legacy)"],
    )
    parts = (
        ("Payroll (loaded)", *payroll),
        ("AI (legacy: seats today; new: running cost)", refs.ai_licences_legacy, refs.ai_run),
        ("Non-payroll budget", refs.non_payroll_legacy, refs.non_payroll_new),
    )
    first = row
    for label, legacy, new in parts:
        c = sheet.at(row)
        sheet.text(row, 1, label)
        sheet.formula(row, 2, legacy, "money")
        sheet.formula(row, 3, new, "money")
        sheet.formula(row, 4, f"{c(3)}-{c(2)}", "money")
        row += 1
    sheet.text(row, 1, "Total cost", "label")
    for column in (2, 3):
        sheet.column_total(row, column, first, row - 1, "money")
    c = sheet.at(row)
    sheet.formula(row, 4, f"{c(3)}-{c(2)}", "money", "total")
    book.headline("legacy_total_cost", sheet, row, 2)
    book.headline("new_total_cost", sheet, row, 3)
    book.headline("total_net_change", sheet, row, 4)
    total_row = row
    row += 1
    sheet.text(row, 1, "Net change, share of the legacy total", "label")
    sheet.formula(row, 4, f'IF({c(2)}=0,"",{c(4)}/{c(2)})', "pct", "total")
    book.headline("total_net_change_pct", sheet, row, 4)
    return _bridge(sheet, row + 2, [label for label, *_ in parts], first, total_row)


def _bridge(sheet: Sheet, row: int, labels: list[str], first: int, total_row: int) -> int:
    """The cost bridge from today's whole cost to the new model's: a table of formulas (each
    part's change, stacked on the running total) and its native waterfall chart."""
    row = sheet.table(
        row,
        "Cost bridge, legacy to new (the chart's data)",
        "Each bar starts where the one before ended: the hidden base is the lower of the "
        "running total before and after the change.",
        ["Step", "Base (hidden)", "Total", "Increase", "Decrease"],
    )
    top = row
    totals = sheet.at(total_row)
    sheet.text(row, 1, "Whole cost today")
    sheet.formula(row, 2, "0", "money")
    sheet.formula(row, 3, totals(2), "money")
    sheet.formula(row, 4, "0", "money")
    sheet.formula(row, 5, "0", "money")
    row += 1
    for k, label in enumerate(labels):
        change = sheet.ref(first + k, 4, sheet=False)
        before = f"({totals(2)}+SUM({sheet.ref(first, 4, sheet=False)}:{change})-{change})"
        sheet.text(row, 1, label)
        sheet.formula(row, 2, f"MIN({before},{before}+{change})", "money")
        sheet.formula(row, 3, "0", "money")
        sheet.formula(row, 4, f"MAX({change},0)", "money")
        sheet.formula(row, 5, f"MAX(-{change},0)", "money")
        row += 1
    sheet.text(row, 1, "Whole cost, new model")
    sheet.formula(row, 2, "0", "money")
    sheet.formula(row, 3, totals(3), "money")
    sheet.formula(row, 4, "0", "money")
    sheet.formula(row, 5, "0", "money")
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "col", "stacked", 100
    chart.title = "Cost bridge: today's whole cost to the new model's (per year)"
    chart.y_axis.title = "Cost per year"
    chart.legend.position = "b"
    data = Reference(sheet.ws, min_col=2, max_col=5, min_row=top - 1, max_row=row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet.ws, min_col=1, min_row=top, max_row=row))
    chart.series[0].graphicalProperties.noFill = True
    chart.series[0].graphicalProperties.line.noFill = True
    for series, color in zip(chart.series[1:], ("1F4E79", "C00000", "548235"), strict=True):
        series.graphicalProperties.solidFill = color
    chart.height, chart.width = 9, 18
    sheet.ws.add_chart(chart, f"G{top - 1}")
    return row + 2


def write_whole_cost(book: Book, reshape: ReshapeRefs, org: NewOrgRefs) -> WholeCostRefs:
    """Write the Whole Cost sheet — each group staffed to its hours, the AI running cost, the
    non-payroll budget and the whole cost legacy vs new — from the Reshape and New Org sheets'
    cells; returns the cells the Migration sheet reads."""
    sheet = book.sheet(SHEET)
    refs = WholeCostRefs(budget=budget_names(book))
    row = sheet.heading(
        "The whole cost",
        "The new org staffed to its work, and what running it costs: payroll, AI and the "
        "non-payroll budget, today and in the new model. Money per year.",
    )
    marops = reshape.staffing.marops_fte
    seats = "+".join(org.seat_loaded_total) or "0"
    marops_cost = (
        f"IF({marops}<=1E-9,{org.marops_support_per_head},"
        f"({seats}+{org.marops_support_loaded})/{marops})"
    )
    row = write_group_staffing(
        book, sheet, row, reshape.staffing,
        (reshape.custodian_hours_total, reshape.custodian_fte_total),
        (org.gtm_per_head[neworg.GTM_MARKETER], marops_cost),
    )  # fmt: skip
    row = _ai(book, sheet, row, org.new_total, refs)
    row = _non_payroll(book, sheet, row, refs)
    _totals(book, sheet, row, (org.legacy_cost, org.new_cost), refs)
    sheet.finish(freeze_row=None)
    return refs
