"""The Migration sheet's whole cost month by month: payroll at the month's pay, AI running cost
and the non-payroll budget, and the cost of staying legacy.

Mirrors :func:`mocmo.migration.monthly`:

* pay factor = (1 + ``pay_review_rate``) ^ the reviews at or before the month (the first in
  ``pay_review_first_month``, then every ``months_per_year`` months; 1 with no first month);
* a staffing line's payroll in a month it is on the payroll = headcount × loaded cost of
  (salary × pay factor) ÷ ``months_per_year`` — NI, pension and benefits on the raised salary
  (the NI threshold and pension band do not rise); with a roster a legacy line's payroll =
  headcount × its team's loaded cost a head at the month's pay ÷ ``months_per_year``, each
  person's NI and pension on their own raised pay, from the team's Assumptions figures after
  that many pay reviews (:class:`mocmo.excel._costing.RosterPay`);
* AI seat licences = price × (licensed share × the new org's people on the payroll + today's
  seats × the share of the legacy team still in place); usage = Σ the hours AI absorbs of each
  role whose month of change has come (its transition month, else the start of the
  last-starting phase) × ``ai_weeks_per_year`` ÷ ``months_per_year`` × price; platform = the
  agents' running costs ÷ ``months_per_year`` from the first month anything changes;
* non-payroll = each budget line's before until its change month (empty: the latest
  transition month a role sets, else month 1), its after from then, ÷ ``months_per_year``;
* staying legacy = every legacy role's full headcount at the month's pay + today's seats + the
  budget before ÷ ``months_per_year``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mocmo.excel._book import Book, Sheet, col
from mocmo.excel._costing import RosterPay, loaded_formula, roster_pay, roster_per_head_formula
from mocmo.excel._oncosts import ProfileNames
from mocmo.excel._wholecost import WholeCostRefs
from mocmo.migration import GROUP_LEGACY

__all__ = [
    "CostGrid", "CostLine", "MonthInputs", "whole_cost_month", "write_cost_grid",
    "write_month_inputs",
]  # fmt: skip


@dataclass(frozen=True)
class CostLine:
    """A staffing line as the cost grid needs it."""

    group: str
    name: str
    salary: str
    """Absolute reference of one person's salary at start pay."""
    headcount: str
    """Reference (on the Migration sheet) of its headcount."""
    on_payroll_row: int
    """Its row in the 1/0 staffing grid."""
    overlap_row: int | None = None
    """For a legacy line that may stay on after its team changes shape: its row in the 1/0
    handover grid (its pay in those months is the overlap one-off, not payroll)."""
    names: ProfileNames | None = None
    """The rules its people are costed under when not the plan's UK on-costs
    (:func:`mocmo.excel._oncosts.profile_names`)."""


@dataclass(frozen=True)
class CostGrid:
    """Where the cost grid is: the pay-factor row, the line rows, the stay-legacy rows and the
    handover overlap rows (``overlap_last`` < ``overlap_first`` when there are none)."""

    pay_row: int
    first: int
    last: int
    legacy_first: int
    legacy_last: int
    overlap_first: int = 0
    overlap_last: int = -1


def write_cost_grid(
    sheet: Sheet,
    row: int,
    lines: Sequence[CostLine],
    legacy: Sequence[CostLine],
    horizon: int,
    first_col: int,
) -> tuple[int, CostGrid]:
    """Write the pay factor and each line's payroll month by month, then each legacy role's
    payroll if the team stayed as it is, then the handover overlap of the lines that have one
    (their pay in the months they stay on after the team changed shape, which is a one-off and
    not payroll); returns the next free row and the layout."""
    row = sheet.section(
        row,
        "Payroll by line, month by month (at the month's pay)",
        "Headcount × loaded cost of (salary × pay factor) ÷ months_per_year in each month the "
        "line is on the payroll (grid above) and not in a handover month; on-costs on the "
        "raised salary.",
    )
    month_row = row
    sheet.text(month_row, 1, "Month", "label")
    pay_row = row + 1
    sheet.text(pay_row, 1, "Pay factor (× start pay)", "label")
    teams = _roster_teams(sheet, pay_row + 1, legacy)
    labels = ["Group", "Line", "Headcount / FTE", "Salary at start pay"]
    header = sheet.header(teams.next_row if teams else pay_row + 1, labels)
    first = header
    for m in range(1, horizon + 1):
        column = first_col + m - 1
        sheet.value(month_row, column, m, "month", "value")
        month = sheet.ref(month_row, column, absolute=False, sheet=False)
        sheet.formula(
            pay_row,
            column,
            f"IF(ISNUMBER(pay_review_first_month),IF({month}>=pay_review_first_month,"
            f"(1+pay_review_rate)^(INT(({month}-pay_review_first_month)/months_per_year)+1),1),1)",
            "number",
        )
    if teams:
        _roster_months(sheet, teams, pay_row, month_row, horizon, first_col)
    r = first
    for line in lines:
        _cost_row(sheet, r, line, pay_row, horizon, first_col, conditional=True, teams=teams)
        r += 1
    last = r - 1
    r += 1
    sheet.text(r, 1, "Staying legacy (every legacy role all year, at the month's pay)", "label")
    r += 1
    legacy_first = r
    for line in legacy:
        _cost_row(sheet, r, line, pay_row, horizon, first_col, conditional=False, teams=teams)
        r += 1
    legacy_last = r - 1
    r += 1
    sheet.text(r, 1, "Handover overlap (pay of people kept on after their team changed shape)",
               "label")  # fmt: skip
    r += 1
    overlap_first = r
    for line in lines:
        if line.overlap_row is None:
            continue
        _cost_row(
            sheet, r, line, pay_row, horizon, first_col, conditional=True, overlap=True,
            teams=teams,
        )  # fmt: skip
        r += 1
    overlap_last = r - 1
    grid = CostGrid(pay_row, first, last, legacy_first, legacy_last, overlap_first, overlap_last)
    return r + 1, grid


@dataclass(frozen=True)
class _RosterTeams:
    """Today's teams on their roster's actual pay: the pay-reviews row, each team's row of its
    loaded cost a head at the month's pay, and which team each legacy line's salary cell is."""

    reviews_row: int
    rows: tuple[int, ...]
    pays: tuple[RosterPay, ...]
    heads: tuple[str, ...]
    team_of: dict[str, int]
    """A legacy line's salary reference (its team's, on the today's-teams table) → team."""
    next_row: int

    def team(self, line: CostLine) -> int | None:
        """The team of a legacy line (None: not a legacy line)."""
        return self.team_of.get(line.salary) if line.group == GROUP_LEGACY else None


def _roster_teams(sheet: Sheet, row: int, legacy: Sequence[CostLine]) -> _RosterTeams | None:
    """With a roster, the rows of the pay-review count and of each team's loaded cost a head
    (written by :func:`_roster_months`) from ``row``; None without a roster. ``legacy``: one
    line per legacy team, in the plan's order (its salary cell names the team)."""
    book = sheet.book
    if book.plan.roster_people is None:
        return None
    reviews = row
    first = reviews + 2
    rows = tuple(range(first, first + len(legacy)))
    return _RosterTeams(
        reviews, rows, tuple(roster_pay(book, i) for i in range(len(legacy))),
        tuple(ln.headcount for ln in legacy), {ln.salary: i for i, ln in enumerate(legacy)},
        first + len(legacy) + 1,
    )  # fmt: skip


def _roster_months(
    sheet: Sheet, teams: _RosterTeams, pay_row: int, month_row: int, horizon: int,
    first_col: int,
) -> None:  # fmt: skip
    """The pay reviews so far and each team's loaded cost a head month by month: each person on
    their own pay (:func:`mocmo.excel._costing.roster_per_head_formula`)."""
    plan = sheet.book.plan
    sheet.text(teams.reviews_row, 1, "Pay reviews so far", "label")
    sheet.text(
        teams.reviews_row + 1, 1,
        "Today's teams on their actual pay (roster): loaded cost a head at the month's pay, "
        "each person's NI and pension on their own pay", "label",
    )  # fmt: skip
    for i, r in enumerate(teams.rows):
        sheet.text(r, 1, GROUP_LEGACY)
        sheet.text(r, 2, plan.legacy_roles[i].name)
        sheet.formula(r, 3, teams.heads[i], "fte")
        sheet.formula(r, 4, teams.pays[i].pay, "money", "link")
    for m in range(1, horizon + 1):
        column = first_col + m - 1
        month = sheet.ref(month_row, column, absolute=False, sheet=False)
        reviews = f"{col(column)}${teams.reviews_row}"
        sheet.formula(
            teams.reviews_row, column,
            f"IF(ISNUMBER(pay_review_first_month),IF({month}>=pay_review_first_month,"
            f"INT(({month}-pay_review_first_month)/months_per_year)+1,0),0)", "count",
        )  # fmt: skip
        for i, r in enumerate(teams.rows):
            head = sheet.ref(r, 3, sheet=False)
            formula = roster_per_head_formula(
                teams.pays[i], head, f"{col(column)}${pay_row}", reviews
            )
            sheet.formula(r, column, formula, "money")


def _cost_row(
    sheet: Sheet,
    r: int,
    line: CostLine,
    pay_row: int,
    horizon: int,
    first_col: int,
    *,
    conditional: bool,
    overlap: bool = False,
    teams: _RosterTeams | None = None,
) -> None:
    """One line's cost month by month: unconditional (staying legacy), in the months it is on
    the payroll and not handing over (``conditional``), or only its handover months
    (``overlap``). A legacy line of a plan with a roster costs its team's loaded cost a head at
    the month's pay (``teams``)."""
    team = teams.team(line) if teams else None
    sheet.text(r, 1, line.group)
    sheet.text(r, 2, line.name)
    sheet.formula(r, 3, line.headcount, "fte")
    if teams is not None and team is not None:
        sheet.formula(r, 4, teams.pays[team].pay, "money", "link")
    else:
        sheet.formula(r, 4, line.salary, "money")
    head, salary = sheet.ref(r, 3, sheet=False), sheet.ref(r, 4, sheet=False)
    for m in range(1, horizon + 1):
        column = first_col + m - 1
        factor = f"{col(column)}${pay_row}"
        cost = f"{head}*({loaded_formula(f'({salary}*{factor})', line.names)})/months_per_year"
        if teams is not None and team is not None:
            cost = f"{head}*{col(column)}${teams.rows[team]}/months_per_year"
        if conditional:
            on = sheet.ref(line.on_payroll_row, column, absolute=False, sheet=False)
            if line.overlap_row is None:
                cost = f"IF({on}=1,{cost},0)"
            else:
                handover = sheet.ref(line.overlap_row, column, absolute=False, sheet=False)
                wanted = 1 if overlap else 0
                cost = f"IF(AND({on}=1,{handover}={wanted}),{cost},0)"
        sheet.formula(r, column, cost, "money")


@dataclass(frozen=True)
class MonthInputs:
    """Ranges the month-by-month formulas read: each role's transition month as the plan gives
    it (empty: none given) and as the timeline uses it, its AI-absorbed hours, each budget
    line's before, after and effective change month, and the first month anything changes."""

    transition: str
    """Each role's month of change as used (its own, else the default): AI usage counts from it."""
    absorbed: str
    before: str
    after: str
    change: str
    first_change: str = "1"
    """The first month anyone moves, is hired or leaves, or a team changes shape (the AI
    platform runs from it)."""


def write_month_inputs(
    book: Book,
    sheet: Sheet,
    row: int,
    transitions: Sequence[tuple[str, str]],
    absorbed: Sequence[str],
    budget: Sequence[tuple[str, str, str, str]],
    first_change: str = "1",
) -> tuple[int, MonthInputs]:
    """Write the two small tables the AI usage and non-payroll months read: per legacy role
    (``transitions``: the transition month as the plan gives it and as used, cells on this
    sheet) and the hours AI absorbs (``absorbed``: Reshape cells); per budget line (label,
    before, after, change month names) the month its 'after' starts. Returns the next free row
    and the ranges."""
    first = row = sheet.table(
        row,
        "AI usage and the budget lines, by month of change",
        "A role's absorbed hours count from the month it changes shape (its own transition "
        "month, else the default); a budget line runs at 'before' until its change month "
        "(empty: the latest transition month a role sets, else month 1), at 'after' from then.",
        ["Legacy role no.", "Transition month set", "Changes shape in month", "AI absorbs (h/wk)"],
    )
    for i, ((given, used), hours) in enumerate(zip(transitions, absorbed, strict=True)):
        sheet.value(row, 1, i + 1, "count", "value")
        sheet.formula(row, 2, given, "month")
        sheet.formula(row, 3, used, "month")
        sheet.formula(row, 4, hours, "hours")
        row += 1
    last = row - 1
    given_range = sheet.range(2, first, last) if transitions else ""
    transition = sheet.range(3, first, last) if transitions else ""
    hours = sheet.range(4, first, last) if transitions else ""
    default = f"IF(COUNT({given_range})>0,MAX({given_range}),1)" if transitions else "1"
    row += 1
    b_first = row = sheet.header(row, ["Budget line", "Before", "After", "Change month"])
    for label, before, after, change in budget:
        sheet.text(row, 1, label)
        sheet.formula(row, 2, before, "money", "link")
        sheet.formula(row, 3, after, "money", "link")
        sheet.formula(row, 4, f"IF(ISNUMBER({change}),{change},{default})", "month")
        row += 1
    b_last = row - 1
    ranges = (
        (sheet.range(2, b_first, b_last), sheet.range(3, b_first, b_last),
         sheet.range(4, b_first, b_last)) if budget else ("", "", "")
    )  # fmt: skip
    return row + 1, MonthInputs(transition, hours, *ranges, first_change=first_change)


def whole_cost_month(
    book: Book, sheet: Sheet, rows: dict[str, int], col: int, cost: CostGrid,
    inputs: MonthInputs, whole: WholeCostRefs,
) -> None:  # fmt: skip
    """The pay factor, AI running cost and non-payroll budget of the month in column ``col`` of
    the month-by-month table (``rows``: its row of each metric)."""
    ref = lambda key: sheet.ref(rows[key], col, sheet=False)  # noqa: E731 - local refs
    month = ref("month")
    sheet.formula(rows["pay"], col, sheet.ref(cost.pay_row, col, sheet=False), "number")
    legacy_total = book.headline_refs.get("legacy_headcount", "0")
    legacy_now = ref(f"h:{GROUP_LEGACY}")
    sheet.formula(
        rows["licences"], col,
        f"ai_licence_per_user_month*(ai_licensed_share*({ref('heads')}-{legacy_now})"
        f"+IF({legacy_total}>0,ai_legacy_licensed_users*{legacy_now}/{legacy_total},0))",
        "money",
    )  # fmt: skip
    usage = (
        f"SUMPRODUCT(({inputs.transition}<={month})"
        f"*{inputs.absorbed})*ai_weeks_per_year/months_per_year*ai_usage_per_absorbed_hour"
        if inputs.transition
        else "0"
    )
    sheet.formula(rows["usage"], col, usage, "money")
    sheet.formula(
        rows["platform"], col,
        f"IF({month}>={inputs.first_change},{whole.ai_platform}/months_per_year,0)", "money",
    )  # fmt: skip
    sheet.formula(
        rows["ai"], col, f"{ref('licences')}+{ref('usage')}+{ref('platform')}", "money", "total"
    )
    budget = (
        f"SUMPRODUCT(({inputs.change}<={month})*{inputs.after}+({inputs.change}>{month})"
        f"*{inputs.before})/months_per_year"
        if inputs.change
        else "0"
    )
    sheet.formula(rows["budget"], col, budget, "money")
