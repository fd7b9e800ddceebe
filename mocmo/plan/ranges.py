"""The plan's own ends of its uncertain drivers' ranges (see data/defaults/ranges.yaml).

Each driver's range is empty by default (``None``: the defaults file's low and high); a plan
that sets one is used exactly as given, and a range that does not contain the plan's own value
(1 for a multiplier, 0 for an offset) or leaves the driver's domain is refused by
:func:`mocmo.ranges.drivers.range_errors`, which the plan's validation calls.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from mocmo.plan.fields import Name, _Model

__all__ = ["ActivityRange", "DriverRange", "RangeInputs"]

_Draws = Annotated[int, Field(ge=100, le=1_000_000)]
_Seed = Annotated[int, Field(ge=0, le=2**32 - 1)]


class DriverRange(_Model):
    """The low and high end of one driver's range, in the driver's own terms; an empty end
    takes the default."""

    low: float | None = Field(None, description="Low end of the range (empty: the default).")
    high: float | None = Field(None, description="High end of the range (empty: the default).")

    @model_validator(mode="after")
    def _ordered(self) -> DriverRange:
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(
                f"low: got {self.low:g} above high {self.high:g}; the low end must not be "
                "above the high end"
            )
        return self


class ActivityRange(DriverRange):
    """AI absorption's range for one AI activity, in place of the plan-wide one (multiplier of
    the hours the plan has AI absorb in it: 1 = as planned)."""

    role: Name = Field(description="The legacy role (team) the activity belongs to.")
    activity: Name = Field(description="The AI activity's name in that role.")


class RangeInputs(_Model):
    """How the plan's ranges are simulated: each driver's range, the draws and the seed."""

    ai_absorption: DriverRange | None = None
    activity_absorption: tuple[ActivityRange, ...] = Field(
        (),
        description="AI absorption's range for single activities; the draws move together "
        "(every activity at the same quantile of its own range).",
    )
    oversight: DriverRange | None = None
    hire_slip: DriverRange | None = None
    ramp_months: DriverRange | None = None
    early_attrition: DriverRange | None = None
    pay_review_rate: DriverRange | None = None
    ai_price: DriverRange | None = None
    new_hire_pay: DriverRange | None = None
    draws: _Draws | None = Field(None, description="Draws of the simulation (empty: default).")
    seed: _Seed | None = Field(
        None, description="Seed of the simulation, so a run is reproducible (empty: default)."
    )
