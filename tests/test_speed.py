"""Speed mechanisms keep behaviour: remembered charts, charts not redrawn when unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import pytest

from mocmo import defaults
from mocmo.charts.core import remember_chart
from mocmo.ui.core import ChartBox, PlanSession
from mocmo.ui.reshape import RoleReshapePanel


def _counting_builder() -> tuple[Any, list[int]]:
    """A remembered bar-chart builder and the list it appends to on every real build."""
    built: list[int] = []

    @remember_chart
    def bars(data: pd.DataFrame, title: str = "") -> alt.Chart:
        built.append(1)
        return alt.Chart(data).mark_bar().encode(x="n:Q", y="name:N").properties(title=title)

    return bars, built


def test_remembered_builder_returns_the_same_chart_for_equal_data() -> None:
    """Two different frames with the same values give the very same chart, built once."""
    bars, built = _counting_builder()
    first = bars(pd.DataFrame({"name": ["a", "b"], "n": [1.0, 2.0]}), title="T")
    second = bars(pd.DataFrame({"name": ["a", "b"], "n": [1.0, 2.0]}), title="T")
    assert second is first
    assert built == [1]


def test_remembered_builder_builds_again_when_any_input_changes() -> None:
    """A changed value, column or keyword argument builds a new chart with the new data."""
    bars, built = _counting_builder()
    base = bars(pd.DataFrame({"name": ["a", "b"], "n": [1.0, 2.0]}), title="T")
    changed = bars(pd.DataFrame({"name": ["a", "b"], "n": [1.0, 2.5]}), title="T")
    retitled = bars(pd.DataFrame({"name": ["a", "b"], "n": [1.0, 2.0]}), title="U")
    assert changed is not base and retitled is not base
    assert len(built) == 3
    values = next(iter(changed.to_dict()["datasets"].values()))
    assert [row["n"] for row in values] == [1.0, 2.5]


def test_inputs_without_comparable_content_build_every_time() -> None:
    """An input that cannot be compared by content (a plain object) is never served from memory."""
    built: list[int] = []

    @remember_chart
    def chart(thing: object) -> alt.Chart:
        built.append(1)
        return alt.Chart(pd.DataFrame({"x": [1]})).mark_point()

    token = object()
    assert chart(token) is not chart(token)
    assert built == [1, 1]


def test_chart_box_does_not_display_the_same_chart_twice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Drawing the chart already shown sends nothing; a different chart is displayed."""
    import types

    shown: list[Any] = []
    kernel_shell = types.SimpleNamespace(kernel=object(), get_parent=lambda: None)
    monkeypatch.setattr("IPython.get_ipython", lambda: kernel_shell)
    monkeypatch.setattr("IPython.display.display", lambda obj, **_kw: shown.append(obj))
    monkeypatch.setattr(ChartBox, "append_display_data", lambda _self, obj: shown.append(obj))
    box = ChartBox()
    one = alt.Chart(pd.DataFrame({"x": [1]})).mark_point()
    two = alt.Chart(pd.DataFrame({"x": [2]})).mark_point()
    box.draw(one)
    box.draw(one)
    box.draw(two)
    assert len(shown) == 2 and shown[0] is one and shown[1] is two
    assert box.chart is two


def test_reshape_edit_keeps_the_charts_it_cannot_change(tmp_path: Path) -> None:
    """Moving an activity to AI redraws the hours chart but keeps the Hand-Off Tax and
    workflow charts (they depend only on the workflows) as the same objects."""
    path = tmp_path / "plan.yaml"
    shutil.copyfile(defaults.example_path(), path)
    panel = RoleReshapePanel(PlanSession(path))
    panel.select("Content")
    hours, tax, workflow = (panel.hours_box.chart, panel.tax_box.chart, panel.workflow_box.chart)
    panel.move("Editing and fact-checking", "ai")
    assert panel.hours_box.chart is not hours
    assert panel.tax_box.chart is tax
    assert panel.workflow_box.chart is workflow


# --------------------------------------------------------------------------- per-plan memory


def test_remembered_plan_figures_follow_every_edit() -> None:
    """A remembered function answers for each plan object: an edited plan gets its own
    figures (Content's 5 people: 5 × 37.5 = 187.5 h/wk; moving its 12% editing activity
    from stays to AI takes 22.5 h/wk away from what stays)."""
    from mocmo import reshape as rs
    from mocmo.plan import with_value

    plan = defaults.load_example()
    content = next(i for i, r in enumerate(plan.legacy_roles) if r.name == "Content")
    role = plan.legacy_roles[content]
    act = next(i for i, a in enumerate(role.activities) if a.name == "Editing and fact-checking")
    stays_before = rs.role_destination_hours(role, plan.assumptions)["stays"]
    edited = with_value(plan, f"legacy_roles[{content}].activities[{act}].destination", "ai")
    stays_after = rs.role_destination_hours(edited.legacy_roles[content], edited.assumptions)
    assert stays_before - stays_after["stays"] == pytest.approx(22.5)
    assert rs.role_destination_hours(role, plan.assumptions)["stays"] == stays_before


def test_remembered_results_are_copies_the_caller_may_change() -> None:
    """Changing a remembered frame or dict does not change what the next caller gets."""
    from mocmo import migration, reshape

    plan = defaults.load_example()
    table = migration.monthly(plan)
    first_total = float(table["total_cost"].iloc[0])
    table["total_cost"] = 0.0
    assert float(migration.monthly(plan)["total_cost"].iloc[0]) == first_total
    fte = reshape.custodian_fte(plan)
    fte["Content"] = 99.0
    assert reshape.custodian_fte(plan)["Content"] != 99.0


def test_memory_of_a_plan_goes_with_the_plan() -> None:
    """Once a plan object is gone, nothing is kept for it."""
    import gc

    from mocmo import migration

    gc.collect()  # plans other tests left in reference cycles go first
    before = migration.monthly.cache_size()  # type: ignore[attr-defined]
    plan = defaults.load_example().model_copy(deep=True)
    migration.monthly(plan)
    assert migration.monthly.cache_size() == before + 1  # type: ignore[attr-defined]
    del plan
    gc.collect()
    assert migration.monthly.cache_size() == before  # type: ignore[attr-defined]


def _migration_variants() -> list[Any]:
    """The example and edits of it that move phases, hires, transitions, launches and the
    start month (each a different plan object)."""
    from mocmo.plan import with_value

    plan = defaults.load_example()
    return [
        plan,
        with_value(plan, "phases[1].months", plan.phases[1].months + 1),
        with_value(plan, "hires[3].month", plan.hires[3].month + 1),  # the Head of GTM
        with_value(plan, "legacy_roles[0].transition_month", 9),
        with_value(plan, "audiences[0].launch_month", 7),
        with_value(plan, "meta.start_month", "2027-03-01"),
        with_value(plan, "workflows[0].name", "Renamed workflow"),
    ]


def test_remembered_migration_charts_are_the_charts_a_fresh_build_draws() -> None:
    """For every edited plan the remembered Gantt, headcount and cost charts have exactly the
    spec that building them from that plan gives (nothing the chart shows is left out of what
    is compared)."""
    from mocmo.charts import migration as mc

    for _round in range(2):  # the second round is served from memory
        for plan in _migration_variants():
            for builder in (mc.gantt_chart, mc.headcount_chart, mc.cost_chart):
                fresh = builder.__wrapped__(plan)
                assert builder(plan).to_dict() == fresh.to_dict()


def test_migration_edit_redraws_only_the_charts_it_changes() -> None:
    """Renaming a workflow changes no chart; making a phase longer changes the Gantt only;
    moving a hire changes the cost chart."""
    from mocmo.charts import migration as mc

    plan, longer, hire_moved, *_rest, renamed = _migration_variants()
    gantt, headcount, cost = mc.migration_charts(plan)
    again = mc.migration_charts(renamed)
    assert again[0] is gantt and again[1] is headcount and again[2] is cost
    g2, h2, c2 = mc.migration_charts(longer)
    assert g2 is not gantt and h2 is headcount and c2 is cost
    assert mc.cost_chart(hire_moved) is not cost


# --------------------------------------------------------------------------- Monte Carlo


def _straddling_plan() -> Any:
    """The 300-person synthetic plan with the NI threshold and both pension limits moved inside
    its salary bands (£32,000–£130,000), so that many bands straddle one kink of the loaded
    cost, some two or three, and some none."""
    from mocmo.plan import with_value
    from mocmo.synthetic import synthetic_plan

    plan = synthetic_plan(300, 30, 18)
    plan = with_value(plan, "assumptions.on_costs.ni_threshold", 45_000.0)
    plan = with_value(plan, "assumptions.on_costs.pension_lower", 40_000.0)
    return with_value(plan, "assumptions.on_costs.pension_upper", 70_000.0)


def _salary_by_salary(plan: Any, draws: int, seed: int) -> dict[str, Any]:
    """The Monte Carlo's totals the long way: the same uniform numbers (the generator filling
    a lines × draws array row by row), the triangular inverse CDF with ``np.where``, and every
    salary's loaded cost and fee from the person formulas. Today's people (lines with legacy or
    replaced heads) are paid their plan salary in every draw: known facts are not varied."""
    import numpy as np

    from mocmo import costing
    from mocmo.costing.people import loaded_cost, recruitment_fee

    lines = costing.cost_lines(plan)
    oc = plan.assumptions.on_costs
    u = np.random.default_rng(seed).random((len(lines), draws))
    low = np.array([[ln.band.low] for ln in lines])
    high = np.array([[ln.band.high] for ln in lines])
    mode = low + (high - low) * np.array([[ln.point] for ln in lines])
    width = high - low
    split = np.divide(mode - low, width, out=np.zeros_like(width), where=width > 0)
    left = u < split
    root = np.sqrt(np.where(left, u * (mode - low), (1 - u) * (high - mode)) * width)
    salary = np.where(left, low + root, high - root)
    known = np.array([[ln.legacy_heads > 0 or ln.replaced_heads > 0] for ln in lines])
    salary = np.where(known, mode, salary)
    cost = loaded_cost(salary, oc)

    def total(field: str) -> Any:
        return np.array([getattr(ln, field) for ln in lines]) @ cost

    fees = np.array([ln.hires for ln in lines]) @ recruitment_fee(salary, oc)
    return {
        "legacy_org_cost": total("legacy_heads"),
        "new_org_cost": total("new_heads"),
        "marops_cost": total("marops_heads"),
        "replaced_cost": total("replaced_heads"),
        "recruitment_fees": fees,
    }


def test_monte_carlo_totals_are_the_salary_by_salary_totals() -> None:
    """Costing each band once (a straight line between the on-cost thresholds, plus the kinks
    inside it) gives every draw's totals as costing each drawn salary one by one does, on bands
    that straddle the NI threshold and the pension limits (1e-12 relative)."""
    import numpy as np

    from mocmo import costing

    plan = _straddling_plan()
    sim = costing.simulate(plan, draws=400, seed=5)
    long_way = _salary_by_salary(plan, draws=400, seed=5)
    for name, values in long_way.items():
        np.testing.assert_allclose(sim.values[name], values, rtol=1e-12, err_msg=name)
    assert long_way["recruitment_fees"].max() > 0  # the fees are not all zero


def test_monte_carlo_costs_bands_not_salaries(monkeypatch: pytest.MonkeyPatch) -> None:
    """The work of the Monte Carlo's costing grows with the number of lines, not lines ×
    draws: the loaded-cost formula is evaluated on a handful of salaries per line (band ends,
    probes), whatever the number of draws (costing salary by salary evaluates it on lines ×
    draws = 87 × 2,000 = 174,000 salaries here)."""
    from mocmo import costing
    from mocmo.costing import montecarlo, org, people

    evaluated: list[int] = []

    def counting(salary: Any, on_costs: Any) -> Any:
        import numpy as np

        evaluated.append(int(np.size(salary)))
        return people.loaded_cost(salary, on_costs)

    plan = _straddling_plan()
    lines = len(costing.cost_lines(plan))
    monkeypatch.setattr(montecarlo, "loaded_cost", counting, raising=False)
    monkeypatch.setattr(org, "loaded_cost", counting)
    costing.simulate(plan, draws=2000, seed=5)
    assert sum(evaluated) <= 16 * lines, (sum(evaluated), lines)


def test_monte_carlo_costs_salary_by_salary_when_the_cost_is_not_piecewise_linear(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Should the loaded cost ever bend between the thresholds (here: + salary² / 10⁶), the
    Monte Carlo notices and costs every salary one by one, so its totals stay right."""
    import numpy as np

    from mocmo import costing
    from mocmo.costing import montecarlo, org, people

    straight = people.loaded_cost

    def bent(salary: Any, on_costs: Any) -> Any:
        return straight(salary, on_costs) + np.asarray(salary) ** 2 / 1e6

    plan = _straddling_plan()
    monkeypatch.setattr(montecarlo, "loaded_cost", bent, raising=False)
    monkeypatch.setattr(org, "loaded_cost", bent)
    monkeypatch.setattr(people, "loaded_cost", bent)
    sim = costing.simulate(plan, draws=300, seed=9)
    long_way = _salary_by_salary(plan, draws=300, seed=9)
    for name in ("legacy_org_cost", "new_org_cost", "marops_cost"):
        np.testing.assert_allclose(sim.values[name], long_way[name], rtol=1e-12, err_msg=name)
