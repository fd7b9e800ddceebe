"""No silent substitution: a value the user gave is used as given (0 means 0) — rework, waits,
fees — and a default fills only an empty field, shown as a default in the reshape step's
workflow table; the workbook's Hand-Off Tax follows the same rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from plans import (
    example_copy,
    legacy_role,
    minimal_data,
    minimal_plan,
    step,
    uk_assumptions,
    workflow,
)

from conftest import LibreOfficeRecalc, load_values, named_value
from mocmo import reshape
from mocmo.excel import write_workbook
from mocmo.plan import Plan, Step, parse_plan, with_changes
from mocmo.present.reshape import workflow_step_rows
from mocmo.ui.core import PlanSession
from mocmo.ui.reshape import RoleReshapePanel

A = uk_assumptions()  # plan defaults: wait 3 days, rework 0.3 × 3 days


# --------------------------------------------------------------------------- rework and waits


def test_a_zero_rework_probability_means_no_rework() -> None:
    """The issue's case: probability 0 with rework days 4 is 0 × 4 = 0 days (it was read as
    'not set' and became the plan's 0.3 × 4 = 1.2 days)."""
    review = step("Review", "Editor", 1, rework_probability=0, rework_days=4)
    assert reshape.step_expected_rework_days(review, A) == 0.0


def test_zero_rework_days_mean_no_rework() -> None:
    """Probability 0.5 with rework days 0 is 0.5 × 0 = 0 days (was 0.5 × the plan's 3 = 1.5)."""
    review = step("Review", "Editor", 1, rework_probability=0.5, rework_days=0)
    assert reshape.step_expected_rework_days(review, A) == 0.0


def test_an_empty_rework_field_takes_the_plan_default() -> None:
    """Only an empty field is filled: days 4 with no probability → 0.3 × 4 = 1.2 days;
    probability 0.5 with no days → 0.5 × 3 = 1.5; both empty → no rework."""
    days_only = step("Review", "Editor", 1, rework_days=4)
    chance_only = step("Review", "Editor", 1, rework_probability=0.5)
    assert reshape.step_expected_rework_days(days_only, A) == pytest.approx(1.2)
    assert reshape.step_expected_rework_days(chance_only, A) == pytest.approx(1.5)
    assert reshape.step_expected_rework_days(step("Draft", "Writer", 1), A) == 0.0


def test_a_zero_wait_at_a_hand_off_is_zero() -> None:
    """A hand-off whose step sets wait 0 waits 0 days, not the plan's 3."""
    first, second = step("Draft", "Writer", 2), step("Edit", "Editor", 3, wait_days=0)
    assert reshape.step_wait_days(first, second, A) == 0.0
    assert reshape.step_wait_days(first, step("Edit", "Editor", 3), A) == 3.0


def test_the_workflow_tax_counts_a_given_zero_as_zero() -> None:
    """Writer 2 d → Editor 3 d (p 0, rework days 4) → Writer 1 d: waits 3 + 3 = 6 days and no
    rework, so the Hand-Off Tax is 6 days (was 6 + 1.2 = 7.2) and the cycle 6 + 6 = 12 days."""
    steps = (
        step("Draft", "Writer", 2),
        step("Edit", "Editor", 3, rework_probability=0, rework_days=4),
        step("Fix", "Writer", 1),
    )
    m = reshape.workflow_metrics(steps, A)
    assert m.handoff_tax_days == pytest.approx(6.0)
    assert m.cycle_days == pytest.approx(12.0)
    schedule = reshape.workflow_schedule(steps, A)
    assert "rework" not in set(schedule["kind"])  # the swimlane draws no rework either


def test_a_plan_file_keeps_a_zero_and_an_empty_field_apart() -> None:
    """A YAML 0 stays 0; a field left out (or null) is empty (None), the 'use the plan's
    default' of the model."""
    given = Step.model_validate({"name": "R", "owner": "E", "days": 1, "rework_probability": 0})
    empty = Step.model_validate({"name": "R", "owner": "E", "days": 1, "rework_days": None})
    assert (given.rework_probability, given.rework_days) == (0.0, None)
    assert (empty.rework_probability, empty.rework_days) == (None, None)


# --------------------------------------------------------------------------- fees


def test_a_zero_recruitment_fee_rate_costs_nothing() -> None:
    """The minimal plan hires the MarOps Lead (£100,000 at mid) and, as the plan default, its
    GTM Marketer (nobody is left to move: £67,500 at the mid of £55,000–80,000); at fee rate 0
    the recruitment fees are £0 (at the plan's 20%: £20,000 + £13,500 = £33,500)."""
    from mocmo import migration

    data = minimal_data()
    assert migration.recruitment_cost(parse_plan(data)) == pytest.approx(33_500.0)
    data["assumptions"]["on_costs"]["recruitment_fee_rate"] = 0
    assert migration.recruitment_cost(parse_plan(data)) == 0.0


# --------------------------------------------------------------------------- shown as a default


def _review_plan() -> Plan:
    """The minimal plan whose Content workflow is Writer 2 d → Editor 3 d (rework days 4, no
    chance, no wait: both from the plan) → Writer 1 d (wait 0, chance 0, rework days 4)."""
    legacy = (
        step("Draft", "Writer", 2),
        step("Edit", "Editor", 3, rework_days=4),
        step("Fix", "Writer", 1, wait_days=0, rework_probability=0, rework_days=4),
    )
    return minimal_plan(legacy_roles=(legacy_role(workflow=workflow(legacy=legacy)),))


def test_the_workflow_table_marks_what_the_plan_default_filled() -> None:
    """Edit leaves its wait and its chance empty: '3 days — plan default' and '30% — plan
    default' (0.3 × 4 = 1.2 days); Fix gives wait 0 and chance 0: shown as 0, not defaults."""
    plan = _review_plan()
    rows = workflow_step_rows(plan, "Content", "legacy")
    draft, edit, fix = rows
    assert draft["Wait before"] == "—"  # the first step waits for nobody
    assert edit["Wait before"] == "3 days — plan default"
    assert edit["Chance of a send-back"] == "30% — plan default"
    assert edit["Days a send-back costs"] == "4 days"
    assert edit["Expected rework"] == "1.2 days"
    assert fix["Wait before"] == "0 days"
    assert fix["Chance of a send-back"] == "0%"
    assert fix["Expected rework"] == "0 days"
    assert draft["Chance of a send-back"] == "—"  # no rework fields: no send-back


# --------------------------------------------------------------------------- the workbook


def test_libreoffice_recalculates_the_hand_off_tax_with_zero_as_zero(
    tmp_path: Path, lo_recalc: LibreOfficeRecalc
) -> None:
    """The workbook's rework formula reads a given 0 as 0 and an empty cell as the default:
    the plan above has waits 3 + 0 = 3 days and rework 0.3 × 4 = 1.2 (Edit) + 0 × 4 (Fix) →
    legacy Hand-Off Tax 4.2 days, in the model and in LibreOffice."""
    plan = _review_plan()
    tax = reshape.workflow_comparison(plan)["tax_days_legacy"].iloc[0]
    assert tax == pytest.approx(4.2)
    xlsx = write_workbook(plan, tmp_path / "plan.xlsx")
    values = load_values(lo_recalc(xlsx))
    assert named_value(values, "handoff_tax_days_legacy") == pytest.approx(4.2)


def test_a_with_changes_zero_is_kept() -> None:
    """Setting a step's rework probability to 0 through a path edit keeps 0 (the example's
    Messaging review: 0 × 4 days → no rework from that step)."""
    plan = _review_plan()
    edited = with_changes(
        plan,
        {"legacy_roles[0].workflow.legacy[1].rework_probability": 0},
    )
    role = edited.legacy_roles[0]
    assert role.workflow is not None
    assert role.workflow.legacy[1].rework_probability == 0.0
    assert reshape.step_expected_rework_days(role.workflow.legacy[1], edited.assumptions) == 0.0


def test_the_reshape_step_shows_the_workflow_table_with_its_defaults(tmp_path: Path) -> None:
    """The example's Product Marketing workflow in the app's Reshape step: 'Positioning draft'
    follows a hand-off and sets no wait, so it reads '3 days — plan default'; 'Late PMM review'
    sets 5 days, shown as given."""
    panel = RoleReshapePanel(PlanSession(example_copy(tmp_path)))
    table = panel.steps_table.value
    assert "Positioning draft" in table
    assert "3 days — plan default" in table
    assert '<td class="">5 days</td>' in table
