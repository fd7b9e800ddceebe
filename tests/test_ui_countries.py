"""The costing step's countries (issue #24): the CMO picks the country of the plan, a MarOps
seat or a team; the plan changes, the exchange rate its costs need comes with the choice (an
assumption, dated, said so), the step says which profile and tax year apply, and the rate is a
box to set. Tested without a browser: set a widget's value, assert on the new plan."""

from __future__ import annotations

from pathlib import Path

import pytest
from plans import example_copy

from mocmo import costing
from mocmo.ui.core import PlanSession
from mocmo.ui.costing import CostingPanel
from mocmo.ui.costing_countries import AS_PLAN


@pytest.fixture
def panel(tmp_path: Path) -> CostingPanel:
    """A panel on a temporary copy of the Brightwave example (a GBP plan, all UK)."""
    return CostingPanel(PlanSession(example_copy(tmp_path)))


def test_a_seat_in_the_us_is_costed_under_us_rules(panel: CostingPanel) -> None:
    """Picking United States for the first MarOps seat writes its country and the assumed rate
    of USD (GBP 1 = USD 1.3333 in data/defaults/fx.yaml → 1 USD = 0.750019 GBP, dated
    2026-12-02); the step names the profile, its tax year and the state-unemployment
    assumption; the MarOps cost is the model's for that plan, and no longer the UK one."""
    before = costing.marops_loaded_cost(panel.session.plan)
    seat_box = panel.countries.seats.children[1]
    seat_box.value = "us"
    plan = panel.session.plan
    assert plan.marops_seats[0].country == "us"
    rate = plan.assumptions.fx_rates["USD"]
    assert rate.rate == round(1 / 1.3333, 6) and str(rate.as_of) == "2026-12-02"
    assert "assumption" in rate.source
    text = panel.countries.applies.value
    assert "United States</b> — tax year 2026" in text and "set your own" in text
    after = costing.marops_loaded_cost(plan)
    assert after != pytest.approx(before)
    seat_box.value = AS_PLAN
    assert panel.session.plan.marops_seats[0].country is None
    assert costing.marops_loaded_cost(panel.session.plan) == pytest.approx(before)


def test_the_rate_is_a_box_and_a_team_can_move(panel: CostingPanel) -> None:
    """Content moved to Ireland adds EUR at its assumed rate (GBP 1 = EUR 1.15 → 0.869565);
    typing 0.85 in its rate box writes 0.85; Ireland's profile and tax year are shown."""
    names = [r.name for r in panel.session.plan.legacy_roles]
    team_box = panel.countries.teams.children[1 + names.index("Content")]
    team_box.value = "ie"
    plan = panel.session.plan
    assert plan.legacy_roles[names.index("Content")].country == "ie"
    assert plan.assumptions.fx_rates["EUR"].rate == round(1 / 1.15, 6)
    (box,) = panel.countries.rates.children
    box.value = "0.85"
    assert panel.session.plan.assumptions.fx_rates["EUR"].rate == 0.85
    assert "Ireland</b> — tax year 2026" in panel.countries.applies.value


def test_the_plans_own_country(panel: CostingPanel) -> None:
    """The plan's country set to Germany: everyone without a country of their own is costed
    under the German rules (a EUR rate added), and the UK rules say nothing of them."""
    panel.countries.country.value = "de"
    plan = panel.session.plan
    assert plan.assumptions.country == "de" and "EUR" in plan.assumptions.fx_rates
    assert isinstance(costing.cost_basis(plan), costing.CostBasis)
    assert "Germany</b>" in panel.countries.applies.value
