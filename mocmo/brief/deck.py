"""The board deck: nine editable 16:9 slides with speaker notes (python-pptx).

Slides, in order (:data:`SLIDE_TITLES`): the ask; why change; the new model; what changes per
team; cost today vs new; the transition; risks and what would have to be true; agent
governance; next steps and decisions. Text boxes, tables and the cost chart are native
PowerPoint objects (editable); every number is a formatted registry figure from
:class:`mocmo.brief.content.BriefContent`; user text is set as plain text runs.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from mocmo.brief.content import BriefContent
from mocmo.format import currency_symbol

__all__ = ["MAX_ROWS", "SLIDE_TITLES", "deck_bytes", "write_deck"]

SLIDE_TITLES: tuple[str, ...] = (
    "The ask",
    "Why change",
    "The new model: two towers and MarOps",
    "What changes for each team",
    "Cost today and in the new model",
    "The transition, month by month",
    "Risks, and what would have to be true",
    "Who oversees the agents",
    "Next steps and decisions needed",
)
"""Each slide's title, in order."""

MAX_ROWS = 9
"""Rows a table or list on a slide shows; more are counted in its last row."""

_NAVY = RGBColor(0x23, 0x3A, 0x5E)
_GREY = RGBColor(0x5B, 0x6B, 0x7D)
_RED = RGBColor(0xC0, 0x39, 0x2B)
_GREEN = RGBColor(0x2E, 0x8B, 0x57)
_PALE = RGBColor(0xEE, 0xF3, 0xF9)
_W, _H = Emu(12_192_000), Emu(6_858_000)  # 13.333 in × 7.5 in: PowerPoint's 16:9
_LEFT, _TOP = Inches(0.6), Inches(1.35)
_WIDTH = Inches(12.1)


def _slide(prs: PresentationType, title: str, notes: str) -> Slide:
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only"
    assert slide.shapes.title is not None
    head = slide.shapes.title
    head.left, head.top, head.width, head.height = _LEFT, Inches(0.35), _WIDTH, Inches(0.85)
    head.text = title
    for paragraph in head.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size, run.font.bold, run.font.color.rgb = Pt(30), True, _NAVY
    slide.notes_slide.notes_text_frame.text = notes
    return slide


def _text(
    slide: Slide,
    lines: Sequence[str],
    left: int,
    top: int,
    width: int,
    height: int,
    size: float = 16,
    *,
    bullets: bool = False,
    color: RGBColor | None = None,
    bold_first: bool = False,
    center: bool = False,
) -> None:
    box = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height))
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines or ["None."]):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = f"• {line}" if bullets else line
        run.font.size = Pt(size)
        run.font.bold = bold_first and i == 0
        if color is not None:
            run.font.color.rgb = color
        paragraph.space_after = Pt(size * 0.35)
        if center:
            paragraph.alignment = PP_ALIGN.CENTER


def _capped(lines: Sequence[str], limit: int = MAX_ROWS) -> list[str]:
    if len(lines) <= limit:
        return list(lines)
    return [*lines[: limit - 1], f"and {len(lines) - limit + 1} more"]


def _table(
    slide: Slide,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    size: float = 11,
) -> None:
    shown = list(rows[:MAX_ROWS])
    if len(rows) > MAX_ROWS:
        shown[-1] = [f"and {len(rows) - MAX_ROWS + 1} more", *([""] * (len(header) - 1))]
    height = Emu(Inches(0.4) * (len(shown) + 1))
    frame = slide.shapes.add_table(len(shown) + 1, len(header), _LEFT, _TOP, _WIDTH, height)
    table = frame.table
    for j, inches in enumerate(widths):
        table.columns[j].width = Inches(inches)
    for i, row in enumerate([list(header), *shown]):
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            cell.text = value
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(size if i else size + 1)
                    run.font.bold = i == 0


def _box(
    slide: Slide, left: float, top: float, width: float, height: float, lines: list[str]
) -> None:
    shape = slide.shapes.add_shape(
        MSO_SHAPE.ROUNDED_RECTANGLE, Inches(left), Inches(top), Inches(width), Inches(height)
    )
    shape.fill.solid()
    shape.fill.fore_color.rgb = _PALE
    shape.line.color.rgb = _NAVY
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(18 if i == 0 else 14)
        run.font.bold = i == 0
        run.font.color.rgb = _NAVY


def _ask(prs: PresentationType, c: BriefContent) -> None:
    s = _slide(
        prs,
        SLIDE_TITLES[0],
        f"Open with the decision. {c.ask} The new model's whole cost is "
        f"{c.fig('new_total_cost')} a year against {c.fig('legacy_total_cost')} today. "
        + (" ".join(c.red_flags) + ". Say so before anything else." if c.red_flags else ""),
    )
    _text(s, [c.title, c.company], _LEFT, _TOP, _WIDTH, Inches(0.8), 14, color=_GREY)
    _text(s, [c.ask], _LEFT, Inches(2.0), _WIDTH, Inches(1.2), 22)
    figures = [
        ("Net change a year", c.fig("total_net_change"), c.range_words("total_net_change")),
        ("Break-even", f"month {c.fig('breakeven_month')}", c.range_words("breakeven_month")),
        ("One-off cost", c.fig("one_off_cost"), c.range_words("one_off_cost")),
    ]
    for i, (label, value, detail) in enumerate(figures):
        left = _LEFT + Inches(4.1) * i
        _text(s, [label], left, Inches(3.4), Inches(3.9), Inches(0.5), 16, color=_GREY)
        _text(s, [value], left, Inches(3.9), Inches(3.9), Inches(0.8), 32, color=_NAVY)
        _text(s, [detail], left, Inches(4.7), Inches(3.9), Inches(0.8), 14)
    if c.red_flags:
        _text(s, list(c.red_flags), _LEFT, Inches(5.6), _WIDTH, Inches(1.2), 18, color=_RED)


def _why(prs: PresentationType, c: BriefContent) -> None:
    s = _slide(
        prs,
        SLIDE_TITLES[1],
        "The symptoms say the operating model is broken, not the team. The Hand-Off Tax is the "
        f"time lost to hand-offs: {c.fig('handoff_tax_days_legacy')} today across the "
        f"workflows, {c.fig('handoff_tax_days_new')} in the new model.",
    )
    symptoms = [f"{name}: {answer}" for name, answer in c.symptoms]
    _text(
        s,
        ["The symptoms", *_capped(symptoms, 6)],
        _LEFT,
        _TOP,
        Inches(6.6),
        Inches(5),
        18,
        bold_first=True,
    )
    tax = [
        "The Hand-Off Tax",
        f"{c.label('handoff_tax_days_legacy')}: {c.fig('handoff_tax_days_legacy')}",
        f"{c.label('handoff_tax_days_new')}: {c.fig('handoff_tax_days_new')}",
        f"{c.label('handoff_count_legacy')}: {c.fig('handoff_count_legacy')} → "
        f"{c.fig('handoff_count_new')}",
        f"{c.label('cycle_weeks_legacy')}: {c.fig('cycle_weeks_legacy')} → "
        f"{c.fig('cycle_weeks_new')}",
    ]
    _text(s, tax, Inches(7.5), _TOP, Inches(5.2), Inches(5), 18, bold_first=True)


def _model(prs: PresentationType, c: BriefContent) -> None:
    s = _slide(
        prs,
        SLIDE_TITLES[2],
        "Organise by audience, not function: each audience has one owner. The Craft Custodians "
        "set the standard up front; MarOps runs the workflows, the data and the agents beneath "
        f"both towers. {c.fig('new_headcount')} FTE in all.",
    )
    audiences = _capped([f"{name} — {owner}" for name, owner in c.audiences], 8)
    _box(
        s,
        0.6,
        1.35,
        5.9,
        3.9,
        [f"Audience tower: {c.fig('gtm_fte')} FTE", "Head of GTM", *audiences],
    )
    _box(
        s,
        6.8,
        1.35,
        5.9,
        3.9,
        [f"Craft tower: {c.fig('custodian_fte')} FTE", *_capped(list(c.custodians), 9)],
    )
    _box(
        s,
        0.6,
        5.45,
        12.1,
        1.6,
        [f"MarOps, beneath both: {c.fig('marops_fte')} FTE", " · ".join(c.marops[:6])],
    )


def _teams(prs: PresentationType, c: BriefContent) -> None:
    s = _slide(
        prs,
        SLIDE_TITLES[3],
        "No role disappears: each team keeps the craft its custodian owns, hands the "
        "audience-specific work to the GTM Marketers, and lets AI absorb execution, with a "
        "person named for the oversight. AI reclaims "
        f"{c.fig('capacity_reclaimed_hours_per_week')}.",
    )

    def joined(items: Sequence[str]) -> str:
        return "; ".join(items[:3]) + (f"; +{len(items) - 3} more" if len(items) > 3 else "")

    rows = [[t.name, t.becomes, joined(t.stays), joined(t.shifts), joined(t.ai)] for t in c.teams]
    header = ["Team today", "Becomes", "Stays", "Shifts to GTM", "AI absorbs"]
    _table(s, header, rows, [1.9, 2.2, 2.7, 2.3, 3.0], size=9)


def _cost(prs: PresentationType, c: BriefContent) -> None:
    s = _slide(
        prs,
        SLIDE_TITLES[4],
        f"Whole cost: payroll, AI and the non-payroll budget. Today {c.fig('legacy_total_cost')}, "
        f"new {c.fig('new_total_cost')}: {c.fig('total_net_change')} a year. The range is the "
        f"seeded simulation of the uncertain drivers: {c.range_words('total_net_change')}.",
    )
    data = CategoryChartData(number_format=f'"{currency_symbol(c.currency)}"#,##0')
    data.categories = ["Today", "New model"]
    values = (c.values["legacy_total_cost"] or 0.0, c.values["new_total_cost"] or 0.0)
    data.add_series(c.label("new_total_cost"), [round(float(v)) for v in values])
    frame = s.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        _LEFT,
        _TOP,
        Inches(6.2),
        Inches(5.6),
        data,  # type: ignore[arg-type]
    )
    chart = frame.chart  # type: ignore[attr-defined]
    chart.has_legend = False
    chart.has_title = False
    chart.value_axis.tick_labels.number_format = data.number_format
    chart.value_axis.tick_labels.number_format_is_linked = False
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.number_format = data.number_format
    plot.data_labels.number_format_is_linked = False
    lines = [
        f"Net change a year: {c.fig('total_net_change')} ({c.fig('total_net_change_pct')})",
        f"Range: {c.range_words('total_net_change')}",
        f"{c.label('new_total_cost')}: {c.range_words('new_total_cost')}",
        f"Payroll: {c.fig('legacy_org_loaded_cost')} → {c.fig('new_org_loaded_cost')}",
        f"{c.label('ai_run_cost_annual')}: {c.fig('ai_run_cost_annual')}",
        f"Non-payroll: {c.fig('non_payroll_cost_legacy')} → {c.fig('non_payroll_cost_new')}",
    ]
    _text(s, lines, Inches(7.1), _TOP, Inches(5.6), Inches(5.6), 16, bullets=True)


def _transition(prs: PresentationType, c: BriefContent) -> None:
    be = c.values["breakeven_month"]
    s = _slide(
        prs,
        SLIDE_TITLES[5],
        f"{c.fig('migration_months')} months of phases. The one-off cost is "
        f"{c.fig('one_off_cost')}; the most the change costs over staying legacy at any month "
        f"end is {c.fig('peak_cumulative_outlay')}. "
        + (
            f"It breaks even in month {c.fig('breakeven_month')}."
            if be is not None
            else "It does not break even within the horizon."
        ),
    )
    phases = c.phases[:MAX_ROWS]
    last = max([c.horizon, *(p.end for p in phases)])
    label_w, track_l, track_w = Inches(3.4), _LEFT + Inches(3.5), Inches(8.6)
    row_h = Inches(0.36)
    for i, p in enumerate(phases):
        top = _TOP + row_h * i
        _text(s, [p.name], _LEFT, top, label_w, row_h, 11)
        bar = s.shapes.add_shape(
            MSO_SHAPE.RECTANGLE,
            Emu(track_l + int(track_w * (p.start - 1) / last)),
            Emu(top + Inches(0.07)),
            Emu(int(track_w * (p.end - p.start + 1) / last)),
            Emu(Inches(0.22)),
        )
        bar.fill.solid()
        bar.fill.fore_color.rgb = _NAVY
        bar.line.fill.background()
    axis_top = _TOP + row_h * len(phases)
    step = 1 if last <= 18 else 3 if last <= 48 else 6
    for month in range(1, last + 1, step):
        middle = track_l + int(track_w * (month - 0.5) / last)
        _text(
            s,
            [str(month)],
            middle - Inches(0.25),
            axis_top,
            Inches(0.5),
            Inches(0.35),
            10,
            color=_GREY,
            center=True,
        )
    _text(s, ["Month"], _LEFT, axis_top, label_w, Inches(0.35), 10, color=_GREY)
    be_text = f"month {c.fig('breakeven_month')}" if be is not None else "none in the horizon"
    lines = [
        f"Break-even: {be_text} ({c.range_words('breakeven_month')})",
        f"Payback: {c.fig('payback_months')} months; peak outlay {c.fig('peak_cumulative_outlay')}",
        f"People: {c.fig('movers_count')} move, {c.fig('hires_count')} hired, "
        f"{c.fig('leavers_count')} leave",
    ]
    _text(s, lines, _LEFT, Inches(5.6), _WIDTH, Inches(1.5), 16, bullets=True, color=_GREEN)


def _risks(prs: PresentationType, c: BriefContent) -> None:
    s = _slide(
        prs,
        SLIDE_TITLES[6],
        "The three biggest risks are the plan's own checks, errors first. The thresholds say "
        "how far a driver can move before the plan stops saving money or breaking even.",
    )
    _two_lists(
        s, ["The three biggest risks", *c.risks], ["What would have to be true", *c.thresholds], 15
    )


def _two_lists(slide: Slide, left: Sequence[str], right: Sequence[str], size: float) -> None:
    """Two titled lists side by side (each its title first, in bold)."""
    for lines, x in ((left, _LEFT), (right, Inches(6.8))):
        _text(slide, lines, x, _TOP, Inches(5.9), Inches(5.6), size, bold_first=True)


def _agents(prs: PresentationType, c: BriefContent) -> None:
    s = _slide(
        prs,
        SLIDE_TITLES[7],
        f"{c.fig('agents_count')} agents, one job each. Agents without an owner: "
        f"{c.fig('agents_without_owner')}; acting without an approver: "
        f"{c.fig('agents_acting_without_approver')}. People approve what affects trust, money, "
        "reputation and customer data.",
    )
    rows = [[a.name, a.job, a.mode, a.owner, a.approver] for a in c.agents]
    if not rows:
        rows = [["No agents in the plan yet", "", "", "", ""]]
    _table(s, ["Agent", "Job", "Mode", "Owner", "Approver"], rows, [3.3, 2.0, 1.4, 2.7, 2.7])


def _next(prs: PresentationType, c: BriefContent) -> None:
    s = _slide(
        prs,
        SLIDE_TITLES[8],
        "Close with what the room must decide today, and the first steps once it has.",
    )
    _two_lists(s, ["Decisions needed", *c.decisions], ["Next steps", *c.next_steps], 17)
    footer = f"Plan file: {c.source or '—'} · {c.made_on} · mocmo {c.version}"
    _text(s, [footer], _LEFT, Inches(6.9), _WIDTH, Inches(0.4), 10, color=_GREY)


def deck_bytes(c: BriefContent) -> bytes:
    """The deck of ``c`` as .pptx bytes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = _W, _H
    for build in (_ask, _why, _model, _teams, _cost, _transition, _risks, _agents, _next):
        build(prs, c)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def write_deck(c: BriefContent, path: Path) -> Path:
    """Write the deck to ``path`` atomically; returns it."""
    from mocmo.files import write_bytes_atomic

    return write_bytes_atomic(path, deck_bytes(c), lock=False)
