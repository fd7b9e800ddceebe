"""The step page: :class:`StepLayout` (title, why, inputs, results, charts, next step, the
Save bar, and :meth:`StepLayout.edit`), :class:`ChartBox`, :func:`section` and
:func:`html_table`."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import ipywidgets as w

from mocmo.plan import Problem
from mocmo.ui.core.messages import _CSS, ProblemList
from mocmo.ui.core.savebar import SaveBar
from mocmo.ui.core.session import PlanSession


class ChartBox(w.Output):
    """An output area that shows one chart and keeps it (``.chart``) for tests to inspect."""

    def __init__(self) -> None:
        super().__init__()
        self.chart: Any = None

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
        from IPython import get_ipython

        if getattr(get_ipython(), "kernel", None) is None:
            return
        from mocmo.charts.core import enable_offline

        enable_offline()
        self.outputs = ()
        self.append_display_data(chart)


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
