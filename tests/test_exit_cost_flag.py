"""The migration step flags a plan whose team shrinks while its one-off cost counts recruitment
fees only: the leavers are counted and an indicative exit cost is named, never left unsaid."""

from __future__ import annotations

import pytest
from plans import activity, legacy_role, minimal_plan

from mocmo import migration
from mocmo.migration.checks import exit_cost_problems, people_without_a_position
from mocmo.plan import Plan


def _shrinking_plan() -> Plan:
    """6 Content people on £40–60K (mid £50,000), 20% of their hours stay, 80% AI absorbs with
    no oversight. New org: Head of GTM 1 + one GTM Marketer 1 (no shifted work) + custodian
    6 × 37.5 × 0.2 = 45 h ÷ 37.5 = 1.2 → 1.5 FTE + the MarOps seat 1 (its 30 h of own work
    fit one person's 30 h) = 4.5 FTE, of which 1 is hired from outside."""
    role = legacy_role(
        headcount=6,
        activities=[
            activity("Standards", 0.2, "stays"),
            activity("Drafting", 0.8, "ai", oversight=0.0),
        ],
    )
    return minimal_plan(legacy_roles=[role])


def test_leavers_are_todays_people_without_a_position() -> None:
    """6 people − (4.5 FTE − 1 hire) = 2.5 people have no position in the new org."""
    assert people_without_a_position(_shrinking_plan()) == pytest.approx(2.5)


def test_a_shrinking_team_is_flagged_with_an_indicative_exit_cost() -> None:
    """Per leaver at £50,000 (weekly £961.54, capped at £751), age 38, 5 years' service: statutory
    5 × £751 = £3,755; notice in lieu the longer of 4 weeks and the statutory 5 weeks =
    5 × £961.54 = £4,807.69; settlement £600 → £9,162.69; × 2.5 leavers = £22,906.73 ≈ £22.9K."""
    plan = _shrinking_plan()
    (flag,) = exit_cost_problems(plan)
    assert flag.severity == "warning"  # the plan stays savable: this is the CFO's question
    assert flag.message.startswith("6 people today and 2.5 of them have no position")
    assert "counts recruitment fees only" in flag.message
    assert flag.message.endswith("they would add about £22.9K")
    assert flag in migration.checks(plan)


def test_a_team_that_does_not_shrink_is_not_flagged() -> None:
    """The builders' minimal plan: 2 people, and the new org has positions for all of them."""
    assert exit_cost_problems(minimal_plan()) == []
