"""The org chart before and after: layout data from a plan (boxes, lines, actions) and its
drawing. Assertions are on the layout, never on pixels (but the PNG's width from its header)."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest
from plans import activity, audience, legacy_role, minimal_plan, seat

from mocmo import costing
from mocmo.defaults import load_example
from mocmo.orgchart import (
    BODY_FONT,
    CHART_WIDTH,
    PAD,
    TITLE_FONT,
    OrgChart,
    label_overflows,
    legacy_chart,
    line_crossings,
    new_chart,
    org_charts,
    overlapping_boxes,
    text_width,
    wrap_text,
)
from mocmo.plan import Plan

# One person at £50,000 (the £40–60K band at mid), by hand:
#   NI 0.15 × (50,000 − 5,000) = 6,750; pension 0.03 × (50,000 − 6,240) = 1,312.80;
#   benefits 0.05 × 50,000 = 2,500; tools 3,000 → 63,562.80.
LOADED_50K = 50_000 + 6_750 + 1_312.80 + 2_500 + 3_000
# The combined Workflow Architect + Data Steward seat takes the higher band, £60–85K (mid 72,500):
#   NI 0.15 × 67,500 = 10,125; pension 0.03 × (50,270 − 6,240) = 1,320.90; benefits 3,625;
#   tools 3,000 → 90,570.90.
LOADED_72_5K = 72_500 + 10_125 + 1_320.90 + 3_625 + 3_000


def two_audience_plan(**overrides: Any) -> Plan:
    """Two audiences (Alex, Blake); Content (2 people, half its hours stay → 1 custodian FTE)
    and Events (1 person, everything shifts → closed); a MarOps Lead to hire and a combined
    Workflow Architect + Data Steward seat already filled; the company has a CDO."""
    fields: dict[str, Any] = {
        "gtm_team": ["Alex", "Blake"],
        "audiences": [audience("Audience A", owner="Alex"), audience("Audience B", owner="Blake")],
        "legacy_roles": [
            legacy_role("Content"),
            legacy_role("Events", headcount=1, activities=[activity("Events", 1.0, "shifts")]),
        ],
        "marops_seats": [
            seat("MarOps Lead", ["head_of_marops", "prompt_knowledge_designer"], hire_month=4),
            seat("Ops & Data", ["workflow_architect", "data_steward"]),
        ],
        "has_cdo": True,
    }
    fields.update(overrides)
    return minimal_plan(**fields)


def many_plan() -> Plan:
    """Seven legacy roles with long custodian titles and twenty audiences with long names, each
    with its own owner, and four single-role MarOps seats."""
    roles = [
        legacy_role(name, custodian_title=f"{name} Standards and Quality Custodian")
        for name in (
            "Product Marketing",
            "Brand & Creative",
            "Content",
            "Demand Generation",
            "Communications/PR",
            "Marketing Operations",
            "Field & Events/ABM",
        )
    ]
    owners = [f"Owner Number {i:02d} Withaverylongsurname" for i in range(20)]
    audiences = [
        audience(f"Enterprise Healthcare and Life Sciences Region {i:02d}", owner=owners[i])
        for i in range(20)
    ]
    seats = [
        seat("MarOps Lead", ["head_of_marops"]),
        seat("Workflow Architect", ["workflow_architect"]),
        seat("Data Steward", ["data_steward"]),
        seat("Prompt & Knowledge Designer", ["prompt_knowledge_designer"]),
    ]
    return minimal_plan(
        gtm_team=owners, audiences=audiences, legacy_roles=roles, marops_seats=seats, has_cdo=True
    )


def _titles(chart: OrgChart, kind: str) -> list[str]:
    return [b.title for b in chart.of_kind(kind)]


def _line_pairs(chart: OrgChart, kind: str) -> set[tuple[str, str]]:
    return {(ln.source, ln.target) for ln in chart.lines if ln.kind == kind}


# --------------------------------------------------------------------------- the boxes


def test_new_chart_has_the_two_tower_boxes() -> None:
    """The new chart has the CMO, a Head of GTM, one GTM Marketer per audience (named by
    audience and owner), the custodians under their heading, the MarOps seats and a CDO."""
    chart = new_chart(two_audience_plan())
    assert _titles(chart, "cmo") == ["CMO"]
    assert _titles(chart, "head_of_gtm") == ["Head of GTM"]
    assert sorted(_titles(chart, "gtm_marketer")) == ["Audience A", "Audience B"]
    assert [b.details[0] for b in chart.of_kind("gtm_marketer")] == ["Alex", "Blake"]
    assert _titles(chart, "custodian_group") == ["Craft Custodians"]
    assert _titles(chart, "custodian") == ["Content Custodian"]
    assert sorted(_titles(chart, "marops_seat")) == ["MarOps Lead", "Ops & Data"]
    assert _titles(chart, "cdo") == ["CDO"]
    assert len(chart.boxes) == 9


def test_combined_seat_is_one_box_listing_its_roles() -> None:
    """A seat holding two roles is drawn as one box that lists both roles."""
    chart = new_chart(two_audience_plan())
    box = chart.box("seat:Ops & Data")
    assert box.roles == ("Workflow Architect", "Data Steward")
    assert box.headcount == 1.0
    assert "Workflow Architect" in box.detail_lines and "Data Steward" in box.detail_lines
    titles = [b.title for b in chart.boxes]
    assert "Workflow Architect" not in titles and "Data Steward" not in titles


def test_position_actions_new_changed_closed_unchanged() -> None:
    """Legacy roles that become custodians are changed, a role with no custodian FTE is closed,
    GTM positions and seats to hire are new, a filled seat and the CMO are unchanged."""
    plan = two_audience_plan()
    legacy = legacy_chart(plan)
    assert legacy.box("legacy:Content").status == "changed"
    assert legacy.box("legacy:Events").status == "closed"
    assert legacy.status_counts() == {"new": 0, "changed": 1, "closed": 1, "unchanged": 1}
    new = new_chart(plan)
    assert {b.key: b.status for b in new.boxes} == {
        "cmo": "unchanged",
        "head_of_gtm": "new",
        "gtm:Audience A": "new",
        "gtm:Audience B": "new",
        "custodians": None,
        "custodian:Content": "changed",
        "seat:MarOps Lead": "new",
        "seat:Ops & Data": "unchanged",
        "cdo": None,
    }
    assert "NEW POSITION" in new.box("seat:MarOps Lead").detail_lines


def test_reporting_lines_and_dotted_line_to_cdo() -> None:
    """Solid lines run to each box's manager; the Data Steward's seat has a dotted line to
    the CDO, and the CDO has no solid line at all."""
    chart = new_chart(two_audience_plan())
    assert _line_pairs(chart, "solid") == {
        ("head_of_gtm", "cmo"),
        ("gtm:Audience A", "head_of_gtm"),
        ("gtm:Audience B", "head_of_gtm"),
        ("custodians", "cmo"),
        ("custodian:Content", "custodians"),
        ("seat:MarOps Lead", "cmo"),
        ("seat:Ops & Data", "seat:MarOps Lead"),
    }
    assert _line_pairs(chart, "dotted") == {("seat:Ops & Data", "cdo")}


def test_no_cdo_box_without_a_cdo() -> None:
    """A company without a CDO gets no CDO box and no dotted line."""
    chart = new_chart(two_audience_plan(has_cdo=False))
    assert chart.of_kind("cdo") == ()
    assert _line_pairs(chart, "dotted") == set()


def test_legacy_chart_boxes_headcount_and_cost() -> None:
    """Today's chart shows each legacy role with its people and its loaded cost (by hand)."""
    chart = legacy_chart(two_audience_plan())
    assert _titles(chart, "legacy_role") == ["Content", "Events"]
    content = chart.box("legacy:Content")
    assert content.headcount == 2
    assert content.cost == pytest.approx(2 * LOADED_50K)  # 127,125.60
    assert content.details[0] == "2 people · £127.1K"
    assert chart.headcount == 3
    assert chart.cost == pytest.approx(3 * LOADED_50K)
    assert _line_pairs(chart, "solid") == {("legacy:Content", "cmo"), ("legacy:Events", "cmo")}


def test_new_chart_costs_come_from_costing() -> None:
    """Box costs are the costing step's loaded costs: the custodian FTE × its legacy band, the
    combined seat at the higher of its roles' bands; the total equals the new org's cost."""
    plan = two_audience_plan()
    chart = new_chart(plan)
    assert chart.box("custodian:Content").headcount == 1.0  # 2 × 37.5 h × 50% ÷ 37.5
    assert chart.box("custodian:Content").cost == pytest.approx(LOADED_50K)
    assert chart.box("seat:Ops & Data").cost == pytest.approx(LOADED_72_5K)
    assert chart.cost == pytest.approx(costing.new_org_loaded_cost(plan))
    assert legacy_chart(plan).cost == pytest.approx(costing.legacy_org_loaded_cost(plan))


def test_chosen_band_point_changes_costs() -> None:
    """Costs at the low end of every band: Content's 2 people at £40,000 each."""
    # £40,000: NI 5,250; pension 0.03 × 33,760 = 1,012.80; benefits 2,000; tools 3,000.
    low = 40_000 + 5_250 + 1_012.80 + 2_000 + 3_000
    chart = legacy_chart(two_audience_plan(), point="low")
    assert chart.box("legacy:Content").cost == pytest.approx(2 * low)


def test_legacy_marops_function_changes_into_the_marops_team() -> None:
    """The legacy marketing-operations function (new home MarOps) is changed, not closed."""
    ops = legacy_role("Marketing Operations", new_home="marops")
    chart = legacy_chart(two_audience_plan(legacy_roles=[ops]))
    box = chart.box("legacy:Marketing Operations")
    assert box.status == "changed"
    assert box.details[1] == "→ MarOps team"


def test_seats_report_to_a_group_without_a_head() -> None:
    """Without a Head of Marketing Operations seat the seats hang under a MarOps heading."""
    plan = two_audience_plan(
        marops_seats=[seat("MarOps Lead", ["workflow_architect", "data_steward"])], has_cdo=False
    )
    chart = new_chart(plan)
    assert _titles(chart, "marops_group") == ["Marketing Operations"]
    assert ("seat:MarOps Lead", "marops") in _line_pairs(chart, "solid")


# --------------------------------------------------------------------------- readability


@pytest.mark.parametrize("make", [two_audience_plan, load_example, many_plan])
def test_layout_is_readable(make: Any) -> None:
    """No two boxes overlap, every label fits its box, no line passes through a box, and the
    chart fits 1280 px — for the small plan, the example and 7 roles × 20 audiences."""
    plan = make()
    for chart in org_charts(plan).values():
        assert overlapping_boxes(chart) == []
        assert label_overflows(chart) == []
        assert line_crossings(chart) == []
        assert chart.width <= CHART_WIDTH
        for box in chart.boxes:
            for line in box.title_lines:
                assert text_width(line, TITLE_FONT) <= box.width - 2 * PAD
            for line in box.detail_lines:
                assert text_width(line, BODY_FONT) <= box.width - 2 * PAD


def test_many_roles_and_audiences_wrap_into_rows() -> None:
    """Seven direct reports fit one row; twenty GTM Marketers wrap into several rows."""
    plan = many_plan()
    legacy = legacy_chart(plan)
    assert len({b.y for b in legacy.of_kind("legacy_role")}) == 1
    new = new_chart(plan)
    marketers = new.of_kind("gtm_marketer")
    assert len(marketers) == 20
    assert len({b.y for b in marketers}) > 1
    # Long names are wrapped and cut, never drawn past the box.
    assert any(line.endswith("…") for b in marketers for line in b.title_lines)


def test_marops_sits_beneath_both_towers() -> None:
    """MarOps is drawn below the audience tower and the craft tower."""
    chart = new_chart(load_example())
    towers = [*chart.of_kind("gtm_marketer"), *chart.of_kind("custodian")]
    head = chart.box("seat:Head of Marketing Operations")
    assert head.y > max(b.bottom for b in towers)


def test_wrap_text_breaks_at_spaces_and_cuts() -> None:
    """Text wraps at spaces into lines of at most the given width, and is cut with "…"."""
    assert wrap_text("Head of Marketing Operations", 20, 2) == ("Head of Marketing", "Operations")
    assert wrap_text("one two three four five six", 9, 2) == ("one two", "three…")
    assert wrap_text("Supercalifragilistic", 8, 2) == ("Superca…",)


# --------------------------------------------------------------------------- drawing


def test_chart_spec_draws_boxes_lines_and_text() -> None:
    """The Altair chart has one rect per box, one rule per line piece (the CDO line dotted) and
    the boxes' text lines."""
    pytest.importorskip("altair")
    from mocmo.charts.orgchart import org_chart_chart

    layout = new_chart(two_audience_plan())
    spec = org_chart_chart(layout).to_dict()
    datasets = spec["datasets"]
    layers = spec["layer"]
    marks = [layer["mark"]["type"] for layer in layers]
    assert marks == ["rule", "rect", "rect", "text", "text"]
    rules = datasets[layers[0]["data"]["name"]]
    assert {r["kind"] for r in rules if r["target"] == "cdo"} == {"dotted"}
    groups = datasets[layers[1]["data"]["name"]]
    positions = datasets[layers[2]["data"]["name"]]
    assert len(groups) + len(positions) == len(layout.boxes)
    titles = datasets[layers[3]["data"]["name"]]
    assert "Ops & Data" in {t["text"] for t in titles}
    assert spec["width"] == layout.width


def test_example_png_fits_1280_px(tmp_path: Path) -> None:
    """The example's org charts saved as PNG at scale 1 are at most 1280 px wide."""
    pytest.importorskip("vl_convert")
    from mocmo.charts.orgchart import org_chart_charts

    for name, chart in org_chart_charts(load_example()).items():
        path = tmp_path / f"{name}.png"
        chart.save(str(path), scale_factor=1)
        header = path.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", header[16:24])
        assert 600 < width <= 1280, name
        assert height > 100


def test_save_org_charts_writes_png_and_svg(tmp_path: Path) -> None:
    """Both charts are saved as PNG and SVG."""
    pytest.importorskip("vl_convert")
    from mocmo.charts.orgchart import save_org_charts

    written = save_org_charts(two_audience_plan(), tmp_path)
    assert sorted(p.name for p in written) == [
        "org_chart_new.png",
        "org_chart_new.svg",
        "org_chart_today.png",
        "org_chart_today.svg",
    ]
    assert all(p.stat().st_size > 0 for p in written)


# --------------------------------------------------------------------------- the widget


def test_toggle_switches_between_before_and_after(tmp_path: Path) -> None:
    """The toggle shows today's chart, then the new model's; a plan edit redraws it."""
    pytest.importorskip("ipywidgets")
    from mocmo.ui.core import PlanSession
    from mocmo.ui.orgchart import OrgChartToggle

    plan = two_audience_plan()
    session = PlanSession(tmp_path / "plan.yaml", plan)
    toggle = OrgChartToggle(session)
    assert toggle.layout_data is not None and toggle.layout_data.name == "legacy"
    assert "3 people" in toggle.caption.value
    toggle.view.value = "new"
    assert toggle.layout_data.name == "new"
    spec = toggle.chart_box.chart.to_dict()
    assert spec["title"] == toggle.layout_data.title
    assert session.apply({"audiences": [plan.audiences[0]]}) == []
    assert len(toggle.layout_data.of_kind("gtm_marketer")) == 1
    toggle.point.value = "low"
    assert toggle.layout_data.point == "low"


# --------------------------------------------------------------------------- the workbook


def test_workbook_org_chart_sheet_has_both_pictures(tmp_path: Path) -> None:
    """The workbook's Org chart sheet holds two pictures, today's and the new model's, at the
    drawings' 1× size, one below the other; they survive a save and reload."""
    pytest.importorskip("PIL")
    pytest.importorskip("vl_convert")
    import openpyxl
    from openpyxl.utils.cell import coordinate_to_tuple

    from mocmo.excel._book import Book
    from mocmo.excel._orgchart import ORG_CHART_SHEET, write_org_chart

    plan = two_audience_plan()
    book = Book.new(plan)
    write_org_chart(book)
    images = book.sheets[ORG_CHART_SHEET].ws._images
    assert len(images) == 2
    today, after = images
    assert today.width <= CHART_WIDTH and after.width <= CHART_WIDTH
    first_row = coordinate_to_tuple(today.anchor)[0]
    second_row = coordinate_to_tuple(after.anchor)[0]
    # The first picture's rows (20 px each) end before the second picture starts.
    assert first_row + today.height / 20 < second_row
    path = tmp_path / "book.xlsx"
    book.wb.save(path)
    assert len(openpyxl.load_workbook(path)[ORG_CHART_SHEET]._images) == 2
