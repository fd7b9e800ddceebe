"""Reading charts in tests through their Vega-Lite spec (``chart.to_dict()``), never pixels."""

from __future__ import annotations

from typing import Any


def dataset_rows(spec: dict[str, Any], column: str) -> list[dict[str, Any]]:
    """The rows of the one inline dataset of ``spec`` that has ``column``."""
    found = [rows for rows in spec["datasets"].values() if rows and column in rows[0]]
    assert len(found) == 1, f"expected one dataset with {column!r}, found {len(found)}"
    return found[0]


def chart_rows(chart: Any, column: str) -> list[dict[str, Any]]:
    """The rows of the one inline dataset of ``chart`` that has ``column``."""
    return dataset_rows(chart.to_dict(), column)
