"""Small hand-made plans for the audience tests: two products, audiences built in one line."""

from __future__ import annotations

from typing import Any

from mocmo.plan import Assumptions, Audience, Meta, Pain, Plan, Product, Segment

__all__ = ["PRODUCTS", "audience", "plan_of"]

PRODUCTS = ("Alpha", "Beta")


def audience(
    name: str,
    industry: str = "Any",
    size: str = "Any",
    region: str = "Any",
    *,
    owner: str | None = None,
    target: float = 0.0,
    pains: tuple[tuple[str, tuple[str, ...]], ...] = (("A pain", ("Alpha",)),),
) -> Audience:
    """An audience in one line; by default one pain answered by Alpha."""
    return Audience(
        name=name,
        segment=Segment(industry=industry, company_size=size, region=region),
        pains=tuple(Pain(name=p, products=prods) for p, prods in pains),
        pipeline_target=target,
        owner=owner,
    )


def plan_of(
    *audiences: Audience, team: tuple[str, ...] = (), company_target: float = 0.0, **extra: Any
) -> Plan:
    """A plan selling Alpha and Beta with these audiences, GTM team and company target."""
    return Plan(
        meta=Meta(name="Test plan"),
        assumptions=Assumptions(company_pipeline_target=company_target),
        products=tuple(Product(name=n) for n in PRODUCTS),
        gtm_team=team,
        audiences=audiences,
        **extra,
    )
