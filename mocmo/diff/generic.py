"""The input diff for any plan field without its own wording: compared field by field, lists
matched by an id field where their items have one."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from mocmo.diff.team import _set_change
from mocmo.diff.words import _HANDLED, Difference, _changed, _plain
from mocmo.plan import (
    Plan,
)

# --------------------------------------------------------------------------- anything else

_ID_FIELDS = ("name", "key", "title", "position", "workflow", "decision", "metric", "layer", "line")


def _item_id(item: Any) -> str | None:
    if isinstance(item, Mapping):
        for field in _ID_FIELDS:
            if isinstance(item.get(field), str):
                return str(item[field])
    return None


def _generic(kind: str, path: str, label: str, old: Any, new: Any) -> Iterator[Difference]:
    """Field-by-field differences of plain data (dicts, lists, values), lists of named items
    matched by name."""
    if old == new:
        return
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key in dict.fromkeys([*old, *new]):
            yield from _generic(
                kind,
                f"{path}.{key}",
                f"{label} · {str(key).replace('_', ' ')}",
                old.get(key),
                new.get(key),
            )
        return
    if isinstance(old, list) and isinstance(new, list):
        old_ids = [_item_id(x) for x in old]
        new_ids = [_item_id(x) for x in new]
        named = (
            all(old_ids)
            and all(new_ids)
            and len(set(old_ids)) == len(old_ids)
            and len(set(new_ids)) == len(new_ids)
        )
        if named:
            for i, (nid, item) in enumerate(zip(new_ids, new, strict=True)):
                if nid not in old_ids:
                    yield Difference(kind, f"{path}[{i}]", f"{label}: added {nid}")
                else:
                    yield from _generic(
                        kind, f"{path}[{i}]", f"{label} · {nid}", old[old_ids.index(nid)], item
                    )
            for i, oid in enumerate(old_ids):
                if oid not in new_ids:
                    yield Difference(kind, f"{path}[{i}]", f"{label}: removed {oid}")
            return
        if all(not isinstance(x, Mapping | list) for x in [*old, *new]):
            yield from _set_change(
                kind, path, f"{label} · item", [_plain(x) for x in old], [_plain(x) for x in new]
            )
            return
    yield Difference(kind, path, _changed(label, _plain(old), _plain(new)))


def _others(a: Plan, b: Plan) -> Iterator[Difference]:
    a_data = a.model_dump(mode="json", exclude={"roster_people"})
    b_data = b.model_dump(mode="json", exclude={"roster_people"})
    yield from _roster_people(a, b)
    for field in type(b).model_fields:
        if field in _HANDLED or field == "roster_people":
            continue
        label = field.replace("_", " ").capitalize()
        yield from _generic(field, field, label, a_data.get(field), b_data.get(field))


def _roster_people(a: Plan, b: Plan) -> Iterator[Difference]:
    """The roster's people differ: said as a count, never a name or a salary (the diff is
    shared with reviewers of the plan; the people stay in the private roster file)."""
    if a.roster_people == b.roster_people:
        return
    before, after = (0 if p.roster_people is None else len(p.roster_people.people) for p in (a, b))
    yield Difference(
        "roster_people",
        "roster_people",
        f"Roster people: {before} → {after} (who and their pay are not shown; the legacy "
        "teams' figures show the effect)",
    )
