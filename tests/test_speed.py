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
        with_value(plan, "hires[0].month", plan.hires[0].month + 1),
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
                fresh = builder.__wrapped__(plan)  # type: ignore[attr-defined]
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
