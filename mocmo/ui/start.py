"""Start Here: choose the plan every step works on — an existing file, the example, or blank."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import datetime
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

__all__ = ["STEPS", "PlanPicker", "panel", "plans_folder", "plans_table"]

STEPS: tuple[tuple[str, str, str], ...] = (
    ("00_diagnostics.ipynb", "2 · Diagnose", "where you and the team stand today"),
    ("01_audiences.ipynb", "3 · Audiences", "who the team serves, and who owns each audience"),
    ("02_role_reshape.ipynb", "4 · Reshape", "what stays, what shifts, what AI absorbs"),
    ("03_marops_costing.ipynb", "5 · Costing", "the MarOps roles and the new org's cost"),
    ("04_migration_timeline.ipynb", "6 · Migration", "the month-by-month path"),
    (
        "06_agent_governance.ipynb",
        "7 · Agents",
        "who answers for each agent, pods, metrics, the budget shift",
    ),
    ("07_scenarios.ipynb", "8 · Scenarios", "save a variant, compare two plans side by side"),
    ("05_export.ipynb", "9 · Export", "the finance workbook and chart files"),
)
"""The guided steps in the app's order, numbered as its sidebar numbers them (1 is Start):
notebook file, title, what it decides."""


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

    def __init__(
        self, on_chosen: Callable[[Path], None] | None = None, links: bool | None = None
    ) -> None:
        self.on_chosen = on_chosen
        """Called with the chosen file after a plan is made current (the app's shell)."""
        self.links = on_chosen is None if links is None else links
        """Whether the steps list links to the notebooks (not in the one-page app)."""
        self.current = w.HTML()
        self.plans_list = w.HTML()
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
                self.plans_list,
            ]
        )
        self._toggle()
        if on_chosen is None:  # the app's shell shows its session's plan (show_plan) itself
            self._show_current()
        self._show_plans()

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
        self.overview.value = _overview_html(plan, links=self.links)

    def show_plan(self, plan: Plan, path: Path, dirty: bool = False) -> None:
        """Show ``plan`` (the app's session, edits included) as the current plan."""
        unsaved = " — <span class='mocmo-warning'>unsaved changes</span>" if dirty else ""
        self.current.value = (
            f"<b>Current plan:</b> {html.escape(plan.meta.name)}"
            f" <small>({html.escape(str(path))})</small>{unsaved}"
        )
        self.overview.value = _overview_html(plan, links=self.links)

    def _show_plans(self) -> None:
        """The plans in the workspace's plans folder: plan name, file and when last saved."""
        self.plans_list.value = plans_table(plans_folder())

    def refresh_plans(self) -> None:
        """Read the plans folder again (another tab may have saved a plan since)."""
        self.path.options = self._known_plans()
        self._show_plans()

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
        # "Keep working" keeps the open session (and its unsaved edits); another file is read.
        open_session(chosen, fresh=self.mode.value != "current")
        self.path.options = self._known_plans()
        self._show_current()
        self._show_plans()
        if self.on_chosen is not None:
            self.on_chosen(chosen)
        return chosen


_QUICK_NAME_BYTES = 1_000_000
"""Plan files up to this size are named from their YAML alone (the list needs only the name)."""


def _plan_name(path: Path) -> str:
    """The plan name ``meta.name`` of a plan file, or "(cannot be read)".

    Only the name is needed: a small file's YAML is read with PyYAML's C loader, without
    building and validating the whole plan (which takes most of a second per file); a larger or
    odd one goes through the full, guarded read."""
    import yaml

    unreadable = "(cannot be read)"
    try:
        if path.is_file() and not path.is_symlink() and path.stat().st_size <= _QUICK_NAME_BYTES:
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
            meta = data.get("meta") if isinstance(data, dict) else None
            name = meta.get("name") if isinstance(meta, dict) else None
            return name if isinstance(name, str) and name.strip() else unreadable
        return read_plan_file(path).meta.name
    except (PlanError, OSError, UnicodeDecodeError, yaml.YAMLError):
        return unreadable


def plans_table(folder: Path) -> str:
    """An HTML table of the plans in ``folder``: plan name, file, last saved (newest first).

    A file that is not a readable plan is listed with "(cannot be read)" as its name.
    """
    if not folder.is_dir():
        return ""
    rows = []
    files = sorted(folder.glob("*.yaml"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in files:
        name = _plan_name(path)
        saved = datetime.fromtimestamp(path.stat().st_mtime).strftime("%d %b %Y %H:%M")
        rows.append(
            f"<tr><td>{html.escape(name)}</td><td><code>{html.escape(path.name)}</code></td>"
            f"<td>{html.escape(saved)}</td></tr>"
        )
    if not rows:
        return ""
    return (
        "<h4>Your plans</h4><table class='mocmo-plans'><tr><th>Plan name</th><th>File</th>"
        f"<th>Last saved</th></tr>{''.join(rows)}</table>"
    )


def _overview_html(plan: Plan, links: bool = True) -> str:
    from mocmo.summary import headline

    figures = headline(plan, simulation=False)  # the ranges are on the Costing step
    currency = plan.meta.currency
    rows = "".join(
        f"<tr><td>{html.escape(figure_label(key))}</td>"
        f"<td style='text-align:right'>{html.escape(describe_figure(key, value, currency))}"
        "</td></tr>"
        for key, value in figures.items()
    )
    steps = "".join(
        (f"<li><a href='{nb}'>{html.escape(title)}</a>" if links else f"<li>{html.escape(title)}")
        + f" — {html.escape(what)}</li>"
        for nb, title, what in STEPS
    )
    table = f"<table>{rows}</table>" if rows else ""
    return (
        f"<h4>Where this plan stands</h4>{table}<h4>The steps</h4>"
        f"<ul style='list-style: none; padding-left: 0'>{steps}</ul>"
    )


def panel() -> w.VBox:
    """The Start Here page: the plan picker and an overview of the chosen plan."""
    return w.VBox([PlanPicker()])
