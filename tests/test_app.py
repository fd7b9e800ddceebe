"""App mode: loopback only, this run's token, a Host allowlist, idle kernels culled.

Unit tests on the server's command line and on the gate's decisions, then HTTP tests against
a real ``mocmo app --no-browser`` on a free port (urllib/http.client, no browser).
"""

from __future__ import annotations

import http.client
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import tornado.web
from app_server import RunningApp, kernel_processes, running_app
from tornado.httputil import HTTPHeaders, HTTPServerRequest, RequestStartLine

from conftest import ARTIFACTS_DIR
from mocmo import _server, app
from mocmo.cli import main

# --------------------------------------------------------------------------- the command line


def test_voila_command_binds_to_loopback_and_hides_code() -> None:
    """The server listens on 127.0.0.1 only, on the given port or not at all, opens no
    browser and strips the code cells."""
    cmd = app.voila_command(8899, Path("/nb"))
    assert cmd[1:4] == ["-m", "mocmo._server", "/nb"]
    assert "--Voila.ip=127.0.0.1" in cmd
    assert "--no-browser" in cmd
    assert "--port=8899" in cmd
    assert "--Voila.port_retries=0" in cmd
    assert "--VoilaConfiguration.strip_sources=True" in cmd


def test_voila_command_culls_idle_kernels_with_no_tab_connected() -> None:
    """By default a kernel idle for 600 s with no tab connected is shut down, checked every
    60 s; other values are passed through as given."""
    default = app.voila_command(8899, Path("/nb"))
    assert "--MappingKernelManager.cull_idle_timeout=600" in default
    assert "--MappingKernelManager.cull_interval=60" in default
    assert "--MappingKernelManager.cull_connected=False" in default
    quick = app.voila_command(8899, Path("/nb"), app.Culling(idle_s=5, interval_s=2))
    assert "--MappingKernelManager.cull_idle_timeout=5" in quick
    assert "--MappingKernelManager.cull_interval=2" in quick


@pytest.mark.parametrize(
    ("idle", "interval", "message"),
    [
        (0, 60, "--cull-idle: got 0, must be a whole number of seconds, at least 1"),
        (-5, 60, "--cull-idle: got -5,"),
        (600, 0, "--cull-interval: got 0,"),
        (600, True, "--cull-interval: got True,"),
        (1.5, 60, "--cull-idle: got 1.5,"),
    ],
)
def test_culling_refuses_what_is_not_whole_positive_seconds(
    idle: object, interval: object, message: str
) -> None:
    """A cull time that is not a whole number of seconds of at least 1 is refused, naming the
    option and the value."""
    with pytest.raises(ValueError, match=re.escape(message)):
        app.Culling(idle_s=idle, interval_s=interval)  # type: ignore[arg-type]


def test_app_with_a_zero_cull_idle_exits_2_without_starting_a_server(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`mocmo app --cull-idle 0` says what is allowed and exits 2; no server is started."""
    monkeypatch.setenv("MOCMO_HOME", str(tmp_path))

    def no_server(*_a: object, **_k: object) -> None:
        raise AssertionError("a server was started for a refused option")

    monkeypatch.setattr(app.subprocess, "Popen", no_server)
    assert main(["app", "--no-browser", "--cull-idle", "0"]) == 2
    assert "--cull-idle: got 0, must be a whole number of seconds" in capsys.readouterr().err


def test_the_token_is_not_on_the_command_line() -> None:
    """The command line (which `ps` shows every user) carries no token: it goes in the
    server's environment."""
    cmd = " ".join(app.voila_command(8899, Path("/nb")))
    assert "token" not in cmd.lower()


def test_each_run_has_its_own_long_random_token() -> None:
    """Tokens are URL-safe, 43 characters (256 random bits), and differ from run to run."""
    tokens = {app.new_token() for _ in range(20)}
    assert len(tokens) == 20
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{43}", t) for t in tokens)


def test_start_url_opens_the_app_at_the_root_with_the_token() -> None:
    """The printed address is the one-page app at the root of 127.0.0.1 with ?token=…."""
    assert app.start_url(8123, "abc-_1") == "http://127.0.0.1:8123/?token=abc-_1"


@pytest.mark.parametrize("token", [None, "", "short"])
def test_the_server_refuses_to_start_without_a_long_token(
    token: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`python -m mocmo._server` with no token, or one under 32 characters, exits with a
    message naming MOCMO_APP_TOKEN and what it must be; it never serves without one."""
    if token is None:
        monkeypatch.delenv(_server.TOKEN_ENV, raising=False)
    else:
        monkeypatch.setenv(_server.TOKEN_ENV, token)

    def no_server(*_a: object, **_k: object) -> None:
        raise AssertionError("the server started without a usable token")

    monkeypatch.setattr(_server.MocmoVoila, "launch_instance", no_server)
    with pytest.raises(SystemExit) as done:
        _server.main([])
    assert "MOCMO_APP_TOKEN: got " in str(done.value)
    assert "at least 32 characters" in str(done.value)


def test_no_option_or_config_file_replaces_the_runs_token(tmp_path: Path) -> None:
    """A `Voila.token` given on the command line or in a voila.json config file does not
    replace the token `mocmo app` printed."""
    (tmp_path / "voila.json").write_text('{"Voila": {"token": "from-a-file"}}', encoding="utf-8")
    previous = signal.getsignal(signal.SIGTERM)  # Voilà's initialize installs its own
    try:
        server = _server.MocmoVoila(token="t" * 43, config_file_paths=[str(tmp_path)])
        server.initialize([str(app.notebooks_dir()), "--Voila.token=from-the-command-line"])
        assert server.token == "t" * 43
    finally:
        signal.signal(signal.SIGTERM, previous)


# --------------------------------------------------------------------------- the gate

TOKEN = "t" * 43
SECRET = b"s" * 32
PORT = 8123


def _request(
    uri: str = "/voila/render/x.ipynb", host: str | None = f"127.0.0.1:{PORT}", **headers: str
) -> HTTPServerRequest:
    all_headers = HTTPHeaders({k.replace("_", "-"): v for k, v in headers.items()})
    if host is not None:
        all_headers["Host"] = host
    version = "HTTP/1.1" if host is not None else "HTTP/1.0"  # 1.1 requires a Host
    return HTTPServerRequest(start_line=RequestStartLine("GET", uri, version), headers=all_headers)


GATE = _server.Gate(TOKEN, PORT, SECRET)
WITH_TOKEN = f"/voila/render/x.ipynb?token={TOKEN}"


@pytest.mark.parametrize(
    ("host", "let_in"),
    [
        (f"127.0.0.1:{PORT}", True),
        (f"localhost:{PORT}", True),
        (f"LOCALHOST:{PORT}", True),
        ("127.0.0.1", True),
        ("localhost", True),
        (f"evil.example:{PORT}", False),
        ("evil.example", False),
        (f"127.0.0.1:{PORT + 1}", False),
        (f"127.0.0.2:{PORT}", False),
        (f"localhost.evil.example:{PORT}", False),
        (None, False),
    ],
)
def test_the_gate_lets_in_only_loopback_host_names_on_this_port(
    host: str | None, let_in: bool
) -> None:
    """With the right token, a Host header other than 127.0.0.1/localhost on this port (or
    none) is refused as 'host' — the DNS rebinding defence."""
    assert GATE.refusal(_request(WITH_TOKEN, host=host)) == (None if let_in else "host")


@pytest.mark.parametrize(
    ("origin", "let_in"),
    [
        (None, True),
        (f"http://127.0.0.1:{PORT}", True),
        (f"http://localhost:{PORT}", True),
        ("http://evil.example", False),
        (f"http://127.0.0.1:{PORT + 1}", False),
        ("null", False),
    ],
)
def test_the_gate_refuses_requests_from_other_sites(origin: str | None, let_in: bool) -> None:
    """A request (a websocket upgrade included) whose Origin is another site is refused,
    even with the token."""
    headers = {} if origin is None else {"Origin": origin}
    assert GATE.refusal(_request(WITH_TOKEN, **headers)) == (None if let_in else "origin")


def _cookie(name: str = f"mocmo-app-{PORT}", secret: bytes = SECRET) -> str:
    value = tornado.web.create_signed_value(secret, name, '{"username": "u"}').decode()
    return f"{name}={value}"


@pytest.mark.parametrize(
    ("uri", "headers", "let_in"),
    [
        (WITH_TOKEN, {}, True),
        ("/x", {"Authorization": f"token {TOKEN}"}, True),
        ("/x", {"Authorization": f"Bearer {TOKEN}"}, True),
        ("/x", {"Cookie": _cookie()}, True),
        ("/x", {}, False),
        ("/x?token=", {}, False),
        (f"/x?token={TOKEN[:-1]}", {}, False),
        (f"/x?token={TOKEN}x", {}, False),
        ("/x", {"Authorization": f"token {TOKEN[:-1]}"}, False),
        ("/x", {"Cookie": _cookie(secret=b"another run's secret, 32 bytes.")}, False),
        ("/x", {"Cookie": _cookie(name=f"mocmo-app-{PORT + 1}")}, False),
        ("/x", {"Cookie": f"mocmo-app-{PORT}={TOKEN}"}, False),
    ],
    ids=[
        "query-token",
        "token-header",
        "bearer-header",
        "login-cookie",
        "nothing",
        "empty-token",
        "token-cut-short",
        "token-too-long",
        "wrong-header",
        "cookie-of-another-run",
        "cookie-of-another-port",
        "unsigned-cookie",
    ],
)
def test_the_gate_lets_in_only_this_runs_token_or_login_cookie(
    uri: str, headers: dict[str, str], let_in: bool
) -> None:
    """Only the exact token (URL or Authorization header) or a login cookie signed with this
    run's secret lets a request in; anything else is refused as 'token'."""
    assert GATE.refusal(_request(uri, **headers)) == (None if let_in else "token")


KEY = "k" * 43  # this run's kernel key (random in a real run)
KEYED = _server.Gate(TOKEN, PORT, SECRET, KEY)
QUERY = "/voila/query/6f1c2b3a-0000-4000-8000-000000000000"


@pytest.mark.parametrize(
    ("uri", "headers", "let_in"),
    [
        (QUERY, {"Authorization": f"token {KEY}"}, True),
        (QUERY, {}, False),
        (QUERY, {"Authorization": f"token {KEY[:-1]}"}, False),
        (f"{QUERY}?token={TOKEN}", {}, False),  # the browser's token does not open it
        (QUERY, {"Cookie": _cookie()}, False),
        ("/", {"Authorization": f"token {KEY}"}, False),  # the key opens nothing else
        ("/api/kernels", {"Authorization": f"token {KEY}"}, False),
        (f"/?token={KEY}", {}, False),
    ],
    ids=[
        "key", "nothing", "key-cut-short", "browser-token", "login-cookie", "key-on-the-page",
        "key-on-the-kernels-api", "key-as-query-token",
    ],
)  # fmt: skip
def test_the_kernel_key_opens_voilas_query_socket_and_nothing_else(
    uri: str, headers: dict[str, str], let_in: bool
) -> None:
    """A pre-started kernel waits for its page on /voila/query/<id>: only this run's kernel key
    opens that path, and the key opens no other path."""
    assert KEYED.refusal(_request(uri, **headers)) == (None if let_in else "token")


def test_voila_command_pre_starts_one_kernel() -> None:
    """Voilà keeps one kernel that has already run the app's notebook (the first screen does
    not wait for a kernel to start and import)."""
    cmd = app.voila_command(8899, Path("/nb"))
    assert "--VoilaConfiguration.preheat_kernel=True" in cmd
    assert "--VoilaConfiguration.default_pool_size=1" in cmd


def test_notebooks_are_found_from_the_clone() -> None:
    """The guided notebooks, Start Here and the app's own, are found next to the package."""
    assert (app.notebooks_dir() / app.START_NOTEBOOK).is_file()
    assert (app.notebooks_dir() / app.APP_NOTEBOOK).is_file()


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


# --------------------------------------------------------------------------- a real server

START = "/"  # the one-page app, the only page served
KERNEL_ID = re.compile(r'"kernelId": "([0-9a-f-]{36})"')


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: str

    def cookies(self) -> dict[str, str]:
        """Set-Cookie headers by cookie name: the whole header (value and attributes)."""
        return {c.split("=", 1)[0]: c for c in self.headers.get_all("Set-Cookie") or []}


def _ask(
    served: RunningApp,
    path: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
) -> Answer:
    """One request to the app, redirects not followed, Host 127.0.0.1:port unless given."""
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=120)
    try:
        conn.putrequest(method, path, skip_host=True)
        all_headers = {"Host": f"127.0.0.1:{served.port}", **(headers or {})}
        if body is not None:
            all_headers["Content-Length"] = str(len(body))
        for name, value in all_headers.items():
            conn.putheader(name, value)
        conn.endheaders(body)
        resp = conn.getresponse()
        text = "" if resp.status == 101 else resp.read().decode("utf-8", "replace")
        return Answer(resp.status, resp.headers, text)
    finally:
        conn.close()


@dataclass
class Login:
    """What the first visit with the token gave: the answer, the cookies, the page's kernel."""

    answer: Answer
    cookie: str  # a Cookie header with the login and _xsrf cookies
    xsrf: str
    kernel_id: str


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """`mocmo app --no-browser` on a free port, with an empty workspace."""
    home = tmp_path_factory.mktemp("workspace")
    with running_app(home, ARTIFACTS_DIR / "test_app-server.log") as running:
        yield running


@pytest.fixture(scope="module")
def login(served: RunningApp) -> Login:
    """Start Here opened once with the printed URL, as the user's browser would."""
    answer = _ask(served, urlsplit(served.url).path + "?" + urlsplit(served.url).query)
    assert answer.status == 200, answer.body[:500]
    cookies = answer.cookies()
    pairs = [c.split(";", 1)[0] for c in cookies.values()]
    found = KERNEL_ID.search(answer.body)
    assert found, "the page names no kernel"
    return Login(
        answer, "; ".join(pairs), cookies["_xsrf"].split(";")[0].split("=", 1)[1], found[1]
    )


def test_the_app_prints_one_address_with_the_token(served: RunningApp) -> None:
    """The terminal shows one address — the app at the root of 127.0.0.1 with ?token= — and neither
    Voilà's own root address nor the token anywhere else."""
    parts = urlsplit(served.url)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "http",
        f"127.0.0.1:{served.port}",
        START,
    )
    assert parse_qs(parts.query)["token"] == [served.token]
    printed = "".join(served.stdout)
    assert printed.count("http://") == 1
    log = (ARTIFACTS_DIR / "test_app-server.log").read_text(encoding="utf-8")
    assert "http://" not in log
    assert "Voilà is running at" not in log


@pytest.mark.parametrize(
    "path",
    [
        START,
        "/voila/render/00_start_here.ipynb",
        "/voila/static/voila.js",
        "/voila/files/anything.png",
        "/login",
    ],
)
def test_no_token_no_entry(served: RunningApp, path: str) -> None:
    """Without the token or the cookie, pages, static files and the notebooks' files answer
    403 with the plain page that says to open the printed link."""
    answer = _ask(served, path)
    assert answer.status == 403
    assert "Open the link <code>mocmo app</code> printed in your terminal" in answer.body
    assert served.token not in answer.body


def test_the_printed_url_opens_the_app_and_sets_a_strict_login_cookie(
    login: Login, served: RunningApp
) -> None:
    """The printed URL answers 200 with the one-page app and sets the login cookie HttpOnly,
    SameSite=Strict and for this browser session only; the _xsrf cookie is set too."""
    assert login.answer.status == 200
    assert "<title>app</title>" in login.answer.body
    cookie = login.answer.cookies()[f"mocmo-app-{served.port}"]
    attributes = {a.strip().lower() for a in cookie.split(";")[1:]}
    assert {"httponly", "samesite=strict", "path=/"} <= attributes
    assert not any(a.startswith(("expires", "max-age")) for a in attributes)
    xsrf = {a.strip().lower() for a in login.answer.cookies()["_xsrf"].split(";")[1:]}
    assert "samesite=strict" in xsrf


def test_the_cookie_alone_opens_the_other_pages(login: Login, served: RunningApp) -> None:
    """After the first visit, the cookie without any token lets in the app's page, a static
    file and the page's kernel in the kernels API; no other notebook page is served."""
    assert _ask(served, "/voila/static/voila.js", headers={"Cookie": login.cookie}).status == 200
    kernel = _ask(served, f"/api/kernels/{login.kernel_id}", headers={"Cookie": login.cookie})
    assert kernel.status == 200
    other = _ask(
        served, "/voila/render/06_agent_governance.ipynb", headers={"Cookie": login.cookie}
    )
    assert other.status != 200 and "agent" not in other.body.lower()
    listing = _ask(served, "/voila/tree", headers={"Cookie": login.cookie})
    assert listing.status != 200 and ".ipynb" not in listing.body


@pytest.mark.parametrize(
    "token", ["wrong", "x" * 43], ids=["wrong-token", "wrong-token-of-the-right-length"]
)
def test_a_wrong_token_is_refused(served: RunningApp, token: str) -> None:
    """A token other than this run's answers 403."""
    assert _ask(served, f"{START}?token={token}").status == 403


def test_another_host_name_is_refused_even_with_the_token(served: RunningApp) -> None:
    """A request naming another Host (DNS rebinding) answers 403 although it has the token."""
    answer = _ask(served, f"{START}?token={served.token}", headers={"Host": "evil.example"})
    assert answer.status == 403
    assert "answers only at http://127.0.0.1:" in answer.body
    port_less = _ask(
        served, f"/voila/static/voila.js?token={served.token}", headers={"Host": "evil.example"}
    )
    assert port_less.status == 403


def _upgrade(origin: str) -> dict[str, str]:
    return {
        "Connection": "Upgrade",
        "Upgrade": "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        "Origin": origin,
    }


def test_the_kernels_api_and_websocket_need_the_token(login: Login, served: RunningApp) -> None:
    """Without the token or cookie, a real kernel's API and its websocket answer 403; another
    site's page with the cookie is refused the websocket too; this site's page gets it."""
    kernel = f"/api/kernels/{login.kernel_id}"
    assert _ask(served, kernel).status == 403
    assert _ask(served, kernel, method="DELETE").status == 403
    channels = f"{kernel}/channels"
    assert _ask(served, channels, headers=_upgrade(served.base)).status == 403
    evil = {**_upgrade("http://evil.example"), "Cookie": login.cookie}
    assert _ask(served, channels, headers=evil).status == 403
    ours = {**_upgrade(served.base), "Cookie": login.cookie}
    assert _ask(served, channels, headers=ours).status == 101


def _beacon(xsrf: str) -> tuple[bytes, str]:
    """The form Voilà's page posts on unload: `_xsrf` as multipart form data."""
    boundary = "mocmoboundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="_xsrf"\r\n\r\n'
        f"{xsrf}\r\n--{boundary}--\r\n"
    ).encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_closing_a_tab_shuts_its_kernel_down(login: Login, served: RunningApp) -> None:
    """The shutdown Voilà's page posts on unload (login cookie, `_xsrf` from its cookie, this
    site's Origin) answers 204 and frees the kernel; without `_xsrf`, or from another site, it
    is refused and the kernel stays."""
    path = f"/voila/api/shutdown/{login.kernel_id}"
    kernel = f"/api/kernels/{login.kernel_id}"
    empty, kind = _beacon("")
    refused = {"Cookie": login.cookie, "Origin": served.base, "Content-Type": kind}
    assert _ask(served, path, method="POST", headers=refused, body=empty).status == 403
    body, kind = _beacon(login.xsrf)
    evil = {"Cookie": login.cookie, "Origin": "http://evil.example", "Content-Type": kind}
    assert _ask(served, path, method="POST", headers=evil, body=body).status == 403
    assert _ask(served, kernel, headers={"Cookie": login.cookie}).status == 200
    ok = {"Cookie": login.cookie, "Origin": served.base, "Content-Type": kind}
    assert _ask(served, path, method="POST", headers=ok, body=body).status == 204
    assert _ask(served, kernel, headers={"Cookie": login.cookie}).status == 404


def test_the_app_stops_its_server_and_kernels_on_sigterm(tmp_path: Path) -> None:
    """`mocmo app`, stopped with SIGTERM, exits 0 and leaves no server or kernel behind."""
    with running_app(tmp_path, tmp_path / "server.log") as running:
        page = running.url
        assert _ask(running, urlsplit(page).path + "?" + urlsplit(page).query).status == 200
        # the page's kernel, and perhaps already the next pre-started one Voilà starts
        assert 1 <= len(kernel_processes(running)) <= 1 + app.POOL_SIZE
        server = running.proc
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
        if f"--port={running.port}" not in ps:
            break
        time.sleep(0.5)
    else:
        raise AssertionError(f"a Voilà server on port {running.port} outlived `mocmo app`")
