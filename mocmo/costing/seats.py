"""Costing: editing seats — the plan changes that combine MarOps roles into one seat or split a
seat back into one seat per role."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mocmo.costing.org import _role_title
from mocmo.plan import (
    MAROPS_ROLE_KEYS,
    Plan,
)

# --------------------------------------------------------------------------- editing seats


def default_seat_name(plan: Plan, keys: Sequence[str]) -> str:
    """The name a seat gets from the roles it holds: their titles joined by " & "."""
    return " & ".join(_role_title(plan, k) for k in MAROPS_ROLE_KEYS if k in keys)


def _unique_name(name: str, taken: set[str]) -> str:
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name} ({n})", n + 1
    return candidate


def _reseat(
    plan: Plan, seats: list[dict[str, Any]], renames: Mapping[str, Sequence[str]]
) -> dict[str, Any]:
    """Plan edits for new MarOps ``seats``; ``renames`` maps an old seat name to the seat
    names that take over its hires (each gets one, once) and workflows (the first)."""
    data = plan.model_dump(mode="json")
    hires: list[dict[str, Any]] = []
    moved: set[str] = set()
    # the earliest hire first, so a seat made of several keeps the hire of the earliest start
    # (its hire month is the earliest too: one hire, one start month)
    for hire in sorted(data["hires"], key=lambda h: (h["position"] not in renames, h["month"])):
        if hire["position"] not in renames:
            hires.append(hire)
            continue
        for target in renames[hire["position"]]:
            if target not in moved:  # two old seats that became one person: one hire
                moved.add(target)
                hires.append({**hire, "position": target})
    hires.sort(key=lambda h: h["month"])
    workflows = []
    for wf in data["workflows"]:
        owners = [renames.get(o, [o])[0] for o in wf["owners"]]
        workflows.append({**wf, "owners": list(dict.fromkeys(owners))})
    return {"marops_seats": seats, "hires": hires, "workflows": workflows}


def combine_roles_changes(plan: Plan, keys: Sequence[str]) -> dict[str, Any]:
    """Plan edits (for :func:`mocmo.plan.with_changes`) that put the MarOps roles ``keys`` in
    one seat — one person. Every seat holding one of them gives it up (a seat left with no
    role goes; a seat named after its roles is renamed after those it keeps); the new seat
    takes the place of the first seat affected and its point, has no band override (so the
    highest of its roles' bands), and a hire month only if every seat it replaces was still to
    be hired (the earliest). Hires and workflow owners of the seats that go move to it."""
    wanted = [k for k in MAROPS_ROLE_KEYS if k in keys]
    if not wanted:
        raise ValueError("choose at least one role to put in the seat")
    data = plan.model_dump(mode="json")["marops_seats"]
    affected = [s for s in data if set(s["roles"]) & set(wanted)]
    out: list[dict[str, Any] | None] = []  # None marks where the new seat goes
    renames: dict[str, list[str]] = {}
    gone: list[str] = []
    for seat in data:
        if seat not in affected:
            out.append(seat)
            continue
        if None not in out:
            out.append(None)
        rest = [k for k in seat["roles"] if k not in wanted]
        if not rest:
            gone.append(seat["name"])
            continue
        named = seat["name"] == default_seat_name(plan, seat["roles"])
        kept = {**seat, "roles": rest}
        if named:
            kept["name"] = default_seat_name(plan, rest)
            renames[seat["name"]] = [kept["name"]]
        out.append(kept)
    if None not in out:
        out.append(None)
    name = _unique_name(default_seat_name(plan, wanted), {s["name"] for s in out if s})
    renames.update({old: [name] for old in gone})
    months = [s["hire_month"] for s in affected]
    new_seat = {
        "name": name,
        "roles": wanted,
        "band": None,
        "point": affected[0]["point"] if affected else "mid",
        "hire_month": None if (not months or None in months) else min(months),
    }
    seats = [s if s is not None else new_seat for s in out]
    return _reseat(plan, seats, renames)


def split_seat_changes(plan: Plan, index: int) -> dict[str, Any]:
    """Plan edits that split seat ``index`` into one seat per role it holds, each named after
    its role, at the seat's point and hire month, with no band override. Its hires are
    repeated for each new seat; its workflows go to the first (most senior) new seat."""
    data = plan.model_dump(mode="json")["marops_seats"]
    seat = data[index]
    others = {s["name"] for i, s in enumerate(data) if i != index}
    new: list[dict[str, Any]] = []
    for key in [k for k in MAROPS_ROLE_KEYS if k in seat["roles"]]:
        name = _unique_name(_role_title(plan, key), others | {s["name"] for s in new})
        new.append({**seat, "name": name, "roles": [key], "band": None})
    seats = [*data[:index], *new, *data[index + 1 :]]
    return _reseat(plan, seats, {seat["name"]: [s["name"] for s in new]})
