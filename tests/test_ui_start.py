"""Start Here: the plan picker makes one plan current for every step."""

from __future__ import annotations

from pathlib import Path

import pytest

from mocmo import defaults
from mocmo.plan import load_plan
from mocmo.ui import core, start


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty workspace, with no MOCMO_PLAN override."""
    monkeypatch.setenv("MOCMO_HOME", str(tmp_path))
    monkeypatch.delenv("MOCMO_PLAN", raising=False)
    return tmp_path


def test_default_plan_is_a_working_copy_of_the_example(workspace: Path) -> None:
    """With nothing chosen, the current plan is a copy of the example in the workspace."""
    path = core.current_plan_path()
    assert path == workspace / "plans" / "brightwave.yaml"
    assert load_plan(path) == defaults.load_example()


def test_start_from_example_writes_a_new_plan_and_makes_it_current(workspace: Path) -> None:
    """Choosing 'example' with a name writes plans/<slug>.yaml and every step then opens it."""
    picker = start.PlanPicker()
    picker.mode.value = "example"
    picker.name.value = "Acme Q3 plan"
    chosen = picker.choose()
    assert chosen == workspace / "plans" / "acme-q3-plan.yaml"
    assert core.current_plan_path() == chosen
    plan = load_plan(chosen)
    assert plan.meta.name == "Acme Q3 plan"
    assert plan.audiences == defaults.load_example().audiences
    assert core.open_session().path == chosen


def test_start_blank_refuses_to_overwrite_an_existing_plan(workspace: Path) -> None:
    """A blank plan whose file name is taken is refused and the file is left as it was."""
    picker = start.PlanPicker()
    picker.mode.value = "blank"
    picker.name.value = "Team"
    first = picker.choose()
    assert first is not None
    assert len(load_plan(first).legacy_roles) == 7
    before = first.read_bytes()
    first.write_bytes(before + b"# my notes\n")
    assert picker.choose() is None
    assert "already exists" in picker.problems.value
    assert first.read_bytes() == before + b"# my notes\n"


def test_opening_an_invalid_file_shows_its_problems_and_keeps_the_current_plan(
    workspace: Path,
) -> None:
    """Opening a broken plan lists what is wrong and does not change the current plan."""
    current = core.current_plan_path()
    bad = workspace / "plans" / "bad.yaml"
    bad.write_text("meta: {name: x}\nlegacy_roles: [{name: A}]\n", encoding="utf-8")
    picker = start.PlanPicker()
    picker.mode.value = "open"
    picker.path.value = "bad.yaml"
    assert picker.choose() is None
    assert "legacy_roles[0].headcount" in picker.problems.value
    assert core.current_plan_path() == current
