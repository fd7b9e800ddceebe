"""The input diff, sections about the team today: meta, assumptions, products and the GTM team,
audiences and their pains, legacy roles with their activities and workflows."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from typing import Any

from pydantic import BaseModel

from mocmo.diff.words import (
    _EPS,
    _HOME_WORDS,
    _OWNER_WORDS,
    Difference,
    _and,
    _changed,
    _Field,
    _field_changes,
    _listing,
    _matched,
    _money,
    _month,
    _pay_fields,
    _pct,
    _plain,
    _top_level,
)
from mocmo.plan import (
    Activity,
    Assumptions,
    LegacyRole,
    Plan,
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


def _assumption_label(path: str, model: type[BaseModel], field: str) -> str:
    from mocmo.defaults import assumption_parameters

    param = assumption_parameters().get(path)
    if param is not None and param.label:
        return param.label
    description = model.model_fields[field].description
    return (description or field.replace("_", " ")).rstrip(".")


def _assumption_changes(
    prefix: str,
    model: type[BaseModel],
    old: BaseModel,
    new: BaseModel,
    currency: str,
) -> Iterator[Difference]:
    """Each field of ``model`` that differs from ``old`` to ``new``, in the model's order (a
    nested section — the on-costs, AI costs, pay review, staffing — field by field where it
    stands among the assumptions), at ``assumptions.{prefix}{field}``."""
    for field in model.model_fields:
        o, n = getattr(old, field), getattr(new, field)
        if isinstance(o, BaseModel) and isinstance(n, BaseModel):
            yield from _assumption_changes(f"{prefix}{field}.", type(o), o, n, currency)
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
    both = yield from _matched(
        "audience",
        f"{path}.pains",
        old.pains,
        new.pains,
        "name",
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
    both = yield from _matched(
        "activity",
        f"{role_path}.activities",
        old.activities,
        role.activities,
        "name",
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
        *_pay_fields(cur),
        ("custodian_title", "becomes", lambda title: title or "(untitled)"),
        ("new_home", "what stays goes to", _HOME_WORDS.__getitem__),
        ("transition_month", "changes shape in", _month),
    )
    for i, old, new in both:
        path = f"legacy_roles[{i}]"
        yield from _field_changes("role", path, new.name, old, new, fields)
        yield from _activities(path, new, old)
        yield from _role_workflow(path, old, new)
