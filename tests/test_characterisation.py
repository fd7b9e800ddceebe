"""Characterisation: the restructuring leaves every headline figure as it was recorded.

The files under tests/data/characterisation/ were written by scripts/record_characterisation.py
from the code before the restructuring of issue #16 (one new org, the figure registry, split
modules). They are not hand figures: they pin behaviour, while the hand-derived tests elsewhere
pin correctness. A deliberate change of a figure re-records them in the same commit and says so.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

from mocmo import summary
from mocmo.plan import load_plan
from mocmo.synthetic import synthetic_plan

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "characterisation"
sys.path.insert(0, str(ROOT / "scripts"))
from record_characterisation import SYNTHETIC  # noqa: E402


def _plan(name: str):  # type: ignore[no-untyped-def]
    if name == "brightwave":
        return load_plan(ROOT / "data" / "examples" / "brightwave.yaml")
    return synthetic_plan(**SYNTHETIC[name])  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["brightwave", *SYNTHETIC])
def test_every_recorded_figure_is_unchanged(name: str) -> None:
    """Every `summary --json` figure recorded before the restructuring is still produced, equal
    to 1e-9 relative (None stays None), and no recorded key disappears."""
    recorded = json.loads((DATA / f"{name}.json").read_text())
    now = summary.headline(_plan(name))
    missing = sorted(set(recorded) - set(now))
    assert not missing, f"figures no longer produced: {missing}"
    differing = {
        key: (value, now[key])
        for key, value in recorded.items()
        if not (
            value == now[key]
            or (
                isinstance(value, (int, float))
                and isinstance(now[key], (int, float))
                and math.isclose(value, now[key], rel_tol=1e-9, abs_tol=1e-9)
            )
        )
    }
    assert not differing, f"figures changed (recorded, now): {differing}"
