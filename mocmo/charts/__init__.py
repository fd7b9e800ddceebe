"""Altair charts of a plan's results: one module per step, common helpers in :mod:`core`.

Chart builders take computed results (DataFrames, dataclasses) and return ``alt.Chart`` objects;
they never compute a business number themselves. Import this package only where a chart is made:
Altair is slow to import.
"""

__all__: list[str] = []  # the step modules are imported by name (mocmo.charts.costing …)
