"""The CMO's journey through the one-page app, in one browser tab and one kernel.

Starts ``mocmo app --no-browser`` (tests/app_server.py) and drives Debian's Chromium with
Playwright, requests not to loopback aborted: open the printed URL, pick the example, diagnose,
add an audience with a "2m" pipeline, move an activity to AI with 25% oversight, change a MarOps
salary point, keep a variant, move a hire, compare with the variant, export. Along the way: the
page never shows a Python repr, an index column or float noise; 150 in a percent box is refused
with a message and saves nothing; leaving with unsaved changes asks; the server has one kernel
throughout; Start's figures equal ``mocmo summary --json`` of the saved plan, formatted as the
page formats them, and so does the exported workbook recalculated by LibreOffice. Screenshots of
each step go to tests/artifacts/<test>/ (two are copied to docs/images/ by hand for the README).
Kept in a module of its own: Playwright's sync API holds an event loop (see conftest).
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from app_server import RunningApp, kernel_processes, running_app

from conftest import ARTIFACTS_DIR, load_values, named_value
from mocmo.app import POOL_SIZE
from mocmo.figures import figure
from mocmo.format import describe_figure, fmt_money
from mocmo.plan import load_plan

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

    from conftest import LibreOfficeRecalc

pytestmark = [pytest.mark.browser, pytest.mark.libreoffice]

WIDGETS_TIMEOUT_MS = 120_000
STEP_TIMEOUT_MS = 60_000
NEW_AUDIENCE = "Nordic Healthtech Scale-ups"
PYTHON_REPR = re.compile(r"Problem\(|\{'|dtype|Unnamed: \d|<mocmo\.|object at 0x")
FLOAT_NOISE = re.compile(r"\d\.\d{10,}")
# A table whose first column counts 0, 1, 2, … is a pandas index shown to the user.
_INDEX_COLUMN_JS = """() => [...document.querySelectorAll('table')].filter(t => {
  const cells = [...t.querySelectorAll('tr')].slice(1).map(r => r.cells[0]?.innerText.trim());
  return cells.length > 1 && cells.every((c, i) => c === String(i));
}).length"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """`mocmo app` with an empty workspace."""
    home = tmp_path_factory.mktemp("workspace")
    with running_app(home, ARTIFACTS_DIR / "test_browser_journey-server.log") as running:
        yield running


def _kernels(served: RunningApp) -> int:
    """How many kernels serve pages: the server's ``ipykernel_launcher`` processes less the
    one Voilà keeps pre-started for the next tab (``mocmo.app.POOL_SIZE``; it starts it a
    moment after a page takes one, so this waits for it up to 30 s). (Voilà 0.5 does not serve
    the list ``/api/kernels``: it redirects to its files handler; the page's own kernel is
    checked at ``/api/kernels/<id>`` with the token.)"""
    deadline = time.monotonic() + 30
    while len(kernel_processes(served)) < 1 + POOL_SIZE and time.monotonic() < deadline:
        time.sleep(0.2)
    return len(kernel_processes(served)) - POOL_SIZE


def _page_kernel_is_live(served: RunningApp, page: Page) -> bool:
    """Whether ``/api/kernels/<id>`` (asked with the token) knows the page's kernel."""
    found = re.search(r'"kernelId": "([0-9a-f-]{36})"', page.content())
    assert found, "the page names no kernel"
    request = urllib.request.Request(
        f"{served.base}/api/kernels/{found[1]}",
        headers={"Authorization": f"token {served.token}"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:  # loopback only
        return bool(answer.status == 200)


def _text_input(scope: Page | Locator, label: str) -> Locator:
    """The input of the text widget whose description is ``label``."""
    return scope.locator(f".widget-inline-hbox:has(> label:text-is('{label}')) input")


def _go(page: Page, number: int, title: str) -> None:
    """Click the sidebar's step and wait for its panel's numbered title."""
    page.get_by_role("button", name=f"{number} · {title}", exact=True).click()
    page.locator(".mocmo-shell-step", has_text=f"Step {number} of 9").wait_for(
        timeout=STEP_TIMEOUT_MS
    )


def _check_page(page: Page, where: str) -> None:
    """No Python repr, float noise or index column on the page as shown."""
    text = page.inner_text("body")
    assert not PYTHON_REPR.search(text), f"{where}: {PYTHON_REPR.search(text)}"
    assert not FLOAT_NOISE.search(text), f"{where}: {FLOAT_NOISE.search(text)}"
    assert page.evaluate(_INDEX_COLUMN_JS) == 0, f"{where}: a table shows an index column"


def _save(page: Page) -> None:
    """Wait for the edit to show as unsaved, press the shown step's Save, wait for 'Saved'."""
    step = page.locator(".mocmo-shell-main")
    step.locator(".mocmo-warning", has_text="Unsaved changes").first.wait_for(timeout=30_000)
    step.get_by_role("button", name="Save plan").first.click()
    step.locator(".mocmo-ok", has_text="Saved").first.wait_for(timeout=STEP_TIMEOUT_MS)


def _save_until(page: Page, saved: Callable[[], bool], timeout_s: float = 60.0) -> None:
    """Press the shown step's Save until the file on disk shows the edit (``saved()``): a typed
    value reaches the kernel a moment after Enter, perhaps after a first Save."""
    deadline = time.monotonic() + timeout_s
    step = page.locator(".mocmo-shell-main")
    while not saved():
        assert time.monotonic() < deadline, "the edit never reached the saved file"
        page.wait_for_timeout(500)
        step.get_by_role("button", name="Save plan").first.click()
        step.locator(".mocmo-ok", has_text="Saved").first.wait_for(timeout=STEP_TIMEOUT_MS)


def _leaving_asks(page: Page) -> bool:
    """Whether the page's beforeunload handler would ask now."""
    return bool(
        page.evaluate(
            """() => { const e = new Event('beforeunload', {cancelable: true});
                       return typeof window.onbeforeunload === 'function'
                              && window.onbeforeunload(e) !== undefined; }"""
        )
    )


def test_a_cmo_walks_every_step_in_one_page_and_one_kernel(
    served: RunningApp, browser_page: Page, artifacts_dir: Path, lo_recalc: LibreOfficeRecalc
) -> None:
    """The printed URL opens the app; the whole journey runs in one page on one kernel, edits
    save, the figures shown and the exported workbook (recalculated by LibreOffice) equal
    `mocmo summary --json`, and no raw output ever shows."""
    page = browser_page
    page.set_default_navigation_timeout(WIDGETS_TIMEOUT_MS)
    shots = artifacts_dir
    loads: list[str] = []
    page.on("load", lambda p: loads.append(p.url))

    # 1 · Start: the printed URL, then the example under a new name.
    page.goto(served.url, wait_until="commit")
    page.get_by_role("button", name="Use this plan").wait_for(timeout=WIDGETS_TIMEOUT_MS)
    page.get_by_label("Start from the example plan (Brightwave, 30 people)").check()
    _text_input(page, "Plan name").first.fill("Board plan")
    page.get_by_role("button", name="Use this plan").click()
    page.get_by_text("Current plan: Board plan").first.wait_for(timeout=STEP_TIMEOUT_MS)
    plan_path = Path(served_home(served)) / "plans" / "board-plan.yaml"
    assert plan_path.is_file()
    assert _kernels(served) == 1
    assert _page_kernel_is_live(served, page)
    page.screenshot(path=str(shots / "1-start.png"), full_page=True)
    _check_page(page, "Start")

    # 2 · Diagnose.
    _go(page, 2, "Diagnose")
    page.screenshot(path=str(shots / "2-diagnose.png"), full_page=True)
    _check_page(page, "Diagnose")

    # 3 · Audiences: a new audience with a "2m" pipeline.
    _go(page, 3, "Audiences")
    _text_input(page, "Name").first.fill(NEW_AUDIENCE)
    _text_input(page, "Industry").first.fill("Healthtech")
    _text_input(page, "Company size").first.fill("Mid-Market")
    _text_input(page, "Region").first.fill("Nordics")
    pipeline = _text_input(page, "Pipeline £/yr").first
    pipeline.fill("2m")
    pipeline.press("Enter")
    page.get_by_role("button", name="Add as a new audience").click()
    page.get_by_text(NEW_AUDIENCE).first.wait_for(timeout=STEP_TIMEOUT_MS)
    assert _leaving_asks(page), "unsaved changes, yet leaving the page would not ask"
    _save(page)
    assert not _leaving_asks(page)
    added = next(a for a in load_plan(plan_path).audiences if a.name == NEW_AUDIENCE)
    assert added.pipeline_target == 2_000_000
    page.screenshot(path=str(shots / "3-audiences.png"), full_page=True)
    _check_page(page, "Audiences")

    # 4 · Reshape: the first activity that stays moves to AI with 25% oversight.
    _go(page, 4, "Reshape")
    before = load_plan(plan_path)
    toggles = page.locator(".mocmo-shell-main .widget-toggle-buttons")
    toggles.first.wait_for(timeout=STEP_TIMEOUT_MS)
    stays = [
        i
        for i in range(toggles.count())
        if toggles.nth(i).locator("button.mod-active", has_text="Stays (custodian)").count()
    ]
    row = toggles.nth(stays[0]).locator("xpath=..")
    toggles.nth(stays[0]).get_by_role("button", name="AI absorbs").click()
    oversight = _text_input(row, "Oversight").first
    page.wait_for_function(
        "el => !el.disabled", arg=oversight.element_handle(), timeout=STEP_TIMEOUT_MS
    )
    oversight.fill("25")
    oversight.press("Enter")
    _save(page)
    after = load_plan(plan_path)
    moved = [
        a
        for r_old, r in zip(before.legacy_roles, after.legacy_roles, strict=True)
        for a_old, a in zip(r_old.activities, r.activities, strict=True)
        if a_old.destination == "stays" and a.destination == "ai"
    ]
    assert [a.oversight for a in moved] == [0.25]

    # 150 in a percent box: a message under the box, nothing saved.
    saved_bytes = plan_path.read_bytes()
    oversight.fill("150")
    oversight.press("Enter")
    message = row.locator(".mocmo-field .mocmo-error").first
    message.wait_for(timeout=STEP_TIMEOUT_MS)
    assert "100%" in message.inner_text()
    page.locator(".mocmo-shell-main").get_by_role("button", name="Save plan").first.click()
    page.wait_for_timeout(1500)  # give a wrong save the time to land; none may
    assert plan_path.read_bytes() == saved_bytes
    page.screenshot(path=str(shots / "4-reshape.png"), full_page=True)
    _check_page(page, "Reshape")
    oversight.fill("25")  # back to the plan's value: no edit left pending
    oversight.press("Enter")

    # 5 · Costing: the first MarOps seat's point in its band.
    _go(page, 5, "Costing")
    point = _text_input(page, "Point in band").first
    point.wait_for(timeout=STEP_TIMEOUT_MS)
    point.fill("80")
    point.press("Enter")
    _save_until(
        page, lambda: load_plan(plan_path).marops_seats[0].point != before.marops_seats[0].point
    )
    page.screenshot(path=str(shots / "5-costing.png"), full_page=True)
    _check_page(page, "Costing")

    # 8 · Scenarios: keep today's version as a variant before the hire moves.
    _go(page, 8, "Scenarios")
    main = page.locator(".mocmo-shell-main")
    _text_input(main, "Variant").first.fill("before the hire moves")
    main.get_by_role("button", name="Save as a variant").click()
    variant = plan_path.with_name("board-plan-before-the-hire-moves.yaml")
    main.get_by_text(f"Saved {variant.name} beside your plan").first.wait_for(
        timeout=STEP_TIMEOUT_MS
    )
    assert variant.is_file()
    assert load_plan(variant).hires == load_plan(plan_path).hires

    # 6 · Migration: move the picked hire one month later.
    _go(page, 6, "Migration")
    hire_month = _text_input(page, "Starts in month").nth(1)
    hire_month.wait_for(timeout=STEP_TIMEOUT_MS)
    month = int(hire_month.input_value())
    hire_month.fill(str(month + 1))
    hire_month.press("Enter")
    _save_until(page, lambda: load_plan(plan_path).hires[0].month == month + 1)
    page.screenshot(path=str(shots / "6-migration.png"), full_page=True)
    _check_page(page, "Migration")

    # 8 · Scenarios again: the saved plan against the variant says what moved, in words.
    _go(page, 8, "Scenarios")
    hire = load_plan(plan_path).hires[0]
    main.get_by_role("button", name="Compare", exact=True).click()
    moved = f"Hire of {hire.position} · starts: month {hire.month} → month {hire.month - 1}"
    main.get_by_text(moved).first.wait_for(timeout=STEP_TIMEOUT_MS)
    page.screenshot(path=str(shots / "8-scenarios.png"), full_page=True)
    _check_page(page, "Scenarios")

    # 9 · Export.
    _go(page, 9, "Export")
    page.get_by_role("button", name="Export the plan").click()
    page.get_by_role("link", name=re.compile("Finance workbook")).first.wait_for(timeout=180_000)
    page.screenshot(path=str(shots / "9-export.png"), full_page=True)
    _check_page(page, "Export")
    assert (Path(served_home(served)) / "exports" / "board-plan").is_dir()

    # Back to Start: its figures are those of the saved plan, as `mocmo summary --json` says.
    _go(page, 1, "Start")
    summary = json.loads(
        subprocess.run(
            [sys.executable, "-m", "mocmo.cli", "summary", str(plan_path), "--json"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    )
    shown = page.locator(".mocmo-shell-main").inner_text()
    currency = load_plan(plan_path).meta.currency
    missing = [
        (key, describe_figure(key, value, currency))
        for key, value in summary.items()
        if value is not None
        and not figure(key).simulation  # the ranges are on the Costing step, checked below
        and describe_figure(key, value, currency) not in shown
    ]
    assert not missing, f"figures not shown as the summary says: {missing}"

    # Costing shows the ranges of the saved plan, P10/P50/P90, as the summary says.
    _go(page, 5, "Costing")
    main = page.locator(".mocmo-shell-main")
    page.wait_for_function(
        "() => !document.querySelector('.mocmo-shell-main').innerText.includes('Recomputing')",
        timeout=STEP_TIMEOUT_MS,
    )
    shown_costing = main.inner_text()
    missing = [
        (key, words)
        for key, value in summary.items()
        if figure(key).simulation and not key.startswith("net_change_")
        for words in [
            f"month {value}" if key.startswith("breakeven") else fmt_money(value, currency)
        ]
        if value is not None and words not in shown_costing
    ]
    assert not missing, f"ranges not shown as the summary says: {missing}"
    _go(page, 1, "Start")

    # The workbook the app exported, recalculated by LibreOffice, says what the summary says.
    exported = sorted((Path(served_home(served)) / "exports" / "board-plan").glob("*.xlsx"))
    assert len(exported) == 1, exported
    book = load_values(lo_recalc(exported[0]))
    for key, expected in summary.items():
        got = named_value(book, key)
        if expected is None:
            assert got in (None, ""), key
        else:
            assert math.isclose(float(got), float(expected), rel_tol=1e-6, abs_tol=0.01), key
    assert "Board plan" in shown and "board-plan.yaml" in shown

    assert _kernels(served) == 1
    assert _page_kernel_is_live(served, page)
    assert len(loads) == 1, f"the page loaded more than once: {loads}"


def served_home(served: RunningApp) -> str:
    """The workspace the app was started with (MOCMO_HOME of its process)."""
    import psutil  # type: ignore[import-untyped]  # no stubs installed

    return str(psutil.Process(served.proc.pid).environ()["MOCMO_HOME"])
