"""The roster: today's people, one validated, frozen record per person, read from the roster
file next to the plan (``<plan stem>.roster.yaml``) and carried on the plan as
``Plan.roster_people`` — never written into the plan file itself.

A plan that names a roster (``roster: brightwave.roster.yaml``) is costed on its people's
actual pay instead of its legacy teams' band points (:mod:`mocmo.costing.people`). This module
holds the models, the roster file's YAML (read and write) and the checks that tie a roster to
its plan (every person in a legacy team, every team's headcount and FTE from its people). The
import from an HRIS export (CSV or .xlsx) is :mod:`mocmo.roster`.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterator
from pathlib import PurePath
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, Field, model_validator

from mocmo.plan.fields import Age, Money, MoneyOrZero, Name, _Model
from mocmo.plan.oncosts import Country

if TYPE_CHECKING:
    from mocmo.plan.models import Plan

__all__ = [
    "FTE_TOLERANCE",
    "ROSTER_SUFFIX",
    "ROSTER_VERSION",
    "Person",
    "PersonFte",
    "Roster",
    "dump_roster_yaml",
    "roster_errors",
    "roster_file_name",
    "roster_from_data",
    "roster_name_problem",
]

ROSTER_VERSION = 1
"""The version of the roster file's layout (``roster_version``)."""
ROSTER_SUFFIX = ".roster.yaml"
"""A plan's roster file is ``<plan stem>.roster.yaml``, in the plan's own folder."""
FTE_TOLERANCE = 1e-6
"""How far a team's stored FTE may be from the sum of its people's FTE (rounding only)."""


def _fte(value: float) -> float:
    if not 0.0 < value <= 1.0:
        raise ValueError(
            f"got {value:g}, must be above 0 and at most 1 (a share of full time: 0.8 = 4 days "
            "a week)"
        )
    return value


PersonFte = Annotated[float, AfterValidator(_fte)]
"""One person's full-time equivalent: above 0, at most 1."""


class Person(_Model):
    """One person in today's team, as the roster file keeps them (private: never exported)."""

    id: Name = Field(description="The person's identifier in the HRIS (employee ID).")
    name: str = Field("", description="The person's name, if the export gave one.")
    title: str = Field("", description="Job title.")
    team: Name = Field(description="The plan's legacy role (team) the person is in.")
    salary: Money = Field(
        description="Annual base salary for full time (currency/year); the pay is salary × FTE."
    )
    fte: PersonFte = Field(1.0, description="Full-time equivalent, above 0 and at most 1.")
    start_date: _dt.date | None = Field(None, description="Start date of continuous service.")
    birth_date: _dt.date | None = Field(None, description="Date of birth.")
    age: Age | None = Field(
        None, description="Age in years at the plan's start, when no date of birth is given."
    )
    location: str = Field("", description="Location or country.")
    manager: str = Field("", description="Line manager, as the export names them.")
    variable_pay: MoneyOrZero = Field(
        0.0, description="Annual variable pay (bonus, commission) on target (currency/year)."
    )
    country: Country | None = Field(
        None,
        description="The person's on-cost profile; empty: their team's, else the plan's.",
    )

    @property
    def pay(self) -> float:
        """Actual annual base pay: salary × FTE (currency/year)."""
        return self.salary * self.fte


class Roster(_Model):
    """Today's people: at least one, each identifier once."""

    roster_version: int = ROSTER_VERSION
    people: tuple[Person, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Roster:
        seen: dict[str, int] = {}
        for i, person in enumerate(self.people):
            key = person.id.casefold()
            if key in seen:
                raise ValueError(
                    f"people[{i}].id: got {person.id!r}, also the identifier of people"
                    f"[{seen[key]}]; each person needs their own identifier"
                )
            seen[key] = i
        if self.roster_version != ROSTER_VERSION:
            raise ValueError(
                f"roster_version: got {self.roster_version}, this mocmo reads roster_version "
                f"{ROSTER_VERSION} only"
            )
        return self

    def team(self, name: str) -> tuple[Person, ...]:
        """The people of the legacy team ``name``, in roster order."""
        return tuple(p for p in self.people if p.team == name)

    def teams(self) -> tuple[str, ...]:
        """The teams people are in, each once, in order of first appearance."""
        return tuple(dict.fromkeys(p.team for p in self.people))


def roster_file_name(plan_path: str | os.PathLike[str]) -> str:
    """The roster file name of the plan at ``plan_path``: ``<plan stem>.roster.yaml``."""
    return PurePath(plan_path).stem + ROSTER_SUFFIX


def roster_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be the plan's ``roster`` reference, or None: it must be a plain file
    name in the plan's own folder (no folder, no ``..``) ending ``.yaml``."""
    if not name or name != name.strip():
        return f"got {name!r}, must be the roster file's name, e.g. 'plan{ROSTER_SUFFIX}'"
    if any(sep in name for sep in ("/", "\\")) or name in (".", "..") or "\x00" in name:
        return (
            f"got {name!r}, must be a file name in the plan's own folder (no folder part), e.g. "
            f"'plan{ROSTER_SUFFIX}'"
        )
    if not name.endswith((".yaml", ".yml")):
        return f"got {name!r}, the roster file's name must end .yaml"
    return None


def roster_errors(plan: Plan) -> Iterator[str]:
    """Why ``plan``'s roster and its legacy teams disagree (none when the plan has no roster):
    every person in a legacy team, every legacy team with at least one person, each team's
    headcount = its people and its FTE = the sum of their FTE; a roster needs the plan's
    ``roster`` reference and the reference needs its people loaded."""
    if plan.roster is not None:
        why = roster_name_problem(plan.roster)
        if why:
            yield f"roster: {why}"
    for i, role in enumerate(plan.legacy_roles):
        if role.fte is not None and role.fte > role.headcount + FTE_TOLERANCE:
            yield (
                f"legacy_roles[{i}].fte: got {role.fte:g} with headcount {role.headcount}; a "
                "team's FTE is at most its headcount (nobody works more than full time)"
            )
    roster = plan.roster_people
    if roster is None:
        if plan.roster is not None:
            yield (
                f"roster: names the roster file {plan.roster!r}, but its people are not loaded; "
                "read the plan with mocmo.plan.load_plan (which reads the roster file next to "
                "it)"
            )
        return
    if plan.roster is None:
        yield (
            "roster: the plan carries a roster but names no roster file; set roster to the "
            f"file's name (<plan stem>{ROSTER_SUFFIX})"
        )
    names = [r.name for r in plan.legacy_roles]
    for i, person in enumerate(roster.people):
        if person.team not in names:
            yield (
                f"roster_people.people[{i}].team: got {person.team!r} (person {person.id!r}), "
                f"must be a legacy role of the plan: {', '.join(names) or 'none'}"
            )
    for i, role in enumerate(plan.legacy_roles):
        people = roster.team(role.name)
        if not people:
            yield (
                f"legacy_roles[{i}]: {role.name!r} has nobody in the roster; every legacy team "
                "needs its people (import the roster again, or remove the team)"
            )
            continue
        if role.headcount != len(people):
            yield (
                f"legacy_roles[{i}].headcount: got {role.headcount}, the roster has "
                f"{len(people)} people in {role.name!r}; the headcount of a team comes from the "
                "roster (import it again to change it)"
            )
        fte = sum(p.fte for p in people)
        if role.fte is None or abs(role.fte - fte) > FTE_TOLERANCE:
            shown = "empty" if role.fte is None else f"{role.fte:g}"
            yield (
                f"legacy_roles[{i}].fte: got {shown}, the roster's people in {role.name!r} "
                f"add up to {fte:g} FTE; the FTE of a team comes from the roster"
            )


def roster_from_data(data: Any) -> Roster:
    """Validate plain data (as read from a roster file) into a :class:`Roster` (pydantic's
    ValidationError on bad data)."""
    return Roster.model_validate(data)


def dump_roster_yaml(roster: Roster, plan_name: str) -> str:
    """The roster file's text: a comment saying what it is and that it is private, then the
    people as YAML (keys in model order)."""
    from mocmo.plan.io import _plain, _yaml_text  # at call time: io imports this module

    data = _plain(roster.model_dump(mode="json"))
    head = (
        f"# mocmo roster of the plan {plan_name!r}: today's people, one entry per person.\n"
        "# PRIVATE: names and salaries. mocmo never exports this file's people (the workbook,\n"
        "# charts and summary show teams and totals); do not share it with the plan.\n"
        "# Written by `mocmo import-roster`; import again to change it.\n"
    )
    return head + _yaml_text(data)
