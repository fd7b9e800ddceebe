"""The input differences in plain words live in mocmo.diff (mocmo.compare keeps the figures)."""

from __future__ import annotations

from plans import minimal_plan

import mocmo.compare
import mocmo.diff
from mocmo.diff import Difference, plan_differences
from mocmo.plan import with_changes


def test_the_words_diff_is_its_own_module_and_compare_still_offers_it() -> None:
    """mocmo.diff defines plan_differences and Difference; mocmo.compare's names are the same
    objects, so `from mocmo.compare import plan_differences` keeps working."""
    assert plan_differences.__module__ == "mocmo.diff"
    assert Difference.__module__ == "mocmo.diff.words"
    assert mocmo.compare.plan_differences is mocmo.diff.plan_differences
    assert mocmo.compare.Difference is mocmo.diff.Difference


def test_added_and_removed_items_of_each_list_are_worded_with_their_place() -> None:
    """A product added, a phase removed and a phase added each read as one line at their
    index in the plan they are in: added ones at B's index, removed ones at A's."""
    a = minimal_plan()
    b = with_changes(
        a,
        {
            "products": [
                {"name": "Product A", "description": "The one product"},
                {"name": "Product B", "description": ""},
            ],
            "phases": [
                {"name": "Pilot", "start_month": 2, "months": 3},
                {"name": "Map workflows", "start_month": 1, "months": 3},
            ],
            "hires[0].phase": "Pilot",
        },
    )
    found = [(d.kind, d.path, d.text) for d in plan_differences(a, b)]
    assert ("product", "products[1]", "Product added: Product B") in found
    assert ("phase", "phases[0]", "Phase added: 'Pilot' (months 2–4)") in found
    assert ("phase", "phases[1]", "Phase removed: 'Audience waves'") in found
