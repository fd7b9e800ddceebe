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
    shown: list[Any] = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **_kw: shown.append(obj))
    box = ChartBox()
    one = alt.Chart(pd.DataFrame({"x": [1]})).mark_point()
    two = alt.Chart(pd.DataFrame({"x": [2]})).mark_point()
    box.draw(one)
    box.draw(one)
    box.draw(two)
    assert shown == [one, two]
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
