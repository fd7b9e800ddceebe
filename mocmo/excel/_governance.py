"""The Agents & Governance sheet: the agent register and its checks, decision rights, pods, the
content engine, span of control, operating metrics and the budget shift.

Mirrors :mod:`mocmo.governance` in live formulas:

* per agent: *no outcome* = the outcome is blank; *no owner* = the owner is blank, a word that
  names nobody ("AI", "TBD" …, listed on the sheet) or another agent's name (compared ignoring
  case and extra spaces); *acts without approver* = mode ``acts`` and at least one of public
  content, budget, pricing, legal claims, customer data marked 1, and no person as approver;
  *roles not kept apart* = one person as two of builder, operator, auditor;
* ``agents_count`` = COUNTA of the names; ``agents_without_owner`` and
  ``agents_acting_without_approver`` = COUNTIFS of those flag columns;
* span of control: divide the people by the span, rounding up, until one is left — layers =
  how many divisions, managers = the sum of the quotients (twelve levels are laid out, enough
  for 4,096 people at a span of 2);
* metric improvement = (baseline − target) ÷ baseline where lower is better, (target −
  baseline) ÷ baseline where higher is better, empty for a zero baseline;
* budget totals = SUM; variable share = SUMIFS(variable) ÷ total (empty for a zero total);
  shift to fixed = variable share before − after.
"""

from __future__ import annotations

from mocmo.excel._book import Book, Sheet, col

__all__ = ["GOVERNANCE_NAMES", "write_governance"]

GOVERNANCE_NAMES: tuple[str, ...] = (
    "budget_before_total",
    "budget_after_total",
    "budget_variable_share_before",
    "budget_variable_share_after",
    "budget_shift_to_fixed",
    "agents_without_outcome",
    "agents_with_role_clash",
)
"""Defined names of this sheet's own figures (besides the three headline figures, which the
Summary sheet defines)."""

_TOUCH_COLUMNS: tuple[tuple[str, str], ...] = (
    ("public_content", "Public content"),
    ("budget", "Budget"),
    ("pricing", "Pricing"),
    ("legal_claims", "Legal claims"),
    ("customer_data", "Customer data"),
    ("brand_messaging", "Brand messaging"),
)
_PEOPLE: tuple[str, ...] = ("reviewer", "approver", "owner", "builder", "operator", "auditor")
_LEVELS = 12
"""Divisions laid out for span of control (enough for 4,096 people at a span of 2)."""

# register columns
C_NO, C_NAME, C_JOB, C_OUTCOME, C_DATA, C_OUTPUT, C_MODE = 1, 2, 3, 4, 5, 6, 7
C_TOUCH = 8  # six columns, 8–13; the first five need an approver when the agent acts
C_REVIEWER, C_APPROVER, C_OWNER, C_BUILDER, C_OPERATOR, C_AUDITOR = 14, 15, 16, 17, 18, 19
C_NO_OUTCOME, C_NO_OWNER, C_SENSITIVE, C_UNAPPROVED, C_CLASH = 20, 21, 22, 23, 24


def _not_a_person(cell: str, words: str, names: str) -> str:
    """Formula (no '=') true when ``cell`` names nobody: blank, one of ``words`` (lower case),
    or one of the agents' ``names`` — ignoring case and extra spaces."""
    norm = f"LOWER(TRIM({cell}))"
    return (
        f"OR(LEN(TRIM({cell}))=0,SUMPRODUCT(--EXACT({norm},{words}))>0,"
        f"SUMPRODUCT(--EXACT({norm},LOWER(TRIM({names}))))>0)"
    )


def _same(a: str, b: str) -> str:
    """Formula (no '=') true when both cells name the same person."""
    return f"AND(LEN(TRIM({a}))>0,EXACT(LOWER(TRIM({a})),LOWER(TRIM({b}))))"


def write_governance(book: Book) -> Sheet:
    """Write the Agents & Governance sheet and its three headline figures."""
    from mocmo import governance as model

    plan = book.plan
    sheet = book.sheet("Agents & Governance")
    r = lambda row, column: sheet.ref(row, column, sheet=False)  # noqa: E731 - local refs
    row = sheet.heading(
        "Agents & Governance",
        "Agents prepare the work; people approve what affects trust, money, reputation and "
        "customer data. Yellow cells are inputs; flags, counts, shares and improvements are "
        "formulas.",
    )

    # ----------------------------------------------------------------- the headline counts
    counts_row = sheet.table(
        row, "The register in numbers", "", ["Figure", "Value", "How it is counted"]
    )
    # rows: agents, without outcome, without owner, acting without approver, role clashes
    words_row = counts_row + 7
    register_header = words_row + 3
    first = register_header + 1
    n = len(plan.agents)
    last = first + max(n, 1) - 1

    # ----------------------------------------------------------------- names that are nobody
    sheet.text(words_row, 1, "Words that name nobody", "label")
    words = sorted(model.NOT_A_PERSON)
    for i, word in enumerate(words):
        sheet.text(words_row, 2 + i, word)
    words_range = f"${col(2)}${words_row}:${col(1 + len(words))}${words_row}"  # one row of words
    sheet.note(
        words_row + 1,
        1,
        "An owner or approver written as one of these (or as an agent's name) counts as nobody.",
    )

    # ----------------------------------------------------------------- the register
    labels = [
        "No.",
        "Agent",
        "Job",
        "Business outcome",
        "Data it may use",
        "Output",
        "Mode (drafts / recommends / acts)",
        *[f"Affects: {label} (1 = yes)" for _k, label in _TOUCH_COLUMNS],
        "Reviewer",
        "Approver",
        "Owner",
        "Builder",
        "Operator",
        "Auditor",
        "No outcome (1 = flag)",
        "No owner (1 = flag)",
        "Sensitive areas it affects",
        "Acts without a human approver (1 = flag)",
        "Builder, operator, auditor not kept apart (1 = flag)",
    ]
    sheet.header(register_header, labels)
    names = sheet.range(C_NAME, first, last)
    for i, agent in enumerate(plan.agents):
        rr = first + i
        sheet.value(rr, C_NO, i + 1, "count", "value")
        sheet.text(rr, C_NAME, agent.name)
        sheet.text(rr, C_JOB, model.JOB_LABELS[agent.job])
        sheet.text(rr, C_OUTCOME, agent.outcome, wrap=len(agent.outcome) > 40)
        sheet.text(rr, C_DATA, ", ".join(agent.data), wrap=True)
        sheet.text(rr, C_OUTPUT, agent.output, wrap=len(agent.output) > 40)
        sheet.text(rr, C_MODE, agent.mode, "input")
        for j, (key, _label) in enumerate(_TOUCH_COLUMNS):
            sheet.value(rr, C_TOUCH + j, int(key in agent.touches), "count", "input")
        for j, role in enumerate(_PEOPLE):
            sheet.text(rr, C_REVIEWER + j, getattr(agent, role) or "", "input")
        sheet.formula(rr, C_NO_OUTCOME, f"IF(LEN(TRIM({r(rr, C_OUTCOME)}))=0,1,0)", "count")
        sheet.formula(
            rr,
            C_NO_OWNER,
            f"IF({_not_a_person(r(rr, C_OWNER), words_range, names)},1,0)",
            "count",
        )
        sheet.formula(
            rr,
            C_SENSITIVE,
            f"SUM({r(rr, C_TOUCH)}:{r(rr, C_TOUCH + len(model.APPROVAL_REQUIRED) - 1)})",
            "count",
        )
        sheet.formula(
            rr,
            C_UNAPPROVED,
            f'IF(AND({r(rr, C_MODE)}="acts",{r(rr, C_SENSITIVE)}>0,'
            f"{_not_a_person(r(rr, C_APPROVER), words_range, names)}),1,0)",
            "count",
        )
        b, o, a = r(rr, C_BUILDER), r(rr, C_OPERATOR), r(rr, C_AUDITOR)
        sheet.formula(
            rr, C_CLASH, f"IF(OR({_same(b, a)},{_same(o, a)},{_same(b, o)}),1,0)", "count"
        )
    if n:
        sheet.choice(f"{col(C_MODE)}{first}:{col(C_MODE)}{last}", model.MODE_LABELS)

    def flags(column: int) -> str:
        return f"COUNTIFS({sheet.range(column, first, last)},1)" if n else "0"

    count_rows = (
        ("Agents in the register", "agents_count", f"COUNTA({names})" if n else "0",
         "COUNTA of the agents' names"),
        ("Agents with no business outcome", "agents_without_outcome", flags(C_NO_OUTCOME),
         "COUNTIFS of the 'No outcome' flags"),
        ("Agents with no accountable owner", "agents_without_owner", flags(C_NO_OWNER),
         "COUNTIFS of the 'No owner' flags"),
        ("Agents acting on trust, money or customer data without a human approver",
         "agents_acting_without_approver", flags(C_UNAPPROVED),
         "COUNTIFS of the 'Acts without a human approver' flags"),
        ("Agents whose builder, operator and auditor are not kept apart",
         "agents_with_role_clash", flags(C_CLASH), "COUNTIFS of the role-clash flags"),
    )  # fmt: skip
    for i, (label, key, formula, how) in enumerate(count_rows):
        rr = counts_row + i
        sheet.text(rr, 1, label, "label")
        sheet.formula(rr, 2, formula, "count", "total")
        sheet.text(rr, 3, how)
        if key in GOVERNANCE_NAMES:
            book.define(key, sheet, rr, 2)
        else:
            book.headline(key, sheet, rr, 2)

    row = last + 3
    row = _decision_rights(book, sheet, row)
    row = _pods(book, sheet, row)
    row = _engine(book, sheet, row)
    row = _span(book, sheet, row)
    row = _metrics(book, sheet, row)
    _budget(book, sheet, row)
    sheet.finish(freeze_row=None)
    return sheet


def _decision_rights(book: Book, sheet: Sheet, row: int) -> int:
    from mocmo import governance as model

    plan = book.plan
    first = sheet.table(
        row,
        "Decision rights",
        "Who makes each recurring decision: human, ai, or hybrid (an agent proposes, a person "
        "decides). A sensitive decision left to ai alone is flagged.",
        ["Decision", "Decided by (human / ai / hybrid)", "Affects",
         "Sensitive and left to AI (1 = flag)"],
    )  # fmt: skip
    for i, d in enumerate(plan.decision_rights):
        rr = first + i
        sheet.text(rr, 1, d.decision)
        sheet.text(rr, 2, d.decided_by, "input")
        if d.area:
            sheet.text(rr, 3, model.TOUCH_LABELS[d.area])
        b, c = sheet.ref(rr, 2, sheet=False), sheet.ref(rr, 3, sheet=False)
        sheet.formula(rr, 4, f'IF(AND({b}="ai",LEN({c})>0),1,0)', "count")
    n = len(plan.decision_rights)
    last = first + max(n, 1) - 1
    if n:
        sheet.choice(f"B{first}:B{last}", model.DECIDER_LABELS)
    rr = last + 2
    for who in model.DECIDER_LABELS:
        sheet.text(rr, 1, f"Decisions made by {who}", "label")
        formula = f'COUNTIFS({sheet.range(2, first, last)},"{who}")' if n else "0"
        sheet.formula(rr, 2, formula, "count", "total")
        rr += 1
    return rr + 1


def _pods(book: Book, sheet: Sheet, row: int) -> int:
    from mocmo import governance as model

    plan = book.plan
    row = sheet.section(row, "Workflow pods", "Each pod owns an outcome, not a channel.")
    roles = list(model.POD_ROLES)
    first = sheet.header(
        row,
        ["Outcome", *[model.POD_ROLE_TITLES[k] for k in roles],
         "Roles left empty"],
    )  # fmt: skip
    for i, pod in enumerate(plan.pods):
        rr = first + i
        sheet.text(rr, 1, pod.outcome)
        for j, role in enumerate(roles):
            person = getattr(pod, role)
            if person:
                sheet.text(rr, 2 + j, person, "input")
        span = f"{sheet.ref(rr, 2, sheet=False)}:{sheet.ref(rr, 1 + len(roles), sheet=False)}"
        sheet.formula(rr, 2 + len(roles), f"COLUMNS({span})-COUNTA({span})", "count")
    return first + max(len(plan.pods), 1) + 1


def _engine(book: Book, sheet: Sheet, row: int) -> int:
    from mocmo import governance as model

    row = sheet.section(row, "The content engine", "Each layer automated, owned or audited.")
    table = model.content_engine_table(book.plan)
    first = sheet.header(row, ["Layer", "How (automated / owned / audited)", "Who"])
    for i, rec in enumerate(table.to_dict("records")):
        rr = first + i
        sheet.text(rr, 1, rec["layer"])
        if rec["mode"]:
            sheet.text(rr, 2, rec["mode"], "input")
        if rec["who"]:
            sheet.text(rr, 3, rec["who"], "input")
    last = first + len(table) - 1
    rr = last + 2
    for mode in ("automated", "owned", "audited"):
        sheet.text(rr, 1, f"Layers {mode}", "label")
        sheet.formula(rr, 2, f'COUNTIFS({sheet.range(2, first, last)},"{mode}")', "count", "total")
        rr += 1
    sheet.text(rr, 1, "Layers not described", "label")
    sheet.formula(rr, 2, f"COUNTBLANK({sheet.range(2, first, last)})", "count", "total")
    return rr + 2


def _span(book: Book, sheet: Sheet, row: int) -> int:
    from mocmo import governance as model
    from mocmo.reshape import legacy_headcount

    row = sheet.section(
        row,
        "Span of control and management layers",
        "A manager oversees 5–8 people; an operator handles the output of 5–20. Divide the "
        "people by the span, rounding up, until one is left: layers = divisions, managers = "
        "the sum of the quotients.",
    )
    c_people = 5
    first = sheet.header(
        row,
        ["Model", "Span", "Management layers", "Managers", "People (level 0)",
         *[f"Level {k}" for k in range(1, _LEVELS + 1)]],
    )  # fmt: skip
    source = book.headline_refs.get("legacy_headcount")
    rr = first
    for model_name, spans in (
        ("Manager (legacy)", model.LEGACY_SPAN),
        ("Operator (workflow)", model.OPERATOR_SPAN),
    ):
        for span in spans:
            sheet.text(rr, 1, model_name)
            sheet.value(rr, 2, span, "count", "input")
            if source:
                sheet.formula(rr, c_people, source, "count")
            else:
                sheet.value(rr, c_people, legacy_headcount(book.plan), "count", "input")
            s = sheet.ref(rr, 2, sheet=False)
            for k in range(1, _LEVELS + 1):
                prev = sheet.ref(rr, c_people + k - 1, sheet=False)
                sheet.formula(
                    rr, c_people + k, f"IF({prev}>1,ROUNDUP({prev}/{s},0),{prev})", "count"
                )
            levels_from = f"{sheet.ref(rr, c_people, sheet=False)}:" + sheet.ref(
                rr, c_people + _LEVELS - 1, sheet=False
            )
            levels_to = f"{sheet.ref(rr, c_people + 1, sheet=False)}:" + sheet.ref(
                rr, c_people + _LEVELS, sheet=False
            )
            sheet.formula(rr, 3, f'COUNTIF({levels_from},">1")', "count", "total")
            sheet.formula(rr, 4, f"SUMPRODUCT(({levels_from}>1)*({levels_to}))", "count", "total")
            rr += 1
    return rr + 1


def _metrics(book: Book, sheet: Sheet, row: int) -> int:
    from mocmo import governance as model

    plan = book.plan
    first = sheet.table(
        row,
        "Operating metrics",
        "Improvement = the fall (or, where higher is better, the rise) from baseline to target "
        "as a share of the baseline.",
        ["Workflow", "Metric", "Better when", "Unit", "Baseline", "Target", "Improvement"],
    )
    for i, m in enumerate(plan.operating_metrics):
        rr = first + i
        info = model.METRICS[m.metric]
        sheet.text(rr, 1, m.workflow)
        sheet.text(rr, 2, info.label)
        sheet.text(rr, 3, info.better)
        sheet.text(rr, 4, m.unit or info.unit)
        sheet.value(rr, 5, m.baseline, "number", "input")
        sheet.value(rr, 6, m.target, "number", "input")
        c, b, t = (sheet.ref(rr, k, sheet=False) for k in (3, 5, 6))
        sheet.formula(rr, 7, f'IF({b}=0,"",IF({c}="lower",({b}-{t})/{b},({t}-{b})/{b}))', "pct")
    return first + max(len(plan.operating_metrics), 1) + 1


def _budget(book: Book, sheet: Sheet, row: int) -> int:
    from mocmo import governance as model

    row = sheet.section(
        row,
        "The budget shift (per year)",
        "From agencies and freelancers (variable labour) to AI tools, data and knowledge "
        "systems and internal platform work (fixed system investment). Before and after are "
        "on the Assumptions sheet (green links).",
    )
    from mocmo.excel._wholecost import budget_names

    table = model.budget_table(book.plan)
    names = budget_names(book)  # the same standard order as the table
    first = sheet.header(row, ["Line", "Nature (variable / fixed)", "Before", "After", "Change"])
    for i, (rec, line) in enumerate(zip(table.to_dict("records"), names, strict=True)):
        rr = first + i
        sheet.text(rr, 1, rec["label"])
        sheet.text(rr, 2, rec["nature"], "input")
        sheet.formula(rr, 3, line.before, "money", "link")  # inputs on the Assumptions sheet
        sheet.formula(rr, 4, line.after, "money", "link")
        b, a = sheet.ref(rr, 3, sheet=False), sheet.ref(rr, 4, sheet=False)
        sheet.formula(rr, 5, f"{a}-{b}", "money")
    n = len(table)
    last = first + max(n, 1) - 1
    if n:
        sheet.choice(f"B{first}:B{last}", ("variable", "fixed"))
    nature = sheet.range(2, first, last)
    before, after = sheet.range(3, first, last), sheet.range(4, first, last)
    rr = last + 2
    tb, ta = sheet.ref(rr, 2, sheet=False), sheet.ref(rr + 1, 2, sheet=False)
    vb, va = sheet.ref(rr + 2, 2, sheet=False), sheet.ref(rr + 3, 2, sheet=False)
    lines = (
        ("Budget before, total", "budget_before_total", f"SUM({before})", "money"),
        ("Budget after, total", "budget_after_total", f"SUM({after})", "money"),
        ("Variable labour share, before", "budget_variable_share_before",
         f'IF({tb}<=0,"",SUMIFS({before},{nature},"variable")/{tb})', "pct"),
        ("Variable labour share, after", "budget_variable_share_after",
         f'IF({ta}<=0,"",SUMIFS({after},{nature},"variable")/{ta})', "pct"),
        ("Shift to fixed systems (share points: before − after)", "budget_shift_to_fixed",
         f'IF(OR({vb}="",{va}=""),"",{vb}-{va})', "pct"),
    )  # fmt: skip
    for i, (label, name, formula, fmt) in enumerate(lines):
        sheet.text(rr + i, 1, label, "label")
        sheet.formula(rr + i, 2, formula, fmt, "total")  # type: ignore[arg-type]
        book.define(name, sheet, rr + i, 2)
    return rr + len(lines) + 1
