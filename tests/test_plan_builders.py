"""The tests' hand-made plan builders: one module, ``plans``, imported one way everywhere."""

from __future__ import annotations

import ast
from pathlib import Path

import plans

TESTS = Path(__file__).resolve().parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_every_builder_lives_in_plans() -> None:
    """The audience and migration builders are in tests/plans.py; their old modules are gone."""
    assert not (TESTS / "audience_plans.py").exists()
    assert not (TESTS / "migration_plans.py").exists()
    for name in (
        "segment_audience",
        "audience_plan",
        "PRODUCTS",
        "NO_ON_COSTS",
        "flat",
        "migration_role",
        "migration_plan",
        "migration_phase",
        "costed_plan",
        "minimal_plan",
    ):
        assert name in plans.__all__, name
        assert hasattr(plans, name), name


def test_plans_is_imported_under_one_name() -> None:
    """No test module imports ``tests.plans`` or the old builder modules: only ``plans``."""
    wrong = {"tests.plans", "audience_plans", "migration_plans", "tests.strategies"}
    offenders = {
        path.name: sorted(_imported_modules(path) & wrong)
        for path in sorted(TESTS.glob("*.py"))
        if _imported_modules(path) & wrong
    }
    assert offenders == {}


def test_merged_builders_keep_their_figures() -> None:
    """The merged builders give the plans their docstrings describe: the hand-calculation
    migration plan has 4 Content people at £48,000 and a Head of GTM at £60,000; the audience
    plan sells Alpha and Beta."""
    costed = plans.costed_plan()
    (content,) = costed.legacy_roles
    assert (content.name, content.headcount, content.band.low, content.band.high) == (
        "Content",
        4,
        48_000,
        48_000,
    )
    assert costed.new_roles.head_of_gtm.low == costed.new_roles.head_of_gtm.high == 60_000
    assert costed.assumptions.on_costs.employer_ni_rate == 0.0
    sold = plans.audience_plan(plans.segment_audience("A", owner="Alex"), team=("Alex",))
    assert [p.name for p in sold.products] == ["Alpha", "Beta"]
    assert sold.audiences[0].owner == "Alex"
    phase = plans.migration_phase("Wave", 2, 3, "Map")
    assert (phase.start_month, phase.months, phase.depends_on) == (2, 3, ("Map",))
