"""The transition in the workbook (#18): the people flows, the exit, retraining, ramp-up and
overlap one-offs and the break-even are live formulas that LibreOffice recalculates to the
model's figures; typing a leaver's month or the redundancy multiple into the Assumptions sheet
moves them exactly as the model moves on the plan changed the same way."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from plans import costed_plan, migration_role

from conftest import LibreOfficeRecalc, load_values, named_value
from mocmo import migration
from mocmo.defaults import load_example
from mocmo.excel import write_workbook
from mocmo.export import summary_json
from mocmo.format import figure_unit
from mocmo.plan import Leaver, Move, Plan, TransitionInputs, with_changes, with_value
from mocmo.transition import flows as people

TRANSITION_KEYS = (
    "hires_count",
    "movers_count",
    "leavers_count",
    "one_off_cost",
    "recruitment_cost",
    "exit_cost",
    "retraining_cost",
    "ramp_cost",
    "overlap_cost",
    "breakeven_month",
    "breakeven_projection",
    "payback_months",
    "peak_cumulative_outlay",
)
"""The migration figures the transition added (mocmo.figures)."""

MONTH_ROWS = {
    "people_moved": "People who move",
    "people_hired": "People hired",
    "people_left": "People who leave",
    "legacy_headcount": "Headcount — Legacy roles",
    "total_headcount": "Total headcount",
    "payroll_cost": "Payroll cost",
    "ai_platform_cost": "AI platform and agents",
    "recruitment_fees": "Recruitment fees (one-off)",
    "exit_cost": "Exit costs (one-off)",
    "retraining_cost": "Retraining (one-off)",
    "ramp_cost": "Ramp-up lost output (one-off)",
    "overlap_cost": "Handover overlap (one-off)",
    "one_off_cost": "One-off costs",
    "total_cost": "Total cost",
    "cumulative_difference": "Cumulative difference",
}
"""mocmo.migration.monthly columns → the Migration sheet's row titles."""
FIRST_MONTH_COL = 9  # month 1's column on the Migration sheet

pytestmark = pytest.mark.libreoffice


def _figures(plan: Plan) -> dict[str, Any]:
    figures: dict[str, Any] = json.loads(summary_json(plan))
    return figures


def _assert_agrees(values: Any, figures: dict[str, Any], keys: tuple[str, ...]) -> None:
    """Each figure equals its recalculated defined name: to the penny for money, 1e-6 else;
    a null figure is an empty cell or an empty string."""
    for key in keys:
        expected = figures[key]
        got = named_value(values, key)
        if expected is None:
            assert got in (None, ""), f"{key}: expected empty, LibreOffice gave {got!r}"
            continue
        assert isinstance(got, int | float), f"{key}: LibreOffice gave {got!r}"
        tolerance = 0.005 if figure_unit(key) == "money" else 1e-6
        assert abs(got - expected) <= tolerance, f"{key}: workbook {got!r} != mocmo {expected!r}"


def _assert_months_agree(values: Any, plan: Plan) -> None:
    """Every month of the Migration sheet's people and one-off rows equals mocmo.migration's
    monthly table (to the penny; people to 1e-9)."""
    table = migration.monthly(plan)
    ws = values["Migration"]
    rows = {
        ws.cell(row=r, column=1).value: r
        for r in range(1, ws.max_row + 1)
        if isinstance(ws.cell(row=r, column=1).value, str)
    }
    for column, title in MONTH_ROWS.items():
        for month, expected in zip(table["month"], table[column], strict=True):
            got = ws.cell(row=rows[title], column=FIRST_MONTH_COL + month - 1).value
            assert got == pytest.approx(expected, abs=0.005), f"{title}, month {month}"


def _cell(workbook: Any, name: str) -> Any:
    (sheet, ref), *rest = list(workbook.defined_names[name].destinations)
    assert not rest, f"{name} points at more than one cell"
    return workbook[sheet][ref.replace("$", "")]


def _plan_file_rows(wb: Any) -> dict[str, tuple[Any, str]]:
    """Assumptions rows whose Source names a plan path: name → (value, path)."""
    rows: dict[str, tuple[Any, str]] = {}
    for row in wb["Assumptions"].iter_rows(min_row=5, max_col=5, values_only=True):
        name, value, _unit, _label, source = row
        found = re.search(r"Plan file: ([\w.\[\]]+)", str(source or ""))
        if name in wb.defined_names and found:
            rows[str(name)] = (value, found.group(1))
    return rows


def _edited(xlsx: Path, inputs: dict[str, Any], lo_recalc: LibreOfficeRecalc, folder: Path) -> Any:
    """``xlsx`` with each named input set, recalculated by LibreOffice (values only)."""
    wb = openpyxl.load_workbook(xlsx)
    for name, value in inputs.items():
        _cell(wb, name).value = value
    edited = folder / "edited.xlsx"
    wb.save(edited)
    return load_values(lo_recalc(edited))


# --------------------------------------------------------------------------- plans


def hand_plan(horizon: int = 24) -> Plan:
    """costed_plan (tests/plans.py: zero on-costs, so loaded cost = salary): Content, 4 people
    at £48,000 (£4,000 a month), changes shape in month 3; audience A's GTM Marketer at £36,000
    (£3,000 a month); the Head of GTM hired for month 2 at £60,000 (£5,000 a month, fee 20% =
    £12,000). The flows are given: 1 of Content becomes its custodian in month 3, 1 moves to
    GTM Marketer A in month 2, 1 leaves in month 3 and 1 in month 5 (kept on in months 3–4, a
    handover after the team changed shape). Content's leavers are 35 with 6 years' service.
    Company terms: redundancy 1.5 × statutory, 4 weeks' notice paid in lieu, £600 settlement,
    £1,700 retraining a mover, ramp-up 2 months for a mover and 3 for a hire from 50%."""
    role = migration_role("Content", headcount=4, salary=48_000, transition=3)
    role = role.model_copy(update={"average_age": 35.0, "average_service_years": 6.0})
    plan = costed_plan(
        horizon=horizon,
        legacy_roles=(role,),
        moves=(
            Move(team="Content", to="Custodian: Content", count=1, month=3),
            Move(team="Content", to="GTM Marketer: A", count=1, month=2),
        ),
        leavers=(Leaver(team="Content", count=1, month=3), Leaver(team="Content", month=5)),
    )
    inputs = TransitionInputs(
        redundancy_multiple=1.5, notice_weeks=4, notice_paid_in_lieu=True,
        settlement_per_leaver=600, retraining_per_mover=1_700, ramp_months_mover=2,
        ramp_months_hire=3, ramp_start_productivity=0.5,
    )  # fmt: skip
    return with_value(plan, "assumptions.transition", inputs)


def nothing_plan() -> Plan:
    """Content keeps all its work (100% stays): its 4 people become 4 custodian FTE of their own
    team at the same pay; no audience, no hire. Nobody is retrained, ramps up or leaves."""
    role = migration_role("Content", headcount=4, salary=48_000, transition=3, stays=1.0,
                          shifts=0.0)  # fmt: skip
    return costed_plan(legacy_roles=(role,), audiences=(), hires=())


def derived_overlap_plan() -> Plan:
    """costed_plan with the flows derived and 2 handover months: Content's 2 leavers (4 − the
    custodian − the marketer) go in month 3 + 2 = 5 and are kept on in months 3 and 4."""
    plan = costed_plan(horizon=10)
    return with_value(plan, "assumptions.transition", TransitionInputs(overlap_months=2))


def materialised(plan: Plan) -> Plan:
    """``plan`` with its derived moves, hires and leavers written out as the plan's own (same
    flows, same figures: tests/test_transition_written.py)."""
    return people.with_flows_written_out(plan)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def example_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(load_example(), tmp_path_factory.mktemp("example") / "example.xlsx")


@pytest.fixture(scope="module")
def example_values(example_xlsx: Path, lo_recalc_shared: LibreOfficeRecalc) -> Any:
    return load_values(lo_recalc_shared(example_xlsx))


@pytest.fixture(scope="module")
def hand_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(hand_plan(), tmp_path_factory.mktemp("hand") / "hand.xlsx")


@pytest.fixture(scope="module")
def hand_values(hand_xlsx: Path, lo_recalc_shared: LibreOfficeRecalc) -> Any:
    return load_values(lo_recalc_shared(hand_xlsx))


# --------------------------------------------------------------------------- the example


def test_example_transition_figures_recalculate_to_the_model(example_values: Any) -> None:
    """Every figure of the transition on the example, and each month's people, one-offs by
    kind, total and cumulative, recalculate to mocmo's values."""
    plan = load_example()
    _assert_agrees(example_values, _figures(plan), TRANSITION_KEYS)
    _assert_months_agree(example_values, plan)


def test_transition_inputs_are_named_assumptions_with_sources(example_xlsx: Path) -> None:
    """The statutory cap (£751 from 6 April 2026, GOV.UK), the band ages 22/41 and weeks
    0.5/1/1.5, the company's multiple and each team's average age and service are named
    Assumptions inputs with a source; every derived flow has an empty people and month input."""
    wb = openpyxl.load_workbook(example_xlsx)
    ws = wb["Assumptions"]
    expected = {
        "transition_statutory_weekly_pay_cap": 751,
        "transition_statutory_max_years": 20,
        "transition_statutory_qualifying_years": 2,
        "transition_band_age_young": 22,
        "transition_band_age_old": 41,
        "transition_band_weeks_under": 0.5,
        "transition_band_weeks_middle": 1.0,
        "transition_band_weeks_over": 1.5,
        "transition_weeks_per_year": 52,
        "transition_redundancy_multiple": 1.0,
        "transition_notice_paid_in_lieu": 1,
        "transition_settlement_per_leaver": 600,
        "transition_retraining_per_mover": 1_700,
        "transition_average_age": 38,
        "transition_average_service_years": 5,
    }
    for name, value in expected.items():
        cell = _cell(wb, name)
        assert cell.parent.title == "Assumptions" and cell.value == value, name
        assert ws.cell(row=cell.row, column=5).value, f"{name} has no source"
    cap_source = ws.cell(row=_cell(wb, "transition_statutory_weekly_pay_cap").row, column=5).value
    assert "GOV.UK" in cap_source and "751" in cap_source and "2026" in cap_source
    plan = load_example()
    for role in plan.legacy_roles:
        stem = "legacy_" + re.sub(r"[^a-z0-9]+", "_", role.name.lower()).strip("_")
        for field in ("average_age", "average_service_years", "transition_month"):
            assert f"{stem}_{field}" in wb.defined_names, f"{stem}_{field}"
    leaves = [n for n in wb.defined_names if n.startswith("flow_leave_") and n.endswith("_month")]
    assert len(leaves) == sum(1 for f in people.flows(plan) if f.kind == "leave")
    assert all(_cell(wb, n).value is None for n in leaves)  # empty: the plan default


def test_editing_a_leavers_month_and_the_multiple_moves_break_even_as_the_model(
    example_xlsx: Path, lo_recalc: LibreOfficeRecalc, tmp_path: Path
) -> None:
    """On the example, Brand & Creative's 2.5 leavers typed into month 7 (default 5, when the
    team changes shape) and the redundancy multiple into 2: recalculated by LibreOffice, every
    figure equals mocmo's for the example with its flows written out as the plan's moves and
    leavers, that leaver's month 7 and assumptions.transition.redundancy_multiple 2."""
    plan = load_example()
    written = materialised(plan)
    # the same flows, given instead of derived: every figure the same — but the ranges, since
    # a hire that slips re-derives derived movers and leaves given ones as given
    simulated = ("_p10", "_p50", "_p90")
    same = {k: v for k, v in _figures(written).items() if not k.endswith(simulated)}
    assert same == {k: v for k, v in _figures(plan).items() if not k.endswith(simulated)}
    index = next(i for i, f in enumerate(written.leavers or ()) if f.team == "Brand & Creative")
    assert (written.leavers or ())[index].month == 5
    changed = with_changes(
        written,
        {f"leavers[{index}].month": 7, "assumptions.transition.redundancy_multiple": 2.0},
    )
    wb = openpyxl.load_workbook(example_xlsx)
    (name,) = [
        n for n in wb.defined_names if n.startswith("flow_leave_brand") and n.endswith("_month")
    ]
    after = _edited(
        example_xlsx, {name: 7, "transition_redundancy_multiple": 2.0}, lo_recalc, tmp_path
    )
    figures = _figures(changed)
    before = _figures(plan)
    # the change moves the figures: two more months of 2.5 Brand & Creative people kept on after
    # their team changed shape (an overlap), and every leaver's redundancy pay doubles
    assert figures["overlap_cost"] > before["overlap_cost"] == 0
    assert figures["exit_cost"] > before["exit_cost"]
    assert figures["breakeven_month"] != before["breakeven_month"]
    _assert_agrees(after, figures, tuple(k for k in figures if not k.endswith(simulated)))
    _assert_months_agree(after, changed)


# --------------------------------------------------------------------------- by hand


def test_hand_plan_transition_by_hand(hand_values: Any) -> None:
    """The hand plan, worked out in full (zero on-costs: loaded cost = salary).

    Exit, per leaver at 35 with 6 years on £48,000: the years begun at 34 … 29 count one week
    each = 6 weeks × the week's pay £48,000 ÷ 52 = £923.08 capped at £751 = £4,506 statutory,
    × 1.5 = £6,759; notice: the longer of 4 weeks and the statutory 6 (a week per full year) =
    6 × £923.0769 = £5,538.46 paid in lieu; settlement £600 → £12,897.46; two: £25,794.92.
    Recruitment: 20% × £60,000 = £12,000 (month 2). Retraining: 1 mover to the GTM Marketer ×
    £1,700 (the custodian keeps the craft: none). Ramp-up (from 50%): the marketer £3,000 a
    month × 0.5 × 2 ÷ 2 = £1,500 (months 2, 3: 1,500 × (1 − 1/4) = 1,125 and 1,500 × (1 − 3/4)
    = 375); the Head of GTM £5,000 × 0.5 × 3 ÷ 2 = £3,750 (2,500 × 5/6, 3/6, 1/6 = 2,083.33,
    1,250, 416.67 in months 2–4). Overlap: the month-5 leaver in months 3, 4 = 2 × £4,000 =
    £8,000. One-off = 12,000 + 25,794.92 + 1,700 + 5,250 + 8,000 = £52,744.92.

    month  payroll  one-offs                                  baseline  cumulative
    1      16,000   0                                         16,000    0
    2      20,000   12,000 + 1,700 + 1,125 + 2,083.33         16,000    20,908.33
    3      12,000   12,897.46 + 375 + 1,250 + 4,000           16,000    35,430.79
    4      12,000   416.67 + 4,000                            16,000    35,847.46
    5      12,000   12,897.46                                 16,000    44,744.92 (the peak)
    6..    12,000   0                                         16,000    − 4,000 a month
    44,744.92 − 4,000 × 11 = 744.92 > 0 in month 16, −3,255.08 in month 17: break-even 17.
    Payback: £52,744.92 ÷ (£192,000 − £144,000) ÷ 12 = 52,744.92 ÷ 4,000 = 13.186 months.
    """
    exit_each = 6 * 751 * 1.5 + 6 * 48_000 / 52 + 600
    one_off = 12_000 + 2 * exit_each + 1_700 + 1_500 + 3_750 + 8_000
    expected = {
        "hires_count": 1.0, "movers_count": 2.0, "leavers_count": 2.0,
        "recruitment_cost": 12_000.0, "exit_cost": 2 * exit_each, "retraining_cost": 1_700.0,
        "ramp_cost": 5_250.0, "overlap_cost": 8_000.0, "one_off_cost": one_off,
        "breakeven_month": 17, "breakeven_projection": 17, "payback_months": one_off / 4_000,
        "peak_cumulative_outlay": one_off - 8_000,
    }  # fmt: skip
    assert one_off == pytest.approx(52_744.923, abs=0.001)
    for key, value in expected.items():
        assert named_value(hand_values, key) == pytest.approx(value, abs=0.005), key
    _assert_agrees(hand_values, _figures(hand_plan()), TRANSITION_KEYS)
    _assert_months_agree(hand_values, hand_plan())


def test_hand_plan_inputs_are_the_plans(hand_xlsx: Path) -> None:
    """The given moves' and leavers' people and months, Content's age and service and the
    plan's own transition terms are Assumptions rows whose Source names the plan path and whose
    value is the plan's."""
    wb = openpyxl.load_workbook(hand_xlsx)
    rows = _plan_file_rows(wb)
    data = hand_plan().model_dump(mode="json")
    paths = {path for _value, path in rows.values()}
    for path in (
        "moves[1].month",
        "leavers[1].month",
        "leavers[0].count",
        "legacy_roles[0].average_age",
        "assumptions.transition.redundancy_multiple",
    ):
        assert path in paths, path  # fmt: skip
    for name, (value, path) in rows.items():
        node: Any = data
        for part in re.findall(r"[^.\[\]]+", path):
            node = node[int(part)] if part.isdigit() else node[part]
        if isinstance(node, str):  # a named point in band
            node = {"low": 0.0, "mid": 0.5, "high": 1.0}[node]
        assert value == node, f"{name}: workbook {value!r}, plan {path} = {node!r}"


def test_hand_plan_edits_move_exit_and_break_even_by_hand(
    hand_xlsx: Path, lo_recalc: LibreOfficeRecalc, tmp_path: Path
) -> None:
    """The second leaver typed into month 7 (was 5) and the multiple into 2 (was 1.5):

    exit per leaver 6 × 751 × 2 = 9,012 + 5,538.46 + 600 = £15,150.46, two = £30,300.92; the
    leaver is kept on in months 3–6: overlap 4 × £4,000 = £16,000. Cumulative: 0, 20,908.33,
    then month 3: 12,000 + 15,150.46 + 1,625 + 4,000 − 16,000 = +16,775.46 → 37,683.79; month 4
    +416.67 → 38,100.46; months 5, 6: 12,000 + 4,000 − 16,000 = 0; month 7: +11,150.46 →
    49,250.92 (the peak); then −4,000 a month: 1,250.92 in month 19, −2,749.08 in month 20 →
    break-even 20. The model, edited at leavers[1].month and
    assumptions.transition.redundancy_multiple, agrees on every figure."""
    wb = openpyxl.load_workbook(hand_xlsx)
    names = {path: name for name, (_value, path) in _plan_file_rows(wb).items()}
    inputs = {names["leavers[1].month"]: 7,
              names["assumptions.transition.redundancy_multiple"]: 2.0}  # fmt: skip
    after = _edited(hand_xlsx, inputs, lo_recalc, tmp_path)
    exit_each = 6 * 751 * 2 + 6 * 48_000 / 52 + 600
    assert named_value(after, "exit_cost") == pytest.approx(2 * exit_each, abs=0.005)
    assert named_value(after, "overlap_cost") == pytest.approx(16_000, abs=0.005)
    assert named_value(after, "breakeven_month") == 20
    peak = 20_908.33333 + 16_775.46154 + 416.66667 + 11_150.46154
    assert named_value(after, "peak_cumulative_outlay") == pytest.approx(peak, abs=0.01)
    changed = with_changes(
        hand_plan(),
        {"leavers[1].month": 7, "assumptions.transition.redundancy_multiple": 2.0},
    )
    _assert_agrees(after, _figures(changed), TRANSITION_KEYS)
    _assert_months_agree(after, changed)


def test_break_even_beyond_the_horizon_is_projected(
    lo_recalc: LibreOfficeRecalc, tmp_path: Path
) -> None:
    """The hand plan over 10 months ends at a cumulative 44,744.92 − 5 × 4,000 = £24,744.92
    with £4,000 saved a month: no break-even within the horizon (empty), projected at
    10 + ⌈24,744.92 ÷ 4,000⌉ = 10 + 7 = month 17 — the 24-month plan's break-even."""
    plan = hand_plan(horizon=10)
    values = load_values(lo_recalc(write_workbook(plan, tmp_path / "short.xlsx")))
    assert named_value(values, "breakeven_month") in (None, "")
    assert named_value(values, "breakeven_projection") == 17
    _assert_agrees(values, _figures(plan), TRANSITION_KEYS)


def test_nothing_changes_no_break_even_no_one_off(
    lo_recalc: LibreOfficeRecalc, tmp_path: Path
) -> None:
    """Content's 4 people become its 4 custodian FTE at the same pay and nobody else moves,
    joins or leaves: every month costs what staying does, so the one-off cost is 0 and the
    break-even month and its projection are empty (not month 1)."""
    plan = nothing_plan()
    values = load_values(lo_recalc(write_workbook(plan, tmp_path / "nothing.xlsx")))
    assert named_value(values, "one_off_cost") == 0
    assert named_value(values, "breakeven_month") in (None, "")
    assert named_value(values, "breakeven_projection") in (None, "")
    _assert_agrees(values, _figures(plan), TRANSITION_KEYS)


def test_derived_leavers_with_handover_months_and_their_override(
    lo_recalc: LibreOfficeRecalc, tmp_path: Path
) -> None:
    """Flows derived, 2 handover months: Content's 2 leavers go in month 3 + 2 = 5, kept on in
    months 3 and 4 at £4,000 each = £16,000 of overlap. Typing month 4 into their (empty) month
    input leaves one handover month: £8,000 — as the model says with the flows written out
    and the leavers' month 4."""
    plan = derived_overlap_plan()
    xlsx = write_workbook(plan, tmp_path / "derived.xlsx")
    values = load_values(lo_recalc(xlsx))
    assert named_value(values, "overlap_cost") == pytest.approx(16_000, abs=0.005)
    _assert_agrees(values, _figures(plan), TRANSITION_KEYS)
    _assert_months_agree(values, plan)
    wb = openpyxl.load_workbook(xlsx)
    (name,) = [n for n in wb.defined_names if n.startswith("flow_leave_") and n.endswith("_month")]
    after = _edited(xlsx, {name: 4}, lo_recalc, tmp_path)
    assert named_value(after, "overlap_cost") == pytest.approx(8_000, abs=0.005)
    written = materialised(plan)
    changed = with_changes(written, {"leavers[0].month": 4})
    _assert_agrees(after, _figures(changed), TRANSITION_KEYS)


# --------------------------------------------------------------------------- a roster's pay


def roster_hand_plan() -> Plan:
    """hand_plan with a roster: Content's 4 people are paid £28,600, £33,800, £31,200 and
    £31,200 (all full time), so the team's actual pay is £124,800 ÷ 4 = £31,200 a head — not
    the band's £48,000."""
    from mocmo.plan import Person, Roster

    plan = hand_plan()
    pays = (28_600, 33_800, 31_200, 31_200)
    roster = Roster(
        people=tuple(
            Person(id=f"P{i}", team="Content", salary=pay) for i, pay in enumerate(pays, 1)
        )
    )
    return with_changes(
        plan,
        {"legacy_roles[0].fte": 4.0, "roster": "hand.roster.yaml", "roster_people": roster},
    )


def test_exit_pay_is_the_rosters_actual_pay(lo_recalc: LibreOfficeRecalc, tmp_path: Path) -> None:
    """With a roster the exit cost is on the team's actual pay (£31,200 a head), as the model
    costs it, not on the band (£48,000), and it is live on the Assumptions input.

    Per leaver at 35 with 6 years: a week's pay = £31,200 ÷ 52 = £600, under the £751 cap;
    statutory 6 weeks × £600 = £3,600, × 1.5 = £5,400; notice the longer of 4 and the
    statutory 6 weeks = 6 × £600 = £3,600 in lieu; settlement £600 → £9,600; two leavers
    £19,200 (on the band it would be £25,794.92, test_hand_plan_transition_by_hand).
    Typed £41,600 for the team's pay: a week's pay £800, capped at £751 for redundancy:
    6 × 751 × 1.5 = £6,759; notice 6 × £800 = £4,800; + £600 → £12,159; two £24,318."""
    plan = roster_hand_plan()
    figures = _figures(plan)
    assert figures["exit_cost"] == pytest.approx(19_200, abs=0.005)
    xlsx = write_workbook(plan, tmp_path / "roster.xlsx")
    values = load_values(lo_recalc(xlsx))
    assert named_value(values, "exit_cost") == pytest.approx(19_200, abs=0.005)
    wb = openpyxl.load_workbook(xlsx)
    (name,) = [n for n in wb.defined_names if n.endswith("_roster_pay")]
    assert _cell(wb, name).parent.title == "Assumptions"
    assert _cell(wb, name).value == pytest.approx(31_200)
    after = _edited(xlsx, {name: 41_600}, lo_recalc, tmp_path)
    assert named_value(after, "exit_cost") == pytest.approx(24_318, abs=0.005)


# --------------------------------------------------------------------------- past the horizon


def test_handover_months_past_the_horizon_are_not_costed_and_said(
    lo_recalc: LibreOfficeRecalc, tmp_path: Path
) -> None:
    """The hand plan over 3 months: the month-5 leaver is kept on after Content changes shape
    in month 3, in months 3 and 4 — month 4 is past the horizon. Like payroll, handover pay is
    costed only within the horizon: overlap £4,000 (month 3; £8,000 over 24 months); the exits
    are one-offs at the leaving date, costed wherever they fall (both: £25,794.92). One-off =
    12,000 + 25,794.92 + 1,700 + 5,250 + 4,000 = £48,744.92. The migration checks warn, naming
    the leaver, month 4 and the horizon to set (4); LibreOffice gives the same overlap."""
    from mocmo.migration.checks import checks

    plan = hand_plan(horizon=3)
    figures = _figures(plan)
    assert figures["overlap_cost"] == pytest.approx(4_000)
    exits = 2 * (6 * 751 * 1.5 + 6 * 48_000 / 52 + 600)
    assert figures["exit_cost"] == pytest.approx(exits)
    assert figures["one_off_cost"] == pytest.approx(12_000 + exits + 1_700 + 5_250 + 4_000)
    warned = [p for p in checks(plan) if p.path == "leavers[1]" and "horizon" in p.message]
    assert len(warned) == 1, [p.message for p in checks(plan)]
    assert "month 4" in warned[0].message and "at least 4" in warned[0].message
    assert not [p for p in checks(hand_plan(horizon=4)) if "handover" in p.message]
    values = load_values(lo_recalc(write_workbook(plan, tmp_path / "short.xlsx")))
    assert named_value(values, "overlap_cost") == pytest.approx(4_000, abs=0.005)
    _assert_agrees(values, figures, TRANSITION_KEYS)


# --------------------------------------------------------------------------- fixed at export


def test_derived_movers_team_and_people_are_said_to_be_fixed_at_export(example_xlsx: Path) -> None:
    """The workbook pastes which team a plan-default mover comes from and how many: typing
    Brand & Creative's transition month 9 (was 5) on the Assumptions sheet re-derives, in the
    model, the Public Sector GTM Marketer from Brand & Creative (now still in shape when the
    position starts) instead of Product Marketing, but the sheet keeps 'Product Marketing'.
    So every such row says,
    next to those cells, that they are fixed at export, and so do the table's note and the
    inputs' labels on the Assumptions sheet."""
    plan = load_example()
    key = "GTM Marketer: Public Sector"

    def source(p: Plan) -> set[str | None]:
        return {f.team for f in people.flows(p) if f.kind == "move" and f.to == key}

    i = next(i for i, r in enumerate(plan.legacy_roles) if r.name == "Brand & Creative")
    assert source(plan) == {"Product Marketing"}
    assert source(with_value(plan, f"legacy_roles[{i}].transition_month", 9)) == {
        "Brand & Creative"
    }
    wb = openpyxl.load_workbook(example_xlsx)
    ws = wb["Migration"]
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    (header,) = [r for r in cells if r[0] == "Kind" and "From team" in r]
    note = header.index("Note")
    derived = [
        r for r in cells
        if r[0] in ("move", "hire") and isinstance(r[9], str) and "plan default" in r[9]
    ]  # fmt: skip
    assert len(derived) == sum(
        1 for f in people.flows(plan) if f.derived and f.kind in ("move", "hire")
    )
    assert all("fixed at export" in str(r[note]) for r in derived)
    assert any(r[1] == "Product Marketing" and r[2] == key for r in derived)
    texts = [str(v) for r in cells for v in r if isinstance(v, str)]
    assert any("fixed at export" in t and "export again" in t for t in texts)
    labels = [
        str(r[3].value)
        for r in wb["Assumptions"].iter_rows(min_row=5, max_col=5)
        if isinstance(r[0].value, str) and r[0].value.startswith("flow_move_")
    ]
    assert labels and all("derived at export" in t for t in labels)
