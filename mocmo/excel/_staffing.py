"""The new org staffed to its work, in live formulas: GTM Marketer load and support FTE per
owner (on the Reshape sheet), MarOps hours and FTE (Reshape), and each group's FTE against its
hours with the unstaffed hours and their cost (Whole Cost sheet).

Mirrors :mod:`mocmo.staffing`:

* capacity of one person = ``hours_per_week`` × ``productive_share`` (h/wk);
* GTM, per owner key (a named owner, or an unowned audience): marketers = one per audience;
  staffed to its hours, FTE = MAX(marketers, load ÷ capacity rounded up to
  ``staffing_gtm_step``: ``ROUNDUP(x/step − 1e-9, 0) × step``, 0 at or below 1e-9); with
  ``staffing_gtm_fixed_fte`` set, the fixed FTE beyond every marketer (not below 0) is shared
  as support by each key's hours beyond its marketers' capacity (by load when no key is over);
  support = FTE − marketers; over capacity = an owned key whose load exceeds FTE × capacity;
* MarOps hours = the stays of roles whose new home is MarOps + the AI oversight MarOps owns
  (Reshape) + ``marops_own_hours_per_week``; FTE = MAX(seats, hours ÷ capacity rounded up to
  ``staffing_marops_step``), or MAX(seats, ``staffing_marops_fixed_fte``) when fixed; support =
  FTE − seats;
* Custodians as on the Reshape sheet (per craft, rounded up to ``fte_step``; capacity
  ``hours_per_week``);
* unstaffed hours (only a group whose headcount the plan fixes) = hours − FTE × capacity when
  above 1e-9 (GTM: Σ per owner key of load − staffed capacity when above 1e-9, one key's spare
  hours do not carry another's); their cost = unstaffed h/wk ÷ capacity × the group's loaded
  cost per FTE (GTM: the GTM Marketer's; MarOps: the seats' and support's average);
* ``gtm_fte`` = Head of GTM (1 with an audience) + the GTM FTE; ``marops_fte``;
  ``custodian_fte``; ``unstaffed_hours_per_week``, ``unstaffed_hours_cost`` = Σ over groups.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mocmo.excel._audiences import AudienceRefs
from mocmo.excel._book import Book, Sheet

__all__ = ["UNOWNED", "OwnerKey", "StaffingRefs", "write_group_staffing", "write_load"]

UNOWNED = "Unowned"


def round_up(value: str, step: str) -> str:
    """Formula (no '=') of ``value`` rounded up to a multiple of ``step`` as
    :func:`mocmo.staffing.round_up_to_step` does."""
    return f"IF({value}<=1E-9,0,ROUNDUP({value}/{step}-1E-9,0)*{step})"


@dataclass(frozen=True)
class OwnerKey:
    """One owner key of the GTM load table."""

    owner: str | None
    audiences: tuple[int, ...]
    support: str
    """Absolute reference of its support FTE."""


@dataclass
class StaffingRefs:
    """Cells other sheets use (absolute references)."""

    owners: list[OwnerKey] = field(default_factory=list)
    gtm_fte: str = "0"
    """GTM Marketers + support (the Head of GTM not counted)."""
    marops_hours: str = "0"
    marops_fte: str = "0"
    marops_support: str = "0"
    capacity: str = "hours_per_week*productive_share"
    gtm_unstaffed: str = "0"
    """Σ per owner key of the load beyond its staffed capacity (h/wk)."""


def _owner_keys(book: Book) -> list[tuple[str | None, list[int]]]:
    """(owner or None, audience indexes) per owner key, in the order keys first appear."""
    keys: dict[str, tuple[str | None, list[int]]] = {}
    for i, aud in enumerate(book.plan.audiences):
        key = aud.owner if aud.owner is not None else f"\0{i}"
        keys.setdefault(key, (aud.owner, []))[1].append(i)
    return list(keys.values())


def write_load(
    book: Book, sheet: Sheet, row: int, audiences: AudienceRefs, marops_from_roles: str
) -> tuple[int, StaffingRefs]:
    """Write the GTM Marketer load and support FTE per owner, and the MarOps hours and FTE, on
    ``sheet`` (Reshape) from ``row``; ``marops_from_roles`` is the cell of the MarOps hours the
    legacy roles hand over. Returns the next free row and the cells other sheets read."""
    plan = book.plan
    refs = StaffingRefs()
    row = sheet.section(
        row,
        "GTM Marketer load: shifted work and the oversight they own, shared across audiences",
        "Weight = the audience's pipeline target ÷ the total (equal shares when load_weight is "
        "'equal' or no audience has a target). Capacity = hours_per_week × productive_share. "
        "Each audience keeps one accountable GTM Marketer; load beyond them is support FTE, "
        "rounded up to staffing_gtm_step (or shared out of staffing_gtm_fixed_fte when the plan "
        "fixes the headcount).",
    )
    keys = _owner_keys(book)
    number = {i: k + 1 for k, (_o, idx) in enumerate(keys) for i in idx}
    first = row = sheet.header(
        row,
        ["No.", "Audience", "Owner", "Owner no.", "Pipeline target", "Weight", "Hours per week"],
    )
    for i, aud in enumerate(plan.audiences):
        r = row
        c = sheet.at(r)
        sheet.value(r, 1, i + 1, "count", "value")
        sheet.text(r, 2, aud.name)
        sheet.text(r, 3, aud.owner or UNOWNED)
        sheet.value(r, 4, number[i], "count", "value")
        sheet.formula(r, 5, audiences.pipeline[i], "money")
        sheet.formula(
            r,
            6,
            f'IF(OR(load_weight="equal",{audiences.total}<=0),1/{audiences.count},'
            f"{c(5)}/{audiences.total})",
            "pct",
        )
        sheet.formula(r, 7, f"gtm_hours_total*{c(6)}", "hours")
        row += 1
    last = row - 1
    row += 1
    labels = [
        "Owner no.", "GTM Marketer", "Owns an audience", "Audiences", "Load (h/wk)",
        "Capacity (h/wk)", "Utilisation", "Over capacity", "Marketers (one per audience)",
        "Hours beyond the marketers (h/wk)", "Support FTE", "FTE (marketers + support)",
        "Staffed capacity (h/wk)", "Load beyond staffed capacity (h/wk)",
    ]  # fmt: skip
    owners_first = row = sheet.header(row, labels)
    n_keys = len(keys)
    total = owners_first + n_keys  # the total row under the table

    def tot(column: int) -> str:
        return sheet.ref(total, column, sheet=False)

    spare = f"MAX(0,staffing_gtm_fixed_fte-{tot(9)})"
    weights_total = f"IF({tot(10)}>1E-9,{tot(10)},{tot(5)})"
    for k, (owner, idx) in enumerate(keys):
        r = row
        c = sheet.at(r)
        sheet.value(r, 1, k + 1, "count", "value")
        sheet.text(r, 2, owner if owner is not None else UNOWNED)
        sheet.value(r, 3, 1 if owner is not None else 0, "count", "value")
        sheet.text(r, 4, ", ".join(plan.audiences[i].name for i in idx))
        sheet.formula(
            r,
            5,
            f"SUMIFS({sheet.range(7, first, last)},{sheet.range(4, first, last)},{c(1)})",
            "hours",
        )
        sheet.formula(r, 6, refs.capacity, "hours")
        sheet.formula(r, 7, f"{c(5)}/{c(6)}", "pct")
        sheet.formula(r, 8, f"IF(AND({c(3)}=1,{c(5)}>{c(13)}+1E-9),1,0)", "count")
        sheet.formula(r, 9, f"COUNTIFS({sheet.range(4, first, last)},{c(1)})", "fte")
        sheet.formula(r, 10, f"MAX(0,{c(5)}-{c(9)}*{c(6)})", "hours")
        weight = f"IF({tot(10)}>1E-9,{c(10)},{c(5)})"
        fixed = f"IF(OR({spare}<=1E-9,{weights_total}<=1E-9),0,{spare}*{weight}/{weights_total})"
        staffed = f"MAX({c(9)},{round_up(f'{c(5)}/{c(6)}', 'staffing_gtm_step')})-{c(9)}"
        sheet.formula(r, 11, f"IF(ISNUMBER(staffing_gtm_fixed_fte),{fixed},{staffed})", "fte")
        sheet.formula(r, 12, f"{c(9)}+{c(11)}", "fte")
        sheet.formula(r, 13, f"{c(12)}*{c(6)}", "hours")
        sheet.formula(r, 14, f"IF({c(5)}-{c(13)}>1E-9,{c(5)}-{c(13)},0)", "hours")
        refs.owners.append(OwnerKey(owner, tuple(idx), sheet.ref(r, 11)))
        row += 1
    owners_last = row - 1
    sheet.text(row, 2, "GTM Marketers over capacity", "label")
    for column, fmt in ((5, "hours"), (8, "count"), (9, "fte"), (10, "hours"), (11, "fte"),
                        (12, "fte"), (14, "hours")):  # fmt: skip
        sheet.column_total(row, column, owners_first, owners_last, fmt)  # type: ignore[arg-type]
    book.headline("gtm_marketers_over_capacity", sheet, row, 8)
    refs.gtm_fte = sheet.ref(row, 12)
    refs.gtm_unstaffed = sheet.ref(row, 14)
    row += 2
    return _marops(book, sheet, row, marops_from_roles, refs), refs


def _marops(book: Book, sheet: Sheet, row: int, from_roles: str, refs: StaffingRefs) -> int:
    row = sheet.table(
        row,
        "MarOps hours and FTE",
        "MarOps carries what stays of the roles whose new home is MarOps, the AI oversight it "
        "owns and its own workflow, data and agent work; FTE = hours ÷ capacity rounded up to "
        "staffing_marops_step, never fewer than the listed seats (or the fixed FTE).",
        ["MarOps", "Value", "How it is made"],
    )
    seats = len(book.plan.marops_seats)
    cells: dict[str, str] = {}
    absolute: dict[str, str] = {}

    def ref(key: str) -> str:
        return cells[key]

    lines: tuple[tuple[str, str, str, str, str], ...] = (
        ("roles", "From the legacy roles (h/wk)", from_roles, "hours",
         "stays of roles moving to MarOps + AI oversight MarOps owns (roles table)"),
        ("own", "Own workflow, data and agent work (h/wk)", "marops_own_hours_per_week", "hours",
         "Assumptions: marops_own_hours_per_week"),
        ("hours", "MarOps hours (h/wk)", "", "hours", "the two above"),
        ("cap", "Capacity of one person (h/wk)", refs.capacity, "hours",
         "hours_per_week × productive_share"),
        ("raw", "FTE the hours need (exact)", "", "fte", "hours ÷ capacity"),
        ("seats", "Listed seats", "", "fte", "the seats on the MarOps Costing sheet"),
        ("fte", "MarOps FTE", "", "fte",
         "MAX(seats, hours ÷ capacity rounded up to the step), or MAX(seats, the fixed FTE)"),
        ("support", "Support FTE beyond the seats", "", "fte", "FTE − seats"),
    )  # fmt: skip
    for key, label, formula, fmt, how in lines:
        cells[key] = sheet.ref(row, 2, sheet=False)
        absolute[key] = sheet.ref(row, 2)
        sheet.text(row, 1, label)
        sheet.text(row, 3, how)
        if key == "hours":
            formula = f"{ref('roles')}+{ref('own')}"
        elif key == "raw":
            formula = f"IF({ref('cap')}>0,{ref('hours')}/{ref('cap')},0)"
        elif key == "seats":
            sheet.value(row, 2, seats, "fte", "value")
            row += 1
            continue
        elif key == "fte":
            formula = (
                f"IF(ISNUMBER(staffing_marops_fixed_fte),MAX({ref('seats')},"
                f"staffing_marops_fixed_fte),MAX({ref('seats')},"
                f"{round_up(ref('raw'), 'staffing_marops_step')}))"
            )
        elif key == "support":
            formula = f"{ref('fte')}-{ref('seats')}"
        sheet.formula(row, 2, formula, fmt, "total" if key in ("hours", "fte") else "calc")  # type: ignore[arg-type]
        row += 1
    refs.marops_hours = absolute["hours"]
    refs.marops_fte = absolute["fte"]
    refs.marops_support = absolute["support"]
    return row + 1


def write_group_staffing(
    book: Book,
    sheet: Sheet,
    row: int,
    staffing: StaffingRefs,
    custodian: tuple[str, str],
    costs: tuple[str, str],
) -> int:
    """Write each group's FTE against its hours, the unstaffed hours and their cost, and the
    five staffing headline figures, on ``sheet`` (Whole Cost) from ``row``.
    ``custodian``: the Reshape cells of the custodians' hours and rounded FTE; ``costs``: the
    loaded cost per FTE of GTM (the GTM Marketer's) and of MarOps (seats and support)."""
    first = row = sheet.table(
        row,
        "Staffed to the work",
        "Each group's FTE follow the hours it carries (Reshape sheet): hours ÷ one person's "
        "capacity, rounded up to the group's step. A group whose headcount the plan fixes "
        "shows the hours beyond its capacity as unstaffed hours, costed at its loaded cost per "
        "FTE ÷ capacity.",
        ["Group", "Hours (h/wk)", "Capacity of one person (h/wk)", "FTE the hours need (exact)",
         "Rounding step (FTE)", "FTE", "Headcount fixed by the plan", "Unstaffed hours (h/wk)",
         "Loaded cost per FTE", "Cost of the unstaffed hours (per year)"],
    )  # fmt: skip
    count = book.headline_refs.get("audience_count", "0")
    groups = (
        ("GTM (marketers and support)", f"IF({count}>0,gtm_hours_total,0)", staffing.capacity,
         "staffing_gtm_step", staffing.gtm_fte, "staffing_gtm_fixed_fte", costs[0],
         staffing.gtm_unstaffed),
        ("MarOps (seats and support)", staffing.marops_hours, staffing.capacity,
         "staffing_marops_step", staffing.marops_fte, "staffing_marops_fixed_fte", costs[1], ""),
        ("Custodians (per craft)", custodian[0], "hours_per_week", "fte_step", custodian[1], "",
         "", ""),
    )  # fmt: skip
    fte_cells: list[str] = []
    for label, hours, cap, step, fte, fixed, cost, beyond in groups:
        c = sheet.at(row)
        sheet.text(row, 1, label)
        sheet.formula(row, 2, hours, "hours")
        sheet.formula(row, 3, cap, "hours")
        sheet.formula(row, 4, f"IF({c(3)}>0,{c(2)}/{c(3)},0)", "fte")
        sheet.formula(row, 5, step, "fte")
        sheet.formula(row, 6, fte, "fte")
        fte_cells.append(sheet.ref(row, 6))
        if fixed:
            sheet.formula(row, 7, f'IF(ISNUMBER({fixed}),"yes","no")', "general")
            gap = beyond or f"{c(2)}-{c(6)}*{c(3)}"
            sheet.formula(row, 8, f'IF(AND({c(7)}="yes",{gap}>1E-9),{gap},0)', "hours")
            sheet.formula(row, 9, cost, "money")
            sheet.formula(row, 10, f"IF({c(3)}<=0,0,{c(8)}/{c(3)}*{c(9)})", "money")
        else:
            sheet.text(row, 7, "no (rounded per craft)")
            sheet.value(row, 8, 0, "hours", "value")
            sheet.value(row, 10, 0, "money", "value")
        row += 1
    last = row - 1
    sheet.text(row, 1, "Unstaffed hours and their cost", "label")
    sheet.column_total(row, 8, first, last, "hours")
    sheet.column_total(row, 10, first, last, "money")
    book.headline("unstaffed_hours_per_week", sheet, row, 8)
    book.headline("unstaffed_hours_cost", sheet, row, 10)
    row += 1
    figures = (
        ("gtm_fte", "GTM FTE (Head of GTM + marketers + support)",
         f"IF({count}>0,1,0)+{fte_cells[0]}"),
        ("marops_fte", "MarOps FTE (seats + support)", fte_cells[1]),
        ("custodian_fte", "Craft Custodian FTE (rounded up per craft)", fte_cells[2]),
    )  # fmt: skip
    for key, label, formula in figures:
        sheet.text(row, 1, label, "label")
        sheet.formula(row, 6, formula, "fte", "total")
        book.headline(key, sheet, row, 6)
        row += 1
    return row + 1
