"""The workbook of a plan with a roster costs today's teams on their actual pay, person by
person, as the model does: the legacy cost, the monthly payroll (through a pay review), the
staying-legacy baseline, the handover overlap and every headline figure recalculate in
LibreOffice to `mocmo summary --json` — from per-team inputs on the Assumptions sheet, never a
person's pay."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from plans import costed_plan, migration_role, uk_oncosts

from conftest import LibreOfficeRecalc, load_values, named_value
from mocmo import migration
from mocmo.excel import write_workbook
from mocmo.export import summary_json
from mocmo.plan import (
    PayReview,
    Person,
    Plan,
    Roster,
    TransitionInputs,
    with_changes,
    with_value,
)
from mocmo.verify import differences, workbook_figures

FIRST_MONTH_COL = 9  # month 1's column on the Migration sheet
MONTH_ROWS = {
    "payroll_cost": "Payroll cost",
    "legacy_baseline_cost": "Legacy baseline (staying as today)",
    "overlap_cost": "Handover overlap (one-off)",
    "exit_cost": "Exit costs (one-off)",
    "cumulative_difference": "Cumulative difference",
}
"""mocmo.migration.monthly columns → the Migration sheet's row titles."""

PEOPLE = (
    ("R1", "Content", 61_000, 1.0),
    ("R2", "Content", 20_000, 0.2),
    ("R3", "Brand", 49_000, 1.0),
    ("R4", "Brand", 29_000, 1.0),
)
"""(id, team, salary, FTE) of the hand plan's four people."""


def roster_plan() -> Plan:
    """Two teams of two on their actual pay, on-costs per person, a 4% pay review in month 3;
    the flows derived (Content's leaver goes in month 5, Brand's in month 6, each kept on two
    months after the team changes shape: a handover overlap at the raised pay).

    On-costs: employer NI 15% above £5,000; pension 3% of qualifying earnings between £6,000
    and £50,000; no benefits; tools £1,000 a head; horizon 8 months. Bands (flat): Content
    £48,000, Brand £40,000 — the roster pays otherwise:

    - R1 (Content) £61,000: NI 15% × 56,000 = 8,400; pension 3% × (50,000 − 6,000) = 1,320
      (capped at the upper limit); + 1,000 tools → £71,720;
    - R2 (Content) £20,000 at 20% FTE = £4,000 pay, below the NI threshold and the pension's
      lower limit: no NI, no pension; + 1,000 tools → £5,000;
    - R3 (Brand) £49,000: NI 15% × 44,000 = 6,600; pension 3% × 43,000 = 1,290; → £57,890;
    - R4 (Brand) £29,000: NI 15% × 24,000 = 3,600; pension 3% × 23,000 = 690; → £34,290.

    Legacy loaded cost = (71,720 + 5,000) + (57,890 + 34,290) = 76,720 + 92,180 = £168,900
    (on the bands it would be 2 × 56,710 + 2 × 47,270 = £207,960; on Content's mean pay of
    £32,500 it would be 2 × (32,500 + 4,125 + 795 + 1,000) = £76,840, not £76,720: the mean hides
    that R2 pays no NI and R1's pension stops at the limit). Month 1, before anyone moves:
    payroll = 168,900 ÷ 12 = £14,075.

    From month 3 every pay is × 1.04: R1 63,440 + NI 8,766 + pension 1,320 + 1,000 = 74,526;
    R2 4,160 + 1,000 = 5,160; R3 50,960 + NI 6,894 + pension 1,320 (now capped) + 1,000 =
    60,174; R4 30,160 + NI 3,774 + pension 724.80 + 1,000 = 35,658.80. Staying legacy in month
    3 = (79,686 + 95,832.80) ÷ 12 = 175,518.80 ÷ 12 = £14,626.5667 (Brand's mean pay × 1.04 =
    £40,560 would give 2 × (40,560 + 5,334 + 1,036.80 + 1,000) = £95,861.60, not £95,832.80).
    """
    oncosts = uk_oncosts(
        employer_ni_rate=0.15, ni_threshold=5_000, pension_basis="qualifying",
        pension_rate=0.03, pension_lower=6_000, pension_upper=50_000, benefits_rate=0.0,
        tools_per_head=1_000, recruitment_fee_rate=0.2,
    )  # fmt: skip
    plan = costed_plan(
        legacy_roles=(
            migration_role("Content", headcount=2, salary=48_000, transition=3),
            migration_role("Brand", headcount=2, salary=40_000, transition=4),
        ),
    )
    plan = with_value(plan, "assumptions.on_costs", oncosts)
    plan = with_value(plan, "assumptions.pay_review", PayReview(rate=0.04, first_month=3))
    plan = with_value(plan, "assumptions.transition", TransitionInputs(overlap_months=2))
    roster = Roster(
        people=tuple(
            Person(id=pid, team=team, salary=salary, fte=fte) for pid, team, salary, fte in PEOPLE
        )
    )
    return with_changes(
        plan,
        {
            "legacy_roles[0].fte": 1.2,
            "legacy_roles[1].fte": 2.0,
            "roster": "hand.roster.yaml",
            "roster_people": roster,
        },
    )


def _figures(plan: Plan) -> dict[str, Any]:
    figures: dict[str, Any] = json.loads(summary_json(plan))
    return figures


def _rows(ws: Any) -> dict[str, int]:
    return {
        ws.cell(row=r, column=1).value: r
        for r in range(1, ws.max_row + 1)
        if isinstance(ws.cell(row=r, column=1).value, str)
    }


def test_the_model_costs_the_hand_roster_person_by_person() -> None:
    """The docstring's hand figures: legacy £168,900; month 1 payroll £14,075; staying legacy
    in month 3 (after the 4% review) £14,626.57."""
    plan = roster_plan()
    assert _figures(plan)["legacy_org_loaded_cost"] == pytest.approx(168_900, abs=0.005)
    table = migration.monthly(plan).set_index("month")
    assert table.loc[1, "payroll_cost"] == pytest.approx(14_075, abs=0.005)
    assert table.loc[3, "legacy_baseline_cost"] == pytest.approx(175_518.80 / 12, abs=0.005)


@pytest.fixture(scope="module")
def roster_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(roster_plan(), tmp_path_factory.mktemp("roster") / "roster.xlsx")


@pytest.mark.libreoffice
def test_the_workbook_recalculates_to_the_model_by_hand(
    roster_xlsx: Path, lo_recalc_shared: LibreOfficeRecalc
) -> None:
    """LibreOffice: every headline figure equals the model's, the legacy cost is the hand
    £168,900, and every month's payroll, staying-legacy baseline, handover overlap, exit cost
    and cumulative difference equal mocmo.migration.monthly (month 1 payroll £14,075, month 3
    baseline £14,626.57 by hand)."""
    from mocmo.summary import headline

    plan = roster_plan()
    recalculated = lo_recalc_shared(roster_xlsx)
    model = headline(plan)
    assert differences(model, workbook_figures(recalculated, list(model))) == []
    values = load_values(recalculated)
    assert named_value(values, "legacy_org_loaded_cost") == pytest.approx(168_900, abs=0.005)
    ws = values["Migration"]
    rows = _rows(ws)
    table = migration.monthly(plan)
    assert table["overlap_cost"].sum() > 0  # the plan has a handover overlap to compare
    for column, title in MONTH_ROWS.items():
        for month, expected in zip(table["month"], table[column], strict=True):
            got = ws.cell(row=rows[title], column=FIRST_MONTH_COL + month - 1).value
            assert got == pytest.approx(expected, abs=0.005), f"{title}, month {month}"
    payroll = ws.cell(row=rows["Payroll cost"], column=FIRST_MONTH_COL).value
    baseline = ws.cell(row=rows["Legacy baseline (staying as today)"], column=FIRST_MONTH_COL + 2)
    assert payroll == pytest.approx(14_075, abs=0.005)
    assert baseline.value == pytest.approx(175_518.80 / 12, abs=0.005)


def test_the_per_team_inputs_by_hand_and_no_persons_pay(roster_xlsx: Path) -> None:
    """Per team and pay-review count, the Σ of each person's pay above the NI threshold and of
    their qualifying earnings, on the Assumptions sheet: Content 56,000 / 58,440 (R1's 61,000
    and 63,440 less 5,000; R2's 4,000 and 4,160 are below it) and 44,000 / 44,000 (R1 capped at
    50,000 − 6,000; R2 below the lower limit); Brand 44,000 + 24,000 = 68,000 / 45,960 + 25,160 =
    71,120 and 43,000 + 23,000 = 66,000 / 44,000 + 24,160 = 68,160. No cell holds a person's
    salary or pay (61,000, 20,000, 4,000, 49,000, 29,000, nor raised: 63,440, 4,160, 50,960,
    30,160)."""
    wb = openpyxl.load_workbook(roster_xlsx)
    expected = {
        "legacy_content_roster_ni_pay_0": 56_000, "legacy_content_roster_ni_pay_1": 58_440,
        "legacy_content_roster_pension_pay_0": 44_000,
        "legacy_content_roster_pension_pay_1": 44_000,
        "legacy_brand_roster_ni_pay_0": 68_000, "legacy_brand_roster_ni_pay_1": 71_120,
        "legacy_brand_roster_pension_pay_0": 66_000,
        "legacy_brand_roster_pension_pay_1": 68_160,
    }  # fmt: skip
    for name, value in expected.items():
        (sheet, ref), *rest = list(wb.defined_names[name].destinations)
        assert not rest
        assert sheet == "Assumptions"
        assert wb[sheet][ref.replace("$", "")].value == pytest.approx(value), name
    pays = [61_000, 20_000, 4_000, 49_000, 29_000, 63_440, 4_160, 50_960, 30_160]
    found = [
        f"{ws.title}!{cell.coordinate}"
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, int | float)
        and not isinstance(cell.value, bool)
        and any(abs(cell.value - pay) < 0.5 for pay in pays)
    ]
    assert found == []


@pytest.mark.libreoffice
def test_an_on_cost_rate_typed_in_the_workbook_stays_exact(
    roster_xlsx: Path, lo_recalc: LibreOfficeRecalc, tmp_path: Path
) -> None:
    """The per-team inputs keep the rates live: employer NI typed down from 15% to 10% takes
    5% × (56,000 + 68,000) = £6,200 off the legacy cost → £162,700, which the model gives for
    the plan at 10%; and every headline figure still agrees with the model's of that plan."""
    from mocmo.summary import headline

    wb = openpyxl.load_workbook(roster_xlsx)
    (sheet, ref), *_ = list(wb.defined_names["employer_ni_rate"].destinations)
    wb[sheet][ref.replace("$", "")].value = 0.10
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    recalculated = lo_recalc(edited)
    plan = with_value(roster_plan(), "assumptions.on_costs.employer_ni_rate", 0.10)
    model = headline(plan)
    assert model["legacy_org_loaded_cost"] == pytest.approx(162_700, abs=0.005)
    assert differences(model, workbook_figures(recalculated, list(model))) == []


@pytest.mark.libreoffice
def test_the_example_with_its_sample_roster_recalculates_to_the_model(
    tmp_path: Path, lo_recalc: LibreOfficeRecalc
) -> None:
    """The example with data/examples/brightwave.roster.csv imported: every headline figure of
    the recalculated workbook equals the model's (before this the workbook costed today's
    teams at their bands: legacy £2,336,127 against £2,160,412, break-even 15 against none)."""
    from mocmo.defaults import example_path
    from mocmo.plan import load_plan
    from mocmo.roster import import_roster, write_import
    from mocmo.summary import headline

    target = tmp_path / "bw.yaml"
    result = import_roster(
        load_plan(example_path()), example_path().parent / "brightwave.roster.csv", target
    )
    write_import(result, target)
    plan = load_plan(target)
    model = headline(plan)
    assert model["breakeven_month"] is None  # the roster's lower payroll: no break-even
    recalculated = lo_recalc(write_workbook(plan, tmp_path / "bw.xlsx"))
    assert differences(model, workbook_figures(recalculated, list(model))) == []


def test_the_roster_formulas_type_no_constant() -> None:
    """The roster's rows read named inputs and the grid's month header only: no number typed in
    a formula of the hand plan's workbook (tests/test_excel_constants.py's scan)."""
    from test_excel_constants import _offenders

    assert _offenders(roster_plan()) == []
