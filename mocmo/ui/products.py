"""The products editor of the Audiences step: what the company sells, which the audiences' pains
pick from.

:class:`ProductsEditor` adds a product, renames one (every pain that lists it follows, in the
plan and in the audience form open beside it), saves its description, and removes one — asking
first when pains use it. Every button makes one new plan through the page's
:meth:`~mocmo.ui.core.StepLayout.edit`; a refused edit shows its problems under the editor.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as w

from mocmo import audiences as aud
from mocmo.plan import Plan, Problem
from mocmo.ui.core import PlanSession, ProblemList, on_click
from mocmo.ui.fields import Choices, text_field
from mocmo.ui.records import NEW, enable_when_picked

__all__ = ["ProductsEditor"]

_WIDE = w.Layout(width="42em")
_LABEL_WIDTH = "8em"


class ProductsEditor(w.VBox):
    """Pick a product (or "a new product"), edit its name and description, then Add, Save or
    Remove.

    ``edit`` is the page's :meth:`~mocmo.ui.core.StepLayout.edit`; ``pain_products`` gives the
    product choices of the pains in the audience form, which follow a rename."""

    def __init__(
        self,
        session: PlanSession,
        edit: Callable[..., list[Problem]],
        pain_products: Callable[[], Sequence[w.SelectMultiple]],
    ) -> None:
        self.session = session
        self._edit = edit
        self._pain_products = pain_products
        self.picker = Choices(description="Product", layout=_WIDE)
        self.name = text_field(
            session,
            None,
            "Name",
            placeholder="e.g. Brightwave Journeys",
            width="30em",
            label_width=_LABEL_WIDTH,
        )
        self.description = text_field(
            session,
            None,
            "Description",
            placeholder="What it does, in a line",
            width="42em",
            label_width=_LABEL_WIDTH,
        )
        self.add_button = w.Button(description="Add as a new product", icon="plus")
        self.save_button = w.Button(description="Save product", icon="check")
        self.remove_button = w.Button(description="Remove this product", icon="trash")
        self.confirm_button = w.Button(description="Yes, remove it", button_style="danger")
        self.confirm_button.layout.display = "none"
        buttons = (self.add_button, self.save_button, self.remove_button, self.confirm_button)
        for button in buttons:
            button.layout.width = "auto"
        self.picker.style.description_width = _LABEL_WIDTH
        self.problems = ProblemList(ok_text="")
        self.problems.layout.display = "none"
        self.note = w.HTML()
        self._asked_remove: str | None = None
        """The product the confirm button would remove (the one the editor asked about)."""
        said = self.problems
        self.picker.on_pick(self._on_pick, said, what="show this product")
        on_click(self.add_button, lambda: self.add(), said, what="add the product")
        on_click(self.save_button, lambda: self.save(), said, what="save the product")
        on_click(self.remove_button, lambda: self.remove(), said, what="remove the product")
        on_click(
            self.confirm_button, lambda: self.confirm_remove(), said, what="remove the product"
        )
        super().__init__(
            [self.picker, self.name, self.description, w.HBox(buttons), self.note, self.problems]
        )

    def refresh(self, plan: Plan) -> None:
        """Offer the plan's products in the picker, keeping the one picked if it exists."""
        self.picker.set_choices(
            [("— a new product —", NEW), *[(p.name, i) for i, p in enumerate(plan.products)]]
        )
        enable_when_picked(self.picker, self.save_button, self.remove_button)

    def _on_pick(self, change: Mapping[str, Any]) -> None:
        self.load(int(change["new"]))
        enable_when_picked(self.picker, self.save_button, self.remove_button)

    def load(self, index: int) -> None:
        """Fill the editor with product ``index``, or blank for a new one."""
        products = self.session.plan.products
        product = products[index] if 0 <= index < len(products) else None
        self._withdraw_remove()
        self._say(())
        self.note.value = ""
        self.name.show(product.name if product else "")
        self.description.show(product.description if product else "")

    def _say(self, problems: Sequence[Problem]) -> list[Problem]:
        self.problems.show_or_hide(problems, self.session.plan)
        if problems:
            self.note.value = "<span class='mocmo-error'>Not changed.</span>"
        return list(problems)

    def _taken(self, name: str, index: int) -> list[Problem]:
        """A plain refusal when another product (not ``index``) has ``name``, ignoring case
        and spaces."""
        key = aud.product_key(name)
        for i, product in enumerate(self.session.plan.products):
            if i != index and key and aud.product_key(product.name) == key:
                return [
                    Problem(
                        "",
                        f"There is already a product called {product.name!r}: give this one "
                        "a different name",
                    )
                ]
        return []

    def _apply(self, changes: Mapping[str, Any], done: str = "") -> list[Problem]:
        return self._edit(changes, done=done, problems_to=self.problems, note_to=self.note)

    def _edit_plan(self, new: Plan, done: str) -> list[Problem]:
        """Make ``new`` (a plan computed from the current one) the plan, as one edit of every
        top-level field it changes."""
        old = self.session.plan
        changes = {
            field: getattr(new, field)
            for field in type(new).model_fields
            if getattr(new, field) != getattr(old, field)
        }
        return self._apply(changes, done)

    def add(self) -> list[Problem]:
        """Add the editor's product (name, description) to the plan."""
        self._withdraw_remove()
        name = str(self.name.read()).strip()
        taken = self._taken(name, NEW)
        if taken:
            return self._say(taken)
        products = list(self.session.plan.products)
        draft = {"name": name, "description": str(self.description.read())}
        problems = self._apply({"products": [*products, draft]}, f"Added the product {name!r}.")
        if not problems:
            self.picker.value = len(products)
        return problems

    def save(self) -> list[Problem]:
        """Rename the picked product (every pain that lists it follows) and save its
        description."""
        self._withdraw_remove()
        index = self.picker.value
        plan = self.session.plan
        if index == NEW:
            return self._say([Problem("", "choose a product in the list first")])
        old = plan.products[index]
        name = str(self.name.read()).strip()
        taken = self._taken(name, index)
        if taken:
            return self._say(taken)
        if not name:  # the model's own message ("Product 1 needs a name")
            return self._apply({f"products[{index}].name": name})
        described = plan.model_copy(
            update={
                "products": tuple(
                    p.model_copy(update={"description": str(self.description.read())})
                    if i == index
                    else p
                    for i, p in enumerate(plan.products)
                )
            }
        )
        new = aud.rename_product(described, old.name, name) if name != old.name else described
        done = f"Renamed {old.name!r} to {name!r}." if name != old.name else f"Saved {name!r}."
        chosen = [(box, list(box.value)) for box in self._pain_products()]
        problems = self._edit_plan(new, done)
        if not problems and name != old.name:  # the audience form's pains follow the rename
            for box, picked in chosen:
                box.value = [name if p == old.name else p for p in picked]
        return problems

    def remove(self) -> list[Problem]:
        """Remove the picked product; when pains list it, ask first (nothing changes until
        :meth:`confirm_remove`)."""
        index = self.picker.value
        if index == NEW:
            return self._say([Problem("", "choose a product in the list first")])
        name = self.session.plan.products[index].name
        pains, audiences = aud.product_uses(self.session.plan, name)
        if pains:
            self._asked_remove = name
            self.note.value = (
                "<span class='mocmo-warning'>"
                + html.escape(
                    f"{pains} pain{'s' if pains != 1 else ''} and {audiences} "
                    f"audience{'s' if audiences != 1 else ''} use {name!r} — remove it from "
                    "them too?"
                )
                + "</span>"
            )
            self.confirm_button.description = f"Yes, remove {name}"
            self.confirm_button.layout.display = None
            return []
        return self._remove(name)

    def confirm_remove(self) -> list[Problem]:
        """Press the confirm button: remove the product the editor asked about (if it is still
        the picked one) from the plan and from every pain."""
        asked = self._asked_remove
        index = self.picker.value
        products = self.session.plan.products
        self._withdraw_remove()
        if asked is None or index == NEW or products[index].name != asked:
            self.note.value = ""
            return []
        return self._remove(asked)

    def _remove(self, name: str) -> list[Problem]:
        problems = self._edit_plan(
            aud.remove_product(self.session.plan, name), f"Removed the product {name!r}."
        )
        if not problems:
            self.picker.value = NEW
            note = self.note.value
            self.load(NEW)
            self.note.value = note
        return problems

    def _withdraw_remove(self) -> None:
        """Forget the question about removing a product."""
        self._asked_remove = None
        self.confirm_button.layout.display = "none"
