"""Migration: the groups and columns of the timeline, the calendar, and the schedule — each phase's
start and end month, the earliest start its dependencies allow, and the conflicts."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from mocmo import neworg
from mocmo.plan import Phase, Plan

GROUP_LEGACY = "Legacy roles"
GROUP_GTM = neworg.GROUP_GTM
GROUP_CUSTODIANS = neworg.GROUP_CUSTODIANS
GROUP_MAROPS = neworg.GROUP_MAROPS
GROUPS: tuple[str, ...] = (GROUP_LEGACY, *neworg.GROUPS)
"""The timeline's headcount groups, in the order charts stack them: the legacy roles, then the
new org's groups (:data:`mocmo.neworg.GROUPS`)."""

HEAD_OF_GTM = neworg.HEAD_OF_GTM
GTM_MARKETER = neworg.GTM_MARKETER
"""The hire positions of the audience tower (the others are MarOps seat names)."""

TOP_WORKFLOWS_RANGE: tuple[int, int] = (5, 7)
"""How many workflows the MarOps playbook names as the most important, each with one owner."""

MONTHLY_COLUMNS: tuple[str, ...] = (
    "month",
    "date",
    "legacy_headcount",
    "gtm_headcount",
    "custodian_fte",
    "marops_headcount",
    "total_headcount",
    "people_moved",
    "people_hired",
    "people_left",
    "legacy_cost",
    "gtm_cost",
    "custodian_cost",
    "marops_cost",
    "payroll_cost",
    "ai_licence_cost",
    "ai_usage_cost",
    "ai_platform_cost",
    "ai_cost",
    "non_payroll_cost",
    "recruitment_fees",
    "exit_cost",
    "retraining_cost",
    "ramp_cost",
    "overlap_cost",
    "one_off_cost",
    "total_cost",
    "legacy_baseline_cost",
    "difference",
    "cumulative_difference",
    "pay_factor",
    "phases_in_flight",
)
"""Columns of :func:`monthly`, in order (money per month, headcount in people or FTE; the pay
factor a multiplier of start pay)."""

_GROUP_COLUMNS: dict[str, tuple[str, str]] = {
    GROUP_LEGACY: ("legacy_headcount", "legacy_cost"),
    GROUP_GTM: ("gtm_headcount", "gtm_cost"),
    GROUP_CUSTODIANS: ("custodian_fte", "custodian_cost"),
    GROUP_MAROPS: ("marops_headcount", "marops_cost"),
}

_EPS = 1e-9


# =========================================================================== calendar


def month_date(plan: Plan, month: int) -> _dt.date:
    """The first day of migration month ``month`` (month 1 = ``plan.meta.start_month``; month 0
    and below fall before the plan starts)."""
    start = plan.meta.start_month
    index = start.year * 12 + (start.month - 1) + (month - 1)
    return _dt.date(index // 12, index % 12 + 1, 1)


def month_label(plan: Plan, month: int) -> str:
    """A month as a person reads it: ``month 3 (Mar 2027)``; before the plan starts, ``month 0
    (Dec 2026, 1 month before the plan starts)``."""
    text = f"month {month} ({month_date(plan, month):%b %Y}"
    if month <= 0:
        before = 1 - month
        text += f", {before} month{'s' if before != 1 else ''} before the plan starts"
    return text + ")"


# =========================================================================== schedule


@dataclass(frozen=True)
class PhaseSlot:
    """A phase on the calendar: where the plan puts it and where its dependencies allow it."""

    index: int
    """Position in ``plan.phases``."""
    name: str
    start_month: int
    """First month of the phase as planned."""
    end_month: int
    """Last month of the phase as planned (inclusive)."""
    months: int
    depends_on: tuple[str, ...]
    earliest_start: int
    """First month it may start: its planned start, or the month after the last of its
    dependencies ends (dependencies themselves at their earliest starts), whichever is later."""
    blocked_by: tuple[str, ...]
    """Phases it depends on that have not ended before its planned start."""

    @property
    def earliest_end(self) -> int:
        """Last month of the phase when it starts at :attr:`earliest_start`."""
        return self.earliest_start + self.months - 1

    @property
    def ok(self) -> bool:
        """True when the phase starts after every phase it depends on has ended."""
        return not self.blocked_by


@dataclass(frozen=True)
class DependencyConflict:
    """A phase placed to start before a phase it depends on has ended."""

    phase: str
    phase_index: int
    start_month: int
    depends_on: str
    dependency_end_month: int

    @property
    def first_allowed_month(self) -> int:
        """The month after the dependency ends: the earliest this phase may start."""
        return self.dependency_end_month + 1


def _phase_order(phases: Iterable[Phase]) -> list[Phase]:
    """Phases in dependency order (each after everything it depends on), stable otherwise.

    The plan model rejects cycles and unknown names, so this always orders every phase.
    """
    remaining = list(phases)
    names = {p.name for p in remaining}
    placed: set[str] = set()
    ordered: list[Phase] = []
    while remaining:
        progressed = False
        for phase in list(remaining):
            if all(d in placed or d not in names or d == phase.name for d in phase.depends_on):
                ordered.append(phase)
                placed.add(phase.name)
                remaining.remove(phase)
                progressed = True
        if not progressed:  # a cycle slipped through: keep plan order for the rest
            ordered.extend(remaining)
            break
    return ordered


def earliest_starts(plan: Plan) -> dict[str, int]:
    """For each phase, the first month it may start while honouring every dependency
    (finish-to-start), moving nothing earlier than planned.

    Forward pass in dependency order: earliest start = max(planned start, 1 + the latest
    earliest end of the phases it depends on). A phase whose earliest start equals its planned
    start is placed correctly; otherwise the value is the fix to suggest, with every later phase
    pushed along with it. Keys are phase names, values migration months.
    """
    ends: dict[str, int] = {}
    starts: dict[str, int] = {}
    for phase in _phase_order(plan.phases):
        after = [ends[d] + 1 for d in phase.depends_on if d in ends]
        start = max([phase.start_month, *after])
        starts[phase.name] = start
        ends[phase.name] = start + phase.months - 1
    return {p.name: starts[p.name] for p in plan.phases}


def dependency_conflicts(plan: Plan) -> list[DependencyConflict]:
    """Every (phase, dependency) pair where the phase's planned start is not after the
    dependency's planned end, in plan order."""
    by_name = {p.name: p for p in plan.phases}
    found: list[DependencyConflict] = []
    for index, phase in enumerate(plan.phases):
        for dep_name in phase.depends_on:
            dep = by_name.get(dep_name)
            if dep is None or dep is phase:
                continue
            if phase.start_month <= dep.end_month:
                found.append(
                    DependencyConflict(
                        phase=phase.name,
                        phase_index=index,
                        start_month=phase.start_month,
                        depends_on=dep.name,
                        dependency_end_month=dep.end_month,
                    )
                )
    return found


def schedule(plan: Plan) -> tuple[PhaseSlot, ...]:
    """Each phase's planned start and end month, its earliest dependency-respecting start, and
    the dependencies it starts too early for; in plan order."""
    earliest = earliest_starts(plan)
    blocked: dict[str, list[str]] = {}
    for conflict in dependency_conflicts(plan):
        blocked.setdefault(conflict.phase, []).append(conflict.depends_on)
    return tuple(
        PhaseSlot(
            index=i,
            name=p.name,
            start_month=p.start_month,
            end_month=p.end_month,
            months=p.months,
            depends_on=tuple(p.depends_on),
            earliest_start=earliest[p.name],
            blocked_by=tuple(blocked.get(p.name, ())),
        )
        for i, p in enumerate(plan.phases)
    )


def rescheduled_phases(plan: Plan) -> tuple[Phase, ...]:
    """The plan's phases with every start moved to its :func:`earliest_starts` month: the
    smallest change that makes the schedule honour all dependencies."""
    earliest = earliest_starts(plan)
    return tuple(p.model_copy(update={"start_month": earliest[p.name]}) for p in plan.phases)


def _phase_status(slot: PhaseSlot) -> str:
    if slot.ok:
        return "ok"
    return f"starts before {', '.join(slot.blocked_by)} ends; earliest month {slot.earliest_start}"


def schedule_table(plan: Plan) -> pd.DataFrame:
    """The schedule for display and export: one row a phase with its months, calendar dates,
    dependencies and status."""
    rows = [
        {
            "phase": s.name,
            "start_month": s.start_month,
            "end_month": s.end_month,
            "months": s.months,
            "start": month_date(plan, s.start_month),
            "end": month_date(plan, s.end_month),
            "depends_on": ", ".join(s.depends_on),
            "earliest_start": s.earliest_start,
            "status": _phase_status(s),
        }
        for s in schedule(plan)
    ]
    columns = [
        "phase", "start_month", "end_month", "months", "start", "end", "depends_on",
        "earliest_start", "status",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def migration_span(plan: Plan) -> tuple[int, int] | None:
    """First and last month of the migration (first phase start, last phase end); None when the
    plan has no phases."""
    if not plan.phases:
        return None
    return min(p.start_month for p in plan.phases), max(p.end_month for p in plan.phases)


def migration_months(plan: Plan) -> int:
    """Length of the migration in months, from the first phase's start to the last phase's end
    inclusive; 0 when the plan has no phases."""
    span = migration_span(plan)
    return 0 if span is None else span[1] - span[0] + 1


def phases_in_flight(plan: Plan, month: int) -> tuple[str, ...]:
    """Names of the phases running in ``month`` (start ≤ month ≤ end), in plan order."""
    return tuple(p.name for p in plan.phases if p.start_month <= month <= p.end_month)


def in_flight_months(plan: Plan) -> tuple[int, ...]:
    """The months in which at least one phase is running, ascending."""
    months = {m for p in plan.phases for m in range(p.start_month, p.end_month + 1)}
    return tuple(sorted(months))
