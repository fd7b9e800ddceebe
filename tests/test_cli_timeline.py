"""``mocmo timeline PLAN [--json | --csv]``: the month-by-month table for finance, as text, JSON
or CSV, with every column the timeline has and the workbook's labels."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from plans import costed_plan

import mocmo.cli as cli
import mocmo.present.migration as present_migration
from mocmo import migration
from mocmo.plan import save_plan

# costed_plan (tests/plans.py), zero on-costs and AI prices: Content's 4 people at £48,000 leave
# their old shape in month 3; the Head of GTM starts in month 2 at £60,000 with a 20% fee.
BASELINE = 4 * 48_000 / 12  # £16,000 a month of staying legacy
HEAD_FEE = 0.20 * 60_000  # £12,000, in the Head of GTM's start month (2)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    """The hand-calculation plan over 4 months, saved as a plan file."""
    return save_plan(costed_plan(horizon=4), tmp_path / "costed.yaml")


def test_json_gives_every_column_with_its_label_and_every_month(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--json: the columns (key, label, unit) in the timeline's order and one object a month;
    the hand figures: baseline 4 × £48,000 ÷ 12 = £16,000 a month, the £12,000 fee in month 2,
    4 legacy people paid in month 1, 3 in month 2 (one moved to GTM Marketer A), none from
    month 3; the people flows and one-offs by kind are columns; the cumulative difference is the
    running sum of the monthly difference."""
    code, out, _ = _run(capsys, "timeline", str(plan_file), "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["plan"] == "Test plan" and doc["currency"] == "GBP"
    assert [c["key"] for c in doc["columns"]] == list(migration.MONTHLY_COLUMNS)
    labels = {c["key"]: (c["label"], c["unit"]) for c in doc["columns"]}
    assert labels["cumulative_difference"] == ("Cumulative difference", "money to date")
    assert labels["recruitment_fees"] == ("Recruitment fees, one-off", "money")
    months = doc["months"]
    assert [m["month"] for m in months] == [1, 2, 3, 4]
    assert [m["date"] for m in months] == ["2027-01-01", "2027-02-01", "2027-03-01", "2027-04-01"]
    assert [m["legacy_baseline_cost"] for m in months] == [BASELINE] * 4
    assert [m["recruitment_fees"] for m in months] == [0.0, HEAD_FEE, 0.0, 0.0]
    assert [m["legacy_headcount"] for m in months] == [4.0, 3.0, 0.0, 0.0]
    # month 2: one mover, one hire; month 3: the custodian moves and 2 leave
    assert [m["people_moved"] for m in months] == [0.0, 1.0, 1.0, 0.0]
    assert [m["people_hired"] for m in months] == [0.0, 1.0, 0.0, 0.0]
    assert [m["people_left"] for m in months] == [0.0, 0.0, 2.0, 0.0]
    assert labels["exit_cost"] == ("Exit costs, one-off", "money")
    for m in months:
        parts = ("recruitment_fees", "exit_cost", "retraining_cost", "ramp_cost", "overlap_cost")
        assert m["one_off_cost"] == pytest.approx(sum(m[k] for k in parts))
    running = 0.0
    for m in months:
        running += m["difference"]
        assert m["cumulative_difference"] == pytest.approx(running)


def test_csv_is_one_row_a_month_under_labelled_headers(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--csv: a header of labels with units, then one row a month, money to the penny."""
    code, out, _ = _run(capsys, "timeline", str(plan_file), "--csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    header, body = rows[0], rows[1:]
    assert len(header) == len(migration.MONTHLY_COLUMNS)
    assert header[0] == "Month"
    assert "Recruitment fees, one-off (GBP/month)" in header
    assert "Cumulative difference (GBP)" in header
    assert len(body) == 4
    fees = header.index("Recruitment fees, one-off (GBP/month)")
    baseline = header.index("Legacy baseline (staying as today) (GBP/month)")
    assert [r[fees] for r in body] == ["0.00", "12000.00", "0.00", "0.00"]
    assert {r[baseline] for r in body} == {"16000.00"}


def test_text_lays_the_months_out_as_columns(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a flag: a line per quantity, a column per month (Jan 2027 … Apr 2027), the
    baseline 16,000 each month and the phases in flight listed after the table."""
    code, out, _ = _run(capsys, "timeline", str(plan_file))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Test plan — monthly timeline (4 months)"
    calendar = next(line for line in lines if line.startswith("Calendar month"))
    assert calendar.split()[2:] == ["Jan", "2027", "Feb", "2027", "Mar", "2027", "Apr", "2027"]
    baseline = next(line for line in lines if line.startswith("Legacy baseline"))
    assert baseline.split()[-4:] == ["16,000"] * 4
    fees = next(line for line in lines if line.startswith("Recruitment fees"))
    assert fees.split()[-4:] == ["0", "12,000", "0", "0"]
    assert "Phases in flight:" in lines


def test_a_column_the_timeline_gains_is_printed_too(
    plan_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new column (here ``severance_cost``) is printed with a label made from its key and, by
    its name, counted as money."""
    real = migration.monthly

    def with_exits(plan: object) -> pd.DataFrame:
        frame = real(plan)  # type: ignore[arg-type]
        return frame.assign(severance_cost=[0.0, 0.0, 7_500.0, 0.0])

    monkeypatch.setattr(present_migration, "monthly", with_exits)
    code, out, _ = _run(capsys, "timeline", str(plan_file), "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["columns"][-1] == {
        "key": "severance_cost", "label": "Severance cost", "unit": "money"
    }  # fmt: skip
    assert [m["severance_cost"] for m in doc["months"]] == [0.0, 0.0, 7_500.0, 0.0]


def test_json_and_csv_together_or_a_missing_plan_is_exit_2(
    tmp_path: Path, plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--json with --csv is a usage error; a plan that is not there is exit 2 with one line."""
    code, _, err = _run(capsys, "timeline", str(plan_file), "--json", "--csv")
    assert code == 2 and "not allowed with" in err
    code, _, err = _run(capsys, "timeline", str(tmp_path / "nope.yaml"))
    assert code == 2 and "nope.yaml" in err
