"""The whole cost of the new org in the app: each group staffed to its hours, and the total cost
of the operating model (payroll + AI running cost + non-payroll) from legacy to new.

Two sections, mounted in the Reshape and Costing steps:

* :class:`StaffingSection` — "Staffed to the work": per group (GTM Marketers, MarOps) the hours
  it carries, one person's productive hours, the raw FTE, the rounding step, the FTE, whether
  the plan fixes the headcount, the unstaffed hours and their cost, with the rounding rule next
  to the figure and a red flag in plain words when a fixed headcount leaves hours unstaffed.
  Inputs: each group's rounding step and fixed headcount (empty = staffed to the work) and
  MarOps's own hours.
* :class:`WholeCostSection` — the registry's whole-cost figures with their labels, the cost
  bridge (chart, table and sentence) and its inputs: the AI seat price, the share of people
  holding a seat, the usage price per absorbed hour, the pay review (rate, first month) and the
  budget lines before and after.

Every input is a typed box of :mod:`mocmo.ui.fields` bound to its plan field: a bad value is
refused with the message next to the box and never saved. The sections hold no figure of their
own: after every edit they redraw from ``session.plan`` through :mod:`mocmo.staffing`,
:mod:`mocmo.costing.whole` and the figure registry, worded by :mod:`mocmo.present.wholecost`.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from mocmo.plan import Plan
from mocmo.present import wholecost as words
from mocmo.ui.core import ChartBox, PlanSession, ProblemList, html_table, open_session, section
from mocmo.ui.fields import (
    Editor,
    PlanField,
    fte_field,
    hours_field,
    money_field,
    months_field,
    percent_field,
)

__all__ = ["StaffingSection", "WholeCostSection", "panel"]

_BOX = {"width": "31em", "label_width": "19em"}
"""Typed boxes: labels of up to ~34 characters (7 px each at the app's font) are not cut."""
_STAFFING_NUMERIC = (
    "Hours it carries",
    "One person's hours",
    "Raw FTE",
    "Rounding step",
    "FTE",
    "Unstaffed hours",
    "Their cost",
)


def _budget_label(line: str) -> str:
    """What a budget line is called ("Agencies and freelancers"), as the Agents step says it."""
    from mocmo.governance import BUDGET_LINE_LABELS

    return BUDGET_LINE_LABELS.get(line, line)


def _flag_html(sentences: list[str]) -> str:
    if not sentences:
        return ""
    items = "".join(
        f"<li class='mocmo-error'><b>Red flag</b> — {html.escape(s.rstrip('.'))}.</li>"
        for s in sentences
    )
    return f"<ul class='mocmo-problems'>{items}</ul>"


class StaffingSection(w.VBox):
    """ "Staffed to the work": the table of FTE per group against the hours that drive them,
    the rounding rule, the unstaffed-work flag and (with ``inputs``) the staffing inputs."""

    def __init__(
        self,
        session: PlanSession,
        *,
        edit: Editor | None = None,
        problems: ProblemList | None = None,
        inputs: bool = True,
        chart: bool = True,
    ) -> None:
        self.session = session
        box: dict[str, Any] = {**_BOX, "edit": edit, "crash": problems}
        at = "assumptions.staffing"
        self.fields: dict[str, PlanField] = {}
        if inputs:
            for group, who in (("gtm", "GTM Marketers"), ("marops", "MarOps")):
                self.fields[f"{group}_step"] = fte_field(
                    session, f"{at}.{group}.step", f"{who}: round up to (FTE)", **box
                )
                self.fields[f"{group}_fixed"] = fte_field(
                    session,
                    f"{at}.{group}.fixed_fte",
                    f"{who}: fix headcount (FTE)",
                    optional=True,
                    placeholder="staffed to the work",
                    **box,
                )
            self.fields["marops_own_hours"] = hours_field(
                session, f"{at}.marops_own_hours_per_week", "MarOps's own work (h/wk)", **box
            )
        self.table = w.HTML()
        self.flags = w.HTML()
        self.chart_box = ChartBox() if chart else None
        self.chart: Any = None
        parts: list[w.Widget] = [
            section("Staffed to the work"),
            w.HTML(
                "Each group's FTE follows the hours it carries: hours ÷ one person's productive "
                "hours, rounded up to the group's step. A group whose headcount you fix keeps "
                "it; the hours beyond its capacity are <b>unstaffed</b> and flagged."
            ),
            self.table,
            self.flags,
        ]
        if self.fields:
            f = self.fields
            parts.append(
                w.HBox(
                    [
                        w.VBox([f["gtm_step"], f["gtm_fixed"]]),
                        w.VBox([f["marops_step"], f["marops_fixed"], f["marops_own_hours"]]),
                    ]
                )
            )
        if self.chart_box is not None:
            parts.append(self.chart_box)
        super().__init__(parts)
        session.observe(self.refresh)
        self.refresh(session.plan)

    def refresh(self, plan: Plan | None = None) -> None:
        """Redraw the table, the flag and the chart from the plan."""
        from mocmo import staffing

        plan = plan if plan is not None else self.session.plan
        groups = staffing.group_staffing(plan)
        cur = plan.meta.currency
        self.table.value = html_table(words.staffing_rows(groups, cur), _STAFFING_NUMERIC)
        self.flags.value = _flag_html(words.unstaffed_sentences(plan))
        if self.chart_box is not None:
            from mocmo.charts.wholecost import staffing_chart

            self.chart = staffing_chart(groups)
            self.chart_box.draw(self.chart)


class _BudgetRow(w.HBox):
    """One budget line of the plan: before, after and the month the after amount starts."""

    def __init__(self, session: PlanSession, index: int, line: str, box: dict[str, Any]) -> None:
        self.line = line
        at = f"budget_shift[{index}]"
        form = {**box, "width": "15em", "label_width": "4em"}
        self.before = money_field(session, f"{at}.before", "Before", **form)
        self.after = money_field(session, f"{at}.after", "After", **form)
        self.change_month = months_field(
            session,
            f"{at}.change_month",
            "From month",
            optional=True,
            placeholder="when the roles change",
            **{**form, "width": "19em", "label_width": "6em"},
        )
        label = w.HTML(f"<b>{html.escape(_budget_label(line))}</b>", layout=w.Layout(width="16em"))
        super().__init__([label, self.before, self.after, self.change_month])

    def close(self) -> None:
        for field in (self.before, self.after, self.change_month):
            field.close()
        super().close()


class WholeCostSection(w.VBox):
    """The whole cost of the operating model: the registry's figures, the cost bridge and the
    AI, pay-review and budget inputs."""

    def __init__(
        self,
        session: PlanSession,
        *,
        edit: Editor | None = None,
        problems: ProblemList | None = None,
    ) -> None:
        self.session = session
        self._box: dict[str, Any] = {**_BOX, "edit": edit, "crash": problems}
        ai, pay = "assumptions.ai_costs", "assumptions.pay_review"
        box = self._box
        self.fields: dict[str, PlanField] = {
            "licence": money_field(
                session, f"{ai}.licence_per_user_month", "AI seat, per person a month", **box
            ),
            "licensed_share": percent_field(
                session, f"{ai}.licensed_share", "People holding an AI seat", **box
            ),
            "usage": money_field(
                session, f"{ai}.usage_per_absorbed_hour", "AI usage per absorbed hour", **box
            ),
            "pay_rate": percent_field(session, f"{pay}.rate", "Annual pay review", **box),
            "pay_month": months_field(
                session,
                f"{pay}.first_month",
                "First review in month",
                optional=True,
                placeholder="empty = no review",
                **box,
            ),
        }
        self.budget_rows: list[_BudgetRow] = []
        self._budget_lines: tuple[str, ...] | None = None
        self.budget_box = w.VBox()
        self.figures = w.HTML()
        self.sentence = w.HTML()
        self.bridge_table = w.HTML()
        self.ai_table = w.HTML()
        self.bridge_box = ChartBox()
        self.chart: Any = None
        f = self.fields
        super().__init__(
            [
                section("The whole cost: payroll + AI running cost + non-payroll"),
                self.figures,
                self.sentence,
                self.bridge_box,
                self.bridge_table,
                section("AI running cost and the pay review"),
                self.ai_table,
                w.HBox(
                    [
                        w.VBox([f["licence"], f["licensed_share"], f["usage"]]),
                        w.VBox([f["pay_rate"], f["pay_month"]]),
                    ]
                ),
                section("Budget lines (non-payroll), per year"),
                self.budget_box,
            ]
        )
        session.observe(self.refresh)
        self.refresh(session.plan)

    def _sync_budget(self, plan: Plan) -> None:
        lines = tuple(b.line for b in plan.budget_shift)
        if lines == self._budget_lines:
            return
        for row in self.budget_rows:
            row.close()
        self.budget_rows = [
            _BudgetRow(self.session, i, line, self._box) for i, line in enumerate(lines)
        ]
        self.budget_box.children = tuple(self.budget_rows) or (
            w.HTML("<i>No budget lines yet: add them in the Agents step's budget shift.</i>"),
        )
        self._budget_lines = lines

    def refresh(self, plan: Plan | None = None) -> None:
        """Redraw the figures, the bridge and the budget rows from the plan."""
        from mocmo.charts.wholecost import cost_bridge_chart
        from mocmo.costing import whole

        plan = plan if plan is not None else self.session.plan
        cur = plan.meta.currency
        self._sync_budget(plan)
        values = words.figure_values(plan)
        self.figures.value = html_table(words.figure_rows(values, cur), ("Value",))
        bridge = whole.cost_bridge(plan)
        change = values.get("total_net_change")
        share = values.get("total_net_change_pct")
        self.sentence.value = (
            f"<div>{html.escape(words.bridge_sentence(bridge, change, share, cur))}</div>"
        )
        self.bridge_table.value = html_table(
            words.bridge_rows(bridge, cur), ("Amount", "Running total")
        )
        self.ai_table.value = html_table(
            words.ai_cost_rows(whole.ai_cost_table(plan), cur), ("How many", "Price each", "A year")
        )
        self.chart = cost_bridge_chart(bridge, cur, change, share)
        self.bridge_box.draw(self.chart)


def panel(session: PlanSession | None = None) -> w.VBox:
    """Both sections on the notebook's plan (``MOCMO_PLAN`` or the current plan)."""
    session = session if session is not None else open_session()
    return w.VBox([StaffingSection(session), WholeCostSection(session)])
