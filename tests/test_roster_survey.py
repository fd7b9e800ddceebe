"""An activity survey in the roster (``Activity: NAME`` columns): each team's activity shares
become the FTE-weighted mean of its respondents' shares; each person's shares must add up to
100% (±0.5%), named by row."""

from __future__ import annotations

from pathlib import Path

import pytest
from plans import activity, band, legacy_role, minimal_plan
from test_roster import HEADER, MAP_TEAM, PEOPLE, run, three_team_plan, write_csv

from mocmo.plan import Plan, load_plan, save_plan

SURVEY = ["Activity: Standards", "activity : audience content", "Activity: Drafting"]
"""The test plan's three activities (every team has them: Standards 50%, Audience content 30%,
Drafting 20%); the second header in another case and spacing, as a hand-made file might."""


def with_answers(answers: dict[str, list[str]]) -> list[list[str]]:
    """PEOPLE with the survey columns: the given people's answers, everyone else's empty."""
    return [[*p, *answers.get(p[0], ["", "", ""])] for p in PEOPLE]


# Content: C01 (1 FTE) 60/30/10, C03 (0.5 FTE) 0.2/0.4/0.4, C05 (0.2 FTE) –/–/100%; C02 and C04
# did not answer. Σ FTE of who answered = 1 + 0.5 + 0.2 = 1.7.
#   Standards        (1 × .6 + .5 × .2 + .2 × 0) / 1.7 = .7 / 1.7 = 0.411765
#   Audience content (1 × .3 + .5 × .4 + .2 × 0) / 1.7 = .5 / 1.7 = 0.294118
#   Drafting         (1 × .1 + .5 × .4 + .2 × 1) / 1.7 = .5 / 1.7 = 0.294118   (sum 1.7/1.7 = 1)
#   An unweighted mean would give Drafting (.1 + .4 + 1) / 3 = 50%: C05's one day a week counted
#   as a whole person's time.
# Brand: B01 alone, 50% / 50% / empty → 0.5 / 0.5 / 0.
# Demand Gen: nobody answered → the plan's 0.5 / 0.3 / 0.2 stay.
ANSWERS = {
    "C01": ["60%", "30%", "10%"],
    "C03": ["0.2", "0.4", "0.4"],
    "C05": ["", "", "100%"],
    "B01": ["50%", "50%", ""],
}
EXPECTED = {
    "Content": (0.411765, 0.294118, 0.294118),
    "Brand": (0.5, 0.5, 0.0),
    "Demand Gen": (0.5, 0.3, 0.2),
}


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    return save_plan(three_team_plan(), tmp_path / "team.yaml")


def _shares(plan: Plan) -> dict[str, tuple[float, ...]]:
    return {r.name: tuple(a.share for a in r.activities) for r in plan.legacy_roles}


def test_each_team_gets_its_respondents_fte_weighted_shares(
    tmp_path: Path, plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--dry-run prints each surveyed team's shares before → after and writes nothing; the
    import then sets them (figures by hand above), leaves Demand Gen's as they were, and the
    reshape's hours stay conserved (each team's shares add up to 100%)."""
    roster = write_csv(tmp_path / "people.csv", with_answers(ANSWERS), [*HEADER, *SURVEY])
    before = plan_path.read_bytes()
    code, out, err = run(capsys, "import-roster", str(roster), "--into", str(plan_path),
                         "--map-team", MAP_TEAM, "--dry-run")  # fmt: skip
    assert code == 0, err
    assert "Activity shares from the survey (FTE-weighted mean of who answered):" in out
    assert (
        "Content (3 answered): Standards 50.0% → 41.2%; Audience content 30.0% → 29.4%; "
        "Drafting 20.0% → 29.4%"
    ) in out
    assert (
        "Brand (1 answered): Standards 50.0% → 50.0%; Audience content 30.0% → 50.0%; "
        "Drafting 20.0% → 0.0%"
    ) in out
    assert "Demand Gen (" not in out
    assert plan_path.read_bytes() == before

    code, out, err = run(capsys, "import-roster", str(roster), "--into", str(plan_path),
                         "--map-team", MAP_TEAM)  # fmt: skip
    assert code == 0, err
    plan = load_plan(plan_path)
    for team, shares in _shares(plan).items():
        assert shares == pytest.approx(EXPECTED[team], abs=1e-6), team
        assert sum(shares) == pytest.approx(1.0, abs=1e-5)
    assert [r.headcount for r in plan.legacy_roles] == [5, 3, 4]


def test_a_roster_without_survey_columns_keeps_the_plans_shares(
    tmp_path: Path, plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No Activity columns: every team keeps 50/30/20 and the output says nothing of a survey."""
    roster = write_csv(tmp_path / "people.csv", PEOPLE)
    code, out, _ = run(capsys, "import-roster", str(roster), "--into", str(plan_path),
                       "--map-team", MAP_TEAM)  # fmt: skip
    assert code == 0
    assert "Activity shares" not in out
    assert set(_shares(load_plan(plan_path)).values()) == {(0.5, 0.3, 0.2)}


_BAD: dict[str, tuple[dict[str, list[str]], str]] = {
    # C01 is row 2 (the header is row 1)
    "shares add up to 90%": (
        {"C01": ["50%", "40%", ""]},
        "row 2: the activity shares add up to 90.0% (Standards 50.0%, audience content "
        "40.0%); a person's shares must add up to 100% (±0.5%)",
    ),
    "99.4% is outside the tolerance": (
        {"C01": ["60%", "30%", "9.4%"]},
        "row 2: the activity shares add up to 99.4%",
    ),
    "a bare 40": (
        {"C01": ["40", "30%", "30%"]},
        "row 2, column 'Activity: Standards': got '40': write a share as a percentage with its "
        "sign (40%) or as a fraction (0.4)",
    ),
    "a word": (
        {"C01": ["most", "30%", "30%"]},
        "row 2, column 'Activity: Standards': got 'most', expected a share of the person's time "
        "such as 40% or 0.4",
    ),
    "above 100%": (
        {"C01": ["120%", "", ""]},
        "row 2, column 'Activity: Standards': got 120%, a share must be between 0% and 100%",
    ),
}


@pytest.mark.parametrize("case", list(_BAD))
def test_a_bad_answer_names_its_row_and_nothing_changes(
    case: str, tmp_path: Path, plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each bad answer is refused with its row (and column where it is one cell), exit 2, the
    plan byte for byte as it was."""
    answers, message = _BAD[case]
    roster = write_csv(tmp_path / "people.csv", with_answers(answers), [*HEADER, *SURVEY])
    before = plan_path.read_bytes()
    code, _, err = run(capsys, "import-roster", str(roster), "--into", str(plan_path),
                       "--map-team", MAP_TEAM)  # fmt: skip
    assert code == 2
    assert message in err
    assert plan_path.read_bytes() == before
    assert not (tmp_path / "team.roster.yaml").exists()


def test_within_the_tolerance_is_accepted(
    tmp_path: Path, plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """60% + 30% + 9.6% = 99.6%, within ±0.5%: accepted; Content's only respondent is C01, so
    its shares are C01's own 0.6 / 0.3 / 0.096 (their sum 0.996 is within the plan's rule)."""
    roster = write_csv(
        tmp_path / "people.csv", with_answers({"C01": ["60%", "30%", "9.6%"]}), [*HEADER, *SURVEY]
    )
    code, _, err = run(capsys, "import-roster", str(roster), "--into", str(plan_path),
                       "--map-team", MAP_TEAM)  # fmt: skip
    assert code == 0, err
    assert _shares(load_plan(plan_path))["Content"] == pytest.approx((0.6, 0.3, 0.096))


def test_an_activity_of_no_team_and_of_another_team_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A column for an activity no legacy team has is refused once, by column; in a plan where
    Brand's activities are its own, B01's share of Content's 'Standards' is refused on row 7
    with Brand's activities listed."""
    plan_path = save_plan(three_team_plan(), tmp_path / "team.yaml")
    roster = write_csv(
        tmp_path / "people.csv",
        [[*p, ""] for p in PEOPLE],
        [*HEADER, "Activity: Budgeting"],
    )
    code, _, err = run(capsys, "import-roster", str(roster), "--into", str(plan_path),
                       "--map-team", MAP_TEAM)  # fmt: skip
    assert code == 2
    assert (
        "column 'Activity: Budgeting': no legacy team of the plan has an activity 'Budgeting'"
    ) in err

    own = minimal_plan(
        legacy_roles=(
            legacy_role("Content", 2),
            legacy_role(
                "Brand",
                4,
                band(30_000, 95_000),
                (activity("Brand book", 0.6, "stays"), activity("Assets", 0.4, "shifts")),
            ),
            legacy_role("Demand Gen", 4, band(45_000, 75_000)),
        )
    )
    other = save_plan(own, tmp_path / "own.yaml")
    roster = write_csv(
        tmp_path / "brand.csv",
        [[*p, "100%" if p[0] == "B01" else ""] for p in PEOPLE],
        [*HEADER, "Activity: Standards"],
    )
    code, _, err = run(capsys, "import-roster", str(roster), "--into", str(other),
                       "--map-team", MAP_TEAM)  # fmt: skip
    assert code == 2
    assert (
        "row 7, column 'Activity: Standards': Brand has no activity 'Standards' (its "
        "activities: Brand book, Assets); leave the cell empty"
    ) in err
