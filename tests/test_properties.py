"""Properties of every valid plan: whatever a user writes that validates, every step computes,
every chart builds and the workbook writes — a valid plan never ends in a traceback."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from strategies import valid_plans

from mocmo.charts.catalog import all_charts
from mocmo.excel import write_workbook
from mocmo.export import summary_json
from mocmo.plan import Plan


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(plan=valid_plans())
def test_every_valid_plan_computes_charts_and_writes_its_workbook(
    tmp_path: Path, plan: Plan
) -> None:
    """A generated valid plan gives a summary of plain numbers, every chart of the catalog and
    a workbook file (a productive share of 0 once validated and then divided by zero here)."""
    figures = json.loads(summary_json(plan))
    assert all(v is None or isinstance(v, int | float) for v in figures.values())
    charts = all_charts(plan)
    assert any(name.startswith("reshape-") for name in charts)
    path = write_workbook(plan, tmp_path / "plan.xlsx")
    assert path.read_bytes()[:2] == b"PK"
