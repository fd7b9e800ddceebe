"""The Reshape and Hand-Off Tax sheets: where each legacy role's hours go, GTM Marketer load,
and each role's workflow legacy vs new.

Mirrors :mod:`mocmo.reshape` formula by formula:

* activity hours = share ÷ (Σ the role's shares) × ``hours_per_week`` × headcount;
* stays / shifts go whole to their destination; AI splits into oversight = hours × oversight
  and AI-net = hours − oversight; capacity reclaimed = AI-net;
* custodian hours = stays + oversight owned by custodians (0 when the role's new home is
  MarOps); custodian FTE = hours ÷ ``hours_per_week`` rounded up to ``fte_step`` exactly as
  :func:`mocmo.reshape.round_up_to_step` does (``ROUNDUP(x/step − 1e-9, 0) × step``, 0 at or
  below 1e-9);
* GTM Marketer load: (shifts + oversight owned by GTM Marketers) shared by pipeline weight (or
  equally), summed per owner, with the support FTE it needs (:mod:`mocmo.excel._staffing`);
* a hand-off is a change of owner between consecutive steps (case-sensitive, ``EXACT``); its
  wait is the step's wait days, else ``handoff_wait_days``; expected rework = probability ×
  rework days (a given 0 is 0; an empty one of the two takes the plan default; both empty:
  none);
  Hand-Off Tax = waits + rework; cycle = work + tax; weeks = days ÷ ``days_per_week``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mocmo.excel._assumptions import DESIGN, STEPS, plan_source
from mocmo.excel._audiences import AudienceRefs
from mocmo.excel._book import Book, Input, Sheet
from mocmo.excel._staffing import StaffingRefs, write_load

__all__ = ["ReshapeRefs", "write_handoff", "write_reshape"]

ROLE_COLS = (
    "No.",
    "Legacy role",
    "Headcount",
    "New home",
    "Hours per week (team)",
    "Σ activity shares",
    "Stays (h/wk)",
    "Shifts (h/wk)",
    "AI net (h/wk)",
    "AI oversight (h/wk)",
    "Oversight by GTM Marketers",
    "Oversight by custodians",
    "Oversight by MarOps",
    "Capacity reclaimed (h/wk)",
    "To GTM Marketers (h/wk)",
    "Custodian hours (h/wk)",
    "Custodian FTE (exact)",
    "Custodian FTE (rounded up)",
    "MarOps hours (h/wk)",
    "Becomes",
)
(
    R_NUM,
    R_NAME,
    R_HEAD,
    R_HOME,
    R_HOURS,
    R_SHARE,
    R_STAYS,
    R_SHIFTS,
    R_AINET,
    R_OVER,
    R_OV_GTM,
    R_OV_CUST,
    R_OV_MAROPS,
    R_RECLAIM,
    R_GTM,
    R_CUST_H,
    R_FTE_RAW,
    R_FTE,
    R_MAROPS_H,
    R_TITLE,
) = range(1, 21)

ACT_COLS = (
    "Role no.",
    "Legacy role",
    "Activity",
    "Share of role's hours",
    "Destination",
    "AI oversight share",
    "Oversight owner",
    "Hours per week",
    "Stays (h/wk)",
    "Shifts (h/wk)",
    "AI net (h/wk)",
    "AI oversight (h/wk)",
)
(
    A_ROLE,
    A_ROLENAME,
    A_NAME,
    A_SHARE,
    A_DEST,
    A_OV,
    A_OVOWNER,
    A_HOURS,
    A_STAYS,
    A_SHIFTS,
    A_AINET,
    A_OVH,
) = range(1, 13)


@dataclass
class ReshapeRefs:
    """Cells other sheets use."""

    headcount: list[str] = field(default_factory=list)
    """Each legacy role's headcount input cell."""
    custodian_fte: list[str] = field(default_factory=list)
    """Each legacy role's rounded custodian FTE."""
    role_rows: list[int] = field(default_factory=list)
    custodian_hours_total: str = "0"
    custodian_fte_total: str = "0"
    ai_net: list[str] = field(default_factory=list)
    """Each legacy role's hours AI absorbs less their oversight (h/wk)."""
    staffing: StaffingRefs = field(default_factory=StaffingRefs)


def _roles_section(
    book: Book, sheet: Sheet, row: int, act_first: int, act_last: int, refs: ReshapeRefs
) -> int:
    plan = book.plan
    first = row = sheet.table(
        row,
        "Legacy roles: where their hours go",
        "Headcount and new home are inputs; the hours are SUMIFS over the activities below.",
        ROLE_COLS,
    )

    def acts(column: int) -> str:
        return sheet.range(column, act_first, act_last)

    for i, role in enumerate(plan.legacy_roles, start=1):
        r = row
        c = sheet.at(r)
        by_role = f"{acts(A_ROLE)},{c(R_NUM)}"
        sheet.value(r, R_NUM, i, "count", "value")
        sheet.text(r, R_NAME, role.name)
        stem = book.item_stem("legacy", i - 1, role.name)
        sheet.assumed(
            r, R_HEAD,
            Input(DESIGN, f"{stem}_headcount", role.headcount, "count", "people",
                  f"Team '{role.name}': headcount",
                  plan_source(f"legacy_roles[{i - 1}].headcount")),
        )  # fmt: skip
        sheet.text(r, R_HOME, role.new_home, "input")
        sheet.formula(r, R_HOURS, f"hours_per_week*{c(R_HEAD)}", "hours")
        sheet.formula(r, R_SHARE, f"SUMIFS({acts(A_SHARE)},{by_role})", "pct")
        for column, src in (
            (R_STAYS, A_STAYS),
            (R_SHIFTS, A_SHIFTS),
            (R_AINET, A_AINET),
            (R_OVER, A_OVH),
        ):
            sheet.formula(r, column, f"SUMIFS({acts(src)},{by_role})", "hours")
        for column, owner in (
            (R_OV_GTM, "gtm_marketer"),
            (R_OV_CUST, "custodian"),
            (R_OV_MAROPS, "marops"),
        ):
            sheet.formula(
                r, column, f'SUMIFS({acts(A_OVH)},{by_role},{acts(A_OVOWNER)},"{owner}")', "hours"
            )
        sheet.formula(r, R_RECLAIM, c(R_AINET), "hours")
        sheet.formula(r, R_GTM, f"{c(R_SHIFTS)}+{c(R_OV_GTM)}", "hours")
        sheet.formula(
            r, R_CUST_H, f'IF({c(R_HOME)}="marops",0,{c(R_STAYS)}+{c(R_OV_CUST)})', "hours"
        )
        sheet.formula(r, R_FTE_RAW, f"{c(R_CUST_H)}/hours_per_week", "fte")
        sheet.formula(
            r,
            R_FTE,
            f"IF({c(R_FTE_RAW)}<=1E-9,0,ROUNDUP({c(R_FTE_RAW)}/fte_step-1E-9,0)*fte_step)",
            "fte",
        )
        sheet.formula(
            r,
            R_MAROPS_H,
            f'{c(R_OV_MAROPS)}+IF({c(R_HOME)}="marops",{c(R_STAYS)}+{c(R_OV_CUST)},0)',
            "hours",
        )
        sheet.text(r, R_TITLE, role.custodian_title)
        refs.headcount.append(sheet.ref(r, R_HEAD))
        refs.custodian_fte.append(sheet.ref(r, R_FTE))
        refs.ai_net.append(sheet.ref(r, R_AINET))
        refs.role_rows.append(r)
        row += 1
    last = row - 1
    if plan.legacy_roles:
        sheet.choice(
            f"{sheet.range(R_HOME, first, last)}".replace("$", ""), ("custodian", "marops")
        )
    sheet.text(row, R_NAME, "Total", "label")
    for column, fmt in (
        (R_HEAD, "count"),
        (R_HOURS, "hours"),
        (R_STAYS, "hours"),
        (R_SHIFTS, "hours"),
        (R_AINET, "hours"),
        (R_OVER, "hours"),
        (R_RECLAIM, "hours"),
        (R_GTM, "hours"),
        (R_CUST_H, "hours"),
        (R_FTE, "fte"),
        (R_MAROPS_H, "hours"),
    ):
        sheet.column_total(row, column, first, last, fmt)  # type: ignore[arg-type]
    book.headline("capacity_reclaimed_hours_per_week", sheet, row, R_RECLAIM)
    refs.custodian_hours_total = sheet.ref(row, R_CUST_H)
    refs.custodian_fte_total = sheet.ref(row, R_FTE)
    book.define("gtm_hours_total", sheet, row, R_GTM)
    return row + 2


def _activities_section(
    book: Book, sheet: Sheet, row: int, role_rows: list[int], expected_first: int
) -> int:
    plan = book.plan
    first = row = sheet.table(
        row,
        "Activities: each a share of its role's hours, and where it goes",
        "Share, destination (stays / shifts / ai), oversight share and oversight owner are "
        "inputs. Shares are normalised by the role's Σ shares, so hours are conserved.",
        ACT_COLS,
    )
    if first != expected_first:
        raise AssertionError(f"activities start at row {first}, the roles expect {expected_first}")
    for i, role in enumerate(plan.legacy_roles, start=1):
        role_row = role_rows[i - 1]
        share_total = sheet.ref(role_row, R_SHARE, sheet=False)
        role_hours = sheet.ref(role_row, R_HOURS, sheet=False)
        stem = book.item_stem("legacy", i - 1, role.name)
        for j, act in enumerate(role.activities):
            r = row
            c = sheet.at(r)
            sheet.value(r, A_ROLE, i, "count", "value")
            sheet.text(r, A_ROLENAME, role.name)
            sheet.text(r, A_NAME, act.name)
            where = f"legacy_roles[{i - 1}].activities[{j}]"
            for column, field_, value, what in (
                (A_SHARE, "share", act.share, "share of the team's hours"),
                (
                    A_OV,
                    "oversight",
                    act.oversight,
                    "oversight (share of its AI work a person checks)",
                ),
            ):
                sheet.assumed(
                    r, column,
                    Input(DESIGN, f"{stem}_activity_{j + 1}_{field_}", value, "pct", "fraction",
                          f"Team '{role.name}', activity '{act.name}': {what}",
                          plan_source(f"{where}.{field_}")),
                )  # fmt: skip
            sheet.text(r, A_DEST, act.destination, "input")
            sheet.text(r, A_OVOWNER, act.oversight_owner, "input")
            sheet.formula(
                r,
                A_HOURS,
                f"IF({share_total}<=0,0,{c(A_SHARE)}/{share_total}*{role_hours})",
                "hours",
            )
            sheet.formula(r, A_STAYS, f'IF({c(A_DEST)}="stays",{c(A_HOURS)},0)', "hours")
            sheet.formula(r, A_SHIFTS, f'IF({c(A_DEST)}="shifts",{c(A_HOURS)},0)', "hours")
            sheet.formula(r, A_AINET, f'IF({c(A_DEST)}="ai",{c(A_HOURS)}-{c(A_OVH)},0)', "hours")
            sheet.formula(r, A_OVH, f'IF({c(A_DEST)}="ai",{c(A_HOURS)}*{c(A_OV)},0)', "hours")
            row += 1
    last = row - 1
    if last >= first:
        sheet.choice(sheet.range(A_DEST, first, last).replace("$", ""), ("stays", "shifts", "ai"))
        sheet.choice(
            sheet.range(A_OVOWNER, first, last).replace("$", ""),
            ("gtm_marketer", "custodian", "marops"),
        )
    return row + 1


def write_reshape(book: Book, audiences: AudienceRefs) -> ReshapeRefs:
    """Write the Reshape sheet (roles, activities, GTM Marketer load)."""
    plan = book.plan
    sheet = book.sheet("Reshape")
    refs = ReshapeRefs()
    row = sheet.heading(
        "Role reshape",
        "For each legacy role: what stays with the Craft Custodian, what shifts to GTM "
        "Marketers, what AI absorbs (and the human oversight it still needs). Hours per week.",
    )
    n_roles = len(plan.legacy_roles)
    n_acts = sum(len(r.activities) for r in plan.legacy_roles)
    # Layout: roles section (title, note, header, rows, total) then activities section.
    roles_end = row + 3 + n_roles + 1
    act_first = roles_end + 1 + 3
    act_last = act_first + n_acts - 1 if n_acts else act_first
    next_row = _roles_section(book, sheet, row, act_first, act_last, refs)
    next_row = _activities_section(book, sheet, next_row, refs.role_rows, act_first)
    marops_from_roles = sheet.ref(refs.role_rows[-1] + 1 if n_roles else row + 3, R_MAROPS_H)
    _row, refs.staffing = write_load(book, sheet, next_row, audiences, marops_from_roles)
    sheet.finish()
    return refs


# --------------------------------------------------------------------------- Hand-Off Tax

STEP_COLS = (
    "Role no.",
    "Legacy role",
    "Workflow",
    "Version",
    "Step no.",
    "Step",
    "Owner",
    "Work days",
    "Wait days if a hand-off (blank = plan default)",
    "Rework probability",
    "Rework days",
    "Hand-off?",
    "Wait counted (days)",
    "Expected rework (days)",
    "Hand-Off Tax (days)",
    "Cycle (days)",
)
(
    S_ROLE,
    S_ROLENAME,
    S_WF,
    S_VER,
    S_NUM,
    S_NAME,
    S_OWNER,
    S_DAYS,
    S_WAIT,
    S_P,
    S_RD,
    S_HANDOFF,
    S_WAITC,
    S_REWORK,
    S_TAX,
    S_CYCLE,
) = range(1, 17)

_METRICS = (
    "Hand-offs",
    "Work days",
    "Waits (days)",
    "Rework (days)",
    "Hand-Off Tax (days)",
    "Cycle (days)",
    "Cycle (weeks)",
)


def write_handoff(book: Book) -> None:
    """Write the Hand-Off Tax sheet: every workflow step, and per role legacy vs new."""
    plan = book.plan
    sheet = book.sheet("Hand-Off Tax")
    row = sheet.heading(
        "Hand-Off Tax",
        "Each role's representative workflow, today and in the new model. A hand-off is a "
        "change of owner between consecutive steps; it costs a wait. Cycle = work + waits + "
        "expected rework; Hand-Off Tax = waits + expected rework. Working days; weeks of "
        "days_per_week days.",
    )
    roles = [(i, r) for i, r in enumerate(plan.legacy_roles, start=1) if r.workflow is not None]
    n_steps = sum(len(r.workflow.legacy) + len(r.workflow.new) for _, r in roles if r.workflow)
    summary_title = row
    summary_first = summary_title + 3
    summary_total = summary_first + len(roles)
    steps_title = summary_total + 2
    steps_first = steps_title + 3
    steps_last = steps_first + max(n_steps, 1) - 1

    def steps(column: int) -> str:
        return sheet.range(column, steps_first, steps_last)

    # Per-role summary first (what a reviewer reads), steps below.
    row = sheet.section(
        summary_title,
        "Legacy vs new, per role",
        "SUMIFS over the steps below; totals are the headline figures.",
    )
    labels = ["Role no.", "Legacy role", "Workflow"]
    labels += [f"Legacy: {m}" for m in _METRICS] + [f"New: {m}" for m in _METRICS]
    labels += ["Hand-offs removed", "Tax saved (days)", "Weeks saved"]
    row = sheet.header(row, labels)
    assert row == summary_first
    for number, role in roles:
        assert role.workflow is not None
        r = row
        c = sheet.at(r)
        sheet.value(r, 1, number, "count", "value")
        sheet.text(r, 2, role.name)
        sheet.text(r, 3, role.workflow.name)
        for base, version in ((4, "legacy"), (11, "new")):
            where = f'{steps(S_ROLE)},{c(1)},{steps(S_VER)},"{version}"'
            sheet.formula(r, base, f"SUMIFS({steps(S_HANDOFF)},{where})", "count")
            sheet.formula(r, base + 1, f"SUMIFS({steps(S_DAYS)},{where})", "days")
            sheet.formula(r, base + 2, f"SUMIFS({steps(S_WAITC)},{where})", "days")
            sheet.formula(r, base + 3, f"SUMIFS({steps(S_REWORK)},{where})", "days")
            sheet.formula(r, base + 4, f"{c(base + 2)}+{c(base + 3)}", "days")
            sheet.formula(r, base + 5, f"{c(base + 1)}+{c(base + 4)}", "days")
            sheet.formula(r, base + 6, f"{c(base + 5)}/days_per_week", "weeks")
        sheet.formula(r, 18, f"{c(4)}-{c(11)}", "count")
        sheet.formula(r, 19, f"{c(8)}-{c(15)}", "days")
        sheet.formula(r, 20, f"{c(10)}-{c(17)}", "weeks")
        row += 1
    sheet.text(row, 2, "Total", "label")
    keys = {
        4: "handoff_count_legacy",
        11: "handoff_count_new",
        8: "handoff_tax_days_legacy",
        15: "handoff_tax_days_new",
        10: "cycle_weeks_legacy",
        17: "cycle_weeks_new",
    }
    for column in range(4, 21):
        fmt = "count" if column in (4, 11, 18) else ("weeks" if column in (10, 17, 20) else "days")
        sheet.column_total(row, column, summary_first, row - 1, fmt)  # type: ignore[arg-type]
        if column in keys:
            book.headline(keys[column], sheet, row, column)

    row = sheet.section(
        steps_title,
        "Workflow steps",
        "Owner is an input; work days, wait, rework probability and rework days come from the "
        "Assumptions sheet. A step with a rework probability but empty rework days takes "
        "rework_days (and the reverse rework_probability); a 0 is used as 0.",
    )
    row = sheet.header(row, STEP_COLS)
    for number, role in roles:
        assert role.workflow is not None
        for version in ("legacy", "new"):
            wf_steps = getattr(role.workflow, version)
            for k, step in enumerate(wf_steps, start=1):
                r = row
                c = sheet.at(r)
                sheet.value(r, S_ROLE, number, "count", "value")
                sheet.text(r, S_ROLENAME, role.name)
                sheet.text(r, S_WF, role.workflow.name)
                sheet.text(r, S_VER, version)
                sheet.value(r, S_NUM, k, "count", "value")
                sheet.text(r, S_NAME, step.name)
                sheet.text(r, S_OWNER, step.owner, "input")
                stem = f"{book.item_stem('step', number - 1, role.name)}_{version}_{k}"
                path = f"legacy_roles[{number - 1}].workflow.{version}[{k - 1}]"
                who = f"{role.name}, {version} workflow, step {k} ({step.name})"
                for column, field_, value, fmt, unit, what, optional in (
                    (S_DAYS, "days", step.days, "days", "working days", "work", False),
                    (S_WAIT, "wait_days", step.wait_days, "days", "working days",
                     "wait before it when it is a hand-off (empty: handoff_wait_days)", True),
                    (S_P, "rework_probability", step.rework_probability, "pct", "fraction",
                     "chance it sends the work back (empty: rework_probability when rework "
                     "days are given)", True),
                    (S_RD, "rework_days", step.rework_days, "days", "working days",
                     "days a send-back costs (empty: rework_days when a probability is "
                     "given)", True),
                ):  # fmt: skip
                    sheet.assumed(
                        r,
                        column,
                        Input(
                            STEPS, f"{stem}_{field_}", value, fmt, unit,  # type: ignore[arg-type]
                            f"{who}: {what}", plan_source(f"{path}.{field_}"), optional,
                        ),
                    )  # fmt: skip
                if k == 1:
                    sheet.value(r, S_HANDOFF, 0, "count", "value")
                else:
                    prev = sheet.ref(r - 1, S_OWNER, sheet=False)
                    sheet.formula(r, S_HANDOFF, f"IF(EXACT({c(S_OWNER)},{prev}),0,1)", "count")
                sheet.formula(
                    r,
                    S_WAITC,
                    f"IF({c(S_HANDOFF)}=1,IF(ISNUMBER({c(S_WAIT)}),{c(S_WAIT)},"
                    f"handoff_wait_days),0)",
                    "days",
                )
                sheet.formula(
                    r,
                    S_REWORK,
                    f"IF(AND(NOT(ISNUMBER({c(S_P)})),NOT(ISNUMBER({c(S_RD)}))),0,"
                    f"IF(ISNUMBER({c(S_P)}),{c(S_P)},rework_probability)*"
                    f"IF(ISNUMBER({c(S_RD)}),{c(S_RD)},rework_days))",
                    "days",
                )
                sheet.formula(r, S_TAX, f"{c(S_WAITC)}+{c(S_REWORK)}", "days")
                sheet.formula(r, S_CYCLE, f"{c(S_DAYS)}+{c(S_TAX)}", "days")
                row += 1
    sheet.finish(freeze_row=summary_first - 1)
