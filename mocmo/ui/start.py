"""Start Here: choose the plan every step works on — an existing file, the example, or blank."""

from __future__ import annotations

import html
import re
from pathlib import Path

import ipywidgets as w

from mocmo import defaults
from mocmo.format import describe_figure
from mocmo.plan import PlanError, load_plan, save_plan, with_value
from mocmo.ui.core import (
    ProblemList,
    current_plan_path,
    open_session,
    set_current_plan_path,
    workspace_dir,
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


def plans_folder() -> Path:
    """Where new plans are written: the workspace's ``plans`` folder."""
    return workspace_dir() / "plans"


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "my-plan"


class PlanPicker(w.VBox):
    """Choose the current plan: keep going, open a file, copy the example, or start blank."""

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
            placeholder="path/to/plan.yaml",
            options=self._known_plans(),
            description="Plan file",
            layout=w.Layout(width="40em"),
        )
        self.name = w.Text(value="My team", description="Plan name", layout=w.Layout(width="40em"))
        self.go = w.Button(description="Use this plan", button_style="primary", icon="check")
        self.problems = ProblemList(ok_text="")
        self.problems.layout.display = "none"
        self.overview = w.HTML()
        self.go.on_click(lambda _b: self.choose())
        self.mode.observe(lambda _c: self._toggle(), names="value")
        super().__init__(
            [self.current, self.mode, self.path, self.name, self.go, self.problems, self.overview]
        )
        self._toggle()
        self._show_current()

    def _known_plans(self) -> list[str]:
        folder = plans_folder()
        return sorted(str(p) for p in folder.glob("*.yaml")) if folder.is_dir() else []

    def _toggle(self) -> None:
        self.path.layout.display = None if self.mode.value == "open" else "none"
        self.name.layout.display = None if self.mode.value in ("example", "blank") else "none"

    def _show_current(self) -> None:
        path = current_plan_path()
        try:
            plan = load_plan(path)
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
        self.overview.value = _overview_html(path)

    def choose(self) -> Path | None:
        """Make the selected plan the current one (writing a new file for example/blank)."""
        self.problems.layout.display = "none"
        mode = self.mode.value
        try:
            if mode == "current":
                target = current_plan_path()
                load_plan(target)
            elif mode == "open":
                target = Path(self.path.value.strip()).expanduser()
                load_plan(target)
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
        except (FileExistsError, OSError) as err:
            self.current.value = f"<span class='mocmo-error'>{html.escape(str(err))}</span>"
            return None
        chosen = set_current_plan_path(target)
        open_session(chosen, fresh=True)
        self.path.options = self._known_plans()
        self._show_current()
        return chosen


def _overview_html(path: Path) -> str:
    from mocmo.summary import headline

    plan = load_plan(path)
    figures = headline(plan)
    currency = plan.meta.currency
    rows = "".join(
        f"<tr><td>{html.escape(key.replace('_', ' '))}</td>"
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
