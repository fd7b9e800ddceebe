"""A real ``mocmo app --no-browser`` for tests: started on a free port, its printed URL read.

``running_app(home, log_path, *extra_args)`` yields a :class:`RunningApp` once the app has
printed its address (Start Here with ``?token=…``); on exit it sends SIGTERM (as Ctrl-C would),
then kills what is left of its process group. Helpers count the server's kernels and their
memory with psutil.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import parse_qs, urlsplit

import psutil  # type: ignore[import-untyped]  # no stubs installed; ipykernel needs it
import pytest

from conftest import free_port

URL_LINE = "mocmo app: the guided workbook is at "


@dataclass
class RunningApp:
    """A started ``mocmo app``: its process, port, printed URL and this run's token."""

    proc: subprocess.Popen[str]
    port: int
    url: str
    stdout: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def token(self) -> str:
        return parse_qs(urlsplit(self.url).query)["token"][0]

    def page(self, notebook: str, *, token: bool = False) -> str:
        """The address of a notebook page, with this run's token when ``token``."""
        url = f"{self.base}/voila/render/{notebook}"
        return f"{url}?token={self.token}" if token else url


def _read_lines(stream: IO[str], into: queue.Queue[str | None]) -> None:
    for line in stream:
        into.put(line)
    into.put(None)


@contextlib.contextmanager
def running_app(
    home: Path, log_path: Path, *extra_args: str, timeout: float = 120.0
) -> Iterator[RunningApp]:
    """``mocmo app --no-browser --port P [extra_args]`` with ``MOCMO_HOME=home``."""
    port = free_port()
    env = {**os.environ, "MOCMO_HOME": str(home)}
    env.pop("MOCMO_PLAN", None)
    cmd = [sys.executable, "-m", "mocmo.cli", "app", "--no-browser", "--port", str(port)]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            [*cmd, *extra_args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=log,
            stdin=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        assert proc.stdout is not None
        lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=_read_lines, args=(proc.stdout, lines), daemon=True).start()
        app: RunningApp | None = None
        seen: list[str] = []
        try:
            deadline = time.monotonic() + timeout
            while app is None:
                try:
                    line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
                except queue.Empty:
                    pytest.fail(f"mocmo app printed no address within {timeout:.0f} s ({log_path})")
                if line is None:
                    pytest.fail(f"mocmo app exited with {proc.wait()} ({log_path}): {seen}")
                seen.append(line)
                if line.startswith(URL_LINE):
                    app = RunningApp(proc, port, line[len(URL_LINE) :].strip(), seen)
            yield app
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=30)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # anything the app left behind
            proc.wait(timeout=10)
            while (line := _drain(lines)) is not None:
                seen.append(line)


def _drain(lines: queue.Queue[str | None]) -> str | None:
    try:
        return lines.get(timeout=2)
    except queue.Empty:
        return None


def kernel_processes(app: RunningApp) -> list[psutil.Process]:
    """The app's Jupyter kernels (``ipykernel_launcher`` processes under it)."""
    found = []
    for child in psutil.Process(app.proc.pid).children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            if any("ipykernel_launcher" in part for part in child.cmdline()):
                found.append(child)
    return found


def total_rss_mb(app: RunningApp) -> float:
    """Resident memory of the app's process tree (mocmo, the server, kernels and their
    helpers), in MiB."""
    total = 0
    root = psutil.Process(app.proc.pid)
    for proc in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            total += proc.memory_info().rss
    return total / 2**20


def wait_for_kernels(app: RunningApp, at_most: int, timeout: float) -> int:
    """Poll until the app has at most ``at_most`` kernels; return the count seen last."""
    deadline = time.monotonic() + timeout
    while True:
        count = len(kernel_processes(app))
        if count <= at_most or time.monotonic() > deadline:
            return count
        time.sleep(0.5)
