"""The Audiences panel without a browser: set widget values, press buttons, check the plan,
the checks and the charts' Vega-Lite data."""

from __future__ import annotations

from pathlib import Path

import pytest
from chart_specs import chart_rows
from plans import audience_plan as plan_of
from plans import example_copy
from plans import segment_audience as audience

from mocmo import defaults
from mocmo.plan import load_plan
from mocmo.ui.audiences import NEW, AudiencesPanel, styled_table
from mocmo.ui.core import PlanSession


@pytest.fixture
def panel(tmp_path: Path) -> AudiencesPanel:
    """A panel on a temporary copy of the Brightwave example (6 audiences, £17.5M of £18M)."""
    return AudiencesPanel(PlanSession(example_copy(tmp_path)))


def _fill_new(panel: AudiencesPanel) -> None:
    panel.picker.value = NEW
    panel.name.value = "Mid-Market Healthcare"
    panel.industry.value = "Healthcare"
    panel.company_size.value = "Mid-Market"
    panel.region.value = "UK & Ireland"
    panel.icp.value = "Private clinics with 200-1,000 staff; buyer is the COO."
    row = panel._rows()[0]
    row.name.value = "Patients drop out between referral and booking"
    row.products.value = ("Brightwave Journeys", "Brightwave Insights")
    panel.channels.value = ["LinkedIn", "Healthcare webinars"]
    panel.pipeline_target.value = 1_000_000
    panel.owner.value = ""


def test_adding_an_audience_reaches_plan_checks_and_charts(panel: AudiencesPanel) -> None:
    """Pressing Add puts the form's audience in the plan, in the checks and in both charts."""
    _fill_new(panel)
    panel.add_button.click()
    plan = panel.session.plan
    assert [a.name for a in plan.audiences][-1] == "Mid-Market Healthcare"
    added = plan.audiences[-1]
    assert added.segment.industry == "Healthcare" and added.owner is None
    assert added.pains[0].products == ("Brightwave Journeys", "Brightwave Insights")
    assert added.channels == ("LinkedIn", "Healthcare webinars")
    # No owner → the checks name it.
    assert "Mid-Market Healthcare" in panel.checks.value
    assert "no owner yet" in panel.checks.value
    # 17.5M + 1M = 18.5M against 18M: now over-allocated by £500K.
    assert "over the company target of £18M by £500K" in panel.checks.value
    assert "against a company target" not in panel.checks.value  # the earlier gap is gone
    bars = chart_rows(panel.pipeline_box.chart, "pipeline_target")
    assert bars[-1]["audience"] == "Mid-Market Healthcare"
    assert bars[-1]["pipeline_target"] == 1_000_000
    cells = {
        (r["audience"], r["product"]): r["pains"]
        for r in chart_rows(panel.product_box.chart, "pains")
    }
    assert cells[("Mid-Market Healthcare", "Brightwave Journeys")] == 1
    assert cells[("Mid-Market Healthcare", "Brightwave Connect")] == 0
    assert "Mid-Market Healthcare" in panel.table.value
    assert panel.picker.value == 6  # the new audience is now the one being edited
    assert panel.session.dirty


def test_invalid_edit_shows_problems_and_leaves_the_plan(panel: AudiencesPanel) -> None:
    """A negative pipeline target is refused with its message; the plan stays the same object."""
    before = panel.session.plan
    _fill_new(panel)
    panel.pipeline_target.value = -5
    panel.add_button.click()
    assert panel.session.plan is before
    assert "audiences[6].pipeline_target" in panel.form_problems.value
    assert "0 or more" in panel.form_problems.value
    assert panel.form_problems.layout.display is None


def test_duplicate_name_is_refused(panel: AudiencesPanel) -> None:
    """Adding an audience with an existing name is refused and the plan keeps 6 audiences."""
    _fill_new(panel)
    panel.name.value = "Public Sector"
    panel.add_button.click()
    assert len(panel.session.plan.audiences) == 6
    assert "must be unique" in panel.form_problems.value


def test_editing_sets_owner_and_clears_the_check(panel: AudiencesPanel) -> None:
    """Giving Public Sector a new GTM team member as owner removes its 'no owner' warning."""
    panel.picker.value = 4
    assert panel.name.value == "Public Sector"
    panel.new_person.value = "Sam Lee"
    panel.add_person_button.click()
    assert panel.session.plan.gtm_team[-1] == "Sam Lee"
    assert panel.owner.value == "Sam Lee"
    assert "owns no audience" in panel.checks.value  # Sam is in the team, owning nothing yet
    panel.save_button.click()
    plan = panel.session.plan
    assert plan.audiences[4].owner == "Sam Lee"
    assert plan.audiences[4].pains == defaults.load_example().audiences[4].pains
    assert "no owner yet" not in panel.checks.value
    assert "owns no audience" not in panel.checks.value


def test_pain_with_no_product_is_flagged_after_edit(panel: AudiencesPanel) -> None:
    """Clearing the products of a pain brings up the 'maps to no product' check."""
    panel.picker.value = 4  # Public Sector: one pain, answered by Insights
    panel._rows()[0].products.value = ()
    panel.save_button.click()
    assert panel.session.plan.audiences[4].pains[0].products == ()
    assert "maps to no product" in panel.checks.value
    assert "can&#x27;t write messaging" in panel.checks.value


def test_removing_an_audience_updates_plan_and_chart(panel: AudiencesPanel) -> None:
    """Removing Public Sector leaves five audiences and drops it from the pipeline chart."""
    panel.picker.value = 4
    panel.remove_button.click()
    names = [a.name for a in panel.session.plan.audiences]
    assert "Public Sector" not in names and len(names) == 5
    bars = chart_rows(panel.pipeline_box.chart, "pipeline_target")
    assert "Public Sector" not in [r["audience"] for r in bars]
    assert panel.picker.value == NEW


def test_save_writes_the_edited_plan(panel: AudiencesPanel) -> None:
    """After an add, the Save bar writes the plan with the new audience to its file."""
    _fill_new(panel)
    panel.add_button.click()
    outcome = panel.save_bar.save()
    assert outcome.status == "saved"
    assert load_plan(panel.session.path).audiences[-1].name == "Mid-Market Healthcare"


def test_headline_line_shows_hand_computed_coverage(panel: AudiencesPanel) -> None:
    """The summary line reads 6 audiences, £17.5M, 97.2% of the £18M target (17.5 / 18)."""
    text = panel.summary.value
    assert "<b>6</b> audiences" in text
    assert "£17.5M" in text and "97.2%" in text and "£18M" in text


def test_styled_table_formats_money_shares_and_missing_values() -> None:
    """The notebook table shows £ amounts, percentages, and blanks for a missing month/target."""
    html = styled_table(plan_of(audience("A", target=1_500_000))).to_html()
    # One audience holds 100% of the audience pipeline; no company target → "—".
    assert "£1.5M" in html and "100.0%" in html and "—" in html
