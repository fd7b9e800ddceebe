"""Sentences and formatted tables for people: what the figures mean, in words.

No number is computed here: every value comes from the calculation modules (the figure
registry, :mod:`mocmo.compare`, the steps) and is only worded and laid out. Submodules:

* :mod:`mocmo.present.compare` — two plans' figures as a text table, a signed difference in
  the figure's unit, the input differences as a list.
* :mod:`mocmo.present.diagnostics` — the calendar, symptoms, maturity and skills in sentences.
* :mod:`mocmo.present.governance` — the agent register, span of control, metrics and budget.
* :mod:`mocmo.present.figures` — the headline figures' glossary (``mocmo figures --markdown``).
* :mod:`mocmo.present.reshape`, :mod:`mocmo.present.costing`, :mod:`mocmo.present.migration` —
  the role-reshape, costing and migration steps' sentences (their old names in the step
  modules still lead here).
"""

from __future__ import annotations

from mocmo.present.compare import describe_delta, format_differences, format_figures

__all__ = ["describe_delta", "format_differences", "format_figures"]
