"""Altair charts of a plan's results: one module per step, common helpers in :mod:`core`.

Chart builders take computed results (DataFrames, dataclasses) and return ``alt.Chart`` objects;
they never compute a business number themselves. Import this package only where a chart is made:
Altair is slow to import.
"""

from __future__ import annotations

import importlib
import sys

__all__: list[str] = []  # the step modules are imported by name (mocmo.charts.costing …)

_IRI_GRAMMAR = "rfc3987_syntax"


def _import_jsonschema_without_iri_grammar() -> None:
    """Import jsonschema (Altair validates specs with it) without its optional ``iri`` format
    checker, when nothing in this process has imported jsonschema yet.

    jsonschema imports ``rfc3987_syntax`` whenever it is installed (Jupyter's ``jupyter-events``
    installs it), and that module compiles some 35 Earley grammars on import: 2.7–3.1 s on this
    machine, in every process that draws a chart — ``mocmo export``, each page of the app, each
    notebook. No Vega-Lite or mocmo schema uses the ``iri`` formats. The module is hidden only
    while jsonschema is imported (jsonschema skips the checker when the import fails), then
    importable again as usual."""
    if "jsonschema" in sys.modules or _IRI_GRAMMAR in sys.modules:
        return
    sys.modules[_IRI_GRAMMAR] = None  # type: ignore[assignment]  # import fails: checker skipped
    try:
        importlib.import_module("jsonschema")
    finally:
        if sys.modules.get(_IRI_GRAMMAR, ...) is None:
            del sys.modules[_IRI_GRAMMAR]


_import_jsonschema_without_iri_grammar()
