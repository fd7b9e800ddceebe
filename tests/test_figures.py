"""The figure registry: every headline figure declared once (key, label, unit, explanation,
function, workbook formula), and everything that shows a figure reads it."""

from __future__ import annotations

import dataclasses
import importlib
import json
from pathlib import Path

import pytest

import mocmo.cli as cli
from mocmo import figures, summary
from mocmo.defaults import load_example
from mocmo.excel._book import Book
from mocmo.format import describe_figure, figure_unit
from mocmo.plan import Plan
from mocmo.synthetic import synthetic_plan

SIMULATION_KEYS = {
    f"{figure}_p{q}"
    for figure in (
        "net_change",
        "total_net_change",
        "one_off_cost",
        "breakeven_month",
        "new_total_cost",
    )
    for q in (10, 50, 90)
}


@pytest.fixture(scope="module")
def example() -> Plan:
    return load_example()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _sheet_of(ref: str) -> str:
    return ref.split("!")[0].strip("'").replace("''", "'")


@pytest.mark.parametrize("make", [load_example, lambda: synthetic_plan(people=30)])
def test_every_step_figure_has_exactly_one_registry_entry(make) -> None:  # type: ignore[no-untyped-def]
    """Each key a step's headline() returns is declared in the registry under that step, and
    each registry entry taken from a step is a key its step returns: no figure without an entry,
    no stale entry (the simulation's figures come from mocmo.ranges.headline, checked below)."""
    plan = make()
    produced = figures.section_keys(plan)
    declared: dict[str, list[str]] = {}
    for spec in figures.FIGURES.values():
        if isinstance(spec.compute, figures.FromStep):
            declared.setdefault(spec.step, []).append(spec.key)
    for step in figures.STEPS:
        missing = sorted(set(produced[step]) - set(declared.get(step, [])))
        stale = sorted(set(declared.get(step, [])) - set(produced[step]))
        assert not missing, f"{step}.headline returns {missing} with no entry in mocmo.figures"
        assert not stale, f"mocmo.figures declares {stale} under {step}, which does not return them"
    assert list(summary.headline(plan)) == list(figures.FIGURES)


def test_every_entry_declares_label_unit_and_one_sentence() -> None:
    """Every entry has a label, one of the declared units and a one-sentence explanation."""
    # 49 after the whole cost (#17); the transition (#18) replaces migration_hires and
    # migration_one_off_cost with 12 figures (hires/movers/leavers_count, one_off_cost and its
    # 5 parts, breakeven_projection, payback_months, peak_cumulative_outlay): 49 − 2 + 12 = 59;
    # the drivers' ranges (#19) add P10/P50/P90 of total_net_change, one_off_cost,
    # breakeven_month and new_total_cost (12; net_change_p10/50/90 stay): 59 + 12 = 71
    assert len(figures.FIGURES) == 71
    for key, spec in figures.FIGURES.items():
        assert spec.key == key
        assert spec.label.strip(), key
        assert spec.unit in figures.UNITS, key
        text = spec.explanation
        assert text.endswith("."), f"{key}: explanation should be a sentence: {text!r}"
        assert ". " not in text.rstrip("."), f"{key}: explanation is more than one sentence"
        assert spec.step in figures.STEPS, key


def test_only_the_monte_carlo_outputs_lack_a_workbook_formula() -> None:
    """Every entry names an existing mocmo.excel writer as its formula builder, except the
    declared simulation outputs (P10/P50/P90 of the drivers' simulation)."""
    assert {k for k, s in figures.FIGURES.items() if s.simulation} == SIMULATION_KEYS
    for key, spec in figures.FIGURES.items():
        if spec.simulation:
            continue
        assert spec.builder is not None and spec.builder.startswith("mocmo.excel."), key
        module, _, name = spec.builder.rpartition(".")
        assert callable(getattr(importlib.import_module(module), name)), spec.builder


@pytest.mark.parametrize("make", [load_example, lambda: synthetic_plan(people=30)])
def test_every_builder_writes_its_figure_on_the_declared_sheet(make) -> None:  # type: ignore[no-untyped-def]
    """Writing the workbook records a cell for every figure on the sheet its entry declares,
    and the Summary sheet points at it; no builder records a figure the registry lacks."""
    from mocmo.excel import write_sheets

    book = Book.new(make())
    write_sheets(book, pictures=False)
    assert sorted(set(book.headline_refs) - set(figures.FIGURES)) == []
    for key, spec in figures.FIGURES.items():
        assert key in book.headline_refs, f"{key}: {spec.builder} wrote no cell for it"
        assert _sheet_of(book.headline_refs[key]) == spec.sheet, key
        assert _sheet_of(book.names[key]) == "Summary"


def test_summary_refuses_a_figure_its_builder_did_not_write(example: Plan) -> None:
    """The Summary sheet raises, naming the figure, when a figure has no workbook cell (it
    used to write mocmo's value instead, so the workbook could silently diverge)."""
    from mocmo.excel._summary import write_summary

    book = Book.new(example)
    book.sheet("Summary")
    with pytest.raises(ValueError, match="handoff_tax_days_legacy"):
        write_summary(book, {"handoff_tax_days_legacy": 121.6})


def test_the_summary_sheet_reads_label_unit_and_explanation_from_the_registry(
    example: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A changed registry label, unit and explanation show on the workbook's Summary sheet."""
    from mocmo.excel import write_sheets

    spec = figures.FIGURES["hires_count"]
    changed = dataclasses.replace(
        spec, label="People we hire", explanation="Hand-written explanation."
    )
    monkeypatch.setitem(figures.FIGURES, "hires_count", changed)
    book = Book.new(example)
    write_sheets(book, pictures=False)
    ws = book.sheets["Summary"].ws
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 5).value == "hires_count")
    assert ws.cell(row, 1).value == "People we hire"
    assert ws.cell(row, 3).value == "FTE"
    assert ws.cell(row, 4).value == "Hand-written explanation."


def test_number_formatting_follows_the_declared_unit_not_the_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """describe_figure formats by the registry's unit: 3 hires declared as money print as £3,
    and a key that is not a figure is refused, naming it."""
    assert describe_figure("hires_count", 3) == "3"
    assert describe_figure("new_headcount", 20.5) == "20.50"
    assert describe_figure("capacity_reclaimed_hours_per_week", 28.125) == "28.1 h/wk"
    assert describe_figure("handoff_tax_days_legacy", 121.6) == "121.6 days"
    assert figure_unit("new_headcount") == "fte"
    assert figure_unit("breakeven_month") == "month"
    assert figure_unit("migration_months") == "months"
    spec = dataclasses.replace(figures.FIGURES["hires_count"], unit="money")
    monkeypatch.setitem(figures.FIGURES, "hires_count", spec)
    assert describe_figure("hires_count", 3) == "£3"
    with pytest.raises(KeyError, match="legacy_head_count"):
        describe_figure("legacy_head_count", 30)


def test_a_negative_ratio_has_the_same_minus_sign_as_money() -> None:
    """A ratio prints its minus as "−" (U+2212), as money does: −£605,631 is −19.3% of
    £3,138,377 (605,631 ÷ 3,138,377 = 0.19298 → 19.3%); a ratio that rounds to 0 has no sign."""
    from mocmo.format import fmt_money_full, fmt_pct

    assert describe_figure("total_net_change", -605_631) == "−£605,631"
    assert describe_figure("total_net_change_pct", -605_631 / 3_138_377) == "−19.3%"
    assert fmt_pct(-0.169, 1) == "−16.9%"
    assert fmt_pct(-0.12) == "−12%"
    assert fmt_pct(0.12) == "12%"
    assert fmt_pct(-0.0004, 1) == "0.0%"  # −0.04% rounds to 0.0%: no sign
    assert fmt_money_full(-605_631).startswith("−")
    assert "-" not in fmt_pct(-0.5)


def test_summary_computes_each_figure_with_its_registry_function(
    example: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`mocmo summary` takes each figure from its entry's function: replacing the Hand-Off
    Tax's function with one adding 25 days moves that figure alone by 25."""
    before = summary.headline(example)
    spec = figures.FIGURES["handoff_tax_days_legacy"]
    original = spec.compute

    def plus_25(plan: Plan) -> float:
        value = original(plan)
        assert isinstance(value, float)
        return value + 25

    monkeypatch.setitem(figures.FIGURES, spec.key, dataclasses.replace(spec, compute=plus_25))
    after = summary.headline(example)
    assert after["handoff_tax_days_legacy"] == pytest.approx(before["handoff_tax_days_legacy"] + 25)
    assert {k: v for k, v in after.items() if k != spec.key} == {
        k: v for k, v in before.items() if k != spec.key
    }


def test_figures_command_lists_every_figure_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    """`mocmo figures --json` prints one list with key, label, unit and explanation of every
    figure, in summary order."""
    code, out, _ = _run(capsys, "figures", "--json")
    assert code == 0
    entries = json.loads(out)
    assert [e["key"] for e in entries] == list(figures.FIGURES)
    tax = next(e for e in entries if e["key"] == "handoff_tax_days_legacy")
    assert tax["label"] == "Hand-Off Tax today (days)"
    assert tax["unit"] == "days"
    assert tax["explanation"].startswith("Waits at hand-offs + expected rework")
    assert tax["workbook_formula"] == "mocmo.excel._reshape.write_handoff"
    p50 = next(e for e in entries if e["key"] == "net_change_p50")
    assert p50["simulation"] is True and p50["workbook_formula"] == ""


def test_figures_command_text_is_a_glossary(capsys: pytest.CaptureFixture[str]) -> None:
    """Plain `mocmo figures` prints each figure's key, label and unit, then its explanation."""
    code, out, _ = _run(capsys, "figures")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2 * len(figures.FIGURES)
    assert lines[0].startswith("calendar_design_ratio — Leader's time designing systems (%")
    assert "one_off_cost — One-off transition cost (one-off;" in out
    assert lines[1].startswith("    Share of last month's")


def test_summary_text_shows_labels_from_the_registry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Plain `mocmo summary` prints each figure's label, value and key."""
    from mocmo.defaults import example_path

    code, out, _ = _run(capsys, "summary", str(example_path("brightwave")))
    assert code == 0
    line = next(x for x in out.splitlines() if x.rstrip().endswith("legacy_headcount"))
    assert line.split() == ["Legacy", "headcount", "30", "legacy_headcount"]


# --------------------------------------------------------------------------- model vs workbook


def test_differences_compare_each_formula_figure_within_its_tolerance() -> None:
    """Figures agree within half a penny (money) or 1e-6; an empty cell matches None; a
    missing name or a different value is a mismatch; simulation outputs are not compared."""
    from mocmo.verify import Mismatch, differences

    model = {
        "new_org_loaded_cost": 1_000_000.00,
        "handoff_tax_days_legacy": 146.6,
        "breakeven_month": None,
        "pipeline_coverage_ratio": 0.5,
        "net_change_p50": -40_000.0,
        "audience_count": 6,
    }
    workbook: dict[str, object] = {
        "new_org_loaded_cost": 1_000_000.004,  # within half a penny
        "handoff_tax_days_legacy": 121.6,  # 25 days apart
        "breakeven_month": "",  # the formula's empty string
        "pipeline_coverage_ratio": 0.5000001,  # 1e-7 apart: within 1e-6
        "net_change_p50": 0.0,  # a value on Ranges, never compared
    }
    assert differences(model, workbook) == [
        Mismatch("handoff_tax_days_legacy", 146.6, 121.6),
        Mismatch("audience_count", 6, "no such defined name"),
    ]
    assert str(Mismatch("handoff_tax_days_legacy", 146.6, 121.6)) == (
        "handoff_tax_days_legacy: mocmo computes 146.6, the recalculated workbook says 121.6"
    )


def test_the_example_workbook_agrees_with_the_model(
    example: Plan, soffice: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recalculated by LibreOffice, the example's workbook gives every formula figure mocmo
    computes."""
    from mocmo.verify import verify_plan

    monkeypatch.setenv("MOCMO_SOFFICE", soffice)
    assert verify_plan(example) == []


def test_export_verify_refuses_when_a_figure_function_changes(
    tmp_path: Path,
    soffice: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """With the Hand-Off Tax's function changed (25 days added) but not its workbook formula,
    `mocmo export --verify` exits 2 naming handoff_tax_days_legacy with both values, and
    writes nothing."""
    from mocmo.defaults import example_path

    monkeypatch.setenv("MOCMO_SOFFICE", soffice)
    path = example_path("brightwave")
    spec = figures.FIGURES["handoff_tax_days_legacy"]
    original = spec.compute

    def changed_rule(plan: Plan) -> float:
        value = original(plan)
        assert isinstance(value, float)
        return value + 25

    monkeypatch.setitem(figures.FIGURES, spec.key, dataclasses.replace(spec, compute=changed_rule))
    out = tmp_path / "out"
    code, _, err = _run(capsys, "export", str(path), "--out", str(out), "--verify", "--quiet")
    assert code == 2
    lines = [line for line in err.splitlines() if "handoff_tax_days_legacy" in line]
    assert len(lines) == 1, err
    # 121.6 days: the figure for the example (waits + expected rework over its
    # seven workflows); the changed rule adds 25.
    assert "mocmo computes 146.6, the recalculated workbook says 121.6" in lines[0]
    assert "1 figure(s); nothing was exported" in err
    assert not out.exists() or not any(out.iterdir())


def test_export_verify_without_libreoffice_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`mocmo export --verify` with no LibreOffice at the configured path exits 2 saying so,
    and writes nothing."""
    from mocmo.defaults import example_path

    monkeypatch.setenv("MOCMO_SOFFICE", str(tmp_path / "no-soffice"))
    out = tmp_path / "out"
    code, _, err = _run(
        capsys, "export", str(example_path("brightwave")), "--out", str(out), "--verify"
    )
    assert code == 2
    assert "--verify: LibreOffice:" in err and "no-soffice" in err
    assert not out.exists()


def test_verify_export_hook_returns_none_without_libreoffice(
    example: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's hook says "not checked" (None) when LibreOffice is not installed."""
    from mocmo import verify

    monkeypatch.setattr(verify, "find_soffice", lambda: None)
    assert verify.verify_export(example, tmp_path / "plan.xlsx") is None


def test_the_glossary_file_is_the_registry_as_markdown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """docs/figures.md (linked from the README) is exactly `mocmo figures --markdown`: one
    row per registered figure, so it cannot drift from the registry."""
    code, out, _ = _run(capsys, "figures", "--markdown")
    assert code == 0
    rows = [line for line in out.splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == list(figures.FIGURES)
    assert "| `net_change_p10` | Payroll net change, P10 (simulation) | money (per year) |" in out
    docs = Path(__file__).resolve().parents[1] / "docs" / "figures.md"
    stale = "docs/figures.md is stale: run mocmo figures --markdown > docs/figures.md"
    assert docs.read_text(encoding="utf-8") == out, stale
    assert "[docs/figures.md](docs/figures.md)" in (docs.parents[1] / "README.md").read_text()


def test_the_app_headline_panels_name_figures_by_their_registry_label(example: Plan) -> None:
    """Start Here's overview and the Scenarios table call each figure by its registry label
    ("Hand-Off Tax today (days)"), not its key with spaces."""
    from mocmo.compare import compare
    from mocmo.ui.scenarios import _figure_rows
    from mocmo.ui.start import _overview_html

    overview = _overview_html(example)
    assert "<td>Hand-Off Tax today (days)</td>" in overview
    assert "handoff tax days legacy" not in overview
    rows = _figure_rows(compare(example, example))
    assert [row["Figure"] for row in rows] == [s.label for s in figures.FIGURES.values()]


def test_the_recalculation_profile_is_the_one_the_tests_use() -> None:
    """mocmo.verify's LibreOffice profile sets the same always-recalculate options
    (OOXMLRecalcMode and ODFRecalcMode 0) as the tests' own profile in tests/conftest.py."""
    from mocmo.verify import RECALC_ALWAYS_XCU
    from tests.conftest import _RECALC_ALWAYS_XCU

    assert RECALC_ALWAYS_XCU == _RECALC_ALWAYS_XCU
    assert 'oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value>' in RECALC_ALWAYS_XCU
    assert 'oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value>' in RECALC_ALWAYS_XCU


def test_simulation_figures_are_the_ranges_headline() -> None:
    """Every figure the drivers' simulation returns has a registry entry, declared as a
    simulation output (no workbook formula) and computed from mocmo.ranges.headline."""
    from mocmo import ranges

    plan = load_example()
    produced = ranges.headline(plan)
    assert set(produced) == set(ranges.HEADLINE_KEYS)
    for key, value in produced.items():
        spec = figures.figure(key)
        assert spec.simulation and isinstance(spec.compute, figures.FromRanges)
        assert spec.compute(plan) == value
