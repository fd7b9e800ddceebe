"""Org chart: the tree layout engine — a tidy tree in rows by level, children wrapping into rows
hung from a trunk when they do not fit — and the checks of a laid-out chart (overlaps,
overflowing labels, lines crossing boxes). It knows boxes and sizes, nothing of the org."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from mocmo.orgchart.boxes import (
    _EPS,
    BODY_FONT,
    BOX_WIDTH,
    GAP_X,
    GAP_Y,
    INDENT,
    MARGIN,
    PAD,
    TITLE_FONT,
    OrgBox,
    OrgChart,
    OrgLine,
    line_height,
    text_width,
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


def _dotted_path(source: OrgBox, target: OrgBox) -> tuple[tuple[float, float], ...]:
    """A dotted line (the Data Steward's seat to the CDO): out of the source's right side,
    along to the gap before the target box, then across to the target's left side."""
    y_from = source.y + source.height / 2
    y_to = target.y + target.height / 2
    x_gap = target.x - GAP_X / 2
    return ((source.right, y_from), (x_gap, y_from), (x_gap, y_to), (target.x, y_to))


def _place(
    root: _Node, dotted: Sequence[tuple[str, str]], max_width: float
) -> tuple[tuple[OrgBox, ...], tuple[OrgLine, ...], float, float]:
    """Lay the tree out within ``max_width`` (centred, with a margin) and add a dotted line
    from box to box for each (source key, target key) of ``dotted``."""
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
    for source, target in dotted:
        path = _dotted_path(by_key[source], by_key[target])
        lines.append(OrgLine(source, target, "dotted", path))
    width = block.width + 2 * MARGIN
    height = block.height + 2 * MARGIN
    return boxes, tuple(lines), width, height


def _tree(root_key: str, boxes: Sequence[OrgBox], extra: Sequence[OrgBox] = ()) -> _Node:
    """The boxes as a tree under the box ``root_key`` (by their ``parent``), with ``extra``
    boxes placed among the root's children without a line; sibling boxes without children of
    their own are made the same height, so that a row of them lines up."""
    nodes = {b.key: _Node(b) for b in boxes}
    root = nodes[root_key]
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
