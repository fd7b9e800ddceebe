"""The one-page app's shell, without a browser: one session, lazy panels, nothing lost."""

from __future__ import annotations

import re
from pathlib import Path

import ipywidgets as w
import pytest

from mocmo.plan import load_plan
from mocmo.ui import core, shell
from mocmo.ui.export import exports_dir
from mocmo.ui.start import PlanPicker, plans_table


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty workspace (the current plan is then a working copy of the example)."""
    monkeypatch.setenv("MOCMO_HOME", str(tmp_path))
    monkeypatch.delenv("MOCMO_PLAN", raising=False)
    core._SESSIONS.clear()
    return tmp_path


def test_steps_are_in_order_and_numbered_one_to_n(workspace: Path) -> None:
    """The sidebar lists Start → Diagnose → … → Export numbered 1..9, and Next is a button."""
    app = shell.AppShell()
    labels = [b.description for b in app.nav_buttons.values()]
    assert labels == [
        "1 · Start",
        "2 · Diagnose",
        "3 · Audiences",
        "4 · Reshape",
        "5 · Costing",
        "6 · Migration",
        "7 · Agents",
        "8 · Scenarios",
        "9 · Export",
    ]
    assert isinstance(app.next_button, w.Button)
    assert app.next_button.description == "Next: 2 · Diagnose"
    app.next()
    assert app.current == "diagnose"


def test_panels_are_built_on_first_visit_and_kept(workspace: Path) -> None:
    """Only Start is built at first; a visited step's panel is the same object when shown again,
    and every panel shares the shell's one session."""
    app = shell.AppShell()
    assert set(app.panels) == {"start"}
    app.go("audiences")
    first = app.panels["audiences"]
    app.go("costing")
    app.go("audiences")
    assert app.panels["audiences"] is first
    # every built panel stays on the page (its drawn views kept); only the shown one is visible
    assert app.body.children == (app.picker, first, app.panels["costing"])
    assert [c.layout.display for c in app.body.children] == ["none", None, "none"]
    assert first.session is app.session
    assert app.panels["costing"].session is app.session


def test_a_panel_title_uses_the_sidebar_number(workspace: Path) -> None:
    """The Audiences panel's title says Step 3 (its place in the sidebar), not the notebook's 1."""
    app = shell.AppShell()
    app.go("audiences")
    header = app.panels["audiences"].children[0].value
    assert "Step 3 · Audiences" in header
    assert "Step 1 ·" not in header


def test_an_edit_in_one_step_is_kept_and_shown_in_another(workspace: Path) -> None:
    """An audience's pipeline changed in Audiences stays in the session after moving to Export
    and back to Start, whose overview shows the new total (17.5M − 4M + 2M = £15,500,000)."""
    app = shell.AppShell()
    app.go("audiences")
    panel = app.panels["audiences"]
    assert panel.edit("audiences[0].pipeline_target", 2_000_000) == []
    app.go("export")
    app.go("start")
    assert app.session.plan.audiences[0].pipeline_target == 2_000_000
    overview = app.picker.overview.value
    assert "Audience pipeline targets" in overview
    assert "£15,500,000" in overview
    assert "£17,500,000" not in overview


def test_unsaved_changes_arm_the_leave_guard_and_saving_disarms_it(workspace: Path) -> None:
    """After an edit the guard carries the dirty class (leaving asks); Save clears it."""
    app = shell.AppShell()
    assert not app.guard.armed
    app.go("audiences")
    app.panels["audiences"].edit("audiences[0].pipeline_target", 2_000_000)
    assert app.guard.armed
    assert shell.DIRTY_CLASS in app.guard._dom_classes
    app.panels["audiences"].save_bar.save_button.click()
    assert not app.guard.armed


def test_the_leave_guard_script_asks_only_while_the_dirty_class_is_on_the_page() -> None:
    """The beforeunload handler looks for the dirty class and sets returnValue."""
    script = shell.leave_guard_script().data
    assert "window.onbeforeunload" in script
    assert f".{shell.DIRTY_CLASS}" in script
    assert "returnValue" in script


def test_an_unknown_step_is_refused_by_name(workspace: Path) -> None:
    """go('finance') names the value and the steps allowed."""
    app = shell.AppShell()
    with pytest.raises(KeyError, match="step: got 'finance', must be one of start, diagnose"):
        app.go("finance")


def test_save_as_asks_a_plan_name_defaulting_to_a_copy(workspace: Path) -> None:
    """Save as a new plan fills '<name> (copy)'; the new file carries that name, the original
    file keeps its own."""
    session = core.open_session()
    original = session.path
    bar = core.SaveBar(session)
    bar.open_save_as()
    assert bar.new_plan_name.value == "Brightwave Mini CMO plan (copy)"
    bar.new_name.value = "variant.yaml"
    bar.new_plan_name.value = "Brightwave, lean variant"
    assert bar.save_as().status == "saved"
    assert load_plan(workspace / "plans" / "variant.yaml").meta.name == "Brightwave, lean variant"
    assert load_plan(original).meta.name == "Brightwave Mini CMO plan"


def test_start_lists_plans_by_name_file_and_last_saved(workspace: Path) -> None:
    """The plans table shows each plan's name, its file and a saved time (dd Mon yyyy hh:mm)."""
    session = core.open_session()
    bar = core.SaveBar(session)
    bar.new_name.value = "variant.yaml"
    bar.new_plan_name.value = "Lean variant"
    bar.save_as()
    table = plans_table(workspace / "plans")
    assert "<td>Lean variant</td><td><code>variant.yaml</code></td>" in table
    assert "<td>Brightwave Mini CMO plan</td><td><code>brightwave.yaml</code></td>" in table
    assert re.search(r"<td>\d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d</td>", table)
    assert "Lean variant" in PlanPicker().plans_list.value


def test_two_plans_with_one_name_export_to_their_own_folders(workspace: Path) -> None:
    """Exports go to a folder named after the plan file's stem; a folder of that stem that
    another plan file exported into is not reused."""
    first = core.PlanSession(core.current_plan_path())
    assert exports_dir(first) == workspace / "exports" / "brightwave"
    other_dir = workspace / "elsewhere"
    other_dir.mkdir()
    twin = other_dir / "brightwave.yaml"
    twin.write_bytes(first.path.read_bytes())  # the same plan name, another file
    (workspace / "exports" / "brightwave").mkdir(parents=True)
    (workspace / "exports" / "brightwave" / ".mocmo-plan-file").write_text(
        str(first.path.resolve()), encoding="utf-8"
    )
    second = core.PlanSession(twin)
    assert exports_dir(first) == workspace / "exports" / "brightwave"
    assert exports_dir(second) != exports_dir(first)
    assert exports_dir(second).name.startswith("brightwave-")


def test_refresh_shows_a_plan_saved_by_another_tab(workspace: Path) -> None:
    """A kernel started before its page was asked for (Voilà's pre-started kernel) shows the
    plan as it is on disk when the page is asked for: another tab's save of audience 1's
    pipeline (£2,000,000) shows, and the built panels are rebuilt from it."""
    app = shell.AppShell()
    app.go("audiences")
    other = core.PlanSession(app.session.path)  # another tab's session on the same file
    assert other.apply({"audiences[0].pipeline_target": 2_000_000}) == []
    assert other.save().ok
    assert app.session.plan.audiences[0].pipeline_target != 2_000_000
    app.refresh()
    assert app.session.plan.audiences[0].pipeline_target == 2_000_000
    assert set(app.panels) == {"start"}  # the old plan's panels are gone
    app.go("audiences")
    assert app.panels["audiences"].session is app.session


def test_refresh_keeps_this_pages_unsaved_edits(workspace: Path) -> None:
    """refresh() never drops unsaved edits of its own session for the file on disk."""
    app = shell.AppShell()
    app.go("audiences")
    assert app.panels["audiences"].edit("audiences[0].pipeline_target", 3_000_000) == []
    app.refresh()
    assert app.session.plan.audiences[0].pipeline_target == 3_000_000
    assert app.session.dirty


def test_refresh_follows_the_plan_another_tab_chose(workspace: Path) -> None:
    """Another tab chose another current plan: refresh() opens it."""
    app = shell.AppShell()
    variant = workspace / "plans" / "variant.yaml"
    variant.write_bytes(app.session.path.read_bytes())
    core.set_current_plan_path(variant)
    app.refresh()
    assert app.session.path == variant.resolve()


def test_wait_for_page_returns_at_once_outside_a_pre_started_kernel(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In JupyterLab, tests or a kernel started for the request there is nothing to wait for."""
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    assert shell.wait_for_page(shell.AppShell()) is False


# --------------------------------------------------------------------------- step numbers

_ROOT = Path(__file__).resolve().parent.parent
_STEP_REF = re.compile(r"\bstep (\d+)\b(?: · (\w+))?", re.IGNORECASE)
_LINK = re.compile(r"\[\**Step (\d+)[^\]]*\]\(([\w.]+)\.ipynb\)")
#: Each guided notebook's step in the app (the notebooks keep their file names).
_NOTEBOOK_STEP = {
    "00_start_here": "start",
    "00_diagnostics": "diagnose",
    "01_audiences": "audiences",
    "02_role_reshape": "reshape",
    "03_marops_costing": "costing",
    "04_migration_timeline": "migration",
    "06_agent_governance": "agents",
    "07_scenarios": "scenarios",
    "05_export": "export",
}


def _notebook_text(path: Path) -> str:
    import json

    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells)


def _texts() -> dict[str, str]:
    found = {str(p.relative_to(_ROOT)): _notebook_text(p) for p in _ROOT.glob("notebooks/*.ipynb")}
    for folder in ("mocmo/ui", "mocmo/present"):
        for p in (_ROOT / folder).rglob("*.py"):
            found[str(p.relative_to(_ROOT))] = p.read_text(encoding="utf-8")
    return found


def test_every_step_number_in_notebooks_and_panels_names_the_apps_step() -> None:
    """Every "Step N" in the notebooks and the panels is followed by the app's name of step N
    (1 Start, 2 Diagnose, 3 Audiences, 4 Reshape, 5 Costing, 6 Migration, 7 Agents,
    8 Scenarios, 9 Export), and every "[Step N …](notebook.ipynb)" link leads to step N's
    notebook."""
    titles = [s.title for s in shell.APP_STEPS]
    keys = [s.key for s in shell.APP_STEPS]
    wrong: list[str] = []
    for where, text in _texts().items():
        for match in _STEP_REF.finditer(text):
            number, name = int(match[1]), match[2]
            if not 1 <= number <= len(titles) or name != titles[number - 1]:
                wrong.append(f"{where}: {match[0]!r}")
        for match in _LINK.finditer(text):
            number, notebook = int(match[1]), match[2]
            if _NOTEBOOK_STEP.get(notebook) != keys[number - 1]:
                wrong.append(f"{where}: {match[0]!r} leads to {notebook}")
    assert wrong == []


def test_each_guided_notebook_is_titled_with_its_step_in_the_app() -> None:
    """Each notebook's title reads "# Step N · <name>" with its step's number and name."""
    for stem, key in _NOTEBOOK_STEP.items():
        number = shell.AppShell.number(key)
        text = _notebook_text(_ROOT / "notebooks" / f"{stem}.ipynb")
        title = f"# Step {number} · {shell.APP_STEPS[number - 1].title} — "
        assert text.startswith(title), (stem, text.splitlines()[0])
