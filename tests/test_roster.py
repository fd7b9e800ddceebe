"""`mocmo import-roster`: a roster of today's people (CSV or .xlsx) costed on actual pay, each
bad row refused with its row and column, nothing written unless every row is valid."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from plans import band, legacy_role, minimal_plan

from mocmo import cli
from mocmo.costing import (
    legacy_org_base_salary,
    legacy_org_loaded_cost,
    legacy_org_table,
    legacy_role_loaded_cost,
    legacy_role_payroll,
    legacy_role_salary,
    loaded_cost,
)
from mocmo.plan import Plan, PlanError, load_plan, plan_from_yaml, save_plan, with_value

HEADER = [
    "Employee ID", "Full Name", "Job Title", "Department", "Base Salary", "FTE", "Start Date",
    "Date of Birth", "Age",
]  # fmt: skip

# Twelve people in three teams. Salaries are unusual numbers so that the privacy test can look
# for each of them in every cell without meeting a band limit by chance.
PEOPLE: list[list[str]] = [
    ["C01", "Wren Aldous", "Content Lead", "content", "41300", "1", "", "", ""],
    ["C02", "Ivo Brannock", "Writer", "Content", "46700", "", "", "", ""],
    ["C03", "Pia Corrigan", "Editor", "CONTENT", "50900", "0.5", "", "", ""],
    ["C04", "Rufus Delacey", "SEO Writer", "Content", "61900", "80%", "", "", ""],
    ["C05", "Oona Eastleigh", "Proofreader", "Content", "20300", "0.2", "", "", ""],
    ["B01", "Kai Farrant", "Brand Lead", "Brand", "91300", "1", "2017-01-01", "1980-06-15", ""],
    ["B02", "Lotte Garside", "Designer", "Brand", "55700", "1", "01/03/2020", "", "35"],
    ["B03", "Nell Hawtrey", "Designer", "brand", "30900", "1", "", "1997-01-01", ""],
    ["D01", "Amos Ingleby", "Demand Lead", "Growth", "£52,300", "1", "", "", ""],
    ["D02", "Bea Jessop", "Campaigns", "Growth", "52300", "1", "", "", ""],
    ["D03", "Cy Kettering", "Paid Media", "demand  gen", "70900", "1", "", "", ""],
    ["D04", "Dot Lumley", "Lifecycle", "Growth", "48300", "1", "", "", ""],
]
MAP_TEAM = "Growth=Demand Gen"

# Hand-computed, UK 2026/27 on-costs of the test plan: NI 15% of pay above £5,000; pension 3%
# of pay between £6,240 and £50,270; benefits 5% of pay; tools £3,000 a head. Pay = salary × FTE.
# Content
#   C01 41,300 × 1   = 41,300: NI .15×36,300 = 5,445;  pension .03×35,060 = 1,051.80;
#       benefits 2,065;  + 3,000 tools → 52,861.80
#   C02 46,700 × 1   = 46,700: NI 6,255; pension .03×40,460 = 1,213.80; benefits 2,335
#       → 59,503.80
#   C03 50,900 × 0.5 = 25,450: NI .15×20,450 = 3,067.50; pension .03×19,210 = 576.30;
#       benefits 1,272.50 → 33,366.30
#   C04 61,900 × 0.8 = 49,520: NI .15×44,520 = 6,678; pension .03×43,280 = 1,298.40;
#       benefits 2,476 → 62,972.40
#   C05 20,300 × 0.2 =  4,060: below the NI threshold and the pension band: NI 0, pension 0;
#       benefits 203 → 7,263.00
#   payroll 41,300 + 46,700 + 25,450 + 49,520 + 4,060 = 167,030; FTE 3.5
#   loaded 52,861.80 + 59,503.80 + 33,366.30 + 62,972.40 + 7,263 = 215,967.30
# Brand
#   B01 91,300: NI .15×86,300 = 12,945; pension capped .03×(50,270−6,240) = 1,320.90;
#       benefits 4,565 → 113,130.90
#   B02 55,700: NI 7,605; pension 1,320.90 (capped); benefits 2,785 → 70,410.90
#   B03 30,900: NI 3,885; pension .03×24,660 = 739.80; benefits 1,545 → 40,069.80
#   payroll 177,900; loaded 223,611.60
# Demand Gen ("£52,300" and "52300" both read as 52,300)
#   D01, D02 52,300: NI 7,095; pension 1,320.90; benefits 2,615 → 66,330.90 each
#   D03 70,900: NI 9,885; pension 1,320.90; benefits 3,545 → 88,650.90
#   D04 48,300: NI 6,495; pension .03×42,060 = 1,261.80; benefits 2,415 → 61,471.80
#   payroll 223,800; loaded 2 × 66,330.90 + 88,650.90 + 61,471.80 = 282,784.50
# Legacy org: payroll 167,030 + 177,900 + 223,800 = 568,730;
#   loaded 215,967.30 + 223,611.60 + 282,784.50 = 722,363.40
LOADED = {"Content": 215_967.30, "Brand": 223_611.60, "Demand Gen": 282_784.50}
PAYROLL = {"Content": 167_030.0, "Brand": 177_900.0, "Demand Gen": 223_800.0}
HEADS = {"Content": 5, "Brand": 3, "Demand Gen": 4}
FTE = {"Content": 3.5, "Brand": 3.0, "Demand Gen": 4.0}


def three_team_plan() -> Plan:
    """The test plan with three legacy teams of 2, 4 and 4 people (the roster changes them)."""
    return minimal_plan(
        legacy_roles=(
            legacy_role("Content", 2),
            legacy_role("Brand", 4, band(30_000, 95_000)),
            legacy_role("Demand Gen", 4, band(45_000, 75_000)),
        )
    )


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    return save_plan(three_team_plan(), tmp_path / "team.yaml")


@pytest.fixture
def imported(
    tmp_path: Path, plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[Path, Plan]:
    roster = write_csv(tmp_path / "people.csv", PEOPLE)
    code, _, err = run(capsys, "import-roster", str(roster), "--into", str(plan_path),
                       "--map-team", MAP_TEAM)  # fmt: skip
    assert code == 0, err
    return plan_path, load_plan(plan_path)


# --------------------------------------------------------------------------- the figures


def test_twelve_people_cost_the_hand_computed_payroll_and_loaded_cost(
    imported: tuple[Path, Plan],
) -> None:
    """After the import each team's headcount, FTE, payroll and loaded cost are the hand
    calculation above, and the legacy org's totals are their sums."""
    _, plan = imported
    for role in plan.legacy_roles:
        assert role.headcount == HEADS[role.name]
        assert role.fte == pytest.approx(FTE[role.name])
        assert legacy_role_payroll(plan, role) == pytest.approx(PAYROLL[role.name], abs=0.005)
        assert legacy_role_loaded_cost(plan, role) == pytest.approx(LOADED[role.name], abs=0.005)
    assert legacy_org_base_salary(plan) == pytest.approx(568_730.0, abs=0.005)
    assert legacy_org_loaded_cost(plan) == pytest.approx(722_363.40, abs=0.005)
    table = legacy_org_table(plan).set_index("role")
    assert table.loc["Brand", "loaded_cost"] == pytest.approx(223_611.60, abs=0.005)
    # Content's mean actual pay (for exit costs): 167,030 / 5 = 33,406
    assert legacy_role_salary(plan, plan.legacy_roles[0]) == pytest.approx(33_406.0)


def test_on_costs_are_per_person_not_on_the_team_average(imported: tuple[Path, Plan]) -> None:
    """Brand costs each person's pension on their own pay: £581.10 less than pricing three
    people at the team's average salary, because the pension band stops at £50,270 per person.

    Average 177,900 / 3 = 59,300: NI .15×54,300 = 8,145; pension capped 1,320.90; benefits
    2,965; tools 3,000 → 74,730.90 × 3 = 224,192.70. Actual (above) 223,611.60. The difference
    is all pension: 3 × 1,320.90 = 3,962.70 on the average vs 1,320.90 + 1,320.90 + 739.80 =
    3,381.60 on each person's pay (NI is the same: every Brand salary is above the threshold).
    """
    _, plan = imported
    brand = plan.legacy_roles[1]
    on_average = 3 * float(loaded_cost(59_300.0, plan.assumptions.on_costs))
    assert on_average == pytest.approx(224_192.70, abs=0.005)
    assert legacy_role_loaded_cost(plan, brand) == pytest.approx(223_611.60, abs=0.005)
    assert on_average - legacy_role_loaded_cost(plan, brand) == pytest.approx(581.10, abs=0.005)


def test_average_service_and_age_are_taken_at_the_plans_start(
    imported: tuple[Path, Plan],
) -> None:
    """Brand at the plan's start (2027-01-01): service B01 from 2017-01-01 = 10 full years (the
    anniversary counts), B02 from 1 March 2020 = 6 (the 7th not reached), B03 unknown → mean
    (10 + 6) / 2 = 8; age B01 born 1980-06-15 = 46, B02's age column 35, B03 born 1997-01-01 =
    30 → mean 111 / 3 = 37. Content gives neither: its averages stay empty."""
    _, plan = imported
    content, brand, _ = plan.legacy_roles
    assert (brand.average_service_years, brand.average_age) == (8.0, 37.0)
    assert (content.average_service_years, content.average_age) == (None, None)


# --------------------------------------------------------------------------- files


def test_the_plan_names_the_roster_file_and_holds_no_person(
    imported: tuple[Path, Plan],
) -> None:
    """The people go to team.roster.yaml beside the plan; the plan file names it and holds no
    identifier, name or salary of anyone."""
    path, plan = imported
    assert plan.roster == "team.roster.yaml"
    roster_text = (path.parent / "team.roster.yaml").read_text(encoding="utf-8")
    assert "Wren Aldous" in roster_text and "PRIVATE" in roster_text
    text = path.read_text(encoding="utf-8")
    assert "roster: team.roster.yaml" in text
    for person in PEOPLE:
        for secret in (person[0], person[1], person[4].replace("£", "").replace(",", "")):
            assert secret not in text, secret


def test_save_and_load_keep_the_roster_reference_and_its_costs(
    imported: tuple[Path, Plan], tmp_path: Path
) -> None:
    """An edit (new plan) and a save keep the roster: loaded again, the legacy cost is still
    the roster's 722,363.40, and the saved text still carries no person."""
    path, plan = imported
    edited = with_value(plan, "meta.description", "after the import")
    assert edited.roster_people == plan.roster_people
    save_plan(edited, path)
    again = load_plan(path)
    assert again.roster == "team.roster.yaml"
    assert again.roster_people == plan.roster_people
    assert legacy_org_loaded_cost(again) == pytest.approx(722_363.40, abs=0.005)
    assert "Wren Aldous" not in path.read_text(encoding="utf-8")


def test_a_plan_naming_a_missing_roster_file_is_refused(imported: tuple[Path, Plan]) -> None:
    """Without its roster file the plan is refused naming the roster field (not costed at band
    points in silence); its text alone, without the folder, is refused the same way."""
    path, _ = imported
    text = path.read_text(encoding="utf-8")
    (path.parent / "team.roster.yaml").unlink()
    with pytest.raises(PlanError) as err:
        load_plan(path)
    assert err.value.problems[0].path == "roster"
    assert "not in the plan's folder" in err.value.problems[0].message
    with pytest.raises(PlanError, match="people are not loaded"):
        plan_from_yaml(text)


def test_people_written_into_the_plan_file_are_refused(tmp_path: Path) -> None:
    """A plan file with a roster_people section is refused: people never live in the plan."""
    text = "meta:\n  name: x\nroster_people:\n  people: []\n"
    with pytest.raises(PlanError) as err:
        plan_from_yaml(text)
    assert err.value.problems[0].path == "roster_people"


def test_an_edit_of_a_team_headcount_is_refused_while_the_roster_sets_it(
    imported: tuple[Path, Plan],
) -> None:
    """With a roster, a team's headcount is its people: editing it names the field and the
    roster's count."""
    _, plan = imported
    with pytest.raises(PlanError, match=r"legacy_roles\[0\]\.headcount: got 6, the roster has 5"):
        with_value(plan, "legacy_roles[0].headcount", 6)


def test_dry_run_prints_the_change_and_writes_nothing(
    tmp_path: Path, plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--dry-run prints each team's heads and payroll before → after (Content 2 → 5 heads,
    payroll at the band mid 2 × 50,000 = £100K → £167K) and writes no file."""
    roster = write_csv(tmp_path / "people.csv", PEOPLE)
    before = plan_path.read_bytes()
    files = sorted(p.name for p in tmp_path.iterdir())
    code, out, _ = run(capsys, "import-roster", str(roster), "--into", str(plan_path),
                       "--map-team", MAP_TEAM, "--dry-run")  # fmt: skip
    assert code == 0
    assert "Dry run: nothing was written." in out
    content = next(line for line in out.splitlines() if line.strip().startswith("Content"))
    assert "2 → 5" in content and "£100K → £167K" in content
    assert plan_path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files
    for person in PEOPLE:
        assert person[1] not in out  # teams and totals only


def test_out_writes_a_new_plan_and_its_roster_leaving_the_plan_alone(
    tmp_path: Path, plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--out NEW writes NEW and NEW's roster file (new.roster.yaml); PLAN is unchanged."""
    roster = write_csv(tmp_path / "people.csv", PEOPLE)
    before = plan_path.read_bytes()
    new = tmp_path / "new.yaml"
    code, _, err = run(capsys, "import-roster", str(roster), "--into", str(plan_path),
                       "--out", str(new), "--map-team", MAP_TEAM)  # fmt: skip
    assert code == 0, err
    assert plan_path.read_bytes() == before
    assert load_plan(new).roster == "new.roster.yaml"
    assert (tmp_path / "new.roster.yaml").is_file()


def test_an_xlsx_sheet_with_numbers_and_dates_imports_the_same(
    tmp_path: Path, plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A workbook's second sheet (--sheet People), with number and date cells and a column
    headed 'Pay' mapped with --map Pay=salary, gives the same legacy cost, 722,363.40."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Notes"
    book.active.append(["not the roster"])
    sheet = book.create_sheet("People")
    sheet.append(["Employee ID", "Department", "Pay", "FTE", "Start Date", "Age"])
    for p in PEOPLE:
        salary = float(p[4].replace("£", "").replace(",", ""))
        fte = float(p[5].rstrip("%")) / 100 if p[5].endswith("%") else float(p[5] or 1)
        start = dt.datetime(2017, 1, 1) if p[0] == "B01" else None
        sheet.append([p[0], p[3], salary, fte, start, None])
    path = tmp_path / "people.xlsx"
    book.save(path)
    options = ["--map-team", MAP_TEAM, "--sheet", "People", "--map", "Pay=salary"]
    code, _, err = run(capsys, "import-roster", str(path), "--into", str(plan_path), *options)
    assert code == 0, err
    plan = load_plan(plan_path)
    assert legacy_org_loaded_cost(plan) == pytest.approx(722_363.40, abs=0.005)
    assert plan.legacy_roles[1].average_service_years == 10.0  # B01 only: 2017-01-01 → 10


def test_skip_invalid_imports_the_valid_rows_and_lists_the_skipped(
    tmp_path: Path, plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--skip-invalid with a 13th row whose salary is '52k?' imports the 12 valid people
    (722,363.40) and lists row 14 (the header is row 1) with its column and reason."""
    bad = ["X01", "Max Nobody", "Writer", "Content", "52k?", "1", "", "", ""]
    roster = write_csv(tmp_path / "people.csv", [*PEOPLE, bad])
    code, out, err = run(capsys, "import-roster", str(roster), "--into", str(plan_path),
                         "--map-team", MAP_TEAM, "--skip-invalid")  # fmt: skip
    assert code == 0, err
    assert "Skipped 1 invalid row(s)" in out
    assert "row 14, column 'Base Salary': got '52k?', not an amount" in out
    assert legacy_org_loaded_cost(load_plan(plan_path)) == pytest.approx(722_363.40, abs=0.005)


# --------------------------------------------------------------------------- bad rows


def _with(row: int, column: str, value: str) -> list[list[str]]:
    rows = [list(p) for p in PEOPLE]
    rows[row][HEADER.index(column)] = value
    return rows


_BAD_ROWS: dict[str, tuple[list[list[str]], list[str], str]] = {
    # name: (rows, extra options, message expected on stderr); row 3 is PEOPLE[1]
    "missing salary": (
        _with(1, "Base Salary", ""),
        [],
        "row 3, column 'Base Salary': missing; every person needs their annual base salary",
    ),
    "salary not a number": (
        _with(1, "Base Salary", "fifty thousand"),
        [],
        "row 3, column 'Base Salary': got 'fifty thousand', not an amount",
    ),
    "salary 52k?": (
        _with(1, "Base Salary", "52k?"),
        [],
        "row 3, column 'Base Salary': got '52k?', not an amount: write the annual salary as a "
        "number, e.g. 52000 or £52,000",
    ),
    "salary 0": (
        _with(1, "Base Salary", "0"),
        [],
        "row 3, column 'Base Salary': got 0.00, the annual salary must be above 0",
    ),
    "salary negative": (
        _with(1, "Base Salary", "-41300"),
        [],
        "row 3, column 'Base Salary': got -41,300.00, the annual salary must be above 0",
    ),
    "salary in dollars": (
        _with(1, "Base Salary", "$41,300"),
        [],
        "row 3, column 'Base Salary': got '$41,300': an amount in another currency",
    ),
    "FTE above 1": (
        _with(1, "FTE", "1.2"),
        [],
        "row 3, column 'FTE': got 1.2, FTE must be above 0 and at most 1",
    ),
    "FTE 0": (_with(1, "FTE", "0"), [], "row 3, column 'FTE': got 0, FTE must be above 0"),
    "duplicate identifier": (
        _with(1, "Employee ID", "c01"),
        [],
        "row 3, column 'Employee ID': duplicate identifier 'c01', also on row 2",
    ),
    "missing identifier": (
        _with(1, "Employee ID", ""),
        [],
        "row 3, column 'Employee ID': missing; every person needs an identifier",
    ),
    "unknown team": (
        PEOPLE,
        [],
        "row 10, column 'Department': team 'Growth' (column 'Department', rows 10, 11, 13) "
        "matches no legacy role of the plan (Content, Brand, Demand Gen); map it with "
        '--map-team "Growth=Content"',
    ),
    "bad date": (
        _with(5, "Start Date", "last spring"),
        [],
        "row 7, column 'Start Date': got 'last spring', not a date",
    ),
    "too young": (
        _with(5, "Date of Birth", "2015-01-01"),
        [],
        "row 7, column 'Date of Birth': gives an age of 12 at the plan's start (2027-01)",
    ),
    "a team with nobody": (
        [p for p in PEOPLE if p[3].casefold() != "brand"],
        [],
        "legacy team 'Brand' (4 in the plan) has nobody in the roster",
    ),
    "map-team to no role": (
        PEOPLE,
        ["--map-team", "Growth=Growth"],
        "--map-team Growth=Growth: 'Growth' is no legacy role of the plan",
    ),
}


@pytest.mark.parametrize("case", list(_BAD_ROWS))
def test_each_bad_row_is_refused_with_its_row_and_column_and_nothing_changes(
    case: str, tmp_path: Path, plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each bad roster gives its message (row and column where there is one), exit 2, the plan
    file byte for byte as it was and no roster file."""
    rows, extra, message = _BAD_ROWS[case]
    options = extra or ["--map-team", MAP_TEAM]
    if case == "unknown team":
        options = []
    roster = write_csv(tmp_path / "people.csv", rows)
    before = plan_path.read_bytes()
    code, out, err = run(capsys, "import-roster", str(roster), "--into", str(plan_path), *options)
    assert code == 2
    assert message in err
    assert "nothing was written" in err
    assert plan_path.read_bytes() == before
    assert not (tmp_path / "team.roster.yaml").exists()
    assert out == ""


def _file_cases(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    good = "\n".join(",".join(r) for r in [HEADER, *PEOPLE]).replace("£52,300", "52300")
    cp1252 = tmp_path / "windows.csv"
    cp1252.write_bytes("Employee ID,Department,Base Salary\nC01,Content,£41300\n".encode("cp1252"))
    utf16 = tmp_path / "unicode.csv"
    utf16.write_bytes(good.encode("utf-16"))
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    header_only = tmp_path / "header.csv"
    header_only.write_text(",".join(HEADER) + "\n", encoding="utf-8")
    pdf = tmp_path / "people.pdf"
    pdf.write_bytes(b"%PDF-1.4 not a roster")
    fake_xlsx = tmp_path / "people.xlsx"
    fake_xlsx.write_text(good, encoding="utf-8")
    no_salary = tmp_path / "no_salary.csv"
    no_salary.write_text("Employee ID,Department\nC01,Content\n", encoding="utf-8")
    return {
        "CSV in Windows-1252": (
            cp1252,
            "the file is not UTF-8: byte 0xA3 on line 2 is not UTF-8 text; it looks like "
            "Windows-1252",
        ),
        "CSV in UTF-16": (utf16, "the file is UTF-16 text"),
        "empty file": (empty, "the file is empty"),
        "header only": (header_only, "no people: the file has a header row but no rows"),
        "not CSV or xlsx": (pdf, "not a CSV or .xlsx file ('.pdf')"),
        "xlsx that is not a workbook": (fake_xlsx, "not an .xlsx workbook"),
        "no salary column": (no_salary, "no column for the salary"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "CSV in Windows-1252",
        "CSV in UTF-16",
        "empty file",
        "header only",
        "not CSV or xlsx",
        "xlsx that is not a workbook",
        "no salary column",
    ],
)
def test_each_unreadable_file_is_refused_and_nothing_changes(
    case: str, tmp_path: Path, plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unreadable roster (encoding, empty, format, columns) says why, exits 2 and leaves
    the plan file byte for byte as it was."""
    path, message = _file_cases(tmp_path)[case]
    before = plan_path.read_bytes()
    code, _, err = run(capsys, "import-roster", str(path), "--into", str(plan_path))
    assert code == 2
    assert message in err
    assert plan_path.read_bytes() == before
    assert not (tmp_path / "team.roster.yaml").exists()


# --------------------------------------------------------------------------- privacy


def _secrets() -> list[tuple[str, float | None]]:
    """Every person's identifier and name (text) and salary and pay (numbers)."""
    found: list[tuple[str, float | None]] = []
    for p in PEOPLE:
        salary = float(p[4].replace("£", "").replace(",", ""))
        fte = float(p[5].rstrip("%")) / 100 if p[5].endswith("%") else float(p[5] or 1)
        found += [(p[0], None), (p[1], None), (f"{salary:,.0f}", salary)]
        found.append((f"{salary * fte:,.0f}", salary * fte))
    return found


def _leaks(value: Any, secrets: list[tuple[str, float | None]]) -> list[str]:
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int | float):
        return [t for t, n in secrets if n is not None and abs(value - n) < 0.5]
    text = str(value)
    plain = text.replace(",", "")
    return [
        t
        for t, n in secrets
        if (n is None and t in text) or (n is not None and f"{n:.0f}" in plain)
    ]


def test_the_workbook_summary_and_charts_show_no_person(
    imported: tuple[Path, Plan], tmp_path: Path
) -> None:
    """Every cell of the exported workbook, the summary JSON and every chart's spec hold no
    person's identifier, name, salary or pay (C05's pay of £4,060 is looked for too)."""
    from openpyxl import load_workbook

    from mocmo.charts.catalog import all_charts
    from mocmo.excel import write_workbook
    from mocmo.export import summary_json

    _, plan = imported
    secrets = _secrets()
    book = load_workbook(write_workbook(plan, tmp_path / "book.xlsx"))
    found = []
    cells = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                cells += 1
                found += [
                    f"{sheet.title}!{cell.coordinate}: {s}" for s in _leaks(cell.value, secrets)
                ]
    assert cells > 1000  # the whole workbook was searched
    assert found == []
    assert _leaks(summary_json(plan), secrets) == []
    for name, chart in all_charts(plan).items():
        assert _leaks(chart.to_json(), secrets) == [], name


def _deck_texts(path: Path) -> list[str]:
    """Every text of a deck: shapes, table cells, speaker notes, chart categories and values."""
    from pptx import Presentation

    texts: list[str] = []
    for slide in Presentation(str(path)).slides:
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
            if shape.has_chart:
                for plot in shape.chart.plots:
                    texts += [str(c) for c in plot.categories]
                    texts += [str(v) for series in plot.series for v in series.values]
    return texts


def _with_pictures_decoded(page: str) -> str:
    """The page with each embedded SVG picture decoded into its text (searched with the rest)
    and any other embedded file (base64 bytes, whose letters mean nothing) left out."""
    import base64
    import re

    def decoded(match: re.Match[str]) -> str:
        if match.group(1) == "svg+xml":
            return base64.b64decode(match.group(2)).decode("utf-8")
        return ""

    return re.sub(r"data:image/([\w+.-]+);base64,([A-Za-z0-9+/=]+)", decoded, page)


def test_the_board_pack_shows_no_person(imported: tuple[Path, Plan], tmp_path: Path) -> None:
    """The board pack of the imported plan (mocmo brief: the page's HTML, which the PDF
    prints, and the deck: every text, table cell, speaker note and chart value) holds no
    person's identifier, name, salary or pay."""
    from mocmo.brief import write_brief

    path, plan = imported
    result = write_brief(plan, tmp_path / "brief", ("html", "pptx"), source=path.name)
    page = next(p for p in result.written if p.suffix == ".html")
    deck = next(p for p in result.written if p.suffix == ".pptx")
    secrets = _secrets()
    text = _with_pictures_decoded(page.read_text(encoding="utf-8"))
    assert "<svg" in text and "Demand Gen" in text  # the pictures were searched too
    assert _leaks(text, secrets) == []
    texts = _deck_texts(deck)
    assert len(texts) > 50
    assert [t for t in texts if _leaks(t, secrets)] == []


# --------------------------------------------------------------------------- the sample


def test_the_sample_roster_imports_into_the_example_within_each_band(tmp_path: Path) -> None:
    """data/examples/brightwave.roster.csv: 30 people in the example's 7 legacy teams, each
    salary inside their team's band, imports without a mapping and without a problem; the
    example itself does not name it (its headline figures stay band-based)."""
    from mocmo.defaults import example_path
    from mocmo.roster import import_roster

    plan = load_plan(example_path())
    assert plan.roster is None
    sample = example_path().parent / "brightwave.roster.csv"
    result = import_roster(plan, sample, tmp_path / "bw.yaml")
    people = result.roster.people
    assert len(people) == 30
    assert {p.team for p in people} == {r.name for r in plan.legacy_roles}
    bands = {r.name: r.band for r in plan.legacy_roles}
    outside = [p.id for p in people if not bands[p.team].low <= p.salary <= bands[p.team].high]
    assert outside == []
    assert result.skipped == ()
    assert [r.headcount for r in result.plan.legacy_roles] == [
        r.headcount for r in plan.legacy_roles
    ]


def test_summary_and_diff_say_the_roster_as_counts_only(
    imported: tuple[Path, Plan], capsys: pytest.CaptureFixture[str]
) -> None:
    """`mocmo summary` says the legacy pay is the roster's (12 people in team.roster.yaml) and
    `mocmo diff` from the plan before the import says 'Roster people: 0 → 12' — neither shows
    a person's identifier, name or salary."""
    from mocmo.diff import plan_differences

    path, plan = imported
    code, out, _ = run(capsys, "summary", str(path))
    assert code == 0
    assert "Legacy pay is the roster's actual pay (12 people in team.roster.yaml" in out
    words = "\n".join(str(d) for d in plan_differences(three_team_plan(), plan))
    assert "Roster people: 0 → 12" in words
    secrets = _secrets()
    assert _leaks(out, secrets) == []
    assert _leaks(words, secrets) == []
