"""Names that moved to another module and are still importable from where they were."""

from __future__ import annotations

import importlib
from collections.abc import Callable


def forwarding(module: str, target: str) -> Callable[[str], object]:
    """A module ``__getattr__`` for ``module`` that gives each public name of ``target`` (its
    ``__all__``: the names that moved there) from ``target``, imported on first use so that
    ``target`` may import ``module``; any other name is the usual AttributeError."""

    def __getattr__(name: str) -> object:
        moved = importlib.import_module(target)
        if name in getattr(moved, "__all__", ()):
            return getattr(moved, name)
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return __getattr__
