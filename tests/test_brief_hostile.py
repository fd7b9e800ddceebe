"""Hostile plan text in the board pack (issue #23): script tags, formula-looking names,
200-character names, right-to-left text and emoji render as text — escaped in the HTML, plain
runs in the deck — and the brief stays one A4 page."""

from __future__ import annotations

from pathlib import Path

import pytest
from plans import NASTY_NAME, audience, minimal_data, minimal_plan, phase, plain
from test_brief import deck_texts, flat, page_text

from conftest import CHROMIUM_HINT, require_tool
from mocmo.brief import BriefResult, brief_files, write_brief
from mocmo.brief.content import MAX_TEXT
from mocmo.plan import Plan

SCRIPT = "<script>alert('brief')</script>"
RTL = "خطة التسويق للعملاء"  # Arabic: "the marketing plan for customers"
EMOJI = "🚀 Growth 🦄"
LONG = "Enterprise " + "x" * 189  # 200 characters
IMG = '<img src=x onerror="alert(1)">'


def hostile_plan() -> Plan:
    """The minimal plan with every kind of hostile text: the plan's name (a script tag), the
    company (right-to-left), audiences named like a formula, 200 characters long and with
    emoji, an owner with an HTML image tag, phases (on the page's strip) named the same way."""
    owners = ["Alex", RTL, IMG]
    data = minimal_data(
        gtm_team=owners,
        audiences=[
            plain(audience(NASTY_NAME, owner="Alex", pipeline_target=400_000)),
            plain(audience(LONG, owner=RTL, pipeline_target=300_000)),
            plain(audience(EMOJI, owner=IMG, pipeline_target=300_000)),
        ],
        phases=plain(
            [
                phase("Map workflows", 1, 3),
                phase("Audience waves", 4, 4, depends_on=("Map workflows",)),
                phase(f"{NASTY_NAME} {EMOJI}", 8, 2),
                phase(LONG, 9, 3),
                phase(f"{IMG} {RTL}", 10, 2),
            ]
        ),
    )
    data["meta"]["name"] = f"{SCRIPT} Board plan"
    data["meta"]["company"] = RTL
    return minimal_plan(**data)


@pytest.fixture(scope="module")
def hostile_pack(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BriefResult, Plan]:
    require_tool("chromium", CHROMIUM_HINT)
    out = tmp_path_factory.mktemp("hostile-brief")
    plan = hostile_plan()
    return out, write_brief(plan, out, source=f"{SCRIPT}.yaml"), plan


def test_hostile_text_is_escaped_in_the_page(hostile_pack: tuple[Path, BriefResult, Plan]) -> None:
    """No tag or event handler of the plan's text reaches the page; the text shows as typed
    (a 200-character name cut with an ellipsis)."""
    out, _, plan = hostile_pack
    page = (out / brief_files(plan)["html"]).read_text("utf-8")
    parsed = page_text(page)
    assert "script" not in parsed.tags
    assert not [a for a in parsed.attrs if a.lower().startswith("on")]
    assert "&lt;script&gt;" in page and "&lt;img src=x onerror=" in page
    text = flat(" ".join(parsed.parts))
    for shown in (SCRIPT, RTL, NASTY_NAME, EMOJI, IMG, LONG[: MAX_TEXT // 2]):
        assert shown in text, shown
    assert LONG not in text and "…" in text


def test_hostile_text_is_plain_text_in_the_deck(
    hostile_pack: tuple[Path, BriefResult, Plan],
) -> None:
    """The deck shows the names as plain text runs (a formula-looking name stays text)."""
    out, _, plan = hostile_pack
    _titles, slides, notes = deck_texts(out / brief_files(plan)["pptx"])
    text = " ".join(slides)
    for shown in (SCRIPT, RTL, NASTY_NAME, EMOJI, IMG):
        assert shown in text, shown
    assert all(n.strip() for n in notes)


def test_the_hostile_brief_is_still_one_a4_page(
    hostile_pack: tuple[Path, BriefResult, Plan],
) -> None:
    """Long and right-to-left names do not push the brief onto a second page."""
    from pypdf import PdfReader

    out, result, plan = hostile_pack
    assert not result.missing
    reader = PdfReader(str(out / brief_files(plan)["pdf"]))
    assert len(reader.pages) == 1
    assert float(reader.pages[0].mediabox.width) == pytest.approx(595.28, abs=1.0)
