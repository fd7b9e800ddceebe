"""The board pack (``mocmo brief``, issue #23): the PDF is one A4 page, the deck has the slides
the issue lists with speaker notes, every figure in their text is the summary's formatted
value, a plan with red checks says so, and without Chromium the HTML and the deck are still
written with an install hint (exit 2)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from conftest import CHROMIUM_HINT, require_tool
from mocmo.brief import BriefResult, brief_files, parse_formats, write_brief
from mocmo.brief.content import brief_content
from mocmo.brief.deck import SLIDE_TITLES, deck_bytes
from mocmo.brief.page import brief_html
from mocmo.cli import main
from mocmo.defaults import example_path
from mocmo.figures import figure
from mocmo.format import describe_figure
from mocmo.plan import load_plan
from mocmo.plan.edit import with_changes
from mocmo.summary import checks

A4_PT = (210 / 25.4 * 72, 297 / 25.4 * 72)
"""A4 in PDF points, by hand: 210 mm × 297 mm at 72 pt per 25.4 mm = 595.28 × 841.89 pt."""

SLIDE_16_9_EMU = (12_192_000, 6_858_000)
"""16:9 slide in EMU, by hand: 13.333 in × 7.5 in at 914,400 EMU an inch."""

HEADLINE_KEYS = (
    "legacy_headcount", "new_headcount", "legacy_total_cost", "new_total_cost",
    "total_net_change", "total_net_change_pct", "one_off_cost", "breakeven_month",
    "payback_months", "handoff_tax_days_legacy", "handoff_tax_days_new",
    "total_net_change_p10", "total_net_change_p90", "one_off_cost_p10", "one_off_cost_p90",
    "breakeven_month_p10", "breakeven_month_p90",
)  # fmt: skip
"""The figures the issue puts up front: today vs new (people, whole cost), net change,
one-off cost, break-even/payback, Hand-Off Tax, with their P10–P90 ranges."""

MONEY = re.compile(r"[−-]?£[0-9](?:[0-9,]*[0-9])?(?:\.[0-9]+)?[KM]?")


class _Text(HTMLParser):
    """The visible text of a page, and every tag and attribute name met."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [name for name, _ in attrs]
        if tag in ("style", "title"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def page_text(page: str) -> _Text:
    parser = _Text()
    parser.feed(page)
    return parser


def flat(text: str) -> str:
    return " ".join(text.split())


def deck_texts(path: Path) -> tuple[list[str], list[str], list[str]]:
    """(titles, each slide's text with its tables, each slide's notes) of a deck."""
    from pptx import Presentation

    prs = Presentation(str(path))
    titles, texts, notes = [], [], []
    for slide in prs.slides:
        titles.append(slide.shapes.title.text if slide.shapes.title is not None else "")
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
        texts.append(flat(" ".join(parts)))
        notes.append(slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else "")
    return titles, texts, notes


def summary_of(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["summary", str(plan_file), "--json"]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


@pytest.fixture(scope="module")
def example_pack(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BriefResult]:
    require_tool("chromium", CHROMIUM_HINT)
    out = tmp_path_factory.mktemp("brief")
    plan = load_plan(example_path())
    return out, write_brief(plan, out, source="brightwave.yaml")


def test_the_pdf_is_one_a4_page(example_pack: tuple[Path, BriefResult]) -> None:
    """The brief's PDF has exactly one page, A4 portrait (within a point)."""
    from pypdf import PdfReader

    out, result = example_pack
    assert not result.missing
    pdf = out / brief_files(load_plan(example_path()))["pdf"]
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(A4_PT[0], abs=1.0)
    assert float(box.height) == pytest.approx(A4_PT[1], abs=1.0)


def test_the_deck_has_the_issues_slides_with_speaker_notes(
    example_pack: tuple[Path, BriefResult],
) -> None:
    """Nine 16:9 slides — the ask; why change; the new model; per team; cost; transition; risks
    and thresholds; agent governance; next steps — each with speaker notes."""
    from pptx import Presentation

    out, _ = example_pack
    deck = out / brief_files(load_plan(example_path()))["pptx"]
    prs = Presentation(str(deck))
    assert (prs.slide_width, prs.slide_height) == SLIDE_16_9_EMU
    titles, texts, notes = deck_texts(deck)
    assert titles == list(SLIDE_TITLES)
    assert 6 <= len(titles) <= 10
    assert all(len(n.strip()) > 40 for n in notes), notes
    assert "Head of GTM" in texts[2] and "Craft tower" in texts[2] and "MarOps" in texts[2]
    assert "Stays" in texts[3] and "AI absorbs" in texts[3] and "Product Marketing" in texts[3]
    assert "Paid Media Optimiser" in texts[7] and "nobody named" in texts[7]


def test_every_figure_in_the_brief_and_deck_is_the_summarys(
    example_pack: tuple[Path, BriefResult], capsys: pytest.CaptureFixture[str]
) -> None:
    """The headline figures appear as ``mocmo summary --json`` gives them, formatted by
    describe_figure; and every money amount in the page's and the deck's text is one of the
    summary's (the risks are the checks' own sentences, left out of that scan)."""
    from pypdf import PdfReader

    out, _ = example_pack
    figures = summary_of(example_path(), capsys)
    plan = load_plan(example_path())
    names = brief_files(plan)
    html_text = flat(" ".join(page_text((out / names["html"]).read_text("utf-8")).parts))
    pdf_text = flat(PdfReader(str(out / names["pdf"])).pages[0].extract_text())
    _titles, slides, notes = deck_texts(out / names["pptx"])
    deck_text = flat(" ".join(slides + notes))
    for key in HEADLINE_KEYS:
        shown = describe_figure(key, figures[key], "GBP")
        assert shown in html_text, (key, shown)
        assert shown in deck_text, (key, shown)
        assert shown.replace("−", "") in pdf_text.replace("−", "").replace("-", ""), (key, shown)
    money = {
        describe_figure(key, value, "GBP")
        for key, value in figures.items()
        if figure(key).unit == "money"
    }
    risks = [flat(p.message) for p in checks(plan)]
    for text in (html_text, deck_text):
        for risk in risks:
            text = text.replace(risk, "")
        stray = [m for m in MONEY.findall(text) if m not in money]
        assert not stray, stray


def test_the_example_shows_its_decision_risks_and_footer(
    example_pack: tuple[Path, BriefResult],
) -> None:
    """The page leads with the decision, lists three risks from the checks, the thresholds and
    five assumptions with their sources, and ends with the plan file, date and version."""
    from mocmo import __version__

    out, _ = example_pack
    page = (out / brief_files(load_plan(example_path()))["html"]).read_text("utf-8")
    text = flat(" ".join(page_text(page).parts))
    assert text.index("The decision asked for") < text.index("Net change a year")
    assert "'Public Sector' has no owner yet" in text
    assert "What would have to be true" in text and "as long as AI absorbs at least" in text
    assert text.count("Source:") == 5
    assert "Plan file: brightwave.yaml" in text and f"mocmo {__version__}" in text
    assert "unstaffed" not in text.lower()  # the example's checks have no red flag
    assert "<script" not in page.lower()


@pytest.mark.parametrize(
    ("fixed", "flag"),
    [
        (6, "This plan relies on unstaffed work"),
        (5, "This plan has 1 error(s) in its checks"),
    ],
)
def test_a_plan_with_red_checks_says_so_on_the_page_and_first_slide(
    fixed: int, flag: str, tmp_path: Path
) -> None:
    """GTM fixed at 6 FTE for 6 audiences leaves audience work unstaffed (a red flag); at 5 it
    is below one owner per audience (an error): the page and the first slide say so."""
    plan = with_changes(load_plan(example_path()), {"assumptions.staffing.gtm.fixed_fte": fixed})
    content = brief_content(plan, "plan.yaml")
    page = brief_html(content, {})
    assert flag in flat(" ".join(page_text(page).parts))
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(deck_bytes(content))
    _titles, slides, notes = deck_texts(deck)
    assert flag in slides[0] and flag in notes[0]


def test_without_chromium_the_html_and_deck_are_written_and_exit_2_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No Chromium on PATH: ``mocmo brief`` writes the HTML and the PPTX, no PDF, and exits 2
    (as ``export --verify`` without LibreOffice) naming the apt package."""
    monkeypatch.delenv("MOCMO_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "out"
    code = main(["brief", str(example_path()), "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    names = brief_files(load_plan(example_path()))
    assert (out / names["html"]).is_file() and (out / names["pptx"]).is_file()
    assert not (out / names["pdf"]).exists()
    assert "apt-get install" in err and "chromium" in err and "other files were written" in err


def test_format_chooses_the_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--format pptx`` writes the deck only; an unknown format is refused (exit 2)."""
    assert parse_formats("html, PDF") == ("pdf", "html")
    assert main(["brief", str(example_path()), "--out", str(tmp_path), "--format", "pptx"]) == 0
    assert [p.suffix for p in tmp_path.iterdir()] == [".pptx"]
    assert main(["brief", str(example_path()), "--out", str(tmp_path), "--format", "docx"]) == 2
    assert "expected one or more of pdf, pptx, html" in capsys.readouterr().err


def test_export_brief_writes_the_pack_beside_the_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``mocmo export --brief`` writes the workbook and, in the same folder, the brief and
    deck."""
    require_tool("chromium", CHROMIUM_HINT)
    assert main(["export", str(example_path()), "--out", str(tmp_path), "--brief", "--quiet"]) == 0
    plan = load_plan(example_path())
    printed = capsys.readouterr().out
    for name in brief_files(plan).values():
        assert (tmp_path / name).is_file() and name in printed
    assert (tmp_path / "brightwave-mini-cmo-plan.xlsx").is_file()
