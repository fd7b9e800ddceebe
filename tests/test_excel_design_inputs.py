"""The plan's design is on the Assumptions sheet too (issue #21): each team's headcount, each
activity's share and oversight, each audience's pipeline target and the replaced roles' and
hires' counts are named inputs there, read by the step sheets through their names — so a
reviewer changes them in one place, they are validated by the plan's rule, and
``mocmo import-xlsx`` brings them back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conftest import LibreOfficeRecalc, named_value
from mocmo.defaults import load_example
from mocmo.excel import write_workbook
from mocmo.excel.importer import import_workbook
from mocmo.plan import with_value
from mocmo.summary import headline


def _cell(wb: Any, name: str) -> Any:
    (sheet, ref), *_ = wb.defined_names[name].destinations
    return wb[sheet][ref.replace("$", "")]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(load_example(), tmp_path_factory.mktemp("design") / "book.xlsx")


def test_the_design_inputs_are_named_on_assumptions_and_linked(exported: Path) -> None:
    """Every team's headcount, every activity's share and oversight, every audience's
    pipeline target, every replaced role's and hire's count is a defined name on Assumptions
    holding the plan's value; the step sheets' cells are links (formulas) to it."""
    plan = load_example()
    wb = openpyxl.load_workbook(exported)
    names = {n.lower() for n in wb.defined_names}
    expected: dict[str, float] = {}
    for name in names:
        cell = _cell(wb, name)
        if cell.parent.title == "Assumptions" and name.endswith(
            ("_headcount", "_share", "_oversight", "_pipeline_target", "_count")
        ):
            expected[name] = cell.value
    activities = sum(len(r.activities) for r in plan.legacy_roles)
    heads = [n for n in expected if n.startswith("legacy_") and n.endswith("_headcount")]
    shares = [n for n in expected if "_activity_" in n and n.endswith("_share")]
    pipelines = [
        n for n in expected if n.startswith("audience_") and n.endswith("_pipeline_target")
    ]
    assert len(heads) == len(plan.legacy_roles) and len(shares) == activities
    assert len(pipelines) == len(plan.audiences)
    assert sorted(expected[n] for n in heads) == sorted(r.headcount for r in plan.legacy_roles)
    assert sorted(expected[n] for n in pipelines) == sorted(
        a.pipeline_target for a in plan.audiences
    )
    reshape = wb["Reshape"]
    links = [c.value for row in reshape.iter_rows() for c in row if isinstance(c.value, str)]
    for name in heads + shares:
        assert f"={name}" in links or any(v.lower() == f"={name}" for v in links), name


def test_a_headcount_changed_on_assumptions_recalculates_and_imports(
    exported: Path, lo_recalc: LibreOfficeRecalc, tmp_path: Path
) -> None:
    """Content's headcount 5 → 8 typed on the Assumptions sheet: LibreOffice recalculates the
    legacy loaded cost to the model's for the plan with 8 (2 more people at Content's loaded
    cost a head), and import-xlsx brings exactly that change back into the plan."""
    plan = load_example()
    index = next(i for i, r in enumerate(plan.legacy_roles) if r.name == "Content")
    assert plan.legacy_roles[index].headcount != 8
    edited = with_value(plan, f"legacy_roles[{index}].headcount", 8)
    wb = openpyxl.load_workbook(exported)
    name = next(
        n for n in wb.defined_names if n.startswith("legacy_content") and n.endswith("_headcount")
    )
    _cell(wb, name).value = 8
    book = tmp_path / "edited.xlsx"
    wb.save(book)
    values = openpyxl.load_workbook(lo_recalc(book), data_only=True)
    model = headline(edited, simulation=False)
    for key in ("legacy_org_loaded_cost", "total_net_change", "legacy_headcount"):
        if key in model:
            assert named_value(values, key) == pytest.approx(model[key], abs=0.01), key
    result = import_workbook(plan, book)
    assert result.new_plan.legacy_roles[index].headcount == 8
    assert [c.input.path for c in result.changes] == [f"legacy_roles[{index}].headcount"]
