"""The Ranges sheet: Monte Carlo percentiles and the sensitivity table, as simulation results.

These are **values** computed by :func:`mocmo.costing.simulate` (seeded, every salary drawn in
its band) and :func:`mocmo.costing.sensitivity` when the workbook was exported — not formulas:
they do not move when an input changes; export again to refresh them. Beside the percentiles,
a live column shows each total at the plan's own points (formulas).
"""

from __future__ import annotations

from mocmo.excel._book import Book
from mocmo.excel._costing import CostingRefs
from mocmo.excel._neworg import NewOrgRefs

__all__ = ["write_ranges"]

QUANTITY_LABELS: dict[str, str] = {
    "marops_cost": "MarOps team loaded cost",
    "replaced_cost": "Replaced roles' loaded cost",
    "marops_net_change": "Net change of the MarOps change",
    "legacy_org_cost": "Legacy org loaded cost",
    "new_org_cost": "New org loaded cost",
    "net_change": "Net change of the whole org (new − legacy)",
    "recruitment_fees": "One-off recruitment fees",
}

_SENS_COLS = (
    ("assumption", "Assumption", "general"),
    ("kind", "Kind", "general"),
    ("base_value", "Plan value", "number"),
    ("low_value", "Low", "number"),
    ("high_value", "High", "number"),
    ("net_change_low", "Org net change at low", "money"),
    ("net_change_high", "Org net change at high", "money"),
    ("swing", "Swing", "money"),
    ("marops_net_change_low", "MarOps net at low", "money"),
    ("marops_net_change_high", "MarOps net at high", "money"),
    ("marops_swing", "MarOps swing", "money"),
)


def _live_formulas(book: Book, costing: CostingRefs, org: NewOrgRefs) -> dict[str, str]:
    """Each quantity at the plan's own points, as a formula over the step sheets."""
    plan = book.plan
    fees = [*costing.seat_fee]
    hires = {"Head of GTM": 0, "GTM Marketer": 0}
    for hire in plan.hires:
        if hire.position in hires:
            hires[hire.position] += hire.count
    for position, count in hires.items():
        if count:
            fees.append(f"{count}*recruitment_fee_rate*{org.gtm_salary[position]}")
    return {
        "marops_cost": costing.marops_loaded_own,
        "replaced_cost": costing.replaced_total,
        "marops_net_change": f"{costing.marops_loaded_own}-{costing.replaced_total}",
        "legacy_org_cost": org.legacy_cost,
        "new_org_cost": org.new_cost,
        "net_change": f"{org.new_cost}-{org.legacy_cost}",
        "recruitment_fees": "+".join(fees) if fees else "0",
    }


def write_ranges(book: Book, costing: CostingRefs, org: NewOrgRefs) -> None:
    """Write the Ranges sheet and the ``net_change_p10/p50/p90`` headline cells."""
    from mocmo import costing as model

    plan = book.plan
    fte = model.custodian_fte(plan)
    sim = model.simulate(plan, fte=fte)
    sheet = book.sheet("Ranges")
    row = sheet.heading(
        "Ranges",
        "Simulation results (grey): values computed by mocmo when this workbook was exported, "
        "not formulas — export again after changing inputs. Money per year.",
    )
    row = sheet.section(row, "Monte Carlo settings")
    for label, value in (
        ("Draws", f"{sim.draws:,}"),
        ("Seed", str(sim.seed)),
        ("Salary distribution", f"{sim.distribution} in each band (mode at the plan's point)"),
        ("On-cost rates", "held at the plan's values (Assumptions)"),
    ):
        sheet.text(row, 1, label, "label")
        sheet.text(row, 2, value)
        row += 1
    row += 1
    row = sheet.section(
        row,
        "Percentiles of every total",
        "P10 / P50 / P90 over the draws (simulation results). The last column is the same "
        "total at the plan's own points, live from the step sheets.",
    )
    row = sheet.header(row, ["Total", "P10", "P50", "P90", "At the plan's points (live)"])
    live = _live_formulas(book, costing, org)
    for quantity, label in QUANTITY_LABELS.items():
        if quantity not in sim.values:
            continue
        sheet.text(row, 1, label)
        for offset, q in enumerate((10, 50, 90)):
            sheet.value(row, 2 + offset, sim.percentile(quantity, q), "money", "sim")
            if quantity == "net_change":
                book.headline(f"net_change_p{q}", sheet, row, 2 + offset)
        sheet.formula(row, 5, live[quantity], "money")
        row += 1
    row += 1
    table = model.sensitivity(plan, fte=fte)
    row = sheet.section(
        row,
        "Sensitivity: which assumption moves the net change most",
        "Each assumption set to its low, then its high, everything else at the plan's value "
        "(scenario results, values). Bands: the band's own low and high; on-cost ranges from "
        "data/defaults/sensitivity_ranges.yaml.",
    )
    cols = [c for c in _SENS_COLS if c[0] in table.columns]
    row = sheet.header(row, [c[1] for c in cols])
    for record in table.to_dict("records"):
        for i, (key, _label, fmt) in enumerate(cols, start=1):
            value = record[key]
            if fmt == "general":
                sheet.text(row, i, value)
            else:
                if key in ("base_value", "low_value", "high_value"):
                    small = record.get("kind") != "band" and abs(float(value)) <= 1
                    fmt = "pct" if small else "money"
                sheet.value(row, i, float(value), fmt, "sim")  # type: ignore[arg-type]
        row += 1
    sheet.finish()
