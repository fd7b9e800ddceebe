"""The People sheet: one row per person of the plan's roster, written only when asked
(``mocmo export --include-people``) — every other sheet shows teams and totals only.

Even then a person is shown **pseudonymised** unless names are asked for
(``--include-people names``): a pseudonym P001, P002 … (in the roster's order), their team,
FTE, full-time salary, actual pay (salary × FTE), variable pay and their loaded cost on their
own pay (:func:`mocmo.costing.people_loaded_cost`, the figure the team's legacy cost sums).
Job titles, dates, ages, locations and managers are left out of a pseudonymised sheet: a title
such as "Brand Lead" or a start date names a person as surely as their name. With names, the
identifier, the name and the job title are added.

The rows are figures of the model, written as values (the people are not inputs of the
workbook: the per-team pay inputs on the Assumptions sheet are); each team's and the whole
sheet's totals are live sums, so they can be checked against the team payroll the Assumptions
sheet carries.
"""

from __future__ import annotations

from typing import Any, Literal

from mocmo.plan import Plan
from mocmo.plan.roster import Roster

__all__ = [
    "INCLUDE_PEOPLE",
    "PEOPLE_SHEET",
    "IncludePeople",
    "people_rows",
    "pseudonyms",
    "write_people_sheet",
]

PEOPLE_SHEET = "People"
"""The sheet's name."""
IncludePeople = Literal["pseudonymised", "names"]
INCLUDE_PEOPLE: tuple[str, ...] = ("pseudonymised", "names")
"""What ``--include-people`` may say: pseudonyms only (the default), or names too."""


def pseudonyms(roster: Roster) -> dict[str, str]:
    """Each person's identifier → their pseudonym, P001, P002 … in the roster's order (P1000 on
    for a thousand people or more)."""
    return {p.id: f"P{i:03d}" for i, p in enumerate(roster.people, start=1)}


def people_rows(plan: Plan, include: IncludePeople = "pseudonymised") -> list[dict[str, Any]]:
    """One row per person, team by team in the plan's order: pseudonym (with ``names``: the
    identifier, name and job title too), team, FTE, salary, pay, variable pay, loaded cost."""
    from mocmo.costing import people_loaded_cost

    roster = plan.roster_people
    if roster is None:
        return []
    alias = pseudonyms(roster)
    rows = []
    for role in plan.legacy_roles:
        for person in roster.team(role.name):
            row: dict[str, Any] = {"Person": alias[person.id]}
            if include == "names":
                row |= {"Identifier": person.id, "Name": person.name, "Job title": person.title}
            row |= {
                "Team": role.name,
                "FTE": person.fte,
                "Salary (full time)": person.salary,
                "Pay (salary × FTE)": person.pay,
                "Variable pay": person.variable_pay,
                "Loaded cost": people_loaded_cost(plan, (person,)),
            }
            rows.append(row)
    return rows


_FORMATS: dict[str, Any] = {
    "FTE": "fte",
    "Salary (full time)": "money",
    "Pay (salary × FTE)": "money",
    "Variable pay": "money",
    "Loaded cost": "money2",
}
_TOTALLED = ("FTE", "Pay (salary × FTE)", "Variable pay", "Loaded cost")


def write_people_sheet(book: Any, include: IncludePeople = "pseudonymised") -> None:
    """Write the People sheet into ``book`` (a :class:`mocmo.excel._book.Book`): the rows of
    :func:`people_rows`, a live total per team and for everyone. No roster: no sheet."""
    rows = people_rows(book.plan, include)
    if not rows:
        return
    sheet = book.sheet(PEOPLE_SHEET)
    shown = "by name" if include == "names" else "pseudonymised (P001 …: no name, title or date)"
    row = sheet.heading(
        "People",
        f"Today's people, {shown} — written because the export was asked to include people; "
        "share this workbook accordingly. Loaded cost: each person's own on-costs on their pay.",
    )
    labels = list(rows[0])
    first = sheet.header(row, labels)
    row = first
    totals: list[int] = []
    for team in dict.fromkeys(r["Team"] for r in rows):
        start = row
        for person in (r for r in rows if r["Team"] == team):
            for k, label in enumerate(labels, start=1):
                if label in _FORMATS:
                    sheet.value(row, k, person[label], _FORMATS[label], "value")
                else:
                    sheet.text(row, k, person[label])
            row += 1
        sheet.text(row, labels.index("Team") + 1, f"{team} total", "label")
        for label in _TOTALLED:
            sheet.column_total(row, labels.index(label) + 1, start, row - 1, _FORMATS[label])
        totals.append(row)
        row += 1
    sheet.text(row, labels.index("Team") + 1, "Everyone", "label")
    for label in _TOTALLED:
        column = labels.index(label) + 1
        formula = "+".join(sheet.ref(r, column, sheet=False) for r in totals)
        sheet.formula(row, column, formula, _FORMATS[label], "total")
    sheet.finish(freeze_row=first - 1)
