"""Names that moved to another module and are still importable from where they were."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable


def forwarding(module: str, target: str, names: Iterable[str]) -> Callable[[str], object]:
    """A module ``__getattr__`` for ``module`` that gives each of ``names`` from ``target``
    (imported on first use, so ``target`` may import ``module``); any other name is the usual
    AttributeError."""
    moved = frozenset(names)

    def __getattr__(name: str) -> object:
        if name in moved:
            return getattr(importlib.import_module(target), name)
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return __getattr__
