"""mocmo — Mini CMO: redesign a B2B marketing team for the AI era, and cost it.

The public face of the package. Everything is computed from a :class:`Plan`::

    import mocmo
    plan = mocmo.load_plan("plans/my-team.yaml")
    mocmo.headline(plan)          # the figures `mocmo summary --json` prints
"""

from __future__ import annotations

from mocmo.plan import (
    SCHEMA_VERSION,
    Plan,
    PlanError,
    Problem,
    load_plan,
    plan_from_yaml,
    save_plan,
    with_changes,
    with_value,
)
from mocmo.summary import checks, headline

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Plan",
    "PlanError",
    "Problem",
    "__version__",
    "checks",
    "headline",
    "load_plan",
    "plan_from_yaml",
    "save_plan",
    "with_changes",
    "with_value",
]
