"""The costing page's tables as HTML (:mod:`mocmo.ui.costing`): the GTM salaries, the roles MarOps
replaces, the MarOps figures at low/mid/high, the Monte Carlo ranges, the org cost by group,
who fixes each workflow and the reporting lines. Every number comes from :mod:`mocmo.costing`;
these functions only put it in words and money."""

from __future__ import annotations

import html

from mocmo import costing
from mocmo.format import fmt_money, fmt_pct
from mocmo.plan import Plan
from mocmo.ui.core import html_table

__all__ = [
    "figures_html",
    "gtm_html",
    "lines_html",
    "org_html",
    "ownership_html",
    "ranges_html",
    "replaced_html",
]


def gtm_html(plan: Plan) -> str:
    cur = plan.meta.currency
    nr = plan.new_roles
    head = costing.salary_at(nr.head_of_gtm, nr.head_of_gtm_point)
    marketer = costing.salary_at(nr.gtm_marketer, nr.gtm_marketer_point)
    heads = costing.gtm_headcount(plan)
    return (
        f"<div>Head of GTM {fmt_money(head, cur)}; {heads['GTM Marketer']} GTM Marketer"
        f"{'s' if heads['GTM Marketer'] != 1 else ''} at {fmt_money(marketer, cur)} each.</div>"
    )


def replaced_html(plan: Plan) -> str:
    cur = plan.meta.currency
    rows = [
        {
            "Role": r["title"],
            "Count": str(r["count"]),
            "Band": f"{fmt_money(r['band_low'], cur)}–{fmt_money(r['band_high'], cur)}",
            "Salary": fmt_money(r["salary"], cur),
            "Loaded, all": fmt_money(r["loaded_cost"], cur),
            "Ends in month": r["leaves_month"] or "—",
        }
        for r in costing.replaced_role_table(plan).to_dict("records")
    ]
    return html_table(rows, numeric=("Count", "Salary", "Loaded, all"))


def figures_html(plan: Plan) -> str:
    cur = plan.meta.currency
    rows = [
        {
            "": label,
            "Low": fmt_money(fn(plan, "low"), cur),
            "Mid": fmt_money(fn(plan, "mid"), cur),
            "High": fmt_money(fn(plan, "high"), cur),
            "At the plan's points": fmt_money(fn(plan, None), cur),
        }
        for label, fn in (
            ("MarOps base salaries", costing.marops_base_salary),
            ("MarOps loaded cost", costing.marops_loaded_cost),
            ("MarOps net change vs replaced roles", costing.marops_net_change),
        )
    ]
    share = costing.marops_net_change_share(plan)
    flat = costing.is_roughly_flat(share)
    verdict = (
        "nothing is replaced yet, so there is no net to judge"
        if flat is None
        else (
            f"<b>{'roughly flat' if flat else 'not roughly flat'}</b> — "
            f"{fmt_pct(share, 1)} of what the replaced roles cost "
            f"(flat means within ±{fmt_pct(costing.FLAT_THRESHOLD)})"
        )
    )
    text = (
        f"<div>{costing.marops_headcount(plan)} people hold the four MarOps roles; they replace "
        f"{costing.replaced_roles_headcount(plan)} people costing "
        f"{fmt_money(costing.replaced_roles_loaded_cost(plan), cur)} a year loaded. "
        f"The net change is {verdict}.</div>"
    )
    return text + html_table(rows, numeric=("Low", "Mid", "High", "At the plan's points"))


def ranges_html(plan: Plan, sim: costing.Simulation) -> str:
    cur = plan.meta.currency
    table = sim.percentiles()
    values = {str(k): v for k, v in table.to_dict("index").items()}
    labels = {
        "marops_cost": "MarOps loaded cost",
        "new_org_cost": "New org loaded cost",
        "net_change": "Payroll net change (new − legacy), salaries only",
        "marops_net_change": "MarOps net change vs replaced roles",
    }
    rows = [
        {"": label, **{str(col): fmt_money(float(v), cur) for col, v in values[key].items()}}
        for key, label in labels.items()
    ]
    note = (
        f"<div><small>{sim.draws:,} draws ({sim.distribution}, seed {sim.seed}) in "
        f"{sim.seconds * 1000:,.0f} ms. 8 in 10 draws fall between P10 and P90. Only the new "
        "positions' salaries are drawn in their bands; today's people are paid what they are "
        "paid. The ranges on what a CFO challenges (AI absorption, oversight, hiring, "
        "ramp-up, pay rises, AI prices) are under “Ranges on the drivers”.</small></div>"
    )
    return html_table(rows, numeric=[str(c) for c in table.columns]) + note


def _org_row(
    cur: str,
    group: str,
    legacy_people: float,
    legacy_loaded: float,
    new_people: float,
    new_loaded: float,
    change: float,
) -> dict[str, str]:
    """One row of the org cost table, in words and money."""
    return {
        "Group": group,
        "Legacy people": f"{legacy_people:g}",
        "Legacy loaded": fmt_money(legacy_loaded, cur),
        "New people": f"{new_people:g}",
        "New loaded": fmt_money(new_loaded, cur),
        "Change": fmt_money(change, cur),
    }


def org_html(plan: Plan, fte: dict[str, float]) -> str:
    cur = plan.meta.currency
    table = costing.org_cost_by_group(plan, fte)
    rows = [
        _org_row(
            cur,
            r["group"],
            r["legacy_headcount"],
            r["legacy_loaded_cost"],
            r["new_headcount"],
            r["new_loaded_cost"],
            r["change"],
        )
        for r in table.to_dict("records")
    ]
    t = costing.org_cost_totals(table)
    rows.append(
        _org_row(
            cur,
            "Total",
            t.legacy_headcount,
            t.legacy_loaded_cost,
            t.new_headcount,
            t.new_loaded_cost,
            t.change,
        )
    )
    numeric = ("Legacy people", "Legacy loaded", "New people", "New loaded", "Change")
    return html_table(rows, numeric=numeric)


def ownership_html(plan: Plan) -> str:
    rows = [
        {
            "Workflow": r["workflow"] + (" ★" if r["top"] else ""),
            "Buyer-facing": "yes" if r["buyer_facing"] else "no",
            "Who fixes it": r["answer"]
            or (f"⚠ {r['status']}" + (f": {r['owners']}" if r["owners"] else "")),
        }
        for r in costing.ownership_table(plan).to_dict("records")
    ]
    question = html.escape(costing.OWNERSHIP_QUESTION)
    return f"<div><i>{question}</i> (★ = one of the top workflows)</div>" + html_table(rows)


def lines_html(plan: Plan) -> str:
    rows = [
        {
            "Role": r["role"],
            "Reports to": r["reports_to"] or "—",
            "Line": r["kind"] or "—",
            "Check": r["issue"] or "✔",
        }
        for r in costing.reporting_line_table(plan).to_dict("records")
    ]
    return html_table(rows)
