"""The app's file dialogs stay in the workspace and no button fails silently (issue #15, items
1, 5 and 10) — driven through the widgets without a browser, with hostile inputs."""

from __future__ import annotations

import builtins
import html
import io
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest
from plans import example_copy

from mocmo import defaults
from mocmo.plan import load_plan
from mocmo.ui import core, start
from mocmo.ui import export as export_ui
from mocmo.ui import scenarios as scenarios_ui

SECRET = "987654"
"""A value that must never reach the page when it sits in a file that is not a plan."""


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace ``<tmp>/home`` whose plans folder holds a working copy of the example; no
    MOCMO_PLAN override."""
    home = tmp_path / "home"
    monkeypatch.setenv("MOCMO_HOME", str(home))
    monkeypatch.delenv("MOCMO_PLAN", raising=False)
    core.current_plan_path()  # makes plans/brightwave.yaml
    return home


def _texts(widget: w.Widget) -> Iterator[str]:
    """Every synced trait of ``widget`` and of the widgets inside it, as text (what the
    browser could show)."""
    seen: set[int] = set()
    todo: list[w.Widget] = [widget]
    while todo:
        item = todo.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        for key in item.keys:
            value = getattr(item, key, None)
            if isinstance(value, w.Widget):
                todo.append(value)
            elif isinstance(value, list | tuple) and any(isinstance(v, w.Widget) for v in value):
                todo.extend(v for v in value if isinstance(v, w.Widget))
            else:
                yield str(value)


def _page_text(widget: w.Widget) -> str:
    return "\n".join(_texts(widget))


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


def _shown(widget: w.Widget) -> bool:
    return widget.layout.display != "none"


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file opened from now on (resolved), through ``open`` or ``Path.read_*``."""
    seen: list[Path] = []
    real = io.open

    def spy(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | os.PathLike):
            seen.append(Path(file).resolve())
        return real(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", spy)
    monkeypatch.setattr(builtins, "open", spy)
    return seen


def _open(picker: start.PlanPicker, typed: str) -> None:
    picker.mode.value = "open"
    picker.path.value = typed
    picker.go.click()


# ---------------------------------------------------------------- 1 · Open a plan file


def test_a_plan_name_in_the_workspace_opens_without_asking(workspace: Path) -> None:
    """A bare name typed in 'Open a plan file' is a file of the workspace's plans folder and
    opens at once."""
    picker = start.PlanPicker()
    _open(picker, "brightwave.yaml")
    assert core.current_plan_path() == workspace / "plans" / "brightwave.yaml"
    assert not _shown(picker.confirm_box)
    assert "brightwave.yaml" in picker.path.options


def _outside(workspace: Path) -> Path:
    target = workspace.parent / "elsewhere" / "plan.yaml"
    target.parent.mkdir()
    shutil.copyfile(defaults.example_path(), target)
    return target


@pytest.mark.parametrize("how", ["absolute", "dot-dot", "symlink", "home"])
def test_opening_outside_the_workspace_asks_first_and_reads_nothing(
    workspace: Path,
    opened: list[Path],
    how: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An absolute path, a '..' path, a symlink leading out of the plans folder or a '~' path
    is shown resolved with a question and a second button; the file is not read until that
    button is pressed, then it becomes the current plan."""
    outside = _outside(workspace)
    before = core.current_plan_path()
    picker = start.PlanPicker()
    if how == "absolute":
        typed = str(outside)
    elif how == "dot-dot":
        typed = "../../elsewhere/plan.yaml"
    elif how == "symlink":
        (workspace / "plans" / "link.yaml").symlink_to(outside)
        typed = "link.yaml"
    else:
        monkeypatch.setenv("HOME", str(outside.parent))
        typed = "~/plan.yaml"
    opened.clear()
    _open(picker, typed)
    assert outside.resolve() not in opened
    assert core.current_plan_path() == before
    assert _shown(picker.confirm_box)
    assert (
        f"This file is outside your workspace: {outside.resolve()} — open it anyway?"
        in picker.confirm_text.value
    )
    picker.open_anyway.click()
    assert outside.resolve() in opened
    assert core.current_plan_path() == outside.resolve()
    assert not _shown(picker.confirm_box)


def test_changing_the_path_withdraws_the_question(workspace: Path, opened: list[Path]) -> None:
    """After the question about one outside file, typing another path hides it: the second
    button never opens a file the user was not asked about."""
    outside = _outside(workspace)
    other = outside.with_name("other.yaml")
    shutil.copyfile(outside, other)
    before = core.current_plan_path()
    picker = start.PlanPicker()
    _open(picker, str(outside))
    picker.path.value = str(other)
    assert not _shown(picker.confirm_box)
    opened.clear()
    picker.open_anyway.click()
    assert other.resolve() not in opened and outside.resolve() not in opened
    assert core.current_plan_path() == before


@pytest.mark.parametrize(
    "content",
    [
        f"salary: {SECRET}\n",  # YAML, but not a plan
        f"salary: [{SECRET}\n  bad: x\n",  # malformed YAML
        f"{SECRET}: a\n{SECRET}: b\n",  # a key written twice
        f"- salary: {SECRET}\n",  # a list
        f"meta:\n  name: x\n  {SECRET}: [\n",  # starts like a plan, malformed after
    ],
)
def test_a_file_that_is_not_a_plan_is_never_echoed(workspace: Path, content: str) -> None:
    """Opening a file that is not a plan says 'not a plan file: <name>' and no widget of the
    page holds any of its content."""
    (workspace / "plans" / "notes.yaml").write_text(content, encoding="utf-8")
    picker = start.PlanPicker()
    before = core.current_plan_path()
    _open(picker, "notes.yaml")
    page = _page_text(picker)
    assert "not a plan file: notes.yaml" in page
    assert SECRET not in page
    assert core.current_plan_path() == before


def test_an_outside_file_that_is_not_a_plan_is_not_echoed_after_confirming(
    workspace: Path,
) -> None:
    """A confirmed file outside the workspace that is not a plan (say a private config) is
    named, never shown."""
    secret = workspace.parent / "private.conf"
    secret.write_text(f"root_password = {SECRET}\n", encoding="utf-8")
    picker = start.PlanPicker()
    _open(picker, str(secret))
    picker.open_anyway.click()
    page = _page_text(picker)
    assert "not a plan file: private.conf" in page
    assert SECRET not in page


def test_a_folder_or_missing_file_gets_a_plain_message(workspace: Path) -> None:
    """A folder or a missing name in the plans folder is refused in plain words, no exception
    text."""
    (workspace / "plans" / "folder.yaml").mkdir()
    picker = start.PlanPicker()
    _open(picker, "folder.yaml")
    assert "not a plan file: folder.yaml" in _page_text(picker)
    _open(picker, "missing.yaml")
    assert "no plan file called missing.yaml" in _page_text(picker)
    assert "Errno" not in _page_text(picker)


# ---------------------------------------------------------------- 5 · Save under a new name


@pytest.fixture
def bar(workspace: Path) -> core.SaveBar:
    """The Save bar of a session on the workspace's working copy of the example."""
    return core.SaveBar(core.PlanSession(workspace / "plans" / "brightwave.yaml"))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../x", "A plan name can't contain '/'"),
        ("ABSOLUTE", "A plan name can't contain '/'"),
        ("a\\b", "A plan name can't contain '\\'"),
        ("a\x00b", "A plan name can't contain control characters (U+0000)"),
        ("x\n", "A plan name can't contain control characters (U+000A)"),
        ("a" * 300, "A plan name can have at most 100 characters (this one has 300)"),
        (".hidden", "A plan name can't start with '.'"),
        ("-x", "A plan name can't start with '-'"),
        ("..", "A plan name can't start with '.'"),
        ("", "Type a name for the new plan file"),
        (" x", "A plan name can't start or end with a space"),
    ],
)
def test_save_as_refuses_a_name_that_is_not_a_file_name(
    bar: core.SaveBar, workspace: Path, name: str, message: str
) -> None:
    """Save under a new name refuses path separators, control characters, names of 300
    characters, hidden and option-like names, with a plain message, and writes no file."""
    if name == "ABSOLUTE":
        name = str(workspace.parent / "x")
    before = _files(workspace.parent)
    bar.new_name.value = name
    bar.save_as_button.click()
    assert html.escape(message) in bar.problems.value
    assert _shown(bar.problems)
    assert _files(workspace.parent) == before
    assert bar.session.path == workspace / "plans" / "brightwave.yaml"


def test_save_as_writes_in_the_plans_folder_whatever_the_current_file(
    workspace: Path, tmp_path: Path
) -> None:
    """A plan opened from outside the workspace is saved under a new name in the workspace's
    plans folder, '.yaml' added, and that file becomes the current plan."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    session = core.PlanSession(example_copy(elsewhere))
    bar = core.SaveBar(session)
    bar.new_name.value = "mine"
    bar.save_as_button.click()
    assert session.path == workspace / "plans" / "mine.yaml"
    assert load_plan(workspace / "plans" / "mine.yaml") == session.plan
    assert not (elsewhere / "mine.yaml").exists()
    assert core.current_plan_path() == workspace / "plans" / "mine.yaml"


def test_save_as_never_replaces_a_file_without_a_confirm(
    bar: core.SaveBar, workspace: Path
) -> None:
    """Saving under the name of an existing plan asks first; only the Replace button
    overwrites it, and only for the name it asked about."""
    taken = workspace / "plans" / "taken.yaml"
    taken.write_text("# someone's notes\n", encoding="utf-8")
    bar.new_name.value = "taken.yaml"
    bar.save_as_button.click()
    assert taken.read_text(encoding="utf-8") == "# someone's notes\n"
    assert "taken.yaml already exists" in bar.problems.value
    assert _shown(bar.replace_button)
    bar.new_name.value = "other.yaml"  # changing the name withdraws the question
    assert not _shown(bar.replace_button)
    bar.replace_button.click()
    assert taken.read_text(encoding="utf-8") == "# someone's notes\n"
    assert not (workspace / "plans" / "other.yaml").exists()
    bar.new_name.value = "taken.yaml"
    bar.save_as_button.click()
    bar.replace_button.click()
    assert load_plan(taken) == bar.session.plan
    assert bar.session.path == taken


# ---------------------------------------------------------------- 10 · no silent failure


def test_a_failing_export_leaves_the_page_usable_and_says_why(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export that raises shows its reason, clears 'Exporting…' and re-enables the button."""

    def broken(*_a: Any, **_k: Any) -> list[Path]:
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(export_ui, "export_all", broken)
    panel = export_ui.ExportPanel(core.PlanSession(workspace / "plans" / "brightwave.yaml"))
    panel.button.click()
    assert not panel.button.disabled
    assert "Exporting" not in panel.status.value
    assert "Could not export the plan: the disk is on fire" in panel.status.value


def _raiser(err: BaseException) -> Callable[..., Any]:
    def fail(*_a: Any, **_k: Any) -> Any:
        raise err

    return fail


@pytest.mark.parametrize(
    ("button", "target", "message"),
    [
        ("save_as_button", "save_as", "Could not save under a new name: No space left on device"),
        ("save_button", "save", "Could not save the plan: No space left on device"),
        ("reload_button", "reload", "Could not reload the plan: No space left on device"),
    ],
)
def test_a_failing_save_bar_button_shows_a_message(
    bar: core.SaveBar, monkeypatch: pytest.MonkeyPatch, button: str, target: str, message: str
) -> None:
    """Save, Save under a new name and Reload that raise show a one-line message in the bar."""
    monkeypatch.setattr(bar.session, target, _raiser(OSError(28, "No space left on device")))
    bar.new_name.value = "fresh"
    getattr(bar, button).click()
    assert message in bar.problems.value
    assert _shown(bar.problems)
    assert "OSError" not in bar.problems.value and "Errno" not in bar.problems.value


def test_a_current_plan_race_after_save_as_shows_a_message(
    bar: core.SaveBar, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When remembering the new file as the current plan fails (another tab renamed the
    pointer away), the bar says so — and that the file itself is saved — instead of nothing."""
    from mocmo.ui.core import savebar

    monkeypatch.setattr(
        savebar, "set_current_plan_path", _raiser(FileNotFoundError(2, "No such file or directory"))
    )
    monkeypatch.delenv("MOCMO_STRICT_VIEWS")  # in tests the inner failure would be re-raised
    bar.new_name.value = "fresh"
    bar.save_as_button.click()
    assert (
        "Could not make fresh.yaml the plan every step opens (it is saved): "
        "No such file or directory" in bar.problems.value
    )
    assert bar.session.path.name == "fresh.yaml" and bar.session.path.is_file()
    assert "fresh.yaml" in bar.status.value


def test_a_failing_plan_choice_shows_a_message(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'Use this plan' that raises says why in Start Here."""
    monkeypatch.setattr(start, "set_current_plan_path", _raiser(PermissionError(13, "denied")))
    picker = start.PlanPicker()
    _open(picker, "brightwave.yaml")
    assert "Could not use this plan: denied" in _page_text(picker)


def test_failing_scenario_buttons_show_a_message(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Compare and Save as a variant that raise show their reason on the Scenarios page."""
    panel = scenarios_ui.ScenariosPanel(core.PlanSession(workspace / "plans" / "brightwave.yaml"))
    monkeypatch.setattr(scenarios_ui, "compare", _raiser(ValueError("no figures")))
    panel.compare_button.click()
    assert "Could not compare the plans: no figures" in panel.compare_problems.value
    monkeypatch.setattr(scenarios_ui, "save_plan", _raiser(OSError(30, "Read-only file system")))
    panel.variant.value = "less-ai"
    panel.save_button.click()
    assert "Could not save the variant: Read-only file system" in _page_text(panel)


def _panels() -> list[tuple[str, str, str]]:
    """(panel module, button attribute, method the button calls) for every step button."""
    return [
        ("audiences", "add_pain_button", "_append_pain"),
        ("audiences", "add_person_button", "add_person"),
        ("audiences", "add_button", "add"),
        ("audiences", "save_button", "save_edit"),
        ("audiences", "remove_button", "remove"),
        ("costing", "combine_button", "combine"),
        ("costing", "add_replaced_button", "add_replaced"),
        ("costing", "save_replaced_button", "save_replaced"),
        ("costing", "remove_replaced_button", "remove_replaced"),
        ("costing", "run_button", "run_monte_carlo"),
        ("migration", "fix_button", "fix_schedule"),
        ("migration", "add_hire_button", "add_hire"),
        ("migration", "remove_hire_button", "remove_hire"),
        ("migration", "add_wf_button", "add_workflow"),
        ("migration", "remove_wf_button", "remove_workflow"),
        ("governance", "agents.add_button", "agents.add"),
        ("governance", "pods.save_button", "pods.save"),
        ("governance", "metrics.remove_button", "metrics.remove"),
    ]


def _resolve(obj: Any, dotted: str) -> tuple[Any, str]:
    *owners, last = dotted.split(".")
    for part in owners:
        obj = getattr(obj, part)
    return obj, last


@pytest.mark.parametrize(("module", "button", "method"), _panels())
def test_every_step_button_that_fails_shows_a_message(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, module: str, button: str, method: str
) -> None:
    """Each add/remove/save/run button of the step panels that raises shows a plain message
    in its page and leaves the button usable."""
    import importlib

    mod = importlib.import_module(f"mocmo.ui.{module}")
    panel_class = {
        "audiences": "AudiencesPanel",
        "costing": "CostingPanel",
        "migration": "MigrationPanel",
        "governance": "GovernancePanel",
    }[module]
    panel = getattr(mod, panel_class)(core.PlanSession(workspace / "plans" / "brightwave.yaml"))
    owner, name = _resolve(panel, method)
    monkeypatch.setattr(owner, name, _raiser(RuntimeError("the sky fell")))
    holder, attr = _resolve(panel, button)
    widget = getattr(holder, attr)
    was_disabled = widget.disabled
    widget.click()
    assert "the sky fell" in _page_text(panel)
    assert "Could not" in _page_text(panel)
    assert widget.disabled == was_disabled


def test_a_failing_edit_shows_a_message_outside_tests(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A value edit whose handler raises shows a message in the page (tests raise instead)."""
    from mocmo.ui.reshape import RoleReshapePanel

    panel = RoleReshapePanel(core.PlanSession(workspace / "plans" / "brightwave.yaml"))
    monkeypatch.setattr(panel, "edit", _raiser(RuntimeError("the sky fell")))
    with pytest.raises(RuntimeError):
        panel.wait_days.value = panel.wait_days.value + 1
    monkeypatch.delenv("MOCMO_STRICT_VIEWS")
    panel.wait_days.value = panel.wait_days.value + 1
    assert "Could not apply this edit: the sky fell" in panel.edit_problems.value
    assert _shown(panel.edit_problems)


def test_the_wrapper_logs_the_traceback(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A failing handler's traceback goes to the log; the page gets one line (the error's
    first line, or what kind of error it was when it says nothing)."""
    shown: list[str] = []
    monkeypatch.delenv("MOCMO_STRICT_VIEWS")
    with caplog.at_level("ERROR", logger="mocmo.ui.core"):
        core.guarded(_raiser(RuntimeError("boom\nsecond line")), shown.append, what="do it")()
        core.guarded(_raiser(RuntimeError()), shown.append, what="do it")()
    assert shown == [
        "Could not do it: boom",
        "Could not do it: an unexpected error (RuntimeError); the details are in the log",
    ]
    assert [bool(r.exc_info) for r in caplog.records] == [True, True]
