"""The step page: :class:`StepLayout` (title, why, inputs, results, charts, next step, the
Save bar, and :meth:`StepLayout.edit`), :class:`ChartBox`, :func:`section` and
:func:`html_table`; :func:`draw_pending`, :func:`defer_charts` and
:func:`show_charts_of` (when charts are drawn)."""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import ipywidgets as w

from mocmo.plan import Problem
from mocmo.ui.core.messages import _CSS, ProblemList
from mocmo.ui.core.savebar import SaveBar
from mocmo.ui.core.session import PlanSession

_NOT_DRAWN: Any = object()


class ChartBox(w.Output):
    """An output area that shows one chart and keeps it (``.chart``) for tests to inspect.

    Drawing a chart as SVG takes ~0.4 s a chart, so where the kernel has an event loop and
    :data:`DEFER` is on (``mocmo app``), :meth:`draw` only records the chart: an edit updates
    its figures and tables at once, and the charts are drawn afterwards, one per turn of the
    kernel's event loop, the newest chart of each box winning (several quick edits draw once).
    A chart whose spec did not change is not drawn again. :func:`draw_pending` (and
    :meth:`draw_now`) draws what is waiting at once: tests, scripts and notebooks run with
    :data:`DEFER` off and see every chart drawn when :meth:`draw` returns.
    """

    def __init__(self) -> None:
        super().__init__()
        self.chart: Any = None
        self._drawn_spec: str | None = None
        self.drawn: Any = _NOT_DRAWN
        """The chart last sent to the page."""

    def draw(self, chart: Any) -> None:
        """Replace the shown chart; the chart already shown (the same object, as a remembered
        builder returns for unchanged data) is left as it is, not sent to the page again.

        The chart is drawn as SVG (see :func:`mocmo.charts.core.enable_offline`) straight into
        the widget's outputs: no ``display()`` inside the output area, whose round trip through
        the kernel's output capture nbclient — hence Voilà and nbval — can lose
        (jupyter/nbclient#312). Outside a kernel (tests, scripts) only ``.chart`` is kept.
        """
        if chart is self.chart and chart is not None:
            return
        self.chart = chart
        kernel = _kernel()
        if kernel is None:
            return
        if DEFER:
            _PENDING[id(self)] = self
            _schedule(kernel)
            return
        self.draw_now()

    @property
    def pending(self) -> bool:
        """Whether the box holds a chart not drawn yet."""
        return id(self) in _PENDING

    def draw_now(self) -> None:
        """Draw the box's chart now (if it is not the one shown, by its spec)."""
        _PENDING.pop(id(self), None)
        chart = self.chart
        if chart is self.drawn:
            return
        spec = _spec_key(chart)
        if spec is not None and spec == self._drawn_spec:
            self.drawn = chart
            return
        from mocmo.charts.core import enable_offline

        enable_offline()
        self.outputs = ()
        self.append_display_data(chart)
        self.drawn = chart
        self._drawn_spec = spec


DEFER = False
"""Whether :meth:`ChartBox.draw` leaves the drawing to the kernel's event loop (``mocmo app``
sets it; elsewhere every chart is drawn before ``draw`` returns)."""

_PENDING: dict[int, ChartBox] = {}
"""The boxes whose newest chart is not drawn yet, in the order they were first asked."""

_scheduled = False


def _kernel() -> Any:
    from IPython import get_ipython

    return getattr(get_ipython(), "kernel", None)


def _spec_key(chart: Any) -> str | None:
    """A digest of the chart's Vega-Lite spec (``None`` for what is not an altair chart)."""
    to_dict = getattr(chart, "to_dict", None)
    if to_dict is None:
        return None
    text = json.dumps(to_dict(), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _schedule(kernel: Any) -> None:
    """Ask the kernel's event loop to draw the next waiting chart (once; no loop: wait for
    :func:`draw_pending`)."""
    global _scheduled
    loop = getattr(kernel, "io_loop", None)
    if _scheduled or loop is None:
        return
    _scheduled = True
    loop.add_callback(_draw_next, kernel)


_SHOWN: list[w.Widget] = []
"""The part of the page that is shown (:func:`show_charts_of`; empty: all of it)."""


def show_charts_of(root: w.Widget | None, *, kernel: Any = None) -> None:
    """Say which part of the page is shown (the app's current step): the event loop draws only
    the waiting charts inside ``root``; the others wait until their part is shown (or
    :func:`draw_pending`). ``None``: every waiting chart is drawn."""
    _SHOWN[:] = [] if root is None else [root]
    kernel = kernel if kernel is not None else _kernel()
    if _PENDING and kernel is not None:
        _schedule(kernel)


def _boxes_under(root: w.Widget) -> list[ChartBox]:
    """The chart boxes inside ``root`` (through every container's ``children``), in order."""
    found: list[ChartBox] = []
    stack = [root]
    while stack:
        widget = stack.pop()
        if isinstance(widget, ChartBox):
            found.append(widget)
        stack.extend(reversed(getattr(widget, "children", ()) or ()))
    return found


def _next_shown() -> ChartBox | None:
    """The first waiting box in the shown part of the page (any, when none is said)."""
    if not _SHOWN:
        return next(iter(_PENDING.values()), None)
    return next((b for b in _boxes_under(_SHOWN[0]) if id(b) in _PENDING), None)


def _draw_next(kernel: Any) -> None:
    """Draw one waiting chart of the shown part of the page, then give the loop back (an edit
    that arrives meanwhile is handled before the next chart, and replaces the charts it
    changes)."""
    global _scheduled
    _scheduled = False
    box = _next_shown()
    if box is None:
        return
    try:
        box.draw_now()
    finally:
        if _next_shown() is not None:
            _schedule(kernel)


_SECTIONS: dict[int, Any] = {}
"""Sections whose redraw waits for :func:`draw_pending` (a kernel without an event loop): each
has ``redraw_waiting()``."""


def defer_section(section: Any) -> None:
    """Leave ``section.redraw_waiting()`` to :func:`draw_pending` (where the kernel has no event
    loop to run it after the edit's figures)."""
    _SECTIONS[id(section)] = section


def draw_pending() -> int:
    """Draw every section and chart waiting to be drawn, now; returns how many were waiting."""
    count = 0
    while _SECTIONS or _PENDING:
        if _SECTIONS:
            _SECTIONS.pop(next(iter(_SECTIONS))).redraw_waiting()
        else:
            next(iter(_PENDING.values())).draw_now()
        count += 1
    return count


def defer_charts(on: bool = True) -> None:
    """Turn :data:`DEFER` on (``mocmo app``) or off; turning it off draws what is waiting."""
    global DEFER
    DEFER = on
    if not on:
        draw_pending()


def section(title: str) -> w.HTML:
    """A small heading inside a step page."""
    return w.HTML(f'<div class="mocmo-section">{html.escape(title)}</div>')


NO_VALUE: Any = object()
"""The default of :meth:`StepLayout.edit`'s ``value``: the edit is a mapping of changes."""


class StepLayout(w.VBox):
    """The same page for every step: title, why it matters, inputs, results, charts, next step,
    and the Save bar."""

    edit_problems: ProblemList
    """Where :meth:`edit` shows a refused edit's problems (each page places it in its inputs)."""
    edit_note: w.HTML | None = None
    """Where :meth:`edit` says "Not changed" or what was done (a page may have none)."""

    def edit(
        self,
        changes: Mapping[str, Any] | str,
        value: Any = NO_VALUE,
        *,
        done: str = "",
        show: bool = True,
        problems_to: ProblemList | None = None,
        note_to: w.HTML | None = None,
    ) -> list[Problem]:
        """Apply one edit — ``{path: value, ...}`` or ``path, value`` — as a new validated plan.

        Returns the problems of a refused edit (the plan then stays as it was); with ``show``
        they are listed in :attr:`edit_problems` (or ``problems_to``, a form's own list) and
        :attr:`edit_note` (or ``note_to``) says "Not changed", else the caller shows them (a
        typed box, next to itself). An accepted edit hides the list and puts ``done`` in the note.
        """
        if isinstance(changes, str):
            if value is NO_VALUE:
                raise TypeError("edit(path, value) needs a value")
            changes = {changes: value}
        problems = self.session.apply(changes)
        if problems and not show:
            return problems
        listed = problems_to if problems_to is not None else self.edit_problems
        listed.show(problems, self.session.plan)
        listed.layout.display = None if problems else "none"
        note = note_to if note_to is not None else self.edit_note
        if note is not None:
            note.value = (
                "<span class='mocmo-error'>Not changed — fix the problems below.</span>"
                if problems
                else (f"<span class='mocmo-ok'>✔ {html.escape(done)}</span>" if done else "")
            )
        return problems

    def __init__(
        self,
        title: str,
        why: str,
        inputs: Sequence[w.Widget],
        results: Sequence[w.Widget],
        charts: Sequence[w.Widget],
        next_step: str,
        session: PlanSession,
    ) -> None:
        self.session = session
        self.save_bar = SaveBar(session)
        header = w.HTML(
            f'{_CSS}<div class="mocmo-step"><h2>{html.escape(title)}</h2>'
            f'<div class="mocmo-why">{why}</div></div>'
        )
        parts: list[w.Widget] = [header, self.save_bar]
        if inputs:
            parts += [section("Your inputs"), *inputs]
        if results:
            parts += [section("What it means"), *results]
        if charts:
            parts += [section("Charts"), *charts]
        parts.append(w.HTML(f'<div class="mocmo-section">Next</div><div>{next_step}</div>'))
        super().__init__(parts)
        self.add_class("mocmo-step")


def html_table(rows: Sequence[Mapping[str, Any]], numeric: Iterable[str] = ()) -> str:
    """A small HTML table of already-formatted values (escaped)."""
    if not rows:
        return "<i>Nothing here yet.</i>"
    cols = list(rows[0])
    num = set(numeric)
    head = "".join(
        f'<th class="{"num" if c in num else ""}">{html.escape(str(c))}</th>' for c in cols
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{"num" if c in num else ""}">{html.escape(str(r.get(c, "")))}</td>'
            for c in cols
        )
        + "</tr>"
        for r in rows
    )
    return f'{_CSS}<div class="mocmo-table"><table><tr>{head}</tr>{body}</table></div>'
