"""The input diff, sections about the new org and the migration: new roles, MarOps roles and
seats, replaced roles, reporting lines, the workflow inventory, phases and hires."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import partial

from mocmo.diff.team import _set_change
from mocmo.diff.words import (
    Difference,
    _added_removed,
    _and,
    _band,
    _changed,
    _Field,
    _field_changes,
    _listed,
    _listing,
    _month,
    _months,
    _pay_fields,
    _plain,
    _top_level,
)
from mocmo.plan import (
    MAROPS_ROLE_TITLES,
    Hire,
    MarOpsSeat,
    Plan,
)


def _new_roles(a: Plan, b: Plan) -> Iterator[Difference]:
    money_band = partial(_band, currency=b.meta.currency)
    for field, label in (("head_of_gtm", "Head of GTM"), ("gtm_marketer", "GTM Marketer")):
        fields = _pay_fields(b.meta.currency, field, f"{field}_point")
        yield from _field_changes("new_roles", "new_roles", label, a.new_roles, b.new_roles, fields)
    both = yield from _top_level(a, b, "marops_roles")
    for i, o, n in both:
        yield from _field_changes(
            "marops_role", f"marops_roles[{i}]", n.title, o, n, [("band", "band", money_band)]
        )
        if o.title != n.title:
            yield Difference(
                "marops_role", f"marops_roles[{i}].title", _changed("MarOps role", o.title, n.title)
            )


def _role_titles(plan: Plan, keys: Iterable[str]) -> list[str]:
    titles: dict[str, str] = {**MAROPS_ROLE_TITLES, **{r.key: r.title for r in plan.marops_roles}}
    return [titles.get(k, k) for k in keys]


def _holders(plan: Plan) -> dict[str, set[str]]:
    """MarOps role key → names of the seats that hold it."""
    out: dict[str, set[str]] = {}
    for seat in plan.marops_seats:
        for key in seat.roles:
            out.setdefault(key, set()).add(seat.name)
    return out


def _seats(a: Plan, b: Plan) -> Iterator[Difference]:
    cur = b.meta.currency
    a_holders, b_holders = _holders(a), _holders(b)
    a_names = {s.name for s in a.marops_seats}
    b_names = {s.name for s in b.marops_seats}
    explained_a: set[str] = set()
    explained_b: set[str] = set()
    # Combined: one seat in B holding roles that two or more seats held in A.
    for i, seat in enumerate(b.marops_seats):
        before = sorted({n for k in seat.roles for n in a_holders.get(k, set())})
        if len(before) >= 2 and not _one_seat_held(a, seat.roles):
            roles = " + ".join(_role_titles(b, seat.roles))
            yield Difference(
                "seat",
                f"marops_seats[{i}]",
                f"Seats combined: {_and([repr(n) for n in before])} → one seat '{seat.name}' "
                f"({roles})",
            )
            explained_b.add(seat.name)
            explained_a.update(n for n in before if n not in b_names or n == seat.name)
    # Split: one seat in A whose roles two or more seats hold in B.
    for i, seat in enumerate(a.marops_seats):
        after = sorted({n for k in seat.roles for n in b_holders.get(k, set())})
        split = len(after) >= 2 and not _one_seat_held(b, seat.roles)
        if split and seat.name not in explained_a:
            yield Difference(
                "seat",
                f"marops_seats[{i}]",
                f"Seat split: '{seat.name}' → {_and([repr(n) for n in after])}",
            )
            explained_a.add(seat.name)
            explained_b.update(n for n in after if n not in a_names or n == seat.name)
    added, removed, both = _added_removed(a.marops_seats, b.marops_seats, "name")
    for i, seat in added:
        if seat.name not in explained_b:
            yield Difference(
                "seat", f"marops_seats[{i}]", f"Seat added: {_seat_words(b, seat, cur)}"
            )
    for i, seat in removed:
        if seat.name not in explained_a:
            yield Difference("seat", f"marops_seats[{i}]", f"Seat removed: '{seat.name}'")
    for i, old, new in both:
        explained = old.name in explained_a or old.name in explained_b
        yield from _seat_changes(a, b, i, old, new, roles_explained=explained)


def _one_seat_held(plan: Plan, roles: Iterable[str]) -> bool:
    """True when one seat of ``plan`` holds every one of ``roles``."""
    wanted = set(roles)
    return any(wanted <= set(s.roles) for s in plan.marops_seats)


def _seat_words(plan: Plan, seat: MarOpsSeat, currency: str) -> str:
    roles = " + ".join(_role_titles(plan, seat.roles))
    hire = f", hired in month {seat.hire_month}" if seat.hire_month is not None else ""
    return f"'{seat.name}' ({roles}, band {_band(plan.seat_band(seat), currency)}{hire})"


def _seat_changes(
    a: Plan, b: Plan, i: int, old: MarOpsSeat, new: MarOpsSeat, *, roles_explained: bool
) -> Iterator[Difference]:
    path = f"marops_seats[{i}]"
    label = f"Seat '{new.name}'"
    if set(old.roles) != set(new.roles) and not roles_explained:
        yield Difference(
            "seat",
            f"{path}.roles",
            _changed(
                f"{label} · roles",
                " + ".join(_role_titles(a, old.roles)),
                " + ".join(_role_titles(b, new.roles)),
            ),
        )
    fields: tuple[_Field, ...] = (
        *_pay_fields(b.meta.currency),
        ("hire_month", "starts", _month),
    )
    yield from _field_changes("seat", path, label, old, new, fields)


def _replaced(a: Plan, b: Plan) -> Iterator[Difference]:
    cur = b.meta.currency
    both = yield from _top_level(a, b, "replaced_roles")
    fields: tuple[_Field, ...] = (
        ("count", "count", str),
        *_pay_fields(cur),
        ("leaves_month", "leaves in", _month),
    )
    for i, o, n in both:
        yield from _field_changes(
            "replaced_role", f"replaced_roles[{i}]", f"Replaced role {n.title}", o, n, fields
        )


def _reporting(a: Plan, b: Plan) -> Iterator[Difference]:
    if a.has_cdo != b.has_cdo:
        yield Difference(
            "reporting",
            "has_cdo",
            _changed("The company has a CDO", _plain(a.has_cdo), _plain(b.has_cdo)),
        )
    old = [(r.role, r.reports_to, r.kind) for r in a.reporting_lines]
    new = [(r.role, r.reports_to, r.kind) for r in b.reporting_lines]
    yield from _listed(
        "reporting",
        "reporting_lines",
        [(i, line) for i, line in enumerate(b.reporting_lines) if new[i] not in old],
        [(i, line) for i, line in enumerate(a.reporting_lines) if old[i] not in new],
        lambda line: f"Reporting line added: {line.role} → {line.reports_to} ({line.kind})",
        lambda line: f"Reporting line removed: {line.role} → {line.reports_to} ({line.kind})",
    )


def _inventory(a: Plan, b: Plan) -> Iterator[Difference]:
    both = yield from _top_level(a, b, "workflows")
    fields: tuple[_Field, ...] = (
        ("owners", "owner", _listing),
        ("top", "one of the top workflows", _plain),
        ("buyer_facing", "buyer-facing", _plain),
    )
    for i, o, n in both:
        path = f"workflows[{i}]"
        label = f"Workflow {n.name}"
        yield from _field_changes("inventory", path, label, o, n, fields)
        for field in ("platforms", "roles", "decisions"):
            yield from _set_change(
                "inventory",
                f"{path}.{field}",
                f"{label} · {field[:-1]}",
                getattr(o, field),
                getattr(n, field),
            )


def _phases(a: Plan, b: Plan) -> Iterator[Difference]:
    both = yield from _top_level(a, b, "phases")
    for i, o, n in both:
        path = f"phases[{i}]"
        verbs = []
        if o.start_month != n.start_month:
            verbs.append("moved")
        if n.months > o.months:
            verbs.append("lengthened")
        elif n.months < o.months:
            verbs.append("shortened")
        if verbs:
            field = "start_month" if o.start_month != n.start_month else "months"
            yield Difference(
                "phase",
                f"{path}.{field}",
                _changed(
                    f"Phase '{n.name}' {' and '.join(verbs)}",
                    _months(o.start_month, o.months),
                    _months(n.start_month, n.months),
                ),
            )
        if set(o.depends_on) != set(n.depends_on):
            yield Difference(
                "phase",
                f"{path}.depends_on",
                _changed(
                    f"Phase '{n.name}' · depends on",
                    _listing(o.depends_on),
                    _listing(n.depends_on),
                ),
            )
        if o.description != n.description:
            yield Difference(
                "phase", f"{path}.description", f"Phase '{n.name}' · description changed"
            )


def _hire_words(hire: Hire) -> str:
    who = f"{hire.count} × {hire.position}" if hire.count != 1 else hire.position
    phase = f", for '{hire.phase}'" if hire.phase else ""
    return f"{who} starting in month {hire.month} ({hire.lead_time_months}-month lead time{phase})"


def _keyed_hires(hires: Sequence[Hire]) -> dict[str, tuple[int, Hire]]:
    """Hires keyed by position and occurrence: 'GTM Marketer', 'GTM Marketer #2' …"""
    seen: dict[str, int] = {}
    out: dict[str, tuple[int, Hire]] = {}
    for i, hire in enumerate(hires):
        seen[hire.position] = seen.get(hire.position, 0) + 1
        n = seen[hire.position]
        out[hire.position if n == 1 else f"{hire.position} #{n}"] = (i, hire)
    return out


def _hires(a: Plan, b: Plan) -> Iterator[Difference]:
    old, new = _keyed_hires(a.hires), _keyed_hires(b.hires)
    fields: tuple[_Field, ...] = (
        ("month", "starts", _month),
        ("lead_time_months", "lead time", lambda months: f"{months} months"),
        ("count", "count", str),
        ("phase", "phase", _plain),
    )
    for key, (i, hire) in new.items():
        if key not in old:
            yield Difference("hire", f"hires[{i}]", f"Hire added: {_hire_words(hire)}")
    for key, (i, hire) in old.items():
        if key not in new:
            yield Difference("hire", f"hires[{i}]", f"Hire removed: {_hire_words(hire)}")
    for key, (i, n) in new.items():
        if key not in old:
            continue
        yield from _field_changes("hire", f"hires[{i}]", f"Hire of {key}", old[key][1], n, fields)
