"""The guided workbook as a CMO meets it: app mode in a real browser, from Start Here to export.

Starts ``mocmo app`` (Voilà on a free loopback port), drives Debian's Chromium with Playwright,
takes a screenshot of every step into tests/artifacts/, and checks that the saved plan validates
and that the downloaded workbook, recalculated by LibreOffice, agrees with ``mocmo summary --json``.
Kept in a module of its own: Playwright's sync API holds an event loop (see conftest).
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from conftest import load_values, named_value
from mocmo.plan import load_plan

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from conftest import LibreOfficeRecalc

pytestmark = [pytest.mark.browser, pytest.mark.libreoffice]

WIDGETS_TIMEOUT_MS = 90_000
NEW_AUDIENCE = "Nordic Healthtech Scale-ups"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """`mocmo app` serving the guided notebooks with an empty workspace."""
    home = tmp_path_factory.mktemp("workspace")
    from app_server import running_app

    from conftest import ARTIFACTS_DIR

    with running_app(home, ARTIFACTS_DIR / "app-server.log") as running:
        yield {"base": running.base, "home": home, "token": running.token}


def _page_url(app: dict[str, Any], notebook: str) -> str:
    """The page with this run's token (`mocmo app` lets in nothing without it)."""
    return f"{app['base']}/voila/render/{notebook}?token={app['token']}"


def _wait_for_button(page: Page, name: str) -> None:
    page.get_by_role("button", name=name).first.wait_for(timeout=WIDGETS_TIMEOUT_MS)


def _text_input(page: Page, label: str) -> Any:
    """The input of the text widget whose description is ``label``."""
    return page.locator(f".widget-inline-hbox:has(> label:text-is('{label}')) input").first


def _save(page: Page, shots: Path, name: str) -> None:
    """Wait for the edit to register as unsaved, press Save, wait for 'Saved', screenshot."""
    try:
        page.get_by_text("Unsaved changes").first.wait_for(timeout=30_000)
        page.get_by_role("button", name="Save plan").first.click()
        page.locator(".mocmo-ok", has_text="Saved").first.wait_for(timeout=WIDGETS_TIMEOUT_MS)
    finally:
        page.screenshot(path=str(shots / name), full_page=True)


def test_a_cmo_goes_from_start_here_to_an_exported_workbook(
    app: dict[str, Any], browser_page: Page, artifacts_dir: Path, lo_recalc: LibreOfficeRecalc
) -> None:
    """Pick the example, add an audience, move an activity to AI, change a salary point,
    save each step, export: the plan validates and the workbook's figures equal the summary."""
    page = browser_page
    # Voilà answers a page only once its cells have run: allow for a slow, busy machine.
    page.set_default_navigation_timeout(WIDGETS_TIMEOUT_MS)
    shots = artifacts_dir

    # Start Here: start from the example under a new name.
    page.goto(_page_url(app, "00_start_here.ipynb"), wait_until="commit")
    _wait_for_button(page, "Use this plan")
    page.get_by_label("Start from the example plan (Brightwave, 30 people)").check()
    _text_input(page, "Plan name").fill("Board plan")
    page.get_by_role("button", name="Use this plan").click()
    page.get_by_text("Current plan: Board plan").first.wait_for(timeout=30_000)
    plan_path = app["home"] / "plans" / "board-plan.yaml"
    assert plan_path.is_file()
    page.screenshot(path=str(shots / "0-start-here.png"), full_page=True)

    # Step 1: add an audience, as a CMO would, then save.
    page.get_by_role("link", name="Step 1 · Audiences").first.click(no_wait_after=True)
    _wait_for_button(page, "Add as a new audience")
    _text_input(page, "Name").fill(NEW_AUDIENCE)
    _text_input(page, "Industry").fill("Healthtech")
    _text_input(page, "Company size").fill("Mid-Market")
    _text_input(page, "Region").fill("Nordics")
    page.get_by_role("button", name="Add as a new audience").click()
    page.get_by_text(NEW_AUDIENCE).first.wait_for(timeout=30_000)
    _save(page, shots, "1-audiences.png")
    assert NEW_AUDIENCE in [a.name for a in load_plan(plan_path).audiences]

    # Step 2: move the first activity that stays with its custodian to AI, then save.
    before = load_plan(plan_path)
    page.goto(_page_url(app, "02_role_reshape.ipynb"), wait_until="commit")
    _wait_for_button(page, "AI absorbs")
    rows = page.locator(".widget-toggle-buttons")
    row = rows.filter(has=page.locator("button.mod-active", has_text="Stays (custodian)")).first
    row.get_by_role("button", name="AI absorbs").click()
    _save(page, shots, "2-role-reshape.png")
    after = load_plan(plan_path)
    moved = [
        (r.name, a.name)
        for r_old, r in zip(before.legacy_roles, after.legacy_roles, strict=True)
        for a_old, a in zip(r_old.activities, r.activities, strict=True)
        if a_old.destination == "stays" and a.destination == "ai"
    ]
    assert len(moved) == 1

    # Step 3: raise the first MarOps seat's point in its band, then save.
    page.goto(_page_url(app, "03_marops_costing.ipynb"), wait_until="commit")
    point = _text_input(page, "Point in band")  # a percent box (mocmo.ui.fields)
    point.wait_for(timeout=WIDGETS_TIMEOUT_MS)
    point.fill("80")
    point.press("Enter")  # 80% up the band: one edit, one redraw
    _save(page, shots, "3-marops-costing.png")
    seat_points = [s.point for s in load_plan(plan_path).marops_seats]
    assert seat_points[0] != before.marops_seats[0].point

    # Step 5: export and download the workbook.
    page.goto(_page_url(app, "05_export.ipynb"), wait_until="commit")
    _wait_for_button(page, "Export")
    page.get_by_role("button", name="Export").first.click()
    link = page.get_by_role("link", name="xlsx").first
    link.wait_for(timeout=120_000)
    with page.expect_download(timeout=60_000) as download_info:
        link.click()
    xlsx = shots / "downloaded.xlsx"
    download_info.value.save_as(str(xlsx))
    page.screenshot(path=str(shots / "5-export.png"), full_page=True)

    # The saved plan is valid and the workbook agrees with the summary of the saved plan.
    cli = [sys.executable, "-m", "mocmo.cli"]
    assert subprocess.run([*cli, "validate", str(plan_path)], capture_output=True).returncode == 0
    summary = json.loads(
        subprocess.run(
            [*cli, "summary", str(plan_path), "--json"], capture_output=True, check=True, text=True
        ).stdout
    )
    book = load_values(lo_recalc(xlsx))
    for key, expected in summary.items():
        got = named_value(book, key)
        if expected is None:
            assert got in (None, ""), key
        elif "cost" in key or "salary" in key or "pipeline" in key or "change" in key:
            assert got == pytest.approx(expected, abs=0.01), key
        else:
            assert math.isclose(float(got), float(expected), rel_tol=1e-6, abs_tol=1e-6), key
