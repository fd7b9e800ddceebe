"""Employer on-cost profiles by country (data/defaults/oncosts/<country>.yaml): every profile's
rules evaluated at three salaries against a hand calculation, each test naming the rule's
source and tax year; a mixed UK + US team converted at the plan's rate; the plan's country,
rule and exchange-rate inputs validated with the field, the value and what is allowed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from plans import flat, legacy_role, minimal_plan, seat, uk_assumptions

from mocmo import costing, defaults
from mocmo.costing.profiles import CostBasis, load_profile, rule_amount
from mocmo.plan import Plan, PlanError, parse_plan
from mocmo.plan.roster import Person, Roster


def contributions(country: str, salary: float) -> float:
    """The profile's employer contributions on ``salary`` in its own currency (fx 1)."""
    return sum(rule_amount(salary, rule) for rule in load_profile(country).rules)


# --------------------------------------------------------------------------- the profiles


def test_every_country_of_the_issue_has_a_profile() -> None:
    """uk, us, ie, de, fr and nl each ship a profile with a currency, a tax year and rules
    whose every number carries a unit and a source."""
    assert defaults.oncost_countries() == ("de", "fr", "ie", "nl", "uk", "us")
    for country in defaults.oncost_countries():
        profile = load_profile(country)
        assert profile.currency in ("GBP", "USD", "EUR") and profile.tax_year
        for rule in profile.rules:
            assert rule.label and rule.tax_year and rule.parameters
            for p in rule.parameters:
                assert p.unit and p.source, (country, rule.key, p.name)


def test_uk_profile_is_todays_defaults() -> None:
    """The UK file's values are data/defaults/assumptions.yaml's on-costs (the plan's fields
    each parameter names): one set of UK figures, shown twice."""
    for rule in load_profile("uk").rules:
        for p in rule.parameters:
            assert p.plan_field, (rule.key, p.name)
            assert p.value == defaults.assumption_default(p.plan_field), p.plan_field


def test_approximate_profiles_say_so() -> None:
    """France and the Netherlands carry one approximate total rate, labelled as such, and the
    US state unemployment rule is an assumption to set — never shown as a published figure."""
    for country in ("fr", "nl"):
        (rule,) = load_profile(country).rules
        assert rule.assumption and "APPROXIMATE" in rule.label
    suta = next(r for r in load_profile("us").rules if r.key == "state_unemployment")
    assert suta.assumption and "assumption" in suta.label
    assert all("set your own" in p.source for p in suta.parameters)


@pytest.mark.parametrize(
    ("salary", "expected"),
    [
        (4_000.0, 0.0),  # below the NI threshold and the pension's lower limit
        (30_000.0, 3_750.0 + 712.80),  # 15% × 25,000 + 3% × (30,000 − 6,240)
        (60_000.0, 8_250.0 + 1_320.90),  # 15% × 55,000 + 3% × (50,270 − 6,240): above the cap
    ],
)
def test_uk_rules(salary: float, expected: float) -> None:
    """UK 2026/27 (GOV.UK 'Rates and thresholds for employers 2026 to 2027'; The Pensions
    Regulator's auto-enrolment earnings thresholds): employer NI 15% above £5,000; pension 3%
    of qualifying earnings £6,240–£50,270."""
    assert contributions("uk", salary) == pytest.approx(expected, abs=0.005)


@pytest.mark.parametrize(
    ("salary", "expected"),
    [
        # below the FUTA/SUTA wage base: 6.2% + 1.45% + 0.6% + 2.7% of 5,000
        (5_000.0, 310.0 + 72.50 + 30.0 + 135.0),
        # between: 6.2% and 1.45% of 100,000; FUTA 0.6% × 7,000 = 42; SUTA 2.7% × 7,000 = 189
        (100_000.0, 6_200.0 + 1_450.0 + 42.0 + 189.0),
        # above the Social Security wage base: 6.2% × 184,500 = 11,439; Medicare uncapped
        (200_000.0, 11_439.0 + 2_900.0 + 42.0 + 189.0),
    ],
)
def test_us_rules(salary: float, expected: float) -> None:
    """US 2026: Social Security 6.2% up to the $184,500 contribution and benefit base (SSA,
    ssa.gov/oact/cola/cbb.html); Medicare 1.45% uncapped (IRS Topic 751); FUTA 6.0% less the
    5.4% credit on the first $7,000 (IRS Topic 759); state unemployment 2.7% on $7,000 — the
    profile's placeholder, an assumption to set."""
    assert contributions("us", salary) == pytest.approx(expected, abs=0.005)


@pytest.mark.parametrize(
    ("salary", "expected"),
    [
        (20_000.0, 1_800.0),  # ≤ €552 × 52: PRSI 9% of all of it; AE needs more than €20,000
        (50_000.0, 5_625.0 + 750.0),  # PRSI 11.25% of all of it; AE 1.5% × 50,000
        (100_000.0, 11_250.0 + 1_200.0),  # AE capped: 1.5% × 80,000
    ],
)
def test_ie_rules(salary: float, expected: float) -> None:
    """Ireland 2026 (to 30 September): employer PRSI Class A 9.00% of all pay while weekly pay
    is at most €552, 11.25% of all of it above (gov.ie, 'PRSI Class A Rates'); MyFutureFund
    auto-enrolment employer 1.5% of pay up to €80,000 for employees earning over €20,000
    (years 1–3, from 1 January 2026)."""
    assert contributions("ie", salary) == pytest.approx(expected, abs=0.005)


def test_ie_prsi_is_charged_on_all_pay_at_its_band() -> None:
    """Gov.ie 'PRSI Class A Rates' 2026: one euro over the €28,704 a year (€552 a week × 52)
    moves all of the pay to 11.25% — 9% × 28,704 = 2,583.36, then 11.25% × 28,705 =
    3,229.3125 plus auto-enrolment 1.5% × 28,705 = 430.575."""
    assert contributions("ie", 28_704.0) == pytest.approx(2_583.36 + 430.56, abs=0.005)
    assert contributions("ie", 28_705.0) == pytest.approx(3_229.3125 + 430.575, abs=0.005)


@pytest.mark.parametrize(
    ("salary", "expected"),
    [
        # below both ceilings: 9.3 + 1.3 + 7.3 + 1.45 + 1.8 = 21.15% of 40,000
        (40_000.0, 8_460.0),
        # between the health ceiling 69,750 and the pension ceiling 101,400:
        # 10.6% × 80,000 = 8,480 + 10.55% × 69,750 = 7,358.625
        (80_000.0, 8_480.0 + 7_358.625),
        # above both: 10.6% × 101,400 = 10,748.40 + 7,358.625
        (120_000.0, 10_748.40 + 7_358.625),
    ],
)
def test_de_rules(salary: float, expected: float) -> None:
    """Germany 2026: employer halves of pension 18.6% and unemployment 2.6% up to €101,400,
    health 14.6% plus half the average additional 2.9%, and care 3.6% up to €69,750
    (Sachsen-Anhalt Ministry of Finance, 'Beitragssätze der Sozialversicherung ab 01.01.2026';
    Sozialversicherungsrechengrößen-Verordnung 2026)."""
    assert contributions("de", salary) == pytest.approx(expected, abs=0.005)


@pytest.mark.parametrize(
    ("salary", "expected"),
    [(20_000.0, 8_400.0), (50_000.0, 21_000.0), (120_000.0, 50_400.0)],
)
def test_fr_approximate_rate(salary: float, expected: float) -> None:
    """France 2026, APPROXIMATE: 42% of the whole salary (40–45% commonly quoted; URSSAF
    publishes the contributions one by one) — no threshold or ceiling, so the three salaries
    scale: 42% × 20,000 / 50,000 / 120,000."""
    assert contributions("fr", salary) == pytest.approx(expected, abs=0.005)


@pytest.mark.parametrize(
    ("salary", "expected"),
    [
        (30_000.0, 5_139.0),  # 17.13% × 30,000
        (79_409.0, 13_602.7617),  # at the maximum premium wage
        (100_000.0, 13_602.7617),  # above it: 17.13% × 79,409
    ],
)
def test_nl_approximate_rate(salary: float, expected: float) -> None:
    """Netherlands 2026, APPROXIMATE: AWf low 2.74% + Aof low 6.27% + Whk 1.52% + childcare
    0.50% + Zvw 6.10% = 17.13% up to the 2026 maximum premium wage €79,409 (Staatscourant,
    5 December 2025)."""
    assert contributions("nl", salary) == pytest.approx(expected, abs=0.005)


# --------------------------------------------------------------------------- plans

USD = {"USD": {"rate": 0.75, "as_of": "2026-11-30", "source": "plan input"}}


def mixed_team_plan(**assumptions: Any) -> Plan:
    """The minimal plan with Content as two people at £90,000: one in the UK, one in the US
    (a GBP plan, USD at 0.75 GBP as of 2026-11-30)."""
    people = Roster(
        people=(
            Person(id="uk1", team="Content", salary=90_000),
            Person(id="us1", team="Content", salary=90_000, country="us"),
        )
    )
    return minimal_plan(
        assumptions=uk_assumptions(fx_rates=USD, **assumptions),
        legacy_roles=[legacy_role("Content", headcount=2, salary_band=flat(90_000), fte=2.0)],
        replaced_roles=[],
        roster="plan.roster.yaml",
        roster_people=people,
    )


def test_mixed_uk_us_team_converts_at_the_plan_rate() -> None:
    """A GBP plan, USD 1 = GBP 0.75 (plan input, 2026-11-30). UK person on £90,000: NI 15% ×
    85,000 = 12,750 + pension 3% × 44,030 = 1,320.90 + benefits 5% = 4,500 + tools 3,000 →
    £111,570.90. US person on £90,000 = $120,000: Social Security 6.2% = 7,440, Medicare
    1.45% = 1,740, FUTA 42, state unemployment 189 → $9,411 × 0.75 = £7,058.25; + 4,500 +
    3,000 → £104,558.25. The team: £216,129.15."""
    plan = mixed_team_plan()
    (role,) = plan.legacy_roles
    assert costing.legacy_role_loaded_cost(plan, role) == pytest.approx(216_129.15, abs=0.005)


def test_a_us_team_without_roster_and_a_us_seat() -> None:
    """Content in the US at £90,000 a head (2 × (90,000 + 7,058.25 + 4,500 + 3,000) =
    £209,116.50, as above) and a US MarOps seat at £90,000 → £104,558.25 against a UK one's
    £111,570.90: same salary, the US rules."""
    plan = minimal_plan(
        assumptions=uk_assumptions(fx_rates=USD),
        legacy_roles=[legacy_role("Content", salary_band=flat(90_000), country="us")],
        marops_seats=[
            seat("MarOps Lead", ("head_of_marops",), band=flat(90_000), hire_month=4),
            seat("Architect", ("workflow_architect", "data_steward", "prompt_knowledge_designer"),
                 band=flat(90_000), country="us"),
        ],
        replaced_roles=[],
    )  # fmt: skip
    (role,) = plan.legacy_roles
    assert costing.legacy_role_loaded_cost(plan, role) == pytest.approx(209_116.50, abs=0.005)
    assert costing.marops_loaded_cost(plan) == pytest.approx(111_570.90 + 104_558.25, abs=0.005)
    seats = costing.marops_seat_table(plan)
    assert list(seats["employer_ni"]) == pytest.approx([12_750.0, 7_058.25])
    assert list(seats["employer_pension"]) == pytest.approx([1_320.90, 0.0])


def test_a_plan_rate_and_a_rule_value_move_the_us_cost() -> None:
    """The US person at USD 1 = GBP 0.80 instead: £90,000 = $112,500 → 6.2% = 6,975, 1.45% =
    1,631.25, 42, 189 → $8,837.25 × 0.8 = £7,069.80 (+ 7,500) = £104,569.80. A state
    unemployment rate set to 3.4% on a $12,000 wage base: 408 instead of 189 → $9,630 × 0.75
    = £7,222.50 → £104,722.50. The UK person stays £111,570.90."""
    rate = {"USD": {"rate": 0.8, "as_of": "2026-11-30"}}
    plan = mixed_team_plan().model_copy()
    moved = minimal_plan(
        assumptions=uk_assumptions(fx_rates=rate),
        legacy_roles=plan.legacy_roles,
        replaced_roles=[],
        roster="plan.roster.yaml",
        roster_people=plan.roster_people,
    )
    (role,) = moved.legacy_roles
    assert costing.legacy_role_loaded_cost(moved, role) == pytest.approx(
        111_570.90 + 104_569.80, abs=0.005
    )
    suta = {"us": {"state_unemployment": {"rate": 0.034, "ceiling": 12_000}}}
    ruled = mixed_team_plan(on_cost_rules=suta)
    assert costing.legacy_role_loaded_cost(ruled, ruled.legacy_roles[0]) == pytest.approx(
        111_570.90 + 104_722.50, abs=0.005
    )


def test_a_uk_plan_is_costed_as_before() -> None:
    """A UK person on a GBP plan is costed under the plan's own on-costs object: the very same
    figures (tests/test_characterisation.py checks every recorded one)."""
    plan = defaults.load_example()
    assert costing.cost_basis(plan) is plan.assumptions.on_costs
    us = costing.cost_basis(mixed_team_plan(), "us")
    assert isinstance(us, CostBasis) and us.fx == 0.75 and us.currency == "USD"


# --------------------------------------------------------------------------- validation


def problems(data: dict[str, Any]) -> str:
    with pytest.raises(PlanError) as caught:
        parse_plan(data)
    return str(caught.value)


def plan_data(**assumptions: Any) -> dict[str, Any]:
    data = minimal_plan().model_dump(mode="json")
    data["assumptions"].update(assumptions)
    return data


def test_an_unknown_country_is_refused_naming_the_profiles() -> None:
    """assumptions.country 'xx' → the field, the value and the six profiles."""
    text = problems(plan_data(country="xx"))
    assert "assumptions.country" in text and "'xx'" in text
    assert "de, fr, ie, nl, uk, us" in text


def test_a_country_without_an_exchange_rate_is_refused() -> None:
    """A US seat on a GBP plan with no USD rate: the error names the seat's field, the
    currency and the rate to add."""
    data = plan_data()
    data["marops_seats"][0]["country"] = "us"
    text = problems(data)
    assert "marops_seats[0].country is 'us'" in text
    assert "assumptions.fx_rates.USD" in text and "GBP per USD" in text


@pytest.mark.parametrize(
    ("rules", "words"),
    [
        ({"us": {"medicare": {"ceiling": 1000}}}, "this rule has rate"),
        ({"us": {"social_security": {"rate": 6.2}}}, "got 6.2, must be between 0 and 1"),
        ({"us": {"payroll": {"rate": 0.1}}}, "must be one of social_security, medicare"),
        ({"ie": {"auto_enrolment": {"ceiling": 10_000}}}, None),
        ({"uk": {"employer_ni": {"rate": 0.1}}}, "set them in assumptions.on_costs"),
    ],
)
def test_rule_values_are_checked(rules: dict[str, Any], words: str | None) -> None:
    """A plan's rule values name the field, the value and what is allowed; a valid one is
    taken as given."""
    data = plan_data(on_cost_rules=rules)
    if words is None:
        parse_plan(data)
        return
    text = problems(data)
    assert "assumptions.on_cost_rules." in text and words in text


def test_a_rate_is_dated_and_positive() -> None:
    """An exchange rate needs its date, must be above 0, and keys are ISO codes."""
    assert "as_of" in problems(plan_data(fx_rates={"USD": {"rate": 0.75}}))
    assert "rate" in problems(plan_data(fx_rates={"USD": {"rate": 0, "as_of": "2026-11-30"}}))
    assert "'usd'" in problems(plan_data(fx_rates={"usd": {"rate": 1, "as_of": "2026-11-30"}}))
    ok = parse_plan(plan_data(fx_rates={"USD": {"rate": 0.75, "as_of": "2026-11-30"}}))
    assert ok.assumptions.fx_rates["USD"].as_of == dt.date(2026, 11, 30)


# --------------------------------------------------------------------------- mocmo new


def test_new_us_plan_converts_the_uk_bands_at_its_rate(tmp_path: Any) -> None:
    """`mocmo new --country us`: a USD plan under the US profile, its rate for GBP 1.3333 (the
    assumed USD 1 = GBP 0.75, as of 2026-12-02) and said so. Head of Marketing Operations
    £80,000–120,000 → $106,664–159,996; its seat at mid $133,330: Social Security 6.2% =
    8,266.46, Medicare 1.45% = 1,933.285, FUTA 42, state unemployment 189 → 10,430.745;
    benefits 5% = 6,666.50; tools £3,000 × 1.3333 = $4,000 (rounded) → $154,427.245."""
    from mocmo.cli import main
    from mocmo.plan import load_plan

    path = tmp_path / "us.yaml"
    assert main(["new", str(path), "--country", "us"]) == 0
    plan = load_plan(path)
    assert (plan.meta.currency, plan.assumptions.country) == ("USD", "us")
    assert plan.assumptions.fx_rates["GBP"].rate == 1.3333
    head = plan.marops_roles[0]
    assert (head.band.low, head.band.high) == (106_664, 159_996)
    table = costing.marops_seat_table(plan)
    assert table["loaded_cost"].iloc[0] == pytest.approx(154_427.245, abs=0.005)


def test_new_plan_with_own_rate_and_a_uk_plan_unchanged(tmp_path: Any, capsys: Any) -> None:
    """--fx sets the rate: --country de --fx 1.2 → a EUR plan, Head of MarOps €96,000–144,000
    (80,000 and 120,000 × 1.2); `mocmo new` without --country is the UK starter plan, GBP,
    no rates."""
    from mocmo.cli import main
    from mocmo.plan import load_plan

    assert main(["new", str(tmp_path / "de.yaml"), "--country", "de", "--fx", "1.2"]) == 0
    assert "assumption — set your own" in capsys.readouterr().out
    de = load_plan(tmp_path / "de.yaml")
    assert de.meta.currency == "EUR" and de.assumptions.country == "de"
    assert (de.marops_roles[0].band.low, de.marops_roles[0].band.high) == (96_000, 144_000)
    assert main(["new", str(tmp_path / "uk.yaml")]) == 0
    uk = load_plan(tmp_path / "uk.yaml")
    assert (uk.meta.currency, uk.assumptions.country, uk.assumptions.fx_rates) == ("GBP", "uk", {})
    assert uk.marops_roles[0].band.low == 80_000


def test_assumed_rules_are_flagged_until_set() -> None:
    """A plan costing people under US rules is warned that state unemployment is an
    assumption (not a published figure) until it sets its own; a French team under the
    approximate total rate likewise; a UK-only plan has no such warning."""
    plan = mixed_team_plan()
    (warning,) = costing.profile_problems(plan)
    assert warning.path == "assumptions.on_cost_rules.us.state_unemployment"
    assert warning.severity == "warning" and "set your own" in warning.message
    set_own = mixed_team_plan(on_cost_rules={"us": {"state_unemployment": {"rate": 0.034}}})
    assert costing.profile_problems(set_own) == []
    assert costing.profile_problems(minimal_plan()) == []
    eur = {"EUR": {"rate": 0.87, "as_of": "2026-12-02"}}
    french = minimal_plan(
        assumptions=uk_assumptions(fx_rates=eur),
        legacy_roles=[legacy_role("Content", country="fr")],
        replaced_roles=[],
    )
    (approx,) = costing.profile_problems(french)
    assert "APPROXIMATE" in approx.message and "legacy_roles[0].country" in approx.message


def test_the_org_chart_costs_a_us_seat_under_us_rules() -> None:
    """The org chart's MarOps box of the US seat shows its US loaded cost (£104,558.25 by
    hand, as above), not the UK one (£111,570.90)."""
    from mocmo.format import fmt_money
    from mocmo.orgchart import new_chart

    plan = minimal_plan(
        assumptions=uk_assumptions(fx_rates=USD),
        marops_seats=[
            seat("MarOps Lead", ("head_of_marops",), band=flat(90_000), hire_month=4),
            seat("Architect", ("workflow_architect", "data_steward", "prompt_knowledge_designer"),
                 band=flat(90_000), country="us"),
        ],
        replaced_roles=[],
    )  # fmt: skip
    text = repr(new_chart(plan))
    assert fmt_money(104_558.25, "GBP") in text and fmt_money(111_570.90, "GBP") in text


def test_the_monte_carlo_costs_each_line_under_its_country() -> None:
    """Flat bands leave nothing to draw: every draw of the mixed seats is the hand £216,129.15
    (UK Lead £111,570.90 + US Architect £104,558.25), and the sensitivity's base is the model's
    net change — the ranges cost the US line under US rules, not the UK's."""
    plan = minimal_plan(
        assumptions=uk_assumptions(fx_rates=USD),
        legacy_roles=[legacy_role("Content", salary_band=flat(90_000), country="us")],
        marops_seats=[
            seat("MarOps Lead", ("head_of_marops",), band=flat(90_000), hire_month=4),
            seat("Architect", ("workflow_architect", "data_steward", "prompt_knowledge_designer"),
                 band=flat(90_000), country="us"),
        ],
        replaced_roles=[],
    )  # fmt: skip
    sim = costing.simulate(plan, draws=20, seed=1)
    assert sim.values["marops_cost"] == pytest.approx([216_129.15] * 20, abs=0.005)
    assert sim.values["legacy_org_cost"] == pytest.approx([209_116.50] * 20, abs=0.005)
    table = costing.sensitivity(plan)
    assert table["net_change_base"].iloc[0] == pytest.approx(costing.org_net_change(plan))
