"""A plan field's number rule, read from the plan model (mocmo.plan.rules): the limits and the
words are those the model's validators enforce, found along a plan path."""

from __future__ import annotations

import pytest

from mocmo.plan.rules import NumberRule, allows, number_rule


@pytest.mark.parametrize(
    ("path", "rule", "words"),
    [
        # Fraction (_fraction): 0 to 1
        ("assumptions.on_costs.employer_ni_rate", NumberRule(0, 1), "a fraction from 0 to 1"),
        # Money (_positive, _at_most(MAX_MONEY = 1e9)) inside a list item's band
        ("marops_roles[2].band.low", NumberRule(0, 1e9, low_open=True),
         "a number greater than 0, at most 1,000,000,000"),
        # Month (_month): whole 1 to MAX_MONTH = 36, through an Optional
        ("assumptions.pay_review.first_month", NumberRule(1, 36, whole=True),
         "a whole number from 1 to 36"),
        # Headcount: Field(ge=1) and _at_most(100,000), an int
        ("legacy_roles[0].headcount", NumberRule(1, 100_000, whole=True),
         "a whole number from 1 to 100,000"),
        # a transition input: the limits its own check uses
        ("assumptions.transition.overlap_months", NumberRule(0, 12, whole=True),
         "a whole number from 0 to 12"),
    ],
)  # fmt: skip
def test_rules_read_from_the_model(path: str, rule: NumberRule, words: str) -> None:
    found = number_rule(path)
    assert found == rule
    assert found is not None and found.words.startswith(words)


def test_no_rule_for_text_or_unknown_paths() -> None:
    assert number_rule("meta.name") is None
    assert number_rule("assumptions.no_such_field") is None
    assert number_rule("legacy_roles[0].nope.x") is None


def test_allows_keeps_the_rule() -> None:
    month = NumberRule(1, 36, whole=True)
    assert allows(month, 1) and allows(month, 36)
    assert not allows(month, 0) and not allows(month, 37) and not allows(month, 2.5)
    positive = NumberRule(0, None, low_open=True)
    assert allows(positive, 1e-9) and not allows(positive, 0) and not allows(positive, float("nan"))
