"""Matching a roster's teams to the plan's legacy roles: by name, ignoring case and spaces,
then by the user's mapping (``--map-team "Growth=Demand Generation"``); a team that matches
nothing is reported with its rows and the option that maps it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mocmo.roster.models import RosterError, RowProblem

__all__ = ["match_key", "match_teams", "unmatched_problem"]


def match_key(name: str) -> str:
    """A team name for matching: lower case, spaces removed ("Demand  generation" and
    "demand generation" and "DemandGeneration" match)."""
    return "".join(name.casefold().split())


def match_teams(
    teams: Sequence[str], legacy_roles: Sequence[str], overrides: Mapping[str, str] | None = None
) -> tuple[dict[str, str], tuple[str, ...]]:
    """(the roster's team → the legacy role it is, the teams that match none).

    ``overrides`` (roster team → legacy role) come first; both sides of an override are matched
    by :func:`match_key`. Raises :class:`RosterError` for an override whose team is not in the
    roster or whose role is not in the plan (a typo would otherwise pass unseen).
    """
    roles = {match_key(r): r for r in legacy_roles}
    by_key = {match_key(t): t for t in teams}
    problems: list[RowProblem] = []
    mapped: dict[str, str] = {}
    for source, target in (overrides or {}).items():
        team = by_key.get(match_key(source))
        role = roles.get(match_key(target))
        if team is None:
            problems.append(
                RowProblem(
                    message=f"--map-team {source}={target}: no team {source!r} in the roster; "
                    f"its teams: {', '.join(teams) or 'none'}"
                )
            )
        if role is None:
            problems.append(
                RowProblem(
                    message=f"--map-team {source}={target}: {target!r} is no legacy role of "
                    f"the plan; its legacy roles: {', '.join(legacy_roles) or 'none'}"
                )
            )
        if team is not None and role is not None:
            for t in teams:  # every spelling of the team in the file
                if match_key(t) == match_key(team):
                    mapped[t] = role
    if problems:
        raise RosterError(problems)
    unmatched: list[str] = []
    for team in teams:
        if team in mapped:
            continue
        role = roles.get(match_key(team))
        if role is None:
            unmatched.append(team)
        else:
            mapped[team] = role
    return mapped, tuple(unmatched)


def unmatched_problem(
    team: str, rows: Sequence[int], column: str, legacy_roles: Sequence[str]
) -> str:
    """The words for a roster team that matches no legacy role: its rows, the roles, and the
    ``--map-team`` option that maps it."""
    shown = ", ".join(str(r) for r in rows[:10]) + (" …" if len(rows) > 10 else "")
    example = legacy_roles[0] if legacy_roles else "LEGACY ROLE"
    return (
        f"team {team!r} (column {column!r}, rows {shown}) matches no legacy role of the plan "
        f'({", ".join(legacy_roles) or "none"}); map it with --map-team "{team}={example}" '
        "(or the role it belongs to)"
    )
