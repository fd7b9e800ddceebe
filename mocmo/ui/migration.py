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
from mocmo.format import fmt_money, fmt_pct
from mocmo.plan import Plan, Problem, plan_warnings
from mocmo.present.reshape import PLAN_DEFAULT
from mocmo.ui import core as ui
from mocmo.ui.fields import (
    Choices,
    PlanField,
    bind,
    count_field,
    months_field,
    number_field,
    text_field,
)

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


# --------------------------------------------------------------------------- people flows

_FLOW_WORDS: dict[str, str] = {"move": "moves to", "hire": "hired into", "leave": "leaves"}


def _flow_label(plan: Plan, field: str, index: int) -> str:
    """How the move or leaver picker names row ``index`` of ``plan.moves`` / ``plan.leavers``."""
    if field == "moves":
        move = (plan.moves or ())[index]
        return f"{move.team} → {move.to} ×{move.count:g} — month {move.month}"
    leaver = (plan.leavers or ())[index]
    return f"{leaver.team} leaves ×{leaver.count:g} — month {leaver.month}"


def _free_team(plan: Plan) -> tuple[str, float] | None:
    """The legacy team with the most people nobody moves or lets go, and how many (None: every
    team's people are all moving or leaving, or there is no team)."""
    from mocmo.transition import flows as people

    free = people.stayers(plan)
    if not free:
        return None
    team = max(free, key=lambda t: free[t])
    return team, free[team]


class PeopleFlowsSection(w.VBox):
    """Who moves where, who leaves and when: the plan default (derived from the new org) until
    the user presses "Edit moves and leavers", which copies the derived flows into the plan's
    ``moves`` and ``leavers``; then each row's team, position, people and month are editable,
    rows can be added and removed, and "Back to plan default" empties both again."""

    def __init__(
        self,
        session: ui.PlanSession,
        panel: ui.StepLayout,
        box: dict[str, Any],
        loud: Callable[[str, Any], list[Problem]],
    ) -> None:
        self.session = session
        self._panel = panel
        say = panel.edit_problems
        self.note = w.HTML()
        self.done_note = w.HTML()
        self.edit_button = w.Button(
            description="Edit moves and leavers", icon="pencil", layout=w.Layout(width="16em")
        )
        self.default_button = w.Button(
            description="Back to plan default", icon="undo", layout=w.Layout(width="16em")
        )
        # moves
        self.move = Choices(description="Move", style=_LABEL, layout=_FIELD)
        self.move_team = Choices(description="From team", style=_LABEL, layout=_FIELD)
        self.move_to = Choices(description="To position", style=_LABEL, layout=_FIELD)
        self.move_count = number_field(
            session, lambda: self._at("moves", self.move, "count"), "People", **box
        )
        self.move_month = months_field(
            session, lambda: self._at("moves", self.move, "month"), "From month", **box
        )
        self.add_move_button = w.Button(
            description="Add a move", icon="plus", layout=w.Layout(width="auto")
        )
        self.remove_move_button = w.Button(
            description="Remove this move", icon="trash", layout=w.Layout(width="auto")
        )
        # leavers
        self.leaver = Choices(description="Leavers", style=_LABEL, layout=_FIELD)
        self.leaver_team = Choices(description="Team", style=_LABEL, layout=_FIELD)
        self.leaver_count = number_field(
            session, lambda: self._at("leavers", self.leaver, "count"), "People", **box
        )
        self.leaver_month = months_field(
            session, lambda: self._at("leavers", self.leaver, "month"), "Leave in month", **box
        )
        self.add_leaver_button = w.Button(
            description="Add leavers", icon="plus", layout=w.Layout(width="auto")
        )
        self.remove_leaver_button = w.Button(
            description="Remove these leavers", icon="trash", layout=w.Layout(width="auto")
        )

        for picker in (self.move, self.leaver):
            picker.on_pick(lambda _c: self._load(self.session.plan), say, "show your choice")
        self._followers = [
            bind(widget, session, self._picked(items, picker, field), edit=loud, show=say)
            for items, picker, field, widget in (
                ("moves", self.move, "team", self.move_team),
                ("moves", self.move, "to", self.move_to),
                ("leavers", self.leaver, "team", self.leaver_team),
            )
        ]
        ui.on_click(self.edit_button, lambda: self.edit_flows(), say, what="edit the flows")
        ui.on_click(
            self.default_button, lambda: self.back_to_default(), say, what="go back to the default"
        )
        ui.on_click(self.add_move_button, lambda: self.add_move(), say, what="add a move")
        ui.on_click(
            self.remove_move_button, lambda: self.remove_move(), say, what="remove the move"
        )
        ui.on_click(self.add_leaver_button, lambda: self.add_leaver(), say, what="add leavers")
        ui.on_click(
            self.remove_leaver_button, lambda: self.remove_leaver(), say, what="remove leavers"
        )
        super().__init__(
            [
                self.note,
                w.HBox([self.edit_button, self.default_button]),
                self.done_note,
                self.move,
                self.move_team,
                self.move_to,
                self.move_count,
                self.move_month,
                w.HBox([self.add_move_button, self.remove_move_button]),
                self.leaver,
                self.leaver_team,
                self.leaver_count,
                self.leaver_month,
                w.HBox([self.add_leaver_button, self.remove_leaver_button]),
            ]
        )

    # paths ------------------------------------------------------------------------------------
    def _at(self, items: str, picker: w.Dropdown, field: str) -> str | None:
        return None if picker.value is None else f"{items}[{int(picker.value)}].{field}"

    def _picked(self, items: str, picker: w.Dropdown, field: str) -> Callable[[], str | None]:
        return lambda: self._at(items, picker, field)

    # edits ------------------------------------------------------------------------------------
    def edit_flows(self) -> list[Problem]:
        """Copy the plan-default moves and leavers into ``plan.moves`` / ``plan.leavers`` (each
        that the plan leaves empty), so they are given and editable; the figures stay the same
        unless the default also hired people (the model hires by default only while the moves
        are derived: those positions are then said, to be added under Hires)."""
        from mocmo.transition import flows as people

        plan = self.session.plan
        found = people.flows(plan)
        changes: dict[str, Any] = {}
        if plan.moves is None:
            changes["moves"] = [
                {"team": f.team, "to": f.to, "count": f.count, "month": f.month}
                for f in found
                if f.kind == "move"
            ]
        if plan.leavers is None:
            changes["leavers"] = [
                {"team": f.team, "count": f.count, "month": f.month}
                for f in found
                if f.kind == "leave"
            ]
        if not changes:
            return []
        hired = [f for f in found if f.kind == "hire" and f.derived] if plan.moves is None else []
        done = "The moves and leavers are now yours to edit."
        if hired:
            named = ", ".join(f"{f.to} ×{f.count:g} (month {f.month})" for f in hired)
            done += (
                f" The plan default also hired {named}: with the moves given, those positions "
                "have no hire — add them under Hires."
            )
        return self._panel.edit(changes, done=done, note_to=self.done_note)

    def back_to_default(self) -> list[Problem]:
        """Empty ``plan.moves`` and ``plan.leavers``: the flows are derived from the new org
        again (the plan default)."""
        return self._panel.edit(
            {"moves": None, "leavers": None},
            done="Back to the plan default.",
            note_to=self.done_note,
        )

    def add_move(self) -> list[Problem]:
        """Add a move of one person (fewer when fewer are free) from the team with the most
        people nobody moves or lets go, to the first position of the new org, in the month the
        position starts; pick it for editing."""
        from mocmo import neworg

        plan = self.session.plan
        positions = neworg.positions(plan)
        free = _free_team(plan)
        if free is None or not positions:
            return self._say(
                "Nobody is free to move: every team's people already move or leave — lower a "
                "leavers row's people first."
            )
        team, count = free
        new = {"team": team, "to": positions[0].key, "count": min(1.0, count),
               "month": positions[0].start_month}  # fmt: skip
        return self._append("moves", new, self.move)

    def add_leaver(self) -> list[Problem]:
        """Add one leaver (fewer when fewer are free) of the team with the most people nobody
        moves or lets go, in the month that team changes shape; pick it for editing."""
        from mocmo import neworg

        plan = self.session.plan
        free = _free_team(plan)
        if free is None:
            return self._say(
                "Nobody is left to leave: every team's people already move or leave — lower a "
                "move's people first."
            )
        team, count = free
        role = next(r for r in plan.legacy_roles if r.name == team)
        new = {"team": team, "count": min(1.0, count),
               "month": neworg.transition_month(plan, role)}  # fmt: skip
        return self._append("leavers", new, self.leaver)

    def remove_move(self) -> list[Problem]:
        """Remove the picked move."""
        return self._remove("moves", self.move)

    def remove_leaver(self) -> list[Problem]:
        """Remove the picked leavers."""
        return self._remove("leavers", self.leaver)

    def _say(self, text: str) -> list[Problem]:
        self.done_note.value = f"<span class='mocmo-warning'>{html.escape(text)}</span>"
        return [Problem("", text, severity="warning")]

    def _append(self, field: str, new: dict[str, Any], picker: Choices) -> list[Problem]:
        items = [x.model_dump(mode="json") for x in getattr(self.session.plan, field) or ()]
        problems = self._panel.edit({field: [*items, new]}, note_to=self.done_note)
        if not problems:
            picker.value = len(items)
        return problems

    def _remove(self, field: str, picker: Choices) -> list[Problem]:
        if picker.value is None:
            return []
        index = int(picker.value)
        items = [x for i, x in enumerate(getattr(self.session.plan, field) or ()) if i != index]
        return self._panel.edit({field: items}, note_to=self.done_note)

    # showing the plan -------------------------------------------------------------------------
    def refresh(self, plan: Plan) -> None:
        """Redraw the note, the buttons, the pickers and the row editors from ``plan``."""
        from mocmo import neworg

        given_moves, given_leavers = plan.moves is not None, plan.leavers is not None
        if not given_moves and not given_leavers:
            self.note.value = (
                "<div>The moves and leavers are the <b>plan default</b>, derived from the new "
                "org: each custodian from its own team, MarOps and GTM positions from the teams "
                "with people free, then hires for what is left; whoever does not move leaves "
                "when the team changes shape. Press <b>Edit moves and leavers</b> to make them "
                "yours.</div>"
            )
        else:
            parts = [
                f"{len(plan.moves or ())} moves" if given_moves else "moves: plan default",
                f"{len(plan.leavers or ())} leaver rows"
                if given_leavers
                else "leavers: plan default",
            ]
            self.note.value = (
                f"<div>Your plan gives the people flows ({html.escape('; '.join(parts))}); "
                "they are used exactly as given.</div>"
            )
        self.edit_button.disabled = given_moves and given_leavers
        self.default_button.disabled = not (given_moves or given_leavers)
        teams = [(r.name, r.name) for r in plan.legacy_roles]
        keys = [p.key for p in neworg.positions(plan)]
        keys += [m.to for m in plan.moves or () if m.to not in keys]
        self.move_team.set_choices(teams)
        self.move_to.set_choices([(k, k) for k in keys])
        self.leaver_team.set_choices(teams)
        self.move.set_choices(
            [(_flow_label(plan, "moves", i), i) for i in range(len(plan.moves or ()))]
        )
        self.leaver.set_choices(
            [(_flow_label(plan, "leavers", i), i) for i in range(len(plan.leavers or ()))]
        )
        self.add_move_button.disabled = not given_moves
        self.add_leaver_button.disabled = not given_leavers
        self._load(plan)

    def _load(self, plan: Plan) -> None:
        """Put the picked move's and leavers' values in their boxes (disabled when none)."""
        for field, picker, widgets, remove in (
            ("moves", self.move, (self.move_team, self.move_to, self.move_count,
                                  self.move_month), self.remove_move_button),
            ("leavers", self.leaver, (self.leaver_team, self.leaver_count, self.leaver_month),
             self.remove_leaver_button),
        ):  # fmt: skip
            has = picker.value is not None and bool(getattr(plan, field))
            for widget in (*widgets, remove):
                widget.disabled = not has
            if has:
                for widget in widgets:
                    if isinstance(widget, PlanField):
                        widget.reload()
        for follow in self._followers:
            follow(plan)


# --------------------------------------------------------------------------- transition inputs

_Shown = Callable[[Any, str], str]


def _weeks(v: Any, _cur: str) -> str:
    return f"{float(v):g} weeks"


def _months(v: Any, _cur: str) -> str:
    return f"{float(v):g} months"


def _money(v: Any, cur: str) -> str:
    return fmt_money(float(v), cur)


_TRANSITION_INPUTS: tuple[tuple[str, str, str, _Shown], ...] = (
    ("redundancy_multiple", "Redundancy multiple (× statutory)", "number",
     lambda v, _c: f"{float(v):g}× statutory"),
    ("notice_weeks", "Notice (weeks)", "number", _weeks),
    ("settlement_per_leaver", "Settlement per leaver", "money", _money),
    ("retraining_per_mover", "Retraining per mover", "money", _money),
    ("ramp_months_hire", "Ramp-up of a hire (months)", "number", _months),
    ("ramp_months_mover", "Ramp-up of a mover (months)", "number", _months),
    ("ramp_start_productivity", "Productivity on day one", "percent",
     lambda v, _c: fmt_pct(float(v))),
    ("overlap_months", "Handover overlap (months)", "months", _months),
)  # fmt: skip
"""Each typed transition input: key of ``assumptions.transition``, box label, box kind, and how
the value in use is said."""

_NOTICE_CHOICES = (("paid in lieu", True), ("worked", False))
_TEAM_INPUTS: tuple[tuple[str, str, _Shown], ...] = (
    ("average_service_years", "Average service (years)", lambda v, _c: f"{float(v):g} years"),
    ("average_age", "Average age (years)", lambda v, _c: f"{float(v):g}"),
)


def _in_use(text: str, is_default: bool, source: str) -> str:
    """The value in use, marked "— plan default" when the plan leaves the field empty, with the
    default's source on hover."""
    words = f"{text} — {PLAN_DEFAULT}" if is_default else text
    return (
        f"<span class='mocmo-in-use' title='{html.escape(source, quote=True)}'>"
        f"in use: {html.escape(words)}</span>"
    )


class TransitionInputsSection(w.VBox):
    """The transition's cost inputs (``assumptions.transition``) and each team's average service
    and age: a box per input, empty when the plan leaves it to the default, with the value in
    use beside it ("4 weeks — plan default") and the default's source on hover. A value typed —
    0 included — is used as given; emptying a box goes back to the default."""

    def __init__(
        self,
        session: ui.PlanSession,
        box: dict[str, Any],
        loud: Callable[[str, Any], list[Problem]],
        say: ui.ProblemList,
    ) -> None:
        from mocmo.transition import transition_assumptions, transition_parameters

        self.session = session
        defaults = transition_assumptions()
        params = transition_parameters()
        cur = session.plan.meta.currency
        at = "assumptions.transition"
        self.fields: dict[str, PlanField] = {}
        self.in_use: dict[str, w.HTML] = {}
        rows: list[w.Widget] = []
        for key, label, kind, shown in _TRANSITION_INPUTS:
            self.fields[key] = PlanField(
                session, f"{at}.{key}", label, kind, optional=True,  # type: ignore[arg-type]
                placeholder=f"{shown(getattr(defaults, key), cur)} — {PLAN_DEFAULT}", **box,
            )  # fmt: skip
            self.in_use[key] = w.HTML()
            rows.append(w.HBox([self.fields[key], self.in_use[key]]))
        default_notice = "paid in lieu" if defaults.notice_paid_in_lieu else "worked"
        self.notice = w.Dropdown(
            description="Notice is",
            options=[(f"{default_notice} — {PLAN_DEFAULT}", "default"),
                     *((text, text) for text, _v in _NOTICE_CHOICES)],
            style={"description_width": box.get("label_width", "11em")},
            layout=w.Layout(width=box.get("width", "22em")),
        )  # fmt: skip
        to_plan = {"default": None, **{text: v for text, v in _NOTICE_CHOICES}}
        self._notice_follow = bind(
            self.notice,
            session,
            f"{at}.notice_paid_in_lieu",
            edit=loud,
            show=say,
            to_plan=lambda choice: to_plan[choice],
            from_plan=lambda v: "default" if v is None else ("paid in lieu" if v else "worked"),
        )
        self.in_use["notice_paid_in_lieu"] = w.HTML()
        rows.insert(2, w.HBox([self.notice, self.in_use["notice_paid_in_lieu"]]))
        # per team
        self.team = Choices(description="Team", style=_LABEL, layout=_FIELD)
        self.team_fields: dict[str, PlanField] = {}
        for key, label, _shown in _TEAM_INPUTS:
            self.team_fields[key] = number_field(
                session, self._team_path(key), label, optional=True,
                placeholder=f"{_shown(getattr(defaults, key), cur)} — {PLAN_DEFAULT}", **box,
            )  # fmt: skip
            self.in_use[key] = w.HTML()
        self.team.on_pick(lambda _c: self._load_team(self.session.plan), say, "show your choice")
        self._params = params
        super().__init__(
            [
                w.HTML(
                    "<div>Leave a box empty to use the default (hover <i>in use</i> for its "
                    "source); a value you type — 0 too — is used as it is.</div>"
                ),
                *rows,
                ui.section("Each team's service and age (sets redundancy and notice)"),
                self.team,
                *(w.HBox([self.team_fields[k], self.in_use[k]]) for k, _l, _s in _TEAM_INPUTS),
            ]
        )

    def _team_path(self, key: str) -> Callable[[], str | None]:
        return lambda: (
            None if self.team.value is None else f"legacy_roles[{int(self.team.value)}].{key}"
        )

    def refresh(self, plan: Plan) -> None:
        """Redraw the values in use and the team picker from ``plan``."""
        from mocmo.transition import plan_transition_assumptions, transition_input_is_default

        used = plan_transition_assumptions(plan)
        cur = plan.meta.currency
        for key, _label, _kind, shown in _TRANSITION_INPUTS:
            self.in_use[key].value = _in_use(
                shown(getattr(used, key), cur),
                transition_input_is_default(plan, key),
                self._params[key].source,
            )
        self.in_use["notice_paid_in_lieu"].value = _in_use(
            "paid in lieu" if used.notice_paid_in_lieu else "worked",
            transition_input_is_default(plan, "notice_paid_in_lieu"),
            self._params["notice_paid_in_lieu"].source,
        )
        self._notice_follow(plan)
        self.team.set_choices([(r.name, i) for i, r in enumerate(plan.legacy_roles)])
        self._load_team(plan)

    def _load_team(self, plan: Plan) -> None:
        from mocmo.transition import plan_transition_assumptions

        has = self.team.value is not None and bool(plan.legacy_roles)
        used = plan_transition_assumptions(plan)
        for key, _label, shown in _TEAM_INPUTS:
            field = self.team_fields[key]
            if not has:
                field.show(None)
                field.disabled = True
                self.in_use[key].value = ""
                continue
            field.reload()
            field.disabled = False  # empty is a value here: the default
            role = plan.legacy_roles[int(self.team.value)]
            given = getattr(role, key)
            value = given if given is not None else getattr(used, key)
            self.in_use[key].value = _in_use(
                shown(value, plan.meta.currency), given is None, self._params[key].source
            )


def _flows_html(plan: Plan) -> str:
    """Every people flow: what, from, to, people, month, and whether it is the plan default."""
    from mocmo.transition import flows as people

    rows = [
        {
            "What": _FLOW_WORDS[f.kind],
            "From": f.team or "(hire)",
            "To": f.to or "(leaves the company)",
            "People": f"{f.count:g}",
            "Month": mig.month_label(plan, f.month),
            "Set by": PLAN_DEFAULT if f.derived else "your plan",
        }
        for f in people.flows(plan)
    ]
    return ui.html_table(rows, numeric=("People",))


def panel(session: ui.PlanSession | None = None) -> MigrationPanel:
    """The Migration timeline page for the notebook's plan (``MOCMO_PLAN`` or the current
    plan)."""
    return MigrationPanel(session)
