"""The Diagnostics and Agents & Governance sheets recalculated by LibreOffice: the flags,
counts, ratio, budget shares, metric improvements and management layers come out as worked
out by hand (and as ``mocmo summary --json`` prints them), and they are live formulas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from plans import legacy_role, minimal_plan

from conftest import LibreOfficeRecalc, load_values, named_value
from mocmo.excel import write_workbook
from mocmo.export import summary_json
from mocmo.plan import Plan

pytestmark = pytest.mark.libreoffice

SHEET = "Agents & Governance"
KEYS = (
    "agents_count",
    "agents_without_owner",
    "agents_acting_without_approver",
    "calendar_design_ratio",
    "maturity_stage",
)


def _agent(name: str, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": name,
        "job": "content",
        "outcome": "SEO growth",
        "mode": "drafts",
        "owner": "Alex",
        "approver": "Alex",
        "builder": "Sam",
        "operator": "Kai",
        "auditor": "Lee",
    }
    data.update(fields)
    return data


def hand_plan() -> Plan:
    """Thirty people; five agents — one fine, one unowned ('TBD'), one publishing with no
    approver, one acting on budget 'approved' by another agent, one built and audited by
    ' sam  ' and 'Sam'; calendar 60 h approving, 20 h designing; stage 2; a budget and two
    metrics."""
    return minimal_plan(
        legacy_roles=[legacy_role(headcount=30)],
        diagnostics={
            "calendar": {"approving_hours": 60, "designing_hours": 20},
            "maturity_stage": 2,
            "symptoms": {"service_centre": 3, "sequential_routing": 4},
        },
        agents=[
            _agent("Fine"),
            _agent("Unowned", owner="TBD"),
            _agent("Publisher", mode="acts", touches=["public_content"], approver=None),
            _agent("Spender", mode="acts", touches=["budget"], approver="fine"),
            _agent("Clash", builder=" sam  ", auditor="Sam", outcome=""),
        ],
        budget_shift=[
            {"line": "agencies_freelancers", "before": 400_000, "after": 150_000},
            {"line": "ai_tools_infrastructure", "before": 50_000, "after": 150_000},
            {"line": "data_pipelines_knowledge", "before": 20_000, "after": 100_000},
            {"line": "internal_platform", "before": 0, "after": 80_000},
            {"line": "other", "before": 30_000, "after": 30_000},
        ],
        operating_metrics=[
            {"workflow": "Content", "metric": "time_to_asset_days", "baseline": 10, "target": 4},
            {"workflow": "Content", "metric": "prompt_success_rate", "baseline": 0.6,
             "target": 0.9},
        ],
    )  # fmt: skip


@pytest.fixture(scope="module")
def hand_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-made plan's workbook as mocmo writes it (formulas, no cached values)."""
    return write_workbook(hand_plan(), tmp_path_factory.mktemp("hand") / "hand.xlsx")


@pytest.fixture(scope="module")
def hand_values(hand_xlsx: Path, lo_recalc_shared: LibreOfficeRecalc) -> Any:
    """The hand-made workbook recalculated by LibreOffice, read as values."""
    return load_values(lo_recalc_shared(hand_xlsx))


def _column(ws: Any, header: str) -> list[Any]:
    """The values under ``header`` (first match) down to the first empty cell."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == header:
                values = []
                r = cell.row + 1
                while ws.cell(r, cell.column).value not in (None, ""):
                    values.append(ws.cell(r, cell.column).value)
                    r += 1
                return values
    raise KeyError(header)


def test_register_flags_and_counts_by_hand(hand_values: Any) -> None:
    """Five agents; 'TBD' is no owner (1); the publisher and the agent 'approved' by another
    agent act unapproved (2); ' sam  ' and 'Sam' are one person (1 clash); one has no
    outcome."""
    assert named_value(hand_values, "agents_count") == 5
    assert named_value(hand_values, "agents_without_owner") == 1
    assert named_value(hand_values, "agents_acting_without_approver") == 2
    assert named_value(hand_values, "agents_with_role_clash") == 1
    assert named_value(hand_values, "agents_without_outcome") == 1
    ws = hand_values[SHEET]
    assert _column(ws, "No owner (1 = flag)") == [0, 1, 0, 0, 0]
    assert _column(ws, "Acts without a human approver (1 = flag)") == [0, 0, 1, 1, 0]
    assert _column(ws, "Builder, operator, auditor not kept apart (1 = flag)") == [0, 0, 0, 0, 1]


def test_diagnostics_ratio_and_stage_by_hand(hand_values: Any) -> None:
    """20 designing of 80 hours is 0.25; the stage is 2."""
    assert named_value(hand_values, "calendar_design_ratio") == pytest.approx(0.25)
    assert named_value(hand_values, "maturity_stage") == 2


def test_the_sheets_agree_with_summary_json(hand_values: Any) -> None:
    """Each of the five headline figures recalculates to what `mocmo summary --json` prints."""
    figures = json.loads(summary_json(hand_plan()))
    for key in KEYS:
        assert named_value(hand_values, key) == pytest.approx(figures[key]), key


def test_budget_totals_and_shares_by_hand(hand_values: Any) -> None:
    """Before £500K, after £510K; variable 430/500 = 86% → 180/510 = 35.3%; 50.7 points move
    to fixed."""
    assert named_value(hand_values, "budget_before_total") == pytest.approx(500_000)
    assert named_value(hand_values, "budget_after_total") == pytest.approx(510_000)
    assert named_value(hand_values, "budget_variable_share_before") == pytest.approx(0.86)
    assert named_value(hand_values, "budget_variable_share_after") == pytest.approx(180 / 510)
    assert named_value(hand_values, "budget_shift_to_fixed") == pytest.approx(0.86 - 180 / 510)


def test_metric_improvements_and_span_by_hand(hand_values: Any) -> None:
    """Time to asset 10 → 4 is 60% better; prompt success 0.6 → 0.9 is 50%; 30 people need
    3, 2, 3, 2 layers and 9, 5, 9, 3 managers at spans 5, 8, 5, 20."""
    ws = hand_values[SHEET]
    assert _column(ws, "Improvement") == pytest.approx([0.6, 0.5])
    assert _column(ws, "Management layers") == [3, 2, 3, 2]  # 30→6→2→1; 30→4→1; …; 30→2→1
    assert _column(ws, "Managers") == [9, 5, 9, 3]


def test_no_error_cells_in_the_new_sheets(hand_values: Any) -> None:
    """Nothing in Diagnostics or Agents & Governance recalculates to an error."""
    for title in ("Diagnostics", SHEET):
        bad = [
            (c.coordinate, c.value)
            for row in hand_values[title].iter_rows()
            for c in row
            if isinstance(c.value, str) and (c.value.startswith("#") or c.value.startswith("Err:"))
        ]
        assert bad == [], f"{title}: {bad}"


def test_naming_an_approver_in_the_workbook_clears_the_count(
    hand_xlsx: Path, lo_recalc: LibreOfficeRecalc, tmp_path: Path
) -> None:
    """The flags are live: typing a person as the publisher's approver (and a real approver
    for the spender) and recalculating drops agents acting without an approver to 0."""
    wb = openpyxl.load_workbook(hand_xlsx)
    ws = wb[SHEET]
    approver_col = next(c.column for row in ws.iter_rows() for c in row if c.value == "Approver")
    rows = {ws.cell(r, 2).value: r for r in range(1, ws.max_row + 1)}
    ws.cell(rows["Publisher"], approver_col).value = "Maya"
    ws.cell(rows["Spender"], approver_col).value = "Priya"
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    values = load_values(lo_recalc(edited))
    assert named_value(values, "agents_acting_without_approver") == 0


def test_an_empty_register_counts_zero(lo_recalc: LibreOfficeRecalc, tmp_path: Path) -> None:
    """A plan with no agents, no budget and no diagnostics: counts 0, ratio, stage and shares
    empty, and no error cells."""
    path = write_workbook(minimal_plan(), tmp_path / "empty.xlsx")
    values = load_values(lo_recalc(path))
    assert named_value(values, "agents_count") == 0
    assert named_value(values, "agents_acting_without_approver") == 0
    assert named_value(values, "calendar_design_ratio") in (None, "")
    assert named_value(values, "maturity_stage") in (None, "")
    assert named_value(values, "budget_variable_share_before") in (None, "")
    bad = [
        c.value
        for row in values[SHEET].iter_rows()
        for c in row
        if isinstance(c.value, str) and (c.value.startswith("#") or c.value.startswith("Err:"))
    ]
    assert bad == []
