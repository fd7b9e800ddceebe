"""The plan session and Save bar every step page stands on: no lost update, no invalid save."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from plans import example_copy

from mocmo.plan import load_plan
from mocmo.ui import core


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    """A working copy of the example plan."""
    return example_copy(tmp_path)


def test_an_edit_marks_the_plan_unsaved_and_save_writes_it(plan_file: Path) -> None:
    """After an edit the bar says 'Unsaved changes'; Save writes the plan and says 'Saved'."""
    session = core.PlanSession(plan_file)
    bar = core.SaveBar(session)
    assert "Saved" in bar.status.value
    assert session.apply({"audiences[0].pipeline_target": 5_000_000}) == []
    assert session.dirty
    assert "Unsaved changes" in bar.status.value
    assert bar.save().status == "saved"
    assert "Saved" in bar.status.value
    assert load_plan(plan_file).audiences[0].pipeline_target == 5_000_000


def test_an_invalid_edit_is_refused_and_the_plan_stays(plan_file: Path) -> None:
    """A negative pipeline target is refused with the field named; the current plan is kept."""
    session = core.PlanSession(plan_file)
    before = session.plan
    problems = session.apply({"audiences[0].pipeline_target": -1})
    assert [p.path for p in problems] == ["audiences[0].pipeline_target"]
    assert session.plan is before
    assert not session.dirty


def test_a_plan_with_errors_is_never_saved_over_a_valid_file(plan_file: Path) -> None:
    """A plan whose checks report an error is not written; the file stays byte-identical."""
    session = core.PlanSession(plan_file)
    original = plan_file.read_bytes()
    # A phase moved before the phase it depends on: valid data, but an error of the checks.
    phase = next(i for i, p in enumerate(session.plan.phases) if p.depends_on)
    assert session.apply({f"phases[{phase}].start_month": 1}) == []
    assert any(p.severity == "error" for p in session.errors())
    bar = core.SaveBar(session)
    outcome = bar.save()
    assert outcome.status == "invalid"
    assert plan_file.read_bytes() == original
    assert "fix the errors" in bar.status.value


def test_save_refuses_to_overwrite_a_file_changed_on_disk(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If another tab or editor changed the file, Save refuses and offers reload or a new name
    (saved in the workspace's plans folder)."""
    monkeypatch.setenv("MOCMO_HOME", str(plan_file.parent / "home"))
    session = core.PlanSession(plan_file)
    bar = core.SaveBar(session)
    session.apply({"audiences[0].pipeline_target": 5_100_000})
    edited_elsewhere = plan_file.read_text(encoding="utf-8") + "\n# edited in another tab\n"
    plan_file.write_text(edited_elsewhere, encoding="utf-8")
    outcome = bar.save()
    assert outcome.status == "conflict"
    assert plan_file.read_text(encoding="utf-8") == edited_elsewhere
    assert bar.conflict_box.layout.display is None  # the reload / save-as choices are shown
    saved_as = bar.save_as()
    assert saved_as.status == "saved"
    assert saved_as.path == plan_file.parent / "home" / "plans" / "plan-mine.yaml"
    assert load_plan(saved_as.path).audiences[0].pipeline_target == 5_100_000
    assert plan_file.read_text(encoding="utf-8") == edited_elsewhere


def test_reload_drops_edits_and_reads_the_file_again(plan_file: Path) -> None:
    """Reload replaces the edited plan with the file's, and observers see the new plan."""
    session = core.PlanSession(plan_file)
    seen: list[float] = []
    session.observe(lambda plan: seen.append(plan.audiences[0].pipeline_target))
    session.apply({"audiences[0].pipeline_target": 1})
    assert session.reload() == []
    assert not session.dirty
    assert seen == [1, load_plan(plan_file).audiences[0].pipeline_target]


def test_reopening_a_saved_plan_shows_the_saved_state(plan_file: Path) -> None:
    """A fresh session on the same file (a re-opened notebook) sees what was saved."""
    first = core.open_session(plan_file, fresh=True)
    first.apply({"audiences[1].pipeline_target": 3_300_000})
    first.save()
    second = core.open_session(plan_file, fresh=True)
    assert second.plan.audiences[1].pipeline_target == 3_300_000


def test_a_view_that_fails_to_redraw_shows_a_message_not_a_traceback(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside tests a failing redraw is reported in the Save bar; the edit itself stands."""
    monkeypatch.delenv("MOCMO_STRICT_VIEWS")
    session = core.PlanSession(plan_file)
    bar = core.SaveBar(session)

    def broken(_plan: object) -> None:
        raise ValueError("chart exploded")

    session.observe(broken)
    assert session.apply({"audiences[0].pipeline_target": 4_200_000}) == []
    assert session.plan.audiences[0].pipeline_target == 4_200_000
    assert session.view_errors == ("ValueError: chart exploded",)
    assert "could not be redrawn" in bar.problems.value
    assert bar.problems.layout.display is None


def test_in_tests_a_failing_view_raises(plan_file: Path) -> None:
    """With MOCMO_STRICT_VIEWS set (every test) a broken view is an error, not a message."""
    session = core.PlanSession(plan_file)
    session.observe(lambda _p: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        session.apply({"audiences[0].pipeline_target": 4_200_000})


class _Loop:
    """A stand-in for the kernel's event loop: keeps the callbacks asked for, runs them on
    request."""

    def __init__(self) -> None:
        self.callbacks: list[tuple[Any, tuple[Any, ...]]] = []

    def add_callback(self, callback: Any, *args: Any) -> None:
        self.callbacks.append((callback, args))

    def turn(self) -> None:
        callback, args = self.callbacks.pop(0)
        callback(*args)


@pytest.fixture
def deferred_kernel(monkeypatch: pytest.MonkeyPatch) -> tuple[_Loop, list[Any]]:
    """A kernel (with the loop above) under :func:`core.defer_charts`; the charts sent to the
    page are collected in the returned list."""
    import types

    from mocmo.ui.core import layout

    loop = _Loop()
    shown: list[Any] = []
    kernel_shell = types.SimpleNamespace(kernel=types.SimpleNamespace(io_loop=loop))
    monkeypatch.setattr("IPython.get_ipython", lambda: kernel_shell)
    monkeypatch.setattr(core.ChartBox, "append_display_data", lambda _s, obj: shown.append(obj))
    monkeypatch.setattr(layout, "_PENDING", {})
    monkeypatch.setattr(layout, "_scheduled", False)
    monkeypatch.setattr(layout, "DEFER", True)
    monkeypatch.setattr(layout, "_SHOWN", [])  # no step said shown: every waiting chart draws
    return loop, shown


def _point_chart(x: int) -> Any:
    import altair as alt
    import pandas as pd

    return alt.Chart(pd.DataFrame({"x": [x]})).mark_point().encode(x="x:Q")


def test_deferred_charts_draw_after_the_edit_on_the_loop_newest_wins(
    deferred_kernel: tuple[_Loop, list[Any]],
) -> None:
    """Under defer_charts an edit only records its charts: nothing is drawn until the loop
    turns; two quick draws into one box draw once (the newest); two boxes are drawn one per
    turn of the loop, so an edit arriving in between is handled before the second chart."""
    loop, shown = deferred_kernel
    first, second = core.ChartBox(), core.ChartBox()
    old, new, other = _point_chart(1), _point_chart(2), _point_chart(3)
    first.draw(old)
    first.draw(new)
    second.draw(other)
    assert shown == [] and first.pending and second.pending
    assert first.chart is new  # tests see the newest chart at once
    assert len(loop.callbacks) == 1  # one scheduled drawing, not one per draw()
    loop.turn()
    assert shown == [new] and not first.pending and second.pending
    loop.turn()
    assert shown == [new, other] and loop.callbacks == []


def test_draw_pending_draws_every_waiting_chart_now(
    deferred_kernel: tuple[_Loop, list[Any]],
) -> None:
    """draw_pending (tests, benchmarks) draws what is waiting without the loop and says how
    many boxes were waiting (2 boxes, 3 draws → 2)."""
    _loop, shown = deferred_kernel
    first, second = core.ChartBox(), core.ChartBox()
    a, b, c = _point_chart(1), _point_chart(2), _point_chart(3)
    first.draw(a)
    second.draw(b)
    first.draw(c)
    assert core.draw_pending() == 2
    assert shown == [c, b]
    assert core.draw_pending() == 0


def test_a_chart_with_the_same_spec_is_not_drawn_again(
    deferred_kernel: tuple[_Loop, list[Any]],
) -> None:
    """A rebuilt chart equal in spec to the one shown (a new object, same data) sends nothing;
    a chart whose data differs is drawn."""
    _loop, shown = deferred_kernel
    box = core.ChartBox()
    box.draw(_point_chart(1))
    core.draw_pending()
    box.draw(_point_chart(1))
    core.draw_pending()
    assert len(shown) == 1
    changed = _point_chart(5)
    box.draw(changed)
    core.draw_pending()
    assert shown[-1] is changed and len(shown) == 2


def test_only_the_shown_steps_charts_are_drawn_hidden_ones_wait_until_shown(
    deferred_kernel: tuple[_Loop, list[Any]],
) -> None:
    """With the shown step said (show_charts_of), the loop draws the waiting charts inside it
    and leaves a hidden step's chart waiting; showing that step draws it."""
    import ipywidgets as w

    from mocmo.ui.core import layout

    loop, shown = deferred_kernel
    visible_box, hidden_box = core.ChartBox(), core.ChartBox()
    visible, hidden = w.VBox([w.HBox([visible_box])]), w.VBox([hidden_box])
    layout.show_charts_of(visible)
    try:
        seen, unseen = _point_chart(1), _point_chart(2)
        hidden_box.draw(unseen)
        visible_box.draw(seen)
        while loop.callbacks:
            loop.turn()
        assert shown == [seen] and hidden_box.pending
        layout.show_charts_of(hidden)
        while loop.callbacks:
            loop.turn()
        assert shown == [seen, unseen] and not hidden_box.pending
    finally:
        layout.show_charts_of(None)


class _View:
    """A view with a redraw method and (optionally) parts inside it, as a panel has."""

    def __init__(self, *children: Any) -> None:
        self.children = children
        self.seen: list[Any] = []

    def refresh(self, plan: Any) -> None:
        self.seen.append(plan)


def test_a_hidden_step_redraws_once_when_shown_not_at_every_edit(plan_file: Path) -> None:
    """Views inside a hidden part of the page (its own methods and its parts') miss the edits
    made elsewhere and redraw once, from the newest plan, when shown; a shown view redraws at
    every edit. Two edits while hidden: the shown view saw 2 plans, the hidden none, then 1."""
    session = core.PlanSession(plan_file)
    part = _View()
    hidden, shown = _View(part), _View()
    for view in (hidden, part, shown):
        session.observe(view.refresh)
    session.hide_views(hidden)
    assert session.apply({"audiences[0].pipeline_target": 4_000_000}) == []
    assert session.apply({"audiences[0].pipeline_target": 4_100_000}) == []
    assert len(shown.seen) == 2 and hidden.seen == [] and part.seen == []
    session.show_views(hidden)
    assert hidden.seen == [session.plan] and part.seen == [session.plan]
    session.show_views(hidden)  # shown already: nothing more
    assert session.apply({"audiences[0].pipeline_target": 4_200_000}) == []
    assert len(hidden.seen) == 2 and len(part.seen) == 2 and len(shown.seen) == 3
