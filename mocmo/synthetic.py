"""Synthetic plans of any size, seeded and reproducible — for benchmarks and scale tests.

``synthetic_plan(people=2000, audiences=200, months=36)`` builds a valid plan shaped like the
defaults: the seven functional teams repeated per business unit, each with the default activities
and workflow (shares jittered, still summing to 1), audiences across industries × sizes × regions,
a workflow inventory, MarOps seats, replaced roles, phases and hires spread over the horizon.
"""

from __future__ import annotations

import random
from typing import Any

from mocmo import defaults
from mocmo.plan import Plan, parse_plan

__all__ = ["synthetic_plan"]

_INDUSTRIES = (
    "Healthcare", "Fintech", "Financial Services", "Retail", "Public Sector", "Software",
    "Manufacturing", "Education", "Logistics", "Media", "Energy", "Telecoms",
)  # fmt: skip
_SIZES = ("Enterprise", "Mid-Market", "SMB")
_REGIONS = ("UK & Ireland", "North America", "DACH", "Nordics", "France", "APAC", "LATAM")


def _jitter_shares(shares: list[float], rng: random.Random) -> list[float]:
    raw = [s * rng.uniform(0.8, 1.2) for s in shares]
    total = sum(raw)
    scaled = [round(r / total, 4) for r in raw]
    scaled[-1] = round(1.0 - sum(scaled[:-1]), 4)
    return scaled


def synthetic_plan(people: int = 30, audiences: int = 6, months: int = 12, seed: int = 7) -> Plan:
    """A valid plan with about ``people`` legacy staff, ``audiences`` audiences and a migration
    over ``months`` months (6–36), reproducible for a given ``seed``."""
    if people < 7:
        raise ValueError(f"people: got {people}, must be at least 7 (one per default team)")
    if not 1 <= audiences <= len(_INDUSTRIES) * len(_SIZES) * len(_REGIONS):
        raise ValueError(f"audiences: got {audiences}, must be between 1 and 252")
    if not 6 <= months <= 36:
        raise ValueError(f"months: got {months}, must be between 6 and 36")
    rng = random.Random(seed)
    base = defaults.starter_plan(name=f"Synthetic {people} people", company="Synthetic Co")
    data: dict[str, Any] = base.model_dump(mode="json")
    templates = data["legacy_roles"]

    units = max(1, round(people / 30))
    per_unit = [people // units + (1 if u < people % units else 0) for u in range(units)]
    roles: list[dict[str, Any]] = []
    for unit, unit_people in enumerate(per_unit):
        counts = [max(1, round(unit_people * t["headcount"] / 30)) for t in templates]
        counts[0] += unit_people - sum(counts)
        while counts[0] < 1:  # rounding took too many from the first team: rebalance
            biggest = counts.index(max(counts))
            counts[biggest] -= 1
            counts[0] += 1
        for template, count in zip(templates, counts, strict=True):
            role = dict(template)
            role["name"] = template["name"] if units == 1 else f"{template['name']} · BU{unit + 1}"
            role["headcount"] = count
            shares = _jitter_shares([a["share"] for a in template["activities"]], rng)
            role["activities"] = [
                {**a, "share": s} for a, s in zip(template["activities"], shares, strict=True)
            ]
            role["transition_month"] = rng.randint(max(2, months // 3), max(2, months - 2))
            roles.append(role)
    data["legacy_roles"] = roles

    data["products"] = [{"name": f"Product {i + 1}"} for i in range(max(3, audiences // 10))]
    products = [p["name"] for p in data["products"]]
    segments = [(i, s, r) for r in _REGIONS for s in _SIZES for i in _INDUSTRIES]
    rng.shuffle(segments)
    data["gtm_team"] = [f"GTM Marketer {i + 1}" for i in range(audiences)]
    data["audiences"] = [
        {
            "name": f"{size} {industry} · {region}",
            "segment": {"industry": industry, "company_size": size, "region": region},
            "icp": f"{size} {industry.lower()} companies in {region}",
            "pains": [
                {"name": f"Pain {k + 1} of audience {i + 1}", "products": rng.sample(products, 2)}
                for k in range(3)
            ],
            "channels": rng.sample(["LinkedIn", "Events", "Paid search", "Webinars", "ABM"], 3),
            "pipeline_target": float(rng.randrange(500_000, 5_000_000, 50_000)),
            "owner": f"GTM Marketer {i + 1}",
            "launch_month": rng.randint(max(2, months // 4), max(2, months - 1)),
        }
        for i, (industry, size, region) in enumerate(segments[:audiences])
    ]
    data["assumptions"]["company_pipeline_target"] = float(
        sum(a["pipeline_target"] for a in data["audiences"])
    )

    seats = data["marops_seats"]
    extra = max(0, people // 250)  # large orgs run several pods of each MarOps role
    roles_cycle = ["workflow_architect", "data_steward", "prompt_knowledge_designer"]
    for k in range(extra * 3):
        key = roles_cycle[k % 3]
        seats.append({"name": f"{key.replace('_', ' ').title()} {k // 3 + 2}", "roles": [key]})
    for s_i, seat in enumerate(seats):
        seat["hire_month"] = min(months, 2 + s_i % max(1, months // 3))
    data["replaced_roles"] = [
        {
            "title": f"Coordinator {i + 1}",
            "count": rng.randint(1, 3),
            "band": {"low": 32000, "high": 42000},
            "leaves_month": rng.randint(3, months),
        }
        for i in range(max(2, people // 40))
    ]
    data["workflows"] = [
        {
            "name": f"Workflow {i + 1}",
            "platforms": ["CRM", "Automation"],
            "roles": [roles[i % len(roles)]["name"]],
            "decisions": ["Routing"],
            "owners": [seats[i % len(seats)]["name"]],
            "top": i < 7,
            "buyer_facing": i % 2 == 0,
        }
        for i in range(max(7, len(roles) // 2))
    ]
    scale = months / 12
    phases = data["phases"]
    for phase in phases:
        phase["start_month"] = max(1, round((phase["start_month"] - 1) * scale) + 1)
        phase["months"] = max(1, round(phase["months"] * scale))
        phase["months"] = min(phase["months"], months - phase["start_month"] + 1)
    data["horizon_months"] = months
    data["hires"] = [
        {"position": seat["name"], "month": seat["hire_month"], "lead_time_months": 2}
        for seat in seats
    ]
    return parse_plan(data)
