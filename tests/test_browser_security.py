"""App mode's doors in a real browser: the token, the login cookie, and kernels freed.

The app is one page (the root, ``/``): every visit below opens it; no other notebook is served.

Starts ``mocmo app --no-browser --cull-idle 15 --cull-interval 2`` on a free port and drives
Debian's Chromium with Playwright (requests not to loopback aborted). Kernels are counted as
the server's ``ipykernel_launcher`` processes, memory as the resident size of the app's whole
process tree (psutil); the figures go to tests/artifacts/<test>/kernels.json and the output.
Kept in a module of its own: Playwright's sync API holds an event loop (see conftest).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from app_server import RunningApp, kernel_processes, running_app, total_rss_mb, wait_for_kernels

from conftest import ARTIFACTS_DIR
from mocmo.app import POOL_SIZE

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = [pytest.mark.browser]

# Short, but long enough for a busy machine's browser to connect to a page's kernel after
# the page arrives: a kernel idle that long with no tab connected yet is culled (seen at 5 s).
CULL_IDLE_S = 15
CULL_INTERVAL_S = 2
# A kernel left alone is culled CULL_IDLE_S after its last message, at the next check.
CULLED_WITHIN_S = 4 * (CULL_IDLE_S + CULL_INTERVAL_S)
WIDGETS_TIMEOUT_MS = 90_000
KERNEL_ID = re.compile(r'"kernelId": "([0-9a-f-]{36})"')
LOG = ARTIFACTS_DIR / "test_browser_security-server.log"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """`mocmo app` culling kernels idle for 15 s with no tab connected, checked every 2 s."""
    home = tmp_path_factory.mktemp("workspace")
    with running_app(
        home, LOG, "--cull-idle", str(CULL_IDLE_S), "--cull-interval", str(CULL_INTERVAL_S)
    ) as running:
        yield running


def _open(context: BrowserContext, url: str) -> tuple[Page, str]:
    """A new tab on ``url``, once its widgets are on screen; returns it and its kernel's id."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    page = context.new_page()
    page.set_default_navigation_timeout(WIDGETS_TIMEOUT_MS)
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200, url
    try:
        page.locator(".jupyter-widgets >> visible=true").first.wait_for(timeout=WIDGETS_TIMEOUT_MS)
    except PlaywrightTimeoutError:
        pytest.fail(f"{url}: no widgets on screen within {WIDGETS_TIMEOUT_MS / 1000:.0f} s")
    found = KERNEL_ID.search(page.content())
    assert found, f"{url} names no kernel"
    return page, found[1]


def _culled(kernel_id: str) -> bool:
    """Whether the server's log says the culler shut this kernel down."""
    lines = LOG.read_text(encoding="utf-8").splitlines()
    return any("Culling" in line and kernel_id in line for line in lines)


def _shut_down(kernel_id: str) -> bool:
    return f"Kernel shutdown: {kernel_id}" in LOG.read_text(encoding="utf-8")


def _wait_until(condition: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)
    return True


def test_without_the_token_the_app_is_refused_with_it_the_app_works(
    served: RunningApp, browser_page: Page
) -> None:
    """The app without the token is a 403 page saying to open the printed link; the printed
    link shows the app's widgets, and the app opens again with the cookie alone."""
    page = browser_page
    page.set_default_navigation_timeout(WIDGETS_TIMEOUT_MS)
    refused = page.goto(f"{served.base}/", wait_until="load")
    assert refused is not None and refused.status == 403
    assert "printed in your terminal" in page.inner_text("body")
    assert page.locator(".jupyter-widgets").count() == 0

    page.goto(served.url, wait_until="load")
    page.get_by_role("button", name="Use this plan").first.wait_for(timeout=WIDGETS_TIMEOUT_MS)
    again = page.context.new_page()
    again.set_default_navigation_timeout(WIDGETS_TIMEOUT_MS)
    again.goto(f"{served.base}/", wait_until="load")
    again.get_by_role("button", name="Use this plan").first.wait_for(timeout=WIDGETS_TIMEOUT_MS)
    assert "token" not in again.url
    again.close(run_before_unload=True)


def test_a_closed_tab_frees_its_kernel_and_an_abandoned_one_is_culled(
    served: RunningApp, browser_page: Page
) -> None:
    """Closing a tab posts its kernel's shutdown, which the server accepts (the kernel goes,
    not culled); a tab that vanishes without it leaves its kernel until the culler frees it."""
    context = browser_page.context
    browser_page.goto(served.url, wait_until="commit")  # the login cookie for this context

    closed, closed_id = _open(context, f"{served.base}/")
    closed.close(run_before_unload=True)  # as a user closing the tab
    assert _wait_until(lambda: _shut_down(closed_id), timeout=CULLED_WITHIN_S)
    assert not _culled(closed_id), "the closed tab's kernel was left to the culler"

    abandoned, abandoned_id = _open(context, f"{served.base}/")
    abandoned.close(run_before_unload=False)  # no unload handlers: nothing posted
    assert _wait_until(lambda: _shut_down(abandoned_id), timeout=CULLED_WITHIN_S)
    assert _culled(abandoned_id)


def test_the_app_twice_leaves_no_more_kernels_than_open_tabs(
    served: RunningApp, browser_page: Page, artifacts_dir: Path
) -> None:
    """The app opened twice more in turn, each tab closed after its widgets showed, leaves one
    kernel for a page — the one tab still open, kept though idle longer than the cull time —
    besides the one Voilà keeps pre-started for the next tab (never culled: POOL_SIZE)."""
    context = browser_page.context
    browser_page.goto(served.url, wait_until="commit")  # the login cookie for this context
    assert wait_for_kernels(served, at_most=POOL_SIZE, timeout=CULLED_WITHIN_S) == POOL_SIZE
    before = {"kernels": POOL_SIZE, "rss_mb": round(total_rss_mb(served), 1)}

    kept, _ = _open(context, f"{served.base}/")
    pages = [f"{served.base}/", f"{served.base}/"]
    peak_kernels, peak_rss = 0, 0.0
    seconds: list[float] = []  # to widgets on screen, for the report (this test times nothing)
    for url in pages:
        started = time.monotonic()
        tab, _ = _open(context, url)
        seconds.append(round(time.monotonic() - started, 1))
        peak_kernels = max(peak_kernels, len(kernel_processes(served)))
        peak_rss = max(peak_rss, total_rss_mb(served))
        tab.close(run_before_unload=True)

    time.sleep(CULL_IDLE_S + 2 * CULL_INTERVAL_S)  # the kept tab is idle past the cull time
    left = wait_for_kernels(served, at_most=1 + POOL_SIZE, timeout=CULLED_WITHIN_S)
    after = {"kernels": left, "rss_mb": round(total_rss_mb(served), 1)}
    figures = {
        "pages_visited": len(pages),
        "open_tabs": 1,
        "before": before,
        "peak": {"kernels": peak_kernels, "rss_mb": round(peak_rss, 1)},
        "after_culling": after,
        "page_seconds": seconds,
    }
    (artifacts_dir / "kernels.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(f"\nkernels and memory of the app's process tree: {json.dumps(figures)}")
    assert left == 1 + POOL_SIZE
    assert kept.locator(".jupyter-widgets").first.is_visible()
    kept.close()
