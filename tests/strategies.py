"""Hypothesis strategies for random but valid plans, for property tests of any step.

``valid_plan_data()`` draws a plan as plain data (what YAML gives); ``valid_plans()`` the
validated :class:`~mocmo.plan.Plan`. Every plan drawn obeys the rules the model enforces: bands
with low ≤ high, activity shares summing to 100%, names unique where they are keys, audiences
naming only the plan's products and owners from its GTM team, hires of known seats in known
phases, phases depending only on earlier phases (so never in a circle), all months in 1–36.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from hypothesis import strategies as st

from mocmo.plan import MAROPS_ROLE_KEYS, MAROPS_ROLE_TITLES, Plan, parse_plan

__all__ = ["names", "texts", "valid_plan_data", "valid_plans"]

_NAME_ALPHABET = st.characters(
    min_codepoint=32,
    max_codepoint=0x2FFF,
    categories=("L", "N", "P", "S", "Zs"),
    exclude_characters="\x85\xa0\u2028\u2029",
)

_TEXT_ALPHABET = st.one_of(
    _NAME_ALPHABET, st.sampled_from(["\n", "\r", "\t", "\u2028", "#", ":", "\x85"])
)


_TRICKY_NAMES = (
    "yes",
    "No",
    "on",
    "null",
    "~",
    "true",
    "1.0",
    "0x1F",
    "1e3",
    "2027-01-01",
    "- item",
    "a: b",
    "'quoted'",
    '"double"',
    "@handle",
    "*star",
    "&anchor",
    "!tag",
    "% share",
    "#hash",
    "Brand & Creative",
    "Communications/PR",
    "£5K – €6K",
    "日本市場",
    "[list]",
    "{map}",
)
"""Names that YAML would read as something else (a bool, null, a number, a date, syntax)
unless the dumper quotes them."""


def names(max_size: int = 24) -> st.SearchStrategy[str]:
    """A name as a person would type it: no surrounding spaces, not empty."""
    typed = (
        st.text(_NAME_ALPHABET, min_size=1, max_size=max_size)
        .map(lambda s: " ".join(s.split()))
        .filter(bool)
    )
    return st.sampled_from(_TRICKY_NAMES) | typed


def texts(max_size: int = 60) -> st.SearchStrategy[str]:
    """Free text (descriptions, ICPs), line breaks and YAML-special characters included."""
    return st.text(_TEXT_ALPHABET, max_size=max_size)


def _unique_names(min_size: int, max_size: int) -> st.SearchStrategy[list[str]]:
    # unique as the plan compares names: ignoring case and surrounding spaces
    return st.lists(
        names(), min_size=min_size, max_size=max_size, unique_by=lambda n: n.strip().casefold()
    )


_money = st.integers(1, 400_000).map(float) | st.floats(1.0, 400_000.0, allow_nan=False)
_fraction = st.floats(0.0, 1.0, allow_nan=False) | st.sampled_from([0.0, 0.25, 0.5, 1.0])
_point = st.sampled_from(["low", "mid", "high"]) | _fraction
_month = st.integers(1, 36)
_days = st.floats(0.0, 30.0, allow_nan=False)


@st.composite
def _band(draw: st.DrawFn) -> dict[str, float]:
    low = draw(_money)
    high = draw(st.floats(low, low * 3, allow_nan=False) | st.just(low))
    return {"low": low, "high": high}


@st.composite
def _shares(draw: st.DrawFn, count: int) -> list[float]:
    """``count`` shares summing to 1: cut 10,000 basis points at random places."""
    cuts = sorted(draw(st.lists(st.integers(0, 10_000), min_size=count - 1, max_size=count - 1)))
    edges = [0, *cuts, 10_000]
    return [(b - a) / 10_000 for a, b in itertools.pairwise(edges)]


@st.composite
def _step(draw: st.DrawFn) -> dict[str, Any]:
    step: dict[str, Any] = {"name": draw(names()), "owner": draw(names()), "days": draw(_days)}
    if draw(st.booleans()):
        step["wait_days"] = draw(_days)
    if draw(st.booleans()):
        step["rework_probability"] = draw(_fraction)
        step["rework_days"] = draw(_days)
    return step


@st.composite
def _legacy_role(draw: st.DrawFn, name: str) -> dict[str, Any]:
    count = draw(st.integers(1, 6))
    shares = draw(_shares(count))
    activities = [
        {
            "name": draw(names()),
            "share": share,
            "destination": draw(st.sampled_from(["stays", "shifts", "ai"])),
            "oversight": draw(_fraction),
            "oversight_owner": draw(st.sampled_from(["gtm_marketer", "custodian", "marops"])),
        }
        for share in shares
    ]
    role: dict[str, Any] = {
        "name": name,
        "headcount": draw(st.integers(1, 12)),
        "band": draw(_band()),
        "point": draw(_point),
        "custodian_title": draw(names() | st.just("")),
        "new_home": draw(st.sampled_from(["custodian", "marops"])),
        "activities": activities,
        "transition_month": draw(st.none() | _month),
    }
    if draw(st.booleans()):
        role["workflow"] = {
            "name": draw(names()),
            "legacy": draw(st.lists(_step(), min_size=1, max_size=4)),
            "new": draw(st.lists(_step(), min_size=1, max_size=3)),
        }
    return role


@st.composite
def _audience(draw: st.DrawFn, name: str, products: list[str], team: list[str]) -> dict[str, Any]:
    pains = [
        {"name": draw(names()), "products": draw(st.lists(st.sampled_from(products), unique=True))}
        for _ in range(draw(st.integers(0, 3)))
    ]
    owner = draw(st.none() | st.sampled_from(team)) if team else None
    return {
        "name": name,
        "segment": {
            "industry": draw(names()),
            "company_size": draw(st.sampled_from(["Any", "SMB", "Mid-Market", "Enterprise"])),
            "region": draw(names()),
        },
        "icp": draw(texts()),
        "pains": pains,
        "channels": draw(st.lists(names(), max_size=3)),
        "pipeline_target": draw(st.floats(0, 1e8, allow_nan=False)),
        "owner": owner,
        "launch_month": draw(st.none() | _month),
    }


@st.composite
def _phases(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Phases that each depend only on phases listed before them: never a cycle."""
    phase_names = draw(_unique_names(0, 6))
    phases = []
    for i, name in enumerate(phase_names):
        start = draw(_month)
        phases.append(
            {
                "name": name,
                "start_month": start,
                "months": draw(st.integers(1, 37 - start)),
                "depends_on": draw(st.lists(st.sampled_from(phase_names[:i]), unique=True))
                if i
                else [],
                "description": draw(texts()),
            }
        )
    # Shuffle their order in the file: a dependency need not be written before its dependant.
    return list(draw(st.permutations(phases)))


def _no_reporting_cycle(lines: list[dict[str, str]]) -> list[dict[str, str]]:
    """The lines but those that report to themselves or close a circle of solid lines (both
    are validation errors)."""
    kept: list[dict[str, str]] = []
    for line in lines:
        if line["role"] == line["reports_to"]:
            continue
        if line["kind"] == "solid":
            above, seen = [line["reports_to"]], set()
            while above:
                who = above.pop()
                seen.add(who)
                solid = [k for k in kept if k["kind"] == "solid"]
                above += [k["reports_to"] for k in solid if k["role"] == who]
                above = [a for a in above if a not in seen]
            if line["role"] in seen:
                continue
        kept.append(line)
    return kept


_fte_step = st.sampled_from([0.1, 0.25, 0.5, 1.0])
_fixed = st.none() | st.floats(0, 12, allow_nan=False)


@st.composite
def _staffing(draw: st.DrawFn) -> dict[str, Any]:
    """How the groups are staffed: steps, now and then a fixed headcount, MarOps's own hours."""
    return {
        "gtm": {"step": draw(_fte_step), "fixed_fte": draw(_fixed)},
        "marops": {"step": draw(_fte_step), "fixed_fte": draw(_fixed)},
        "marops_own_hours_per_week": draw(st.floats(0, 200, allow_nan=False)),
        "gtm_support_title": draw(st.sampled_from(["GTM Associate", "Audience support"])),
        "marops_support_title": draw(st.sampled_from(["MarOps Specialist", "Ops support"])),
    }


@st.composite
def valid_plan_data(draw: st.DrawFn) -> dict[str, Any]:
    """A random valid plan as plain data."""
    products = draw(_unique_names(1, 4))
    team = draw(_unique_names(0, 4))
    audience_names = draw(_unique_names(0, 4))
    role_names = draw(_unique_names(1, 3))
    seat_names = draw(_unique_names(0, 4))
    phases = draw(_phases())
    phase_names = [p["name"] for p in phases]
    # a GTM hire needs an audience (the new org has no GTM position without one)
    positions = [*seat_names, *(["Head of GTM", "GTM Marketer"] if audience_names else [])]
    hires = [
        {
            "position": draw(st.sampled_from(positions)),
            "month": draw(_month),
            "lead_time_months": draw(st.integers(0, 12)),
            "count": draw(st.integers(1, 4)),
            "phase": draw(st.none() | st.sampled_from(phase_names)) if phase_names else None,
        }
        for _ in range(draw(st.integers(0, 4 if positions else 0)))
    ]
    lower = draw(st.floats(0, 20_000, allow_nan=False))
    return {
        "schema_version": 1,
        "meta": {
            "name": draw(names()),
            "company": draw(names() | st.just("")),
            "currency": draw(st.sampled_from(["GBP", "EUR", "USD", "CHF"])),
            "start_month": draw(st.dates(dt.date(2020, 1, 1), dt.date(2040, 12, 1))).isoformat(),
            "description": draw(texts(200)),
        },
        "assumptions": {
            "hours_per_week": draw(st.floats(1, 80, allow_nan=False)),
            "productive_share": draw(st.floats(0.05, 1.0, allow_nan=False)),  # 0: no capacity
            "handoff_wait_days": draw(_days),
            "rework_probability": draw(_fraction),
            "rework_days": draw(_days),
            "fte_step": draw(st.sampled_from([0.1, 0.25, 0.5, 1.0])),
            "load_weight": draw(st.sampled_from(["pipeline", "equal"])),
            "company_pipeline_target": draw(st.floats(0, 1e9, allow_nan=False)),
            "on_costs": {
                "employer_ni_rate": draw(_fraction),
                "ni_threshold": draw(st.floats(0, 20_000, allow_nan=False)),
                "pension_basis": draw(st.sampled_from(["qualifying", "salary"])),
                "pension_rate": draw(_fraction),
                "pension_lower": lower,
                "pension_upper": draw(st.floats(lower, 100_000, allow_nan=False)),
                "benefits_rate": draw(_fraction),
                "tools_per_head": draw(st.floats(0, 20_000, allow_nan=False)),
                "recruitment_fee_rate": draw(_fraction),
            },
            "staffing": draw(_staffing()),
        },
        "products": [{"name": n, "description": draw(texts())} for n in products],
        "gtm_team": team,
        "audiences": [draw(_audience(n, products, team)) for n in audience_names],
        "legacy_roles": [draw(_legacy_role(n)) for n in role_names],
        "new_roles": {
            "head_of_gtm": draw(_band()),
            "head_of_gtm_point": draw(_point),
            "gtm_marketer": draw(_band()),
            "gtm_marketer_point": draw(_point),
        },
        "marops_roles": [
            {"key": key, "title": MAROPS_ROLE_TITLES[key], "band": draw(_band())}
            for key in MAROPS_ROLE_KEYS
        ],
        "marops_seats": [
            {
                "name": n,
                "roles": draw(st.lists(st.sampled_from(MAROPS_ROLE_KEYS), min_size=1, unique=True)),
                "band": draw(st.none() | _band()),
                "point": draw(_point),
                # one hire, one start month: a seat with a hire starts when the hire does
                "hire_month": None
                if any(h["position"] == n for h in hires)
                else draw(st.none() | _month),
            }
            for n in seat_names
        ],
        "replaced_roles": [
            {
                "title": draw(names()),
                "count": draw(st.integers(1, 5)),
                "band": draw(_band()),
                "point": draw(_point),
                "leaves_month": draw(st.none() | _month),
            }
            for _ in range(draw(st.integers(0, 3)))
        ],
        "has_cdo": draw(st.booleans()),
        "reporting_lines": _no_reporting_cycle(
            [
                {
                    "role": draw(names()),
                    "reports_to": draw(names()),
                    "kind": draw(st.sampled_from(["solid", "dotted"])),
                }
                for _ in range(draw(st.integers(0, 3)))
            ]
        ),
        "workflows": [
            {
                "name": n,
                "platforms": draw(st.lists(names(), max_size=3)),
                "roles": draw(st.lists(names(), max_size=3)),
                "decisions": draw(st.lists(names(), max_size=3)),
                "owners": draw(st.lists(names(), max_size=2)),
                "top": draw(st.booleans()),
                "buyer_facing": draw(st.booleans()),
            }
            for n in draw(_unique_names(0, 4))
        ],
        "horizon_months": draw(st.integers(1, 36)),
        "phases": phases,
        "hires": hires,
    }


def valid_plans() -> st.SearchStrategy[Plan]:
    """Random valid plans, validated."""
    return valid_plan_data().map(parse_plan)
