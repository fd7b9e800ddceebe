"""The Save bar every step page carries: unsaved-changes indicator, validation errors, the
on-disk conflict (reload or save under a new name) and "Save as a new plan…"."""

from __future__ import annotations

import html
import os
from pathlib import Path

import ipywidgets as w

from mocmo.plan import Problem
from mocmo.ui.core.messages import ProblemList, guarded, on_change, on_click
from mocmo.ui.core.plan_files import plan_file_name, plans_folder
from mocmo.ui.core.session import PlanSession, SaveOutcome, set_current_plan_path


class SaveBar(w.VBox):
    """Save button with an unsaved-changes indicator, validation errors and conflict handling."""

    def __init__(self, session: PlanSession) -> None:
        self.session = session
        self.save_button = w.Button(description="Save plan", icon="save", button_style="primary")
        self.status = w.HTML()
        self.problems = ProblemList(ok_text="")
        self.reload_button = w.Button(description="Reload from disk", icon="refresh")
        self.new_name = w.Text(placeholder="new-file-name.yaml", layout=w.Layout(width="18em"))
        self.save_as_button = w.Button(
            description="Save under this name", layout=w.Layout(width="auto")
        )
        self.new_plan_name = w.Text(description="Plan name", layout=w.Layout(width="22em"))
        self.save_as_open = w.Button(
            description="Save as a new plan…", icon="copy", layout=w.Layout(width="auto")
        )
        self.save_as_open.on_click(lambda _b: self.open_save_as())
        self.replace_button = w.Button(description="Replace it", button_style="danger")
        self.replace_button.layout.display = "none"
        self._asked: Path | None = None
        """The existing file the Replace button would overwrite (the one the bar asked about)."""
        self.conflict_box = w.HBox(
            [
                self.reload_button,
                self.new_name,
                self.new_plan_name,
                self.save_as_button,
                self.replace_button,
            ]
        )
        self.conflict_box.layout.display = "none"
        said = self.problems
        on_click(self.save_button, lambda: self.save(), said, what="save the plan")
        on_click(self.reload_button, lambda: self.reload(), said, what="reload the plan")
        on_click(self.save_as_button, lambda: self.save_as(), said, what="save under a new name")
        on_click(self.replace_button, lambda: self.replace(), said, what="replace the file")
        on_change(self.new_name, lambda _c: self._withdraw(), said, what="change the name")
        super().__init__(
            [
                w.HBox([self.save_button, self.save_as_open, self.status]),
                self.problems,
                self.conflict_box,
            ]
        )
        self.problems.layout.display = "none"
        session.observe(lambda _plan: self.refresh())
        session.observe_errors(self._show_view_errors)
        self.refresh()

    def refresh(self, note: str = "") -> None:
        """Show whether the plan has unsaved changes."""
        name = html.escape(str(self.session.path))
        if self.session.dirty:
            self.status.value = f'<span class="mocmo-warning">● Unsaved changes</span> — {name}'
        else:
            self.status.value = f'<span class="mocmo-ok">Saved</span> — {name}'
        if note:
            self.status.value += f" — {html.escape(note)}"

    def _show_view_errors(self, messages: tuple[str, ...]) -> None:
        if not messages:
            return
        self.problems.show(
            [
                Problem("", f"part of this page could not be redrawn ({m}); your plan is intact")
                for m in messages
            ]
        )
        self.problems.layout.display = None

    def _show(self, outcome: SaveOutcome) -> None:
        self.problems.show(outcome.problems)
        self.problems.layout.display = None if outcome.problems else "none"
        self.conflict_box.layout.display = None if outcome.status == "conflict" else "none"
        if outcome.status == "conflict" and not self.new_name.value:
            self.new_name.value = f"{self.session.path.stem}-mine.yaml"
        if outcome.status == "conflict" and not self.new_plan_name.value:
            self.new_plan_name.value = f"{self.session.plan.meta.name} (copy)"

    def open_save_as(self) -> None:
        """Press "Save as a new plan…": show the file and plan name boxes, filled with
        ``<file>-copy.yaml`` and ``<plan name> (copy)`` when empty."""
        if not self.new_name.value:
            self.new_name.value = f"{self.session.path.stem}-copy.yaml"
        if not self.new_plan_name.value:
            self.new_plan_name.value = f"{self.session.plan.meta.name} (copy)"
        self.conflict_box.layout.display = None

    def save(self) -> SaveOutcome:
        """Press Save."""
        outcome = self.session.save()
        self._show(outcome)
        note = {
            "invalid": "not saved: fix the errors below",
            "conflict": "not saved: file changed on disk",
        }
        self.refresh(note.get(outcome.status, ""))
        return outcome

    def reload(self) -> None:
        """Drop edits and read the file again."""
        problems = self.session.reload()
        self.problems.show(problems)
        self.problems.layout.display = None if problems else "none"
        self.conflict_box.layout.display = "none"
        self.refresh("reloaded" if not problems else "the file on disk is invalid")

    def save_as(self, overwrite: bool = False) -> SaveOutcome:
        """Save under the name typed in the box, in the workspace's plans folder.

        The name must be a file name (:func:`plan_file_name`); ``.yaml`` is added when missing. A
        file of that name is never replaced here: the bar asks, and only :meth:`replace` (the
        Replace button) overwrites it.
        """
        self._withdraw()
        try:
            name = plan_file_name(self.new_name.value)
        except ValueError as err:
            outcome = SaveOutcome("invalid", plans_folder(), (Problem("", str(err)),))
            self.problems.show(outcome.problems)  # the name box stays open to type another
            self.problems.layout.display = None
            self.refresh("not saved: choose another name")
            return outcome
        target = plans_folder() / name
        if not overwrite and os.path.lexists(target) and target != self.session.path:
            outcome = SaveOutcome(
                "conflict",
                target,
                (Problem("", f"{name} already exists in {target.parent} — replace it?"),),
            )
            self._show(outcome)
            self._asked = target
            self.replace_button.description = f"Replace {name}"
            self.replace_button.layout.display = None
            return outcome
        before = self.session.plan
        plan_name = self.new_plan_name.value.strip()
        if plan_name and plan_name != before.meta.name:
            renamed = self.session.apply({"meta.name": plan_name})
            if renamed:
                outcome = SaveOutcome("invalid", target, tuple(renamed))
                self._show(outcome)
                self.refresh("not saved: choose another plan name")
                return outcome
        outcome = self.session.save_as(target, overwrite=overwrite)
        if not outcome.ok:
            self.session.replace(before)  # not saved: the plan keeps its name
        self._show(outcome)
        self.refresh()
        if outcome.ok:  # saved: a failure to remember it as the current plan is said as such
            remember = guarded(
                set_current_plan_path,
                self.problems,
                what=f"make {name} the plan every step opens (it is saved)",
            )
            remember(target)
        return outcome

    def replace(self) -> SaveOutcome | None:
        """Press Replace: overwrite the existing file the bar asked about, if the name box still
        names it; otherwise nothing is written."""
        asked = self._asked
        try:
            same = asked is not None and asked == plans_folder() / plan_file_name(
                self.new_name.value
            )
        except ValueError:
            same = False
        if not same:
            self._withdraw()
            return None
        return self.save_as(overwrite=True)

    def _withdraw(self) -> None:
        """Forget the question about replacing a file (the name changed, or it was answered)."""
        self._asked = None
        self.replace_button.layout.display = "none"
