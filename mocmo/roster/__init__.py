"""Start from your own people: import a roster (an HRIS export, CSV or .xlsx) into a plan.

``mocmo import-roster ROSTER --into PLAN`` reads one row per person (identifier, job title,
team, annual base salary, FTE, and optionally start date, date of birth or age, location,
manager, variable pay), matches the teams to the plan's legacy roles and writes the people to
``<plan stem>.roster.yaml`` beside the plan, which the plan then names (``roster:``). The
legacy cost is then each person's loaded cost on their actual pay
(:func:`mocmo.costing.legacy_role_loaded_cost`). The plan file, the workbook, the charts and
the summary show teams and totals only — never a person.

The parts: :mod:`~mocmo.roster.models` (fields, problems, the import's result),
:mod:`~mocmo.roster.reading` (the file, its columns and cells), :mod:`~mocmo.roster.matching`
(teams to legacy roles), :mod:`~mocmo.roster.survey` (an activity survey's columns averaged
into each team's activity shares), :mod:`~mocmo.roster.costing` (ages, service, each team before and
after) and :mod:`~mocmo.roster.importing` (the import and its writing). The people's models are
:class:`mocmo.plan.Person` and :class:`mocmo.plan.Roster`.
"""

from __future__ import annotations

from mocmo.roster.importing import (
    describe_import,
    import_roster,
    roster_teams,
    write_import,
    write_roster_file,
)
from mocmo.roster.models import (
    FIELDS,
    IGNORE,
    REQUIRED_FIELDS,
    ActivityChange,
    ImportResult,
    Person,
    Roster,
    RosterError,
    RowProblem,
    TeamChange,
    TeamsFound,
)
from mocmo.roster.reading import SYNONYMS

__all__ = [
    "FIELDS",
    "IGNORE",
    "REQUIRED_FIELDS",
    "SYNONYMS",
    "ActivityChange",
    "ImportResult",
    "Person",
    "Roster",
    "RosterError",
    "RowProblem",
    "TeamChange",
    "TeamsFound",
    "describe_import",
    "import_roster",
    "roster_teams",
    "write_import",
    "write_roster_file",
]
