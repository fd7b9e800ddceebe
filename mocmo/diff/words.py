"""The input diff's vocabulary: :class:`Difference`, values in words (money, bands, points,
months, lists), and matching two plans' lists by key (added, removed, in both)."""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from mocmo.format import fmt_money_full
from mocmo.plan import (
    Band,
    Plan,
    band_fraction,
)

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


def _pay_fields(currency: str, band: str = "band", point: str = "point") -> tuple[_Field, _Field]:
    """A salary band and the point in it, compared as fields: the attributes ``band`` (its low
    and high in ``currency``) and ``point``."""
    return ((band, "band", partial(_band, currency=currency)), (point, "point in band", _point))


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


def _matched(
    kind: str,
    path: str,
    a_items: Iterable[Any],
    b_items: Iterable[Any],
    key: str,
    added_words: Callable[[Any], str],
    removed_words: Callable[[Any], str],
) -> Generator[Difference, None, list[_Both]]:
    """Two lists matched by ``key``: the items only in B, then only in A, worded at
    ``path[i]`` (:func:`_listed`); returns the items in both for the caller to compare."""
    added, removed, both = _added_removed(a_items, b_items, key)
    yield from _listed(kind, path, added, removed, added_words, removed_words)
    return both


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
    currency = b.meta.currency
    return (
        yield from _matched(
            kind,
            field,
            getattr(a, field),
            getattr(b, field),
            key,
            lambda item: added_words(item, currency),
            lambda item: removed_words(item, currency),
        )
    )


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


def _audience_summary(aud: Any, currency: str) -> str:
    owner = aud.owner or "no owner yet"
    return f"owner {owner}, pipeline target {_money(aud.pipeline_target, currency)}"


def _months(start: int, months: int) -> str:
    end = start + months - 1
    return f"month {start}" if months == 1 else f"months {start}–{end}"
