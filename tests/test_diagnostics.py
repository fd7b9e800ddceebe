"""Diagnostics: the calendar ratio and trajectory, the five-symptom questionnaire, the maturity
stage and the skills self-assessment — every expected figure worked out by hand beside it."""

from __future__ import annotations

from typing import Any

import pytest
from plans import minimal_data, minimal_plan

from mocmo import diagnostics as dg
from mocmo import summary
from mocmo.plan import (
    SKILL_KEYS,
    SYMPTOM_KEYS,
    Plan,
    PlanError,
    SkillScores,
    SymptomScores,
    parse_plan,
    with_changes,
)
from mocmo.present import diagnostics as words


def _plan(**diagnostics: Any) -> Plan:
    """The minimal plan with this ``diagnostics`` section."""
    return minimal_plan(diagnostics=diagnostics)


def _calendar(approving: float, designing: float) -> Plan:
    return _plan(calendar={"approving_hours": approving, "designing_hours": designing})


# A questionnaire filled in by hand:
#   service centre 3 (often), attribution 2 (sometimes), sequential routing 4 (always),
#   source-of-truth fragmentation 1 (rarely), volume over craft 2 (sometimes)
HAND_FILLED = {
    "service_centre": 3,
    "attribution_breakdown": 2,
    "sequential_routing": 4,
    "source_of_truth_fragmentation": 1,
    "volume_over_craft": 2,
}


# --------------------------------------------------------------------------- the plan model


def test_a_plan_without_diagnostics_is_still_valid_and_empty() -> None:
    """A plan written before diagnostics existed loads, with every answer empty."""
    plan = parse_plan(minimal_data())
    assert plan.schema_version == 1
    assert plan.diagnostics.calendar.approving_hours == 0
    assert set(dg.symptom_scores(plan).values()) == {None}
    assert plan.diagnostics.maturity_stage is None
    assert dg.skills_assessed(plan) == 0
    assert plan.agents == ()


def test_the_model_fields_match_the_published_keys() -> None:
    """The questionnaire's and the self-assessment's fields are the five symptoms and the
    twenty skill areas, in order."""
    assert tuple(SymptomScores.model_fields) == SYMPTOM_KEYS
    assert tuple(SkillScores.model_fields) == SKILL_KEYS
    assert len(SKILL_KEYS) == 20
    assert tuple(s.key for s in dg.SYMPTOMS) == SYMPTOM_KEYS
    assert tuple(dg.SKILL_LABELS) == SKILL_KEYS


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        ("diagnostics.symptoms.sequential_routing", 5, "from 0 (never) to 4"),
        ("diagnostics.symptoms.service_centre", -1, "from 0 (never) to 4"),
        ("diagnostics.maturity_stage", 6, "from 1 (individuals using prompts) to 5"),
        ("diagnostics.skills.data_literacy", 0, "from 1 (new to it) to 5"),
        ("diagnostics.skills.data_literacy", 2.5, "whole number"),
        ("diagnostics.calendar.designing_hours", -4, "0 or more"),
    ],
)
def test_out_of_range_answers_are_refused_with_their_path(
    path: str, value: Any, words: str
) -> None:
    """An answer outside its scale is refused, naming the field, the value and the scale."""
    with pytest.raises(PlanError) as err:
        with_changes(minimal_plan(), {path: value})
    (problem,) = err.value.problems
    assert problem.path == path
    assert f"got {value}" in problem.message and words in problem.message


def test_a_misspelt_skill_is_refused() -> None:
    """A skill area that does not exist is named as unknown."""
    with pytest.raises(PlanError) as err:
        _plan(skills={"prompt_design": 3})
    assert [p.path for p in err.value.problems] == ["diagnostics.skills.prompt_design"]


# --------------------------------------------------------------------------- the calendar


def test_calendar_ratio_mostly_approving_is_the_campaign_manager_path() -> None:
    """60 h approving and 20 h designing is a 25% ratio: a campaign manager with a larger
    title, 20 hours short of the threshold."""
    reading = dg.calendar_reading(_calendar(60, 20))
    assert reading.ratio == pytest.approx(0.25)  # 20 / (60 + 20)
    assert reading.trajectory == "campaign manager with a larger title"
    assert reading.hours_to_tip == pytest.approx(20.0)  # 0.5 × 80 − 20
    assert reading.threshold_hours == pytest.approx(40.0)  # 0.5 × (60 + 20)
    assert "Move 20 hours" in reading.advice


def test_calendar_ratio_mostly_designing_is_the_orchestrator_path() -> None:
    """30 h approving and 50 h designing is 62.5%: an orchestrator with a 10-hour margin."""
    reading = dg.calendar_reading(_calendar(30, 50))
    assert reading.ratio == pytest.approx(0.625)  # 50 / 80
    assert reading.trajectory == dg.ORCHESTRATOR
    assert reading.hours_to_tip == pytest.approx(10.0)  # 50 − 0.5 × 80
    assert reading.threshold_hours == pytest.approx(40.0)  # 0.5 × (30 + 50)
    assert "10 hours" in reading.advice


def test_calendar_ratio_at_the_threshold_counts_as_orchestrator() -> None:
    """An even split (40 h each) sits on the threshold, which belongs to the orchestrator."""
    plan = _calendar(40, 40)
    assert dg.calendar_design_ratio(plan) == pytest.approx(0.5)
    assert dg.trajectory(dg.calendar_design_ratio(plan)) == dg.ORCHESTRATOR
    assert dg.hours_to_tip(plan) == pytest.approx(0.0)


def test_an_empty_calendar_has_no_ratio() -> None:
    """With no hours at all there is no ratio, no trajectory, and the advice asks for them."""
    plan = _calendar(0, 0)
    assert dg.calendar_design_ratio(plan) is None
    assert dg.trajectory(None) is None
    assert dg.hours_to_tip(plan) is None
    assert dg.orchestrator_threshold_hours(plan) == 0.0
    assert "Fill in last month's calendar" in words.calendar_sentence(plan)


def test_calendar_sentence_states_ratio_and_trajectory() -> None:
    """The sentence gives the hours, the percentage and the trajectory."""
    text = words.calendar_sentence(_calendar(60, 20))
    assert "20 of 80 hours (25%)" in text
    assert "a campaign manager with a larger title" in text


# --------------------------------------------------------------------------- the questionnaire


def test_hand_filled_questionnaire_scores_as_computed_by_hand() -> None:
    """Answers 3, 2, 4, 1, 2 total 12 of 20: 'Breaking', worst symptom sequential routing."""
    plan = _plan(symptoms=HAND_FILLED)
    assert dg.symptoms_answered(plan) == 5
    assert dg.symptom_total(plan) == 12  # 3 + 2 + 4 + 1 + 2
    band = dg.symptom_band(12)
    assert band is not None and band.name == "Breaking"  # 10–14
    reading = words.symptom_reading(plan)
    assert reading.startswith("12 of 20: Breaking.")
    assert "Worst: Sequential routing (4 of 4)" in reading
    table = dg.symptom_table(plan)
    assert list(table["score"]) == [3, 2, 4, 1, 2]
    assert list(table["answer"]) == [
        "Often — most weeks",
        "Sometimes — most months",
        "Always — it is how work runs here",
        "Rarely — once or twice a quarter",
        "Sometimes — most months",
    ]
    assert list(table["level"]) == [
        "Structural",
        "Recurring",
        "The operating model",
        "An early sign",
        "Recurring",
    ]
    assert dg.checks(plan) == []


def test_each_score_has_its_own_meaning() -> None:
    """A score of 0 says the symptom is absent; 2 gives its cost and its fix; 4 says it is the
    model, not the team."""
    zero = dg.symptom_meaning("sequential_routing", 0)
    assert zero.startswith("Not present")
    two = dg.symptom_meaning("sequential_routing", 2)
    assert "Hand-Off Tax" in two and "Fix:" in two
    four = dg.symptom_meaning("sequential_routing", 4)
    assert "the model, not the team" in four
    assert dg.symptom_meaning("sequential_routing", None) == "Not answered yet."


@pytest.mark.parametrize(
    ("total", "name"),
    [(0, "Healthy"), (4, "Healthy"), (5, "Strained"), (9, "Strained"), (10, "Breaking"),
     (14, "Breaking"), (15, "Broken"), (20, "Broken")],
)  # fmt: skip
def test_symptom_bands_at_their_edges(total: int, name: str) -> None:
    """Each band includes both its ends."""
    band = dg.symptom_band(total)
    assert band is not None and band.name == name


def test_symptom_bands_cover_every_total_once() -> None:
    """Every total from 0 to 20 falls in exactly one band."""
    for total in range(0, 21):
        assert sum(b.low <= total <= b.high for b in dg.SYMPTOM_BANDS) == 1


def test_a_half_answered_questionnaire_is_flagged() -> None:
    """Three answers (3, 4, 0) total 7 and a warning names the two questions left out."""
    plan = _plan(symptoms={"service_centre": 3, "sequential_routing": 4, "volume_over_craft": 0})
    assert dg.symptom_total(plan) == 7  # 3 + 4 + 0
    assert "(3 of 5 questions answered so far.)" in words.symptom_reading(plan)
    (problem,) = dg.checks(plan)
    assert problem.severity == "warning" and problem.path == "diagnostics.symptoms"
    assert "Attribution breakdown" in problem.message
    assert "Source-of-truth fragmentation" in problem.message


def test_an_unanswered_questionnaire_has_no_total() -> None:
    """With nothing answered there is no total and no warning."""
    plan = minimal_plan()
    assert dg.symptom_total(plan) is None
    assert dg.symptom_band(None) is None
    assert dg.checks(plan) == []


# --------------------------------------------------------------------------- maturity and skills


def test_maturity_stage_names_and_emphasis() -> None:
    """Stage 3 is repeatable workflows and asks for workflow owners and an agent register."""
    plan = _plan(maturity_stage=3)
    assert dg.maturity_stage(plan) == 3
    info = dg.maturity_info(3)
    assert info.name == "Repeatable workflows"
    assert "agent register" in info.emphasise
    assert words.maturity_sentence(plan).startswith("Stage 3 of 5 — Repeatable workflows.")
    assert [s.stage for s in dg.MATURITY_STAGES] == [1, 2, 3, 4, 5]


def test_skills_average_strongest_and_weakest_by_hand() -> None:
    """Levels 5, 2, 4, 2 average 3.25; strategic thinking is strongest, data literacy and AI
    governance weakest; the sixteen others are not assessed."""
    plan = _plan(
        skills={
            "strategic_thinking": 5,
            "data_literacy": 2,
            "prompt_engineering": 4,
            "ai_governance": 2,
        }
    )
    assert dg.skills_assessed(plan) == 4
    assert dg.skills_average(plan) == pytest.approx(3.25)  # (5 + 2 + 4 + 2) / 4
    assert dg.strongest_skills(plan) == ("Strategic thinking",)
    assert dg.weakest_skills(plan) == ("Data literacy", "AI governance")
    table = dg.skills_table(plan)
    assert len(table) == 20
    assert table["level"].notna().sum() == 4
    assert table.loc[table["key"] == "prompt_engineering", "meaning"].item() == (
        "Capable — does it alone"
    )
    assert "average 3.2 of 5" in words.skills_sentence(plan)


def test_no_skills_assessed_has_no_average() -> None:
    """Without any level there is no average and nothing is strongest or weakest."""
    plan = minimal_plan()
    assert dg.skills_average(plan) is None
    assert dg.weakest_skills(plan) == () and dg.strongest_skills(plan) == ()
    assert "Rate yourself" in words.skills_sentence(plan)


# --------------------------------------------------------------------------- summary


def test_headline_has_the_two_diagnostic_figures() -> None:
    """The headline is the calendar ratio and the maturity stage, and the summary carries
    them."""
    plan = _plan(calendar={"approving_hours": 60, "designing_hours": 20}, maturity_stage=2)
    assert dg.headline(plan) == {"calendar_design_ratio": 0.25, "maturity_stage": 2}
    figures = summary.headline(plan)
    assert figures["calendar_design_ratio"] == pytest.approx(0.25)
    assert figures["maturity_stage"] == 2


def test_empty_diagnostics_headline_is_none() -> None:
    """A plan without diagnostics reports no ratio and no stage (not zero)."""
    assert dg.headline(minimal_plan()) == {"calendar_design_ratio": None, "maturity_stage": None}
