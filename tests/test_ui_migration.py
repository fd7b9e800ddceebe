"""The Migration timeline panel without a browser: set widget values, check the plan, the
checks and the charts' Vega-Lite data — the phases, hires and workflows, the people flows (plan
default, copied to be edited, back to default) and the transition's cost inputs."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest
from chart_specs import chart_rows
from plans import example_copy

from mocmo import migration as mig
from mocmo.charts.migration import GIVEN, PLAN_DEFAULT
from mocmo.plan.edit import with_value
from mocmo.transition import flows as people
from mocmo.ui.core import PlanSession
from mocmo.ui.migration import MigrationPanel, migration_problems


@pytest.fixture
def panel(tmp_path: Path) -> MigrationPanel:
    """A panel on a temporary copy of the Brightwave example."""
    return MigrationPanel(PlanSession(example_copy(tmp_path)))


def _phase_bar(panel: MigrationPanel, name: str) -> dict[str, Any]:
    return next(r for r in chart_rows(panel.gantt_box.chart, "depends_on") if r["row"] == name)


def test_moving_a_phase_changes_plan_checks_and_gantt(panel: MigrationPanel) -> None:
    """Moving 'Agent governance' to month 5, while 'Add the missing roles' runs to month 5,
    reaches the plan, raises an error naming both phases and turns its Gantt bar red; the fix
    button moves it back to month 6."""
    panel.select_phase("Agent governance")
    assert panel.phase_start.value == 6
    assert _phase_bar(panel, "Agent governance")["status"] == "on plan"

    panel.phase_start.value = 5

    plan = panel.session.plan
    assert plan.phases[5].name == "Agent governance" and plan.phases[5].start_month == 5
    errors = [p for p in migration_problems(plan) if p.severity == "error"]
    assert len(errors) == 1
    assert "'Agent governance'" in errors[0].message
    assert "'Add the missing roles'" in errors[0].message
    assert "Agent governance" in panel.checks.value
    bar = _phase_bar(panel, "Agent governance")
    assert (bar["start"], bar["stop"], bar["status"]) == (5, 7, "before its dependency")
    assert panel.session.dirty

    panel.fix_schedule()

    assert panel.session.plan.phases[5].start_month == 6
    assert _phase_bar(panel, "Agent governance")["status"] == "on plan"


def test_lengthening_a_phase_moves_its_end_and_the_migration_length(
    panel: MigrationPanel,
) -> None:
    """'Retire legacy hand-offs and measure' lengthened from 3 to 4 months ends in month 13,
    making the migration 13 months long (and so over 12)."""
    panel.select_phase("Retire legacy hand-offs and measure")
    panel.phase_months.value = 4
    plan = panel.session.plan
    assert plan.phases[7].end_month == 13  # starts in month 10: 10 + 4 − 1
    assert mig.migration_months(plan) == 13
    assert _phase_bar(panel, "Retire legacy hand-offs and measure")["stop"] == 14
    assert any("6–12 months" in p.message for p in migration_problems(plan))


def test_adding_and_moving_a_hire_updates_offer_fees_and_gantt(panel: MigrationPanel) -> None:
    """A new GTM Marketer hire (month 4, 3-month lead time) is offered in month 1; moved to
    month 7 its offer moves to month 4; its fee is the costing step's 20% of £67,500."""
    before = mig.one_off_total(panel.session.plan, "recruitment")
    panel.add_hire()
    plan = panel.session.plan
    assert len(plan.hires) == 5 and plan.hires[4].position == "GTM Marketer"
    panel.hire_month.value = 7
    plan = panel.session.plan
    assert plan.hires[4].month == 7
    # GTM Marketer mid of £55,000–£80,000 = £67,500; fee 20% = £13,500
    assert mig.one_off_total(plan, "recruitment") - before == pytest.approx(13_500)
    hires = [
        (r["start"], r["stop"])
        for r in chart_rows(panel.gantt_box.chart, "offer")
        if r["row"].startswith("Hire: GTM Marketer")  # the position it fills, by its key
    ]
    assert hires == [(4, 7)]
    panel.remove_hire()
    assert len(panel.session.plan.hires) == 4


def test_moving_a_marops_hire_moves_its_seat(panel: MigrationPanel) -> None:
    """Moving the Head of Marketing Operations hire to month 5 moves the seat's start with it,
    so the headcount chart shows the seat from month 5."""
    panel.hire.value = 0
    panel.hire_month.value = 5
    plan = panel.session.plan
    assert plan.hires[0].month == 5 and plan.marops_seats[0].hire_month == 5
    marops = {
        r["month"]: r["headcount"]
        for r in chart_rows(panel.headcount_box.chart, "headcount")
        if r["group"] == "MarOps"
    }
    # months 4: the two other seats; 5: all three
    assert (marops[4], marops[5]) == (2, 3)


def test_editing_a_workflow_owner_reaches_plan_and_checks(panel: MigrationPanel) -> None:
    """Marking 'Web personalisation' top with two owners is an error; one owner picked from the
    MarOps seats clears it and counts as an owned top workflow."""
    panel.select_workflow("Web personalisation")
    assert "Head of Marketing Operations" in panel.wf_owner.options
    panel.wf_top.value = True
    panel.wf_owner.value = "Head of Marketing Operations, Prompt & Knowledge Designer"
    plan = panel.session.plan
    assert plan.workflows[6].owners == (
        "Head of Marketing Operations",
        "Prompt & Knowledge Designer",
    )
    assert any(p.path == "workflows[6].owners" for p in migration_problems(plan))

    panel.wf_owner.value = "Head of Marketing Operations"

    plan = panel.session.plan
    assert not any(p.path == "workflows[6].owners" for p in migration_problems(plan))
    assert mig.top_workflows_owned(plan) == 7


def test_adding_a_workflow_and_setting_its_fields(panel: MigrationPanel) -> None:
    """A new workflow gets its platforms, roles and decisions from the text fields."""
    panel.add_workflow()
    panel.wf_platforms.value = "Salesforce, Gong"
    panel.wf_decisions.value = "Who gets a call; When"
    wf = panel.session.plan.workflows[-1]
    assert wf.platforms == ("Salesforce", "Gong")
    assert wf.decisions == ("Who gets a call", "When")
    assert mig.workflow_inventory_count(panel.session.plan) == 8


def test_an_invalid_edit_is_refused_and_shown(panel: MigrationPanel) -> None:
    """A phase that would end after month 36 is refused: the plan stays, the box keeps the
    typed 35 and says why under itself."""
    panel.select_phase("Retire legacy hand-offs and measure")
    panel.phase_start.value = 35  # 3 months from 35 ends in 37
    assert panel.session.plan.phases[7].start_month == 10
    assert panel.phase_start.value == 10  # the plan's value
    assert panel.phase_start.text.value == "35"  # what was typed, still shown
    assert panel.phase_start.message.layout.display is None
    assert "must end by month 36" in panel.phase_start.message.value


# --------------------------------------------------------------------------- people flows


def _said(field: Any) -> str:
    """What a box says under itself, as the page shows it (HTML entities read back)."""
    return html.unescape(field.message.value)


def _given_panel(panel: MigrationPanel) -> MigrationPanel:
    """``panel`` after "Edit moves and leavers": the example's moves and leavers are given."""
    panel.people_flows.edit_button.click()
    return panel


def test_the_flows_start_as_the_plan_default_and_the_table_says_so(panel: MigrationPanel) -> None:
    """The example gives no moves or leavers: the table marks every move and leave 'plan
    default' (its 4 hires are the plan's own), the row editors are off and only "Edit moves and
    leavers" can be pressed."""
    plan = panel.session.plan
    assert plan.moves is None and plan.leavers is None
    found = people.flows(plan)
    # the example: 13 moves and 7 leaver rows derived, 4 hires given (hires[0..3])
    assert [f.kind for f in found].count("move") == 13
    assert [f.kind for f in found].count("leave") == 7
    assert panel.flows_table.value.count(f">{PLAN_DEFAULT}<") == 20
    assert panel.flows_table.value.count(">your plan<") == 4
    flows = panel.people_flows
    assert "plan default" in flows.note.value
    assert not flows.edit_button.disabled and flows.default_button.disabled
    assert flows.move_count.disabled and flows.leaver_month.disabled
    chart = {r["set_by"] for r in chart_rows(panel.flow_box.chart, "set_by") if r["path"] != ""}
    assert chart == {PLAN_DEFAULT, GIVEN}


def test_edit_moves_and_leavers_copies_the_default_without_moving_a_figure(
    panel: MigrationPanel,
) -> None:
    """Pressing "Edit moves and leavers" writes the derived flows into plan.moves and
    plan.leavers — same teams, positions, people and months — so break-even (month 15) and the
    one-off cost stay as they were, and every flow now reads 'your plan'."""
    before = panel.session.plan
    derived = [(f.kind, f.team, f.to, f.count, f.month) for f in people.flows(before)]
    even, one_off = mig.breakeven_month(before), mig.migration_one_off_cost(before)
    _given_panel(panel)
    plan = panel.session.plan
    assert plan.moves is not None and len(plan.moves) == 13
    assert plan.leavers is not None and len(plan.leavers) == 7
    assert [(f.kind, f.team, f.to, f.count, f.month) for f in people.flows(plan)] == derived
    assert not any(f.derived for f in people.flows(plan))
    assert mig.breakeven_month(plan) == even == 15
    assert mig.migration_one_off_cost(plan) == pytest.approx(one_off)
    assert f">{PLAN_DEFAULT}<" not in panel.flows_table.value
    assert {r["set_by"] for r in chart_rows(panel.flow_box.chart, "set_by")} == {GIVEN}
    flows = panel.people_flows
    assert flows.edit_button.disabled and not flows.default_button.disabled
    assert not flows.move_count.disabled and flows.move_count.text.value == "2"


def test_editing_a_leavers_month_moves_breakeven_exactly_as_with_value(
    panel: MigrationPanel,
) -> None:
    """Moving Brand & Creative's 2.5 leavers from month 5 to month 12 in their box gives the
    very plan with_value makes, so the session's break-even, the figures and the cash curve's
    marker are the model's for that plan (later than month 15: they are paid 7 months more)."""
    flows = _given_panel(panel).people_flows
    start = panel.session.plan
    flows.leaver.value = 1
    assert (flows.leaver_team.value, flows.leaver_count.text.value) == ("Brand & Creative", "2.5")
    assert flows.leaver_month.text.value == "5"
    flows.leaver_month.value = "12"
    plan = panel.session.plan
    expected = with_value(start, "leavers[1].month", 12)
    assert plan == expected
    even = mig.breakeven_month(plan)
    assert even == mig.breakeven_month(expected)
    assert even is not None and even > 15
    assert f"month {even} (" in panel.figures.value
    marker = chart_rows(panel.cost_box.chart, "breakeven_month")
    assert marker[0]["breakeven_month"] == even
    assert {r["month"] for r in chart_rows(panel.flow_box.chart, "set_by")} >= {12}


def test_back_to_plan_default_empties_moves_and_leavers(panel: MigrationPanel) -> None:
    """After an edit, "Back to plan default" sets plan.moves and plan.leavers to None and the
    flows are derived again (break-even back to month 15)."""
    flows = _given_panel(panel).people_flows
    flows.leaver.value = 1
    flows.leaver_month.value = "12"
    assert mig.breakeven_month(panel.session.plan) != 15
    flows.default_button.click()
    plan = panel.session.plan
    assert plan.moves is None and plan.leavers is None
    assert mig.breakeven_month(plan) == 15
    assert all(f.derived for f in people.flows(plan) if f.kind != "hire")
    assert flows.leaver_month.disabled and not flows.edit_button.disabled


def test_a_move_row_can_be_added_and_removed(panel: MigrationPanel) -> None:
    """With one Brand & Creative leaver fewer (2.5 → 1.5) one person is free: "Add a move" moves
    them (1 person) and "Remove this move" takes the row out again."""
    flows = _given_panel(panel).people_flows
    flows.leaver.value = 1
    flows.leaver_count.value = "1.5"
    assert panel.session.plan.leavers[1].count == 1.5
    assert people.stayers(panel.session.plan) == {"Brand & Creative": 1.0}
    assert not flows.add_move()
    plan = panel.session.plan
    assert len(plan.moves) == 14
    added = plan.moves[13]
    assert (added.team, added.count) == ("Brand & Creative", 1.0)
    assert flows.move.value == 13 and flows.move_team.value == "Brand & Creative"
    flows.remove_move_button.click()
    assert len(panel.session.plan.moves) == 13


def test_a_hostile_people_count_is_refused_naming_the_field(panel: MigrationPanel) -> None:
    """0 people, 'two' and more people than the team has are refused under the People box; the
    plan keeps the 2 Product Marketing custodians."""
    flows = _given_panel(panel).people_flows
    for typed, said in (
        ("0", "People must be more than 0"),
        ("two", "People can't be read as a number"),
        ("50", "must be at most the team's headcount"),
    ):
        flows.move_count.value = typed
        assert panel.session.plan.moves[0].count == 2, typed
        assert said in _said(flows.move_count), typed
        assert flows.move_count.text.value == typed


def test_writing_out_a_default_that_hires_keeps_the_hires_and_every_figure(
    tmp_path: Path,
) -> None:
    """plans.hiring_plan: the default moves Content's second person to A's GTM Marketer and
    hires B's marketer in month 5 (the Head of GTM is the plan's own hire). "Edit moves and
    leavers" writes the flows out — the moves, no leavers, and B's hire as a plan hire (with the
    moves given the model hires nobody by default): the note says one hire was added, and
    every headline figure is unchanged (recruitment £12,000 + £7,200 = £19,200)."""
    from plans import hiring_plan

    from mocmo.summary import headline

    plan = hiring_plan()
    before = headline(plan, simulation=False)
    assert before["recruitment_cost"] == pytest.approx(19_200)
    panel = MigrationPanel(PlanSession(tmp_path / "plan.yaml", plan))
    assert panel.people_flows.edit_flows() == []
    written = panel.session.plan
    assert written.moves is not None and written.leavers == ()
    assert len(written.hires) == len(plan.hires) + 1
    assert "1 hire(s)" in panel.people_flows.done_note.value
    assert headline(written, simulation=False) == before
    # back to the plan default: the written-out hire goes too (the default makes it again)
    assert panel.people_flows.back_to_default() == []
    back = panel.session.plan
    assert back.moves is None and back.leavers is None and back.hires == plan.hires
    assert "1 hire(s) written out with it went too" in panel.people_flows.done_note.value
    assert headline(back, simulation=False) == before


def test_a_default_hire_no_plan_hire_can_say_is_refused_and_nothing_changes(
    tmp_path: Path,
) -> None:
    """With one Content person and no hire in the plan, the default hires a part-FTE position
    a plan's hires cannot say (a plan hires whole people): the button refuses, saying why, and
    the plan keeps its derived flows."""
    from plans import costed_plan, migration_role

    plan = costed_plan(hires=(), legacy_roles=(migration_role(headcount=1),))
    panel = MigrationPanel(PlanSession(tmp_path / "plan.yaml", plan))
    problems = panel.people_flows.edit_flows()
    assert problems and "cannot be written out" in problems[0].message
    assert "whole people" in panel.people_flows.done_note.value
    assert panel.session.plan is plan and plan.moves is None and plan.leavers is None


# --------------------------------------------------------------------------- transition inputs


def test_an_empty_input_reads_plan_default_and_a_typed_zero_does_not(
    panel: MigrationPanel,
) -> None:
    """Notice is empty in the example: its box is empty and 'in use: 4 weeks — plan default'
    (transition.yaml) with the source on hover; typing 0 saves 0 (not None) and reads '0 weeks'
    with no 'plan default'; emptying the box goes back to the default."""
    section = panel.transition
    box, used = section.fields["notice_weeks"], section.in_use["notice_weeks"]
    assert panel.session.plan.assumptions.transition.notice_weeks is None
    assert box.text.value == "" and "4 weeks — plan default" in box.text.placeholder
    assert "in use: 4 weeks — plan default" in used.value
    assert "Employment Rights Act 1996 s.86" in used.value  # the source, on hover
    box.value = "0"
    assert panel.session.plan.assumptions.transition.notice_weeks == 0
    assert box.text.value == "0"
    assert "in use: 0 weeks<" in used.value and PLAN_DEFAULT not in used.value
    box.value = ""
    assert panel.session.plan.assumptions.transition.notice_weeks is None
    assert "4 weeks — plan default" in used.value


def test_a_settlement_of_zero_is_zero_and_changes_the_exit_cost(panel: MigrationPanel) -> None:
    """£0 settlement is used as given: the exit cost falls by the default's £600 for each of
    the example's 13.5 leavers (13.5 × £600 = £8,100)."""
    before = mig.one_off_total(panel.session.plan, "exit")
    section = panel.transition
    section.fields["settlement_per_leaver"].value = "£0"
    plan = panel.session.plan
    assert plan.assumptions.transition.settlement_per_leaver == 0
    assert section.fields["settlement_per_leaver"].text.value == "£0"
    assert PLAN_DEFAULT not in section.in_use["settlement_per_leaver"].value
    assert before - mig.one_off_total(plan, "exit") == pytest.approx(13.5 * 600)
    assert mig.people_count(plan, "leave") == 13.5


def test_productivity_is_shown_as_a_percent_and_saved_as_a_fraction(
    panel: MigrationPanel,
) -> None:
    """25 in the day-one productivity box saves 0.25 and shows 25%; 150 is refused naming the
    box in percent; 'two' in the redundancy multiple and 0.5 (below statutory) are refused."""
    fields = panel.transition.fields
    fields["ramp_start_productivity"].value = "25"
    plan = panel.session.plan
    assert plan.assumptions.transition.ramp_start_productivity == 0.25
    assert fields["ramp_start_productivity"].text.value == "25%"
    assert "in use: 25%" in panel.transition.in_use["ramp_start_productivity"].value
    fields["ramp_start_productivity"].value = "150"
    assert panel.session.plan.assumptions.transition.ramp_start_productivity == 0.25
    message = fields["ramp_start_productivity"].message.value
    assert "Productivity on day one must be 100% or less — you typed 150%" in message
    for typed, said in (("two", "can't be read as a number"), ("0.5", "must be 1.0 or more")):
        fields["redundancy_multiple"].value = typed
        assert panel.session.plan.assumptions.transition.redundancy_multiple is None
        assert f"Redundancy multiple (× statutory) {said}" in _said(fields["redundancy_multiple"])


def test_the_redundancy_multiple_redraws_figures_and_charts(panel: MigrationPanel) -> None:
    """A redundancy multiple of 2 doubles the statutory part of every exit: the session's
    one-off cost, the figures table and the cash curve follow the model for that plan."""
    start = panel.session.plan
    panel.transition.fields["redundancy_multiple"].value = "2"
    plan = panel.session.plan
    assert plan == with_value(start, "assumptions.transition.redundancy_multiple", 2.0)
    assert mig.one_off_total(plan, "exit") > mig.one_off_total(start, "exit")
    spec = panel.cost_box.chart.to_dict()
    cash = spec["datasets"][spec["vconcat"][1]["layer"][0]["data"]["name"]]  # one-off bars
    bars = [r for r in cash if r["group"] == "Exit costs"]
    exits = dict(zip(mig.monthly(plan)["month"], mig.monthly(plan)["exit_cost"], strict=True))
    assert {r["month"]: r["cost"] for r in bars} == pytest.approx(exits)


def test_notice_paid_or_worked_and_back_to_the_default(panel: MigrationPanel) -> None:
    """The notice choice starts at the default (paid in lieu — plan default); 'worked' saves
    False and takes notice pay out of the exit cost; the default choice saves None again."""
    section = panel.transition
    assert section.notice.value == "default"
    assert "paid in lieu — plan default" in section.in_use["notice_paid_in_lieu"].value
    before = mig.one_off_total(panel.session.plan, "exit")
    section.notice.value = "worked"
    plan = panel.session.plan
    assert plan.assumptions.transition.notice_paid_in_lieu is False
    assert mig.one_off_total(plan, "exit") < before
    assert "in use: worked<" in section.in_use["notice_paid_in_lieu"].value
    section.notice.value = "default"
    assert panel.session.plan.assumptions.transition.notice_paid_in_lieu is None


def test_a_teams_service_and_age_default_until_given_and_zero_stays_zero(
    panel: MigrationPanel,
) -> None:
    """Content's service and age are empty: 'in use: 5 years — plan default' and '38 — plan
    default'; 0 years typed saves 0.0 and reads '0 years'; an age of 10 is refused naming the
    box; emptying the box goes back to None."""
    section = panel.transition
    section.team.value = 2
    service = section.team_fields["average_service_years"]
    age = section.team_fields["average_age"]
    assert panel.session.plan.legacy_roles[2].name == "Content"
    assert not service.disabled and service.text.value == ""
    assert "in use: 5 years — plan default" in section.in_use["average_service_years"].value
    assert "in use: 38 — plan default" in section.in_use["average_age"].value
    service.value = "0"
    assert panel.session.plan.legacy_roles[2].average_service_years == 0
    assert "in use: 0 years<" in section.in_use["average_service_years"].value
    age.value = "10"
    assert panel.session.plan.legacy_roles[2].average_age is None
    assert "Average age (years) must be 16.0 or more — you typed 10" in age.message.value
    service.value = ""
    assert panel.session.plan.legacy_roles[2].average_service_years is None
    assert "5 years — plan default" in section.in_use["average_service_years"].value
