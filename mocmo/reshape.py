"""Step 2 — role-by-role reshape: where each legacy role's hours go, and the Hand-Off Tax.

For each of the CMO's legacy direct reports (a :class:`~mocmo.plan.LegacyRole`):

* **Hours by destination.** Each activity is a share of the role's hours (``hours_per_week`` ×
  headcount). It *stays* with the Craft Custodian, *shifts* to the GTM Marketers, or is absorbed
  by *AI*; of AI-absorbed hours a share (``oversight``) stays human work, owned by someone named.
  Hours are conserved exactly: stays + shifts + AI-net + oversight = the role's hours (activity
  shares are normalised to sum to 1; validation allows them ±0.5% off).
* **Capacity reclaimed** = AI-absorbed hours less their oversight (= AI-net).
* **The Hand-Off Tax.** A role's representative workflow, legacy and new, is a sequence of steps.
  A change of owner between consecutive steps is a hand-off and costs a wait (the step's
  ``wait_days``, else the plan's ``handoff_wait_days``). A step may send work back: expected
  rework = probability × rework days. Cycle time = work + waits + expected rework; Hand-Off Tax =
  waits + expected rework. A value a step gives is used as given: 0 means 0. A step that gives
  a rework probability but leaves rework days empty takes the plan's ``rework_days``; one that
  gives rework days but no probability takes the plan's ``rework_probability``; a step that
  leaves both empty has no rework.
* **Staffed to the work** (:mod:`mocmo.staffing`, whose names are still importable from here):
  GTM Marketer load (shifted hours plus the AI oversight GTM Marketers own, shared across the
  audiences by pipeline target or equally, per owner) and support FTE, custodian and MarOps
  hours and FTE, unstaffed hours of a fixed headcount, and the new org's headcount.

Units: hours per week (h/wk), FTE (h/wk ÷ ``hours_per_week``), working days, weeks (5 days).
Everything here is a pure function of the plan; charts, widgets and the workbook only show it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import pandas as pd

from mocmo import neworg
from mocmo._memo import cache_by_identity
from mocmo._moved import forwarding
from mocmo.plan import Activity, Assumptions, LegacyRole, Plan, Problem, Step

__all__ = [
    "DAYS_PER_WEEK",
    "DESTINATIONS",
    "GROUPS",
    "StepInputs",
    "WorkflowMetrics",
    "activity_destination_hours",
    "activity_hours",
    "activity_table",
    "capacity_reclaimed",
    "capacity_reclaimed_by_role",
    "capacity_reclaimed_total",
    "checks",
    "cycle_days",
    "expected_rework_days",
    "handoff_count",
    "handoff_tax_days",
    "headline",
    "hours_by_destination",
    "is_handoff",
    "role_by_name",
    "role_destination_hours",
    "role_fte",
    "role_hours",
    "role_oversight_hours_by_owner",
    "step_expected_rework_days",
    "step_inputs",
    "step_segments",
    "step_wait_days",
    "tax_saved_total_days",
    "wait_days",
    "work_days",
    "workflow_comparison",
    "workflow_metrics",
    "workflow_schedule",
]

DAYS_PER_WEEK = 5.0
"""Working days in a week."""

DESTINATIONS: tuple[str, ...] = ("stays", "shifts", "ai_net", "oversight")
"""Where a role's hours go: kept by the custodian, shifted to GTM Marketers, absorbed by AI
(net of oversight), and the human oversight of AI-absorbed work."""

GROUPS: tuple[str, ...] = neworg.GROUPS
"""Headcount groups of the new org (:data:`mocmo.neworg.GROUPS`)."""

UNOWNED = "Unowned"
"""Owner label of an audience that has no GTM Marketer yet."""

LOAD_FIXES = (
    "split the audience between two owners, move more of its work to AI, or have a custodian "
    "set a standard up front that removes a step"
)
"""What fixes a GTM Marketer over capacity."""

_EPS = 1e-9

OversightOwnerName = Literal["gtm_marketer", "custodian", "marops"]
SegmentKind = Literal["wait", "work", "rework"]


# --------------------------------------------------------------------------- hours by destination


def role_hours(role: LegacyRole, assumptions: Assumptions) -> float:
    """Hours per week the whole legacy team works: ``hours_per_week`` × headcount (h/wk)."""
    return assumptions.hours_per_week * role.headcount


def role_fte(hours_per_week: float, assumptions: Assumptions) -> float:
    """Hours per week expressed as full-time equivalents: hours ÷ ``hours_per_week`` (FTE)."""
    return hours_per_week / assumptions.hours_per_week


def _share_total(role: LegacyRole) -> float:
    return sum(a.share for a in role.activities)


def _share_of(activity: Activity, share_total: float, whole: float) -> float:
    """An activity's hours: its share ÷ the role's share total × the role's hours (h/wk)."""
    if share_total <= 0:
        return 0.0
    return activity.share / share_total * whole


def activity_hours(role: LegacyRole, activity: Activity, assumptions: Assumptions) -> float:
    """Hours per week an activity takes: its share (normalised so the role's shares sum to 1)
    × the role's hours (h/wk)."""
    return _share_of(activity, _share_total(role), role_hours(role, assumptions))


def _role_activity_hours(role: LegacyRole, assumptions: Assumptions) -> list[float]:
    """:func:`activity_hours` of each of the role's activities, the share total summed once."""
    total, whole = _share_total(role), role_hours(role, assumptions)
    return [_share_of(activity, total, whole) for activity in role.activities]


def activity_destination_hours(
    role: LegacyRole, activity: Activity, assumptions: Assumptions
) -> dict[str, float]:
    """An activity's hours per week by destination (h/wk): all in ``stays`` or ``shifts``, or
    for AI split into ``ai_net`` = hours × (1 − oversight) and ``oversight`` = hours × oversight.
    Oversight is ignored for activities that do not go to AI."""
    return _split(activity, activity_hours(role, activity, assumptions))


def _split(activity: Activity, hours: float) -> dict[str, float]:
    """``hours`` of ``activity`` by destination (see :func:`activity_destination_hours`)."""
    out = dict.fromkeys(DESTINATIONS, 0.0)
    if activity.destination == "ai":
        out["oversight"] = hours * activity.oversight
        out["ai_net"] = hours - out["oversight"]
    else:
        out[activity.destination] = hours
    return out


@cache_by_identity
def role_destination_hours(role: LegacyRole, assumptions: Assumptions) -> dict[str, float]:
    """A role's hours per week by destination: stays, shifts, ai_net, oversight (h/wk); they
    sum to :func:`role_hours`."""
    out = dict.fromkeys(DESTINATIONS, 0.0)
    for activity, activity_total in zip(
        role.activities, _role_activity_hours(role, assumptions), strict=True
    ):
        for dest, hours in _split(activity, activity_total).items():
            out[dest] += hours
    return out


@cache_by_identity
def role_oversight_hours_by_owner(
    role: LegacyRole, assumptions: Assumptions
) -> dict[OversightOwnerName, float]:
    """A role's AI oversight hours per week by who does them: gtm_marketer, custodian, marops
    (h/wk)."""
    out: dict[OversightOwnerName, float] = {"gtm_marketer": 0.0, "custodian": 0.0, "marops": 0.0}
    for activity, activity_total in zip(
        role.activities, _role_activity_hours(role, assumptions), strict=True
    ):
        if activity.destination == "ai":
            out[activity.oversight_owner] += _split(activity, activity_total)["oversight"]
    return out


def hours_by_destination(plan: Plan) -> pd.DataFrame:
    """Every role's hours by destination, one row per role and destination.

    Columns: ``role``, ``destination`` (stays/shifts/ai_net/oversight), ``hours_per_week``
    (h/wk), ``fte`` (FTE), ``share`` (of the role's hours, 0–1).
    """
    rows = []
    a = plan.assumptions
    for role in plan.legacy_roles:
        total = role_hours(role, a)
        for dest, hours in role_destination_hours(role, a).items():
            rows.append(
                {
                    "role": role.name,
                    "destination": dest,
                    "hours_per_week": hours,
                    "fte": role_fte(hours, a),
                    "share": hours / total if total else 0.0,
                }
            )
    return pd.DataFrame(rows, columns=["role", "destination", "hours_per_week", "fte", "share"])


def role_by_name(plan: Plan, name: str) -> LegacyRole:
    """The legacy role called ``name``; KeyError if the plan has none."""
    for role in plan.legacy_roles:
        if role.name == name:
            return role
    raise KeyError(name)


def activity_table(plan: Plan, role_name: str) -> pd.DataFrame:
    """One role's activities with where each goes and its hours by destination.

    Columns: ``activity``, ``share`` (0–1), ``destination``, ``oversight`` (0–1, AI only),
    ``oversight_owner`` (AI only, else empty), ``hours_per_week`` and the four destination
    columns ``stays``, ``shifts``, ``ai_net``, ``oversight_hours`` (h/wk).
    """
    role = role_by_name(plan, role_name)
    a = plan.assumptions
    rows = []
    for act in role.activities:
        split = activity_destination_hours(role, act, a)
        is_ai = act.destination == "ai"
        rows.append(
            {
                "activity": act.name,
                "share": act.share,
                "destination": act.destination,
                "oversight": act.oversight if is_ai else 0.0,
                "oversight_owner": act.oversight_owner if is_ai else "",
                "hours_per_week": activity_hours(role, act, a),
                "stays": split["stays"],
                "shifts": split["shifts"],
                "ai_net": split["ai_net"],
                "oversight_hours": split["oversight"],
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- capacity reclaimed


def capacity_reclaimed(role: LegacyRole, assumptions: Assumptions) -> float:
    """Hours per week AI gives back in a role: AI-absorbed hours less their oversight (h/wk)."""
    return role_destination_hours(role, assumptions)["ai_net"]


def capacity_reclaimed_by_role(plan: Plan) -> dict[str, float]:
    """Capacity reclaimed per role, role name → h/wk."""
    return {r.name: capacity_reclaimed(r, plan.assumptions) for r in plan.legacy_roles}


def capacity_reclaimed_total(plan: Plan) -> float:
    """Capacity reclaimed across all roles (h/wk)."""
    return sum(capacity_reclaimed_by_role(plan).values())


# --------------------------------------------------------------------------- workflows


def is_handoff(previous: Step | None, step: Step) -> bool:
    """True when ``step`` is done by a different owner than the step before it."""
    return previous is not None and previous.owner != step.owner


def handoff_count(steps: Sequence[Step]) -> int:
    """Number of hand-offs in a workflow: owner changes between consecutive steps (count)."""
    return sum(is_handoff(prev, step) for prev, step in itertools.pairwise(steps))


@dataclass(frozen=True)
class StepInputs:
    """The wait and rework figures a step is costed with, and which of them the plan's defaults
    filled because the step left them empty (a value the step gives is used as given: 0 is 0)."""

    wait_days: float
    """Wait before the step when it is a hand-off (working days)."""
    wait_is_default: bool
    """The step sets no wait: the plan's ``handoff_wait_days``."""
    rework_probability: float
    """Chance the step sends work back (fraction); 0 when it causes no rework."""
    rework_probability_is_default: bool
    """The step gives rework days but no chance: the plan's ``rework_probability``."""
    rework_days: float
    """Working days a send-back costs (days); 0 when it causes no rework."""
    rework_days_is_default: bool
    """The step gives a chance but no days: the plan's ``rework_days``."""


def step_inputs(step: Step, assumptions: Assumptions) -> StepInputs:
    """The wait and rework figures of ``step``: each its own value when it gives one (0 means 0),
    else the plan's default. Rework: a step with a chance but empty days takes the plan's
    ``rework_days``; one with days but an empty chance the plan's ``rework_probability``; a step
    that leaves both empty causes no rework (0 × 0, neither marked a default)."""
    p, d = step.rework_probability, step.rework_days
    no_rework = p is None and d is None
    chance = assumptions.rework_probability if p is None else p
    return StepInputs(
        wait_days=step.wait_days if step.wait_days is not None else assumptions.handoff_wait_days,
        wait_is_default=step.wait_days is None,
        rework_probability=0.0 if no_rework else chance,
        rework_probability_is_default=p is None and not no_rework,
        rework_days=0.0 if no_rework else (assumptions.rework_days if d is None else d),
        rework_days_is_default=d is None and not no_rework,
    )


def step_wait_days(previous: Step | None, step: Step, assumptions: Assumptions) -> float:
    """Working days waited before ``step``: its ``wait_days`` (0 means 0; empty: the plan's
    ``handoff_wait_days``) if it is a hand-off, else 0 (days)."""
    if not is_handoff(previous, step):
        return 0.0
    return step_inputs(step, assumptions).wait_days


def step_expected_rework_days(step: Step, assumptions: Assumptions) -> float:
    """Expected working days of rework a step causes: probability × rework days (days), with
    the figures of :func:`step_inputs` (a value the step gives is used as given: 0 means 0; an
    empty one of the two takes the plan's default; both empty: no rework)."""
    inputs = step_inputs(step, assumptions)
    return inputs.rework_probability * inputs.rework_days


def work_days(steps: Sequence[Step]) -> float:
    """Working days of actual work in a workflow: the sum of its steps' days (days)."""
    return sum(s.days for s in steps)


def wait_days(steps: Sequence[Step], assumptions: Assumptions) -> float:
    """Working days lost waiting at the workflow's hand-offs (days)."""
    return sum(
        step_wait_days(prev, step, assumptions)
        for prev, step in zip([None, *steps[:-1]], steps, strict=True)
    )


def expected_rework_days(steps: Sequence[Step], assumptions: Assumptions) -> float:
    """Expected working days of rework in a workflow: Σ probability × rework days (days)."""
    return sum(step_expected_rework_days(s, assumptions) for s in steps)


def handoff_tax_days(steps: Sequence[Step], assumptions: Assumptions) -> float:
    """The Hand-Off Tax of a workflow: waits + expected rework (days)."""
    return wait_days(steps, assumptions) + expected_rework_days(steps, assumptions)


def step_segments(
    previous: Step | None, step: Step, assumptions: Assumptions
) -> tuple[tuple[SegmentKind, float], ...]:
    """The calendar segments of one step, in order: the ``wait`` before it
    (:func:`step_wait_days`), its ``work`` (its days) and the expected ``rework`` it causes
    (:func:`step_expected_rework_days`) (days). Cycle time, the swimlane schedule and the
    Hand-Off Tax are all built from these."""
    return (
        ("wait", step_wait_days(previous, step, assumptions)),
        ("work", step.days),
        ("rework", step_expected_rework_days(step, assumptions)),
    )


def _segments(
    steps: Sequence[Step], assumptions: Assumptions
) -> Iterator[tuple[int, Step, SegmentKind, float, float, float]]:
    """Every segment of a workflow laid end to end: (step number from 1, step, kind, start
    day, end day, days); the running total is the one :func:`cycle_days` returns."""
    t = 0.0
    previous: Step | None = None
    for i, step in enumerate(steps, start=1):
        for kind, days in step_segments(previous, step, assumptions):
            start, t = t, t + days
            yield i, step, kind, start, t, days
        previous = step


def cycle_days(steps: Sequence[Step], assumptions: Assumptions) -> float:
    """Cycle time of a workflow: work + waits + expected rework (days), added step by step in
    calendar order, so it is exactly where the swimlane schedule (:func:`workflow_schedule`)
    ends."""
    end = 0.0
    for *_rest, end_day, _days in _segments(steps, assumptions):
        end = end_day
    return end


@dataclass(frozen=True)
class WorkflowMetrics:
    """Calendar figures of one version (legacy or new) of a workflow."""

    handoffs: int
    """Owner changes between consecutive steps (count)."""
    work_days: float
    """Days of work (days)."""
    wait_days: float
    """Days waiting at hand-offs (days)."""
    rework_days: float
    """Expected days of rework (days)."""
    cycle_days: float
    """Work + waits + rework (days)."""
    handoff_tax_days: float
    """Waits + rework (days)."""

    @property
    def cycle_weeks(self) -> float:
        """Cycle time in weeks of 5 working days (weeks)."""
        return self.cycle_days / DAYS_PER_WEEK

    @property
    def handoff_tax_weeks(self) -> float:
        """Hand-Off Tax in weeks of 5 working days (weeks)."""
        return self.handoff_tax_days / DAYS_PER_WEEK


def workflow_metrics(steps: Sequence[Step], assumptions: Assumptions) -> WorkflowMetrics:
    """All calendar figures of a sequence of steps, from one pass over its segments
    (:func:`step_segments`): the same sums as :func:`work_days`, :func:`wait_days`,
    :func:`expected_rework_days` and :func:`cycle_days`."""
    days: dict[SegmentKind, list[float]] = {"wait": [], "work": [], "rework": []}
    end = 0.0
    for _i, _step, kind, _start, end_day, length in _segments(steps, assumptions):
        days[kind].append(length)
        end = end_day
    waits, rework = sum(days["wait"]), sum(days["rework"])
    return WorkflowMetrics(
        handoffs=handoff_count(steps),
        work_days=sum(days["work"]),
        wait_days=waits,
        rework_days=rework,
        cycle_days=end,
        handoff_tax_days=waits + rework,
    )


@cache_by_identity
def workflow_comparison(plan: Plan) -> pd.DataFrame:
    """Legacy vs new figures of every role's representative workflow, one row per role that
    has one.

    Columns: ``role``, ``workflow``, then for each of ``legacy`` and ``new``: ``handoffs_*``
    (count), ``work_days_*``, ``wait_days_*``, ``rework_days_*``, ``cycle_days_*``,
    ``tax_days_*`` (days), ``tax_weeks_*``, ``cycle_weeks_*`` (weeks); and
    ``handoffs_removed`` (count), ``tax_saved_days`` (days), ``tax_saved_weeks``,
    ``weeks_saved`` (weeks).
    """
    rows = []
    a = plan.assumptions
    for role in plan.legacy_roles:
        if role.workflow is None:
            continue
        old = workflow_metrics(role.workflow.legacy, a)
        new = workflow_metrics(role.workflow.new, a)
        row: dict[str, object] = {"role": role.name, "workflow": role.workflow.name}
        for version, m in (("legacy", old), ("new", new)):
            row |= {
                f"handoffs_{version}": m.handoffs,
                f"work_days_{version}": m.work_days,
                f"wait_days_{version}": m.wait_days,
                f"rework_days_{version}": m.rework_days,
                f"cycle_days_{version}": m.cycle_days,
                f"tax_days_{version}": m.handoff_tax_days,
                f"tax_weeks_{version}": m.handoff_tax_weeks,
                f"cycle_weeks_{version}": m.cycle_weeks,
            }
        row |= {
            "handoffs_removed": old.handoffs - new.handoffs,
            "tax_saved_days": old.handoff_tax_days - new.handoff_tax_days,
            "tax_saved_weeks": old.handoff_tax_weeks - new.handoff_tax_weeks,
            "weeks_saved": old.cycle_weeks - new.cycle_weeks,
        }
        rows.append(row)
    return pd.DataFrame(rows)


def tax_saved_total_days(plan: Plan) -> float:
    """Hand-Off Tax saved across all roles' workflows: Σ (legacy tax − new tax) (days)."""
    table = workflow_comparison(plan)
    return float(table["tax_saved_days"].sum()) if not table.empty else 0.0


def workflow_schedule(steps: Sequence[Step], assumptions: Assumptions) -> pd.DataFrame:
    """A workflow laid out on the calendar, for a swimlane/Gantt: one row per segment.

    Each step is a ``wait`` segment before it if it is a hand-off, its ``work``, then its
    expected ``rework`` if any (:func:`step_segments`). Columns: ``order`` (step number from 1),
    ``step``, ``owner``, ``kind`` (wait/work/rework), ``start_day``, ``end_day``, ``days``
    (days). The last ``end_day`` is exactly :func:`cycle_days`.
    """
    rows = [
        {
            "order": i,
            "step": step.name,
            "owner": step.owner,
            "kind": kind,
            "start_day": start,
            "end_day": end,
            "days": days,
        }
        for i, step, kind, start, end, days in _segments(steps, assumptions)
        if days > 0 or kind == "work"
    ]
    return pd.DataFrame(
        rows, columns=["order", "step", "owner", "kind", "start_day", "end_day", "days"]
    )


# --------------------------------------------------------------------------- checks and headline


def _workflow_totals(plan: Plan) -> dict[str, float]:
    table = workflow_comparison(plan)
    keys = (
        "handoffs_legacy",
        "handoffs_new",
        "tax_days_legacy",
        "tax_days_new",
        "cycle_weeks_legacy",
        "cycle_weeks_new",
    )
    if table.empty:
        return dict.fromkeys(keys, 0.0)
    return {k: float(table[k].sum()) for k in keys}


def headline(plan: Plan) -> dict[str, float | int | None]:
    """The reshape step's headline figures for ``mocmo summary`` and the workbook.

    Counts are people, FTE or hand-offs; hours are h/wk; tax in working days; cycle in weeks;
    the workflow figures are summed over the roles' representative workflows.
    """
    from mocmo import staffing
    from mocmo.costing import to_penny

    totals = _workflow_totals(plan)
    return {
        "legacy_headcount": staffing.legacy_headcount(plan),
        "new_headcount": staffing.new_headcount(plan),
        "capacity_reclaimed_hours_per_week": capacity_reclaimed_total(plan),
        "handoff_count_legacy": int(totals["handoffs_legacy"]),
        "handoff_count_new": int(totals["handoffs_new"]),
        "handoff_tax_days_legacy": totals["tax_days_legacy"],
        "handoff_tax_days_new": totals["tax_days_new"],
        "cycle_weeks_legacy": totals["cycle_weeks_legacy"],
        "cycle_weeks_new": totals["cycle_weeks_new"],
        "gtm_marketers_over_capacity": staffing.gtm_marketers_over_capacity(plan),
        "gtm_fte": staffing.gtm_fte(plan),
        "marops_fte": staffing.marops_fte(plan),
        "custodian_fte": staffing.custodian_fte_total(plan),
        "unstaffed_hours_per_week": staffing.unstaffed_hours_per_week(plan),
        "unstaffed_hours_cost": to_penny(staffing.unstaffed_hours_cost(plan)),
    }


def _workflow_problems(plan: Plan) -> list[Problem]:
    problems = []
    a = plan.assumptions
    for r_i, role in enumerate(plan.legacy_roles):
        if role.workflow is None:
            problems.append(
                Problem(
                    f"legacy_roles[{r_i}].workflow",
                    f"{role.name} has no representative workflow, so its Hand-Off Tax is not "
                    "counted in the totals",
                    "warning",
                )
            )
            continue
        for version in ("legacy", "new"):
            steps: tuple[Step, ...] = getattr(role.workflow, version)
            for s_i, (prev, step) in enumerate(zip([None, *steps[:-1]], steps, strict=True)):
                if step.wait_days is not None and not is_handoff(prev, step):
                    problems.append(
                        Problem(
                            f"legacy_roles[{r_i}].workflow.{version}[{s_i}].wait_days",
                            f"{step.name!r} sets a wait of {step.wait_days:g} days but the same "
                            "owner did the step before, so it is not a hand-off and the wait is "
                            "not counted",
                            "warning",
                        )
                    )
        old = cycle_days(role.workflow.legacy, a)
        new = cycle_days(role.workflow.new, a)
        if new > old + _EPS:
            problems.append(
                Problem(
                    f"legacy_roles[{r_i}].workflow.new",
                    f"{role.workflow.name}: the new workflow takes {new:.1f} days, longer than "
                    f"today's {old:.1f}; check its steps and waits",
                    "warning",
                )
            )
    return problems


def _oversight_problems(plan: Plan) -> list[Problem]:
    problems = []
    for r_i, role in enumerate(plan.legacy_roles):
        for a_i, act in enumerate(role.activities):
            if act.destination == "ai" and act.oversight <= 0:
                problems.append(
                    Problem(
                        f"legacy_roles[{r_i}].activities[{a_i}].oversight",
                        f"{role.name}: nobody checks what AI produces for {act.name!r}; set an "
                        "oversight share and who owns it (people approve what touches trust, "
                        "money, reputation and customer data)",
                        "warning",
                    )
                )
    return problems


def checks(plan: Plan) -> list[Problem]:
    """What the reshape step finds worth a look: the staffing checks
    (:func:`mocmo.staffing.checks`: GTM Marketers over a fixed headcount's capacity, shifted
    work with no audience to take it, unstaffed hours in red), AI work nobody oversees,
    workflows missing or slower in the new model, waits set on steps that are not hand-offs."""
    from mocmo import staffing

    return [*staffing.checks(plan), *_oversight_problems(plan), *_workflow_problems(plan)]


if TYPE_CHECKING:  # the moved names, for type checkers (at run time: __getattr__)
    from mocmo.present.reshape import hours_sentence as hours_sentence
    from mocmo.present.reshape import load_sentence as load_sentence
    from mocmo.present.reshape import new_org_sentence as new_org_sentence
    from mocmo.present.reshape import tax_sentence as tax_sentence
    from mocmo.present.reshape import what_this_means as what_this_means
    from mocmo.present.reshape import workflow_sentence as workflow_sentence
    from mocmo.staffing import LOAD_FIXES as LOAD_FIXES
    from mocmo.staffing import UNOWNED as UNOWNED
    from mocmo.staffing import audience_load as audience_load
    from mocmo.staffing import audience_weights as audience_weights
    from mocmo.staffing import custodian_fte as custodian_fte
    from mocmo.staffing import custodian_fte_for_role as custodian_fte_for_role
    from mocmo.staffing import custodian_hours as custodian_hours
    from mocmo.staffing import gtm_capacity_hours as gtm_capacity_hours
    from mocmo.staffing import gtm_hours as gtm_hours
    from mocmo.staffing import gtm_hours_total as gtm_hours_total
    from mocmo.staffing import gtm_marketers_over_capacity as gtm_marketers_over_capacity
    from mocmo.staffing import headcount_by_group as headcount_by_group
    from mocmo.staffing import legacy_headcount as legacy_headcount
    from mocmo.staffing import marops_hours as marops_hours
    from mocmo.staffing import new_headcount as new_headcount
    from mocmo.staffing import new_org as new_org
    from mocmo.staffing import owner_load as owner_load
    from mocmo.staffing import owners_over_capacity as owners_over_capacity
    from mocmo.staffing import round_up_to_step as round_up_to_step

_from_staffing = forwarding(__name__, "mocmo.staffing")
_from_present = forwarding(__name__, "mocmo.present.reshape")


def __getattr__(name: str) -> object:
    """The names that moved: GTM load, custodian and MarOps hours and the new-org headcount
    (:mod:`mocmo.staffing`), the step's sentences (:mod:`mocmo.present.reshape`); still
    importable from here."""
    if name.startswith("__"):  # import machinery probing (__path__ …): never a moved name
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        return _from_staffing(name)
    except AttributeError:
        return _from_present(name)
