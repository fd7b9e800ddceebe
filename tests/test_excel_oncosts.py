"""The workbook evaluates the on-cost profiles live (issue #24): another country's rules and
the exchange rate are named inputs on the Assumptions sheet, the loaded-cost formulas apply
them to each person's salary in the local currency and convert back, and LibreOffice
recalculates a mixed UK + US plan to the model — one US seat above a lowered wage base moves,
the US team below it and the UK people do not.

Hand figures (a GBP plan, USD 1 = GBP 0.75 as of 2026-11-30, the US 2026 rules of
data/defaults/oncosts/us.yaml, benefits 5%, tools £3,000):
- a US person on £60,000 = $80,000: Social Security 6.2% = 4,960, Medicare 1.45% = 1,160,
  FUTA 0.6% × 7,000 = 42, state unemployment 2.7% × 7,000 = 189 → $6,351 × 0.75 = £4,763.25;
  loaded 60,000 + 4,763.25 + 3,000 + 3,000 = £70,763.25; Content (2 of them) £141,526.50;
- the US Architect seat on £90,000 = $120,000: 7,440 + 1,740 + 42 + 189 = $9,411 × 0.75 =
  £7,058.25 → £104,558.25; the UK MarOps Lead on £90,000: NI 12,750 + pension 1,320.90 →
  £111,570.90; MarOps £216,129.15;
- the US wage base typed down from $184,500 to $100,000: the Architect pays 6.2% × (120,000 −
  100,000) = $1,240 less, × 0.75 = £930 → MarOps £215,199.15; Content ($80,000, below it) and
  the UK Lead unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from plans import flat, legacy_role, minimal_plan, seat, uk_assumptions

from conftest import LibreOfficeRecalc, load_values, named_value
from mocmo.excel import build_workbook, write_workbook
from mocmo.plan import PayReview, Plan, with_value
from mocmo.plan.roster import Person, Roster
from mocmo.verify import differences, workbook_figures

USD = {"USD": {"rate": 0.75, "as_of": "2026-11-30", "source": "plan input"}}
ALL_BUT_HEAD = ("workflow_architect", "data_steward", "prompt_knowledge_designer")


def mixed_plan(**assumptions: Any) -> Plan:
    """Content in the US (2 at £60,000), a UK MarOps Lead and a US Architect at £90,000, and
    a 4% pay review from month 3 (the month-by-month grid costs raised pay)."""
    return minimal_plan(
        assumptions=uk_assumptions(
            fx_rates=USD, pay_review=PayReview(rate=0.04, first_month=3), **assumptions
        ),
        legacy_roles=[legacy_role("Content", salary_band=flat(60_000), country="us")],
        marops_seats=[
            seat("MarOps Lead", ("head_of_marops",), band=flat(90_000), hire_month=4),
            seat("Architect", ALL_BUT_HEAD, band=flat(90_000), country="us"),
        ],
        replaced_roles=[],
    )


def mixed_roster_plan() -> Plan:
    """Content on a roster: a UK person on £90,000 and a US person on £90,000 (the mixed team
    of tests/test_oncost_profiles.py: £216,129.15)."""
    people = Roster(
        people=(
            Person(id="uk1", team="Content", salary=90_000),
            Person(id="us1", team="Content", salary=90_000, country="us"),
        )
    )
    return minimal_plan(
        assumptions=uk_assumptions(fx_rates=USD, pay_review=PayReview(rate=0.04, first_month=3)),
        legacy_roles=[legacy_role("Content", salary_band=flat(90_000), fte=2.0)],
        replaced_roles=[],
        roster="plan.roster.yaml",
        roster_people=people,
    )


def _set(xlsx: Path, name: str, value: float, out: Path) -> Path:
    wb = openpyxl.load_workbook(xlsx)
    (sheet, ref), *_ = list(wb.defined_names[name].destinations)
    wb[sheet][ref.replace("$", "")].value = value
    wb.save(out)
    return out


def test_the_model_by_hand() -> None:
    """The module docstring's figures, from the model."""
    from mocmo.summary import headline

    model = headline(mixed_plan())
    assert model["legacy_org_loaded_cost"] == pytest.approx(141_526.50, abs=0.005)
    assert model["marops_loaded_cost_mid"] == pytest.approx(216_129.15, abs=0.005)
    lowered = mixed_plan(on_cost_rules={"us": {"social_security": {"ceiling": 100_000}}})
    assert headline(lowered)["marops_loaded_cost_mid"] == pytest.approx(215_199.15, abs=0.005)
    assert headline(lowered)["legacy_org_loaded_cost"] == pytest.approx(141_526.50, abs=0.005)


def test_the_us_rules_and_rate_are_named_inputs() -> None:
    """The Assumptions sheet lists the US rules (in USD, with their sources) and the rate; a
    UK-only plan has no such section."""
    book = build_workbook(mixed_plan())
    names = {n.lower() for n in book.defined_names}
    for name in (
        "fx_usd", "oncost_us_social_security_rate", "oncost_us_social_security_ceiling",
        "oncost_us_medicare_rate", "oncost_us_futa_ceiling", "oncost_us_state_unemployment_rate",
    ):  # fmt: skip
        assert name in names
    uk = build_workbook(minimal_plan())
    assert not any(n.lower().startswith(("fx_", "oncost_")) for n in uk.defined_names)


@pytest.mark.libreoffice
def test_a_mixed_plan_recalculates_to_the_model(
    tmp_path: Path, lo_recalc: LibreOfficeRecalc
) -> None:
    """Every headline figure of the recalculated workbook equals the model's, by hand
    £141,526.50 legacy and £216,129.15 MarOps; and every month's payroll too (pay review from
    month 3 on the US people's raised pay)."""
    from mocmo import migration
    from mocmo.summary import headline

    plan = mixed_plan()
    recalculated = lo_recalc(write_workbook(plan, tmp_path / "mixed.xlsx"))
    model = headline(plan)
    assert differences(model, workbook_figures(recalculated, list(model))) == []
    values = load_values(recalculated)
    assert named_value(values, "legacy_org_loaded_cost") == pytest.approx(141_526.50, abs=0.005)
    assert named_value(values, "marops_loaded_cost_mid") == pytest.approx(216_129.15, abs=0.005)
    ws = values["Migration"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}
    from mocmo.excel._flowgrids import FIRST_MONTH_COL

    for month, expected in zip(*[migration.monthly(plan)[c] for c in ("month", "payroll_cost")],
                               strict=True):  # fmt: skip
        got = ws.cell(row=rows["Payroll cost"], column=FIRST_MONTH_COL + month - 1).value
        assert got == pytest.approx(expected, abs=0.005), month


@pytest.mark.libreoffice
def test_a_lower_us_wage_base_moves_only_the_us_people_above_it(
    tmp_path: Path, lo_recalc: LibreOfficeRecalc
) -> None:
    """The US Social Security wage base typed down to $100,000 on the Assumptions sheet: the
    US Architect ($120,000) costs £930 less (MarOps £215,199.15), Content's US people
    ($80,000) and the UK Lead not at all — and the workbook equals the model of the plan with
    that wage base, figure by figure."""
    from mocmo.summary import headline

    xlsx = write_workbook(mixed_plan(), tmp_path / "mixed.xlsx")
    before = load_values(lo_recalc(xlsx))
    edited = _set(xlsx, "oncost_us_social_security_ceiling", 100_000, tmp_path / "edited.xlsx")
    after = load_values(lo_recalc(edited))
    assert named_value(after, "marops_loaded_cost_mid") == pytest.approx(215_199.15, abs=0.005)
    for name in ("legacy_org_loaded_cost",):
        assert named_value(after, name) == pytest.approx(named_value(before, name), abs=0.005)
    plan = mixed_plan(on_cost_rules={"us": {"social_security": {"ceiling": 100_000}}})
    model = headline(plan)
    recalculated = lo_recalc(edited)
    assert differences(model, workbook_figures(recalculated, list(model))) == []


@pytest.mark.libreoffice
def test_a_mixed_roster_team_recalculates_to_the_model(
    tmp_path: Path, lo_recalc: LibreOfficeRecalc
) -> None:
    """A roster team of one UK and one US person on £90,000: the workbook's legacy cost is the
    hand £216,129.15 and every headline figure the model's (the US person's contributions are
    a per-team input at the export's rules and rate, as the roster's NI and pension sums are
    at the export's thresholds)."""
    from mocmo.summary import headline

    plan = mixed_roster_plan()
    recalculated = lo_recalc(write_workbook(plan, tmp_path / "roster.xlsx"))
    model = headline(plan)
    assert differences(model, workbook_figures(recalculated, list(model))) == []
    values = load_values(recalculated)
    assert named_value(values, "legacy_org_loaded_cost") == pytest.approx(216_129.15, abs=0.005)


def us_plan_with_a_uk_seat() -> Plan:
    """`mocmo new --country us`'s plan (USD) with its first MarOps seat in the UK: the UK rules
    on the seat's salary in pounds, at the plan's rate for GBP."""
    from mocmo.defaults import starter_plan

    return with_value(starter_plan(country="us"), "marops_seats[0].country", "uk")


def test_the_formulas_type_no_constant() -> None:
    """No number typed in a formula of the mixed plans' workbooks (test_excel_constants)."""
    from test_excel_constants import _offenders

    for plan in (mixed_plan(), mixed_roster_plan(), us_plan_with_a_uk_seat()):
        assert _offenders(plan) == []


@pytest.mark.libreoffice
def test_a_us_plan_with_a_uk_seat_recalculates_to_the_model(
    tmp_path: Path, lo_recalc: LibreOfficeRecalc
) -> None:
    """A USD plan whose Head of MarOps sits in the UK (the UK on-cost rows on the salary in
    pounds, × 1.3333 USD per GBP): every headline figure equals the model's."""
    from mocmo.summary import headline

    plan = us_plan_with_a_uk_seat()
    recalculated = lo_recalc(write_workbook(plan, tmp_path / "us.xlsx"))
    model = headline(plan)
    assert differences(model, workbook_figures(recalculated, list(model))) == []
