"""A list of the plan edited one item at a time: pick one (or "a new one"), edit the form,
then Add, Save or Remove — each one new plan through the page's
:meth:`~mocmo.ui.core.StepLayout.edit`. :class:`RecordEditor` and its :class:`FormField`s, with
the form pieces (text, choice and person boxes) the step pages build them from."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as w

from mocmo.plan import Plan, Problem
from mocmo.ui.core import PlanSession, ProblemList, on_click
from mocmo.ui.fields import Choices, PlanField

__all__ = [
    "NEW",
    "STYLE",
    "WIDE",
    "FormField",
    "RecordEditor",
    "blank_to_none",
    "choice_entry",
    "enable_when_picked",
    "none_to_blank",
    "person_box",
    "person_entry",
    "text_entry",
]

NEW = -1
"""Value of an editor's picker meaning 'a new one'."""

WIDE = w.Layout(width="40em")
"""The width of a form's boxes."""
STYLE = {"description_width": "10em"}
"""The width of a form's labels."""


def enable_when_picked(picker: Choices, *buttons: w.Button) -> None:
    """Buttons that act on the picked item (Save, Remove) work only while one is picked, not
    while the picker says "a new one"."""
    for button in buttons:
        button.disabled = picker.value == NEW


def blank_to_none(value: Any) -> Any:
    """A box's text for the plan: stripped, ``None`` when blank."""
    text = str(value).strip()
    return text or None


def none_to_blank(value: Any) -> Any:
    """A plan value for a box: ``""`` for ``None``."""
    return "" if value is None else value


def _identity(value: Any) -> Any:
    return value


@dataclass
class FormField:
    """One field of a record's form: the plan key, its widget, and how values convert."""

    key: str
    widget: w.ValueWidget | PlanField
    to_plan: Callable[[Any], Any] = _identity
    to_widget: Callable[[Any], Any] = _identity
    blank: Any = field(default=None)
    """The widget value of a new, empty form (``None``: leave the widget's own default)."""


class RecordEditor(w.VBox):
    """Add, edit or remove the items of one list of the plan (``agents``, ``pods`` …).

    Pick an item (or "a new one"), edit the form, then Add, Save or Remove: each makes one new
    plan through ``edit`` (the page's :meth:`~mocmo.ui.core.StepLayout.edit`); problems of an
    invalid edit are shown under the form."""

    def __init__(
        self,
        session: PlanSession,
        plan_field: str,
        noun: str,
        fields: Sequence[FormField],
        label: Callable[[Any], str],
        edit: Callable[..., list[Problem]] | None = None,
    ) -> None:
        self.session = session
        self.plan_field = plan_field
        self.noun = noun
        self.fields = list(fields)
        self.label = label
        self._edit = edit
        self._blank = {f.key: f.widget.value if f.blank is None else f.blank for f in self.fields}
        self.picker = Choices(description=noun.capitalize(), layout=WIDE)
        self.add_button = w.Button(description=f"Add {noun}", icon="plus", button_style="primary")
        self.save_button = w.Button(description="Save changes", icon="check", button_style="info")
        self.remove_button = w.Button(description="Remove", icon="trash", button_style="danger")
        self.note = w.HTML()
        self.problems = ProblemList(ok_text="")
        self.problems.layout.display = "none"
        self.picker.on_pick(self._on_pick, self.problems, what=f"show this {noun}")
        on_click(self.add_button, lambda: self.add(), self.problems, what=f"add the {noun}")
        on_click(self.save_button, lambda: self.save(), self.problems, what=f"save the {noun}")
        on_click(
            self.remove_button, lambda: self.remove(), self.problems, what=f"remove the {noun}"
        )
        super().__init__(
            [
                self.picker,
                *[f.widget for f in self.fields],
                w.HBox([self.add_button, self.save_button, self.remove_button]),
                self.note,
                self.problems,
            ]
        )
        self.refresh(session.plan)
        self.load(NEW)

    def _items(self, plan: Plan) -> tuple[Any, ...]:
        items: tuple[Any, ...] = getattr(plan, self.plan_field)
        return items

    def refresh(self, plan: Plan) -> None:
        """Offer the plan's current items in the picker, keeping the one picked if it exists."""
        items = self._items(plan)
        self.picker.set_choices(
            [
                (f"— a new {self.noun} —", NEW),
                *[(self.label(item), i) for i, item in enumerate(items)],
            ]
        )
        enable_when_picked(self.picker, self.save_button, self.remove_button)

    def _on_pick(self, change: Mapping[str, Any]) -> None:
        self.load(int(change["new"]))
        enable_when_picked(self.picker, self.save_button, self.remove_button)

    def load(self, index: int) -> None:
        """Fill the form with item ``index`` of the plan, or blank for a new one."""
        items = self._items(self.session.plan)
        self.problems.show_or_hide(())
        self.note.value = ""
        if 0 <= index < len(items):
            data = items[index].model_dump(mode="json")
            for f in self.fields:
                f.widget.value = f.to_widget(data[f.key])
        else:
            for f in self.fields:
                f.widget.value = self._blank[f.key]

    def draft(self) -> dict[str, Any]:
        """The item the form describes, as plan data (not yet validated)."""
        return {f.key: f.to_plan(f.widget.value) for f in self.fields}

    def _apply(self, changes: dict[str, Any], done: str) -> list[Problem]:
        if self._edit is None:
            raise RuntimeError(f"the {self.noun} editor is not on a page yet")
        return self._edit(changes, done=done, problems_to=self.problems, note_to=self.note)

    def _dumped(self) -> list[dict[str, Any]]:
        return [item.model_dump(mode="json") for item in self._items(self.session.plan)]

    def add(self) -> list[Problem]:
        """Add the form's item to the plan. Returns the problems if it is invalid."""
        existing = self._dumped()
        draft = self.draft()
        problems = self._apply({self.plan_field: [*existing, draft]}, f"Added the {self.noun}.")
        if not problems:
            self.picker.value = len(existing)
        return problems

    def save(self) -> list[Problem]:
        """Replace the picked item with the form's values."""
        index = self.picker.value
        if index == NEW:
            return self._nothing_picked()
        return self._apply({f"{self.plan_field}[{index}]": self.draft()}, "Saved.")

    def remove(self) -> list[Problem]:
        """Remove the picked item from the plan."""
        index = self.picker.value
        if index == NEW:
            return self._nothing_picked()
        items = self._dumped()
        items.pop(index)
        problems = self._apply({self.plan_field: items}, f"Removed the {self.noun}.")
        if not problems:
            self.picker.value = NEW
            self.load(NEW)
        return problems

    def _nothing_picked(self) -> list[Problem]:
        problems = [Problem(self.plan_field, f"choose a {self.noun} in the list first")]
        self.problems.show_or_hide(problems)
        return problems


# --------------------------------------------------------------------------- form pieces


def person_box(description: str) -> w.Combobox:
    """A box for a person's name (or a role), offering the names the plan knows."""
    return w.Combobox(
        description=description, placeholder="a name or a role", style=STYLE, layout=WIDE
    )


def person_entry(key: str, description: str) -> FormField:
    """A form field naming a person: blank in the box is ``None`` in the plan."""
    return FormField(key, person_box(description), blank_to_none, none_to_blank, "")


def text_entry(key: str, description: str, placeholder: str = "") -> FormField:
    """A form field of free text."""
    widget = w.Text(description=description, placeholder=placeholder, style=STYLE, layout=WIDE)
    return FormField(key, widget, str, none_to_blank, "")


def choice_entry(key: str, description: str, options: Sequence[tuple[str, Any]]) -> FormField:
    """A form field choosing one of ``(label, value)`` options (a new form: the first)."""
    widget = w.Dropdown(options=list(options), description=description, style=STYLE)
    return FormField(key, widget, blank=options[0][1])
