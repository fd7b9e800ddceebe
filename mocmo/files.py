"""Files the user's work lives in: read within limits, written atomically under a lock.

One implementation for every file mocmo writes over the user's work (plan files, the finance
workbook, the remembered current plan, comparison files):

* :func:`write_bytes_atomic` / :func:`write_text_atomic` write a temp file in the target's own
  folder, fsync it, :func:`os.replace` it over the target and fsync the folder, so an interrupted
  write leaves the old file byte for byte. A symlink is followed: the file it points to is
  replaced and the link stays a link.
* :func:`plan_lock` holds an exclusive lock on a sidecar file ``.<name>.lock`` beside the real
  target (``fcntl.flock``), so a check-then-write (Save: "is the file still what I loaded?" then
  rename) is not interleaved with another process's.
* :func:`read_bytes_limited` reads only regular files (never blocking on a FIFO, never reading a
  device) up to a size limit.

Problems with a path the user gave (a symlink loop, a FIFO, a folder, a file too large) raise
:class:`FileRefused`, a :class:`ValueError` whose message names the path and what is allowed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no advisory locks, writes stay atomic
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "MAX_PLAN_BYTES",
    "FileRefused",
    "plan_lock",
    "read_bytes_limited",
    "real_path",
    "replace_atomic",
    "write_bytes_atomic",
    "write_text_atomic",
]

MAX_PLAN_BYTES = 20 * 1024 * 1024
"""The largest plan file read (20 MB; a 2,000-person synthetic plan is about 3 MB)."""


class FileRefused(ValueError):
    """A path that cannot be read or written as a plain file: the message names it and says why
    (:attr:`reason` is the why alone)."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


def real_path(path: str | os.PathLike[str]) -> Path:
    """``path`` with every symlink resolved (the file that a write must replace).

    A path that does not exist yet resolves as far as it can (a dangling link resolves to the
    file it names). A symlink loop raises :class:`FileRefused`.
    """
    given = Path(path).expanduser()
    try:
        return Path(os.path.realpath(given, strict=True))
    except FileNotFoundError:
        pass
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise FileRefused(
                given, "too many levels of symbolic links (a symbolic link loop)"
            ) from None
        raise
    resolved = Path(os.path.realpath(given))
    if resolved.is_symlink():  # realpath stops at a loop it cannot resolve
        raise FileRefused(given, "too many levels of symbolic links (a symbolic link loop)")
    return resolved


def _describe_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_bytes_limited(
    path: str | os.PathLike[str], limit: int = MAX_PLAN_BYTES, what: str = "plan file"
) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Refuses (:class:`FileRefused`) folders, FIFOs, devices and sockets without reading them (a
    FIFO is opened non-blocking, so no reader ever waits for a writer), symlink loops, and files
    larger than ``limit``. A missing file raises :class:`FileNotFoundError`.
    """
    given = Path(path)
    megabytes = f"{limit / (1024 * 1024):g} MB"
    try:
        before = os.stat(given)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise FileRefused(
                given,
                f"too many levels of symbolic links (a symbolic link loop); "
                f"give the path of a {what}",
            ) from None
        raise
    if not stat.S_ISREG(before.st_mode):
        raise FileRefused(
            given,
            f"is {_describe_kind(before.st_mode)}, not a regular file; give the path of a {what}",
        )
    if before.st_size > limit:
        raise FileRefused(
            given,
            f"the file is {before.st_size / (1024 * 1024):.1f} MB, "
            f"a {what} must be at most {megabytes}",
        )
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(given, flags)
    try:
        now = os.fstat(fd)
        if not stat.S_ISREG(now.st_mode):  # swapped between the stat and the open
            raise FileRefused(given, f"is {_describe_kind(now.st_mode)}, not a regular file")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        raise FileRefused(given, f"the file is larger than {megabytes}, the most a {what} may be")
    return b"".join(chunks)


def _lock_file(target: Path) -> Path:
    return target.with_name(f".{target.name}.lock")


@contextlib.contextmanager
def plan_lock(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Hold an exclusive lock for writing ``path`` (its symlinks resolved); yields that real path.

    The lock is ``fcntl.flock`` on the sidecar ``.<name>.lock`` in the real file's folder, which
    stays there (removing it would let two processes lock two different files). Every writer in
    mocmo takes it, so a check-and-replace inside the block is never interleaved with another
    mocmo process's. Not re-entrant: don't call a locking writer inside the block; pass
    ``lock=False``.
    """
    target = real_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if fcntl is None:  # pragma: no cover
        yield target
        return
    fd = os.open(_lock_file(target), os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield target
    finally:
        os.close(fd)  # closing the last descriptor releases the lock


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def replace_atomic(
    path: str | os.PathLike[str], write: Callable[[str], None], *, lock: bool = True
) -> Path:
    """Replace the file at ``path`` (symlinks followed) with what ``write(temp_name)`` writes.

    ``write`` is given the name of a new empty temp file in the target's folder and must write
    the whole content to it. The temp file is then fsynced, given the target's permissions (a new
    file: 0666 less the umask), renamed over the target, and the folder fsynced. If anything
    fails before the rename — an error, a full disk, Ctrl-C — the target is left as it was and
    the temp file is removed. Returns the real path written. ``lock=False`` when the caller
    already holds :func:`plan_lock` for this path.
    """
    if lock:
        with plan_lock(path) as target:
            return _replace(target, write)
    return _replace(real_path(path), write)


def _replace(target: Path, write: Callable[[str], None]) -> Path:
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        pass
    else:
        if not stat.S_ISREG(mode):
            raise FileRefused(target, f"is {_describe_kind(mode)}; mocmo writes only regular files")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        write(tmp_name)
        fd = os.open(tmp_name, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            mode = _new_file_mode()
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)
    return target


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes, *, lock: bool = True) -> Path:
    """Write ``data`` to ``path`` atomically (see :func:`replace_atomic`); returns the real path."""

    def write(tmp_name: str) -> None:
        with os.fdopen(os.open(tmp_name, os.O_WRONLY | os.O_TRUNC), "wb") as fh:
            fh.write(data)

    return replace_atomic(path, write, lock=lock)


def write_text_atomic(path: str | os.PathLike[str], text: str, *, lock: bool = True) -> Path:
    """Write ``text`` as UTF-8 (``\\n`` line ends kept as given) to ``path`` atomically.

    Returns ``path`` as given (a symlink stays the path the caller knows); the file replaced is
    the one it points to.
    """
    write_bytes_atomic(path, text.encode("utf-8"), lock=lock)
    return Path(path)


def _fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable (best effort; not every OS allows it)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
