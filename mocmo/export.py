"""Export a plan for people who never open the notebooks: the finance workbook, every chart
as PNG and SVG, one HTML page of all charts, and ``summary.json``.

``export_all(plan, DIR)`` writes::

    DIR/<plan-name>.xlsx        the finance workbook (live formulas; see mocmo.excel)
    DIR/summary.json            the same object as ``mocmo summary --json``
    DIR/charts.html             every chart on one self-contained page (works offline)
    DIR/charts/<name>.png|.svg  every chart of the notebooks
    DIR/.mocmo-export.json      the record of the files this export wrote, with their sha256

**It never deletes or overwrites a file it did not write.** The record (the manifest) lists
what the last export wrote; a later export replaces or removes only those files, and only while
their bytes are unchanged (a swimlane of a role renamed since goes). Anything else in its way —
a chart the user edited since, or a file of that name the record does not list (a folder
exported by an older mocmo) — is moved, unchanged, into ``DIR/kept-<YYYYmmdd-HHMMSS>/`` under
its own path, and a warning says so; a stale file the user edited stays where it is. The
user's own files (``charts/notes.png``) are never touched. A file byte-identical to its
replacement counts as the export's own.

**It publishes all or nothing.** Everything is first written into a hidden staging folder
``DIR/.mocmo-export-XXXXXXXX/`` (same file system, so every move is an atomic rename). Then, with
the folder locked against a second export: the target is checked (a file where ``DIR`` or
``DIR/charts`` must be, a folder where a file goes, no permission →
:class:`ExportTargetError`, exit 2 in ``mocmo export``, nothing changed), the files in the way
are moved aside, the new ones in, and the manifest last — the commit. Any failure on the way
moves everything back, so the previous export is left exactly as it was. The moves are
journalled in the staging folder: if the process is killed, the next export first puts the
previous export back (unless the manifest shows the publish had finished) and removes the
staging folders earlier runs left (only ones with this exporter's prefix and marker file).
Moving files aside in place, rather than publishing into a versioned folder behind a symlink,
keeps the layout the README documents: ``DIR/<plan>.xlsx`` and ``DIR/charts/`` are plain files
and folders that a file share, a zip or Windows shows as they are.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import math
import numbers
import os
import re
import shutil
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from mocmo.plan import Plan

if TYPE_CHECKING:
    from mocmo.excel.people import IncludePeople

__all__ = [
    "CHARTS_DIR",
    "MANIFEST",
    "ExportTargetError",
    "export_all",
    "export_comparison",
    "export_name",
    "summary_json",
]

CHARTS_DIR = "charts"
"""Sub-folder of the export folder that holds the chart images."""

Progress = Callable[[str], None]


def export_name(plan: Plan) -> str:
    """The file name stem of a plan's exports: its name as a slug (``brightwave-mini-cmo-plan``)."""
    from mocmo.charts.catalog import slug

    return slug(plan.meta.name) if any(ch.isalnum() for ch in plan.meta.name) else "plan"


def _json_number(value: object) -> int | float | None:
    """A figure as a plain JSON number; NaN, infinity and None → null (as ``mocmo summary``)."""
    if value is None:
        return None
    if isinstance(value, bool | numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else None
    raise TypeError(f"headline figure is not a number: {value!r}")


def summary_json(plan: Plan) -> str:
    """The text of ``mocmo summary --json`` for ``plan``: every headline figure, plain numbers."""
    from mocmo.summary import headline

    plain = {str(k): _json_number(v) for k, v in headline(plan).items()}
    return json.dumps(plain, indent=2, allow_nan=False) + "\n"


def _printer(progress: bool | Progress) -> Progress:
    started = time.perf_counter()

    def say(message: str) -> None:
        line = f"[{time.perf_counter() - started:5.1f}s] {message}"
        if callable(progress):
            progress(line)
        elif progress:
            print(line, file=sys.stderr, flush=True)

    return say


# --------------------------------------------------------------------------- publishing

MANIFEST = ".mocmo-export.json"
"""The export folder's record of the files the last export wrote: ``{"files": {relative path:
sha256}}``. Only files listed there, with those bytes, are ever replaced or removed."""

STAGING_PREFIX = ".mocmo-export-"
"""How the hidden staging folders of an export begin (``DIR/.mocmo-export-XXXXXXXX/``)."""

KEPT_PREFIX = "kept-"
"""Files in the way of an export (not written by the last one, or changed since) are moved into
``DIR/kept-<YYYYmmdd-HHMMSS>/`` under their own relative path."""

_MARKER = "staging.json"
_JOURNAL = "journal.json"
_WRITTEN_BY = "mocmo export"
_MKDTEMP_NAME = re.compile(re.escape(STAGING_PREFIX) + r"[a-z0-9_]{8}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_TARGET_ERRNOS = frozenset(
    {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EISDIR, errno.EEXIST,
     errno.ENOTEMPTY, errno.EXDEV}
)  # fmt: skip


class ExportTargetError(PermissionError):
    """The export folder cannot take the export (a file where a folder must be, a folder where
    a file goes, no permission); the message names the path and what is wrong. Nothing in the
    folder was changed. ``mocmo export`` exits 2 with it; the Export page shows it."""


def _refuse(out: Path, what: str) -> ExportTargetError:
    return ExportTargetError(f"cannot write the export to {out}: {what}")


def _lexists(path: Path) -> bool:
    return os.path.lexists(path)


def _usable_folder(out: Path) -> Path:
    """``out`` created if missing, or an ExportTargetError naming the path in the way."""
    nearest = out
    while not _lexists(nearest) and nearest != nearest.parent:
        nearest = nearest.parent
    if not nearest.is_dir():
        kind = "is a file, not a folder" if nearest.is_file() else "is not a folder"
        raise _refuse(out, f"{nearest} {kind}; choose a folder you can write to")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise _refuse(out, f"{err.strerror or err}; choose a folder you can write to") from None
    return out.resolve()


def _check_targets(out: Path, files: Iterable[str], folders: Iterable[str] = ()) -> None:
    """Refuse (ExportTargetError) before anything is changed when a file of the export would
    land on a folder, or one of its folders is a file or cannot be written."""
    needed = set(folders)
    for rel in files:
        parents = PurePosixPath(rel).parents
        needed.update(str(p) for p in parents if str(p) != ".")
    for rel in sorted(needed, key=lambda r: (r.count("/"), r)):
        path = out / rel
        if _lexists(path) and not path.is_dir():
            raise _refuse(
                out, f"{path} is a file, not a folder (the export puts files in it); move or "
                "rename it, or choose another folder"
            )  # fmt: skip
        if path.is_dir() and not os.access(path, os.W_OK | os.X_OK):
            raise _refuse(out, f"{path} cannot be written (no permission)")
    for rel in files:
        path = out / rel
        if path.is_dir() and not path.is_symlink():
            raise _refuse(
                out, f"{path} is a folder (the export writes a file there); move or rename it, "
                "or choose another folder"
            )  # fmt: skip


def _safe_relative(rel: object) -> bool:
    """A manifest path that stays inside the export folder: relative, no ``..``, normalised."""
    if not isinstance(rel, str) or not rel or "\\" in rel or "\0" in rel:
        return False
    path = PurePosixPath(rel)
    return (
        not path.is_absolute()
        and str(path) == rel
        and all(part not in ("", ".", "..") for part in path.parts)
        and not path.parts[0].startswith(STAGING_PREFIX)
        and rel != MANIFEST
    )


def _read_manifest(out: Path) -> tuple[dict[str, str], str | None]:
    """The files the last export wrote (relative path → sha256) and a warning when the manifest
    exists but cannot be used (then nothing counts as written by an export)."""
    path = out / MANIFEST
    if not _lexists(path):
        return {}, None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data["files"] if isinstance(data, dict) else None
        if isinstance(files, dict) and all(
            _safe_relative(rel) and isinstance(sha, str) and _SHA256.fullmatch(sha)
            for rel, sha in files.items()
        ):
            return dict(files), None
    except (OSError, ValueError, KeyError):
        pass
    return {}, (
        f"{path} is not a record this version of mocmo can read: every file in the way of the "
        f"export is treated as yours and kept (moved into a {KEPT_PREFIX}… folder)"
    )


def _sha256(path: Path) -> str | None:
    """The sha256 of a regular file (not a symlink), or None for anything else."""
    if path.is_symlink() or not path.is_file():
        return None
    try:
        with path.open("rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def _signature(path: Path) -> tuple[int, ...] | None:
    """What changes whenever a regular file's bytes change (its inode, size, mtime and ctime —
    ctime cannot be set back); None for anything but a regular file."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class _Hashes:
    """The sha256 of files in the export folder, hashed in a background thread while the export
    draws (so publishing does not wait for it); a file changed since is hashed again."""

    def __init__(self, out: Path, rels: Iterable[str]) -> None:
        self._out = out
        self._known: dict[str, tuple[tuple[int, ...], str]] = {}
        self._thread = threading.Thread(target=self._hash, args=(list(rels),), daemon=True)
        self._thread.start()

    def _hash(self, rels: list[str]) -> None:
        for rel in rels:
            path = self._out / rel
            before = _signature(path)
            if before is None:
                continue
            sha = _sha256(path)
            if sha is not None and _signature(path) == before:
                self._known[rel] = (before, sha)

    def sha(self, rel: str) -> str | None:
        """The sha256 of ``DIR/rel`` as it is now (None: not a regular file)."""
        self._thread.join()
        now = _signature(self._out / rel)
        if now is None:
            return None
        known = self._known.get(rel)
        return known[1] if known is not None and known[0] == now else _sha256(self._out / rel)


def _hash_all(paths: list[Path]) -> list[str]:
    """sha256 of each file the export has just written (small enough to read whole: one read
    beats chunks and threads here)."""
    return [hashlib.sha256(path.read_bytes()).hexdigest() for path in paths]


def _kept_folder(out: Path) -> str:
    base = f"{KEPT_PREFIX}{time.strftime('%Y%m%d-%H%M%S')}"
    name, n = base, 1
    while _lexists(out / name):
        n += 1
        name = f"{base}-{n}"
    return name


@dataclass
class _Publish:
    """What publishing does, in order: ``moves`` (relative to the export folder; every file in
    the way moved aside first, then every new file in, the manifest last), the visible folders
    it creates, and what to tell the user."""

    moves: list[tuple[str, str]] = field(default_factory=list)
    made_dirs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _plan_publish(
    out: Path, staging: Path, new: dict[str, str], previous: dict[str, str], hashes: _Hashes
) -> _Publish:
    """How to put the staged files ``new`` (relative path → sha256) in place over the last
    export's ``previous`` files: a file byte-identical to its replacement stays as it is; a
    file of the last export unchanged since is replaced or, if this export does not write it,
    removed; any other file in the way is moved into a kept folder; nothing else is touched."""
    stage = staging.name
    plan = _Publish()
    aside: list[tuple[str, str]] = []
    kept: str | None = None
    in_the_way: list[tuple[str, str]] = []
    moving_in: list[str] = []
    for rel, sha in sorted(new.items()):
        target = out / rel
        if _lexists(target):
            found = hashes.sha(rel)
            if found == sha:
                continue  # already there, byte for byte: nothing to move
            if found is not None and found == previous.get(rel):
                aside.append((rel, f"{stage}/old/{rel}"))
            else:
                kept = kept or _kept_folder(out)
                aside.append((rel, f"{kept}/{rel}"))
                why = (
                    "was changed since the last export"
                    if rel in previous
                    else f"was not written by the last export (no record of it in {MANIFEST})"
                )
                in_the_way.append((rel, why))
        moving_in.append(rel)
    for rel, sha in sorted(previous.items()):
        if rel in new or not _lexists(out / rel):
            continue
        if hashes.sha(rel) == sha:
            aside.append((rel, f"{stage}/old/{rel}"))
            plan.removed.append(rel)
        else:
            plan.warnings.append(
                f"{rel} was written by the last export and changed since; this export does not "
                "write it, so it stays as you left it"
            )
    if kept is not None:
        if len(in_the_way) <= 10:
            plan.warnings += [
                f"{rel} {why}: moved it to {kept}/{rel} and wrote the new one in its place"
                for rel, why in in_the_way
            ]
        else:
            names = ", ".join(rel for rel, _ in in_the_way[:3])
            plan.warnings.append(
                f"{len(in_the_way)} files in the way were not written by the last export or were "
                f"changed since ({names} and {len(in_the_way) - 3} more): moved them into "
                f"{kept}/ and wrote the new ones in their place"
            )
    if _lexists(out / MANIFEST):
        aside.append((MANIFEST, f"{stage}/old/{MANIFEST}"))
    plan.moves = aside + [(f"{stage}/new/{rel}", rel) for rel in moving_in]
    plan.moves.append((f"{stage}/{MANIFEST}", MANIFEST))
    made: set[str] = set()
    for _src, dst in plan.moves:
        for parent in reversed(PurePosixPath(dst).parents):
            rel = str(parent)
            if rel != "." and not rel.startswith(stage) and not _lexists(out / rel):
                made.add(rel)
    plan.made_dirs = sorted(made, key=lambda r: (r.count("/"), r))
    return plan


def _undo(out: Path, journal: dict[str, Any]) -> None:
    """Put every move of a publish back, last first (a move not made is skipped), and remove the
    folders it created when they are empty again."""
    for src, dst in reversed(journal["moves"]):
        source, target = out / src, out / dst
        if _lexists(target) and not _lexists(source):
            source.parent.mkdir(parents=True, exist_ok=True)
            os.replace(target, source)
    for rel in sorted(journal["made_dirs"], key=lambda r: (r.count("/"), r), reverse=True):
        with contextlib.suppress(OSError):
            (out / rel).rmdir()


def _publish(out: Path, staging: Path, plan: _Publish) -> None:
    """Make the moves of ``plan``; on any failure put back the ones made (the previous export is
    then as it was) and raise. The journal in the staging folder lets the next run put them
    back if this process is killed half-way."""
    journal = {"moves": plan.moves, "made_dirs": plan.made_dirs}
    (staging / _JOURNAL).write_text(json.dumps(journal), encoding="utf-8")
    moving = ""
    try:
        for src, dst in plan.moves:
            moving = dst
            (out / dst).parent.mkdir(parents=True, exist_ok=True)
            os.replace(out / src, out / dst)
    except BaseException as err:
        try:
            _undo(out, journal)
        except BaseException as undo_err:
            raise _StagingKept(
                f"cannot write the export to {out}: moving {moving} failed ({err}) and putting "
                f"the previous export back failed too ({undo_err}); the next export into this "
                "folder puts it back"
            ) from err
        if isinstance(err, OSError) and err.errno in _TARGET_ERRNOS:
            raise _refuse(
                out, f"moving {moving} failed: {err.strerror or err}; the previous export is "
                "left as it was"
            ) from err  # fmt: skip
        raise


class _StagingKept(ExportTargetError):
    """Publishing failed and could not be undone: the staging folder (with its journal) stays
    for the next run to put the previous export back."""


def _is_our_staging(path: Path) -> bool:
    """A folder this exporter made: its prefix and a marker file saying so (or, empty, the exact
    name pattern of its temporary folders — it died before writing the marker)."""
    if not path.name.startswith(STAGING_PREFIX) or path.is_symlink() or not path.is_dir():
        return False
    try:
        marker = json.loads((path / _MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return bool(_MKDTEMP_NAME.fullmatch(path.name)) and not any(path.iterdir())
    return isinstance(marker, dict) and marker.get("written_by") == _WRITTEN_BY


def _committed(out: Path, staging: Path) -> bool:
    """Whether the manifest in place is the one ``staging`` published (its moves all made)."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("export_id") == staging.name


def _alive(marker_file: Path) -> bool:
    """Whether the process that made a staging folder (its marker's pid) still runs."""
    try:
        pid = json.loads(marker_file.read_text(encoding="utf-8"))["pid"]
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (OSError, ValueError, KeyError, TypeError):
        return True  # cannot tell (no marker yet, another user's process): leave it
    return True


def _clean_stale_staging(out: Path, say: Progress, locked: bool) -> None:
    """Remove the staging folders of earlier runs that did not finish (killed, power cut),
    first putting back a previous export whose publishing they cut short. Only folders this
    exporter made are touched (see :func:`_is_our_staging`); while the folder lock is held no
    other export runs, else a folder whose process still runs is left alone."""
    for path in sorted(out.iterdir()):
        if not _is_our_staging(path):
            continue
        if not locked and _alive(path / _MARKER):
            continue
        journal_file = path / _JOURNAL
        if journal_file.is_file() and not _committed(out, path):
            try:
                _undo(out, json.loads(journal_file.read_text(encoding="utf-8")))
            except (OSError, ValueError, KeyError, TypeError) as err:
                raise _refuse(
                    out, f"an earlier export was cut short while publishing and its files "
                    f"cannot be put back from {path}: {err}"
                ) from None  # fmt: skip
            say(f"put back the previous export (an earlier export was cut short: {path.name})")
        _remove_staging(path)
        if not _lexists(path):
            say(f"removed {path.name}, left by an earlier export that did not finish")


@contextlib.contextmanager
def _folder_lock(out: Path) -> Iterator[bool]:
    """Hold an exclusive lock on the export folder (one export into it at a time); yields
    whether the lock is held (a file system without locks: False, and the export goes on)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on Linux
        yield False
        return
    fd = os.open(out, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            locked = True
        except OSError:
            locked = False
        yield locked
    finally:
        os.close(fd)  # releases the lock


def _remove_staging(staging: Path) -> None:
    """Delete a staging folder whose publish is finished or undone: its journal first, so that
    a run killed half-way through the deleting never undoes the moves a second time (with the
    staged copies gone, that would move restored files into the folder being deleted)."""
    with contextlib.suppress(OSError):
        (staging / _JOURNAL).unlink(missing_ok=True)
    if not _lexists(staging / _JOURNAL):
        shutil.rmtree(staging, ignore_errors=True)


def _new_staging(out: Path) -> Path:
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
    marker = {"written_by": _WRITTEN_BY, "pid": os.getpid(), "started": time.time()}
    (staging / _MARKER).write_text(json.dumps(marker), encoding="utf-8")
    (staging / "new").mkdir()
    return staging


def _warner(progress: bool | Progress) -> Progress:
    """Where warnings go: to the progress callable (``warning: …``), else to stderr (also with
    ``--quiet``: a warning says a file was moved or kept)."""

    def warn(message: str) -> None:
        if callable(progress):
            progress(f"warning: {message}")
        else:
            print(f"mocmo: warning: {message}", file=sys.stderr, flush=True)

    return warn


def export_all(
    plan: Plan,
    out_dir: str | os.PathLike[str],
    progress: bool | Progress = True,
    include_people: IncludePeople | None = None,
) -> list[Path]:
    """Write the workbook, the chart files, the charts page and ``summary.json`` of ``plan``
    into ``out_dir`` (created if missing); returns the files written. ``include_people``
    (``mocmo export --include-people``) adds the workbook's People sheet, one row a person,
    pseudonymised unless ``"names"`` (:mod:`mocmo.excel.people`); by default no export shows
    a person.

    ``progress``: True prints one line per stage (and per chart) to stderr; a callable gets
    each line instead (a widget shows them), warnings included (``warning: …``). Raises
    :class:`ExportTargetError` (a PermissionError) naming the path when ``out_dir`` cannot take
    the export. On any failure the files already in ``out_dir`` are left as they were; files
    this export did not write before are never deleted (see the module's docstring).
    """
    say = _printer(progress)
    warn = _warner(progress)
    out = _usable_folder(Path(out_dir))
    stem = export_name(plan)
    fixed = [f"{stem}.xlsx", "summary.json", "charts.html", MANIFEST]
    _check_targets(out, fixed, [CHARTS_DIR])  # before seconds of drawing, not after
    with _folder_lock(out) as locked:
        _clean_stale_staging(out, say, locked)
        try:
            staging = _new_staging(out)
        except OSError as err:
            raise _refuse(out, f"{err.strerror or err}; choose a folder you can write to") from None
        keep_staging = False
        try:
            previous, unreadable = _read_manifest(out)
            hashes = _Hashes(out, previous)  # while the charts are drawn
            new = staging / "new"
            say(f"exporting {plan.meta.name!r} to {out}")
            _write_staged(plan, new, stem, say, include_people)
            umask = os.umask(0)
            os.umask(umask)
            staged = [path for path in sorted(new.rglob("*")) if path.is_file()]
            files: dict[str, str] = {}
            for path, sha in zip(staged, _hash_all(staged), strict=True):
                os.chmod(path, 0o666 & ~umask)
                files[path.relative_to(new).as_posix()] = sha
            _check_targets(out, [*files, MANIFEST], [CHARTS_DIR])  # changed while drawing?
            if unreadable:
                warn(unreadable)
            record = {
                "written_by": _WRITTEN_BY,
                "format": 1,
                "export_id": staging.name,
                "plan": plan.meta.name,
                "files": files,
            }
            (staging / MANIFEST).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
            os.chmod(staging / MANIFEST, 0o666 & ~umask)
            moves = _plan_publish(out, staging, files, previous, hashes)
            _publish(out, staging, moves)
        except _StagingKept:
            keep_staging = True
            raise
        finally:
            if not keep_staging:
                _remove_staging(staging)
    for message in moves.warnings:
        warn(message)
    if moves.removed:
        say(
            f"removed {len(moves.removed)} file(s) the last export wrote and this one does not: "
            + ", ".join(moves.removed)
        )
    say(f"done: {len(files)} files")
    return [out / rel for rel in files]


def _write_staged(
    plan: Plan, new: Path, stem: str, say: Progress, people: IncludePeople | None = None
) -> None:
    """Write every file of the export into the staging folder ``new``."""
    from mocmo.charts.catalog import Renderer, chart_steps, page_note, step_charts
    from mocmo.excel import write_workbook

    # The renderer first: its worker processes start (and build the charts page's script)
    # while this one writes summary.json and builds the charts.
    with Renderer() as renderer:
        (new / "summary.json").write_text(summary_json(plan), encoding="utf-8")
        say("summary.json")
        # Worker processes draw each step's charts as soon as they are built, the org
        # charts first (the workbook's Org chart sheet shows them; it waits for their PNGs
        # only when it places them).
        steps = chart_steps()
        built: dict[str, list[str]] = {}
        for module in sorted(steps, key=lambda m: not m.endswith(".orgchart")):
            charts = step_charts(plan, module)
            renderer.add(charts)
            built[module] = list(charts)
        order = [name for module in steps for name in built[module]]
        say(f"{len(order)} charts built; drawing PNG and SVG while the workbook is written")
        org_png = renderer.pngs({key: f"orgchart-{key}" for key in ("legacy", "new")})
        book = new / f"{stem}.xlsx"
        write_workbook(plan, book, org_chart_png=org_png or None, people=people)
        say(f"{stem}.xlsx")
        renderer.write(
            new,
            CHARTS_DIR,
            f"{plan.meta.name} — charts",
            plan.meta.company,
            progress=say,
            note=page_note(plan),
            order=order,
        )
    say("charts rendered")


# --------------------------------------------------------------------------- comparisons


def export_comparison(
    a: Plan, b: Plan, folder: str | os.PathLike[str], comparison: object = None
) -> list[Path]:
    """Write the comparison of plans ``a`` and ``b`` into ``folder`` (created if missing):
    ``comparison.xlsx`` (see :mod:`mocmo.excel._compare`), ``comparison.json``
    (:meth:`mocmo.compare.Comparison.to_dict`) and the comparison charts as PNG and SVG
    (:mod:`mocmo.charts.compare`), each file written atomically; returns the files written.
    ``comparison``: the :class:`mocmo.compare.Comparison` of ``a`` and ``b`` if already
    computed (``mocmo compare --out`` has it), else None."""
    from mocmo.charts.compare import save_comparison_charts
    from mocmo.compare import Comparison, compare
    from mocmo.excel._compare import write_comparison_workbook
    from mocmo.plan import write_text_atomic

    if comparison is None:
        comparison = compare(a, b)
    elif not isinstance(comparison, Comparison):
        raise TypeError(f"comparison: got {type(comparison).__name__}, must be a Comparison")
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = [write_comparison_workbook(a, b, out / "comparison.xlsx", comparison)]
    text = json.dumps(comparison.to_dict(), indent=2, allow_nan=False)
    written.append(write_text_atomic(out / "comparison.json", text + "\n", lock=False))
    written += save_comparison_charts(a, b, out)
    return written
