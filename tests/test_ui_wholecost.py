"""The whole-cost sections of the Reshape and Costing steps without a browser: type in the boxes
as a CMO would, then check the plan, the message next to the box, the formatted tables, the red
flag and the figures shown — each from a hand calculation, and equal to ``mocmo summary --json``
of the edited plan."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pytest
from plans import activity, legacy_role, minimal_data

from mocmo import cli
from mocmo.format import describe_figure
from mocmo.plan import parse_plan, save_plan
from mocmo.ui.core import PlanSession
from mocmo.ui.costing import CostingPanel
from mocmo.ui.reshape import RoleReshapePanel
from mocmo.ui.wholecost import StaffingSection, WholeCostSection

BUDGET = [
    {"line": "agencies_freelancers", "before": 100_000, "after": 40_000},
    {"line": "ai_tools_infrastructure", "before": 10_000, "after": 30_000},
]


def _plan_file(folder: Path, **assumptions: Any) -> Path:
    """The minimal plan with AI seats at £20 a month (no usage price), MarOps's own work at
    20 h/wk and two budget lines, saved as ``folder / "plan.yaml"``.

    Its new org (for the seat count): Head of GTM 1; GTM Marketer 1 (26.25 h/wk of audience work
    against 30 h/wk of capacity); Content Custodian 1 (37.5 h/wk that stay ÷ 37.5); one MarOps
    seat (20 h/wk ÷ 30 = 0.67 → 1, the seat) — 4 FTE."""
    data = minimal_data(budget_shift=BUDGET)
    data["assumptions"]["ai_costs"] = {
        "licence_per_user_month": 20,
        "licensed_share": 1.0,
        "legacy_licensed_users": 0,
        "usage_per_absorbed_hour": 0,
        "weeks_per_year": 52,
    }
    data["assumptions"]["staffing"] = {"marops_own_hours_per_week": 20}
    data["assumptions"].update(assumptions)
    path = folder / "plan.yaml"
    save_plan(parse_plan(data), path)
    return path


def _gtm_plan_file(folder: Path) -> Path:
    """The minimal plan whose one GTM Marketer carries 1.3 × capacity: Content's 75 h/wk is 48%
    standards (stays, 36 h/wk) and 52% audience content (shifts, 39 h/wk); capacity 37.5 × 0.8
    = 30 h/wk, so 39 ÷ 30 = 1.3 FTE → 1.5 at step 0.5 (the owner + 0.5 support)."""
    role = legacy_role(
        activities=(
            activity("Standards", 0.48, "stays"),
            activity("Audience content", 0.52, "shifts"),
        )
    )
    data = minimal_data(legacy_roles=[role])
    data["assumptions"]["staffing"] = {"marops_own_hours_per_week": 20}
    path = folder / "plan.yaml"
    save_plan(parse_plan(data), path)
    return path


def _summary(session: PlanSession, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """``mocmo summary --json`` of the session's plan, saved first."""
    assert session.save().ok
    capsys.readouterr()
    assert cli.main(["summary", str(session.path), "--json"]) == 0
    figures: dict[str, Any] = json.loads(capsys.readouterr().out)
    return figures


def _type(field: Any, text: str) -> None:
    field.text.value = text


def _said(field: Any) -> str:
    """The message under a box, as the page shows it."""
    return html.unescape(str(field.message.value))


# --------------------------------------------------------------------------- AI prices and totals


def test_typing_an_ai_seat_price_redraws_the_figures_to_the_summary_of_the_edited_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Typing £30 in the AI seat box saves 30 and the panel's AI running cost, whole costs and
    net change are then those ``mocmo summary --json`` prints for the saved plan."""
    panel = CostingPanel(PlanSession(_plan_file(tmp_path)))
    whole = panel.whole
    # 4 FTE × £20 × 12 = £960 a year before
    assert "£960" in whole.figures.value
    _type(whole.fields["licence"], "£30")
    plan = panel.session.plan
    assert plan.assumptions.ai_costs.licence_per_user_month == 30
    # 4 FTE × £30 × 12 = £1,440 a year (usage priced at 0, no agents)
    assert "£1,440" in whole.figures.value and "£960" not in whole.figures.value
    figures = _summary(panel.session, capsys)
    assert figures["ai_run_cost_annual"] == pytest.approx(1440.0)
    for key in ("ai_run_cost_annual", "legacy_total_cost", "new_total_cost", "total_net_change"):
        assert describe_figure(key, figures[key]) in whole.figures.value, key
    # the chart follows: its AI step is the new AI running cost
    rows = whole.chart.to_dict()["datasets"]
    ai = [r for rows_ in rows.values() for r in rows_ if r.get("step") == "AI running cost"]
    assert ai and ai[0]["amount"] == pytest.approx(1440.0)


def test_the_ai_running_cost_is_shown_line_by_line(tmp_path: Path) -> None:
    """Seats, usage and agents each with how many, the price of one and the amount a year:
    4 seats × £20 × 12 = £240 a seat, £960 a year; usage 11.25 h/wk × 52 = 585 absorbed hours
    a year at £0; no agents."""
    section = WholeCostSection(PlanSession(_plan_file(tmp_path)))
    table = html.unescape(section.ai_table.value)
    for shown in ("4 seats", "£240", "£960", "585 absorbed hours a year", "0 agents"):
        assert shown in table, shown
    _type(section.fields["usage"], "£1.50")
    # 585 × £1.50 = £877.50 → £878; AI running cost £960 + £877.50 = £1,837.50 → £1,838
    table = html.unescape(section.ai_table.value)
    assert "£1.50" in table and "£878" in table and "£1,838" in table


def test_an_ai_price_that_is_not_money_or_below_zero_is_refused_next_to_the_box(
    tmp_path: Path,
) -> None:
    """ "thirty" cannot be read and −5 is below zero: each is refused under the box, stays
    typed, and the plan keeps £20."""
    section = WholeCostSection(PlanSession(_plan_file(tmp_path)))
    box = section.fields["licence"]
    _type(box, "thirty")
    assert "can't be read as an amount: 'thirty'" in _said(box)
    assert box.text.value == "thirty"
    _type(box, "-5")
    assert "you typed -£5" in _said(box)
    assert box.text.value == "-5"
    assert section.session.plan.assumptions.ai_costs.licence_per_user_month == 20
    assert not section.session.dirty


def test_the_licensed_share_box_takes_percent_and_refuses_150(tmp_path: Path) -> None:
    """50 in the share box saves 0.5 (shown 50%); 150 is refused with a message in percent and
    the plan keeps 50%."""
    section = WholeCostSection(PlanSession(_plan_file(tmp_path)))
    box = section.fields["licensed_share"]
    _type(box, "50")
    assert section.session.plan.assumptions.ai_costs.licensed_share == 0.5
    # half of 4 FTE hold a seat: 2 × £20 × 12 = £480 a year
    assert "£480" in section.figures.value
    _type(box, "150")
    assert section.session.plan.assumptions.ai_costs.licensed_share == 0.5
    assert "100%" in _said(box) and "you typed 150%" in _said(box)


def test_a_budget_line_typed_as_50k_moves_the_non_payroll_budget_and_the_bridge(
    tmp_path: Path,
) -> None:
    """Typing 50k as the agencies' after amount saves 50,000; the new non-payroll budget is then
    50,000 + 30,000 = £80,000 and the bridge's non-payroll step 80,000 − 110,000 = −£30K."""
    section = WholeCostSection(PlanSession(_plan_file(tmp_path)))
    row = section.budget_rows[0]
    assert row.line == "agencies_freelancers"
    _type(row.after, "50k")
    assert section.session.plan.budget_shift[0].after == 50_000
    assert "£80,000" in section.figures.value
    assert "Non-payroll budget −£30K" in section.sentence.value
    assert "Non-payroll budget" in section.bridge_table.value
    assert "Payroll: Other" not in section.bridge_table.value  # no change, not listed
    _type(row.change_month, "4")
    assert section.session.plan.budget_shift[0].change_month == 4
    _type(row.change_month, "")
    assert section.session.plan.budget_shift[0].change_month is None


def test_the_pay_review_boxes_take_a_percent_and_an_optional_month(tmp_path: Path) -> None:
    """4 in the pay review box saves 0.04; 7 as the first month saves 7; emptying the month
    saves no review month (None), not a default."""
    section = WholeCostSection(PlanSession(_plan_file(tmp_path)))
    _type(section.fields["pay_rate"], "4")
    _type(section.fields["pay_month"], "7")
    review = section.session.plan.assumptions.pay_review
    assert (review.rate, review.first_month) == (0.04, 7)
    _type(section.fields["pay_month"], "")
    assert section.session.plan.assumptions.pay_review.first_month is None
    assert section.fields["pay_month"].message.layout.display == "none"


# --------------------------------------------------------------------------- staffed to the work


def _row(section: StaffingSection, group: str) -> str:
    table = section.table.value
    start = table.index(f'<td class="">{group}</td>')
    return table[start : table.index("</tr>", start)]


def test_a_gtm_load_of_1_3_capacities_is_staffed_with_1_5_fte_and_the_rule_is_shown(
    tmp_path: Path,
) -> None:
    """39 h/wk against 30 h/wk a person: raw 1.30 FTE, rounded up to 1.5 at step 0.5, shown
    with the hours, the step and the rule in words; no red flag."""
    section = StaffingSection(PlanSession(_gtm_plan_file(tmp_path)))
    row = _row(section, "GTM Marketers")
    for shown in ("39.0 h/wk", "30.0 h/wk", "1.30", "0.5 FTE", ">1.5<", "staffed to the work"):
        assert shown in row, shown
    rule = "39.0 h/wk ÷ 30.0 h/wk a person = 1.30 FTE, rounded up per audience owner to the next"
    assert f"{rule} 0.5 FTE" in html.unescape(row)
    assert html.unescape(row).endswith("→ 1.5 FTE</td>")
    assert section.flags.value == ""


def test_fixing_the_gtm_headcount_below_its_hours_flags_red_with_the_fix(tmp_path: Path) -> None:
    """Typing 1 in "fix headcount" holds GTM at 1 FTE: 39 − 30 = 9 h/wk unstaffed, costed at the
    marketer's loaded cost, and a red flag says they would work 130% of their time and what
    adding 0.5 FTE costs; emptying the box staffs GTM to the work again."""
    section = StaffingSection(PlanSession(_gtm_plan_file(tmp_path)))
    _type(section.fields["gtm_fixed"], "1")
    assert section.session.plan.assumptions.staffing.gtm.fixed_fte == 1.0
    row = _row(section, "GTM Marketers")
    # GTM Marketer at mid of £55–80K = 67,500: NI 0.15 × 62,500 = 9,375; pension 0.03 × (50,270
    # − 6,240) = 1,320.90; benefits 3,375; tools 3,000 → 84,570.90 a year loaded.
    # 9 h/wk ÷ 30 × 84,570.90 = 25,371.27 → £25.4K; adding 0.5 FTE: 42,285.45 → £42.3K
    for shown in (">1<", "fixed", "9.0 h/wk", "£25.4K"):
        assert shown in row, shown
    assert "fixed by the plan at 1 FTE: 9.0 h/wk unstaffed" in row
    assert "mocmo-error" in section.flags.value
    assert "GTM Marketers would work 130% of their time" in section.flags.value
    assert "add 0.5 FTE (£42.3K a year) or move less to them" in section.flags.value
    _type(section.fields["gtm_fixed"], "")
    assert section.session.plan.assumptions.staffing.gtm.fixed_fte is None
    assert section.flags.value == "" and ">1.5<" in _row(section, "GTM Marketers")


def test_a_fixed_headcount_below_one_owner_per_audience_is_flagged_in_words(
    tmp_path: Path,
) -> None:
    """0.5 FTE for the plan's one audience is below its one accountable owner: the red flag
    names the box in words (not "fixed fte") and says the rule."""
    section = StaffingSection(PlanSession(_gtm_plan_file(tmp_path)))
    _type(section.fields["gtm_fixed"], "0.5")
    flags = html.unescape(section.flags.value)
    assert (
        "Fixed GTM headcount (FTE) must be at least 1: every audience keeps one accountable GTM "
        "Marketer (you entered 0.5 FTE)" in flags
    )


def test_marops_own_hours_drive_its_fte(tmp_path: Path) -> None:
    """45 h/wk of MarOps's own work ÷ 30 h/wk a person = 1.5 FTE: the one seat and 0.5 of
    support; a rounding step that is empty is refused and the plan keeps 0.5."""
    section = StaffingSection(PlanSession(_gtm_plan_file(tmp_path)))
    _type(section.fields["marops_own_hours"], "45")
    assert section.session.plan.assumptions.staffing.marops_own_hours_per_week == 45
    row = _row(section, "MarOps")
    assert "45.0 h/wk" in row and "1.50" in row and ">1.5<" in row
    _type(section.fields["marops_step"], "")
    assert "is empty" in _said(section.fields["marops_step"])
    assert section.session.plan.assumptions.staffing.marops.step == 0.5


def test_both_steps_show_the_staffing_table_and_costing_the_whole_cost(tmp_path: Path) -> None:
    """The Reshape and Costing steps mount the staffing section; Costing also the whole cost
    with the registry's labels; an edit in one step's box shows in the other's table."""
    session = PlanSession(_gtm_plan_file(tmp_path))
    reshape, costing = RoleReshapePanel(session), CostingPanel(session)
    assert "GTM Marketers" in reshape.staffing.table.value
    assert "Whole-cost net change" in costing.whole.figures.value
    _type(reshape.staffing.fields["gtm_fixed"], "1")
    assert "fixed" in _row(costing.staffing, "GTM Marketers")
    assert costing.staffing.fields["gtm_fixed"].text.value == "1"
