"""The transition's one-off costs: leaving, moving and reaching full productivity.

Pure formulas (:mod:`mocmo.transition.costs`) over sourced inputs
(:mod:`mocmo.transition.assumptions`, data/defaults/transition.yaml): UK statutory redundancy
pay counted back from the leaving date by age band, the company's multiple, notice paid in lieu
or worked, settlement per leaver, retraining per mover and ramp-up lost output. The monthly
timeline (:mod:`mocmo.migration`) places them in the months people leave, move and start.

A package of its own, not a module of :mod:`mocmo.costing`: these are the costs of *changing*
the organisation (who leaves, who moves, when), while :mod:`mocmo.costing` prices the
organisation as it runs. The people flows — who moves where, who is hired, who leaves, and
when (:mod:`mocmo.transition.flows`) — live beside them here.
"""

from __future__ import annotations

from mocmo.transition.assumptions import (
    PLAN_INPUTS,
    TRANSITION_FILE,
    TransitionAssumptions,
    plan_transition_assumptions,
    transition_assumptions,
    transition_input_is_default,
    transition_parameters,
)
from mocmo.transition.costs import (
    EARLIEST_WORKING_AGE,
    ExitCost,
    capped_weekly_pay,
    counted_service_years,
    exit_cost,
    notice_pay_in_lieu,
    notice_weeks,
    ramp_lost_output,
    ramp_lost_output_by_month,
    redundancy_pay,
    retraining_cost,
    settlement_cost,
    statutory_notice_weeks,
    statutory_redundancy_pay,
    statutory_redundancy_weeks,
    statutory_weeks_for_year_at_age,
    team_exit_cost,
    weekly_pay,
)

__all__ = [
    "EARLIEST_WORKING_AGE",
    "PLAN_INPUTS",
    "TRANSITION_FILE",
    "ExitCost",
    "TransitionAssumptions",
    "capped_weekly_pay",
    "counted_service_years",
    "exit_cost",
    "notice_pay_in_lieu",
    "notice_weeks",
    "plan_transition_assumptions",
    "ramp_lost_output",
    "ramp_lost_output_by_month",
    "redundancy_pay",
    "retraining_cost",
    "settlement_cost",
    "statutory_notice_weeks",
    "statutory_redundancy_pay",
    "statutory_redundancy_weeks",
    "statutory_weeks_for_year_at_age",
    "team_exit_cost",
    "transition_assumptions",
    "transition_input_is_default",
    "transition_parameters",
    "weekly_pay",
]
