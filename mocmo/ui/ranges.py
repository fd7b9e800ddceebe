"""Ranges on the drivers in the app (issue #19): what if AI absorbs less, oversight costs more,
hiring is late, ramp-up is slower, pay rises faster, AI costs more, new hires cost more?

:class:`DriverRangesSection`, mounted in the Costing step (:mod:`mocmo.ui.costing`), shows

* how the ranges are made, in one line (draws, seed, what is and is not varied);
* the P10 / P50 / P90 of the four figures a CMO asks about — the whole-cost net change, the
  one-off cost, the break-even month and the new model's whole cost — beside the plan's own;
* every driver with its low, plan and high value and where its range comes from;
* the tornado (each driver at its P10 and its P90) as a table and a chart, and the spread of the
  whole-cost net change as a histogram;
* "what would have to be true" for the plan to save money and to break even, on a button: the
  thresholds take about a second (a bisection per driver), the rest a few tenths.

Every number comes from :mod:`mocmo.ranges` and the figure registry; the functions here only
put them in words and money (:mod:`mocmo.format`). The section holds no figure of its own: it
redraws from the plan after every edit. In the app (charts drawn after the figures, see
:func:`mocmo.ui.core.defer_charts`) the simulation of a new plan runs on the kernel's event loop
right after the edit's figures are shown, the section saying "recomputing" meanwhile, so an
edit's other figures are not held up by it; elsewhere it redraws at once.
"""

from __future__ import annotations

import html
import math
from typing import Any

import ipywidgets as w

from mocmo import ranges
from mocmo.figures import figure
from mocmo.format import fmt_money
from mocmo.plan import Plan
from mocmo.ui.core import ChartBox, PlanSession, guarded, html_table, open_session, section

__all__ = [
    "NOT_REACHED",
    "DriverRangesSection",
    "drivers_html",
    "figures_html",
    "method_html",
    "month_words",
    "panel",
    "thresholds_html",
    "tornado_html",
]

NOT_REACHED = "not within reach"
"""How a break-even month that never comes is shown."""
TRUTH_BUTTON = "What would have to be true"
"""The button that computes the thresholds."""

_PLAN_BREAKEVEN = "breakeven_projection"
"""The registry figure the simulated break-even month is set beside: the simulation, like this
figure, carries the last month's saving on beyond the horizon."""
_FIGURES_NUMERIC = ("P10", "P50", "P90", "The plan's own")
_DRIVERS_NUMERIC = ("Low", "Plan", "High")
_TORNADO_NUMERIC = (
    "At its P10",
    "Net change at P10",
    "Break-even at P10",
    "At its P90",
    "Net change at P90",
    "Break-even at P90",
    "Swing",
)
_TESTS = (
    ("saves", "Saving money"),
    ("breaks_even", "Breaking even within the horizon"),
)
_METHOD = (
    "the plan's value of every driver is the mode and the median of its split triangular "
    "range; today's payroll and headcount are known facts and are not varied; interactions "
    "between drivers are not modelled (their effects are added)."
)


# --------------------------------------------------------------------------- words


def month_words(month: float | None, horizon: int) -> str:
    """A break-even month as the tables say it: "month 17", "month 26 (after the 18-month
    horizon)", or :data:`NOT_REACHED` (None, infinite or not a number)."""
    if month is None or not math.isfinite(float(month)):
        return NOT_REACHED
    whole = round(float(month))
    if whole > horizon:
        return f"month {whole} (after the {horizon}-month horizon)"
    return f"month {whole}"


def _value_words(key: str, value: float | int | None, plan: Plan) -> str:
    if key == "breakeven_month":
        return month_words(None if value is None else float(value), plan.horizon_months)
    return fmt_money(None if value is None else float(value), plan.meta.currency)


def method_html(plan: Plan) -> str:
    """The one line on how the ranges are made."""
    sim = ranges.simulate_drivers(plan)
    varied = len(sim.drivers)
    return (
        f"<div><small>{sim.draws:,} draws, seed {sim.seed}, of the {varied} driver"
        f"{'' if varied == 1 else 's'} with a range ({sim.evaluations:,} runs of the model). "
        f"{html.escape(_METHOD[:1].upper() + _METHOD[1:])} P10: 1 draw in 10 comes out lower; "
        "P90: 1 in 10 higher.</small></div>"
    )


def figures_html(plan: Plan) -> str:
    """The P10 / P50 / P90 of the four range figures beside the plan's own figure."""
    values = ranges.headline(plan)
    rows = []
    for key in ranges.RANGE_FIGURES:
        spec = figure(key)
        own_key = _PLAN_BREAKEVEN if key == "breakeven_month" else key
        own = figure(own_key).compute(plan)
        rows.append(
            {
                "Figure": spec.label,
                "P10": _value_words(key, values[f"{key}_p10"], plan),
                "P50": _value_words(key, values[f"{key}_p50"], plan),
                "P90": _value_words(key, values[f"{key}_p90"], plan),
                "The plan's own": _value_words(key, _number(own), plan),
                "Unit": spec.unit_words,
            }
        )
    return html_table(rows, numeric=_FIGURES_NUMERIC)


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def drivers_html(plan: Plan) -> str:
    """Every driver: its low, plan and high value in its own terms, and its range's source."""
    rows = []
    for d in ranges.drivers(plan):
        kept = d.high - d.low <= 1e-12
        where = "default" if d.default_range else "your plan's range"
        rows.append(
            {
                "Driver": d.label,
                "Low": d.format(d.low),
                "Plan": d.format(d.plan_value),
                "High": d.format(d.high),
                "Range": where + (" (not varied)" if kept else ""),
                "Source": d.source,
            }
        )
    if not rows:
        return "<i>The plan has no uncertain drivers.</i>"
    return html_table(rows, numeric=_DRIVERS_NUMERIC)


def tornado_html(plan: Plan) -> str:
    """The tornado as a table: each driver at its P10 and its P90, the rest at the plan's
    value; largest swing first."""
    cur, horizon = plan.meta.currency, plan.horizon_months
    table = ranges.tornado(plan)
    rows = [
        {
            "Driver": r["label"],
            "At its P10": r["p10_words"],
            "Net change at P10": fmt_money(float(r["net_change_at_p10"]), cur),
            "Break-even at P10": month_words(_number(r["breakeven_at_p10"]), horizon),
            "At its P90": r["p90_words"],
            "Net change at P90": fmt_money(float(r["net_change_at_p90"]), cur),
            "Break-even at P90": month_words(_number(r["breakeven_at_p90"]), horizon),
            "Swing": fmt_money(float(r["swing"]), cur),
        }
        for r in table.to_dict("records")
    ]
    if not rows:
        return "<i>No driver has a range: every figure is the plan's own.</i>"
    base = fmt_money(float(table["net_change_base"].iloc[0]), cur)
    note = (
        f"<div>The whole-cost net change is {html.escape(base)} a year at the plan's values; "
        "each row moves one driver to its P10 and to its P90, every other driver as planned. "
        "Swing: how far apart the two net changes are.</div>"
    )
    return note + html_table(rows, numeric=_TORNADO_NUMERIC)


def thresholds_html(plan: Plan) -> str:
    """ "What would have to be true": each driver's threshold sentence, grouped by test
    (saving money, breaking even), the drivers that cross first in each group."""
    found = ranges.thresholds(plan)
    parts = []
    for test, title in _TESTS:
        chosen = sorted(
            (t for t in found if t.test == test), key=lambda t: t.value is None
        )  # a value to watch first; "whatever it is" after
        if not chosen:
            continue
        items = "".join(f"<li>{html.escape(t.sentence)}</li>" for t in chosen)
        parts.append(f"<div><b>{html.escape(title)}</b></div><ul>{items}</ul>")
    return "".join(parts) or "<i>The plan has no uncertain drivers.</i>"


# --------------------------------------------------------------------------- the section


def _event_loop() -> Any:
    """The kernel's event loop when the app draws charts after the figures (then the section
    redraws on it too), else None (with :data:`~mocmo.ui.core.layout.DEFER` on, the section
    waits for :func:`~mocmo.ui.core.layout.draw_pending`, as the charts do)."""
    from mocmo.ui.core import layout

    if not layout.DEFER:
        return None
    from IPython import get_ipython

    kernel = getattr(get_ipython(), "kernel", None)
    return getattr(kernel, "io_loop", None)


class DriverRangesSection(w.VBox):
    """Ranges on the drivers: the method, the P10 / P50 / P90 table, the drivers, the tornado
    (table and chart), the histogram and, on a button, what would have to be true.

    ``follow``: redraw on every change of the session's plan by itself (a notebook); the
    Costing step passes False and calls :meth:`refresh` from its own redraw."""

    def __init__(self, session: PlanSession, *, follow: bool = True) -> None:
        self.session = session
        self.status = w.HTML()
        self.method = w.HTML()
        self.figures = w.HTML()
        self.drivers = w.HTML()
        self.tornado = w.HTML()
        self.tornado_box = ChartBox()
        self.range_box = ChartBox()
        self.truth = w.HTML()
        self.truth_button = w.Button(
            description=TRUTH_BUTTON, icon="question-circle", layout=w.Layout(width="auto")
        )
        self.truth_button.on_click(
            guarded(
                lambda _b: self.show_thresholds(),
                self._say,
                what="work out what would have to be true",
                busy=(self.truth_button,),
            )
        )
        self.charts: dict[str, Any] = {}
        self.shown: Plan | None = None
        """The plan whose ranges are on screen."""
        self._truth_for: Plan | None = None
        self._waiting: Plan | None = None
        self._scheduled = False
        super().__init__(
            [
                section("Ranges on the drivers: what if the plan's assumptions are off?"),
                self.status,
                self.method,
                self.figures,
                self.range_box,
                section("The drivers and their ranges"),
                self.drivers,
                section("Which driver matters most"),
                self.tornado,
                self.tornado_box,
                section("What would have to be true"),
                w.HTML(
                    "How far each driver alone may move before the plan stops saving money, "
                    "or stops breaking even within its horizon (about a second to work out)."
                ),
                self.truth_button,
                self.truth,
            ]
        )
        if follow:
            session.observe(self.refresh)
            self.refresh(session.plan)

    def _say(self, message: str) -> None:
        self.status.value = f"<span class='mocmo-error'>{html.escape(message)}</span>"

    def refresh(self, plan: Plan | None = None) -> None:
        """Redraw from ``plan`` (default: the session's): at once, or in the app right after the
        edit's other figures, saying "recomputing" until then."""
        from mocmo.ui.core import layout

        plan = plan if plan is not None else self.session.plan
        if not layout.DEFER or plan is self.shown:
            self.redraw(plan)
            return
        self._waiting = plan
        self.status.value = (
            "<span class='mocmo-warning'>Recomputing the ranges for the plan as it is now…</span>"
        )
        loop = _event_loop()
        if loop is None:  # no event loop: drawn by layout.draw_pending, after the figures
            layout.defer_section(self)
        elif not self._scheduled:
            self._scheduled = True
            loop.add_callback(guarded(self.redraw_waiting, self._say, what="redraw the ranges"))

    @property
    def pending(self) -> bool:
        """Whether a plan is waiting to be drawn (:meth:`redraw_waiting`)."""
        return self._waiting is not None

    def redraw_waiting(self) -> None:
        """Draw the newest plan waiting (several quick edits draw once)."""
        self._scheduled = False
        plan, self._waiting = self._waiting, None
        if plan is not None:
            self.redraw(plan)

    def redraw(self, plan: Plan) -> None:
        """Compute and show every table and chart of the section for ``plan``."""
        from mocmo.charts.ranges import driver_tornado_chart, range_chart

        cur = plan.meta.currency
        self.method.value = method_html(plan)
        self.figures.value = figures_html(plan)
        self.drivers.value = drivers_html(plan)
        self.tornado.value = tornado_html(plan)
        own = _number(figure("total_net_change").compute(plan))
        self.charts = {
            "driver_range": range_chart(ranges.simulate_drivers(plan), cur, own),
            "driver_tornado": driver_tornado_chart(ranges.tornado(plan), cur),
        }
        self.range_box.draw(self.charts["driver_range"])
        self.tornado_box.draw(self.charts["driver_tornado"])
        if self._truth_for is not None and self._truth_for is not plan:
            self.truth.value = (
                "<i>The plan has changed since: press “What would have to be true” again to "
                "work it out for the plan as it is now.</i>"
            )
        self.shown = plan
        if self._waiting is None:
            self.status.value = ""

    def show_thresholds(self) -> str:
        """Work out "what would have to be true" for the plan shown (saying so meanwhile) and
        show the sentences; returns their HTML."""
        plan = self.session.plan
        self.truth.value = "<i>Computing what would have to be true…</i>"
        sentences = thresholds_html(plan)
        self.truth.value = sentences
        self._truth_for = plan
        return sentences


def panel(session: PlanSession | None = None) -> DriverRangesSection:
    """The ranges on the drivers for the notebook's plan (``MOCMO_PLAN`` or the current plan)."""
    return DriverRangesSection(session if session is not None else open_session())
