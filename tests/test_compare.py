"""Two plans side by side: figures with differences, input differences in words, the comparison
workbook (recalculated by LibreOffice), the charts and the `mocmo compare` / `mocmo diff`
commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from plans import NASTY, audience, hire, minimal_plan, replaced_role, seat, tricky_plan

from mocmo.cli import main
from mocmo.compare import (
    Comparison,
    FigureDiff,
    compare,
    cost_by_group,
    plan_differences,
    timeline,
)
from mocmo.plan import Plan, save_plan, with_changes, with_value
from mocmo.present.compare import describe_delta, format_differences, format_figures


def texts(a: Plan, b: Plan) -> list[str]:
    """The differences from ``a`` to ``b`` as text."""
    return [d.text for d in plan_differences(a, b)]


def moved_plan() -> Plan:
    """The minimal plan with Content's "Standards" (50% of its hours, stays) moved to AI with
    25% oversight."""
    plan = minimal_plan()
    assert plan.legacy_roles[0].activities[0].name == "Standards"
    return with_changes(
        plan,
        {
            "legacy_roles[0].activities[0].destination": "ai",
            "legacy_roles[0].activities[0].oversight": 0.25,
        },
    )


# --------------------------------------------------------------------------- figures


def test_plan_against_itself_has_no_differences_and_zero_deltas() -> None:
    """Comparing a plan with itself lists no difference and every delta is zero (or empty
    where the plan has no figure)."""
    plan = minimal_plan()
    result = compare(plan, plan)
    assert result.differences == ()
    assert len(result.figures) > 10
    for figure in result.figures:
        assert figure.a == figure.b
        assert figure.delta in (0.0, None)
        assert figure.pct in (0.0, None)


def test_example_against_itself_has_no_differences() -> None:
    """The example compared with itself: no differences, zero deltas (the Monte Carlo is
    seeded, so its percentiles agree too)."""
    from mocmo.defaults import load_example

    plan = load_example()
    result = compare(plan, plan)
    assert result.differences == ()
    assert all(f.delta in (0.0, None) for f in result.figures)


def test_moving_one_activity_to_ai_is_one_difference_with_hand_computed_capacity() -> None:
    """Moving one activity from stays to AI is reported as exactly that change, and capacity
    reclaimed rises by the role's hours × the activity's share × (1 − oversight)."""
    a, b = minimal_plan(), moved_plan()
    result = compare(a, b)
    assert [d.text for d in result.differences] == [
        "Content · Standards: stays → AI (oversight 25%)"
    ]
    assert result.differences[0].path == "legacy_roles[0].activities[0].destination"
    # Content: 2 people × 37.5 h = 75 h/wk; Standards is 50% of it; AI keeps 75% net of
    # oversight: 75 × 0.5 × (1 − 0.25) = 28.125 h/wk more capacity reclaimed.
    figure = result.figure("capacity_reclaimed_hours_per_week")
    assert figure.delta == pytest.approx(28.125)
    # Before: only Drafting (20%) went to AI: 75 × 0.2 × 0.75 = 11.25 h/wk.
    assert figure.a == pytest.approx(11.25)
    assert figure.pct == pytest.approx(28.125 / 11.25)


def test_figure_diff_is_none_safe() -> None:
    """A figure missing in either plan has no delta and no %; a zero A has a delta but no %."""
    assert FigureDiff("breakeven_month", None, 7).delta is None
    assert FigureDiff("breakeven_month", 7, None).pct is None
    zero = FigureDiff("gtm_marketers_over_capacity", 0, 2)
    assert zero.delta == 2.0
    assert zero.pct is None
    # 100 → 80: −20, −20%.
    assert FigureDiff("x_cost", 100.0, 80.0).pct == pytest.approx(-0.2)


def test_describe_delta_signs_and_units() -> None:
    """Deltas are signed and in the figure's unit; ratios in percentage points."""
    assert describe_delta("new_org_loaded_cost", -46_785.4) == "−£46,785"
    assert describe_delta("capacity_reclaimed_hours_per_week", 28.125) == "+28.1 h/wk"
    assert describe_delta("pipeline_coverage_ratio", 0.025) == "+2.5 pts"
    assert describe_delta("breakeven_month", 2) == "+2 months"
    assert describe_delta("legacy_headcount", 0) == "0"
    assert describe_delta("breakeven_month", None) == "—"


def test_to_dict_is_figures_and_differences() -> None:
    """The JSON form is one object with figures {key: {a, b, delta, pct}} and differences."""
    data = compare(minimal_plan(), moved_plan()).to_dict()
    assert set(data) == {"figures", "differences"}
    capacity = data["figures"]["capacity_reclaimed_hours_per_week"]
    assert set(capacity) == {"a", "b", "delta", "pct"}
    assert capacity["delta"] == pytest.approx(28.125)
    assert data["differences"] == ["Content · Standards: stays → AI (oversight 25%)"]
    json.dumps(data, allow_nan=False)


def test_format_figures_is_an_aligned_table() -> None:
    """The printed table has a header and one row per figure, its columns aligned."""
    result = compare(minimal_plan(), moved_plan())
    lines = format_figures(result).splitlines()
    assert lines[0].split() == ["figure", "A", "B", "Δ", "Δ%"]
    assert len(lines) == 2 + len(result.figures)
    rows = [lines[0], *lines[2:]]
    assert len({len(line) for line in rows}) == 1
    row = next(line for line in lines if line.startswith("capacity_reclaimed_hours_per_week"))
    # 11.25 → 39.375 h/wk: +28.125 (+250%).
    assert row.split()[-1] == "+250.0%"
    assert "+28.1 h/wk" in row


# --------------------------------------------------------------------------- differences


def test_assumption_change_reads_label_old_new() -> None:
    """A changed assumption is named by its label, with old and new values in its unit."""
    a = minimal_plan()
    b = with_value(a, "assumptions.on_costs.employer_ni_rate", 0.138)
    assert texts(a, b) == ["Employer National Insurance rate: 15% → 13.8%"]


def test_ai_price_and_pay_review_changes_read_label_old_new() -> None:
    """A change inside the AI costs or the pay review is named by its own label with old and
    new values, like an on-cost (not the whole section's fields in one line)."""
    price, rate = "assumptions.ai_costs.licence_per_user_month", "assumptions.pay_review.rate"
    a = with_changes(minimal_plan(), {price: 20.0, rate: 0.0})
    b = with_changes(a, {price: 30.0, rate: 0.04})
    assert texts(a, b) == [
        "AI assistant seat, business tier, per user per month: £20 → £30",
        "Annual pay review (rise in salaries and bands at each review): 0% → 4%",
    ]


def test_oversight_and_share_changes() -> None:
    """Changing an AI activity's oversight and another's share are each one difference."""
    a = minimal_plan()
    b = with_changes(
        a,
        {
            "legacy_roles[0].activities[2].oversight": 0.4,
            "legacy_roles[0].activities[0].share": 0.45,
            "legacy_roles[0].activities[1].share": 0.35,
        },
    )
    assert texts(a, b) == [
        "Content · Standards · share: 50% → 45%",
        "Content · Audience content · share: 30% → 35%",
        "Content · Drafting · oversight: 25% → 40%",
    ]


def test_audiences_added_removed_and_owner_changed() -> None:
    """Audiences are matched by name: added, removed and a changed owner are reported."""
    a = minimal_plan(
        gtm_team=["Alex", "Blake"],
        audiences=[audience("Fintech"), audience("Retail", owner="Blake")],
    )
    b = minimal_plan(
        gtm_team=["Alex", "Blake"],
        audiences=[audience("Fintech", owner="Blake"), audience("Health")],
    )
    assert texts(a, b) == [
        "Audience added: Health (owner Alex, pipeline target £1,000,000)",
        "Audience removed: Retail",
        "Audience Fintech · owner: Alex → Blake",
    ]


def test_reordering_a_list_is_not_a_difference() -> None:
    """Two plans whose audiences differ only in order have no differences."""
    a = minimal_plan(
        gtm_team=["Alex", "Blake"],
        audiences=[audience("Audience A"), audience("Audience B", owner="Blake")],
    )
    b = minimal_plan(
        gtm_team=["Alex", "Blake"],
        audiences=[audience("Audience B", owner="Blake"), audience("Audience A")],
    )
    assert texts(a, b) == []


def test_seats_combined_and_split() -> None:
    """Two seats becoming one is 'combined'; the reverse is 'split'; no add/remove noise."""
    common: dict[str, Any] = {"hires": [], "workflows": []}
    separate = minimal_plan(
        marops_seats=[
            seat("MarOps Lead", ["head_of_marops", "prompt_knowledge_designer"]),
            seat("Workflow Architect", ["workflow_architect"]),
            seat("Data Steward", ["data_steward"]),
        ],
        **common,
    )
    combined = minimal_plan(
        marops_seats=[
            seat("MarOps Lead", ["head_of_marops", "prompt_knowledge_designer"]),
            seat("Ops & Data", ["workflow_architect", "data_steward"]),
        ],
        **common,
    )
    assert texts(separate, combined) == [
        "Seats combined: 'Data Steward' and 'Workflow Architect' → one seat 'Ops & Data' "
        "(Workflow Architect + Data Steward)"
    ]
    assert texts(combined, separate) == [
        "Seat split: 'Ops & Data' → 'Data Steward' and 'Workflow Architect'"
    ]


def test_seat_added_and_hire_month_changed() -> None:
    """A new seat is 'added' with its roles and band; a seat's start month change is named."""
    a = minimal_plan(hires=[])
    b = minimal_plan(
        marops_seats=[
            seat("MarOps Lead", ["head_of_marops", "workflow_architect", "data_steward",
                                 "prompt_knowledge_designer"], hire_month=6),
            seat("Analyst", ["data_steward"], band={"low": 40_000, "high": 50_000}),
        ],
        hires=[],
    )  # fmt: skip
    assert texts(a, b) == [
        "Seat added: 'Analyst' (Data Steward, band £40,000–£50,000)",
        "Seat 'MarOps Lead' · starts: month 4 → month 6",
    ]


def test_phases_moved_lengthened_and_hires() -> None:
    """A phase that starts later and runs longer is 'moved and lengthened'; a hire's month,
    an added hire and a replaced role are each reported."""
    a = minimal_plan()
    assert (a.phases[1].name, a.phases[1].start_month, a.phases[1].months) == (
        "Audience waves",
        4,
        4,
    )
    hires = [*a.hires, hire("GTM Marketer", month=6)]
    b = with_changes(
        a,
        {
            "phases[1].start_month": 5,
            "phases[1].months": 6,
            "hires": hires,
            "replaced_roles": [*a.replaced_roles, replaced_role("Campaign Executive", count=2)],
        },
    )
    later = a.hires[0].month + 1  # the seat and its hire start together (one start month)
    b = with_changes(b, {"hires[0].month": later, "marops_seats[0].hire_month": later})
    assert texts(a, b) == [
        f"Seat 'MarOps Lead' · starts: month {a.hires[0].month} → month {later}",
        "Replaced role added: 2 × Campaign Executive (£30,000–£40,000)",
        "Phase 'Audience waves' moved and lengthened: months 4–7 → months 5–10",
        "Hire added: GTM Marketer starting in month 6 (3-month lead time)",
        f"Hire of MarOps Lead · starts: month {a.hires[0].month} → month {a.hires[0].month + 1}",
    ]


def test_other_fields_are_compared_field_by_field() -> None:
    """A field without its own wording (here the CDO flag has one; meta's description, and
    the horizon) is still reported."""
    a = minimal_plan()
    b = with_changes(a, {"meta.description": "What if", "has_cdo": True, "horizon_months": 18})
    assert texts(a, b) == [
        "Description changed",
        "Months the migration view covers: 12 → 18",
        "The company has a CDO: no → yes",
    ]


def test_format_differences_lists_or_says_none() -> None:
    """Differences print one a line; none prints a sentence saying so."""
    assert format_differences(()) == "No differences in the inputs."
    diffs = plan_differences(minimal_plan(), moved_plan())
    assert format_differences(diffs) == "- Content · Standards: stays → AI (oversight 25%)"


# --------------------------------------------------------------------------- chart data


def test_cost_by_group_and_timeline_tables() -> None:
    """The chart tables hold both plans: the legacy total and the new groups, and each plan's
    months."""
    a, b = minimal_plan(), moved_plan()
    table = cost_by_group(a, b)
    assert set(table["which"]) == {"A", "B"}
    legacy = table[table["group"] == "Today (legacy org)"]
    # Content: 2 × £63,562.80 loaded (see tests/test_orgchart.py) in both plans.
    assert list(legacy["loaded_cost"]) == pytest.approx([127_125.60, 127_125.60])
    months = timeline(a, b)
    assert list(months.groupby("which")["month"].max()) == [12, 12]


def test_comparison_charts_spec() -> None:
    """The cost chart draws both plans' bars per group; the timeline both plans' phases and
    cumulative lines."""
    pytest.importorskip("altair")
    from mocmo.charts.compare import comparison_charts

    charts = comparison_charts(minimal_plan(), moved_plan())
    cost = charts["cost_by_group"].to_dict()
    rows = cost["datasets"][cost["data"]["name"]]
    assert {r["which"] for r in rows} == {"A", "B"}
    assert cost["encoding"]["yOffset"]["field"] == "plan"
    line = charts["timeline"].to_dict()
    gantt, cumulative = line["vconcat"]
    assert {r["which"] for r in line["datasets"][gantt["data"]["name"]]} == {"A", "B"}
    assert cumulative["layer"][0]["mark"]["type"] == "line"


# --------------------------------------------------------------------------- the commands


def _files(tmp_path: Path) -> tuple[Path, Path]:
    a_path, b_path = tmp_path / "a.yaml", tmp_path / "b.yaml"
    save_plan(minimal_plan(), a_path)
    save_plan(moved_plan(), b_path)
    return a_path, b_path


def test_cli_compare_prints_figures_and_differences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`mocmo compare A B` prints the figure table and the differences, exit 0."""
    a_path, b_path = _files(tmp_path)
    assert main(["compare", str(a_path), str(b_path)]) == 0
    out = capsys.readouterr().out
    assert "capacity_reclaimed_hours_per_week" in out
    assert "What differs in the inputs (1):" in out
    assert "- Content · Standards: stays → AI (oversight 25%)" in out


def test_cli_compare_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`mocmo compare --json` prints one JSON object of figures and differences."""
    a_path, b_path = _files(tmp_path)
    assert main(["compare", str(a_path), str(b_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"figures", "differences"}
    assert data["figures"]["capacity_reclaimed_hours_per_week"]["delta"] == pytest.approx(28.125)


def test_cli_diff_prints_only_the_differences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`mocmo diff A B` prints the differences only, exit 0; of a plan with itself, none."""
    a_path, b_path = _files(tmp_path)
    assert main(["diff", str(a_path), str(b_path)]) == 0
    assert capsys.readouterr().out == "- Content · Standards: stays → AI (oversight 25%)\n"
    assert main(["diff", str(a_path), str(a_path)]) == 0
    assert capsys.readouterr().out == "No differences in the inputs.\n"


def test_cli_compare_invalid_plan_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An invalid plan file makes `mocmo compare` exit 2 with the problem on stderr."""
    a_path, _ = _files(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("meta: {}\n", encoding="utf-8")
    assert main(["compare", str(a_path), str(bad)]) == 2
    assert "meta.name" in capsys.readouterr().err


# --------------------------------------------------------------------------- the workbook


def _close(value: Any, expected: float | int | None) -> bool:
    if expected is None:
        return value in (None, "")
    return isinstance(value, int | float) and abs(value - expected) <= 1e-6 * max(
        1.0, abs(expected)
    )


@pytest.mark.libreoffice
def test_comparison_workbook_recalculates_to_the_printed_figures(
    tmp_path: Path, lo_recalc: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """`mocmo compare --out` writes a workbook whose A, B and B − A columns, recalculated by
    LibreOffice, equal the figures `mocmo compare --json` prints; its Differences sheet lists
    the change; each plan's figures run over its own Assumptions sheet."""
    import openpyxl

    from tests.conftest import load_values, named_value

    a_path, b_path = _files(tmp_path)
    out = tmp_path / "out"
    assert main(["compare", str(a_path), str(b_path), "--json", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    printed = json.loads(captured.out)["figures"]
    names = {Path(line).name for line in captured.err.splitlines()}
    assert {"comparison.xlsx", "comparison.json", "compare_timeline.png"} <= names

    # B's inputs are its own: its employer NI rate is a named cell on B's Assumptions sheet.
    book = openpyxl.load_workbook(out / "comparison.xlsx")
    sheet_name, ref = next(iter(book.defined_names["b_employer_ni_rate"].destinations))
    assert sheet_name == "B Assumptions"
    assert book[sheet_name][ref.replace("$", "")].value == pytest.approx(0.15)
    values = load_values(lo_recalc(out / "comparison.xlsx"))
    sheet = values["A vs B"]
    seen = 0
    for row in sheet.iter_rows(min_row=5, values_only=True):
        key = row[5]
        if not key or key not in printed:
            continue
        figure = printed[key]
        assert _close(row[1], figure["a"]), (key, row[1], figure["a"])
        assert _close(row[2], figure["b"]), (key, row[2], figure["b"])
        assert _close(row[3], figure["delta"]), (key, row[3], figure["delta"])
        seen += 1
    assert seen == len(printed)
    assert named_value(values, "a_capacity_reclaimed_hours_per_week") == pytest.approx(11.25)
    assert named_value(values, "b_capacity_reclaimed_hours_per_week") == pytest.approx(39.375)
    differences = [r[3] for r in values["Differences"].iter_rows(min_row=5, values_only=True)]
    assert "Content · Standards: stays → AI (oversight 25%)" in differences


@pytest.mark.libreoffice
def test_comparison_workbook_inputs_are_live(tmp_path: Path, lo_recalc: Any) -> None:
    """Changing plan B's employer NI rate in the comparison workbook moves only B's cost."""
    import openpyxl

    from mocmo.excel._compare import write_comparison_workbook
    from tests.conftest import load_values, named_value

    a = minimal_plan()
    path = write_comparison_workbook(a, a, tmp_path / "book" / "comparison.xlsx")
    book = openpyxl.load_workbook(path)
    sheet_name, ref = next(iter(book.defined_names["b_employer_ni_rate"].destinations))
    book[sheet_name][ref.replace("$", "")].value = 0.25
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    values = load_values(lo_recalc(edited))
    a_cost = named_value(values, "a_legacy_org_loaded_cost")
    b_cost = named_value(values, "b_legacy_org_loaded_cost")
    # Content, 2 people at £50,000: NI rises by (0.25 − 0.15) × (50,000 − 5,000) = £4,500 each.
    assert a_cost == pytest.approx(2 * 63_562.80)
    assert b_cost - a_cost == pytest.approx(2 * 4_500)


def test_comparison_workbook_keeps_formula_looking_text_as_text(tmp_path: Path) -> None:
    """Names starting with = + - or @ (the plans' own names in the sheet titles too) are text
    cells in the comparison workbook, never formulas."""
    import openpyxl

    from mocmo.excel._compare import write_comparison_workbook

    plan = tricky_plan()
    path = write_comparison_workbook(plan, plan, tmp_path / "comparison.xlsx")
    book = openpyxl.load_workbook(path)
    texts = set()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert not any(text[1:] in str(cell.value) for text in NASTY), (
                        f"{ws.title}!{cell.coordinate} runs user text: {cell.value}"
                    )
                elif isinstance(cell.value, str):
                    texts.add(cell.value)
    assert set(NASTY) <= texts
    assert f"{plan.meta.name} (A) vs {plan.meta.name} (B)" in texts


def test_comparison_dataclass_lookup() -> None:
    """A comparison finds a figure by key and raises KeyError for an unknown one."""
    result = Comparison("A", "B", "GBP", (FigureDiff("x", 1, 2),), ())
    assert result.figure("x").delta == 1.0
    with pytest.raises(KeyError):
        result.figure("y")
