"""What differs between two plans' inputs, in plain words.

:func:`plan_differences` lists the input differences the way a reviewer reads a pull request of
plan files::

    Product Marketing · Competitive intelligence: stays → AI (oversight 25%)
    Employer National Insurance rate: 15% → 13.8%
    Phase 'Audience waves' moved and lengthened: months 6–9 → months 7–12
    Seats combined: Workflow Architect and Data Steward → 'Workflow Architect & Data Steward'

Lists are matched by name (audiences, roles, activities, seats, phases …), so reordering a list
is not a difference; anything without a dedicated wording is still reported, field by field.
The figures' differences are :mod:`mocmo.compare`'s; ``mocmo diff`` prints this list.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from mocmo.format import fmt_money_full
from mocmo.plan import (
    MAROPS_ROLE_TITLES,
    Activity,
    Assumptions,
    Band,
    Hire,
    LegacyRole,
    MarOpsSeat,
    OnCosts,
    Plan,
    band_fraction,
)

__all__ = ["Difference", "plan_differences"]

_EPS = 1e-9

_OWNER_WORDS = {
    "gtm_marketer": "the GTM Marketer",
    "custodian": "the Craft Custodian",
    "marops": "MarOps",
}

_HOME_WORDS = {"custodian": "Craft Custodians", "marops": "the MarOps team"}
"""Where what stays of a legacy role goes (``LegacyRole.new_home``), in words."""

_HANDLED = frozenset(
    {
        "schema_version",
        "meta",
        "assumptions",
        "products",
        "gtm_team",
        "audiences",
        "legacy_roles",
        "new_roles",
        "marops_roles",
        "marops_seats",
        "replaced_roles",
        "has_cdo",
        "reporting_lines",
        "workflows",
        "horizon_months",
        "phases",
        "hires",
    }
)
"""Plan fields with their own wording; any other field is compared generically."""


@dataclass(frozen=True)
class Difference:
    """One difference between two plans' inputs, in words."""

    kind: str
    """What part of the plan: meta, assumption, product, gtm_team, audience, role, activity,
    workflow, new_roles, marops_role, seat, replaced_role, reporting, inventory, phase, hire,
    or the plan field's name for anything else."""
    path: str
    """Where in plan B (or A, for something removed) it is, e.g. ``legacy_roles[0]``."""
    text: str
    """The difference in plain words."""

    def __str__(self) -> str:
        return self.text


# --------------------------------------------------------------------------- words for values


def _pct(value: float) -> str:
    return f"{round(value * 100, 2):g}%"


def _money(value: float, currency: str) -> str:
    return fmt_money_full(value, currency)


def _band(band: Band | None, currency: str) -> str:
    if band is None:
        return "(the highest of its roles)"
    return f"{_money(band.low, currency)}–{_money(band.high, currency)}"


def _point(point: str | float) -> str:
    if isinstance(point, str):
        return point
    return f"{_pct(band_fraction(point))} up the band"


def _month(value: int | None) -> str:
    return "(none)" if value is None else f"month {value}"


def _listing(items: Iterable[str]) -> str:
    items = list(items)
    return ", ".join(items) if items else "(none)"


def _and(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _plain(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return _listing(_plain(v) for v in value)
    return str(value)


def _changed(label: str, old: str, new: str) -> str:
    return f"{label}: {old} → {new}"


def _by(items: Iterable[Any], key: str) -> dict[str, tuple[int, Any]]:
    """Items by their name (first one wins), with their index."""
    out: dict[str, tuple[int, Any]] = {}
    for i, item in enumerate(items):
        out.setdefault(str(getattr(item, key)), (i, item))
    return out


def _added_removed(
    a_items: Iterable[Any], b_items: Iterable[Any], key: str
) -> tuple[list[tuple[int, Any]], list[tuple[int, Any]], list[_Both]]:
    """(added in B, removed from A, in both as (B index, A item, B item)), by name."""
    a_map, b_map = _by(a_items, key), _by(b_items, key)
    added = [b_map[k] for k in b_map if k not in a_map]
    removed = [a_map[k] for k in a_map if k not in b_map]
    both = [(b_map[k][0], a_map[k][1], b_map[k][1]) for k in b_map if k in a_map]
    return added, removed, both


_Both = tuple[int, Any, Any]
"""An item in both lists: (its index in B, A's item, B's item)."""

_Field = tuple[str, str, Callable[[Any], str]]
"""A field compared by :func:`_field_changes`: (attribute, its words, how a value reads)."""


def _listed(
    kind: str,
    path: str,
    added: Iterable[tuple[int, Any]],
    removed: Iterable[tuple[int, Any]],
    added_words: Callable[[Any], str],
    removed_words: Callable[[Any], str],
) -> Iterator[Difference]:
    """A matched list's items only in B (``added``) and only in A (``removed``), each worded
    at ``path[i]``."""
    for i, item in added:
        yield Difference(kind, f"{path}[{i}]", added_words(item))
    for i, item in removed:
        yield Difference(kind, f"{path}[{i}]", removed_words(item))


_Words = Callable[[Any, str], str]
"""An item of a plan list in words, given the plan's currency."""

_TOP_LEVEL: dict[str, tuple[str, str, _Words, _Words]] = {
    "products": (
        "product",
        "name",
        lambda p, currency: f"Product added: {p.name}",
        lambda p, currency: f"Product removed: {p.name}",
    ),
    "audiences": (
        "audience",
        "name",
        lambda aud, currency: f"Audience added: {aud.name} ({_audience_summary(aud, currency)})",
        lambda aud, currency: f"Audience removed: {aud.name}",
    ),
    "legacy_roles": (
        "role",
        "name",
        lambda role, currency: f"Legacy team added: {role.name} ({role.headcount} people)",
        lambda role, currency: f"Legacy team removed: {role.name}",
    ),
    "marops_roles": (
        "marops_role",
        "key",
        lambda role, currency: f"MarOps role added: {role.title}",
        lambda role, currency: f"MarOps role removed: {role.title}",
    ),
    "replaced_roles": (
        "replaced_role",
        "title",
        lambda role, currency: (
            f"Replaced role added: {role.count} × {role.title} ({_band(role.band, currency)})"
        ),
        lambda role, currency: f"Replaced role removed: {role.title}",
    ),
    "workflows": (
        "inventory",
        "name",
        lambda wf, currency: f"Workflow added to the inventory: {wf.name}",
        lambda wf, currency: f"Workflow removed from the inventory: {wf.name}",
    ),
    "phases": (
        "phase",
        "name",
        lambda ph, currency: f"Phase added: '{ph.name}' ({_months(ph.start_month, ph.months)})",
        lambda ph, currency: f"Phase removed: '{ph.name}'",
    ),
}
"""The plan lists matched by key: field → (kind, key field, words for an item only in B, words
for an item only in A)."""


def _top_level(a: Plan, b: Plan, field: str) -> Generator[Difference, None, list[_Both]]:
    """The items of the plan list ``field`` only in B, then only in A, in words; returns the
    items in both (index in B, A's, B's) for the section to compare."""
    kind, key, added_words, removed_words = _TOP_LEVEL[field]
    added, removed, both = _added_removed(getattr(a, field), getattr(b, field), key)
    currency = b.meta.currency
    yield from _listed(
        kind,
        field,
        added,
        removed,
        lambda item: added_words(item, currency),
        lambda item: removed_words(item, currency),
    )
    return both


def _field_changes(
    kind: str, path: str, label: str, old: Any, new: Any, fields: Iterable[_Field]
) -> Iterator[Difference]:
    """For each of ``fields`` (in order) whose value differs from ``old`` to ``new``: the
    difference ``{label} · {words}: {old value} → {new value}`` at ``{path}.{attribute}``."""
    for field, words, reads in fields:
        o, n = getattr(old, field), getattr(new, field)
        if o != n:
            yield Difference(
                kind, f"{path}.{field}", _changed(f"{label} · {words}", reads(o), reads(n))
            )


# --------------------------------------------------------------------------- sections


def _meta(a: Plan, b: Plan) -> Iterator[Difference]:
    labels = {
        "name": "Plan name",
        "company": "Company",
        "currency": "Currency",
        "start_month": "Month 1 of the migration",
        "description": "Description",
    }
    for field, label in labels.items():
        old, new = getattr(a.meta, field), getattr(b.meta, field)
        if old != new:
            text = (
                f"{label} changed"
                if field == "description"
                else _changed(label, _plain(old), _plain(new))
            )
            yield Difference("meta", f"meta.{field}", text)


def _assumption_words(path: str, value: Any, currency: str) -> str:
    from mocmo.defaults import assumption_parameters

    param = assumption_parameters().get(path)
    unit = param.unit if param is not None else ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _plain(value)
    if unit == "fraction":
        return _pct(float(value))
    if unit.startswith("currency"):
        return _money(float(value), currency)
    if unit.startswith("choice") or not unit:
        return _plain(value)
    return f"{value:g} {unit}"


def _assumption_label(path: str, model: type[Assumptions] | type[OnCosts], field: str) -> str:
    from mocmo.defaults import assumption_parameters

    param = assumption_parameters().get(path)
    if param is not None and param.label:
        return param.label
    description = model.model_fields[field].description
    return (description or field.replace("_", " ")).rstrip(".")


def _assumption_changes(
    prefix: str,
    model: type[Assumptions] | type[OnCosts],
    old: Assumptions | OnCosts,
    new: Assumptions | OnCosts,
    currency: str,
) -> Iterator[Difference]:
    """Each field of ``model`` that differs from ``old`` to ``new``, in the model's order (the
    on-costs where they stand among the assumptions), at ``assumptions.{prefix}{field}``."""
    for field in model.model_fields:
        o, n = getattr(old, field), getattr(new, field)
        if field == "on_costs":
            yield from _assumption_changes("on_costs.", OnCosts, o, n, currency)
        elif o != n:
            path = f"{prefix}{field}"
            yield Difference(
                "assumption",
                f"assumptions.{path}",
                _changed(
                    _assumption_label(path, model, field),
                    _assumption_words(path, o, currency),
                    _assumption_words(path, n, currency),
                ),
            )


def _assumptions(a: Plan, b: Plan) -> Iterator[Difference]:
    yield from _assumption_changes("", Assumptions, a.assumptions, b.assumptions, b.meta.currency)
    if a.horizon_months != b.horizon_months:
        yield Difference(
            "assumption",
            "horizon_months",
            _changed(
                "Months the migration view covers", str(a.horizon_months), str(b.horizon_months)
            ),
        )


def _products(a: Plan, b: Plan) -> Iterator[Difference]:
    both = yield from _top_level(a, b, "products")
    for i, old, new in both:
        if old.description != new.description:
            yield Difference(
                "product", f"products[{i}]", f"Product {new.name} · description changed"
            )
    joined = [n for n in b.gtm_team if n not in a.gtm_team]
    left = [n for n in a.gtm_team if n not in b.gtm_team]
    if joined:
        yield Difference("gtm_team", "gtm_team", f"GTM team: {_and(joined)} added")
    if left:
        yield Difference("gtm_team", "gtm_team", f"GTM team: {_and(left)} removed")


def _audience_summary(aud: Any, currency: str) -> str:
    owner = aud.owner or "no owner yet"
    return f"owner {owner}, pipeline target {_money(aud.pipeline_target, currency)}"


def _audiences(a: Plan, b: Plan) -> Iterator[Difference]:
    cur = b.meta.currency
    both = yield from _top_level(a, b, "audiences")
    for i, old, new in both:
        path = f"audiences[{i}]"
        label = f"Audience {new.name}"
        fields: tuple[_Field, ...] = (
            ("owner", "owner", lambda owner: owner or "(none)"),
            ("pipeline_target", "pipeline target", partial(_money, currency=cur)),
            ("launch_month", "owner starts", _month),
        )
        yield from _field_changes("audience", path, label, old, new, fields)
        segment: tuple[_Field, ...] = (
            ("industry", "industry", str),
            ("company_size", "company size", str),
            ("region", "region", str),
        )
        yield from _field_changes(
            "audience", f"{path}.segment", label, old.segment, new.segment, segment
        )
        if old.icp != new.icp:
            yield Difference("audience", f"{path}.icp", f"{label} · ICP changed")
        yield from _set_change(
            "audience", f"{path}.channels", f"{label} · channel", old.channels, new.channels
        )
        yield from _pains(path, label, old, new)


def _set_change(
    kind: str, path: str, label: str, old: Iterable[str], new: Iterable[str]
) -> Iterator[Difference]:
    old_l, new_l = list(old), list(new)
    added = [x for x in new_l if x not in old_l]
    removed = [x for x in old_l if x not in new_l]
    if added:
        yield Difference(kind, path, f"{label}{'s' if len(added) > 1 else ''} added: {_and(added)}")
    if removed:
        yield Difference(
            kind, path, f"{label}{'s' if len(removed) > 1 else ''} removed: {_and(removed)}"
        )


def _pains(path: str, label: str, old: Any, new: Any) -> Iterator[Difference]:
    added, removed, both = _added_removed(old.pains, new.pains, "name")
    yield from _listed(
        "audience",
        f"{path}.pains",
        added,
        removed,
        lambda pain: f"{label} · pain added: {pain.name}",
        lambda pain: f"{label} · pain removed: {pain.name}",
    )
    for i, o, n in both:
        if o.products != n.products:
            yield Difference(
                "audience",
                f"{path}.pains[{i}].products",
                _changed(
                    f"{label} · products answering '{n.name}'",
                    _listing(o.products),
                    _listing(n.products),
                ),
            )


def _destination(act: Activity) -> str:
    """Where an activity goes, in words: stays, shifts, or AI with its oversight."""
    if act.destination == "stays":
        return "stays"
    if act.destination == "shifts":
        return "shifts"
    owner = (
        "" if act.oversight_owner == "gtm_marketer" else f", by {_OWNER_WORDS[act.oversight_owner]}"
    )
    return f"AI (oversight {_pct(act.oversight)}{owner})"


def _activities(role_path: str, role: LegacyRole, old: LegacyRole) -> Iterator[Difference]:
    added, removed, both = _added_removed(old.activities, role.activities, "name")
    yield from _listed(
        "activity",
        f"{role_path}.activities",
        added,
        removed,
        lambda act: f"{role.name} · {act.name}: added ({_pct(act.share)}, {_destination(act)})",
        lambda act: (
            f"{role.name} · {act.name}: removed (was {_pct(act.share)}, {_destination(act)})"
        ),
    )
    for i, o, n in both:
        path = f"{role_path}.activities[{i}]"
        label = f"{role.name} · {n.name}"
        if o.destination != n.destination:
            yield Difference(
                "activity", f"{path}.destination", _changed(label, _destination(o), _destination(n))
            )
        elif n.destination == "ai":
            if abs(o.oversight - n.oversight) > _EPS:
                yield Difference(
                    "activity",
                    f"{path}.oversight",
                    _changed(f"{label} · oversight", _pct(o.oversight), _pct(n.oversight)),
                )
            owner: _Field = ("oversight_owner", "oversight by", _OWNER_WORDS.__getitem__)
            yield from _field_changes("activity", path, label, o, n, [owner])
        if abs(o.share - n.share) > _EPS:
            yield Difference(
                "activity",
                f"{path}.share",
                _changed(f"{label} · share", _pct(o.share), _pct(n.share)),
            )


def _steps_text(steps: Sequence[Any]) -> str:
    return " → ".join(f"{s.owner} {s.days:g} d" for s in steps)


def _role_workflow(path: str, old: LegacyRole, new: LegacyRole) -> Iterator[Difference]:
    if old.workflow == new.workflow:
        return
    if old.workflow is None or new.workflow is None:
        had = "no workflow" if old.workflow is None else f"workflow '{old.workflow.name}'"
        has = "no workflow" if new.workflow is None else f"workflow '{new.workflow.name}'"
        yield Difference("workflow", f"{path}.workflow", _changed(new.name, had, has))
        return
    label = f"{new.name} · workflow '{new.workflow.name}'"
    if old.workflow.name != new.workflow.name:
        yield Difference(
            "workflow",
            f"{path}.workflow.name",
            _changed(f"{new.name} · workflow name", old.workflow.name, new.workflow.name),
        )
    for version, words in (("legacy", "today"), ("new", "in the new model")):
        o, n = getattr(old.workflow, version), getattr(new.workflow, version)
        if o != n:
            text = f"{label} {words}: {_steps_text(o)}  →  {_steps_text(n)}"
            if _steps_text(o) == _steps_text(n):
                text = f"{label} {words}: step names, waits or rework changed"
            yield Difference("workflow", f"{path}.workflow.{version}", text)


def _roles(a: Plan, b: Plan) -> Iterator[Difference]:
    cur = b.meta.currency
    both = yield from _top_level(a, b, "legacy_roles")
    fields: tuple[_Field, ...] = (
        ("headcount", "headcount", str),
        ("band", "band", partial(_band, currency=cur)),
        ("point", "point in band", _point),
        ("custodian_title", "becomes", lambda title: title or "(untitled)"),
        ("new_home", "what stays goes to", _HOME_WORDS.__getitem__),
        ("transition_month", "changes shape in", _month),
    )
    for i, old, new in both:
        path = f"legacy_roles[{i}]"
        yield from _field_changes("role", path, new.name, old, new, fields)
        yield from _activities(path, new, old)
        yield from _role_workflow(path, old, new)


def _new_roles(a: Plan, b: Plan) -> Iterator[Difference]:
    money_band = partial(_band, currency=b.meta.currency)
    for field, label in (("head_of_gtm", "Head of GTM"), ("gtm_marketer", "GTM Marketer")):
        fields: tuple[_Field, ...] = (
            (field, "band", money_band),
            (f"{field}_point", "point in band", _point),
        )
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
        ("band", "band", partial(_band, currency=b.meta.currency)),
        ("point", "point in band", _point),
        ("hire_month", "starts", _month),
    )
    yield from _field_changes("seat", path, label, old, new, fields)


def _replaced(a: Plan, b: Plan) -> Iterator[Difference]:
    cur = b.meta.currency
    both = yield from _top_level(a, b, "replaced_roles")
    fields: tuple[_Field, ...] = (
        ("count", "count", str),
        ("band", "band", partial(_band, currency=cur)),
        ("point", "point in band", _point),
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
    for i, line in enumerate(b.reporting_lines):
        if new[i] not in old:
            yield Difference(
                "reporting",
                f"reporting_lines[{i}]",
                f"Reporting line added: {line.role} → {line.reports_to} ({line.kind})",
            )
    for i, line in enumerate(a.reporting_lines):
        if old[i] not in new:
            yield Difference(
                "reporting",
                f"reporting_lines[{i}]",
                f"Reporting line removed: {line.role} → {line.reports_to} ({line.kind})",
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


def _months(start: int, months: int) -> str:
    end = start + months - 1
    return f"month {start}" if months == 1 else f"months {start}–{end}"


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
    a_data = a.model_dump(mode="json")
    b_data = b.model_dump(mode="json")
    for field in type(b).model_fields:
        if field in _HANDLED:
            continue
        label = field.replace("_", " ").capitalize()
        yield from _generic(field, field, label, a_data.get(field), b_data.get(field))


# --------------------------------------------------------------------------- all of them


def plan_differences(a: Plan, b: Plan) -> list[Difference]:
    """Every input difference from plan A to plan B, in plain words, in the plan's order:
    meta, assumptions, products and GTM team, audiences, legacy roles and their activities and
    workflows, new roles' bands, MarOps seats, replaced roles, reporting lines, the workflow
    inventory, phases, hires, then anything else. Empty when the plans' inputs are the same."""
    sections = (
        _meta,
        _assumptions,
        _products,
        _audiences,
        _roles,
        _new_roles,
        _seats,
        _replaced,
        _reporting,
        _inventory,
        _phases,
        _hires,
        _others,
    )
    return [d for section in sections for d in section(a, b)]
