"""The Ranges sheet: the drivers' simulation, its tornado and "what would have to be true".

Everything here is a **simulation result**, computed by :mod:`mocmo.ranges` when the workbook
was exported — values, labelled as such with the draws and the seed, not formulas. So that
they cannot go stale unnoticed, a live check compares the figures the simulation started from
(the plan's own whole-cost net change, new model's whole cost and one-off cost, as values)
with the same figures now (formulas over their defined names): once any input changes, the
check cell says "inputs changed since the simulation — re-export" in red.
"""

from __future__ import annotations

from mocmo.excel._book import Book, Fmt

__all__ = ["write_ranges"]

_FIGURES: tuple[tuple[str, str, Fmt], ...] = (
    ("total_net_change", "Whole-cost net change (a year)", "money"),
    ("new_total_cost", "Whole cost of the new model (a year)", "money"),
    ("one_off_cost", "One-off transition cost", "money"),
    ("breakeven_month", "Break-even month", "month"),
    ("net_change", "Payroll net change (a year)", "money"),
)
_CHECKED = ("total_net_change", "new_total_cost", "one_off_cost", "peak_cumulative_outlay")
"""The figures the live check compares: the annual figures, the one-off cost and the peak
outlay (which timing moves: a hire month, a leaver's month)."""

_STALE = "Inputs changed since the simulation — re-export"
FRESH = "Inputs as simulated"
"""What the Ranges sheet's check cell says while the inputs are those simulated."""


def write_ranges(book: Book) -> None:
    """Write the Ranges sheet and the simulation's headline cells (``<figure>_p10/p50/p90``)."""
    from mocmo import figures as registry
    from mocmo import ranges
    from mocmo.ranges.drivers import correlations

    plan = book.plan
    sim = ranges.simulate_drivers(plan)
    sheet = book.sheet("Ranges")
    row = sheet.heading(
        "Ranges",
        "Simulation results (grey): values computed by mocmo when this workbook was exported, "
        "not formulas. The check below turns red when an input has changed since — export "
        "again to refresh them.",
    )
    row = sheet.section(row, "Simulation")
    check_row = row
    sheet.text(row, 1, "Check", "label")
    row += 1
    names = {d.key: d.label for d in ranges.drivers(plan)}
    correlation = (
        "; ".join(
            f"{names[a]} and {names[b]}: {rho:+.2f}" for (a, b), rho in correlations().items()
        )
        + " (Gaussian copula)"
    )
    settings = (
        ("Draws", f"{sim.draws:,}"),
        ("Seed", str(sim.seed)),
        ("Runs of the model", f"{sim.evaluations} (each driver at the nodes of its range)"),
        ("Distribution", sim.distribution),
        ("Correlation", correlation),
        ("Not varied", "today's payroll and headcount (known facts)"),
        ("Not modelled", "interactions between drivers (their effects are added)"),
    )  # fmt: skip
    for label, value in settings:
        sheet.text(row, 1, label, "label")
        sheet.text(row, 2, value)
        row += 1
    row += 1
    row = sheet.header(row, ["Figure the simulation started from", "At export", "Now (live)"])
    first = row
    for key in _CHECKED:
        sheet.text(row, 1, registry.figure(key).label)
        started = registry.figure(key).compute(plan)
        sheet.value(row, 2, None if started is None else float(started), "money", "sim")
        sheet.formula(row, 3, key, "money", "link")
        row += 1
    last = row - 1
    span_b, span_c = sheet.range(2, first, last), sheet.range(3, first, last)
    check = sheet.formula(
        check_row,
        2,
        f'IF(SUMPRODUCT(--(ROUND({span_b},2)<>ROUND({span_c},2)))=0,"{FRESH}","{_STALE}")',
        "general",
    )
    book.define("ranges_check", sheet, check_row, 2)
    ref = check.coordinate
    sheet.red_when(ref, f'{ref}="{_STALE}"')
    row += 1

    row = sheet.table(
        row,
        "Ranges of the figures a CFO reads",
        "P10 / P50 / P90 over the draws. Break-even beyond the horizon is the month the last "
        "month's saving would reach it; empty: never.",
        ["Figure", "P10", "P50", "P90", "Plan's own figure (live)"],
    )
    for key, label, fmt in _FIGURES:
        sheet.text(row, 1, label)
        for offset, q in enumerate((10, 50, 90)):
            pct = sim.percentile(key, q)
            if pct is None:  # no figure: an empty text, as the Summary shows a null
                sheet.formula(row, 2 + offset, '""', fmt, "sim")
            else:
                sheet.value(row, 2 + offset, pct, fmt, "sim")
            book.headline(f"{key}_p{q}", sheet, row, 2 + offset)
        own = "breakeven_projection" if key == "breakeven_month" else key
        if own == "net_change":
            sheet.formula(row, 5, "new_org_loaded_cost-legacy_org_loaded_cost", fmt, "link")
        else:
            sheet.formula(row, 5, f'IF(ISNUMBER({own}),{own},"")', fmt, "link")
        row += 1
    row += 1

    row = sheet.table(
        row,
        "The drivers",
        "Each drawn from a split triangular distribution between its low and high ends: the "
        "plan's own value is its mode and its median.",
        ["Driver", "Low", "Plan", "High", "Range from", "Source"],
    )
    for d in ranges.drivers(plan):
        sheet.text(row, 1, d.label)
        sheet.text(row, 2, d.format(d.low))
        sheet.text(row, 3, d.format(d.plan_value))
        sheet.text(row, 4, d.format(d.high))
        sheet.text(row, 5, "default" if d.default_range else "the plan")
        sheet.text(row, 6, d.source, wrap=True)
        row += 1
    row += 1

    table = ranges.tornado(plan)
    row = sheet.table(
        row,
        "Tornado: which driver moves the net change most",
        "Each driver at its P10, then its P90, every other at the plan's value (the model "
        "run at those values). Largest swing first.",
        [
            "Driver", "At P10", "At P90", "Net change at P10", "Net change at P90", "Swing",
            "Break-even at P10", "Break-even at P90",
        ],
    )  # fmt: skip
    for rec in table.to_dict("records"):
        sheet.text(row, 1, rec["label"])
        sheet.text(row, 2, rec["p10_words"])
        sheet.text(row, 3, rec["p90_words"])
        sheet.value(row, 4, float(rec["net_change_at_p10"]), "money", "sim")
        sheet.value(row, 5, float(rec["net_change_at_p90"]), "money", "sim")
        sheet.value(row, 6, float(rec["swing"]), "money", "sim")
        for col, k in ((7, "breakeven_at_p10"), (8, "breakeven_at_p90")):
            v = rec[k]
            sheet.value(row, col, None if v is None or v != v else int(v), "month", "sim")
        row += 1
    row += 1

    row = sheet.table(
        row,
        "What would have to be true",
        "The value of each driver, alone, at which the plan stops saving money or stops "
        "breaking even within the horizon (the model searched along the driver's range).",
        ["Test", "Driver", "Holds at the plan", "In words"],
    )
    for t in ranges.thresholds(plan):
        sheet.text(row, 1, "Saves money" if t.test == "saves" else "Breaks even in the horizon")
        sheet.text(row, 2, t.label)
        sheet.text(row, 3, "yes" if t.holds_at_plan else "no")
        sheet.text(row, 4, t.sentence, wrap=True)
        row += 1
    sheet.finish()
