"""The Scenarios page: save the current plan as a named variant beside it, and compare any two
plans — driven through its widgets without a browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from plans import minimal_plan

from mocmo.plan import load_plan, save_plan

pytest.importorskip("ipywidgets")

from mocmo.ui.core import PlanSession
from mocmo.ui.scenarios import CURRENT, ScenariosPanel, variant_path

MOVE = {
    "legacy_roles[0].activities[0].destination": "ai",
    "legacy_roles[0].activities[0].oversight": 0.25,
}
"""Content's "Standards" (50% of its hours) from stays to AI with 25% oversight."""


@pytest.fixture
def session(tmp_path: Path) -> PlanSession:
    """A session on a copy of the minimal plan in its own folder."""
    path = tmp_path / "plans" / "acme.yaml"
    save_plan(minimal_plan(), path)
    return PlanSession(path)


def test_variant_path_is_beside_the_plan() -> None:
    """A variant is saved as <plan>-<variant>.yaml in the plan's folder, the name made safe."""
    assert variant_path(Path("/x/acme.yaml"), "Less AI!") == Path("/x/acme-less-ai.yaml")
    with pytest.raises(ValueError):
        variant_path(Path("/x/acme.yaml"), "  ")


def test_save_variant_writes_the_current_plan_and_keeps_the_session(session: PlanSession) -> None:
    """Saving a variant writes the plan as edited (name marked) beside the plan; the session
    keeps its own file, and plan B is preselected as the new variant."""
    panel = ScenariosPanel(session)
    assert session.apply(MOVE) == []
    panel.variant.value = "Less AI"
    target = panel.save_variant()
    assert target == session.path.with_name("acme-less-ai.yaml")
    saved = load_plan(target)
    assert saved.meta.name == "Test plan (Less AI)"
    assert saved.legacy_roles[0].activities[0].destination == "ai"
    assert session.path.name == "acme.yaml"
    assert panel.plan_b.value == str(target)
    assert panel.plan_a.value == str(session.path)


def test_save_variant_refuses_an_existing_name_or_no_name(session: PlanSession) -> None:
    """A variant name already used, or an empty one, writes nothing and says why."""
    panel = ScenariosPanel(session)
    panel.variant.value = "copy"
    assert panel.save_variant() is not None
    before = session.path.with_name("acme-copy.yaml").read_text(encoding="utf-8")
    assert session.apply(MOVE) == []
    assert panel.save_variant() is None
    assert "already exists" in panel.save_note.value
    assert session.path.with_name("acme-copy.yaml").read_text(encoding="utf-8") == before
    panel.variant.value = ""
    assert panel.save_variant() is None


def test_compare_saved_plan_with_current_edits(session: PlanSession) -> None:
    """Comparing the saved plan (A) with the current edits (B) shows the one difference, the
    figures table with the capacity change, and both charts."""
    panel = ScenariosPanel(session)
    assert session.apply(MOVE) == []
    panel.plan_a.value = str(session.path)
    panel.plan_b.value = CURRENT
    result = panel.run()
    assert result is not None
    assert [d.text for d in result.differences] == [
        "Content · Standards: stays → AI (oversight 25%)"
    ]
    # 2 people × 37.5 h × 50% × (1 − 25%) = 28.125 h/wk more capacity reclaimed.
    assert result.figure("capacity_reclaimed_hours_per_week").delta == pytest.approx(28.125)
    assert "+28.1 h/wk" in panel.figures.value
    assert "stays → AI (oversight 25%)" in panel.differences.value
    cost = panel.cost_box.chart.to_dict()
    assert {r["which"] for r in cost["datasets"][cost["data"]["name"]]} == {"A", "B"}
    assert "vconcat" in panel.timeline_box.chart.to_dict()


def test_compare_plan_with_itself_says_no_differences(session: PlanSession) -> None:
    """The same plan as A and B: no differences, and the page says so."""
    panel = ScenariosPanel(session)
    panel.plan_a.value = CURRENT
    panel.plan_b.value = CURRENT
    result = panel.run()
    assert result is not None and result.differences == ()
    assert "No differences" in panel.differences.value


def test_compare_reports_an_unreadable_plan(session: PlanSession) -> None:
    """A plan file that is not valid is reported, and nothing is compared."""
    bad = session.path.with_name("broken.yaml")
    bad.write_text("meta: {}\n", encoding="utf-8")
    panel = ScenariosPanel(session)
    panel.plan_a.value = CURRENT
    panel.plan_b.value = str(bad)
    assert panel.run() is None
    assert "meta.name" in panel.compare_problems.value
