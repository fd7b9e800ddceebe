"""The Diagnostics sheet: the leader's calendar, the five symptoms, maturity and skills.

Mirrors :mod:`mocmo.diagnostics`: ``calendar_design_ratio`` = designing ÷ (approving +
designing) hours (empty when both are 0); trajectory = orchestrator at or above the threshold;
``maturity_stage`` = the stage entered (empty while not assessed). Symptom and skill scores are
inputs, totalled.
"""

from __future__ import annotations

from collections.abc import Sequence

from mocmo.excel._book import Book, Sheet

__all__ = ["write_diagnostics"]


def write_diagnostics(book: Book) -> None:
    """Write the Diagnostics sheet and its two headline figures."""
    from mocmo import diagnostics as model

    plan = book.plan
    diag = plan.diagnostics
    sheet = book.sheet("Diagnostics")
    row = sheet.heading(
        "Diagnostics",
        "Where the leader and the team stand before the redesign. Yellow cells are inputs.",
    )
    row = sheet.table(
        row,
        "Last month's calendar",
        "Hours approving others' work vs hours designing systems (workflows, roles, agents, data).",
        ["Item", "Value", "Unit"],
    )
    approving, designing, total, ratio, threshold = (row + i for i in range(5))
    c = lambda r: sheet.ref(r, 2, sheet=False)  # noqa: E731 - one column of values
    sheet.text(approving, 1, "Hours approving work")
    sheet.value(approving, 2, diag.calendar.approving_hours, "hours", "input")
    sheet.text(designing, 1, "Hours designing systems")
    sheet.value(designing, 2, diag.calendar.designing_hours, "hours", "input")
    sheet.text(total, 1, "Approving + designing")
    sheet.formula(total, 2, f"{c(approving)}+{c(designing)}", "hours")
    sheet.text(ratio, 1, "Share of those hours spent designing", "label")
    sheet.formula(ratio, 2, f'IF({c(total)}<=0,"",{c(designing)}/{c(total)})', "pct", "total")
    book.headline("calendar_design_ratio", sheet, ratio, 2)
    sheet.text(threshold, 1, "Orchestrator threshold (designing share)")
    sheet.value(threshold, 2, model.ORCHESTRATOR_THRESHOLD, "pct", "input")
    sheet.text(threshold + 1, 1, "Trajectory")
    sheet.formula(
        threshold + 1, 2,
        f'IF({c(ratio)}="","",IF({c(ratio)}>={c(threshold)},"{model.ORCHESTRATOR}",'
        f'"{model.CAMPAIGN_MANAGER}"))',
        "general",
    )  # fmt: skip
    for r, unit in (
        (approving, "hours/month"),
        (designing, "hours/month"),
        (total, "hours/month"),
        (ratio, "fraction"),
        (threshold, "fraction"),
    ):
        sheet.text(r, 3, unit)  # fmt: skip
    row = threshold + 3

    row = sheet.table(
        row,
        "AI maturity",
        "1 individuals using prompts … 5 self-improving systems.",
        ["Item", "Value", "Unit"],
    )
    sheet.text(row, 1, "Stage entered (empty = not assessed)")
    sheet.value(row, 2, diag.maturity_stage, "count", "input")
    sheet.text(row + 1, 1, "Maturity stage", "label")
    sheet.formula(row + 1, 2, f'IF(ISNUMBER({c(row)}),{c(row)},"")', "count", "total")
    sheet.text(row + 1, 3, "stage 1–5")
    book.headline("maturity_stage", sheet, row + 1, 2)
    row += 3

    first, row = _scores(
        sheet,
        row,
        ("The five symptoms", "Each answer 0 (never) to 4 (always)."),
        (["Symptom", "Score", "Unit"], "0–4"),
        [(symptom.label, getattr(diag.symptoms, symptom.key, None)) for symptom in model.SYMPTOMS],
    )
    sheet.text(row, 1, "Total (of 20)", "label")
    sheet.column_total(row, 2, first, row - 1, "count")
    row += 2

    first, row = _scores(
        sheet,
        row,
        ("Skills of an AI-native CMO", "Self-assessment, 1 (new) to 5."),
        (["Skill", "Level", "Unit"], "1–5"),
        [(label, getattr(diag.skills, key, None)) for key, label in model.SKILL_LABELS.items()],
    )
    sheet.text(row, 1, "Average of those assessed", "label")
    rng = sheet.range(2, first, row - 1)
    sheet.formula(row, 2, f'IF(COUNT({rng})=0,"",SUM({rng})/COUNT({rng}))', "number", "total")
    sheet.finish()


def _scores(
    sheet: Sheet,
    row: int,
    section: tuple[str, str],
    columns: tuple[list[str], str],
    answers: Sequence[tuple[str, int | None]],
) -> tuple[int, int]:
    """A questionnaire's table from ``row``: its ``section`` (title, note), ``columns`` (the
    header, the scale in words) and a row per answer: its label, the score as an input (empty
    while not answered), the scale. Returns the first answer's row and the row after the
    last."""
    header, scale = columns
    first = row = sheet.table(row, *section, header)
    for label, score in answers:
        sheet.text(row, 1, label)
        sheet.value(row, 2, score, "count", "input")
        sheet.text(row, 3, scale)
        row += 1
    return first, row
