"""Scenarios: save the current plan as a named variant, and compare any two plans.

:class:`ScenariosPanel` has two parts:

* **Save as a variant** — writes the session's current plan (with any unsaved edits) to
  ``<plan>-<variant>.yaml`` in the same folder as the plan's file, its name marked with the
  variant, so that "what if AI absorbs less?" can be kept beside the plan. The session keeps
  working on its own file.
* **Compare two plans** — pick plan A and plan B among the plans in that folder (or the current
  plan as edited); the panel shows every headline figure of both with the difference, what
  differs in the inputs in words, and the A-vs-B charts. Everything shown comes from
  :func:`mocmo.compare.compare`; the panel computes nothing.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import ipywidgets as w

from mocmo.charts.compare import comparison_charts
from mocmo.compare import Comparison, compare
from mocmo.format import describe_figure, figure_label
from mocmo.plan import Plan, PlanError, save_plan, with_value
from mocmo.present.compare import describe_delta
from mocmo.ui import core as ui

__all__ = ["CURRENT", "ScenariosPanel", "panel", "variant_path"]

CURRENT = "(the current plan, as edited here)"
"""The choice that compares the session's plan with its unsaved edits."""

_WHY = (
    "A plan is a set of bets: how much of each team's work AI absorbs, how fast the audiences "
    "get their owners, which MarOps seats you combine. Keep the bet you doubt as a <b>variant</b> "
    "beside your plan — say <i>less-ai</i> with AI absorbing less than you think — and compare "
    "the two: every headline figure side by side with the difference, and what differs in the "
    "inputs in plain words, the way a reviewer would read it."
)
_NEXT = (
    "Go back to any step to change the plan, save another variant, and compare again; or run "
    "<code>mocmo compare A.yaml B.yaml --out DIR</code> for the comparison workbook and charts."
)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.strip().lower()).strip("-")


def variant_path(plan_path: Path, variant: str) -> Path:
    """Where a variant of the plan at ``plan_path`` is saved: ``<stem>-<variant>.yaml`` in the
    same folder (the variant name made file-safe: ``Less AI`` → ``less-ai``)."""
    slug = _slug(variant)
    if not slug:
        raise ValueError("give the variant a name, e.g. less-ai")
    return plan_path.with_name(f"{plan_path.stem}-{slug}.yaml")


class ScenariosPanel(ui.StepLayout):
    """Save variants of the session's plan and compare any two plans."""

    def __init__(self, session: ui.PlanSession | None = None) -> None:
        self.session = session or ui.open_session()
        self.variant = w.Text(description="Variant", placeholder="e.g. less-ai")
        self.save_button = w.Button(
            description="Save as a variant", icon="copy", layout=w.Layout(width="auto")
        )
        self.save_note = w.HTML()
        self.save_problems = ui.ProblemList()
        self.plan_a = w.Dropdown(description="Plan A")
        self.plan_b = w.Dropdown(description="Plan B")
        self.compare_button = w.Button(description="Compare", button_style="primary")
        self.compare_problems = ui.ProblemList()
        self.heading = w.HTML()
        self.figures = w.HTML()
        self.differences = w.HTML()
        self.cost_box = ui.ChartBox()
        self.timeline_box = ui.ChartBox()
        self.comparison: Comparison | None = None
        """The comparison now shown (for tests)."""
        ui.on_click(
            self.save_button,
            lambda: self.save_variant(),
            self.save_problems,
            what="save the variant",
        )
        ui.on_click(
            self.compare_button, lambda: self.run(), self.compare_problems, what="compare the plans"
        )
        self.refresh_choices()
        super().__init__(
            title="Scenarios — compare two versions of the plan",
            why=_WHY,
            inputs=[
                ui.section("Save the current plan as a variant"),
                w.HBox([self.variant, self.save_button]),
                self.save_note,
                self.save_problems,
                ui.section("Compare two plans"),
                w.HBox([self.plan_a, self.plan_b, self.compare_button]),
                self.compare_problems,
            ],
            results=[self.heading, self.figures, ui.section("What differs"), self.differences],
            charts=[self.cost_box, self.timeline_box],
            next_step=_NEXT,
            session=self.session,
        )

    # choices ----------------------------------------------------------------------------------
    @property
    def folder(self) -> Path:
        """The folder of the session's plan file, where variants are saved."""
        return self.session.path.parent

    def plan_files(self) -> list[Path]:
        """The plan files (``*.yaml``) in :attr:`folder`, by name."""
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.glob("*.yaml") if not p.name.startswith("."))

    def refresh_choices(self, b_default: Path | None = None) -> None:
        """List the plans of the folder in both pickers; A defaults to the current plan, B to
        ``b_default`` or the newest other file."""
        files = self.plan_files()
        options = [(CURRENT, CURRENT)] + [(p.name, str(p)) for p in files]
        for picker in (self.plan_a, self.plan_b):
            picker.options = options
        current = str(self.session.path)
        self.plan_a.value = current if current in dict(options).values() else CURRENT
        others = [p for p in files if str(p) != current]
        if b_default is not None and str(b_default) in dict(options).values():
            self.plan_b.value = str(b_default)
        elif others:
            self.plan_b.value = str(max(others, key=lambda p: p.stat().st_mtime))
        else:
            self.plan_b.value = CURRENT

    # actions ----------------------------------------------------------------------------------
    def save_variant(self) -> Path | None:
        """Save the current plan as the variant named in :attr:`variant`; returns its path, or
        None (with the reasons shown) when the name is empty, the file exists or the plan has
        errors."""
        self.save_problems.show([])
        try:
            target = variant_path(self.session.path, self.variant.value)
        except ValueError as err:
            self.save_note.value = f"<span class='mocmo-error'>{html.escape(str(err))}</span>"
            return None
        errors = self.session.errors()
        if errors:
            self.save_note.value = "The plan has errors; fix them before saving a variant."
            self.save_problems.show(errors)
            return None
        if target.exists():
            self.save_note.value = (
                f"<span class='mocmo-error'>{html.escape(target.name)} already exists; "
                "choose another variant name.</span>"
            )
            return None
        plan = self.session.plan
        variant = with_value(plan, "meta.name", f"{plan.meta.name} ({self.variant.value.strip()})")
        save_plan(variant, target)
        self.save_note.value = (
            f"Saved <b>{html.escape(target.name)}</b> beside your plan. Your plan stays "
            f"{html.escape(self.session.path.name)}; open the variant in Start Here to edit it."
        )
        self.refresh_choices(b_default=target)
        return target

    def _load(self, choice: str) -> Plan:
        if choice == CURRENT:
            return self.session.plan
        return ui.read_plan_file(Path(choice))

    def run(self) -> Comparison | None:
        """Compare the two chosen plans and show the figures, the differences and the charts;
        returns the comparison, or None (with the problems shown) if a plan cannot be read."""
        self.compare_problems.show([])
        try:
            a = self._load(str(self.plan_a.value))
            b = self._load(str(self.plan_b.value))
        except PlanError as err:
            self.compare_problems.show(err.problems)
            return None
        result = compare(a, b)
        self.comparison = result
        self.heading.value = (
            f"<b>A</b>: {html.escape(a.meta.name)} &nbsp; <b>B</b>: {html.escape(b.meta.name)}"
        )
        self.figures.value = ui.html_table(_figure_rows(result), numeric=("A", "B", "B − A", "%"))
        if result.differences:
            items = "".join(f"<li>{html.escape(d.text)}</li>" for d in result.differences)
            self.differences.value = f"<ul>{items}</ul>"
        else:
            self.differences.value = "<i>No differences in the inputs.</i>"
        charts = comparison_charts(a, b)
        self.cost_box.draw(charts["cost_by_group"])
        self.timeline_box.draw(charts["timeline"])
        return result


def _figure_rows(result: Comparison) -> list[dict[str, str]]:
    cur = result.currency
    rows = []
    for f in result.figures:
        pct = "—" if f.pct is None else f"{f.pct * 100:+.1f}%"
        rows.append(
            {
                "Figure": figure_label(f.key),
                "A": describe_figure(f.key, f.a, cur),
                "B": describe_figure(f.key, f.b, cur),
                "B − A": describe_delta(f.key, f.delta, cur),
                "%": pct,
            }
        )
    return rows


def panel(session: ui.PlanSession | None = None) -> ScenariosPanel:
    """The Scenarios page for the notebook's plan (``MOCMO_PLAN`` or the current plan)."""
    return ScenariosPanel(session)
