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
  loaded cost at mid − replaced roles' loaded cost.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mocmo.excel._book import Book, Sheet
from mocmo.plan import band_fraction

__all__ = ["CostingRefs", "loaded_formula", "write_costing"]


def ni_formula(salary: str) -> str:
    """Employer NI on the salary in cell ``salary``."""
    return f"employer_ni_rate*MAX(0,{salary}-ni_threshold)"


def pension_formula(salary: str) -> str:
    """Employer pension on the salary in cell ``salary``, on the plan's basis."""
    return (
        f'IF(pension_basis="salary",pension_rate*{salary},'
        f"pension_rate*MAX(0,MIN({salary},pension_upper)-pension_lower))"
    )


def loaded_formula(salary: str) -> str:
    """Fully loaded annual cost of one person on the salary in cell ``salary``."""
    return (
        f"{salary}+{ni_formula(salary)}+{pension_formula(salary)}"
        f"+benefits_rate*{salary}+tools_per_head"
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


SEAT_COLS = (
    "Seat",
    "Roles held",
    "Band from",
    "Band low",
    "Band high",
    "Point in band",
    "Salary",
    "Employer NI",
    "Employer pension",
    "Benefits",
    "Tools & AI",
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


def _breakdown(sheet: Sheet, r: int, salary_col: int, first: int) -> None:
    """NI, pension, benefits, tools and loaded cost in columns ``first``…``first + 4``."""
    s = sheet.ref(r, salary_col, sheet=False)
    sheet.formula(r, first, ni_formula(s), "money")
    sheet.formula(r, first + 1, pension_formula(s), "money")
    sheet.formula(r, first + 2, f"benefits_rate*{s}", "money")
    sheet.formula(r, first + 3, "tools_per_head", "money")
    parts = [sheet.ref(r, c, sheet=False) for c in range(first, first + 4)]
    sheet.formula(r, first + 4, f"{s}+{'+'.join(parts)}", "money")


def _roles_table(book: Book, sheet: Sheet, row: int) -> tuple[int, dict[str, int]]:
    plan = book.plan
    row = sheet.section(row, "The four MarOps roles", "Bands are inputs (UK 2026 defaults).")
    row = sheet.header(row, ["Role key", "Role", "Band low", "Band high", "Band mid"])
    role_rows: dict[str, int] = {}
    for role in plan.marops_roles:
        sheet.text(row, 1, role.key)
        sheet.text(row, 2, role.title)
        sheet.value(row, 3, role.band.low, "money", "input")
        sheet.value(row, 4, role.band.high, "money", "input")
        lo, hi = sheet.ref(row, 3, sheet=False), sheet.ref(row, 4, sheet=False)
        sheet.formula(row, 5, salary_formula(lo, hi, "0.5"), "money")
        role_rows[role.key] = row
        row += 1
    return row + 1, role_rows


def _seats_table(
    book: Book, sheet: Sheet, row: int, role_rows: dict[str, int], refs: CostingRefs
) -> int:
    plan = book.plan
    row = sheet.section(
        row,
        "MarOps seats (one person each, however many roles they hold)",
        "Point in band and hire month are inputs; a seat's band follows its highest-paid role "
        "unless the plan overrides it (then the band is an input here).",
    )
    first = row = sheet.header(row, SEAT_COLS)
    titles: dict[str, str] = {r.key: r.title for r in plan.marops_roles}
    for seat in plan.marops_seats:
        r = row
        c = sheet.at(r)
        sheet.text(r, SEAT, seat.name)
        sheet.text(r, ROLES, " + ".join(titles.get(k, k) for k in seat.roles))
        if seat.band is not None:
            sheet.text(r, FROM, "Seat's own band (override)")
            sheet.value(r, LOW, seat.band.low, "money", "input")
            sheet.value(r, HIGH, seat.band.high, "money", "input")
        else:
            key = plan.seat_band_role(seat).key
            sheet.text(r, FROM, titles.get(key, key))
            sheet.formula(r, LOW, sheet.ref(role_rows[key], 3, sheet=False), "money")
            sheet.formula(r, HIGH, sheet.ref(role_rows[key], 4, sheet=False), "money")
        sheet.value(r, POINT, band_fraction(seat.point), "pct", "input")
        sheet.formula(r, SAL, salary_formula(c(LOW), c(HIGH), c(POINT)), "money")
        _breakdown(sheet, r, SAL, NI)
        sheet.value(r, HIRE, seat.hire_month, "month", "input")
        sheet.formula(r, FEE, f"IF(ISNUMBER({c(HIRE)}),recruitment_fee_rate*{c(SAL)},0)", "money")
        sheet.formula(r, SLOW, salary_formula(c(LOW), c(HIGH), "0"), "money")
        sheet.formula(r, SMID, salary_formula(c(LOW), c(HIGH), "0.5"), "money")
        sheet.formula(r, SHIGH, salary_formula(c(LOW), c(HIGH), "1"), "money")
        for col_loaded, col_salary in ((LLOW, SLOW), (LMID, SMID), (LHIGH, SHIGH)):
            sheet.formula(r, col_loaded, loaded_formula(c(col_salary)), "money")
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
    "Point in band",
    "Salary",
    "Employer NI",
    "Employer pension",
    "Benefits",
    "Tools & AI",
    "Loaded cost per head",
    "Base salaries",
    "Loaded cost",
    "Leaves in month",
)


def _replaced_table(book: Book, sheet: Sheet, row: int, refs: CostingRefs) -> int:
    plan = book.plan
    row = sheet.section(
        row,
        "Roles the MarOps team replaces",
        "Coordinators, specialists and platform owners: count, band and point are inputs.",
    )
    first = row = sheet.header(row, REPL_COLS)
    for role in plan.replaced_roles:
        r = row
        c = sheet.at(r)
        sheet.text(r, 1, role.title)
        sheet.value(r, 2, role.count, "count", "input")
        sheet.value(r, 3, role.band.low, "money", "input")
        sheet.value(r, 4, role.band.high, "money", "input")
        sheet.value(r, 5, band_fraction(role.point), "pct", "input")
        sheet.formula(r, 6, salary_formula(c(3), c(4), c(5)), "money")
        _breakdown(sheet, r, 6, 7)
        sheet.formula(r, 12, f"{c(2)}*{c(6)}", "money")
        sheet.formula(r, 13, f"{c(2)}*{c(11)}", "money")
        sheet.value(r, 14, role.leaves_month, "month", "input")
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
