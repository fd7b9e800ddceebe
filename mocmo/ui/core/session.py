"""Where the plan lives and the one current plan of a kernel: :func:`current_plan_path`,
:class:`PlanSession` (edit, observe, save atomically, refuse a lost update) and
:func:`open_session`. No widgets here."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from mocmo.plan import Plan, PlanError, Problem, load_plan_bytes, with_changes

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


@dataclass
class _HiddenPart:
    """A hidden part of the page: the ids of what is in it, and its observers that missed a
    change (in the order they observe)."""

    members: set[int]
    stale: list[Observer]


def _members(root: Any) -> set[int]:
    """The ids of ``root`` and of everything inside it, through ``children``."""
    found: set[int] = set()
    stack = [root]
    while stack:
        item = stack.pop()
        if id(item) in found:
            continue
        found.add(id(item))
        stack.extend(getattr(item, "children", ()) or ())
    return found


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
        self._hidden: dict[int, _HiddenPart] = {}

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
        """Make ``plan`` the current plan and tell every observer (an observer of a hidden part
        of the page, :meth:`hide_views`, is told when that part is shown again)."""
        if plan is self._plan:
            return
        self._plan = plan
        callbacks = list(self._observers)
        if self._hidden:
            callbacks = [c for c in callbacks if not self._held(c)]
        self._tell(callbacks)

    def _held(self, callback: Observer) -> bool:
        """Whether ``callback`` belongs to a hidden part (then it is kept for its showing)."""
        owner = id(getattr(callback, "__self__", None))
        for part in self._hidden.values():
            if owner in part.members:
                if callback not in part.stale:
                    part.stale.append(callback)
                return True
        return False

    def _tell(self, callbacks: list[Observer]) -> None:
        plan = self._plan
        failures: list[str] = []
        for callback in callbacks:
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

    def hide_views(self, root: Any) -> None:
        """``root`` (a step's panel) is hidden: the observers that are methods of it or of
        anything inside it (through ``children``) wait, and redraw once, from the plan of then,
        when :meth:`show_views` shows it again. An edit in a shown step then redraws only what
        is on screen."""
        if id(root) not in self._hidden:
            self._hidden[id(root)] = _HiddenPart(_members(root), [])

    def show_views(self, root: Any) -> None:
        """``root`` is shown again: its observers that missed a change redraw now."""
        part = self._hidden.pop(id(root), None)
        if part is None or not part.stale:
            return
        waiting = {id(c) for c in part.stale}
        self._tell([c for c in self._observers if id(c) in waiting])

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
            self._write_roster(self.path)
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
        before, saved_before = self._plan, self._saved_plan
        with plan_lock(target):  # the exists-check and the rename under one lock
            same = real_path(target) == real_path(self.path)
            if (target.exists() or target.is_symlink()) and not overwrite and not same:
                return SaveOutcome(
                    "conflict",
                    target,
                    (Problem("", f"{target} already exists; choose another name"),),
                )
            if self._plan.roster_people is not None and not same:
                # The new plan gets its own roster file: the old plan's stays its own.
                from mocmo.plan.roster import roster_file_name

                self._plan = self._plan.model_copy(update={"roster": roster_file_name(target)})
                self._saved_plan = None  # its roster file is written below
            try:
                self._write_roster(target)
                data = dump_plan_yaml(self._plan).encode("utf-8")
                write_bytes_atomic(target, data, lock=False)
            except BaseException:
                self._plan, self._saved_plan = before, saved_before
                raise
        self.path = target
        self._saved_plan = self._plan
        self._disk = _fingerprint(target, data)
        return SaveOutcome("saved", target)

    def _write_roster(self, target: Path) -> None:
        """Write the plan's roster file beside ``target`` (atomically, before the plan that
        names it) when its people changed since last saved or the file is missing: a roster
        imported in the app is written by Save (:func:`mocmo.roster.write_roster_file`)."""
        plan = self._plan
        if plan.roster is None or plan.roster_people is None:
            return
        saved = self._saved_plan
        unchanged = (
            saved is not None
            and saved.roster == plan.roster
            and saved.roster_people == plan.roster_people
        )
        if unchanged and (target.parent / plan.roster).is_file():
            return
        from mocmo.roster import write_roster_file

        write_roster_file(plan, target)

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
