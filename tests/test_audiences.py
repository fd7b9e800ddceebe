"""Step 1 — Audiences: each check on a small hand-made plan where the right answer is obvious."""

from __future__ import annotations

import pytest
from plans import audience_plan as _plan
from plans import segment_audience as _audience

from mocmo import audiences as aud
from mocmo.plan import Problem, Segment
from mocmo.summary import checks as all_checks
from mocmo.summary import headline as all_headline


def _at(problems: list[Problem], path: str) -> list[Problem]:
    return [p for p in problems if p.path == path]


# --------------------------------------------------------------------------- ownership


def test_unowned_audience_is_flagged_at_its_owner_field() -> None:
    """An audience with no owner gives one warning at audiences[i].owner naming it."""
    plan = _plan(
        _audience("Owned", "Retail", owner="Ann"),
        _audience("Orphan", "Health"),
        team=("Ann",),
    )
    assert aud.unowned_audiences(plan) == ("Orphan",)
    found = _at(aud.ownership_problems(plan), "audiences[1].owner")
    assert len(found) == 1
    assert "'Orphan'" in found[0].message and found[0].severity == "warning"
    assert _at(aud.ownership_problems(plan), "audiences[0].owner") == []


def test_owner_of_two_audiences_is_flagged_once_with_both_names() -> None:
    """Someone owning two audiences gives a single warning listing both audiences."""
    plan = _plan(
        _audience("North", "Retail", owner="Ann"),
        _audience("South", "Health", owner="Ann"),
        team=("Ann",),
    )
    assert aud.audiences_by_owner(plan) == {"Ann": ("North", "South")}
    found = [p for p in aud.ownership_problems(plan) if "owns 2 audiences" in p.message]
    assert len(found) == 1
    assert "North" in found[0].message and "South" in found[0].message


def test_gtm_person_owning_nothing_is_listed() -> None:
    """A GTM team member without an audience is listed and flagged at gtm_team[i]."""
    plan = _plan(_audience("North", "Retail", owner="Ann"), team=("Ann", "Bo"))
    assert aud.idle_gtm_people(plan) == ("Bo",)
    found = _at(aud.ownership_problems(plan), "gtm_team[1]")
    assert len(found) == 1 and "'Bo'" in found[0].message


def test_fully_owned_plan_has_no_ownership_problems() -> None:
    """One owner per audience and nobody idle gives no ownership warnings."""
    plan = _plan(
        _audience("North", "Retail", owner="Ann"),
        _audience("South", "Health", owner="Bo"),
        team=("Ann", "Bo"),
    )
    assert aud.ownership_problems(plan) == []


def test_ownership_warnings_appear_once_in_the_summary_checks() -> None:
    """The plan-wide checks carry each ownership warning exactly once (not also from plan.py)."""
    plan = _plan(
        _audience("North", "Retail", owner="Ann"),
        _audience("South", "Health", owner="Ann"),
        _audience("Orphan", "Software"),
        team=("Ann",),
    )
    found = all_checks(plan)
    assert len([p for p in found if "no owner" in p.message]) == 1
    assert len([p for p in found if "owns 2 audiences" in p.message]) == 1


# --------------------------------------------------------------------------- overlap


def test_duplicate_segment_is_flagged_with_both_names() -> None:
    """Two audiences with the same industry × size × region are reported as the same segment."""
    plan = _plan(
        _audience("Healthcare A", "Healthcare", "Enterprise", "UK"),
        _audience("Healthcare B", "Healthcare", "Enterprise", "UK"),
    )
    assert aud.segment_overlaps(plan) == (
        aud.Overlap(0, 1, "Healthcare A", "Healthcare B", "same"),
    )
    (problem,) = aud.overlap_problems(plan)
    assert "'Healthcare A'" in problem.message and "'Healthcare B'" in problem.message
    assert problem.path == "audiences[1].segment"


def test_any_segment_contains_a_narrower_one() -> None:
    """Region 'Any' contains the same industry and size in one region, whichever comes first."""
    plan = _plan(
        _audience("Retail UK", "Retail", "Mid-Market", "UK"),
        _audience("Retail everywhere", "Retail", "Mid-Market", "Any"),
    )
    assert aud.segment_overlaps(plan) == (
        aud.Overlap(1, 0, "Retail everywhere", "Retail UK", "contains"),
    )
    (problem,) = aud.overlap_problems(plan)
    assert "'Retail everywhere'" in problem.message and "'Retail UK'" in problem.message
    assert "contains" in problem.message


def test_segments_differing_in_one_field_do_not_overlap() -> None:
    """Same industry and size in two different regions are separate audiences."""
    plan = _plan(
        _audience("Retail UK", "Retail", "Mid-Market", "UK"),
        _audience("Retail US", "Retail", "Mid-Market", "US"),
        _audience("Health anywhere", "Health", "Any", "Any"),
    )
    assert aud.segment_overlaps(plan) == ()
    assert aud.overlap_problems(plan) == []


def test_overlaps_of_many_audiences_come_in_pair_order_with_the_wider_one_outer() -> None:
    """Every overlapping pair is found once, in (first, second) audience order, the containing
    audience named first and identical segments (ignoring case) reported as the same."""
    plan = _plan(
        _audience("Retail SMB UK", "Retail", "SMB", "UK"),  # 0
        _audience("Everyone", "Any", "Any", "Any"),  # 1: contains every other
        _audience("UK retail, second team", "retail", "smb", "uk"),  # 2: same segment as 0
        _audience("Retail UK", "Retail", "Any", "UK"),  # 3: contains 0 and 2
        _audience("Health SMB UK", "Health", "SMB", "UK"),  # 4: only inside 1
    )
    # Pairs by hand, i < j: (0,1) 1⊃0; (0,2) same; (0,3) 3⊃0; (0,4) none; (1,2) 1⊃2;
    # (1,3) 1⊃3; (1,4) 1⊃4; (2,3) 3⊃2; (2,4) none; (3,4) none (Retail vs Health).
    names = [a.name for a in plan.audiences]
    expected = [(1, 0, "contains"), (0, 2, "same"), (3, 0, "contains"), (1, 2, "contains"),
                (1, 3, "contains"), (1, 4, "contains"), (3, 2, "contains")]  # fmt: skip
    assert aud.segment_overlaps(plan) == tuple(
        aud.Overlap(o, i, names[o], names[i], kind) for o, i, kind in expected
    )


def test_segment_contains_is_case_insensitive_and_reflexive() -> None:
    """'any' in any case contains every value, and a segment contains itself."""
    wide = Segment(industry="retail", company_size="ANY", region="Any")
    narrow = Segment(industry="Retail", company_size="SMB", region="UK")
    assert aud.segment_contains(wide, narrow)
    assert not aud.segment_contains(narrow, wide)
    assert aud.segment_contains(narrow, narrow)


# --------------------------------------------------------------------------- pain → product


def test_pain_with_no_product_is_flagged_at_its_products() -> None:
    """A pain answered by no product is flagged; its audience still has a mapped pain."""
    plan = _plan(
        _audience("Mixed", pains=(("Mapped", ("Alpha",)), ("Orphan pain", ()))),
    )
    problems = aud.pain_product_problems(plan)
    assert [p.path for p in problems] == ["audiences[0].pains[1].products"]
    assert "'Orphan pain'" in problems[0].message
    assert aud.unmapped_pains(plan.audiences[0]) == ("Orphan pain",)


def test_audience_whose_pains_map_to_nothing_cannot_get_messaging() -> None:
    """An audience none of whose pains maps to a product is flagged with the messaging warning."""
    plan = _plan(
        _audience("Good", "Retail"),
        _audience("Vague", "Health", pains=(("P1", ()), ("P2", ()))),
        _audience("Empty", "Software", pains=()),
    )
    messages = {p.path: p.message for p in aud.pain_product_problems(plan)}
    assert aud.NO_MESSAGING in messages["audiences[1].pains"]
    assert "'Vague'" in messages["audiences[1].pains"]
    assert aud.NO_MESSAGING in messages["audiences[2].pains"]
    assert not any(path.startswith("audiences[0]") for path in messages)


def test_audience_product_matrix_counts_pains_per_product() -> None:
    """Each audience × product cell counts the pains that product answers, zeros included."""
    plan = _plan(
        _audience(
            "X",
            pains=(("P1", ("Alpha",)), ("P2", ("Alpha", "Beta")), ("P3", ())),
        )
    )
    matrix = aud.audience_product_matrix(plan)
    cells = {(r.audience, r.product): r.pains for r in matrix.itertuples()}
    # Alpha answers P1 and P2 → 2; Beta answers P2 only → 1.
    assert cells == {("X", "Alpha"): 2, ("X", "Beta"): 1}


# --------------------------------------------------------------------------- pipeline


def test_coverage_under_target_gives_gap_and_percent() -> None:
    """£3M + £4.5M against £10M leaves a £2.5M gap, 25% of the target, coverage 75%."""
    plan = _plan(
        _audience("A", "Retail", target=3_000_000),
        _audience("B", "Health", target=4_500_000),
        company_target=10_000_000,
    )
    cov = aud.pipeline_coverage(plan)
    # total = 3.0M + 4.5M = 7.5M; gap = 10M − 7.5M = 2.5M; 2.5 / 10 = 0.25; 7.5 / 10 = 0.75
    assert cov.audience_total == pytest.approx(7_500_000)
    assert cov.gap == pytest.approx(2_500_000)
    assert cov.gap_ratio == pytest.approx(0.25)
    assert cov.coverage_ratio == pytest.approx(0.75)
    assert cov.status == "under"
    (problem,) = aud.pipeline_problems(plan)
    assert problem.path == "assumptions.company_pipeline_target"
    assert "£2.5M" in problem.message and "25.0%" in problem.message


def test_coverage_over_target_gives_over_allocation_and_percent() -> None:
    """£6M + £6M against £8M is over-allocated by £4M, 50% of the target, coverage 150%."""
    plan = _plan(
        _audience("A", "Retail", target=6_000_000),
        _audience("B", "Health", target=6_000_000),
        company_target=8_000_000,
    )
    cov = aud.pipeline_coverage(plan)
    # total = 12M; gap = 8M − 12M = −4M; −4 / 8 = −0.5; 12 / 8 = 1.5
    assert cov.gap == pytest.approx(-4_000_000)
    assert cov.gap_ratio == pytest.approx(-0.5)
    assert cov.coverage_ratio == pytest.approx(1.5)
    assert cov.status == "over"
    (problem,) = aud.pipeline_problems(plan)
    assert "£4M" in problem.message and "50.0%" in problem.message


def test_exact_coverage_raises_nothing() -> None:
    """Targets adding up exactly to the company target give no pipeline warning."""
    plan = _plan(
        _audience("A", "Retail", target=2_000_000),
        _audience("B", "Health", target=3_000_000),
        company_target=5_000_000,
    )
    assert aud.pipeline_coverage(plan).status == "covered"
    assert aud.pipeline_problems(plan) == []


def test_no_company_target_gives_no_ratio_and_a_warning() -> None:
    """With a company target of 0 the ratios are None and the missing target is flagged."""
    plan = _plan(_audience("A", target=1_000_000))
    assert aud.pipeline_coverage_ratio(plan) is None
    assert aud.pipeline_coverage(plan).gap_ratio is None
    assert [p.path for p in aud.pipeline_problems(plan)] == ["assumptions.company_pipeline_target"]
    assert aud.company_target_shares(plan) == {"A": None}


def test_audience_without_pipeline_target_is_flagged() -> None:
    """An audience whose pipeline target is 0 is flagged at its pipeline_target."""
    plan = _plan(
        _audience("A", "Retail", target=1_000_000),
        _audience("B", "Health"),
        company_target=1_000_000,
    )
    assert [p.path for p in aud.pipeline_problems(plan)] == ["audiences[1].pipeline_target"]


def test_pipeline_shares_split_the_audience_total() -> None:
    """£1M and £3M are 25% and 75% of a £4M total, and 10% and 30% of a £10M company target."""
    plan = _plan(
        _audience("A", "Retail", target=1_000_000),
        _audience("B", "Health", target=3_000_000),
        company_target=10_000_000,
    )
    assert aud.pipeline_shares(plan) == pytest.approx({"A": 0.25, "B": 0.75})
    assert aud.company_target_shares(plan) == pytest.approx({"A": 0.1, "B": 0.3})


# --------------------------------------------------------------------------- table, headline


def test_audience_table_has_one_readable_row_per_audience() -> None:
    """The table shows each audience once with its segment, owner, products and shares."""
    plan = _plan(
        _audience(
            "A",
            "Retail",
            "SMB",
            "UK",
            owner="Ann",
            target=1_000_000,
            pains=(("P1", ("Beta",)), ("P2", ("Alpha", "Beta")), ("P3", ())),
        ),
        _audience("B", "Health", target=3_000_000),
        team=("Ann",),
        company_target=5_000_000,
    )
    table = aud.audience_table(plan)
    assert list(table.columns) == list(aud.AUDIENCE_COLUMNS)
    assert len(table) == 2
    row = table.iloc[0]
    assert (row["Industry"], row["Company size"], row["Region"]) == ("Retail", "SMB", "UK")
    assert row["Owner"] == "Ann" and table.iloc[1]["Owner"] == ""
    assert row["Pains"] == "P1; P2; P3"
    assert row["Products"] == "Beta, Alpha"  # order of first mention
    assert row["Pains without a product"] == 1
    # 1M of a 4M audience total = 25%; 1M of the 5M company target = 20%
    assert row["Share of audience pipeline"] == pytest.approx(0.25)
    assert row["Share of company target"] == pytest.approx(0.2)


def test_headline_figures_on_a_hand_made_plan() -> None:
    """Three audiences of £1M, £2M and £3M against £8M: count 3, total £6M, ratio 0.75."""
    plan = _plan(
        _audience("A", "Retail", target=1_000_000),
        _audience("B", "Health", target=2_000_000),
        _audience("C", "Software", target=3_000_000),
        company_target=8_000_000,
    )
    # 1 + 2 + 3 = 6M; 6 / 8 = 0.75
    assert aud.headline(plan) == {
        "audience_count": 3,
        "pipeline_target_total": pytest.approx(6_000_000),
        "pipeline_coverage_ratio": pytest.approx(0.75),
    }
    assert all_headline(plan)["pipeline_coverage_ratio"] == pytest.approx(0.75)


def test_headline_ratio_is_none_without_company_target() -> None:
    """A plan with no company pipeline target reports no coverage ratio."""
    assert aud.headline(_plan(_audience("A", target=5)))["pipeline_coverage_ratio"] is None


def test_example_plan_figures() -> None:
    """Brightwave's six audiences sum to £17.5M of an £18M target: 97.2% covered, one unowned."""
    from mocmo.defaults import load_example

    plan = load_example()
    # 4.0 + 3.0 + 4.5 + 2.5 + 1.5 + 2.0 = 17.5M; 17.5 / 18 = 0.97222…; gap 0.5M = 2.78%
    figures = aud.headline(plan)
    assert figures["audience_count"] == 6
    assert figures["pipeline_target_total"] == pytest.approx(17_500_000)
    assert figures["pipeline_coverage_ratio"] == pytest.approx(17.5 / 18)
    assert aud.pipeline_coverage(plan).gap_ratio == pytest.approx(0.5 / 18)
    assert aud.unowned_audiences(plan) == ("Public Sector",)
