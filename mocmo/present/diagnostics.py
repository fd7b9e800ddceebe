"""The diagnostics step in words: the calendar, the five symptoms, the AI maturity stage and
the skills — what the readings of :mod:`mocmo.diagnostics` mean, for the step page, its charts
and its notebook. Nothing is computed here."""

from __future__ import annotations

from mocmo.diagnostics import (
    ORCHESTRATOR,
    SYMPTOM_MAX,
    SYMPTOMS,
    calendar_reading,
    maturity_info,
    maturity_stage,
    skill_levels,
    skills_average,
    strongest_skills,
    symptom_band,
    symptom_scores,
    symptom_total,
    symptoms_answered,
    weakest_skills,
)
from mocmo.format import fmt_pct
from mocmo.plan import SKILL_KEYS, Plan

__all__ = [
    "calendar_sentence",
    "maturity_sentence",
    "skills_sentence",
    "symptom_reading",
    "what_this_means",
]

_SYMPTOM_LABELS = {s.key: s.label for s in SYMPTOMS}


def calendar_sentence(plan: Plan) -> str:
    """One line: the ratio, the trajectory and what would change it."""
    r = calendar_reading(plan)
    if r.ratio is None:
        return r.advice
    return (
        f"Last month {r.designing_hours:.0f} of {r.approving_hours + r.designing_hours:.0f} "
        f"hours ({fmt_pct(r.ratio)}) went on designing systems: the trajectory of "
        f"{'an' if r.trajectory == ORCHESTRATOR else 'a'} {r.trajectory}. {r.advice}"
    )


def symptom_reading(plan: Plan) -> str:
    """The total, its band and the worst symptoms, in a sentence."""
    total = symptom_total(plan)
    band = symptom_band(total)
    answered = symptoms_answered(plan)
    if total is None or band is None:
        return "Answer the five questions to see what they say about the operating model."
    scores = {k: v for k, v in symptom_scores(plan).items() if v is not None}
    worst = max(scores.values())
    worst_labels = [_SYMPTOM_LABELS[k] for k, v in scores.items() if v == worst]
    text = f"{total} of {SYMPTOM_MAX * len(SYMPTOMS)}: {band.name}. {band.meaning}"
    if answered < len(SYMPTOMS):
        text += f" ({answered} of {len(SYMPTOMS)} questions answered so far.)"
    if worst > 0:
        text += f" Worst: {', '.join(worst_labels)} ({worst} of {SYMPTOM_MAX})."
    return text


def maturity_sentence(plan: Plan) -> str:
    """One line: the stage, its name, and what to emphasise next."""
    stage = maturity_stage(plan)
    if stage is None:
        return "Choose the stage that best describes the team today (1–5)."
    info = maturity_info(stage)
    return f"Stage {stage} of 5 — {info.name}. Emphasise: {info.emphasise}"


def skills_sentence(plan: Plan) -> str:
    """One line: the average, the strongest and the weakest areas."""
    average = skills_average(plan)
    if average is None:
        return "Rate yourself 1–5 on each skill area to draw the radar."
    levels = skill_levels(plan)
    low, high = min(levels.values()), max(levels.values())
    return (
        f"{len(levels)} of {len(SKILL_KEYS)} areas assessed, average {average:.1f} of 5. "
        f"Strongest ({high}): {', '.join(strongest_skills(plan))}. "
        f"Weakest ({low}): {', '.join(weakest_skills(plan))} — where to hire, partner or learn "
        "first."
    )


def what_this_means(plan: Plan) -> list[str]:
    """The step's findings in sentences: calendar, symptoms, maturity, skills."""
    return [
        calendar_sentence(plan),
        symptom_reading(plan),
        maturity_sentence(plan),
        skills_sentence(plan),
    ]
