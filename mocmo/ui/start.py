"""Start Here: choose the plan every step works on — an existing file, the example, or blank."""

from __future__ import annotations

import html
import re
from pathlib import Path

import ipywidgets as w

from mocmo import defaults
from mocmo.format import describe_figure, figure_label
from mocmo.plan import Plan, PlanError, Problem, save_plan, with_value
from mocmo.ui.core import (
    ProblemList,
    current_plan_path,
    guarded,
    locate_plan_file,
    open_session,
    plans_folder,
    read_plan_file,
    reason,
    set_current_plan_path,
)

__all__ = ["STEPS", "PlanPicker", "panel", "plans_folder"]

STEPS: tuple[tuple[str, str, str], ...] = (
    ("00_diagnostics.ipynb", "0 · Diagnostics", "where you and the team stand today"),
    ("01_audiences.ipynb", "1 · Audiences", "who the team serves, and who owns each audience"),
    ("02_role_reshape.ipynb", "2 · Role reshape", "what stays, what shifts, what AI absorbs"),
    (
        "03_marops_costing.ipynb",
        "3 · MarOps costing",
        "the MarOps roles, the new org's cost",
    ),
    ("04_migration_timeline.ipynb", "4 · Migration", "the month-by-month path"),
    (
        "06_agent_governance.ipynb",
        "6 · Agent governance",
        "who answers for each agent, pods, metrics, the budget shift",
    ),
    ("05_export.ipynb", "5 · Export", "the finance workbook and chart files"),
    ("07_scenarios.ipynb", "7 · Scenarios", "save a variant, compare two plans side by side"),
)
"""The guided steps in order: notebook file, title, what it decides."""


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "my-plan"


class PlanPicker(w.VBox):
    """Choose the current plan: keep going, open a file, copy the example, or start blank.

    "Open a plan file" reads from the workspace's plans folder (:func:`plans_folder`): a bare
    name is a file there. A path that leads anywhere else — absolute, ``~``, ``..``, a symlink
    out of the folder — is shown resolved with a question, and read only when the user presses
    the second button (:attr:`open_anyway`). A file that is not a plan is named, never shown.
    """

    def __init__(self) -> None:
        self.current = w.HTML()
        self.mode = w.RadioButtons(
            options=[
                ("Keep working on the current plan", "current"),
                ("Open a plan file", "open"),
                ("Start from the example plan (Brightwave, 30 people)", "example"),
                ("Start a blank plan from the defaults", "blank"),
            ],
            value="current",
            layout=w.Layout(width="auto"),
        )
        self.path = w.Combobox(
            placeholder="my-plan.yaml (a file in your workspace's plans folder)",
            options=self._known_plans(),
            description="Plan file",
            layout=w.Layout(width="40em"),
        )
        self.name = w.Text(value="My team", description="Plan name", layout=w.Layout(width="40em"))
        self.go = w.Button(description="Use this plan", button_style="primary", icon="check")
        self.problems = ProblemList(ok_text="")
        self.problems.layout.display = "none"
        self.overview = w.HTML()
        self.confirm_text = w.HTML()
        self.open_anyway = w.Button(description="Open it anyway", button_style="warning")
        self.confirm_box = w.HBox([self.confirm_text, self.open_anyway])
        self.confirm_box.layout.display = "none"
        self._asked: Path | None = None
        """The file outside the workspace the user was asked about (resolved)."""
        self.go.on_click(guarded(lambda _b: self.choose(), self.problems, what="use this plan"))
        self.open_anyway.on_click(
            guarded(lambda _b: self.open_outside(), self.problems, what="open this file")
        )
        self.mode.observe(
            guarded(lambda _c: self._toggle(), self.problems, what="switch the choice"),
            names="value",
        )
        self.path.observe(
            guarded(lambda _c: self._withdraw(), self.problems, what="change the path"),
            names="value",
        )
        super().__init__(
            [
                self.current,
                self.mode,
                self.path,
                self.name,
                self.go,
                self.confirm_box,
                self.problems,
                self.overview,
            ]
        )
        self._toggle()
        self._show_current()

    def _known_plans(self) -> list[str]:
        folder = plans_folder()
        return sorted(p.name for p in folder.glob("*.yaml")) if folder.is_dir() else []

    def _toggle(self) -> None:
        self.path.layout.display = None if self.mode.value == "open" else "none"
        self.name.layout.display = None if self.mode.value in ("example", "blank") else "none"
        self._withdraw()

    def _withdraw(self) -> None:
        """Forget the question about a file outside the workspace (the path or choice changed)."""
        self._asked = None
        self.confirm_box.layout.display = "none"
        self.confirm_text.value = ""

    def _show_current(self) -> None:
        path = current_plan_path()
        try:
            plan = read_plan_file(path)
        except PlanError as err:
            self.current.value = (
                f"<b>Current plan:</b> {html.escape(str(path))} — "
                "<span class='mocmo-error'>it has problems; fix them or pick another plan.</span>"
            )
            self.problems.show(err.problems)
            self.problems.layout.display = None
            self.overview.value = ""
            return
        self.current.value = (
            f"<b>Current plan:</b> {html.escape(plan.meta.name)}"
            f" <small>({html.escape(str(path))})</small>"
        )
        self.overview.value = _overview_html(plan)

    def _problem(self, message: str) -> None:
        self.problems.show([Problem("", message)])
        self.problems.layout.display = None

    def choose(self) -> Path | None:
        """Make the selected plan the current one (writing a new file for example/blank).

        For "Open a plan file" with a path outside the workspace, nothing is read: the picker
        asks first (:attr:`confirm_box`) and returns None; :meth:`open_outside` answers.
        """
        self.problems.layout.display = "none"
        self._withdraw()
        mode = self.mode.value
        try:
            if mode == "current":
                target = current_plan_path()
                read_plan_file(target)
            elif mode == "open":
                typed = self.path.value.strip()
                if not typed:
                    self._problem(
                        f"Type the name of a plan file in {plans_folder()}, or pick one in the list"
                    )
                    return None
                target, inside = locate_plan_file(typed)
                if not inside:
                    self._asked = target
                    self.confirm_text.value = html.escape(
                        f"This file is outside your workspace: {target} — open it anyway?"
                    )
                    self.confirm_box.layout.display = None
                    return None
                read_plan_file(target)
            else:
                name = self.name.value.strip() or "My team"
                target = plans_folder() / f"{_slug(name)}.yaml"
                if target.exists():
                    raise FileExistsError(
                        f"{target} already exists: open it, or choose another plan name"
                    )
                if mode == "example":
                    plan = with_value(defaults.load_example(), "meta.name", name)
                else:
                    plan = defaults.starter_plan(name=name)
                save_plan(plan, target)
        except PlanError as err:
            self.problems.show(err.problems)
            self.problems.layout.display = None
            return None
        except OSError as err:  # FileExistsError included
            self._problem(reason(err))
            return None
        return self._use(target)

    def open_outside(self) -> Path | None:
        """Press "Open it anyway": open the file outside the workspace the picker asked about,
        if the path box still points at it; otherwise nothing is read."""
        asked = self._asked
        self._withdraw()
        if asked is None or self.mode.value != "open":
            return None
        target, _inside = locate_plan_file(self.path.value.strip())
        if target != asked:
            return None
        try:
            read_plan_file(target)
        except PlanError as err:
            self.problems.show(err.problems)
            self.problems.layout.display = None
            return None
        return self._use(target)

    def _use(self, target: Path) -> Path:
        chosen = set_current_plan_path(target)
        open_session(chosen, fresh=True)
        self.path.options = self._known_plans()
        self._show_current()
        return chosen


def _overview_html(plan: Plan) -> str:
    from mocmo.summary import headline

    figures = headline(plan)
    currency = plan.meta.currency
    rows = "".join(
        f"<tr><td>{html.escape(figure_label(key))}</td>"
        f"<td style='text-align:right'>{html.escape(describe_figure(key, value, currency))}"
        "</td></tr>"
        for key, value in figures.items()
    )
    steps = "".join(
        f"<li><a href='{nb}'>{html.escape(title)}</a> — {html.escape(what)}</li>"
        for nb, title, what in STEPS
    )
    table = f"<table>{rows}</table>" if rows else ""
    return f"<h4>Where this plan stands</h4>{table}<h4>The steps</h4><ol>{steps}</ol>"


def panel() -> w.VBox:
    """The Start Here page: the plan picker and an overview of the chosen plan."""
    return w.VBox([PlanPicker()])
