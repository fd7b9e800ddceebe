"""Step 4 · Reshape: the page where a CMO decides, role by role, what each team keeps as a
Craft Custodian, what shifts to the GTM Marketers, and what AI absorbs.

:class:`RoleReshapePanel` is an interactive org chart: pick a role, see its activities with
where each goes, move an activity between *stays*, *shifts* and *AI*, set how much of AI's work
stays human oversight and who owns it, and set the plan's hand-off wait and rework defaults.
Every edit makes a new plan through :meth:`mocmo.ui.core.StepLayout.edit` (typed boxes and bound
widgets from :mod:`mocmo.ui.fields`: percent boxes take and show percent); the panel then
redraws the table, the figures, the "what this means" lines, the checks and every chart from
``session.plan``. It holds no figure of its own: all numbers come from :mod:`mocmo.reshape`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as w

from mocmo import reshape as rs
from mocmo.charts.reshape import reshape_charts, workflow_chart_for
from mocmo.format import fmt_hours, fmt_pct
from mocmo.plan import Activity, Plan, Problem
from mocmo.present.reshape import workflow_step_rows
from mocmo.ui.core import (
    ChartBox,
    PlanSession,
    ProblemList,
    StepLayout,
    html_table,
    open_session,
    section,
)
from mocmo.ui.fields import Choices, Editor, PlanField, bind, days_field, percent_field
from mocmo.ui.roster import TeamImport
from mocmo.ui.wholecost import StaffingSection

__all__ = ["DESTINATION_CHOICES", "OWNER_CHOICES", "ActivityRow", "RoleReshapePanel", "panel"]

DESTINATION_CHOICES: tuple[tuple[str, str], ...] = (
    ("Stays (custodian)", "stays"),
    ("Shifts (GTM Marketer)", "shifts"),
    ("AI absorbs", "ai"),
)
"""The destination toggle's labels and plan values."""

OWNER_CHOICES: tuple[tuple[str, str], ...] = (
    ("GTM Marketer", "gtm_marketer"),
    ("Craft Custodian", "custodian"),
    ("MarOps", "marops"),
)
"""Who can own the oversight of AI-absorbed work: labels and plan values."""

_WHY = (
    "Each of your direct reports' teams reshapes; none simply disappears. What a team keeps "
    "becomes a <b>Craft Custodian</b> role that sets the standard at the <i>start</i> of the "
    "work (templates, frameworks, AI-readable guidelines) instead of policing drafts at the end. "
    "Audience-specific work <b>shifts</b> to the GTM Marketer who owns the audience; execution "
    "is <b>absorbed by AI</b>, with a named person overseeing it. Move each activity to where it "
    "belongs and watch the <b>Hand-Off Tax</b> — the waits and rework between owners — and the "
    "GTM Marketers' load change."
)
_NEXT = (
    "Go to <a href='03_marops_costing.ipynb'><b>Step 5 · Costing</b></a>: the MarOps "
    "team that runs the workflows and agents, and what the new org costs against today's."
)
_ROW_NAME = w.Layout(width="24em")


class ActivityRow(w.HBox):
    """One activity of the selected role: its name and hours, where it goes, and for AI the
    oversight share (a percent box) and who owns it, each bound to the activity's plan field."""

    def __init__(
        self,
        session: PlanSession,
        path: str,
        activity: Activity,
        hours: float,
        *,
        edit: Editor,
        problems: ProblemList,
    ) -> None:
        self.path = path
        self.index = int(path.rsplit("[", 1)[1].rstrip("]"))
        self.label = w.HTML(layout=_ROW_NAME)
        self.destination = w.ToggleButtons(
            options=list(DESTINATION_CHOICES),
            value=activity.destination,
            style={"button_width": "13em"},  # "Shifts (GTM Marketer)" fits
        )
        self.oversight: PlanField = percent_field(
            session,
            f"{path}.oversight",
            "Oversight",
            edit=edit,
            crash=problems,
            track=False,
            width="14em",
            label_width="6em",
        )
        self.owner = w.Dropdown(
            options=list(OWNER_CHOICES),
            value=activity.oversight_owner,
            description="by",
            layout=w.Layout(width="13em"),
            style={"description_width": "2em"},
        )
        for widget, field in ((self.destination, "destination"), (self.owner, "oversight_owner")):
            bind(widget, session, f"{path}.{field}", edit=edit, show=problems, track=False)
        super().__init__([self.label, self.destination, self.oversight, self.owner])
        self.show(activity, hours)

    def show(self, activity: Activity, hours: float) -> None:
        """Set the widgets to the plan's values (a value equal to the plan's is no edit)."""
        self.label.value = (
            f"<b>{html.escape(activity.name)}</b><br><small>{fmt_pct(activity.share)} of the "
            f"team's time · {fmt_hours(hours)}</small>"
        )
        self.destination.value = activity.destination
        self.oversight.follow(activity.oversight)
        self.owner.value = activity.oversight_owner
        is_ai = activity.destination == "ai"
        self.oversight.disabled = not is_ai
        self.owner.disabled = not is_ai


class RoleReshapePanel(StepLayout):
    """The Role reshape step: role picker, activity editor, plan-level hand-off assumptions,
    figures, sentences, checks and charts of one session."""

    def __init__(self, session: PlanSession | None = None) -> None:
        self.session = session if session is not None else open_session()
        plan = self.session.plan
        a = plan.assumptions

        self.role = Choices(description="Role", layout=w.Layout(width="32em"))
        self.role_summary = w.HTML()
        self.table = w.HTML()
        self.steps_table = w.HTML()
        self.rows_box = w.VBox()
        self.rows: list[ActivityRow] = []
        self.edit_problems = ProblemList(ok_text="")
        self.edit_problems.layout.display = "none"
        self.team_import = TeamImport(self.session, lambda changes: self.edit(changes, show=False))

        box = {"edit": self._quiet_edit, "crash": self.edit_problems, "label_width": "16em"}
        self.wait_days = days_field(
            self.session,
            "assumptions.handoff_wait_days",
            "Wait at a hand-off (days)",
            width="24em",
            **box,
        )
        self.rework_probability = percent_field(
            self.session,
            "assumptions.rework_probability",
            "Chance a review sends work back",
            width="24em",
            **box,
        )
        self.rework_days = days_field(
            self.session,
            "assumptions.rework_days",
            "Days a send-back costs",
            width="24em",
            **box,
        )
        self.load_weight = w.ToggleButtons(
            options=[("By pipeline target", "pipeline"), ("Equally", "equal")],
            value=a.load_weight,
            description="Share GTM work",
            style={"description_width": "8em"},
        )
        bind(
            self.load_weight,
            self.session,
            "assumptions.load_weight",
            edit=self._loud_edit,
            show=self.edit_problems,
        )

        self.figures = w.HTML()
        self.sentences = w.HTML()
        self.checks = ProblemList(ok_text="The reshape passes every check.")
        self.staffing = StaffingSection(
            self.session, edit=self._quiet_edit, problems=self.edit_problems
        )
        self.hours_box = ChartBox()
        self.workflow_box = ChartBox()
        self.tax_box = ChartBox()
        self.load_box = ChartBox()
        self.headcount_box = ChartBox()

        self.role.on_pick(self._on_role, self.edit_problems, what="show this role")

        assumptions = w.VBox(
            [
                w.HTML(
                    "Defaults for every workflow step that does not set its own. Brand approvals "
                    "take 2–10 days in surveys; 70% of in-house creative teams say a review "
                    "takes 2–5 days."
                ),
                self.wait_days,
                self.rework_probability,
                self.rework_days,
                self.load_weight,
            ]
        )
        super().__init__(
            title="Step 4 · Reshape",
            why=_WHY,
            inputs=[
                section("Import your team"),
                self.team_import,
                section("Role by role"),
                self.role,
                self.role_summary,
                self.table,
                section("Move an activity"),
                self.rows_box,
                self.edit_problems,
                section("Hand-off assumptions"),
                assumptions,
                section("Workflow steps"),
                self.steps_table,
            ],
            results=[self.figures, self.sentences, self.staffing, self.checks],
            charts=[
                self.workflow_box,
                self.hours_box,
                self.tax_box,
                self.load_box,
                self.headcount_box,
            ],
            next_step=_NEXT,
            session=self.session,
        )
        self._set_roles(plan)
        self._build_rows(plan)
        self.session.observe(self.refresh)
        self.refresh(plan)

    # ------------------------------------------------------------------------- selection
    @property
    def role_index(self) -> int:
        """Index in ``plan.legacy_roles`` of the selected role (-1 if the plan has none)."""
        value = self.role.value
        return int(value) if value is not None else -1

    def select(self, name: str) -> None:
        """Select the role called ``name``."""
        names = [r.name for r in self.session.plan.legacy_roles]
        self.role.value = names.index(name)

    def _set_roles(self, plan: Plan) -> None:
        """The role picker's choices from the plan (unchanged choices are left alone, so the
        selection and the rows stay)."""
        self.role.set_choices([(r.name, i) for i, r in enumerate(plan.legacy_roles)])

    def _on_role(self, change: Mapping[str, Any]) -> None:
        plan = self.session.plan
        self._build_rows(plan)
        self._show_role(plan)

    # ------------------------------------------------------------------------- activity rows
    def _rows_path(self) -> str:
        return f"legacy_roles[{self.role_index}].activities"

    def _build_rows(self, plan: Plan) -> None:
        """One :class:`ActivityRow` per activity of the selected role."""
        for row in self.rows:
            row.oversight.close()
        self.rows = []
        i = self.role_index
        if 0 <= i < len(plan.legacy_roles):
            role = plan.legacy_roles[i]
            for a_i, act in enumerate(role.activities):
                self.rows.append(
                    ActivityRow(
                        self.session,
                        f"{self._rows_path()}[{a_i}]",
                        act,
                        rs.activity_hours(role, act, plan.assumptions),
                        edit=self._loud_edit,
                        problems=self.edit_problems,
                    )
                )
        self.rows_box.children = tuple(self.rows)

    # ------------------------------------------------------------------------- edits
    def _quiet_edit(self, path: str, value: Any) -> list[Problem]:
        """A typed box's edit: its problems are said next to the box."""
        return self.edit(path, value, show=False)

    def _loud_edit(self, path: str, value: Any) -> list[Problem]:
        return self.edit(path, value)

    def move(self, activity: str, destination: str) -> None:
        """Send the selected role's activity called ``activity`` to ``destination``
        (``stays``, ``shifts`` or ``ai``) by setting its toggle, as a click would."""
        self._row(activity).destination.value = destination

    def _row(self, activity: str) -> ActivityRow:
        role = self.session.plan.legacy_roles[self.role_index]
        names = [a.name for a in role.activities]
        return self.rows[names.index(activity)]

    # ------------------------------------------------------------------------- showing the plan
    def refresh(self, plan: Plan | None = None) -> None:
        """Redraw the rows, table, figures, sentences, checks and charts from the plan (the
        assumption boxes follow the plan themselves)."""
        plan = plan if plan is not None else self.session.plan
        self._set_roles(plan)
        i = self.role_index
        if 0 <= i < len(plan.legacy_roles):
            role = plan.legacy_roles[i]
            built = self.rows and self.rows[0].path.startswith(self._rows_path() + "[")
            if len(role.activities) != len(self.rows) or not built:
                self._build_rows(plan)
            else:
                for row, act in zip(self.rows, role.activities, strict=True):
                    row.show(act, rs.activity_hours(role, act, plan.assumptions))
        elif self.rows:
            self._build_rows(plan)
        self._show_role(plan)
        self.figures.value = _figures_html(plan)
        self.sentences.value = _sentences_html(plan)
        self.checks.show(rs.checks(plan))
        charts = reshape_charts(plan, workflows=False)
        self.hours_box.draw(charts["hours"])
        self.tax_box.draw(charts["tax"])
        self.load_box.draw(charts["load"])
        self.headcount_box.draw(charts["headcount"])

    def _show_role(self, plan: Plan) -> None:
        i = self.role_index
        if not 0 <= i < len(plan.legacy_roles):
            self.role_summary.value = "<i>The plan has no legacy roles yet.</i>"
            self.table.value = ""
            self.steps_table.value = ""
            self.workflow_box.clear_output()
            self.workflow_box.chart = None
            return
        role = plan.legacy_roles[i]
        self.role_summary.value = _role_html(plan, role.name)
        self.table.value = _table_html(plan, role.name)
        self.steps_table.value = _steps_html(plan, role.name)
        chart = workflow_chart_for(plan, role.name)
        if chart is None:
            self.workflow_box.clear_output()
            self.workflow_box.chart = None
        else:
            self.workflow_box.draw(chart)


# --------------------------------------------------------------------------- html pieces

_DEST_LABELS = dict((v, k) for k, v in DESTINATION_CHOICES)
_OWNER_LABELS = dict((v, k) for k, v in OWNER_CHOICES)


def _table_html(plan: Plan, role_name: str) -> str:
    frame = rs.activity_table(plan, role_name)
    rows = [
        {
            "Activity": r["activity"],
            "Share": fmt_pct(r["share"]),
            "Goes to": _DEST_LABELS[r["destination"]],
            "Oversight": fmt_pct(r["oversight"]) if r["destination"] == "ai" else "—",
            "Overseen by": _OWNER_LABELS.get(r["oversight_owner"], "—"),
            "h/wk": f"{r['hours_per_week']:.1f}",
            "Stays": f"{r['stays']:.1f}",
            "Shifts": f"{r['shifts']:.1f}",
            "AI net": f"{r['ai_net']:.1f}",
            "Oversight h": f"{r['oversight_hours']:.1f}",
        }
        for r in frame.to_dict("records")
    ]
    return html_table(
        rows, numeric=("Share", "Oversight", "h/wk", "Stays", "Shifts", "AI net", "Oversight h")
    )


def _steps_html(plan: Plan, role_name: str) -> str:
    """The role's workflow steps today and in the new model; a figure the plan's defaults
    filled reads '3 days — plan default'."""
    parts = [
        f"<div><b>{title}</b></div>" + html_table(rows)
        for version, title in (("legacy", "Today"), ("new", "New model"))
        if (rows := workflow_step_rows(plan, role_name, version))
    ]
    return "".join(parts) or "<i>No representative workflow yet.</i>"


def _role_html(plan: Plan, role_name: str) -> str:
    role = rs.role_by_name(plan, role_name)
    a = plan.assumptions
    dest = rs.role_destination_hours(role, a)
    total = rs.role_hours(role, a)
    fte = rs.custodian_fte_for_role(role, a)
    becomes = html.escape(role.custodian_title or f"{role.name} Custodian")
    home = (
        f"its work that stays is held by the <b>MarOps</b> seats ({becomes})"
        if role.new_home == "marops"
        else f"becomes <b>{becomes}</b>: <b>{fte:g} FTE</b>"
    )
    return (
        f"<div><b>{html.escape(role.name)}</b> — {role.headcount} people, {fmt_hours(total)}; "
        f"{home}. Stays {fmt_hours(dest['stays'])}, shifts {fmt_hours(dest['shifts'])}, "
        f"AI absorbs {fmt_hours(dest['ai_net'])} net plus {fmt_hours(dest['oversight'])} "
        f"of oversight. {html.escape(rs.workflow_sentence(plan, role.name))}</div>"
    )


def _figures_html(plan: Plan) -> str:
    f = rs.headline(plan)
    return (
        "<div>"
        f"Headcount <b>{f['legacy_headcount']}</b> today → <b>{f['new_headcount']:g}</b> in "
        f"the new model · capacity reclaimed <b>{fmt_hours(f['capacity_reclaimed_hours_per_week'])}"
        f"</b> · hand-offs <b>{f['handoff_count_legacy']} → {f['handoff_count_new']}</b> · "
        f"Hand-Off Tax <b>{f['handoff_tax_days_legacy']:.1f} → {f['handoff_tax_days_new']:.1f} "
        f"days</b> · cycle time <b>{f['cycle_weeks_legacy']:.1f} → {f['cycle_weeks_new']:.1f} "
        f"weeks</b> (all workflows) · GTM Marketers over capacity "
        f"<b>{f['gtm_marketers_over_capacity']}</b>"
        "</div>"
    )


def _sentences_html(plan: Plan) -> str:
    lines = [
        rs.hours_sentence(plan),
        rs.tax_sentence(plan),
        rs.load_sentence(plan),
        rs.new_org_sentence(plan),
    ]
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return f"<ul>{items}</ul>"


def panel(session: PlanSession | None = None) -> RoleReshapePanel:
    """The Role reshape page for the notebook's plan (``MOCMO_PLAN`` or the current plan)."""
    return RoleReshapePanel(session)
