"""The number rule of a plan field, read from the plan model itself: the lowest and highest
value it allows, whether it must be whole, and the rule in words — so the workbook's data
validation (and anything else that shows a field's limits) says exactly what the plan's
validation enforces, from one home.

:func:`number_rule` walks the model along a plan path (``assumptions.on_costs.employer_ni_rate``,
``phases[2].start_month``, ``marops_roles[0].band.low``) to the field and reads its constraints:
pydantic's ``ge``/``gt``/``le``/``lt``, the field validators of :mod:`mocmo.plan.fields` (each
declares its limits in :data:`VALIDATOR_LIMITS`), and for the transition inputs the limits their
own check uses (:data:`mocmo.transition.assumptions.LIMITS`). Cross-field rules (a band's low
at most its high, a phase after the phases it depends on) stay with the plan's validation.
"""

from __future__ import annotations

import math
import re
import types
import typing
from dataclasses import dataclass
from typing import Any, Union

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

__all__ = ["NumberRule", "allows", "number_rule"]


@dataclass(frozen=True)
class NumberRule:
    """What numbers a field allows."""

    low: float | None
    """The least allowed (None: no lower limit)."""
    high: float | None
    """The most allowed (None: no upper limit)."""
    whole: bool = False
    """Whole numbers only."""
    low_open: bool = False
    """``low`` itself is not allowed (greater than ``low``)."""

    @property
    def words(self) -> str:
        """The rule in words: "a whole number from 1 to 36", "a number greater than 0, at
        most 1,000,000,000", "a fraction from 0 to 1 (0.25 = 25%)"."""
        kind = "a whole number" if self.whole else "a number"
        if self.low == 0 and self.high == 1 and not self.whole and not self.low_open:
            return "a fraction from 0 to 1 (0.25 = 25%)"
        if self.low is not None and self.high is not None and not self.low_open:
            return f"{kind} from {_n(self.low)} to {_n(self.high)}"
        parts = []
        if self.low is not None:
            parts.append(
                f"greater than {_n(self.low)}" if self.low_open else f"{_n(self.low)} or more"
            )
        if self.high is not None:
            parts.append(f"at most {_n(self.high)}")
        return f"{kind} {', '.join(parts)}" if parts else kind

    def merged(self, other: NumberRule) -> NumberRule:
        """Both rules at once (the tighter limit of each side)."""
        low, low_open = self.low, self.low_open
        if other.low is not None and (low is None or other.low > low):
            low, low_open = other.low, other.low_open
        elif other.low is not None and other.low == low:
            low_open = low_open or other.low_open
        highs = [h for h in (self.high, other.high) if h is not None]
        return NumberRule(low, min(highs) if highs else None, self.whole or other.whole, low_open)


def _n(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:g}"


_ANY = NumberRule(None, None)
_INDEX = re.compile(r"^(\w+)(?:\[(\d+)\])?$")


def _from_metadata(items: typing.Iterable[Any]) -> NumberRule:
    from mocmo.plan.fields import VALIDATOR_LIMITS

    rule = _ANY
    for item in items:
        func = getattr(item, "func", None)
        if func is not None:
            found = VALIDATOR_LIMITS.get(func) or getattr(func, "rule", None)
            if isinstance(found, NumberRule):
                rule = rule.merged(found)
        elif isinstance(item, annotated_types.Ge):
            rule = rule.merged(NumberRule(float(item.ge), None))  # type: ignore[arg-type]
        elif isinstance(item, annotated_types.Gt):
            rule = rule.merged(NumberRule(float(item.gt), None, low_open=True))  # type: ignore[arg-type]
        elif isinstance(item, annotated_types.Le):
            rule = rule.merged(NumberRule(None, float(item.le)))  # type: ignore[arg-type]
        elif isinstance(item, annotated_types.Lt):
            rule = rule.merged(NumberRule(None, float(item.lt)))  # type: ignore[arg-type]
    return rule


def _leaf_rule(annotation: Any, info: FieldInfo | None) -> NumberRule | None:
    """The rule of a number field's annotation (and its FieldInfo's metadata), or None when the
    field is not a number."""
    rule = _from_metadata(info.metadata) if info is not None else _ANY
    whole = False
    is_number = False
    stack = [annotation]
    while stack:
        hint = stack.pop()
        origin = typing.get_origin(hint)
        if origin is typing.Annotated:
            base, *extra = typing.get_args(hint)
            rule = rule.merged(_from_metadata(extra))
            stack.append(base)
        elif origin in (Union, types.UnionType):
            stack.extend(a for a in typing.get_args(hint) if a is not type(None))
        elif hint is int:
            is_number, whole = True, True
        elif hint is float:
            is_number = True
    if not is_number:
        return None
    return NumberRule(rule.low, rule.high, rule.whole or whole, rule.low_open)


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The model class inside ``annotation`` (through Optional, tuples and lists)."""
    stack = [annotation]
    while stack:
        hint = stack.pop()
        if isinstance(hint, type) and issubclass(hint, BaseModel):
            return hint
        stack.extend(typing.get_args(hint))
    return None


def number_rule(path: str) -> NumberRule | None:
    """The number rule of the plan field at ``path`` (None: not a number field, or no such
    path)."""
    from mocmo.plan.models import Plan

    parts = path.split(".")
    if parts[:2] == ["assumptions", "transition"] and len(parts) == 3:
        from mocmo.transition.assumptions import LIMITS

        limits = LIMITS.get(parts[2])
        return None if limits is None else NumberRule(limits[0], limits[1], limits[2])
    model: type[BaseModel] | None = Plan
    for i, part in enumerate(parts):
        match = _INDEX.match(part)
        if match is None or model is None:
            return None
        info = model.model_fields.get(match[1])
        if info is None:
            return None
        if i == len(parts) - 1:
            return _leaf_rule(info.annotation, info)
        model = _model_of(info.annotation)
    return None


def allows(rule: NumberRule, value: float) -> bool:
    """Whether ``value`` keeps ``rule`` (for tests and callers checking a typed number)."""
    if not math.isfinite(value) or (rule.whole and value != int(value)):
        return False
    if rule.low is not None and (value < rule.low or (rule.low_open and value == rule.low)):
        return False
    return rule.high is None or value <= rule.high
