"""Step 7 · Agents: the page where a CMO writes down who answers for each agent, who
decides what, how the pods and the content engine run, the metrics to move and the budget
shift.

:class:`GovernancePanel` has an editor for each list in the plan — the agent register, decision
rights, workflow pods and operating metrics (:class:`RecordEditor`: pick one, edit the form,
add, save or remove) — plus the content engine's six layers and the budget's five lines as rows
of inputs. Every edit makes a new plan through :meth:`mocmo.ui.core.PlanSession.apply`; an
invalid edit shows its problems and leaves the plan as it was. The panel holds no figures of its
own: every table, check and chart is redrawn from ``session.plan`` by :mod:`mocmo.governance`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as w

from mocmo import governance as gov
from mocmo.charts.governance import governance_charts
from mocmo.format import fmt_money, fmt_pct
from mocmo.plan import (
    AGENT_JOBS,
    AGENT_MODES,
    BUDGET_LINES,
    DECIDERS,
    ENGINE_LAYERS,
    ENGINE_MODES,
    METRIC_KEYS,
    TOUCHES,
    Plan,
)
from mocmo.present.governance import governance_sentence
from mocmo.ui import core as ui
from mocmo.ui.fields import money_field, number_field
from mocmo.ui.records import (
    NEW,
    STYLE,
    WIDE,
    FormField,
    RecordEditor,
    blank_to_none,
    choice_entry,
    none_to_blank,
    person_box,
    person_entry,
    text_entry,
)

__all__ = ["NEW", "FormField", "GovernancePanel", "RecordEditor", "panel"]

_WHY = (
    "Agents prepare the work; people protect the strategy. Every agent serves a business "
    "outcome and has one accountable owner; anything that affects trust, money, reputation or "
    "customer data — public content, budget, pricing, legal claims, customer data — is "
    "approved by a named person; and the people who build, run and audit an agent are kept "
    "apart. Write the register here with the decision rights, the workflow pods that own "
    "outcomes, how the content engine runs, the metrics you will move and where the budget goes."
)
_NEXT = (
    "Go to <a href='05_export.ipynb'><b>Step 9 · Export</b></a>: the finance workbook (with "
    "its Diagnostics and Agents &amp; Governance sheets) and the charts as files."
)


def _agent_editor(session: ui.PlanSession) -> RecordEditor:
    touches = w.SelectMultiple(
        options=[(gov.TOUCH_LABELS[t], t) for t in TOUCHES],
        rows=len(TOUCHES),
        description="Affects",
        style=STYLE,
        layout=w.Layout(width="30em"),
    )
    data = w.TagsInput(allow_duplicates=False)
    fields = [
        text_entry("name", "Name", "e.g. Lead Scoring Agent"),
        choice_entry("job", "Job", [(gov.JOB_LABELS[j], j) for j in AGENT_JOBS]),
        text_entry("outcome", "Business outcome", "the decision, workflow or result it improves"),
        FormField("data", data, list, list, []),
        text_entry("output", "Output", "what it produces, in what format"),
        choice_entry("mode", "Mode", [(gov.MODE_LABELS[m], m) for m in AGENT_MODES]),
        FormField("touches", touches, list, tuple, ()),
        person_entry("owner", "Accountable owner"),
        person_entry("reviewer", "Reviewer"),
        person_entry("approver", "Approver (a person)"),
        person_entry("builder", "Builder"),
        person_entry("operator", "Operator"),
        person_entry("auditor", "Auditor"),
    ]
    editor = RecordEditor(session, "agents", "agent", fields, lambda a: a.name)
    hint = w.HTML("<b>Data it may use</b> (type one, press Enter)")
    editor.children = (*editor.children[:4], hint, *editor.children[4:])
    return editor


def _decision_editor(session: ui.PlanSession) -> RecordEditor:
    fields = [
        text_entry("decision", "Decision", "e.g. Publish audience content"),
        FormField(
            "decided_by",
            w.ToggleButtons(
                options=[(gov.DECIDER_LABELS[d], d) for d in DECIDERS],
                description="Decided by",
                style=STYLE,
            ),
            blank="hybrid",
        ),
        FormField(
            "area",
            w.Dropdown(
                options=[("(nothing sensitive)", ""), *[(gov.TOUCH_LABELS[t], t) for t in TOUCHES]],
                description="Affects",
                style=STYLE,
            ),
            blank_to_none,
            none_to_blank,
            "",
        ),
    ]
    return RecordEditor(session, "decision_rights", "decision", fields, lambda d: d.decision)


def _pod_editor(session: ui.PlanSession) -> RecordEditor:
    fields = [
        text_entry("outcome", "Outcome it owns", "e.g. Pipeline generation"),
        person_entry("workflow_owner", "Workflow owner"),
        person_entry("ai_operator", "AI operator"),
        person_entry("domain_expert", "Domain expert"),
        person_entry("automation_engineer", "Automation engineer"),
    ]
    return RecordEditor(session, "pods", "pod", fields, lambda p: p.outcome)


def _metric_editor(session: ui.PlanSession) -> RecordEditor:
    fields = [
        FormField(
            "workflow",
            w.Combobox(description="Workflow", style=STYLE, layout=WIDE),
            str,
            none_to_blank,
            "",
        ),
        choice_entry("metric", "Metric", [(f"{gov.METRICS[m].label}", m) for m in METRIC_KEYS]),
        FormField(
            "baseline", number_field(session, None, "Baseline", label_width="10em"), blank=0.0
        ),
        FormField("target", number_field(session, None, "Target", label_width="10em"), blank=0.0),
        text_entry("unit", "Unit (optional)"),
    ]
    return RecordEditor(
        session,
        "operating_metrics",
        "metric",
        fields,
        lambda m: f"{m.workflow} — {gov.METRICS[m.metric].label}",
    )


class _EngineRow(w.HBox):
    """One content-engine layer: automated / owned / audited, and who."""

    def __init__(self, layer: str) -> None:
        self.layer = layer
        self.mode = w.ToggleButtons(
            options=[("—", ""), *[(m.capitalize(), m) for m in ENGINE_MODES]],
            style={"button_width": "6.5em"},
        )
        self.who = person_box("")
        self.who.layout = w.Layout(width="20em")
        label = w.HTML(f"<b>{gov.LAYER_LABELS[layer]}</b>", layout=w.Layout(width="8em"))
        super().__init__([label, self.mode, self.who])


class _BudgetRow(w.HBox):
    """One budget line: before, after, and variable or fixed."""

    def __init__(self, session: ui.PlanSession, line: str) -> None:
        self.line = line
        box = {"width": "16em", "label_width": "4em"}
        self.before = money_field(session, None, "Before", **box)
        self.after = money_field(session, None, "After", **box)
        self.nature = w.Dropdown(
            options=[
                (f"Usual ({gov.DEFAULT_NATURE[line]})", ""),
                ("Variable labour", "variable"),
                ("Fixed systems", "fixed"),
            ],
            layout=w.Layout(width="13em"),
        )
        super().__init__(
            [
                w.HTML(f"<b>{gov.BUDGET_LINE_LABELS[line]}</b>", layout=w.Layout(width="20em")),
                self.before,
                self.after,
                self.nature,
            ]
        )


# --------------------------------------------------------------------------- the page


class GovernancePanel(ui.StepLayout):
    """The agent governance step: register, decision rights, pods, engine, metrics, budget."""

    def __init__(self, session: ui.PlanSession | None = None) -> None:
        self.session = session if session is not None else ui.open_session()
        self.charts: dict[str, Any] = {}

        self.agents = _agent_editor(self.session)
        self.decisions = _decision_editor(self.session)
        self.pods = _pod_editor(self.session)
        self.metrics = _metric_editor(self.session)
        self.editors = (self.agents, self.decisions, self.pods, self.metrics)
        for editor in self.editors:
            editor._edit = lambda changes, **kw: self.edit(changes, **kw)

        self.engine_rows = {layer: _EngineRow(layer) for layer in ENGINE_LAYERS}
        self.budget_rows = {line: _BudgetRow(self.session, line) for line in BUDGET_LINES}
        edit = "apply this edit"
        for erow in self.engine_rows.values():
            for key, widget in (("mode", erow.mode), ("who", erow.who)):
                ui.on_change(
                    widget,
                    lambda c, r=erow, k=key: self._engine_changed(r, k, c),
                    self._say,
                    what=edit,
                )
        for brow in self.budget_rows.values():
            for key, widget in (("before", brow.before.text), ("after", brow.after.text)):
                ui.on_change(
                    widget, lambda _c, r=brow, k=key: self._budget_typed(r, k), self._say, what=edit
                )
            ui.on_change(
                brow.nature, lambda c, r=brow: self._nature_changed(r, c), self._say, what=edit
            )
        self.edit_problems = ui.ProblemList(ok_text="")
        self.edit_problems.layout.display = "none"

        self.summary = w.HTML()
        self.register_table = w.HTML()
        self.decisions_table = w.HTML()
        self.pods_table = w.HTML()
        self.engine_table = w.HTML()
        self.span_table = w.HTML()
        self.metrics_table = w.HTML()
        self.budget_text = w.HTML()
        self.checks = ui.ProblemList(ok_text="The agents and their governance pass every check.")
        self.boxes = {name: ui.ChartBox() for name in ("decision-rights", "budget", "metrics")}

        super().__init__(
            title="Step 7 · Agents",
            why=_WHY,
            inputs=[
                ui.section("The agent register — one job per agent"),
                self.register_table,
                self.agents,
                ui.section("Decision rights — human, AI or hybrid"),
                self.decisions_table,
                self.decisions,
                ui.section("Workflow pods — each owns an outcome, not a channel"),
                self.pods_table,
                self.pods,
                ui.section("The content engine — each layer automated, owned or audited"),
                *self.engine_rows.values(),
                ui.section("Operating metrics — baseline and target per workflow"),
                self.metrics_table,
                self.metrics,
                ui.section("The budget shift — per year"),
                *self.budget_rows.values(),
                self.edit_problems,
            ],
            results=[
                self.summary,
                self.checks,
                ui.section("Span of control and management layers"),
                self.span_table,
                ui.section("The content engine"),
                self.engine_table,
                ui.section("The budget shift"),
                self.budget_text,
            ],
            charts=list(self.boxes.values()),
            next_step=_NEXT,
            session=self.session,
        )
        self.session.observe(self.refresh)
        self.refresh(self.session.plan)

    # ------------------------------------------------------------------------- redrawing
    def refresh(self, plan: Plan | None = None) -> None:
        """Redraw the tables, the checks, the rows of inputs and the charts from the plan."""
        plan = plan if plan is not None else self.session.plan
        for editor in self.editors:
            editor.refresh(plan)
        self._set_people(plan)
        # Each input is set to the plan's value; a value equal to the plan's is no edit.
        for erow in self.engine_rows.values():
            erow.mode.value, erow.who.value = _engine_shown(plan, erow.layer)
        for line, brow in self.budget_rows.items():
            before, after, nature = _budget_shown(plan, line)
            brow.before.show(before)
            brow.after.show(after)
            brow.nature.value = nature
        cur = plan.meta.currency
        self.summary.value = f"<div>{html.escape(governance_sentence(plan))}</div>"
        self.register_table.value = _register_html(plan)
        self.decisions_table.value = _decisions_html(plan)
        self.pods_table.value = _pods_html(plan)
        self.engine_table.value = ui.html_table(
            [
                {"Layer": r["layer"], "How": r["mode"] or "not described", "Who": r["who"] or "—"}
                for r in gov.content_engine_table(plan).to_dict("records")
            ]
        )
        self.span_table.value = _span_html(plan)
        self.metrics_table.value = _metrics_html(plan)
        self.budget_text.value = _budget_html(plan, cur)
        self.checks.show(gov.checks(plan))
        self.charts = governance_charts(plan)
        for name, box in self.boxes.items():
            if name in self.charts:
                box.draw(self.charts[name])
            else:
                box.chart = None
                box.clear_output()

    def _set_people(self, plan: Plan) -> None:
        people = list(gov.known_people(plan))
        for editor in self.editors:
            for f in editor.fields:
                if isinstance(f.widget, w.Combobox) and f.key != "workflow":
                    f.widget.options = people
        for erow in self.engine_rows.values():
            erow.who.options = people
        named = {wf.name for wf in plan.workflows} | {m.workflow for m in plan.operating_metrics}
        workflows = sorted(named)
        self.metrics.fields[0].widget.options = workflows

    # ------------------------------------------------------------------------- edits
    def _say(self, message: str) -> None:
        """Show why an edit of the engine or budget rows failed, under them."""
        ui.show_message(self.edit_problems, message)

    def engine_data(self) -> list[dict[str, Any]]:
        """The content engine the rows describe, as plan data (layers marked "—" left out)."""
        return [
            {"layer": layer, "mode": erow.mode.value, "who": erow.who.value.strip() or None}
            for layer, erow in self.engine_rows.items()
            if erow.mode.value
        ]

    def budget_data(self) -> list[dict[str, Any]]:
        """The budget lines the rows describe, as plan data (a line with nothing in it is left
        out); a ``ValueError`` when an amount cannot be read (its box says why)."""
        data = []
        for line, brow in self.budget_rows.items():
            before, after = brow.before.read(), brow.after.read()
            if before or after or brow.nature.value:
                data.append(
                    {
                        "line": line,
                        "before": before,
                        "after": after,
                        "nature": brow.nature.value or None,
                    }
                )
        return data

    def _engine_changed(self, row: _EngineRow, key: str, change: Mapping[str, Any]) -> None:
        mode, who = _engine_shown(self.session.plan, row.layer)
        if change["new"] == (mode if key == "mode" else who):
            return  # the plan's own value (a redraw)
        self.edit({"content_engine": self.engine_data()})

    def _budget_typed(self, row: _BudgetRow, key: str) -> None:
        box = row.before if key == "before" else row.after
        if box.typed:  # else the plan's own value (a redraw)
            self._edit_budget()

    def _nature_changed(self, row: _BudgetRow, change: Mapping[str, Any]) -> None:
        if change["new"] != _budget_shown(self.session.plan, row.line)[2]:  # else a redraw
            self._edit_budget()

    def _edit_budget(self) -> None:
        """Edit the plan's budget lines to what the rows say (not while an amount cannot be
        read: its box says why)."""
        try:
            data = self.budget_data()
        except ValueError:
            return
        self.edit({"budget_shift": data})


def _engine_shown(plan: Plan, layer: str) -> tuple[str, str]:
    """What the engine row of ``layer`` shows for the plan: its mode ("" for none) and who."""
    entry = next((e for e in plan.content_engine if e.layer == layer), None)
    return (entry.mode, entry.who or "") if entry else ("", "")


def _budget_shown(plan: Plan, line: str) -> tuple[float, float, str]:
    """What the budget row of ``line`` shows for the plan: before, after and nature ("")."""
    item = next((b for b in plan.budget_shift if b.line == line), None)
    return (item.before, item.after, item.nature or "") if item else (0.0, 0.0, "")


# --------------------------------------------------------------------------- html pieces


def _flags(row: Mapping[Any, Any]) -> str:
    flags = []
    if row["no_outcome"]:
        flags.append("no outcome")
    if row["no_owner"]:
        flags.append("no owner")
    if row["acts_without_approver"]:
        flags.append("acts unapproved")
    if row["role_clash"]:
        flags.append("roles not kept apart")
    return "⚠ " + ", ".join(flags) if flags else "✔"


def _register_html(plan: Plan) -> str:
    rows = [
        {
            "Agent": r["agent"],
            "Job": r["job"],
            "Outcome": r["outcome"] or "—",
            "Mode": r["mode"],
            "Affects": r["touches"] or "—",
            "Owner": r["owner"] or "—",
            "Approver": r["approver"] or "—",
            "Builder / operator / auditor": " / ".join(
                r[k] or "—" for k in ("builder", "operator", "auditor")
            ),
            "Flags": _flags(r),
        }
        for r in gov.agent_table(plan).to_dict("records")
    ]
    return ui.html_table(rows)


def _decisions_html(plan: Plan) -> str:
    rows = [
        {
            "Decision": r["decision"],
            "Decided by": gov.DECIDER_LABELS[r["decided_by"]],
            "Affects": r["area"] or "—",
        }
        for r in gov.decision_rights_table(plan).to_dict("records")
    ]
    return ui.html_table(rows)


def _pods_html(plan: Plan) -> str:
    titles = gov.POD_ROLE_TITLES
    rows = [
        {"Outcome": r["outcome"], **{titles[k]: r[k] or "—" for k in gov.POD_ROLES}}
        for r in gov.pods_table(plan).to_dict("records")
    ]
    return ui.html_table(rows)


def _span_html(plan: Plan) -> str:
    rows = [
        {
            "Model": r["model"],
            "Span": r["span"],
            "People": r["headcount"],
            "Management layers": r["layers"],
            "Managers": r["managers"],
        }
        for r in gov.span_table(plan).to_dict("records")
    ]
    note = (
        "<div><small>Layers: divide the people by the span, rounding up, until one person is "
        "left; managers: the sum of those quotients.</small></div>"
    )
    return ui.html_table(rows, numeric=("Span", "People", "Management layers", "Managers")) + note


def _metrics_html(plan: Plan) -> str:
    rows = [
        {
            "Workflow": r["workflow"],
            "Metric": r["label"],
            "Unit": r["unit"],
            "Baseline": f"{r['baseline']:g}",
            "Target": f"{r['target']:g}",
            "Improvement": fmt_pct(r["improvement"]),
        }
        for r in gov.metrics_table(plan).to_dict("records")
    ]
    return ui.html_table(rows, numeric=("Baseline", "Target", "Improvement"))


def _budget_html(plan: Plan, currency: str) -> str:
    if not plan.budget_shift:
        return "<i>No budget lines yet.</i>"
    b = gov.budget_summary(plan)
    return (
        f"<div>{fmt_money(b.before_total, currency)} a year before → "
        f"{fmt_money(b.after_total, currency)} after ({fmt_money(b.change, currency)}). "
        f"Variable labour {fmt_pct(b.variable_share_before)} → "
        f"{fmt_pct(b.variable_share_after)} of the budget: the share in fixed systems rises "
        f"by {_points(b.shift_to_fixed)}.</div>"
    )


def _points(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f} points"


def panel(session: ui.PlanSession | None = None) -> GovernancePanel:
    """The Agent governance page for the notebook's plan (``MOCMO_PLAN`` or the current plan)."""
    return GovernancePanel(session)
