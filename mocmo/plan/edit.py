"""New plans from old: :func:`with_value` and :func:`with_changes` set fields by their path
(``legacy_roles[2].activities[1].share``) and validate the result; a plan never changes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from mocmo.plan.io import parse_plan
from mocmo.plan.models import Plan

# --------------------------------------------------------------------------- new plans from old


_PATH_PART = re.compile(r"([A-Za-z_]\w*)|\[(\d+)\]")


def _parse_path(path: str) -> list[str | int]:
    parts: list[str | int] = []
    pos = 0
    for m in _PATH_PART.finditer(path):
        if m.start() != pos and path[pos : m.start()] != ".":
            raise KeyError(f"bad path {path!r}")
        parts.append(m.group(1) if m.group(1) is not None else int(m.group(2)))
        pos = m.end()
    if pos != len(path):
        raise KeyError(f"bad path {path!r}")
    return parts


def with_value(plan: Plan, path: str, value: Any) -> Plan:
    """A new validated plan with the field at ``path`` set, e.g.
    ``with_value(plan, "legacy_roles[2].activities[1].destination", "ai")``.

    Raises :class:`PlanError` if the result is invalid; ``plan`` itself never changes.
    """
    return with_changes(plan, {path: value})


def with_changes(plan: Plan, changes: Mapping[str, Any]) -> Plan:
    """A new validated plan with every ``path: value`` in ``changes`` applied."""
    data: Any = plan.model_dump(mode="json")
    for path, value in changes.items():
        parts = _parse_path(path)
        node = data
        last = parts[-1]
        try:
            for part in parts[:-1]:
                node = node[part]
            if isinstance(last, int):
                node[last]  # an index past the end is an error, not an append
        except (KeyError, IndexError, TypeError):
            raise KeyError(f"{path!r}: the plan has no field at this path") from None
        if isinstance(value, BaseModel):
            value = value.model_dump(mode="json")
        elif isinstance(value, tuple | list):
            value = [v.model_dump(mode="json") if isinstance(v, BaseModel) else v for v in value]
        node[last] = value
    return parse_plan(data)
