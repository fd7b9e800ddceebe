"""App mode: the guided notebooks served by Voilà on 127.0.0.1 — code hidden, widgets live.

``mocmo app [PLAN]`` remembers PLAN as the current plan (every notebook opens it), makes a
random token for this run, starts the server (``mocmo._server``: Voilà behind a gate that lets
in only this machine's browser with the token or its login cookie) on ONE notebook, the
one-page app (``app.ipynb``: :mod:`mocmo.ui.shell`), which Voilà then serves at the root ``/``
(no file list, and no other notebook is reachable); it prints the one address to open — the
root with ``?token=…`` — and stops cleanly on Ctrl-C.
Kernels idle for ``cull_idle`` seconds with no tab connected are shut down.

One kernel is always pre-started (Voilà's ``preheat_kernel``, a pool of one): it has run the
app's notebook before the page is asked for, so the page shows at once; Voilà starts the next
one when a page takes it. ``serve`` prints the address once that first kernel has built the
app (it touches the file named by ``MOCMO_APP_READY_FILE``), so the address opens at once.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import webbrowser
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from mocmo.plan import load_plan

__all__ = [
    "APP_NOTEBOOK",
    "START_NOTEBOOK",
    "Culling",
    "free_port",
    "new_token",
    "notebooks_dir",
    "serve",
    "start_url",
    "voila_command",
]

START_NOTEBOOK = "00_start_here.ipynb"
APP_NOTEBOOK = "app.ipynb"
"""The one-page app's notebook, the only page ``mocmo app`` serves (at ``/``)."""
HOST = "127.0.0.1"
POOL_SIZE = 1
"""Kernels Voilà keeps pre-started (each has run the app's notebook): one tab at a time."""
READY_TIMEOUT_S = 90.0
"""How long ``serve`` waits for the first pre-started kernel before printing the address anyway."""


def notebooks_dir() -> Path:
    """The guided notebooks: ``mocmo/_notebooks`` if installed, else the clone's ``notebooks/``."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_notebooks", here.parent / "notebooks"):
        if (candidate / APP_NOTEBOOK).is_file():
            return candidate
    raise FileNotFoundError(f"the guided notebooks are missing (looked for {APP_NOTEBOOK})")


def free_port(start: int = 8866, tries: int = 50) -> int:
    """The first port from ``start`` that is free on 127.0.0.1."""
    for port in range(start, start + tries):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((HOST, port))
            except OSError:
                continue
            return port
    raise OSError(f"no free port on {HOST} between {start} and {start + tries - 1}")


@dataclass(frozen=True)
class Culling:
    """When idle kernels are shut down (Jupyter Server's kernel culling).

    A kernel with no browser tab connected and no code running for ``idle_s`` seconds is shut
    down; the check runs every ``interval_s`` seconds. A tab's own kernel stays while the tab is
    open, however long it is left alone.
    """

    idle_s: int = 600
    interval_s: int = 60

    def __post_init__(self) -> None:
        for option, value in (("--cull-idle", self.idle_s), ("--cull-interval", self.interval_s)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(
                    f"{option}: got {value!r}, must be a whole number of seconds, at least 1"
                )


def new_token() -> str:
    """A random token for one run of the app (43 URL-safe characters, 256 bits)."""
    return secrets.token_urlsafe(32)


def start_url(port: int, token: str) -> str:
    """The one address to open: the app at the root of 127.0.0.1, with this run's token."""
    return f"http://{HOST}:{port}/?{urlencode({'token': token})}"


def voila_command(port: int, notebook: Path, culling: Culling | None = None) -> list[str]:
    """The server's command line: Voilà behind mocmo's gate, loopback only, code hidden.

    The token is not on it (``ps`` shows command lines to every user): ``serve`` passes it in
    the server's environment. Voilà must take ``port`` or fail (no retrying another port, which
    the printed address would not name), and culls idle kernels with no tab connected.
    """
    culling = culling or Culling()
    return [
        sys.executable,
        "-m",
        "mocmo._server",
        str(notebook),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={HOST}",
        "--Voila.port_retries=0",
        "--VoilaConfiguration.strip_sources=True",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.preheat_kernel=True",
        f"--VoilaConfiguration.default_pool_size={POOL_SIZE}",
        f"--MappingKernelManager.cull_idle_timeout={culling.idle_s}",
        f"--MappingKernelManager.cull_interval={culling.interval_s}",
        "--MappingKernelManager.cull_connected=False",
    ]


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            urllib.request.urlopen(url, timeout=2)  # loopback only
            return True
        except urllib.error.HTTPError:
            return True  # any HTTP answer means the server is up
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    return False


def _wait_until_ready(ready: Path, proc: subprocess.Popen[bytes], timeout: float) -> bool:
    """Wait until the pre-started kernel has built the app (it touches ``ready``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if ready.exists():
            return True
        time.sleep(0.1)
    return False


def _raise_keyboard_interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def serve(
    plan: str | None = None,
    port: int = 8866,
    open_browser: bool = True,
    culling: Culling | None = None,
) -> int:
    """Serve the guided workbook until Ctrl-C; returns the exit code."""
    from mocmo._server import TOKEN_ENV
    from mocmo.ui.core import current_plan_path, set_current_plan_path
    from mocmo.ui.shell import READY_FILE_ENV

    culling = culling or Culling()

    if plan:
        load_plan(plan)  # a bad plan fails here with every problem listed, before any server
        chosen = set_current_plan_path(plan)
    else:
        chosen = current_plan_path()
    port = free_port(port)
    env = dict(os.environ)
    env.pop("MOCMO_PLAN", None)  # the kernels follow the remembered choice, which Start Here edits
    token = new_token()
    env[TOKEN_ENV] = token  # the server reads it and keeps it from the kernels
    scratch = Path(tempfile.mkdtemp(prefix="mocmo-app-"))
    ready = scratch / "ready"
    env[READY_FILE_ENV] = str(ready)  # the pre-started kernel touches it once the app is built
    folder = notebooks_dir()
    notebook = folder / APP_NOTEBOOK  # Voilà serves one notebook at "/" and nothing else
    # Its own session: Ctrl-C reaches mocmo only, which then stops the server cleanly.
    proc = subprocess.Popen(
        voila_command(port, notebook, culling), env=env, cwd=folder, start_new_session=True
    )
    url = start_url(port, token)
    # A SIGTERM (a service manager, a test harness) stops the server too, as Ctrl-C does.
    previous = signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    try:
        if not _wait_until_up(f"http://{HOST}:{port}/", proc):
            print("mocmo: error: the app did not start (see the messages above)", file=sys.stderr)
            return 1
        if not _wait_until_ready(ready, proc, READY_TIMEOUT_S) and proc.poll() is not None:
            print("mocmo: error: the app did not start (see the messages above)", file=sys.stderr)
            return 1
        print(f"mocmo app: the guided workbook is at {url}")
        print(f"mocmo app: working on {chosen}")
        print("mocmo app: press Ctrl-C to stop")
        if open_browser:
            webbrowser.open(url)
        proc.wait()
        return 0 if proc.returncode in (0, -signal.SIGINT, -signal.SIGTERM) else 1
    except KeyboardInterrupt:
        print("\nmocmo app: stopping")
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        ready.unlink(missing_ok=True)
        scratch.rmdir()
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
