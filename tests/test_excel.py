"""The finance workbook: names, formulas, formatting, safe text — and LibreOffice agreeing with
``mocmo summary --json`` after recalculating it."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from plans import NASTY, tricky_plan

from conftest import LibreOfficeRecalc, error_cells, load_values, named_value
from mocmo import migration
from mocmo.defaults import load_example
from mocmo.excel import SHEET_ORDER, write_workbook
from mocmo.excel._assumptions import ASSUMPTIONS
from mocmo.export import summary_json
from mocmo.figures import FIGURES
from mocmo.format import figure_unit
from mocmo.plan import Plan, with_changes

ERROR_VALUES = ("#REF!", "#NAME?", "#VALUE!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!")


def _json_figures(plan: Plan) -> dict[str, Any]:
    figures: dict[str, Any] = json.loads(summary_json(plan))
    return figures


def _cell(workbook: Any, name: str) -> Any:
    """The cell a workbook-scoped defined name points at."""
    (sheet, ref), *rest = list(workbook.defined_names[name].destinations)
    assert not rest, f"{name} points at more than one cell"
    return workbook[sheet][ref.replace("$", "")]


def _assert_agrees(values: Any, figures: dict[str, Any]) -> None:
    """Every figure equals its recalculated defined name: to the penny for money, 1e-6 else;
    a null figure is an empty cell or an empty string."""
    for key, expected in figures.items():
        got = named_value(values, key)
        if expected is None:
            assert got in (None, ""), f"{key}: expected empty (null), LibreOffice gave {got!r}"
            continue
        assert isinstance(got, int | float), f"{key}: LibreOffice gave {got!r}"
        tolerance = 0.005 if figure_unit(key) == "money" else 1e-6
        assert abs(got - expected) <= tolerance, f"{key}: workbook {got!r} != mocmo {expected!r}"


def _error_cells(values: Any) -> list[tuple[str, str, str]]:
    return [e for e in error_cells(values) if e[2] in ERROR_VALUES or e[2].startswith("Err:")]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def example_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plan's workbook, as written by mocmo (formulas, no cached values)."""
    return write_workbook(load_example(), tmp_path_factory.mktemp("example") / "example.xlsx")


@pytest.fixture(scope="module")
def tricky_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tricky plan's workbook."""
    return write_workbook(tricky_plan(), tmp_path_factory.mktemp("tricky") / "tricky.xlsx")


@pytest.fixture(scope="module")
def example_values(example_xlsx: Path, lo_recalc_shared: LibreOfficeRecalc) -> Any:
    """The example workbook recalculated by LibreOffice, read as values."""
    return load_values(lo_recalc_shared(example_xlsx))


@pytest.fixture(scope="module")
def tricky_values(tricky_xlsx: Path, lo_recalc_shared: LibreOfficeRecalc) -> Any:
    """The tricky workbook recalculated by LibreOffice, read as values."""
    return load_values(lo_recalc_shared(tricky_xlsx))


# --------------------------------------------------------------------------- structure


def test_every_summary_figure_is_a_defined_name_holding_a_formula(example_xlsx: Path) -> None:
    """Each key of `mocmo summary --json` is a workbook-scoped name whose cell holds a formula."""
    wb = openpyxl.load_workbook(example_xlsx)
    figures = _json_figures(load_example())
    assert len(figures) >= 30  # every step's headline is in the summary
    for key in figures:
        assert key in wb.defined_names, f"no defined name {key}"
        cell = _cell(wb, key)
        assert cell.data_type == "f" and str(cell.value).startswith("="), (
            f"{key} holds {cell.value!r}, not a formula"
        )
        assert cell.parent.title == "Summary"
        assert key in FIGURES, f"{key} needs a label and a one-line explanation in FIGURES"


def test_summary_formulas_point_into_the_step_sheets(example_xlsx: Path) -> None:
    """A Summary figure is a reference to the step sheet that computes it, e.g.
    new_org_loaded_cost → New Org, and that cell is itself a formula (or, for the Monte Carlo
    percentiles, a value labelled as a simulation result on Ranges)."""
    wb = openpyxl.load_workbook(example_xlsx)
    homes = {
        "audience_count": "Audiences",
        "capacity_reclaimed_hours_per_week": "Reshape",
        "handoff_tax_days_legacy": "Hand-Off Tax",
        "marops_loaded_cost_mid": "MarOps Costing",
        "new_org_loaded_cost": "New Org",
        "breakeven_month": "Migration",
        "calendar_design_ratio": "Diagnostics",
        "agents_acting_without_approver": "Agents & Governance",
        "net_change_p50": "Ranges",
    }
    for key, sheet in homes.items():
        formula = str(_cell(wb, key).value)
        found = re.fullmatch(r"=(?:ROUND\()?'?([^'!]+)'?!\$([A-Z]+)\$(\d+)(?:,2\))?", formula)
        assert found and found.group(1) == sheet, f"{key}: {formula}"
        source = wb[sheet][f"{found.group(2)}{found.group(3)}"]
        if key.endswith("_p50"):
            assert isinstance(source.value, float)
        else:
            assert source.data_type == "f", f"{key}: {sheet}!{source.coordinate} is no formula"


def test_sheets_in_order_with_assumptions_as_named_inputs(example_xlsx: Path) -> None:
    """Summary comes first, then Assumptions, whose every row is a named, input-styled value
    with a unit and a source (empty only where the plan may leave it empty); the NI rate and
    threshold are the plan's."""
    wb = openpyxl.load_workbook(example_xlsx)
    order = [t for t in SHEET_ORDER if t in wb.sheetnames]
    assert wb.sheetnames[: len(order)] == order
    assert wb.sheetnames[:2] == ["Summary", "Assumptions"]
    ws = wb["Assumptions"]
    names = 0
    shown = {a.name for a in ASSUMPTIONS if not a.editable}
    assert {"horizon_months", "months_per_year", "band_mid_point"} <= shown
    for row in ws.iter_rows(min_row=5):
        name, value, unit, label, source = (c.value for c in row[:5])
        if not name or name not in wb.defined_names:
            continue
        names += 1
        cell = _cell(wb, name)
        assert cell.coordinate == row[1].coordinate
        if name not in shown:  # constants and the horizon are shown, not inputs
            assert cell.font.color.rgb.endswith("0000FF")
            assert cell.fill.fgColor.rgb.endswith("FFF2CC")
        assert unit and source, f"{name} needs a unit and a source"
        assert value is not None or "(empty:" in label, f"{name} has no value"
    assert names >= 18
    assert _cell(wb, "employer_ni_rate").value == 0.15
    assert _cell(wb, "ni_threshold").value == 5000
    assert "HMRC" in ws.cell(row=_cell(wb, "employer_ni_rate").row, column=5).value


def _assumption_rows(wb: Any) -> dict[str, tuple[Any, str, str]]:
    """Per-item Assumptions rows: name → (value, label, plan path from the Source column)."""
    rows: dict[str, tuple[Any, str, str]] = {}
    for row in wb["Assumptions"].iter_rows(min_row=5, max_col=5, values_only=True):
        name, value, _unit, label, source = row
        found = re.search(r"Plan file: ([\w.\[\]]+)", str(source or ""))
        if name in wb.defined_names and found:
            rows[str(name)] = (value, str(label), found.group(1))
    return rows


def test_per_item_assumptions_are_named_rows_the_step_sheets_read(example_xlsx: Path) -> None:
    """Bands, points in band, workflow days, waits and rework, and every month of the timing
    are rows of the Assumptions sheet, each a defined name whose Source gives its path in the
    plan file and whose value is the plan's; the step sheets read each of them (green link
    cells), and keep no band or month of their own as an input."""
    plan = load_example()
    wb = openpyxl.load_workbook(example_xlsx)
    rows = _assumption_rows(wb)
    data = plan.model_dump(mode="json")
    for name, (value, _label, path) in rows.items():
        node: Any = data
        for part in re.findall(r"[^.\[\]]+", path):
            node = node[int(part)] if part.isdigit() else node[part]
        if isinstance(node, str):  # a named point in band
            node = {"low": 0.0, "mid": 0.5, "high": 1.0}[node]
        assert value == node, f"{name}: workbook {value!r}, plan {path} = {node!r}"
    # The published UK 2026 bands: the four MarOps roles sum to £245K–£350K base.
    keys = [r.key for r in plan.marops_roles]
    assert sum(rows[f"marops_{k}_band_low"][0] for k in keys) == 245_000
    assert sum(rows[f"marops_{k}_band_high"][0] for k in keys) == 350_000
    kinds = {"marops_", "seat_", "replaced_", "legacy_", "head_of_gtm_", "gtm_marketer_",
             "step_", "phase_", "hire_", "audience_"}  # fmt: skip
    assert {k for k in kinds if any(n.startswith(k) for n in rows)} == kinds
    n_steps = sum(
        len(r.workflow.legacy) + len(r.workflow.new) for r in plan.legacy_roles if r.workflow
    )
    assert sum(n.startswith("step_") for n in rows) == 4 * n_steps
    assert sum(n.endswith("_lead_time_months") for n in rows) == len(plan.hires)
    # Every per-item name is read by a step sheet, through a link cell.
    read: set[str] = set()
    for ws in wb.worksheets:
        if ws.title == "Assumptions":
            continue
        for line in ws.iter_rows():
            for cell in line:
                text = cell.value
                if isinstance(text, str) and text.startswith("=") and text[1:] in rows:
                    read.add(text[1:])
                    assert cell.font.color.rgb.endswith("008000"), f"{ws.title}!{cell.coordinate}"
                found = re.fullmatch(r'=IF\(ISNUMBER\((\w+)\),\1,""\)', str(text))
                if found and found.group(1) in rows:
                    read.add(found.group(1))
    assert read == set(rows)
    # No band of its own left on the costing sheets.
    for title in ("MarOps Costing", "New Org"):
        for line in wb[title].iter_rows():
            for cell in line:
                if isinstance(cell.value, int | float) and cell.fill.fgColor.rgb.endswith("FFF2CC"):
                    assert cell.value < 1_000, f"{title}!{cell.coordinate} = {cell.value}"


def test_finance_grade_formatting(example_xlsx: Path) -> None:
    """Money in £ with thousands separators, percentages, frozen headers, print areas on every
    sheet, and native charts of cost by group, headcount by month, the one-off costs with the
    cumulative cash curve and the people flows."""
    wb = openpyxl.load_workbook(example_xlsx)
    assert _cell(wb, "new_org_loaded_cost").number_format.startswith("£#,##0")
    assert _cell(wb, "pipeline_coverage_ratio").number_format == "0.0%"
    assert _cell(wb, "employer_ni_rate").number_format == "0.0%"
    for ws in wb.worksheets:
        assert ws.print_area, f"{ws.title} has no print area"
        if ws.title not in ("Migration", "Org chart"):
            assert ws.freeze_panes, f"{ws.title} has no frozen header"
    assert len(wb["New Org"]._charts) == 1  # cost by group
    # headcount by group; one-offs by kind with the cumulative line; people moved/hired/left
    headcount, cash, people = wb["Migration"]._charts
    assert [len(c.series) for c in (headcount, cash, people)] == [4, 5, 3]
    assert all(c.grouping == "stacked" for c in (headcount, cash, people))
    (line,) = cash._charts[1:]  # the cumulative difference and break-even, on their own axis
    assert line.tagname == "lineChart" and len(line.series) == 2


def test_formula_looking_text_is_written_as_text(tricky_xlsx: Path) -> None:
    """A name like =HYPERLINK(...), an ICP starting '+', a pain starting '@', an owner
    starting '-' are stored as text cells, never as formulas; no external links, no macros."""
    wb = openpyxl.load_workbook(tricky_xlsx)
    found = {text: 0 for text in NASTY}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in found:
                    found[cell.value] += 1
                    assert cell.data_type == "s", (
                        f"{ws.title}!{cell.coordinate} is {cell.data_type}"
                    )
                if cell.data_type == "f":
                    assert "HYPERLINK" not in str(cell.value)
    missing = [text for text, count in found.items() if count == 0]
    assert not missing, f"not in the workbook: {missing}"
    with zipfile.ZipFile(tricky_xlsx) as archive:
        names = archive.namelist()
        assert not [n for n in names if "externalLink" in n or "vbaProject" in n]
        formulas = [
            formula
            for name in names
            if name.startswith("xl/worksheets/sheet")
            for formula in re.findall(r"<f>(.*?)</f>", archive.read(name).decode("utf-8"))
        ]
    assert formulas and not [f for f in formulas if "HYPERLINK" in f]


# --------------------------------------------------------------------------- LibreOffice


@pytest.mark.libreoffice
def test_libreoffice_agrees_with_summary_json_on_the_example(example_values: Any) -> None:
    """Recalculated by LibreOffice, every defined name of the example equals its JSON figure."""
    _assert_agrees(example_values, _json_figures(load_example()))


@pytest.mark.libreoffice
def test_no_error_cells_anywhere_after_recalculation(
    example_values: Any, tricky_values: Any
) -> None:
    """No cell of any sheet shows #REF!, #NAME?, #VALUE!, #DIV/0!, #N/A or Err:…"""
    assert _error_cells(example_values) == []
    assert _error_cells(tricky_values) == []


@pytest.mark.libreoffice
def test_migration_months_reconcile_with_the_model(example_values: Any) -> None:
    """The Migration sheet's cumulative difference and total cost, month by month, equal
    mocmo.migration.monthly to the penny."""
    plan = load_example()
    table = migration.monthly(plan)
    ws = example_values["Migration"]
    rows = {
        ws.cell(row=r, column=1).value: r
        for r in range(1, ws.max_row + 1)
        if isinstance(ws.cell(row=r, column=1).value, str)
    }
    first = 9  # month 1's column on the Migration sheet
    for column, label in (
        ("cumulative_difference", "Cumulative difference"),
        ("total_cost", "Total cost"),
        ("total_headcount", "Total headcount"),
    ):
        for month, expected in zip(table["month"], table[column], strict=True):
            got = ws.cell(row=rows[label], column=first + month - 1).value
            assert abs(got - expected) <= 0.005, f"{label}, month {month}: {got} != {expected}"


@pytest.mark.libreoffice
def test_tricky_plan_agrees_and_keeps_its_text(tricky_values: Any) -> None:
    """A plan with formula-looking names and a null figure agrees with its JSON (null → an
    empty cell), and LibreOffice shows the names as the plain text typed."""
    plan = tricky_plan()
    figures = _json_figures(plan)
    assert figures["pipeline_coverage_ratio"] is None  # no company target
    _assert_agrees(tricky_values, figures)
    texts = {c.value for ws in tricky_values.worksheets for row in ws.iter_rows() for c in row}
    assert set(NASTY) <= texts
    assert "y" not in texts  # the HYPERLINK never ran


def _recalculated_with(
    xlsx: Path, inputs: dict[str, Any], lo_recalc: LibreOfficeRecalc, folder: Path
) -> Any:
    """The workbook ``xlsx`` with each named input cell set to its new value, recalculated by
    LibreOffice (values only)."""
    wb = openpyxl.load_workbook(xlsx)
    for name, value in inputs.items():
        _cell(wb, name).value = value
    edited = folder / "edited.xlsx"
    wb.save(edited)
    return load_values(lo_recalc(edited))


def _assert_moved(after: Any, before: Any, deltas: dict[str, float]) -> None:
    """Each named figure moved by its hand-computed delta (to the penny)."""
    for key, delta in deltas.items():
        moved = named_value(after, key) - named_value(before, key)
        assert moved == pytest.approx(delta, abs=0.005), key


@pytest.mark.libreoffice
def test_raising_the_ni_rate_moves_costs_by_the_hand_computed_amount(
    tricky_xlsx: Path, tricky_values: Any, lo_recalc: LibreOfficeRecalc, tmp_path: Path
) -> None:
    """Employer NI 0.15 → 0.16 in the Assumptions cell moves every loaded cost by
    0.01 × Σ max(0, salary − £5,000) over the seats it counts.

    Hand calculation on the minimal plan (tests/plans.py), every band at mid:
    MarOps: one seat holding all four roles → the Head of MarOps band £80–120K, mid £100,000:
        Δ marops_loaded_cost_mid = 0.01 × (100,000 − 5,000) = £950.
    New org: Head of GTM £95–130K mid £112,500 (1 person); one GTM Marketer £55–80K mid
        £67,500; Content custodians: 2 people × 37.5 h × 50% stays = 37.5 h = 1.0 FTE at
        £40–60K mid £50,000; the MarOps seat £100,000:
        Δ new_org_loaded_cost = 0.01 × (107,500 + 62,500 + 1.0 × 45,000 + 95,000) = £3,100.
    Legacy org: 2 Content people at £50,000: Δ = 0.01 × 2 × 45,000 = £900.
    """
    after = _recalculated_with(tricky_xlsx, {"employer_ni_rate": 0.16}, lo_recalc, tmp_path)
    expected = {"marops_loaded_cost_mid": 950.0, "new_org_loaded_cost": 3_100.0,
                "legacy_org_loaded_cost": 900.0}  # fmt: skip
    _assert_moved(after, tricky_values, expected)
    assert named_value(after, "audience_count") == named_value(tricky_values, "audience_count")


@pytest.mark.libreoffice
def test_raising_a_marops_band_moves_costs_by_the_hand_computed_amount(
    tricky_xlsx: Path, tricky_values: Any, lo_recalc: LibreOfficeRecalc, tmp_path: Path
) -> None:
    """Head of MarOps band low £80,000 → £90,000 on the Assumptions sheet.

    Hand calculation on the minimal plan: its one MarOps seat holds all four roles and takes
    the Head of MarOps band (£80–120K) at mid: £100,000 → £105,000 (+£5,000); at low +£10,000;
    at high unchanged. Loaded at mid: +£5,000 × (1 + 15% NI + 5% benefits) = +£6,000 (pension
    on qualifying earnings is capped at £50,270 both times; tools per head unchanged); the new
    org counts the seat at mid, so it moves by the same £6,000.
    """
    after = _recalculated_with(
        tricky_xlsx, {"marops_head_of_marops_band_low": 90_000}, lo_recalc, tmp_path
    )
    expected = {"marops_base_salary_low": 10_000.0, "marops_base_salary_mid": 5_000.0,
                "marops_base_salary_high": 0.0, "marops_loaded_cost_mid": 6_000.0,
                "new_org_loaded_cost": 6_000.0, "legacy_org_loaded_cost": 0.0}  # fmt: skip
    _assert_moved(after, tricky_values, expected)


@pytest.mark.libreoffice
def test_editing_per_item_assumptions_matches_the_model_edited_the_same_way(
    example_xlsx: Path, lo_recalc: LibreOfficeRecalc, tmp_path: Path
) -> None:
    """One edit of each kind of per-item assumption — a MarOps band, a seat's point in band, a
    legacy band, a workflow step's days and wait, a phase's start, a hire's month and lead
    time, an audience launch, a replaced role's leaving month — typed into the Assumptions
    sheet and recalculated by LibreOffice gives every figure mocmo computes for the plan with
    the same edits at the paths the Source column names."""
    plan = load_example()
    wb = openpyxl.load_workbook(example_xlsx)
    rows = _assumption_rows(wb)

    def first(prefix: str, suffix: str) -> str:
        return next(n for n in rows if n.startswith(prefix) and n.endswith(suffix))

    edits = {
        first("marops_", "_band_high"): lambda v: v + 7_500,
        first("seat_", "_point"): lambda v: 0.8,
        first("legacy_", "_band_low"): lambda v: v - 2_000,
        first("step_", "_legacy_1_days"): lambda v: v + 1.5,
        first("step_", "_new_2_wait_days"): lambda v: 4.0,
        first("phase_", "_start_month"): lambda v: v + 1,
        first("hire_", "_lead_time_months"): lambda v: v + 2,
        # a hire that fills no MarOps seat (a seat's hire_month must equal its hire's month)
        first("hire_head_of_gtm", "_month"): lambda v: v + 1,
        first("audience_", "_launch_month"): lambda v: 5,
        first("replaced_", "_leaves_month"): lambda v: 9,
    }
    inputs = {name: change(rows[name][0]) for name, change in edits.items()}
    edited_plan = with_changes(plan, {rows[name][2]: value for name, value in inputs.items()})
    values = _recalculated_with(example_xlsx, inputs, lo_recalc, tmp_path)
    figures = _json_figures(edited_plan)
    assert figures != _json_figures(plan)
    simulated = ("_p10", "_p50", "_p90")  # Monte Carlo results: values, not formulas
    _assert_agrees(values, {k: v for k, v in figures.items() if not k.endswith(simulated)})


def test_costing_figures_round_to_the_penny_like_a_spreadsheet() -> None:
    """mocmo.costing rounds halves away from zero, as ROUND does in Excel and LibreOffice
    (hand values: 40,617.125 → 40,617.13; −40,617.125 → −40,617.13; 2.675 → 2.68), so the
    Summary's ROUND(…, 2) shows exactly the JSON figure."""
    from mocmo.costing import to_penny

    assert to_penny(40_617.125) == 40_617.13
    assert to_penny(-40_617.125) == -40_617.13
    assert to_penny(2.675) == 2.68
    assert to_penny(289_712.69999999995) == 289_712.70


def test_items_whose_names_clash_get_distinct_assumption_names(tmp_path: Path) -> None:
    """Two seats named alike, and a name that leaves nothing to slug, still give one defined
    name per input: ``seat_ops``, ``seat_ops_2`` and ``seat_3`` (its position); the names are
    ASCII and read by the sheet."""
    from mocmo.excel._book import slug

    assert slug("Marketing Operations Manager (platform owner)") == "marketing_operations_manager"
    assert slug("Rédaction & Brand") == "redaction_brand"
    assert slug('=HYPERLINK("http://x","y")') == "hyperlink_http_x_y"
    assert slug("コンテンツ") == ""
    plan = load_example()
    seats = plan.marops_seats
    renamed = (
        seats[0].model_copy(update={"name": "Ops"}),
        seats[1].model_copy(update={"name": "OPS!"}),
        seats[2].model_copy(update={"name": "コンテンツ"}),
    )
    new_name = {s.name: r.name for s, r in zip(seats, renamed, strict=True)}
    hires = tuple(
        h.model_copy(update={"position": new_name.get(h.position, h.position)}) for h in plan.hires
    )
    clashing = with_changes(plan, {"marops_seats": renamed, "hires": hires})
    path = write_workbook(clashing, tmp_path / "clash.xlsx")
    wb = openpyxl.load_workbook(path)
    for name in ("seat_ops_point", "seat_ops_2_point", "seat_3_point"):
        assert name in wb.defined_names, name
    assert _cell(wb, "seat_ops_2_point").value == 0.5


def test_openpyxl_writes_through_lxml() -> None:
    """lxml is installed with mocmo, so openpyxl streams the workbook through it (a third
    faster to save at 2,000 people than its pure-Python writer)."""
    import openpyxl as xl

    assert xl.LXML, "openpyxl is not using lxml: install mocmo's dependencies (lxml)"
