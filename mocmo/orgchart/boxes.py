"""Org chart: the result types — boxes, lines and charts with their statuses and geometry
constants — and fitting text into a box (estimated widths, wrapping, cutting with "…")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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
