"""Step 6 · Migration: the page where a CMO lays out the 6–12 month path from today's
team to the new one, and sees what it costs month by month.

:class:`MigrationPanel` lets the user move a phase and change its length (or move every phase
after what it depends on in one click), add, move or remove a hire, set the months shown, and
edit the workflow inventory — each workflow's platforms, roles, decisions and its one owner
(chosen from the MarOps seats or typed). Two sections edit the transition itself:

* :class:`PeopleFlowsSection` — who moves from which team to which new position, who leaves,
  and when: the plan default (derived from the new org, :mod:`mocmo.transition.flows`) until
  "Edit moves and leavers" copies it into ``plan.moves`` / ``plan.leavers``; then each row's
  team, position, people and month can be changed, rows added and removed, and "Back to plan
  default" empties both again;
* :class:`TransitionInputsSection` — the one-off cost inputs of ``assumptions.transition`` and
  each team's average service and age: an empty box is the default of
  data/defaults/transition.yaml, shown beside it as "in use: 4 weeks — plan default" with its
  source on hover; a typed value, 0 included, is used as given.

Every edit makes a new plan through :meth:`mocmo.ui.core.PlanSession.apply`; the panel then
redraws the figures, tables (the people flows among them), checks and the four charts (Gantt,
people flows, headcount, monthly cost over the cumulative cash curve) from ``session.plan``.
All figures come from :mod:`mocmo.migration` and :mod:`mocmo.transition`.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from mocmo import migration as mig
from mocmo.charts.migration import flow_chart, migration_charts
from mocmo.format import fmt_money
from mocmo.plan import Plan, Problem, plan_warnings
from mocmo.ui import core as ui
from mocmo.ui.fields import (
    Choices,
    bind,
    count_field,
    months_field,
    text_field,
)
from mocmo.ui.transition import PeopleFlowsSection, TransitionInputsSection, _flows_html

__all__ = [
    "NO_PHASE",
    "MigrationPanel",
    "PeopleFlowsSection",
    "TransitionInputsSection",
    "migration_problems",
    "panel",
]

NO_PHASE = ""
"""Value of the 'needed by' choice meaning no particular phase."""

_WHY = (
    "A change like this is a <b>6–12 month transition, not one restructure</b>. Map your "
    "workflows, not your platforms, and give each of the 5–7 that matter most <b>one owner</b>. "
    "Add the missing roles — a Prompt &amp; Knowledge Designer, a Data Steward — before any more "
    "coordinators. Pilot one audience with one GTM Marketer, then launch the rest in waves; "
    "custodians move their standards to the start of the work; agree who may let an agent act; "
    "then retire the old hand-offs and measure. Move the phases and hires below, say who moves "
    "where and who leaves, set what leaving and retraining cost, and see the headcount, the "
    "monthly cost, the one-off costs and the month the change pays for itself."
)
_NEXT = (
    "Go to <a href='05_export.ipynb'><b>Step 9 · Export</b></a>: the finance workbook with every "
    "figure traced to its inputs, month by month."
)
_LABEL = {"description_width": "11em"}
_FIELD = w.Layout(width="34em")


def migration_problems(plan: Plan) -> list[Problem]:
    """The problems this page shows: the migration checks, and the plan's warning about the
    migration's total length (which :func:`mocmo.plan.plan_warnings` raises once)."""
    length = [p for p in plan_warnings(plan) if p.path == "phases"]
    return [*mig.checks(plan), *length]


def _split(text: str, sep: str) -> list[str]:
    return [part.strip() for part in text.split(sep) if part.strip()]


_Follower = tuple[Any, str, Callable[[Any], Any], Callable[[Any], Any]]
"""A box that follows a field of the picked hire or workflow: (widget, field, to the plan, from
the plan)."""


class MigrationPanel(ui.StepLayout):
    """The Migration timeline step: phases, hires, the months shown, the workflow inventory,
    figures, tables, checks and charts of one session."""

    def __init__(self, session: ui.PlanSession | None = None) -> None:
        self.session = session if session is not None else ui.open_session()
        plan = self.session.plan
        self.edit_problems = ui.ProblemList(ok_text="")
        self.edit_problems.layout.display = "none"
        box = {"edit": self._quiet_edit, "crash": self.edit_problems, "width": "22em"}

        # phases --------------------------------------------------------------------------
        self.phase = Choices(description="Phase", style=_LABEL, layout=_FIELD)
        self.phase_start = months_field(
            self.session, lambda: self._at("phases", self.phase, "start_month"),
            "Starts in month", **box,
        )  # fmt: skip
        self.phase_months = months_field(
            self.session, lambda: self._at("phases", self.phase, "months"),
            "Lasts (months)", **box,
        )  # fmt: skip
        self.phase_info = w.HTML()
        self.fix_button = w.Button(
            description="Move every phase after what it depends on",
            icon="magic",
            layout=w.Layout(width="26em"),
        )
        self.horizon = months_field(self.session, "horizon_months", "Months shown", **box)

        # hires ---------------------------------------------------------------------------
        self.hire = Choices(description="Hire", style=_LABEL, layout=_FIELD)
        self.hire_position = Choices(description="Position", style=_LABEL, layout=_FIELD)
        self.hire_month = months_field(
            self.session, lambda: self._at("hires", self.hire, "month"), "Starts in month",
            **{**box, "edit": self._move_hire},
        )  # fmt: skip
        self.hire_lead = months_field(
            self.session, lambda: self._at("hires", self.hire, "lead_time_months"),
            "Lead time (months)", **box,
        )  # fmt: skip
        self.hire_count = count_field(
            self.session, lambda: self._at("hires", self.hire, "count"), "People", **box
        )
        self.hire_phase = Choices(description="Needed by phase", style=_LABEL, layout=_FIELD)
        self.hire_info = w.HTML()
        self.add_hire_button = w.Button(description="Add a hire", icon="plus")
        self.remove_hire_button = w.Button(description="Remove this hire", icon="trash")

        # people flows and the transition's cost inputs -------------------------------------
        self.people_flows = PeopleFlowsSection(self.session, self, box, self._loud_edit)
        self.transition = TransitionInputsSection(
            self.session, box, self._loud_edit, self.edit_problems
        )

        # workflows -----------------------------------------------------------------------
        self.workflow = Choices(description="Workflow", style=_LABEL, layout=_FIELD)
        self.wf_name = text_field(
            self.session, lambda: self._at("workflows", self.workflow, "name"), "Name",
            **{**box, "width": "34em"},
        )  # fmt: skip
        self.wf_platforms = w.Text(
            description="Platforms", placeholder="Salesforce, HubSpot", continuous_update=False,
            style=_LABEL, layout=_FIELD,
        )  # fmt: skip
        self.wf_roles = w.Text(
            description="Roles touching it", placeholder="Demand Generation, Sales operations",
            continuous_update=False, style=_LABEL, layout=_FIELD,
        )  # fmt: skip
        self.wf_decisions = w.Text(
            description="Decisions made", placeholder="Which leads go to sales; Score thresholds",
            continuous_update=False, style=_LABEL, layout=_FIELD,
        )  # fmt: skip
        self.wf_owner = w.Combobox(
            description="Owner",
            placeholder="Pick a MarOps seat or type a name",
            ensure_option=False,
            continuous_update=False,
            style=_LABEL,
            layout=_FIELD,
        )
        self.wf_top = w.Checkbox(description="One of the 5–7 most important", indent=False)
        self.wf_buyer = w.Checkbox(description="Makes buyer-facing decisions", indent=False)
        self.add_wf_button = w.Button(description="Add a workflow", icon="plus")
        self.remove_wf_button = w.Button(
            description="Remove this workflow", icon="trash", layout=w.Layout(width="auto")
        )

        # results and charts --------------------------------------------------------------
        self.figures = w.HTML()
        self.sentence = w.HTML()
        self.schedule_table = w.HTML()
        self.hire_table = w.HTML()
        self.flows_table = w.HTML()
        self.workflow_table = w.HTML()
        self.checks = ui.ProblemList(ok_text="The timeline passes every check.")
        self.gantt_box = ui.ChartBox()
        self.flow_box = ui.ChartBox()
        self.headcount_box = ui.ChartBox()
        self.cost_box = ui.ChartBox()

        self._wire()
        super().__init__(
            title="Step 6 · Migration",
            why=_WHY,
            inputs=[
                ui.section("Phases"),
                self.phase,
                self.phase_start,
                self.phase_months,
                self.phase_info,
                self.fix_button,
                self.horizon,
                ui.section("Hires"),
                self.hire,
                self.hire_position,
                self.hire_month,
                self.hire_lead,
                self.hire_count,
                self.hire_phase,
                self.hire_info,
                w.HBox([self.add_hire_button, self.remove_hire_button]),
                ui.section("People flows: who moves where, who leaves, when"),
                self.people_flows,
                ui.section("Transition costs: leaving, moving, ramping up, handing over"),
                self.transition,
                ui.section("Workflow inventory"),
                self.workflow,
                self.wf_name,
                self.wf_platforms,
                self.wf_roles,
                self.wf_decisions,
                self.wf_owner,
                w.HBox([self.wf_top, self.wf_buyer]),
                w.HBox([self.add_wf_button, self.remove_wf_button]),
                self.edit_problems,
            ],
            results=[
                self.figures,
                self.sentence,
                self.checks,
                ui.section("Schedule"),
                self.schedule_table,
                ui.section("Hires"),
                self.hire_table,
                ui.section("People flows"),
                self.flows_table,
                ui.section("Workflows and their owners"),
                self.workflow_table,
            ],
            charts=[self.gantt_box, self.flow_box, self.headcount_box, self.cost_box],
            next_step=_NEXT,
            session=self.session,
        )
        self.session.observe(self.refresh)
        self.refresh(plan)

    # ------------------------------------------------------------------------- wiring
    def _at(self, items: str, picker: w.Dropdown, field: str) -> str | None:
        """The plan path of ``field`` of the picked phase, hire or workflow (None: none)."""
        return None if picker.value is None else f"{items}[{int(picker.value)}].{field}"

    def _picked(self, items: str, picker: w.Dropdown, field: str) -> Callable[[], str | None]:
        """:meth:`_at` as a function, for a widget that edits whichever row is picked."""
        return lambda: self._at(items, picker, field)

    def _wire(self) -> None:
        say = self.edit_problems
        for picker in (self.phase, self.hire, self.workflow):
            picker.on_pick(lambda _c: self._load_fields(self.session.plan), say, "show your choice")
        hire_boxes: tuple[_Follower, ...] = (
            (self.hire_position, "position", str, str),
            (self.hire_phase, "phase", lambda v: v or None, lambda v: v or NO_PHASE),
        )
        workflow_boxes: tuple[_Follower, ...] = (
            (self.wf_platforms, "platforms", lambda t: _split(t, ","), ", ".join),
            (self.wf_roles, "roles", lambda t: _split(t, ","), ", ".join),
            (self.wf_decisions, "decisions", lambda t: _split(t, ";"), "; ".join),
            (self.wf_owner, "owners", lambda t: _split(t, ","), ", ".join),
            (self.wf_top, "top", bool, bool),
            (self.wf_buyer, "buyer_facing", bool, bool),
        )
        self._followers = [
            bind(
                widget,
                self.session,
                self._picked(items, picker, field),
                edit=self._loud_edit,
                show=say,
                to_plan=to_plan,
                from_plan=from_plan,
            )
            for items, picker, boxes in (
                ("hires", self.hire, hire_boxes),
                ("workflows", self.workflow, workflow_boxes),
            )
            for widget, field, to_plan, from_plan in boxes
        ]
        ui.on_click(self.fix_button, lambda: self.fix_schedule(), say, what="fix the schedule")
        ui.on_click(self.add_hire_button, lambda: self.add_hire(), say, what="add a hire")
        ui.on_click(
            self.remove_hire_button, lambda: self.remove_hire(), say, what="remove the hire"
        )
        ui.on_click(self.add_wf_button, lambda: self.add_workflow(), say, what="add a workflow")
        ui.on_click(
            self.remove_wf_button, lambda: self.remove_workflow(), say, what="remove the workflow"
        )

    def _move_hire(self, path: str, month: Any) -> list[Problem]:
        """Move the hire; a MarOps seat whose start month matched the hire moves with it."""
        plan = self.session.plan
        index = int(self.hire.value)
        hire = plan.hires[index]
        changes: dict[str, Any] = {path: month}
        for s_i, seat in enumerate(plan.marops_seats):
            if seat.name == hire.position and seat.hire_month == hire.month:
                changes[f"marops_seats[{s_i}].hire_month"] = month
        return self.edit(changes, show=False)

    def _quiet_edit(self, path: str, value: Any) -> list[Problem]:
        """A typed box's edit: its problems are said next to the box."""
        return self.edit(path, value, show=False)

    def _loud_edit(self, path: str, value: Any) -> list[Problem]:
        return self.edit(path, value)

    # ------------------------------------------------------------------------- edits
    def select_phase(self, name: str) -> None:
        """Pick the phase called ``name`` in the phase editor."""
        self.phase.value = [p.name for p in self.session.plan.phases].index(name)

    def select_workflow(self, name: str) -> None:
        """Pick the workflow called ``name`` in the inventory editor."""
        self.workflow.value = [wf.name for wf in self.session.plan.workflows].index(name)

    def fix_schedule(self) -> list[Problem]:
        """Move every phase to its earliest start after what it depends on."""
        return self.edit({"phases": list(mig.rescheduled_phases(self.session.plan))})

    def add_hire(self) -> list[Problem]:
        """Add a hire (a GTM Marketer starting in month 4 with a 3-month lead time) and pick it
        for editing."""
        hires = [h.model_dump(mode="json") for h in self.session.plan.hires]
        new = {"position": mig.GTM_MARKETER, "month": 4, "lead_time_months": 3, "count": 1}
        return self._append("hires", [*hires, new], self.hire)

    def remove_hire(self) -> list[Problem]:
        """Remove the picked hire."""
        return self._remove_picked("hires", self.hire)

    def add_workflow(self) -> list[Problem]:
        """Add a blank workflow to the inventory and pick it for editing."""
        flows = list(self.session.plan.workflows)
        names = {wf.name for wf in flows}
        n = len(flows) + 1
        while f"New workflow {n}" in names:
            n += 1
        return self._append("workflows", [*flows, {"name": f"New workflow {n}"}], self.workflow)

    def remove_workflow(self) -> list[Problem]:
        """Remove the picked workflow from the inventory."""
        return self._remove_picked("workflows", self.workflow)

    def _append(self, field: str, items: list[Any], picker: Choices) -> list[Problem]:
        """Edit the plan list ``field`` to ``items`` (one added at the end) and pick the new
        one in ``picker``."""
        problems = self.edit({field: items})
        if not problems:
            picker.value = len(items) - 1
        return problems

    def _remove_picked(self, field: str, picker: Choices) -> list[Problem]:
        """Remove the item ``picker`` picks from the plan list ``field`` (nothing picked:
        nothing changes)."""
        if picker.value is None:
            return []
        index = int(picker.value)
        items = [x for i, x in enumerate(getattr(self.session.plan, field)) if i != index]
        return self.edit({field: items})

    # ------------------------------------------------------------------------- showing the plan
    def refresh(self, plan: Plan | None = None) -> None:
        """Redraw the choices, fields, figures, tables, checks and charts from the plan."""
        plan = plan if plan is not None else self.session.plan
        positions = [mig.HEAD_OF_GTM, mig.GTM_MARKETER, *(s.name for s in plan.marops_seats)]
        self.hire_position.set_choices([(name, name) for name in positions])
        self.hire_phase.set_choices([("—", NO_PHASE), *((p.name, p.name) for p in plan.phases)])
        self.wf_owner.options = [s.name for s in plan.marops_seats]
        self.phase.set_choices([(p.name, i) for i, p in enumerate(plan.phases)])
        self.hire.set_choices([(_hire_label(plan, i), i) for i in range(len(plan.hires))])
        self.workflow.set_choices([(wf.name, i) for i, wf in enumerate(plan.workflows)])
        self._load_fields(plan)
        self.people_flows.refresh(plan)
        self.transition.refresh(plan)
        self.figures.value = _figures_html(plan)
        self.sentence.value = f"<div>{html.escape(mig.timeline_sentence(plan))}</div>"
        self.checks.show(migration_problems(plan))
        self.schedule_table.value = _schedule_html(plan)
        self.hire_table.value = _hires_html(plan)
        self.flows_table.value = _flows_html(plan)
        self.workflow_table.value = _workflows_html(plan)
        gantt, headcount, cost = migration_charts(plan)
        self.gantt_box.draw(gantt)
        self.flow_box.draw(flow_chart(plan))
        self.headcount_box.draw(headcount)
        self.cost_box.draw(cost)

    def _load_fields(self, plan: Plan) -> None:
        """Put the picked phase, hire and workflow's values in their fields."""
        self._load_phase(plan)
        self._load_hire(plan)
        self._load_workflow(plan)

    def _load_phase(self, plan: Plan) -> None:
        has = self.phase.value is not None and plan.phases
        for widget in (self.phase_start, self.phase_months):
            widget.disabled = not has
        if not has:
            self.phase_info.value = "<i>The plan has no phases yet.</i>"
            return
        slot = mig.schedule(plan)[int(self.phase.value)]
        self.phase_start.reload()
        self.phase_months.reload()
        after = ", ".join(slot.depends_on) or "nothing"
        text = html.escape(
            f"Months {slot.start_month}–{slot.end_month} "
            f"({mig.month_date(plan, slot.start_month):%b %Y} – "
            f"{mig.month_date(plan, slot.end_month):%b %Y}); comes after: {after}."
        )
        if not slot.ok:
            warning = html.escape(
                f"Starts before {', '.join(slot.blocked_by)} ends: the earliest it can start "
                f"is month {slot.earliest_start}."
            )
            text += f" <span class='mocmo-error'>{warning}</span>"
        self.phase_info.value = f"<div>{text}</div>"
        self.fix_button.disabled = not mig.dependency_conflicts(plan)

    def _load_hire(self, plan: Plan) -> None:
        has = self.hire.value is not None and bool(plan.hires)
        for widget in (
            self.hire_position, self.hire_month, self.hire_lead, self.hire_count,
            self.hire_phase, self.remove_hire_button,
        ):  # fmt: skip
            widget.disabled = not has
        if not has:
            self.hire_info.value = "<i>No hires yet: add one.</i>"
            return
        index = int(self.hire.value)
        for box in (self.hire_month, self.hire_lead, self.hire_count):
            box.reload()
        for follow in self._followers:
            follow(plan)
        slot = mig.hire_schedule(plan)[index]
        self.hire_info.value = (
            f"<div>Offer out in {html.escape(mig.month_label(plan, slot.offer_month))}; starts "
            f"in {html.escape(mig.month_label(plan, slot.start_month))}; recruitment fee "
            f"{html.escape(fmt_money(slot.recruitment_fee, plan.meta.currency))}.</div>"
        )

    def _load_workflow(self, plan: Plan) -> None:
        has = self.workflow.value is not None and bool(plan.workflows)
        for widget in (
            self.wf_name, self.wf_platforms, self.wf_roles, self.wf_decisions, self.wf_owner,
            self.wf_top, self.wf_buyer, self.remove_wf_button,
        ):  # fmt: skip
            widget.disabled = not has
        if not has:
            return
        self.wf_name.reload()
        for follow in self._followers:
            follow(plan)


# --------------------------------------------------------------------------- helpers


def _hire_label(plan: Plan, index: int) -> str:
    hire = plan.hires[index]
    count = f" ×{hire.count}" if hire.count > 1 else ""
    return f"{hire.position}{count} — month {hire.month}"


def _figures_html(plan: Plan) -> str:
    figures = mig.headline(plan)
    cur = plan.meta.currency
    even = figures["breakeven_month"]
    _month, peak = mig.peak_outlay(plan)
    top = mig.top_workflow_count(plan)
    projected = figures["breakeven_projection"]
    if mig.nothing_changes(plan):
        even_words = "none — nothing changes"
    elif even is not None:
        even_words = f"month {even} ({mig.month_date(plan, int(even)):%b %Y})"
    elif projected is not None:
        even_words = (
            f"not within {plan.horizon_months} months (month {projected} at the last "
            "month's saving)"
        )
    else:
        even_words = f"not within {plan.horizon_months} months, and never at the last saving"
    rows = [
        ("Migration", f"{figures['migration_months']} months"),
        (
            "People who move / are hired / leave",
            f"{figures['movers_count']:g} / {figures['hires_count']:g} / "
            f"{figures['leavers_count']:g}",
        ),
        ("One-off cost of the change", fmt_money(figures["one_off_cost"], cur)),
        ("· exit (redundancy, notice, settlement)", fmt_money(figures["exit_cost"], cur)),
        ("· recruitment fees", fmt_money(figures["recruitment_cost"], cur)),
        ("· retraining", fmt_money(figures["retraining_cost"], cur)),
        ("· ramp-up lost output", fmt_money(figures["ramp_cost"], cur)),
        ("· handover overlap", fmt_money(figures["overlap_cost"], cur)),
        ("Peak cost over staying legacy", fmt_money(peak, cur)),
        ("Break-even", even_words),
        ("Workflows mapped", f"{figures['workflow_inventory_count']}"),
        ("Top workflows with one owner", f"{figures['top_workflows_owned']} of {top}"),
    ]
    return ui.html_table([{"Figure": k, "Value": v} for k, v in rows], numeric=("Value",))


def _schedule_html(plan: Plan) -> str:
    rows = [
        {
            "Phase": r["phase"],
            "Months": f"{r['start_month']}–{r['end_month']}",
            "From": f"{r['start']:%b %Y}",
            "To": f"{r['end']:%b %Y}",
            "After": r["depends_on"] or "—",
            "Status": r["status"],
        }
        for r in mig.schedule_table(plan).to_dict("records")
    ]
    return ui.html_table(rows)


def _hires_html(plan: Plan) -> str:
    cur = plan.meta.currency
    rows = [
        {
            "Position": r["position"],
            "People": r["count"],
            "Offer out": r["offer"],
            "Starts": r["start"],
            "Needed by": r["phase"] or "—",
            "Fee": fmt_money(r["recruitment_fee"], cur),
        }
        for r in mig.hire_table(plan).to_dict("records")
    ]
    return ui.html_table(rows, numeric=("People", "Fee"))


def _workflows_html(plan: Plan) -> str:
    rows = [
        {
            "Workflow": r["workflow"],
            "Top": "yes" if r["top"] else "",
            "Owner": r["owners"] or "— nobody —",
            "Platforms": r["platforms"],
            "Roles": r["roles"],
            "Decisions": r["decisions"],
        }
        for r in mig.workflow_table(plan).to_dict("records")
    ]
    return ui.html_table(rows)


def panel(session: ui.PlanSession | None = None) -> MigrationPanel:
    """The Migration timeline page for the notebook's plan (``MOCMO_PLAN`` or the current
    plan)."""
    return MigrationPanel(session)
