"""The Governance sheet: the agent register and who answers for each agent.

Mirrors :mod:`mocmo.governance`: ``agents_count`` = agents in the register;
``agents_without_owner`` = agents whose owner is not a named person; an agent *acts without an
approver* when its mode is ``acts``, it touches something that needs a human approver (public
content, budget, pricing, legal claims, customer data) and no person is named as approver.
Whether a name names a person (not "AI", "TBD", or an agent's own name) is mocmo's reading of
the text, shown as a 1/0 value; the flags and counts are formulas over those columns.
"""

from __future__ import annotations

from mocmo.excel._book import Book

__all__ = ["write_governance"]

COLS = (
    "Agent",
    "Job",
    "Outcome it serves",
    "Mode",
    "Touches",
    "Touches something needing approval (1/0)",
    "Owner",
    "Owner is a named person (1/0)",
    "Approver",
    "Approver is a named person (1/0)",
    "Acts without an approver (1/0)",
)


def write_governance(book: Book) -> None:
    """Write the Governance sheet and its three headline figures."""
    from mocmo import governance as model

    plan = book.plan
    sheet = book.sheet("Governance")
    row = sheet.heading(
        "Agent governance",
        "Every agent has one job, one accountable owner, and a named human approver before it "
        "acts on trust, money, reputation or customer data.",
    )
    row = sheet.section(
        row,
        "Agent register",
        "Mode is an input (drafts / recommends / acts). The 1/0 'named person' columns are "
        "mocmo's reading of the names; the last column is a formula.",
    )
    first = row = sheet.header(row, COLS)
    for agent in plan.agents:
        c = sheet.at(row)
        sheet.text(row, 1, agent.name)
        sheet.text(row, 2, agent.job)
        sheet.text(row, 3, agent.outcome)
        sheet.text(row, 4, agent.mode, "input")
        sheet.text(row, 5, ", ".join(agent.touches))
        sheet.value(row, 6, 1 if model.sensitive_touches(agent) else 0, "count", "value")
        sheet.text(row, 7, agent.owner or "")
        sheet.value(row, 8, 1 if model.is_named_person(agent.owner, plan) else 0, "count",
                    "value")  # fmt: skip
        sheet.text(row, 9, agent.approver or "")
        sheet.value(row, 10, 1 if model.is_named_person(agent.approver, plan) else 0, "count",
                    "value")  # fmt: skip
        sheet.formula(row, 11, f'IF(AND({c(4)}="acts",{c(6)}=1,{c(10)}=0),1,0)', "count")
        row += 1
    last = row - 1
    if plan.agents:
        sheet.choice(sheet.range(4, first, last).replace("$", ""), ("drafts", "recommends", "acts"))
    figures = (
        ("Agents in the register", "agents_count", f"COUNTA({sheet.range(1, first, last)})"),
        ("Agents without a named owner", "agents_without_owner",
         f"COUNTIFS({sheet.range(8, first, last)},0)"),
        ("Agents acting without a human approver", "agents_acting_without_approver",
         f"SUM({sheet.range(11, first, last)})"),
    )  # fmt: skip
    row += 1
    for label, key, formula in figures:
        sheet.text(row, 1, label, "label")
        sheet.formula(row, 11, formula if plan.agents else "0", "count", "total")
        book.headline(key, sheet, row, 11)
        row += 1
    sheet.finish()
