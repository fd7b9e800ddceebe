"""`mocmo export`: the workbook, every chart as PNG and SVG, the charts page and summary.json —
written whole or not at all."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from plans import audience, minimal_plan

from conftest import REPO_ROOT, LibreOfficeRecalc, error_cells, load_values, named_value
from mocmo.charts.catalog import all_charts, charts_html, slug
from mocmo.cli import main
from mocmo.defaults import example_path, load_example
from mocmo.export import export_name, summary_json
from mocmo.format import figure_unit
from mocmo.plan import save_plan

EXAMPLE = example_path()
STEP_PREFIXES = ("audiences-", "reshape-", "costing-", "migration-")


def _run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mocmo.cli", *args],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=600,
        check=False,
    )


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def example_export(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """`mocmo export data/examples/brightwave.yaml --out DIR`, run once for the module."""
    out = tmp_path_factory.mktemp("export") / "out"
    return out, _run_cli("export", str(EXAMPLE), "--out", str(out))


def test_export_writes_workbook_charts_page_and_summary(
    example_export: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    """The command writes DIR/<plan-name>.xlsx, a PNG and an SVG of every chart, charts.html
    and summary.json, lists them on stdout, shows progress on stderr and leaves no temp files."""
    out, result = example_export
    assert result.returncode == 0, result.stderr
    workbook = out / "brightwave-mini-cmo-plan.xlsx"
    assert workbook.read_bytes()[:2] == b"PK"  # a zip: the .xlsx container
    names = list(all_charts(load_example()))
    assert any(n.startswith("reshape-workflow-") for n in names)
    for prefix in STEP_PREFIXES:
        assert any(n.startswith(prefix) for n in names), f"no {prefix} chart"
    for name in names:
        assert (out / "charts" / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert "<svg" in (out / "charts" / f"{name}.svg").read_text(encoding="utf-8")[:500]
    page = (out / "charts.html").read_text(encoding="utf-8")
    assert "vegaEmbed" in page and all(f'id="{n}"' in page for n in names)
    assert "<script src" not in page and "cdn.jsdelivr" not in page  # works offline
    listed = {Path(line) for line in result.stdout.splitlines()}
    assert workbook in listed and out / "summary.json" in listed
    assert len(listed) == 2 * len(names) + 3
    assert "charts rendered" in result.stderr
    hidden = [p.relative_to(out).as_posix() for p in out.rglob(".*")]
    assert hidden == [".mocmo-export.json"], "temporary files left behind"  # only the manifest


def test_a_starter_plan_exports_before_any_audience_exists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The plan `mocmo new` writes (no audiences, no workflows yet) exports whole: workbook,
    every chart and summary.json — empty tables draw empty charts, not an error."""
    plan_file = tmp_path / "starter.yaml"
    assert main(["new", str(plan_file)]) == 0
    out = tmp_path / "out"
    assert main(["export", str(plan_file), "--out", str(out)]) == 0, capsys.readouterr().err
    assert (out / "starter.xlsx").read_bytes()[:2] == b"PK"
    assert (out / "charts" / "reshape-load.svg").is_file()
    assert json.loads((out / "summary.json").read_text())["audience_count"] == 0


def test_summary_json_equals_mocmo_summary_json(
    example_export: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    """summary.json is the same object `mocmo summary --json` prints."""
    out, _ = example_export
    printed = _run_cli("summary", str(EXAMPLE), "--json")
    assert printed.returncode == 0, printed.stderr
    assert json.loads((out / "summary.json").read_text()) == json.loads(printed.stdout)


@pytest.mark.libreoffice
def test_exported_workbook_recalculates_to_the_exported_summary(
    example_export: tuple[Path, subprocess.CompletedProcess[str]],
    lo_recalc: LibreOfficeRecalc,
) -> None:
    """The workbook `mocmo export` wrote, recalculated by LibreOffice, gives every figure of the
    summary.json written beside it (to the penny for money, 1e-6 otherwise; null → empty), and
    no cell shows an error."""
    out, _ = example_export
    figures = json.loads((out / "summary.json").read_text())
    values = load_values(lo_recalc(out / "brightwave-mini-cmo-plan.xlsx"))
    for key, expected in figures.items():
        got = named_value(values, key)
        if expected is None:
            assert got in (None, ""), key
        else:
            tolerance = 0.005 if figure_unit(key) == "money" else 1e-6
            assert abs(got - expected) <= tolerance, f"{key}: {got} != {expected}"
    assert error_cells(values) == []


def test_unwritable_folder_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    """An --out folder that cannot be written (a file in the way; a read-only folder when not
    root) is exit 2 with a message naming the folder, and nothing is written."""
    blocker = tmp_path / "not-a-folder.txt"
    blocker.write_text("I am a file", encoding="utf-8")
    result = _run_cli("export", str(EXAMPLE), "--out", str(blocker / "exports"))
    assert result.returncode == 2
    assert "cannot write the export to" in result.stderr and str(blocker) in result.stderr
    assert blocker.read_text(encoding="utf-8") == "I am a file"
    if os.geteuid() != 0:  # root writes to read-only folders anyway
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o555)
        try:
            result = _run_cli("export", str(EXAMPLE), "--out", str(locked))
            assert result.returncode == 2 and "cannot write the export to" in result.stderr
            assert list(locked.iterdir()) == []
        finally:
            locked.chmod(0o755)


def test_failed_export_leaves_the_previous_export_and_the_plan_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export leaves the files it did not write alone (the user's, and one merely named like
    a chart); when writing fails part-way (the disk fills while the workbook is written),
    every file of the previous export is byte-for-byte as it was, no half file or temp folder
    is left, and the plan file is not touched."""
    plan_file = save_plan(minimal_plan(), tmp_path / "plan.yaml")
    out = tmp_path / "out"
    (out / "charts").mkdir(parents=True)
    like_a_chart = out / "charts" / "reshape-workflow-a-role-since-renamed.png"
    mine = out / "charts" / "my-logo.png"
    like_a_chart.write_bytes(b"old chart")
    mine.write_bytes(b"the user's own file")
    assert main(["export", str(plan_file), "--out", str(out), "--quiet"]) == 0
    assert like_a_chart.read_bytes() == b"old chart" and mine.read_bytes() == b"the user's own file"
    before, plan_before = _snapshot(out), plan_file.read_bytes()
    assert "test-plan.xlsx" in before

    def disk_full(plan: object, path: Path, **_: object) -> Path:
        Path(path).write_bytes(b"PK\x03\x04 half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("mocmo.excel.write_workbook", disk_full)
    assert main(["export", str(plan_file), "--out", str(out), "--quiet"]) == 1
    assert _snapshot(out) == before
    assert plan_file.read_bytes() == plan_before
    assert [p.name for p in out.rglob(".*")] == [".mocmo-export.json"]


def test_export_name_is_a_safe_file_name() -> None:
    """The workbook's file name is the plan name as a slug; odd names cannot escape the folder."""
    assert export_name(load_example()) == "brightwave-mini-cmo-plan"
    assert slug("../../etc/passwd") == "etc-passwd"
    assert slug('=HYPERLINK("http://x","y")') == "hyperlink-http-x-y"
    odd = minimal_plan(meta={"name": "£££", "currency": "GBP", "start_month": "2027-01-01"})
    assert export_name(odd) == "plan"


def test_charts_page_cannot_be_broken_by_user_text() -> None:
    """An audience named '</script><script>alert(1)</script>' stays data inside the page: an
    HTML parser finds exactly the page's two script elements (the Vega bundle, the charts)."""
    nasty = "</script><script>alert(1)</script>"
    plan = minimal_plan(audiences=[audience(nasty)])
    charts = {k: v for k, v in all_charts(plan).items() if k.startswith("audiences-")}
    page = charts_html(charts, nasty, nasty)

    class Scripts(HTMLParser):
        count = 0

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.count += tag == "script"

    parser = Scripts()
    parser.feed(page)
    assert parser.count == 2
    assert nasty not in page and "alert(1)" in page  # kept, escaped, as the chart's label


def test_summary_json_matches_the_cli_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    """export.summary_json gives the object `mocmo summary --json` prints."""
    assert main(["summary", str(EXAMPLE), "--json"]) == 0
    assert json.loads(summary_json(load_example())) == json.loads(capsys.readouterr().out)


# --------------------------------------------------------------------------- the Export panel


def test_export_panel_writes_the_files_and_offers_downloads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pressing Export writes the plan's files into <workspace>/exports/<plan file's stem>/ and
    shows download links whose embedded bytes are the workbook itself."""
    from mocmo.ui.core import PlanSession
    from mocmo.ui.export import ExportPanel

    monkeypatch.setenv("MOCMO_HOME", str(tmp_path / "home"))
    session = PlanSession(save_plan(minimal_plan(), tmp_path / "plan.yaml"))
    panel = ExportPanel(session)
    assert str(tmp_path / "home" / "exports" / "plan") in panel.folder.value
    written = panel.export()
    workbook = tmp_path / "home" / "exports" / "plan" / "test-plan.xlsx"
    assert workbook in written and "Exported" in panel.status.value
    assert "charts rendered" in panel.progress_log.value
    link = re.search(
        r'download="test-plan.xlsx" href="data:[^;]+;base64,([^"]+)"', panel.links.value
    )
    assert link and base64.b64decode(link.group(1)) == workbook.read_bytes()
    assert 'download="charts.html"' in panel.links.value
    assert 'download="summary.json"' in panel.links.value


def test_the_board_pack_button_writes_the_brief_and_deck_with_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pressing Board pack writes the brief (HTML, and PDF where Chromium is found) and the deck
    into the plan's export folder, with a download link whose bytes are each file; without a PDF
    engine it says what to install and still writes the HTML and the deck."""
    from mocmo.ui.core import PlanSession
    from mocmo.ui.export import ExportPanel

    monkeypatch.setenv("MOCMO_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("MOCMO_CHROMIUM", str(tmp_path / "no-chromium"))  # no PDF engine
    monkeypatch.setenv("PATH", "/usr/sbin:/sbin")  # and none on PATH
    panel = ExportPanel(PlanSession(save_plan(minimal_plan(), tmp_path / "plan.yaml")))
    written = panel.board_pack()
    out = tmp_path / "home" / "exports" / "plan"
    assert {p.name for p in written} == {"test-plan-brief.html", "test-plan-deck.pptx"}
    for path in written:
        assert path.parent == out
        link = re.search(
            rf'download="{re.escape(path.name)}" href="data:[^;]+;base64,([^"]+)"',
            panel.brief_links.value,
        )
        assert link and base64.b64decode(link.group(1)) == path.read_bytes()
    assert "No PDF" in panel.status.value and "chromium" in panel.brief_links.value.lower()
    assert "Board pack" in panel.brief_button.description and not panel.brief_button.disabled


def test_export_panel_says_why_when_the_folder_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workspace that cannot be written gives a readable message in the panel, not a crash."""
    from mocmo.ui.core import PlanSession
    from mocmo.ui.export import ExportPanel

    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("MOCMO_HOME", str(blocker / "home"))
    panel = ExportPanel(PlanSession(save_plan(minimal_plan(), tmp_path / "plan.yaml")))
    assert panel.export() == []
    assert "Not exported" in panel.status.value and "cannot write" in panel.status.value
    assert not panel.button.disabled


def test_at_most_twelve_workflow_swimlanes_chosen_by_tax_saved() -> None:
    """With 14 roles that have a workflow, the 12 whose Hand-Off Tax falls most get a
    swimlane, and the charts page says so.

    Hand calculation (tests/plans.py defaults): the legacy workflow Writer → Editor → Writer has
    two hand-offs at the plan's 3-day wait = 6 days of tax; the default new workflow (one GTM
    Marketer step) has none: 6 days saved. Roles 13 and 14 get a new workflow GTM Marketer →
    Custodian: one hand-off, 3 days of tax, so only 3 days saved — they are left out.
    """
    from plans import legacy_role, step, workflow

    from mocmo.charts.catalog import page_note, workflow_roles

    slower = workflow(new=(step("Draft", "GTM Marketer", 1), step("Check", "Custodian", 1)))
    roles = [legacy_role(f"Role {i}", headcount=1) for i in range(1, 13)]
    roles += [legacy_role(f"Role {i}", headcount=1, workflow=slower) for i in (13, 14)]
    plan = minimal_plan(legacy_roles=roles)
    assert workflow_roles(plan) == [f"Role {i}" for i in range(1, 13)]
    assert "the 12 roles whose Hand-Off Tax falls most, of 14" in page_note(plan)
    assert page_note(load_example()) == ""  # 7 roles: every swimlane
