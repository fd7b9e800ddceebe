"""The Migration sheet: phases, hires, the people flows, the workflow inventory and the
month-by-month path with its one-off costs.

Mirrors :mod:`mocmo.migration` and :mod:`mocmo.transition`:

* a phase ends in start + months − 1; its earliest start = MAX(its start, 1 + the earliest end
  of each phase it depends on); migration months = last end − first start + 1;
* a hire's offer month = start − lead time;
* each legacy team changes shape in its transition month, else the start of the last-starting
  phase (month 1 without phases);
* **people flows** (:func:`mocmo.transition.flows.flows`), one row each: a move or hire of
  people (FTE) into a position from a month, a leave of people from a team from the first month
  they are off the payroll. People and month are Assumptions inputs; for a flow the plan does
  not list, the input is empty and the plan default is used (a derived move or hire starts when
  its position starts; a derived leave takes whoever of the team does not move, in the month the
  team changes shape + ``transition_overlap_months``);
* staffing lines: one legacy line per flow out of a team (month 1 to the flow's month − 1), one
  for the people who stay, one position line per move or hire from its month at the position's
  salary; a legacy line's months from its team's change of shape on are a handover overlap,
  paid as a one-off, not as payroll. A line's monthly cost = headcount × loaded cost of its
  salary at the month's pay ÷ ``months_per_year`` (see :mod:`mocmo.excel._monthly`);
* one-offs: recruitment = people × ``recruitment_fee_rate`` × the position's salary, in the
  hire's month; exit = people × (statutory weeks × MIN(salary ÷ weeks a year, the weekly cap) ×
  the company multiple + notice in lieu (the longer of contract and statutory notice × a week's
  pay, when paid in lieu) + settlement), in the leaving month, statutory weeks counted from the
  team's average age and full years of service by age band; retraining = people × the amount per
  mover, in the move's month (none for people who become their own team's custodians: they
  keep the craft, and have no ramp-up either); ramp-up = the position's loaded cost ÷ 12 ×
  (1 − start productivity) × ((hi − lo) − (hi² − lo²) ÷ (2N)) in the k-th month from the
  start (lo = k − 1, hi = MIN(k, N), N the ramp months), (1 − s) × N ÷ 2 months of cost in all;
  overlap = the pay of the handover months;
* per month: headcount and cost by group (SUMPRODUCT over the grids), payroll + AI running cost
  + non-payroll budget + one-offs = total; difference = total − the legacy baseline (staying
  legacy at the month's pay + today's AI seats + the budget before); cumulative = running sum;
  break-even = the first month from which the cumulative difference stays ≤ 0 to the end of the
  horizon (empty if none, and when no month differs from staying legacy).
"""

from __future__ import annotations

from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.styles import Font

from mocmo import migration
from mocmo.excel._assumptions import DESIGN, TIMING, plan_source
from mocmo.excel._audiences import AudienceRefs
from mocmo.excel._book import Book, Fmt, Input, Sheet
from mocmo.excel._costing import CostingRefs
from mocmo.excel._monthly import (
    CostGrid,
    CostLine,
    whole_cost_month,
    write_cost_grid,
    write_month_inputs,
)
from mocmo.excel._neworg import NewOrgRefs
from mocmo.excel._oncosts import profile_names
from mocmo.excel._reshape import ReshapeRefs
from mocmo.excel._wholecost import WholeCostRefs

__all__ = ["write_migration"]

from mocmo.excel._flowgrids import FIRST_MONTH_COL, _grid, _handover_grid, month_header_at
from mocmo.excel._flows import (
    F_EXIT,
    F_FEE,
    F_KIND,
    F_MONTH,
    F_PEOPLE,
    F_RAMP,
    F_RETRAIN,
    FLOW_ROWS,
    GROUPS,
    ONE_OFF_ROWS,
    _FlowRow,
    _flows,
    _lines,
    _ramp_grid,
    _teams,
    _transition_inputs,
)


def _phases(book: Book, sheet: Sheet, row: int) -> tuple[int, dict[str, int]]:
    plan = book.plan
    first = row = sheet.table(
        row,
        "Phases",
        "Start month and length come from the Assumptions sheet (green). Earliest start "
        "honours every dependency (finish-to-start).",
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
    first = row = sheet.table(
        row,
        "Hires",
        "Count is an input; start month and recruitment lead time are on the Assumptions sheet. "
        "Each hire is a flow of the People flows table below, whose fee is paid in the start "
        "month at the salary of the position it fills.",
        ["Position", "Count", "Start month", "Lead time (months)", "Offer month",
         "Phase that needs it", "Phase ends", "Starts after its phase ends?", "Salary",
         "Recruitment fee (one-off)"],
    )  # fmt: skip
    starts: list[str] = []
    for i, hire in enumerate(plan.hires):
        c = sheet.at(row)
        stem = book.item_stem("hire", i, hire.position)
        sheet.text(row, 1, hire.position)
        sheet.assumed(
            row, 2,
            Input(DESIGN, f"{stem}_count", hire.count, "count", "people",
                  f"Hire '{hire.position}': how many", plan_source(f"hires[{i}].count")),
        )  # fmt: skip
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
    sheet.text(row, 1, "Hires in the plan", "label")
    for column, fmt in ((2, "count"), (10, "money")):
        sheet.column_total(row, column, first, last, fmt)  # type: ignore[arg-type]
    return row + 2, (first, last), starts


_OWNER_SEPARATORS = ("; ", " | ", " / ", " + ")
"""How a workflow's owners are joined in the Owners cell: the first separator no owner's name
holds, so the Owner count formula can count them."""


def _workflows(book: Book, sheet: Sheet, row: int) -> int:
    plan = book.plan
    first = row = sheet.table(
        row,
        "Workflow inventory",
        "Top = one of the 5–7 most important workflows (input, yes/no); each needs exactly one "
        "accountable owner.",
        ["Workflow", "Top", "Buyer-facing", "Owners", "Owner count", "Platforms", "Decisions"],
    )
    names = [o for wf in plan.workflows for o in wf.owners]
    sep = next((s for s in _OWNER_SEPARATORS if not any(s.strip() in n for n in names)), None)
    for wf in plan.workflows:
        c = sheet.at(row)
        sheet.text(row, 1, wf.name)
        sheet.text(row, 2, "yes" if wf.top else "no", "input")
        sheet.text(row, 3, "yes" if wf.buyer_facing else "no")
        if sep is None:  # every separator is inside some owner's name: the count is a value
            sheet.text(row, 4, ", ".join(wf.owners))
            sheet.value(row, 5, len(wf.owners), "count", "value")
        else:  # the count follows the owners' text: separators + 1, none when empty
            sheet.text(row, 4, sep.join(wf.owners))
            sheet.formula(
                row, 5,
                f'IF(TRIM({c(4)})="",0,(LEN({c(4)})-LEN(SUBSTITUTE({c(4)},"{sep.strip()}","")))'
                f'/LEN("{sep.strip()}")+1)',
                "count",
            )  # fmt: skip
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
        "Phases, hires, who moves where and who leaves, who is on the payroll each month, the "
        "one-off costs and the cumulative difference against staying as today. Month 1 is the "
        "plan's start month; monthly cost = annual loaded cost ÷ 12. Money in the plan's "
        "currency.",
    )
    row, phase_rows = _phases(book, sheet, row)
    phase_starts = [sheet.ref(r, 2, sheet=False) for r in phase_rows.values()]
    row, hire_rows, _hire_starts = _hires(book, sheet, row, phase_rows, costing, org)
    row = _transition_inputs(book, sheet, row)
    row, teams = _teams(book, sheet, row, reshape, org, phase_starts)
    row, flows, (flow_first, flow_totals) = _flows(
        book, sheet, row, teams, hire_rows, audiences, costing, org
    )
    flow_last = flow_totals - 1
    row = _workflows(book, sheet, row)

    # Staffing grid ---------------------------------------------------------------------------
    row = sheet.section(
        row,
        "Who is on the payroll (1 = on the payroll that month)",
        "From the People flows: each team's people until the month before they move or leave, "
        "those who stay, and each move or hire in its position from its month.",
    )
    lines = _lines(book, teams, flows)
    row, grid_first, grid_last = _grid(sheet, row, lines, horizon)
    row, handover_rows = _handover_grid(sheet, row, lines, grid_first, horizon)
    country = plan.assumptions.country
    cost_lines = [
        CostLine(line.group, line.name, line.salary, sheet.ref(grid_first + k, 3),
                 grid_first + k, handover_rows.get(k),
                 profile_names(book, line.country or country))
        for k, line in enumerate(lines)
    ]  # fmt: skip
    staying = [
        CostLine(migration.GROUP_LEGACY, role.name, teams[i].salary, teams[i].headcount, 0,
                 names=profile_names(book, role.country or country))
        for i, role in enumerate(plan.legacy_roles)
    ]  # fmt: skip
    n_roles = len(plan.legacy_roles)
    row, cost = write_cost_grid(sheet, row, cost_lines, staying, horizon, FIRST_MONTH_COL)
    row, ramp_first, ramp_last = _ramp_grid(
        sheet, row, flows, horizon, month_header_at(sheet, grid_first - 1)
    )

    sheet.text(row, 1, "First month anything changes (the AI platform runs from it)", "label")
    months = [sheet.range(F_MONTH, flow_first, flow_last)] if flows else []
    months += [sheet.range(4, teams[0].row, teams[-1].row)] if teams else []
    sheet.formula(row, 4, f"MIN({','.join(months)})" if months else "1", "month")
    first_change = sheet.ref(row, 4, sheet=False)
    row += 2
    row, inputs = write_month_inputs(
        book, sheet, row,
        [(sheet.ref(t.row, 3, sheet=False), t.transition) for t in teams], reshape.ai_net,
        [(b.label, b.before, b.after, b.change_month) for b in whole.budget], first_change,
    )  # fmt: skip

    # Month by month, months across ----------------------------------------------------------
    row = sheet.section(
        row,
        "Month by month",
        "Headcount and cost by group are SUMPRODUCTs over the grids above; people and one-offs "
        "by month are SUMIFS over the People flows; total = payroll + AI + non-payroll + "
        "one-offs; difference = total cost − the legacy baseline; break-even = the first month "
        "from which the cumulative difference stays at or below zero.",
    )
    groups = sheet.range(1, grid_first, grid_last)
    heads = sheet.range(3, grid_first, grid_last)
    cost_groups = sheet.range(1, cost.first, cost.last)
    one_off_keys = [key for key, _title in ONE_OFF_ROWS]
    flow_keys = [key for key, _kind, _title in FLOW_ROWS]
    metric_rows = {
        name: row + i
        for i, name in enumerate(
            ["month", "date", *[f"h:{g}" for g in GROUPS], "heads", *flow_keys,
             *[f"c:{g}" for g in GROUPS], "payroll", "pay", "licences", "usage", "platform",
             "ai", "budget", *one_off_keys, "one_off", "total", "baseline", "difference",
             "cumulative", "flag", "breakeven", "phases"]
        )
    }  # fmt: skip
    titles = {
        "month": "Month", "date": "Calendar month", "heads": "Total headcount",
        "payroll": "Payroll cost", "pay": "Pay factor (× start pay)",
        "licences": "AI seat licences", "usage": "AI usage", "platform": "AI platform and agents",
        "ai": "AI running cost", "budget": "Non-payroll budget",
        "one_off": "One-off costs", "total": "Total cost",
        "baseline": "Legacy baseline (staying as today)", "difference": "Difference vs legacy",
        "cumulative": "Cumulative difference", "flag": "Paid back from here on (1/0)",
        "breakeven": "Break-even (the chart's marker: the cumulative difference there)",
        "phases": "Phases in flight",
        **dict(ONE_OFF_ROWS), **{key: title for key, _kind, title in FLOW_ROWS},
        **{f"h:{g}": f"Headcount — {g}" for g in GROUPS},
        **{f"c:{g}": f"Cost — {g}" for g in GROUPS},
    }  # fmt: skip
    for key, r in metric_rows.items():
        sheet.text(r, 1, titles[key], "label")
    dates = model.monthly(plan)["date"].tolist() if horizon else []

    def flows_range(column: int) -> str:
        return sheet.range(column, flow_first, flow_last)

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
        month = ref("month")
        for key, kind, _title in FLOW_ROWS:
            formula = (
                f'SUMIFS({flows_range(F_PEOPLE)},{flows_range(F_KIND)},"{kind}",'
                f"{flows_range(F_MONTH)},{month})"
                if flows
                else "0"
            )
            sheet.formula(metric_rows[key], col, formula, "fte")
        sheet.formula(
            metric_rows["payroll"], col, "+".join(ref(f"c:{g}") for g in GROUPS), "money", "total"
        )
        for key, column in (("fees", F_FEE), ("exit", F_EXIT), ("retraining", F_RETRAIN)):
            formula = (
                f"SUMIFS({flows_range(column)},{flows_range(F_MONTH)},{month})" if flows else "0"
            )
            sheet.formula(metric_rows[key], col, formula, "money")
        ramp = f"SUM({sheet.range(col, ramp_first, ramp_last)})" if ramp_last >= ramp_first else "0"
        sheet.formula(metric_rows["ramp"], col, ramp, "money")
        overlap = (
            f"SUM({sheet.range(col, cost.overlap_first, cost.overlap_last)})"
            if cost.overlap_last >= cost.overlap_first
            else "0"
        )
        sheet.formula(metric_rows["overlap"], col, overlap, "money")
        sheet.formula(
            metric_rows["one_off"], col, "+".join(ref(k) for k in one_off_keys), "money", "total"
        )
        whole_cost_month(book, sheet, metric_rows, col, cost, inputs, whole)
        sheet.formula(
            metric_rows["total"], col,
            f"{ref('payroll')}+{ref('ai')}+{ref('budget')}+{ref('one_off')}", "money", "total",
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
        before = sheet.ref(metric_rows["flag"], col - 1, sheet=False)
        first_paid = f"{ref('flag')}=1" if m == 1 else f"AND({ref('flag')}=1,{before}=0)"
        sheet.formula(
            metric_rows["breakeven"], col, f"IF({first_paid},{ref('cumulative')},NA())", "money"
        )
        if phase_rows:  # the names of the phases whose start ≤ month ≤ end, from their rows
            month_ref = sheet.ref(metric_rows["month"], col, sheet=False)
            at = [sheet.at(r) for r in phase_rows.values()]  # name 1, start 2, end 4
            names = "&".join(
                f'IF(AND({c(2)}<={month_ref},{month_ref}<={c(4)}),", "&{c(1)},"")' for c in at
            )
            sheet.formula(
                metric_rows["phases"], col, f'REPLACE({names},1,LEN(", "),"")', "general",
                wrap=True,
            )  # fmt: skip
        else:
            sheet.text(metric_rows["phases"], col, "", wrap=True)
    row = metric_rows["phases"] + 2
    row = _figures(book, sheet, row, metric_rows, flows, (flow_first, flow_last, flow_totals),
                   cost)  # fmt: skip
    anchor = row + 1
    for chart in (_headcount_chart, _cash_chart, _flow_chart):
        if chart(sheet, metric_rows, horizon, anchor):
            anchor += 20
    for m in range(1, horizon + 1):  # money up to −£9,999,999; phase names wrap
        sheet.widths[FIRST_MONTH_COL + m - 1] = 14.0
    for col in range(1, 3):
        sheet.widths[col] = min(max(sheet.widths.get(col, 10), 22), 40)
    sheet.finish(freeze_row=None, title_columns="A:B")


def _figures(
    book: Book, sheet: Sheet, row: int, rows: dict[str, int], flows: list[_FlowRow],
    flow_span: tuple[int, int, int], cost: CostGrid,
) -> int:  # fmt: skip
    """The transition's headline figures, each a live formula over the tables above."""
    plan = book.plan
    horizon = plan.horizon_months
    first, last, totals = flow_span
    row = sheet.section(
        row,
        "The transition in figures",
        "People in the flows; one-off costs wherever they fall (the People flows' totals; the "
        "handover months' pay); break-even, its projection at the last month's saving, payback "
        "and the peak outlay.",
    )

    def month_range(key: str) -> str:
        r = rows[key]
        return (
            f"{sheet.ref(r, FIRST_MONTH_COL, sheet=False)}:"
            f"{sheet.ref(r, FIRST_MONTH_COL + horizon - 1, sheet=False)}"
        )

    cells: dict[str, str] = {}

    def put(label: str, key: str | None, formula: str, fmt: Fmt) -> None:
        nonlocal row
        sheet.text(row, 1, label, "label")
        sheet.formula(row, 3, formula, fmt, "total")
        if key is not None:
            book.headline(key, sheet, row, 3)
            cells[key] = sheet.ref(row, 3, sheet=False)
        else:
            cells[label] = sheet.ref(row, 3, sheet=False)
        row += 1

    for key, kind, label in (
        ("hires_count", "hire", "People hired, in all"),
        ("movers_count", "move", "People who move, in all"),
        ("leavers_count", "leave", "People who leave, in all"),
    ):
        formula = (
            f"SUMIFS({sheet.range(F_PEOPLE, first, last)},{sheet.range(F_KIND, first, last)},"
            f'"{kind}")'
            if flows
            else "0"
        )
        put(label, key, formula, "fte")
    for key, column, label in (
        ("recruitment_cost", F_FEE, "Recruitment fees"),
        ("exit_cost", F_EXIT, "Exit costs"),
        ("retraining_cost", F_RETRAIN, "Retraining"),
        ("ramp_cost", F_RAMP, "Ramp-up lost output"),
    ):
        put(label, key, sheet.ref(totals, column, sheet=False), "money")
    first_o, last_o = cost.overlap_first, cost.overlap_last
    overlap = (
        f"SUM({sheet.ref(first_o, FIRST_MONTH_COL, sheet=False)}:"
        f"{sheet.ref(last_o, FIRST_MONTH_COL + horizon - 1, sheet=False)})"
        if last_o >= first_o and horizon
        else "0"
    )
    put("Handover overlap", "overlap_cost", overlap, "money")
    parts = ("recruitment_cost", "exit_cost", "retraining_cost", "ramp_cost", "overlap_cost")
    put("One-off transition cost", "one_off_cost", "+".join(cells[k] for k in parts), "money")
    differ = "Months that cost other than staying legacy"
    put(differ, None,
        f"SUMPRODUCT((ABS({month_range('difference')})>0.001)*1)" if horizon else "0",
        "count")  # fmt: skip
    flags = f"SUM({month_range('flag')})" if horizon else "0"
    put(
        "Break-even month (empty if none within the horizon, or nothing changes)",
        "breakeven_month",
        f'IF({cells[differ]}=0,"",IF({flags}=0,"",horizon_months+1-{flags}))',
        "month",
    )
    last_col = FIRST_MONTH_COL + horizon - 1
    last_diff = sheet.ref(rows["difference"], last_col, sheet=False)
    last_cum = sheet.ref(rows["cumulative"], last_col, sheet=False)
    even = cells["breakeven_month"]
    put(
        "Break-even at the last month's saving (empty if it never comes)",
        "breakeven_projection",
        f'IF({cells[differ]}=0,"",IF(ISNUMBER({even}),{even},IF(-{last_diff}<=1E-9,"",'
        f"horizon_months+ROUNDUP({last_cum}/(-{last_diff})-1E-9,0))))"
        if horizon
        else '""',
        "month",
    )
    legacy = book.headline_refs.get("legacy_total_cost", "0")
    new = book.headline_refs.get("new_total_cost", "0")
    saving = "Steady-state monthly saving (whole cost today − new, ÷ months_per_year)"
    put(saving, None, f"({legacy}-{new})/months_per_year", "money")
    put(
        "Payback (months): one-off cost ÷ the steady-state monthly saving",
        "payback_months",
        f'IF({cells[saving]}<=1E-9,"",{cells["one_off_cost"]}/{cells[saving]})',
        "number",
    )
    cumulative = month_range("cumulative")
    put(
        "Peak cumulative outlay",
        "peak_cumulative_outlay",
        f"IF(MAX({cumulative})<=1E-9,0,MAX({cumulative}))" if horizon else "0",
        "money",
    )
    return row + 1


def _row_ref(sheet: Sheet, row: int, horizon: int) -> Reference:
    return Reference(sheet.ws, min_col=FIRST_MONTH_COL, max_col=FIRST_MONTH_COL + horizon - 1,
                     min_row=row, max_row=row)  # fmt: skip


def _stacked(title: str, y_title: str) -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = title
    chart.y_axis.title = y_title
    chart.x_axis.title = "Migration month"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.height, chart.width = 9, 22
    return chart


def _headcount_chart(sheet: Sheet, rows: dict[str, int], horizon: int, anchor: int) -> bool:
    """A native stacked column chart of headcount by group per month."""
    if not horizon:
        return False
    chart = _stacked("Headcount by group, month by month", "People (custodians in FTE)")
    for g in GROUPS:
        chart.series.append(Series(_row_ref(sheet, rows[f"h:{g}"], horizon), title=g))
    chart.set_categories(_row_ref(sheet, rows["month"], horizon))
    sheet.ws.add_chart(chart, f"A{anchor}")
    return True


def _cash_chart(sheet: Sheet, rows: dict[str, int], horizon: int, anchor: int) -> bool:
    """The one-off costs by kind per month (stacked columns) with the cumulative difference
    against staying legacy (a line on its own axis) and the break-even month marked on it."""
    if not horizon:
        return False
    chart = _stacked("One-off costs by month, the cumulative difference vs legacy, break-even",
                     "One-off cost per month")  # fmt: skip
    for key, title in ONE_OFF_ROWS:
        chart.series.append(
            Series(_row_ref(sheet, rows[key], horizon), title=title.replace(" (one-off)", ""))
        )
    chart.set_categories(_row_ref(sheet, rows["month"], horizon))
    line = LineChart()
    line.series.append(
        Series(_row_ref(sheet, rows["cumulative"], horizon), title="Cumulative difference")
    )
    marker = Series(_row_ref(sheet, rows["breakeven"], horizon), title="Break-even")
    marker.marker.symbol, marker.marker.size = "diamond", 11
    marker.graphicalProperties.line.noFill = True
    line.series.append(marker)
    line.y_axis.axId = 200
    line.y_axis.title = "Cumulative difference (below 0 = paid back)"
    line.y_axis.crosses = "max"
    line.y_axis.delete = False
    chart += line
    sheet.ws.add_chart(chart, f"A{anchor}")
    return True


def _flow_chart(sheet: Sheet, rows: dict[str, int], horizon: int, anchor: int) -> bool:
    """People who move, are hired and leave, per month (stacked columns)."""
    if not horizon:
        return False
    chart = _stacked("People flows: moved, hired and left, month by month", "People (FTE)")
    for key, _kind, title in FLOW_ROWS:
        chart.series.append(Series(_row_ref(sheet, rows[key], horizon), title=title))
    chart.set_categories(_row_ref(sheet, rows["month"], horizon))
    sheet.ws.add_chart(chart, f"A{anchor}")
    return True
