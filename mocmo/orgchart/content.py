"""Org chart: the org's content — what each box says (titles, headcounts, costs, statuses) for
today's org and the new model, from the plan; the layout engine places them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mocmo import costing, neworg, reshape
from mocmo.format import fmt_money
from mocmo.orgchart.boxes import (
    _EPS,
    BODY_FONT,
    BOX_WIDTH,
    CHART_WIDTH,
    DETAIL_LINES,
    PAD,
    STATUS_LABELS,
    TITLE_FONT,
    TITLE_LINES,
    BoxKind,
    OrgBox,
    OrgChart,
    Status,
    _chars_that_fit,
    line_height,
    wrap_text,
)
from mocmo.orgchart.layout import _place, _tree
from mocmo.plan import MAROPS_ROLE_TITLES, Band, LegacyRole, MarOpsSeat, Plan

# --------------------------------------------------------------------------- box content


def _cost_at(
    plan: Plan, band: Band, own: str | float, point: str | float | None, country: str | None = None
) -> float:
    """Loaded cost of one person at ``point`` (or the position's own point) in ``band``, under
    the on-costs of ``country`` (the plan's when None)."""
    return costing.loaded_cost_at(plan, band, own if point is None else point, country)


def _people(count: float) -> str:
    if abs(count - round(count)) < _EPS:
        n = round(count)
        return f"{n} person" if n == 1 else f"{n} people"
    return f"{count:g} people"


def _content(
    key: str,
    kind: BoxKind,
    title: str,
    details: Sequence[str],
    status: Status | None,
    *,
    headcount: float | None = None,
    cost: float | None = None,
    roles: Sequence[str] = (),
    parent: str | None = None,
) -> OrgBox:
    """A box with its text wrapped to :data:`BOX_WIDTH` and its height to fit the text."""
    title_lines = wrap_text(title, _chars_that_fit(BOX_WIDTH, TITLE_FONT), TITLE_LINES)
    body_chars = _chars_that_fit(BOX_WIDTH, BODY_FONT)
    detail_lines: list[str] = []
    for line in details:
        detail_lines.extend(wrap_text(line, body_chars, DETAIL_LINES))
    if status is not None:
        detail_lines.append(STATUS_LABELS[status].upper())
    height = (
        2 * PAD
        + len(title_lines) * line_height(TITLE_FONT)
        + len(detail_lines) * line_height(BODY_FONT)
    )
    return OrgBox(
        key=key,
        kind=kind,
        title=title,
        details=tuple(details),
        status=status,
        headcount=headcount,
        cost=cost,
        roles=tuple(roles),
        parent=parent,
        width=BOX_WIDTH,
        height=height,
        title_lines=title_lines,
        detail_lines=tuple(detail_lines),
    )


def _legacy_destination(plan: Plan, role: LegacyRole, fte: float) -> tuple[str, Status]:
    """Where a legacy role goes and its action: custodian FTE → changed; the legacy MarOps
    function (new home MarOps) with MarOps seats → changed; otherwise closed."""
    if role.new_home == "marops" and plan.marops_seats:
        return "→ MarOps team", "changed"
    if fte > _EPS:
        return f"→ {neworg.custodian_title(role)} ({fte:g} FTE)", "changed"
    return "no work stays in the role", "closed"


def _team_line(headcount: float, cost: float, currency: str) -> str:
    return f"Team: {_people(headcount)} · {fmt_money(cost, currency)}"


def _legacy_boxes(plan: Plan, point: str | float | None) -> list[OrgBox]:
    cur = plan.meta.currency
    fte = reshape.custodian_fte(plan)
    boxes = []
    for role in plan.legacy_roles:
        if point is None or plan.roster_people is not None:  # a roster's pay is known: no point
            cost = costing.legacy_role_loaded_cost(plan, role)
        else:
            cost = role.headcount * _cost_at(
                plan, role.band, role.point, point, costing.role_country(plan, role)
            )
        where, status = _legacy_destination(plan, role, fte.get(role.name, 0.0))
        boxes.append(
            _content(
                f"legacy:{role.name}",
                "legacy_role",
                role.name,
                [f"{_people(role.headcount)} · {fmt_money(cost, cur)}", where],
                status,
                headcount=float(role.headcount),
                cost=cost,
                parent="cmo",
            )
        )
    return boxes


def _gtm_boxes(plan: Plan, point: str | float | None) -> list[OrgBox]:
    found = neworg.positions(plan)
    head = next((p for p in found if p.kind == "head_of_gtm"), None)
    if head is None:
        return []
    cur = plan.meta.currency
    marketers = [p for p in found if p.kind == "gtm_marketer"]
    head_cost = head.fte * _cost_at(plan, head.band, head.point, point)
    n = len(marketers)
    boxes = [
        _content(
            "head_of_gtm",
            "head_of_gtm",
            head.title,
            [
                f"1 person · {fmt_money(head_cost, cur)}",
                f"{n} audience{'s' if n != 1 else ''}",
            ],
            "new",
            headcount=head.fte,
            cost=head_cost,
            parent="cmo",
        )
    ]
    support = {p.index: p for p in found if p.kind == "gtm_support"}
    for p in marketers:
        cost = p.fte * _cost_at(plan, p.band, p.point, point, costing.position_country(plan, p))
        lines = [p.owner or "owner not named yet", f"{p.title} · {fmt_money(cost, cur)}"]
        heads = p.fte
        helper = support.get(p.index)
        if helper is not None:  # support FTE for the owner's audiences, on its first audience
            extra = helper.fte * _cost_at(
                plan, helper.band, helper.point, point, costing.position_country(plan, helper)
            )
            lines.append(f"+ {helper.fte:g} FTE {helper.title} · {fmt_money(extra, cur)}")
            heads, cost = heads + helper.fte, cost + extra
        boxes.append(
            _content(
                f"gtm:{p.audience}",
                "gtm_marketer",
                str(p.audience),
                lines,
                "new",
                headcount=heads,
                cost=cost,
                parent="head_of_gtm",
            )
        )
    return boxes


def _custodian_boxes(plan: Plan, point: str | float | None) -> list[OrgBox]:
    cur = plan.meta.currency
    members = []
    for p in neworg.positions(plan):
        if p.kind != "custodian":
            continue
        cost = p.fte * _cost_at(plan, p.band, p.point, point, costing.position_country(plan, p))
        members.append(
            _content(
                f"custodian:{p.legacy_role}",
                "custodian",
                p.title,
                [f"{p.fte:g} FTE · {fmt_money(cost, cur)}", f"from {p.legacy_role}"],
                "changed",
                headcount=p.fte,
                cost=cost,
                parent="custodians",
            )
        )
    if not members:
        return []
    total_fte = sum(b.headcount or 0.0 for b in members)
    total_cost = sum(b.cost or 0.0 for b in members)
    group = _content(
        "custodians",
        "custodian_group",
        "Craft Custodians",
        [f"{total_fte:g} FTE · {fmt_money(total_cost, cur)}", "craft standards, up front"],
        None,
        parent="cmo",
    )
    return [group, *members]


def _seat_roles(plan: Plan, seat: MarOpsSeat) -> tuple[str, ...]:
    titles = {r.key: r.title for r in plan.marops_roles}
    return tuple(titles.get(k, MAROPS_ROLE_TITLES[k]) for k in seat.roles)


def _seat_status(seat: MarOpsSeat) -> Status:
    """A seat with a hire month is a new position; one already filled is unchanged."""
    return "new" if seat.hire_month is not None else "unchanged"


def _marops_support_box(plan: Plan, point: str | float | None, parent: str) -> list[OrgBox]:
    """The MarOps FTE beyond the listed seats (:mod:`mocmo.staffing`), as one box."""
    found = [p for p in neworg.positions(plan) if p.kind == "marops_support"]
    if not found:
        return []
    p = found[0]
    cost = p.fte * _cost_at(plan, p.band, p.point, point, costing.position_country(plan, p))
    return [
        _content(
            "marops_support",
            "marops_seat",
            p.title,
            [f"{p.fte:g} FTE · {fmt_money(cost, plan.meta.currency)}", "staffed to MarOps's hours"],
            "new",
            headcount=p.fte,
            cost=cost,
            parent=parent,
        )
    ]


def _marops_boxes(plan: Plan, point: str | float | None) -> list[OrgBox]:
    if not plan.marops_seats:
        support = _marops_support_box(plan, point, "marops")
        if not support:
            return []
        group = _content(
            "marops", "marops_group", "Marketing Operations", ["no seats listed yet"], None,
            parent="cmo",
        )  # fmt: skip
        return [group, *support]
    cur = plan.meta.currency
    head = next((s for s in plan.marops_seats if "head_of_marops" in s.roles), None)
    head_key = f"seat:{head.name}" if head is not None else "marops"
    boxes: list[OrgBox] = []
    if head is None:
        boxes.append(
            _content(
                "marops",
                "marops_group",
                "Marketing Operations",
                ["no Head of Marketing Operations seat"],
                None,
                parent="cmo",
            )
        )
    # The Data Steward's seat goes last, so that its dotted line to a CDO leaves clear space.
    others = [s for s in plan.marops_seats if s is not head]
    others.sort(key=lambda s: "data_steward" in s.roles)
    by_seat = {p.seat: p for p in neworg.positions(plan) if p.kind == "marops_seat"}
    for seat in ([head] if head is not None else []) + others:
        position = by_seat[seat.name]
        cost = position.fte * _cost_at(
            plan, position.band, position.point, point, costing.position_country(plan, position)
        )
        roles = _seat_roles(plan, seat)
        details: list[str] = []
        if len(roles) > 1 or roles[0] != seat.name:
            details.extend(roles)
        details.append(f"1 person · {fmt_money(cost, cur)}")
        if seat.hire_month is not None:
            details.append(f"hired in month {seat.hire_month}")
        boxes.append(
            _content(
                f"seat:{seat.name}",
                "marops_seat",
                seat.name,
                details,
                _seat_status(seat),
                headcount=position.fte,
                cost=cost,
                roles=roles,
                parent="cmo" if seat is head else head_key,
            )
        )
    # The support box goes before the seats, so the Data Steward's seat stays last.
    return [boxes[0], *_marops_support_box(plan, point, head_key), *boxes[1:]]


def _cmo_box(headcount: float, cost: float, currency: str, when: str) -> OrgBox:
    return _content(
        "cmo",
        "cmo",
        "CMO",
        [when, _team_line(headcount, cost, currency)],
        "unchanged",
    )


def _cdo_box() -> OrgBox:
    return _content(
        "cdo",
        "cdo",
        "CDO",
        ["Chief Data Officer", "dotted line: Data Steward"],
        None,
    )


def _positions(boxes: Iterable[OrgBox]) -> tuple[float, float]:
    """Headcount and cost of the positions (boxes with a status other than the CMO)."""
    people = [b for b in boxes if b.kind != "cmo" and b.headcount is not None]
    return sum(b.headcount or 0.0 for b in people), sum(b.cost or 0.0 for b in people)


def legacy_chart(
    plan: Plan, point: str | float | None = None, max_width: float = CHART_WIDTH
) -> OrgChart:
    """The org chart today: the CMO and each legacy direct report (title, people, loaded cost
    at ``point`` — ``low``/``mid``/``high``/a fraction, or each role's own point when None —
    and where it goes), laid out within ``max_width`` px."""
    roles = _legacy_boxes(plan, point)
    headcount, cost = _positions(roles)
    cmo = _cmo_box(headcount, cost, plan.meta.currency, "Today")
    root = _tree("cmo", [cmo, *roles])
    title = f"Today: {_people(headcount)}, {fmt_money(cost, plan.meta.currency)} a year"
    boxes, lines, width, height = _place(root, (), max_width)
    return OrgChart(
        "legacy", title, boxes, lines, width, height, plan.meta.currency, point, headcount, cost
    )


def new_chart(
    plan: Plan, point: str | float | None = None, max_width: float = CHART_WIDTH
) -> OrgChart:
    """The org chart of the new model in the two-tower shape (see the module docstring), each
    position with its headcount or FTE, its loaded cost at ``point`` (each position's own point
    when None) and its action, laid out within ``max_width`` px."""
    gtm = _gtm_boxes(plan, point)
    crafts = _custodian_boxes(plan, point)
    marops = _marops_boxes(plan, point)
    headcount, cost = _positions([*gtm, *crafts, *marops])
    cmo = _cmo_box(headcount, cost, plan.meta.currency, "The new model")
    extra = [_cdo_box()] if plan.has_cdo and _has_data_steward(plan) else []
    root = _tree("cmo", [cmo, *gtm, *crafts, *marops], extra)
    # MarOps sits beneath both towers: its own row, with the CDO beside it.
    for child in root.children:
        if child.box.kind in ("marops_seat", "marops_group"):
            child.break_before = bool(gtm or crafts)
    title = f"The new model: {_people(headcount)}, {fmt_money(cost, plan.meta.currency)} a year"
    dotted = [
        (f"seat:{s.name}", "cdo") for s in plan.marops_seats if extra and "data_steward" in s.roles
    ]
    boxes, lines, width, height = _place(root, dotted, max_width)
    return OrgChart(
        "new", title, boxes, lines, width, height, plan.meta.currency, point, headcount, cost
    )


def _has_data_steward(plan: Plan) -> bool:
    return any("data_steward" in s.roles for s in plan.marops_seats)


def org_charts(plan: Plan, point: str | float | None = None) -> dict[str, OrgChart]:
    """Both charts, ``{"legacy": today, "new": the new model}``."""
    return {"legacy": legacy_chart(plan, point), "new": new_chart(plan, point)}
