"""`mocmo import-xlsx`: a reviewed workbook's inputs read back into the plan by defined name,
in `mocmo diff`'s words; values the plan model rejects refused naming the cell and the rule;
formulas edited outside the inputs reported and not imported; PLAN never damaged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import mocmo.cli as cli
from mocmo.defaults import example_path
from mocmo.excel import write_workbook
from mocmo.excel._book import Book
from mocmo.excel.importer import export_book, workbook_inputs
from mocmo.figures import figure
from mocmo.plan import band_fraction, load_plan
from mocmo.plan.edit import _parse_path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plan's workbook as `mocmo export` writes it (written once, copied per test)."""
    path = tmp_path_factory.mktemp("export") / "brightwave.xlsx"
    write_workbook(load_plan(example_path()), path)
    return path


@pytest.fixture
def files(tmp_path: Path, exported: Path) -> tuple[Path, Path]:
    """(plan, book): a copy of the example plan and of its exported workbook."""
    plan, book = tmp_path / "plan.yaml", tmp_path / "book.xlsx"
    shutil.copyfile(example_path(), plan)
    shutil.copyfile(exported, book)
    return plan, book


def _place(wb: Any, name: str) -> tuple[str, str]:
    """(sheet, cell) the defined name points at."""
    ((sheet, ref),) = list(wb.defined_names[name].destinations)
    return sheet, ref.replace("$", "")


def _edit(book: Path, **values: Any) -> dict[str, str]:
    """Type ``values`` into the named cells of ``book`` with openpyxl, as a reviewer would;
    returns each name's ``Sheet!Cell``."""
    wb = openpyxl.load_workbook(book)
    where: dict[str, str] = {}
    for name, value in values.items():
        sheet, cell = _place(wb, name)
        wb[sheet][cell].value = value
        where[name] = f"{sheet}!{cell}"
    wb.save(book)
    return where


def _close(value: Any, expected: float | int | None) -> bool:
    if expected is None:
        return value in (None, "")
    return isinstance(value, int | float) and abs(value - expected) <= 1e-6 * max(
        1.0, abs(expected)
    )


# --------------------------------------------------------------------------- the round trip


@pytest.mark.libreoffice
def test_three_edited_assumptions_import_to_the_figures_libreoffice_recalculates(
    files: tuple[Path, Path], tmp_path: Path, lo_recalc: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """A reviewer edits a rate, a band end and a month; the CMO imports them; the new plan's
    `summary --json` equals LibreOffice's recalculation of the edited workbook, figure by
    figure (every headline figure's defined name but the simulated P10/P50/P90, which the
    workbook holds as values computed at export).

    Edits: employer NI 15% → 13.8%, the GTM Marketer band's high £80,000 → £85,000, the Head
    of GTM's hire month 4 → 6. By hand, the MarOps team's loaded cost moves by the NI change
    alone: its three seats (one person each, every salary above the £5,000 threshold) pay NI
    on Σ salary − 3 × £5,000, so the change is −1.2 points of that:
    low  (Σ £190,000): −0.012 × £175,000 = −£2,100;
    mid  (Σ £232,500): −0.012 × £217,500 = −£2,610;
    high (Σ £275,000): −0.012 × £260,000 = −£3,120.
    """
    plan_path, book = files
    _edit(book, employer_ni_rate=0.138, gtm_marketer_band_high=85000, hire_head_of_gtm_month=6)
    new_path = tmp_path / "reviewed.yaml"
    code, out, err = _run(
        capsys, "import-xlsx", str(book), "--into", str(plan_path), "--out", str(new_path)
    )
    assert code == 0, err
    changes = [
        "- Employer National Insurance rate: 15% → 13.8%",
        "- GTM Marketer · band: £55,000–£80,000 → £55,000–£85,000",
        "- Hire of Head of GTM · starts: month 4 → month 6",
    ]
    assert out.splitlines()[1:4] == changes
    assert "Not imported" not in out
    # The same words as `mocmo diff PLAN NEW`.
    _code, diff_out, _err = _run(capsys, "diff", str(plan_path), str(new_path))
    assert diff_out.splitlines() == changes

    new = load_plan(new_path)
    assert new.assumptions.on_costs.employer_ni_rate == 0.138
    assert new.new_roles.gtm_marketer.high == 85000
    assert new.hires[3].position == "Head of GTM" and new.hires[3].month == 6

    _code, before_json, _err = _run(capsys, "summary", "--json", str(plan_path))
    _code, after_json, _err = _run(capsys, "summary", "--json", str(new_path))
    before, after = json.loads(before_json), json.loads(after_json)
    for key, delta in (
        ("marops_loaded_cost_low", -2100),
        ("marops_loaded_cost_mid", -2610),
        ("marops_loaded_cost_high", -3120),
    ):
        assert after[key] - before[key] == pytest.approx(delta, abs=0.01), key

    from tests.conftest import load_values, named_value

    values = load_values(lo_recalc(book))
    compared = 0
    for key, expected in after.items():
        if figure(key).simulation:
            continue
        got = named_value(values, key)
        assert _close(got, expected), (key, got, expected)
        compared += 1
    assert compared >= 50
    assert after["new_org_loaded_cost"] != before["new_org_loaded_cost"]


@pytest.mark.libreoffice
def test_a_workbook_saved_by_libreoffice_unedited_imports_as_no_changes(
    files: tuple[Path, Path], tmp_path: Path, lo_recalc: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """A reviewer who only opens and saves the workbook in LibreOffice changes nothing: its
    rewritten formulas (1E-9 as 0.000000001, sheet names unquoted) and its numbers kept to 15
    digits are the export's."""
    plan_path, book = files
    saved = lo_recalc(book)
    new_path = tmp_path / "new.yaml"
    code, out, err = _run(
        capsys, "import-xlsx", str(saved), "--into", str(plan_path), "--out", str(new_path)
    )
    assert code == 0, err
    assert "No differences in the inputs." in out
    assert "Not imported" not in out
    assert not new_path.exists()


def test_an_unedited_workbook_imports_as_no_changes(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The export itself, imported into its plan: no differences, nothing written."""
    plan_path, book = files
    before = plan_path.read_bytes()
    new_path = tmp_path / "new.yaml"
    code, out, err = _run(
        capsys, "import-xlsx", str(book), "--into", str(plan_path), "--out", str(new_path)
    )
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"What the workbook changes in {plan_path} (0):",
        "No differences in the inputs.",
        "No changes: nothing was written.",
    ]
    assert not new_path.exists()
    assert plan_path.read_bytes() == before


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("name", "value", "rule"),
    [
        ("employer_ni_rate", -0.1, "got -0.1, must be between 0 and 1"),
        ("employer_ni_rate", 35, "35 looks like a percentage; write 0.35 for 35%"),
        ("seat_head_of_marketing_operations_point", 1.5, "got 1.5, must be between 0 and 1"),
        ("hire_head_of_gtm_month", 4.5, "got 4.5, must be a whole number"),
        ("marops_head_of_marops_band_low", 200000, "low must not be above high"),
    ],
)
def test_a_value_the_plan_rejects_is_refused_naming_the_cell_and_the_rule(
    files: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    value: float,
    rule: str,
) -> None:
    """A negative rate, a percentage typed as 35, a point in band of 1.5, half a month, a band
    low above its high: exit 2, the cell (Sheet!Cell and defined name) and the model's rule on
    stderr, nothing written, PLAN unchanged — even with a good edit beside it."""
    plan_path, book = files
    before = plan_path.read_bytes()
    where = _edit(book, **{name: value, "pension_rate": 0.05})
    new_path = tmp_path / "new.yaml"
    code, out, err = _run(
        capsys, "import-xlsx", str(book), "--into", str(plan_path), "--out", str(new_path)
    )
    assert code == 2
    assert out == ""
    line = next(x for x in err.splitlines() if f"{where[name]} ({name})" in x)
    assert line.startswith(f"{book}: error: ")
    assert rule in line
    assert "pension_rate" not in err  # the good edit is not blamed
    assert err.splitlines()[-1] == (
        "mocmo: error: the workbook was not imported (1 problem(s)); nothing was written"
    )
    assert not new_path.exists()
    assert plan_path.read_bytes() == before


def test_a_sorted_assumptions_block_is_refused(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Sorting moves values but not the defined names: a name now pointing at another row's
    value is refused (the row reads another name), so a sort cannot re-wire the plan."""
    plan_path, book = files
    wb = openpyxl.load_workbook(book)
    sheet, ni = _place(wb, "employer_ni_rate")
    _sheet, pension = _place(wb, "pension_rate")
    ws = wb[sheet]
    ni_row, pension_row = ws[ni].row, ws[pension].row
    for column in range(1, 6):  # swap the two rows, as a sort would
        a, b = ws.cell(ni_row, column), ws.cell(pension_row, column)
        a.value, b.value = b.value, a.value
    wb.save(book)
    code, _out, err = _run(capsys, "import-xlsx", str(book), "--into", str(plan_path), "--dry-run")
    assert code == 2
    assert f"{sheet}!{ni} (employer_ni_rate): the row has moved away from its name" in err
    assert "'pension_rate'" in err


# --------------------------------------------------------------------------- outside the inputs


def _first_formula(book: Path, title: str) -> str:
    ws = openpyxl.load_workbook(book)[title]
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                return str(cell.coordinate)
    raise AssertionError(f"no formula on {title}")


def test_a_formula_edited_outside_the_inputs_is_reported_and_not_imported(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A reviewer overwrites a Whole Cost formula with a typed figure and a formula of their
    own, and changes one input (pension 5% → 6%): the input is imported; the two cells are
    reported, one line each, as changed outside the inputs — not imported; the new plan holds
    only the input's change."""
    plan_path, book = files
    coordinate = _first_formula(book, "Whole Cost")
    wb = openpyxl.load_workbook(book)
    original = wb["Whole Cost"][coordinate].value
    wb["Whole Cost"][coordinate].value = 12345
    sheet, pension = _place(wb, "pension_rate")
    wb[sheet][pension].value = 0.06
    wb["Whole Cost"]["A1"].value = "=1+1"  # the title, now a formula
    wb.save(book)
    new_path = tmp_path / "new.yaml"
    code, out, err = _run(
        capsys, "import-xlsx", str(book), "--into", str(plan_path), "--out", str(new_path)
    )
    assert code == 0, err
    lines = out.splitlines()
    assert lines[:2] == [
        f"What the workbook changes in {plan_path} (1):",
        "- Employer pension contribution rate: 3% → 6%",
    ]
    assert lines[2:] == [
        "Not imported (2):",
        "- Whole Cost!A1: formula =1+1 added, changed outside the inputs — not imported",
        f"- Whole Cost!{coordinate}: formula {original} replaced by 12345, changed outside the "
        "inputs — not imported",
        f"wrote {new_path}",
    ]
    new = load_plan(new_path)
    assert new.assumptions.on_costs.pension_rate == 0.06
    assert new.model_dump(exclude={"assumptions"}) == load_plan(plan_path).model_dump(
        exclude={"assumptions"}
    )


def test_an_input_without_a_plan_field_is_reported_not_imported(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """`days_per_week` is a workbook constant (mocmo's 5-day week) and `horizon_months` shapes
    the Migration sheet's columns: typed values are reported, not imported."""
    plan_path, book = files
    where = _edit(book, days_per_week=4, horizon_months=24)
    code, out, err = _run(capsys, "import-xlsx", str(book), "--into", str(plan_path), "--dry-run")
    assert code == 0, err
    assert "No differences in the inputs." in out
    assert (
        f"- {where['days_per_week']} (days_per_week): 5 → 4: a workbook constant with no "
        "field in the plan — not imported"
    ) in out
    assert (
        f"- {where['horizon_months']} (horizon_months): 18 → 24: it shapes the workbook "
        "(export again) — not imported"
    ) in out


# --------------------------------------------------------------------------- writing


def test_dry_run_writes_nothing(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--dry-run prints the changes and writes neither NEW nor PLAN."""
    plan_path, book = files
    before = plan_path.read_bytes()
    _edit(book, employer_ni_rate=0.138)
    new_path = tmp_path / "new.yaml"
    code, out, _err = _run(
        capsys,
        "import-xlsx", str(book), "--into", str(plan_path), "--out", str(new_path), "--dry-run",
    )  # fmt: skip
    assert code == 0
    assert "- Employer National Insurance rate: 15% → 13.8%" in out
    assert out.splitlines()[-1] == "Dry run: nothing was written."
    assert not new_path.exists()
    assert plan_path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx", "plan.yaml"]


def test_plan_is_replaced_only_when_out_names_it(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --out nothing is written (exit 2, saying how); --out PLAN replaces PLAN with the
    new plan, leaving no temp file."""
    plan_path, book = files
    before = plan_path.read_bytes()
    _edit(book, pension_rate=0.35)
    code, out, err = _run(capsys, "import-xlsx", str(book), "--into", str(plan_path))
    assert code == 2 and out == ""
    assert err == (
        f"mocmo: error: give --out NEW.yaml for the new plan (or --out {plan_path} to replace "
        f"{plan_path}); nothing was written\n"
    )
    assert plan_path.read_bytes() == before
    code, out, err = _run(
        capsys, "import-xlsx", str(book), "--into", str(plan_path), "--out", str(plan_path)
    )
    assert code == 0, err
    assert "- Employer pension contribution rate: 3% → 35%" in out
    # 0.35 typed in a % cell (shown 35%) is 35%: the plan holds 0.35 exactly.
    assert load_plan(plan_path).assumptions.on_costs.pension_rate == 0.35
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        "book.xlsx",
        "plan.yaml",
    ]


def test_a_file_that_is_no_workbook_is_refused(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A plan file given as the workbook: exit 2, one line saying it is no .xlsx workbook."""
    plan_path, _book = files
    code, _out, err = _run(
        capsys, "import-xlsx", str(plan_path), "--into", str(plan_path), "--dry-run"
    )
    assert code == 2
    assert "cannot be read as an .xlsx workbook" in err


# --------------------------------------------------------------------------- the mapping


def _at(data: Any, path: str) -> Any:
    node = data
    for part in _parse_path(path):
        node = node[part]
    return node


def test_every_named_input_maps_to_a_plan_field_holding_its_value() -> None:
    """The mapping defined name → plan path, derived from the export's own code: every input
    of the example's workbook with a plan path names a field that exists and holds the value
    the cell shows (a named point in band as its fraction, mid = 50%; a yes/no as 1/0; a
    transition input the plan leaves to its default is empty in the plan)."""
    plan = load_plan(example_path())
    book: Book = export_book(plan)
    inputs = workbook_inputs(book)
    data = plan.model_dump(mode="json")
    mapped = [item for item in inputs.values() if item.path]
    assert len(mapped) >= 300
    for item in mapped:
        held = _at(data, item.path)
        if held is None and item.path.startswith("assumptions.transition."):
            continue  # the default fills it; a typed value sets the field
        if isinstance(held, str) and item.fmt == "pct":
            held = band_fraction(held)
        if isinstance(held, bool):
            held = int(held)
        assert held == item.value, (item.name, item.path, held, item.value)
    names = {item.name for item in inputs.values()}
    assert {"employer_ni_rate", "gtm_marketer_band_high", "hire_head_of_gtm_month"} <= names
    assert inputs["employer_ni_rate"].path == "assumptions.on_costs.employer_ni_rate"
    assert inputs["hire_head_of_gtm_month"].path == "hires[3].month"


def test_an_input_holding_a_formula_without_a_value_is_refused(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """`=0.15*0.92` typed into employer_ni_rate and saved by openpyxl (which stores no computed
    value): refused, asking for the value — never imported as text."""
    plan_path, book = files
    where = _edit(book, employer_ni_rate="=0.15*0.92")
    code, _out, err = _run(capsys, "import-xlsx", str(book), "--into", str(plan_path), "--dry-run")
    assert code == 2
    assert (
        f"{where['employer_ni_rate']} (employer_ni_rate): holds the formula =0.15*0.92 without "
        "a computed value"
    ) in err


def test_a_workbook_of_another_plan_is_refused(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The example's workbook imported into a smaller plan: its inputs' names are not the
    plan's — one line counting them, nothing written."""
    from plans import minimal_plan

    from mocmo.plan import save_plan

    _plan_path, book = files
    other = tmp_path / "other.yaml"
    save_plan(minimal_plan(), other)
    before = other.read_bytes()
    code, _out, err = _run(
        capsys, "import-xlsx", str(book), "--into", str(other), "--out", str(other)
    )
    assert code == 2
    assert "was it exported from this plan?" in err
    assert other.read_bytes() == before


def test_many_cells_changed_outside_the_inputs_are_counted_past_the_first_twenty(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """25 formulas overwritten: the first 20 are listed, the other 5 counted by sheet, with the
    likely cause (a workbook from another mocmo or another version of the plan)."""
    plan_path, book = files
    wb = openpyxl.load_workbook(book)
    ws = wb["Whole Cost"]
    cells = [c for row in ws.iter_rows() for c in row if str(c.value or "").startswith("=")]
    assert len(cells) >= 25
    for cell in cells[:25]:
        cell.value = 0
    wb.save(book)
    code, out, err = _run(capsys, "import-xlsx", str(book), "--into", str(plan_path), "--dry-run")
    assert code == 0, err
    lines = out.splitlines()
    assert "Not imported (25):" in lines
    listed = [x for x in lines if x.startswith("- Whole Cost!")]
    assert len(listed) == 20
    rest = "- … and 5 more cells changed outside the inputs — not imported (Whole Cost 5);"
    assert any(x.startswith(rest) for x in lines)
