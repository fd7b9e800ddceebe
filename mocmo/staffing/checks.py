"""What staffing finds: GTM Marketers over a fixed headcount's capacity, unstaffed hours, a
fixed headcount below the positions a group needs anyway (:mod:`mocmo.staffing`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mocmo import neworg
from mocmo.format import fmt_hours, fmt_money, fmt_pct
from mocmo.plan import Plan, Problem

if TYPE_CHECKING:
    pass
from mocmo.staffing.groups import group_staffing_rows
from mocmo.staffing.load import (
    _EPS,
    LOAD_FIXES,
    gtm_hours_total,
    gtm_owner_staffing,
    round_up_to_step,
)


def _owner_path(plan: Plan, owner: str) -> str:
    first = next(i for i, a in enumerate(plan.audiences) if a.owner == owner)
    return f"audiences[{first}].owner"


def _load_problems(plan: Plan) -> list[Problem]:
    if not plan.audiences:
        hours = gtm_hours_total(plan)
        if hours <= _EPS:
            return []
        return [
            Problem(
                "audiences",
                f"{fmt_hours(hours)} of work shifts to GTM Marketers, but the plan has no "
                "audiences yet to give it to; add the audiences in step 1",
                "warning",
            )
        ]
    problems = []
    for o in gtm_owner_staffing(plan):
        if not o.owned or o.hours_per_week <= o.staffed_capacity_hours + _EPS:
            continue
        problems.append(
            Problem(
                _owner_path(plan, o.owner),
                f"{o.owner} ({', '.join(o.audiences)}) would carry "
                f"{fmt_hours(o.hours_per_week)} of audience work against "
                f"{fmt_hours(o.staffed_capacity_hours)} of capacity in {o.fte:g} FTE "
                f"({fmt_pct(o.hours_per_week / o.staffed_capacity_hours)}): {LOAD_FIXES}",
                "warning",
            )
        )
    return problems


_GROUP_WORDS = {
    neworg.GROUP_GTM: ("GTM Marketers", "assumptions.staffing.gtm.fixed_fte"),
    neworg.GROUP_MAROPS: ("MarOps", "assumptions.staffing.marops.fixed_fte"),
}


def _unstaffed_problems(plan: Plan) -> list[Problem]:
    """A red flag per fixed group whose hours exceed its capacity, in plain words with the fix."""
    problems = []
    currency = plan.meta.currency
    for r in group_staffing_rows(plan):
        if r.unstaffed_hours <= _EPS or r.group not in _GROUP_WORDS:
            continue
        who, path = _GROUP_WORDS[r.group]
        add = round_up_to_step(r.unstaffed_hours / r.capacity_hours, r.step)
        # the time the staffed people would work to do the unstaffed hours too: (staffed
        # capacity + unstaffed hours) ÷ staffed capacity (a marketer's spare hours do not count
        # against another audience's excess, so this is not hours ÷ capacity)
        staffed = r.fte * r.capacity_hours
        lead = (
            f"{who} would work {fmt_pct((staffed + r.unstaffed_hours) / staffed)} of their time"
            if staffed > _EPS
            else f"{who} would have nobody staffed"
        )
        problems.append(
            Problem(
                path,
                f"{lead}: "
                f"{fmt_hours(r.unstaffed_hours)} of work has nobody to do it (worth "
                f"{fmt_money(r.unstaffed_cost, currency)} a year); add {add:g} FTE "
                f"({fmt_money(add * r.cost_per_fte, currency)} a year) or move less to them",
                # Red on the page, but the plan stays savable and exportable: "we will not
                # hire" is a decision the CMO may take and put to the CFO, with this cost shown.
                "warning",
            )
        )
    return problems


def _floor_problems(plan: Plan) -> list[Problem]:
    """A fixed headcount below the positions the group has anyway (an owner per audience, the
    listed MarOps seats): refused in plain words."""
    s = plan.assumptions.staffing
    seats = float(len(plan.marops_seats))
    floors = (
        ("gtm", s.gtm.fixed_fte, float(len(plan.audiences)),
         "every audience keeps one accountable GTM Marketer"),
        ("marops", s.marops.fixed_fte, seats,
         f"the plan lists {seats:g} MarOps seat(s); remove a seat or raise the fixed FTE"),
    )  # fmt: skip
    return [
        Problem(
            f"assumptions.staffing.{group}.fixed_fte",
            f"got {fixed:g} FTE, must be at least {floor:g}: {why}",
            "error",
        )
        for group, fixed, floor, why in floors
        if fixed is not None and fixed < floor - _EPS
    ]


def checks(plan: Plan) -> list[Problem]:
    """What staffing finds: GTM Marketers over their staffed capacity (a fixed headcount),
    unstaffed hours per group (a warning the page shows as a red flag, with the fix; the plan
    can still be saved and exported), a fixed headcount below the positions the group needs
    anyway (an error: refused)."""
    return [*_load_problems(plan), *_unstaffed_problems(plan), *_floor_problems(plan)]
