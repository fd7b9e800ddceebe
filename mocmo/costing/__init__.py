"""Step 3 — MarOps costing: what the four-role MarOps team and the new org cost, with ranges.

The leader must defend the budget. A four-role MarOps team (Head of Marketing Operations,
Workflow Architect, Data Steward, Prompt & Knowledge Designer) costs more per head than the
2022 MarOps team, but replaces a layer or two of coordinator and specialist roles, so the net
should be roughly flat. This module says whether that holds for *this* plan:

- **one person's cost** — salary at a point in its band, employer NI, employer pension,
  benefits, tools; their sum is the fully loaded annual cost (:func:`loaded_cost`); a one-off
  recruitment fee when hired (:func:`recruitment_fee`);
- **the MarOps team** — base and loaded cost at low / mid / high and at each seat's own point;
  combined seats cost one salary; the four roles are covered or the gap is flagged;
- **the MarOps change** — the replaced roles' cost, the net change, and whether it is "roughly
  flat" (within :data:`FLAT_THRESHOLD` of the replaced cost);
- **the whole org** — legacy vs new, by group (GTM, Custodians, MarOps, Other);
- **ranges** — a seeded, vectorised Monte Carlo over every band (:func:`simulate`) and a
  sensitivity table (:func:`sensitivity`);
- **reporting lines and the ownership test** — MarOps reports to the CMO, the Prompt &
  Knowledge Designer sits inside MarOps, the Data Steward has a dotted line to a CDO; every
  workflow has one accountable owner, named.

Every function is pure (``Plan`` in, typed result out). Money is per year in the plan's
currency unless a docstring says *one-off*; rates and shares are fractions (0.15 = 15%).
Each formula is deliberately simple so that the finance workbook can mirror it cell by cell.
The per-person functions accept a number or a numpy array of salaries and return the same.

The parts, one seam each (every public name is re-exported here): :mod:`~mocmo.costing.people`
(constants, one person's cost), :mod:`~mocmo.costing.org` (the MarOps team, the replaced roles,
the whole org, the cost lines), :mod:`~mocmo.costing.montecarlo` (the ranges),
:mod:`~mocmo.costing.reporting` (reporting lines and the ownership test),
:mod:`~mocmo.costing.seats` (combining and splitting seats); this module keeps the step's
checks, headline figures and :func:`to_penny`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from mocmo._moved import forwarding
from mocmo.costing.montecarlo import (
    SensitivityRange,
    Simulation,
    sensitivity,
    sensitivity_ranges,
    simulate,
)
from mocmo.costing.org import (
    CostLine,
    OrgCostTotals,
    cost_lines,
    coverage_problems,
    custodian_fte,
    gtm_headcount,
    is_roughly_flat,
    legacy_org_base_salary,
    legacy_org_headcount,
    legacy_org_loaded_cost,
    legacy_org_table,
    marops_base_salary,
    marops_coverage,
    marops_headcount,
    marops_loaded_cost,
    marops_loaded_cost_range,
    marops_net_change,
    marops_net_change_share,
    marops_seat_table,
    missing_marops_roles,
    net_change_waterfall,
    net_roughly_flat,
    new_org_base_salary,
    new_org_headcount,
    new_org_loaded_cost,
    new_org_table,
    org_cost_by_group,
    org_cost_totals,
    org_net_change,
    position_country,
    replaced_role_table,
    replaced_roles_base_salary,
    replaced_roles_headcount,
    replaced_roles_loaded_cost,
    seat_basis,
    seat_country,
    seat_salary,
    waterfall_net_change,
)
from mocmo.costing.people import (
    CDO_NAMES,
    CMO_NAMES,
    COST_QUANTITIES,
    DISTRIBUTIONS,
    FLAT_THRESHOLD,
    GROUP_CUSTODIANS,
    GROUP_FUNCTIONAL,
    GROUP_GTM,
    GROUP_MAROPS,
    GROUP_OTHER,
    LEGACY_GROUPS,
    MC_CHUNK_CELLS,
    MC_DRAWS,
    MC_PROGRESS_STEPS,
    MC_SEED,
    NEW_GROUPS,
    OWNERSHIP_QUESTION,
    PERCENTILES,
    Distribution,
    PointSpec,
    benefits,
    employer_ni,
    employer_pension,
    legacy_role_fte,
    legacy_role_loaded_cost,
    legacy_role_payroll,
    legacy_role_salary,
    legacy_role_variable_pay,
    loaded_cost,
    loaded_cost_at,
    ni_earnings,
    people_loaded_cost,
    person_cost_table,
    person_country,
    qualifying_earnings,
    recruitment_fee,
    recruitment_fee_at,
    role_country,
    salary_at,
    tools,
)
from mocmo.costing.profiles import (
    CostBasis,
    OnCostBasis,
    Profile,
    Rule,
    cost_basis,
    employer_contributions,
    fx_rate,
    load_profile,
    plan_rules,
    profile_of,
    profile_problems,
    rule_amount,
)
from mocmo.costing.reporting import (
    ownership_problems,
    ownership_table,
    reporting_line_problems,
    reporting_line_table,
)
from mocmo.costing.seats import combine_roles_changes, default_seat_name, split_seat_changes
from mocmo.costing.whole import (
    AI_TOOLS_LINE,
    BRIDGE_COLUMNS,
    MONTHS_PER_YEAR,
    ai_absorbed_hours_per_week,
    ai_cost_table,
    ai_licence_cost_annual,
    ai_licensed_users,
    ai_platform_cost_annual,
    ai_run_cost_annual,
    ai_usage_cost_annual,
    budget_line_change_month,
    cost_bridge,
    double_count_problems,
    last_transition_month,
    legacy_ai_licence_cost_annual,
    legacy_payroll_cost,
    legacy_total_cost,
    new_org_fte,
    new_payroll_cost,
    new_total_cost,
    non_payroll_cost_legacy,
    non_payroll_cost_new,
    pay_factor,
    pay_reviews_by,
    pay_year,
    total_net_change,
    total_net_change_pct,
    whole_cost_headline,
)
from mocmo.plan import Plan, Problem

__all__ = [
    "AI_TOOLS_LINE",
    "BRIDGE_COLUMNS",
    "CDO_NAMES",
    "CMO_NAMES",
    "COST_QUANTITIES",
    "DISTRIBUTIONS",
    "FLAT_THRESHOLD",
    "GROUP_CUSTODIANS",
    "GROUP_FUNCTIONAL",
    "GROUP_GTM",
    "GROUP_MAROPS",
    "GROUP_OTHER",
    "LEGACY_GROUPS",
    "MC_CHUNK_CELLS",
    "MC_DRAWS",
    "MC_PROGRESS_STEPS",
    "MC_SEED",
    "MONTHS_PER_YEAR",
    "NEW_GROUPS",
    "OWNERSHIP_QUESTION",
    "PERCENTILES",
    "CostBasis",
    "CostLine",
    "Distribution",
    "OnCostBasis",
    "OrgCostTotals",
    "PointSpec",
    "Profile",
    "Rule",
    "SensitivityRange",
    "Simulation",
    "ai_absorbed_hours_per_week",
    "ai_cost_table",
    "ai_licence_cost_annual",
    "ai_licensed_users",
    "ai_platform_cost_annual",
    "ai_run_cost_annual",
    "ai_usage_cost_annual",
    "benefits",
    "budget_line_change_month",
    "checks",
    "combine_roles_changes",
    "cost_basis",
    "cost_bridge",
    "cost_lines",
    "coverage_problems",
    "custodian_fte",
    "default_seat_name",
    "double_count_problems",
    "employer_contributions",
    "employer_ni",
    "employer_pension",
    "fx_rate",
    "gtm_headcount",
    "headline",
    "is_roughly_flat",
    "last_transition_month",
    "legacy_ai_licence_cost_annual",
    "legacy_org_base_salary",
    "legacy_org_headcount",
    "legacy_org_loaded_cost",
    "legacy_org_table",
    "legacy_payroll_cost",
    "legacy_role_fte",
    "legacy_role_loaded_cost",
    "legacy_role_payroll",
    "legacy_role_salary",
    "legacy_role_variable_pay",
    "legacy_total_cost",
    "load_profile",
    "loaded_cost",
    "loaded_cost_at",
    "marops_base_salary",
    "marops_coverage",
    "marops_headcount",
    "marops_loaded_cost",
    "marops_loaded_cost_range",
    "marops_net_change",
    "marops_net_change_share",
    "marops_seat_table",
    "missing_marops_roles",
    "net_change_waterfall",
    "net_roughly_flat",
    "new_org_base_salary",
    "new_org_fte",
    "new_org_headcount",
    "new_org_loaded_cost",
    "new_org_table",
    "new_payroll_cost",
    "new_total_cost",
    "ni_earnings",
    "non_payroll_cost_legacy",
    "non_payroll_cost_new",
    "org_cost_by_group",
    "org_cost_totals",
    "org_net_change",
    "ownership_problems",
    "ownership_table",
    "pay_factor",
    "pay_reviews_by",
    "pay_year",
    "people_loaded_cost",
    "person_cost_table",
    "person_country",
    "plan_rules",
    "position_country",
    "profile_of",
    "profile_problems",
    "qualifying_earnings",
    "recruitment_fee",
    "recruitment_fee_at",
    "replaced_role_table",
    "replaced_roles_base_salary",
    "replaced_roles_headcount",
    "replaced_roles_loaded_cost",
    "reporting_line_problems",
    "reporting_line_table",
    "role_country",
    "rule_amount",
    "salary_at",
    "seat_basis",
    "seat_country",
    "seat_salary",
    "sensitivity",
    "sensitivity_ranges",
    "simulate",
    "split_seat_changes",
    "to_penny",
    "tools",
    "total_net_change",
    "total_net_change_pct",
    "waterfall_net_change",
    "whole_cost_headline",
]

# --------------------------------------------------------------------------- summary


def checks(plan: Plan) -> list[Problem]:
    """The costing step's warnings: MarOps role gaps, reporting lines, workflows outside the
    top 5–7 without exactly one owner, an AI tools budget line that may double count the
    AI running cost, and on-cost rules that are assumptions to set."""
    return [
        *coverage_problems(plan),
        *profile_problems(plan),
        *reporting_line_problems(plan),
        *ownership_problems(plan),
        *double_count_problems(plan),
    ]


def headline(plan: Plan) -> dict[str, float | int | None]:
    """The costing step's headline figures (currency/year): the MarOps team's base salary and
    loaded cost with every seat at low / mid / high, the replaced roles' loaded cost, the
    MarOps net change at mid and the legacy and new org loaded cost, rounded to two decimals
    (pennies); the ranges are :mod:`mocmo.ranges`' figures."""
    figures = {
        "marops_base_salary_low": marops_base_salary(plan, "low"),
        "marops_base_salary_mid": marops_base_salary(plan, "mid"),
        "marops_base_salary_high": marops_base_salary(plan, "high"),
        "marops_loaded_cost_low": marops_loaded_cost(plan, "low"),
        "marops_loaded_cost_mid": marops_loaded_cost(plan, "mid"),
        "marops_loaded_cost_high": marops_loaded_cost(plan, "high"),
        "replaced_roles_loaded_cost": replaced_roles_loaded_cost(plan),
        "marops_net_change_mid": marops_net_change(plan, "mid"),
        "legacy_org_loaded_cost": legacy_org_loaded_cost(plan),
        "new_org_loaded_cost": new_org_loaded_cost(plan),
    }
    out: dict[str, float | int | None] = {key: to_penny(value) for key, value in figures.items()}
    for key, value in whole_cost_headline(plan).items():
        out[key] = value if value is None or key.endswith("_pct") else to_penny(value)
    return out


def to_penny(value: float) -> float:
    """``value`` rounded to two decimals, halves away from zero, as a spreadsheet's ROUND does
    (Python's ``round`` would give 40617.12 for 40617.125 where Excel and LibreOffice give
    40617.13): the finance workbook's ROUND(…, 2) then shows exactly this figure."""
    return float(Decimal(repr(float(value))).quantize(_PENNY, rounding=ROUND_HALF_UP))


_PENNY = Decimal("0.01")


if TYPE_CHECKING:  # the moved sentences, for type checkers (at run time: __getattr__)
    from mocmo.present.costing import describe_marops_net as describe_marops_net

__getattr__ = forwarding(__name__, "mocmo.present.costing")
"""The step's sentence, now in :mod:`mocmo.present.costing`: still importable from here."""
