"""Step 4 charts, checked through their Vega-Lite spec (``chart.to_dict()``), never pixels."""

from __future__ import annotations

from typing import Any

import pytest
from chart_specs import dataset_rows
from plans import costed_plan
from plans import migration_phase as phase

from mocmo.charts.migration import FEES, cost_chart, gantt_chart, headcount_chart
from mocmo.plan import Hire


def _gantt_plan() -> Any:
    # Map months 1–2; Waves months 3–5 after it; Head of GTM starts in month 2, offer month 1.
    return costed_plan(phases=(phase("Map", 1, 2), phase("Waves", 3, 3, "Map")))


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
    """The launch (month 2), the role's change of shape (month 3) and break-even (month 7, by
    hand in the migration tests) are milestones on the Gantt."""
    spec = gantt_chart(_gantt_plan()).to_dict()
    marks = {(r["kind"], r["start"]) for r in dataset_rows(spec, "kind")}
    assert marks == {("Audience launch", 2), ("Role changes shape", 3), ("Break-even", 7)}


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


def test_headcount_area_stacks_the_four_groups_month_by_month() -> None:
    """The stacked area carries each group's headcount per month as worked out by hand."""
    spec = headcount_chart(costed_plan(horizon=4)).to_dict()
    rows = dataset_rows(spec, "headcount")
    by = {(r["group"], r["month"]): r["headcount"] for r in rows}
    # months 1–4: legacy 4, 4, 0, 0; GTM 0, 2, 2, 2; custodians 0, 0, 1, 1; MarOps 0
    assert [by["Legacy roles", m] for m in range(1, 5)] == [4, 4, 0, 0]
    assert [by["GTM", m] for m in range(1, 5)] == [0, 2, 2, 2]
    assert [by["Custodians", m] for m in range(1, 5)] == [0, 0, 1, 1]
    assert [by["MarOps", m] for m in range(1, 5)] == [0, 0, 0, 0]
    assert spec["mark"]["type"] == "area"
    assert spec["encoding"]["y"]["stack"] == "zero"


def test_cost_chart_shows_fees_baseline_cumulative_line_and_breakeven() -> None:
    """Monthly cost bars include the £12,000 fee in month 2, the baseline is £16,000 a month,
    the cumulative line matches the hand calculation and a rule marks break-even in month 7."""
    spec = cost_chart(costed_plan(horizon=8)).to_dict()
    fees = {r["month"]: r["cost"] for r in dataset_rows(spec, "cost") if r["group"] == FEES}
    assert fees == {1: 0, 2: 12_000, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0}
    assert {r["baseline"] for r in dataset_rows(spec, "baseline")} == {16_000}
    line = dataset_rows(spec, "cumulative_difference")
    expected = [0, 20_000, 16_000, 12_000, 8_000, 4_000, 0, -4_000]
    assert [r["cumulative_difference"] for r in line] == pytest.approx(expected)
    assert dataset_rows(spec, "breakeven_month")[0]["breakeven_month"] == 7
    assert "month 7" in spec["vconcat"][1]["title"]["subtitle"]


def test_cost_chart_without_breakeven_has_no_marker_and_says_so() -> None:
    """With no break-even inside the horizon there is no break-even rule, and the subtitle
    says how much more the change has cost by then."""
    spec = cost_chart(costed_plan(horizon=6)).to_dict()
    assert not [rows for rows in spec["datasets"].values() if rows and "breakeven_month" in rows[0]]
    # cumulative at month 6 = £4,000 more than staying legacy
    assert "No break-even within 6 months" in spec["vconcat"][1]["title"]["subtitle"]
    assert "£4,000" in spec["vconcat"][1]["title"]["subtitle"]
