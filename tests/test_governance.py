"""Agent governance: the register's checks, decision rights, pods, the content engine, span of
control, operating metrics and the budget shift — each expected figure worked out by hand."""

from __future__ import annotations

from typing import Any

import pytest
from plans import legacy_role, minimal_plan

from mocmo import governance as gov
from mocmo import summary
from mocmo.defaults import load_example
from mocmo.plan import AGENT_JOBS, OperatingMetric, Plan, PlanError, with_changes


def agent(name: str = "Drafter", **fields: Any) -> dict[str, Any]:
    """A well-governed agent as plain data: it drafts content for the SEO-growth outcome, owned
    by Alex, built by Sam, run by Kai, audited by Lee; override any field."""
    data: dict[str, Any] = {
        "name": name,
        "job": "content",
        "outcome": "SEO growth",
        "data": ["Knowledge base"],
        "output": "Article drafts in the CMS",
        "mode": "drafts",
        "touches": ["brand_messaging"],
        "reviewer": "Editor",
        "approver": "Alex",
        "owner": "Alex",
        "builder": "Sam",
        "operator": "Kai",
        "auditor": "Lee",
    }
    data.update(fields)
    return data


def _plan(*agents: dict[str, Any], **fields: Any) -> Plan:
    return minimal_plan(agents=list(agents), **fields)


def _paths(plan: Plan) -> list[str]:
    return [p.path for p in gov.checks(plan)]


# --------------------------------------------------------------------------- the register


def test_a_well_governed_agent_passes_every_check() -> None:
    """An agent with an outcome, an owner, an approver and three different people in its
    separated roles raises nothing."""
    plan = _plan(agent())
    assert gov.checks(plan) == []
    assert gov.headline(plan) == {
        "agents_count": 1,
        "agents_without_owner": 0,
        "agents_acting_without_approver": 0,
    }


def test_an_unowned_agent_is_flagged() -> None:
    """An agent with no owner — or an owner such as 'TBD' — is counted and flagged at its
    owner field."""
    plan = _plan(agent("A", owner=None), agent("B", owner="TBD"), agent("C"))
    assert gov.agents_without_owner(plan) == ("A", "B")
    assert gov.headline(plan)["agents_without_owner"] == 2
    owner_problems = [p for p in gov.checks(plan) if p.path.endswith(".owner")]
    assert [p.path for p in owner_problems] == ["agents[0].owner", "agents[1].owner"]
    assert all(p.severity == "warning" for p in owner_problems)
    assert "no accountable owner" in owner_problems[0].message


def test_an_agent_without_an_outcome_is_flagged() -> None:
    """An agent that names no business outcome gets the 'don't build it' warning."""
    plan = _plan(agent(outcome="  "))
    assert gov.agents_without_outcome(plan) == ("Drafter",)
    (problem,) = gov.checks(plan)
    assert problem.path == "agents[0].outcome"
    assert "don't build it" in problem.message


def test_an_agent_publishing_without_an_approver_is_flagged() -> None:
    """An agent that acts on public content with nobody named to approve is counted and
    flagged, naming what it touches."""
    plan = _plan(agent("Publisher", mode="acts", touches=["public_content"], approver=None))
    assert gov.agents_acting_without_approver(plan) == ("Publisher",)
    assert gov.headline(plan)["agents_acting_without_approver"] == 1
    (problem,) = gov.checks(plan)
    assert problem.path == "agents[0].approver"
    assert "acts on public content with no named human approver" in problem.message


@pytest.mark.parametrize("approver", ["AI", "  auto ", "n/a", "Bidder", "bidder"])
def test_an_approver_that_is_not_a_person_does_not_count(approver: str) -> None:
    """'AI', 'auto', 'n/a' or the name of an agent is not a human approver."""
    plan = _plan(
        agent("Spender", mode="acts", touches=["budget", "pricing"], approver=approver),
        agent("Bidder", mode="recommends"),
    )
    assert gov.agents_acting_without_approver(plan) == ("Spender",)
    problem = next(p for p in gov.checks(plan) if p.path == "agents[0].approver")
    assert "acts on budget and pricing" in problem.message
    assert "is not a person" in problem.message


@pytest.mark.parametrize(
    ("mode", "touches", "approver", "flagged"),
    [
        ("acts", ["customer_data"], "Maya", False),  # named human approver
        ("recommends", ["budget"], None, False),  # a person decides anyway
        ("drafts", ["public_content"], None, False),  # a person publishes
        ("acts", [], None, False),  # touches nothing sensitive
        ("acts", ["legal_claims"], None, True),
        ("acts", ["brand_messaging"], None, False),  # a softer warning, not counted
    ],
)
def test_only_acting_on_sensitive_areas_needs_an_approver(
    mode: str, touches: list[str], approver: str | None, flagged: bool
) -> None:
    """Only an agent that acts on public content, budget, pricing, legal claims or customer
    data without a named person counts as acting without an approver."""
    plan = _plan(agent(mode=mode, touches=touches, approver=approver))
    assert gov.acts_without_approver(plan.agents[0], plan) is flagged
    assert gov.headline(plan)["agents_acting_without_approver"] == int(flagged)


def test_acting_on_brand_messaging_without_approver_is_a_softer_warning() -> None:
    """Brand messaging acted on with no approver is flagged, pointing at a Craft Custodian."""
    plan = _plan(agent(mode="acts", touches=["brand_messaging"], approver=None))
    (problem,) = gov.checks(plan)
    assert problem.path == "agents[0].approver" and "Craft Custodian" in problem.message


def test_a_builder_who_audits_their_own_agent_is_flagged() -> None:
    """The same person (case and spaces aside) building and auditing an agent is flagged at
    the auditor field."""
    plan = _plan(agent(builder="Sam Patel", auditor=" sam  patel "))
    (clash,) = gov.role_clashes(plan)
    assert (clash.agent, clash.first, clash.second) == ("Drafter", "builder", "auditor")
    (problem,) = gov.checks(plan)
    assert problem.path == "agents[0].auditor"
    assert "Sam Patel is both builder and auditor of Drafter" in problem.message


def test_builder_operator_and_auditor_all_one_person_gives_three_clashes() -> None:
    """One person in all three separated roles clashes three times (every pair)."""
    plan = _plan(agent(builder="Sam", operator="Sam", auditor="Sam"))
    pairs = [(c.first, c.second) for c in gov.role_clashes(plan)]
    assert pairs == [("builder", "auditor"), ("operator", "auditor"), ("builder", "operator")]


def test_empty_roles_do_not_clash() -> None:
    """Two empty roles are not 'the same person'."""
    plan = _plan(agent(builder=None, auditor=None, operator=None))
    assert gov.role_clashes(plan) == ()
    assert not gov.same_person(None, None)


def test_acting_agents_too_early_for_the_teams_maturity() -> None:
    """At maturity stage 2 an acting agent is flagged at its mode; at stage 3 it is not."""
    acting = agent(mode="acts", touches=["customer_data"], approver="Maya")
    early = _plan(acting, diagnostics={"maturity_stage": 2})
    assert _paths(early) == ["agents[0].mode"]
    later = _plan(acting, diagnostics={"maturity_stage": 3})
    assert gov.checks(later) == []


def test_agent_table_lists_people_and_flags() -> None:
    """The register table has one row per agent, its people and its flags."""
    plan = _plan(
        agent("A", owner=None), agent("B", mode="acts", touches=["pricing"], approver=None)
    )
    table = gov.agent_table(plan)
    assert list(table["agent"]) == ["A", "B"]
    assert list(table["no_owner"]) == [True, False]
    assert list(table["acts_without_approver"]) == [False, True]
    assert table.loc[0, "job"] == "Content" and table.loc[1, "touches"] == "pricing"


def test_agent_names_must_be_unique_and_touches_listed_once() -> None:
    """Two agents of one name, or an area listed twice, are refused with their paths."""
    with pytest.raises(PlanError) as err:
        _plan(agent("A"), agent("A"))
    assert [p.path for p in err.value.problems] == ["agents[1].name"]
    with pytest.raises(PlanError) as err:
        _plan(agent(touches=["budget", "budget"]))
    assert [p.path for p in err.value.problems] == ["agents[0].touches"]


def test_an_unknown_job_lists_the_allowed_ones() -> None:
    """A job outside the list is refused and the message lists every allowed job."""
    with pytest.raises(PlanError) as err:
        _plan(agent(job="seo"))
    (problem,) = err.value.problems
    assert problem.path == "agents[0].job"
    assert all(repr(job) in problem.message for job in AGENT_JOBS)


# --------------------------------------------------------------------------- decision rights


def test_decision_rights_matrix_marks_one_cell_per_decision() -> None:
    """Three decisions give nine cells, one chosen per decision; pricing left to AI alone is
    flagged."""
    plan = minimal_plan(
        decision_rights=[
            {"decision": "Publish a blog post", "decided_by": "hybrid", "area": "public_content"},
            {"decision": "Change list prices", "decided_by": "ai", "area": "pricing"},
            {"decision": "Pick A/B test winner", "decided_by": "ai"},
        ]
    )
    matrix = gov.decision_rights_matrix(plan)
    assert len(matrix) == 9  # 3 decisions × human/AI/hybrid
    assert matrix.groupby("decision")["chosen"].sum().to_dict() == {
        "Publish a blog post": 1,
        "Change list prices": 1,
        "Pick A/B test winner": 1,
    }
    chosen = matrix[matrix["chosen"] == 1]
    assert list(chosen["who"]) == ["Hybrid", "AI", "AI"]
    assert _paths(plan) == ["decision_rights[1].decided_by"]
    assert list(gov.decision_rights_table(plan)["area"]) == ["public content", "pricing", ""]


# --------------------------------------------------------------------------- pods and engine


def test_pod_roles_left_empty_are_flagged() -> None:
    """A pod missing its AI operator and automation engineer gets two warnings."""
    plan = minimal_plan(
        pods=[
            {
                "outcome": "Pipeline generation",
                "workflow_owner": "Alex",
                "domain_expert": "PMM Custodian",
            }
        ]
    )
    assert gov.pod_gaps(plan) == ((0, "ai_operator"), (0, "automation_engineer"))
    assert _paths(plan) == ["pods[0].ai_operator", "pods[0].automation_engineer"]
    assert gov.pods_table(plan).loc[0, "ai_operator"] == ""


def test_content_engine_missing_layers_and_unnamed_owners() -> None:
    """An engine describing three of six layers is flagged for the other three, and an owned
    layer with nobody named is flagged; an automated layer needs no name."""
    plan = minimal_plan(
        content_engine=[
            {"layer": "input", "mode": "automated"},
            {"layer": "production", "mode": "owned"},
            {"layer": "qa", "mode": "audited", "who": "Brand Custodian"},
        ]
    )
    problems = gov.checks(plan)
    assert [p.path for p in problems] == ["content_engine", "content_engine[1].who"]
    assert "Planning, Distribution and Feedback" in problems[0].message
    table = gov.content_engine_table(plan)
    assert list(table["layer"]) == ["Input", "Planning", "Production", "QA", "Distribution",
                                    "Feedback"]  # fmt: skip
    assert list(table["mode"]) == ["automated", "", "owned", "audited", "", ""]


def test_no_content_engine_is_not_flagged() -> None:
    """A plan that has not described its engine yet raises nothing about it."""
    assert gov.checks(minimal_plan()) == []


# --------------------------------------------------------------------------- span of control


@pytest.mark.parametrize(
    ("headcount", "span", "layers", "managers"),
    [
        (30, 5, 3, 9),  # 30 → 6 → 2 → 1: three layers, 6 + 2 + 1 managers
        (30, 8, 2, 5),  # 30 → 4 → 1: 4 + 1
        (30, 20, 2, 3),  # 30 → 2 → 1: 2 + 1
        (20, 20, 1, 1),  # 20 → 1
        (1, 5, 0, 0),  # nobody to manage
        (126, 5, 4, 35),  # 126 → 26 → 6 → 2 → 1: 26 + 6 + 2 + 1
    ],
)
def test_management_layers_by_hand(headcount: int, span: int, layers: int, managers: int) -> None:
    """Dividing the headcount by the span, rounding up, until one is left gives the layers;
    the sum of the quotients gives the managers."""
    assert gov.management_layers(headcount, span) == layers
    assert gov.managers_needed(headcount, span) == managers


def test_span_table_for_a_thirty_person_team() -> None:
    """For 30 people: legacy spans 5 and 8 need 3 and 2 layers; operator spans 5 and 20 need
    3 and 2."""
    plan = minimal_plan(legacy_roles=[legacy_role(headcount=30)])
    table = gov.span_table(plan)
    assert list(table["span"]) == [5, 8, 5, 20]
    assert list(table["headcount"]) == [30, 30, 30, 30]
    assert list(table["layers"]) == [3, 2, 3, 2]
    assert list(table["managers"]) == [9, 5, 9, 3]


def test_a_span_below_two_is_refused() -> None:
    """A span of one would never reach the top: it is an error, not a loop."""
    with pytest.raises(ValueError, match="span"):
        gov.management_layers(10, 1)


# --------------------------------------------------------------------------- operating metrics


@pytest.mark.parametrize(
    ("metric", "baseline", "target", "improvement"),
    [
        ("time_to_asset_days", 10, 4, 0.6),  # lower is better: (10 − 4) / 10
        ("prompt_success_rate", 0.6, 0.9, 0.5),  # higher is better: (0.9 − 0.6) / 0.6
        ("human_intervention_rate", 0.5, 0.2, 0.6),  # (0.5 − 0.2) / 0.5
        ("system_utilisation", 0.4, 0.3, -0.25),  # worse: (0.3 − 0.4) / 0.4
        ("cost_per_asset_ratio", 0, 0.1, None),  # no baseline, no percentage
    ],
)
def test_metric_improvement_by_hand(
    metric: str, baseline: float, target: float, improvement: float | None
) -> None:
    """Improvement is the fall (or rise, where higher is better) as a share of the baseline."""
    m = OperatingMetric.model_validate(
        {"workflow": "Content production", "metric": metric, "baseline": baseline,
         "target": target}
    )  # fmt: skip
    assert gov.metric_improvement(m) == pytest.approx(improvement)


def test_a_target_worse_than_baseline_is_flagged() -> None:
    """Planning to make a metric worse is flagged at its target."""
    plan = minimal_plan(
        operating_metrics=[
            {"workflow": "Content", "metric": "time_to_asset_days", "baseline": 10, "target": 4},
            {"workflow": "Content", "metric": "system_utilisation", "baseline": 0.4,
             "target": 0.3},
        ]
    )  # fmt: skip
    assert _paths(plan) == ["operating_metrics[1].target"]
    table = gov.metrics_table(plan)
    assert list(table["improvement"]) == pytest.approx([0.6, -0.25])
    assert list(table["unit"]) == ["days", "share"]


def test_rates_must_be_fractions_and_metrics_unique_per_workflow() -> None:
    """A rate written as 85 is refused with the 0.85 hint; one metric twice for a workflow is
    refused."""
    with pytest.raises(PlanError) as err:
        minimal_plan(
            operating_metrics=[
                {"workflow": "W", "metric": "prompt_success_rate", "baseline": 85, "target": 0.9}
            ]
        )
    (problem,) = err.value.problems
    assert problem.path == "operating_metrics[0].baseline" and "0.85" in problem.message
    twice = {"workflow": "W", "metric": "time_to_asset_days", "baseline": 5, "target": 2}
    with pytest.raises(PlanError) as err:
        minimal_plan(operating_metrics=[twice, twice])
    assert [p.path for p in err.value.problems] == ["operating_metrics[1].metric"]


# --------------------------------------------------------------------------- budget shift

BUDGET = [
    {"line": "agencies_freelancers", "before": 400_000, "after": 150_000},
    {"line": "ai_tools_infrastructure", "before": 50_000, "after": 150_000},
    {"line": "data_pipelines_knowledge", "before": 20_000, "after": 100_000},
    {"line": "internal_platform", "before": 0, "after": 80_000},
    {"line": "other", "before": 30_000, "after": 30_000},
]


def test_budget_shift_totals_and_variable_share_by_hand() -> None:
    """Before £500K (86% variable), after £510K (35.3% variable): 50.7 points move to fixed."""
    plan = minimal_plan(budget_shift=BUDGET)
    b = gov.budget_summary(plan)
    assert b.before_total == pytest.approx(500_000)  # 400 + 50 + 20 + 0 + 30 (K)
    assert b.after_total == pytest.approx(510_000)  # 150 + 150 + 100 + 80 + 30
    assert b.change == pytest.approx(10_000)
    assert b.variable_share_before == pytest.approx(0.86)  # (400 + 30) / 500
    assert b.variable_share_after == pytest.approx(180 / 510)  # (150 + 30) / 510 = 0.3529
    assert b.shift_to_fixed == pytest.approx(0.86 - 180 / 510)  # 0.5071
    table = gov.budget_table(plan)
    assert list(table["nature"]) == ["variable", "fixed", "fixed", "fixed", "variable"]
    assert list(table["change"]) == [-250_000, 100_000, 80_000, 80_000, 0]


def test_a_budget_lines_nature_can_be_set() -> None:
    """Marking 'other' as fixed moves its £30K out of the variable share: 400 / 500 = 80%."""
    lines = [*BUDGET[:4], {**BUDGET[4], "nature": "fixed"}]
    plan = minimal_plan(budget_shift=lines)
    assert gov.variable_share(plan, "before") == pytest.approx(0.8)


def test_an_empty_budget_has_no_shares() -> None:
    """With no budget lines the totals are 0 and the shares are None."""
    b = gov.budget_summary(minimal_plan())
    assert (b.before_total, b.after_total) == (0, 0)
    assert b.variable_share_before is None and b.shift_to_fixed is None


def test_a_budget_line_may_appear_once() -> None:
    """Two rows for one budget line are refused."""
    with pytest.raises(PlanError) as err:
        minimal_plan(budget_shift=[BUDGET[0], BUDGET[0]])
    assert [p.path for p in err.value.problems] == ["budget_shift[1].line"]


# --------------------------------------------------------------------------- summary


def test_summary_carries_the_governance_headline_and_checks() -> None:
    """`mocmo summary` shows the three agent counts and the register's warnings."""
    plan = _plan(agent("A", owner=None), agent("B", mode="acts", touches=["budget"],
                                                approver=None))  # fmt: skip
    figures = summary.headline(plan)
    assert figures["agents_count"] == 2
    assert figures["agents_without_owner"] == 1
    assert figures["agents_acting_without_approver"] == 1
    paths = [p.path for p in summary.checks(plan)]
    assert "agents[0].owner" in paths and "agents[1].approver" in paths


def test_existing_plans_edit_into_the_register() -> None:
    """A plan with no agents takes a register through with_changes and keeps it."""
    plan = with_changes(minimal_plan(), {"agents": [agent()]})
    assert [a.name for a in plan.agents] == ["Drafter"]


def test_the_example_register_has_one_agent_per_job_and_a_flag_worth_fixing() -> None:
    """Brightwave lists six agents, one per named job, and at least one governance warning."""
    plan = load_example()
    assert sorted(a.job for a in plan.agents) == sorted(j for j in AGENT_JOBS if j != "other")
    figures = gov.headline(plan)
    assert figures["agents_count"] == 6
    assert gov.checks(plan), "the example should show a governance flag worth fixing"


def test_known_people_name_the_custodians_as_the_new_org_titles_them() -> None:
    """The custodians among the known people carry the new org's titles: a blank custodian
    title is "<role> Custodian", a padded one is trimmed — never the raw field."""
    plan = minimal_plan(
        legacy_roles=(
            legacy_role("Content", custodian_title=""),
            legacy_role("Brand", custodian_title="  Brand Lead  "),
        )
    )
    people = gov.known_people(plan)
    assert "Content Custodian" in people
    assert "Brand Lead" in people
    assert "  Brand Lead  " not in people
