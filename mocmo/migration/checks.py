"""Migration: the step's checks — dependencies, the horizon, hires, workflow ownership, work in
flight and dips in headcount."""

from __future__ import annotations

from collections.abc import Mapping

from mocmo import neworg
from mocmo.migration.oneoffs import hire_schedule
from mocmo.migration.people import staffing_lines
from mocmo.migration.schedule import (
    _EPS,
    GROUP_LEGACY,
    TOP_WORKFLOWS_RANGE,
    dependency_conflicts,
    in_flight_months,
    migration_span,
    month_label,
)
from mocmo.migration.timeline import monthly
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


def handover_horizon_problems(plan: Plan) -> list[Problem]:
    """Warnings about handover months past the horizon: people kept on after their team changes
    shape beyond the last month of the timeline. Handover pay is pay of months and, like
    payroll, costed only within the horizon (:func:`mocmo.migration.one_offs`, and the
    workbook's handover grid), so those months are not in the overlap cost."""
    horizon = plan.horizon_months
    problems = []
    for ln in staffing_lines(plan):
        if ln.overlap_from is None or ln.last_month is None or ln.last_month <= horizon:
            continue
        first = max(ln.overlap_from, horizon + 1)
        if first == ln.last_month:
            past = f"month {first} falls"
        else:
            past = f"months {first}–{ln.last_month} fall"
        problems.append(
            Problem(
                ln.path,
                f"{ln.name}: {ln.headcount:g} kept on after {ln.team} changes shape in month "
                f"{ln.overlap_from}, to month {ln.last_month} — handover {past} past the "
                f"{horizon}-month horizon, not costed (the overlap cost counts the months up "
                f"to {horizon} only); set the horizon to at least {ln.last_month}",
                "warning",
            )
        )
    return problems


def hire_problems(plan: Plan) -> list[Problem]:
    """Warnings about hires: starting after the phase that needs them has ended; an offer due
    before the plan starts (a derived hire's too). A seat and its hire cannot disagree on the
    start month: the plan refuses it (one hire, one start month)."""
    problems: list[Problem] = []
    for h in hire_schedule(plan):
        if h.index is None:
            if h.offer_before_plan:
                problems.append(
                    Problem(
                        "hires",
                        f"{h.position} is filled by a hire the plan derives (nobody moves into "
                        f"it), starting in month {h.start_month}: with a {h.lead_time_months}-"
                        f"month lead time the offer goes out in "
                        f"{month_label(plan, h.offer_month)}, before the plan starts; add the "
                        "hire to the plan with its own month and lead time, or a move",
                        "warning",
                    )
                )
            continue
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
    4. in a month while phases are in flight and once a team has changed shape, the total
       headcount is below the new org's steady-state headcount (everyone in the new org, all on
       the payroll): work has left a team before the people who take it arrive (before the
       first change, fewer people only means the new hires have not started).
    """
    problems: list[Problem] = []
    launches = {a.name: a.launch_month or 1 for a in plan.audiences}
    seat_starts = {
        s.name: neworg.seat_start_month(plan, i) for i, s in enumerate(plan.marops_seats)
    }
    for i, role in enumerate(plan.legacy_roles):
        t = neworg.transition_month(plan, role)
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
    first_change = (
        min(neworg.transition_month(plan, r) for r in plan.legacy_roles)
        if (plan.legacy_roles)
        else 1
    )
    short = [
        (int(m), float(h))
        for m, h in zip(table["month"], table["total_headcount"], strict=True)
        if int(m) in flight and int(m) >= first_change and float(h) < target - _EPS
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


def flow_problems(plan: Plan) -> list[Problem]:
    """Warnings about the people flows (:mod:`mocmo.transition.flows`): a position nobody moves
    into and nobody is hired for (not paid, its work not done); a position given more people
    than it has room for (the extra are paid without a position); people nobody moves or lets
    go (still on the old team's payroll after it changed shape); a team a workflow still names
    whose people all go and that keeps no custodian."""
    from mocmo.transition import flows as people

    problems: list[Problem] = []
    given = "the plan's moves and hires" if plan.moves is not None else "the plan's hires"
    for p, gap in people.vacancies(plan):
        problems.append(
            Problem(
                p.path or "moves",
                f"{p.key} needs {p.fte:g} FTE from month {p.start_month} but {given} fill only "
                f"{p.fte - gap:g}: {gap:g} FTE has nobody — not paid in the timeline, and its "
                "work is not done; add a move or a hire",
                "warning",
            )
        )
    for key, extra in people.overfilled(plan):
        problems.append(
            Problem(
                "moves" if plan.moves is not None else "hires",
                f"{key} gets {extra:g} more people than the new org has room for: they are paid "
                "in the timeline without a position (the costing step does not count them); "
                "move them elsewhere or hire fewer",
                "warning",
            )
        )
    teams = {r.name: i for i, r in enumerate(plan.legacy_roles)}
    for team, rest in people.stayers(plan).items():
        problems.append(
            Problem(
                f"legacy_roles[{teams[team]}].headcount",
                f"{rest:g} of {team}'s people neither move nor leave: they stay on the team's "
                "payroll after it changes shape, to the end of the timeline; add them to the "
                "moves or the leavers",
                "warning",
            )
        )
    kept = {p.legacy_role for p in neworg.positions(plan) if p.kind == "custodian"}
    if any(p.group == neworg.GROUP_MAROPS for p in neworg.positions(plan)):
        kept |= {r.name for r in plan.legacy_roles if r.new_home == "marops"}  # MarOps runs it
    gone = {r.name for r in plan.legacy_roles if r.name not in people.stayers(plan)}
    for w_i, wf in enumerate(plan.workflows):
        for name in (*wf.roles, *wf.owners):
            if name in gone and name not in kept and name in teams:
                problems.append(
                    Problem(
                        f"workflows[{w_i}]",
                        f"workflow '{wf.name}' still names {name}, but all of {name}'s people "
                        "move or leave and it keeps no custodian (nor MarOps, for a MarOps-home "
                        "team): give the workflow to a new position, or keep someone",
                        "warning",
                    )
                )
    return problems


def replaced_role_problems(plan: Plan) -> list[Problem]:
    """Warnings about the roles MarOps replaces: none listed while the plan has MarOps seats
    (the MarOps net change compares the seats with nothing); a replaced role not tied to one of
    today's teams (not reconciled: its people may be counted twice or not at all); a leaving
    month that differs from its team's leavers (the timeline takes the team's)."""
    from mocmo.transition import flows as people

    problems: list[Problem] = []
    if plan.marops_seats and not plan.replaced_roles:
        problems.append(
            Problem(
                "replaced_roles",
                "the plan lists no roles the MarOps seats replace, so the MarOps net change "
                "compares the seats with nothing (it is their whole cost): list the "
                "coordinator and specialist roles they replace, with the team each is in",
                "warning",
            )
        )
    leave_months: dict[str, set[int]] = {}
    for f in people.flows(plan):
        if f.kind == "leave" and f.team is not None:
            leave_months.setdefault(f.team, set()).add(f.month)
    for i, role in enumerate(plan.replaced_roles):
        if role.team is None:
            problems.append(
                Problem(
                    f"replaced_roles[{i}].team",
                    f"{role.title} is not tied to one of today's teams, so it is not reconciled "
                    "with their headcount and pay: set the team its people are in",
                    "warning",
                )
            )
            continue
        months = leave_months.get(role.team, set())
        if role.leaves_month is not None and role.leaves_month not in months:
            shown = ", ".join(str(m) for m in sorted(months)) or "none"
            problems.append(
                Problem(
                    f"replaced_roles[{i}].leaves_month",
                    f"{role.title} ends in month {role.leaves_month}, but {role.team}'s leavers "
                    f"go in month(s) {shown}: the timeline takes the team's leavers; set them "
                    "(moves and leavers) to match",
                    "warning",
                )
            )
    return problems


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
    headcount below what the work in flight needs, phases and handover months beyond the
    horizon and the size of the inventory (warnings).

    The migration's total length outside 6–12 months is reported once, by
    :func:`mocmo.plan.plan_warnings`, and not repeated here.
    """
    return [
        *dependency_problems(plan),
        *workflow_problems(plan),
        *hire_problems(plan),
        *inflight_problems(plan),
        *_horizon_problems(plan),
        *handover_horizon_problems(plan),
        *flow_problems(plan),
        *replaced_role_problems(plan),
    ]
