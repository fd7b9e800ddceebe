"""A plan problem in the CMO's words: "Audience 8 needs a name", not
"audiences[7].name: got '', must not be empty".

:func:`plain` names the item by its kind and its name (from the plan, when given) or its
number, the field by its label, and the rule in words (percentages as percentages, months as
"a whole month from 1 to 36"). The problem itself keeps its path and technical message: the app
shows them behind a "details" disclosure for analysts.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mocmo.plan import Plan, Problem

__all__ = ["ITEM_KINDS", "LABELS", "field_label", "item_words", "plain", "rule_words"]

ITEM_KINDS: dict[str, str] = {
    "audiences": "audience",
    "pains": "pain",
    "products": "product",
    "channels": "channel",
    "gtm_team": "GTM team member",
    "legacy_roles": "team",
    "activities": "activity",
    "legacy": "today's step",
    "new": "new step",
    "marops_roles": "MarOps role",
    "marops_seats": "seat",
    "roles": "role",
    "replaced_roles": "replaced role",
    "reporting_lines": "reporting line",
    "workflows": "workflow",
    "platforms": "platform",
    "decisions": "decision",
    "owners": "owner",
    "phases": "phase",
    "depends_on": "dependency",
    "hires": "hire",
    "agents": "agent",
    "data": "data source",
    "touches": "area",
    "decision_rights": "decision",
    "pods": "pod",
    "content_engine": "content engine layer",
    "operating_metrics": "metric",
    "budget_shift": "budget line",
}
"""What one item of each list in a plan is called (the path's list name → a noun)."""

_KEYS: dict[str, str] = {
    "marops_roles": "title",
    "replaced_roles": "title",
    "reporting_lines": "role",
    "decision_rights": "decision",
    "pods": "outcome",
    "content_engine": "layer",
    "operating_metrics": "metric",
    "budget_shift": "line",
}
"""The field an item is named by, where it is not ``name``."""

LABELS: dict[str, str] = {
    "meta": "plan",
    "meta.name": "plan name",
    "meta.start_month": "month 1 of the migration",
    "meta.currency": "currency",
    "assumptions": "assumptions",
    "on_costs": "on-costs",
    "hours_per_week": "hours per week",
    "productive_share": "share of hours for planned work",
    "handoff_wait_days": "wait at a hand-off",
    "rework_probability": "chance of a send-back",
    "rework_days": "days a send-back costs",
    "fte_step": "FTE rounding step",
    "load_weight": "how hours are shared across audiences",
    "company_pipeline_target": "company pipeline target",
    "employer_ni_rate": "employer NI rate",
    "ni_threshold": "NI threshold",
    "pension_basis": "pension basis",
    "pension_rate": "pension rate",
    "pension_lower": "lower limit of qualifying earnings",
    "pension_upper": "upper limit of qualifying earnings",
    "benefits_rate": "benefits and overheads",
    "tools_per_head": "tools and AI licences per head",
    "recruitment_fee_rate": "recruitment fee",
    "gtm_team": "GTM team",
    "icp": "ICP",
    "pipeline_target": "pipeline target",
    "owner": "owner",
    "launch_month": "month its owner starts",
    "segment": "segment",
    "company_size": "company size",
    "headcount": "headcount",
    "band": "salary band",
    "low": "bottom of the band",
    "high": "top of the band",
    "point": "point in band",
    "custodian_title": "Craft Custodian title",
    "new_home": "where the hours that stay go",
    "share": "share of hours",
    "destination": "destination",
    "oversight": "oversight",
    "oversight_owner": "who oversees the AI work",
    "days": "days of work",
    "wait_days": "wait before the step",
    "transition_month": "month it changes",
    "head_of_gtm": "Head of GTM band",
    "head_of_gtm_point": "Head of GTM point in band",
    "gtm_marketer": "GTM Marketer band",
    "gtm_marketer_point": "GTM Marketer point in band",
    "hire_month": "start month",
    "leaves_month": "month it ends",
    "reports_to": "reports to",
    "horizon_months": "months the migration view covers",
    "start_month": "start month",
    "months": "length in months",
    "month": "start month",
    "lead_time_months": "recruitment lead time",
    "count": "number of people",
    "has_cdo": "Chief Data Officer",
    "approving_hours": "hours approving",
    "designing_hours": "hours designing",
    "maturity_stage": "AI maturity stage",
    "decided_by": "who decides",
    "workflow_owner": "workflow owner",
    "ai_operator": "AI operator",
    "domain_expert": "domain expert",
    "automation_engineer": "automation engineer",
    "who": "person",
    "buyer_facing": "buyer-facing",
    "top": "top workflow",
    "roles": "roles",
    "gtm.step": "GTM FTE rounding step",
    "gtm.fixed_fte": "fixed GTM headcount (FTE)",
    "marops.step": "MarOps FTE rounding step",
    "marops.fixed_fte": "fixed MarOps headcount (FTE)",
    "marops_own_hours_per_week": "MarOps's own hours per week",
    "gtm_support_title": "title of GTM support",
    "marops_support_title": "title of MarOps support",
    "licence_per_user_month": "AI seat price per person a month",
    "licensed_share": "share of people holding an AI seat",
    "legacy_licensed_users": "AI seats today",
    "usage_per_absorbed_hour": "AI usage price per absorbed hour",
    "weeks_per_year": "weeks a year the AI work runs",
    "pay_review.rate": "annual pay review",
    "pay_review.first_month": "month of the first pay review",
    "running_cost": "running cost per year",
    "before": "amount today",
    "after": "amount in the new model",
    "change_month": "month the new amount starts",
}
"""Labels of a path's last field (``"meta.name"`` first, then ``"name"``); any other field is
called by its name with spaces."""

_PART = re.compile(r"([A-Za-z_]\w*)|\[(\d+)\]")


def _parts(path: str) -> list[str | int]:
    return [int(i) if i else n for n, i in _PART.findall(path)]


def field_label(path: str) -> str:
    """The label of the field a path ends at ("legacy_roles[0].activities[1].share" → "share
    of hours")."""
    names = [p for p in _parts(path) if isinstance(p, str)]
    if not names:
        return ""
    dotted = ".".join(names[-2:])
    if dotted in LABELS:
        return LABELS[dotted]
    last = names[-1]
    return LABELS.get(last, ITEM_KINDS.get(last, last.replace("_", " ")))


def _item_name(node: Any, kind: str) -> str | None:
    value = getattr(node, _KEYS.get(kind, "name"), None)
    if isinstance(value, str) and value.strip():
        return value
    return None


def item_words(path: str, plan: Plan | None = None) -> tuple[str, str]:
    """The item a path is about and the field in it: ``("Audience 8", "name")``,
    ``("Team 'Content', activity 2", "share of hours")``. The item is named from ``plan``
    when the plan has it (and its name is not the field in question), else numbered from 1."""
    parts = _parts(path)
    items: list[str] = []
    node: Any = plan
    field_parts: list[str] = []
    for i, part in enumerate(parts):
        if isinstance(part, int):
            container = parts[i - 1] if i and isinstance(parts[i - 1], str) else ""
            kind = ITEM_KINDS.get(str(container), "item")
            try:
                node = node[part] if node is not None else None
            except (IndexError, TypeError, KeyError):
                node = None
            rest = [p for p in parts[i + 1 :]]
            is_key = rest == [_KEYS.get(str(container), "name")]
            name = None if node is None or is_key else _item_name(node, str(container))
            label = repr(name) if name is not None else str(part + 1)
            if isinstance(node, str) and not rest:  # a list of names: the name is the value
                label = str(part + 1)
            items.append(f"{kind} {label}")
            if field_parts and field_parts[-1] == container:
                field_parts.pop()
        else:
            field_parts.append(part)
            node = getattr(node, part, None) if node is not None else None
    subject = ", ".join(items)
    trailing = [p for p in parts if isinstance(p, str)]
    field = field_label(path) if trailing and not isinstance(parts[-1], int) else ""
    return (subject[:1].upper() + subject[1:], field)


_GOT = re.compile(r"^got (?P<value>.*?), (?P<rule>(?:must|a phase|a role|low|reporting).*)$", re.S)

_NAMES_IN_TEXT: dict[str, str] = {
    "gtm_team": "the GTM team",
    "marops_roles": "the MarOps roles",
}


def rule_words(rule: str, field: str) -> str:
    """The rule of a plan message in words ("must be between 0 and 1" → "must be between 0%
    and 100%"; "must not be empty" → "needs a name")."""
    text = rule.strip()
    if text == "must not be empty":
        return f"needs {_article(field)} {field}" if field else "must not be empty"
    if re.match(r"must be between 0 and 1\b", text):  # a percent; "write 0.02" is YAML advice
        return "must be between 0% and 100%"
    m = re.fullmatch(r"must be a month between 1 and (\d+)", text)
    if m:
        return f"must be a whole month from 1 to {m.group(1)}"
    m = re.fullmatch(r"must be a number of months between 1 and (\d+)", text)
    if m:
        return f"must be a whole number of months from 1 to {m.group(1)}"
    if text.startswith("must be unique"):
        return "is used more than once"
    for name, words in _NAMES_IN_TEXT.items():
        text = re.sub(rf"\b{name}\b", words, text)
    text = text.replace("must be one of the one", "must be one")
    return text


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeio" else "a"


def _value_words(value: str, rule: str) -> str:
    """The value the user gave, as they would have typed it (a fraction as a percent)."""
    if re.match(r"must be between 0 and 1\b", rule):
        try:
            return f"{float(value) * 100:g}%"
        except ValueError:
            return value
    if value == "''":
        return ""
    return value


def plain(problem: Problem, plan: Plan | None = None) -> str:
    """One sentence in the CMO's words for ``problem``: the item by kind and name (from
    ``plan``, when given) or number, the field by its label, the rule in words — "Audience 8
    needs a name", "Team 'Content', activity 2: share of hours must be between 0% and 100% (you
    entered 150%)". A problem with no path, or whose message does not start with the value it
    got, keeps its message as written (it is already a sentence)."""
    message = problem.message.strip()
    if not problem.path:  # already words (a button's or a check's own sentence): as written
        return message
    subject, field = item_words(problem.path, plan)
    m = _GOT.match(message)
    if not m:
        return message
    raw_rule = m.group("rule").strip()
    rule = rule_words(raw_rule, field)
    value = _value_words(m.group("value").strip(), raw_rule)
    if plan is not None:  # MarOps role keys ('head_of_marops') by their titles
        for role in plan.marops_roles:
            rule = rule.replace(repr(role.key), repr(role.title))
            value = value.replace(repr(role.key), repr(role.title))
    if rule.startswith("needs "):
        head = f"{subject} {rule}" if subject else f"The plan {rule}"
        return _sentence(head)
    if rule == "is used more than once":  # "(compared ignoring case…); x[1] repeats x[0]" dropped
        if subject:
            return _sentence(f"{subject}: {field} {value} is already used — each must be different")
        return _sentence(f"{value} appears more than once in the {field}")
    what = f"{subject}: {field}" if subject and field else (subject or field)
    tail = f" (you entered {value})" if value else ""
    return _sentence(f"{what} {rule}{tail}")


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!", "…")) else text + "."
