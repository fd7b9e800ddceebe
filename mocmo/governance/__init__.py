"""Step 6 — Agent governance: who answers for each agent, who decides what, and what changes in
the way the team works and spends.

"Agents prepare the work; people protect the strategy." This module reads the plan's agent
register, decision rights, workflow pods, content engine, operating metrics and budget shift:

- **the agent register** — every agent serves a named business outcome and has one accountable
  owner; an agent that *acts* on public content, budget, pricing, legal claims or customer data
  (:data:`APPROVAL_REQUIRED`) has a named human approver; the people who build, operate and
  audit an agent are three different people (:func:`role_clashes`);
- **decision rights** — each recurring decision made by people, by an agent, or both
  (:func:`decision_rights_matrix`); a sensitive decision left to an agent alone is flagged;
- **workflow pods and the content engine** — each pod's four roles filled; each of the engine's
  six layers automated, owned or audited, by someone named;
- **span of control** — a manager oversees 5–8 people, an operator the output of 5–20; the
  management layers each implies for the team's headcount (:func:`management_layers`);
- **operating metrics** — baseline → target and the improvement (:func:`metric_improvement`);
- **the budget shift** — before and after per line, and the share that moves from variable
  labour to fixed systems (:func:`budget_summary`).

Every function is pure (``Plan`` in, typed result out). Money is per year in the plan's
currency; shares are fractions (0.25 = 25%). People are compared by name, ignoring case and
extra spaces.
"""

from mocmo.governance.checks import checks
from mocmo.governance.labels import (
    AGENT_ROLES,
    APPROVAL_REQUIRED,
    BUDGET_LINE_LABELS,
    DECIDER_LABELS,
    DEFAULT_NATURE,
    JOB_LABELS,
    LAYER_LABELS,
    LEGACY_SPAN,
    METRICS,
    MODE_LABELS,
    NOT_A_PERSON,
    OPERATOR_SPAN,
    POD_ROLE_TITLES,
    POD_ROLES,
    SEPARATED_ROLES,
    TOUCH_LABELS,
    MetricInfo,
)
from mocmo.governance.measures import (
    BudgetSummary,
    budget_nature,
    budget_summary,
    budget_table,
    budget_total,
    management_layers,
    managers_needed,
    metric_improvement,
    metrics_table,
    span_table,
    variable_share,
)
from mocmo.governance.register import (
    RoleClash,
    acts_without_approver,
    agent_table,
    agents_acting_without_approver,
    agents_without_outcome,
    agents_without_owner,
    content_engine_table,
    decision_rights_matrix,
    decision_rights_table,
    headline,
    is_named_person,
    known_people,
    pod_gaps,
    pods_table,
    role_clashes,
    same_person,
    sensitive_touches,
)

__all__ = [
    "AGENT_ROLES",
    "APPROVAL_REQUIRED",
    "BUDGET_LINE_LABELS",
    "DECIDER_LABELS",
    "DEFAULT_NATURE",
    "JOB_LABELS",
    "LAYER_LABELS",
    "LEGACY_SPAN",
    "METRICS",
    "MODE_LABELS",
    "NOT_A_PERSON",
    "OPERATOR_SPAN",
    "POD_ROLES",
    "POD_ROLE_TITLES",
    "SEPARATED_ROLES",
    "TOUCH_LABELS",
    "BudgetSummary",
    "MetricInfo",
    "RoleClash",
    "acts_without_approver",
    "agent_table",
    "agents_acting_without_approver",
    "agents_without_outcome",
    "agents_without_owner",
    "budget_nature",
    "budget_summary",
    "budget_table",
    "budget_total",
    "checks",
    "content_engine_table",
    "decision_rights_matrix",
    "decision_rights_table",
    "headline",
    "is_named_person",
    "known_people",
    "management_layers",
    "managers_needed",
    "metric_improvement",
    "metrics_table",
    "pod_gaps",
    "pods_table",
    "role_clashes",
    "same_person",
    "sensitive_touches",
    "span_table",
    "variable_share",
]
