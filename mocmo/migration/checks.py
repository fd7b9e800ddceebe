"""Migration: the step's checks — dependencies, the horizon, hires, workflow ownership, work in
flight and dips in headcount."""

from __future__ import annotations

from collections.abc import Mapping

from mocmo.migration.schedule import (
    _EPS,
    GROUP_LEGACY,
    TOP_WORKFLOWS_RANGE,
    dependency_conflicts,
    in_flight_months,
    migration_span,
    month_label,
)
from mocmo.migration.timeline import (
    hire_schedule,
    migration_hires,
    migration_one_off_cost,
    monthly,
    staffing_lines,
)
from mocmo.migration.workflows import top_workflow_count
from mocmo.plan import LegacyRole, Plan, Problem

# =========================================================================== checks


def dependency_problems(plan: Plan) -> list[Problem]:
    """Errors: a phase placed to start before a phase it depends on has ended (names both and
    the earliest month it may start)."""
    return [
        Problem(
            f"phases[{c.phase_index}].start_month",
            f"'{c.phase}' starts in month {c.start_month} but depends on '{c.depends_on}', "
            f"which runs to month {c.dependency_end_month}: start '{c.phase}' in month "
            f"{c.first_allowed_month} or later, or move '{c.depends_on}' earlier",
            "error",
        )
        for c in dependency_conflicts(plan)
    ]


def _horizon_problems(plan: Plan) -> list[Problem]:
    span = migration_span(plan)
    if span is None or span[1] <= plan.horizon_months:
        return []
    return [
        Problem(
            "horizon_months",
            f"the timeline shows {plan.horizon_months} months but the phases run to month "
            f"{span[1]}: months after {plan.horizon_months} are not costed; set the horizon to "
            f"at least {span[1]}",
            "warning",
        )
    ]


def hire_problems(plan: Plan) -> list[Problem]:
    """Warnings about hires: starting after the phase that needs them has ended; an offer due
    before the plan starts; a MarOps seat and its hire that disagree (a seat with a hire month
    but no hire, a hire for a seat without a hire month, or different start months)."""
    problems: list[Problem] = []
    for h in hire_schedule(plan):
        if h.late_for_phase:
            problems.append(
                Problem(
                    f"hires[{h.index}].month",
                    f"{h.position} starts in month {h.start_month}, after '{h.phase}' ends in "
                    f"month {h.phase_end_month}: the phase that needs this hire runs without it",
                    "warning",
                )
            )
        if h.offer_before_plan:
            problems.append(
                Problem(
                    f"hires[{h.index}].lead_time_months",
                    f"to start {h.position} in month {h.start_month} with a "
                    f"{h.lead_time_months}-month lead time the offer must go out in "
                    f"{month_label(plan, h.offer_month)}: recruiting starts before the plan does",
                    "warning",
                )
            )
    first_hire: dict[str, int] = {}
    for i, hire in enumerate(plan.hires):
        first_hire.setdefault(hire.position, i)
    for s_i, seat in enumerate(plan.marops_seats):
        h_i = first_hire.get(seat.name)
        if h_i is None:
            if seat.hire_month is not None:
                problems.append(
                    Problem(
                        f"marops_seats[{s_i}].hire_month",
                        f"{seat.name} starts in month {seat.hire_month} but no hire is planned "
                        "for it: add a hire (its lead time and recruitment fee), or clear the "
                        "month if the seat is already filled",
                        "warning",
                    )
                )
            continue
        hire = plan.hires[h_i]
        if seat.hire_month is None:
            problems.append(
                Problem(
                    f"marops_seats[{s_i}].hire_month",
                    f"a hire for {seat.name} starts in month {hire.month} but the seat has no "
                    "hire month, so the timeline counts it as filled from month 1: set its hire "
                    f"month to {hire.month}",
                    "warning",
                )
            )
        elif hire.month != seat.hire_month:
            problems.append(
                Problem(
                    f"hires[{h_i}].month",
                    f"the hire for {seat.name} starts in month {hire.month} but the seat starts "
                    f"in month {seat.hire_month} (marops_seats[{s_i}].hire_month): the timeline "
                    "counts the seat from its own month; make them agree",
                    "warning",
                )
            )
    return problems


def workflow_problems(plan: Plan) -> list[Problem]:
    """Errors: a top workflow with no owner or more than one. Warnings: an empty inventory, or
    a number of top workflows outside 5–7. (Non-top workflows are the costing step's checks.)"""
    problems: list[Problem] = []
    if not plan.workflows:
        return [
            Problem(
                "workflows",
                "the workflow inventory is empty: map the major workflows (lead routing, "
                "campaign launch, attribution, content production …) with their platforms, "
                "roles and decisions",
                "warning",
            )
        ]
    for i, wf in enumerate(plan.workflows):
        if not wf.top:
            continue
        if not wf.owners:
            problems.append(
                Problem(
                    f"workflows[{i}].owners",
                    f"top workflow '{wf.name}' has no owner: name the one person accountable "
                    "for it",
                    "error",
                )
            )
        elif len(wf.owners) > 1:
            problems.append(
                Problem(
                    f"workflows[{i}].owners",
                    f"top workflow '{wf.name}' has {len(wf.owners)} owners "
                    f"({', '.join(wf.owners)}): if an agent gets it wrong, one person must be "
                    "accountable — keep one",
                    "error",
                )
            )
    top = top_workflow_count(plan)
    low, high = TOP_WORKFLOWS_RANGE
    if not low <= top <= high:
        problems.append(
            Problem(
                "workflows",
                f"{top} workflows are marked top; pick the {low}–{high} that matter most and "
                "give each one owner",
                "warning",
            )
        )
    return problems


def _before_the_seats(
    path: str, event: str, month: int, seat_starts: Mapping[str, int], gap: str
) -> list[Problem]:
    """A warning at ``path`` when ``event`` (in ``month``) comes before some MarOps seats start
    (``seat_starts``: seat name → first month): it names them and the last start, then ``gap``;
    none when every seat has started by then."""
    late = [name for name, m in seat_starts.items() if m > month]
    if not late:
        return []
    last = max(seat_starts[n] for n in late)
    message = f"{event}, before the MarOps seat(s) {', '.join(late)} start (month {last}): {gap}"
    return [Problem(path, message, "warning")]


def _shifted_share(role: LegacyRole) -> float:
    return sum(a.share for a in role.activities if a.destination == "shifts")


def inflight_problems(plan: Plan) -> list[Problem]:
    """Warnings where headcount dips below what the work in flight needs.

    The rules:

    1. a legacy role with work shifting to GTM Marketers changes shape (``transition_month``)
       before every audience has an owner (its ``launch_month``): the shifted work for the
       audiences still waiting has nobody to do it;
    2. a legacy role whose remaining work goes to MarOps (``new_home: marops``) changes shape
       before every MarOps seat is in place;
    3. a replaced role leaves (``leaves_month``) before every MarOps seat is in place;
    4. in a month while phases are in flight, the total headcount is below the new org's
       steady-state headcount (everyone in the new org, all on the payroll).
    """
    problems: list[Problem] = []
    launches = {a.name: a.launch_month or 1 for a in plan.audiences}
    seat_starts = {s.name: s.hire_month or 1 for s in plan.marops_seats}
    for i, role in enumerate(plan.legacy_roles):
        t = role.transition_month
        if t is None:
            continue
        if _shifted_share(role) > _EPS:
            waiting = [name for name, m in launches.items() if m > t]
            if waiting:
                last = max(launches[n] for n in waiting)
                problems.append(
                    Problem(
                        f"legacy_roles[{i}].transition_month",
                        f"{role.name} changes shape in month {t}, but {', '.join(waiting)} "
                        f"get{'s' if len(waiting) == 1 else ''} an owner only later (up to "
                        f"month {last}): the work shifting to GTM Marketers has nobody for "
                        f"those audiences until then; move the transition to month {last} or "
                        "launch them earlier",
                        "warning",
                    )
                )
        if role.new_home == "marops":
            problems += _before_the_seats(
                f"legacy_roles[{i}].transition_month",
                f"{role.name} changes shape in month {t}",
                t,
                seat_starts,
                "its remaining work has no home in between",
            )
    for i, replaced in enumerate(plan.replaced_roles):
        gone = replaced.leaves_month
        if gone is None:
            continue
        problems += _before_the_seats(
            f"replaced_roles[{i}].leaves_month",
            f"{replaced.title} ends in month {gone}",
            gone,
            seat_starts,
            "nobody runs its work in between",
        )
    problems.extend(_headcount_dip_problems(plan))
    return problems


def _steady_state_headcount(plan: Plan) -> float:
    """Headcount of the new org with every line on the payroll (no legacy roles left)."""
    return sum(ln.headcount for ln in staffing_lines(plan) if ln.group != GROUP_LEGACY)


def _headcount_dip_problems(plan: Plan) -> list[Problem]:
    flight = set(in_flight_months(plan))
    if not flight:
        return []
    target = _steady_state_headcount(plan)
    table = monthly(plan)
    short = [
        (int(m), float(h))
        for m, h in zip(table["month"], table["total_headcount"], strict=True)
        if int(m) in flight and float(h) < target - _EPS
    ]
    if not short:
        return []
    worst_month, worst = min(short, key=lambda mh: mh[1])
    months = _month_ranges([m for m, _h in short])
    return [
        Problem(
            "legacy_roles",
            f"while phases are in flight the team drops below the new org's {target:g} people "
            f"in {months} (lowest {worst:g} in month {worst_month}): roles change shape before "
            "the people who take their work arrive; move transitions later or starts earlier",
            "warning",
        )
    ]


def people_without_a_position(plan: Plan) -> float:
    """Today's people the new org has no position for: legacy headcount − (new-org FTE − people
    hired from outside), at least 0 (people; an estimate until the plan says who moves where)."""
    from mocmo.costing.org import legacy_org_headcount
    from mocmo.staffing import new_headcount

    return max(0.0, legacy_org_headcount(plan) - (new_headcount(plan) - migration_hires(plan)))


def exit_cost_problems(plan: Plan) -> list[Problem]:
    """A warning when today's people outnumber the new org's internal positions: the one-off
    cost counts recruitment fees only, so the plan's break-even leaves the cost of leavers out.
    The message gives an indicative figure: that many leavers at the team's average base salary
    and the transition defaults (statutory redundancy × the company multiple, notice in lieu,
    settlement; :mod:`mocmo.transition`) — a flag for the CFO's first question, not a figure
    the plan adds."""
    from mocmo.costing.org import legacy_org_base_salary, legacy_org_headcount
    from mocmo.format import fmt_money
    from mocmo.transition import team_exit_cost, transition_assumptions

    leavers = people_without_a_position(plan)
    people = legacy_org_headcount(plan)
    if leavers < 0.5 or people <= 0:
        return []
    a = transition_assumptions()
    average_salary = legacy_org_base_salary(plan) / people
    indicative = team_exit_cost(leavers, average_salary, a).total
    currency = plan.meta.currency
    return [
        Problem(
            "legacy_roles",
            f"{people:g} people today and {leavers:g} of them have no position in the new org "
            f"(its {people - leavers + migration_hires(plan):g} FTE less "
            f"{migration_hires(plan):g} hires), but the one-off cost "
            f"({fmt_money(migration_one_off_cost(plan), currency)}) counts recruitment fees only: "
            "redundancy, notice and settlement are not in the figures or the break-even yet. "
            f"At the transition defaults (statutory redundancy × {a.redundancy_multiple:g}, "
            f"notice {'paid in lieu' if a.notice_paid_in_lieu else 'worked'}, "
            f"{fmt_money(a.settlement_per_leaver, currency)} settlement each; age "
            f"{a.average_age:g}, {a.average_service_years:g} years' service) and today's "
            f"average salary ({fmt_money(average_salary, currency)}), they would add about "
            f"{fmt_money(indicative, currency)}",
            "warning",
        )
    ]


def _month_ranges(months: list[int]) -> str:
    """``[3, 4, 5, 8]`` → ``months 3–5, 8``."""
    runs: list[list[int]] = []
    for m in sorted(set(months)):
        if runs and m == runs[-1][1] + 1:
            runs[-1][1] = m
        else:
            runs.append([m, m])
    parts = [f"{a}" if a == b else f"{a}–{b}" for a, b in runs]
    single = len(runs) == 1 and runs[0][0] == runs[0][1]
    return ("month " if single else "months ") + ", ".join(parts)


def checks(plan: Plan) -> list[Problem]:
    """Every migration problem: phases before their dependencies and top workflows without
    exactly one owner (errors); late hires, offers before the plan starts, seats without hires,
    headcount below what the work in flight needs, phases beyond the horizon and the size of
    the inventory (warnings).

    The migration's total length outside 6–12 months is reported once, by
    :func:`mocmo.plan.plan_warnings`, and not repeated here.
    """
    return [
        *dependency_problems(plan),
        *workflow_problems(plan),
        *hire_problems(plan),
        *inflight_problems(plan),
        *_horizon_problems(plan),
        *exit_cost_problems(plan),
    ]
