"""The Migration sheet's transition part: the transition inputs, today's teams with their exit
cost per leaver, the positions, the people flows table and the staffing lines built from it
(the rules are in :mod:`mocmo.excel._migration`'s docstring)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mocmo import migration, neworg
from mocmo.excel._assumptions import PEOPLE, TIMING, TRANSITION, plan_source
from mocmo.excel._audiences import AudienceRefs
from mocmo.excel._book import Book, Fmt, Input, Sheet
from mocmo.excel._costing import CostingRefs
from mocmo.excel._flowgrids import FIRST_MONTH_COL, _Line
from mocmo.excel._neworg import NewOrgRefs
from mocmo.excel._reshape import ReshapeRefs
from mocmo.transition.flows import Flow

GROUPS: tuple[str, ...] = migration.GROUPS
"""The timeline's groups (mocmo.migration.GROUPS)."""

ONE_OFF_ROWS: tuple[tuple[str, str], ...] = (
    ("fees", "Recruitment fees (one-off)"),
    ("exit", "Exit costs (one-off)"),
    ("retraining", "Retraining (one-off)"),
    ("ramp", "Ramp-up lost output (one-off)"),
    ("overlap", "Handover overlap (one-off)"),
)
"""The month-by-month rows of the one-off costs by kind (:data:`mocmo.migration.ONE_OFF_KINDS`
order), as keys of the table and their titles."""
FLOW_ROWS: tuple[tuple[str, str, str], ...] = (
    ("moved", "move", "People who move"),
    ("hired", "hire", "People hired"),
    ("left", "leave", "People who leave"),
)
"""The month-by-month rows of the people flows: key, flow kind, title."""

# The transition inputs: defined name → (key in transition.yaml, index for a pair/triple, format,
# unit). Their labels and sources come from mocmo.transition.transition_parameters().
_TRANSITION_INPUTS: tuple[tuple[str, str, int | None, Fmt, str], ...] = (
    ("transition_statutory_weekly_pay_cap", "statutory_weekly_pay_cap", None, "money2",
     "currency/week"),
    ("transition_statutory_max_years", "statutory_max_years", None, "count", "years"),
    ("transition_statutory_qualifying_years", "statutory_qualifying_years", None, "count",
     "years"),
    ("transition_band_age_young", "statutory_band_ages", 0, "count", "years of age"),
    ("transition_band_age_old", "statutory_band_ages", 1, "count", "years of age"),
    ("transition_band_weeks_under", "statutory_band_weeks", 0, "weeks",
     "weeks' pay per year of service"),
    ("transition_band_weeks_middle", "statutory_band_weeks", 1, "weeks",
     "weeks' pay per year of service"),
    ("transition_band_weeks_over", "statutory_band_weeks", 2, "weeks",
     "weeks' pay per year of service"),
    ("transition_weeks_per_year", "weeks_per_year", None, "weeks", "weeks/year"),
    ("transition_redundancy_multiple", "redundancy_multiple", None, "number",
     "multiple of statutory"),
    ("transition_notice_weeks", "notice_weeks", None, "weeks", "weeks"),
    ("transition_notice_paid_in_lieu", "notice_paid_in_lieu", None, "count",
     "1 = paid in lieu, 0 = worked"),
    ("transition_statutory_notice_max_weeks", "statutory_notice_max_weeks", None, "count",
     "weeks"),
    ("transition_settlement_per_leaver", "settlement_per_leaver", None, "money",
     "currency/leaver"),
    ("transition_retraining_per_mover", "retraining_per_mover", None, "money", "currency/mover"),
    ("transition_ramp_months_hire", "ramp_months_hire", None, "number", "months"),
    ("transition_ramp_months_mover", "ramp_months_mover", None, "number", "months"),
    ("transition_ramp_start_productivity", "ramp_start_productivity", None, "pct", "fraction"),
    ("transition_average_service_years", "average_service_years", None, "number", "years"),
    ("transition_average_age", "average_age", None, "number", "years of age"),
    ("transition_overlap_months", "overlap_months", None, "month", "months"),
    ("transition_early_attrition", "early_attrition", None, "pct", "fraction"),
)  # fmt: skip
_PART = {
    ("statutory_band_ages", 0): "the age from which a year counts one week",
    ("statutory_band_ages", 1): "the age from which a year counts one and a half weeks",
    ("statutory_band_weeks", 0): "weeks' pay per full year under the first age",
    ("statutory_band_weeks", 1): "weeks' pay per full year from the first age",
    ("statutory_band_weeks", 2): "weeks' pay per full year from the second age",
}


def _transition_inputs(book: Book, sheet: Sheet, row: int) -> int:
    """The transition's cost inputs as green links to their Assumptions rows (each with its
    label and source from data/defaults/transition.yaml, or the plan's value)."""
    from mocmo.transition import (
        PLAN_INPUTS,
        plan_transition_assumptions,
        transition_input_is_default,
        transition_parameters,
    )

    plan = book.plan
    used = plan_transition_assumptions(plan)
    params = transition_parameters()
    row = sheet.section(
        row,
        "Transition inputs",
        "The inputs of the exit, retraining and ramp-up costs, from the Assumptions sheet "
        "(green). Statutory figures carry their date and source there.",
    )
    row = sheet.header(row, ["Input", "Value", "Unit"])
    for name, key, part, fmt, unit in _TRANSITION_INPUTS:
        param = params[key]
        value = getattr(used, key)
        if part is not None:
            value = value[part]
        if isinstance(value, bool):
            value = 1 if value else 0
        label = param.label if part is None else f"{param.label}: {_PART[(key, part)]}"
        dated = f", effective {param.effective_date:%d %b %Y}" if param.effective_date else ""
        if key in PLAN_INPUTS and not transition_input_is_default(plan, key):
            source = plan_source(
                f"assumptions.transition.{key}", f"Plan input (default {param.value}: "
                f"{param.source})",
            )  # fmt: skip
        elif key in PLAN_INPUTS:
            source = (
                f"{param.source} (data/defaults/transition.yaml{dated}; a plan may set "
                f"assumptions.transition.{key})"
            )
        else:
            source = f"{param.source} (data/defaults/transition.yaml{dated})"
        sheet.text(row, 1, label)
        sheet.assumed(row, 2, Input(TRANSITION, name, value, fmt, unit, label, source))
        sheet.text(row, 3, unit)
        row += 1
    return row + 1


def _launch(ref: str) -> str:
    """An audience's launch month, month 1 when it has none."""
    return f"IF(ISNUMBER({ref}),{ref},1)"


@dataclass(frozen=True)
class _Team:
    """Where a legacy team's cells are (references on the Migration sheet)."""

    row: int
    headcount: str
    transition: str
    """The month it changes shape, as used."""
    salary: str
    per_head: str
    weeks: str
    """Statutory redundancy weeks of one leaver."""
    weekly: str
    capped: str
    notice: str
    """Notice weeks of one leaver."""
    moving: str = ""
    staying: str = ""
    resigning: str = ""
    """People of the team who resign before a planned move (early attrition)."""
    exit_pay: str = ""
    """One leaver's annual pay the exit costs are on: the roster's actual pay, else salary."""


_TEAM_COLS = (
    "Team", "Headcount", "Transition month set", "Changes shape in month", "Average age set",
    "Age used", "Average service set (years)", "Service used (years)", "Salary",
    "Loaded cost per head", "Service years counted", "Years at 1.5 weeks", "Years at 1 week",
    "Statutory redundancy weeks", "A week's pay", "A week's pay, capped", "Notice weeks",
    "Exit cost per leaver", "People moving out", "People leaving", "People staying",
    "People resigning before a move", "Pay exits are costed on",
)  # fmt: skip


def _teams(
    book: Book, sheet: Sheet, row: int, reshape: ReshapeRefs, org: NewOrgRefs,
    phase_starts: list[str],
) -> tuple[int, list[_Team]]:  # fmt: skip
    """Each legacy team's month of change and one leaver's statutory weeks, notice and exit
    cost; the people moving out, leaving and staying are filled once the flows are written."""
    plan = book.plan
    row = sheet.section(
        row,
        "Today's teams: when they change shape, and what one leaver costs",
        "Transition month, average age and service come from the Assumptions sheet (empty: "
        "the default). Statutory weeks: of the full years of service counted (none below the "
        "qualifying years, at most the maximum), those begun at or above the older band age "
        "count its weeks, those at or above the younger one the middle weeks, the rest the "
        "lowest; counted back from the leaving date. Salary is the band point; with a roster "
        "the exit costs are on the team's actual pay (Assumptions: the roster's mean pay).",
    )
    sheet.text(row, 1, "Default transition month (start of the last-starting phase)", "label")
    default = f"MAX({','.join(phase_starts)})" if phase_starts else "1"
    sheet.formula(row, 4, default, "month")
    default_ref = sheet.ref(row, 4, sheet=False)
    row += 1
    row = sheet.header(row, list(_TEAM_COLS))
    teams: list[_Team] = []
    for i, role in enumerate(plan.legacy_roles):
        c = sheet.at(row)
        stem = book.item_stem("legacy", i, role.name)
        where = f"legacy_roles[{i}]"
        sheet.text(row, 1, role.name)
        sheet.formula(row, 2, reshape.headcount[i], "count")
        for column, field_, fmt, unit, what in (
            (3, "transition_month", "month", "month",
             "month it changes to its new shape (empty: the start of the last-starting phase, "
             "month 1 without phases)"),
            (5, "average_age", "number", "years of age",
             "average age at leaving (empty: the transition default)"),
            (7, "average_service_years", "number", "years",
             "average full years of service (empty: the transition default)"),
        ):  # fmt: skip
            sheet.assumed(
                row, column,
                Input(
                    TIMING if column == 3 else TRANSITION, f"{stem}_{field_}",
                    getattr(role, field_), fmt, unit,  # type: ignore[arg-type]
                    f"Legacy role '{role.name}': {what}", plan_source(f"{where}.{field_}"), True,
                ),
            )  # fmt: skip
        sheet.formula(row, 4, f"IF(ISNUMBER({c(3)}),{c(3)},{default_ref})", "month")
        sheet.formula(row, 6, f"IF(ISNUMBER({c(5)}),{c(5)},transition_average_age)", "number")
        sheet.formula(
            row, 8, f"IF(ISNUMBER({c(7)}),{c(7)},transition_average_service_years)", "number"
        )
        sheet.formula(row, 9, org.legacy_salary_abs[i], "money")
        sheet.formula(row, 10, org.legacy_per_head_abs[i], "money")
        sheet.formula(
            row, 11,
            f"IF(INT({c(8)})<transition_statutory_qualifying_years,0,"
            f"MIN(INT({c(8)}),transition_statutory_max_years))", "count",
        )  # fmt: skip
        sheet.formula(row, 12, f"MAX(0,MIN({c(11)},INT({c(6)})-transition_band_age_old))", "count")
        sheet.formula(
            row, 13, f"MAX(0,MIN({c(11)},INT({c(6)})-transition_band_age_young))-{c(12)}", "count"
        )
        sheet.formula(
            row, 14,
            f"{c(12)}*transition_band_weeks_over+{c(13)}*transition_band_weeks_middle"
            f"+({c(11)}-{c(12)}-{c(13)})*transition_band_weeks_under", "weeks",
        )  # fmt: skip
        if plan.roster_people is None:
            sheet.formula(row, 23, c(9), "money")
        else:
            sheet.assumed(row, 23, _roster_pay(book, i, stem))
        sheet.formula(row, 15, f"{c(23)}/transition_weeks_per_year", "money2")
        sheet.formula(row, 16, f"MIN({c(15)},transition_statutory_weekly_pay_cap)", "money2")
        # Statutory minimum notice (ERA 1996 s.86): none under a month's service, one week
        # under 2 full years, then a week per full year up to the maximum.
        sheet.formula(
            row, 17,
            f"MAX(transition_notice_weeks,IF({c(8)}<1/months_per_year,0,"
            f"IF(INT({c(8)})<statutory_notice_one_week_years,1,"
            f"MIN(INT({c(8)}),transition_statutory_notice_max_weeks))))", "weeks",
        )  # fmt: skip
        sheet.formula(
            row, 18,
            f"{c(14)}*{c(16)}*transition_redundancy_multiple"
            f"+IF(transition_notice_paid_in_lieu=1,{c(17)}*{c(15)},0)"
            "+transition_settlement_per_leaver", "money",
        )  # fmt: skip
        ref = lambda column, r=row: sheet.ref(r, column, sheet=False)  # noqa: E731
        teams.append(
            _Team(row, ref(2), ref(4), ref(9), ref(10), ref(14), ref(15), ref(16), ref(17),
                  ref(19), ref(21), ref(22), ref(23))
        )  # fmt: skip
        row += 1
    return row + 1, teams


def _roster_pay(book: Book, i: int, stem: str) -> Input:
    """The Assumptions input of legacy team ``i``'s actual pay a head from the roster (as
    :func:`mocmo.costing.people.legacy_role_salary` gives it): a team figure, never a
    person's."""
    from mocmo.costing.people import legacy_role_salary

    plan = book.plan
    role = plan.legacy_roles[i]
    roster = plan.roster_people
    assert roster is not None
    heads = len(roster.team(role.name))
    return Input(
        TRANSITION, f"{stem}_roster_pay", legacy_role_salary(plan, role), "money",
        "currency/year",
        f"Legacy role '{role.name}': actual base pay of one person (the roster's mean), "
        "which its leavers' redundancy and notice are on",
        f"Roster {plan.roster}: the team's base pay Σ salary × FTE ÷ its {heads} people "
        "(each person's pay stays in the roster file; import it again to change it)",
    )  # fmt: skip


@dataclass(frozen=True)
class _Position:
    group: str
    start: str
    """Formula of the month the position starts."""
    per_head: str
    salary: str


def _position(
    book: Book, key: str, audiences: AudienceRefs, costing: CostingRefs, org: NewOrgRefs,
    hire_months: list[str], teams: list[_Team],
) -> _Position:  # fmt: skip
    """The group, start month, loaded cost and salary of one person in position ``key`` (as
    :func:`mocmo.migration.timeline.key_band` prices it)."""
    plan = book.plan
    found = neworg.key_kind(key)
    kind, name = found if found is not None else (None, key)
    aud_index = {a.name: i for i, a in enumerate(plan.audiences)}
    seat_index = {s.name: i for i, s in enumerate(plan.marops_seats)}
    role_index = {r.name: i for i, r in enumerate(plan.legacy_roles)}

    def seat_start(j: int) -> str:
        hired = [m for h, m in zip(plan.hires, hire_months, strict=True)
                 if h.position == plan.marops_seats[j].name]  # fmt: skip
        if hired:
            return f"MIN({','.join(hired)})"
        return _launch(costing.seat_hire[j])

    gtm = org.gtm_per_head[neworg.GTM_MARKETER], org.gtm_salary[neworg.GTM_MARKETER]
    if kind == "head_of_gtm" or key == neworg.HEAD_OF_GTM:
        hog = [m for h, m in zip(plan.hires, hire_months, strict=True)
               if h.position == neworg.HEAD_OF_GTM]  # fmt: skip
        launches = [_launch(r) for r in audiences.launch]
        start = f"MIN({','.join(hog or launches)})" if hog or launches else "1"
        head = org.gtm_per_head[neworg.HEAD_OF_GTM], org.gtm_salary[neworg.HEAD_OF_GTM]
        return _Position(neworg.GROUP_GTM, start, *head)
    if kind == "gtm_marketer" and name in aud_index:
        return _Position(neworg.GROUP_GTM, _launch(audiences.launch[aud_index[name]]), *gtm)
    if kind == "gtm_support":
        match = [p for p in neworg.positions(plan) if p.key == key]
        names = list(match[0].audiences) if match and match[0].audiences else [name]
        refs = [_launch(audiences.launch[aud_index[n]]) for n in names if n in aud_index]
        return _Position(neworg.GROUP_GTM, f"MIN({','.join(refs)})" if refs else "1", *gtm)
    if kind == "custodian" and name in role_index:
        i = role_index[name]
        per_head = org.custodian_per_head.get(i, org.legacy_per_head_abs[i])
        return _Position(neworg.GROUP_CUSTODIANS, teams[i].transition, per_head,
                         org.legacy_salary_abs[i])  # fmt: skip
    if kind == "marops_support":
        starts = [seat_start(j) for j in range(len(plan.marops_seats))]
        return _Position(
            neworg.GROUP_MAROPS, f"MIN({','.join(starts)})" if starts else "1",
            org.marops_support_per_head, org.marops_support_salary,
        )  # fmt: skip
    if name in seat_index:
        j = seat_index[name]
        return _Position(neworg.GROUP_MAROPS, seat_start(j), costing.seat_loaded[j],
                         costing.seat_salary[j])  # fmt: skip
    if kind == "gtm_marketer" or key == neworg.GTM_MARKETER:
        launches = [_launch(r) for r in audiences.launch]
        return _Position(neworg.GROUP_GTM, f"MIN({','.join(launches)})" if launches else "1",
                         *gtm)  # fmt: skip
    raise KeyError(f"unknown position {key!r}")


@dataclass(frozen=True)
class _FlowRow:
    flow: Flow
    row: int
    team: int | None
    """Index of the legacy team it comes from (move, leave)."""
    position: _Position | None
    """The position it goes to (move, hire)."""
    people: str
    month: str
    """References of its people and month (as used)."""


(F_KIND, F_FROM, F_TO, F_PEOPLE_SET, F_MONTH_SET, F_PEOPLE_DEFAULT, F_MONTH_DEFAULT,
 F_PEOPLE, F_MONTH, F_SOURCE, F_SALARY, F_LOADED, F_FEE, F_REDUNDANCY, F_NOTICE, F_SETTLEMENT,
 F_EXIT, F_RETRAIN, F_RAMP_N, F_RAMP, F_NOTE) = range(1, 22)  # fmt: skip
_FLOW_COLS = (
    "Kind", "From team", "To position", "People set", "Month set", "People by default",
    "Month by default", "People", "Month",
    "Set by (plan field)", "Salary (one person)", "Loaded cost (one person)",
    "Recruitment fee", "Redundancy pay", "Notice in lieu", "Settlement", "Exit cost",
    "Retraining", "Ramp-up months", "Ramp-up lost output", "Note",
)  # fmt: skip


def _keeps_craft(f: Flow) -> bool:
    """True for people who become the custodians of their own team: they keep the craft, so
    no retraining and no ramp-up (:func:`mocmo.migration.one_offs`)."""
    return f.kind == "move" and f.to == neworg.position_key("custodian", f.team)


def _flow_stem(book: Book, k: int, f: Flow) -> str:
    """The name stem of flow ``k``'s inputs: ``move_…``/``leaver_…`` for a move or leaver the
    plan lists (by its index there), ``flow_<kind>_…`` for a plan default."""
    words = " ".join(w for w in (f.team, f.to) if w)
    if not f.derived and f.path.startswith("moves["):
        return book.item_stem("move", int(f.path[6:-1]), words)
    if not f.derived and f.path.startswith("leavers["):
        return book.item_stem("leaver", int(f.path[8:-1]), words)
    return book.item_stem(f"flow_{f.kind}", k, words)


def _flows(
    book: Book, sheet: Sheet, row: int, teams: list[_Team], hire_rows: tuple[int, int],
    audiences: AudienceRefs, costing: CostingRefs, org: NewOrgRefs,
) -> tuple[int, list[_FlowRow], tuple[int, int]]:  # fmt: skip
    """The People flows table: one row a flow with its one-off costs."""
    from mocmo.transition import flows as people

    plan = book.plan
    all_flows = people.flows(plan)
    kinds = [f.kind for f in all_flows]
    if "leave" in kinds and any(k != "leave" for k in kinds[kinds.index("leave") :]):
        raise ValueError("the people flows must list every leave after the moves and hires")
    row = sheet.section(
        row,
        "People flows: who moves where, who is hired, who leaves — and when",
        "People and month come from the Assumptions sheet (green); an empty one takes the plan "
        "default (derived from the new org). A move or hire is paid in its position from its "
        "month, a leaver is off the payroll from theirs. One-offs fall in the flow's month "
        "(ramp-up over the months after it). A plan default's From team and its People by "
        "default are fixed at export (derived once, from the plan as exported; its month is "
        "live): after changing a headcount, an activity share, a launch, hire or transition "
        "month, export again for the default re-derived — or type the people and month.",
    )
    first = row = sheet.header(row, list(_FLOW_COLS))
    hire_first = hire_rows[0]
    hire_months = [sheet.ref(hire_first + i, 3, sheet=False) for i in range(len(plan.hires))]
    pieces: dict[int, int] = {}
    for f in all_flows:
        if f.hire_index is not None:
            pieces[f.hire_index] = pieces.get(f.hire_index, 0) + 1
    role_index = {r.name: i for i, r in enumerate(plan.legacy_roles)}
    n_moving = sum(1 for f in all_flows if f.kind != "leave")
    n_resigning = sum(1 for f in all_flows if f.resigns)
    last_split: tuple[int, str] = (0, "0")
    resign_queue: list[tuple[int, str]] = []
    out: list[_FlowRow] = []
    for k, f in enumerate(all_flows):
        c = sheet.at(row)
        team = role_index.get(f.team) if f.team is not None else None
        position = (
            None if f.to is None
            else _position(book, f.to, audiences, costing, org, hire_months, teams)
        )  # fmt: skip
        sheet.text(row, F_KIND, f.kind)
        sheet.text(row, F_FROM, f.team or "(hire)")
        sheet.text(row, F_TO, f.to or ("(resigns)" if f.resigns else "(leaves)"))
        # people and month: the hire's own cells, an input, or an empty input and the default
        if f.planned is not None and f.kind != "move":
            # early attrition of a planned move: attrition × the people planned to move, in
            # the move's month (a hire right after its move; the resignations in move order)
            move_row, planned = last_split if f.kind == "hire" else resign_queue.pop(0)
            sheet.formula(row, F_PEOPLE, f"{planned}*transition_early_attrition", "fte")
            sheet.formula(row, F_MONTH, sheet.ref(move_row, F_MONTH, sheet=False), "month")
            sheet.text(row, F_SOURCE, f"{f.path}: early attrition of the move in row {move_row}")
        elif f.hire_index is not None:
            hire_row = hire_first + f.hire_index
            sheet.formula(row, F_MONTH, sheet.ref(hire_row, 3, sheet=False), "month")
            if pieces[f.hire_index] == 1:
                sheet.formula(row, F_PEOPLE, sheet.ref(hire_row, 2, sheet=False), "fte")
            else:
                sheet.value(row, F_PEOPLE, f.count, "fte", "value")
            sheet.text(row, F_SOURCE, f"{f.path} (Hires table)")
        else:
            stem = _flow_stem(book, k, f)
            what = {"move": "moves", "hire": "is hired", "leave": "leaves"}[f.kind]
            who = f"{f.team or 'A hire'} {what}" + (f" to {f.to}" if f.to else "")
            if f.derived:
                defaults = ("the plan default", "the plan default")
                source = (
                    f"Plan default, derived from the new org ({f.path}); a value typed here "
                    "is used instead (to keep it, list the plan's moves and leavers)"
                )
                values: tuple[float | None, int | None] = (None, None)
            else:
                defaults = ("", "")
                source = ""
                values = (f.count if f.planned is None else f.planned, f.month)
            for column, field_, fmt, unit, value, default in (
                (F_PEOPLE_SET, "count", "fte", "people (FTE)", values[0], defaults[0]),
                (F_MONTH_SET, "month", "month", "month", values[1], defaults[1]),
            ):
                label = f"{who}: {'people' if field_ == 'count' else 'month'}"
                if f.derived:
                    fixed = ", derived at export" if f.kind != "leave" else ""
                    label += f" (empty: {default}{fixed})"
                sheet.assumed(
                    row, column,
                    Input(PEOPLE, f"{stem}_{field_}", value, fmt, unit,  # type: ignore[arg-type]
                          label, source or plan_source(f"{f.path}.{field_}"), f.derived),
                )  # fmt: skip
            if f.derived:
                if f.kind == "leave" and team is not None:
                    sheet.formula(
                        row, F_PEOPLE_DEFAULT,
                        f"MAX(0,{teams[team].headcount}-{teams[team].moving}"
                        f"-{teams[team].resigning})", "fte",
                    )  # fmt: skip
                    sheet.formula(
                        row, F_MONTH_DEFAULT,
                        f"{teams[team].transition}+transition_overlap_months", "month",
                    )  # fmt: skip
                else:
                    planned_count = f.count if f.planned is None else f.planned
                    sheet.value(row, F_PEOPLE_DEFAULT, planned_count, "fte", "value")
                    sheet.note(
                        row, F_NOTE,
                        "From team and people by default fixed at export: they do not follow "
                        "an edit of the inputs (export again)",
                    )  # fmt: skip
                    start = position.start if position is not None else "1"
                    sheet.formula(row, F_MONTH_DEFAULT, start, "month")
                for used, given, fallback, fmt in (
                    (F_PEOPLE, F_PEOPLE_SET, F_PEOPLE_DEFAULT, "fte"),
                    (F_MONTH, F_MONTH_SET, F_MONTH_DEFAULT, "month"),
                ):
                    sheet.formula(
                        row,
                        used,
                        f"IF(ISNUMBER({c(given)}),{c(given)},{c(fallback)})",
                        fmt,  # type: ignore[arg-type]
                    )
            else:
                sheet.formula(row, F_PEOPLE, c(F_PEOPLE_SET), "fte")
                sheet.formula(row, F_MONTH, c(F_MONTH_SET), "month")
            if f.planned is not None:  # a move cut by early attrition: the rest of the planned
                planned = (
                    f"IF(ISNUMBER({c(F_PEOPLE_SET)}),{c(F_PEOPLE_SET)},{c(F_PEOPLE_DEFAULT)})"
                    if f.derived
                    else c(F_PEOPLE_SET)
                )
                sheet.formula(row, F_PEOPLE, f"{planned}*(1-transition_early_attrition)", "fte")
                last_split = (row, planned)
                resign_queue.append((row, planned))
            sheet.text(row, F_SOURCE, f"{f.path} (plan default)" if f.derived else f.path)
        n = c(F_PEOPLE)
        if f.kind == "leave" and team is not None and f.resigns:
            t = teams[team]
            sheet.formula(row, F_SALARY, t.salary, "money")
            sheet.formula(row, F_LOADED, t.per_head, "money")
            sheet.text(row, F_EXIT, "resigns: no exit cost")
        elif f.kind == "leave" and team is not None:
            t = teams[team]
            sheet.formula(row, F_SALARY, t.exit_pay, "money")
            sheet.formula(row, F_LOADED, t.per_head, "money")
            sheet.formula(
                row,
                F_REDUNDANCY,
                f"{n}*{t.weeks}*{t.capped}*transition_redundancy_multiple",
                "money",
            )
            sheet.formula(
                row,
                F_NOTICE,
                f"IF(transition_notice_paid_in_lieu=1,{n}*{t.notice}*{t.weekly},0)",
                "money",
            )
            sheet.formula(row, F_SETTLEMENT, f"{n}*transition_settlement_per_leaver", "money")
            sheet.formula(
                row, F_EXIT, f"{c(F_REDUNDANCY)}+{c(F_NOTICE)}+{c(F_SETTLEMENT)}", "money"
            )
        elif position is not None:
            sheet.formula(row, F_SALARY, position.salary, "money")
            sheet.formula(row, F_LOADED, position.per_head, "money")
            if f.kind == "hire":
                sheet.formula(row, F_FEE, f"{n}*recruitment_fee_rate*{c(F_SALARY)}", "money")
                ramp = "transition_ramp_months_hire"
            elif not _keeps_craft(f):
                sheet.formula(row, F_RETRAIN, f"{n}*transition_retraining_per_mover", "money")
                ramp = "transition_ramp_months_mover"
            if not _keeps_craft(f):
                sheet.formula(row, F_RAMP_N, ramp, "number", "link")
                sheet.formula(
                    row, F_RAMP,
                    f"{n}*{c(F_LOADED)}/months_per_year*(1-transition_ramp_start_productivity)"
                    f"*{c(F_RAMP_N)}/2", "money",
                )  # fmt: skip
            else:
                sheet.text(row, F_RAMP_N, "keeps the craft: no retraining, no ramp-up")
        out.append(
            _FlowRow(f, row, team, position, sheet.ref(row, F_PEOPLE, sheet=False),
                     sheet.ref(row, F_MONTH, sheet=False))
        )  # fmt: skip
        row += 1
    last = row - 1
    sheet.text(row, F_KIND, "All flows", "label")
    for column in (F_FEE, F_REDUNDANCY, F_NOTICE, F_SETTLEMENT, F_EXIT, F_RETRAIN, F_RAMP):
        sheet.column_total(row, column, first, last, "money")
    totals_row = row
    # each team's people moving out (moves and hires are listed before every leave), leaving,
    # staying
    move_last = first + n_moving - 1
    for t in teams:
        name = sheet.ref(t.row, 1, sheet=False)
        if n_moving:
            moving = (
                f"SUMIFS({sheet.range(F_PEOPLE, first, move_last)},"
                f"{sheet.range(F_FROM, first, move_last)},{name},"
                f'{sheet.range(F_KIND, first, move_last)},"move")'
            )
        else:
            moving = "0"
        leaving = (
            f"SUMIFS({sheet.range(F_PEOPLE, move_last + 1, last)},"
            f"{sheet.range(F_FROM, move_last + 1, last)},{name})"
            if last > move_last
            else "0"
        )
        resigning = (
            f"SUMIFS({sheet.range(F_PEOPLE, move_last + 1, move_last + n_resigning)},"
            f"{sheet.range(F_FROM, move_last + 1, move_last + n_resigning)},{name})"
            if n_resigning
            else "0"
        )
        sheet.formula(t.row, 22, resigning, "fte")
        sheet.formula(t.row, 19, moving, "fte")
        sheet.formula(t.row, 20, leaving, "fte")
        sheet.formula(
            t.row, 21,
            f"{sheet.ref(t.row, 2, sheet=False)}-{sheet.ref(t.row, 19, sheet=False)}"
            f"-{sheet.ref(t.row, 20, sheet=False)}", "fte",
        )  # fmt: skip
    return row + 2, out, (first, totals_row)


def _lines(book: Book, teams: list[_Team], flows: list[_FlowRow]) -> list[_Line]:
    """The staffing lines of the flows: per team a line per flow out of it and one for the
    people who stay; a line per move or hire in its position."""
    from mocmo.migration.people import key_country

    plan = book.plan
    lines: list[_Line] = []
    for i, role in enumerate(plan.legacy_roles):
        t = teams[i]
        country = role.country or ""
        for fr in flows:
            if fr.team != i:
                continue
            where = f"→ {fr.flow.to}" if fr.flow.kind == "move" else "leaves"
            lines.append(
                _Line(migration.GROUP_LEGACY, f"{role.name} {where}", fr.people, "1",
                      f"{fr.month}-1", t.per_head, t.salary, t.transition, country)
            )  # fmt: skip
        lines.append(
            _Line(migration.GROUP_LEGACY, f"{role.name} (stays)", t.staying, "1", "",
                  t.per_head, t.salary, "", country)
        )  # fmt: skip
    for fr in flows:
        if fr.position is None or fr.flow.to is None:
            continue
        source = f"← {fr.flow.team}" if fr.flow.kind == "move" else "(hire)"
        lines.append(
            _Line(fr.position.group, f"{fr.flow.to} {source}", fr.people, fr.month, "",
                  fr.position.per_head, fr.position.salary, "",
                  key_country(plan, fr.flow.to))
        )  # fmt: skip
    return lines


def _ramp_grid(
    sheet: Sheet, row: int, flows: list[_FlowRow], horizon: int, month_of: Callable[[int], str]
) -> tuple[int, int, int]:
    """Each move's and hire's ramp-up lost output month by month; returns the next free row
    and the block's first and last rows. ``month_of(m)``: the cell holding month ``m``'s
    number."""
    row = sheet.section(
        row,
        "Ramp-up lost output, month by month",
        "k-th month from the start (k = month − start + 1): people × loaded cost ÷ "
        "months_per_year × (1 − start productivity) × ((hi − lo) − (hi² − lo²) ÷ (2 × ramp "
        "months)), lo = k − 1, hi = MIN(k, ramp months); nothing once k − 1 reaches the ramp "
        "months.",
    )
    first = row
    for fr in flows:
        if fr.position is None or _keeps_craft(fr.flow):
            continue
        sheet.text(row, 2, f"{fr.flow.to} ({fr.flow.kind})")
        people = fr.people
        loaded = sheet.ref(fr.row, F_LOADED, sheet=False)
        months = sheet.ref(fr.row, F_RAMP_N, sheet=False)
        sheet.formula(row, 3, people, "fte")
        sheet.formula(row, 5, fr.month, "month")
        start = sheet.ref(row, 5, sheet=False)
        for m in range(1, horizon + 1):
            k = f"({month_of(m)}-{start}+1)"
            hi = f"MIN({k},{months})"
            lo = f"({k}-1)"
            sheet.formula(
                row, FIRST_MONTH_COL + m - 1,
                f"IF(AND({k}>=1,{lo}<{months}),{people}*{loaded}/months_per_year"
                f"*(1-transition_ramp_start_productivity)*(({hi}-{lo})"
                f"-({hi}^2-{lo}^2)/(2*{months})),0)", "money",
            )  # fmt: skip
        row += 1
    return row + 1, first, row - 1
