"""The figure registry: every headline figure declared once.

Each :class:`FigureSpec` says what a figure is — its key (the name ``mocmo summary --json``
prints and the workbook defines), label, unit, a one-sentence explanation — how Python computes
it (``compute``) and which workbook formula writes it (``builder``: the sheet writer of
:mod:`mocmo.excel` that puts the live formula on ``sheet``). ``mocmo summary`` (text and JSON),
number formatting (:mod:`mocmo.format`), the workbook's Summary sheet, ``compare``, the app's
headline panels and ``mocmo figures`` all read :data:`FIGURES`; nothing else keeps a list of
keys. Adding a figure means adding one entry here (and its cell in the builder named).

Why the builder is named, not imported: this is a calculation module, so it must not import
openpyxl or :mod:`mocmo.excel` (the layer test checks it). The excel package's writers register
the cell of each figure (``Book.headline``); the Summary sheet refuses a non-simulation figure
without one, and ``tests/test_figures.py`` checks every entry's builder, sheet and cell.

The step modules still compute their figures together (``<step>.headline(plan)``: one pass,
shared intermediate tables); an entry's default ``compute`` takes its figure from its step's
dict, so the registry references the step functions rather than copying them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, get_args

from mocmo.plan import Plan

__all__ = [
    "FIGURES",
    "STEPS",
    "UNITS",
    "UNIT_WORDS",
    "Figure",
    "FigureSpec",
    "FromRanges",
    "FromStep",
    "Unit",
    "compute_all",
    "figure",
    "glossary",
    "section_keys",
]

Figure = float | int | None
"""A headline figure's value: a plain number, or None when the model has no figure."""

Unit = Literal[
    "money", "fte", "hours_per_week", "days", "weeks", "months", "month", "ratio", "count"
]
"""money: plan currency (per year unless ``one_off``); fte: full-time equivalents;
hours_per_week: hours per week; days: working days; weeks: 5-day weeks; months: a duration in
months; month: a month of the plan (1 = the start month); ratio: a fraction (0.1 = 10%);
count: a whole number of things or people."""

UNITS: tuple[str, ...] = get_args(Unit)

UNIT_WORDS: dict[str, str] = {
    "money": "per year",
    "fte": "FTE",
    "hours_per_week": "h/wk",
    "days": "working days",
    "weeks": "weeks",
    "months": "months",
    "month": "month",
    "ratio": "%",
    "count": "count",
}
"""How each unit is named next to a figure (the Summary sheet's Unit column, ``mocmo figures``)."""

STEPS: tuple[str, ...] = (
    "diagnostics",
    "audiences",
    "reshape",
    "costing",
    "migration",
    "governance",
)
"""The step modules whose ``headline(plan)`` computes the figures, in step order."""


@dataclass(frozen=True)
class FromStep:
    """Compute a figure by taking ``key`` from ``mocmo.<step>.headline(plan)`` (looked up when
    called, so the step's current function is always the one used)."""

    step: str
    key: str

    def section(self) -> Callable[[Plan], Mapping[str, Figure]]:
        """The step's ``headline`` function."""
        module = importlib.import_module(f"mocmo.{self.step}")
        fn: Callable[[Plan], Mapping[str, Figure]] = module.headline
        return fn

    def __call__(self, plan: Plan) -> Figure:
        return self.section()(plan)[self.key]


@dataclass(frozen=True)
class FromRanges:
    """Compute a simulation figure by taking ``key`` from ``mocmo.ranges.headline(plan)`` (the
    seeded simulation of the plan's drivers, computed once per plan)."""

    key: str

    def __call__(self, plan: Plan) -> Figure:
        from mocmo import ranges

        return ranges.headline(plan)[self.key]


@dataclass(frozen=True)
class FigureSpec:
    """One headline figure: what it is, how Python computes it, which formula writes it."""

    key: str
    """snake_case name: the ``mocmo summary --json`` key and the workbook's defined name."""
    label: str
    """What a person calls it."""
    unit: Unit
    explanation: str
    """One sentence: what the figure means and how it is made."""
    step: str
    """The step it belongs to (one of :data:`STEPS`)."""
    compute: Callable[[Plan], Figure]
    """The function that computes it from a plan."""
    sheet: str
    """The workbook sheet whose cell holds it (the Summary sheet points there)."""
    builder: str | None
    """Dotted name of the :mod:`mocmo.excel` writer that puts its live formula on ``sheet``;
    None for a simulation output (the workbook holds mocmo's value, not a formula)."""
    penny: bool = False
    """The model rounds it to two decimals (half away from zero); the Summary shows
    ROUND(…, 2) of the step sheet's cell so both agree exactly."""
    one_off: bool = False
    """Money paid once, not per year."""

    @property
    def simulation(self) -> bool:
        """True for a declared simulation output (Monte Carlo): no workbook formula."""
        return self.builder is None

    @property
    def unit_words(self) -> str:
        """The unit as printed next to the figure."""
        return "one-off" if self.one_off else UNIT_WORDS[self.unit]


_X = "mocmo.excel."


def _spec(
    key: str,
    label: str,
    unit: Unit,
    explanation: str,
    step: str,
    sheet: str,
    builder: str | None,
    *,
    penny: bool = False,
    one_off: bool = False,
) -> FigureSpec:
    return FigureSpec(
        key=key,
        label=label,
        unit=unit,
        explanation=explanation,
        step=step,
        compute=FromStep(step, key),
        sheet=sheet,
        builder=None if builder is None else _X + builder,
        penny=penny,
        one_off=one_off,
    )


_DIAG = ("diagnostics", "Diagnostics", "_diagnostics.write_diagnostics")
_AUD = ("audiences", "Audiences", "_audiences.write_audiences")
_RESHAPE = ("reshape", "Reshape", "_reshape.write_reshape")
_HANDOFF = ("reshape", "Hand-Off Tax", "_reshape.write_handoff")
_NEWORG_R = ("reshape", "New Org", "_neworg.write_new_org")
_COST = ("costing", "MarOps Costing", "_costing.write_costing")
_NEWORG_C = ("costing", "New Org", "_neworg.write_new_org")
_RANGES = ("costing", "Ranges", None)
_WHOLE = ("costing", "Whole Cost", "_wholecost.write_whole_cost")
_WHOLE_R = ("reshape", "Whole Cost", "_wholecost.write_whole_cost")
_MIG = ("migration", "Migration", "_migration.write_migration")
_GOV = ("governance", "Agents & Governance", "_governance.write_governance")

_SPECS: tuple[FigureSpec, ...] = (
    _spec(
        "calendar_design_ratio", "Leader's time designing systems", "ratio",
        "Share of last month's approving + designing hours the leader spent designing (empty "
        "if the calendar is not filled in).",
        *_DIAG,
    ),
    _spec(
        "maturity_stage", "AI maturity stage", "count",
        "The team's AI maturity, from 1 (individuals using prompts) to 5 (self-improving "
        "systems); empty while not assessed.",
        *_DIAG,
    ),
    _spec(
        "audience_count", "Audiences", "count",
        "Audiences in the plan, each to be owned end to end by one GTM Marketer.",
        *_AUD,
    ),
    _spec(
        "pipeline_target_total", "Audience pipeline targets", "money",
        "Sum of the audiences' pipeline targets, per year.",
        *_AUD,
    ),
    _spec(
        "pipeline_coverage_ratio", "Pipeline coverage", "ratio",
        "Audience pipeline total ÷ the company pipeline target (empty without a company "
        "target).",
        *_AUD,
    ),
    _spec(
        "legacy_headcount", "Legacy headcount", "count",
        "People in the CMO's functional teams today.",
        *_NEWORG_R,
    ),
    _spec(
        "new_headcount", "New-model headcount (FTE)", "fte",
        "Head of GTM + one GTM Marketer per audience + Craft Custodian FTE + MarOps seats.",
        *_NEWORG_R,
    ),
    _spec(
        "capacity_reclaimed_hours_per_week", "Capacity reclaimed by AI (h/wk)", "hours_per_week",
        "Hours per week AI absorbs, less the human oversight that work still needs.",
        *_RESHAPE,
    ),
    _spec(
        "handoff_count_legacy", "Hand-offs today", "count",
        "Owner changes across the roles' representative workflows today.",
        *_HANDOFF,
    ),
    _spec(
        "handoff_count_new", "Hand-offs in the new model", "count",
        "Owner changes across the same workflows in the new model.",
        *_HANDOFF,
    ),
    _spec(
        "handoff_tax_days_legacy", "Hand-Off Tax today (days)", "days",
        "Waits at hand-offs + expected rework, summed over the workflows today, in working "
        "days.",
        *_HANDOFF,
    ),
    _spec(
        "handoff_tax_days_new", "Hand-Off Tax in the new model (days)", "days",
        "Waits at hand-offs + expected rework, summed over the new-model workflows, in "
        "working days.",
        *_HANDOFF,
    ),
    _spec(
        "cycle_weeks_legacy", "Cycle time today (weeks)", "weeks",
        "Work + waits + expected rework, summed over the workflows today, in 5-day weeks.",
        *_HANDOFF,
    ),
    _spec(
        "cycle_weeks_new", "Cycle time in the new model (weeks)", "weeks",
        "Work + waits + expected rework, summed over the new-model workflows, in 5-day weeks.",
        *_HANDOFF,
    ),
    _spec(
        "gtm_marketers_over_capacity", "GTM Marketers over capacity", "count",
        "Owners whose audience work exceeds the capacity of their FTE (hours per week × "
        "productive share each): 0 when GTM is staffed to its work, above 0 only when the plan "
        "fixes its headcount.",
        *_RESHAPE,
    ),
    _spec(
        "gtm_fte", "GTM FTE (per audience owner, rounded up to the GTM step)", "fte",
        "Head of GTM + per audience owner max(its marketers, load ÷ one person's productive "
        "hours rounded up to the GTM step), support FTE included; a fixed headcount when the "
        "plan sets one.",
        *_WHOLE_R,
    ),
    _spec(
        "marops_fte", "MarOps FTE (rounded up to the MarOps step)", "fte",
        "The listed seats, or more: MarOps hours (oversight it owns, what stays of roles moving "
        "to it, its own work) ÷ one person's productive hours, rounded up to the MarOps step; a "
        "fixed headcount when the plan sets one.",
        *_WHOLE_R,
    ),
    _spec(
        "custodian_fte", "Custodian FTE (rounded up per craft to the FTE step)", "fte",
        "Per legacy role, the hours that stay plus the oversight custodians own ÷ hours per "
        "week, rounded up per craft to the plan's FTE step, summed.",
        *_WHOLE_R,
    ),
    _spec(
        "unstaffed_hours_per_week", "Unstaffed hours (h/wk)", "hours_per_week",
        "Hours per week a group whose headcount the plan fixes carries beyond its FTE's "
        "capacity: work nobody is staffed to do (0 when every group is staffed to its hours).",
        *_WHOLE_R,
    ),
    _spec(
        "unstaffed_hours_cost", "Cost of the unstaffed hours", "money",
        "Unstaffed hours per week ÷ one person's productive hours × the group's loaded cost "
        "per FTE, at the plan's start pay: what staffing that work would cost a year.",
        *_WHOLE_R, penny=True,
    ),
    *(
        _spec(
            f"marops_base_salary_{point}", f"MarOps base salaries (band {point})", "money",
            f"Sum of the MarOps seats' base salaries, every seat at band {point}, at the plan's "
            "start pay.",
            *_COST, penny=True,
        )
        for point in ("low", "mid", "high")
    ),
    *(
        _spec(
            f"marops_loaded_cost_{point}", f"MarOps payroll, loaded (band {point})", "money",
            "Salary + employer NI + pension + benefits + tools of the MarOps seats, every seat "
            f"at band {point}, at the plan's start pay.",
            *_COST, penny=True,
        )
        for point in ("low", "mid", "high")
    ),
    _spec(
        "replaced_roles_loaded_cost", "Payroll of the roles MarOps replaces (loaded)", "money",
        "Fully loaded payroll of the coordinator, specialist and platform-owner roles the "
        "MarOps team replaces, at the plan's start pay.",
        *_COST, penny=True,
    ),
    _spec(
        "marops_net_change_mid", "Net payroll cost of the MarOps change (mid)", "money",
        "MarOps loaded payroll at band mid less the loaded payroll of the roles it replaces, at "
        "the plan's start pay.",
        *_COST, penny=True,
    ),
    _spec(
        "legacy_org_loaded_cost", "Legacy org payroll (loaded)", "money",
        "Payroll only: every legacy seat at its point in band, fully loaded, at the plan's start "
        "pay.",
        *_NEWORG_C, penny=True,
    ),
    _spec(
        "new_org_loaded_cost", "New org payroll (loaded)", "money",
        "Payroll only: every new-model position (support FTE included) at its point in band, "
        "fully loaded, at the plan's start pay.",
        *_NEWORG_C, penny=True,
    ),
    _spec(
        "ai_run_cost_annual", "AI running cost of the new org", "money",
        "Seat licences (price per user per month × 12 × licensed share × new-org FTE) + usage "
        "(hours a week AI absorbs × weeks a year × price per absorbed hour) + the agents' "
        "running costs, per year.",
        *_WHOLE, penny=True,
    ),
    _spec(
        "non_payroll_cost_legacy", "Non-payroll budget today", "money",
        "Sum of the budget lines' amounts today (agencies, AI tools, data, platform, other), "
        "per year.",
        *_WHOLE, penny=True,
    ),
    _spec(
        "non_payroll_cost_new", "Non-payroll budget in the new model", "money",
        "Sum of the budget lines' amounts after the shift, per year.",
        *_WHOLE, penny=True,
    ),
    _spec(
        "legacy_total_cost", "Whole cost today (payroll + AI + non-payroll)", "money",
        "Legacy payroll (loaded) + the AI seats today's team pays for + the non-payroll budget "
        "today, per year at the plan's start pay.",
        *_WHOLE, penny=True,
    ),
    _spec(
        "new_total_cost", "Whole cost of the new model (payroll + AI + non-payroll)", "money",
        "New-org payroll (loaded, support FTE included) + AI running cost + the non-payroll "
        "budget after the shift, per year at the plan's start pay.",
        *_WHOLE, penny=True,
    ),
    _spec(
        "total_net_change", "Whole-cost net change", "money",
        "Whole cost of the new model less the whole cost today, per year at the plan's start "
        "pay (negative = the new model costs less).",
        *_WHOLE, penny=True,
    ),
    _spec(
        "total_net_change_pct", "Whole-cost net change (%)", "ratio",
        "The whole-cost net change as a share of the whole cost today (empty when that is 0).",
        *_WHOLE,
    ),
    _spec(
        "migration_months", "Migration length (months)", "months",
        "Months from the first phase's start to the last phase's end.",
        *_MIG,
    ),
    _spec(
        "hires_count", "People hired", "fte",
        "People (FTE) hired into the new org: the plan's hires and those derived to fill a "
        "position nobody moves into.",
        *_MIG,
    ),
    _spec(
        "movers_count", "People who move", "fte",
        "People (FTE) of today's teams who move to a position of the new org.",
        *_MIG,
    ),
    _spec(
        "leavers_count", "People who leave", "fte",
        "People (FTE) of today's teams who leave the company.",
        *_MIG,
    ),
    _spec(
        "one_off_cost", "One-off transition cost", "money",
        "Recruitment + exit + retraining + ramp-up + handover overlap: everything the change "
        "costs once, wherever it falls.",
        *_MIG, one_off=True,
    ),
    _spec(
        "recruitment_cost", "Recruitment fees", "money",
        "Each hire's fee (fee rate × first-year salary), paid in the month the hire starts.",
        *_MIG, one_off=True,
    ),
    _spec(
        "exit_cost", "Exit costs", "money",
        "Each leaver's redundancy pay (UK statutory × the company multiple), notice paid in lieu "
        "and settlement, at the team's average age and service, in the leaving month.",
        *_MIG, one_off=True,
    ),
    _spec(
        "retraining_cost", "Retraining", "money",
        "Retraining per person who moves to a new position, in the month they move.",
        *_MIG, one_off=True,
    ),
    _spec(
        "ramp_cost", "Ramp-up lost output", "money",
        "Output a new hire or mover does not yet deliver while reaching full productivity, "
        "valued at the position's loaded cost (costed, not staffed).",
        *_MIG, one_off=True,
    ),
    _spec(
        "overlap_cost", "Handover overlap", "money",
        "Pay of people kept on after their team has changed shape, until they move or leave.",
        *_MIG, one_off=True,
    ),
    _spec(
        "breakeven_month", "Break-even month", "month",
        "First month from which the cumulative saving against staying legacy covers every "
        "one-off cost and stays covered (empty if none within the horizon, or nothing changes).",
        *_MIG,
    ),
    _spec(
        "breakeven_projection", "Break-even at the steady-state rate", "month",
        "The break-even month, or when it is beyond the horizon the month it would come if the "
        "last month's saving went on (empty if it never would).",
        *_MIG,
    ),
    _spec(
        "payback_months", "Payback (months)", "months",
        "One-off transition cost ÷ the steady-state monthly saving (empty if the new org saves "
        "nothing).",
        *_MIG,
    ),
    _spec(
        "peak_cumulative_outlay", "Peak cumulative outlay", "money",
        "The most the change has cost over staying legacy at any month end within the horizon.",
        *_MIG, one_off=True,
    ),
    _spec(
        "workflow_inventory_count", "Workflows in the inventory", "count",
        "Major workflows mapped, with their platforms, roles and decisions.",
        *_MIG,
    ),
    _spec(
        "top_workflows_owned", "Top workflows with one owner", "count",
        "Of the 5–7 most important workflows, those with exactly one accountable owner.",
        *_MIG,
    ),
    _spec(
        "agents_count", "Agents in the register", "count",
        "AI agents the plan names, one job each.",
        *_GOV,
    ),
    _spec(
        "agents_without_owner", "Agents without an owner", "count",
        "Agents with no named person accountable for them.",
        *_GOV,
    ),
    _spec(
        "agents_acting_without_approver", "Agents acting without an approver", "count",
        "Agents that act on public content, budget, pricing, legal claims or customer data "
        "with no named human approver.",
        *_GOV,
    ),
)  # fmt: skip

_RANGE_WORDS: dict[str, tuple[str, str, Unit, str, bool]] = {
    "total_net_change": (
        "Whole-cost net change", "costing", "money",
        "the new model's whole cost less today's a year", False,
    ),
    "one_off_cost": ("One-off transition cost", "migration", "money", "the one-off cost", True),
    "breakeven_month": (
        "Break-even month", "migration", "month",
        "the break-even month (beyond the horizon: when the last month's saving would reach it)",
        False,
    ),
    "new_total_cost": (
        "Whole cost of the new model", "costing", "money", "the new model's whole cost a year",
        False,
    ),
    "net_change": (
        "Payroll net change", "costing", "money",
        "the new org's loaded payroll less today's (today's payroll is not varied)", False,
    ),
}  # fmt: skip
_LEVEL_WORDS = {
    10: ("P10", "10th percentile"),
    50: ("P50", "median"),
    90: ("P90", "90th percentile"),
}


def _range_specs() -> tuple[FigureSpec, ...]:
    """The declared simulation outputs: P10 / P50 / P90 of each range figure over the seeded
    simulation of the plan's drivers (:mod:`mocmo.ranges`); values on the Ranges sheet, no
    formula."""
    out = []
    for base, (label, step, unit, what, one_off) in _RANGE_WORDS.items():
        for q, (short, long) in _LEVEL_WORDS.items():
            out.append(
                FigureSpec(
                    key=f"{base}_p{q}",
                    label=f"{label}, {short} (simulation)",
                    unit=unit,
                    explanation=(
                        f"The {long} of {what} over the seeded simulation of the plan's "
                        "uncertain drivers (AI absorption and oversight, hire timing, ramp-up, pay "
                        "review, AI prices, new positions' pay), each drawn around the plan's own "
                        "value."
                    ),
                    step=step,
                    compute=FromRanges(f"{base}_p{q}"),
                    sheet="Ranges",
                    builder=None,
                    penny=unit == "money",
                    one_off=one_off,
                )
            )
    return tuple(out)


_SPECS = (*_SPECS, *_range_specs())

FIGURES: dict[str, FigureSpec] = {spec.key: spec for spec in _SPECS}
"""Every headline figure by key, in the order ``mocmo summary`` prints them (step order)."""


def figure(key: str) -> FigureSpec:
    """The registry entry of ``key``; a KeyError naming the key and where to declare it."""
    try:
        return FIGURES[key]
    except KeyError:
        raise KeyError(
            f"{key!r} is not a headline figure; every figure is declared in mocmo.figures.FIGURES"
        ) from None


def section_keys(plan: Plan, steps: Iterable[str] = STEPS) -> dict[str, list[str]]:
    """The keys each step's ``headline(plan)`` returns (to check them against the registry)."""
    return {
        step: list(FromStep(step, "").section()(plan))
        for step in steps
    }  # fmt: skip


def compute_all(plan: Plan, *, simulation: bool = True) -> dict[str, Figure]:
    """Every registered figure of ``plan``, in registry order, each from its entry's
    ``compute`` (without the simulation outputs when ``simulation`` is False). Entries that
    take their figure from a step's headline share one call of that step's function."""
    sections: dict[str, Mapping[str, Figure]] = {}
    values: dict[str, Figure] = {}
    for spec in FIGURES.values():
        if spec.simulation and not simulation:
            continue
        fn = spec.compute
        if isinstance(fn, FromStep):
            if fn.step not in sections:
                sections[fn.step] = fn.section()(plan)
            values[spec.key] = sections[fn.step][fn.key]
        else:
            values[spec.key] = fn(plan)
    return values


def glossary() -> list[dict[str, str | bool]]:
    """Every figure as plain data for ``mocmo figures --json``: key, label, unit, unit words,
    explanation, step, workbook sheet and builder (empty for a simulation output)."""
    return [
        {
            "key": s.key,
            "label": s.label,
            "unit": s.unit,
            "unit_words": s.unit_words,
            "explanation": s.explanation,
            "step": s.step,
            "sheet": s.sheet,
            "workbook_formula": s.builder or "",
            "simulation": s.simulation,
        }
        for s in FIGURES.values()
    ]
