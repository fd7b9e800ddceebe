"""Step 0 — Diagnostics: where the leader and the team stand before the redesign.

Four readings, each from the plan's ``diagnostics`` section:

- **the calendar ratio** — of last month's hours spent either approving other people's work or
  designing systems (workflows, roles, agents, data), the share spent designing:
  ``designing / (approving + designing)``, a fraction 0–1, ``None`` when both are 0
  (:func:`calendar_design_ratio`). At or above :data:`ORCHESTRATOR_THRESHOLD` the leader is on
  the *orchestrator* trajectory; below it, a *campaign manager with a larger title*
  (:func:`trajectory`), and :func:`hours_to_tip` says how many hours would have to move to
  change that;
- **the five symptoms** of a broken operating model, one question each, scored 0–4
  (:data:`ANSWERS`), totalled 0–20 and read as a band (:func:`symptom_band`); each score has
  a meaning (:func:`symptom_meaning`);
- **the AI maturity stage**, 1–5, with what the org design at that stage should emphasise
  (:data:`MATURITY_STAGES`);
- **the skills self-assessment**, 1–5 over the skill areas of an AI-native CMO
  (:func:`skills_table`, the data of the radar chart).

Every function is pure (``Plan`` in, typed result out).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from mocmo.format import fmt_pct
from mocmo.plan import SKILL_KEYS, SYMPTOM_KEYS, Plan, Problem

__all__ = [
    "ANSWERS",
    "CAMPAIGN_MANAGER",
    "LEVEL_WORDS",
    "MATURITY_STAGES",
    "ORCHESTRATOR",
    "ORCHESTRATOR_THRESHOLD",
    "SKILL_LABELS",
    "SKILL_LEVELS",
    "SYMPTOMS",
    "SYMPTOM_BANDS",
    "SYMPTOM_MAX",
    "CalendarReading",
    "MaturityStage",
    "Symptom",
    "SymptomBand",
    "calendar_design_ratio",
    "calendar_reading",
    "calendar_total_hours",
    "checks",
    "headline",
    "hours_to_tip",
    "maturity_info",
    "maturity_stage",
    "orchestrator_threshold_hours",
    "skill_levels",
    "skills_assessed",
    "skills_average",
    "skills_table",
    "strongest_skills",
    "symptom_band",
    "symptom_meaning",
    "symptom_scores",
    "symptom_table",
    "symptom_total",
    "symptoms_answered",
    "trajectory",
    "weakest_skills",
]

# --------------------------------------------------------------------------- the calendar

ORCHESTRATOR_THRESHOLD = 0.5
"""Share of approving-plus-designing hours spent designing at or above which the leader is on
the orchestrator trajectory: more of the month goes to designing the system than to approving
what it produces."""

ORCHESTRATOR = "orchestrator"
"""The trajectory of a leader who designs how people and agents produce outcomes."""

CAMPAIGN_MANAGER = "campaign manager with a larger title"
"""The trajectory of a leader whose month goes mostly on approving work."""


def calendar_total_hours(plan: Plan) -> float:
    """Hours last month spent approving work plus designing systems (h per month)."""
    cal = plan.diagnostics.calendar
    return cal.approving_hours + cal.designing_hours


def calendar_design_ratio(plan: Plan) -> float | None:
    """Share of last month's approving-plus-designing hours spent designing systems (0–1):
    ``designing / (approving + designing)``. ``None`` when both are 0 (not filled in)."""
    total = calendar_total_hours(plan)
    if total <= 0:
        return None
    return plan.diagnostics.calendar.designing_hours / total


def trajectory(ratio: float | None) -> str | None:
    """:data:`ORCHESTRATOR` when ``ratio`` ≥ :data:`ORCHESTRATOR_THRESHOLD`, else
    :data:`CAMPAIGN_MANAGER`; ``None`` without a ratio."""
    if ratio is None:
        return None
    return ORCHESTRATOR if ratio >= ORCHESTRATOR_THRESHOLD else CAMPAIGN_MANAGER


def orchestrator_threshold_hours(plan: Plan) -> float:
    """Hours a month spent designing systems at which the leader is on the orchestrator
    trajectory: :data:`ORCHESTRATOR_THRESHOLD` × the month's approving + designing hours."""
    return ORCHESTRATOR_THRESHOLD * calendar_total_hours(plan)


def hours_to_tip(plan: Plan) -> float | None:
    """Hours a month that would change the trajectory, keeping the month's total the same.

    On the campaign-manager trajectory: the hours to move from approving to designing to reach
    the threshold, ``threshold × total − designing``. On the orchestrator trajectory: the
    margin — hours that could drift back to approving before it tips,
    ``designing − threshold × total``. ``None`` when the calendar is empty.
    """
    ratio = calendar_design_ratio(plan)
    if ratio is None:
        return None
    designing = plan.diagnostics.calendar.designing_hours
    target = orchestrator_threshold_hours(plan)
    if ratio >= ORCHESTRATOR_THRESHOLD:
        return designing - target
    return target - designing


@dataclass(frozen=True)
class CalendarReading:
    """The calendar ratio, the trajectory it puts the leader on, and what would change it."""

    approving_hours: float
    designing_hours: float
    ratio: float | None
    trajectory: str | None
    hours_to_tip: float | None
    threshold_hours: float
    """Designing hours at which the month would count as an orchestrator's."""
    advice: str


def calendar_reading(plan: Plan) -> CalendarReading:
    """The calendar's reading with the advice a CMO acts on."""
    cal = plan.diagnostics.calendar
    ratio = calendar_design_ratio(plan)
    path = trajectory(ratio)
    tip = hours_to_tip(plan)
    if ratio is None or tip is None:
        advice = (
            "Fill in last month's calendar: the hours you spent approving work and the hours you "
            "spent designing systems."
        )
    elif path == ORCHESTRATOR:
        advice = (
            f"Keep it there: {tip:.0f} hours a month drifting back to approvals would tip it. "
            "Protect the design time — agents and custodians' standards should catch what you "
            "used to catch by reviewing."
        )
    else:
        advice = (
            f"Move {tip:.0f} hours a month from approving to designing to reach "
            f"{fmt_pct(ORCHESTRATOR_THRESHOLD)}: hand sign-off to the Craft Custodians' "
            "standards and the audience owners, and spend the time on workflows, agents and the "
            "data they run on."
        )
    return CalendarReading(
        approving_hours=cal.approving_hours,
        designing_hours=cal.designing_hours,
        ratio=ratio,
        trajectory=path,
        hours_to_tip=tip,
        threshold_hours=orchestrator_threshold_hours(plan),
        advice=advice,
    )


# --------------------------------------------------------------------------- the five symptoms

SYMPTOM_MAX = 4
"""Highest score of one symptom; the questionnaire's total runs 0 to 5 × 4 = 20."""

ANSWERS: tuple[str, ...] = (
    "Never",
    "Rarely — once or twice a quarter",
    "Sometimes — most months",
    "Often — most weeks",
    "Always — it is how work runs here",
)
"""The answer scale of every question: the answer's index is its score (0–4)."""

LEVEL_WORDS: tuple[str, ...] = (
    "Not present",
    "An early sign",
    "Recurring",
    "Structural",
    "The operating model",
)
"""What a score (0–4) says about a symptom."""


@dataclass(frozen=True)
class Symptom:
    """One symptom of a broken operating model and its question."""

    key: str
    label: str
    question: str
    cost: str
    fix: str


SYMPTOMS: tuple[Symptom, ...] = (
    Symptom(
        "service_centre",
        "Service-centre dynamic",
        "How often do brand, product marketing or comms see work only at the end — a draft "
        "with days to approve — rather than shaping it at the start?",
        "Custodians feel like police and teams feel audited; the fix comes too late to be cheap.",
        "Bring custodians in at the start: standards, templates and AI-readable guidelines "
        "every audience team works against.",
    ),
    Symptom(
        "attribution_breakdown",
        "Attribution breakdown",
        "How often does nobody agree which team or channel produced a piece of pipeline?",
        "Each function claims the same pipeline, so nobody owns the number and budget follows "
        "the loudest claim.",
        "Give each audience one owner who carries its pipeline end to end.",
    ),
    Symptom(
        "sequential_routing",
        "Sequential routing",
        "How often does one piece of work queue through three or more teams, one after the "
        "other, before it ships?",
        "Waits and send-backs at every hand-off: the Hand-Off Tax on every launch.",
        "Collapse the chain: one GTM Marketer runs the work with AI, custodians set standards "
        "up front.",
    ),
    Symptom(
        "source_of_truth_fragmentation",
        "Source-of-truth fragmentation",
        "How often do teams work from different versions of the ICP, the messaging or the numbers?",
        "Agents and people draw on stale or conflicting inputs; output drifts off message.",
        "A Data Steward and a Prompt & Knowledge Designer own one data model and one knowledge "
        "base that people and agents share.",
    ),
    Symptom(
        "volume_over_craft",
        "Volume-over-craft trap",
        "How often is success measured by how much was shipped rather than what it moved?",
        "Content ships for volume; quality and narrative hooks are nobody's job.",
        "Measure outcomes per audience and asset quality; let AI carry volume and people carry "
        "the craft.",
    ),
)
"""The five symptoms in questionnaire order (keys as in the plan's ``diagnostics.symptoms``)."""

_SYMPTOM_BY_KEY = {s.key: s for s in SYMPTOMS}


def symptom_scores(plan: Plan) -> dict[str, int | None]:
    """Each symptom's score 0–4 (``None`` while not answered), in questionnaire order."""
    answers = plan.diagnostics.symptoms
    return {key: getattr(answers, key) for key in SYMPTOM_KEYS}


def symptoms_answered(plan: Plan) -> int:
    """How many of the five questions are answered."""
    return sum(1 for v in symptom_scores(plan).values() if v is not None)


def symptom_total(plan: Plan) -> int | None:
    """Sum of the answered scores (0–20); ``None`` while no question is answered."""
    scores = [v for v in symptom_scores(plan).values() if v is not None]
    return sum(scores) if scores else None


def symptom_meaning(key: str, score: int | None) -> str:
    """What one symptom's score means, in a sentence or two."""
    symptom = _SYMPTOM_BY_KEY[key]
    if score is None:
        return "Not answered yet."
    if score == 0:
        return f"{LEVEL_WORDS[0]}: the {symptom.label.lower()} is not holding the team back."
    if score == 1:
        return f"{LEVEL_WORDS[1]}: watch it. {symptom.cost}"
    if score == 2:
        return f"{LEVEL_WORDS[2]}: {symptom.cost} Fix: {symptom.fix}"
    return (
        f"{LEVEL_WORDS[score]}: this is the model, not the team. {symptom.cost} Fix: {symptom.fix}"
    )


@dataclass(frozen=True)
class SymptomBand:
    """A range of questionnaire totals and what it says."""

    low: int
    high: int
    name: str
    meaning: str


SYMPTOM_BANDS: tuple[SymptomBand, ...] = (
    SymptomBand(0, 4, "Healthy", "The operating model mostly works; redesign for scale."),
    SymptomBand(
        5,
        9,
        "Strained",
        "Some hand-offs and ownership gaps cost you already; fix the worst symptom first.",
    ),
    SymptomBand(
        10,
        14,
        "Breaking",
        "Several symptoms recur: the function-by-function model is creaking under the load.",
    ),
    SymptomBand(
        15,
        20,
        "Broken",
        "The symptoms are how work runs. The model is broken, not the team: redesign it.",
    ),
)
"""Bands of the questionnaire's total (0–20), inclusive at both ends."""


def symptom_band(total: int | None) -> SymptomBand | None:
    """The band a total (0–20) falls in; ``None`` without a total."""
    if total is None:
        return None
    return next(b for b in SYMPTOM_BANDS if b.low <= total <= b.high)


def symptom_table(plan: Plan) -> pd.DataFrame:
    """One row per symptom: key, symptom, question, score (0–4 or None), answer, level,
    meaning."""
    rows = []
    for symptom in SYMPTOMS:
        score = symptom_scores(plan)[symptom.key]
        rows.append(
            {
                "key": symptom.key,
                "symptom": symptom.label,
                "question": symptom.question,
                "score": score,
                "answer": ANSWERS[score] if score is not None else "",
                "level": LEVEL_WORDS[score] if score is not None else "Not answered",
                "meaning": symptom_meaning(symptom.key, score),
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- maturity


@dataclass(frozen=True)
class MaturityStage:
    """One stage of AI maturity and what the org design should emphasise there."""

    stage: int
    name: str
    looks_like: str
    emphasise: str


MATURITY_STAGES: tuple[MaturityStage, ...] = (
    MaturityStage(
        1,
        "Individuals using prompts",
        "People use AI tools on their own; nothing is shared or repeatable.",
        "Guardrails first (what data may go into which tools), a shared prompt library, and "
        "one workflow chosen to prove value. Don't build an AI team yet.",
    ),
    MaturityStage(
        2,
        "Teams standardising templates",
        "Teams share templates and prompts; quality depends on who runs them.",
        "Craft Custodians turn standards into AI-readable templates and brand voice rules; "
        "appoint the Prompt & Knowledge Designer to own prompts and the knowledge base.",
    ),
    MaturityStage(
        3,
        "Repeatable workflows",
        "Named workflows run the same way every time, with AI steps built in.",
        "Map workflows, not platforms; one owner for each of the top 5–7 workflows; a Workflow "
        "Architect; an agent register where every agent has an outcome, an owner and an "
        "approver.",
    ),
    MaturityStage(
        4,
        "Orchestrated end-to-end pipelines",
        "Agents hand work to each other across a whole workflow; people guide and approve.",
        "Workflow pods owning outcomes; AI operators with a wide span (5–20); a Data Steward; "
        "explicit decision rights; builders, operators and auditors kept apart.",
    ),
    MaturityStage(
        5,
        "Self-improving systems",
        "Performance data feeds back into prompts, knowledge and targeting automatically.",
        "The feedback layer and operating metrics; budget moved from variable labour to fixed "
        "systems; audit records; guard against one central AI team becoming the bottleneck.",
    ),
)
"""The five stages, 1 (individuals using prompts) to 5 (systems that improve themselves)."""


def maturity_stage(plan: Plan) -> int | None:
    """The plan's AI maturity stage (1–5), ``None`` while not assessed."""
    return plan.diagnostics.maturity_stage


def maturity_info(stage: int) -> MaturityStage:
    """The description of ``stage`` (1–5)."""
    return MATURITY_STAGES[stage - 1]


# --------------------------------------------------------------------------- skills

SKILL_LEVELS: tuple[str, ...] = (
    "New to it",
    "Aware — can talk about it",
    "Practising — does it with help",
    "Capable — does it alone",
    "Expert — could teach it",
)
"""What a self-assessed level 1–5 means (index = level − 1)."""

SKILL_LABELS: dict[str, str] = {
    "strategic_thinking": "Strategic thinking",
    "agent_workflow_design": "Agent workflow design",
    "data_literacy": "Data literacy",
    "prompt_engineering": "Prompt engineering",
    "brand_governance": "Brand governance",
    "customer_intelligence": "Customer intelligence",
    "content_operations": "Content operations",
    "campaign_optimisation": "Campaign optimisation",
    "marketing_automation": "Marketing automation",
    "lead_management": "Lead management",
    "performance_measurement": "Performance measurement",
    "ai_governance": "AI governance",
    "sales_marketing_integration": "Sales–marketing integration",
    "technology_evaluation": "Technology evaluation",
    "change_management": "Change management",
    "continuous_testing": "Continuous testing",
    "risk_management": "Risk management",
    "human_ai_collaboration": "Human–AI collaboration",
    "scalable_operations": "Scalable operations",
    "ai_native_leadership": "AI-native leadership",
}
"""The skill areas of an AI-native CMO, in the order the radar chart goes round."""


def skills_table(plan: Plan) -> pd.DataFrame:
    """One row per skill area in radar order: key, skill, level (1–5 or None), meaning."""
    scores = plan.diagnostics.skills
    rows = []
    for key in SKILL_KEYS:
        level = getattr(scores, key)
        rows.append(
            {
                "key": key,
                "skill": SKILL_LABELS[key],
                "level": level,
                "meaning": SKILL_LEVELS[level - 1] if level is not None else "Not assessed",
            }
        )
    return pd.DataFrame(rows)


def _assessed(plan: Plan) -> dict[str, int]:
    scores = plan.diagnostics.skills
    return {k: getattr(scores, k) for k in SKILL_KEYS if getattr(scores, k) is not None}


def skill_levels(plan: Plan) -> dict[str, int]:
    """The assessed skill areas' levels (1–5) by key; areas not yet rated are left out."""
    return _assessed(plan)


def skills_assessed(plan: Plan) -> int:
    """How many skill areas have a level."""
    return len(_assessed(plan))


def skills_average(plan: Plan) -> float | None:
    """Mean self-assessed level (1–5) over the assessed areas; ``None`` if none is."""
    levels = list(_assessed(plan).values())
    return sum(levels) / len(levels) if levels else None


def _skills_at(plan: Plan, end: Callable[[Iterable[int]], int]) -> tuple[str, ...]:
    """Labels of the assessed skill areas at the level ``end`` (min or max) picks, ties all
    listed; none when no area is assessed."""
    levels = _assessed(plan)
    if not levels:
        return ()
    level = end(levels.values())
    return tuple(SKILL_LABELS[k] for k, v in levels.items() if v == level)


def weakest_skills(plan: Plan) -> tuple[str, ...]:
    """Labels of the assessed skill areas at the lowest level (ties all listed)."""
    return _skills_at(plan, min)


def strongest_skills(plan: Plan) -> tuple[str, ...]:
    """Labels of the assessed skill areas at the highest level (ties all listed)."""
    return _skills_at(plan, max)


# --------------------------------------------------------------------------- summary hooks


def checks(plan: Plan) -> list[Problem]:
    """A questionnaire left half answered (its total would mislead)."""
    answered = symptoms_answered(plan)
    if 0 < answered < len(SYMPTOMS):
        missing = [s.label for s in SYMPTOMS if symptom_scores(plan)[s.key] is None]
        return [
            Problem(
                "diagnostics.symptoms",
                f"{answered} of {len(SYMPTOMS)} symptom questions answered; the total leaves out "
                f"{', '.join(missing)}",
                "warning",
            )
        ]
    return []


def headline(plan: Plan) -> dict[str, float | int | None]:
    """``calendar_design_ratio`` (designing ÷ (approving + designing), 0–1, None when the
    calendar is empty) and ``maturity_stage`` (1–5, None while not assessed)."""
    return {
        "calendar_design_ratio": calendar_design_ratio(plan),
        "maturity_stage": maturity_stage(plan),
    }
