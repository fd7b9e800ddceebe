"""Synthetic plans: valid, of the size asked for, and reproducible with a seed."""

from __future__ import annotations

import pytest

from mocmo.plan import dump_plan_yaml
from mocmo.synthetic import synthetic_plan


@pytest.mark.parametrize(
    ("people", "audiences", "months"), [(30, 6, 12), (300, 30, 18), (2000, 200, 36)]
)
def test_synthetic_plan_has_the_size_asked_for(people: int, audiences: int, months: int) -> None:
    """Headcount, audience count and horizon are exactly as asked, with every audience owned."""
    plan = synthetic_plan(people, audiences, months)
    assert sum(r.headcount for r in plan.legacy_roles) == people
    assert len(plan.audiences) == audiences
    assert plan.horizon_months == months
    assert all(a.owner for a in plan.audiences)
    assert max(p.end_month for p in plan.phases) <= months


def test_synthetic_plan_is_reproducible_with_a_seed() -> None:
    """The same seed gives the same plan, another seed a different one."""
    assert dump_plan_yaml(synthetic_plan(300, 30, 18, seed=3)) == dump_plan_yaml(
        synthetic_plan(300, 30, 18, seed=3)
    )
    assert synthetic_plan(300, 30, 18, seed=3) != synthetic_plan(300, 30, 18, seed=4)


def test_synthetic_plan_rejects_sizes_it_cannot_build() -> None:
    """Too few people or months outside 6–36 are refused with the field named."""
    with pytest.raises(ValueError, match="people: got 3"):
        synthetic_plan(3, 1, 12)
    with pytest.raises(ValueError, match="months: got 48"):
        synthetic_plan(30, 6, 48)
