"""The org chart before and after, as layout data: boxes with positions, and the lines between.

Two charts are drawn from a plan:

* **Today** (:func:`legacy_chart`): the CMO and each legacy direct report as one box — its title,
  headcount and fully loaded cost at the chosen band point — marked *changed* when it becomes a
  Craft Custodian (or the MarOps team), *closed* when none of its work stays with a person in
  its function.
* **The new model** (:func:`new_chart`), in the two-tower shape: the CMO; the audience tower
  (Head of GTM → one GTM Marketer per audience, named by audience and owner); the craft tower
  beside it (the Craft Custodians: title, FTE, cost); and MarOps beneath both (Head of Marketing
  Operations → the other seats; a combined seat is one box listing its roles). When the company
  has a CDO the Data Steward's seat has a dotted line to a CDO box. Every position is marked
  with its action: *new*, *changed*, *closed* or *unchanged*.

The layout is automatic, a tidy tree in rows by level: a parent sits over its children; when the
children do not fit side by side in the width they have, they wrap into several rows hung from a
trunk on the left. So seven direct reports fit one row and twenty audiences wrap into a grid.
Each box's text is wrapped (and if need be cut with "…") so that its estimated width —
characters × font size × :data:`CHAR_WIDTH` — fits inside the box.

Nothing here draws (see :mod:`mocmo.charts.orgchart`) and nothing here costs: every amount comes
from :mod:`mocmo.costing`; the new model's positions (titles, FTE, bands, points) from
:func:`mocmo.neworg.positions`, today's custodian FTE from :mod:`mocmo.reshape`. Units: pixels
for geometry, currency per year for costs, people or FTE for headcounts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import pandas as pd

from mocmo import costing, neworg, reshape
from mocmo.format import fmt_money
from mocmo.plan import MAROPS_ROLE_TITLES, Band, LegacyRole, MarOpsSeat, Plan

__all__ = [
    "BODY_FONT",
    "BOX_WIDTH",
    "CHART_WIDTH",
    "CHAR_WIDTH",
    "GAP_X",
    "GAP_Y",
    "INDENT",
    "MARGIN",
    "PAD",
    "STATUSES",
    "STATUS_LABELS",
    "TITLE_FONT",
    "BoxKind",
    "OrgBox",
    "OrgChart",
    "OrgLine",
    "Status",
    "box_table",
    "boxes_overlap",
    "label_overflows",
    "legacy_chart",
    "line_crossings",
    "line_height",
    "new_chart",
    "org_charts",
    "overlapping_boxes",
    "segment_table",
    "text_table",
    "text_width",
    "wrap_text",
]

Status = Literal["new", "changed", "closed", "unchanged"]
"""A position's action in the change: a new position, a changed one, one that closes, or one
that stays as it is."""
STATUSES: tuple[Status, ...] = ("new", "changed", "closed", "unchanged")
STATUS_LABELS: dict[str, str] = {
    "new": "new position",
    "changed": "changed",
    "closed": "closed",
    "unchanged": "unchanged",
}
"""How a status is written in a box."""

BoxKind = Literal[
    "cmo",
    "legacy_role",
    "head_of_gtm",
    "gtm_marketer",
    "custodian_group",
    "custodian",
    "marops_group",
    "marops_seat",
    "cdo",
]

CHART_WIDTH = 1280.0
"""Widest a chart may be, in pixels (a laptop screen; the PNG at scale 1)."""
MARGIN = 8.0
"""Space around the chart, in pixels (also covers the renderer's own padding)."""
BOX_WIDTH = 170.0
"""Width of every box, in pixels: seven of them and their gaps fit in :data:`CHART_WIDTH`."""
GAP_X = 12.0
"""Horizontal space between boxes side by side, in pixels."""
GAP_Y = 40.0
"""Vertical space between a parent and its row of children (room for the lines), in pixels."""
INDENT = 24.0
"""How far wrapped rows of children sit right of their parent's trunk line, in pixels."""
PAD = 6.0
"""Space inside a box around its text, in pixels."""
TITLE_FONT = 11.0
"""Font size of a box's title (bold), in pixels."""
BODY_FONT = 10.0
"""Font size of a box's other lines, in pixels."""
CHAR_WIDTH = 0.6
"""Estimated width of one character as a share of the font size (for the fit check)."""
_WRAP_CHAR_WIDTH = {TITLE_FONT: 0.66, BODY_FONT: 0.6}
"""Width per character used when wrapping: a little more for the bold title, whose glyphs are
wider than the estimate, so that the drawn text fits and not only the estimate."""
LINE_SPACING = 1.3
"""Line height as a multiple of the font size."""
TITLE_LINES = 2
"""A title wraps into at most this many lines (then is cut with "…")."""
DETAIL_LINES = 2
"""Each detail line wraps into at most this many lines (then is cut with "…")."""

_EPS = 1e-9


# --------------------------------------------------------------------------- text


def text_width(text: str, font_size: float) -> float:
    """Estimated width of one line of text: characters × font size × :data:`CHAR_WIDTH` (px)."""
    return len(text) * font_size * CHAR_WIDTH


def line_height(font_size: float) -> float:
    """Height of one line of text of ``font_size``: font size × :data:`LINE_SPACING` (px)."""
    return font_size * LINE_SPACING


def _chars_that_fit(width: float, font_size: float) -> int:
    per_char = font_size * _WRAP_CHAR_WIDTH.get(font_size, CHAR_WIDTH)
    return max(1, int((width - 2 * PAD) // per_char))


def _cut(word: str, limit: int) -> str:
    return word if len(word) <= limit else word[: max(0, limit - 1)] + "…"


def wrap_text(text: str, max_chars: int, max_lines: int) -> tuple[str, ...]:
    """``text`` broken at spaces into lines of at most ``max_chars`` characters, at most
    ``max_lines`` of them; a word longer than a line is cut, and text that does not fit is cut
    with "…" at the end of the last line."""
    words = text.split()
    if not words:
        return ("",)
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= max_chars:
            current = candidate
            continue
        if current:
            lines.append(current)
        if len(lines) == max_lines:
            lines[-1] = _ellipsis(lines[-1], max_chars)
            return tuple(lines)
        current = _cut(word, max_chars)
    lines.append(current)
    return tuple(lines)


def _ellipsis(line: str, max_chars: int) -> str:
    if line.endswith("…"):
        return line
    return (line if len(line) < max_chars else line[: max_chars - 1].rstrip()) + "…"


# --------------------------------------------------------------------------- the result types


@dataclass(frozen=True)
class OrgBox:
    """One box of an org chart: a position (or a group heading, or the CDO), its text, its
    action and where it is drawn."""

    key: str
    """Unique id within the chart, e.g. ``legacy:Content``, ``gtm:Public Sector``."""
    kind: BoxKind
    title: str
    """The position's title as the plan names it (before wrapping)."""
    details: tuple[str, ...]
    """The other lines of the box (before wrapping): people or FTE, cost, audience owner …"""
    status: Status | None
    """The position's action; None for a group heading or a box outside marketing (CDO)."""
    headcount: float | None = None
    """People (or FTE, for custodians) the box stands for."""
    cost: float | None = None
    """Fully loaded annual cost of all of them, from :mod:`mocmo.costing` (currency/year)."""
    roles: tuple[str, ...] = ()
    """For a MarOps seat: the titles of the roles it holds (two or more = a combined seat)."""
    parent: str | None = None
    """Key of the box it reports to (solid line); None for the CMO and the CDO."""
    x: float = 0.0
    """Left edge (px from the chart's left)."""
    y: float = 0.0
    """Top edge (px from the chart's top)."""
    width: float = BOX_WIDTH
    height: float = 0.0
    title_lines: tuple[str, ...] = ()
    """The title as drawn: wrapped to the box (font :data:`TITLE_FONT`, bold)."""
    detail_lines: tuple[str, ...] = ()
    """The details and the status as drawn: wrapped to the box (font :data:`BODY_FONT`)."""

    @property
    def right(self) -> float:
        """Right edge (px)."""
        return self.x + self.width

    @property
    def bottom(self) -> float:
        """Bottom edge (px)."""
        return self.y + self.height

    @property
    def center_x(self) -> float:
        """Horizontal centre (px)."""
        return self.x + self.width / 2


@dataclass(frozen=True)
class OrgLine:
    """A line from a box to the box it reports to: solid for a reporting line, dotted for a
    dotted line. ``points`` is the drawn path, a polyline of (x, y) in px."""

    source: str
    """Key of the box that reports (the child; the Data Steward's seat for the CDO line)."""
    target: str
    """Key of the box reported to (the parent; the CDO)."""
    kind: Literal["solid", "dotted"]
    points: tuple[tuple[float, float], ...]

    def segments(self) -> list[tuple[tuple[float, float], tuple[float, float]]]:
        """The straight pieces of the path, each ((x1, y1), (x2, y2)); zero-length ones left
        out."""
        return [
            (a, b)
            for a, b in zip(self.points, self.points[1:], strict=False)
            if abs(a[0] - b[0]) > _EPS or abs(a[1] - b[1]) > _EPS
        ]


@dataclass(frozen=True)
class OrgChart:
    """A laid-out org chart: its boxes and lines, and the size of the drawing (px)."""

    name: Literal["legacy", "new"]
    title: str
    """One line for a heading, e.g. ``Today: 30 people, £2.3M a year``."""
    boxes: tuple[OrgBox, ...]
    lines: tuple[OrgLine, ...]
    width: float
    height: float
    currency: str = "GBP"
    point: str | float | None = None
    """The band point costs are at; None means each position's own point in the plan."""
    headcount: float = 0.0
    """People (or FTE) the positions stand for; group headings and the CMO not counted."""
    cost: float = 0.0
    """Their fully loaded annual cost (currency/year): the sum of the positions' costs."""

    def box(self, key: str) -> OrgBox:
        """The box with this key; KeyError if there is none."""
        for b in self.boxes:
            if b.key == key:
                return b
        raise KeyError(key)

    def of_kind(self, kind: str) -> tuple[OrgBox, ...]:
        """The boxes of one kind, in drawing order."""
        return tuple(b for b in self.boxes if b.kind == kind)

    def status_counts(self) -> dict[str, int]:
        """Number of boxes per status (new / changed / closed / unchanged)."""
        counts: dict[str, int] = dict.fromkeys(STATUSES, 0)
        for b in self.boxes:
            if b.status is not None:
                counts[b.status] += 1
        return counts


# --------------------------------------------------------------------------- box content


def _cost_at(plan: Plan, band: Band, own: str | float, point: str | float | None) -> float:
    """Loaded cost of one person at ``point`` (or the position's own point) in ``band``."""
    return costing.loaded_cost_at(plan, band, own if point is None else point)


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
        cost = role.headcount * _cost_at(plan, role.band, role.point, point)
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
    for p in marketers:
        cost = p.fte * _cost_at(plan, p.band, p.point, point)
        boxes.append(
            _content(
                f"gtm:{p.audience}",
                "gtm_marketer",
                str(p.audience),
                [p.owner or "owner not named yet", f"{p.title} · {fmt_money(cost, cur)}"],
                "new",
                headcount=p.fte,
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
        cost = p.fte * _cost_at(plan, p.band, p.point, point)
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


def _marops_boxes(plan: Plan, point: str | float | None) -> list[OrgBox]:
    if not plan.marops_seats:
        return []
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
        cost = position.fte * _cost_at(plan, position.band, position.point, point)
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
    return boxes


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


# --------------------------------------------------------------------------- layout


@dataclass
class _Node:
    """A box and the boxes beneath it, before layout."""

    box: OrgBox
    children: list[_Node] = field(default_factory=list)
    attached: bool = True
    """False for a box placed in its parent's rows without a line from the parent (the CDO)."""
    break_before: bool = False
    """Start a new row of the parent's children at this node."""


@dataclass
class _Block:
    """A laid-out subtree: boxes and line paths relative to the block's top-left corner."""

    width: float
    height: float
    boxes: dict[str, tuple[float, float]]
    lines: list[tuple[str, str, list[tuple[float, float]]]]
    root: str


def _shift(block: _Block, dx: float, dy: float) -> _Block:
    return _Block(
        width=block.width,
        height=block.height,
        boxes={k: (x + dx, y + dy) for k, (x, y) in block.boxes.items()},
        lines=[(s, t, [(x + dx, y + dy) for x, y in pts]) for s, t, pts in block.lines],
        root=block.root,
    )


def _row_width(blocks: Sequence[_Block]) -> float:
    return sum(b.width for b in blocks) + GAP_X * max(0, len(blocks) - 1)


def _fit_row(nodes: Sequence[_Node], width: float) -> list[_Block] | None:
    """The subtrees laid out side by side within ``width``: at their natural width if that
    fits; else each starts at its narrowest and the tallest is widened, a column at a time,
    while the row still fits and that makes it shorter (so the row ends as short as it can);
    None if even their narrowest layouts do not fit."""
    natural = [_layout(n, math.inf) for n in nodes]
    if _row_width(natural) <= width + _EPS:
        return natural
    blocks = [_layout(n, 0.0) for n in nodes]
    if _row_width(blocks) > width + _EPS:
        return None
    while True:
        tallest = max(range(len(blocks)), key=lambda i: blocks[i].height)
        wider = _shorter_layout(nodes[tallest], blocks, tallest, width)
        if wider is None:
            return blocks
        blocks[tallest] = wider


def _shorter_layout(
    node: _Node, blocks: Sequence[_Block], index: int, width: float
) -> _Block | None:
    """The narrowest wider layout of ``blocks[index]`` that is shorter and keeps the row within
    ``width``; None if there is none."""
    current = blocks[index]
    spare = width - _row_width(blocks)
    step = BOX_WIDTH + GAP_X
    extra = step
    while extra <= spare + step:
        candidate = _layout(node, current.width + extra)
        if candidate.width - current.width > spare + _EPS:
            return None
        if candidate.height < current.height - _EPS:
            return candidate
        extra += step
    return None


def _rows(nodes: Sequence[_Node], width: float) -> list[tuple[list[_Node], list[_Block]]]:
    """Children packed greedily into rows that fit ``width`` (a row always takes at least one
    child), honouring forced breaks."""
    rows: list[tuple[list[_Node], list[_Block]]] = []
    current: list[_Node] = []
    blocks: list[_Block] = []
    for node in nodes:
        if current and not node.break_before:
            fitted = _fit_row([*current, node], width)
            if fitted is not None:
                current, blocks = [*current, node], fitted
                continue
        if current:
            rows.append((current, blocks))
        current = [node]
        blocks = _fit_row(current, width) or [_layout(node, 0.0)]
    if current:
        rows.append((current, blocks))
    return rows


def _layout(node: _Node, max_width: float) -> _Block:
    """Lay out ``node`` and its subtree within ``max_width`` (px): children side by side under
    the parent if they fit, else in rows hung from a trunk on the left."""
    box = node.box
    if not node.children:
        return _Block(box.width, box.height, {box.key: (0.0, 0.0)}, [], box.key)
    forced = any(c.break_before for c in node.children)
    single = None if forced else _fit_row(node.children, max_width)
    row_top = box.height + GAP_Y
    bus_y = box.height + GAP_Y / 2
    if single is not None:
        row = _row_width(single)
        width = max(row, box.width)
        px = (width - box.width) / 2
        parent_mid = px + box.width / 2
        boxes = {box.key: (px, 0.0)}
        lines: list[tuple[str, str, list[tuple[float, float]]]] = []
        x = (width - row) / 2
        height = box.height
        for child, blk in zip(node.children, single, strict=True):
            placed = _shift(blk, x, row_top)
            boxes |= placed.boxes
            lines += placed.lines
            if child.attached:
                cx = placed.boxes[blk.root][0] + child.box.width / 2
                path = [(parent_mid, box.height), (parent_mid, bus_y), (cx, bus_y), (cx, row_top)]
                lines.append((blk.root, box.key, path))
            x += blk.width + GAP_X
            height = max(height, row_top + blk.height)
        return _Block(width, height, boxes, lines, box.key)
    # Wrapped: the parent at the top, its children in rows indented from a trunk on the left.
    rows = _rows(node.children, max(0.0, max_width - INDENT))
    inner = max(_row_width(blocks) for _, blocks in rows)
    width = max(INDENT + inner, box.width)
    px = (width - box.width) / 2
    parent_mid = px + box.width / 2
    trunk_x = INDENT / 2
    boxes = {box.key: (px, 0.0)}
    lines = []
    y = row_top
    for r, (members, blocks) in enumerate(rows):
        row_bus = y - GAP_Y / 2
        x = INDENT
        for child, blk in zip(members, blocks, strict=True):
            placed = _shift(blk, x, y)
            boxes |= placed.boxes
            lines += placed.lines
            if child.attached:
                cx = placed.boxes[blk.root][0] + child.box.width / 2
                path = [(parent_mid, box.height), (parent_mid, bus_y), (trunk_x, bus_y)]
                path += [(trunk_x, row_bus), (cx, row_bus), (cx, y)]
                lines.append((blk.root, box.key, path))
            x += blk.width + GAP_X
        y += max(b.height for b in blocks) + (GAP_Y if r < len(rows) - 1 else 0.0)
    return _Block(width, y, boxes, lines, box.key)


def _dotted_path(ds: OrgBox, cdo: OrgBox) -> tuple[tuple[float, float], ...]:
    """The dotted line from the Data Steward's seat to the CDO: out of the seat's right side,
    along to the gap before the CDO box, then across to the CDO's left side."""
    y_from = ds.y + ds.height / 2
    y_to = cdo.y + cdo.height / 2
    x_gap = cdo.x - GAP_X / 2
    return ((ds.right, y_from), (x_gap, y_from), (x_gap, y_to), (cdo.x, y_to))


def _place(
    root: _Node, dotted_from: Sequence[str], max_width: float
) -> tuple[tuple[OrgBox, ...], tuple[OrgLine, ...], float, float]:
    """Lay the tree out within ``max_width`` (centred, with a margin) and add the dotted lines
    from the boxes ``dotted_from`` to the CDO box."""
    block = _layout(root, max_width - 2 * MARGIN)
    placed = _shift(block, MARGIN, MARGIN)
    contents: dict[str, OrgBox] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        contents[node.box.key] = node.box
        stack.extend(node.children)
    boxes = tuple(
        replace(contents[key], x=x, y=y)
        for key, (x, y) in sorted(placed.boxes.items(), key=lambda kv: (kv[1][1], kv[1][0]))
    )
    lines = [OrgLine(s, t, "solid", tuple(pts)) for s, t, pts in placed.lines]
    by_key = {b.key: b for b in boxes}
    if "cdo" in by_key:
        cdo = by_key["cdo"]
        for key in dotted_from:
            lines.append(OrgLine(key, "cdo", "dotted", _dotted_path(by_key[key], cdo)))
    width = block.width + 2 * MARGIN
    height = block.height + 2 * MARGIN
    return boxes, tuple(lines), width, height


def _tree(boxes: Sequence[OrgBox], extra: Sequence[OrgBox] = ()) -> _Node:
    """The boxes as a tree under the CMO (by their ``parent``), with ``extra`` boxes placed
    among the CMO's children without a line; sibling boxes without children of their own are
    made the same height, so that a row of them lines up."""
    nodes = {b.key: _Node(b) for b in boxes}
    root = nodes["cmo"]
    for b in boxes:
        if b.parent is not None:
            nodes[b.parent].children.append(nodes[b.key])
    root.children.extend(_Node(b, attached=False) for b in extra)
    for node in nodes.values():
        leaves = [c for c in node.children if not c.children]
        tallest = max((c.box.height for c in leaves), default=0.0)
        for c in leaves:
            c.box = replace(c.box, height=tallest)
    return root


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
    root = _tree([cmo, *roles])
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
    root = _tree([cmo, *gtm, *crafts, *marops], extra)
    # MarOps sits beneath both towers: its own row, with the CDO beside it.
    for child in root.children:
        if child.box.kind in ("marops_seat", "marops_group"):
            child.break_before = bool(gtm or crafts)
    title = f"The new model: {_people(headcount)}, {fmt_money(cost, plan.meta.currency)} a year"
    dotted = [f"seat:{s.name}" for s in plan.marops_seats if "data_steward" in s.roles]
    boxes, lines, width, height = _place(root, dotted if extra else (), max_width)
    return OrgChart(
        "new", title, boxes, lines, width, height, plan.meta.currency, point, headcount, cost
    )


def _has_data_steward(plan: Plan) -> bool:
    return any("data_steward" in s.roles for s in plan.marops_seats)


def org_charts(plan: Plan, point: str | float | None = None) -> dict[str, OrgChart]:
    """Both charts, ``{"legacy": today, "new": the new model}``."""
    return {"legacy": legacy_chart(plan, point), "new": new_chart(plan, point)}


# --------------------------------------------------------------------------- checks


def boxes_overlap(a: OrgBox, b: OrgBox) -> bool:
    """True when two boxes share any area (touching edges do not count)."""
    return (
        a.x < b.right - _EPS
        and b.x < a.right - _EPS
        and a.y < b.bottom - _EPS
        and (b.y < a.bottom - _EPS)
    )


def overlapping_boxes(chart: OrgChart) -> list[tuple[str, str]]:
    """Every pair of boxes that overlap (keys); empty for a readable chart."""
    found = []
    for i, a in enumerate(chart.boxes):
        for b in chart.boxes[i + 1 :]:
            if boxes_overlap(a, b):
                found.append((a.key, b.key))
    return found


def label_overflows(chart: OrgChart) -> list[str]:
    """Boxes whose text does not fit: a line wider than the box less its padding (estimated
    width, :func:`text_width`), or more lines than its height holds. Empty for a readable
    chart."""
    bad = []
    for b in chart.boxes:
        inner = b.width - 2 * PAD
        wide = any(text_width(t, TITLE_FONT) > inner + _EPS for t in b.title_lines) or any(
            text_width(t, BODY_FONT) > inner + _EPS for t in b.detail_lines
        )
        tall = (
            2 * PAD
            + len(b.title_lines) * line_height(TITLE_FONT)
            + len(b.detail_lines) * line_height(BODY_FONT)
        ) > b.height + _EPS
        outside = b.x < -_EPS or b.right > chart.width + _EPS or b.bottom > chart.height + _EPS
        if wide or tall or outside:
            bad.append(b.key)
    return bad


def _segment_hits_box(a: tuple[float, float], b: tuple[float, float], box: OrgBox) -> bool:
    """True when an axis-parallel segment passes through a box's inside."""
    (x1, y1), (x2, y2) = a, b
    lo_x, hi_x = min(x1, x2), max(x1, x2)
    lo_y, hi_y = min(y1, y2), max(y1, y2)
    return (
        lo_x < box.right - _EPS
        and hi_x > box.x + _EPS
        and lo_y < box.bottom - _EPS
        and hi_y > box.y + _EPS
    )


def line_crossings(chart: OrgChart) -> list[tuple[str, str]]:
    """Lines that pass through a box other than the two they join: (line source key, box key).
    Empty for a readable chart."""
    found = []
    for line in chart.lines:
        for seg in line.segments():
            for box in chart.boxes:
                if box.key in (line.source, line.target):
                    continue
                if _segment_hits_box(seg[0], seg[1], box):
                    found.append((line.source, box.key))
    return found


# --------------------------------------------------------------------------- tables for drawing


def box_table(chart: OrgChart) -> pd.DataFrame:
    """One row per box: key, kind, status ('' for none), title, x, y, x2, y2 (px), headcount,
    cost (currency/year) and the drawn text (title and detail lines joined by newlines)."""
    rows = [
        {
            "key": b.key,
            "kind": b.kind,
            "status": b.status or "",
            "title": b.title,
            "x": b.x,
            "y": b.y,
            "x2": b.right,
            "y2": b.bottom,
            "headcount": b.headcount,
            "cost": b.cost,
            "title_text": "\n".join(b.title_lines),
            "detail_text": "\n".join(b.detail_lines),
        }
        for b in chart.boxes
    ]
    columns = [
        "key", "kind", "status", "title", "x", "y", "x2", "y2", "headcount", "cost",
        "title_text", "detail_text",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def segment_table(chart: OrgChart) -> pd.DataFrame:
    """One row per straight piece of every line: source, target, kind (solid/dotted), x, y,
    x2, y2 (px)."""
    rows = [
        {
            "source": line.source,
            "target": line.target,
            "kind": line.kind,
            "x": a[0],
            "y": a[1],
            "x2": b[0],
            "y2": b[1],
        }
        for line in chart.lines
        for a, b in line.segments()
    ]
    return pd.DataFrame(rows, columns=["source", "target", "kind", "x", "y", "x2", "y2"])


def text_table(chart: OrgChart) -> pd.DataFrame:
    """One row per line of text drawn in the boxes: key (the box), text, x and y of its top-left
    corner (px), font_size (px), bold (the title lines), status (the box's, '' for none) and
    is_status (the line that names the status)."""
    rows: list[dict[str, object]] = []
    for b in chart.boxes:
        y = b.y + PAD
        for t in b.title_lines:
            rows.append(_text_row(b, t, y, TITLE_FONT, bold=True, is_status=False))
            y += line_height(TITLE_FONT)
        for i, t in enumerate(b.detail_lines):
            last = b.status is not None and i == len(b.detail_lines) - 1
            rows.append(_text_row(b, t, y, BODY_FONT, bold=False, is_status=last))
            y += line_height(BODY_FONT)
    columns = ["key", "text", "x", "y", "font_size", "bold", "status", "is_status"]
    return pd.DataFrame(rows, columns=columns)


def _text_row(
    box: OrgBox, text: str, y: float, size: float, *, bold: bool, is_status: bool
) -> dict[str, object]:
    return {
        "key": box.key,
        "text": text,
        "x": box.x + PAD,
        "y": y,
        "font_size": size,
        "bold": bold,
        "status": box.status or "",
        "is_status": is_status,
    }
