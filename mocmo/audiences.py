"""Step 1 — Audiences: who the team serves, and who owns each audience end to end.

The Mini CMO model organises the team by audience, not function: each audience has exactly one
owner (a GTM Marketer) who owns its pains, the products that answer them, the channels where
its buyers are, and its pipeline. This module checks that a plan's audiences say so:

- **ownership** — every audience has one owner; nobody owns several; nobody in the GTM team owns
  nothing (:func:`ownership_problems`);
- **overlap** — no two audiences cover the same buyers (:func:`segment_overlaps`);
- **pain → product** — every pain is answered by at least one product the plan sells
  (:func:`pain_product_problems`);
- **pipeline coverage** — the audiences' pipeline targets add up to the company's
  (:func:`pipeline_coverage`).

Every function is pure (``Plan`` in, typed result out). Money is per year in the plan's
currency; shares and ratios are fractions (0.25 = 25%).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from mocmo.format import fmt_money, fmt_pct
from mocmo.plan import Audience, Plan, Problem, Segment, parse_plan

__all__ = [
    "ANY",
    "AUDIENCE_COLUMNS",
    "NO_MESSAGING",
    "Overlap",
    "PipelineCoverage",
    "audience_product_matrix",
    "audience_table",
    "audiences_by_owner",
    "checks",
    "company_target_shares",
    "headline",
    "idle_gtm_people",
    "overlap_problems",
    "ownership_problems",
    "pain_product_problems",
    "pipeline_coverage",
    "pipeline_coverage_ratio",
    "pipeline_problems",
    "pipeline_shares",
    "pipeline_target_total",
    "product_key",
    "product_uses",
    "remove_product",
    "rename_product",
    "segment_contains",
    "segment_overlaps",
    "unmapped_pains",
    "unowned_audiences",
]

ANY = "Any"
"""A segment field with this value means every value of that field."""

NO_MESSAGING = "the Mini CMO can't write messaging from this"
"""What an audience whose pains map to no product means for its owner."""

MONEY_TOLERANCE = 0.5
"""Two amounts of money closer than this (half a currency unit) count as equal."""

AUDIENCE_COLUMNS: tuple[str, ...] = (
    "Audience",
    "Industry",
    "Company size",
    "Region",
    "Owner",
    "ICP",
    "Pains",
    "Products",
    "Channels",
    "Pipeline target",
    "Share of audience pipeline",
    "Share of company target",
    "Pains without a product",
    "Launch month",
)
"""Columns of :func:`audience_table`, in order."""


# --------------------------------------------------------------------------- ownership


def audiences_by_owner(plan: Plan) -> dict[str, tuple[str, ...]]:
    """Each owner's audiences (names, in plan order); people owning nothing are not keys."""
    owned: dict[str, list[str]] = {}
    for aud in plan.audiences:
        if aud.owner is not None:
            owned.setdefault(aud.owner, []).append(aud.name)
    return {owner: tuple(names) for owner, names in owned.items()}


def unowned_audiences(plan: Plan) -> tuple[str, ...]:
    """Names of the audiences with no owner yet."""
    return tuple(a.name for a in plan.audiences if a.owner is None)


def idle_gtm_people(plan: Plan) -> tuple[str, ...]:
    """People in the GTM team who own no audience (in ``gtm_team`` order)."""
    owners = audiences_by_owner(plan)
    return tuple(person for person in plan.gtm_team if person not in owners)


def _warnings(found: Iterable[tuple[str, str]]) -> list[Problem]:
    """Warnings, one per ``(path, text)`` found."""
    return [Problem(path, text, "warning") for path, text in found]


def ownership_problems(plan: Plan) -> list[Problem]:
    """Warnings about ownership: an audience with no owner, an owner of several audiences,
    a GTM team member who owns nothing."""
    return _warnings(_ownership_gaps(plan))


def _ownership_gaps(plan: Plan) -> Iterator[tuple[str, str]]:
    for i, aud in enumerate(plan.audiences):
        if aud.owner is None:
            yield (
                f"audiences[{i}].owner",
                f"{aud.name!r} has no owner yet: every audience needs exactly one GTM "
                "Marketer who owns it end to end",
            )
    for owner, names in audiences_by_owner(plan).items():
        if len(names) > 1:
            first = next(i for i, a in enumerate(plan.audiences) if a.owner == owner)
            yield (
                f"audiences[{first}].owner",
                f"{owner!r} owns {len(names)} audiences ({', '.join(names)}): allowed, but "
                "the model gives each audience its own owner",
            )
    for person in idle_gtm_people(plan):
        index = plan.gtm_team.index(person)
        yield f"gtm_team[{index}]", f"{person!r} is in the GTM team but owns no audience yet"


# --------------------------------------------------------------------------- overlap


@dataclass(frozen=True)
class Overlap:
    """Two audiences that cover some of the same buyers.

    ``kind`` is ``"same"`` when both segments are identical, ``"contains"`` when the ``outer``
    audience's segment contains the ``inner`` one's (a field set to ``Any`` contains every value).
    Indices are positions in ``plan.audiences``.
    """

    outer: int
    inner: int
    outer_name: str
    inner_name: str
    kind: Literal["same", "contains"]


def _norm(value: str) -> str:
    return value.strip().casefold()


def _field_contains(outer: str, inner: str) -> bool:
    return _norm(outer) == _norm(ANY) or _norm(outer) == _norm(inner)


def segment_contains(outer: Segment, inner: Segment) -> bool:
    """True if every buyer in ``inner`` is also in ``outer``: each of industry, company size and
    region is equal (ignoring case) or ``Any`` in ``outer``. A segment contains itself."""
    return (
        _field_contains(outer.industry, inner.industry)
        and _field_contains(outer.company_size, inner.company_size)
        and _field_contains(outer.region, inner.region)
    )


_SegmentKey = tuple[str, str, str]


def _segment_key(segment: Segment) -> _SegmentKey:
    return (_norm(segment.industry), _norm(segment.company_size), _norm(segment.region))


def _containing_keys(key: _SegmentKey) -> set[_SegmentKey]:
    """The (at most 8) normalised segments that contain ``key``: each field its own value or
    ``Any`` (see :func:`segment_contains`)."""
    any_ = _norm(ANY)
    industry, size, region = key
    return set(itertools.product({industry, any_}, {size, any_}, {region, any_}))


def _overlapping_pairs(plan: Plan) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of audiences where one segment contains the other,
    sorted. Audiences are bucketed by normalised segment and each looks up only the buckets
    that could contain it, so the work grows with the audiences and overlaps found, not with
    every pair of audiences."""
    keys = [_segment_key(a.segment) for a in plan.audiences]
    buckets: dict[_SegmentKey, list[int]] = {}
    for index, key in enumerate(keys):
        buckets.setdefault(key, []).append(index)
    pairs: set[tuple[int, int]] = set()
    for inner, key in enumerate(keys):
        for outer_key in _containing_keys(key):
            for outer in buckets.get(outer_key, ()):
                if outer != inner:
                    pairs.add((min(outer, inner), max(outer, inner)))
    return sorted(pairs)


def segment_overlaps(plan: Plan) -> tuple[Overlap, ...]:
    """Every pair of audiences where one segment is the same as, or contains, the other."""
    found: list[Overlap] = []
    auds = plan.audiences
    for i, j in _overlapping_pairs(plan):
        a, b = auds[i].segment, auds[j].segment
        a_in_b, b_in_a = segment_contains(b, a), segment_contains(a, b)
        if a_in_b and b_in_a:
            found.append(Overlap(i, j, auds[i].name, auds[j].name, "same"))
        elif b_in_a:
            found.append(Overlap(i, j, auds[i].name, auds[j].name, "contains"))
        elif a_in_b:
            found.append(Overlap(j, i, auds[j].name, auds[i].name, "contains"))
    return tuple(found)


def _describe_segment(segment: Segment) -> str:
    return f"{segment.industry} × {segment.company_size} × {segment.region}"


def overlap_problems(plan: Plan) -> list[Problem]:
    """Warnings for audiences that share buyers, naming both audiences."""
    problems: list[Problem] = []
    for o in segment_overlaps(plan):
        later = max(o.outer, o.inner)
        if o.kind == "same":
            text = (
                f"{o.outer_name!r} and {o.inner_name!r} have the same segment "
                f"({_describe_segment(plan.audiences[o.outer].segment)}): two owners would "
                "chase the same buyers; merge them or tell them apart"
            )
        else:
            text = (
                f"{o.outer_name!r} ({_describe_segment(plan.audiences[o.outer].segment)}) "
                f"contains {o.inner_name!r} "
                f"({_describe_segment(plan.audiences[o.inner].segment)}): narrow "
                f"{o.outer_name!r} so each buyer has one owner"
            )
        problems.append(Problem(f"audiences[{later}].segment", text, "warning"))
    return problems


# --------------------------------------------------------------------------- pain → product


def unmapped_pains(audience: Audience) -> tuple[str, ...]:
    """Names of the audience's pains that no product answers."""
    return tuple(p.name for p in audience.pains if not p.products)


def _audience_products(audience: Audience) -> tuple[str, ...]:
    """Products answering at least one of the audience's pains, in first-mention order."""
    seen: dict[str, None] = {}
    for pain in audience.pains:
        for product in pain.products:
            seen.setdefault(product, None)
    return tuple(seen)


def pain_product_problems(plan: Plan) -> list[Problem]:
    """Warnings for pains that map to no product, and for audiences none of whose pains map
    to a product (or that list no pains): the owner has nothing to write messaging from."""
    return _warnings(_pain_product_gaps(plan))


def _pain_product_gaps(plan: Plan) -> Iterator[tuple[str, str]]:
    for i, aud in enumerate(plan.audiences):
        if not aud.pains:
            yield f"audiences[{i}].pains", f"{aud.name!r} lists no pains: {NO_MESSAGING}"
            continue
        for j, pain in enumerate(aud.pains):
            if not pain.products:
                yield (
                    f"audiences[{i}].pains[{j}].products",
                    f"{aud.name!r}: the pain {pain.name!r} maps to no product",
                )
        if not _audience_products(aud):
            yield (
                f"audiences[{i}].pains",
                f"{aud.name!r}: none of its pains maps to a product — {NO_MESSAGING}",
            )


def audience_product_matrix(plan: Plan) -> pd.DataFrame:
    """How many of each audience's pains each product answers: one row per audience × product
    (every product of the plan, zero included), columns ``audience``, ``product``, ``pains``
    (a count)."""
    rows = [
        {
            "audience": aud.name,
            "product": product.name,
            "pains": sum(1 for pain in aud.pains if product.name in pain.products),
        }
        for aud in plan.audiences
        for product in plan.products
    ]
    frame = pd.DataFrame(rows, columns=["audience", "product", "pains"])
    return frame.astype({"pains": "int64"})


# --------------------------------------------------------------------------- products


def product_key(name: str) -> str:
    """A product name as compared for sameness: case and spaces ignored ("Al pha" = "alpha")."""
    return "".join(name.split()).casefold()


def product_uses(plan: Plan, name: str) -> tuple[int, int]:
    """How many pains, and in how many audiences, list the product ``name``."""
    pains = [sum(1 for pain in a.pains if name in pain.products) for a in plan.audiences]
    return sum(pains), sum(1 for count in pains if count)


def rename_product(plan: Plan, old: str, new: str) -> Plan:
    """A new validated plan in which the product ``old`` is called ``new`` and every
    reference to it (each pain's products) follows; ``KeyError`` if the plan sells no ``old``,
    :class:`~mocmo.plan.PlanError` if ``new`` is not a valid, unused name."""
    if old not in _names(plan):
        raise KeyError(f"the plan sells no product called {old!r}")
    data = plan.model_dump(mode="json")
    for product in data["products"]:
        if product["name"] == old:
            product["name"] = new
    for a in data["audiences"]:
        for pain in a["pains"]:
            pain["products"] = [new if p == old else p for p in pain["products"]]
    return parse_plan(data)


def remove_product(plan: Plan, name: str) -> Plan:
    """A new validated plan without the product ``name``, dropped from every pain that listed
    it; ``KeyError`` if the plan sells no ``name``."""
    if name not in _names(plan):
        raise KeyError(f"the plan sells no product called {name!r}")
    data = plan.model_dump(mode="json")
    data["products"] = [p for p in data["products"] if p["name"] != name]
    for a in data["audiences"]:
        for pain in a["pains"]:
            pain["products"] = [p for p in pain["products"] if p != name]
    return parse_plan(data)


def _names(plan: Plan) -> list[str]:
    return [p.name for p in plan.products]


# --------------------------------------------------------------------------- pipeline


def pipeline_target_total(plan: Plan) -> float:
    """Sum of the audiences' pipeline targets, per year in the plan's currency."""
    return float(sum(a.pipeline_target for a in plan.audiences))


def pipeline_coverage_ratio(plan: Plan) -> float | None:
    """Audience pipeline total ÷ company pipeline target (1.0 = exactly covered); None when
    the plan sets no company target."""
    company = plan.assumptions.company_pipeline_target
    return None if company == 0 else pipeline_target_total(plan) / company


def pipeline_shares(plan: Plan) -> dict[str, float]:
    """Each audience's share of the audiences' pipeline total (fractions summing to 1); all 0
    when the total is 0."""
    total = pipeline_target_total(plan)
    return {a.name: (a.pipeline_target / total if total else 0.0) for a in plan.audiences}


def company_target_shares(plan: Plan) -> dict[str, float | None]:
    """Each audience's pipeline target as a share of the company target; None when the plan
    sets no company target."""
    company = plan.assumptions.company_pipeline_target
    return {a.name: (a.pipeline_target / company if company else None) for a in plan.audiences}


@dataclass(frozen=True)
class PipelineCoverage:
    """The audiences' pipeline targets against the company's, per year in the plan's currency.

    ``gap`` is company target − audience total: positive means pipeline no audience owns,
    negative means the audiences are over-allocated. ``gap_ratio`` is the gap as a fraction of
    the company target and ``coverage_ratio`` the audience total ÷ the company target (both None
    without a company target).
    """

    company_target: float
    audience_total: float
    gap: float
    gap_ratio: float | None
    coverage_ratio: float | None

    @property
    def status(self) -> Literal["no target", "under", "over", "covered"]:
        """``no target``, ``under`` (a gap), ``over`` (over-allocated) or ``covered``."""
        if self.company_target == 0:
            return "no target"
        if self.gap > MONEY_TOLERANCE:
            return "under"
        if self.gap < -MONEY_TOLERANCE:
            return "over"
        return "covered"


def pipeline_coverage(plan: Plan) -> PipelineCoverage:
    """The audiences' pipeline total against the company target: gap (or over-allocation),
    absolute and as a share of the company target."""
    company = float(plan.assumptions.company_pipeline_target)
    total = pipeline_target_total(plan)
    gap = company - total
    return PipelineCoverage(
        company_target=company,
        audience_total=total,
        gap=gap,
        gap_ratio=gap / company if company else None,
        coverage_ratio=pipeline_coverage_ratio(plan),
    )


def pipeline_problems(plan: Plan) -> list[Problem]:
    """Warnings when the audiences' pipeline does not add up to the company target, when no
    company target is set, and for an audience with no pipeline target."""
    money = plan.meta.currency
    cov = pipeline_coverage(plan)
    problems: list[Problem] = []
    path = "assumptions.company_pipeline_target"
    if cov.status == "no target" and plan.audiences:
        problems.append(
            Problem(
                path,
                "no company pipeline target is set, so audience coverage cannot be checked",
                "warning",
            )
        )
    elif cov.status == "under":
        problems.append(
            Problem(
                path,
                f"the audiences' pipeline targets add up to {fmt_money(cov.audience_total, money)}"
                f" against a company target of {fmt_money(cov.company_target, money)}: "
                f"{fmt_money(cov.gap, money)} ({fmt_pct(cov.gap_ratio, 1)}) has no owner",
                "warning",
            )
        )
    elif cov.status == "over":
        problems.append(
            Problem(
                path,
                f"the audiences' pipeline targets add up to {fmt_money(cov.audience_total, money)}"
                f", over the company target of {fmt_money(cov.company_target, money)} by "
                f"{fmt_money(-cov.gap, money)} ({fmt_pct(-(cov.gap_ratio or 0.0), 1)})",
                "warning",
            )
        )
    for i, aud in enumerate(plan.audiences):
        if aud.pipeline_target == 0:
            problems.append(
                Problem(
                    f"audiences[{i}].pipeline_target",
                    f"{aud.name!r} has no pipeline target: its owner owns its pipeline",
                    "warning",
                )
            )
    return problems


# --------------------------------------------------------------------------- table


def _joined(items: Iterable[str], sep: str = ", ") -> str:
    return sep.join(items)


def audience_table(plan: Plan) -> pd.DataFrame:
    """One row per audience with readable columns (:data:`AUDIENCE_COLUMNS`), for display and
    export. Money per year in the plan's currency; shares as fractions (None without a company
    target); an audience with no owner shows an empty Owner."""
    shares = pipeline_shares(plan)
    company_shares = company_target_shares(plan)
    rows = [
        {
            "Audience": aud.name,
            "Industry": aud.segment.industry,
            "Company size": aud.segment.company_size,
            "Region": aud.segment.region,
            "Owner": aud.owner or "",
            "ICP": aud.icp,
            "Pains": _joined((p.name for p in aud.pains), "; "),
            "Products": _joined(_audience_products(aud)),
            "Channels": _joined(aud.channels),
            "Pipeline target": float(aud.pipeline_target),
            "Share of audience pipeline": shares[aud.name],
            "Share of company target": company_shares[aud.name],
            "Pains without a product": len(unmapped_pains(aud)),
            "Launch month": aud.launch_month,
        }
        for aud in plan.audiences
    ]
    frame = pd.DataFrame(rows, columns=list(AUDIENCE_COLUMNS))
    return frame.astype(
        {
            "Pipeline target": "float64",
            "Share of audience pipeline": "float64",
            "Share of company target": "float64",
            "Pains without a product": "int64",
            "Launch month": "Int64",
        }
    )


# --------------------------------------------------------------------------- summary hooks


def checks(plan: Plan) -> list[Problem]:
    """Every audience check: ownership, overlap, pain → product, pipeline coverage."""
    return [
        *ownership_problems(plan),
        *overlap_problems(plan),
        *pain_product_problems(plan),
        *pipeline_problems(plan),
    ]


def headline(plan: Plan) -> dict[str, float | int | None]:
    """``audience_count``, ``pipeline_target_total`` (per year, plan currency) and
    ``pipeline_coverage_ratio`` (audience total ÷ company target; None without a target)."""
    return {
        "audience_count": len(plan.audiences),
        "pipeline_target_total": pipeline_target_total(plan),
        "pipeline_coverage_ratio": pipeline_coverage_ratio(plan),
    }
