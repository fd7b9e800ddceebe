"""The chart catalog lists its own step modules plainly, not by looking them up."""

from __future__ import annotations

import importlib.util

import pytest

from mocmo.charts.catalog import chart_steps


def test_chart_steps_do_not_depend_on_module_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every step's chart module is listed, in step order, even when importlib's find_spec
    finds nothing: they are the package's own modules and always exist."""
    monkeypatch.setattr(importlib.util, "find_spec", lambda *args, **kwargs: None)
    assert chart_steps() == [
        "mocmo.charts.diagnostics",
        "mocmo.charts.audiences",
        "mocmo.charts.reshape",
        "mocmo.charts.orgchart",
        "mocmo.charts.costing",
        "mocmo.charts.migration",
        "mocmo.charts.governance",
    ]
