"""Problems in the CMO's words: mocmo.present.messages.plain, and ProblemList showing the plain
sentence with the path and technical message behind a "details" disclosure."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from plans import example_copy, minimal_plan

from mocmo.plan import Problem
from mocmo.present.messages import plain
from mocmo.ui.audiences import AudiencesPanel
from mocmo.ui.core import PlanSession, ProblemList

CASES = [
    (Problem("audiences[7].name", "got '', must not be empty"), "Audience 8 needs a name."),
    (Problem("meta.name", "got '', must not be empty"), "The plan needs a plan name."),
    (
        Problem("legacy_roles[1].activities[0].share", "got 1.5, must be between 0 and 1"),
        "Team 2, activity 1: share of hours must be between 0% and 100% (you entered 150%).",
    ),
    (
        Problem("marops_seats[1].hire_month", "got 40, must be a month between 1 and 36"),
        "Seat 2: start month must be a whole month from 1 to 36 (you entered 40).",
    ),
    (
        Problem("horizon_months", "got 100, must be a number of months between 1 and 36"),
        "Months the migration view covers must be a whole number of months from 1 to 36 "
        "(you entered 100).",
    ),
    (
        Problem("audiences[0].pipeline_target", "got -5, must be 0 or more"),
        "Audience 1: pipeline target must be 0 or more (you entered -5).",
    ),
    (
        Problem(
            "audiences[0].owner",
            "got 'Nobody', must be one of gtm_team: 'Alex' (add the person to gtm_team first)",
        ),
        "Audience 1: owner must be one of the GTM team: 'Alex' (add the person to the GTM team "
        "first) (you entered 'Nobody').",
    ),
    (
        Problem("audiences[1].name", "got 'Retail', must be unique; it appears more than once"),
        "Audience 2: name 'Retail' is already used — each must be different.",
    ),
    (
        Problem(
            "gtm_team",
            "got 'A', must be unique (compared ignoring case and surrounding spaces); "
            "gtm_team[1] repeats gtm_team[0], 'A'",
        ),
        "'A' appears more than once in the GTM team.",
    ),
    (
        Problem("", "choose an audience in the list first"),
        "choose an audience in the list first",
    ),
    (
        Problem("audiences[4].owner", "'Public Sector' has no owner yet", "warning"),
        "'Public Sector' has no owner yet",
    ),
]


@pytest.mark.parametrize(("problem", "expected"), CASES)
def test_plain_says_each_problem_in_words(problem: Problem, expected: str) -> None:
    """Each hand-written problem reads as the hand-written sentence: item by kind and number,
    field by its label, rule in words."""
    assert plain(problem) == expected


def test_plain_names_items_from_the_plan() -> None:
    """Given the plan, the item is named ("Team 'Content'"), except when its name is what is
    wrong (then it is numbered)."""
    plan = minimal_plan()
    share = Problem("legacy_roles[0].activities[2].share", "got 1.5, must be between 0 and 1")
    activity = plan.legacy_roles[0].activities[2].name
    assert plain(share, plan) == (
        f"Team 'Content', activity {activity!r}: share of hours must be between 0% and 100% "
        "(you entered 150%)."
    )
    assert plain(Problem("audiences[0].name", "got '', must not be empty"), plan) == (
        "Audience 1 needs a name."
    )
    assert plain(Problem("audiences[5].icp", "got 3, must be text"), plan) == (
        "Audience 6: ICP must be text (you entered 3)."
    )


def _outside_details(value: str) -> str:
    """The text a reader sees without opening "details" (no style sheet, no markup)."""
    value = re.sub(r"<style>.*?</style>|<details.*?</details>", "", value, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", value))


def test_problem_list_shows_plain_words_and_details_escaped() -> None:
    """ProblemList shows the plain sentence, and the path and technical message only inside an
    escaped <details> disclosure."""
    shown = ProblemList([Problem("audiences[7].name", "got '<b>', must not be empty")])
    assert "Audience 8 needs a name." in shown.value
    assert (
        "<details><summary>details</summary>audiences[7].name: got &#x27;&lt;b&gt;&#x27;, "
        "must not be empty</details>"
    ) in shown.value
    outside = _outside_details(shown.value)
    assert "audiences[7]" not in outside and "got '" not in outside
    assert "<b>'" not in shown.value


@pytest.fixture
def audiences_panel(tmp_path: Path) -> AudiencesPanel:
    """An Audiences panel on a copy of the Brightwave example."""
    return AudiencesPanel(PlanSession(example_copy(tmp_path)))


def test_panel_problems_hold_no_programmer_text(audiences_panel: AudiencesPanel) -> None:
    """For a set of bad edits, every problem the Audiences panel shows has no "got '", no
    "[index]" and no snake_case path text outside the details element."""
    panel = audiences_panel
    bad_edits = [
        {"audiences[2].name": ""},
        {"audiences[1].name": panel.session.plan.audiences[0].name},
        {"audiences[0].owner": "Nobody"},
        {"audiences[0].launch_month": 40},
        {"audiences[0].pains[0].products": ["Nope"]},
        {"gtm_team": ["A", "A"]},
    ]
    for changes in bad_edits:
        problems = panel.edit(changes)
        assert problems, changes
        outside = _outside_details(panel.form_problems.value)
        assert "got '" not in outside, outside
        assert not re.search(r"\[\d+\]", outside), outside
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", outside), outside
    # the checks (warnings) the panel lists say no path either
    checks = _outside_details(panel.checks.value)
    assert not re.search(r"\[\d+\]", checks) and "got '" not in checks


NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
_RUN_A_CELL = re.compile(
    r"\b(?:the next cells?|this cell|these cells|the cells? runs?|re-?run|run (?:it|them) again"
    r"|run (?:this|the|these) cells?)\b",
    re.I,
)


def test_notebook_text_holds_in_the_app_and_in_jupyterlab() -> None:
    """No step notebook's text points at "the next cells" or asks to run a cell, except as
    what to do in JupyterLab (the app shows only the panels)."""
    import json

    wrong: list[str] = []
    for notebook in sorted(NOTEBOOKS.glob("0*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] != "markdown":
                continue
            text = " ".join("".join(cell["source"]).split())
            for sentence in re.split(r"(?<=[.;:])\s+", text):
                if _RUN_A_CELL.search(sentence) and "JupyterLab" not in sentence:
                    wrong.append(f"{notebook.name}: {sentence}")
    assert not wrong, "\n".join(wrong)


def test_a_failed_button_says_the_plan_problem_in_words() -> None:
    """A button whose edit fails with a plan error says "Could not …: Audience 8 needs a name
    (and 1 more)", not the path and "got ''"."""
    from mocmo.plan import PlanError
    from mocmo.ui.core import guarded, reason

    err = PlanError(
        [
            Problem("audiences[7].name", "got '', must not be empty"),
            Problem("horizon_months", "got 100, must be a number of months between 1 and 36"),
        ]
    )
    assert reason(err) == "Audience 8 needs a name (and 1 more)"
    shown: list[str] = []

    def fail(_b: object) -> None:
        raise err

    import os

    strict = os.environ.pop("MOCMO_STRICT_VIEWS", None)
    try:
        guarded(fail, shown.append, what="add the audience")(None)
    finally:
        if strict is not None:
            os.environ["MOCMO_STRICT_VIEWS"] = strict
    assert shown == ["Could not add the audience: Audience 8 needs a name (and 1 more)"]


def test_other_panels_problems_hold_no_programmer_text(tmp_path: Path) -> None:
    """Bad edits in the reshape, costing and migration panels are shown with no "got '", no
    "[index]" and no snake_case text (MarOps role keys by their titles) outside the details."""
    from mocmo.ui.costing import CostingPanel
    from mocmo.ui.migration import MigrationPanel
    from mocmo.ui.reshape import RoleReshapePanel

    session = PlanSession(example_copy(tmp_path))
    bad_edits = {
        RoleReshapePanel: [
            {"legacy_roles[0].activities[0].share": 1.5},
            {"legacy_roles[0].name": ""},
            {"legacy_roles[1].headcount": 0},
            {"legacy_roles[0].activities[0].destination": "elsewhere"},
        ],
        CostingPanel: [
            {"marops_seats[0].hire_month": 40},
            {"assumptions.on_costs.pension_rate": 2},
            {"marops_seats[0].band": {"low": 100_000, "high": 50_000}},
            {"marops_seats[0].roles": ["head_of_marops", "head_of_marops"]},
        ],
        MigrationPanel: [
            {"phases[0].start_month": 0},
            {"phases[1].depends_on": ["Nope"]},
            {"horizon_months": 100},
        ],
    }
    for panel_class, edits in bad_edits.items():
        panel = panel_class(session)
        for changes in edits:
            assert panel.edit(changes), changes
            outside = _outside_details(panel.edit_problems.value)
            assert "got '" not in outside, outside
            assert not re.search(r"\[\d+\]", outside), outside
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", outside), outside


def test_plain_words_for_a_percent_given_as_a_whole_number() -> None:
    """A share written as 2 reads "must be between 0% and 100% (you entered 200%)", without the
    YAML author's hint."""
    problem = Problem(
        "assumptions.on_costs.pension_rate",
        "got 2, must be between 0 and 1 — 2 looks like a percentage; write 0.02 for 2%",
    )
    assert plain(problem) == "Pension rate must be between 0% and 100% (you entered 200%)."
