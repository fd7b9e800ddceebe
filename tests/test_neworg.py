"""The new org's positions: one definition (mocmo.neworg) that reshape, costing, migration, the
org chart and the workbook all read — hand-worked positions, the custodian-title rule, and a
property test that every view agrees on headcount and cost by group."""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plans import legacy_role, minimal_data, minimal_plan
from strategies import valid_plan_data

from conftest import LibreOfficeRecalc, load_values
from mocmo import costing, migration, neworg, orgchart, reshape
from mocmo.defaults import load_example
from mocmo.excel import write_workbook
from mocmo.plan import Band, Plan, parse_plan

# The minimal plan (tests/plans.py) with its Content role changing shape in month 6:
#   Content: 2 people × 37.5 h = 75 h/wk; 50% stays = 37.5 h → 37.5 / 37.5 = 1.0 FTE (step 0.5)
#   Head of GTM: no Head of GTM hire → the first audience launch; Audience A has none → month 1
#   Audience A's GTM Marketer from month 1; the MarOps Lead seat (all four roles) from month 4.
TRANSITION = 6


def _plan(title: str = "Content Custodian") -> Plan:
    return minimal_plan(
        legacy_roles=[legacy_role(custodian_title=title, transition_month=TRANSITION)]
    )


def test_positions_of_the_minimal_plan_by_hand() -> None:
    """The minimal plan has four positions: Head of GTM, one GTM Marketer, 1.0 FTE of Content
    Custodian and the MarOps Lead seat, each with its group, band, point and start month."""
    found = neworg.positions(_plan())
    assert [(p.kind, p.group, p.title, p.fte, p.start_month) for p in found] == [
        ("head_of_gtm", "GTM", "Head of GTM", 1.0, 1),
        ("gtm_marketer", "GTM", "GTM Marketer", 1.0, 1),
        ("custodian", "Custodians", "Content Custodian", 1.0, TRANSITION),
        ("marops_seat", "MarOps", "MarOps Lead", 1.0, 4),
    ]
    head, marketer, custodian, lead = found
    assert (head.band, head.point) == (Band(low=95_000, high=130_000), "mid")
    assert (marketer.audience, marketer.owner) == ("Audience A", "Alex")
    assert (custodian.band, custodian.legacy_role) == (Band(low=40_000, high=60_000), "Content")
    assert lead.band == Band(low=80_000, high=120_000)  # the highest of the roles it holds
    assert neworg.fte_by_group(found) == {"GTM": 2.0, "Custodians": 1.0, "MarOps": 1.0}


@pytest.mark.parametrize("blank", ["", "   ", "\t "])
def test_a_blank_custodian_title_is_the_default_title_in_every_view(
    blank: str, tmp_path: Path
) -> None:
    """A custodian title that is empty or only spaces means "not set": reshape, costing, the
    migration timeline and milestones, the org chart and the workbook all call the position
    "Content Custodian"."""
    plan = _plan(blank)
    want = "Content Custodian"
    assert [p.title for p in neworg.positions(plan) if p.kind == "custodian"] == [want]
    org = reshape.new_org(plan)
    assert list(org.loc[org["group"] == "Custodians", "position"]) == [want]
    table = costing.new_org_table(plan)
    assert list(table.loc[table["group"] == "Custodians", "role"]) == [want]
    lines = [ln.name for ln in migration.staffing_lines(plan) if ln.group == "Custodians"]
    assert lines == [want]
    shapes = migration.milestones(plan)
    assert list(shapes.loc[shapes["kind"] == "Role changes shape", "name"]) == [f"Content → {want}"]
    boxes = [b.title for b in orgchart.new_chart(plan).boxes if b.kind == "custodian"]
    assert boxes == [want]
    sheet = openpyxl.load_workbook(write_workbook(plan, tmp_path / "p.xlsx"))["New Org"]
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert want in texts
    assert blank not in texts or blank == ""


def test_the_timeline_counts_the_whole_org_in_the_group_the_other_steps_use() -> None:
    """The migration timeline's groups are the new org's own (GTM, not "GTM Marketers"): at the
    end of the horizon the minimal plan has 2 GTM, 1.0 custodian FTE and 1 MarOps seat."""
    table = migration.headcount_by_group(_plan())
    last = table[table["month"] == table["month"].max()].set_index("group")["headcount"]
    assert last.to_dict() == {"Legacy roles": 0.0, "GTM": 2.0, "Custodians": 1.0, "MarOps": 1.0}


# --------------------------------------------------------------------------- every view agrees


def _per_head(plan: Plan, band: Band, point: str | float) -> float:
    return costing.loaded_cost_at(plan, band, point)


def _positions_by_group(plan: Plan, timed: bool = False) -> dict[str, tuple[float, float]]:
    """(FTE, loaded cost) per group of the positions (every position starts within the plan:
    ``timed`` is kept for the callers that say they compare with the timeline)."""
    out: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for p in neworg.positions(plan):
        out[p.group][0] += p.fte
        out[p.group][1] += p.fte * _per_head(plan, p.band, p.point)
    return {g: (v[0], v[1]) for g, v in out.items()}


def _close(a: dict[str, tuple[float, float]], b: dict[str, tuple[float, float]]) -> None:
    groups = {g for g, (fte, _c) in {**a, **b}.items() if fte > 1e-9}
    for g in groups:
        fa, ca = a.get(g, (0.0, 0.0))
        fb, cb = b.get(g, (0.0, 0.0))
        assert math.isclose(fa, fb, abs_tol=1e-9), (g, fa, fb)
        assert math.isclose(ca, cb, rel_tol=1e-9, abs_tol=1e-6), (g, ca, cb)


def _sum(rows: Any) -> dict[str, tuple[float, float]]:
    out: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for group, heads, cost in rows:
        out[group][0] += float(heads)
        out[group][1] += float(cost)
    return {g: (v[0], v[1]) for g, v in out.items()}


def _titles(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """Generated plan data, some custodian titles blank or only spaces."""
    for role in data["legacy_roles"]:
        role["custodian_title"] = draw(st.sampled_from([role["custodian_title"], "", "   "]))
    return data


@st.composite
def _plans(draw: st.DrawFn) -> Plan:
    return parse_plan(_titles(draw, draw(valid_plan_data())))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=_plans())
def test_every_view_agrees_on_headcount_and_cost_by_group(plan: Plan) -> None:
    """Reshape's new org, costing's new-org table and cost lines, the migration timeline once
    everyone has started, and the org chart have the same FTE and loaded cost in every group
    as the positions, and the same custodian titles."""
    want = _positions_by_group(plan)
    org = reshape.new_org(plan)
    # two custodians may share a title: a row is its title, group and legacy role
    per_position = {(p.title, p.group, p.legacy_role): p for p in neworg.positions(plan)}
    rows = zip(org["group"], org["count"], org["position"], org["legacy_role"], strict=True)
    _close(
        _sum(
            (g, n, n * _per_head(plan, per_position[t, g, r].band, per_position[t, g, r].point))
            for g, n, t, r in rows
        ),
        want,
    )
    table = costing.new_org_table(plan)
    _close(_sum(zip(table["group"], table["headcount"], table["loaded_cost"], strict=True)), want)
    assert costing.new_org_loaded_cost(plan) == pytest.approx(sum(c for _f, c in want.values()))
    # the timeline pays the people the flows place: the positions, when no hire over-fills one
    # (an over-filled position is paid as given and flagged: tests/test_transition_flows.py)
    from mocmo.transition import flows

    if not flows.overfilled(plan):
        lines = [ln for ln in migration.staffing_lines(plan) if ln.group != migration.GROUP_LEGACY]
        _close(
            _sum((ln.group, ln.headcount, ln.annual_cost) for ln in lines),
            _positions_by_group(plan, timed=True),
        )
    kinds = {"head_of_gtm": "GTM", "gtm_marketer": "GTM", "custodian": "Custodians"}
    kinds["marops_seat"] = "MarOps"
    boxes = [b for b in orgchart.new_chart(plan).boxes if b.kind in kinds]
    _close(_sum((kinds[b.kind], b.headcount, b.cost) for b in boxes), want)
    custodians = [p.title for p in neworg.positions(plan) if p.kind == "custodian"]
    assert [b.title for b in boxes if b.kind == "custodian"] == custodians
    assert list(table.loc[table["group"] == "Custodians", "role"]) == custodians
    assert all(t.strip() == t and t for t in custodians)


# --------------------------------------------------------------------------- the workbook


def _new_org_rows(values: Any) -> dict[str, tuple[float, float]]:
    """(count, loaded cost) per group of the recalculated New Org sheet's new-org table."""
    ws = values["New Org"]
    rows = list(ws.iter_rows(values_only=True))
    headers = [i for i, r in enumerate(rows) if r[0] == "Position"]  # legacy, then new org
    out = []
    for r in rows[headers[1] + 1 :]:
        if r[0] == "New org":
            break
        out.append((r[1], r[2], r[9]))
    return _sum(out)


@pytest.mark.parametrize("which", ["example", "blank titles"])
def test_workbook_new_org_rows_agree_with_the_positions(
    which: str, tmp_path: Path, lo_recalc: LibreOfficeRecalc
) -> None:
    """Recalculated by LibreOffice, the New Org sheet's rows hold the positions' FTE and loaded
    cost in every group (the example; a plan whose custodian titles are blank)."""
    if which == "example":
        plan = load_example()
    else:
        data = minimal_data(
            legacy_roles=[
                legacy_role(custodian_title="   ", transition_month=TRANSITION),
                legacy_role("Brand", custodian_title=""),
            ]
        )
        plan = parse_plan(data)
    values = load_values(lo_recalc(write_workbook(plan, tmp_path / "plan.xlsx")))
    _close(_new_org_rows(values), _positions_by_group(plan))
