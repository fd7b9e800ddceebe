"""App mode: the guided notebooks served by Voilà on 127.0.0.1 — code hidden, widgets live.

``mocmo app [PLAN]`` remembers PLAN as the current plan (every notebook opens it), starts Voilà
on the notebooks folder, prints the address of Start Here and stops cleanly on Ctrl-C.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import webbrowser
from pathlib import Path

from mocmo.plan import load_plan

__all__ = ["START_NOTEBOOK", "free_port", "notebooks_dir", "serve", "start_url", "voila_command"]

START_NOTEBOOK = "00_start_here.ipynb"
HOST = "127.0.0.1"


def notebooks_dir() -> Path:
    """The guided notebooks: ``mocmo/_notebooks`` if installed, else the clone's ``notebooks/``."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_notebooks", here.parent / "notebooks"):
        if (candidate / START_NOTEBOOK).is_file():
            return candidate
    raise FileNotFoundError(f"the guided notebooks are missing (looked for {START_NOTEBOOK})")


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


def start_url(port: int) -> str:
    """Where Start Here is served."""
    return f"http://{HOST}:{port}/voila/render/{START_NOTEBOOK}"


def voila_command(port: int, folder: Path) -> list[str]:
    """The Voilà command line: loopback only, no browser of its own, code hidden."""
    return [
        sys.executable,
        "-m",
        "voila",
        str(folder),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={HOST}",
        "--VoilaConfiguration.strip_sources=True",
        "--VoilaConfiguration.show_tracebacks=False",
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


def _raise_keyboard_interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def serve(plan: str | None = None, port: int = 8866, open_browser: bool = True) -> int:
    """Serve the guided workbook until Ctrl-C; returns the exit code."""
    from mocmo.ui.core import current_plan_path, set_current_plan_path

    if plan:
        load_plan(plan)  # a bad plan fails here with every problem listed, before any server
        chosen = set_current_plan_path(plan)
    else:
        chosen = current_plan_path()
    port = free_port(port)
    env = dict(os.environ)
    env.pop("MOCMO_PLAN", None)  # the kernels follow the remembered choice, which Start Here edits
    folder = notebooks_dir()
    # Its own session: Ctrl-C reaches mocmo only, which then stops the server cleanly.
    proc = subprocess.Popen(
        voila_command(port, folder), env=env, cwd=folder, start_new_session=True
    )
    url = start_url(port)
    # A SIGTERM (a service manager, a test harness) stops the server too, as Ctrl-C does.
    previous = signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    try:
        if not _wait_until_up(f"http://{HOST}:{port}/", proc):
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
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
