"""The Summary sheet: every headline figure, each a formula pointing into the step sheets.

Every key of ``mocmo summary --json`` is a workbook-scoped defined name of the same name,
pointing at its value cell here. A figure the model leaves empty (JSON ``null``, e.g. coverage
without a company target, or no break-even month) is a formula that gives an empty string.
"""

from __future__ import annotations

import datetime as _dt

from openpyxl.styles import Font

from mocmo.excel._book import UNTRACED_FONT, Book, Fmt, Sheet
from mocmo.format import figure_unit
from mocmo.summary import Figure

__all__ = ["FIGURES", "PENNY_KEYS", "figure_format", "write_summary"]

FIGURES: dict[str, tuple[str, str]] = {
    "audience_count": (
        "Audiences",
        "Audiences in the plan, each to be owned end to end by one GTM Marketer.",
    ),
    "pipeline_target_total": (
        "Audience pipeline targets",
        "Sum of the audiences' pipeline targets, per year.",
    ),
    "pipeline_coverage_ratio": (
        "Pipeline coverage",
        "Audience pipeline total ÷ company pipeline target (empty without a company target).",
    ),
    "legacy_headcount": ("Legacy headcount", "People in the CMO's functional teams today."),
    "new_headcount": (
        "New-model headcount (FTE)",
        "Head of GTM + one GTM Marketer per audience + Craft Custodian FTE + MarOps seats.",
    ),
    "capacity_reclaimed_hours_per_week": (
        "Capacity reclaimed by AI (h/wk)",
        "Hours per week AI absorbs, less the human oversight that work still needs.",
    ),
    "handoff_count_legacy": (
        "Hand-offs today",
        "Owner changes across the roles' representative workflows today.",
    ),
    "handoff_count_new": (
        "Hand-offs in the new model",
        "Owner changes across the same workflows, new model.",
    ),
    "handoff_tax_days_legacy": (
        "Hand-Off Tax today (days)",
        "Waits at hand-offs + expected rework, summed over the workflows, working days.",
    ),
    "handoff_tax_days_new": (
        "Hand-Off Tax in the new model (days)",
        "The same, for the new-model workflows.",
    ),
    "cycle_weeks_legacy": (
        "Cycle time today (weeks)",
        "Work + waits + expected rework, summed over the workflows, in 5-day weeks.",
    ),
    "cycle_weeks_new": ("Cycle time in the new model (weeks)", "The same, new model."),
    "gtm_marketers_over_capacity": (
        "GTM Marketers over capacity",
        "Owners whose audience work exceeds hours per week × productive share.",
    ),
    "marops_base_salary_low": (
        "MarOps base salaries (band low)",
        "Sum of the MarOps seats' salaries at band low.",
    ),
    "marops_base_salary_mid": (
        "MarOps base salaries (band mid)",
        "Sum of the MarOps seats' salaries at band mid.",
    ),
    "marops_base_salary_high": (
        "MarOps base salaries (band high)",
        "Sum of the MarOps seats' salaries at band high.",
    ),
    "marops_loaded_cost_low": (
        "MarOps loaded cost (band low)",
        "Salary + employer NI + pension + benefits + tools, every seat at band low.",
    ),
    "marops_loaded_cost_mid": (
        "MarOps loaded cost (band mid)",
        "The same, every seat at band mid.",
    ),
    "marops_loaded_cost_high": (
        "MarOps loaded cost (band high)",
        "The same, every seat at band high.",
    ),
    "replaced_roles_loaded_cost": (
        "Loaded cost of the roles MarOps replaces",
        "Coordinator, specialist and platform-owner roles the MarOps team replaces.",
    ),
    "marops_net_change_mid": (
        "Net cost of the MarOps change (mid)",
        "MarOps loaded cost at mid less the loaded cost of the roles it replaces.",
    ),
    "legacy_org_loaded_cost": (
        "Legacy org loaded cost",
        "Every legacy seat at its point in band, fully loaded.",
    ),
    "new_org_loaded_cost": (
        "New org loaded cost",
        "Every new-model seat at its point in band, fully loaded.",
    ),
    "net_change_p10": (
        "Net change, P10 (simulation)",
        "Monte Carlo over every band: 10th percentile.",
    ),
    "net_change_p50": ("Net change, P50 (simulation)", "Monte Carlo over every band: median."),
    "net_change_p90": (
        "Net change, P90 (simulation)",
        "Monte Carlo over every band: 90th percentile.",
    ),
    "migration_months": ("Migration length (months)", "First to last month of the phases."),
    "migration_hires": ("Hires during the migration", "People hired in the plan's hires."),
    "migration_one_off_cost": (
        "One-off migration cost",
        "Recruitment fees of the hires, paid in the hire month.",
    ),
    "breakeven_month": (
        "Break-even month",
        "First month the cumulative difference vs staying legacy turns in favour (empty if "
        "none within the horizon).",
    ),
    "workflow_inventory_count": (
        "Workflows in the inventory",
        "Major workflows mapped: platforms, roles, decisions.",
    ),
    "top_workflows_owned": (
        "Top workflows with one owner",
        "Of the 5–7 most important workflows, those with exactly one accountable owner.",
    ),
    "calendar_design_ratio": (
        "Leader's time designing systems",
        "Share of last month's approving + designing hours spent designing (empty if not "
        "filled in).",
    ),
    "maturity_stage": (
        "AI maturity stage",
        "1 individuals using prompts … 5 self-improving systems (empty while not assessed).",
    ),
    "agents_count": ("Agents in the register", "AI agents the plan names, one job each."),
    "agents_without_owner": (
        "Agents without an owner",
        "Agents with no named person accountable for them.",
    ),
    "agents_acting_without_approver": (
        "Agents acting without an approver",
        "Agents that act on public content, budget, pricing, legal claims or customer data "
        "with no named human approver.",
    ),
}
"""Headline key → (label, one-line explanation)."""

PENNY_KEYS: frozenset[str] = frozenset(
    {
        "marops_base_salary_low", "marops_base_salary_mid", "marops_base_salary_high",
        "marops_loaded_cost_low", "marops_loaded_cost_mid", "marops_loaded_cost_high",
        "replaced_roles_loaded_cost", "marops_net_change_mid", "legacy_org_loaded_cost",
        "new_org_loaded_cost", "net_change_p10", "net_change_p50", "net_change_p90",
    }
)  # fmt: skip
"""Figures mocmo.costing.headline rounds to the penny (half away from zero, like ROUND): the
Summary shows them as ROUND(…, 2) of the step sheet's cell, so it equals the JSON exactly."""

_UNIT_FORMATS: dict[str, Fmt] = {
    "money": "money",
    "ratio": "pct",
    "hours": "hours",
    "days": "days",
    "weeks": "weeks",
    "month": "month",
}
_UNIT_WORDS = {
    "money": "per year",
    "ratio": "%",
    "hours": "h/wk",
    "days": "working days",
    "weeks": "weeks",
    "month": "month",
    "count": "count",
}


def figure_format(key: str, value: Figure) -> Fmt:
    """The number format of a headline figure, from its unit (and FTE-like fractions)."""
    unit = figure_unit(key)
    if unit in _UNIT_FORMATS:
        return _UNIT_FORMATS[unit]
    if isinstance(value, float) and not value.is_integer():
        return "fte"
    return "fte" if key == "new_headcount" else "count"


def _version() -> str:
    from mocmo import __version__

    return __version__


def write_summary(book: Book, figures: dict[str, Figure], today: _dt.date | None = None) -> Sheet:
    """Fill the Summary sheet (created first) with the plan's facts and every headline figure."""
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
    row += 1
    first = row = sheet.header(
        row, ["Figure", "Value", "Unit", "What it means", "Defined name", "Computed in"]
    )
    for key, value in figures.items():
        label, explanation = FIGURES.get(key, (key.replace("_", " ").capitalize(), ""))
        fmt = figure_format(key, value)
        sheet.text(row, 1, label)
        source = book.headline_refs.get(key)
        if source is not None:
            sheet.formula(row, 2, f"ROUND({source},2)" if key in PENNY_KEYS else source, fmt)
            sheet.text(row, 6, source.split("!")[0].strip("'").replace("''", "'"))
        else:
            cell = sheet.value(row, 2, value, fmt, "value")
            cell.font = UNTRACED_FONT
            explanation = (
                f"NOT YET TRACED in this workbook: the value mocmo computed. {explanation}"
            )
            sheet.text(row, 6, "(value from mocmo)")
        if key.endswith(("_p10", "_p50", "_p90")):
            explanation += " Simulation result (a value, not a formula, on Ranges)."
        unit = "one-off" if "one_off" in key else _UNIT_WORDS.get(figure_unit(key), "")
        sheet.text(row, 3, unit)
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
    sheet.ws.cell(row=1, column=1).font = Font(bold=True, size=16, color="1F4E79")
    sheet.finish(freeze_row=first - 1, landscape=False)
    return sheet
