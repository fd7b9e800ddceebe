"""Step 2 · Diagnose: the page where a CMO records where they and the team stand today.

:class:`DiagnosticsPanel` has last month's calendar (hours approving, hours designing), the
five-symptom questionnaire (one answer 0–4 each, with what the answer means), the AI maturity
stage, and a 1–5 self-assessment per skill area. Every edit makes a new plan through
:meth:`mocmo.ui.core.PlanSession.apply`; the panel holds no figures of its own and redraws its
readings and charts from ``session.plan``. Every figure comes from :mod:`mocmo.diagnostics`.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from mocmo import diagnostics as dg
from mocmo.charts.diagnostics import diagnostics_charts
from mocmo.plan import SKILL_KEYS, Plan
from mocmo.present import diagnostics as words
from mocmo.ui import core as ui
from mocmo.ui.fields import bind, hours_field

__all__ = ["NOT_SET", "DiagnosticsPanel", "panel"]

NOT_SET = -1
"""Widget value meaning 'not answered / not assessed yet' (``None`` in the plan)."""

_WHY = (
    "Before redesigning the team, take an honest reading of where you stand. Your calendar "
    "says whether you are becoming the <b>orchestrator</b> who designs how people and agents "
    "produce outcomes, or a <b>campaign manager with a larger title</b>. Five symptoms say "
    "whether the operating model is broken — and when they recur, it is the model that is "
    "broken, not the team. The maturity stage and your own skills say what the new org design "
    "should emphasise first."
)
_NEXT = (
    "Go to <a href='01_audiences.ipynb'><b>Step 3 · Audiences</b></a>: who the team serves, and "
    "who owns each audience end to end."
)
_WIDE = w.Layout(width="44em")
_STYLE = {"description_width": "14em"}


def _to_plan(value: int) -> int | None:
    return None if value == NOT_SET else int(value)


def _to_widget(value: int | None) -> int:
    return NOT_SET if value is None else int(value)


class DiagnosticsPanel(ui.StepLayout):
    """The diagnostics step: calendar, questionnaire, maturity, skills, readings and charts."""

    def __init__(self, session: ui.PlanSession | None = None) -> None:
        self.session = session if session is not None else ui.open_session()
        self.charts: dict[str, Any] = {}
        self.edit_problems = ui.ProblemList(ok_text="")
        self.edit_problems.layout.display = "none"

        # the calendar: typed hours, each box saying its own problem
        self.approving, self.designing = (
            hours_field(
                self.session,
                f"diagnostics.calendar.{field}",
                label,
                edit=lambda path, value: self.edit(path, value, show=False),
                crash=self.edit_problems,
                width="24em",
                label_width="12em",
            )
            for field, label in (
                ("approving_hours", "Hours approving work"),
                ("designing_hours", "Hours designing systems"),
            )
        )
        self.calendar_text = w.HTML()

        # the questionnaire
        answer_options = [("— not answered —", NOT_SET)] + [
            (f"{i} · {text}", i) for i, text in enumerate(dg.ANSWERS)
        ]
        self.answers: dict[str, w.Dropdown] = {}
        self.meanings: dict[str, w.HTML] = {}
        rows: list[w.Widget] = []
        for symptom in dg.SYMPTOMS:
            dropdown = w.Dropdown(options=answer_options, layout=w.Layout(width="22em"))
            self._bind(dropdown, f"diagnostics.symptoms.{symptom.key}")
            self.answers[symptom.key] = dropdown
            self.meanings[symptom.key] = w.HTML(layout=w.Layout(width="40em"))
            rows.append(
                w.VBox(
                    [
                        w.HTML(
                            f"<b>{html.escape(symptom.label)}</b> — {html.escape(symptom.question)}"
                        ),
                        w.HBox([dropdown, self.meanings[symptom.key]]),
                    ],
                    layout=w.Layout(padding="2px 0 6px 0"),
                )
            )
        self.questionnaire = w.VBox(rows)

        # maturity
        self.maturity = w.RadioButtons(
            options=[("Not assessed yet", NOT_SET)]
            + [(f"{s.stage} · {s.name}", s.stage) for s in dg.MATURITY_STAGES],
            layout=w.Layout(width="auto"),
        )
        self._bind(self.maturity, "diagnostics.maturity_stage")

        # skills
        level_options = [("—", NOT_SET)] + [(str(i), i) for i in range(1, 6)]
        self.skills: dict[str, w.SelectionSlider] = {}
        for key in SKILL_KEYS:
            slider = w.SelectionSlider(
                options=level_options,
                value=NOT_SET,
                description=dg.SKILL_LABELS[key],
                continuous_update=False,
                style=_STYLE,
                layout=w.Layout(width="30em"),
            )
            self._bind(slider, f"diagnostics.skills.{key}")
            self.skills[key] = slider
        half = (len(SKILL_KEYS) + 1) // 2
        skills_box = w.HBox(
            [
                w.VBox([self.skills[k] for k in SKILL_KEYS[:half]]),
                w.VBox([self.skills[k] for k in SKILL_KEYS[half:]]),
            ]
        )

        # results
        self.symptom_text = w.HTML()
        self.symptom_table = w.HTML()
        self.maturity_text = w.HTML()
        self.maturity_table = w.HTML()
        self.skills_text = w.HTML()
        self.checks = ui.ProblemList(ok_text="The diagnostics are complete.")
        self.boxes = {name: ui.ChartBox() for name in ("calendar", "symptoms", "skills")}

        super().__init__(
            title="Step 2 · Diagnose",
            why=_WHY,
            inputs=[
                ui.section("Last month's calendar"),
                w.HTML(
                    "Count the hours you spent <b>approving</b> (reviewing drafts, signing off, "
                    "sitting in approval meetings) and <b>designing systems</b> (workflows, "
                    "roles, agents, data, standards)."
                ),
                w.HBox([self.approving, self.designing]),
                ui.section("The five symptoms — how often does this happen?"),
                self.questionnaire,
                ui.section("AI maturity — which stage best describes the team today?"),
                self.maturity,
                ui.section("Your skills — 1 new to it … 5 could teach it"),
                skills_box,
                self.edit_problems,
            ],
            results=[
                ui.section("Your trajectory"),
                self.calendar_text,
                ui.section("The operating model"),
                self.symptom_text,
                self.symptom_table,
                ui.section("What the org design should emphasise"),
                self.maturity_text,
                self.maturity_table,
                ui.section("Skills"),
                self.skills_text,
                self.checks,
            ],
            charts=list(self.boxes.values()),
            next_step=_NEXT,
            session=self.session,
        )
        self.session.observe(self.refresh)
        self.refresh(self.session.plan)

    # ------------------------------------------------------------------------- redrawing
    def refresh(self, plan: Plan | None = None) -> None:
        """Redraw every input, reading, table and chart from the plan."""
        plan = plan if plan is not None else self.session.plan
        d = plan.diagnostics
        scores = dg.symptom_scores(plan)  # the inputs follow the plan themselves (bind)
        for key in self.answers:
            meaning = html.escape(dg.symptom_meaning(key, scores[key]))
            self.meanings[key].value = f"<i>{meaning}</i>"
        self.calendar_text.value = f"<div>{html.escape(words.calendar_sentence(plan))}</div>"
        self.symptom_text.value = f"<div>{html.escape(words.symptom_reading(plan))}</div>"
        table = dg.symptom_table(plan)
        self.symptom_table.value = ui.html_table(
            [
                {
                    "Symptom": r["symptom"],
                    "Score": "—" if r["score"] is None else r["score"],
                    "Level": r["level"],
                }
                for r in table.to_dict("records")
            ],
            numeric=("Score",),
        )
        self.maturity_text.value = f"<div>{html.escape(words.maturity_sentence(plan))}</div>"
        self.maturity_table.value = ui.html_table(
            [
                {
                    "": "▶" if s.stage == d.maturity_stage else "",
                    "Stage": f"{s.stage} · {s.name}",
                    "What it looks like": s.looks_like,
                    "Emphasise": s.emphasise,
                }
                for s in dg.MATURITY_STAGES
            ]
        )
        self.skills_text.value = f"<div>{html.escape(words.skills_sentence(plan))}</div>"
        self.checks.show(dg.checks(plan))
        self.charts = diagnostics_charts(plan)
        for name, box in self.boxes.items():
            box.draw(self.charts[name])

    # ------------------------------------------------------------------------- edits
    def _say(self, message: str) -> None:
        """Show why an edit failed, with the edits' problems."""
        ui.show_message(self.edit_problems, message)

    def _bind(self, widget: w.ValueWidget, path: str) -> None:
        bind(
            widget,
            self.session,
            path,
            edit=lambda at, value: self.edit(at, value),
            show=self._say,
            to_plan=_to_plan,
            from_plan=_to_widget,
        )


def panel(session: ui.PlanSession | None = None) -> DiagnosticsPanel:
    """The Diagnostics page for the notebook's plan (``MOCMO_PLAN`` or the current plan)."""
    return DiagnosticsPanel(session)
