"""Remembering what a function computed from a frozen plan (or a frozen part of one).

A :class:`~mocmo.plan.Plan` never changes: an edit makes a new plan object. So a pure function
of a plan gives the same answer every time it is asked about the same plan object, and the
steps ask often — the headline, the checks, the sentences and the charts of one page each need
the custodian FTE, the month-by-month migration table, the GTM Marketer load … Functions wrapped
with :func:`cache_by_identity` compute once per plan object and hand out copies afterwards.

The memory is keyed by the identity of the arguments and holds only weak references to them:
an entry disappears with the plan it belongs to, and can never answer for another object that
happens to reuse the address.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd

__all__ = ["cache_by_identity"]

_Fn = TypeVar("_Fn", bound=Callable[..., Any])
_Entry = tuple[tuple["weakref.ref[Any]", ...], Any]


def _fresh(value: Any) -> Any:
    """A copy of a remembered result that the caller may change without touching the memory
    (frames, dicts and lists are copied; tuples, numbers and frozen objects are shared)."""
    kind = type(value)
    if kind is dict:  # the commonest result: checked first, by its exact type
        return dict(value)
    if kind is float or kind is tuple:
        return value
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return value.copy()
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return value


def _forget(store: dict[tuple[int, ...], _Entry], key: tuple[int, ...], dead: Any) -> None:
    """Drop the entry of ``key`` when one of its arguments has died (weakref callback)."""
    entry = store.get(key)
    if entry is not None and any(ref is dead for ref in entry[0]):
        del store[key]


def cache_by_identity(fn: _Fn) -> _Fn:
    """Compute ``fn(*args)`` once per tuple of argument objects (plans, roles, assumptions:
    frozen and weak-referenceable) and return a fresh copy of the result on every call.

    Only for pure functions of their arguments. Calls with keyword arguments, or with an
    argument that cannot be weakly referenced, are not remembered.
    """
    store: dict[tuple[int, ...], _Entry] = {}

    @functools.wraps(fn)
    def remembered(*args: Any, **kwargs: Any) -> Any:
        if kwargs:
            return fn(*args, **kwargs)
        key = tuple(map(id, args))
        entry = store.get(key)
        if entry is not None:
            # Still the same objects? (A plain loop: this runs tens of thousands of times a
            # headline, and a generator per call cost more than the rest of the look-up.)
            for ref, arg in zip(entry[0], args, strict=True):
                if ref() is not arg:
                    break
            else:
                return _fresh(entry[1])
        result = fn(*args)
        try:
            refs = tuple(weakref.ref(arg, functools.partial(_forget, store, key)) for arg in args)
        except TypeError:  # an argument without weak references: nothing to key on safely
            return result
        store[key] = (refs, result)
        return _fresh(result)

    remembered.cache_size = lambda: len(store)  # type: ignore[attr-defined]
    return remembered  # type: ignore[return-value]
