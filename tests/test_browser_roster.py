"""'Import your team' in a real browser: `mocmo app`, the example, the Reshape step, a roster
chosen in the FileUpload (Chromium sends its bytes to the kernel), a team mapped in its
dropdown, Confirm, Save — the plan and its roster file on disk equal `mocmo import-roster` of the
same file. Kept in a module of its own: Playwright's sync API holds an event loop (conftest)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from app_server import RunningApp, running_app
from test_browser_journey import (
    STEP_TIMEOUT_MS,
    WIDGETS_TIMEOUT_MS,
    _go,
    _text_input,
    served_home,
)

from conftest import ARTIFACTS_DIR
from mocmo import cli
from mocmo.defaults import example_path, load_example
from mocmo.plan import load_plan, save_plan, with_value

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """`mocmo app` with an empty workspace."""
    home = tmp_path_factory.mktemp("workspace")
    with running_app(home, ARTIFACTS_DIR / "test_browser_roster-server.log") as running:
        yield running


def test_a_roster_uploaded_in_chromium_is_imported_and_saved(
    served: RunningApp, browser_page: Page, artifacts_dir: Path, tmp_path: Path
) -> None:
    """The sample roster (30 people) with 'Content' renamed 'Editorial': the page lists
    Editorial with a dropdown, it is mapped to Content, Confirm says 'Imported 30 people into
    7 teams' and the page has unsaved changes; after Save the plan file names
    roster-plan.roster.yaml beside it, and its teams and people equal the command's import of
    the same file with --map-team Editorial=Content."""
    page = browser_page
    page.goto(served.url, wait_until="commit")
    page.get_by_role("button", name="Use this plan").wait_for(timeout=WIDGETS_TIMEOUT_MS)
    page.get_by_label("Start from the example plan (Brightwave, 30 people)").check()
    _text_input(page, "Plan name").first.fill("Roster plan")
    page.get_by_role("button", name="Use this plan").click()
    page.get_by_text("Current plan: Roster plan").first.wait_for(timeout=STEP_TIMEOUT_MS)
    plan_path = Path(served_home(served)) / "plans" / "roster-plan.yaml"
    assert plan_path.is_file()

    sample = example_path().parent / "brightwave.roster.csv"
    roster = tmp_path / "team.csv"
    roster.write_text(
        sample.read_text(encoding="utf-8").replace(",Content,", ",Editorial,"), encoding="utf-8"
    )
    _go(page, 4, "Reshape")
    main = page.locator(".mocmo-shell-main")
    upload = main.locator(".jupyter-widgets.widget-upload").first
    upload.wait_for(timeout=STEP_TIMEOUT_MS)
    with page.expect_file_chooser() as chooser:  # the file input is the button's, not in the DOM
        upload.click()
    chooser.value.set_files(str(roster))
    main.get_by_text("Editorial (5 people) matches no legacy team").wait_for(
        timeout=STEP_TIMEOUT_MS
    )
    confirm = main.get_by_role("button", name="Confirm the import")
    assert confirm.is_disabled()
    picker = main.locator(".widget-hbox:has-text('Editorial (5 people)') select").first
    picker.select_option(label="Content")
    page.wait_for_function("el => !el.disabled", arg=confirm.element_handle(), timeout=30_000)
    page.screenshot(path=str(artifacts_dir / "roster-preview.png"), full_page=True)
    confirm.click()
    main.get_by_text("Imported 30 people into 7 teams").wait_for(timeout=STEP_TIMEOUT_MS)
    main.locator(".mocmo-warning", has_text="Unsaved changes").first.wait_for(timeout=30_000)
    assert not (plan_path.parent / "roster-plan.roster.yaml").exists()
    main.get_by_role("button", name="Save plan").first.click()
    main.locator(".mocmo-ok", has_text="Saved").first.wait_for(timeout=STEP_TIMEOUT_MS)

    saved = load_plan(plan_path)
    assert saved.roster == "roster-plan.roster.yaml"
    assert (plan_path.parent / "roster-plan.roster.yaml").is_file()
    by_cli = tmp_path / "cli" / "roster-plan.yaml"
    by_cli.parent.mkdir()
    save_plan(with_value(load_example(), "meta.name", "Roster plan"), by_cli)  # as Start does
    code = cli.main(["import-roster", str(roster), "--into", str(by_cli), "--map-team",
                     "Editorial=Content"])  # fmt: skip
    assert code == 0
    expected = load_plan(by_cli)
    assert saved.legacy_roles == expected.legacy_roles
    assert saved.roster_people == expected.roster_people
    assert sum(r.headcount for r in saved.legacy_roles) == 30
    assert next(r for r in saved.legacy_roles if r.name == "Content").headcount == 5
