"""The pieces every step's widgets stand on: the current plan, saving it, and the page layout.

* :class:`PlanSession` holds the one current :class:`~mocmo.plan.Plan` of a notebook (or app
  page). Widgets never keep values of their own: an edit calls :meth:`PlanSession.apply`, which
  makes a new validated plan, and every observer redraws from ``session.plan``.
* Saving is explicit (the Save button), atomic, refused for a plan with errors, and refused when
  the file changed on disk since it was loaded (another tab, an editor, a ``git pull``): the user
  then reloads or saves under a new name — no lost update.
* :func:`current_plan_path` is the one place that says which plan file the workbook works on:
  ``MOCMO_PLAN`` if set, else the choice made in Start Here (remembered in the workspace), else a
  working copy of the bundled example in the workspace.

The parts: :mod:`~mocmo.ui.core.session` (where the plan lives, the session),
:mod:`~mocmo.ui.core.plan_files` (files the user names), :mod:`~mocmo.ui.core.messages`
(reasons, guarded callbacks, problem lists), :mod:`~mocmo.ui.core.savebar` and
:mod:`~mocmo.ui.core.layout` (the step page). Every name is importable from here.
"""

from mocmo.ui.core.layout import (
    NO_VALUE,
    ChartBox,
    StepLayout,
    defer_charts,
    draw_pending,
    html_table,
    section,
    show_charts_of,
)
from mocmo.ui.core.messages import (
    ProblemList,
    Shower,
    guarded,
    on_change,
    on_click,
    reason,
    show_message,
)
from mocmo.ui.core.plan_files import (
    MAX_NAME_CHARS,
    locate_plan_file,
    plan_file_name,
    plans_folder,
    read_plan_file,
)
from mocmo.ui.core.savebar import SaveBar
from mocmo.ui.core.session import _SESSIONS as _SESSIONS  # the kernel's sessions (tests clear it)
from mocmo.ui.core.session import (
    Observer,
    PlanSession,
    SaveOutcome,
    current_plan_path,
    open_session,
    set_current_plan_path,
    workspace_dir,
)
from mocmo.ui.core.session import _fingerprint as _fingerprint

__all__ = [
    "MAX_NAME_CHARS",
    "NO_VALUE",
    "ChartBox",
    "Observer",
    "PlanSession",
    "ProblemList",
    "SaveBar",
    "SaveOutcome",
    "Shower",
    "StepLayout",
    "current_plan_path",
    "defer_charts",
    "draw_pending",
    "guarded",
    "html_table",
    "locate_plan_file",
    "on_change",
    "on_click",
    "open_session",
    "plan_file_name",
    "plans_folder",
    "read_plan_file",
    "reason",
    "section",
    "set_current_plan_path",
    "show_charts_of",
    "show_message",
    "workspace_dir",
]
