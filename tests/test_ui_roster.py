"""'Import your team' on the Reshape step, without a browser: set the FileUpload's value to a
roster's bytes, map a team, confirm — the plan equals `mocmo import-roster` of the same file; a
bad file shows the command's message in plain words and changes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from pathlib import Path

import pytest
from test_roster import _BAD_ROWS, HEADER, LOADED, MAP_TEAM, PEOPLE, three_team_plan

from mocmo import cli
from mocmo.costing import legacy_org_loaded_cost, legacy_role_loaded_cost
from mocmo.plan import load_plan, save_plan
from mocmo.ui.core import PlanSession
from mocmo.ui.reshape import RoleReshapePanel
from mocmo.ui.roster import TeamImport


def csv_bytes(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def upload(box: TeamImport, data: bytes, name: str = "people.csv") -> None:
    """What the browser sends when a file is chosen: one entry with its name and bytes."""
    box.upload.value = (
        {
            "name": name,
            "type": "text/csv",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
        },
    )


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    return save_plan(three_team_plan(), tmp_path / "team.yaml")


@pytest.fixture
def panel(plan_path: Path) -> RoleReshapePanel:
    return RoleReshapePanel(PlanSession(plan_path))


def test_upload_map_confirm_and_save_give_the_commands_plan(
    panel: RoleReshapePanel, plan_path: Path, tmp_path: Path
) -> None:
    """The twelve people of tests/test_roster.py: 'Growth' matches no legacy team and gets a
    dropdown (content/CONTENT, brand and 'demand  gen' match by name); until it is chosen the
    page says what to do, with no command-line option, and Confirm is off. Chosen as Demand
    Gen: the preview's total is 10 → 12 heads, Confirm makes the edit — Content 5 heads 3.5
    FTE, Brand 3, Demand Gen 4; legacy loaded cost by hand (test_roster.py's per-person sums)
    215,967.30 + 223,611.60 + 282,784.50 = 722,363.40 — the Save bar shows unsaved changes and
    nothing is on disk yet; Save writes team.roster.yaml beside the plan and the plan naming it,
    and both equal what `mocmo import-roster --map-team Growth=Demand Gen` makes of the file."""
    box = panel.team_import
    before = plan_path.read_bytes()
    data = csv_bytes(PEOPLE)
    upload(box, data)

    assert list(box.pickers) == ["Growth"]
    assert "Base Salary" in box.columns.value and "Employee ID" in box.columns.value
    assert "Full Name" in box.columns.value  # read (for the private roster file only)
    shown = html.unescape(box.problems.value)
    assert "Row 10, column 'Department': team 'Growth'" in shown
    assert "choose its legacy team in the list of teams above" in shown
    assert "--map" not in shown
    assert box.confirm.disabled

    box.pick("Growth", "Demand Gen")
    assert not box.confirm.disabled
    assert box.problems.layout.display == "none"
    assert "10 → 12" in box.changes.value  # heads 2 + 4 + 4 → 5 + 3 + 4
    assert panel.session.plan == three_team_plan().model_copy()  # nothing changed yet
    assert not panel.session.dirty

    box.confirm.click()
    plan = panel.session.plan
    heads = {r.name: (r.headcount, r.fte) for r in plan.legacy_roles}
    assert heads == {"Content": (5, 3.5), "Brand": (3, 3.0), "Demand Gen": (4, 4.0)}
    for role in plan.legacy_roles:
        assert legacy_role_loaded_cost(plan, role) == pytest.approx(LOADED[role.name], abs=0.005)
    assert legacy_org_loaded_cost(plan) == pytest.approx(722_363.40, abs=0.005)
    assert panel.session.dirty
    assert "Unsaved changes" in panel.save_bar.status.value
    assert "Imported 12 people into 3 teams" in box.note.value
    assert plan_path.read_bytes() == before
    assert not (tmp_path / "team.roster.yaml").exists()

    outcome = panel.save_bar.save()
    assert outcome.status == "saved"
    assert (tmp_path / "team.roster.yaml").is_file()
    assert "Saved" in panel.save_bar.status.value
    saved = load_plan(plan_path)
    assert saved == plan

    other = tmp_path / "cli"
    other.mkdir()
    cli_plan = save_plan(three_team_plan(), other / "team.yaml")
    roster = other / "people.csv"
    roster.write_bytes(data)
    code = cli.main(["import-roster", str(roster), "--into", str(cli_plan), "--map-team", MAP_TEAM])
    assert code == 0
    by_cli = load_plan(cli_plan)
    assert by_cli.legacy_roles == saved.legacy_roles
    assert by_cli.roster == saved.roster == "team.roster.yaml"
    assert by_cli.roster_people == saved.roster_people
    assert legacy_org_loaded_cost(by_cli) == legacy_org_loaded_cost(saved)
    assert (other / "team.roster.yaml").read_text() == (tmp_path / "team.roster.yaml").read_text()


def _cases() -> list[str]:
    """The command's bad-row cases the page can meet (the others are about its options)."""
    return [name for name, (_rows, extra, _msg) in _BAD_ROWS.items() if not extra]


@pytest.mark.parametrize("case", _cases())
def test_each_bad_row_shows_the_commands_message_and_changes_nothing(
    case: str, panel: RoleReshapePanel, plan_path: Path, tmp_path: Path
) -> None:
    """Each bad roster of tests/test_roster.py, uploaded (with Growth mapped to Demand Gen where
    the file has it): the command's message is shown with its row and column, a capital first
    letter and no command-line option; Confirm stays off, the plan and its file are as before
    and no roster file is written."""
    rows, _extra, message = _BAD_ROWS[case]
    box = panel.team_import
    before = plan_path.read_bytes()
    upload(box, csv_bytes(rows))
    if case != "unknown team" and "Growth" in box.pickers:
        box.pick("Growth", "Demand Gen")
    shown = html.unescape(box.problems.value)
    expected = message.split("; map it with")[0]
    assert expected[:1].upper() + expected[1:] in shown
    assert "--map" not in shown
    assert box.confirm.disabled
    assert box.result is None
    box.apply()  # a Confirm that slipped through changes nothing either
    assert panel.session.plan == three_team_plan()
    assert not panel.session.dirty
    assert plan_path.read_bytes() == before
    assert not (tmp_path / "team.roster.yaml").exists()


def test_an_unreadable_file_says_why_in_plain_words(panel: RoleReshapePanel) -> None:
    """A CSV saved as Windows-1252 (£ is byte 0xA3) and a file that is neither CSV nor .xlsx
    are refused with the command's reasons; the plan is unchanged."""
    box = panel.team_import
    upload(box, "Employee ID,Department,Base Salary\nC01,Content,£41300\n".encode("cp1252"))
    shown = html.unescape(box.problems.value)
    assert "The file is not UTF-8: byte 0xA3 on line 2 is not UTF-8 text" in shown
    assert "Windows-1252" in shown
    upload(box, b"%PDF-1.4", name="people.pdf")
    assert "Not a CSV or .xlsx file ('.pdf')" in html.unescape(box.problems.value)
    assert box.confirm.disabled
    assert not panel.session.dirty


def test_a_missing_column_says_to_rename_it_in_the_file(panel: RoleReshapePanel) -> None:
    """A roster without a salary column: the command's 'or say which with --map' becomes 'or
    rename the column in the file'."""
    box = panel.team_import
    upload(box, b"Employee ID,Department\nC01,Content\n")
    shown = html.unescape(box.problems.value)
    assert "No column for the salary" in shown
    assert "or rename the column in the file" in shown
    assert "--map" not in shown


def test_save_as_gives_the_new_plan_its_own_roster_file(
    panel: RoleReshapePanel, plan_path: Path, tmp_path: Path
) -> None:
    """Imported, then saved under another name: the new plan names copy.roster.yaml, which
    holds the 12 people; the first plan's file and its (absent) roster file are untouched, so
    neither plan's headcounts disagree with its roster."""
    box = panel.team_import
    before = plan_path.read_bytes()
    upload(box, csv_bytes(PEOPLE))
    box.pick("Growth", "Demand Gen")
    box.confirm.click()
    outcome = panel.session.save_as(tmp_path / "copy.yaml")
    assert outcome.status == "saved"
    copy = load_plan(tmp_path / "copy.yaml")
    assert copy.roster == "copy.roster.yaml"
    assert copy.roster_people is not None and len(copy.roster_people.people) == 12
    assert plan_path.read_bytes() == before
    assert not (tmp_path / "team.roster.yaml").exists()
    assert not panel.session.dirty


def test_a_survey_in_the_roster_previews_and_sets_the_activity_shares(
    panel: RoleReshapePanel,
) -> None:
    """The survey of tests/test_roster_survey.py uploaded: the preview lists Content's Drafting
    20.0% → 29.4% (by hand there: .5 / 1.7) with 3 answered, and Confirm sets Content's shares
    to .7/1.7, .5/1.7, .5/1.7 — what the command sets."""
    from test_roster_survey import ANSWERS, EXPECTED, SURVEY, with_answers

    box = panel.team_import
    upload(box, csv_bytes(with_answers(ANSWERS), [*HEADER, *SURVEY]))
    box.pick("Growth", "Demand Gen")
    assert "Activity shares from the survey" in box.changes.value
    assert "20.0% → 29.4%" in box.changes.value
    box.confirm.click()
    content = panel.session.plan.legacy_roles[0]
    assert tuple(a.share for a in content.activities) == pytest.approx(EXPECTED["Content"])
