"""The test harness itself, proven against the real engines (LibreOffice Calc, Chromium)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote
from xml.etree import ElementTree

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName

from conftest import (
    LibreOfficeRecalc,
    is_loopback_url,
    load_values,
    named_value,
    require_tool,
    write_lo_profile,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

OOR = "{http://openoffice.org/2001/registry}"


def _tiny_workbook(path: Path) -> Path:
    """A1=2, A2=3, A3=A1*A2 and the defined name ``total`` -> A3; no cached values."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sheet1"
    ws["A1"] = 2
    ws["A2"] = 3
    ws["A3"] = "=A1*A2"
    wb.defined_names["total"] = DefinedName("total", attr_text="Sheet1!$A$3")
    wb.save(path)
    return path


def _set_a1_keeping_cache(src: Path, dst: Path, old: int, new: int) -> Path:
    """Rewrite A1's stored value in the sheet XML, leaving A3's cached result stale."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                pattern = rb'(<c r="A1"[^>]*><v>)' + str(old).encode() + rb"(</v>)"
                data, count = re.subn(pattern, rb"\g<1>" + str(new).encode() + rb"\g<2>", data)
                assert count == 1, "A1 not found in sheet1.xml"
            zout.writestr(item, data)
    return dst


# --------------------------------------------------------------------------- pure helpers


def test_require_tool_finds_by_name_and_absolute_path() -> None:
    """A tool is found on PATH by name, and an absolute path is returned as given."""
    sh = require_tool("sh", "apt-get install dash")
    assert Path(sh).is_file()
    assert require_tool(sh, "apt-get install dash") == sh


def test_require_tool_skips_locally_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """A missing tool skips the test with its install hint locally, and fails it in CI."""
    missing = "/nonexistent/mocmo-no-such-tool"
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="install it with: apt-get install x"):
        require_tool(missing, "apt-get install x")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="missing in CI: apt-get install x"):
        require_tool(missing, "apt-get install x")


def test_lo_profile_sets_always_recalculate(tmp_path: Path) -> None:
    """The LibreOffice profile sets both recalculation modes to 0 (always recalculate)."""
    xcu = write_lo_profile(tmp_path) / "user" / "registrymodifications.xcu"
    modes = {
        prop.get(f"{OOR}name"): prop.findtext("value")
        for item in ElementTree.parse(xcu).getroot()
        if item.get(f"{OOR}path") == "/org.openoffice.Office.Calc/Formula/Load"
        for prop in item
    }
    assert modes == {"OOXMLRecalcMode": "0", "ODFRecalcMode": "0"}


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("data:text/html,<p>x</p>", True),
        ("about:blank", True),
        ("http://127.0.0.1:8866/voila/render/x.ipynb", True),
        ("http://localhost:8888/lab", True),
        ("ws://[::1]:8888/api/kernels", True),
        ("https://cdn.jsdelivr.net/npm/vega@5", False),
        ("http://10.0.0.1/", False),
    ],
)
def test_is_loopback_url(url: str, allowed: bool) -> None:
    """Browser tests let through loopback and inline pages only, never the network."""
    assert is_loopback_url(url) is allowed


# --------------------------------------------------------------------------- LibreOffice


@pytest.mark.libreoffice
def test_libreoffice_recalculates_formulas_and_names(
    tmp_path: Path, lo_recalc: LibreOfficeRecalc
) -> None:
    """LibreOffice fills formulas and defined names, and recalculates after an edit."""
    src = _tiny_workbook(tmp_path / "tiny.xlsx")
    assert load_values(src)["Sheet1"]["A3"].value is None  # openpyxl stores no cached value

    first = lo_recalc(src)
    values = load_values(first)
    assert values["Sheet1"]["A3"].value == 6
    assert named_value(values, "total") == 6

    # Edit the recalculated file (which now HAS cached values) with openpyxl and recalc again.
    wb = openpyxl.load_workbook(first)
    assert wb["Sheet1"]["A3"].value == "=A1*A2"
    wb["Sheet1"]["A1"] = 5
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    second = load_values(lo_recalc(edited))
    assert second["Sheet1"]["A3"].value == 15
    assert named_value(second, "total") == 15


@pytest.mark.libreoffice
def test_libreoffice_replaces_stale_cached_values(
    tmp_path: Path, lo_recalc: LibreOfficeRecalc
) -> None:
    """The trap itself: openpyxl drops cached values on save, so the test above would pass
    with LibreOffice's default profile too. Here A3 keeps its cached 6 while A1 becomes 5;
    LibreOffice's default profile returns the stale 6, the harness profile must give 15."""
    cached = lo_recalc(_tiny_workbook(tmp_path / "tiny.xlsx"))
    stale = _set_a1_keeping_cache(cached, tmp_path / "stale.xlsx", old=2, new=5)
    before = load_values(stale)["Sheet1"]
    assert (before["A1"].value, before["A3"].value) == (5, 6)  # really stale

    after = load_values(lo_recalc(stale))
    assert after["Sheet1"]["A3"].value == 15
    assert named_value(after, "total") == 15


# --------------------------------------------------------------------------- browser


@pytest.mark.browser
def test_chromium_clicks_a_button(browser_page: Page) -> None:
    """Debian's Chromium, driven by Playwright, clicks a button and sees its new text."""
    from playwright.sync_api import expect

    html = (
        "<!doctype html><title>harness</title>"
        "<button id='go' onclick=\"this.textContent='Clicked £1,234'\">Click me</button>"
    )
    browser_page.goto("data:text/html;charset=utf-8," + quote(html))
    button = browser_page.locator("#go")
    expect(button).to_have_text("Click me")
    button.click()
    expect(button).to_have_text("Clicked £1,234")
