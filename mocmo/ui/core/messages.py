"""Messages in a page: an error's reason in one line, a message shown where the page shows
them, widget callbacks that never fail silently (:func:`guarded`), and :class:`ProblemList`."""

from __future__ import annotations

import html
import logging
import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import ipywidgets as w

from mocmo.plan import Plan, PlanError, Problem

_log = logging.getLogger(__name__)

Shower = Callable[[str], None]
"""Shows a one-line message in a page."""


def reason(err: BaseException) -> str:
    """Why ``err`` happened, in one line a person can read: no exception class, no errno, no
    traceback (those go to the log)."""
    if isinstance(err, PlanError):
        from mocmo.present.messages import plain

        top = err.problems[0] if err.problems else Problem("", "the plan is invalid")
        first = plain(top).rstrip(".") if top.path else top.message  # a path: in plain words
        more = len(err.problems) - 1
        return first + (f" (and {more} more)" if more > 0 else "")
    if isinstance(err, OSError) and err.strerror:
        return err.strerror + (f" ({err.filename})" if err.filename else "")
    lines = str(err).strip().splitlines()
    if not lines:
        return f"an unexpected error ({type(err).__name__}); the details are in the log"
    line = lines[0]
    return line if len(line) <= 200 else line[:199] + "…"


def show_message(show: ProblemList | Shower, message: str) -> None:
    """Show ``message`` in a problem list (made visible) or through a :data:`Shower`; a failure
    to show it is logged, never raised."""
    try:
        if isinstance(show, ProblemList):
            show.show([Problem("", message)])
            show.layout.display = None
        else:
            show(message)
    except Exception:
        _log.exception("could not show the message %r", message)


def guarded(
    handler: Callable[..., object],
    show: ProblemList | Shower,
    *,
    what: str,
    busy: Sequence[w.Button] = (),
    reset: Callable[[], None] | None = None,
) -> Callable[..., None]:
    """``handler`` as a widget callback (``on_click``, ``observe``) that never fails silently.

    ipywidgets swallows an exception raised in a callback into the kernel's log, so the page
    would just stop (a button stuck on "Exporting…"). Here the traceback is logged (``logging``)
    and ``show`` gets one line, "Could not <what>: <reason>"; ``busy`` buttons are disabled while
    the handler runs and put back as they were afterwards, and ``reset`` (say, clearing a
    progress bar) runs after a failure. With ``MOCMO_STRICT_VIEWS`` set (the tests) the error is
    raised again after being shown.
    """

    def run(*args: Any, **kwargs: Any) -> None:
        before = [button.disabled for button in busy]
        for button in busy:
            button.disabled = True
        try:
            handler(*args, **kwargs)
        except Exception as err:
            _log.exception("could not %s", what)
            if reset is not None:
                try:
                    reset()
                except Exception:
                    _log.exception("could not reset the page after a failure")
            show_message(show, f"Could not {what}: {reason(err)}")
            if os.environ.get("MOCMO_STRICT_VIEWS"):  # tests: a failing handler must fail
                raise
        finally:
            for button, disabled in zip(busy, before, strict=True):
                button.disabled = disabled

    return run


def on_click(
    button: w.Button,
    action: Callable[[], object],
    show: ProblemList | Shower,
    *,
    what: str,
    busy: Sequence[w.Button] = (),
) -> None:
    """Run ``action()`` when ``button`` is pressed, :func:`guarded` (a failure says "Could not
    <what>: …" through ``show``, ``busy`` buttons are off while it runs)."""
    button.on_click(guarded(lambda _b: action(), show, what=what, busy=busy))


def on_change(
    widget: w.ValueWidget, action: Callable[..., object], show: ProblemList | Shower, *, what: str
) -> None:
    """Run ``action(change)`` when ``widget``'s value changes, :func:`guarded`."""
    widget.observe(guarded(action, show, what=what), names="value")


# --------------------------------------------------------------------------- widgets

_CSS = """
<style>
.mocmo-step h2 {margin: 0.2em 0 0.1em 0;}
.mocmo-why {color: #333; max-width: 60em;}
.mocmo-section {font-weight: 600; font-size: 1.05em; margin-top: 0.8em; color: #1f4e79;}
.mocmo-problems ul {margin: 0.2em 0; padding-left: 1.2em;}
.mocmo-problems details {display: inline-block; color: #777; font-size: 0.85em;}
.mocmo-error {color: #b03a2e;}
.mocmo-warning {color: #9a6700;}
.mocmo-ok {color: #1e7b34;}
.mocmo-table table {border-collapse: collapse; font-size: 0.92em;}
.mocmo-table th, .mocmo-table td {padding: 2px 8px; border-bottom: 1px solid #ddd;
  text-align: left;}
.mocmo-table td.num, .mocmo-table th.num {text-align: right;}
</style>
"""


class ProblemList(w.HTML):
    """Problems as a readable list, errors first, each marked with its severity."""

    def __init__(
        self, problems: Sequence[Problem] = (), ok_text: str = "No problems found."
    ) -> None:
        super().__init__()
        self.ok_text = ok_text
        self.add_class("mocmo-problems")
        self.show(problems)

    def show(self, problems: Iterable[Problem], plan: Plan | None = None) -> None:
        """Replace the list with ``problems``, each in plain words
        (:func:`mocmo.present.messages.plain`, items named from ``plan`` when given) with its
        path and technical message behind a "details" disclosure for analysts."""
        from mocmo.present.messages import plain

        items = sorted(problems, key=lambda p: p.severity != "error")
        if not items:
            self.value = f'{_CSS}<span class="mocmo-ok">✔ {html.escape(self.ok_text)}</span>'
            return
        rows = "".join(
            f'<li class="mocmo-{p.severity}"><b>{"Error" if p.severity == "error" else "Check"}'
            f"</b> — {html.escape(plain(p, plan))}"
            + (
                f" <details><summary>details</summary>{html.escape(str(p))}</details>"
                if p.path
                else ""
            )
            + "</li>"
            for p in items
        )
        self.value = f"{_CSS}<ul>{rows}</ul>"

    def show_or_hide(self, problems: Sequence[Problem], plan: Plan | None = None) -> None:
        """Show ``problems`` and the list, or hide the list when there are none."""
        self.show(problems, plan)
        self.layout.display = None if problems else "none"
