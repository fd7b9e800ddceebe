"""Products in the app: mocmo.audiences.rename_product / remove_product / product_uses on a
hand-built plan, and the Audiences panel's products editor (add, rename, remove with a question
first, duplicate names refused) without a browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from plans import audience_plan, segment_audience

from mocmo import audiences as aud
from mocmo.plan import Pain, Plan, save_plan
from mocmo.ui.audiences import NEW, AudiencesPanel
from mocmo.ui.core import PlanSession


def _plan() -> Plan:
    """Alpha and Beta sold; 'North' has pains [Alpha] and [Alpha, Beta]; 'South' has [Beta];
    'East' has [Alpha]. Alpha: 3 pains in 2 audiences; Beta: 2 pains in 2 audiences."""
    north = segment_audience("North", "Retail", "SMB", "UK").model_copy(
        update={
            "pains": (
                Pain(name="Slow checkout", products=("Alpha",)),
                Pain(name="No insight", products=("Alpha", "Beta")),
            )
        }
    )
    south = segment_audience("South", "Health", "SMB", "UK").model_copy(
        update={"pains": (Pain(name="Churn", products=("Beta",)),)}
    )
    east = segment_audience("East", "Energy", "SMB", "UK")  # one pain answered by Alpha
    return audience_plan(north, south, east)


def test_rename_product_renames_every_reference() -> None:
    """Renaming Alpha to Alpha One renames the product and every pain that lists it, nothing
    else."""
    plan = _plan()
    renamed = aud.rename_product(plan, "Alpha", "Alpha One")
    assert [p.name for p in renamed.products] == ["Alpha One", "Beta"]
    assert [[p.products for p in a.pains] for a in renamed.audiences] == [
        [("Alpha One",), ("Alpha One", "Beta")],
        [("Beta",)],
        [("Alpha One",)],
    ]
    assert [p.name for p in plan.products] == ["Alpha", "Beta"]  # the old plan is unchanged


def test_product_uses_and_remove_product() -> None:
    """Alpha is used by 3 pains in 2 audiences; removing it drops it from those pains."""
    plan = _plan()
    assert aud.product_uses(plan, "Alpha") == (3, 2)
    assert aud.product_uses(plan, "Beta") == (2, 2)
    removed = aud.remove_product(plan, "Alpha")
    assert [p.name for p in removed.products] == ["Beta"]
    assert [[p.products for p in a.pains] for a in removed.audiences] == [
        [(), ("Beta",)],
        [("Beta",)],
        [()],
    ]


@pytest.fixture
def panel(tmp_path: Path) -> AudiencesPanel:
    """An Audiences panel on the hand-built plan above, saved to a temporary file."""
    path = tmp_path / "plan.yaml"
    save_plan(_plan(), path)
    return AudiencesPanel(PlanSession(path))


def test_panel_adds_a_product(panel: AudiencesPanel) -> None:
    """Typing a name and a description and pressing Add product adds it, offered to pains."""
    panel.products.picker.value = NEW
    panel.products.name.text.value = "Gamma"
    panel.products.description.text.value = "Forecasting"
    panel.products.add_button.click()
    assert [(p.name, p.description) for p in panel.session.plan.products][-1] == (
        "Gamma",
        "Forecasting",
    )
    assert "Gamma" in panel._rows()[0].products.options


def test_panel_renames_a_product_and_its_references(panel: AudiencesPanel) -> None:
    """Renaming Beta in the editor renames it in the plan and in every pain that lists it."""
    panel.products.picker.value = 1
    assert panel.products.name.text.value == "Beta"
    panel.products.name.text.value = "Beta Plus"
    panel.products.save_button.click()
    plan = panel.session.plan
    assert [p.name for p in plan.products] == ["Alpha", "Beta Plus"]
    assert plan.audiences[0].pains[1].products == ("Alpha", "Beta Plus")
    assert plan.audiences[1].pains[0].products == ("Beta Plus",)


def test_panel_remove_asks_first_when_pains_use_it(panel: AudiencesPanel) -> None:
    """Removing Alpha asks "3 pains and 2 audiences use 'Alpha' — remove it from them too?"
    and changes nothing until Confirm is pressed."""
    before = panel.session.plan
    panel.products.picker.value = 0
    panel.products.remove_button.click()
    assert panel.session.plan is before
    assert "3 pains and 2 audiences use &#x27;Alpha&#x27; — remove it from them too?" in (
        panel.products.note.value
    )
    assert panel.products.confirm_button.layout.display != "none"
    panel.products.confirm_button.click()
    plan = panel.session.plan
    assert [p.name for p in plan.products] == ["Beta"]
    assert plan.audiences[0].pains[0].products == ()
    assert panel.products.confirm_button.layout.display == "none"


def test_panel_removes_an_unused_product_at_once(panel: AudiencesPanel) -> None:
    """A product no pain uses is removed on the first press."""
    panel.products.picker.value = NEW
    panel.products.name.text.value = "Gamma"
    panel.products.add_button.click()
    panel.products.picker.value = 2
    panel.products.remove_button.click()
    assert [p.name for p in panel.session.plan.products] == ["Alpha", "Beta"]


@pytest.mark.parametrize("typed", ["alpha", " ALPHA ", "Al pha"])
def test_panel_refuses_a_duplicate_product_name(panel: AudiencesPanel, typed: str) -> None:
    """A new name equal to another product's, ignoring case and spaces, is refused in plain
    words and the plan stays as it was."""
    before = panel.session.plan
    panel.products.picker.value = NEW
    panel.products.name.text.value = typed
    panel.products.add_button.click()
    assert panel.session.plan is before
    assert "There is already a product called &#x27;Alpha&#x27;" in panel.products.problems.value
    panel.products.picker.value = 1  # renaming Beta to it is refused too
    panel.products.name.text.value = typed
    panel.products.save_button.click()
    assert panel.session.plan is before
    assert "There is already a product called &#x27;Alpha&#x27;" in panel.products.problems.value


def test_a_rename_follows_into_the_audience_form(panel: AudiencesPanel) -> None:
    """An audience open in the form keeps its pains' products through a rename: saving the
    form afterwards keeps the renamed product, not a dropped one."""
    panel.picker.value = 1  # South: one pain answered by Beta
    assert panel._rows()[0].products.value == ("Beta",)
    panel.products.picker.value = 1
    panel.products.name.text.value = "Beta Plus"
    panel.products.save_button.click()
    assert panel._rows()[0].products.value == ("Beta Plus",)
    panel.save_button.click()
    assert panel.session.plan.audiences[1].pains[0].products == ("Beta Plus",)
