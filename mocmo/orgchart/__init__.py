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

The parts (every public name is re-exported here): :mod:`~mocmo.orgchart.boxes` (the result
types, geometry constants, text fitting), :mod:`~mocmo.orgchart.content` (what each box of the
org says, and the two charts), :mod:`~mocmo.orgchart.layout` (the tree layout engine — boxes and
sizes only, nothing of the org — and the chart checks), :mod:`~mocmo.orgchart.tables` (tables
for drawing).
"""

from __future__ import annotations

from mocmo.orgchart.boxes import (
    BODY_FONT,
    BOX_WIDTH,
    CHAR_WIDTH,
    CHART_WIDTH,
    GAP_X,
    GAP_Y,
    INDENT,
    MARGIN,
    PAD,
    STATUS_LABELS,
    STATUSES,
    TITLE_FONT,
    BoxKind,
    OrgBox,
    OrgChart,
    OrgLine,
    Status,
    line_height,
    text_width,
    wrap_text,
)
from mocmo.orgchart.content import legacy_chart, new_chart, org_charts
from mocmo.orgchart.layout import boxes_overlap, label_overflows, line_crossings, overlapping_boxes
from mocmo.orgchart.tables import box_table, segment_table, text_table

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
