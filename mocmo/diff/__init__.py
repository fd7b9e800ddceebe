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

The parts: :mod:`~mocmo.diff.words` (:class:`Difference`, values in words, lists matched by
key), :mod:`~mocmo.diff.team` (meta, assumptions, products, audiences, legacy roles),
:mod:`~mocmo.diff.org` (new roles, seats, replaced roles, reporting lines, inventory, phases,
hires), :mod:`~mocmo.diff.generic` (any other field); :func:`plan_differences` runs them in order.
"""

from __future__ import annotations

from mocmo.diff.generic import _others
from mocmo.diff.org import _hires, _inventory, _new_roles, _phases, _replaced, _reporting, _seats
from mocmo.diff.team import _assumptions, _audiences, _meta, _products, _roles
from mocmo.diff.words import Difference
from mocmo.plan import Plan

__all__ = ["Difference", "plan_differences"]


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
