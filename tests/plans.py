"""Small hand-made plans for tests: every figure in them is written here, so a test's hand
calculation can read it off this page.

``minimal_plan()`` is a valid plan with the least of everything (one product, one audience owned
by one GTM Marketer, one legacy role, the four MarOps roles in one seat, five top workflows, two
phases, one hire) and no warnings from any step's checks. Override any top-level field::

    minimal_plan(legacy_roles=(legacy_role("PMM", headcount=3),))
    minimal_plan(audiences=[audience("A", owner=None)])  # plain data works too

``minimal_data()`` is the same plan as plain data (as YAML would give), for tests that write a
file or break the plan on purpose. The builders for parts (``band``, ``activity``, ``legacy_role``,
``audience``, ``seat``, ``phase``, ``hire`` …) return validated model objects with the same
small numbers.

The figures of ``minimal_plan()``:

- assumptions: 37.5 h/week, productive share 0.8, hand-off wait 3 days, rework 0.3 × 3 days;
  on-costs NI 15% above £5,000, pension 3% of £6,240–£50,270 (qualifying), benefits 5%,
  tools £3,000 per head, recruitment fee 20%.
- products: "Product A". gtm_team: "Alex".
- audience "Audience A": owner Alex, pipeline target £1,000,000, one pain answered by Product A.
- legacy role "Content": 2 people, band £40,000–£60,000 at mid (£50,000); activities 50% stays,
  30% shifts, 20% AI with 25% oversight; workflow legacy Writer 2 d → Editor 3 d → Writer 1 d,
  new GTM Marketer 2 d.
- MarOps roles at the published 2026 UK bands (£80–120K, £60–85K, £55–75K, £50–70K); one seat
  "MarOps Lead" holding all four roles, so its band is the Head of MarOps's £80–120K, at mid
  (£100,000); hired to start in month 4 (3-month lead time), reporting to the CMO.
- workflows: the five :data:`TOP_WORKFLOWS`, each owned by the MarOps Lead.
- phases: "Map workflows" months 1–3; "Audience waves" months 4–7 after it (7 months in all).

Two smaller families for the step tests:

- audiences: ``audience_plan(*audiences, team=…)`` sells :data:`PRODUCTS` (Alpha, Beta) with the
  audiences ``segment_audience(name, industry, size, region, owner=…, target=…)`` builds in one
  line (by default one pain answered by Alpha).
- migration: ``migration_plan(**fields)`` starts in January 2027 with zero on-costs (a person's
  loaded cost is their salary; recruitment fee 20% of salary), Head of GTM at £60,000 and GTM
  Marketer at £36,000 flat; ``migration_role``, ``migration_phase`` and ``flat`` build its parts;
  ``costed_plan()`` is the plan the month-by-month tests work out by hand (see its docstring).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from mocmo.plan import (
    Activity,
    AiCosts,
    Assumptions,
    Audience,
    Band,
    GtmStaffing,
    Hire,
    LegacyRole,
    MarOpsRole,
    MarOpsSeat,
    MarOpsStaffing,
    Meta,
    NewRoles,
    OnCosts,
    Pain,
    PayReview,
    Phase,
    Plan,
    Product,
    ReplacedRole,
    Segment,
    Staffing,
    Step,
    TransitionInputs,
    Workflow,
    parse_plan,
    with_value,
)

__all__ = [
    "BY_HAND_STAFFING",
    "MAROPS_BANDS",
    "NASTY",
    "NO_AI_COSTS",
    "NO_ON_COSTS",
    "NO_PAY_REVIEW",
    "PRODUCTS",
    "TOP_WORKFLOWS",
    "activity",
    "audience",
    "audience_plan",
    "band",
    "costed_plan",
    "example_copy",
    "flat",
    "hire",
    "legacy_role",
    "marops_roles",
    "migration_phase",
    "migration_plan",
    "migration_role",
    "minimal_data",
    "minimal_plan",
    "phase",
    "plain",
    "replaced_role",
    "seat",
    "segment_audience",
    "step",
    "tricky_plan",
    "workflow",
]

MAROPS_BANDS: dict[str, tuple[str, float, float]] = {
    "head_of_marops": ("Head of Marketing Operations", 80_000, 120_000),
    "workflow_architect": ("Workflow Architect", 60_000, 85_000),
    "data_steward": ("Data Steward", 55_000, 75_000),
    "prompt_knowledge_designer": ("Prompt & Knowledge Designer", 50_000, 70_000),
}
"""The four MarOps roles and their UK 2026 bands as published (DOMAIN.md §4), typed in by hand
so that tests do not depend on the default data files."""


TOP_WORKFLOWS = (
    "Content production",
    "Campaign launch",
    "Lead routing",
    "Attribution",
    "Pipeline reporting",
)
"""The minimal plan's workflow inventory: five top workflows (the source says own the 5–7 that
matter most), each owned by the MarOps Lead."""


def band(low: float = 40_000, high: float = 60_000) -> Band:
    """A salary band, default £40,000–£60,000 (mid £50,000)."""
    return Band(low=low, high=high)


def activity(
    name: str = "Work",
    share: float = 1.0,
    destination: str = "stays",
    oversight: float = 0.0,
    oversight_owner: str = "gtm_marketer",
) -> Activity:
    """One activity of a legacy role."""
    return Activity.model_validate(
        {
            "name": name,
            "share": share,
            "destination": destination,
            "oversight": oversight,
            "oversight_owner": oversight_owner,
        }
    )


def step(name: str, owner: str, days: float, **fields: Any) -> Step:
    """One workflow step (extra fields: wait_days, rework_probability, rework_days)."""
    return Step.model_validate({"name": name, "owner": owner, "days": days, **fields})


def workflow(
    name: str = "Content piece",
    legacy: Sequence[Step] | None = None,
    new: Sequence[Step] | None = None,
) -> Workflow:
    """A representative workflow; default legacy Writer 2 d → Editor 3 d → Writer 1 d (two
    hand-offs), new GTM Marketer 2 d (none)."""
    if legacy is None:
        legacy = (step("Draft", "Writer", 2), step("Edit", "Editor", 3), step("Fix", "Writer", 1))
    if new is None:
        new = (step("Draft with AI and publish", "GTM Marketer", 2),)
    return Workflow(name=name, legacy=tuple(legacy), new=tuple(new))


def legacy_role(
    name: str = "Content",
    headcount: int = 2,
    salary_band: Band | None = None,
    activities: Sequence[Activity] | None = None,
    *,
    with_workflow: bool = True,
    **fields: Any,
) -> LegacyRole:
    """A legacy team; default 2 people at £40–60K mid, 50% stays / 30% shifts / 20% AI with
    25% oversight, and the default workflow."""
    if activities is None:
        activities = (
            activity("Standards", 0.5, "stays"),
            activity("Audience content", 0.3, "shifts"),
            activity("Drafting", 0.2, "ai", oversight=0.25),
        )
    data: dict[str, Any] = {
        "name": name,
        "headcount": headcount,
        "band": plain(salary_band or band()),
        "activities": plain(list(activities)),
        "custodian_title": f"{name} Custodian",
    }
    if with_workflow:
        data["workflow"] = plain(workflow())
    data.update(plain(fields))
    return LegacyRole.model_validate(data)


def audience(
    name: str = "Audience A",
    owner: str | None = "Alex",
    products: Sequence[str] = ("Product A",),
    pipeline_target: float = 1_000_000,
    **fields: Any,
) -> Audience:
    """An audience with one pain answered by ``products``."""
    data: dict[str, Any] = {
        "name": name,
        "owner": owner,
        "segment": plain(Segment(industry="Software", company_size="Mid-Market", region="UK")),
        "icp": f"Buyers in {name}",
        "pains": [plain(Pain(name=f"{name} pain", products=tuple(products)))],
        "channels": ["LinkedIn"],
        "pipeline_target": pipeline_target,
    }
    data.update(plain(fields))
    return Audience.model_validate(data)


def marops_roles() -> tuple[MarOpsRole, ...]:
    """The four MarOps roles at their published bands (:data:`MAROPS_BANDS`)."""
    return tuple(
        MarOpsRole.model_validate({"key": key, "title": title, "band": {"low": lo, "high": hi}})
        for key, (title, lo, hi) in MAROPS_BANDS.items()
    )


def seat(
    name: str = "MarOps Lead", roles: Sequence[str] = ("head_of_marops",), **fields: Any
) -> MarOpsSeat:
    """A MarOps seat holding ``roles`` (band: the highest of them unless ``band=`` is given)."""
    return MarOpsSeat.model_validate({"name": name, "roles": list(roles), **plain(fields)})


def replaced_role(
    title: str = "Campaign Coordinator", count: int = 1, **fields: Any
) -> ReplacedRole:
    """A role MarOps replaces; default one Campaign Coordinator at £30–40K."""
    data: dict[str, Any] = {"title": title, "count": count, "band": {"low": 30_000, "high": 40_000}}
    data.update(plain(fields))
    return ReplacedRole.model_validate(data)


def phase(name: str, start_month: int, months: int = 1, depends_on: Sequence[str] = ()) -> Phase:
    """A migration phase."""
    return Phase(name=name, start_month=start_month, months=months, depends_on=tuple(depends_on))


def hire(position: str = "MarOps Lead", month: int = 4, **fields: Any) -> Hire:
    """A hire; default the MarOps Lead seat starting in month 4 with a 3-month lead time
    (so recruiting starts in month 1)."""
    return Hire.model_validate({"position": position, "month": month, **plain(fields)})


def plain(value: Any) -> Any:
    """Models (and containers of them) as plain data, the way YAML would give them."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def minimal_data(**overrides: Any) -> dict[str, Any]:
    """The minimal plan as plain data; ``overrides`` replace top-level fields."""
    data: dict[str, Any] = {
        "schema_version": 1,
        "meta": {
            "name": "Test plan",
            "company": "Testco",
            "currency": "GBP",
            "start_month": "2027-01-01",
        },
        "assumptions": {
            "hours_per_week": 37.5,
            "productive_share": 0.8,
            "handoff_wait_days": 3,
            "rework_probability": 0.3,
            "rework_days": 3,
            "fte_step": 0.5,
            "load_weight": "pipeline",
            "company_pipeline_target": 1_000_000,
            "on_costs": {
                "employer_ni_rate": 0.15,
                "ni_threshold": 5_000,
                "pension_basis": "qualifying",
                "pension_rate": 0.03,
                "pension_lower": 6_240,
                "pension_upper": 50_270,
                "benefits_rate": 0.05,
                "tools_per_head": 3_000,
                "recruitment_fee_rate": 0.2,
            },
        },
        "products": [plain(Product(name="Product A", description="The one product"))],
        "gtm_team": ["Alex"],
        "audiences": [plain(audience())],
        "legacy_roles": [plain(legacy_role())],
        "marops_roles": plain(list(marops_roles())),
        "marops_seats": [plain(seat(roles=tuple(MAROPS_BANDS), hire_month=4))],
        # the MarOps seat replaces one of Content's two people (reconciled with the team)
        "replaced_roles": [plain(replaced_role("Campaign Coordinator", team="Content"))],
        "reporting_lines": [
            {"role": "Head of Marketing Operations", "reports_to": "CMO", "kind": "solid"}
        ],
        "workflows": [
            {"name": name, "platforms": ["CMS"], "owners": ["MarOps Lead"], "top": True}
            for name in TOP_WORKFLOWS
        ],
        "phases": plain(
            [
                phase("Map workflows", 1, 3),
                phase("Audience waves", 4, 4, depends_on=("Map workflows",)),
            ]
        ),
        "hires": [plain(hire(month=4, phase="Audience waves"))],
        "horizon_months": 12,
    }
    data.update(plain(overrides))
    teams = {r["name"] for r in data["legacy_roles"]}
    for role in data["replaced_roles"]:  # the default coordinator is one of Content's people
        if role.get("team") == "Content" and "Content" not in teams:
            role["team"] = None
    return data


def minimal_plan(**overrides: Any) -> Plan:
    """A small valid plan with no warnings; ``overrides`` replace top-level fields (models,
    tuples of models or plain data)."""
    return parse_plan(minimal_data(**overrides))


# Formula-looking user text: each starts with = + - or @, as a spreadsheet would read a formula.
NASTY_NAME = '=HYPERLINK("http://x","y")'
NASTY_ICP = "+44 20 7946 0000 is the buyer's switchboard"
NASTY_PAIN = "@risk: renewals nobody owns"
NASTY_OWNER = "-Dash"
NASTY_CHANNEL = "=2+3"
NASTY_SEAT = "+MarOps Lead"
NASTY_PLAN = '=Plan "x"'
NASTY = (NASTY_NAME, NASTY_ICP, NASTY_PAIN, NASTY_OWNER, NASTY_CHANNEL, NASTY_SEAT, NASTY_PLAN)


def tricky_plan() -> Plan:
    """The minimal plan with formula-looking user text everywhere (:data:`NASTY`: the plan's
    name, an audience, its ICP, pain, channel and owner, the MarOps seat) and no company
    pipeline target (so pipeline coverage is null)."""
    data = minimal_data(
        gtm_team=[NASTY_OWNER],
        audiences=[
            plain(
                audience(
                    NASTY_NAME,
                    owner=NASTY_OWNER,
                    icp=NASTY_ICP,
                    pains=[{"name": NASTY_PAIN, "products": ["Product A"]}],
                    channels=[NASTY_CHANNEL],
                )
            )
        ],
        marops_seats=[plain(seat(NASTY_SEAT, roles=tuple(MAROPS_BANDS), hire_month=4))],
        hires=[{"position": NASTY_SEAT, "month": 4, "phase": "Audience waves"}],
        workflows=[
            {"name": f"Workflow {i}", "owners": [NASTY_SEAT], "top": True} for i in range(5)
        ],
    )
    data["meta"]["name"] = NASTY_PLAN
    data["assumptions"]["company_pipeline_target"] = 0
    return minimal_plan(**data)


def example_copy(folder: Path) -> Path:
    """A working copy of the bundled example plan (Brightwave), ``folder / "plan.yaml"``, for
    tests that edit, save or reload a plan file."""
    from mocmo.defaults import example_path

    path = folder / "plan.yaml"
    shutil.copyfile(example_path(), path)
    return path


# --------------------------------------------------------------------------- audience plans

PRODUCTS = ("Alpha", "Beta")
"""The products of :func:`audience_plan`."""


def segment_audience(
    name: str,
    industry: str = "Any",
    size: str = "Any",
    region: str = "Any",
    *,
    owner: str | None = None,
    target: float = 0.0,
    pains: tuple[tuple[str, tuple[str, ...]], ...] = (("A pain", ("Alpha",)),),
) -> Audience:
    """An audience in one line, by its segment; by default one pain answered by Alpha."""
    return Audience(
        name=name,
        segment=Segment(industry=industry, company_size=size, region=region),
        pains=tuple(Pain(name=p, products=prods) for p, prods in pains),
        pipeline_target=target,
        owner=owner,
    )


def audience_plan(
    *audiences: Audience, team: tuple[str, ...] = (), company_target: float = 0.0, **extra: Any
) -> Plan:
    """A plan selling Alpha and Beta with these audiences, GTM team and company target."""
    return Plan(
        meta=Meta(name="Test plan"),
        assumptions=uk_assumptions(company_pipeline_target=company_target),
        products=tuple(Product(name=n) for n in PRODUCTS),
        gtm_team=team,
        audiences=audiences,
        **extra,
    )


# --------------------------------------------------------------------------- migration plans


def uk_oncosts(**changes: Any) -> OnCosts:
    """UK 2026/27 employer on-costs, written out here (not the shipped defaults, which an analyst
    may change): NI 15% above £5,000, pension 3% of qualifying earnings £6,240–£50,270, benefits
    5%, tools £3,000 a head, recruitment fee 20%; ``changes`` replace any of them."""
    uk: dict[str, Any] = {
        "employer_ni_rate": 0.15,
        "ni_threshold": 5000.0,
        "pension_basis": "qualifying",
        "pension_rate": 0.03,
        "pension_lower": 6240.0,
        "pension_upper": 50270.0,
        "benefits_rate": 0.05,
        "tools_per_head": 3000.0,
        "recruitment_fee_rate": 0.20,
    }
    return OnCosts(**{**uk, **changes})


def uk_assumptions(**changes: Any) -> Assumptions:
    """The assumptions the hand calculations use, written out: 37.5 h a week, 80% productive,
    3 days' wait at a hand-off, rework 0.3 × 3 days, FTE step 0.5, load by pipeline, no company
    target, :func:`uk_oncosts`; ``changes`` replace any of them."""
    values: dict[str, Any] = {
        "hours_per_week": 37.5,
        "productive_share": 0.8,
        "handoff_wait_days": 3.0,
        "rework_probability": 0.3,
        "rework_days": 3.0,
        "fte_step": 0.5,
        "load_weight": "pipeline",
        "company_pipeline_target": 0.0,
        "on_costs": uk_oncosts(),
        "ai_costs": NO_AI_COSTS,
        "pay_review": NO_PAY_REVIEW,
    }
    return Assumptions(**{**values, **changes})


NO_AI_COSTS = AiCosts(
    licence_per_user_month=0.0,
    licensed_share=1.0,
    legacy_licensed_users=0.0,
    usage_per_absorbed_hour=0.0,
    weeks_per_year=52.0,
)
"""AI priced at zero, written out (not the shipped prices, which an analyst may change): the
payroll hand calculations stay payroll only; a test of the AI cost sets its own prices."""

NO_PAY_REVIEW = PayReview(rate=0.0, first_month=None)
"""No pay review within the plan, written out."""


NO_ON_COSTS = uk_oncosts(
    employer_ni_rate=0.0,
    pension_rate=0.0,
    benefits_rate=0.0,
    tools_per_head=0.0,
    recruitment_fee_rate=0.2,
)
"""On-costs of zero, so a person's loaded cost is their salary: arithmetic by hand is easy."""


def flat(salary: float) -> Band:
    """A band whose low and high are both ``salary`` (every point is that salary)."""
    return Band(low=salary, high=salary)


def migration_role(
    name: str = "Content",
    headcount: int = 4,
    salary: float = 48_000,
    transition: int | None = 3,
    stays: float = 0.25,
    shifts: float = 0.25,
    new_home: str = "custodian",
) -> LegacyRole:
    """A legacy role: ``stays`` of its hours stay, ``shifts`` go to GTM Marketers, the rest to
    AI with no oversight."""
    activities = [Activity(name="Standards", share=stays, destination="stays")]
    if shifts:
        activities.append(Activity(name="Audience work", share=shifts, destination="shifts"))
    rest = 1.0 - stays - shifts
    if rest > 0:
        activities.append(Activity(name="Production", share=rest, destination="ai"))
    return LegacyRole(
        name=name,
        headcount=headcount,
        band=flat(salary),
        activities=tuple(activities),
        new_home=new_home,  # type: ignore[arg-type]
        transition_month=transition,
    )


BY_HAND_STAFFING = Staffing(
    gtm=GtmStaffing(step=0.5, fixed_fte=None),
    marops=MarOpsStaffing(step=0.5, fixed_fte=None),
    marops_own_hours_per_week=0.0,
    gtm_support_title="GTM Associate",
    marops_support_title="MarOps Specialist",
)
"""Staffing written out for the month-by-month plans: steps of 0.5 FTE, nothing fixed, and no
MarOps work of its own (so a plan without MarOps seats has no MarOps FTE)."""


def migration_plan(**fields: Any) -> Plan:
    """A plan starting January 2027 with zero on-costs unless ``assumptions`` is given; a
    person's whole 37.5 h week is planned work (productive share 1.0) and MarOps has no work
    of its own (:data:`BY_HAND_STAFFING`), so a GTM Marketer's 37.5 h of audience work is
    exactly one FTE."""
    base: dict[str, Any] = {
        "meta": Meta(name="Test plan", start_month=dt.date(2027, 1, 1)),
        "assumptions": Assumptions(
            productive_share=1.0,
            on_costs=NO_ON_COSTS,
            ai_costs=NO_AI_COSTS,
            pay_review=NO_PAY_REVIEW,
            staffing=BY_HAND_STAFFING,
        ),
        "new_roles": NewRoles(head_of_gtm=flat(60_000), gtm_marketer=flat(36_000)),
    }
    base.update(fields)
    return Plan(**base)


def migration_phase(name: str, start: int, months: int, *deps: str) -> Phase:
    """A phase of ``months`` from month ``start``, after the phases ``deps``."""
    return Phase(name=name, start_month=start, months=months, depends_on=deps)


def costed_plan(horizon: int = 8, **fields: Any) -> Plan:
    """The hand-calculation plan (zero on-costs, so loaded cost = salary; fee 20% of salary):

    - legacy role Content: 4 people at £48,000 = £4,000 a month each → baseline £16,000/month;
      25% of its hours stay → 4 × 37.5 h × 0.25 = 37.5 h = 1.0 custodian FTE (£4,000/month)
      from its transition in month 3;
    - audience A launches in month 2: one GTM Marketer at £36,000 = £3,000/month (its load,
      25% of the hours shifted = 37.5 h, is one person's week at productive share 1.0);
    - Head of GTM hired for month 2 at £60,000 = £5,000/month, fee 20% × £60,000 = £12,000.
    """
    base: dict[str, Any] = {
        "legacy_roles": (migration_role("Content", headcount=4, salary=48_000, transition=3),),
        "audiences": (Audience(name="A", launch_month=2),),
        "hires": (Hire(position="Head of GTM", month=2, lead_time_months=1),),
        "horizon_months": horizon,
    }
    base.update(fields)
    return migration_plan(**base)


def hiring_plan() -> Plan:
    """costed_plan (zero on-costs: loaded cost = salary; fee 20% of salary; no transition
    one-offs but the fees): Content, 2 people at £48,000 (£4,000 a month), half their hours
    stay (2 × 37.5 h × 0.5 = 37.5 h = 1.0 custodian FTE from month 3); audiences A (launch 2)
    and B (launch 5), a GTM Marketer each at £36,000 (£3,000 a month); the Head of GTM hired
    for month 2 at £60,000 (£5,000 a month).

    Derived: Content's custodian (1, month 3), Content's other person to GTM Marketer A
    (month 2); nobody is left for B, so the default hires B's marketer in month 5 (lead time
    3), fee 20% × £36,000 = £7,200. Nobody leaves (2 − 1 − 1 = 0)."""
    role = migration_role("Content", headcount=2, salary=48_000, transition=3, stays=0.5)
    plan = costed_plan(
        horizon=8,
        legacy_roles=(role,),
        audiences=(Audience(name="A", launch_month=2), Audience(name="B", launch_month=5)),
    )
    bare = TransitionInputs(
        retraining_per_mover=0, ramp_months_hire=0, ramp_months_mover=0,
        notice_paid_in_lieu=False, settlement_per_leaver=0,
    )  # fmt: skip
    return with_value(plan, "assumptions.transition", bare)
