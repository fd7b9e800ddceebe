"""Ranges on the drivers in the Costing step (issue #19), without a browser: the section renders
on the example, follows every edit of the plan, says its figures in words and money (no Python
repr, no float noise) and works out "what would have to be true" on its button."""

from __future__ import annotations

import html
import re
import types
from pathlib import Path
from typing import Any

import pytest
import yaml
from plans import example_copy

from mocmo import ranges
from mocmo.defaults import data_dir
from mocmo.format import fmt_money
from mocmo.plan import Plan
from mocmo.ui import ranges as ui_ranges
from mocmo.ui.core import PlanSession
from mocmo.ui.costing import CostingPanel
from mocmo.ui.ranges import NOT_REACHED, TRUTH_BUTTON, DriverRangesSection, month_words

FIGURE_ROWS = (
    "Whole-cost net change",
    "One-off transition cost",
    "Break-even month",
    "Whole cost of the new model",
)
"""The four CMO figures, in the order the table lists them."""


@pytest.fixture
def panel(tmp_path: Path) -> CostingPanel:
    """The Costing step on a temporary copy of the Brightwave example."""
    return CostingPanel(PlanSession(example_copy(tmp_path)))


def _cells(table_html: str) -> list[list[str]]:
    """The rows of an HTML table as lists of cell texts (header row first)."""
    rows = re.findall(r"<tr>(.*?)</tr>", table_html, flags=re.S)
    return [
        [
            html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r)
        ]
        for r in rows
    ]


def _figure_rows(section: DriverRangesSection) -> dict[str, dict[str, str]]:
    """The P10 / P50 / P90 table: figure label (its start) → column → cell text."""
    head, *body = _cells(section.figures.value)
    out = {}
    for row in body:
        label = next(f for f in FIGURE_ROWS if row[0].startswith(f))
        out[label] = dict(zip(head, row, strict=True))
    return out


def _section_html(section: DriverRangesSection) -> str:
    parts = (section.status, section.method, section.figures, section.drivers, section.tornado)
    return "".join(p.value for p in (*parts, section.truth))


def _shows_the_plans_ranges(section: DriverRangesSection, plan: Plan) -> None:
    """Every P10 / P50 / P90 money cell is mocmo.ranges.headline of ``plan`` in £1.2M style."""
    values = ranges.headline(plan)
    rows = _figure_rows(section)
    cur = plan.meta.currency
    for label, key in zip(FIGURE_ROWS, ranges.RANGE_FIGURES, strict=True):
        if key == "breakeven_month":
            continue
        for q in (10, 50, 90):
            assert rows[label][f"P{q}"] == fmt_money(values[f"{key}_p{q}"], cur), (label, q)


def test_the_section_renders_on_the_example_inside_the_costing_step(panel: CostingPanel) -> None:
    """The Costing step shows the section with its method line, the P10 / P50 / P90 table of
    the four CMO figures beside the plan's own, every driver of the defaults file, the tornado
    (table and chart) and the histogram.

    The method line reads the draws and seed of data/defaults/ranges.yaml (the example sets
    none): 10,000 draws → "10,000 draws", and that seed."""
    section = panel.driver_ranges
    assert section in panel.children
    defaults_file = yaml.safe_load((data_dir() / "defaults" / "ranges.yaml").read_text())
    assert f"{defaults_file['draws']:,} draws, seed {defaults_file['seed']}" in section.method.value
    for words in ("mode and the median", "not varied", "not modelled"):
        assert words in section.method.value
    rows = _figure_rows(section)
    assert list(rows) == list(FIGURE_ROWS)
    columns = ["Figure", "P10", "P50", "P90", "The plan's own", "Unit"]
    assert list(next(iter(rows.values()))) == columns
    assert rows["One-off transition cost"]["Unit"] == "one-off"
    assert rows["Whole-cost net change"]["Unit"] == "per year"
    assert rows["Break-even month"]["P50"].startswith("month ")
    _shows_the_plans_ranges(section, panel.session.plan)
    drivers = _cells(section.drivers.value)
    assert drivers[0] == ["Driver", "Low", "Plan", "High", "Range", "Source"]
    assert len(drivers) - 1 == len(defaults_file["drivers"])
    assert {r[4] for r in drivers[1:]} == {"default"}
    tornado = _cells(section.tornado.value)
    assert tornado[0][0] == "Driver" and len(tornado) - 1 == len(ranges.tornado(panel.session.plan))
    assert set(section.charts) == {"driver_range", "driver_tornado"}
    assert section.range_box.chart is section.charts["driver_range"]
    assert section.tornado_box.chart is section.charts["driver_tornado"]


def test_raising_ai_prices_in_the_costing_step_redraws_the_ranges(panel: CostingPanel) -> None:
    """Tripling the AI seat price through the panel's edit path makes a new plan; every shown
    P10 / P50 / P90 is then mocmo.ranges.headline of that plan, the plan's own figures move
    with it, and the new model's whole cost is dearer at its median (more paid for every seat
    in every draw: the AI-price multiplier is drawn the same way for both plans)."""
    section = panel.driver_ranges
    before_plan = panel.session.plan
    before = _figure_rows(section)
    price = before_plan.assumptions.ai_costs.licence_per_user_month
    assert panel.edit("assumptions.ai_costs.licence_per_user_month", price * 3) == []
    after_plan = panel.session.plan
    assert after_plan is not before_plan
    assert section.shown is after_plan
    _shows_the_plans_ranges(section, after_plan)
    after = _figure_rows(section)
    new_cost = "Whole cost of the new model"
    assert after[new_cost]["P50"] != before[new_cost]["P50"]
    old_p50 = ranges.headline(before_plan)["new_total_cost_p50"]
    new_p50 = ranges.headline(after_plan)["new_total_cost_p50"]
    assert old_p50 is not None and new_p50 is not None and new_p50 > old_p50
    assert after[new_cost]["The plan's own"] != before[new_cost]["The plan's own"]


def test_a_new_plan_of_fixed_drivers_shows_the_plans_own_figure_at_every_percentile(
    panel: CostingPanel,
) -> None:
    """A plan that fixes every driver at its own value (low = high = 1 for a multiplier, 0 for
    an offset, 0.5 for new positions' pay) varies nothing: every draw is the plan itself, so
    P10 = P50 = P90 = the plan's own figure in each row; the drivers table says the ranges are
    the plan's and not varied, and the tornado has no driver. With 500 draws set in the plan
    the method line says "500 draws"."""
    point = {"multiplier": 1.0, "offset": 0.0, "quantile": 0.5}
    changes: dict[str, Any] = {
        f"assumptions.ranges.{d.key}": {"low": point[d.kind], "high": point[d.kind]}
        for d in ranges.drivers(panel.session.plan)
    }
    changes["assumptions.ranges.draws"] = 500
    assert panel.edit(changes) == []
    section = panel.driver_ranges
    assert "500 draws" in section.method.value
    for label, row in _figure_rows(section).items():
        assert row["P10"] == row["P50"] == row["P90"] == row["The plan's own"], label
    drivers = _cells(section.drivers.value)[1:]
    assert {r[4] for r in drivers} == {"your plan's range (not varied)"}
    assert "No driver has a range" in section.tornado.value


def test_the_section_shows_no_python_repr_or_float_noise(panel: CostingPanel) -> None:
    """Every cell is words, £1.2M-style money, a percentage or a month: no None/nan/inf, no
    numpy or dataclass repr, no number with three or more decimals, no index column (each
    table starts with a label column)."""
    section = panel.driver_ranges
    section.show_thresholds()
    text = re.sub(r"<style>.*?</style>", "", _section_html(section), flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    for noise in ("None", "nan", "inf ", "np.", "float64", "Threshold(", "Driver(", "e+0", "e-0"):
        assert noise not in text, noise
    assert not re.search(r"\d\.\d{3,}", text), re.findall(r"\S*\d\.\d{3,}\S*", text)
    for table in (section.figures, section.drivers, section.tornado):
        assert _cells(table.value)[0][0] in {"Figure", "Driver"}


def test_what_would_have_to_be_true_waits_for_its_button_and_goes_with_the_plan(
    panel: CostingPanel,
) -> None:
    """The thresholds (a second of bisection) are not worked out until the button is pressed;
    then each driver's sentence is shown under "Saving money" and under "Breaking even";
    after an edit the sentences of the old plan give way to a note to press it again."""
    section = panel.driver_ranges
    assert section.truth.value == ""
    assert section.truth_button.description == TRUTH_BUTTON
    assert section.truth_button.layout.width == "auto"
    section.truth_button.click()
    shown = html.unescape(section.truth.value)
    plan = panel.session.plan
    assert "<b>Saving money</b>" in shown and "<b>Breaking even within the horizon</b>" in shown
    for t in ranges.thresholds(plan):
        assert t.sentence in shown
    assert shown.index("Saving money") < shown.index("Breaking even")
    panel.edit("assumptions.ai_costs.licence_per_user_month", 40.0)
    assert "has changed since" in section.truth.value
    assert "Saving money" not in section.truth.value


def test_month_words() -> None:
    """A month within the horizon is "month N"; past it, it says so; none is not within reach."""
    assert month_words(17, 18) == "month 17"
    assert month_words(26.0, 18) == "month 26 (after the 18-month horizon)"
    assert month_words(None, 18) == month_words(float("inf"), 18) == NOT_REACHED


class _Loop:
    """A stand-in for the kernel's event loop: keeps the callbacks, runs them on request."""

    def __init__(self) -> None:
        self.callbacks: list[Any] = []

    def add_callback(self, callback: Any, *args: Any) -> None:
        self.callbacks.append((callback, args))

    def turn(self) -> None:
        callback, args = self.callbacks.pop(0)
        callback(*args)


def _defer_charts(monkeypatch: pytest.MonkeyPatch, kernel: Any) -> None:
    """The app's drawing, in a test: charts (and the ranges) wait for the kernel ``kernel``'s
    event loop, or for draw_pending when it has none; nothing is really rendered."""
    from mocmo.ui.core import ChartBox, layout

    monkeypatch.setattr("IPython.get_ipython", lambda: types.SimpleNamespace(kernel=kernel))
    monkeypatch.setattr(ChartBox, "append_display_data", lambda _s, _obj: None)
    monkeypatch.setattr(layout, "_PENDING", {})
    monkeypatch.setattr(layout, "_SECTIONS", {})
    monkeypatch.setattr(layout, "_scheduled", False)
    monkeypatch.setattr(layout, "DEFER", True)
    monkeypatch.setattr(layout, "_SHOWN", [])


def _two_quick_edits(panel: CostingPanel) -> Any:
    """Two AI-price edits in a row: the ranges say "Recomputing" and still show the plan from
    before them. Returns the ranges section."""
    section = panel.driver_ranges
    first = panel.session.plan
    panel.edit("assumptions.ai_costs.licence_per_user_month", 30.0)
    panel.edit("assumptions.ai_costs.licence_per_user_month", 45.0)
    assert "Recomputing" in section.status.value and section.pending
    assert section.shown is first
    return section


def test_in_the_app_the_ranges_redraw_on_the_loop_after_the_edit(
    panel: CostingPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With charts drawn after the figures (the app), an edit shows "Recomputing" at once and
    the section redraws on the kernel's loop: two quick edits are drawn once, from the newest
    plan, and the note goes."""
    loop = _Loop()
    _defer_charts(monkeypatch, types.SimpleNamespace(io_loop=loop))
    section = _two_quick_edits(panel)
    while loop.callbacks and section.pending:
        loop.turn()
    assert not section.pending and section.status.value == ""
    assert section.shown is panel.session.plan
    _shows_the_plans_ranges(section, panel.session.plan)


def test_a_kernel_without_a_loop_draws_the_ranges_with_the_waiting_charts(
    panel: CostingPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With charts drawn after the figures but no event loop (an in-process kernel), an edit
    leaves the section saying "Recomputing" on the old plan — it is not computed inside the
    edit — and draw_pending draws it from the newest plan, as it draws the waiting charts."""
    from mocmo.ui.core import layout

    _defer_charts(monkeypatch, types.SimpleNamespace())  # a kernel without io_loop
    section = _two_quick_edits(panel)
    assert layout.draw_pending() >= 1
    assert not section.pending and section.status.value == ""
    assert section.shown is panel.session.plan
    assert not layout._SECTIONS and not layout._PENDING
    _shows_the_plans_ranges(section, panel.session.plan)


def test_the_section_follows_the_session_on_its_own(tmp_path: Path) -> None:
    """Outside the Costing step (a notebook), the section redraws on every change of the plan."""
    session = PlanSession(example_copy(tmp_path))
    section = ui_ranges.panel(session)
    assert section.shown is session.plan
    session.apply({"assumptions.ai_costs.licence_per_user_month": 30.0})
    assert section.shown is session.plan
    _shows_the_plans_ranges(section, session.plan)
