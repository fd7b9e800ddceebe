"""The Assumptions sheet: every assumption the calculations use, one row each, each value cell a
defined name.

First the plan-wide inputs (hours, waits, rework, on-cost rates and thresholds …), then the
per-item assumptions the step sheets register while they are written (:class:`Input`): salary
bands and points in band, workflow steps' days, waits and rework, and timing (phase starts and
lengths, hire months and lead times, launch, transition and leaving months). A step sheet reads
each through its defined name in a green link cell, so every assumption is changed in one
place. The plan's design — headcounts, audiences and their pipeline targets, activity shares and
destinations, step owners, agents — stays as yellow inputs on the sheet it shapes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation

from mocmo.excel._book import Book, Fmt, Input, Sheet, col
from mocmo.plan.rules import NumberRule, number_rule

__all__ = [
    "ASSUMPTIONS",
    "BANDS",
    "BUDGET",
    "DESIGN",
    "ONCOSTS",
    "PEOPLE",
    "STEPS",
    "TIMING",
    "TRANSITION",
    "AssumptionRow",
    "plan_source",
    "source_path",
    "write_assumptions",
    "write_item_inputs",
]

DESIGN = "The plan's design: headcounts, activity shares and oversight, pipeline, counts"
BANDS = "Salary bands and points in band"
STEPS = "Workflow steps: days, waits and rework (Hand-Off Tax)"
TIMING = "Timing: phases, hires, launches, transitions and leaving months"
BUDGET = "Non-payroll budget and AI running cost (per year)"
PEOPLE = "People flows: who moves, is hired and leaves, and when"
TRANSITION = "Transition one-off costs: exits, retraining, ramp-up (and each team's age, service)"
ONCOSTS = "On-cost profiles: other countries' employer rules and exchange rates"
SECTIONS: dict[str, str] = {
    DESIGN: "Each legacy team's headcount and its activities' shares of its hours and oversight "
    "(the share of AI-absorbed work a person still checks), each audience's pipeline target "
    "per year, and how many of each replaced role and each hire. The Reshape, Audiences, "
    "MarOps Costing and Migration sheets read them through their names.",
    BANDS: "Annual base salary bands; a point in band is the fraction of the way from the band's "
    "low (0%) to its high (100%): 50% is the midpoint.",
    STEPS: "Each step of each role's representative workflow, today (legacy) and in the new "
    "model. An empty wait or rework cell takes the plan-wide value above.",
    TIMING: "Months counted from the plan's start month (month 1). An empty start month means "
    "from month 1; an empty transition month, the start of the last-starting phase (month 1 "
    "without phases); an empty leaving month, never within the plan.",
    PEOPLE: "Each flow of the Migration sheet's People flows table: its people (FTE) and its "
    "month (a move's or hire's first month in the new position, a leaver's first month off the "
    "payroll). An empty cell takes the plan default, derived from the new org (shown beside it "
    "on the Migration sheet).",
    TRANSITION: "UK statutory redundancy pay and notice (dated figures with their sources), the "
    "company's own exit terms, retraining and ramp-up, from data/defaults/transition.yaml "
    "unless the plan sets them; each team's average age and service (empty: the default).",
    BUDGET: "Each budget line today (before) and in the new model (after), and each agent's "
    "running cost (orchestration, data, monitoring). An empty change month means the month "
    "the last legacy role changes shape (month 1 when none does).",
    ONCOSTS: "Employer on-cost rules of each country the plan costs people in beyond its own UK "
    "on-costs (data/defaults/oncosts/<country>.yaml, each with its source and tax year), in "
    "that country's currency, and the exchange rate into the plan's currency: costs are "
    "computed locally, then converted.",
}
"""Per-item sections, in the order the sheet lists them, with the note under each title."""

_CONSTANTS: dict[str, tuple[str, str, float, str]] = {
    "days_per_week": (
        "mocmo.reshape",
        "DAYS_PER_WEEK",
        5.0,
        "mocmo convention: 5 working days a week (mocmo.reshape.DAYS_PER_WEEK)",
    ),
    "flat_threshold": (
        "mocmo.costing",
        "FLAT_THRESHOLD",
        0.10,
        "mocmo assumption (mocmo.costing.FLAT_THRESHOLD)",
    ),
    "months_per_year": (
        "mocmo.costing",
        "MONTHS_PER_YEAR",
        12.0,
        "The calendar: 12 months a year (mocmo.costing.MONTHS_PER_YEAR)",
    ),
    "band_mid_point": (
        "mocmo.plan.fields",
        "MID_POINT",
        0.5,
        "mocmo convention: 'mid' is half-way up the band (mocmo.plan.fields.MID_POINT)",
    ),
    "statutory_notice_one_week_years": (
        "mocmo.transition.costs",
        "STATUTORY_ONE_WEEK_UNDER_YEARS",
        2.0,
        "Employment Rights Act 1996 s.86(1)(a): one week's notice from a month's service up to "
        "2 full years (mocmo.transition.costs.STATUTORY_ONE_WEEK_UNDER_YEARS)",
    ),
}
"""Model constants the workbook shows as inputs: name → (module, attribute, fallback, source)."""


def _constant(name: str) -> float:
    """The model's own value of a constant (its fallback while the step is not installed)."""
    import importlib

    module, attr, fallback, _source = _CONSTANTS[name]
    try:
        return float(getattr(importlib.import_module(module), attr))
    except (ImportError, AttributeError):
        return fallback


@dataclass(frozen=True)
class AssumptionRow:
    """One input row: defined name, where the value is in the plan, its format and unit."""

    name: str
    path: str
    fmt: Fmt
    unit: str
    label: str = ""
    choices: tuple[str, ...] = ()
    editable: bool = True
    """False for a value that shapes the workbook itself (shown, not an input)."""
    optional: bool = False
    """The plan may leave it empty (the formulas that read it test ``ISNUMBER``)."""


ASSUMPTIONS: tuple[AssumptionRow, ...] = (
    AssumptionRow("hours_per_week", "hours_per_week", "hours", "hours/week"),
    AssumptionRow("productive_share", "productive_share", "pct", "fraction"),
    AssumptionRow(
        "days_per_week",
        "",
        "count",
        "working days",
        "Working days in a week (weeks = working days ÷ this); a model constant, no plan field",
        editable=False,
    ),
    AssumptionRow("handoff_wait_days", "handoff_wait_days", "days", "working days"),
    AssumptionRow("rework_probability", "rework_probability", "pct", "fraction"),
    AssumptionRow("rework_days", "rework_days", "days", "working days"),
    AssumptionRow("fte_step", "fte_step", "fte", "FTE"),
    AssumptionRow("load_weight", "load_weight", "general", "choice", choices=("pipeline", "equal")),
    AssumptionRow("company_pipeline_target", "company_pipeline_target", "money", "per year"),
    AssumptionRow("employer_ni_rate", "on_costs.employer_ni_rate", "pct", "fraction"),
    AssumptionRow("ni_threshold", "on_costs.ni_threshold", "money", "per year"),
    AssumptionRow(
        "pension_basis",
        "on_costs.pension_basis",
        "general",
        "choice",
        choices=("qualifying", "salary"),
    ),
    AssumptionRow("pension_rate", "on_costs.pension_rate", "pct", "fraction"),
    AssumptionRow("pension_lower", "on_costs.pension_lower", "money", "per year"),
    AssumptionRow("pension_upper", "on_costs.pension_upper", "money", "per year"),
    AssumptionRow("benefits_rate", "on_costs.benefits_rate", "pct", "fraction"),
    AssumptionRow("tools_per_head", "on_costs.tools_per_head", "money", "per head per year"),
    AssumptionRow("recruitment_fee_rate", "on_costs.recruitment_fee_rate", "pct", "fraction"),
    AssumptionRow(
        "flat_threshold",
        "",
        "pct",
        "fraction",
        "The MarOps change counts as roughly flat within ± this share of the replaced cost; a "
        "model constant, no plan field",
        editable=False,
    ),
    AssumptionRow(
        "staffing_gtm_step",
        "staffing.gtm.step",
        "fte",
        "FTE",
        "GTM Marketers and their support: FTE rounded up to a multiple of this",
    ),
    AssumptionRow(
        "staffing_gtm_fixed_fte",
        "staffing.gtm.fixed_fte",
        "fte",
        "FTE",
        "GTM Marketers and support, headcount fixed by the plan (empty: staffed to its hours)",
        optional=True,
    ),
    AssumptionRow(
        "staffing_marops_step",
        "staffing.marops.step",
        "fte",
        "FTE",
        "MarOps: FTE rounded up to a multiple of this",
    ),
    AssumptionRow(
        "staffing_marops_fixed_fte",
        "staffing.marops.fixed_fte",
        "fte",
        "FTE",
        "MarOps seats and support, headcount fixed by the plan (empty: staffed to its hours)",
        optional=True,
    ),
    AssumptionRow(
        "marops_own_hours_per_week",
        "staffing.marops_own_hours_per_week",
        "hours",
        "hours/week",
    ),
    AssumptionRow(
        "ai_licence_per_user_month",
        "ai_costs.licence_per_user_month",
        "money2",
        "per user per month",
    ),
    AssumptionRow("ai_licensed_share", "ai_costs.licensed_share", "pct", "fraction"),
    AssumptionRow("ai_legacy_licensed_users", "ai_costs.legacy_licensed_users", "fte", "seats"),
    AssumptionRow(
        "ai_usage_per_absorbed_hour", "ai_costs.usage_per_absorbed_hour", "money2", "per hour"
    ),
    AssumptionRow("ai_weeks_per_year", "ai_costs.weeks_per_year", "weeks", "weeks/year"),
    AssumptionRow("pay_review_rate", "pay_review.rate", "pct", "fraction"),
    AssumptionRow(
        "pay_review_first_month",
        "pay_review.first_month",
        "month",
        "month",
        "Plan month of the first pay review, then every months_per_year months (empty: no "
        "review within the plan)",
        optional=True,
    ),
    AssumptionRow(
        "months_per_year",
        "",
        "count",
        "months",
        "Months in a year (annual amounts ÷ this = monthly; the pay review recurs this often)",
        editable=False,
    ),
    AssumptionRow(
        "band_mid_point",
        "",
        "pct",
        "fraction",
        "A salary band's mid point: the fraction of the way from low to high that 'mid' means",
        editable=False,
    ),
    AssumptionRow(
        "statutory_notice_one_week_years",
        "",
        "count",
        "years",
        "Statutory notice: one week from a month's service until this many full years",
        editable=False,
    ),
    AssumptionRow(
        "horizon_months",
        "horizon_months",
        "month",
        "months",
        "Months the Migration sheet shows (its columns: export again to change it)",
        editable=False,
    ),
)
"""The plan-wide inputs, in the order the sheet lists them."""


def _plan_value(book: Book, path: str) -> Any:
    if path == "horizon_months":
        return book.plan.horizon_months
    node: Any = book.plan.assumptions
    for part in path.split("."):
        node = getattr(node, part)
    return node


def _source(path: str, value: Any) -> tuple[str, str]:
    """(label, source) for an assumption: the default's metadata where one exists."""
    from mocmo.defaults import assumption_parameters

    params = assumption_parameters()
    if path in _CONSTANTS:
        return "", _CONSTANTS[path][3]
    param = params.get(path)
    if param is None:
        return "", "Plan input"
    if value == param.value or (
        isinstance(value, int | float)
        and isinstance(param.value, int | float)
        and float(value) == float(param.value)
    ):
        return param.label, param.source
    return param.label, f"Plan input (default {param.value}: {param.source})"


def write_assumptions(book: Book) -> Sheet:
    """Write the Assumptions sheet; every value cell becomes a defined name of its row's name."""
    sheet = book.sheet("Assumptions")
    row = sheet.heading(
        "Assumptions",
        "Every assumption the workbook uses, one row each. Yellow cells are inputs: change one "
        "and every dependent total recalculates. Step sheets read these through their names "
        "(green cells); the plan's design (headcounts, shares, audiences) is on its own sheet.",
    )
    row = sheet.table(row, "Plan-wide", "", _HEADER)
    rules = _Rules()
    for item in ASSUMPTIONS:
        value: Any = _plan_value(book, item.path) if item.path else _constant(item.name)
        label, source = _source(item.path or item.name, value)
        sheet.text(row, 1, item.name, "label")
        if item.choices:
            sheet.text(row, 2, str(value), "input")
            sheet.choice(sheet.ref(row, 2, sheet=False), item.choices)
        else:
            sheet.value(row, 2, value, item.fmt, "input" if item.editable else "value")
            if item.editable:
                rules.add(item.name, f"assumptions.{item.path}", sheet.ref(row, 2, sheet=False))
        sheet.text(row, 3, item.unit)
        sheet.text(row, 4, item.label or label)
        sheet.text(row, 5, source)
        book.define(item.name, sheet, row, 2)
        _guard(sheet, row, item.name)
        row += 1
    rules.validate(sheet)
    book.assumptions_row = row + 1
    return sheet


def write_item_inputs(book: Book) -> Sheet:
    """List the per-item inputs the step sheets registered (``book.inputs``) under the plan-wide
    rows, section by section, each value cell a defined name; then finish the sheet."""
    sheet = book.sheet("Assumptions")
    row = book.assumptions_row
    rules = _Rules()
    for section, note in SECTIONS.items():
        items = [(name, item) for name, item in book.inputs.items() if item.section == section]
        if not items:
            continue
        row = sheet.table(row, section, note, _HEADER)
        for name, item in items:
            sheet.text(row, 1, name, "label")
            sheet.value(row, 2, item.value, item.fmt, "input")
            sheet.text(row, 3, item.unit)
            sheet.text(row, 4, item.label)
            sheet.text(row, 5, item.source)
            book.define(name, sheet, row, 2)
            _guard(sheet, row, name)
            rules.add(name, source_path(item.source), sheet.ref(row, 2, sheet=False))
            row += 1
        row += 1
    unknown = {item.section for item in book.inputs.values()} - set(SECTIONS)
    if unknown:
        raise ValueError(f"inputs registered under unknown sections: {sorted(unknown)}")
    rules.validate(sheet)
    sheet.note(
        row,
        1,
        "Each value cell is a defined name (Formulas ▸ Name Manager), so formulas read "
        "e.g. employer_ni_rate * MAX(0, salary - ni_threshold).",
    )
    guard = col(GUARD_COL)
    sheet.red_when(f"{guard}1:{guard}{row}", f'ISNUMBER(SEARCH("{MOVED}:",{guard}1))')
    row += 1
    sheet.text(row, 1, "Inputs moved away from their names", "label")
    guards = f"{col(GUARD_COL)}:{col(GUARD_COL)}"
    sheet.formula(row, 2, f'COUNTIF({guards},"{MOVED}*")', "count", "total")
    book.define("inputs_moved", sheet, row, 2)
    sheet.note(
        row + 1,
        1,
        "A sort or a cut-and-paste moves values while each defined name keeps its cell: the "
        "Guard column says 'moved' on every row whose name now points at another row's value "
        "(undo the sort, or export again). The Summary's checks count them.",
    )
    sheet.finish()
    return sheet


class _Rules:
    """The Assumptions inputs' data validation, one rule per group of cells: each input is
    allowed what its plan field allows (:func:`mocmo.plan.rules.number_rule`), the rule in
    words as the cell's input message and its error."""

    def __init__(self) -> None:
        self.cells: dict[NumberRule, list[str]] = {}
        self.unruled: list[str] = []

    def add(self, name: str, path: str, cell: str) -> None:
        rule = input_rule(name, path)
        if rule is None:
            self.unruled.append(name)
        else:
            self.cells.setdefault(rule, []).append(cell.replace("$", ""))

    def validate(self, sheet: Sheet) -> None:
        for rule, cells in self.cells.items():
            operator, first, second = _excel_bounds(rule)
            dv = DataValidation(
                type="whole" if rule.whole else "decimal", operator=operator,
                formula1=first, formula2=second, allow_blank=True,
                showInputMessage=True, showErrorMessage=True,
            )  # fmt: skip
            dv.promptTitle, dv.prompt = "Allowed", f"{rule.words} (the plan's own rule)"
            dv.errorTitle, dv.error = "Not allowed", f"The plan allows {rule.words}."
            dv.sqref = MultiCellRange(" ".join(cells))
            sheet.ws.add_data_validation(dv)


def input_rule(name: str, path: str) -> NumberRule | None:
    """What an Assumptions input allows: its plan field's rule, or for a transition input the
    limits its check uses; None when the plan says nothing of it."""
    from mocmo.transition.assumptions import BAND_AGE_LIMITS, BAND_WEEKS_LIMITS, LIMITS

    rule = number_rule(path) if path else None
    if rule is None and name.startswith("transition_") and name[len("transition_") :] in LIMITS:
        low, high, whole = LIMITS[name[len("transition_") :]]
        rule = NumberRule(float(low), float(high), whole)
    if rule is None and name.startswith(("transition_band_age_", "transition_band_weeks_")):
        low, high, whole = BAND_AGE_LIMITS if "_age_" in name else BAND_WEEKS_LIMITS
        rule = NumberRule(float(low), float(high), whole)
    if rule is None and name == "transition_notice_paid_in_lieu":  # 1 paid in lieu, 0 worked
        rule = NumberRule(0.0, 1.0, whole=True)
    flow = _DERIVED_FLOW.match(name)
    if rule is None and flow is not None:  # a plan default's flow: the rule once written out
        rule = number_rule(f"{_FLOW_LISTS[flow[1]]}[0].{flow[2]}")
    return rule


_DERIVED_FLOW = re.compile(r"^flow_(move|hire|leave)_.*_(count|month)$")
_FLOW_LISTS = {"move": "moves", "hire": "hires", "leave": "leavers"}


def _excel_bounds(rule: NumberRule) -> tuple[str, str | None, str | None]:
    """(operator, formula1, formula2) of an Excel data validation for ``rule``."""
    low, high = rule.low, rule.high
    if low is not None and high is not None and not rule.low_open:
        return "between", repr(low), repr(high)
    if low is not None and high is not None:  # greater than low, at most high: two checks
        return "between", repr(low + (1 if rule.whole else 1e-12)), repr(high)
    if low is not None:
        return ("greaterThan" if rule.low_open else "greaterThanOrEqual"), repr(low), None
    if high is not None:
        return "lessThanOrEqual", repr(high), None
    return "between", repr(-1e300), repr(1e300)


GUARD_COL = 6
"""The Assumptions sheet's Guard column: is each name still on its own row?"""
MOVED = "moved"
"""How a guard starts when the row its name points at holds another name."""
_HEADER = ("Name", "Value", "Unit", "What it is", "Source", "Guard")


def _guard(sheet: Sheet, row: int, name: str) -> None:
    """The row's guard: "ok" while the row the defined name ``name`` points at still has
    ``name`` in its Name cell, else "moved …" in red. It reads nothing of its own row, so it
    says the same wherever a sort puts it."""
    sheet.formula(
        row, GUARD_COL,
        f'IF(INDEX($A:$A,ROW({name}))="{name}","ok",'
        f'"{MOVED}: {name} now points at another row\'s value")',
        "general",
    )  # fmt: skip


def plan_source(path: str, default: str = "") -> str:
    """Where an item's value comes from: its path in the plan file, and the published or
    default source when the plan keeps the default value."""
    where = f"Plan file: {path}"
    return f"{default} ({where})" if default else where


_PLAN_FILE = re.compile(r"Plan file: ([A-Za-z_][\w.\[\]]*)")
_PLAN_MAY_SET = re.compile(r"a plan may set (assumptions\.[A-Za-z_][\w.\[\]]*[\w\]])")


def source_path(source: str) -> str:
    """The plan path an input's source names — the inverse of :func:`plan_source` (the last
    ``Plan file: …``), or the field a default's source says ``a plan may set …`` — or ``""``
    when the value has no field in the plan (a derived default, a statutory figure).
    ``mocmo import-xlsx`` reads a workbook's inputs back into the plan through this."""
    found = _PLAN_FILE.findall(source) or _PLAN_MAY_SET.findall(source)
    return found[-1] if found else ""


def link_band(
    sheet: Sheet,
    row: int,
    columns: tuple[int, int, int | None],
    stem: str,
    who: str,
    band: Any | None,
    point: str | float | None,
    paths: tuple[str, str],
    default_source: str = "",
) -> None:
    """Link a band's low and high (and the point in band, when ``columns[2]``) at ``row`` of
    ``sheet`` to Assumptions rows ``<stem>_band_low``, ``<stem>_band_high``, ``<stem>_point``
    (no band rows when ``band`` is None: the caller fills those cells).
    ``paths``: where the band and the point are in the plan file (``marops_roles[0].band``,
    ``marops_seats[1].point``); ``default_source`` names the published source of a band the
    plan keeps at its default."""
    from mocmo.plan import band_fraction

    low_col, high_col, point_col = columns
    band_path, point_path = paths
    ends = () if band is None else (("low", low_col, band.low), ("high", high_col, band.high))
    for end, column, value in ends:
        sheet.assumed(
            row,
            column,
            Input(
                BANDS, f"{stem}_band_{end}", value, "money", "per year",
                f"{who}: base salary band, {end}",
                plan_source(f"{band_path}.{end}", default_source),
            ),
        )  # fmt: skip
    if point_col is not None and point is not None:
        named = f" ({point})" if isinstance(point, str) else ""
        sheet.assumed(
            row,
            point_col,
            Input(
                BANDS, f"{stem}_point", band_fraction(point), "pct", "fraction of band",
                f"{who}: point in band (0% low, 50% mid, 100% high)",
                plan_source(point_path) + named,
            ),
        )  # fmt: skip
