"""The MarOps Costing sheet: the four roles' bands, the seats, the roles they replace, the net.

Mirrors :mod:`mocmo.costing`:

* salary at a point = low + (high − low) × point (0 = low, 0.5 = mid, 1 = high);
* employer NI = ``employer_ni_rate`` × MAX(0, salary − ``ni_threshold``);
* employer pension = ``pension_rate`` × MAX(0, MIN(salary, ``pension_upper``) −
  ``pension_lower``) on the qualifying basis, ``pension_rate`` × salary on the salary basis;
* benefits = ``benefits_rate`` × salary; tools = ``tools_per_head``;
* loaded cost = salary + NI + pension + benefits + tools; recruitment fee =
  ``recruitment_fee_rate`` × salary for a seat with a hire month;
* MarOps low / mid / high = every seat at its band's low / mid / high; a combined seat is one
  salary; its band is its override, else the band of its highest-paid role (which role that
  is, is shown in "Band from");
* replaced roles = Σ count × loaded cost at the role's point; net change at mid = MarOps
  loaded cost at mid − replaced roles' loaded cost;
* a legacy team on its roster's actual pay (:class:`RosterPay`): loaded cost a head after k pay
  reviews = mean pay × factor × (1 + ``benefits_rate``) + ``tools_per_head`` +
  (``employer_ni_rate`` × its pay above the NI threshold after k reviews + ``pension_rate`` ×
  its qualifying earnings after k reviews) ÷ headcount (on the salary basis: ``pension_rate`` ×
  mean pay × factor) — exactly Σ each person's own loaded cost ÷ headcount.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mocmo.costing.profiles import CostBasis
from mocmo.excel._assumptions import BANDS, DESIGN, TIMING, link_band, plan_source
from mocmo.excel._book import Book, Input, Sheet
from mocmo.excel._oncosts import ProfileNames, contributions_formula, profile_names

__all__ = [
    "CostingRefs", "RosterPay", "loaded_formula", "register_roster_pay", "roster_pay",
    "roster_per_head_formula", "write_costing",
]  # fmt: skip


def ni_formula(salary: str) -> str:
    """Employer NI on the salary in cell ``salary``."""
    return f"employer_ni_rate*MAX(0,{salary}-ni_threshold)"


def pension_formula(salary: str) -> str:
    """Employer pension on the salary in cell ``salary``, on the plan's basis."""
    return (
        f'IF(pension_basis="salary",pension_rate*{salary},'
        f"pension_rate*MAX(0,MIN({salary},pension_upper)-pension_lower))"
    )


def loaded_formula(salary: str, names: ProfileNames | None = None) -> str:
    """Fully loaded annual cost of one person on the salary in cell ``salary``: under the
    plan's UK on-costs, or under another country's rules ``names`` (:mod:`._oncosts`)."""
    if names is not None:
        return (
            f"{salary}+{contributions_formula(salary, names)}+benefits_rate*{salary}+tools_per_head"
        )
    return (
        f"{salary}+{ni_formula(salary)}+{pension_formula(salary)}"
        f"+benefits_rate*{salary}+tools_per_head"
    )


@dataclass(frozen=True)
class RosterPay:
    """The Assumptions names of one legacy team's pay from its roster — team figures, never a
    person's. Employer NI and pension are not linear in pay (the NI threshold and the pension
    limits apply to each person's earnings), so a team's mean pay cannot give its on-costs: for
    each number of pay reviews k the horizon can hold, the team's Σ of each person's pay above
    the NI threshold and Σ of each person's qualifying earnings (between the pension limits),
    at pay × (1 + review rate)^k. The other parts (salary, benefits, tools) are linear and stay
    live on the mean pay. Exact for any NI or pension rate, benefits rate or tools amount typed
    in the workbook; the threshold, the limits and the review rate are those of the export."""

    pay: str
    """One person's mean actual pay, Σ salary × FTE ÷ people (``<stem>_roster_pay``, listed by
    the Migration sheet's today's-teams table, whose exit costs read it too)."""
    ni: tuple[str, ...]
    """Σ pay above the NI threshold after 0, 1, … pay reviews."""
    pension: tuple[str, ...]
    """Σ qualifying earnings after 0, 1, … pay reviews."""
    other: tuple[str, ...] = ()
    """A team with people costed under another country's rules: Σ of those people's employer
    contributions (in the plan's currency) after 0, 1, … pay reviews (the NI and pension sums
    are then over the UK people only); empty when everyone is under the plan's UK on-costs."""
    uk_share: str = ""
    """With :attr:`other`: the UK people's share of the team's pay (the salary basis's pension
    is on it)."""


def roster_pay(book: Book, i: int) -> RosterPay:
    """The names of legacy team ``i``'s roster pay inputs (one pair per pay-review count from 0
    to the reviews within the horizon)."""
    from mocmo.costing.whole import pay_reviews_by

    plan = book.plan
    stem = book.item_stem("legacy", i, plan.legacy_roles[i].name)
    reviews = range(pay_reviews_by(plan, plan.horizon_months) + 1)
    mixed = any(b is not None for b in _people_bases(book, i))
    return RosterPay(
        f"{stem}_roster_pay",
        tuple(f"{stem}_roster_ni_pay_{k}" for k in reviews),
        tuple(f"{stem}_roster_pension_pay_{k}" for k in reviews),
        tuple(f"{stem}_roster_other_oncosts_{k}" for k in reviews) if mixed else (),
        f"{stem}_roster_uk_share" if mixed else "",
    )


def _people_bases(book: Book, i: int) -> list[CostBasis | None]:
    """Each roster person of legacy team ``i``: the rules they are costed under when not the
    plan's UK on-costs, else None."""
    from mocmo.costing import cost_basis, person_country

    plan = book.plan
    assert plan.roster_people is not None
    out: list[CostBasis | None] = []
    for person in plan.roster_people.team(plan.legacy_roles[i].name):
        basis = cost_basis(plan, person_country(plan, person))
        out.append(basis if isinstance(basis, CostBasis) else None)
    return out


def register_roster_pay(book: Book, i: int) -> RosterPay:
    """List legacy team ``i``'s roster on-cost inputs on the Assumptions sheet (the plan has a
    roster) and return their names; ``<stem>_roster_pay`` is listed by the Migration sheet."""
    import numpy as np

    from mocmo.costing.people import ni_earnings, qualifying_earnings

    plan = book.plan
    role = plan.legacy_roles[i]
    assert plan.roster_people is not None
    people = plan.roster_people.team(role.name)
    bases = _people_bases(book, i)
    uk = np.array([b is None for b in bases])
    everyone = np.array([p.pay for p in people], dtype=np.float64)
    pay = everyone[uk]
    oc = plan.assumptions.on_costs
    rate = plan.assumptions.pay_review.rate
    names = roster_pay(book, i)
    at = f"Roster {plan.roster}, {len(people)} people"
    if names.other:
        _register_other(book, role.name, names, everyone, bases, rate, at)
    who = " UK" if names.other else ""
    for k, (ni, pension) in enumerate(zip(names.ni, names.pension, strict=True)):
        raised = pay * (1.0 + rate) ** k
        after = "at start pay" if k == 0 else f"after {k} pay review{'s' if k > 1 else ''}"
        qualifying = qualifying_earnings(raised, oc)
        book.assume(
            Input(
                BANDS, ni, float(np.sum(ni_earnings(raised, oc))), "money",
                "currency/year",
                f"Legacy team '{role.name}' on its actual pay, {after}: Σ of each{who} "
                "person's pay above the NI threshold (employer NI is on it)",
                f"{at}: Σ MAX(0, salary × FTE × (1 + {rate:g})^{k} − {oc.ni_threshold:,.0f}), "
                "each person on their own pay (export again after changing the NI threshold "
                "or the pay review rate)",
            )
        )  # fmt: skip
        book.assume(
            Input(
                BANDS, pension, float(np.sum(qualifying)), "money", "currency/year",
                f"Legacy team '{role.name}' on its actual pay, {after}: Σ of each{who} "
                "person's qualifying earnings (pay between the pension limits; the qualifying "
                "basis's pension is on it)",
                f"{at}: Σ MAX(0, MIN(salary × FTE × (1 + {rate:g})^{k}, "
                f"{oc.pension_upper:,.0f}) − {oc.pension_lower:,.0f}), each person on their own "
                "pay (export again after changing the pension limits or the pay review rate)",
            )
        )  # fmt: skip
    return names


def _register_other(
    book: Book, team: str, names: RosterPay, pay: Any, bases: list[CostBasis | None],
    rate: float, at: str,
) -> None:  # fmt: skip
    """A team with people costed under other countries' rules: their contributions after each
    number of pay reviews, and the UK people's share of the pay."""
    import numpy as np

    from mocmo.costing import employer_contributions

    uk = sum(float(p) for p, b in zip(pay, bases, strict=True) if b is None)
    book.assume(
        Input(
            BANDS, names.uk_share, uk / float(np.sum(pay)), "pct", "fraction",
            f"Legacy team '{team}' on its actual pay: the UK people's share of it (a salary-"
            "basis pension is on it)",
            f"{at}: Σ pay of the people under the UK on-costs ÷ Σ pay",
        )
    )  # fmt: skip
    for k, name in enumerate(names.other):
        factor = (1.0 + rate) ** k
        total = sum(
            float(employer_contributions(float(p) * factor, b))
            for p, b in zip(pay, bases, strict=True)
            if b is not None
        )
        after = "at start pay" if k == 0 else f"after {k} pay review{'s' if k > 1 else ''}"
        book.assume(
            Input(
                BANDS, name, total, "money", "currency/year",
                f"Legacy team '{team}' on its actual pay, {after}: Σ employer contributions of "
                "its people in other countries, each on their own pay under their country's "
                "rules, converted",
                f"{at}: each person's profile (data/defaults/oncosts) and the plan's exchange "
                "rates at export (export again after changing a rule or a rate)",
            )
        )  # fmt: skip


def roster_per_head_formula(team: RosterPay, heads: str, factor: str, reviews: str) -> str:
    """Loaded cost a head of a legacy team on its roster's pay, at pay ``factor`` after
    ``reviews`` pay reviews (cells or numbers), ``heads`` its people: Σ each person's loaded
    cost ÷ heads (see :class:`RosterPay`)."""
    ni = f"CHOOSE({reviews}+1,{','.join(team.ni)})"
    pension = f"CHOOSE({reviews}+1,{','.join(team.pension)})"
    pay = f"{team.pay}*{factor}"
    if not team.other:
        return (
            f"{pay}*(1+benefits_rate)+tools_per_head+employer_ni_rate*{ni}/{heads}"
            f'+IF(pension_basis="salary",pension_rate*{pay},pension_rate*{pension}/{heads})'
        )
    other = f"CHOOSE({reviews}+1,{','.join(team.other)})"
    return (
        f"{pay}*(1+benefits_rate)+tools_per_head+employer_ni_rate*{ni}/{heads}"
        f'+IF(pension_basis="salary",pension_rate*{pay}*{team.uk_share},'
        f"pension_rate*{pension}/{heads})+{other}/{heads}"
    )


def salary_formula(low: str, high: str, point: str) -> str:
    """Salary at ``point`` (a fraction) of the band ``low``–``high``."""
    return f"{low}+({high}-{low})*{point}"


@dataclass
class CostingRefs:
    """Cells other sheets use."""

    seat_salary: list[str] = field(default_factory=list)
    seat_loaded: list[str] = field(default_factory=list)
    seat_fee: list[str] = field(default_factory=list)
    seat_hire: list[str] = field(default_factory=list)
    replaced_loaded: list[str] = field(default_factory=list)
    """Each replaced role's loaded cost per head."""
    replaced_count: list[str] = field(default_factory=list)
    replaced_leaves: list[str] = field(default_factory=list)
    marops_loaded_own: str = "0"
    replaced_total: str = "0"


PAY_COLS = ("Point in band", "Salary", "Employer NI", "Employer pension", "Benefits", "Tools & AI")
"""The columns that price one person, in both the seats and the replaced-roles tables."""

SEAT_COLS = (
    "Seat",
    "Roles held",
    "Band from",
    "Band low",
    "Band high",
    *PAY_COLS,
    "Loaded cost",
    "Hire month",
    "Recruitment fee (one-off)",
    "Salary at low",
    "Salary at mid",
    "Salary at high",
    "Loaded at low",
    "Loaded at mid",
    "Loaded at high",
)
(
    SEAT,
    ROLES,
    FROM,
    LOW,
    HIGH,
    POINT,
    SAL,
    NI,
    PEN,
    BEN,
    TOOLS,
    LOADED,
    HIRE,
    FEE,
    SLOW,
    SMID,
    SHIGH,
    LLOW,
    LMID,
    LHIGH,
) = range(1, 21)


def _breakdown(
    sheet: Sheet, r: int, salary_col: int, first: int, names: ProfileNames | None = None
) -> None:
    """NI, pension, benefits, tools and loaded cost in columns ``first``…``first + 4``; under
    another country's rules ``names``, its social and its pension contributions."""
    s = sheet.ref(r, salary_col, sheet=False)
    if names is None:
        sheet.formula(r, first, ni_formula(s), "money")
        sheet.formula(r, first + 1, pension_formula(s), "money")
    else:
        sheet.formula(r, first, contributions_formula(s, names, "social"), "money")
        sheet.formula(r, first + 1, contributions_formula(s, names, "pension"), "money")
    sheet.formula(r, first + 2, f"benefits_rate*{s}", "money")
    sheet.formula(r, first + 3, "tools_per_head", "money")
    parts = [sheet.ref(r, c, sheet=False) for c in range(first, first + 4)]
    sheet.formula(r, first + 4, f"{s}+{'+'.join(parts)}", "money")


def _default_bands() -> dict[str, tuple[str, object]]:
    """MarOps role key → (published source, default band)."""
    from mocmo.defaults import default_marops_roles, defaults_source

    source = defaults_source("marops_roles.yaml")
    return {role.key: (source, role.band) for role in default_marops_roles()}


def _roles_table(book: Book, sheet: Sheet, row: int) -> tuple[int, dict[str, int]]:
    plan = book.plan
    row = sheet.table(
        row,
        "The four MarOps roles",
        "Bands from the Assumptions sheet (UK 2026 defaults).",
        ["Role key", "Role", "Band low", "Band high", "Band mid"],
    )
    role_rows: dict[str, int] = {}
    defaults = _default_bands()
    for i, role in enumerate(plan.marops_roles):
        sheet.text(row, 1, role.key)
        sheet.text(row, 2, role.title)
        source = defaults.get(role.key, ("", None))
        link_band(
            sheet, row, (3, 4, None), f"marops_{role.key}", role.title, role.band, None,
            (f"marops_roles[{i}].band", ""), source[0] if source[1] == role.band else "",
        )  # fmt: skip
        lo, hi = sheet.ref(row, 3, sheet=False), sheet.ref(row, 4, sheet=False)
        sheet.formula(row, 5, salary_formula(lo, hi, "band_mid_point"), "money")
        role_rows[role.key] = row
        row += 1
    return row + 1, role_rows


def _seats_table(
    book: Book, sheet: Sheet, row: int, role_rows: dict[str, int], refs: CostingRefs
) -> int:
    plan = book.plan
    first = row = sheet.table(
        row,
        "MarOps seats (one person each, however many roles they hold)",
        "Point in band and hire month are on the Assumptions sheet; a seat's band follows its "
        "highest-paid role unless the plan overrides it (then the band is an assumption too).",
        SEAT_COLS,
    )
    titles: dict[str, str] = {r.key: r.title for r in plan.marops_roles}
    for i, seat in enumerate(plan.marops_seats):
        r = row
        c = sheet.at(r)
        stem = book.item_stem("seat", i, seat.name)
        sheet.text(r, SEAT, seat.name)
        sheet.text(r, ROLES, " + ".join(titles.get(k, k) for k in seat.roles))
        if seat.band is not None:
            sheet.text(r, FROM, "Seat's own band (override)")
        else:
            key = plan.seat_band_role(seat).key
            sheet.text(r, FROM, titles.get(key, key))
            sheet.formula(r, LOW, sheet.ref(role_rows[key], 3, sheet=False), "money")
            sheet.formula(r, HIGH, sheet.ref(role_rows[key], 4, sheet=False), "money")
        link_band(
            sheet, r, (LOW, HIGH, POINT), stem, f"MarOps seat '{seat.name}'", seat.band,
            seat.point, (f"marops_seats[{i}].band", f"marops_seats[{i}].point"),
        )  # fmt: skip
        sheet.formula(r, SAL, salary_formula(c(LOW), c(HIGH), c(POINT)), "money")
        names = profile_names(book, seat.country or plan.assumptions.country)
        _breakdown(sheet, r, SAL, NI, names)
        sheet.assumed(
            r,
            HIRE,
            Input(
                TIMING, f"{stem}_hire_month", seat.hire_month, "month", "month",
                f"MarOps seat '{seat.name}': start month (empty: already in post)",
                plan_source(f"marops_seats[{i}].hire_month"), optional=True,
            ),
        )  # fmt: skip
        sheet.formula(r, FEE, f"IF(ISNUMBER({c(HIRE)}),recruitment_fee_rate*{c(SAL)},0)", "money")
        sheet.formula(r, SLOW, salary_formula(c(LOW), c(HIGH), "0"), "money")
        sheet.formula(r, SMID, salary_formula(c(LOW), c(HIGH), "band_mid_point"), "money")
        sheet.formula(r, SHIGH, salary_formula(c(LOW), c(HIGH), "1"), "money")
        for col_loaded, col_salary in ((LLOW, SLOW), (LMID, SMID), (LHIGH, SHIGH)):
            sheet.formula(r, col_loaded, loaded_formula(c(col_salary), names), "money")
        refs.seat_salary.append(sheet.ref(r, SAL))
        refs.seat_loaded.append(sheet.ref(r, LOADED))
        refs.seat_fee.append(sheet.ref(r, FEE))
        refs.seat_hire.append(sheet.ref(r, HIRE))
        row += 1
    last = row - 1
    sheet.text(row, SEAT, "MarOps team", "label")
    totals = {
        SAL: None, NI: None, PEN: None, BEN: None, TOOLS: None, LOADED: None, FEE: None,
        SLOW: "marops_base_salary_low", SMID: "marops_base_salary_mid",
        SHIGH: "marops_base_salary_high", LLOW: "marops_loaded_cost_low",
        LMID: "marops_loaded_cost_mid", LHIGH: "marops_loaded_cost_high",
    }  # fmt: skip
    for column, name in totals.items():
        sheet.column_total(row, column, first, last, "money")
        if name:
            book.headline(name, sheet, row, column)
    refs.marops_loaded_own = sheet.ref(row, LOADED)
    return row + 2


REPL_COLS = (
    "Replaced role",
    "Count",
    "Band low",
    "Band high",
    *PAY_COLS,
    "Loaded cost per head",
    "Base salaries",
    "Loaded cost",
    "Leaves in month",
)


def _replaced_table(book: Book, sheet: Sheet, row: int, refs: CostingRefs) -> int:
    plan = book.plan
    first = row = sheet.table(
        row,
        "Roles the MarOps team replaces",
        "Coordinators, specialists and platform owners: the count is an input; band, point and "
        "leaving month are on the Assumptions sheet.",
        REPL_COLS,
    )
    for i, role in enumerate(plan.replaced_roles):
        r = row
        c = sheet.at(r)
        stem = book.item_stem("replaced", i, role.title)
        sheet.text(r, 1, role.title)
        sheet.assumed(
            r, 2,
            Input(DESIGN, f"{stem}_count", role.count, "count", "people",
                  f"Replaced role '{role.title}': how many",
                  plan_source(f"replaced_roles[{i}].count")),
        )  # fmt: skip
        link_band(
            sheet, r, (3, 4, 5), stem, f"Replaced role '{role.title}'", role.band, role.point,
            (f"replaced_roles[{i}].band", f"replaced_roles[{i}].point"),
        )  # fmt: skip
        sheet.formula(r, 6, salary_formula(c(3), c(4), c(5)), "money")
        _breakdown(sheet, r, 6, 7, profile_names(book, plan.assumptions.country))
        sheet.formula(r, 12, f"{c(2)}*{c(6)}", "money")
        sheet.formula(r, 13, f"{c(2)}*{c(11)}", "money")
        sheet.assumed(
            r,
            14,
            Input(
                TIMING, f"{stem}_leaves_month", role.leaves_month, "month", "month",
                f"Replaced role '{role.title}': month it ends (empty: stays)",
                plan_source(f"replaced_roles[{i}].leaves_month"), optional=True,
            ),
        )  # fmt: skip
        refs.replaced_loaded.append(sheet.ref(r, 11))
        refs.replaced_count.append(sheet.ref(r, 2))
        refs.replaced_leaves.append(sheet.ref(r, 14))
        row += 1
    last = row - 1
    sheet.text(row, 1, "Replaced roles", "label")
    for column, fmt in ((2, "count"), (12, "money"), (13, "money")):
        sheet.column_total(row, column, first, last, fmt)  # type: ignore[arg-type]
    book.headline("replaced_roles_loaded_cost", sheet, row, 13)
    refs.replaced_total = sheet.ref(row, 13)
    return row + 2


def write_costing(book: Book) -> CostingRefs:
    """Write the MarOps Costing sheet and its headline figures."""
    sheet = book.sheet("MarOps Costing")
    refs = CostingRefs()
    row = sheet.heading(
        "MarOps costing",
        "Fully loaded cost = salary + employer NI + employer pension + benefits + tools "
        "(rates and thresholds on the Assumptions sheet). Money per year.",
    )
    row, role_rows = _roles_table(book, sheet, row)
    row = _seats_table(book, sheet, row, role_rows, refs)
    row = _replaced_table(book, sheet, row, refs)

    row = sheet.section(row, "The MarOps change", "Is the change net roughly flat?")
    lines = (
        ("MarOps loaded cost, every seat at band mid", "money",
         book.headline_refs["marops_loaded_cost_mid"].split("!")[1], None),
        ("Loaded cost of the roles it replaces", "money",
         refs.replaced_total.split("!")[1], None),
        ("Net change at mid (negative = saving)", "money", "B{a}-B{b}", "marops_net_change_mid"),
        ("Net change as a share of the replaced cost", "pct", 'IF(B{b}<=0,"",B{c}/B{b})', None),
        ("Roughly flat (within ±flat_threshold)?", "general",
         'IF(B{d}="","",IF(ABS(B{d})<=flat_threshold,"yes","no"))', None),
    )  # fmt: skip
    start = row
    marks = {"a": start, "b": start + 1, "c": start + 2, "d": start + 3}
    for offset, (label, fmt, formula, key) in enumerate(lines):
        r = start + offset
        sheet.text(r, 1, label, "label")
        sheet.formula(r, 2, formula.format(**marks), fmt, "total")  # type: ignore[arg-type]
        if key:
            book.headline(key, sheet, r, 2)
    sheet.finish()
    return refs
