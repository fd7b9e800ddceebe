"""The Diagnostics panel without a browser: set widget values, check the plan, the readings and
the charts' Vega-Lite data."""

from __future__ import annotations

from pathlib import Path

import pytest
from chart_specs import chart_rows
from plans import example_copy

from mocmo.ui.core import PlanSession
from mocmo.ui.diagnostics import NOT_SET, DiagnosticsPanel


@pytest.fixture
def panel(tmp_path: Path) -> DiagnosticsPanel:
    """A panel on a temporary copy of the Brightwave example (46 h approving, 14 h designing;
    symptoms 3, 2, 4, 3, 2; stage 3)."""
    return DiagnosticsPanel(PlanSession(example_copy(tmp_path)))


def test_the_panel_shows_the_example_as_it_is(panel: DiagnosticsPanel) -> None:
    """The widgets hold the plan's values and the readings say what they mean."""
    assert (panel.approving.value, panel.designing.value) == (46, 14)
    assert panel.answers["sequential_routing"].value == 4
    assert panel.maturity.value == 3
    # 14 / (46 + 14) = 23%
    assert "14 of 60 hours (23%)" in panel.calendar_text.value
    assert "campaign manager with a larger title" in panel.calendar_text.value
    # 3 + 2 + 4 + 3 + 2 = 14: Breaking
    assert "14 of 20: Breaking" in panel.symptom_text.value


def test_designing_more_changes_the_trajectory(panel: DiagnosticsPanel) -> None:
    """Typing 46 designing hours makes an even split: the orchestrator threshold is met."""
    panel.designing.value = 46
    assert panel.session.plan.diagnostics.calendar.designing_hours == 46
    assert "46 of 92 hours (50%)" in panel.calendar_text.value  # 46 / (46 + 46)
    assert "an orchestrator" in panel.calendar_text.value
    parts = {r["part"]: r["hours"] for r in chart_rows(panel.charts["calendar"], "part")}
    assert parts["Designing systems"] == 46
    assert panel.session.dirty


def test_answering_a_question_updates_score_meaning_and_chart(panel: DiagnosticsPanel) -> None:
    """Setting volume over craft to 4 raises the total to 16 (Broken) and colours its bar."""
    panel.answers["volume_over_craft"].value = 4
    assert panel.session.plan.diagnostics.symptoms.volume_over_craft == 4
    assert "16 of 20: Broken" in panel.symptom_text.value  # 3 + 2 + 4 + 3 + 4
    assert "the model, not the team" in panel.meanings["volume_over_craft"].value
    levels = {r["symptom"]: r["level"] for r in chart_rows(panel.charts["symptoms"], "level")}
    assert levels["Volume-over-craft trap"] == "The operating model"


def test_unanswering_a_question_warns(panel: DiagnosticsPanel) -> None:
    """Clearing an answer stores None and the checks say the total leaves it out."""
    panel.answers["attribution_breakdown"].value = NOT_SET
    assert panel.session.plan.diagnostics.symptoms.attribution_breakdown is None
    assert "4 of 5 symptom questions answered" in panel.checks.value
    assert "12 of 20" in panel.symptom_text.value  # 3 + 4 + 3 + 2


def test_choosing_a_stage_and_rating_a_skill(panel: DiagnosticsPanel) -> None:
    """Stage 4 and AI governance at 5 reach the plan, the stage table and the radar."""
    panel.maturity.value = 4
    assert panel.session.plan.diagnostics.maturity_stage == 4
    assert "Stage 4 of 5 — Orchestrated end-to-end pipelines" in panel.maturity_text.value
    panel.skills["ai_governance"].value = 5
    assert panel.session.plan.diagnostics.skills.ai_governance == 5
    spec = panel.charts["skills"].to_dict()
    shapes = [rows for rows in spec["datasets"].values() if rows and "level" in rows[0]]
    assert shapes and all(
        r["level"] == 5 for rows in shapes for r in rows if r["skill"] == "AI governance"
    )


def test_an_invalid_entry_is_refused_and_stays_typed(panel: DiagnosticsPanel) -> None:
    """Negative hours are refused under the box, naming it; the plan keeps 46, the box -5."""
    panel.approving.value = "-5"
    assert panel.session.plan.diagnostics.calendar.approving_hours == 46
    assert "Hours approving work must be 0 or more — you typed -5" in panel.approving.message.value
    assert panel.approving.value == 46  # the plan's value
    assert panel.approving.text.value == "-5"  # what was typed, not snapped back
    assert not panel.session.dirty
