"""The Migration sheet: phases, hires, the workflow inventory and the month-by-month path.

Mirrors :mod:`mocmo.migration`:

* a phase ends in start + months − 1; its earliest start = MAX(its start, 1 + the earliest end
  of each phase it depends on); migration months = last end − first start + 1;
* a hire's offer month = start − lead time; its one-off fee = count × (recruitment_fee_rate ×
  salary at the position's band and point), paid in its start month;
* staffing lines: each legacy role until the month before it changes shape; the Head of GTM
  from the first Head of GTM hire (else the first audience launch); one GTM Marketer per
  audience from its launch month (month 1 without one); each role's Craft Custodian FTE from the
  month it changes shape; each MarOps seat from its hire month (month 1 without one); GTM
  support per owner from the first launch of its audiences, MarOps support from the first
  seat's hire month. A line's monthly cost = headcount × loaded cost of its salary at the
  month's pay ÷ ``months_per_year`` in every month it is active (the 1/0 grid; see
  :mod:`mocmo.excel._monthly` for the pay review, AI and non-payroll rows);
* per month: headcount and cost by group (SUMPRODUCT over the grids), payroll + AI running cost
  + non-payroll budget + recruitment fees = total; difference = total − the legacy baseline
  (staying legacy at the month's pay + today's AI seats + the budget before);
  cumulative = running sum; break-even = the first month from which the cumulative difference
  stays ≤ 0 to the end of the horizon (empty if none).
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.chart import BarChart, Reference, Series
from openpyxl.styles import Font

from mocmo import migration, neworg
from mocmo.excel._assumptions import TIMING, plan_source
from mocmo.excel._audiences import AudienceRefs
from mocmo.excel._book import Book, Input, Sheet
from mocmo.excel._costing import CostingRefs
from mocmo.excel._monthly import CostLine, whole_cost_month, write_cost_grid, write_month_inputs
from mocmo.excel._neworg import NewOrgRefs
from mocmo.excel._reshape import ReshapeRefs
from mocmo.excel._wholecost import WholeCostRefs

__all__ = ["write_migration"]

GROUPS: tuple[str, ...] = migration.GROUPS
"""The timeline's groups (mocmo.migration.GROUPS)."""
FIRST_MONTH_COL = 9
"""Column of month 1 in the staffing grid and the month-by-month table."""


@dataclass
class _Line:
    group: str
    name: str
    headcount: str
    source: str
    first: str
    last: str
    annual: str
    salary: str = "0"
    """One person's salary at start pay (absolute reference)."""
    source_input: Input | None = None
    """The month this line starts from, when it is an assumption of its own."""


def _phases(book: Book, sheet: Sheet, row: int) -> tuple[int, dict[str, int]]:
    plan = book.plan
    row = sheet.section(
        row,
        "Phases",
        "Start month and length come from the Assumptions sheet (green). Earliest start "
        "honours every dependency (finish-to-start).",
    )
    first = row = sheet.header(
        row,
        ["Phase", "Start month", "Months", "End month", "Depends on", "Earliest start",
         "Earliest end", "Status"],
    )  # fmt: skip
    rows = {p.name: first + i for i, p in enumerate(plan.phases)}
    for i, phase in enumerate(plan.phases):
        c = sheet.at(row)
        deps = [rows[d] for d in phase.depends_on if d in rows and d != phase.name]
        stem = book.item_stem("phase", i, phase.name)
        sheet.text(row, 1, phase.name)
        for column, field_, value, what in (
            (2, "start_month", phase.start_month, "start month"),
            (3, "months", phase.months, "length in months"),
        ):
            sheet.assumed(
                row,
                column,
                Input(
                    TIMING, f"{stem}_{field_}", value, "month", "month" if column == 2 else
                    "months", f"Phase '{phase.name}': {what}",
                    plan_source(f"phases[{i}].{field_}"),
                ),
            )  # fmt: skip
        sheet.formula(row, 4, f"{c(2)}+{c(3)}-1", "month")
        sheet.text(row, 5, ", ".join(phase.depends_on))
        after = "".join(f",{sheet.ref(r, 7, sheet=False)}+1" for r in deps)
        sheet.formula(row, 6, f"MAX({c(2)}{after})", "month")
        sheet.formula(row, 7, f"{c(6)}+{c(3)}-1", "month")
        if deps:
            ends = ",".join(sheet.ref(r, 4, sheet=False) for r in deps)
            sheet.formula(
                row, 8,
                f'IF({c(2)}>MAX({ends}),"ok","starts before a phase it depends on ends; '
                f'earliest month "&{c(6)})',
                "general",
            )  # fmt: skip
        else:
            sheet.text(row, 8, "ok")
        row += 1
    last = row - 1
    sheet.text(row, 1, "Migration length (months)", "label")
    formula = (
        f"MAX({sheet.range(4, first, last)})-MIN({sheet.range(2, first, last)})+1"
        if plan.phases
        else "0"
    )
    sheet.formula(row, 4, formula, "month", "total")
    book.headline("migration_months", sheet, row, 4)
    return row + 2, rows


def _hires(
    book: Book, sheet: Sheet, row: int, phase_rows: dict[str, int], costing: CostingRefs,
    org: NewOrgRefs,
) -> tuple[int, tuple[int, int], list[str]]:  # fmt: skip
    plan = book.plan
    seat_index = {s.name: i for i, s in enumerate(plan.marops_seats)}
    row = sheet.section(
        row,
        "Hires",
        "Count is an input; start month and recruitment lead time are on the Assumptions sheet. "
        "The fee is paid in the start month, at the position's salary (New Org / MarOps "
        "Costing).",
    )
    first = row = sheet.header(
        row,
        ["Position", "Count", "Start month", "Lead time (months)", "Offer month",
         "Phase that needs it", "Phase ends", "Starts after its phase ends?", "Salary",
         "Recruitment fee (one-off)"],
    )  # fmt: skip
    starts: list[str] = []
    for i, hire in enumerate(plan.hires):
        c = sheet.at(row)
        stem = book.item_stem("hire", i, hire.position)
        sheet.text(row, 1, hire.position)
        sheet.value(row, 2, hire.count, "count", "input")
        for column, field_, what, unit in (
            (3, "month", "start month", "month"),
            (4, "lead_time_months", "recruitment lead time", "months"),
        ):
            sheet.assumed(
                row,
                column,
                Input(
                    TIMING, f"{stem}_{field_}", getattr(hire, field_), "month", unit,
                    f"Hire of {hire.position}: {what}", plan_source(f"hires[{i}].{field_}"),
                ),
            )  # fmt: skip
        sheet.formula(row, 5, f"{c(3)}-{c(4)}", "month")
        sheet.text(row, 6, hire.phase or "")
        if hire.phase and hire.phase in phase_rows:
            sheet.formula(row, 7, sheet.ref(phase_rows[hire.phase], 4, sheet=False), "month")
            sheet.formula(row, 8, f'IF({c(3)}>{c(7)},"yes: late","no")', "general")
        if hire.position in org.gtm_salary:
            salary = org.gtm_salary[hire.position]
        else:
            salary = costing.seat_salary[seat_index[hire.position]]
        sheet.formula(row, 9, salary, "money")
        sheet.formula(row, 10, f"{c(2)}*(recruitment_fee_rate*{c(9)})", "money")
        starts.append(sheet.ref(row, 3, sheet=False))
        row += 1
    last = row - 1
    sheet.text(row, 1, "Hires", "label")
    for column, key, fmt in ((2, "migration_hires", "count"),
                             (10, "migration_one_off_cost", "money")):  # fmt: skip
        sheet.column_total(row, column, first, last, fmt)  # type: ignore[arg-type]
        book.headline(key, sheet, row, column)
    return row + 2, (first, last), starts


def _workflows(book: Book, sheet: Sheet, row: int) -> int:
    plan = book.plan
    row = sheet.section(
        row,
        "Workflow inventory",
        "Top = one of the 5–7 most important workflows (input, yes/no); each needs exactly one "
        "accountable owner.",
    )
    first = row = sheet.header(
        row, ["Workflow", "Top", "Buyer-facing", "Owners", "Owner count", "Platforms",
              "Decisions"],
    )  # fmt: skip
    for wf in plan.workflows:
        sheet.text(row, 1, wf.name)
        sheet.text(row, 2, "yes" if wf.top else "no", "input")
        sheet.text(row, 3, "yes" if wf.buyer_facing else "no")
        sheet.text(row, 4, ", ".join(wf.owners))
        sheet.value(row, 5, len(wf.owners), "count", "value")
        sheet.text(row, 6, ", ".join(wf.platforms))
        sheet.text(row, 7, "; ".join(wf.decisions))
        row += 1
    last = row - 1
    if plan.workflows:
        sheet.choice(sheet.range(2, first, last).replace("$", ""), ("yes", "no"))
    labels = (
        ("Workflows in the inventory", "workflow_inventory_count",
         f"COUNTA({sheet.range(1, first, last)})"),
        ("Top workflows with exactly one owner", "top_workflows_owned",
         f'COUNTIFS({sheet.range(2, first, last)},"yes",{sheet.range(5, first, last)},1)'),
    )  # fmt: skip
    for label, key, formula in labels:
        sheet.text(row, 1, label, "label")
        sheet.formula(row, 5, formula if plan.workflows else "0", "count", "total")
        book.headline(key, sheet, row, 5)
        row += 1
    return row + 1


def _lines(
    book: Book, audiences: AudienceRefs, reshape: ReshapeRefs, costing: CostingRefs,
    org: NewOrgRefs, hire_starts: list[str], legacy_rows: dict[int, int],
) -> list[_Line]:  # fmt: skip
    """The staffing lines; ``legacy_rows`` maps a legacy role index to its grid row."""
    plan = book.plan
    lines: list[_Line] = []
    for i, role in enumerate(plan.legacy_roles):
        r = legacy_rows[i]
        lines.append(
            _Line(
                migration.GROUP_LEGACY, role.name, reshape.headcount[i], "", "1",
                f'IF(ISNUMBER(D{r}),D{r}-1,"")', f"C{r}*{org.legacy_per_head_abs[i]}",
                salary=org.legacy_salary_abs[i],
                source_input=Input(
                    TIMING, f"{book.item_stem('legacy', i, role.name)}_transition_month",
                    role.transition_month, "month", "month",
                    f"Legacy role '{role.name}': month it changes to its new shape (empty: not "
                    "in this plan)", plan_source(f"legacy_roles[{i}].transition_month"), True,
                ),
            )
        )  # fmt: skip
    hogtm = [s for h, s in zip(plan.hires, hire_starts, strict=True) if h.position == "Head of GTM"]
    if hogtm:
        head_first = f"MIN({','.join(hogtm)})"
    elif plan.audiences:
        launches = ",".join(f"IF(ISNUMBER({ref}),{ref},1)" for ref in audiences.launch)
        head_first = f"MIN({launches})"
    else:
        head_first = ""
    if head_first:
        lines.append(
            _Line(neworg.GROUP_GTM, neworg.HEAD_OF_GTM, "1", "first Head of GTM hire" if hogtm else
                  "first audience launch", head_first, "", org.gtm_per_head["Head of GTM"],
                  org.gtm_salary["Head of GTM"])
        )  # fmt: skip
    for i, aud in enumerate(plan.audiences):
        launch = audiences.launch[i]
        lines.append(
            _Line(neworg.GROUP_GTM, f"{neworg.GTM_MARKETER} — {aud.name}", "1", "audience launch",
                  f"IF(ISNUMBER({launch}),{launch},1)", "", org.gtm_per_head["GTM Marketer"],
                  org.gtm_salary["GTM Marketer"])
        )  # fmt: skip
    support_title = plan.assumptions.staffing.gtm_support_title
    for key in reshape.staffing.owners:
        launches = ",".join(
            f"IF(ISNUMBER({audiences.launch[i]}),{audiences.launch[i]},1)" for i in key.audiences
        )
        who = key.owner or plan.audiences[key.audiences[0]].name
        lines.append(
            _Line(neworg.GROUP_GTM, f"{support_title} — {who}", key.support,
                  "first launch of the owner's audiences", f"MIN({launches})", "",
                  f"{key.support}*{org.gtm_per_head['GTM Marketer']}",
                  org.gtm_salary["GTM Marketer"])
        )  # fmt: skip
    for i, role in enumerate(plan.legacy_roles):
        if role.transition_month is None or role.new_home == "marops":
            continue
        r = legacy_rows[i]
        lines.append(
            _Line(neworg.GROUP_CUSTODIANS, neworg.custodian_title(role),
                  reshape.custodian_fte[i], f"as {role.name}", f"D{r}", "",
                  f"{reshape.custodian_fte[i]}*{org.legacy_per_head_abs[i]}",
                  org.legacy_salary_abs[i])
        )  # fmt: skip
    for i, seat in enumerate(plan.marops_seats):
        hire = costing.seat_hire[i]
        lines.append(
            _Line(neworg.GROUP_MAROPS, seat.name, "1", "seat hire month",
                  f"IF(ISNUMBER({hire}),{hire},1)", "", costing.seat_loaded[i],
                  costing.seat_salary[i])
        )  # fmt: skip
    hires = ",".join(f"IF(ISNUMBER({h}),{h},1)" for h in costing.seat_hire)
    support = reshape.staffing.marops_support
    lines.append(
        _Line(neworg.GROUP_MAROPS, plan.assumptions.staffing.marops_support_title, support,
              "first seat's hire month", f"MIN({hires})" if hires else "1", "",
              f"{support}*{org.marops_support_per_head}", org.marops_support_salary)
    )  # fmt: skip
    return lines


def write_migration(
    book: Book, audiences: AudienceRefs, reshape: ReshapeRefs, costing: CostingRefs,
    org: NewOrgRefs, whole: WholeCostRefs,
) -> None:  # fmt: skip
    """Write the Migration sheet and its headline figures."""
    from mocmo import migration as model

    plan = book.plan
    horizon = plan.horizon_months
    sheet = book.sheet("Migration")
    row = sheet.heading(
        "Migration, month by month",
        "Phases, hires and who is on the payroll each month; monthly cost = annual loaded cost "
        "÷ 12. Month 1 is the plan's start month. Money in the plan's currency.",
    )
    row, phase_rows = _phases(book, sheet, row)
    row, (hire_first, hire_last), hire_starts = _hires(book, sheet, row, phase_rows, costing, org)
    row = _workflows(book, sheet, row)

    # Staffing grid ---------------------------------------------------------------------------
    row = sheet.section(
        row,
        "Who is on the payroll (1 = on the payroll that month)",
        "Legacy roles' 'changes shape in month' come from the Assumptions sheet; other start "
        "months from the Audiences (launch month), MarOps Costing (hire month) and Hires "
        "tables.",
    )
    labels = ["Group", "Line", "Headcount / FTE", "Changes shape in month / starts from",
              "First month", "Last month", "Annual loaded cost", "Monthly cost"]  # fmt: skip
    labels += [f"M{m}" for m in range(1, horizon + 1)]
    grid_first = sheet.header(row, labels)
    legacy_rows = {i: grid_first + i for i in range(len(plan.legacy_roles))}
    lines = _lines(book, audiences, reshape, costing, org, hire_starts, legacy_rows)
    row = grid_first
    for line in lines:
        c = sheet.at(row)
        sheet.text(row, 1, line.group)
        sheet.text(row, 2, line.name)
        sheet.formula(row, 3, line.headcount, "fte")
        if line.source_input is not None:
            sheet.assumed(row, 4, line.source_input)
        else:
            sheet.text(row, 4, line.source)
        if line.first == "1":
            sheet.value(row, 5, 1, "month", "value")
        else:
            sheet.formula(row, 5, line.first, "month")
        if line.last:
            sheet.formula(row, 6, line.last, "month")
        sheet.formula(row, 7, line.annual, "money")
        sheet.formula(row, 8, f"{c(7)}/12", "money")
        for m in range(1, horizon + 1):
            col = FIRST_MONTH_COL + m - 1
            sheet.formula(
                row, col,
                f"IF(AND({c(5)}<={m},OR(NOT(ISNUMBER({c(6)})),{m}<={c(6)})),1,0)",
                "count",
            )  # fmt: skip
        row += 1
    grid_last = row - 1
    row += 1
    cost_lines = [
        CostLine(line.group, line.name, line.salary, sheet.ref(grid_first + k, 3), grid_first + k)
        for k, line in enumerate(lines)
    ]
    n_roles = len(plan.legacy_roles)
    row, cost = write_cost_grid(
        sheet, row, cost_lines, cost_lines[:n_roles], horizon, FIRST_MONTH_COL
    )
    row, inputs = write_month_inputs(
        book, sheet, row,
        [sheet.ref(legacy_rows[i], 4, sheet=False) for i in range(n_roles)], reshape.ai_net,
        [(b.label, b.before, b.after, b.change_month) for b in whole.budget],
    )  # fmt: skip

    # Month by month, months across ----------------------------------------------------------
    row = sheet.section(
        row,
        "Month by month",
        "Headcount and cost by group are SUMPRODUCTs over the grid above; difference = total "
        "cost − the legacy baseline; break-even = the first month from which the cumulative "
        "difference stays at or below zero.",
    )
    groups = sheet.range(1, grid_first, grid_last)
    heads = sheet.range(3, grid_first, grid_last)
    cost_groups = sheet.range(1, cost.first, cost.last)
    hire_fee = sheet.range(10, hire_first, hire_last) if plan.hires else ""
    hire_start = sheet.range(3, hire_first, hire_last) if plan.hires else ""
    r_month = row
    metric_rows = {
        name: r_month + i
        for i, name in enumerate(
            ["month", "date", *[f"h:{g}" for g in GROUPS], "heads", *[f"c:{g}" for g in GROUPS],
             "payroll", "pay", "licences", "usage", "platform", "ai", "budget", "fees",
             "total", "baseline", "difference", "cumulative", "flag", "phases"]
        )
    }  # fmt: skip
    titles = {
        "month": "Month", "date": "Calendar month", "heads": "Total headcount",
        "payroll": "Payroll cost", "pay": "Pay factor (× start pay)",
        "licences": "AI seat licences", "usage": "AI usage", "platform": "AI platform and agents",
        "ai": "AI running cost", "budget": "Non-payroll budget",
        "fees": "Recruitment fees (one-off)", "total": "Total cost",
        "baseline": "Legacy baseline (staying as today)", "difference": "Difference vs legacy",
        "cumulative": "Cumulative difference", "flag": "Paid back from here on (1/0)",
        "phases": "Phases in flight",
        **{f"h:{g}": f"Headcount — {g}" for g in GROUPS},
        **{f"c:{g}": f"Cost — {g}" for g in GROUPS},
    }  # fmt: skip
    for key, r in metric_rows.items():
        sheet.text(r, 1, titles[key], "label")
    dates = model.monthly(plan)["date"].tolist() if horizon else []
    in_flight = [", ".join(model.phases_in_flight(plan, m)) for m in range(1, horizon + 1)]
    for m in range(1, horizon + 1):
        col = FIRST_MONTH_COL + m - 1
        ref = lambda key, col=col: sheet.ref(metric_rows[key], col, sheet=False)  # noqa: E731
        grid_col = sheet.range(col, grid_first, grid_last)
        cost_col = sheet.range(col, cost.first, cost.last)
        cell = sheet.value(metric_rows["month"], col, m, "month", "value")
        cell.font = Font(bold=True)
        date_cell = sheet.ws.cell(row=metric_rows["date"], column=col, value=dates[m - 1])
        date_cell.number_format = "mmm yyyy"
        for g in GROUPS:
            if not lines:
                sheet.formula(metric_rows[f"h:{g}"], col, "0", "fte")
                sheet.formula(metric_rows[f"c:{g}"], col, "0", "money")
                continue
            sheet.formula(
                metric_rows[f"h:{g}"],
                col,
                f'SUMPRODUCT(({groups}="{g}")*{grid_col}*{heads})',
                "fte",
            )
            sheet.formula(
                metric_rows[f"c:{g}"], col, f'SUMPRODUCT(({cost_groups}="{g}")*{cost_col})', "money"
            )
        sheet.formula(
            metric_rows["heads"], col, "+".join(ref(f"h:{g}") for g in GROUPS), "fte", "total"
        )
        sheet.formula(
            metric_rows["payroll"], col, "+".join(ref(f"c:{g}") for g in GROUPS), "money", "total"
        )
        fee = f"SUMIFS({hire_fee},{hire_start},{ref('month')})" if plan.hires else "0"
        sheet.formula(metric_rows["fees"], col, fee, "money")
        whole_cost_month(book, sheet, metric_rows, col, cost, inputs, whole)
        sheet.formula(
            metric_rows["total"], col,
            f"{ref('payroll')}+{ref('ai')}+{ref('budget')}+{ref('fees')}", "money", "total",
        )  # fmt: skip
        legacy_payroll = (
            f"SUM({sheet.range(col, cost.legacy_first, cost.legacy_last)})" if n_roles else "0"
        )
        sheet.formula(
            metric_rows["baseline"], col,
            f"{legacy_payroll}+ai_legacy_licensed_users*ai_licence_per_user_month"
            f"+{whole.non_payroll_legacy}/months_per_year", "money",
        )  # fmt: skip
        sheet.formula(metric_rows["difference"], col, f"{ref('total')}-{ref('baseline')}", "money")
        previous = sheet.ref(metric_rows["cumulative"], col - 1, sheet=False)
        cumulative = f"{previous}+{ref('difference')}" if m > 1 else ref("difference")
        sheet.formula(metric_rows["cumulative"], col, cumulative, "money", "total")
        if m < horizon:
            following = sheet.ref(metric_rows["flag"], col + 1, sheet=False)
            flag = f"IF(AND({ref('cumulative')}<=1E-9,{following}=1),1,0)"
        else:
            flag = f"IF({ref('cumulative')}<=1E-9,1,0)"
        sheet.formula(metric_rows["flag"], col, flag, "count")
        sheet.text(metric_rows["phases"], col, in_flight[m - 1], wrap=True)
    row = metric_rows["phases"] + 2
    sheet.text(row, 1, "Break-even month (empty if none within the horizon)", "label")
    if horizon:
        flags = (
            f"{sheet.ref(metric_rows['flag'], FIRST_MONTH_COL, sheet=False)}:"
            f"{sheet.ref(metric_rows['flag'], FIRST_MONTH_COL + horizon - 1, sheet=False)}"
        )
        formula = f'IF(SUM({flags})=0,"",{horizon}+1-SUM({flags}))'
    else:
        formula = '""'
    sheet.formula(row, 3, formula, "month", "total")
    book.headline("breakeven_month", sheet, row, 3)
    _chart(sheet, metric_rows, horizon, row + 2)
    for m in range(1, horizon + 1):  # money up to −£9,999,999; phase names wrap
        sheet.widths[FIRST_MONTH_COL + m - 1] = 14.0
    for col in range(1, 3):
        sheet.widths[col] = min(max(sheet.widths.get(col, 10), 22), 40)
    sheet.finish(freeze_row=None)


def _chart(sheet: Sheet, rows: dict[str, int], horizon: int, anchor: int) -> None:
    """A native stacked column chart of headcount by group per month."""
    if not horizon:
        return
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "Headcount by group, month by month"
    chart.y_axis.title = "People (custodians in FTE)"
    chart.x_axis.title = "Migration month"
    last_col = FIRST_MONTH_COL + horizon - 1
    for g in GROUPS:
        r = rows[f"h:{g}"]
        values = Reference(sheet.ws, min_col=FIRST_MONTH_COL, max_col=last_col, min_row=r,
                           max_row=r)  # fmt: skip
        chart.series.append(Series(values, title=g))
    chart.set_categories(
        Reference(sheet.ws, min_col=FIRST_MONTH_COL, max_col=last_col, min_row=rows["month"],
                  max_row=rows["month"])
    )  # fmt: skip
    chart.height, chart.width = 9, 22
    sheet.ws.add_chart(chart, f"A{anchor}")
