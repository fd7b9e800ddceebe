"""Step 4 charts, checked through their Vega-Lite spec (``chart.to_dict()``), never pixels.

Most tests use :func:`_hand_plan`, the migration tests' costed plan with the transition's
one-offs reduced to what a hand calculation can follow (no retraining, no ramp-up, notice
worked, £600 settlement, six years' service at 35):

- Content: 4 people at £48,000 (zero on-costs: loaded = salary) = £4,000 a month each, so
  staying legacy costs 4 × £4,000 = £16,000 a month;
- the flows (plan default): one Content person moves to GTM Marketer: A in month 2 (its launch),
  one to Custodian: Content in month 3 (the team's transition), the other 2 leave in month 3;
  the Head of GTM is hired for month 2 (the plan's hire), fee 20% × £60,000 = £12,000;
- payroll: month 1 = 4 × £4,000 = £16,000; month 2 = 3 × £4,000 + £3,000 (GTM Marketer,
  £36,000 / 12) + £5,000 (Head of GTM, £60,000 / 12) = £20,000; from month 3 = £3,000 + £5,000
  + £4,000 (custodian) = £12,000;
- exit in month 3, per leaver: a week's pay £48,000 / 52 = £923.08 capped at £751; 6 full years
  at ages 29–34 count one week each (ERA 1996 s.162) = 6 × £751 = £4,506, + £600 settlement,
  notice worked (no one-off) → 2 × (£4,506 + £600) = £10,212;
- difference = payroll + one-offs − £16,000: month 1 £0; month 2 £20,000 + £12,000 − £16,000
  = £16,000; month 3 £12,000 + £10,212 − £16,000 = £6,212; then −£4,000 a month;
- cumulative: 0, 16,000, 22,212, 18,212, 14,212, 10,212, 6,212, 2,212 (month 8), −1,788
  (month 9): break-even in month 9; within 8 months none, projected at 8 + ⌈2,212 / 4,000⌉ = 9.
"""

from __future__ import annotations

from typing import Any

import pytest
from chart_specs import dataset_rows
from plans import costed_plan, migration_role
from plans import migration_phase as phase

from mocmo import migration as mig
from mocmo.charts.migration import (
    CUMULATIVE,
    FEES,
    FLOW_KINDS,
    GIVEN,
    PLAN_DEFAULT,
    cash_chart,
    cost_chart,
    flow_chart,
    gantt_chart,
    headcount_chart,
    migration_chart_dict,
)
from mocmo.plan import Hire, Plan
from mocmo.plan.edit import with_changes

_SIMPLE_ONE_OFFS = {
    "retraining_per_mover": 0,
    "ramp_months_hire": 0,
    "ramp_months_mover": 0,
    "notice_paid_in_lieu": False,
    "settlement_per_leaver": 600,
}


def _simple(plan: Plan, **changes: Any) -> Plan:
    """``plan`` with the one-offs of :data:`_SIMPLE_ONE_OFFS` and ``changes`` (paths)."""
    edits = {f"assumptions.transition.{k}": v for k, v in _SIMPLE_ONE_OFFS.items()}
    return with_changes(plan, {**edits, **changes})


def _hand_plan(horizon: int = 8, **fields: Any) -> Plan:
    return _simple(
        costed_plan(horizon=horizon, **fields),
        **{"legacy_roles[0].average_service_years": 6, "legacy_roles[0].average_age": 35},
    )


def _still_plan(horizon: int = 6) -> Plan:
    """Nothing changes: every hour of Content's 4 people stays, so all 4 become the custodian
    FTE (4 × 37.5 h ÷ 37.5 h) at the same band in month 3, with no retraining or ramp-up; no
    audience, so no Head of GTM and no hire."""
    role = migration_role(stays=1.0, shifts=0)
    return _simple(costed_plan(horizon=horizon, audiences=(), hires=(), legacy_roles=(role,)))


def _gantt_plan() -> Plan:
    # Map months 1–2; Waves months 3–5 after it; Head of GTM starts in month 2, offer month 1.
    return _hand_plan(horizon=9, phases=(phase("Map", 1, 2), phase("Waves", 3, 3, "Map")))


# --------------------------------------------------------------------------- the Gantt


def test_gantt_bars_span_each_phase_and_each_hire_from_offer_to_start() -> None:
    """Each phase is a bar from its first month to the end of its last; each hire runs from
    its offer month to its start month."""
    spec = gantt_chart(_gantt_plan()).to_dict()
    phases = {
        r["row"]: (r["start"], r["stop"], r["status"]) for r in dataset_rows(spec, "depends_on")
    }
    # Map: months 1–2 → bar 1 to 3; Waves: months 3–5 → bar 3 to 6
    assert phases == {"Map": (1, 3, "on plan"), "Waves": (3, 6, "on plan")}
    hires = dataset_rows(spec, "offer")
    # Head of GTM starts in month 2 with a 1-month lead time → offer in month 1
    assert [(r["row"], r["start"], r["stop"]) for r in hires] == [("Hire: Head of GTM", 1, 2)]


def test_gantt_marks_a_phase_before_its_dependency_in_red() -> None:
    """A phase placed before the phase it depends on ends is coloured as a conflict."""
    plan = costed_plan(phases=(phase("Map", 1, 3), phase("Waves", 2, 2, "Map")))
    spec = gantt_chart(plan).to_dict()
    status = {r["row"]: r["status"] for r in dataset_rows(spec, "depends_on")}
    assert status == {"Map": "on plan", "Waves": "before its dependency"}


def test_gantt_milestones_show_launch_transition_and_breakeven() -> None:
    """The launch (month 2), the role's change of shape (month 3) and break-even (month 9, by
    hand in the module docstring) are milestones on the Gantt."""
    spec = gantt_chart(_gantt_plan()).to_dict()
    marks = {(r["kind"], r["start"]) for r in dataset_rows(spec, "kind")}
    assert marks == {("Audience launch", 2), ("Role changes shape", 3), ("Break-even", 9)}


def test_gantt_axis_reaches_back_to_an_offer_before_the_plan_starts() -> None:
    """An offer in month −1 stretches the month axis back to −1."""
    plan = costed_plan(hires=(Hire(position="Head of GTM", month=2, lead_time_months=3),))
    spec = gantt_chart(plan).to_dict()
    domains = [
        layer["encoding"]["x"]["scale"]["domain"]
        for layer in spec["layer"]
        if "scale" in layer["encoding"].get("x", {})
    ]
    assert domains and all(d[0] == -1 for d in domains)


# --------------------------------------------------------------------------- headcount


def test_headcount_area_stacks_the_four_groups_month_by_month() -> None:
    """The stacked area carries each group's headcount per month as worked out by hand: the
    person who moves to the GTM Marketer in month 2 leaves the legacy count that month (paid in
    one place)."""
    spec = headcount_chart(costed_plan(horizon=4)).to_dict()
    rows = dataset_rows(spec, "headcount")
    by = {(r["group"], r["month"]): r["headcount"] for r in rows}
    # legacy 4; 4 − 1 mover = 3; then 0 (1 custodian, 2 leave); GTM: Head of GTM + marketer
    assert [by["Legacy roles", m] for m in range(1, 5)] == [4, 3, 0, 0]
    assert [by["GTM", m] for m in range(1, 5)] == [0, 2, 2, 2]
    assert [by["Custodians", m] for m in range(1, 5)] == [0, 0, 1, 1]
    assert [by["MarOps", m] for m in range(1, 5)] == [0, 0, 0, 0]
    assert spec["mark"]["type"] == "area"
    assert spec["encoding"]["y"]["stack"] == "zero"


# --------------------------------------------------------------------------- people flows


def test_flow_chart_has_one_bar_per_flow_with_leavers_below_zero() -> None:
    """The flows chart draws each flow of the hand plan in its month: the Head of GTM hired and
    one mover to GTM Marketer: A in month 2, one mover to the custodian and 2 leavers (drawn
    as −2) in month 3; derived flows say 'plan default', the plan's hire 'your plan'."""
    spec = flow_chart(_hand_plan()).to_dict()
    rows = {(r["month"], r["kind"], r["from"], r["to"]): r for r in dataset_rows(spec, "set_by")}
    hired, moved, left = FLOW_KINDS["hire"], FLOW_KINDS["move"], FLOW_KINDS["leave"]
    assert {k: (r["people"], r["set_by"]) for k, r in rows.items()} == {
        (2, hired, "outside (a hire)", "Head of GTM"): (1, GIVEN),
        (2, moved, "Content", "GTM Marketer: A"): (1, PLAN_DEFAULT),
        (3, moved, "Content", "Custodian: Content"): (1, PLAN_DEFAULT),
        (3, left, "Content", "leaves the company"): (-2, PLAN_DEFAULT),
    }
    bars = spec["layer"][0]
    assert bars["mark"]["type"] == "bar" and bars["encoding"]["y"]["stack"] == "zero"
    tips = {t["title"] for t in bars["encoding"]["tooltip"]}
    assert {"From", "To", "People", "Set by"} <= tips


def test_flow_chart_rows_add_up_to_the_monthly_table() -> None:
    """Per month and kind, the flows chart's people equal the month-by-month table's
    people_moved, people_hired and people_left (month 2: 1 moved, 1 hired; month 3: 1 moved,
    2 left; no other month has a flow)."""
    plan = _hand_plan()
    rows = dataset_rows(flow_chart(plan).to_dict(), "set_by")
    table = mig.monthly(plan)
    columns = {"move": "people_moved", "hire": "people_hired", "leave": "people_left"}
    for kind, column in columns.items():
        charted = {m: 0.0 for m in table["month"]}
        for r in rows:
            if r["kind"] == FLOW_KINDS[kind]:
                charted[r["month"]] += r["count"]
        assert charted == dict(zip(table["month"], table[column], strict=True)), kind
    assert list(table["people_moved"][:3]) == [0, 1, 1]
    assert list(table["people_hired"][:3]) == [0, 1, 0]
    assert list(table["people_left"][:3]) == [0, 0, 2]


def test_flow_chart_of_a_plan_where_nobody_moves_says_so() -> None:
    """Given moves and leavers both empty (and no hire), the chart has no flow and its subtitle
    says nobody changes job."""
    plan = with_changes(costed_plan(audiences=(), hires=()), {"moves": [], "leavers": []})
    spec = flow_chart(plan).to_dict()
    data = [rows for rows in spec["datasets"].values() if rows and "set_by" in rows[0]]
    assert data == []
    assert "Nobody moves" in spec["title"]["subtitle"]


# --------------------------------------------------------------------------- cost and cash


def test_cost_chart_shows_fees_exits_baseline_cumulative_line_and_breakeven() -> None:
    """Monthly cost bars include the £12,000 fee in month 2 and the £10,212 exit cost in month
    3, the baseline is £16,000 a month, the cumulative line matches the hand calculation and a
    rule marks break-even in month 9."""
    spec = cost_chart(_hand_plan(horizon=9)).to_dict()
    top = spec["vconcat"][0]["layer"][0]  # the monthly cost bars
    costs = spec["datasets"][top["data"]["name"]]
    fees = {r["month"]: r["cost"] for r in costs if r["group"] == FEES}
    assert fees == {1: 0, 2: 12_000, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0}
    exits = {r["month"]: r["cost"] for r in costs if r["group"] == "Exit costs" and r["cost"]}
    assert exits == pytest.approx({3: 10_212})
    # month 3's bars sum to its total cost: £12,000 payroll + £10,212 exit
    assert sum(r["cost"] for r in costs if r["month"] == 3) == pytest.approx(22_212)
    assert {r["baseline"] for r in dataset_rows(spec, "baseline")} == {16_000}
    line = dataset_rows(spec, "cumulative_difference")
    expected = [0, 16_000, 22_212, 18_212, 14_212, 10_212, 6_212, 2_212, -1_788]
    assert [r["cumulative_difference"] for r in line] == pytest.approx(expected)
    assert dataset_rows(spec, "breakeven_month")[0]["breakeven_month"] == 9
    assert "month 9" in spec["vconcat"][1]["title"]["subtitle"]


def _cash_bars(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The cash curve's one-off bars (its first layer)."""
    bars = spec["layer"][0]
    assert bars["mark"]["type"] == "bar"
    rows: list[dict[str, Any]] = spec["datasets"][bars["data"]["name"]]
    return rows


def test_cash_chart_rows_equal_the_monthly_table() -> None:
    """The cash curve's one-off bars are the monthly table's one-off columns by kind (month 2:
    £12,000 recruitment; month 3: £10,212 exit; nothing else), and its line is the table's
    cumulative difference, month by month."""
    plan = _hand_plan()
    spec = cash_chart(plan).to_dict()
    table = mig.monthly(plan)
    bars = _cash_bars(spec)
    for group, column in mig.ONE_OFFS.values():
        charted = [r["cost"] for r in bars if r["group"] == group]
        assert charted == pytest.approx(list(table[column])), group
    by = {(r["group"], r["month"]): r["cost"] for r in bars if r["cost"]}
    assert by == pytest.approx({(FEES, 2): 12_000, ("Exit costs", 3): 10_212})
    line = dataset_rows(spec, "series")
    assert {r["series"] for r in line} == {CUMULATIVE}
    assert [r["cumulative_difference"] for r in line] == pytest.approx(
        list(table["cumulative_difference"])
    )
    assert [r["cumulative_difference"] for r in line] == pytest.approx(
        [0, 16_000, 22_212, 18_212, 14_212, 10_212, 6_212, 2_212]
    )


def test_cash_chart_without_breakeven_has_no_marker_and_gives_the_projection() -> None:
    """Within 8 months there is no break-even: no rule, and the subtitle says the £2,212 still
    owed and the month 9 it would come at the last month's £4,000 saving."""
    spec = cash_chart(_hand_plan(horizon=8)).to_dict()
    assert not [rows for rows in spec["datasets"].values() if rows and "breakeven_month" in rows[0]]
    subtitle = spec["title"]["subtitle"]
    assert "No break-even within 8 months" in subtitle
    assert "£2,212" in subtitle and "month 9" in subtitle


def test_cash_chart_when_nothing_changes_has_no_marker_and_no_one_off() -> None:
    """A plan in which nothing changes has every one-off bar at £0, a flat £0 line, no
    break-even marker, and says so."""
    plan = _still_plan()
    assert mig.nothing_changes(plan)
    spec = cash_chart(plan).to_dict()
    assert not [rows for rows in spec["datasets"].values() if rows and "breakeven_month" in rows[0]]
    assert {r["cost"] for r in _cash_bars(spec)} == {0}
    assert {r["cumulative_difference"] for r in dataset_rows(spec, "series")} == {0}
    assert "Nothing changes" in spec["title"]["subtitle"]
    assert "Nothing changes" in cost_chart(plan).to_dict()["vconcat"][1]["title"]["subtitle"]


def test_the_step_lists_its_four_charts_in_order() -> None:
    """The step's charts by name: Gantt, people flows, headcount, cost (over the cash curve)."""
    charts = migration_chart_dict(_hand_plan())
    assert list(charts) == ["gantt", "flows", "headcount", "cost"]
    assert charts["flows"] is flow_chart(_hand_plan())  # remembered: same data, same chart
