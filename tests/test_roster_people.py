"""`mocmo export --include-people`: a People sheet, one row a person, pseudonymised (P001 …)
unless names are asked for; without the flag no export shows a person (tests/test_roster.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from test_roster import LOADED, PAYROLL, PEOPLE, _leaks, _secrets, imported, plan_path, run

from mocmo.excel import write_workbook
from mocmo.excel.people import PEOPLE_SHEET
from mocmo.plan import Plan

__all__ = ["imported", "plan_path"]  # the fixtures, shared with tests/test_roster.py


def _names_and_ids() -> list[tuple[str, float | None]]:
    return [(s, n) for s, n in _secrets() if n is None]


def _table(sheet: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """The People sheet's header and its rows (people and totals) as dicts."""
    rows = list(sheet.iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if r and r[0] == "Person")
    header = [str(c) for c in rows[at] if c is not None]
    return header, [dict(zip(header, r, strict=False)) for r in rows[at + 1 :] if any(r)]


def test_the_people_sheet_is_pseudonymised_by_default(
    imported: tuple[Path, Plan], tmp_path: Path
) -> None:
    """Twelve rows P001 … P012 in the roster's order (C01 … C05 are P001 … P005 in Content,
    B01 … B03 Brand, D01 … D04 Demand Gen), no identifier, name or title anywhere in the
    workbook; each person's pay and loaded cost add up to the team figures by hand
    (tests/test_roster.py: Content pay 167,030 and loaded 215,967.30, Brand 177,900 /
    223,611.60, Demand Gen 223,800 / 282,784.50), and each team's total is a live SUM over
    exactly its rows; the salaries appear on the People sheet only."""
    _, plan = imported
    book = load_workbook(write_workbook(plan, tmp_path / "book.xlsx", people="pseudonymised"))
    assert book.sheetnames[-1] == PEOPLE_SHEET  # last, and in the Summary's contents
    assert PEOPLE_SHEET in [r[0] for r in book["Summary"].iter_rows(values_only=True)]
    header, rows = _table(book[PEOPLE_SHEET])
    assert header == [
        "Person", "Team", "FTE", "Salary (full time)", "Pay (salary × FTE)", "Variable pay",
        "Loaded cost",
    ]  # fmt: skip
    people = [r for r in rows if str(r["Person"]).startswith("P")]
    assert [r["Person"] for r in people] == [f"P{i:03d}" for i in range(1, 13)]
    assert [r["Team"] for r in people] == ["Content"] * 5 + ["Brand"] * 3 + ["Demand Gen"] * 4
    assert [r["FTE"] for r in people[:5]] == [1, 1, 0.5, 0.8, 0.2]
    for team in ("Content", "Brand", "Demand Gen"):
        mine = [r for r in people if r["Team"] == team]
        assert sum(r["Pay (salary × FTE)"] for r in mine) == pytest.approx(PAYROLL[team])
        assert sum(r["Loaded cost"] for r in mine) == pytest.approx(LOADED[team], abs=0.01)
    totals = {r["Team"]: r for r in rows if str(r["Team"]).endswith(" total")}
    # rows: title 1, subtitle 2, header 4; Content 5–9 (total 10), Brand 11–13 (14), Demand
    # Gen 15–18 (19), everyone 20
    assert totals["Content total"]["Pay (salary × FTE)"] == "=SUM($E$5:$E$9)"
    assert totals["Brand total"]["Loaded cost"] == "=SUM($G$11:$G$13)"
    assert totals["Demand Gen total"]["FTE"] == "=SUM($C$15:$C$18)"
    everyone = next(r for r in rows if r["Team"] == "Everyone")
    assert everyone["Loaded cost"] == "=$G$10+$G$14+$G$19"

    found = []
    for sheet in book.worksheets:
        for line in sheet.iter_rows():
            for cell in line:
                found += [f"{sheet.title}!{cell.coordinate}: {s}" for s in
                          _leaks(cell.value, _names_and_ids())]  # fmt: skip
                if sheet.title != PEOPLE_SHEET:
                    found += [f"{sheet.title}!{cell.coordinate}: {s}" for s in
                              _leaks(cell.value, _secrets())]  # fmt: skip
    assert found == []
    titles = {p[2] for p in PEOPLE}
    assert not any(c.value in titles for r in book[PEOPLE_SHEET].iter_rows() for c in r)


def test_names_are_shown_only_when_asked(imported: tuple[Path, Plan], tmp_path: Path) -> None:
    """--include-people names: the identifier, name and job title beside the pseudonym."""
    _, plan = imported
    book = load_workbook(write_workbook(plan, tmp_path / "book.xlsx", people="names"))
    header, rows = _table(book[PEOPLE_SHEET])
    assert header[:4] == ["Person", "Identifier", "Name", "Job title"]
    assert (rows[0]["Person"], rows[0]["Identifier"], rows[0]["Name"]) == (
        "P001",
        "C01",
        "Wren Aldous",
    )
    assert "Today's people, by name" in str(book[PEOPLE_SHEET]["A2"].value)


def test_mocmo_export_include_people_writes_the_sheet(
    imported: tuple[Path, Plan], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`mocmo export --include-people` writes the People sheet (pseudonymised); `mocmo export`
    of the same plan has no People sheet; a wrong value is refused."""
    path, _ = imported
    code, _out, err = run(capsys, "export", str(path), "--out", str(tmp_path / "with"),
                         "--include-people", "--quiet")  # fmt: skip
    assert code == 0, err
    book = load_workbook(next((tmp_path / "with").glob("*.xlsx")))
    assert PEOPLE_SHEET in book.sheetnames
    assert book[PEOPLE_SHEET]["A5"].value == "P001"
    code, _, err = run(capsys, "export", str(path), "--out", str(tmp_path / "without"),
                       "--quiet")  # fmt: skip
    assert code == 0, err
    assert PEOPLE_SHEET not in load_workbook(next((tmp_path / "without").glob("*.xlsx"))).sheetnames
    code, _, err = run(capsys, "export", str(path), "--out", str(tmp_path / "x"),
                       "--include-people", "all")  # fmt: skip
    assert code == 2
    assert "invalid choice: 'all'" in err
