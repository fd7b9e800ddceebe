"""Shared fixtures and helpers for tests that drive real engines.

LibreOffice Calc (headless) recalculates workbooks:
    ``soffice``, ``lo_profile``, ``lo_recalc`` (``lo_recalc_shared`` for wider scopes)
    fixtures; ``recalculate``, ``load_values``, ``named_value`` helpers.
Chromium through Playwright's sync API:
    ``chromium_path``, ``chromium_browser`` (module scope), ``browser_page`` fixtures;
    ``CHROMIUM_ARGS``, ``is_loopback_url``.
Local servers (Voilà, JupyterLab):
    ``free_port``, ``wait_for_http``, ``serve``; ``artifacts_dir`` fixture for screenshots.

A missing tool skips the test with an install hint, or fails it when CI=true.
Nothing here imports mocmo.
"""

from __future__ import annotations

import contextlib
import ipaddress
import itertools
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

import pytest
from hypothesis import settings as hypothesis_settings

# CI runs the same examples every time (a red build names a reproducible case); a developer's
# runs keep exploring new ones, and the example database replays any failure found.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI", "").lower() == "true":
    hypothesis_settings.load_profile("ci")

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

REPO_ROOT: Final = Path(__file__).resolve().parents[1]
ARTIFACTS_DIR: Final = REPO_ROOT / "tests" / "artifacts"

SOFFICE_HINT: Final = (
    "sudo apt-get install -y --no-install-recommends libreoffice-calc-nogui (or: make system-deps)"
)
CHROMIUM_HINT: Final = (
    "sudo apt-get install -y --no-install-recommends chromium (or: make system-deps)"
)
CHROMIUM_PATH: Final = "/usr/bin/chromium"
# Debian's Chromium (Playwright cannot download its own browser builds here).
CHROMIUM_ARGS: Final[tuple[str, ...]] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
RECALC_TIMEOUT_S: Final = 120.0

# LibreOffice by default never recalculates a file that already holds cached values, so a
# workbook edited after a first recalculation would show stale results. 0 = always recalculate.
_RECALC_ALWAYS_XCU: Final = """\
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


# --------------------------------------------------------------------------- tools


def require_tool(path_or_name: str, install_hint: str) -> str:
    """Return the executable's path, or skip (fail when CI=true) with ``install_hint``."""
    name = Path(path_or_name).name
    found: str | None
    if os.path.isabs(path_or_name):
        is_exe = os.path.isfile(path_or_name) and os.access(path_or_name, os.X_OK)
        found = path_or_name if is_exe else None
    else:
        found = shutil.which(path_or_name)
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail(f"{name} is missing in CI: {install_hint}")
    pytest.skip(f"{name} not found — install it with: {install_hint}")


def _kill_group(proc: subprocess.Popen[Any], grace_s: float = 10.0) -> None:
    """Stop a process started with ``start_new_session=True`` and all its children."""
    if proc.poll() is not None:
        return
    for sig, wait_s in ((signal.SIGTERM, grace_s), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait_s)
            return
        except subprocess.TimeoutExpired:
            continue


# --------------------------------------------------------------------------- LibreOffice


def write_lo_profile(directory: Path) -> Path:
    """Make ``directory`` a LibreOffice user profile that always recalculates on load."""
    user = directory / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(_RECALC_ALWAYS_XCU, encoding="utf-8")
    return directory


def recalculate(
    xlsx: Path,
    *,
    soffice: str,
    profile: Path,
    outdir: Path,
    timeout: float = RECALC_TIMEOUT_S,
) -> Path:
    """Open ``xlsx`` in headless LibreOffice, recalculate, save a copy into ``outdir``.

    Returns the copy's path; read its values with ``load_values`` (openpyxl, data_only=True).
    """
    src = xlsx.resolve()
    outdir = outdir.resolve()
    if outdir == src.parent:
        raise ValueError(f"outdir must differ from the input's folder: {outdir}")
    outdir.mkdir(parents=True, exist_ok=True)
    target = outdir / f"{src.stem}.xlsx"
    target.unlink(missing_ok=True)
    cmd = [
        soffice,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(outdir),
        str(src),
    ]
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        output, _ = proc.communicate()
        pytest.fail(f"LibreOffice timed out after {timeout:.0f} s on {src}:\n{output}")
    if proc.returncode != 0 or not target.is_file():
        pytest.fail(
            f"LibreOffice did not convert {src} (exit {proc.returncode}, "
            f"expected {target}):\n{output}"
        )
    return target


class LibreOfficeRecalc:
    """``recalc(xlsx) -> Path``: a recalculated copy of ``xlsx`` in a fresh folder of its own."""

    def __init__(
        self, soffice: str, profile: Path, workdir: Path, timeout: float = RECALC_TIMEOUT_S
    ) -> None:
        self.soffice = soffice
        self.profile = profile
        self.workdir = workdir
        self.timeout = timeout
        self.last_seconds = 0.0
        self._counter = itertools.count(1)

    def __call__(self, xlsx: Path) -> Path:
        outdir = self.workdir / f"recalc-{next(self._counter)}"
        started = time.perf_counter()
        out = recalculate(
            xlsx, soffice=self.soffice, profile=self.profile, outdir=outdir, timeout=self.timeout
        )
        self.last_seconds = time.perf_counter() - started
        return out


def load_values(xlsx: Path) -> Any:
    """The workbook with cached values (openpyxl ``data_only=True``), formulas resolved."""
    import openpyxl

    return openpyxl.load_workbook(xlsx, data_only=True)


ERROR_TEXTS: Final = ("#REF!", "#NAME?", "#VALUE!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "Err:")
"""How LibreOffice's recalculated cells show a formula error."""
CHART_MARKER_LABEL: Final = "Break-even (the chart"
"""The label that starts the Migration sheet's break-even marker row: a chart's data row that
is #N/A wherever the chart draws nothing (the standard way; an empty text is drawn as 0)."""


def error_cells(workbook: Any) -> list[tuple[str, str, str]]:
    """(sheet, cell, shown) of every cell of a recalculated workbook that shows a formula error
    — but the #N/A of the break-even marker row, which is meant."""
    return [
        (ws.title, cell.coordinate, cell.value)
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
        and cell.value.startswith(ERROR_TEXTS)
        and not (cell.value == "#N/A" and str(row[0].value).startswith(CHART_MARKER_LABEL))
    ]


def named_value(workbook: Any, name: str) -> Any:
    """Value of the single cell a workbook-scoped defined name points at."""
    destinations = list(workbook.defined_names[name].destinations)
    if len(destinations) != 1:
        raise ValueError(f"defined name {name!r} points at {destinations}, not one cell")
    sheet, ref = destinations[0]
    return workbook[sheet][ref.replace("$", "")].value


@pytest.fixture(scope="session")
def soffice() -> str:
    """Path to LibreOffice's ``soffice``."""
    return require_tool("soffice", SOFFICE_HINT)


@pytest.fixture(scope="session")
def lo_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dedicated LibreOffice profile (per session / xdist worker) that always recalculates."""
    return write_lo_profile(tmp_path_factory.mktemp("lo-profile"))


@pytest.fixture
def lo_recalc(soffice: str, lo_profile: Path, tmp_path: Path) -> LibreOfficeRecalc:
    """Callable ``lo_recalc(xlsx) -> Path`` of the LibreOffice-recalculated copy."""
    return LibreOfficeRecalc(soffice, lo_profile, tmp_path / "lo-recalc")


@pytest.fixture(scope="session")
def lo_recalc_shared(
    soffice: str, lo_profile: Path, tmp_path_factory: pytest.TempPathFactory
) -> LibreOfficeRecalc:
    """``lo_recalc`` for module- and session-scoped fixtures (each call still recalculates
    into a fresh folder of its own)."""
    return LibreOfficeRecalc(soffice, lo_profile, tmp_path_factory.mktemp("lo-recalc"))


# --------------------------------------------------------------------------- browser


def is_loopback_url(url: str) -> bool:
    """True for data:/about:/blob: URLs and for hosts on this machine's loopback."""
    parts = urlsplit(url)
    if parts.scheme in {"data", "about", "blob"}:
        return True
    host = parts.hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _loopback_only(route: Route) -> None:
    if is_loopback_url(route.request.url):
        route.continue_()
    else:
        route.abort("blockedbyclient")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path to Debian's Chromium."""
    return require_tool(CHROMIUM_PATH, CHROMIUM_HINT)


@pytest.fixture(scope="module")
def chromium_browser(chromium_path: str) -> Iterator[Browser]:
    """Headless Chromium through Playwright's sync API.

    Module scope on purpose: while Playwright's sync API runs, ``asyncio.run()`` fails
    ("cannot be called from a running event loop"), which breaks Jupyter/nbclient code in
    tests that would follow. Keep browser tests in modules of their own.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, args=list(CHROMIUM_ARGS))
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_page(chromium_browser: Browser) -> Iterator[Page]:
    """A fresh page in its own context; requests not to loopback are aborted."""
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", _loopback_only)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def artifacts_dir(request: pytest.FixtureRequest) -> Path:
    """tests/artifacts/<test name>/ (git-ignored) for screenshots and other evidence."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)[:120]
    path = ARTIFACTS_DIR / safe
    path.mkdir(parents=True, exist_ok=True)
    return path


# --------------------------------------------------------------------------- servers


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_http(
    url: str, timeout: float = 60.0, proc: subprocess.Popen[Any] | None = None
) -> float:
    """Poll ``url`` (loopback only) until any HTTP answer, even 403/404; return seconds taken.

    Fails early if ``proc`` exits first.
    """
    if not is_loopback_url(url):
        raise ValueError(f"tests only talk to loopback, not {url}")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    started = time.perf_counter()
    deadline = started + timeout
    while True:
        try:
            with opener.open(url, timeout=5):
                return time.perf_counter() - started
        except urllib.error.HTTPError:
            return time.perf_counter() - started  # the server answered
        except OSError:
            pass
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"server exited with {proc.returncode} before answering {url}")
        if time.perf_counter() > deadline:
            pytest.fail(f"no HTTP answer from {url} within {timeout:.0f} s")
        time.sleep(0.2)


@contextlib.contextmanager
def serve(
    cmd: Sequence[str],
    url: str,
    *,
    log_path: Path,
    timeout: float = 60.0,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run a server (e.g. Voilà) until ``url`` answers; stop it and its children by PID after.

    Its output goes to ``log_path``, which the failure message names.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            list(cmd),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=cwd,
            env=None if env is None else dict(env),
            start_new_session=True,
        )
        try:
            try:
                wait_for_http(url, timeout=timeout, proc=proc)
            except pytest.fail.Exception as exc:
                pytest.fail(f"{exc.msg} (log: {log_path})")
            yield proc
        finally:
            _kill_group(proc)


@pytest.fixture(autouse=True)
def _strict_views(monkeypatch: pytest.MonkeyPatch) -> None:
    """In tests a widget view that fails to redraw raises (pages show a message instead)."""
    monkeypatch.setenv("MOCMO_STRICT_VIEWS", "1")


@pytest.fixture(autouse=True)
def _charts_drawn_at_once() -> Iterator[None]:
    """Each test starts with charts drawn when ``draw`` returns: a test that builds the app
    (``mocmo.ui.shell.app`` turns :data:`mocmo.ui.core.layout.DEFER` on) leaves it as found."""
    from mocmo.ui.core import layout

    layout.DEFER = False
    layout._PENDING.clear()
    layout._scheduled = False
    yield
    layout.DEFER = False
    layout._PENDING.clear()
    layout._scheduled = False
