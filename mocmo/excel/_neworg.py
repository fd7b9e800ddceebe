"""The New Org sheet: legacy vs new headcount and fully loaded cost, by group.

Its new-org rows are the positions of :func:`mocmo.neworg.positions` (titles, groups, bands),
with live formulas for counts and costs; it mirrors :func:`mocmo.reshape.new_org` (counts) and
:func:`mocmo.costing.legacy_org_table` / :func:`mocmo.costing.new_org_table` (cost):

* legacy org: each legacy role, headcount × loaded cost of the salary at its band and point
  — with a roster, the team's mean actual pay and Σ each person's loaded cost on their own pay
  (:class:`mocmo.excel._costing.RosterPay`), its custodians still at the band and point;
  the marketing-operations function (new home MarOps) is in the MarOps group, the rest are
  "Functional teams";
* new org: Head of GTM (1 when the plan has an audience) and one GTM Marketer per audience at
  the ``new_roles`` bands and points; each Craft Custodian role, FTE (Reshape sheet) × the
  loaded cost of its legacy role's band and point; each MarOps seat at its own point (MarOps
  Costing sheet).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.chart import BarChart, Reference

from mocmo import neworg
from mocmo.costing import GROUP_FUNCTIONAL, NEW_GROUPS
from mocmo.excel._assumptions import link_band
from mocmo.excel._audiences import AudienceRefs
from mocmo.excel._book import Book, Sheet
from mocmo.excel._costing import (
    CostingRefs,
    loaded_formula,
    register_roster_pay,
    roster_per_head_formula,
    salary_formula,
)
from mocmo.excel._oncosts import ProfileNames, profile_names
from mocmo.excel._reshape import ReshapeRefs
from mocmo.plan import NewRoles

__all__ = ["GROUPS", "NewOrgRefs", "write_new_org"]

GROUPS: tuple[str, ...] = (GROUP_FUNCTIONAL, *NEW_GROUPS)
"""Groups of the cost-by-group table (mocmo.costing's legacy and new groups)."""

COLS = (
    "Position",
    "Group",
    "Count (people / FTE)",
    "Band low",
    "Band high",
    "Point in band",
    "Salary",
    "Loaded cost per head",
    "Base salaries",
    "Loaded cost",
)
POS, GROUP, COUNT, LOW, HIGH, POINT, SAL, PER_HEAD, BASE, LOADED, BAND = range(1, 12)
BAND_SALARY = "Salary at the band point (its custodians')"
"""The legacy table's last column when the plan has a roster: the salary at the team's band and
point, which its Craft Custodians are paid at (the team itself is on its actual pay)."""


@dataclass
class NewOrgRefs:
    """Cells other sheets use."""

    legacy_total: str = "0"
    new_total: str = "0"
    legacy_cost: str = "0"
    new_cost: str = "0"
    legacy_salary: list[str] = field(default_factory=list)
    legacy_per_head: list[str] = field(default_factory=list)
    legacy_per_head_abs: list[str] = field(default_factory=list)
    legacy_salary_abs: list[str] = field(default_factory=list)
    gtm_salary: dict[str, str] = field(default_factory=dict)
    gtm_per_head: dict[str, str] = field(default_factory=dict)
    custodian_per_head: dict[int, str] = field(default_factory=dict)
    """Legacy role index → loaded cost per custodian FTE."""
    seat_loaded_total: list[str] = field(default_factory=list)
    """Each MarOps seat's loaded cost (New Org rows)."""
    marops_support_per_head: str = "0"
    marops_support_salary: str = "0"
    marops_support_loaded: str = "0"


def _row_costs(sheet: Sheet, r: int, costed: bool, names: ProfileNames | None = None) -> None:
    """Salary, loaded per head, base and loaded totals from the band columns of row ``r``
    (under another country's rules ``names`` when given)."""
    c = sheet.at(r)
    if costed:
        sheet.formula(r, SAL, salary_formula(c(LOW), c(HIGH), c(POINT)), "money")
        sheet.formula(r, PER_HEAD, loaded_formula(c(SAL), names), "money")
    sheet.formula(r, BASE, f"{c(COUNT)}*{c(SAL)}", "money")
    sheet.formula(r, LOADED, f"{c(COUNT)}*{c(PER_HEAD)}", "money")


def _role_names(book: Book, i: int) -> ProfileNames | None:
    """The rules legacy role ``i``'s people (and its custodians) are costed under."""
    role = book.plan.legacy_roles[i]
    return profile_names(book, role.country or book.plan.assumptions.country)


def _default_new_roles() -> tuple[str, NewRoles]:
    """(source, bands) of the audience tower's roles in a new plan."""
    from mocmo.defaults import default_new_roles, defaults_source

    return defaults_source("new_roles.yaml"), default_new_roles()


def _legacy(book: Book, sheet: Sheet, row: int, reshape: ReshapeRefs, refs: NewOrgRefs) -> int:
    plan = book.plan
    roster = plan.roster_people is not None
    note = (
        "Headcount from the Reshape sheet; each role's band and point in band are on the "
        "Assumptions sheet."
    )
    if roster:
        note = (
            f"Headcount and pay from the roster ({plan.roster}): salary is the team's mean actual "
            "pay and the loaded cost each person's own on their own pay (employer NI above the "
            "threshold and pension between the limits are per person), from the team figures "
            "on the Assumptions sheet; the band is what the team's Craft Custodians are paid at."
        )
    first = row = sheet.table(row, "Legacy org", note, (*COLS, BAND_SALARY) if roster else COLS)
    for i, role in enumerate(plan.legacy_roles):
        sheet.text(row, POS, role.name)
        sheet.text(
            row, GROUP, neworg.GROUP_MAROPS if role.new_home == "marops" else GROUP_FUNCTIONAL
        )
        sheet.formula(row, COUNT, reshape.headcount[i], "count")
        link_band(
            sheet, row, (LOW, HIGH, POINT), book.item_stem("legacy", i, role.name),
            f"Legacy role '{role.name}'", role.band, role.point,
            (f"legacy_roles[{i}].band", f"legacy_roles[{i}].point"),
        )  # fmt: skip
        band_salary = SAL
        if roster:
            c = sheet.at(row)
            team = register_roster_pay(book, i)
            sheet.formula(row, BAND, salary_formula(c(LOW), c(HIGH), c(POINT)), "money")
            sheet.formula(row, SAL, team.pay, "money", "link")
            sheet.formula(row, PER_HEAD, roster_per_head_formula(team, c(COUNT), "1", "0"), "money")
            _row_costs(sheet, row, costed=False)
            band_salary = BAND
        else:
            _row_costs(sheet, row, costed=True, names=_role_names(book, i))
        refs.legacy_salary.append(sheet.ref(row, band_salary, sheet=False))
        refs.legacy_per_head.append(sheet.ref(row, PER_HEAD, sheet=False))
        refs.legacy_per_head_abs.append(sheet.ref(row, PER_HEAD))
        refs.legacy_salary_abs.append(sheet.ref(row, band_salary))
        row += 1
    sheet.text(row, POS, "Legacy org", "label")
    for column, fmt in ((COUNT, "count"), (BASE, "money"), (LOADED, "money")):
        sheet.column_total(row, column, first, row - 1, fmt)  # type: ignore[arg-type]
    book.headline("legacy_headcount", sheet, row, COUNT)
    book.headline("legacy_org_loaded_cost", sheet, row, LOADED)
    refs.legacy_total = sheet.ref(row, COUNT)
    refs.legacy_cost = sheet.ref(row, LOADED)
    return row + 2


def _new(
    book: Book,
    sheet: Sheet,
    row: int,
    audiences: AudienceRefs,
    reshape: ReshapeRefs,
    costing: CostingRefs,
    refs: NewOrgRefs,
) -> tuple[int, int, int]:
    plan = book.plan
    nr = plan.new_roles
    first = row = sheet.table(
        row,
        "New org",
        "Counts are people, or FTE for Craft Custodians (Reshape sheet, rounded up to "
        "fte_step) and for support (Reshape sheet: GTM load beyond one marketer per audience, "
        "MarOps hours beyond the seats). GTM bands and points are on the Assumptions sheet; "
        "custodians cost as their legacy role; GTM support as the GTM Marketer; MarOps seats "
        "come from the MarOps Costing sheet, MarOps support at the lowest-midpoint MarOps role "
        "band, at mid.",
        COLS,
    )
    defaults = _default_new_roles()
    for title, key, count in (
        (neworg.HEAD_OF_GTM, "head_of_gtm", f"IF({audiences.count}>0,1,0)"),
        (neworg.GTM_MARKETER, "gtm_marketer", audiences.count),
    ):
        band, point = getattr(nr, key), getattr(nr, f"{key}_point")
        sheet.text(row, POS, title)
        sheet.text(row, GROUP, neworg.GROUP_GTM)
        sheet.formula(row, COUNT, count, "fte")
        link_band(
            sheet, row, (LOW, HIGH, POINT), key, title, band, point,
            (f"new_roles.{key}", f"new_roles.{key}_point"),
            defaults[0] if getattr(defaults[1], key) == band else "",
        )  # fmt: skip
        _row_costs(sheet, row, costed=True, names=profile_names(book, plan.assumptions.country))
        refs.gtm_salary[title] = sheet.ref(row, SAL)
        refs.gtm_per_head[title] = sheet.ref(row, PER_HEAD)
        row += 1
    support_title = plan.assumptions.staffing.gtm_support_title
    for owner_key in reshape.staffing.owners:
        # One row per owner: its support FTE is a live formula (0 while the load fits).
        who = owner_key.owner or plan.audiences[owner_key.audiences[0]].name
        sheet.text(row, POS, f"{support_title} — {who}")
        sheet.text(row, GROUP, neworg.GROUP_GTM)
        sheet.formula(row, COUNT, owner_key.support, "fte")
        sheet.text(row, LOW, f"as {neworg.GTM_MARKETER}")
        sheet.formula(row, SAL, refs.gtm_salary[neworg.GTM_MARKETER], "money")
        sheet.formula(row, PER_HEAD, refs.gtm_per_head[neworg.GTM_MARKETER], "money")
        _row_costs(sheet, row, costed=False)
        row += 1
    custodians = {p.index: p for p in neworg.positions(plan) if p.kind == "custodian"}
    for i, role in enumerate(plan.legacy_roles):
        if role.new_home == "marops":
            continue  # its hours go to MarOps, whose seats are listed below
        # A role whose custodian FTE is 0 today keeps its row: the FTE is a live formula.
        position = custodians.get(i)
        sheet.text(row, POS, position.title if position else neworg.custodian_title(role))
        sheet.text(row, GROUP, neworg.GROUP_CUSTODIANS)
        sheet.formula(row, COUNT, reshape.custodian_fte[i], "fte")
        sheet.text(row, LOW, f"as {role.name}")
        sheet.formula(row, SAL, refs.legacy_salary[i], "money")
        if book.plan.roster_people is None:
            sheet.formula(row, PER_HEAD, refs.legacy_per_head[i], "money")
        else:  # the team is on its actual pay; its custodians at the band
            salary = sheet.ref(row, SAL, sheet=False)
            sheet.formula(row, PER_HEAD, loaded_formula(salary, _role_names(book, i)), "money")
        _row_costs(sheet, row, costed=False)
        refs.custodian_per_head[i] = sheet.ref(row, PER_HEAD)
        row += 1
    for p in neworg.positions(plan):
        if p.kind != "marops_seat" or p.index is None:
            continue
        s_i = p.index
        sheet.text(row, POS, p.title)
        sheet.text(row, GROUP, p.group)
        sheet.value(row, COUNT, 1, "fte", "value")
        sheet.text(row, LOW, "MarOps Costing")
        sheet.formula(row, SAL, costing.seat_salary[s_i], "money")
        sheet.formula(row, PER_HEAD, costing.seat_loaded[s_i], "money")
        _row_costs(sheet, row, costed=False)
        refs.seat_loaded_total.append(sheet.ref(row, LOADED))
        row += 1
    row = _marops_support(book, sheet, row, reshape, refs)
    last = row - 1
    sheet.text(row, POS, "New org", "label")
    for column, fmt in ((COUNT, "fte"), (BASE, "money"), (LOADED, "money")):
        sheet.column_total(row, column, first, last, fmt)  # type: ignore[arg-type]
    book.headline("new_headcount", sheet, row, COUNT)
    book.headline("new_org_loaded_cost", sheet, row, LOADED)
    refs.new_total = sheet.ref(row, COUNT)
    refs.new_cost = sheet.ref(row, LOADED)
    return row + 2, first, last


def _marops_support(
    book: Book, sheet: Sheet, row: int, reshape: ReshapeRefs, refs: NewOrgRefs
) -> int:
    """The MarOps FTE beyond the seats (Reshape sheet), at the band of the MarOps role with
    the lowest midpoint, at mid."""
    from mocmo import staffing

    plan = book.plan
    band = staffing.marops_support_band(plan)
    role = next((r for r in plan.marops_roles if r.band == band), None)
    sheet.text(row, POS, plan.assumptions.staffing.marops_support_title)
    sheet.text(row, GROUP, neworg.GROUP_MAROPS)
    sheet.formula(row, COUNT, reshape.staffing.marops_support, "fte")
    if role is not None:  # the role's band, as on the MarOps Costing sheet
        for column, end in ((LOW, "low"), (HIGH, "high")):
            sheet.formula(row, column, f"marops_{role.key}_band_{end}", "money", "link")
    else:  # no roles in the plan: the default bands' lowest
        sheet.value(row, LOW, band.low, "money", "value")
        sheet.value(row, HIGH, band.high, "money", "value")
    sheet.value(row, POINT, 0.5, "pct", "value")
    _row_costs(sheet, row, costed=True, names=profile_names(book, plan.assumptions.country))
    refs.marops_support_per_head = sheet.ref(row, PER_HEAD)
    refs.marops_support_salary = sheet.ref(row, SAL)
    refs.marops_support_loaded = sheet.ref(row, LOADED)
    return row + 1


def _by_group(
    book: Book,
    sheet: Sheet,
    row: int,
    legacy: tuple[int, int],
    new: tuple[int, int],
    refs: NewOrgRefs,
) -> int:
    first = row = sheet.table(
        row,
        "Cost by group, legacy vs new",
        "SUMIFS over the two tables above. Money per year.",
        [
            "Group",
            "Legacy headcount",
            "Legacy loaded cost",
            "New headcount",
            "New loaded cost",
            "Change (new − legacy)",
        ],
    )
    for group in GROUPS:
        r = row
        sheet.text(r, 1, group)
        for column, (lo, hi), src, fmt in (
            (2, legacy, COUNT, "fte"), (3, legacy, LOADED, "money"),
            (4, new, COUNT, "fte"), (5, new, LOADED, "money"),
        ):  # fmt: skip
            if hi < lo:
                sheet.value(r, column, 0, fmt, "value")  # type: ignore[arg-type]
                continue
            sheet.formula(
                r,
                column,
                f'SUMIFS({sheet.range(src, lo, hi)},{sheet.range(GROUP, lo, hi)},"{group}")',
                fmt,  # type: ignore[arg-type]
            )
        sheet.formula(
            r, 6, f"{sheet.ref(r, 5, sheet=False)}-{sheet.ref(r, 3, sheet=False)}", "money"
        )
        row += 1
    last = row - 1
    sheet.text(row, 1, "Total", "label")
    for column in range(2, 7):
        fmt = "fte" if column in (2, 4) else "money"
        sheet.column_total(row, column, first, last, fmt)  # type: ignore[arg-type]
    sheet.text(row + 1, 1, "Net change of the whole org (new − legacy)", "label")
    sheet.formula(row + 1, 6, f"{refs.new_cost}-{refs.legacy_cost}", "money", "total")
    _chart(sheet, first - 1, last, row + 4)
    return row + 3


def _chart(sheet: Sheet, header_row: int, last: int, anchor_row: int) -> None:
    """A native clustered bar chart: legacy vs new loaded cost by group."""
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = "Loaded cost by group, legacy vs new"
    chart.y_axis.title = "Loaded cost per year"
    chart.y_axis.numFmt = sheet.book.formats["money"].split(";")[0]
    chart.y_axis.majorGridlines = None
    for column in (3, 5):
        data = Reference(sheet.ws, min_col=column, min_row=header_row, max_row=last)
        chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet.ws, min_col=1, min_row=header_row + 1, max_row=last))
    chart.height, chart.width = 8, 18
    sheet.ws.add_chart(chart, f"A{anchor_row}")


def write_new_org(
    book: Book, audiences: AudienceRefs, reshape: ReshapeRefs, costing: CostingRefs
) -> NewOrgRefs:
    """Write the New Org sheet: legacy and new org, headcount and loaded cost, by group."""
    sheet = book.sheet("New Org")
    refs = NewOrgRefs()
    row = sheet.heading(
        "New org",
        "The audience tower (Head of GTM, one GTM Marketer per audience), the craft tower "
        "(Craft Custodians) and MarOps beneath both, against the legacy functional teams.",
    )
    legacy_first = row + 3
    row = _legacy(book, sheet, row, reshape, refs)
    legacy_last = legacy_first + len(book.plan.legacy_roles) - 1
    row, new_first, new_last = _new(book, sheet, row, audiences, reshape, costing, refs)
    _by_group(book, sheet, row, (legacy_first, legacy_last), (new_first, new_last), refs)
    sheet.finish()
    return refs
