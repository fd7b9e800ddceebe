"""App mode: Voilà on loopback only, a bad plan refused before any server starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from mocmo import app
from mocmo.cli import main


def test_voila_command_binds_to_loopback_and_hides_code() -> None:
    """The server listens on 127.0.0.1 only, opens no browser and strips the code cells."""
    cmd = app.voila_command(8899, Path("/nb"))
    assert "--Voila.ip=127.0.0.1" in cmd
    assert "--no-browser" in cmd
    assert "--port=8899" in cmd
    assert "--VoilaConfiguration.strip_sources=True" in cmd


def test_start_url_opens_start_here_on_loopback() -> None:
    """The printed address is Start Here on 127.0.0.1."""
    assert app.start_url(8123) == "http://127.0.0.1:8123/voila/render/00_start_here.ipynb"


def test_notebooks_are_found_from_the_clone() -> None:
    """The guided notebooks, Start Here first, are found next to the package."""
    assert (app.notebooks_dir() / app.START_NOTEBOOK).is_file()


def test_free_port_skips_a_port_in_use() -> None:
    """A port already bound on 127.0.0.1 is not offered."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        busy = sock.getsockname()[1]
        assert app.free_port(busy) != busy


def test_app_with_an_invalid_plan_exits_2_without_starting_a_server(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`mocmo app bad.yaml` lists the plan's problems and exits 2; no server is started."""
    monkeypatch.setenv("MOCMO_HOME", str(tmp_path))
    bad = tmp_path / "bad.yaml"
    bad.write_text("meta: {name: x}\nschema_version: 99\n", encoding="utf-8")

    def no_server(*_a: object, **_k: object) -> None:
        raise AssertionError("a server was started for an invalid plan")

    monkeypatch.setattr(app.subprocess, "Popen", no_server)
    assert main(["app", str(bad), "--no-browser"]) == 2
    assert "schema_version" in capsys.readouterr().err


def test_app_serves_start_here_and_stops_its_server_on_sigterm(tmp_path: Path) -> None:
    """`mocmo app` answers on 127.0.0.1 and, when stopped, leaves no Voilà server behind."""
    import os
    import signal
    import subprocess
    import sys
    import time
    import urllib.request

    from conftest import free_port, wait_for_http

    port = free_port()
    env = {**os.environ, "MOCMO_HOME": str(tmp_path)}
    env.pop("MOCMO_PLAN", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "mocmo.cli", "app", "--no-browser", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/", timeout=90, proc=proc)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/render/00_start_here.ipynb"):
            pass
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, out
    assert b"127.0.0.1" in out
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
        if f"--port={port}" not in ps:
            break
        time.sleep(0.5)
    else:
        raise AssertionError(f"a Voilà server on port {port} outlived `mocmo app`")
