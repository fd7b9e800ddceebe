"""An activity survey in the roster: per person, the share of their time each activity takes,
averaged into their team's activity shares.

**Where the answers go.** A roster column headed ``Activity: NAME`` (any case, spaces around
the colon allowed) holds each person's share of time on the activity ``NAME`` of their legacy
team — one column per activity, in the roster itself rather than a second file: the survey's
rows are then the roster's rows, already checked (identifier, team, FTE), and a problem is
reported on the row the user sees; a second file would need its own identifiers joined to the
roster, with its own missing and extra people to report. A person who leaves every activity
cell empty did not answer; a team where nobody answered keeps the plan's shares.

**How a team's share is made.** The team's share of an activity is the FTE-weighted mean of
its respondents' shares: Σ FTE × share ÷ Σ FTE. An activity share is a share of the *team's
hours*, and a person contributes hours in proportion to their FTE: a 0.2 FTE proofreader who
spends all their time proofreading adds 0.2 × 37.5 = 7.5 hours a week of proofreading, not
as much as a full-timer would. (An unweighted mean would count them as one full person.)

**Checks.** A share is a fraction (``0.4``) or a percentage (``40%``); a bare number above 1
(``40``) is refused, as FTE is, rather than guessed. Each respondent's shares must add up to
100% within the plan's :data:`~mocmo.plan.SHARE_TOLERANCE`, the same rule as a team's shares;
a share for an activity their team does not have is refused on its row and column, and a column
naming an activity no legacy team has is refused once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from mocmo.format import fmt_pct
from mocmo.plan import SHARE_TOLERANCE, Plan
from mocmo.plan.roster import Person
from mocmo.roster.matching import match_key
from mocmo.roster.models import ActivityChange, RowProblem
from mocmo.roster.reading import _number_cell, _text

__all__ = [
    "ACTIVITY_COLUMN",
    "activity_changes",
    "activity_columns",
    "check_shares",
    "parse_share",
    "read_shares",
    "team_activity_shares",
    "unknown_activity_problems",
]

ACTIVITY_COLUMN = re.compile(r"\s*activity\s*:\s*(?P<name>\S.*?)\s*", re.IGNORECASE)
"""A survey column's header: ``Activity: NAME``."""


def activity_columns(columns: Sequence[str]) -> dict[str, str]:
    """The file's survey columns: column → the activity name it gives (as headed)."""
    found = {}
    for column in columns:
        match = ACTIVITY_COLUMN.fullmatch(column)
        if match:
            found[column] = match.group("name")
    return found


def unknown_activity_problems(survey: Mapping[str, str], plan: Plan) -> list[RowProblem]:
    """A survey column naming an activity no legacy team of the plan has (one problem each)."""
    known = {match_key(a.name) for r in plan.legacy_roles for a in r.activities}
    return [
        RowProblem(
            column=column,
            message=f"no legacy team of the plan has an activity {name!r}; head a survey "
            "column 'Activity: NAME' with the name of one of the team's activities",
        )
        for column, name in survey.items()
        if match_key(name) not in known
    ]


def parse_share(value: Any) -> float | None:
    """A share of time from a cell: a fraction (0.4) or a percentage (40%); None when empty.
    Raises ValueError for a share outside 0–100%, a bare number above 1, or other text."""
    expected = "a share of the person's time such as 40% or 0.4"
    cell = _number_cell(value, expected)
    if cell is None:
        return None
    if isinstance(cell, str):
        body = cell.replace(" ", "")
        percent = body.endswith("%")
        number = body[:-1] if percent else body
        if not re.fullmatch(r"-?\d+(\.\d+)?|-?\.\d+", number):
            raise ValueError(f"got {cell!r}, expected {expected}")
        share = float(number) / 100.0 if percent else float(number)
        if not percent and share > 1.0:
            raise ValueError(
                f"got {cell!r}: write a share as a percentage with its sign ({share:g}%) or as "
                f"a fraction ({share / 100:g})"
            )
    else:
        share = cell
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"got {_text(value)}, a share must be between 0% and 100%")
    return share


def read_shares(
    cells: Mapping[str, Any], survey: Mapping[str, str]
) -> tuple[dict[str, float], list[tuple[str, str]]]:
    """One row's answers (activity as headed → share; empty cells left out) and its problems
    as (column, message)."""
    shares: dict[str, float] = {}
    problems: list[tuple[str, str]] = []
    for column, name in survey.items():
        try:
            share = parse_share(cells.get(column))
        except ValueError as err:
            problems.append((column, str(err)))
            continue
        if share is not None:
            shares[name] = share
    return shares, problems


def check_shares(
    plan: Plan, person: Person, shares: Mapping[str, float], survey: Mapping[str, str]
) -> list[tuple[str | None, str]]:
    """Why a respondent's answers cannot be used, as (column, message): a share for an
    activity their team does not have, or shares not adding up to 100% (±SHARE_TOLERANCE)."""
    if not shares:
        return []
    role = next(r for r in plan.legacy_roles if r.name == person.team)
    own = {match_key(a.name) for a in role.activities}
    column_of = {name: column for column, name in survey.items()}
    problems: list[tuple[str | None, str]] = []
    for name, share in shares.items():
        if share and match_key(name) not in own:
            problems.append(
                (
                    column_of[name],
                    f"{role.name} has no activity {name!r} (its activities: "
                    f"{', '.join(a.name for a in role.activities)}); leave the cell empty",
                )
            )
    total = sum(shares.values())
    if abs(total - 1.0) > SHARE_TOLERANCE:
        listed = ", ".join(f"{n} {fmt_pct(s, 1)}" for n, s in shares.items())
        problems.append(
            (
                None,
                f"the activity shares add up to {fmt_pct(total, 1)} ({listed}); a person's "
                f"shares must add up to 100% (±{fmt_pct(SHARE_TOLERANCE, 1)})",
            )
        )
    return problems


def team_activity_shares(
    plan: Plan, answers: Sequence[tuple[Person, Mapping[str, float]]]
) -> dict[str, tuple[float, ...]]:
    """Each legacy team with at least one respondent → its activities' shares (in the plan's
    order): Σ FTE × share ÷ Σ FTE over the team's respondents (an activity a respondent left
    empty counts 0 for them), to 6 decimals."""
    out: dict[str, tuple[float, ...]] = {}
    for role in plan.legacy_roles:
        people = [(p, {match_key(n): s for n, s in a.items()}) for p, a in answers if a]
        people = [(p, a) for p, a in people if p.team == role.name]
        if not people:
            continue
        fte = sum(p.fte for p, _ in people)
        out[role.name] = tuple(
            round(sum(p.fte * a.get(match_key(act.name), 0.0) for p, a in people) / fte, 6)
            for act in role.activities
        )
    return out


def activity_changes(
    before: Plan, shares: Mapping[str, tuple[float, ...]], respondents: Mapping[str, int]
) -> tuple[ActivityChange, ...]:
    """Each surveyed team's activities: the share before and after, and how many answered."""
    out = []
    for role in before.legacy_roles:
        if role.name not in shares:
            continue
        for act, after in zip(role.activities, shares[role.name], strict=True):
            out.append(
                ActivityChange(
                    team=role.name,
                    activity=act.name,
                    share_before=act.share,
                    share_after=after,
                    respondents=respondents[role.name],
                )
            )
    return tuple(out)
