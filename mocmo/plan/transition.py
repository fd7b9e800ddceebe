"""The plan's transition models: who moves where and when, who leaves and when, and the plan's
own values for the transition's one-off cost inputs.

A plan's ``moves`` and ``leavers`` are optional. Left empty (``None``), the people flows are
derived from the new org (:mod:`mocmo.transition.flows`: movers first, then hires, then
leavers) and the steps show them as the plan default; once given, they are used exactly as
given (an empty list means nobody moves, or nobody leaves). The same holds for each field of
:class:`TransitionInputs`: empty means the default of data/defaults/transition.yaml, a value —
0 included — is used as it is.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from mocmo.plan.fields import (
    MoneyOrZero,
    Month,
    Name,
    People,
    _at_most,
    _Model,
    _non_negative,
)

__all__ = ["Leaver", "Move", "TransitionInputs"]

_Weeks = Annotated[float, AfterValidator(_non_negative), _at_most(104)]
_RampMonths = Annotated[float, AfterValidator(_non_negative), _at_most(60)]
_Multiple = Annotated[float, Field(ge=1), _at_most(20)]
_Productivity = Annotated[float, Field(ge=0, le=1)]
_OverlapMonths = Annotated[int, Field(ge=0, le=12)]


class Move(_Model):
    """People of a legacy team who move to a position of the new org in a month."""

    team: Name = Field(description="The legacy role (team) they come from.")
    to: Name = Field(
        description="The new position, by its key: 'Head of GTM', 'GTM Marketer: <audience>', "
        "'GTM support: <audience>', 'Custodian: <legacy role>', 'MarOps: <seat>' or "
        "'MarOps support'."
    )
    count: People = Field(1.0, description="People (FTE) who move.")
    month: Month = Field(
        description="First month in the new position; paid by the old team up to the month before."
    )


class Leaver(_Model):
    """People of a legacy team who leave the company in a month."""

    team: Name = Field(description="The legacy role (team) they leave.")
    count: People = Field(1.0, description="People (FTE) who leave.")
    month: Month = Field(description="First month they are no longer on the payroll.")


class TransitionInputs(_Model):
    """The plan's own values of the transition's cost inputs; each empty one takes the default
    of data/defaults/transition.yaml (shown there with its source)."""

    redundancy_multiple: _Multiple | None = Field(
        None, description="Company redundancy pay as a multiple of statutory (1 = statutory)."
    )
    notice_weeks: _Weeks | None = Field(
        None, description="Contractual notice (weeks); statutory minimum if longer."
    )
    notice_paid_in_lieu: bool | None = Field(
        None, description="Notice paid in lieu (a one-off) rather than worked."
    )
    settlement_per_leaver: MoneyOrZero | None = Field(
        None, description="Settlement agreement cost per leaver."
    )
    retraining_per_mover: MoneyOrZero | None = Field(
        None, description="Retraining cost per person who moves."
    )
    ramp_months_hire: _RampMonths | None = Field(
        None, description="Months a new hire takes to reach full productivity."
    )
    ramp_months_mover: _RampMonths | None = Field(
        None, description="Months a mover takes to reach full productivity."
    )
    ramp_start_productivity: _Productivity | None = Field(
        None, description="Productivity on the first day in a new position (0–1)."
    )
    early_attrition: _Productivity | None = Field(
        None,
        description="Share of the people planned to move into a new position (custodians aside) "
        "who resign before they move: no exit cost, and their places are hired (0–1).",
    )
    overlap_months: _OverlapMonths | None = Field(
        None,
        description="Handover months a leaver stays after the team changes shape, when the "
        "plan does not list its leavers.",
    )
