"""The app's server: Voilà's own tornado app, which lets in only this run's browser.

``python -m mocmo._server FOLDER [Voilà options]`` runs Voilà 0.5 on FOLDER with three guards,
all inside Voilà's one tornado application (no proxy, no second server):

* **Token.** ``mocmo app`` makes a random token per run and hands it over in the environment
  (``MOCMO_APP_TOKEN``, never on the command line, which other users can read in ``ps``). It
  becomes Voilà's ``Voila.token``, so Jupyter Server's own identity provider checks it: the
  first request carries ``?token=…`` and gets a signed login cookie (HttpOnly, SameSite=Strict,
  gone when the browser closes); later requests carry the cookie.
* **Gate.** Before any handler runs, :class:`Gate` refuses (403, a plain page saying to open
  the link printed in the terminal) every request — pages, static files, the notebooks' files,
  the kernels API and the kernel websocket alike — whose ``Host`` is not 127.0.0.1 or localhost
  on this port (DNS rebinding), whose ``Origin`` is another site, or that has neither the token
  nor a valid login cookie. Voilà's static-file handlers check no login of their own, and Voilà
  turns Jupyter's Host check off (``allow_remote_access=True``); the gate covers both, and
  Jupyter's Host check is turned back on behind it.
* **Kernels are freed.** Voilà's page, when closed, posts the kernel's shutdown with the
  ``_xsrf`` cookie it expects tornado to have set; Voilà's page handler never asks tornado for
  that token, so no cookie exists, the post fails (``403 '_xsrf' argument missing``,
  voila-dashboards/voila#1458) and the kernel stays. :class:`PageHandler` asks for it on every
  page, so the cookie exists and the shutdown passes Jupyter's usual cookie + Origin + XSRF
  checks. Kernels of tabs that vanish without that post (a crashed browser) are culled when
  idle: ``--MappingKernelManager.cull_*`` on the command line (see ``mocmo.app``).
* **A kernel is ready before the page is asked for.** With ``--preheat_kernel=True`` Voilà
  keeps one kernel that has already run the app's notebook; a page request takes it and Voilà
  starts the next one. The notebook's last cell waits for that request
  (:func:`mocmo.ui.shell.wait_for_page`) over Voilà's ``/voila/query/<kernel id>`` websocket.
  The kernel has no token (it is kept from the kernels), so the gate lets that one path in with
  this run's *kernel key* instead (``MOCMO_KERNEL_KEY``, made here, handed to the kernels in
  their environment; it opens nothing else). Voilà refuses a ``prelaunch_hook`` with a
  pre-started kernel (the page request does not exist yet when the notebook runs), which is
  why the ``_xsrf`` cookie is set by the page handler instead.
"""

from __future__ import annotations

import functools
import hmac
import logging
import os
import re
import secrets
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import tornado.web
from jupyter_server.log import log_request
from tornado.httputil import HTTPServerRequest
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

__all__ = [
    "COOKIE_PREFIX",
    "KERNEL_KEY_ENV",
    "MIN_TOKEN_LENGTH",
    "QUERY_PATH",
    "TOKEN_ENV",
    "Gate",
    "MocmoVoila",
    "PageHandler",
    "main",
]

TOKEN_ENV: Final = "MOCMO_APP_TOKEN"
KERNEL_KEY_ENV: Final = "MOCMO_KERNEL_KEY"
"""The environment variable that hands this run's kernel key to the kernels."""
QUERY_PATH: Final = "/voila/query/"
"""Voilà's websocket that tells a pre-started kernel its page was asked for."""
MIN_TOKEN_LENGTH: Final = 32
COOKIE_PREFIX: Final = "mocmo-app-"
LOCAL_NAMES: Final = ("127.0.0.1", "localhost")
_AUTH_HEADER: Final = re.compile(r"(?:token|bearer)\s+(\S+)\s*$", re.IGNORECASE)
# tornado's default for signed cookies; the cookie itself lasts only as long as the browser.
_COOKIE_MAX_AGE_DAYS: Final = 31

_REFUSALS: Final = {
    "host": (
        "This server answers only at http://127.0.0.1:{port}/ (or http://localhost:{port}/), "
        "not under another name."
    ),
    "origin": "Requests from other web sites are refused.",
    "token": (
        "Open the link <code>mocmo app</code> printed in your terminal "
        "(it ends in <code>?token=…</code>). Lost it? Stop the app with Ctrl-C and start it "
        "again: every run prints a new link."
    ),
}
_PAGE: Final = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mocmo app: not let in</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto; line-height: 1.5">
<h1>Not let in</h1>
<p>{message}</p>
</body></html>
"""


@dataclass(frozen=True)
class Gate:
    """Who the app lets in: this machine, by this port, with this run's token or login cookie.

    ``refusal(request)`` is ``None`` for a request let in, else why not: ``"host"``,
    ``"origin"`` or ``"token"``. ``kernel_key`` (when set) lets a kernel of this run, and
    nothing else, open :data:`QUERY_PATH` (``Authorization: token <kernel key>``).
    """

    token: str
    port: int
    cookie_secret: bytes
    kernel_key: str = ""

    @property
    def cookie_name(self) -> str:
        """The login cookie's name; cookies ignore ports, so each port has its own."""
        return f"{COOKIE_PREFIX}{self.port}"

    @property
    def hosts(self) -> frozenset[str]:
        """``Host`` headers let in: 127.0.0.1 and localhost, with this port or none."""
        return frozenset(name + suffix for name in LOCAL_NAMES for suffix in ("", f":{self.port}"))

    @property
    def origins(self) -> frozenset[str]:
        """``Origin`` headers let in (requests without one are not cross-site)."""
        return frozenset(f"http://{name}:{self.port}" for name in LOCAL_NAMES)

    def refusal(self, request: HTTPServerRequest) -> str | None:
        """Why ``request`` is refused, or ``None`` when it is let in."""
        if request.headers.get("Host", "").lower() not in self.hosts:
            return "host"
        origin = request.headers.get("Origin", request.headers.get("Sec-Websocket-Origin"))
        if origin is not None and origin.lower() not in self.origins:
            return "origin"
        if request.path.startswith(QUERY_PATH):
            return None if self._has_kernel_key(request) else "token"
        if self._has_token(request) or self._has_cookie(request):
            return None
        return "token"

    def _has_kernel_key(self, request: HTTPServerRequest) -> bool:
        header = _AUTH_HEADER.match(request.headers.get("Authorization", ""))
        return bool(
            self.kernel_key
            and header
            and hmac.compare_digest(header.group(1).encode(), self.kernel_key.encode())
        )

    def _has_token(self, request: HTTPServerRequest) -> bool:
        given = [v.decode("utf-8", "replace") for v in request.query_arguments.get("token", [])]
        header = _AUTH_HEADER.match(request.headers.get("Authorization", ""))
        if header:
            given.append(header.group(1))
        return any(hmac.compare_digest(g.encode(), self.token.encode()) for g in given)

    def _has_cookie(self, request: HTTPServerRequest) -> bool:
        morsel = request.cookies.get(self.cookie_name)
        if morsel is None:
            return False
        value = tornado.web.decode_signed_value(
            self.cookie_secret, self.cookie_name, morsel.value, _COOKIE_MAX_AGE_DAYS
        )
        return value is not None


class RefusedHandler(tornado.web.RequestHandler):
    """403 and a plain page saying why; it names no request value (nothing to escape)."""

    def initialize(self, reason: str, port: int) -> None:
        self.reason = reason
        self.port = port

    def prepare(self) -> None:
        self.set_status(403)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(_PAGE.format(message=_REFUSALS[self.reason].format(port=self.port)))


class GatedApplication(tornado.web.Application):
    """Voilà's tornado application with :class:`Gate` in front of its router."""

    def __init__(self, gate: Gate, **settings: Any) -> None:
        self.gate = gate
        super().__init__(**settings)

    def find_handler(self, request: HTTPServerRequest, **kwargs: Any) -> Any:
        reason = self.gate.refusal(request)
        if reason is not None:
            return self.get_handler_delegate(
                request, RefusedHandler, {"reason": reason, "port": self.gate.port}
            )
        return super().find_handler(request, **kwargs)


class _DropVoilaAddress(logging.Filter):
    """``mocmo app`` prints the one address to open (with the token); Voilà's is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Voilà is running at")


class PageHandler(TornadoVoilaHandler):
    """Voilà's page handler, which also makes tornado set the ``_xsrf`` cookie: Voilà's page
    posts that cookie's value with the kernel's shutdown when the tab closes."""

    async def get(self, path: str | None = None) -> None:
        self.xsrf_token  # noqa: B018 - reading it sets the cookie when the browser has none
        await super().get(path)


class MocmoVoila(Voila):
    """Voilà with the token, the gate, Jupyter's Host check and the shutdown's XSRF cookie."""

    name = "mocmo-app"

    def initialize(self, argv: Sequence[str] | None = None) -> None:
        token: str = self.token  # this run's, from main(); no config file may replace it
        super().initialize(argv)
        self.set_trait("token", token)
        # A new secret each run: the last run's login cookies no longer open anything.
        self.set_trait("cookie_secret", os.urandom(32))
        self.log.addFilter(_DropVoilaAddress())

    def _security_settings(self, gate: Gate) -> dict[str, Any]:
        self.identity_provider.cookie_name = gate.cookie_name
        # expires_days=None: a session cookie; the next run's cookie secret differs anyway.
        self.identity_provider.cookie_options = {"samesite": "Strict", "expires_days": None}
        return {
            "allow_remote_access": False,  # Jupyter's own Host check, behind the gate's
            "local_hostnames": ["localhost"],
            # the page's script reads it (so not HttpOnly); sent to this site only, this session
            "xsrf_cookie_kwargs": {"samesite": "Strict", "expires_days": None},
            "log_function": functools.partial(log_request, record_prometheus_metrics=False),
        }

    def start(self) -> None:
        """Voilà's ``start``, with :class:`GatedApplication` as the tornado application."""
        self.connection_dir = tempfile.mkdtemp(prefix="voila_", dir=self.connection_dir_root)
        self.log.info("Storing connection files in %s.", self.connection_dir)
        settings = self.init_settings()
        settings.update(self.tornado_settings)
        gate = Gate(self.token, self.port, self.cookie_secret, os.environ.get(KERNEL_KEY_ENV, ""))
        settings.update(self._security_settings(gate))
        self.app = GatedApplication(gate, **settings)
        handlers = [
            (route, PageHandler, *rest)
            if handler is TornadoVoilaHandler
            else (route, handler, *rest)
            for route, handler, *rest in self.init_handlers()
        ]
        self.app.add_handlers(".*$", handlers)
        self.listen()


def main(argv: Sequence[str] | None = None) -> None:
    """Run the server; the token comes from ``MOCMO_APP_TOKEN`` and is kept from the kernels."""
    token = os.environ.pop(TOKEN_ENV, "")
    if len(token) < MIN_TOKEN_LENGTH:
        shown = "not set" if not token else f"{len(token)} characters"
        sys.exit(
            f"mocmo app: error: {TOKEN_ENV}: got {shown}, must be a random token of at least "
            f"{MIN_TOKEN_LENGTH} characters (start the app with `mocmo app`)"
        )
    # The kernels inherit it: it lets them (only) open QUERY_PATH, never a page or the kernels API.
    os.environ[KERNEL_KEY_ENV] = secrets.token_urlsafe(32)
    MocmoVoila.launch_instance(list(sys.argv[1:] if argv is None else argv), token=token)


if __name__ == "__main__":
    main()
