"""Costing: the reporting-line and ownership checks — MarOps reports to the CMO, the Prompt &
Knowledge Designer sits inside MarOps, the Data Steward has a dotted line to a CDO; every
workflow outside the top ones has one accountable owner, named."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from mocmo.costing.org import _role_title
from mocmo.costing.people import CDO_NAMES, CMO_NAMES
from mocmo.plan import (
    Plan,
    Problem,
)

# --------------------------------------------------------------------------- reporting lines


def _is_named(name: str, names: Iterable[str]) -> bool:
    return name.strip().casefold() in {n.casefold() for n in names}


def _held(plan: Plan) -> set[str]:
    return {key for seat in plan.marops_seats for key in seat.roles}


def _same_seat(plan: Plan, a: str, b: str) -> bool:
    return any(a in s.roles and b in s.roles for s in plan.marops_seats)


def _head_names(plan: Plan) -> set[str]:
    names = {_role_title(plan, "head_of_marops").casefold()}
    names |= {s.name.casefold() for s in plan.marops_seats if "head_of_marops" in s.roles}
    return names


def _line_findings(plan: Plan) -> list[tuple[int | None, str, str]]:
    """(index of the line or None, role title, what is wrong) for each reporting-line issue."""
    findings: list[tuple[int | None, str, str]] = []
    if not plan.marops_seats:
        return findings
    held = _held(plan)
    lines = list(enumerate(plan.reporting_lines))

    def solid(title: str) -> list[tuple[int, str]]:
        return [(i, ln.reports_to) for i, ln in lines if ln.role == title and ln.kind == "solid"]

    head = _role_title(plan, "head_of_marops")
    if "head_of_marops" in held:
        head_lines = solid(head)
        if not head_lines:
            findings.append(
                (None, head, f"{head} has no solid reporting line; MarOps should report to "
                 "the CMO (not demand generation or growth), so it serves every team")
            )  # fmt: skip
        for i, boss in head_lines:
            if not _is_named(boss, CMO_NAMES):
                findings.append(
                    (i, head, f"{head} reports to {boss!r}; MarOps should report to the CMO "
                     "(not demand generation or growth), so it serves every team")
                )  # fmt: skip

    pkd = _role_title(plan, "prompt_knowledge_designer")
    if "prompt_knowledge_designer" in held and not _same_seat(
        plan, "prompt_knowledge_designer", "head_of_marops"
    ):
        pkd_lines = solid(pkd)
        if not pkd_lines:
            findings.append(
                (None, pkd, f"{pkd} has no solid reporting line; the role sits inside MarOps, "
                 f"reporting to the {head}")
            )  # fmt: skip
        for i, boss in pkd_lines:
            if boss.strip().casefold() not in _head_names(plan):
                findings.append(
                    (i, pkd, f"{pkd} reports to {boss!r}; the role sits inside MarOps "
                     f"(reporting to the {head}), not in Content: it owns the prompts and "
                     "knowledge every team's agents run on")
                )  # fmt: skip

    steward = _role_title(plan, "data_steward")
    if "data_steward" in held:
        to_cdo = [
            i
            for i, ln in lines
            if ln.role == steward and ln.kind == "dotted" and _is_named(ln.reports_to, CDO_NAMES)
        ]
        if plan.has_cdo and not to_cdo:
            findings.append(
                (None, steward, f"the company has a CDO but the {steward} has no dotted line to "
                 "the CDO; add one so data rules for AI match the company's")
            )  # fmt: skip
        if not plan.has_cdo:
            for i in to_cdo:
                findings.append(
                    (i, steward, f"the {steward} has a dotted line to a CDO, but the plan says "
                     "the company has none (set has_cdo, or remove the line)")
                )  # fmt: skip
    return findings


def reporting_line_problems(plan: Plan) -> list[Problem]:
    """Warnings for MarOps reporting lines the model does not expect: MarOps not reporting to
    the CMO; the Prompt & Knowledge Designer outside MarOps; no dotted line from the Data
    Steward to the CDO when the company has one (or a line to a CDO it does not have)."""
    problems = []
    for index, _role, message in _line_findings(plan):
        path = "reporting_lines" if index is None else f"reporting_lines[{index}].reports_to"
        problems.append(Problem(path, message, "warning"))
    return problems


def reporting_line_table(plan: Plan) -> pd.DataFrame:
    """The plan's reporting lines as data: role, reports_to, kind (solid | dotted) and
    ``issue`` (what is wrong with the line, empty when it is as the model expects). Missing
    lines the model expects appear as rows with an empty ``reports_to``."""
    issues: dict[int, list[str]] = {}
    missing: list[tuple[str, str]] = []
    for index, role, message in _line_findings(plan):
        if index is None:
            missing.append((role, message))
        else:
            issues.setdefault(index, []).append(message)
    rows = [
        {
            "role": ln.role,
            "reports_to": ln.reports_to,
            "kind": ln.kind,
            "issue": "; ".join(issues.get(i, [])),
        }
        for i, ln in enumerate(plan.reporting_lines)
    ]
    rows += [{"role": role, "reports_to": "", "kind": "", "issue": msg} for role, msg in missing]
    return pd.DataFrame(rows, columns=["role", "reports_to", "kind", "issue"])


# --------------------------------------------------------------------------- ownership test


def ownership_table(plan: Plan) -> pd.DataFrame:
    """The ownership test, answered for every workflow in the inventory: workflow, top (one of
    the 5–7 most important), buyer_facing, owners (as listed), ``answer`` (the one accountable
    owner, by name, or None) and ``status`` (``one owner`` | ``no owner`` | ``several
    owners``)."""
    rows = []
    for wf in plan.workflows:
        count = len(wf.owners)
        rows.append(
            {
                "workflow": wf.name,
                "top": wf.top,
                "buyer_facing": wf.buyer_facing,
                "owners": ", ".join(wf.owners),
                "answer": wf.owners[0] if count == 1 else None,
                "status": "one owner"
                if count == 1
                else ("no owner" if count == 0 else "several owners"),
            }
        )
    columns = ["workflow", "top", "buyer_facing", "owners", "answer", "status"]
    return pd.DataFrame(rows, columns=columns)


def ownership_problems(plan: Plan) -> list[Problem]:
    """Warnings for workflows outside the top 5–7 without exactly one accountable owner. (Top
    workflows without one owner are errors, flagged by the migration step.)"""
    problems = []
    for i, wf in enumerate(plan.workflows):
        if wf.top or len(wf.owners) == 1:
            continue
        who = (
            "nobody in particular would"
            if not wf.owners
            else f"{len(wf.owners)} people would ({', '.join(wf.owners)}) — which is nobody"
        )
        problems.append(
            Problem(
                f"workflows[{i}].owners",
                f"{wf.name!r} fails the ownership test: if an AI agent made a wrong "
                f"buyer-facing decision in it yesterday, {who} find out why and fix it; name "
                "one accountable owner",
                "warning",
            )
        )
    return problems
