"""The one-page app: a sidebar of steps over the step panels, all on one plan session.

``mocmo app`` serves ``notebooks/app.ipynb``, whose one visible output is :func:`app`: an
:class:`AppShell`. The shell holds ONE :class:`~mocmo.ui.core.PlanSession`; every step's panel
is built from it on its first visit (the same ``mocmo.ui.*`` panels the notebooks show) and
kept afterwards, so changing step is a change of which panel is displayed: no page load, no
new kernel, nothing lost. Every built panel stays on the page, hidden while another step is
shown (the browser keeps its drawn views: showing it again redraws nothing). Panels observe
the session, so a panel shown again already shows the current plan.

``mocmo app`` runs the notebook in a pre-started kernel before anyone asks for the page
(Voilà's ``preheat_kernel``), so the app may have been built minutes before the page is asked
for: the notebook's last cell, :func:`wait_for_page`, waits for that request and then
:meth:`AppShell.refresh` shows the plan as it is on disk then.

Leaving the tab with unsaved changes asks first: :func:`leave_guard_script` (displayed once by
the app notebook) installs a ``beforeunload`` handler that asks while an element with the class
``mocmo-dirty`` is on the page; the shell's :class:`LeaveGuard` widget carries that class
exactly while the session has unsaved changes.
"""

from __future__ import annotations

import asyncio
import html
import importlib
import logging
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as w

from mocmo.ui.core import PlanSession, open_session, show_charts_of

__all__ = [
    "APP_STEPS",
    "DIRTY_CLASS",
    "AppShell",
    "LeaveGuard",
    "Step",
    "app",
    "leave_guard_script",
    "wait_for_page",
]

DIRTY_CLASS = "mocmo-dirty"
"""The CSS class the leave guard carries while the plan has unsaved changes."""


@dataclass(frozen=True)
class Step:
    """One step of the app: its key, its title in the sidebar, and what it decides."""

    key: str
    title: str
    what: str


APP_STEPS: tuple[Step, ...] = (
    Step("start", "Start", "choose the plan every step works on"),
    Step("diagnose", "Diagnose", "where you and the team stand today"),
    Step("audiences", "Audiences", "who the team serves, and who owns each audience"),
    Step("reshape", "Reshape", "what stays, what shifts, what AI absorbs"),
    Step("costing", "Costing", "the MarOps roles and the new org's cost"),
    Step("migration", "Migration", "the month-by-month path"),
    Step("agents", "Agents", "who answers for each agent, pods, metrics, the budget shift"),
    Step("scenarios", "Scenarios", "save a variant, compare two plans side by side"),
    Step("export", "Export", "the finance workbook and chart files"),
)
"""The app's steps in order; the sidebar numbers them 1..N."""

_CSS = """<style>
.mocmo-shell-nav { min-width: 13em; padding-right: 1em; border-right: 1px solid #ddd; }
.mocmo-shell-nav .widget-button { width: 100%; text-align: left; justify-content: flex-start; }
.mocmo-shell-main { padding-left: 1.2em; flex: 1 1 auto; min-width: 0; }
</style>"""

_STEP_NUMBER = re.compile(r"Step \d+ ·")


def leave_guard_script() -> Any:
    """The ``beforeunload`` handler, as an IPython ``Javascript`` object for the notebook to
    display once: leaving (closing, reloading, another address) asks while the page holds an
    element of class :data:`DIRTY_CLASS`."""
    from IPython.display import Javascript

    return Javascript(
        "window.onbeforeunload = function (event) {"
        f"  if (document.querySelector('.{DIRTY_CLASS}')) {{"
        "    event.preventDefault();"
        "    event.returnValue = 'Your plan has unsaved changes.';"
        "    return event.returnValue;"
        "  }"
        "  return undefined;"
        "};"
    )


class LeaveGuard(w.HTML):
    """A small note that carries :data:`DIRTY_CLASS` while the session has unsaved changes."""

    def __init__(self, session: PlanSession) -> None:
        super().__init__()
        self.session = session
        self.sync()

    @property
    def armed(self) -> bool:
        """True when leaving the page would ask first."""
        return DIRTY_CLASS in self._dom_classes

    def sync(self) -> None:
        """Arm or disarm from the session's unsaved state."""
        if self.session.dirty:
            self.add_class(DIRTY_CLASS)
            self.value = (
                '<span class="mocmo-warning">● Unsaved changes — save before you leave '
                "(the browser asks if you try).</span>"
            )
        else:
            self.remove_class(DIRTY_CLASS)
            self.value = ""


#: Each step's panel module in mocmo.ui (imported on first use: a step's modules load when
#: visited); every one has ``panel(session)``.
_PANEL_MODULES: dict[str, str] = {
    "diagnose": "diagnostics",
    "audiences": "audiences",
    "reshape": "reshape",
    "costing": "costing",
    "migration": "migration",
    "agents": "governance",
    "scenarios": "scenarios",
    "export": "export",
}


def _build_panel(key: str, session: PlanSession) -> w.Widget:
    """The panel of step ``key`` on ``session``, its module imported now."""
    module = importlib.import_module(f"mocmo.ui.{_PANEL_MODULES[key]}")
    panel: Callable[[PlanSession], w.Widget] = module.panel
    return panel(session)


class AppShell(w.HBox):
    """The app: a numbered sidebar of :data:`APP_STEPS`, the shown step's panel, a Next button.

    ``go(key)`` shows a step (building its panel on first visit); :attr:`panels` keeps every
    panel built so far; :attr:`session` is the one plan session they all share. Choosing another
    plan on the Start step makes a new session and drops the built panels (they showed the old
    plan); they are built again, from the new plan, when visited.
    """

    def __init__(self, session: PlanSession | None = None) -> None:
        from mocmo.ui.start import PlanPicker

        self.session = session if session is not None else open_session()
        self.panels: dict[str, w.Widget] = {}
        self.current = ""
        self._start_shown: tuple[Any, Path, bool] | None = None
        self.guard = LeaveGuard(self.session)
        self.picker = PlanPicker(on_chosen=self._plan_chosen)
        self.nav_buttons: dict[str, w.Button] = {}
        for number, step in enumerate(APP_STEPS, start=1):
            button = w.Button(
                description=f"{number} · {step.title}",
                tooltip=step.what,
                layout=w.Layout(width="100%"),
            )
            button.on_click(lambda _b, key=step.key: self.go(key))
            self.nav_buttons[step.key] = button
        self.heading = w.HTML()
        self.body = w.VBox()
        self.next_button = w.Button(
            button_style="primary", icon="arrow-right", layout=w.Layout(width="auto")
        )
        self.next_button.on_click(lambda _b: self.next())
        nav = w.VBox([w.HTML(f"{_CSS}<b>mocmo</b> · steps"), *self.nav_buttons.values()])
        nav.add_class("mocmo-shell-nav")
        main = w.VBox([self.guard, self.heading, self.body, self.next_button])
        main.add_class("mocmo-shell-main")
        super().__init__([nav, main], layout=w.Layout(width="100%"))
        self.add_class("mocmo-shell")
        self._watch(self.session)
        self.go("start")

    # ------------------------------------------------------------------------------ steps
    @staticmethod
    def number(key: str) -> int:
        """The step's number as the sidebar shows it (1..N)."""
        keys = [s.key for s in APP_STEPS]
        if key not in keys:
            raise KeyError(f"step: got {key!r}, must be one of {', '.join(keys)}")
        return keys.index(key) + 1

    def panel(self, key: str) -> w.Widget:
        """The step's panel, built on first use and kept afterwards."""
        number = self.number(key)
        if key not in self.panels:
            if key == "start":
                built: w.Widget = self.picker
            else:
                built = _build_panel(key, self.session)
                _renumber(built, number)
                self._hook_save_bar(built)
            self.panels[key] = built
        return self.panels[key]

    def go(self, key: str) -> None:
        """Show step ``key``: its panel (built now if never visited) under its numbered title."""
        number = self.number(key)
        shown = self.panel(key)
        step = APP_STEPS[number - 1]
        self.current = key
        if shown not in self.body.children:
            self.body.children = (*self.body.children, shown)
        for child in self.body.children:
            child.layout.display = None if child is shown else "none"
            if child is not shown:  # a hidden step redraws when shown, not at every edit
                self.session.hide_views(child)
        self.session.show_views(shown)
        self.heading.value = (
            f"<div class='mocmo-shell-step'>Step {number} of {len(APP_STEPS)} · "
            f"<b>{html.escape(step.title)}</b> — {html.escape(step.what)}</div>"
        )
        for other, button in self.nav_buttons.items():
            button.button_style = "info" if other == key else ""
        if number < len(APP_STEPS):
            following = APP_STEPS[number]
            self.next_button.description = f"Next: {number + 1} · {following.title}"
            self.next_button.layout.display = None
        else:
            self.next_button.layout.display = "none"
        if key == "start":
            self._show_start()
        show_charts_of(shown)  # the shown step's waiting charts are drawn; hidden ones wait
        bar = getattr(shown, "save_bar", None)
        if bar is not None:
            bar.refresh()  # another step may have saved since this one was last shown
        self.guard.sync()

    def next(self) -> None:
        """Press Next: show the following step."""
        keys = [s.key for s in APP_STEPS]
        index = keys.index(self.current)
        if index + 1 < len(keys):
            self.go(keys[index + 1])

    # ------------------------------------------------------------------------------ plan
    def _watch(self, session: PlanSession) -> None:
        def changed(_plan: object) -> None:
            if session is self.session:
                self.guard.sync()
                if self.current == "start":  # other steps' panels redraw themselves
                    self._show_start()

        session.observe(changed)
        self._show_start()

    def _show_start(self) -> None:
        """Start's overview shows the session's plan, edits included (drawn again only when
        the plan, its file or its unsaved state changed since last drawn: plans are frozen)."""
        shown = (self.session.plan, self.session.path, self.session.dirty)
        last = self._start_shown
        if last is not None and last[0] is shown[0] and last[1:] == shown[1:]:
            return
        self._start_shown = shown
        self.picker.show_plan(*shown)

    def _hook_save_bar(self, built: w.Widget) -> None:
        """After Save, Save as, Reload or Replace in a panel's bar, re-check the leave guard
        (saving changes no plan, so the session's observers are not told)."""
        bar = getattr(built, "save_bar", None)
        if bar is None:
            return
        for name in ("save_button", "save_as_button", "reload_button", "replace_button"):
            button = getattr(bar, name, None)
            if button is not None:
                button.on_click(lambda _b: self.guard.sync())

    def _plan_chosen(self, path: Path) -> None:
        """Start chose another plan: one new session; the other steps rebuild from it."""
        self._start_shown = None  # the picker has just drawn its own view of the chosen file
        session = open_session(path)
        if session is self.session:
            self._show_start()
            return
        self.session = session
        self.guard.session = session
        self.panels = {"start": self.picker}
        self.body.children = tuple(c for c in self.body.children if c is self.picker)
        self._watch(session)
        self.guard.sync()

    def refresh(self) -> None:
        """Show the plan as it is now: the current plan (another tab may have chosen another)
        and, unless this page has unsaved edits, the file as it is on disk (another tab may have
        saved it); Start's list of plans is read again. Called when the page is asked for."""
        from mocmo.ui.core import current_plan_path

        path = current_plan_path()
        if path != self.session.path:
            self._plan_chosen(path)
        elif not self.session.dirty and self.session.disk_changed():
            self._plan_chosen_fresh(path)
        self.picker.refresh_plans()
        if self.current == "start":
            self._show_start()

    def _plan_chosen_fresh(self, path: Path) -> None:
        """The file changed on disk since this kernel read it: a new session from the file."""
        open_session(path, fresh=True)
        self._plan_chosen(path)


def _renumber(panel: w.Widget, number: int) -> None:
    """Make a panel's "Step N ·" title use the sidebar's number, and hide its "Next" text (the
    shell's Next button replaces it)."""
    children = getattr(panel, "children", ())
    if not children:
        return
    header = children[0]
    if isinstance(header, w.HTML):
        header.value = _STEP_NUMBER.sub(f"Step {number} ·", header.value, count=1)
    last = children[-1]
    if isinstance(last, w.HTML) and 'mocmo-section">Next' in last.value:
        last.layout.display = "none"


def app() -> AppShell:
    """The one-page app on the current plan (what ``notebooks/app.ipynb`` shows); its charts
    are drawn after each edit's figures, on the kernel's event loop
    (:func:`mocmo.ui.core.defer_charts`)."""
    from mocmo.ui.core import defer_charts

    defer_charts()
    return AppShell()


READY_FILE_ENV = "MOCMO_APP_READY_FILE"
"""Where ``mocmo app`` waits for a pre-started kernel to say it has built the app."""

_log = logging.getLogger(__name__)


def wait_for_page(shell: AppShell) -> bool:
    """In a pre-started kernel (Voilà's ``preheat_kernel``): say the app is built, wait until
    a browser asks for the page, then :meth:`AppShell.refresh`. Returns whether it waited.

    Elsewhere (JupyterLab, a kernel started for the request, tests) it returns at once. The
    request is announced on Voilà's ``/voila/query/<kernel id>`` websocket, which the server's
    gate opens to this run's kernels with the kernel key (``MOCMO_KERNEL_KEY``); the request's
    details (its query string carries the token) are not kept.
    """
    if os.environ.get("VOILA_PREHEAT") != "True":
        return False
    ready = os.environ.get(READY_FILE_ENV)
    if ready:
        Path(ready).touch()
    url = (
        f"ws://127.0.0.1:{os.environ.get('VOILA_APP_PORT', '8866')}"
        f"{os.environ.get('VOILA_SERVER_URL', '/')}voila/query/{os.environ.get('VOILA_KERNEL_ID')}"
    )
    key = os.environ.get("MOCMO_KERNEL_KEY", "")
    failed: list[BaseException] = []

    async def listen() -> None:
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        request = HTTPRequest(url, headers={"Authorization": f"token {key}"})
        connection = await websocket_connect(request)
        await connection.read_message()  # the page was asked for; what it says is not kept
        connection.close()

    def run() -> None:
        try:
            asyncio.new_event_loop().run_until_complete(listen())
        except Exception as err:  # the page is served anyway; the log says why
            failed.append(err)

    thread = threading.Thread(target=run, name="mocmo-wait-for-page", daemon=True)
    thread.start()
    thread.join()  # the kernel's cell runs on until the page is asked for: that is the point
    if failed:
        _log.warning("mocmo app: could not hear the page request (%s)", failed[0])
    shell.refresh()
    return True
