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
"""

from __future__ import annotations

import hashlib
import html
import logging
import os
import shutil
import stat
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import ipywidgets as w
import yaml

from mocmo.plan import (
    Plan,
    PlanError,
    Problem,
    load_plan_bytes,
    plan_from_yaml,
    with_changes,
)

__all__ = [
    "ChartBox",
    "PlanSession",
    "ProblemList",
    "SaveBar",
    "SaveOutcome",
    "StepLayout",
    "current_plan_path",
    "guarded",
    "html_table",
    "locate_plan_file",
    "open_session",
    "plan_file_name",
    "plans_folder",
    "read_plan_file",
    "reason",
    "section",
    "set_current_plan_path",
    "show_message",
    "workspace_dir",
]

Observer = Callable[[Plan], None]
_log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- where the plan lives


def workspace_dir() -> Path:
    """Folder of the user's plans and of the remembered current plan.

    ``MOCMO_HOME`` if set, else ``~/.mocmo``.
    """
    return Path(os.environ.get("MOCMO_HOME") or Path.home() / ".mocmo").expanduser().resolve()


def _pointer_file() -> Path:
    return workspace_dir() / "current-plan.txt"


def current_plan_path() -> Path:
    """The plan file every notebook works on.

    ``MOCMO_PLAN`` if set; else the plan chosen in Start Here; else the workspace's working copy of
    the bundled example, made on first use (the bundled file itself is never edited).
    """
    env = os.environ.get("MOCMO_PLAN")
    if env:
        return Path(env).expanduser().resolve()
    chosen = _remembered_plan(_pointer_file())
    return chosen if chosen is not None else _example_working_copy()


def _remembered_plan(pointer: Path) -> Path | None:
    """The plan path in the pointer file, or None when there is none. A pointer that is not one
    absolute path on one line (half-written, garbage, not a file) counts as none, with a
    warning in the log — never a crash."""
    from mocmo.files import FileRefused, read_bytes_limited

    try:
        raw = read_bytes_limited(pointer, limit=64 * 1024, what="current-plan file")
    except FileNotFoundError:
        return None
    except (FileRefused, OSError) as err:
        reason = getattr(err, "reason", None) or str(err)
        _log.warning(
            "the remembered current plan %s is unusable (%s); ignoring it", pointer, reason
        )
        return None
    try:
        chosen = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        chosen = "\0"  # not text: refused below
    if not chosen:
        return None
    if "\0" in chosen or "\n" in chosen or "\r" in chosen or not os.path.isabs(chosen):
        _log.warning(
            "the remembered current plan in %s is not one absolute path (half-written or "
            "garbage); ignoring it and opening the example's working copy",
            pointer,
        )
        return None
    return Path(chosen)


def _example_working_copy() -> Path:
    from mocmo import defaults

    target = workspace_dir() / "plans" / f"{defaults.DEFAULT_EXAMPLE}.yaml"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(defaults.example_path(), target)
    return target


def set_current_plan_path(path: str | os.PathLike[str]) -> Path:
    """Remember ``path`` as the plan every notebook opens (and the process's current plan)."""
    from mocmo import files

    resolved = Path(path).expanduser().resolve()
    # Atomic and locked: two processes choosing at once leave one whole path, never a mix.
    files.write_text_atomic(_pointer_file(), str(resolved))
    if os.environ.get("MOCMO_PLAN"):
        os.environ["MOCMO_PLAN"] = str(resolved)
    return resolved


# --------------------------------------------------------------------------- the session


def _fingerprint(path: Path, data: bytes | None = None) -> str | None:
    """SHA-256 of ``data`` (the bytes just read or written), else of the file at ``path`` now;
    None when there is no file. Never blocks on a FIFO or reads a device or a huge file: those
    get a fingerprint that matches no file."""
    from mocmo.files import FileRefused, read_bytes_limited

    if data is None:
        try:
            data = read_bytes_limited(path)
        except FileNotFoundError:
            return None
        except FileRefused as err:
            return f"refused: {err.reason}"
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class SaveOutcome:
    """What pressing Save did."""

    status: Literal["saved", "invalid", "conflict", "unchanged"]
    path: Path
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the file now holds the session's plan."""
        return self.status in ("saved", "unchanged")


class PlanSession:
    """The current plan of a notebook, its file, and whether it has unsaved changes."""

    def __init__(self, path: str | os.PathLike[str], plan: Plan | None = None) -> None:
        self.path = Path(path)
        if plan is None:
            plan, data = load_plan_bytes(self.path)  # fingerprint what was read, not a re-read
            self._saved_plan: Plan | None = plan
            self._disk = _fingerprint(self.path, data)
        else:
            self._saved_plan = None
            self._disk = _fingerprint(self.path)
        self._plan = plan
        self._observers: list[Observer] = []
        self._error_observers: list[Callable[[tuple[str, ...]], None]] = []
        self.view_errors: tuple[str, ...] = ()

    # state ------------------------------------------------------------------------------------
    @property
    def plan(self) -> Plan:
        """The current plan (a frozen model; edits make a new one)."""
        return self._plan

    @property
    def dirty(self) -> bool:
        """True when the plan differs from what was last loaded or saved."""
        return self._plan != self._saved_plan

    def errors(self) -> list[Problem]:
        """Error-severity problems of the current plan (they block saving)."""
        from mocmo.summary import plan_errors

        return plan_errors(self._plan)

    def disk_changed(self) -> bool:
        """True when the file on disk is not what this session loaded or last saved."""
        return _fingerprint(self.path) != self._disk

    # edits ------------------------------------------------------------------------------------
    def observe(self, callback: Observer) -> None:
        """Call ``callback(plan)`` after every change of the current plan."""
        self._observers.append(callback)

    def replace(self, plan: Plan) -> None:
        """Make ``plan`` the current plan and tell every observer."""
        if plan is self._plan:
            return
        self._plan = plan
        failures: list[str] = []
        for callback in list(self._observers):
            try:
                callback(plan)
            except Exception as err:  # a page shows a message, never a traceback
                if os.environ.get("MOCMO_STRICT_VIEWS"):  # tests: a broken view must fail
                    raise
                _log.exception("a view failed to redraw")
                failures.append(f"{type(err).__name__}: {err}")
        self.view_errors = tuple(failures)
        for report in list(self._error_observers):
            report(self.view_errors)

    def observe_errors(self, callback: Callable[[tuple[str, ...]], None]) -> None:
        """Call ``callback(messages)`` after each change with the views that failed to redraw
        (empty when all redrew), so a page can say so instead of showing a traceback."""
        self._error_observers.append(callback)

    def apply(self, changes: Mapping[str, Any]) -> list[Problem]:
        """Apply ``{path: value}`` edits as one new validated plan.

        Returns the problems if the edit is invalid; the current plan then stays as it was.
        """
        try:
            new = with_changes(self._plan, changes)
        except PlanError as err:
            return list(err.problems)
        except (KeyError, IndexError, TypeError) as err:
            return [Problem(", ".join(changes), f"cannot apply this edit ({err})")]
        self.replace(new)
        return []

    # files ------------------------------------------------------------------------------------
    def save(self) -> SaveOutcome:
        """Save atomically to :attr:`path`.

        Refused when the plan has errors, or when the file changed on disk since it was read.
        """
        from mocmo.files import plan_lock, write_bytes_atomic
        from mocmo.plan import dump_plan_yaml

        problems = self.errors()
        if problems:
            return SaveOutcome("invalid", self.path, tuple(problems))
        needs_write = self.dirty or self._disk is None
        data = dump_plan_yaml(self._plan).encode("utf-8") if needs_write else b""
        # Under the plan file's lock, so no other mocmo process writes between the check and
        # the rename; the fingerprint kept is of the bytes written, so a write landing after
        # the rename is seen at the next Save.
        with plan_lock(self.path):
            if self.disk_changed():
                return SaveOutcome(
                    "conflict",
                    self.path,
                    (
                        Problem(
                            "",
                            f"{self.path.name} changed on disk since it was opened here; reload "
                            "it (your edits here are dropped) or save yours under a new name",
                        ),
                    ),
                )
            if not needs_write:
                return SaveOutcome("unchanged", self.path)
            write_bytes_atomic(self.path, data, lock=False)
        self._saved_plan = self._plan
        self._disk = _fingerprint(self.path, data)
        return SaveOutcome("saved", self.path)

    def save_as(self, path: str | os.PathLike[str], overwrite: bool = False) -> SaveOutcome:
        """Save to a new file and make it this session's file."""
        from mocmo.files import plan_lock, real_path, write_bytes_atomic
        from mocmo.plan import dump_plan_yaml

        target = Path(path)
        problems = self.errors()
        if problems:
            return SaveOutcome("invalid", target, tuple(problems))
        data = dump_plan_yaml(self._plan).encode("utf-8")
        with plan_lock(target):  # the exists-check and the rename under one lock
            same = real_path(target) == real_path(self.path)
            if (target.exists() or target.is_symlink()) and not overwrite and not same:
                return SaveOutcome(
                    "conflict",
                    target,
                    (Problem("", f"{target} already exists; choose another name"),),
                )
            write_bytes_atomic(target, data, lock=False)
        self.path = target
        self._saved_plan = self._plan
        self._disk = _fingerprint(target, data)
        return SaveOutcome("saved", target)

    def reload(self) -> list[Problem]:
        """Drop unsaved edits and read the file again. Returns problems if the file is invalid
        (the current plan then stays)."""
        try:
            plan, data = load_plan_bytes(self.path)  # one read: the plan and its fingerprint
        except PlanError as err:
            return list(err.problems)
        self._saved_plan = plan
        self._disk = _fingerprint(self.path, data)
        self.replace(plan)
        return []


_SESSIONS: dict[Path, PlanSession] = {}


def open_session(path: str | os.PathLike[str] | None = None, fresh: bool = False) -> PlanSession:
    """The session of ``path`` (default :func:`current_plan_path`), shared by every panel of this
    kernel so that all steps edit one plan."""
    target = Path(path).expanduser().resolve() if path else current_plan_path()
    if fresh or target not in _SESSIONS:
        _SESSIONS[target] = PlanSession(target)
    return _SESSIONS[target]


# --------------------------------------------------------------------------- files the user names

MAX_NAME_CHARS = 100
"""The longest plan file name the app writes (characters, ``.yaml`` included when typed)."""

_MAX_NAME_BYTES = 200
"""The longest plan file name in UTF-8 bytes once ``.yaml`` is added (file systems allow 255)."""

_MAX_PLAN_BYTES = 64 * 1024 * 1024
"""A file larger than this is not read as a plan (the 2,000-person synthetic plan is ~3 MB)."""


def plans_folder() -> Path:
    """Where the user's plans live and new ones are written: the workspace's ``plans`` folder."""
    return workspace_dir() / "plans"


def plan_file_name(typed: str) -> str:
    """The file name a typed plan name stands for, ``.yaml`` added when missing.

    A plan name is a file name, not a path: refused (``ValueError`` with a plain sentence) when
    it is empty, has a path separator, a control character, a leading or trailing space, starts
    with ``.`` (hidden files, ``.``, ``..``) or ``-`` (read as an option by command-line tools),
    or is longer than :data:`MAX_NAME_CHARS` characters.
    """
    if typed == "":
        raise ValueError("Type a name for the new plan file, e.g. my-plan.yaml")
    for sep in ("/", "\\"):
        if sep in typed:
            raise ValueError(f"A plan name can't contain '{sep}': type a name, not a path")
    bad = next((ch for ch in typed if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")), None)
    if bad is not None:
        raise ValueError(f"A plan name can't contain control characters (U+{ord(bad):04X})")
    if typed != typed.strip():
        raise ValueError("A plan name can't start or end with a space")
    if typed.startswith("."):
        raise ValueError("A plan name can't start with '.' (that makes a hidden file)")
    if typed.startswith("-"):
        raise ValueError("A plan name can't start with '-'")
    if len(typed) > MAX_NAME_CHARS:
        raise ValueError(
            f"A plan name can have at most {MAX_NAME_CHARS} characters (this one has {len(typed)})"
        )
    name = typed if typed.endswith(".yaml") else f"{typed}.yaml"
    if len(name.encode("utf-8")) > _MAX_NAME_BYTES:
        raise ValueError("This plan name is too long for a file name: make it shorter")
    return name


def locate_plan_file(typed: str) -> tuple[Path, bool]:
    """Where a path typed in a file box points, resolved (``~``, ``..`` and symlinks followed),
    and whether that is inside :func:`plans_folder`.

    A relative path is read from the plans folder; an absolute one, a ``..`` or a symlink that
    leads out of it is outside. Nothing is read.
    """
    base = plans_folder().resolve()
    path = Path(typed).expanduser()
    resolved = (base / path).resolve()
    return resolved, resolved.is_relative_to(base)


def read_plan_file(path: Path) -> Plan:
    """Read and validate the plan at ``path`` for a page, never echoing a file that is not one.

    Raises :class:`PlanError`. A file that is not a plan — not a regular file, too large, not
    UTF-8, not YAML, not a mapping with a ``meta`` section or a ``schema_version``, or YAML that
    fails to parse — gives one problem, "not a plan file: <name>", so that nothing of its content
    (a password, a salary) reaches the page; a plan with problems lists them.
    """
    name = path.name

    def not_a_plan(why: str) -> PlanError:
        return PlanError([Problem("", f"not a plan file: {name} ({why})")], name)

    try:
        info = path.stat()
    except FileNotFoundError:
        raise PlanError([Problem("", f"no plan file called {name}")], name) from None
    except OSError as err:
        raise PlanError([Problem("", f"cannot read {name}: {reason(err)}")], name) from None
    if not stat.S_ISREG(info.st_mode):
        raise not_a_plan("not a regular file")
    if info.st_size > _MAX_PLAN_BYTES:
        raise not_a_plan("too large for a plan")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise not_a_plan("not UTF-8 text") from None
    except OSError as err:
        raise PlanError([Problem("", f"cannot read {name}: {reason(err)}")], name) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        raise not_a_plan("not valid YAML") from None
    if not isinstance(data, dict) or not ({"meta", "schema_version"} & set(data)):
        raise not_a_plan("no meta section")
    try:
        return plan_from_yaml(text, name)
    except PlanError as err:
        if any(not p.path for p in err.problems):  # file-level problems may quote the file
            raise not_a_plan("its YAML is malformed") from None
        raise


# --------------------------------------------------------------------------- handlers

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


class SaveBar(w.VBox):
    """Save button with an unsaved-changes indicator, validation errors and conflict handling."""

    def __init__(self, session: PlanSession) -> None:
        self.session = session
        self.save_button = w.Button(description="Save plan", icon="save", button_style="primary")
        self.status = w.HTML()
        self.problems = ProblemList(ok_text="")
        self.reload_button = w.Button(description="Reload from disk", icon="refresh")
        self.new_name = w.Text(placeholder="new-file-name.yaml", layout=w.Layout(width="18em"))
        self.save_as_button = w.Button(
            description="Save under this name", layout=w.Layout(width="auto")
        )
        self.new_plan_name = w.Text(description="Plan name", layout=w.Layout(width="22em"))
        self.save_as_open = w.Button(
            description="Save as a new plan…", icon="copy", layout=w.Layout(width="auto")
        )
        self.save_as_open.on_click(lambda _b: self.open_save_as())
        self.replace_button = w.Button(description="Replace it", button_style="danger")
        self.replace_button.layout.display = "none"
        self._asked: Path | None = None
        """The existing file the Replace button would overwrite (the one the bar asked about)."""
        self.conflict_box = w.HBox(
            [
                self.reload_button,
                self.new_name,
                self.new_plan_name,
                self.save_as_button,
                self.replace_button,
            ]
        )
        self.conflict_box.layout.display = "none"
        self.save_button.on_click(
            guarded(lambda _b: self.save(), self.problems, what="save the plan")
        )
        self.reload_button.on_click(
            guarded(lambda _b: self.reload(), self.problems, what="reload the plan")
        )
        self.save_as_button.on_click(
            guarded(lambda _b: self.save_as(), self.problems, what="save under a new name")
        )
        self.replace_button.on_click(
            guarded(lambda _b: self.replace(), self.problems, what="replace the file")
        )
        self.new_name.observe(
            guarded(lambda _c: self._withdraw(), self.problems, what="change the name"),
            names="value",
        )
        super().__init__(
            [
                w.HBox([self.save_button, self.save_as_open, self.status]),
                self.problems,
                self.conflict_box,
            ]
        )
        self.problems.layout.display = "none"
        session.observe(lambda _plan: self.refresh())
        session.observe_errors(self._show_view_errors)
        self.refresh()

    def refresh(self, note: str = "") -> None:
        """Show whether the plan has unsaved changes."""
        name = html.escape(str(self.session.path))
        if self.session.dirty:
            self.status.value = f'<span class="mocmo-warning">● Unsaved changes</span> — {name}'
        else:
            self.status.value = f'<span class="mocmo-ok">Saved</span> — {name}'
        if note:
            self.status.value += f" — {html.escape(note)}"

    def _show_view_errors(self, messages: tuple[str, ...]) -> None:
        if not messages:
            return
        self.problems.show(
            [
                Problem("", f"part of this page could not be redrawn ({m}); your plan is intact")
                for m in messages
            ]
        )
        self.problems.layout.display = None

    def _show(self, outcome: SaveOutcome) -> None:
        self.problems.show(outcome.problems)
        self.problems.layout.display = None if outcome.problems else "none"
        self.conflict_box.layout.display = None if outcome.status == "conflict" else "none"
        if outcome.status == "conflict" and not self.new_name.value:
            self.new_name.value = f"{self.session.path.stem}-mine.yaml"
        if outcome.status == "conflict" and not self.new_plan_name.value:
            self.new_plan_name.value = f"{self.session.plan.meta.name} (copy)"

    def open_save_as(self) -> None:
        """Press "Save as a new plan…": show the file and plan name boxes, filled with
        ``<file>-copy.yaml`` and ``<plan name> (copy)`` when empty."""
        if not self.new_name.value:
            self.new_name.value = f"{self.session.path.stem}-copy.yaml"
        if not self.new_plan_name.value:
            self.new_plan_name.value = f"{self.session.plan.meta.name} (copy)"
        self.conflict_box.layout.display = None

    def save(self) -> SaveOutcome:
        """Press Save."""
        outcome = self.session.save()
        self._show(outcome)
        note = {
            "invalid": "not saved: fix the errors below",
            "conflict": "not saved: file changed on disk",
        }
        self.refresh(note.get(outcome.status, ""))
        return outcome

    def reload(self) -> None:
        """Drop edits and read the file again."""
        problems = self.session.reload()
        self.problems.show(problems)
        self.problems.layout.display = None if problems else "none"
        self.conflict_box.layout.display = "none"
        self.refresh("reloaded" if not problems else "the file on disk is invalid")

    def save_as(self, overwrite: bool = False) -> SaveOutcome:
        """Save under the name typed in the box, in the workspace's plans folder.

        The name must be a file name (:func:`plan_file_name`); ``.yaml`` is added when missing. A
        file of that name is never replaced here: the bar asks, and only :meth:`replace` (the
        Replace button) overwrites it.
        """
        self._withdraw()
        try:
            name = plan_file_name(self.new_name.value)
        except ValueError as err:
            outcome = SaveOutcome("invalid", plans_folder(), (Problem("", str(err)),))
            self.problems.show(outcome.problems)  # the name box stays open to type another
            self.problems.layout.display = None
            self.refresh("not saved: choose another name")
            return outcome
        target = plans_folder() / name
        if not overwrite and os.path.lexists(target) and target != self.session.path:
            outcome = SaveOutcome(
                "conflict",
                target,
                (Problem("", f"{name} already exists in {target.parent} — replace it?"),),
            )
            self._show(outcome)
            self._asked = target
            self.replace_button.description = f"Replace {name}"
            self.replace_button.layout.display = None
            return outcome
        before = self.session.plan
        plan_name = self.new_plan_name.value.strip()
        if plan_name and plan_name != before.meta.name:
            renamed = self.session.apply({"meta.name": plan_name})
            if renamed:
                outcome = SaveOutcome("invalid", target, tuple(renamed))
                self._show(outcome)
                self.refresh("not saved: choose another plan name")
                return outcome
        outcome = self.session.save_as(target, overwrite=overwrite)
        if not outcome.ok:
            self.session.replace(before)  # not saved: the plan keeps its name
        self._show(outcome)
        self.refresh()
        if outcome.ok:  # saved: a failure to remember it as the current plan is said as such
            remember = guarded(
                set_current_plan_path,
                self.problems,
                what=f"make {name} the plan every step opens (it is saved)",
            )
            remember(target)
        return outcome

    def replace(self) -> SaveOutcome | None:
        """Press Replace: overwrite the existing file the bar asked about, if the name box still
        names it; otherwise nothing is written."""
        asked = self._asked
        try:
            same = asked is not None and asked == plans_folder() / plan_file_name(
                self.new_name.value
            )
        except ValueError:
            same = False
        if not same:
            self._withdraw()
            return None
        return self.save_as(overwrite=True)

    def _withdraw(self) -> None:
        """Forget the question about replacing a file (the name changed, or it was answered)."""
        self._asked = None
        self.replace_button.layout.display = "none"


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
