"""The roster import's models: the fields a roster column can hold, a problem with a row,
what an import changes per team, and the import's result (a new plan with its people).

The people themselves (:class:`Person`, :class:`Roster`) are plan models
(:mod:`mocmo.plan.roster`), re-exported here.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from mocmo.plan import Plan, ProblemsError
from mocmo.plan.roster import Person, Roster

__all__ = [
    "FIELDS",
    "IGNORE",
    "REQUIRED_FIELDS",
    "ActivityChange",
    "ImportResult",
    "Person",
    "Roster",
    "RosterError",
    "RowProblem",
    "TeamChange",
    "TeamsFound",
]

FIELDS: dict[str, str] = {
    "id": "the person's identifier (employee ID)",
    "name": "the person's name",
    "title": "job title",
    "team": "team or department (matched to the plan's legacy roles)",
    "salary": "annual base salary for full time",
    "fte": "full-time equivalent, above 0 and at most 1 (empty: 1)",
    "start_date": "start date of continuous service",
    "birth_date": "date of birth",
    "age": "age in years (used when there is no date of birth)",
    "location": "location or country",
    "manager": "line manager",
    "variable_pay": "annual variable pay on target (bonus, commission)",
}
"""Every field a roster column can be mapped to (``--map COLUMN=FIELD``), with its meaning."""
REQUIRED_FIELDS: tuple[str, ...] = ("id", "team", "salary")
"""Fields the roster must have a column for."""
IGNORE = "ignore"
"""``--map COLUMN=ignore``: the column is not read (e.g. a second column that looks like one
already matched)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)


class RowProblem(_Frozen):
    """Something wrong in the roster file: on a row (header = row 1) and column when known."""

    message: str
    row: int | None = Field(None, description="Row of the file (the header is row 1).")
    column: str | None = Field(None, description="The file's column, as headed.")

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class RosterError(ProblemsError[RowProblem]):
    """A roster that cannot be imported; :attr:`problems` lists every reason (nothing was
    written)."""

    subject = "roster"


class TeamChange(_Frozen):
    """One legacy team before and after the import (teams and totals only: no person)."""

    team: str
    heads_before: int
    heads_after: int
    fte_after: float = Field(description="Sum of the team's people's FTE.")
    payroll_before: float = Field(description="Base payroll before (currency/year).")
    payroll_after: float = Field(description="Σ salary × FTE after (currency/year).")
    loaded_before: float = Field(description="Fully loaded cost before (currency/year).")
    loaded_after: float = Field(description="Fully loaded cost after (currency/year).")
    variable_pay: float = Field(description="The team's variable pay (currency/year).")
    average_service_years: float | None = Field(
        description="Mean completed years of service at the plan's start; None: no start dates."
    )
    average_age: float | None = Field(
        description="Mean age in completed years at the plan's start; None: no ages."
    )


class ActivityChange(_Frozen):
    """One activity of a surveyed team: its share of the team's time before and after."""

    team: str
    activity: str
    share_before: float
    share_after: float = Field(description="The respondents' FTE-weighted mean share.")
    respondents: int = Field(description="People of the team who answered the survey.")


class ImportResult(_Frozen):
    """What an import makes: the new plan (carrying the people), its roster file's name, the
    change per team, the columns read and ignored, the teams mapped and the rows skipped."""

    plan: Plan
    roster_file: str
    teams: tuple[TeamChange, ...]
    columns: dict[str, str] = Field(description="Field → the file's column it was read from.")
    ignored_columns: tuple[str, ...] = ()
    team_map: dict[str, str] = Field(description="The file's team → the plan's legacy role.")
    skipped: tuple[RowProblem, ...] = Field(
        (), description="Rows left out with --skip-invalid, one problem per reason."
    )
    rows_read: int = Field(description="Rows of people in the file (blank rows not counted).")
    activities: tuple[ActivityChange, ...] = Field(
        (), description="The activity shares the survey columns set, team by team."
    )

    @property
    def roster(self) -> Roster:
        """The people imported."""
        assert self.plan.roster_people is not None
        return self.plan.roster_people


class TeamsFound(_Frozen):
    """A roster's columns and teams as read, before the import: what the app previews."""

    columns: dict[str, str] = Field(description="Field → the file's column it is read from.")
    ignored_columns: tuple[str, ...] = ()
    teams: dict[str, str | None] = Field(
        description="Each team of the file → the legacy role it matches (None: none yet)."
    )
    rows: dict[str, tuple[int, ...]] = Field(description="Each team of the file → its rows.")

    @property
    def unmatched(self) -> tuple[str, ...]:
        """The file's teams that match no legacy role (yet)."""
        return tuple(t for t, role in self.teams.items() if role is None)
