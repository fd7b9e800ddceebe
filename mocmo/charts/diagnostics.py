"""Charts of Step 0 — Diagnostics: the calendar split against the orchestrator threshold, the
five-symptom scores, and the skills radar.

The builders take results computed by :mod:`mocmo.diagnostics` and only arrange them (the
radar's x/y positions are drawing geometry, not business figures); :func:`diagnostics_charts`
is the shortcut from a plan.
"""

from __future__ import annotations

import math
from typing import Any

import altair as alt
import pandas as pd

from mocmo import diagnostics as dg
from mocmo.charts.core import PALETTE, color_scale, remember_chart, styled, wrapped_title
from mocmo.plan import Plan
from mocmo.present import diagnostics as words

__all__ = [
    "LEVEL_COLORS",
    "calendar_chart",
    "calendar_frame",
    "diagnostics_charts",
    "radar_frame",
    "skills_radar_chart",
    "symptoms_chart",
]

LEVEL_COLORS: dict[str, str] = {
    "Not present": "#2e8b57",
    "An early sign": "#9bbf5a",
    "Recurring": "#d4ac0d",
    "Structural": "#e07a1f",
    "The operating model": "#c0392b",
    "Not answered": "#c8ced3",
}
"""Colour of each symptom level, green (absent) to red (it is how work runs)."""

_CALENDAR_COLORS = {"Approving work": "#b3b6b7", "Designing systems": PALETTE[0]}
_WIDTH = 480
_RADAR_SIZE = 440
_LABEL_RADIUS = 5.9


# --------------------------------------------------------------------------- calendar


def calendar_frame(reading: dg.CalendarReading) -> pd.DataFrame:
    """Rows of the calendar bar: part (approving / designing), hours, order."""
    return pd.DataFrame(
        [
            {"part": "Designing systems", "hours": reading.designing_hours, "order": 0},
            {"part": "Approving work", "hours": reading.approving_hours, "order": 1},
        ]
    )


@remember_chart
def calendar_chart(reading: dg.CalendarReading) -> Any:
    """Last month's hours in one bar, designing then approving, with a dashed rule at the
    orchestrator threshold (half of the total)."""
    data = calendar_frame(reading)
    bar = (
        alt.Chart(data)
        .mark_bar(height=36)
        .encode(
            x=alt.X("sum(hours):Q", title="Hours last month", stack=True),
            color=alt.Color("part:N", scale=color_scale(_CALENDAR_COLORS), title=None),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("part:N", title="Spent on"),
                alt.Tooltip("hours:Q", title="Hours"),
            ],
        )
    )
    rule_data = pd.DataFrame({"threshold_hours": [reading.threshold_hours]})
    rule = (
        alt.Chart(rule_data)
        .mark_rule(color="#c0392b", strokeDash=[6, 4], strokeWidth=2)
        .encode(x=alt.X("threshold_hours:Q"))
    )
    if reading.ratio is None:
        subtitle = "No calendar hours yet."
    else:
        subtitle = (
            f"{reading.ratio:.0%} of the time went on designing — the path of "
            f"{'an' if reading.trajectory == dg.ORCHESTRATOR else 'a'} {reading.trajectory}. "
            "The dashed line is the orchestrator threshold."
        )
    return styled(
        alt.layer(bar, rule).properties(
            width=_WIDTH, height=60, title=wrapped_title("Where last month went", subtitle)
        )
    )


# --------------------------------------------------------------------------- symptoms


@remember_chart
def symptoms_chart(table: pd.DataFrame, reading: str = "") -> Any:
    """One bar per symptom, its score 0–4 on a fixed axis, coloured by what the score means.
    ``table`` is :func:`mocmo.diagnostics.symptom_table`; ``reading`` its one-line reading."""
    data = table[["symptom", "score", "level", "answer", "meaning"]].copy()
    data["score"] = data["score"].astype("float").fillna(0.0)
    order = list(data["symptom"])
    y = alt.Y("symptom:N", sort=order, title=None, axis=alt.Axis(labelLimit=0))
    base = alt.Chart(data)
    bars = base.mark_bar().encode(
        x=alt.X(
            "score:Q",
            title="Score (0 never … 4 it is how work runs)",
            scale=alt.Scale(domain=[0, dg.SYMPTOM_MAX]),
            axis=alt.Axis(tickMinStep=1, values=list(range(dg.SYMPTOM_MAX + 1))),
        ),
        y=y,
        color=alt.Color(
            "level:N",
            scale=color_scale(LEVEL_COLORS),
            title="What it means",
            sort=list(LEVEL_COLORS),
        ),
        tooltip=[
            alt.Tooltip("symptom:N", title="Symptom"),
            alt.Tooltip("answer:N", title="Answer"),
            alt.Tooltip("meaning:N", title="Meaning"),
        ],
    )
    inside = (
        base.transform_filter("datum.score > 0")
        .mark_text(align="right", dx=-6, fontSize=11, color="white", fontWeight="bold")
        .encode(x=alt.X("score:Q"), y=y, text=alt.Text("level:N"))
    )
    outside = (
        base.transform_filter("datum.score <= 0")
        .mark_text(align="left", dx=6, fontSize=11, color="#555")
        .encode(x=alt.X("score:Q"), y=y, text=alt.Text("level:N"))
    )
    return styled(
        (bars + inside + outside).properties(
            width=_WIDTH,
            height=34 * len(order),
            title=wrapped_title("The five symptoms of a broken operating model", reading),
        )
    )


# --------------------------------------------------------------------------- skills radar


def radar_frame(skills: pd.DataFrame) -> pd.DataFrame:
    """Drawing positions of the radar: one point per skill area going clockwise from the top,
    at radius = level (0 while not assessed). Columns skill, level, meaning, order, x, y,
    label_x, label_y, align."""
    n = len(skills)
    rows = []
    for i, row in enumerate(skills.to_dict("records")):
        angle = 2 * math.pi * i / n if n else 0.0
        level = row["level"]
        radius = float(level) if level is not None and not pd.isna(level) else 0.0
        sin, cos = math.sin(angle), math.cos(angle)
        rows.append(
            {
                "skill": row["skill"],
                "level": radius,
                "meaning": row["meaning"],
                "order": i,
                "x": radius * sin,
                "y": radius * cos,
                "label_x": _LABEL_RADIUS * sin,
                "label_y": _LABEL_RADIUS * cos,
                "align": "center" if abs(sin) < 0.2 else ("left" if sin > 0 else "right"),
            }
        )
    return pd.DataFrame(rows)


def _rings(n: int) -> pd.DataFrame:
    rows = []
    for ring in range(1, 6):
        for i in range(n + 1):
            angle = 2 * math.pi * (i % n) / n
            rows.append(
                {"ring": ring, "order": i, "x": ring * math.sin(angle), "y": ring * math.cos(angle)}
            )
    return pd.DataFrame(rows)


def _spokes(n: int) -> pd.DataFrame:
    rows = []
    for i in range(n):
        angle = 2 * math.pi * i / n
        rows.append({"spoke": i, "end": 0, "x": 0.0, "y": 0.0})
        rows.append({"spoke": i, "end": 1, "x": 5 * math.sin(angle), "y": 5 * math.cos(angle)})
    return pd.DataFrame(rows)


@remember_chart
def skills_radar_chart(skills: pd.DataFrame, subtitle: str = "") -> Any:
    """The skills self-assessment as a radar: rings at levels 1–5, one spoke per skill area,
    the assessed levels joined into a shape. ``skills`` is
    :func:`mocmo.diagnostics.skills_table`."""
    points = radar_frame(skills)
    n = len(points)
    closed = pd.concat([points, points.head(1).assign(order=n)], ignore_index=True)
    domain = [-_LABEL_RADIUS - 2.5, _LABEL_RADIUS + 2.5]
    x = alt.X("x:Q", scale=alt.Scale(domain=domain), axis=None)
    y = alt.Y("y:Q", scale=alt.Scale(domain=domain), axis=None)
    rings = (
        alt.Chart(_rings(n))
        .mark_line(color="#d5d8dc", strokeWidth=1)
        .encode(x=x, y=y, detail=alt.Detail("ring:N"), order=alt.Order("order:Q"))
    )
    spokes = (
        alt.Chart(_spokes(n))
        .mark_line(color="#d5d8dc", strokeWidth=1)
        .encode(x=x, y=y, detail=alt.Detail("spoke:N"), order=alt.Order("end:Q"))
    )
    shape = (
        alt.Chart(closed)
        .mark_line(color=PALETTE[0], strokeWidth=2.5)
        .encode(x=x, y=y, order=alt.Order("order:Q"))
    )
    dots = (
        alt.Chart(points)
        .mark_circle(size=60, color=PALETTE[0])
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("skill:N", title="Skill"),
                alt.Tooltip("level:Q", title="Level (1–5)"),
                alt.Tooltip("meaning:N", title="Meaning"),
            ],
        )
    )
    layers: list[Any] = [rings, spokes, shape, dots]
    for align in ("left", "right", "center"):
        subset = points[points["align"] == align]
        if len(subset):
            layers.append(
                alt.Chart(subset)
                .mark_text(align=align, fontSize=10, color="#333")
                .encode(
                    x=alt.X("label_x:Q", scale=alt.Scale(domain=domain), axis=None),
                    y=alt.Y("label_y:Q", scale=alt.Scale(domain=domain), axis=None),
                    text=alt.Text("skill:N"),
                )
            )
    return styled(
        alt.layer(*layers).properties(
            width=_RADAR_SIZE,
            height=_RADAR_SIZE,
            title=wrapped_title(
                "Skills self-assessment (1 new to it … 5 could teach it)", subtitle
            ),
        )
    )


# --------------------------------------------------------------------------- shortcut


def diagnostics_charts(plan: Plan) -> dict[str, Any]:
    """The step's charts from a plan: ``calendar``, ``symptoms``, ``skills``."""
    return {
        "calendar": calendar_chart(dg.calendar_reading(plan)),
        "symptoms": symptoms_chart(dg.symptom_table(plan), words.symptom_reading(plan)),
        "skills": skills_radar_chart(dg.skills_table(plan), words.skills_sentence(plan)),
    }
