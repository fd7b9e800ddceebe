"""Early attrition during the transition (#19): a share of the people planned to move into a
new position resign before their move — no exit cost — and their places are hired.

The hand plan is tests/test_excel_transition.py's ``hand_plan``: Content's 4 people at £48,000;
1 becomes its custodian in month 3, 1 moves to GTM Marketer A (£36,000, £3,000 a month) in
month 2, 2 leave; recruitment fee 20%, retraining £1,700 a mover, ramp-up from 50% over 2 months
for a mover and 3 for a hire. With early attrition 25%:

- the move to GTM Marketer A becomes 0.75 of a person; 0.25 resigns in month 2 and 0.25 is
  hired for month 2 (the custodian keeps the craft and is not counted);
- recruitment: + 0.25 × 20% × £36,000 = + £1,800;
- retraining: 0.75 × £1,700 = £1,275 instead of £1,700: − £425;
- ramp-up lost output at £3,000 a month, linear from 50%: a mover loses 2 × ½ × 50% × £3,000 =
  £1,500, a hire 3 × ½ × 50% × £3,000 = £2,250; 0.75 × £1,500 + 0.25 × £2,250 = £1,687.50
  instead of £1,500: + £187.50;
- exits: unchanged (the resignation costs nothing); payroll: unchanged (the resigner is paid
  to month 1 like the mover was, the hire from month 2 like the mover);
- one-off cost: + £1,800 − £425 + £187.50 = + £1,562.50.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_excel_transition import _assert_agrees, _assert_months_agree, _figures, hand_plan

from conftest import LibreOfficeRecalc, load_values
from mocmo import migration
from mocmo.defaults import load_example
from mocmo.excel import write_workbook
from mocmo.plan import Plan, with_value
from mocmo.transition import flows as people


def _with_attrition(plan: Plan, share: float) -> Plan:
    return with_value(plan, "assumptions.transition.early_attrition", share)


def test_attrition_resigns_and_hires_a_share_of_each_planned_move() -> None:
    plan = _with_attrition(hand_plan(), 0.25)
    flows = people.flows(plan)
    gtm = [f for f in flows if f.to == "GTM Marketer: A" or (f.resigns and f.team == "Content")]
    kinds = sorted((f.kind, f.count, f.month, f.resigns) for f in gtm)
    assert kinds == [("hire", 0.25, 2, False), ("leave", 0.25, 2, True), ("move", 0.75, 2, False)]
    custodian = [f for f in flows if f.to == "Custodian: Content"]
    assert [(f.kind, f.count) for f in custodian] == [("move", 1.0)]


def test_attrition_costs_what_the_hand_calculation_says() -> None:
    before = _figures(hand_plan())
    after = _figures(_with_attrition(hand_plan(), 0.25))
    assert after["recruitment_cost"] - before["recruitment_cost"] == pytest.approx(1_800)
    assert after["retraining_cost"] - before["retraining_cost"] == pytest.approx(-425)
    assert after["ramp_cost"] - before["ramp_cost"] == pytest.approx(187.5)
    assert after["exit_cost"] == pytest.approx(before["exit_cost"])
    assert after["one_off_cost"] - before["one_off_cost"] == pytest.approx(1_562.5)
    assert after["hires_count"] - before["hires_count"] == pytest.approx(0.25)
    assert after["movers_count"] - before["movers_count"] == pytest.approx(-0.25)
    assert after["leavers_count"] - before["leavers_count"] == pytest.approx(0.25)
    a, b = migration.monthly(hand_plan()), migration.monthly(_with_attrition(hand_plan(), 0.25))
    assert list(a["payroll_cost"]) == pytest.approx(list(b["payroll_cost"]))


def test_no_attrition_is_the_plan_as_it_was() -> None:
    plan = load_example()
    assert _figures(_with_attrition(plan, 0.0)) == _figures(plan)
    assert all(f.planned is None and not f.resigns for f in people.flows(plan))


def test_attrition_out_of_range_is_refused() -> None:
    from mocmo.plan import PlanError, parse_plan

    data = hand_plan().model_dump(mode="json")
    data["assumptions"]["transition"]["early_attrition"] = 1.5
    with pytest.raises(PlanError, match=r"early_attrition"):
        parse_plan(data)


@pytest.mark.libreoffice
@pytest.mark.parametrize("make", [lambda: hand_plan(), load_example], ids=["hand", "example"])
def test_the_workbook_recalculates_attrition_as_the_model(
    make, lo_recalc_shared: LibreOfficeRecalc, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """With early attrition 25% (given flows on the hand plan, derived ones on the example),
    LibreOffice recalculates every transition figure and each month to the model's; typing
    10% into the Assumptions' early attrition moves them as the model does at 10%."""
    import openpyxl

    plan = _with_attrition(make(), 0.25)
    xlsx = write_workbook(plan, tmp_path / "plan.xlsx")
    values = load_values(lo_recalc_shared(xlsx))
    figures = _figures(plan)
    keys = tuple(k for k in figures if not k.endswith(("_p10", "_p50", "_p90")))
    _assert_agrees(values, figures, keys)
    _assert_months_agree(values, plan)

    wb = openpyxl.load_workbook(xlsx)
    target = wb.defined_names["transition_early_attrition"].attr_text
    sheet, ref = target.split("!")
    wb[sheet.strip("'")][ref.replace("$", "")].value = 0.1
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    changed = _with_attrition(make(), 0.1)
    again = load_values(lo_recalc_shared(edited))
    figures = _figures(changed)
    transition = ("one_off_cost", "recruitment_cost", "retraining_cost", "ramp_cost",
                  "exit_cost", "hires_count", "movers_count", "leavers_count", "breakeven_month",
                  "total_net_change")  # fmt: skip
    _assert_agrees(again, figures, transition)


def test_early_attrition_is_a_driver_of_the_ranges() -> None:
    """The ranges' early-attrition driver adds to the plan's own share: at +25 points the hand
    plan costs what the plan with 25% attrition costs, and on the example the driver is in the
    tornado, from the plan's own 0 at its P10 (a one-sided range) to more at its P90."""
    from mocmo import ranges

    moved = ranges.apply(hand_plan(), "early_attrition", 0.25)
    assert _figures(moved)["one_off_cost"] == pytest.approx(
        _figures(_with_attrition(hand_plan(), 0.25))["one_off_cost"]
    )
    table = ranges.tornado(load_example(), top=20)
    row = table[table["driver"] == "early_attrition"].iloc[0]
    assert row["p10_value"] == 0.0 and row["p90_value"] > 0.0
