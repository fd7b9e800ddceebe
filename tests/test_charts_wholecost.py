"""The whole-cost charts (the cost bridge, hours against FTE per group), checked through their
Vega-Lite spec (``chart.to_dict()``), never pixels; figures from hand calculation."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from chart_specs import chart_rows
from plans import minimal_data

from mocmo import defaults
from mocmo.charts import wholecost as charts
from mocmo.charts.catalog import CHART_TITLES, all_charts
from mocmo.plan import Plan, parse_plan

BUDGET = [
    {"line": "agencies_freelancers", "before": 100_000, "after": 40_000},
    {"line": "ai_tools_infrastructure", "before": 10_000, "after": 30_000},
]
"""Agencies −£60,000 and AI tools +£20,000: the non-payroll step is −£40,000."""


def _priced_plan(**ai: Any) -> Plan:
    """The minimal plan with AI priced by usage only (no seat price) and two budget lines."""
    data = minimal_data(budget_shift=BUDGET)
    data["assumptions"]["ai_costs"] = {
        "licence_per_user_month": 0,
        "legacy_licensed_users": 0,
        "usage_per_absorbed_hour": 2.0,
        "weeks_per_year": 52,
        **ai,
    }
    return parse_plan(data)


def _bridge_rows(plan: Plan) -> dict[str, dict[str, Any]]:
    return {r["step"]: r for r in chart_rows(charts.bridge_chart_for(plan), "low")}


def test_the_bridge_draws_the_ai_cost_and_the_non_payroll_change_by_hand() -> None:
    """The AI running cost and the non-payroll change are floating bars of the hand-computed
    amounts, red when they add cost and green when they save it, signed in their labels."""
    rows = _bridge_rows(_priced_plan())
    # Content: 2 people × 37.5 h = 75 h/wk; Drafting is 20% of it (15 h/wk) absorbed by AI with
    # 25% oversight: 15 × 0.75 = 11.25 h/wk absorbed × 52 weeks × £2 = £1,170 a year.
    ai = rows["AI running cost"]
    assert ai["amount"] == pytest.approx(1170.0)
    assert (ai["kind"], ai["label"]) == ("Adds cost", "+£1,170")
    assert ai["high"] - ai["low"] == pytest.approx(1170.0)
    # agencies 100,000 → 40,000 and AI tools 10,000 → 30,000: −60,000 + 20,000 = −40,000
    budget = rows["Non-payroll budget"]
    assert budget["amount"] == pytest.approx(-40_000.0)
    assert (budget["kind"], budget["label"]) == ("Saves cost", "−£40K")


def test_the_bridge_starts_at_the_legacy_total_and_ends_at_the_new_total() -> None:
    """The first bar is the legacy whole cost (payroll + non-payroll before) from zero, the
    last the new total; the steps between are in the bridge's order."""
    plan = _priced_plan()
    rows = chart_rows(charts.bridge_chart_for(plan), "low")
    first, last = rows[0], rows[-1]
    # 2 Content people at £50,000: 50,000 + NI 0.15 × 45,000 = 6,750 + pension 0.03 × 43,760 =
    # 1,312.80 + benefits 2,500 + tools 3,000 = 63,562.80 each → 127,125.60; + budget before
    # 100,000 + 10,000 = 237,125.60 (no AI seats today)
    assert (first["step"], first["kind"], first["low"]) == ("Legacy total", "Total", 0.0)
    assert first["high"] == pytest.approx(237_125.60)
    assert first["label"] == "£237.1K"
    assert (last["step"], last["kind"], last["low"]) == ("New total", "Total", 0.0)
    # every step starts where the one before ended
    for before, step in itertools.pairwise(rows[:-1]):
        assert step["start"] == pytest.approx(before["end"])
    assert last["high"] == pytest.approx(rows[-2]["end"])


def test_a_step_that_changes_nothing_draws_no_bar() -> None:
    """A group whose payroll does not change (the minimal plan has no "Other" positions) is
    left out of the chart, not drawn as a £0 bar."""
    steps = [r["step"] for r in chart_rows(charts.bridge_chart_for(_priced_plan()), "label")]
    assert "Payroll: Other" not in steps
    assert "AI running cost" in steps


def test_the_bridge_subtitle_says_the_net_change_with_its_sign() -> None:
    """The subtitle gives legacy → new and the registry's net change and share, signed."""
    chart = charts.cost_bridge_chart(
        _bridge_frame(), "GBP", change=-40_000.0, share=-40_000.0 / 200_000.0
    )
    title = chart.to_dict()["title"]
    # 200,000 → 160,000: −£40K, −20.0%
    assert title["text"] == "The whole cost, legacy to new"
    assert title["subtitle"] == "£200K → £160K a year: −£40K (−20.0%)"


def _bridge_frame() -> Any:
    import pandas as pd

    return pd.DataFrame(
        [
            ("Legacy total", "total", "total", 200_000.0, 0.0, 200_000.0),
            ("Non-payroll budget", "non_payroll", "change", -40_000.0, 200_000.0, 160_000.0),
            ("New total", "total", "total", 160_000.0, 0.0, 160_000.0),
        ],
        columns=["step", "component", "kind", "amount", "start", "end"],
    )


def test_the_catalog_exports_the_bridge_with_the_costing_charts() -> None:
    """``costing-bridge`` is one of every chart the export writes (PNG and SVG), titled."""
    charts_of_example = all_charts(defaults.load_example())
    assert "costing-bridge" in charts_of_example
    assert "costing-bridge" in CHART_TITLES


def _gtm_plan(fixed: float | None = None) -> Plan:
    """The minimal plan whose GTM Marketer carries 39 h/wk (Content's 75 h/wk: 48% stays, 52%
    shifts) against 37.5 × 0.8 = 30 h/wk a person; GTM headcount fixed at ``fixed``."""
    from plans import activity, legacy_role

    work = (activity("Standards", 0.48, "stays"), activity("Audience content", 0.52, "shifts"))
    data = minimal_data(legacy_roles=[legacy_role(activities=work)])
    data["assumptions"]["staffing"] = {
        "marops_own_hours_per_week": 20,
        "gtm": {"step": 0.5, "fixed_fte": fixed},
    }
    return parse_plan(data)


def _parts(plan: Plan) -> dict[str, float]:
    rows = chart_rows(charts.staffing_chart_for(plan), "part")
    return {r["part"]: r["hours"] for r in rows if r["group"] == "GTM Marketers"}


def test_the_staffing_bars_split_hours_into_staffed_unstaffed_and_spare() -> None:
    """Staffed to the work, 39 h/wk → 1.5 FTE × 30 = 45 h/wk: 39 staffed, 6 spare; with the
    headcount fixed at 1 FTE: 30 staffed, 39 − 30 = 9 unstaffed (red), none spare."""
    assert _parts(_gtm_plan()) == pytest.approx(
        {"Staffed hours": 39.0, "Unstaffed hours": 0.0, "Spare capacity": 6.0}
    )
    assert _parts(_gtm_plan(fixed=1.0)) == pytest.approx(
        {"Staffed hours": 30.0, "Unstaffed hours": 9.0, "Spare capacity": 0.0}
    )
    spec = charts.staffing_chart_for(_gtm_plan(fixed=1.0)).to_dict()
    colours = spec["layer"][0]["encoding"]["color"]["scale"]
    assert dict(zip(colours["domain"], colours["range"], strict=True))["Unstaffed hours"] == (
        "#c0392b"
    )


def test_the_monthly_cost_chart_colours_ai_and_non_payroll_apart_from_payroll() -> None:
    """The migration step's monthly cost bars carry the AI running cost and the non-payroll
    budget, each in a colour of its own (the budget was drawn in the legacy roles' grey), and
    the subtitle names them."""
    from mocmo import migration as mig
    from mocmo.charts.migration import cost_chart

    spec = cost_chart(defaults.load_example()).to_dict()
    bars = spec["vconcat"][0]["layer"][0]
    scale = bars["encoding"]["color"]["scale"]
    colours = dict(zip(scale["domain"], scale["range"], strict=True))
    assert {mig.AI_COST, mig.NON_PAYROLL} <= set(colours)
    assert len(set(colours.values())) == len(colours), colours
    subtitle = spec["vconcat"][0]["title"]["subtitle"]
    assert "AI running cost" in subtitle and "non-payroll budget" in subtitle
