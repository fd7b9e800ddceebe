"""The calculation modules are one thing each (issue #16): each split module is a package whose
parts hold one seam, and every public name is still importable from where it was."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "mocmo"

SEAMS: dict[str, dict[str, tuple[str, ...]]] = {
    "costing": {
        "people": ("salary_at", "employer_ni", "loaded_cost", "recruitment_fee"),
        "org": ("marops_loaded_cost", "replaced_roles_loaded_cost", "new_org_table", "cost_lines"),
        "montecarlo": ("simulate", "Simulation", "sensitivity"),
        "reporting": ("reporting_line_problems", "ownership_problems", "ownership_table"),
        "seats": ("combine_roles_changes", "split_seat_changes", "default_seat_name"),
    },
    "orgchart": {
        "boxes": ("OrgBox", "OrgChart", "OrgLine", "wrap_text", "text_width"),
        "content": ("legacy_chart", "new_chart", "org_charts"),
        "layout": ("boxes_overlap", "overlapping_boxes", "label_overflows", "line_crossings"),
        "tables": ("box_table", "segment_table", "text_table"),
    },
    "diff": {"words": ("Difference",)},
    "governance": {
        "labels": ("MetricInfo",),
        "register": ("known_people", "role_clashes", "agent_table", "pods_table", "headline"),
        "measures": ("management_layers", "span_table", "metrics_table", "budget_summary"),
        "checks": ("checks",),
    },
    "staffing": {
        "load": ("person_capacity_hours", "round_up_to_step", "gtm_owner_staffing", "marops_fte"),
        "groups": ("GroupStaffingRow", "group_staffing", "unstaffed_hours_cost", "new_org"),
        "checks": ("checks",),
    },
    "migration": {
        "schedule": ("month_date", "schedule", "earliest_starts", "dependency_conflicts"),
        "people": ("staffing_lines", "StaffingLine", "key_band"),
        "oneoffs": ("hire_schedule", "one_offs", "migration_one_off_cost", "recruitment_cost"),
        "timeline": ("monthly", "breakeven_month", "breakeven_projection", "payback_months"),
        "workflows": ("workflow_inventory_count", "top_workflows_owned", "workflow_table"),
        "checks": ("checks", "dependency_problems", "hire_problems", "inflight_problems"),
    },
}
"""Package → part → public names the part defines (the package re-exports each)."""


@pytest.mark.parametrize(
    ("package", "part", "name"),
    [(p, part, n) for p, parts in SEAMS.items() for part, names in parts.items() for n in names],
)
def test_each_public_name_is_defined_in_its_seam_and_still_importable(
    package: str, part: str, name: str
) -> None:
    """`from mocmo.<package> import <name>` gives the object defined in mocmo.<package>.<part>."""
    whole = importlib.import_module(f"mocmo.{package}")
    seam = importlib.import_module(f"mocmo.{package}.{part}")
    assert getattr(whole, name) is getattr(seam, name)
    assert getattr(seam, name).__module__ == f"mocmo.{package}.{part}"
    assert name in whole.__all__


@pytest.mark.parametrize("package", sorted(SEAMS))
def test_no_part_of_a_split_module_reaches_700_lines(package: str) -> None:
    """Every file of a split module is under 700 lines."""
    sizes = {
        path.name: len(path.read_text(encoding="utf-8").splitlines())
        for path in (PACKAGE / package).glob("*.py")
    }
    assert sizes and all(lines < 700 for lines in sizes.values()), sizes


def test_the_legacy_baseline_is_the_costing_steps_legacy_org_cost_by_month() -> None:
    """The migration's legacy baseline each month is the costing step's legacy org loaded cost
    ÷ 12 (one formula): minimal plan, 2 people at £50,000 + NI 15% × £45,000 (£6,750) + pension
    3% × £43,760 (£1,312.80) + benefits £2,500 + tools £3,000 = £63,562.80 each, £127,125.60 a
    year, £10,593.80 a month."""
    from plans import minimal_plan

    from mocmo import costing, migration

    plan = minimal_plan()
    assert costing.legacy_org_loaded_cost(plan) == pytest.approx(127_125.60)
    assert migration.legacy_baseline_monthly_cost(plan) == pytest.approx(10_593.80)
    assert migration.legacy_baseline_monthly_cost(plan) == costing.legacy_org_loaded_cost(plan) / 12


def test_the_org_chart_layout_engine_lays_out_any_tree_it_is_given() -> None:
    """The layout engine knows boxes, not the org: a root "r" (40 px tall) with children "a"
    and "b" and an unattached box "x" lays out with the root at the margin (8, 8), the three
    others in one row one gap below it (8 + 40 + 40 = 88 px), solid lines a→r and b→r, and the
    dotted line asked for from "a" to "x"."""
    from mocmo.orgchart import OrgBox, overlapping_boxes
    from mocmo.orgchart.boxes import OrgChart
    from mocmo.orgchart.layout import _place, _tree

    def box(key: str, parent: str | None = None) -> OrgBox:
        return OrgBox(key, "custodian", key, (), None, parent=parent, height=40.0)

    root = _tree("r", [box("r"), box("a", "r"), box("b", "r")], [box("x")])
    boxes, lines, width, height = _place(root, [("a", "x")], 1280.0)
    where = {b.key: (b.x, b.y) for b in boxes}
    assert where["r"][1] == 8.0
    assert {where[k][1] for k in ("a", "b", "x")} == {88.0}
    assert {(line.source, line.target, line.kind) for line in lines} == {
        ("a", "r", "solid"),
        ("b", "r", "solid"),
        ("a", "x", "dotted"),
    }
    chart = OrgChart("new", "t", boxes, lines, width, height, "GBP", None, 0.0, 0.0)
    assert overlapping_boxes(chart) == []


def test_a_name_that_never_existed_is_still_an_attribute_error() -> None:
    """The step modules forward only the names that moved to mocmo.present: any other unknown
    name raises AttributeError naming the module."""
    from mocmo import costing, migration, reshape

    for module in (costing, migration, reshape):
        assert not hasattr(module, "no_such_name")
        with pytest.raises(AttributeError, match=module.__name__):
            module.no_such_name  # noqa: B018


def test_work_that_leaves_before_the_marops_seats_start_is_one_warning_rule() -> None:
    """A legacy role moving to MarOps in month 3 and a replaced role ending in month 2, with
    the only seat starting in month 5, each get the same "before the MarOps seat(s) … start"
    warning, worded for what leaves."""
    from plans import minimal_plan, replaced_role

    from mocmo import migration
    from mocmo.plan import with_changes

    plan = with_changes(
        minimal_plan(replaced_roles=(replaced_role("Coordinator", leaves_month=2),)),
        {
            "marops_seats[0].hire_month": 5,
            "hires[0].month": 5,  # one hire, one start month
            "legacy_roles[0].new_home": "marops",
            "legacy_roles[0].transition_month": 3,
        },
    )
    found = {p.path: p.message for p in migration.checks(plan)}
    assert found["legacy_roles[0].transition_month"] == (
        "Content changes shape in month 3, before the MarOps seat(s) MarOps Lead start "
        "(month 5): its remaining work has no home in between"
    )
    assert found["replaced_roles[0].leaves_month"] == (
        "Coordinator ends in month 2, before the MarOps seat(s) MarOps Lead start (month 5): "
        "nobody runs its work in between"
    )


def test_no_module_of_the_package_reaches_700_lines() -> None:
    """Every .py file under mocmo/ is under 700 lines (issue #16)."""
    sizes = {
        path.relative_to(PACKAGE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    too_long = {name: n for name, n in sizes.items() if n >= 700}
    assert too_long == {}
