"""Typed boxes mean what they show: percent boxes take and show percent, money boxes read
"2m" and "£2.5M", refused values stay visible with a message and never reach the plan.

The panels are driven as the other UI tests drive them: set a box's text, press a button, read
the plan. Every expected figure is written out by hand."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from plans import example_copy

from mocmo.ui.audiences import AudiencesPanel
from mocmo.ui.core import PlanSession
from mocmo.ui.costing import CostingPanel
from mocmo.ui.fields import (
    PlanField,
    format_value,
    parse_money,
    parse_number,
    parse_percent,
    parse_point,
    parse_whole,
    percent_field,
)
from mocmo.ui.reshape import RoleReshapePanel

# --------------------------------------------------------------------------- parsers


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("2m", 2_000_000.0),
        ("£2.5M", 2_500_000.0),
        ("250k", 250_000.0),
        ("250K", 250_000.0),
        ("250,000", 250_000.0),
        ("£52,000", 52_000.0),
        ("1.2 million", 1_200_000.0),
        ("  £ 3 m  ", 3_000_000.0),
        ("1bn", 1_000_000_000.0),
        ("£1.5bn", 1_500_000_000.0),
        ("2 thousand", 2_000.0),
        ("GBP 52,000", 52_000.0),
        ("0", 0.0),
        ("-5k", -5_000.0),
        ("−5,000", -5_000.0),
        ("-£250", -250.0),
        ("£-250", -250.0),
        (".5m", 500_000.0),
        ("52000.50", 52_000.5),
    ],
)
def test_money_parser_reads_what_people_type(typed: str, amount: float) -> None:
    """Each typed amount reads as the hand-written figure (k = 1,000, m = 1,000,000, bn = 1e9)."""
    assert parse_money(typed, "GBP") == amount


@pytest.mark.parametrize(
    "typed",
    ["two million", "52k?", "", "   ", "2 m m", "25,00", "1,2345", "£", "k", "2kk", "1e6", "5 x"],
)
def test_money_parser_refuses_what_it_cannot_read(typed: str) -> None:
    """Words, stray characters, empty text and badly grouped thousands are refused."""
    with pytest.raises(ValueError, match="type an amount"):
        parse_money(typed, "GBP")


def test_money_parser_refuses_another_currency() -> None:
    """A dollar amount typed into a pound plan is refused, naming both currencies."""
    with pytest.raises(ValueError, match="USD, but this plan is in GBP"):
        parse_money("$5,000", "GBP")


@pytest.mark.parametrize(
    ("typed", "fraction"),
    [
        ("25", 0.25),
        ("25%", 0.25),
        (" 12.5 % ", 0.125),
        ("0", 0.0),
        ("100", 1.0),
        ("150", 1.5),
        ("-5", -0.05),
        ("−5%", -0.05),
        ("0.5", 0.005),
        ("15", 0.15),
    ],
)
def test_percent_parser_reads_percent(typed: str, fraction: float) -> None:
    """A percent box's text is a percentage: 25 and 25% are both a quarter (0.25)."""
    assert parse_percent(typed) == fraction


@pytest.mark.parametrize("typed", ["", "abc", "25%%", "%", "twenty", "2 5", "25 percent"])
def test_percent_parser_refuses_what_it_cannot_read(typed: str) -> None:
    """Text that is not a number (with at most one % sign) is refused."""
    with pytest.raises(ValueError, match="percentage"):
        parse_percent(typed)


def test_number_and_whole_parsers() -> None:
    """Hours read decimals and thousands; months must be whole; words are refused."""
    assert parse_number("37.5") == 37.5
    assert parse_number("1,200") == 1200.0
    assert parse_number("-1") == -1.0
    assert parse_whole("6") == 6
    assert parse_whole("1,000") == 1000
    with pytest.raises(ValueError, match="whole number of months"):
        parse_whole("2.5", "number of months")
    with pytest.raises(ValueError, match="number"):
        parse_number("three")


def test_values_are_shown_in_the_box_units() -> None:
    """0.25 shows as 25%, 0.15 as 15% (no float noise), money with symbol and separators."""
    assert format_value("percent", 0.25) == "25%"
    assert format_value("percent", 0.15) == "15%"
    assert format_value("percent", 0.125) == "12.5%"
    assert format_value("money", 2_000_000.0, "GBP") == "£2,000,000"
    assert format_value("money", 52_000.5, "EUR") == "€52,000.5"
    assert format_value("months", 6) == "6"


# --------------------------------------------------------------------------- panels


def said(field: PlanField) -> str:
    """The text of the message line under a box, as a person reads it."""
    return html.unescape(field.message.value)


@pytest.fixture
def session(tmp_path: Path) -> PlanSession:
    """A session on a temporary copy of the Brightwave example (employer NI 15% above £5,000)."""
    return PlanSession(example_copy(tmp_path))


_EDITING = "Editing and fact-checking"


def _oversight_row(panel: RoleReshapePanel):  # type: ignore[no-untyped-def]
    panel.select("Content")
    panel.move(_EDITING, "ai")
    return panel._row(_EDITING)


def _oversight(session: PlanSession) -> float:
    role = next(r for r in session.plan.legacy_roles if r.name == "Content")
    return next(a.oversight for a in role.activities if a.name == _EDITING)


def test_oversight_25_is_saved_as_a_quarter(session: PlanSession) -> None:
    """Typing 25 in the Oversight box (shown as %) puts 0.25 in the plan and shows 25%."""
    row = _oversight_row(RoleReshapePanel(session))
    row.oversight.value = "25"
    assert _oversight(session) == 0.25
    assert row.oversight.text.value == "25%"
    assert not row.oversight.refused


def test_oversight_150_is_refused_and_stays_visible(session: PlanSession) -> None:
    """150 in the Oversight box is refused next to the box, the plan keeps 25%, the box 150."""
    row = _oversight_row(RoleReshapePanel(session))
    row.oversight.value = "25"
    row.oversight.value = "150"
    assert _oversight(session) == 0.25
    assert row.oversight.text.value == "150"
    assert "Oversight must be between 0% and 100% — you typed 150%" in said(row.oversight)
    assert row.oversight.refused
    # corrected: the message goes and the plan takes it
    row.oversight.value = "40%"
    assert _oversight(session) == 0.4
    assert said(row.oversight) == ""


def test_a_percent_box_shows_the_plan_value_in_percent(session: PlanSession) -> None:
    """A plan value of 0.25 (here the rework chance) shows as 25% in its box."""
    panel = RoleReshapePanel(session)
    assert panel.rework_probability.text.value == "30%"  # the example's 0.3
    session.apply({"assumptions.rework_probability": 0.25})
    assert panel.rework_probability.text.value == "25%"


@pytest.mark.parametrize("typed", ["150", "-5"])
def test_employer_ni_out_of_range_is_refused_next_to_its_box(
    session: PlanSession, typed: str
) -> None:
    """Employer NI of 150% or −5% is refused under the NI box; the plan keeps 15%."""
    panel = CostingPanel(session)
    ni = panel.on_cost_widgets["employer_ni_rate"]
    assert ni.text.value == "15%"
    ni.value = typed
    assert session.plan.assumptions.on_costs.employer_ni_rate == 0.15
    assert ni.text.value == typed
    assert f"you typed {typed}%" in said(ni)
    assert "between 0% and 100%" in said(ni)
    assert not session.dirty


def test_employer_ni_20_is_saved_as_a_fifth(session: PlanSession) -> None:
    """Employer NI typed as 20 is 0.2 in the plan."""
    panel = CostingPanel(session)
    panel.on_cost_widgets["employer_ni_rate"].value = "20"
    assert session.plan.assumptions.on_costs.employer_ni_rate == 0.2


def test_ni_threshold_error_shows_under_the_threshold_box(session: PlanSession) -> None:
    """A negative NI threshold is refused under its own box (not another form); it stays typed."""
    panel = CostingPanel(session)
    threshold = panel.on_cost_widgets["ni_threshold"]
    assert threshold.text.value == "£5,000"
    threshold.value = "-£5"
    assert session.plan.assumptions.on_costs.ni_threshold == 5000
    assert threshold.text.value == "-£5"
    assert "NI threshold must be £0 or more — you typed -£5" in said(threshold)
    assert "NI threshold" not in said(panel.on_cost_widgets["employer_ni_rate"])
    assert "NI threshold" not in panel.edit_problems.value
    threshold.value = "52k"
    assert session.plan.assumptions.on_costs.ni_threshold == 52_000


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("2m", 2_000_000),
        ("£2.5M", 2_500_000),
        ("250k", 250_000),
        ("250,000", 250_000),
        ("£52,000", 52_000),
        ("1.2 million", 1_200_000),
    ],
)
def test_pipeline_money_box_reads_2m(session: PlanSession, typed: str, amount: int) -> None:
    """An audience's Pipeline £/yr typed as 2m, £2.5M, 250k … is saved as that many pounds."""
    panel = AudiencesPanel(session)
    panel.picker.value = 0
    panel.pipeline_target.value = typed
    panel.save_button.click()
    assert session.plan.audiences[0].pipeline_target == amount


@pytest.mark.parametrize("typed", ["two million", "52k?", ""])
def test_pipeline_box_refuses_text_it_cannot_read(session: PlanSession, typed: str) -> None:
    """Unreadable pipeline text is refused with a message by the box; Save changes nothing."""
    panel = AudiencesPanel(session)
    panel.picker.value = 0
    before = session.plan.audiences[0].pipeline_target
    panel.pipeline_target.value = typed
    assert "Pipeline" in said(panel.pipeline_target)
    panel.save_button.click()
    assert session.plan.audiences[0].pipeline_target == before
    assert not session.dirty
    assert panel.pipeline_target.text.value == typed
    assert "Pipeline" in said(panel.pipeline_target)


def test_a_refused_value_is_never_saved(session: PlanSession) -> None:
    """After a refused NI of 150%, Save writes the last valid plan (NI 15%) to the file."""
    panel = CostingPanel(session)
    panel.on_cost_widgets["employer_ni_rate"].value = "20"
    panel.on_cost_widgets["employer_ni_rate"].value = "150"
    assert session.save().ok
    assert "employer_ni_rate: 0.2\n" in session.path.read_text(encoding="utf-8")


def test_an_unbound_field_reports_unreadable_text(session: PlanSession) -> None:
    """A form box without a plan path reads its text and says what it cannot read."""
    box = percent_field(session, None, "Share")
    box.value = "40"
    assert box.read() == 0.4
    box.value = "forty"
    assert box.value is None
    assert "Share can't be read as a percentage" in said(box)


def test_the_step_layout_edit_shows_the_plan_model_problem(session: PlanSession) -> None:
    """StepLayout.edit(path, value) refuses an invalid value, lists why, keeps the plan."""
    panel = RoleReshapePanel(session)
    problems = panel.edit("assumptions.handoff_wait_days", -1.0)
    assert [p.path for p in problems] == ["assumptions.handoff_wait_days"]
    assert "must be 0 or more" in panel.edit_problems.value
    assert session.plan.assumptions.handoff_wait_days == 3


def test_budget_boxes_read_money_and_refuse_words(session: PlanSession) -> None:
    """Agencies after typed as £200k is 200,000 in the plan; "lots" is refused under its box."""
    from mocmo.ui.governance import GovernancePanel

    panel = GovernancePanel(session)
    after = panel.budget_rows["agencies_freelancers"].after
    after.value = "£200k"
    line = next(b for b in session.plan.budget_shift if b.line == "agencies_freelancers")
    assert line.after == 200_000
    assert after.text.value == "£200,000"
    after.value = "lots"
    line = next(b for b in session.plan.budget_shift if b.line == "agencies_freelancers")
    assert line.after == 200_000
    assert after.text.value == "lots"
    assert "After can't be read as an amount" in said(after)


def test_hire_people_must_be_whole(session: PlanSession) -> None:
    """2.5 people for a hire is refused under the People box (the old box rounded silently)."""
    from mocmo.ui.migration import MigrationPanel

    panel = MigrationPanel(session)
    before = session.plan.hires[0].count
    panel.hire_count.value = "2.5"
    assert session.plan.hires[0].count == before
    assert "People must be a whole number — you typed 2.5" in said(panel.hire_count)
    panel.hire_count.value = "2"
    assert session.plan.hires[0].count == 2


def test_a_point_in_band_box_takes_percent_and_refuses_150(session: PlanSession) -> None:
    """Typing 75 in a seat's Point in band box puts it three quarters up its band (0.75); 150
    is refused under the box (the old slider clamped it to 100% without a word)."""
    panel = CostingPanel(session)
    point = panel.seat_rows[0].point
    point.value = "75"
    assert session.plan.marops_seats[0].point == 0.75
    assert point.text.value == "75%"
    point.value = "150"
    assert session.plan.marops_seats[0].point == 0.75
    assert point.text.value == "150"
    assert "between 0% and 100% — you typed 150%" in said(point)
    point.value = "50"
    assert session.plan.marops_seats[0].point == "mid"


@pytest.mark.parametrize(
    ("typed", "saved", "shown"),
    [
        # a named point is written as the name; the box shows the percent and the name
        ("mid", "mid", "50% (mid)"),
        ("Low", "low", "0% (low)"),
        ("HIGH", "high", "100% (high)"),
        (" mid ", "mid", "50% (mid)"),
        # a percent of the way up the band: 75% → 75/100 = 0.75; 80 → 0.8
        ("75%", 0.75, "75%"),
        ("80", 0.8, "80%"),
        # 50% is the band's middle: written as the name
        ("50", "mid", "50% (mid)"),
        # what the box shows reads back as itself
        ("100% (high)", "high", "100% (high)"),
    ],
)
def test_a_point_in_band_box_takes_low_mid_high_or_a_percent(
    session: PlanSession, typed: str, saved: str | float, shown: str
) -> None:
    """Each form typed in a seat's Point in band box is saved as the hand-written point and the
    box then shows it as a percent (with the band's name at 0%, 50% and 100%)."""
    panel = CostingPanel(session)
    point = panel.seat_rows[0].point
    point.value = "25"  # somewhere else first, so every form below is a real edit
    assert session.plan.marops_seats[0].point == 0.25
    point.value = typed
    assert session.plan.marops_seats[0].point == saved
    assert point.text.value == shown
    assert not point.refused


@pytest.mark.parametrize("typed", ["middle-ish", "25% (mid)", "(mid)", ""])
def test_a_point_in_band_box_refuses_what_it_cannot_read(session: PlanSession, typed: str) -> None:
    """Words other than low/mid/high, and a percent that contradicts its name, are refused
    under the box: the typed text stays and the plan keeps its point."""
    panel = CostingPanel(session)
    point = panel.seat_rows[0].point
    point.value = "75"
    point.value = typed
    assert session.plan.marops_seats[0].point == 0.75
    assert point.text.value == typed
    assert "Point in band" in said(point)
    assert "low, mid, high" in said(point)


def test_parse_point_reads_names_and_percents() -> None:
    """low 0, mid 0.5, high 1; 75% and 75 → 0.75; 12.5 → 0.125."""
    assert [parse_point(t) for t in ("low", "mid", "high", "75%", "75", "12.5")] == [
        0.0, 0.5, 1.0, 0.75, 0.75, 0.125,
    ]  # fmt: skip
