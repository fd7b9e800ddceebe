"""The org chart, before and after, with a toggle between them.

:class:`OrgChartToggle` shows today's org chart or the new model's, drawn from the session's
current plan; it redraws whenever the plan changes. The toggle and the band point the costs are
shown at are choices of view, not plan values: nothing here is written back to the plan.
"""

from __future__ import annotations

import html

import ipywidgets as w

from mocmo.charts.core import styled
from mocmo.charts.orgchart import org_chart_chart
from mocmo.orgchart import OrgChart, legacy_chart, new_chart
from mocmo.plan import Plan
from mocmo.ui.core import ChartBox, PlanSession, on_change, open_session

__all__ = ["POINT_CHOICES", "VIEW_CHOICES", "OrgChartToggle", "panel"]

VIEW_CHOICES: tuple[tuple[str, str], ...] = (
    ("Before: today", "legacy"),
    ("After: the new model", "new"),
)
"""The toggle's labels and the chart each shows."""

POINT_CHOICES: tuple[tuple[str, str], ...] = (
    ("each position's own point", "own"),
    ("bottom of each band", "low"),
    ("middle of each band", "mid"),
    ("top of each band", "high"),
)
"""Where in their salary bands the boxes' costs are shown."""


class OrgChartToggle(w.VBox):
    """Before / after org charts of one session's plan."""

    def __init__(self, session: PlanSession | None = None, view: str = "legacy") -> None:
        self.session = session or open_session()
        self.view = w.ToggleButtons(options=VIEW_CHOICES, value=view, description="Org chart")
        self.point = w.Dropdown(options=POINT_CHOICES, value="own", description="Costs at")
        self.caption = w.HTML()
        self.chart_box = ChartBox()
        self.layout_data: OrgChart | None = None
        """The layout now shown (for tests and for anyone who wants its boxes)."""
        for choice in (self.view, self.point):
            on_change(choice, lambda _change: self.refresh(), self._say, what="draw this org chart")
        self.session.observe(lambda _plan: self.refresh())
        super().__init__([w.HBox([self.view, self.point]), self.caption, self.chart_box])
        self.refresh()

    def _say(self, message: str) -> None:
        """Show why the chart could not be drawn, in place of its caption."""
        self.caption.value = f'<span class="mocmo-error">{html.escape(message)}</span>'

    def _layout(self, plan: Plan) -> OrgChart:
        point = None if self.point.value == "own" else str(self.point.value)
        maker = legacy_chart if self.view.value == "legacy" else new_chart
        return maker(plan, point)

    def refresh(self) -> None:
        """Redraw the chosen chart from the session's current plan."""
        plan = self.session.plan
        layout = self._layout(plan)
        self.layout_data = layout
        counts = layout.status_counts()
        actions = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
        self.caption.value = (
            f"<b>{html.escape(layout.title)}</b> — positions: {html.escape(actions or 'none')}. "
            "Hover a box for its full title and cost."
        )
        self.chart_box.draw(styled(org_chart_chart(layout), plan.meta.currency))


def panel(session: PlanSession | None = None, view: str = "legacy") -> OrgChartToggle:
    """The before/after org chart for the notebook's plan (``MOCMO_PLAN`` or the current
    plan)."""
    return OrgChartToggle(session, view)
