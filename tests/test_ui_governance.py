"""The Agent governance panel without a browser: fill forms, press buttons, set rows of
inputs; check the plan, the checks and the charts' Vega-Lite data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from chart_specs import chart_rows
from plans import example_copy

from mocmo import governance as gov
from mocmo.ui.core import PlanSession
from mocmo.ui.governance import NEW, GovernancePanel, RecordEditor


@pytest.fixture
def panel(tmp_path: Path) -> GovernancePanel:
    """A panel on a temporary copy of the Brightwave example: six agents, the Paid Media
    Optimiser (index 3) acting on budget with no approver, the Lead Scoring Agent (index 4)
    built and audited by the Workflow Architect & Data Steward."""
    return GovernancePanel(PlanSession(example_copy(tmp_path)))


def _field(editor: RecordEditor, key: str) -> Any:
    return next(f.widget for f in editor.fields if f.key == key)


def test_naming_an_approver_clears_the_flag(panel: GovernancePanel) -> None:
    """Picking the Paid Media Optimiser and naming the Head of GTM as approver removes the
    'acts without approver' warning and count."""
    assert gov.headline(panel.session.plan)["agents_acting_without_approver"] == 1
    assert "Paid Media Optimiser acts on budget" in panel.checks.value
    panel.agents.picker.value = 3
    assert _field(panel.agents, "name").value == "Paid Media Optimiser"
    _field(panel.agents, "approver").value = "Head of GTM"
    assert panel.agents.save() == []
    plan = panel.session.plan
    assert plan.agents[3].approver == "Head of GTM"
    assert gov.headline(plan)["agents_acting_without_approver"] == 0
    assert "Paid Media Optimiser acts on budget" not in panel.checks.value
    assert "0 acting on trust" in panel.summary.value


def test_adding_an_agent_whose_builder_audits_it(panel: GovernancePanel) -> None:
    """A new agent built and audited by one person is added and flagged at its auditor."""
    editor = panel.agents
    editor.picker.value = NEW
    _field(editor, "name").value = "Repurposing Agent"
    _field(editor, "job").value = "content"
    _field(editor, "outcome").value = "More reach from every webinar"
    _field(editor, "data").value = ["Webinar recordings"]
    _field(editor, "mode").value = "drafts"
    _field(editor, "touches").value = ("public_content",)
    _field(editor, "owner").value = "Elena Rossi"
    _field(editor, "builder").value = "Prompt & Knowledge Designer"
    _field(editor, "auditor").value = "Prompt & Knowledge Designer"
    assert editor.add() == []
    added = panel.session.plan.agents[-1]
    assert added.name == "Repurposing Agent" and added.data == ("Webinar recordings",)
    assert added.touches == ("public_content",) and added.approver is None
    assert "agents[6].auditor" in panel.checks.value
    assert "Repurposing Agent" in panel.register_table.value


def test_a_duplicate_agent_is_refused(panel: GovernancePanel) -> None:
    """Adding a second agent of an existing name shows the problem and leaves six agents."""
    editor = panel.agents
    editor.picker.value = 0
    assert editor.add() != []
    assert len(panel.session.plan.agents) == 6
    assert "must be unique" in editor.problems.value
    assert not panel.session.dirty


def test_removing_an_agent(panel: GovernancePanel) -> None:
    """Removing the Lead Scoring Agent leaves five agents and no role clash."""
    panel.agents.picker.value = 4
    assert panel.agents.remove() == []
    plan = panel.session.plan
    assert [a.name for a in plan.agents].count("Lead Scoring Agent") == 0
    assert gov.role_clashes(plan) == ()


def test_a_decision_left_to_ai_on_pricing_is_flagged_and_drawn(panel: GovernancePanel) -> None:
    """A new AI-only pricing decision is flagged and appears in the heatmap's AI column."""
    editor = panel.decisions
    editor.picker.value = NEW
    _field(editor, "decision").value = "Renewal discounts"
    _field(editor, "decided_by").value = "ai"
    _field(editor, "area").value = "pricing"
    assert editor.add() == []
    assert panel.session.plan.decision_rights[-1].area == "pricing"
    assert "Renewal discounts" in panel.checks.value
    cells = chart_rows(panel.charts["decision-rights"], "fill")
    assert {"decision": "Renewal discounts", "who": "AI"}.items() <= next(
        c for c in cells if c["decision"] == "Renewal discounts" and c["mark"] == "✓"
    ).items()


def test_budget_rows_edit_the_plan_and_the_chart(panel: GovernancePanel) -> None:
    """Cutting agencies to £200K after reaches the plan, the sentence and the chart."""
    panel.budget_rows["agencies_freelancers"].after.value = 200_000
    line = panel.session.plan.budget_shift[0]
    assert (line.line, line.after) == ("agencies_freelancers", 200_000)
    # after: 200 + 60 + 140 + 60 + 80 = £540K; variable (200 + 80) / 540 = 52%
    assert "£540K after" in panel.budget_text.value
    assert "52% of the budget" in panel.budget_text.value
    amounts = {
        (r["line"], r["when"]): r["amount"] for r in chart_rows(panel.charts["budget"], "nature")
    }
    assert amounts[("Agencies and freelancers", "After")] == 200_000


def test_engine_rows_edit_the_layers(panel: GovernancePanel) -> None:
    """Marking the feedback layer '—' drops it from the plan and the checks say so."""
    panel.engine_rows["feedback"].mode.value = ""
    layers = [e.layer for e in panel.session.plan.content_engine]
    assert "feedback" not in layers and len(layers) == 5
    assert "leaves out Feedback" in panel.checks.value


def test_adding_a_metric_shows_its_improvement(panel: GovernancePanel) -> None:
    """A lead-routing intervention rate 0.4 → 0.1 shows a 75% improvement."""
    editor = panel.metrics
    editor.picker.value = NEW
    _field(editor, "workflow").value = "Lead routing and scoring"
    _field(editor, "metric").value = "human_intervention_rate"
    _field(editor, "baseline").value = 0.4
    _field(editor, "target").value = 0.1
    assert editor.add() == []
    assert panel.session.plan.operating_metrics[-1].target == 0.1
    assert "75%" in panel.metrics_table.value  # (0.4 − 0.1) / 0.4
    values = [r for r in chart_rows(panel.charts["metrics"], "value")
              if r["workflow"] == "Lead routing and scoring"]  # fmt: skip
    assert {r["value"] for r in values} == {0.4, 0.1}


def test_span_table_for_the_example(panel: GovernancePanel) -> None:
    """The example's 30 people need 3 layers at a span of 5 and 2 at a span of 20."""
    assert "Manager (legacy)" in panel.span_table.value
    table = gov.span_table(panel.session.plan)
    assert list(table["layers"]) == [3, 2, 3, 2]  # 30→6→2→1; 30→4→1; 30→6→2→1; 30→2→1
