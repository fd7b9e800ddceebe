"""The new org's positions — the one definition every step and view reads.

The new organisation is the Head of GTM (when the plan has any audience), one accountable GTM
Marketer per audience, support FTE for an owner whose load is more than its marketers carry
(one ``gtm_support`` position per owner, titled ``staffing.gtm_support_title``), a Craft
Custodian position for each legacy role whose hours stay with a custodian (FTE from
:func:`mocmo.staffing.custodian_fte`, rounded up to the plan's step), one position per MarOps
seat, and the MarOps FTE its hours need beyond the seats (one ``marops_support`` position,
titled ``staffing.marops_support_title``) — every group staffed to its hours
(:mod:`mocmo.staffing`). :func:`positions` lists them as :class:`Position` records, each
with its group, title, FTE, band, point in band and start month. The reshape step's new org,
the costing step's new-org table and cost lines, the migration timeline's new-org lines, the
org chart and the workbook's New Org sheet all read it, so they cannot disagree on who is in
the new org, in which group, or at what band.

Rules written once here:

* **groups** — :data:`GROUP_GTM`, :data:`GROUP_CUSTODIANS`, :data:`GROUP_MAROPS` (and
  :data:`GROUP_OTHER`, empty for now);
* **custodian title** — the role's ``custodian_title``; empty or only spaces means not set, and
  the title is then "<role name> Custodian" (:func:`custodian_title`);
* **start month** (the first migration month the position is on the payroll) — Head of GTM: the
  earliest Head of GTM hire, else the first audience launch (month 1 for an audience without
  one); a GTM Marketer: its audience's launch month, else 1; a custodian: its legacy role's
  transition month (:func:`transition_month`: the role's own, else the start of the plan's
  last-starting phase, month 1 without phases — every team changes shape within the plan); a
  MarOps seat: the month of its hire in ``hires`` if it has one, else its hire month, else 1
  (already filled); GTM support: the first launch among its owner's audiences; MarOps support:
  the first seat's start month (1 without seats);
* **key** — how moves name a position (:attr:`Position.key`): "Head of GTM", "GTM Marketer:
  <audience>", "GTM support: <first audience of the owner>", "Custodian: <legacy role>",
  "MarOps: <seat>", "MarOps support";
* **support bands** — GTM support at the GTM Marketer's band and point; MarOps support at the
  plan's MarOps role band with the lowest midpoint, at mid.

Units: FTE (people for every position but custodians and support); money is not computed here
(the costing step prices a position from its band and point).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from mocmo._memo import cache_by_identity
from mocmo.plan import Band, LegacyRole, Plan

__all__ = [
    "GROUPS",
    "GROUP_CUSTODIANS",
    "GROUP_GTM",
    "GROUP_MAROPS",
    "GROUP_OTHER",
    "GTM_MARKETER",
    "HEAD_OF_GTM",
    "KINDS",
    "Position",
    "PositionKind",
    "custodian_title",
    "default_transition_month",
    "fte_by_group",
    "head_of_gtm_start",
    "key_kind",
    "position_key",
    "positions",
    "positions_with_custodian_fte",
    "seat_start_month",
    "transition_month",
]

GROUP_GTM = "GTM"
"""The audience tower: the Head of GTM and one GTM Marketer per audience."""
GROUP_CUSTODIANS = "Custodians"
"""The craft tower: the Craft Custodians, FTE from the hours that stay with each legacy role."""
GROUP_MAROPS = "MarOps"
"""The MarOps team: one position per seat, whatever roles the seat holds."""
GROUP_OTHER = "Other"
"""Anyone else; no position is in it yet (kept so that cost tables have a place for it)."""
GROUPS: tuple[str, ...] = (GROUP_GTM, GROUP_CUSTODIANS, GROUP_MAROPS)
"""The groups positions belong to, in display order."""

HEAD_OF_GTM = "Head of GTM"
"""Title of the audience tower's lead (also the hire position of that name)."""
GTM_MARKETER = "GTM Marketer"
"""Title of an audience's accountable owner (also the hire position of that name)."""

PositionKind = Literal[
    "head_of_gtm", "gtm_marketer", "gtm_support", "custodian", "marops_seat", "marops_support"
]
KINDS: tuple[PositionKind, ...] = (
    "head_of_gtm",
    "gtm_marketer",
    "gtm_support",
    "custodian",
    "marops_seat",
    "marops_support",
)
"""Kinds of position, in the order :func:`positions` lists them."""

_EPS = 1e-9


@dataclass(frozen=True)
class Position:
    """One position of the new org (a person, or for custodians an FTE amount)."""

    kind: PositionKind
    group: str
    """One of :data:`GROUPS`."""
    title: str
    """What the position is called: Head of GTM, GTM Marketer, the custodian title, the seat."""
    fte: float
    """Full-time equivalents (1 for a person; custodians and support positions any FTE)."""
    band: Band
    """Salary band (currency/year)."""
    point: str | float
    """Point in the band: low / mid / high or a fraction."""
    start_month: int
    """First migration month on the payroll."""
    path: str
    """The plan field that sets the start month, e.g. ``audiences[3].launch_month``."""
    audience: str | None = None
    """For a GTM Marketer: the audience it owns; for GTM support: the (first) audience of the
    owner it supports."""
    owner: str | None = None
    """For a GTM Marketer or its support: the named owner of the audience, if any."""
    legacy_role: str | None = None
    """For a custodian: the legacy role it comes from (it costs as that role)."""
    seat: str | None = None
    """For a MarOps seat: the seat's name."""
    audiences: tuple[str, ...] = ()
    """For GTM support: every audience of the owner it supports."""
    index: int | None = None
    """Position of the audience, legacy role or seat in its plan list."""

    @property
    def key(self) -> str:
        """How a move names this position: "Head of GTM", "GTM Marketer: <audience>", "GTM
        support: <audience>", "Custodian: <legacy role>", "MarOps: <seat>", "MarOps support"."""
        return position_key(self.kind, self.audience or self.legacy_role or self.seat)


_KEY_PREFIX: dict[PositionKind, str] = {
    "head_of_gtm": HEAD_OF_GTM,
    "gtm_marketer": f"{GTM_MARKETER}: ",
    "gtm_support": "GTM support: ",
    "custodian": "Custodian: ",
    "marops_seat": "MarOps: ",
    "marops_support": "MarOps support",
}


def position_key(kind: PositionKind, name: str | None = None) -> str:
    """The key of a position of ``kind`` for the audience, legacy role or seat ``name`` (no
    name for the Head of GTM and MarOps support)."""
    if kind in ("head_of_gtm", "marops_support"):
        return _KEY_PREFIX[kind]
    return f"{_KEY_PREFIX[kind]}{name}"


def key_kind(key: str) -> tuple[PositionKind, str | None] | None:
    """The kind and name a position key names (:func:`position_key` read back); None when it
    is no key."""
    for kind, prefix in _KEY_PREFIX.items():
        if kind in ("head_of_gtm", "marops_support"):
            if key == prefix:
                return kind, None
        elif key.startswith(prefix) and key[len(prefix) :].strip():
            return kind, key[len(prefix) :]
    return None


def default_transition_month(plan: Plan) -> int:
    """The month a legacy role without a ``transition_month`` changes shape: the start month of
    the plan's last-starting phase (the change is done by the last phase); month 1 when the plan
    has no phases."""
    return max((p.start_month for p in plan.phases), default=1)


def transition_month(plan: Plan, role: LegacyRole) -> int:
    """The month ``role`` changes shape: its ``transition_month``, else
    :func:`default_transition_month`. Every timeline, AI and milestone rule reads this."""
    if role.transition_month is not None:
        return role.transition_month
    return default_transition_month(plan)


def seat_start_month(plan: Plan, index: int) -> int:
    """The month MarOps seat ``index`` starts: its hire's month when ``hires`` has one for it
    (the plan validation keeps that and the seat's ``hire_month`` equal), else its
    ``hire_month``, else 1 (already filled)."""
    seat = plan.marops_seats[index]
    hired = [h.month for h in plan.hires if h.position == seat.name]
    if hired:
        return min(hired)
    return seat.hire_month or 1


def custodian_title(role: LegacyRole) -> str:
    """What a legacy role becomes as a Craft Custodian: its ``custodian_title`` without
    surrounding spaces, or "<role name> Custodian" when that is empty or only spaces."""
    return role.custodian_title.strip() or f"{role.name} Custodian"


def head_of_gtm_start(plan: Plan) -> int | None:
    """Start month of the Head of GTM: the earliest Head of GTM hire, else the first audience
    launch (month 1 for an audience without a launch month); None with neither."""
    hires = [h.month for h in plan.hires if h.position == HEAD_OF_GTM]
    if hires:
        return min(hires)
    launches = [a.launch_month or 1 for a in plan.audiences]
    return min(launches) if launches else None


def _build(plan: Plan, fte: Mapping[str, float]) -> tuple[Position, ...]:
    nr = plan.new_roles
    out: list[Position] = []
    if plan.audiences:
        hired = any(h.position == HEAD_OF_GTM for h in plan.hires)
        out.append(
            Position(
                kind="head_of_gtm",
                group=GROUP_GTM,
                title=HEAD_OF_GTM,
                fte=1.0,
                band=nr.head_of_gtm,
                point=nr.head_of_gtm_point,
                start_month=head_of_gtm_start(plan) or 1,
                path="hires" if hired else "audiences",
            )
        )
    for i, aud in enumerate(plan.audiences):
        out.append(
            Position(
                kind="gtm_marketer",
                group=GROUP_GTM,
                title=GTM_MARKETER,
                fte=1.0,
                band=nr.gtm_marketer,
                point=nr.gtm_marketer_point,
                start_month=aud.launch_month or 1,
                path=f"audiences[{i}].launch_month",
                audience=aud.name,
                owner=aud.owner,
                index=i,
            )
        )
    out.extend(_gtm_support(plan))
    for i, role in enumerate(plan.legacy_roles):
        role_fte = float(fte.get(role.name, 0.0))
        if role_fte <= _EPS:
            continue
        out.append(
            Position(
                kind="custodian",
                group=GROUP_CUSTODIANS,
                title=custodian_title(role),
                fte=role_fte,
                band=role.band,
                point=role.point,
                start_month=transition_month(plan, role),
                path=f"legacy_roles[{i}].transition_month",
                legacy_role=role.name,
                index=i,
            )
        )
    for i, seat in enumerate(plan.marops_seats):
        out.append(
            Position(
                kind="marops_seat",
                group=GROUP_MAROPS,
                title=seat.name,
                fte=1.0,
                band=plan.seat_band(seat),
                point=seat.point,
                start_month=seat_start_month(plan, i),
                path=f"marops_seats[{i}].hire_month",
                seat=seat.name,
                index=i,
            )
        )
    out.extend(_marops_support(plan))
    return tuple(out)


def _gtm_support(plan: Plan) -> list[Position]:
    """A support position per owner key with support FTE (:mod:`mocmo.staffing`), at the GTM
    Marketer's band and point, from the first launch among the owner's audiences."""
    from mocmo import staffing

    nr = plan.new_roles
    title = plan.assumptions.staffing.gtm_support_title
    out = []
    for o in staffing.gtm_owner_staffing(plan):
        if o.support_fte <= _EPS:
            continue
        first = o.audience_indexes[0]
        starts = [(plan.audiences[i].launch_month or 1, i) for i in o.audience_indexes]
        month, at = min(starts)
        out.append(
            Position(
                kind="gtm_support",
                group=GROUP_GTM,
                title=title,
                fte=o.support_fte,
                band=nr.gtm_marketer,
                point=nr.gtm_marketer_point,
                start_month=month,
                path=f"audiences[{at}].launch_month",
                audience=plan.audiences[first].name,
                owner=plan.audiences[first].owner,
                index=first,
                audiences=o.audiences,
            )
        )
    return out


def _marops_support(plan: Plan) -> list[Position]:
    """The MarOps FTE beyond the listed seats (:func:`mocmo.staffing.marops_support_fte`) as
    one position at the lowest-midpoint MarOps role band (mid point), from the first seat's
    start month (month 1 without seats)."""
    from mocmo import staffing

    support = staffing.marops_support_fte(plan)
    if support <= _EPS:
        return []
    starts = [seat_start_month(plan, i) for i in range(len(plan.marops_seats))]
    return [
        Position(
            kind="marops_support",
            group=GROUP_MAROPS,
            title=plan.assumptions.staffing.marops_support_title,
            fte=support,
            band=staffing.marops_support_band(plan),
            point="mid",
            start_month=min(starts) if starts else 1,
            path="assumptions.staffing.marops",
        )
    ]


@cache_by_identity
def positions(plan: Plan) -> tuple[Position, ...]:
    """Every position of the new org, in order: Head of GTM (when the plan has an audience),
    one GTM Marketer per audience (audience order), the GTM support per owner key with support
    FTE (owner order), one custodian per legacy role with custodian FTE above 0 (role order),
    one per MarOps seat (seat order), the MarOps support FTE beyond the seats (if any)."""
    from mocmo import staffing

    return _build(plan, staffing.custodian_fte(plan))


def positions_with_custodian_fte(plan: Plan, fte: Mapping[str, float]) -> tuple[Position, ...]:
    """:func:`positions` for a what-if: each legacy role's custodian FTE taken from ``fte``
    (legacy role name → FTE; a role missing or at 0 has no custodian position) instead of the
    reshape step's."""
    return _build(plan, fte)


def fte_by_group(found: Iterable[Position]) -> dict[str, float]:
    """FTE per group of ``found`` positions, every group of :data:`GROUPS` present (FTE)."""
    out = dict.fromkeys(GROUPS, 0.0)
    for p in found:
        out[p.group] = out.get(p.group, 0.0) + p.fte
    return out
