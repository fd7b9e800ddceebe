"""The whole cost in the workbook: AI running cost, the non-payroll budget, the totals legacy vs
new and the staffing figures are live named formulas that LibreOffice recalculates to the
model's values; editing an AI price or a budget line on the Assumptions sheet moves the totals
exactly as the model moves on the plan edited the same way."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from plans import NASTY_NAME, activity, legacy_role, minimal_data, minimal_plan, plain

from conftest import LibreOfficeRecalc, load_values, named_value
from mocmo.defaults import load_example
from mocmo.excel import write_workbook
from mocmo.export import summary_json
from mocmo.format import figure_unit
from mocmo.plan import Plan, with_changes

pytestmark = pytest.mark.libreoffice

WHOLE_COST_KEYS = (
    "ai_run_cost_annual",
    "non_payroll_cost_legacy",
    "non_payroll_cost_new",
    "legacy_total_cost",
    "new_total_cost",
    "total_net_change",
    "total_net_change_pct",
)
STAFFING_KEYS = (
    "gtm_fte",
    "marops_fte",
    "custodian_fte",
    "unstaffed_hours_per_week",
    "unstaffed_hours_cost",
)
NEW_KEYS = WHOLE_COST_KEYS + STAFFING_KEYS


def _figures(plan: Plan) -> dict[str, Any]:
    figures: dict[str, Any] = json.loads(summary_json(plan))
    return figures


def _cell(workbook: Any, name: str) -> Any:
    (sheet, ref), *rest = list(workbook.defined_names[name].destinations)
    assert not rest, f"{name} points at more than one cell"
    return workbook[sheet][ref.replace("$", "")]


def _assert_agrees(values: Any, figures: dict[str, Any], keys: tuple[str, ...]) -> None:
    """Each figure equals its recalculated defined name: to the penny for money, 1e-6 else."""
    for key in keys:
        expected = figures[key]
        got = named_value(values, key)
        if expected is None:
            assert got in (None, ""), f"{key}: expected empty, LibreOffice gave {got!r}"
            continue
        assert isinstance(got, int | float), f"{key}: LibreOffice gave {got!r}"
        tolerance = 0.005 if figure_unit(key) == "money" else 1e-6
        assert abs(got - expected) <= tolerance, f"{key}: workbook {got!r} != mocmo {expected!r}"


def _agent(name: str, running_cost: float) -> dict[str, Any]:
    return {
        "name": name, "job": "content", "outcome": "SEO growth", "mode": "drafts",
        "owner": "Alex", "approver": "Alex", "builder": "Sam", "operator": "Kai",
        "auditor": "Lee", "running_cost": running_cost,
    }  # fmt: skip


def hand_plan() -> Plan:
    """The minimal plan (tests/plans.py) with AI prices, two agents' running costs, two
    budget lines, Content changing shape in month 4 and a 4% pay review in month 7, every
    figure written out in the tests below.

    The minimal plan: Content, 2 people × 37.5 h = 75 h/wk; 50% stays (37.5 h), 30% shifts
    (22.5 h), 20% AI (15 h) with 25% oversight by the GTM Marketer (3.75 h): AI absorbs
    15 − 3.75 = 11.25 h/wk. New org: Head of GTM 1, one GTM Marketer (load 22.5 + 3.75 =
    26.25 h against 37.5 × 0.8 = 30 h: 1 FTE, no support), Content Custodian 37.5 h ÷ 37.5 =
    1.0 FTE, the MarOps Lead seat 1 (own work 20 h/wk < 30 h): 4.0 FTE.
    """
    data = minimal_data(
        legacy_roles=[plain(legacy_role(transition_month=4))],
        agents=[_agent("Drafter", 1_000), _agent(NASTY_NAME, 500)],
        budget_shift=[
            {"line": "agencies_freelancers", "before": 100_000, "after": 40_000},
            {
                "line": "ai_tools_infrastructure",
                "before": 20_000,
                "after": 50_000,
                "change_month": 6,
            },
        ],
    )
    data["assumptions"]["ai_costs"] = {
        "licence_per_user_month": 20,
        "licensed_share": 0.5,
        "legacy_licensed_users": 2,
        "usage_per_absorbed_hour": 3,
        "weeks_per_year": 50,
    }
    data["assumptions"]["staffing"] = {"marops_own_hours_per_week": 20}
    data["assumptions"]["pay_review"] = {"rate": 0.04, "first_month": 7}
    return minimal_plan(**data)


@pytest.fixture(scope="module")
def hand_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(hand_plan(), tmp_path_factory.mktemp("hand") / "hand.xlsx")


@pytest.fixture(scope="module")
def hand_values(hand_xlsx: Path, lo_recalc_shared: LibreOfficeRecalc) -> Any:
    return load_values(lo_recalc_shared(hand_xlsx))


@pytest.fixture(scope="module")
def example_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(load_example(), tmp_path_factory.mktemp("example") / "example.xlsx")


@pytest.fixture(scope="module")
def example_values(example_xlsx: Path, lo_recalc_shared: LibreOfficeRecalc) -> Any:
    return load_values(lo_recalc_shared(example_xlsx))


def _edited(xlsx: Path, inputs: dict[str, Any], lo_recalc: LibreOfficeRecalc, folder: Path) -> Any:
    """``xlsx`` with each named input set (openpyxl), recalculated by LibreOffice."""
    wb = openpyxl.load_workbook(xlsx)
    for name, value in inputs.items():
        _cell(wb, name).value = value
    edited = folder / "edited.xlsx"
    wb.save(edited)
    return load_values(lo_recalc(edited))


# --------------------------------------------------------------------------- structure


def test_every_new_figure_is_a_summary_formula_over_a_live_cell(example_xlsx: Path) -> None:
    """Each new figure is a defined name on the Summary sheet whose formula points at a formula
    cell (Whole Cost or Reshape), never a pasted value."""
    wb = openpyxl.load_workbook(example_xlsx)
    for key in NEW_KEYS:
        cell = _cell(wb, key)
        assert cell.parent.title == "Summary"
        target = str(cell.value).removeprefix("=").removeprefix("ROUND(").removesuffix(",2)")
        sheet, ref = target.rsplit("!", 1)
        source = wb[sheet.strip("'")][ref.replace("$", "")]
        assert source.data_type == "f", f"{key}: {target} holds {source.value!r}"


def test_budget_lines_and_ai_prices_are_named_assumptions(example_xlsx: Path) -> None:
    """Every budget line's before, after and change month, each agent's running cost and the
    AI prices are named input rows of the Assumptions sheet; no formula on the Whole Cost sheet
    holds a number of its own."""
    plan = load_example()
    wb = openpyxl.load_workbook(example_xlsx)
    names = set(wb.defined_names)
    for name in ("ai_licence_per_user_month", "ai_licensed_share", "ai_legacy_licensed_users",
                 "ai_usage_per_absorbed_hour", "ai_weeks_per_year", "pay_review_rate",
                 "pay_review_first_month", "staffing_gtm_step", "staffing_marops_step",
                 "staffing_gtm_fixed_fte", "staffing_marops_fixed_fte",
                 "marops_own_hours_per_week"):  # fmt: skip
        assert name in names, name
        assert _cell(wb, name).parent.title == "Assumptions"
    assert _cell(wb, "ai_licence_per_user_month").value == (
        plan.assumptions.ai_costs.licence_per_user_month
    )
    on_assumptions = {n for n in names if _cell(wb, n).parent.title == "Assumptions"}
    for suffix in ("_before", "_after", "_change_month"):
        budget = {n for n in on_assumptions if n.startswith("budget_") and n.endswith(suffix)}
        assert len(budget) == len(plan.budget_shift), suffix
    running = [n for n in on_assumptions if n.startswith("agent_") and n.endswith("_running_cost")]
    assert len(running) == len(plan.agents)
    for row in wb["Whole Cost"].iter_rows():
        for cell in row:
            if cell.data_type == "f":
                # 0, 1 and the model's rounding tolerance (1e-9) only: prices, 12 and 52 are names
                allowed = {"0", "1", "1E-9"}
                assert _constants(str(cell.value)) <= allowed, f"{cell.coordinate}: {cell.value}"


def _constants(formula: str) -> set[str]:
    """The numbers typed into ``formula`` (cell references, names and text left out)."""
    text = re.sub(r'"[^"]*"', "", formula)
    text = re.sub(r"(?:'[^']+'|[A-Za-z_][\w.]*)!", "", text)  # sheet prefixes
    text = re.sub(r"\$?\b[A-Z]{1,3}\$?\d+\b", "", text)  # cell references
    text = re.sub(r"\b[A-Za-z_][\w.]*", "", text)  # names and functions
    return set(re.findall(r"\d+(?:\.\d+)?(?:E-?\d+)?", text))


def test_user_text_on_the_whole_cost_sheet_is_never_a_formula(hand_xlsx: Path) -> None:
    """An agent named like a formula is a text cell on the Whole Cost sheet."""
    wb = openpyxl.load_workbook(hand_xlsx)
    found = [c for row in wb["Whole Cost"].iter_rows() for c in row if c.value == NASTY_NAME]
    assert found and all(c.data_type == "s" for c in found)


# --------------------------------------------------------------------------- recalculated


def test_example_whole_cost_and_staffing_recalculate_to_the_model(example_values: Any) -> None:
    """LibreOffice gives every new figure of the example exactly as mocmo computes it."""
    _assert_agrees(example_values, _figures(load_example()), NEW_KEYS)


def test_hand_plan_whole_cost_by_hand(hand_values: Any) -> None:
    """The hand plan's whole cost, worked out by hand (and as the model gives it).

    AI: seat licences 4.0 FTE × 50% × £20 × 12 = £480; usage 11.25 h/wk × 50 weeks × £3 =
    £1,687.50; platform £1,000 + £500 = £1,500: AI running cost £3,667.50. Seats today:
    2 × £20 × 12 = £480.
    Non-payroll: before £100,000 + £20,000 = £120,000; after £40,000 + £50,000 = £90,000.
    Payroll (NI 15% above £5,000; pension 3% of £6,240–£50,270; benefits 5%; tools £3,000):
      Content person at £50,000: 50,000 + 6,750 + 1,312.80 + 2,500 + 3,000 = £63,562.80;
      legacy 2 × 63,562.80 = £127,125.60.
      Head of GTM at £112,500: 112,500 + 16,125 + 1,320.90 + 5,625 + 3,000 = £138,570.90;
      GTM Marketer at £67,500: 67,500 + 9,375 + 1,320.90 + 3,375 + 3,000 = £84,570.90;
      Content Custodian 1.0 FTE × £63,562.80; MarOps Lead at £100,000: 100,000 + 14,250 +
      1,320.90 + 5,000 + 3,000 = £123,570.90; new 138,570.90 + 84,570.90 + 63,562.80 +
      123,570.90 = £410,275.50.
    Legacy total 127,125.60 + 480 + 120,000 = £247,605.60; new total 410,275.50 + 3,667.50 +
    90,000 = £503,943; net change £256,337.40 = 103.53% of the legacy total.
    """
    expected = {
        "ai_run_cost_annual": 3_667.5,
        "non_payroll_cost_legacy": 120_000.0,
        "non_payroll_cost_new": 90_000.0,
        "legacy_total_cost": 247_605.6,
        "new_total_cost": 503_943.0,
        "total_net_change": 256_337.4,
        "total_net_change_pct": 256_337.4 / 247_605.6,
    }
    for key, value in expected.items():
        assert named_value(hand_values, key) == pytest.approx(value, abs=0.005), key
    _assert_agrees(hand_values, _figures(hand_plan()), WHOLE_COST_KEYS)


def test_editing_ai_prices_and_a_budget_line_moves_the_totals_by_hand(
    hand_xlsx: Path, hand_values: Any, lo_recalc: LibreOfficeRecalc, tmp_path: Path
) -> None:
    """Licence £20 → £30, usage £3 → £4 per absorbed hour and the agencies line's 'after'
    £40,000 → £45,000, typed into the Assumptions sheet.

    By hand: new total + 4.0 FTE × 50% × £10 × 12 (£240) + 11.25 h × 50 weeks × £1 (£562.50) +
    £5,000 = +£5,802.50; legacy total + 2 seats × £10 × 12 = +£240; net change +£5,562.50;
    and the model on the plan edited at the same paths agrees with every figure.
    """
    wb = openpyxl.load_workbook(hand_xlsx)
    agencies = next(
        n for n in wb.defined_names if n.startswith("budget_agencies") and n.endswith("_after")
    )
    inputs = {"ai_licence_per_user_month": 30, "ai_usage_per_absorbed_hour": 4, agencies: 45_000}
    after = _edited(hand_xlsx, inputs, lo_recalc, tmp_path)
    for key, delta in {"new_total_cost": 5_802.5, "legacy_total_cost": 240.0,
                       "total_net_change": 5_562.5, "ai_run_cost_annual": 802.5,
                       "non_payroll_cost_new": 5_000.0}.items():  # fmt: skip
        moved = named_value(after, key) - named_value(hand_values, key)
        assert moved == pytest.approx(delta, abs=0.005), key
    edited = with_changes(
        hand_plan(),
        {"assumptions.ai_costs.licence_per_user_month": 30,
         "assumptions.ai_costs.usage_per_absorbed_hour": 4,
         "budget_shift[0].after": 45_000},
    )  # fmt: skip
    _assert_agrees(after, _figures(edited), WHOLE_COST_KEYS)


def test_editing_the_example_in_assumptions_matches_the_model_edited_the_same_way(
    example_xlsx: Path, lo_recalc: LibreOfficeRecalc, tmp_path: Path
) -> None:
    """On the example: the AI licence price, the usage price and one budget line's 'after'
    edited in the Assumptions sheet give new_total_cost, total_net_change (and every other
    new figure) exactly as mocmo computes them for the plan edited at the same paths."""
    plan = load_example()
    wb = openpyxl.load_workbook(example_xlsx)
    index = next(i for i, b in enumerate(plan.budget_shift) if b.line == "internal_platform")
    line = next(
        n for n in wb.defined_names if n.startswith("budget_internal") and n.endswith("_after")
    )
    ai = plan.assumptions.ai_costs
    changes = {
        "ai_licence_per_user_month": (
            "assumptions.ai_costs.licence_per_user_month",
            ai.licence_per_user_month + 11.5,
        ),
        "ai_usage_per_absorbed_hour": (
            "assumptions.ai_costs.usage_per_absorbed_hour",
            ai.usage_per_absorbed_hour * 2,
        ),
        line: (f"budget_shift[{index}].after", plan.budget_shift[index].after + 25_000),
    }
    after = _edited(example_xlsx, {n: v for n, (_p, v) in changes.items()}, lo_recalc, tmp_path)
    edited = with_changes(plan, dict(changes.values()))
    figures = _figures(edited)
    assert figures["new_total_cost"] != _figures(plan)["new_total_cost"]
    _assert_agrees(after, figures, NEW_KEYS)


def test_hand_plan_months_carry_the_pay_review_ai_and_the_budget(hand_values: Any) -> None:
    """The Migration sheet's months, by hand, and as mocmo.migration.monthly gives them.

    Pay factor 1 in months 1–6, 1.04 from month 7. Staying legacy in month 7: 2 Content people
    at £50,000 × 1.04 = £52,000: 52,000 + NI 0.15 × 47,000 (7,050) + pension 3% × (50,270 −
    6,240) (1,320.90, the band does not rise) + benefits 2,600 + tools 3,000 = £65,970.90 a
    year each, 2 × 65,970.90 ÷ 12 = £10,995.15; + today's seats 2 × £20 = £40 + the budget
    before 120,000 ÷ 12 = £10,000: £21,035.15 (month 1: 127,125.60 ÷ 12 + 40 + 10,000 =
    £20,633.80). AI usage from Content's month 4: 11.25 h × 50 weeks ÷ 12 × £3 = £140.625 a
    month (0 before). Non-payroll: agencies (no change month: the last transition, month 4)
    and AI tools (month 6): months 1–3 £10,000, months 4–5 (40,000 + 20,000) ÷ 12 = £5,000,
    from month 6 (40,000 + 50,000) ÷ 12 = £7,500.
    """
    from mocmo import migration

    ws = hand_values["Migration"]
    rows = {
        ws.cell(row=r, column=1).value: r
        for r in range(1, ws.max_row + 1)
        if isinstance(ws.cell(row=r, column=1).value, str)
    }  # the month-by-month table is the last to use each label

    def month(label: str, m: int) -> Any:
        return ws.cell(row=rows[label], column=8 + m).value

    assert [month("Pay factor (× start pay)", m) for m in (6, 7, 12)] == pytest.approx(
        [1.0, 1.04, 1.04]
    )
    baseline = "Legacy baseline (staying as today)"
    assert month(baseline, 1) == pytest.approx(20_633.8, abs=0.005)
    assert month(baseline, 7) == pytest.approx(21_035.15, abs=0.005)
    assert [month("AI usage", m) for m in (3, 4, 12)] == pytest.approx([0, 140.625, 140.625])
    assert [month("Non-payroll budget", m) for m in (3, 4, 5, 6)] == pytest.approx(
        [10_000, 5_000, 5_000, 7_500]
    )
    table = migration.monthly(hand_plan())
    for column, label in (
        ("pay_factor", "Pay factor (× start pay)"), ("payroll_cost", "Payroll cost"),
        ("ai_licence_cost", "AI seat licences"), ("ai_usage_cost", "AI usage"),
        ("ai_platform_cost", "AI platform and agents"), ("ai_cost", "AI running cost"),
        ("non_payroll_cost", "Non-payroll budget"), ("total_cost", "Total cost"),
        ("legacy_baseline_cost", baseline), ("cumulative_difference", "Cumulative difference"),
    ):  # fmt: skip
        for m, expected in zip(table["month"], table[column], strict=True):
            got = month(label, m)
            assert abs(got - expected) <= 0.005, f"{label}, month {m}: {got} != {expected}"
    _assert_agrees(hand_values, _figures(hand_plan()), ("breakeven_month",))


def _gtm_plan(fixed: float | None) -> Plan:
    """The minimal plan with Content's work 48% stays (36 h/wk of 75) and 52% shifts (39 h/wk):
    one audience whose GTM load is 39 h = 1.3 × the 30 h one person has (37.5 × 0.8)."""
    role = legacy_role(
        activities=[activity("Standards", 0.48), activity("Shifted", 0.52, "shifts")]
    )
    data = minimal_data(legacy_roles=[plain(role)])
    data["assumptions"]["staffing"] = {"marops_own_hours_per_week": 20, "gtm": {"step": 0.5}}
    if fixed is not None:
        data["assumptions"]["staffing"]["gtm"]["fixed_fte"] = fixed
    return minimal_plan(**data)


def test_gtm_support_and_unstaffed_hours_by_hand(
    lo_recalc: LibreOfficeRecalc, tmp_path: Path
) -> None:
    """A GTM load of 1.3 × capacity, staffed to its work and then with the headcount fixed.

    Staffed: 39 ÷ 30 = 1.3 → rounded up to 0.5 steps 1.5 FTE: the owner + 0.5 GTM Associate;
    gtm_fte = Head of GTM 1 + 1.5 = 2.5; no unstaffed hours. The support costs as the GTM
    Marketer (£67,500: 67,500 + 9,375 + 1,320.90 + 3,375 + 3,000 = £84,570.90 a year), so the
    new org's payroll is 0.5 × 84,570.90 = £42,285.45 above the fixed plan's.
    Fixed at 1 FTE: 39 − 1 × 30 = 9 h/wk unstaffed, costing 9 ÷ 30 × 84,570.90 = £25,371.27 a
    year; the owner is over capacity (1).
    """
    staffed = write_workbook(_gtm_plan(None), tmp_path / "staffed.xlsx")
    fixed = write_workbook(_gtm_plan(1.0), tmp_path / "fixed.xlsx")
    a, b = load_values(lo_recalc(staffed)), load_values(lo_recalc(fixed))
    assert named_value(a, "gtm_fte") == pytest.approx(2.5)
    assert named_value(a, "unstaffed_hours_per_week") == pytest.approx(0)
    assert named_value(a, "gtm_marketers_over_capacity") == 0
    assert named_value(b, "gtm_fte") == pytest.approx(2.0)
    assert named_value(b, "unstaffed_hours_per_week") == pytest.approx(9.0)
    assert named_value(b, "unstaffed_hours_cost") == pytest.approx(25_371.27, abs=0.005)
    assert named_value(b, "gtm_marketers_over_capacity") == 1
    moved = named_value(a, "new_org_loaded_cost") - named_value(b, "new_org_loaded_cost")
    assert moved == pytest.approx(42_285.45, abs=0.005)
    keys = (*NEW_KEYS, "new_org_loaded_cost", "new_headcount", "gtm_marketers_over_capacity")
    _assert_agrees(a, _figures(_gtm_plan(None)), keys)
    _assert_agrees(b, _figures(_gtm_plan(1.0)), keys)
