"""The people flows of the transition: who moves from which legacy team to which new position,
who is hired, who leaves, and in which month — the one place the transition happens.

A flow is a number of people (FTE) and a month:

* a **move** takes people of a legacy team to a position of the new org (:attr:`Position.key
  <mocmo.neworg.Position.key>`); they are paid by the old team up to the month before and by the
  new position from ``month`` on, at the position's band and point;
* a **hire** brings people from outside into a position; they are paid from ``month`` on, and the
  recruitment fee falls in the same month;
* a **leave** takes people of a legacy team off the payroll from ``month`` on (the first month
  they are not paid); the exit costs fall in that month.

So a person is paid in exactly one place in any month. The rules that fill the new org, in this
order (the issue's "movers first, then hires, then leavers"):

1. **hires in the plan** (``plan.hires``) are used as given: a hire of a MarOps seat fills that
   seat, of the Head of GTM the Head of GTM, of "GTM Marketer" the GTM Marketer positions, then
   the GTM support, in the order they start — the room the plan's own moves leave there, when
   it gives them (vacancies are filled by movers before hires);
2. **moves**: the plan's ``moves`` exactly as given; when the plan has none (``moves`` empty),
   they are derived: each Craft Custodian from its own team, in the month the team changes shape;
   each MarOps position from the teams whose new home is MarOps, then the GTM positions (Head of
   GTM, GTM Marketers, support, in that order) from the other teams, then from the MarOps-home
   teams — each time from the team with the most people still free, in the month the position
   starts;
3. **derived hires** (only when moves are derived): whatever a position still needs is hired in
   the month it starts, with the default lead time (:data:`DERIVED_LEAD_TIME`), shortened so the
   offer goes out no earlier than month 1 (a default never plans recruiting before the plan);
4. **leavers**: the plan's ``leavers`` exactly as given; when empty, everyone of a team who does
   not move leaves in the month the team changes shape plus the handover months
   (``overlap_months``).

A position the flows leave short is a vacancy: it is not paid, and
:func:`vacancies` lists it; people nobody moves or lets go stay on their team's payroll
(:func:`stayers`). The timeline (:mod:`mocmo.migration.timeline`) prices the flows month by month.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import pandas as pd

from mocmo import neworg
from mocmo._memo import cache_by_identity
from mocmo.neworg import Position
from mocmo.plan import Hire, LegacyRole, Plan
from mocmo.transition.assumptions import plan_transition_assumptions

__all__ = [
    "DERIVED_LEAD_TIME",
    "Flow",
    "FlowKind",
    "FlowsNotWritable",
    "flow_table",
    "flows",
    "flows_are_derived",
    "hire_positions",
    "leave_month_default",
    "leavers_are_derived",
    "overfilled",
    "position_fill",
    "stayers",
    "team_exits",
    "vacancies",
    "with_flows_written_out",
    "written_out_changes",
]

FlowKind = Literal["move", "hire", "leave"]

DERIVED_LEAD_TIME: int = int(Hire.model_fields["lead_time_months"].default)
"""Months between the offer and the start of a derived hire: the plan's default lead time for a
hire (months)."""

_EPS = 1e-9


@dataclass(frozen=True)
class Flow:
    """People (FTE) who move, are hired or leave, in one month."""

    kind: FlowKind
    count: float
    """People (FTE)."""
    month: int
    """Move and hire: first month in the new position; leave: first month off the payroll."""
    team: str | None = None
    """The legacy team they come from (move, leave); None for a hire."""
    to: str | None = None
    """The position key they go to (move, hire); None for a leave."""
    derived: bool = False
    """True when the flow is the plan default (derived from the new org), not given."""
    path: str = ""
    """The plan field that sets it: ``moves[2]``, ``hires[0]``, ``leavers[1]``, or for a
    derived flow the field its month comes from."""
    lead_time_months: int = 0
    """For a hire: months from the offer to the start."""
    hire_index: int | None = None
    """For a hire of ``plan.hires``: its index there."""
    resigns: bool = False
    """For a leave: the people resign before a planned move (early attrition): no exit cost."""
    planned: float | None = None
    """For a flow early attrition made — a move cut to (1 − attrition) of the ``planned``
    people, and the resignation and the hire of attrition × ``planned`` — the people planned
    to move (None for every other flow)."""


def _team_order(plan: Plan) -> dict[str, int]:
    return {r.name: i for i, r in enumerate(plan.legacy_roles)}


def flows_are_derived(plan: Plan) -> bool:
    """True when the plan gives no ``moves`` (empty), so the moves are derived from the new org."""
    return plan.moves is None


def leavers_are_derived(plan: Plan) -> bool:
    """True when the plan gives no ``leavers`` (empty), so they are derived."""
    return plan.leavers is None


def leave_month_default(plan: Plan, role: LegacyRole) -> int:
    """The month a team's leavers go when the plan does not list them: the month the team
    changes shape (:func:`mocmo.neworg.transition_month`) + ``overlap_months``."""
    return neworg.transition_month(plan, role) + plan_transition_assumptions(plan).overlap_months


def hire_positions(plan: Plan, hire: Hire, found: tuple[Position, ...]) -> list[Position]:
    """The positions a hire of ``plan.hires`` may fill, in the order it fills them: the seat,
    the Head of GTM, or the GTM Marketers then the GTM support by start month."""
    if hire.position == neworg.HEAD_OF_GTM:
        return [p for p in found if p.kind == "head_of_gtm"]
    if hire.position == neworg.GTM_MARKETER:
        gtm = [p for p in found if p.kind in ("gtm_marketer", "gtm_support")]
        return sorted(gtm, key=lambda p: (p.kind != "gtm_marketer", p.start_month))
    return [p for p in found if p.kind == "marops_seat" and p.seat == hire.position]


@cache_by_identity
def flows(plan: Plan) -> tuple[Flow, ...]:
    """Every flow of the transition: hires, moves, then leavers, each in plan order (derived
    ones in the order the rules above make them)."""
    found = neworg.positions(plan)
    need = {p.key: p.fte for p in found}
    filled = dict.fromkeys(need, 0.0)
    out: list[Flow] = []

    def room(key: str) -> float:
        return max(0.0, need.get(key, 0.0) - filled.get(key, 0.0))

    # the plan's own moves take their places first, so its hires fill the room they leave
    for move in plan.moves or ():
        filled[move.to] = filled.get(move.to, 0.0) + move.count

    # 1. the plan's hires, as given
    for i, hire in enumerate(plan.hires):
        targets = hire_positions(plan, hire, found)
        left = float(hire.count)
        if not targets:  # the new org has no such position: paid as given, and flagged
            out.append(
                Flow("hire", left, hire.month, to=hire.position, path=f"hires[{i}]",
                     lead_time_months=hire.lead_time_months, hire_index=i)
            )  # fmt: skip
            filled[hire.position] = filled.get(hire.position, 0.0) + left
            continue
        for k, p in enumerate(targets):
            take = left if k == len(targets) - 1 else min(left, room(p.key))
            if take <= _EPS:
                continue
            out.append(
                Flow("hire", take, hire.month, to=p.key, path=f"hires[{i}]",
                     lead_time_months=hire.lead_time_months, hire_index=i)
            )  # fmt: skip
            filled[p.key] += take
            left -= take
            if left <= _EPS:
                break

    # 2. moves
    heads = {r.name: float(r.headcount) for r in plan.legacy_roles}
    free = dict(heads)
    for leaver in plan.leavers or ():
        free[leaver.team] -= leaver.count
    if plan.moves is not None:
        for i, move in enumerate(plan.moves):
            out.append(Flow("move", move.count, move.month, team=move.team, to=move.to,
                            path=f"moves[{i}]"))  # fmt: skip
            free[move.team] -= move.count
    else:
        out.extend(_derived_moves(plan, found, filled, free))
        # 3. derived hires for what is still empty
        for p in found:
            gap = room(p.key)
            if gap > _EPS:
                out.append(
                    Flow("hire", gap, p.start_month, to=p.key, derived=True, path=p.path,
                         lead_time_months=min(DERIVED_LEAD_TIME, p.start_month - 1))
                )  # fmt: skip
                filled[p.key] += gap

    # early attrition: a share of the people planned to move (custodians aside) resign first;
    # their places are hired in the month they would have moved
    attrition = plan_transition_assumptions(plan).early_attrition
    resigned: list[Flow] = []
    if attrition > 0:
        kept: list[Flow] = []
        for f in out:
            if f.kind != "move" or f.to is None or f.to.startswith("Custodian: "):
                kept.append(f)
                continue
            lost = f.count * attrition
            kept.append(replace(f, count=f.count - lost, planned=f.count))
            kept.append(
                Flow("hire", lost, f.month, to=f.to, derived=True, path=f.path, planned=f.count,
                     lead_time_months=min(DERIVED_LEAD_TIME, max(0, f.month - 1)))
            )  # fmt: skip
            resigned.append(
                Flow("leave", lost, f.month, team=f.team, derived=True, path=f.path,
                     resigns=True, planned=f.count)
            )  # fmt: skip
        out = kept

    # 4. leavers: those who resign, then the rest
    out.extend(resigned)
    if plan.leavers is not None:
        for i, leaver in enumerate(plan.leavers):
            out.append(Flow("leave", leaver.count, leaver.month, team=leaver.team,
                            path=f"leavers[{i}]"))  # fmt: skip
    else:
        for i, role in enumerate(plan.legacy_roles):
            rest = free[role.name]
            if rest > _EPS:
                out.append(
                    Flow("leave", rest, leave_month_default(plan, role), team=role.name,
                         derived=True, path=f"legacy_roles[{i}].transition_month")
                )  # fmt: skip
    return tuple(out)


def _derived_moves(
    plan: Plan, found: tuple[Position, ...], filled: dict[str, float], free: dict[str, float]
) -> list[Flow]:
    """Movers for every position, by the rules of the module docstring (``filled`` and
    ``free`` are updated)."""
    out: list[Flow] = []
    order = _team_order(plan)
    roles = plan.legacy_roles
    shape = {r.name: neworg.transition_month(plan, r) for r in roles}
    marops_home = [r.name for r in roles if r.new_home == "marops"]
    others = [r.name for r in roles if r.new_home != "marops"]

    def fill(p: Position, sources: list[str]) -> None:
        gap = p.fte - filled[p.key]
        while gap > _EPS:
            ready = [t for t in sources if free[t] > _EPS]
            if not ready:
                return
            # a team still in its old shape when the position starts, so nobody is kept on
            # after their team changed shape; then the one with the most people free
            team = max(
                ready,
                key=lambda t: (shape[t] >= p.start_month, free[t], -order[t]),
            )
            take = min(gap, free[team])
            out.append(Flow("move", take, p.start_month, team=team, to=p.key, derived=True,
                            path=p.path))  # fmt: skip
            free[team] -= take
            filled[p.key] += take
            gap -= take

    for p in found:
        if p.kind == "custodian" and p.legacy_role is not None:
            fill(p, [p.legacy_role])
    for p in found:
        if p.kind in ("marops_seat", "marops_support"):
            fill(p, marops_home)
    for p in found:
        if p.group == neworg.GROUP_GTM:
            fill(p, others + marops_home)
    return out


def position_fill(plan: Plan) -> dict[str, float]:
    """People (FTE) the flows put in each position by the end of the transition, by key."""
    out = {p.key: 0.0 for p in neworg.positions(plan)}
    for f in flows(plan):
        if f.to is not None:
            out[f.to] = out.get(f.to, 0.0) + f.count
    return out


def vacancies(plan: Plan) -> list[tuple[Position, float]]:
    """Positions the flows leave short: (position, FTE nobody fills) — not paid in the timeline."""
    fill = position_fill(plan)
    return [(p, p.fte - fill[p.key]) for p in neworg.positions(plan) if p.fte - fill[p.key] > _EPS]


def overfilled(plan: Plan) -> list[tuple[str, float]]:
    """Positions (by key) the flows put more people in than the position's FTE: (key, extra) —
    paid in the timeline although the new org has no room for them."""
    need = {p.key: p.fte for p in neworg.positions(plan)}
    return [
        (k, v - need.get(k, 0.0))
        for k, v in position_fill(plan).items()
        if v - need.get(k, 0.0) > _EPS
    ]


def team_exits(plan: Plan, team: str) -> float:
    """People (FTE) who move out of or leave ``team`` in the flows."""
    return sum((f.count for f in flows(plan) if f.team == team), 0.0)


def stayers(plan: Plan) -> dict[str, float]:
    """People of each legacy team nobody moves or lets go (they stay on the team's payroll to the
    end of the horizon and beyond), teams with none left out."""
    out = {}
    for role in plan.legacy_roles:
        rest = role.headcount - team_exits(plan, role.name)
        if rest > _EPS:
            out[role.name] = rest
    return out


def flow_table(plan: Plan) -> pd.DataFrame:
    """:func:`flows` for display: one row a flow (kind, from, to, people, month, whether it is
    the plan default, the plan field)."""
    rows = [
        {
            "kind": f.kind,
            "from": f.team or "",
            "to": f.to or "",
            "count": f.count,
            "month": f.month,
            "plan_default": f.derived,
            "path": f.path,
        }
        for f in flows(plan)
    ]
    columns = ["kind", "from", "to", "count", "month", "plan_default", "path"]
    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------- written out


class FlowsNotWritable(ValueError):
    """The plan default hires someone a plan's ``hires`` cannot say (a part FTE, or a position
    a plan does not hire for), so writing the flows out would lose them."""


def _hire_position(plan: Plan, key: str) -> str | None:
    """The ``hires[].position`` that fills position ``key`` (by :func:`hire_positions`), or
    None for a position a plan does not hire for (a custodian, MarOps support)."""
    found = neworg.key_kind(key)
    kind, name = found if found is not None else (None, key)
    if kind == "head_of_gtm":
        return neworg.HEAD_OF_GTM
    if kind in ("gtm_marketer", "gtm_support"):
        return neworg.GTM_MARKETER
    if kind == "marops_seat" and name in {s.name for s in plan.marops_seats}:
        return name
    return None


def written_out_changes(plan: Plan) -> dict[str, list[dict[str, object]]]:
    """The plan changes (:func:`mocmo.plan.with_changes`) that write the plan-default flows
    out as the plan's own, so they can be edited — every figure stays the same:

    * ``moves`` (when the plan gives none): every move, at the people *planned* to move (early
      attrition still takes its share of the written moves, as it took it of the derived ones);
    * ``hires``, added after the plan's own: every derived hire but early attrition's (which
      the written moves derive again), in the order hires fill their positions — with moves
      given nothing is hired by default any more;
    * ``leavers`` (when the plan gives none): everyone who leaves, but those who resign before
      a move (early attrition derives them again).

    Nothing to write (both given): no changes. Raises :class:`FlowsNotWritable` when a derived
    hire cannot be a plan's hire (a part FTE, or a custodian or MarOps support position)."""
    found = flows(plan)
    changes: dict[str, list[dict[str, object]]] = {}
    if plan.moves is None:
        changes["moves"] = [
            {"team": f.team, "to": f.to, "count": f.count if f.planned is None else f.planned,
             "month": f.month}
            for f in found
            if f.kind == "move"
        ]  # fmt: skip
        hires = [f for f in found if f.kind == "hire" and f.derived and f.planned is None]
        problems = []
        for f in hires:
            whole = round(f.count)
            if f.to is None or _hire_position(plan, f.to) is None:
                problems.append(f"{f.to} ×{f.count:g} (month {f.month}): a plan hires no {f.to}")
            elif whole < 1 or abs(f.count - whole) > _EPS:
                problems.append(f"{f.to} ×{f.count:g} (month {f.month}): a plan hires whole people")
        if problems:
            raise FlowsNotWritable(
                "the plan default hires what the plan's hires cannot say, so writing the flows "
                f"out would lose it: {'; '.join(problems)}. Give the moves yourself (or fill "
                "the position from a team)."
            )
        order = {p.key: (p.kind != "gtm_marketer", p.start_month) for p in neworg.positions(plan)}
        hires.sort(key=lambda f: order.get(f.to or "", (True, f.month)))
        if hires:
            changes["hires"] = [h.model_dump(mode="json") for h in plan.hires] + [
                {"position": _hire_position(plan, f.to or ""), "month": f.month,
                 "lead_time_months": f.lead_time_months, "count": round(f.count)}
                for f in hires
            ]  # fmt: skip
    if plan.leavers is None:
        changes["leavers"] = [
            {"team": f.team, "count": f.count, "month": f.month}
            for f in found
            if f.kind == "leave" and not f.resigns
        ]
    return changes


def with_flows_written_out(plan: Plan) -> Plan:
    """``plan`` with its plan-default flows written out as its own moves, hires and leavers
    (:func:`written_out_changes`): the same figures, now editable."""
    from mocmo.plan import with_changes

    changes = written_out_changes(plan)
    return with_changes(plan, changes) if changes else plan
