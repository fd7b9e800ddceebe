"""Hostile input against the whole-cost fields (staffing, AI costs, pay review, agents' running
cost, budget lines' change month) in the app's boxes, in a YAML plan through ``mocmo validate``,
and in the exported workbook: every value means what it shows, a bad value is refused with the
field named and never saved, and no typed name turns into a formula."""

from __future__ import annotations

import copy
import html
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook
from plans import minimal_data

from mocmo import cli
from mocmo.defaults import load_example
from mocmo.excel import write_workbook
from mocmo.plan import Plan, parse_plan, save_plan
from mocmo.ui.core import PlanSession
from mocmo.ui.wholecost import StaffingSection, WholeCostSection

BUDGET = [{"line": "agencies_freelancers", "before": 100_000, "after": 40_000}]


def _data() -> dict[str, Any]:
    """The minimal plan with explicit whole-cost fields (every one present, so each can be
    broken) and one agent from the example's register."""
    data = minimal_data(budget_shift=copy.deepcopy(BUDGET))
    data["assumptions"]["ai_costs"] = {
        "licence_per_user_month": 20,
        "licensed_share": 1.0,
        "legacy_licensed_users": 0,
        "usage_per_absorbed_hour": 0,
        "weeks_per_year": 52,
    }
    data["assumptions"]["staffing"] = {
        "marops_own_hours_per_week": 20,
        "gtm": {"step": 0.5, "fixed_fte": None},
        "marops": {"step": 0.5, "fixed_fte": None},
    }
    data["assumptions"]["pay_review"] = {"rate": 0.0, "first_month": 7}
    agent = load_example().agents[0].model_dump(mode="json")
    agent.update(reviewer=None, approver=None, owner=None, builder=None, operator=None)
    agent.update(auditor=None, running_cost=1_000)
    data["agents"] = [agent]
    return data


def _session(folder: Path) -> PlanSession:
    path = folder / "plan.yaml"
    save_plan(parse_plan(_data()), path)
    return PlanSession(path)


def _type(field: Any, text: str) -> None:
    field.text.value = text


def _said(field: Any) -> str:
    return html.unescape(str(field.message.value))


# --------------------------------------------------------------------------- the app's boxes


def test_25_in_the_licensed_share_box_is_25_percent_and_150_is_refused(tmp_path: Path) -> None:
    """25 → 0.25 (25%); 150 → refused next to the box, the typed text stays, 0.25 kept."""
    section = WholeCostSection(_session(tmp_path))
    box = section.fields["licensed_share"]
    _type(box, "25")
    assert section.session.plan.assumptions.ai_costs.licensed_share == 0.25
    assert box.message.layout.display == "none"
    _type(box, "150")
    assert "between 0% and 100% — you typed 150%" in _said(box)
    assert box.text.value == "150"
    assert section.session.plan.assumptions.ai_costs.licensed_share == 0.25


def test_a_money_box_reads_2_5k_and_refuses_two(tmp_path: Path) -> None:
    """£2.5k → 2,500 a seat; "two" refused with the box's label, 2,500 kept."""
    section = WholeCostSection(_session(tmp_path))
    box = section.fields["licence"]
    _type(box, "£2.5k")
    assert section.session.plan.assumptions.ai_costs.licence_per_user_month == 2_500
    _type(box, "two")
    assert "AI seat, per person a month can't be read as an amount: 'two'" in _said(box)
    assert section.session.plan.assumptions.ai_costs.licence_per_user_month == 2_500


@pytest.mark.parametrize("typed", ["1,5", "1.5.2", "nan", "inf", "-1", "1000000000000", "9" * 400])
def test_a_fixed_headcount_that_is_not_a_headcount_is_refused(tmp_path: Path, typed: str) -> None:
    """A comma decimal, two points, NaN, infinity, below 0 or above 100,000 FTE: refused, the
    plan stays "staffed to the work" (None) and unsaved changes are not made."""
    section = StaffingSection(_session(tmp_path))
    box = section.fields["gtm_fixed"]
    _type(box, typed)
    assert "GTM Marketers: fix headcount (FTE)" in _said(box)
    assert section.session.plan.assumptions.staffing.gtm.fixed_fte is None
    if typed.startswith("999"):  # 400 nines are "far too large", not "you typed inf"
        assert "far too large" in _said(box) and "inf" not in _said(box)
    _type(box, "")  # empty means "not fixed", and is accepted
    assert box.message.layout.display == "none"
    assert section.session.plan.assumptions.staffing.gtm.fixed_fte is None


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("-3", "must be 0 or more — you typed -3"),
        ("1000000000000", "must be at most 100,000"),
        ("nan", "can't be read as a number: 'nan'"),
        ("1,5", "can't be read as a number: '1,5'"),
    ],
)
def test_marops_own_hours_refuse_negative_huge_and_unreadable(
    tmp_path: Path, typed: str, said: str
) -> None:
    section = StaffingSection(_session(tmp_path))
    box = section.fields["marops_own_hours"]
    _type(box, typed)
    assert said in _said(box)
    assert section.session.plan.assumptions.staffing.marops_own_hours_per_week == 20


@pytest.mark.parametrize("typed", ["0", "37", "-1", "1.5", "1000000000000"])
def test_a_pay_review_month_outside_1_to_36_is_refused(tmp_path: Path, typed: str) -> None:
    section = WholeCostSection(_session(tmp_path))
    box = section.fields["pay_month"]
    _type(box, typed)
    assert "First review in month" in _said(box)
    assert section.session.plan.assumptions.pay_review.first_month == 7


def test_a_huge_money_value_is_refused_without_overflow(tmp_path: Path) -> None:
    """£1e12 a seat is above the £1bn cap; 400 nines overflow a float and are refused too,
    quoting what was typed (not "£inf"); the plan keeps £20 and its figures stay finite."""
    section = WholeCostSection(_session(tmp_path))
    box = section.fields["licence"]
    _type(box, "1000000000000")
    assert "must be at most £1,000,000,000" in _said(box)
    nines = "9" * 400
    _type(box, nines)
    assert "AI seat, per person a month is far too large to be a number" in _said(box)
    assert "inf" not in _said(box)
    assert section.session.plan.assumptions.ai_costs.licence_per_user_month == 20
    assert "nan" not in section.figures.value.lower()


# --------------------------------------------------------------------------- YAML


def _put(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    here: Any = data
    for key in path[:-1]:
        here = here[key]
    here[path[-1]] = value


NUMERIC = [
    ("assumptions", "ai_costs", "licence_per_user_month"),
    ("assumptions", "ai_costs", "licensed_share"),
    ("assumptions", "ai_costs", "legacy_licensed_users"),
    ("assumptions", "ai_costs", "usage_per_absorbed_hour"),
    ("assumptions", "ai_costs", "weeks_per_year"),
    ("assumptions", "staffing", "marops_own_hours_per_week"),
    ("assumptions", "staffing", "gtm", "step"),
    ("assumptions", "staffing", "gtm", "fixed_fte"),
    ("assumptions", "staffing", "marops", "step"),
    ("assumptions", "staffing", "marops", "fixed_fte"),
    ("assumptions", "pay_review", "rate"),
    ("assumptions", "pay_review", "first_month"),
    ("agents", 0, "running_cost"),
    ("budget_shift", 0, "change_month"),
]
OPTIONAL = {"fixed_fte", "first_month", "change_month"}


def _dotted(path: tuple[Any, ...]) -> str:
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else key)
    return out


def _validate(tmp_path: Path, path: tuple[Any, ...], raw: str, capsys: Any) -> tuple[int, str]:
    data = _data()
    _put(data, path, "@@")
    text = yaml.safe_dump(data, sort_keys=False).replace("'@@'", raw)
    file = tmp_path / "plan.yaml"
    file.write_text(text, encoding="utf-8")
    capsys.readouterr()
    code = cli.main(["validate", str(file)])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize("raw", [".nan", ".inf", "-.inf", "'twenty'"])
@pytest.mark.parametrize("path", NUMERIC, ids=_dotted)
def test_nan_infinity_and_words_in_a_numeric_field_are_refused_naming_it(
    tmp_path: Path, capsys: Any, path: tuple[Any, ...], raw: str
) -> None:
    code, said = _validate(tmp_path, path, raw, capsys)
    assert code != 0
    assert f"{_dotted(path)}: got" in said


@pytest.mark.parametrize("path", NUMERIC, ids=_dotted)
def test_null_is_refused_where_a_number_is_required(
    tmp_path: Path, capsys: Any, path: tuple[Any, ...]
) -> None:
    """null is "not fixed" / "no review" / "when the roles change" for the optional fields;
    anywhere else it is refused, naming the field."""
    code, said = _validate(tmp_path, path, "null", capsys)
    if path[-1] in OPTIONAL:
        assert code == 0, said
    else:
        assert code != 0 and f"{_dotted(path)}: got None, must be a number" in said


# --------------------------------------------------------------------------- the workbook

HOSTILE = ["=1+1", "+SUM(A1)", "-2", "@A1", "<script>alert(1)</script>"]


def _hostile_plan(i: int) -> Plan:
    data = _data()
    data["assumptions"]["staffing"]["gtm_support_title"] = HOSTILE[i % len(HOSTILE)]
    data["assumptions"]["staffing"]["marops_support_title"] = HOSTILE[(i + 1) % len(HOSTILE)]
    data["assumptions"]["staffing"]["marops_own_hours_per_week"] = 45  # MarOps support FTE
    data["assumptions"]["staffing"]["gtm"]["step"] = 0.5
    data["agents"][0]["name"] = HOSTILE[(i + 2) % len(HOSTILE)]
    return parse_plan(data)


@pytest.mark.parametrize("i", range(len(HOSTILE)))
def test_hostile_titles_and_agent_names_are_text_cells_in_the_workbook(
    tmp_path: Path, i: int
) -> None:
    """Every cell holding a hostile title or agent name is a text cell (data_type 's'): none
    is a formula."""
    plan = _hostile_plan(i)
    path = write_workbook(plan, tmp_path / "hostile.xlsx")
    book = load_workbook(path)
    wanted = {
        plan.assumptions.staffing.gtm_support_title,
        plan.assumptions.staffing.marops_support_title,
        plan.agents[0].name,
    }
    found: set[str] = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and any(h in value for h in wanted):
                    assert cell.data_type == "s", (sheet.title, cell.coordinate, value)
                    found.update(h for h in wanted if h in value)
    assert found == wanted


def _html_of(widget: Any) -> list[str]:
    """Every HTML text a panel shows (its widgets and their children, all the way down)."""
    import ipywidgets as w

    found = [str(widget.value)] if isinstance(widget, w.HTML) else []
    for child in getattr(widget, "children", ()):
        found += _html_of(child)
    return found


def test_a_script_in_the_support_titles_is_shown_escaped_in_reshape_and_costing(
    tmp_path: Path,
) -> None:
    """Support titles "<script>…" (GTM: 39 h/wk ÷ 30 h/wk = 1.3 → 1.5 FTE, so 0.5 FTE of
    support; MarOps: 45 h/wk ÷ 30 = 1.5 FTE, 0.5 beyond its seat) appear on the Reshape and
    Costing pages only escaped: no raw <script> tag anywhere in their HTML (the GTM title is
    in the load sentence)."""
    from plans import activity, legacy_role

    from mocmo.ui.costing import CostingPanel
    from mocmo.ui.reshape import RoleReshapePanel

    data = _data()
    data["legacy_roles"] = [
        legacy_role(
            activities=(
                activity("Standards", 0.48, "stays"),
                activity("Audience content", 0.52, "shifts"),
            )
        ).model_dump(mode="json")
    ]
    staffing = data["assumptions"]["staffing"]
    staffing.update(marops_own_hours_per_week=45)
    staffing.update(gtm_support_title="<script>alert(1)</script>")
    staffing.update(marops_support_title="<script>alert(2)</script>")
    path = tmp_path / "plan.yaml"
    save_plan(parse_plan(data), path)
    session = PlanSession(path)
    shown = _html_of(RoleReshapePanel(session)) + _html_of(CostingPanel(session))
    assert not any("<script" in text.lower() for text in shown)
    assert any("&lt;script&gt;alert(1)" in text for text in shown)


@pytest.mark.parametrize("raw", [".nan", ".inf"])
def test_summary_refuses_a_plan_with_nan_or_infinity_and_prints_no_figure(
    tmp_path: Path, capsys: Any, raw: str
) -> None:
    """``mocmo summary --json`` of a plan whose AI usage price is NaN or infinity exits with an
    error naming the field and prints no figures (nothing NaN reaches a headline)."""
    data = _data()
    _put(data, ("assumptions", "ai_costs", "usage_per_absorbed_hour"), "@@")
    file = tmp_path / "plan.yaml"
    file.write_text(yaml.safe_dump(data, sort_keys=False).replace("'@@'", raw), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["summary", str(file), "--json"]) != 0
    out = capsys.readouterr()
    assert "assumptions.ai_costs.usage_per_absorbed_hour: got" in out.out + out.err
    assert "ai_run_cost_annual" not in out.out


def test_the_largest_allowed_whole_cost_inputs_give_finite_figures(
    tmp_path: Path, capsys: Any
) -> None:
    """At the caps (a £1bn seat a month, £1bn an absorbed hour, 100,000 h/wk of MarOps's own
    work, a £1bn agent) every figure of ``mocmo summary --json`` is a finite number: strict
    JSON (no NaN, no Infinity) and the AI running cost at least 12 × £1bn (one seat a year)."""
    import json
    import math

    data = _data()
    ai = data["assumptions"]["ai_costs"]
    ai.update(licence_per_user_month=1_000_000_000, usage_per_absorbed_hour=1_000_000_000)
    data["assumptions"]["staffing"]["marops_own_hours_per_week"] = 100_000
    data["agents"][0]["running_cost"] = 1_000_000_000
    file = tmp_path / "plan.yaml"
    save_plan(parse_plan(data), file)
    capsys.readouterr()
    assert cli.main(["summary", str(file), "--json"]) == 0
    text = capsys.readouterr().out

    def strict(constant: str) -> None:
        raise AssertionError(f"summary printed {constant}")

    figures = json.loads(text, parse_constant=strict)
    numbers = [v for v in figures.values() if isinstance(v, (int, float))]
    assert numbers and all(math.isfinite(v) for v in numbers)
    assert figures["ai_run_cost_annual"] >= 12 * 1_000_000_000
    # the workbook of the same plan holds no NaN or infinite number either
    book = load_workbook(write_workbook(parse_plan(data), tmp_path / "caps.xlsx"))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, float):
                    assert math.isfinite(cell.value), (sheet.title, cell.coordinate)


def test_zero_means_zero_and_a_typed_percent_reads_back_as_typed(tmp_path: Path) -> None:
    """0 in the seat price, MarOps's own hours and the fixed GTM headcount is taken as 0 (never
    a default; a fixed 0 is flagged red, below the one owner, and cannot be saved); "4.5%"
    saves 0.045; 25 in the share box shows 25% again after the plan is saved and reopened."""
    session = _session(tmp_path)
    whole, staffing = WholeCostSection(session), StaffingSection(session)
    _type(whole.fields["licence"], "0")
    _type(staffing.fields["marops_own_hours"], "0")
    _type(staffing.fields["gtm_fixed"], "0")
    _type(whole.fields["pay_rate"], "4.5%")
    _type(whole.fields["licensed_share"], "25")
    plan = session.plan
    assert plan.assumptions.ai_costs.licence_per_user_month == 0
    assert plan.assumptions.staffing.marops_own_hours_per_week == 0
    assert plan.assumptions.staffing.gtm.fixed_fte == 0
    assert plan.assumptions.pay_review.rate == pytest.approx(0.045)
    assert "you entered 0 FTE" in html.unescape(staffing.flags.value)
    assert not session.save().ok  # a fixed 0 below the one owner cannot be saved
    _type(staffing.fields["gtm_fixed"], "")
    assert session.save().ok
    again = WholeCostSection(PlanSession(session.path))
    assert again.fields["licensed_share"].text.value == "25%"
    assert again.session.plan.assumptions.ai_costs.licence_per_user_month == 0
