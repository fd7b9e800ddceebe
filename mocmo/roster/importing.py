"""Importing a roster into a plan: read the file, check every row, match the teams, and make
the new plan — every legacy team's headcount and FTE from its people, its average service and
age at the plan's start, and the people carried on the plan (``roster_people``) — then write
the roster file next to the plan and the plan itself, both atomically.

Nothing is written unless every row is valid, or ``skip_invalid`` is given (the rows left out
are listed in :attr:`ImportResult.skipped`). The plan file never holds a name or a salary: the
people go to ``<plan stem>.roster.yaml`` in the plan's folder, which the plan names.

What the import decides:

* **Headcount** is the number of people in the team (an integer, as the plan counts it); the
  team's **FTE** (``legacy_roles[i].fte``) is the sum of their FTE.
* **Pay**: a person's salary is their full-time annual base salary; they are paid salary × FTE.
  The legacy cost is each person's loaded cost of that pay (:mod:`mocmo.costing.people`).
* **Averages**: ``average_service_years`` is the mean of the completed years of service at the
  plan's start month (``meta.start_month``) of the people with a start date;
  ``average_age`` the mean age in completed years then (from the date of birth, or the age
  column, taken as the age at the plan's start). A team where nobody has one keeps the plan's
  value.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from mocmo.files import write_text_atomic
from mocmo.format import fmt_money, fmt_pct
from mocmo.plan import Plan, PlanError, parse_plan, save_plan
from mocmo.plan.roster import Person, Roster, dump_roster_yaml, roster_file_name
from mocmo.roster.costing import age_at, average_age, average_service_years, team_changes
from mocmo.roster.matching import match_teams, unmatched_problem
from mocmo.roster.models import FIELDS, ImportResult, RosterError, RowProblem, TeamsFound
from mocmo.roster.reading import Table, map_columns, read_cells, read_table
from mocmo.roster.survey import (
    activity_changes,
    activity_columns,
    check_shares,
    read_shares,
    team_activity_shares,
    unknown_activity_problems,
)

__all__ = [
    "MAX_AGE",
    "MIN_AGE",
    "describe_import",
    "import_roster",
    "roster_teams",
    "write_import",
    "write_roster_file",
]

MIN_AGE = 16
"""The youngest age a person may have at the plan's start (the plan's ages are 16–100)."""
MAX_AGE = 100
"""The oldest age a person may have at the plan's start."""


class _Rows(NamedTuple):
    """A roster file read and its rows checked cell by cell, before the teams are matched."""

    table: Table
    mapping: dict[str, str]
    ignored: tuple[str, ...]
    drafts: list[tuple[int, dict[str, Any]]]
    problems: dict[int, list[RowProblem]]
    team_rows: dict[str, list[int]]
    survey: dict[str, str]
    answers: dict[int, dict[str, float]]


def _read_rows(
    plan: Plan,
    roster_path: str | os.PathLike[str],
    columns: Mapping[str, str] | None,
    sheet: str | None,
    data: bytes | None,
) -> _Rows:
    table = read_table(roster_path, sheet, data)
    survey = activity_columns(table.columns)
    mapping, ignored = map_columns([c for c in table.columns if c not in survey], columns)
    unknown = unknown_activity_problems(survey, plan)
    if unknown:
        raise RosterError(unknown)
    drafts: list[tuple[int, dict[str, Any]]] = []
    problems: dict[int, list[RowProblem]] = {}
    answers: dict[int, dict[str, float]] = {}
    for number, cells in table.rows:
        values, found = read_cells(cells, mapping, plan.meta.currency)
        answers[number], unread = read_shares(cells, survey)
        for column, message in [*found, *unread]:
            problems.setdefault(number, []).append(
                RowProblem(row=number, column=column, message=message)
            )
        drafts.append((number, values))
    team_rows: dict[str, list[int]] = {}
    for number, values in drafts:
        if values.get("team"):
            team_rows.setdefault(values["team"], []).append(number)
    return _Rows(table, mapping, ignored, drafts, problems, team_rows, survey, answers)


def roster_teams(
    plan: Plan,
    roster_path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = None,
    teams: Mapping[str, str] | None = None,
    sheet: str | None = None,
    data: bytes | None = None,
) -> TeamsFound:
    """The columns read and the teams in the roster at ``roster_path`` (or ``data``), each with
    the legacy role it matches (None: it matches none yet) — what the app shows before the
    import, to map the teams that do not match. Raises :class:`RosterError` when the file or
    its columns cannot be read, or a mapping in ``teams`` names no team or role."""
    rows = _read_rows(plan, roster_path, columns, sheet, data)
    legacy = [r.name for r in plan.legacy_roles]
    team_map, _unmatched = match_teams(list(rows.team_rows), legacy, teams)
    return TeamsFound(
        columns=rows.mapping,
        ignored_columns=rows.ignored,
        teams={t: team_map.get(t) for t in rows.team_rows},
        rows={t: tuple(r) for t, r in rows.team_rows.items()},
    )


def import_roster(
    plan: Plan,
    roster_path: str | os.PathLike[str],
    plan_path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = None,
    teams: Mapping[str, str] | None = None,
    sheet: str | None = None,
    skip_invalid: bool = False,
    data: bytes | None = None,
) -> ImportResult:
    """The plan with the roster at ``roster_path`` imported (nothing is written).

    ``plan_path`` is where the new plan will be written: its roster file is
    ``<stem>.roster.yaml`` beside it. ``columns`` maps the file's columns to fields (column →
    field, or ``ignore``), ``teams`` the file's teams to legacy roles; ``sheet`` picks a sheet
    of a workbook; ``data`` is the file's bytes when already in hand (an upload: ``roster_path``
    is then only its name). Raises :class:`RosterError` listing every problem (row and column)
    unless ``skip_invalid``, which leaves the bad rows out and lists them — a legacy team left
    with nobody is still an error, and so is a plan the new headcounts make invalid.
    """
    rows = _read_rows(plan, roster_path, columns, sheet, data)
    table, mapping, ignored, drafts, problems, team_rows, survey, answers = rows
    legacy = [r.name for r in plan.legacy_roles]

    def bad(row: int, column: str | None, message: str) -> None:
        problems.setdefault(row, []).append(RowProblem(row=row, column=column, message=message))

    _duplicates(drafts, mapping["id"], bad)
    team_map, unmatched = match_teams(list(team_rows), legacy, teams)
    for team in unmatched:
        words = unmatched_problem(team, team_rows[team], mapping["team"], legacy)
        for number in team_rows[team]:
            bad(number, mapping["team"], words)

    people: list[Person] = []
    surveyed: list[tuple[Person, dict[str, float]]] = []
    for number, values in drafts:
        if number in problems:
            continue
        values = {**values, "team": team_map[values["team"]]}
        try:
            person = Person.model_validate(values)
        except ValidationError as err:
            for e in err.errors(include_url=False):
                field = str(e["loc"][0]) if e["loc"] else ""
                bad(number, mapping.get(field), f"{FIELDS.get(field, field)}: {e['msg']}")
            continue
        age = age_at(person, plan.meta.start_month)
        if age is not None and not MIN_AGE <= age <= MAX_AGE:
            bad(
                number,
                mapping.get("birth_date" if person.birth_date else "age"),
                f"gives an age of {age:g} at the plan's start ({plan.meta.start_month:%Y-%m}); "
                f"an age must be {MIN_AGE}–{MAX_AGE}",
            )
            continue
        unusable = check_shares(plan, person, answers[number], survey)
        for column, message in unusable:
            bad(number, column, message)
        if unusable:
            continue
        people.append(person)
        surveyed.append((person, answers[number]))

    if problems and not skip_invalid:
        raise RosterError(_unique([p for row in sorted(problems) for p in problems[row]]))
    skipped = tuple(p for row in sorted(problems) for p in problems[row])
    empty = [
        RowProblem(
            message=f"legacy team {role.name!r} ({role.headcount} in the plan) has nobody in "
            "the roster"
            + (" once the invalid rows are skipped" if skipped else "")
            + "; every legacy team needs its people: map a roster team onto it with --map-team "
            '"TEAM=' + role.name + '", or remove the team from the plan'
        )
        for role in plan.legacy_roles
        if not any(p.team == role.name for p in people)
    ]
    if empty:
        raise RosterError(empty)
    roster = Roster(people=tuple(people))
    file_name = roster_file_name(plan_path)
    shares = team_activity_shares(plan, surveyed)
    new_plan = _with_roster(plan, roster, file_name, shares)
    respondents = {t: sum(1 for p, a in surveyed if a and p.team == t) for t in shares}
    return ImportResult(
        plan=new_plan,
        roster_file=file_name,
        teams=team_changes(plan, new_plan),
        columns=mapping,
        ignored_columns=ignored,
        team_map={t: r for t, r in team_map.items() if t in team_rows},
        skipped=skipped,
        rows_read=len(table.rows),
        activities=activity_changes(plan, shares, respondents),
    )


def _unique(problems: list[RowProblem]) -> list[RowProblem]:
    return list(dict.fromkeys(problems))


def _duplicates(drafts: list[tuple[int, dict[str, Any]]], column: str, bad: Any) -> None:
    """Every row whose identifier another row has too (compared ignoring case)."""
    rows: dict[str, list[int]] = {}
    for number, values in drafts:
        if values.get("id"):
            rows.setdefault(values["id"].casefold(), []).append(number)
    for number, values in drafts:
        same = rows.get(values.get("id", "").casefold(), [])
        if len(same) > 1:
            others = ", ".join(str(r) for r in same if r != number)
            bad(
                number,
                column,
                f"duplicate identifier {values['id']!r}, also on row {others}; each person "
                "needs their own identifier",
            )


def _with_roster(
    plan: Plan, roster: Roster, file_name: str, shares: Mapping[str, tuple[float, ...]]
) -> Plan:
    """The plan with ``roster`` carried, every legacy team's headcount, FTE and averages from
    it and a surveyed team's activity shares from ``shares``; :class:`RosterError` when the
    new headcounts make the plan invalid."""
    start = plan.meta.start_month
    data: dict[str, Any] = plan.model_dump(mode="json")
    for role in data["legacy_roles"]:
        for activity, share in zip(role["activities"], shares.get(role["name"], ()), strict=False):
            activity["share"] = share
        people = roster.team(role["name"])
        role["headcount"] = len(people)
        role["fte"] = round(sum(p.fte for p in people), 6)  # within FTE_TOLERANCE of the sum
        service = average_service_years(people, start)
        age = average_age(people, start)
        if service is not None:
            role["average_service_years"] = service
        if age is not None:
            role["average_age"] = age
    data["roster"] = file_name
    data["roster_people"] = roster.model_dump(mode="json")
    try:
        return parse_plan(data)
    except PlanError as err:
        raise RosterError(
            [
                RowProblem(
                    message=f"with the roster's headcounts the plan is no longer valid: {problem}"
                )
                for problem in err.problems
            ]
        ) from None


def write_roster_file(plan: Plan, plan_path: str | os.PathLike[str]) -> Path:
    """Write ``plan``'s people to its roster file (``plan.roster``, in ``plan_path``'s folder)
    atomically; returns its path. The one writer of roster files: the CLI's import and the
    app's Save both call it."""
    if plan.roster is None or plan.roster_people is None:
        raise ValueError("the plan carries no roster to write")
    path = Path(plan_path).parent / plan.roster
    write_text_atomic(path, dump_roster_yaml(plan.roster_people, plan.meta.name))
    return path


def write_import(result: ImportResult, plan_path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Write the roster file (``result.roster_file`` beside ``plan_path``), then the plan at
    ``plan_path``, each atomically; returns (roster path, plan path)."""
    target = Path(plan_path)
    roster_path = write_roster_file(result.plan, target)
    save_plan(result.plan, target)
    return roster_path, target


def describe_import(result: ImportResult) -> str:
    """What the import changes, in words and one line per team: heads, FTE, payroll and loaded
    cost before → after, and the totals (teams and totals only: no person is shown)."""
    cur = result.plan.meta.currency

    def money(value: float) -> str:
        return fmt_money(value, cur)

    lines = [
        f"Read {result.rows_read} row(s): {len(result.roster.people)} people in "
        f"{len(result.teams)} team(s)."
    ]
    lines.append(
        "Columns: "
        + ", ".join(f"{c} → {f}" for f, c in result.columns.items())
        + (f"; ignored: {', '.join(result.ignored_columns)}" if result.ignored_columns else "")
    )
    renamed = {t: r for t, r in result.team_map.items() if t != r}
    if renamed:
        lines.append("Teams: " + ", ".join(f"{t} → {r}" for t, r in renamed.items()))
    header = ("Team", "Heads", "FTE", "Payroll (base)", "Loaded cost")
    rows = [
        (
            t.team,
            f"{t.heads_before} → {t.heads_after}",
            f"{t.fte_after:g}",
            f"{money(t.payroll_before)} → {money(t.payroll_after)}",
            f"{money(t.loaded_before)} → {money(t.loaded_after)}",
        )
        for t in result.teams
    ]
    total = (
        "Total",
        f"{sum(t.heads_before for t in result.teams)} → {sum(t.heads_after for t in result.teams)}",
        f"{sum(t.fte_after for t in result.teams):g}",
        f"{money(sum(t.payroll_before for t in result.teams))} → "
        f"{money(sum(t.payroll_after for t in result.teams))}",
        f"{money(sum(t.loaded_before for t in result.teams))} → "
        f"{money(sum(t.loaded_after for t in result.teams))}",
    )
    widths = [max(len(r[k]) for r in (header, *rows, total)) for k in range(len(header))]
    for row in (header, *rows, total):
        cells = (cell.ljust(w) for cell, w in zip(row, widths, strict=True))
        lines.append(("  " + "  ".join(cells)).rstrip())
    surveyed = dict.fromkeys(a.team for a in result.activities)
    if surveyed:
        lines.append("Activity shares from the survey (FTE-weighted mean of who answered):")
    for team in surveyed:
        changes = [a for a in result.activities if a.team == team]
        lines.append(
            f"  {team} ({changes[0].respondents} answered): "
            + "; ".join(
                f"{a.activity} {fmt_pct(a.share_before, 1)} → {fmt_pct(a.share_after, 1)}"
                for a in changes
            )
        )
    variable = sum(t.variable_pay for t in result.teams)
    if variable:
        lines.append(f"Variable pay (not in the loaded cost): {money(variable)} a year.")
    if result.skipped:
        rows_left = sorted({p.row for p in result.skipped if p.row is not None})
        lines.append(f"Skipped {len(rows_left)} invalid row(s) (--skip-invalid):")
        lines.extend(f"  {p}" for p in result.skipped)
    return "\n".join(lines)
