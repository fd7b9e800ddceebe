"""Every group of the new org staffed to the hours it carries.

The new org's groups and what drives their FTE:

* **GTM Marketers** carry the work that shifts to them plus the AI oversight they own, shared
  across the audiences by the plan's weighting (pipeline target or equal), summed per *owner
  key* — a named owner, or an unowned audience (a row of its own). Each audience keeps exactly
  one accountable GTM Marketer; an owner key whose load is more than its marketers can carry
  gets **support FTE** (titled ``staffing.gtm_support_title``, e.g. "GTM Associate"):
  FTE = max(marketers, round_up(load ÷ capacity, ``staffing.gtm.step``)), support = FTE −
  marketers. The Head of GTM leads the group and carries no audience load.
* **MarOps** carries what stays of roles whose new home is MarOps, the AI oversight it owns,
  and its own workflow, data and agent work (``staffing.marops_own_hours_per_week``): FTE =
  round_up(hours ÷ capacity, ``staffing.marops.step``); the listed seats are the floor, FTE
  beyond them is support (titled ``staffing.marops_support_title``).
* **Craft Custodians** as before: per legacy role, the hours that stay plus the oversight
  custodians own, ÷ ``hours_per_week``, rounded up per craft to ``fte_step``.

Capacity of one person = ``hours_per_week`` × ``productive_share`` (h/wk).

**Fixed headcount.** A group whose ``fixed_fte`` the plan sets ("we will not hire") holds that
FTE (GTM: marketers + support; MarOps: seats + support); the hours beyond its capacity are
**unstaffed hours**, costed at the group's loaded cost per FTE ÷ capacity (per hour), and
the plan is flagged red — never silently absorbed. A fixed FTE below the positions every
audience or seat needs keeps those positions (each audience its one owner, each listed seat)
and is flagged red too.

Units: hours per week (h/wk), FTE, money per year in the plan's currency. Everything here is a
pure function of the plan; the new org's positions (:mod:`mocmo.neworg`) read it.

The package's parts: :mod:`.load` (capacity, rounding, each group's hours and FTE), :mod:`.groups`
(the per-group table, unstaffed hours and their cost, the new org's headcount), :mod:`.checks`
(what staffing finds); every name is importable from ``mocmo.staffing``.
"""

from __future__ import annotations

from mocmo.staffing.checks import checks
from mocmo.staffing.groups import (
    GroupStaffingRow,
    group_staffing,
    group_staffing_rows,
    headcount_by_group,
    legacy_headcount,
    marops_staffing,
    new_headcount,
    new_org,
    unstaffed_hours,
    unstaffed_hours_cost,
    unstaffed_hours_cost_by_group,
    unstaffed_hours_per_week,
)
from mocmo.staffing.load import (
    LOAD_FIXES,
    STAFFED_GROUPS,
    UNOWNED,
    OwnerStaffing,
    audience_load,
    audience_weights,
    custodian_fte,
    custodian_fte_for_role,
    custodian_fte_total,
    custodian_hours,
    gtm_capacity_hours,
    gtm_fte,
    gtm_fte_by_owner,
    gtm_hours,
    gtm_hours_total,
    gtm_marketers_over_capacity,
    gtm_owner_staffing,
    marops_fte,
    marops_hours,
    marops_oversight_hours,
    marops_support_band,
    marops_support_fte,
    owner_load,
    owners_over_capacity,
    person_capacity_hours,
    round_up_to_step,
    staffed_fte,
)

__all__ = [
    "LOAD_FIXES",
    "STAFFED_GROUPS",
    "UNOWNED",
    "GroupStaffingRow",
    "OwnerStaffing",
    "audience_load",
    "audience_weights",
    "checks",
    "custodian_fte",
    "custodian_fte_for_role",
    "custodian_fte_total",
    "custodian_hours",
    "group_staffing",
    "group_staffing_rows",
    "gtm_capacity_hours",
    "gtm_fte",
    "gtm_fte_by_owner",
    "gtm_hours",
    "gtm_hours_total",
    "gtm_marketers_over_capacity",
    "gtm_owner_staffing",
    "headcount_by_group",
    "legacy_headcount",
    "marops_fte",
    "marops_hours",
    "marops_oversight_hours",
    "marops_staffing",
    "marops_support_band",
    "marops_support_fte",
    "new_headcount",
    "new_org",
    "owner_load",
    "owners_over_capacity",
    "person_capacity_hours",
    "round_up_to_step",
    "staffed_fte",
    "unstaffed_hours",
    "unstaffed_hours_cost",
    "unstaffed_hours_cost_by_group",
    "unstaffed_hours_per_week",
]
