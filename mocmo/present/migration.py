"""The migration step in words: how long it runs, what it costs at its peak, when it breaks
even — what the figures of :mod:`mocmo.migration` mean. Nothing is computed here."""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass

from mocmo.format import fmt_money
from mocmo.migration import (
    breakeven_month,
    breakeven_projection,
    cumulative_difference,
    migration_months,
    migration_one_off_cost,
    migration_span,
    month_date,
    monthly,
    nothing_changes,
    one_off_total,
    peak_outlay,
    people_count,
)
from mocmo.plan import Plan

__all__ = [
    "TIMELINE_LABELS",
    "TimelineColumn",
    "timeline_columns",
    "timeline_records",
    "timeline_sentence",
    "timeline_text",
]

TIMELINE_LABELS: dict[str, tuple[str, str]] = {
    "month": ("Month", "month"),
    "date": ("Calendar month", "date"),
    "legacy_headcount": ("Headcount — legacy roles", "people"),
    "gtm_headcount": ("Headcount — GTM", "people"),
    "custodian_fte": ("Headcount — Custodians", "FTE"),
    "marops_headcount": ("Headcount — MarOps", "people"),
    "total_headcount": ("Total headcount", "people"),
    "people_moved": ("People who move", "people"),
    "people_hired": ("People hired", "people"),
    "people_left": ("People who leave", "people"),
    "legacy_cost": ("Cost — legacy roles", "money"),
    "gtm_cost": ("Cost — GTM", "money"),
    "custodian_cost": ("Cost — Custodians", "money"),
    "marops_cost": ("Cost — MarOps", "money"),
    "payroll_cost": ("Payroll cost", "money"),
    "ai_licence_cost": ("AI seat licences", "money"),
    "ai_usage_cost": ("AI usage", "money"),
    "ai_platform_cost": ("AI platform and agents", "money"),
    "ai_cost": ("AI running cost", "money"),
    "non_payroll_cost": ("Non-payroll budget", "money"),
    "recruitment_fees": ("Recruitment fees, one-off", "money"),
    "exit_cost": ("Exit costs, one-off", "money"),
    "retraining_cost": ("Retraining, one-off", "money"),
    "ramp_cost": ("Ramp-up lost output, one-off", "money"),
    "overlap_cost": ("Handover overlap, one-off", "money"),
    "one_off_cost": ("One-off costs", "money"),
    "total_cost": ("Total cost", "money"),
    "legacy_baseline_cost": ("Legacy baseline (staying as today)", "money"),
    "difference": ("Difference vs legacy", "money"),
    "cumulative_difference": ("Cumulative difference", "money to date"),
    "pay_factor": ("Pay factor (× start pay)", "factor"),
    "phases_in_flight": ("Phases in flight", "text"),
}
"""Label and unit of each column of :func:`mocmo.migration.monthly`, as the workbook's Timeline
sheet names them (money a month in the plan's currency; the cumulative difference is money to
the end of the month)."""


@dataclass(frozen=True)
class TimelineColumn:
    """One column of the monthly table as people read it."""

    key: str
    """The column of :func:`mocmo.migration.monthly` (snake_case)."""
    label: str
    """What it is called, e.g. ``Payroll cost``."""
    unit: str
    """``money`` (currency a month), ``money to date``, ``people``, ``FTE``, ``factor``,
    ``month``, ``date``, ``text`` or ``number``."""


def _guessed(key: str) -> tuple[str, str]:
    """Label and unit of a column the table gained after :data:`TIMELINE_LABELS` was written."""
    label = key.replace("_", " ").strip().capitalize() or key
    if key.endswith(("_cost", "_fees", "_fee", "difference", "_outlay", "_saving")):
        return label, "money"
    if key.endswith(("_headcount", "_count", "_people")):
        return label, "people"
    if key.endswith("_fte"):
        return label, "FTE"
    return label, "number"


def timeline_columns(keys: list[str]) -> tuple[TimelineColumn, ...]:
    """The columns ``keys`` with their labels and units (a column not in
    :data:`TIMELINE_LABELS` gets a label made from its key)."""
    return tuple(TimelineColumn(k, *TIMELINE_LABELS.get(k, _guessed(k))) for k in keys)


def _plain(value: object) -> object:
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if hasattr(value, "item"):  # a numpy scalar
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def timeline_records(plan: Plan) -> tuple[tuple[TimelineColumn, ...], list[dict[str, object]]]:
    """The monthly table (:func:`mocmo.migration.monthly`, every column it has) as its
    columns and one record a month of plain values (dates as ``YYYY-MM-DD``, numbers
    unrounded)."""
    frame = monthly(plan)
    columns = timeline_columns([str(c) for c in frame.columns])
    records = [
        {c.key: _plain(v) for c, v in zip(columns, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]
    return columns, records


def _cell(value: object, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "date":
        return f"{_dt.date.fromisoformat(str(value)):%b %Y}"
    if isinstance(value, str):
        return value
    number = float(value)  # type: ignore[arg-type]
    if unit == "factor":
        return f"{number:.4f}"
    if unit in ("money", "money to date", "number"):
        return f"{number:,.0f}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def timeline_text(plan: Plan) -> str:
    """The monthly table as text for a terminal, laid out like the workbook's Timeline sheet:
    a row per quantity (label and unit on the left), a column per month; money in whole units of
    the plan's currency a month. Text columns (the phases in flight) follow, month by month."""
    columns, records = timeline_records(plan)
    cur = plan.meta.currency
    units = {"money": f"{cur}/month", "money to date": cur, "people": "people", "FTE": "FTE"}
    table = [c for c in columns if c.unit != "text"]
    heads = [f"{c.label} ({units[c.unit]})" if c.unit in units else c.label for c in table]
    cells = [[_cell(r[c.key], c.unit) for r in records] for c in table]
    width = max((len(h) for h in heads), default=0)
    col_width = max((len(x) for row in cells for x in row), default=0)
    lines = [f"{plan.meta.name} — monthly timeline ({len(records)} months)"]
    for head, row in zip(heads, cells, strict=True):
        lines.append(f"{head:<{width}}  " + "  ".join(f"{x:>{col_width}}" for x in row))
    for c in columns:
        if c.unit == "text":
            lines.append(f"{c.label}:")
            lines.extend(
                f"  month {r['month']}: {r[c.key] or '—'}" for r in records if "month" in r
            )
    return "\n".join(lines)


def timeline_sentence(plan: Plan) -> str:
    """What the timeline means, in a few plain sentences with the figures (for displays)."""

    cur = plan.meta.currency
    span = migration_span(plan)
    parts: list[str] = []
    if span is None:
        parts.append("The plan has no migration phases yet.")
    else:
        parts.append(
            f"The migration runs {migration_months(plan)} months, from "
            f"{month_date(plan, span[0]):%b %Y} to {month_date(plan, span[1]):%b %Y}, in "
            f"{len(plan.phases)} phase{'s' if len(plan.phases) != 1 else ''}."
        )
    moved, hired, left = (people_count(plan, k) for k in ("move", "hire", "leave"))
    if moved or hired or left:
        parts.append(
            f"{moved:g} of today's people move to new positions, {hired:g} are hired and "
            f"{left:g} leave; the change costs {fmt_money(migration_one_off_cost(plan), cur)} "
            f"once (exit {fmt_money(one_off_total(plan, 'exit'), cur)}, recruitment "
            f"{fmt_money(one_off_total(plan, 'recruitment'), cur)}, retraining "
            f"{fmt_money(one_off_total(plan, 'retraining'), cur)}, ramp-up "
            f"{fmt_money(one_off_total(plan, 'ramp'), cur)}, handover overlap "
            f"{fmt_money(one_off_total(plan, 'overlap'), cur)})."
        )
    cumulative = cumulative_difference(plan)
    if cumulative:
        month, peak = peak_outlay(plan)
        even = breakeven_month(plan)
        end = cumulative[-1]
        if month is not None:
            parts.append(
                f"At its peak (month {month}) the change has cost {fmt_money(peak, cur)} more "
                "than staying on the legacy org."
            )
        projected = breakeven_projection(plan)
        if nothing_changes(plan):
            parts.append("Nothing changes month by month, so there is nothing to pay back.")
        elif even is None:
            at_rate = (
                f"; at the last month's saving it would break even in month {projected}"
                if projected is not None
                else "; at the last month's saving it never would"
            )
            parts.append(
                f"It does not break even within the {len(cumulative)} months shown: by then it "
                f"has cost {fmt_money(end, cur)} more{at_rate}."
            )
        else:
            parts.append(
                f"It breaks even in month {even} ({month_date(plan, even):%b %Y}) and by month "
                f"{len(cumulative)} has saved {fmt_money(-end, cur)}."
            )
        last = monthly(plan).iloc[-1]
        parts.append(
            f"In month {len(cumulative)} the team is {float(last['total_headcount']):g} people "
            f"at {fmt_money(float(last['payroll_cost']), cur)} a month, against "
            f"{fmt_money(float(last['legacy_baseline_cost']), cur)} for the legacy org."
        )
    return " ".join(parts)
