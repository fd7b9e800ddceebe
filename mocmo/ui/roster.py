"""Import your team: a roster (an HRIS export, CSV or .xlsx) uploaded in the app, previewed,
its unmatched teams mapped to legacy roles, and confirmed as one edit of the plan.

:class:`TeamImport` is the app's face of ``mocmo import-roster``: the file is read, checked and
imported by :mod:`mocmo.roster` (the one home of the parsing, the checks and the costing); this
module only shows what the import would do and hands the new legacy teams and people to the
page's usual edit (:meth:`mocmo.ui.core.StepLayout.edit`), so the Save bar shows unsaved
changes and Save writes the roster file next to the plan, atomically
(:meth:`mocmo.ui.core.PlanSession.save`). Until Confirm, nothing in the plan changes.

The preview shows teams and totals only — the columns read, each team's match, and heads, FTE,
payroll and loaded cost before → after per team — never a person. Every problem the command
would report is shown in plain words with its row and column; the command's options in it
(``--map-team``, ``--map``) are said as what to do on this page or in the file.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as w

from mocmo.format import fmt_money, fmt_pct
from mocmo.plan import Plan, Problem
from mocmo.roster import (
    FIELDS,
    ImportResult,
    RosterError,
    RowProblem,
    TeamsFound,
    import_roster,
    roster_teams,
)
from mocmo.ui.core import PlanSession, ProblemList, guarded, html_table, on_click, section
from mocmo.ui.fields import Choices

__all__ = ["ACCEPT", "NOT_CHOSEN", "TeamImport", "app_words"]

ACCEPT = ".csv,.xlsx,.xlsm"
"""The files the upload offers (what :func:`mocmo.roster.import_roster` reads)."""
NOT_CHOSEN = ""
"""A team dropdown's value before a legacy role is chosen."""

Edit = Callable[[Mapping[str, Any]], list[Problem]]
"""The page's edit: applies ``{path: value}`` as one new validated plan, returns problems."""

_APP_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"; map it with --map-team \"[^\"]*\" \(or the role it belongs to\)"),
        "; choose its legacy team in the list of teams above",
    ),
    (
        re.compile(r"; every legacy team needs its people: map a roster team onto it with "
                   r"--map-team \"[^\"]*\", or remove the team from the plan"),
        "; every legacy team needs its people: choose it for one of the file's teams above, "
        "or remove the team from the plan",
    ),
    (
        re.compile(r"; say which with --map '[^']*' and drop the other with --map '[^']*'"),
        "; rename or remove all but one of them in the file",
    ),
    (re.compile(r"; or say which with --map '[^']*'"), "; or rename the column in the file"),
)  # fmt: skip


def app_words(problem: RowProblem) -> str:
    """A roster problem as the page says it: "Row 5, column 'Base Salary': …", the command's
    options replaced by what to do here."""
    text = str(problem)
    for pattern, words in _APP_HINTS:
        text = pattern.sub(words, text)
    return _sentence(text)


def _problems(err: RosterError) -> list[Problem]:
    return [Problem("", app_words(p)) for p in err.problems]


class TeamImport(w.VBox):
    """ "Import your team": upload a roster, see what it changes, map its teams, confirm.

    ``edit`` is the page's edit (``StepLayout.edit``): Confirm applies the new legacy teams,
    the roster file's name and the people as one edit. :attr:`result` is the import the
    preview shows (None while the file or a team's mapping stops it).
    """

    def __init__(self, session: PlanSession, edit: Edit) -> None:
        self.session = session
        self._edit = edit
        self.upload = w.FileUpload(
            accept=ACCEPT, multiple=False, description="Choose a roster file", icon="upload"
        )
        self.upload.layout.width = "auto"
        self.file_note = w.HTML()
        self.columns = w.HTML()
        self.teams_box = w.VBox()
        self.changes = w.HTML()
        self.problems = ProblemList(ok_text="")
        self.problems.layout.display = "none"
        self.confirm = w.Button(
            description="Confirm the import", icon="check", button_style="primary", disabled=True,
            layout=w.Layout(width="auto"),
        )  # fmt: skip
        self.note = w.HTML()
        self.pickers: dict[str, Choices] = {}
        """A dropdown for each of the file's teams that matches no legacy role by name."""
        self.result: ImportResult | None = None
        self._file: tuple[str, bytes] | None = None
        self.upload.observe(
            guarded(lambda _c: self._uploaded(), self.problems, what="read the roster file"),
            names="value",
        )
        on_click(self.confirm, self.apply, self.problems, what="import the roster")
        super().__init__(
            [
                w.HTML(
                    "Start from your own people: upload the team's roster (CSV or .xlsx, one "
                    "row a person: identifier, team, annual base salary, FTE; optionally job "
                    "title, start date, date of birth or age, variable pay; and, for a time "
                    "survey, a column <code>Activity: NAME</code> per activity with each "
                    "person's share). Today's teams are then costed on what each person is "
                    "paid. The people stay on this machine: Save writes them to a private "
                    "roster file next to the plan; the plan, the workbook and the charts show "
                    "teams and totals only."
                ),
                self.upload,
                self.file_note,
                self.columns,
                self.teams_box,
                self.changes,
                self.problems,
                w.HBox([self.confirm, self.note]),
            ]
        )
        session.observe(self._plan_changed)

    # ----------------------------------------------------------------------------- reading
    def _uploaded(self) -> None:
        files: Sequence[Mapping[str, Any]] = self.upload.value
        self.note.value = ""
        if not files:
            return
        upload = files[0]
        self._file = (str(upload["name"]), bytes(upload["content"]))
        self.file_note.value = (
            f"<b>{html.escape(self._file[0])}</b> ({len(self._file[1]):,} bytes) — nothing "
            "changes until you confirm."
        )
        self._show_teams()
        self.check()

    @property
    def choices(self) -> dict[str, str]:
        """The legacy role chosen for each of the file's unmatched teams (chosen ones only)."""
        return {t: p.value for t, p in self.pickers.items() if p.value != NOT_CHOSEN}

    def pick(self, team: str, role: str) -> None:
        """Choose ``role`` for the file's ``team``, as the dropdown would."""
        self.pickers[team].value = role

    def _show_teams(self) -> None:
        """The columns read and a line per team of the file: the legacy role it matches by name,
        or a dropdown to choose one."""
        self.pickers = {}
        self.teams_box.children = ()
        self.columns.value = ""
        found = self._teams(None)
        if found is None:
            return
        self.columns.value = _columns_html(found)
        roles = [(r.name, r.name) for r in self.session.plan.legacy_roles]
        lines: list[w.Widget] = [section("Teams in the file")]
        for team, role in found.teams.items():
            count = len(found.rows[team])
            label = f"<b>{html.escape(team)}</b> ({count} {'person' if count == 1 else 'people'})"
            if role is not None:
                lines.append(w.HTML(f"{label} → {html.escape(role)} (same name)"))
                continue
            picker = Choices(
                options=[("— choose its legacy team —", NOT_CHOSEN), *roles],
                value=NOT_CHOSEN,
                layout=w.Layout(width="22em"),
            )
            picker.on_pick(self._picked, self.problems, what="map the team")
            self.pickers[team] = picker
            lines.append(w.HBox([w.HTML(f"{label} matches no legacy team →"), picker]))
        self.teams_box.children = tuple(lines)

    def _picked(self, _change: Mapping[str, Any]) -> None:
        self.check()

    def _teams(self, teams: Mapping[str, str] | None) -> TeamsFound | None:
        assert self._file is not None
        name, data = self._file
        try:
            return roster_teams(self.session.plan, name, teams=teams, data=data)
        except RosterError as err:
            self._refused(_problems(err))
            return None

    def _import(self, plan: Plan) -> ImportResult:
        assert self._file is not None
        name, data = self._file
        return import_roster(plan, name, self.session.path, teams=self.choices, data=data)

    def check(self) -> ImportResult | None:
        """Import the file into the current plan without changing it: show each team before →
        after and enable Confirm, or show every problem (row and column) and disable it."""
        self.result = None
        self.confirm.disabled = True
        if self._file is None:
            return None
        try:
            result = self._import(self.session.plan)
        except RosterError as err:
            self._refused(_problems(err))
            return None
        self.result = result
        self.problems.show_or_hide([])
        self.changes.value = _changes_html(result)
        self.confirm.disabled = False
        return result

    def _refused(self, problems: list[Problem]) -> None:
        self.changes.value = (
            "<span class='mocmo-error'>Not imported — the roster has the problems below; fix "
            "them in the file and choose it again. The plan is unchanged.</span>"
        )
        self.problems.show_or_hide(problems)

    def _plan_changed(self, _plan: Plan) -> None:
        """Another edit changed the plan: the preview is of the plan as it is now."""
        if self._file is not None and self.result is not None:
            self.check()

    # ----------------------------------------------------------------------------- confirm
    def apply(self) -> list[Problem]:
        """Press Confirm: the import, made again on the plan as it is now, applied as one edit
        (the legacy teams, the roster file's name, the people); the plan stays as it was if the
        import or the edit is refused."""
        if self._file is None:
            return []
        try:
            result = self._import(self.session.plan)
        except RosterError as err:
            problems = _problems(err)
            self._refused(problems)
            return problems
        new = result.plan
        self.result = None  # the edit's redraw need not preview this file again
        problems = self._edit(
            {
                "legacy_roles": new.legacy_roles,
                "roster": new.roster,
                "roster_people": new.roster_people,
            }
        )
        if problems:
            self.check()
            self.problems.show_or_hide(problems)
            return problems
        people = len(result.roster.people)
        self.note.value = (
            f"<span class='mocmo-ok'>✔ Imported {people} people into {len(result.teams)} "
            f"teams.</span> Save the plan to keep it: Save writes the people to "
            f"<code>{html.escape(result.roster_file)}</code> next to the plan."
        )
        self._file = None
        self.result = None
        self.confirm.disabled = True
        self.file_note.value = ""
        self.columns.value = ""
        self.teams_box.children = ()
        self.pickers = {}
        self.changes.value = _changes_html(result)
        return []


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _columns_html(found: TeamsFound) -> str:
    rows = [
        {"Field": _sentence(FIELDS[field].split(" (")[0]), "Column in the file": column}
        for field, column in found.columns.items()
    ]
    ignored = (
        "<div>Not read: " + ", ".join(html.escape(c) for c in found.ignored_columns) + "</div>"
        if found.ignored_columns
        else ""
    )
    return section("Columns read").value + html_table(rows) + ignored


def _changes_html(result: ImportResult) -> str:
    """Each legacy team before → after (heads, FTE, payroll, loaded cost), the total, and the
    activity shares a survey sets — teams and totals only."""
    cur = result.plan.meta.currency

    def money(before: float, after: float) -> str:
        return f"{fmt_money(before, cur)} → {fmt_money(after, cur)}"

    teams = result.teams
    rows: list[dict[str, Any]] = [
        {
            "Team": t.team,
            "Heads": f"{t.heads_before} → {t.heads_after}",
            "FTE": f"{t.fte_after:g}",
            "Payroll (base)": money(t.payroll_before, t.payroll_after),
            "Loaded cost": money(t.loaded_before, t.loaded_after),
        }
        for t in teams
    ]
    rows.append(
        {
            "Team": "Total",
            "Heads": f"{sum(t.heads_before for t in teams)} → {sum(t.heads_after for t in teams)}",
            "FTE": f"{sum(t.fte_after for t in teams):g}",
            "Payroll (base)": money(
                sum(t.payroll_before for t in teams), sum(t.payroll_after for t in teams)
            ),
            "Loaded cost": money(
                sum(t.loaded_before for t in teams), sum(t.loaded_after for t in teams)
            ),
        }
    )
    out = section("What the import changes").value + html_table(
        rows, numeric=("Heads", "FTE", "Payroll (base)", "Loaded cost")
    )
    shares = [
        {
            "Team": a.team,
            "Activity": a.activity,
            "Share of the team's time": f"{fmt_pct(a.share_before, 1)} → "
            f"{fmt_pct(a.share_after, 1)}",
            "Answered": a.respondents,
        }
        for a in result.activities
    ]
    if shares:
        out += section("Activity shares from the survey (FTE-weighted)").value + html_table(
            shares, numeric=("Answered",)
        )
    return out
