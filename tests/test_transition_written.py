"""Writing the plan-default flows out as the plan's own moves, hires and leavers
(:func:`mocmo.transition.flows.with_flows_written_out`) keeps every figure: no hire the default
made is lost, and early attrition is not taken twice. Figures worked out by hand below."""

from __future__ import annotations

import json
from typing import Any

import pytest
from plans import costed_plan, hiring_plan, migration_role

from mocmo import migration
from mocmo.defaults import load_example
from mocmo.export import summary_json
from mocmo.plan import Plan, with_value
from mocmo.transition import flows as people

SIMULATED = ("_p10", "_p50", "_p90")


def _figures(plan: Plan) -> dict[str, Any]:
    """The summary's figures but the ranges' percentiles (a hire that slips in a draw
    re-derives derived movers, not given ones)."""
    found: dict[str, Any] = json.loads(summary_json(plan))
    return {k: v for k, v in found.items() if not k.endswith(SIMULATED)}


def _assert_same(before: Plan, after: Plan) -> None:
    """Every figure and every month of the timeline the same."""
    assert _figures(after) == _figures(before)
    a, b = migration.monthly(before), migration.monthly(after)
    assert list(a.columns) == list(b.columns)
    for column in a.columns:
        assert a[column].tolist() == pytest.approx(b[column].tolist(), abs=1e-6), column


def test_a_hand_plan_keeps_the_default_hire_once_written_out() -> None:
    """Before and after writing out: 2 hires (the Head of GTM and B's marketer), recruitment
    £12,000 + £7,200 = £19,200 = the one-off cost; payroll month by month
    1: 2 × 4,000 = 8,000; 2: Content's custodian-to-be 4,000 + A 3,000 + the Head 5,000 =
    12,000; 3, 4: the custodian 4,000 + 3,000 + 5,000 = 12,000; 5 on: + B 3,000 = 15,000.
    (Written out as moves and leavers only, B would be a vacancy: 1 hire, £12,000, and
    £12,000 a month from month 5.)"""
    plan = hiring_plan()
    written = people.with_flows_written_out(plan)
    assert written.moves is not None and written.leavers == ()
    assert [(h.position, h.month, h.lead_time_months, h.count) for h in written.hires] == [
        ("Head of GTM", 2, 1, 1),
        ("GTM Marketer", 5, 3, 1),
    ]
    for p in (plan, written):
        figures = _figures(p)
        assert figures["hires_count"] == 2
        assert figures["recruitment_cost"] == pytest.approx(19_200)
        assert figures["one_off_cost"] == pytest.approx(19_200)
        payroll = migration.monthly(p)["payroll_cost"].tolist()
        assert payroll == pytest.approx([8_000, 12_000, 12_000, 12_000] + [15_000] * 4)
    got = {(f.kind, f.team, f.to, f.count, f.month) for f in people.flows(written)}
    assert got == {(f.kind, f.team, f.to, f.count, f.month) for f in people.flows(plan)}
    assert not any(f.derived for f in people.flows(written))
    assert people.vacancies(written) == [] and people.overfilled(written) == []
    _assert_same(plan, written)


def test_the_example_keeps_every_figure_written_out() -> None:
    """The example as it is, and with 10% early attrition (the written moves are the planned
    ones: attrition takes its 10% of them once, not of moves already cut)."""
    plan = load_example()
    _assert_same(plan, people.with_flows_written_out(plan))
    leaving = with_value(plan, "assumptions.transition.early_attrition", 0.1)
    written = people.with_flows_written_out(leaving)
    assert _figures(leaving)["hires_count"] > _figures(plan)["hires_count"]
    _assert_same(leaving, written)


def test_a_default_hire_no_plan_hire_can_say_is_refused() -> None:
    """One Content person, a quarter of whose hours stay (0.25 FTE, a custodian of 0.5 at the
    0.5 step) and A's marketer: Content's other 0.5 moves to A, the default hires the other
    0.5 of A's marketer — a plan hires whole people, so writing out refuses, naming it."""
    role = migration_role("Content", headcount=1, salary=48_000, transition=3)
    plan = costed_plan(legacy_roles=(role,))
    gap = [f for f in people.flows(plan) if f.kind == "hire" and f.derived]
    assert [(f.to, f.count) for f in gap] == [("GTM Marketer: A", 0.5)]
    with pytest.raises(people.FlowsNotWritable, match=r"GTM Marketer: A ×0\.5.*whole people"):
        people.with_flows_written_out(plan)
