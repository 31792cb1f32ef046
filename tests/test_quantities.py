"""Quantity normalisation: value, bounds, approximation, counted thing, unit, role."""

from __future__ import annotations

import pytest

from reportedly.extract.quantities import parse_number


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["30,000"], 30000),
        (["1.5", "million"], 1.5e6),
        (["twelve", "thousand"], 12000),
        (["12k"], 12000),
        (["three"], 3),
        (["2", "billion"], 2e9),
        (["forty", "thousand"], 40000),
        (["banana"], None),
    ],
)
def test_parse_number(words, value):
    assert parse_number(words) == value


def quantities(analyze, text):
    return [q for c in analyze(text).claims for q in c.quantities]


def test_seed_sentence_quantities(analyze):
    qs = quantities(
        analyze,
        "North Korea plans to send about 30,000 additional soldiers to "
        "Russia, bringing the total number to over 40,000.",
    )
    first, second = qs
    assert (first.value, first.approximate, first.bound, first.thing, first.role) == (
        30000,
        True,
        "exact",
        "soldier",
        "increment",
    )
    assert first.span.text == "about 30,000"
    assert (second.value, second.low, second.bound, second.inclusive, second.role) == (
        40000,
        40000,
        "lower",
        False,
        "total",
    )
    assert second.thing == "soldier"  # inherited from "the total number" of soldiers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("At least 12 people died.", dict(value=12, bound="lower", inclusive=True, thing="people")),
        ("Up to 500 tanks were moved.", dict(value=500, bound="upper", high=500, thing="tank")),
        ("Nearly 2 million refugees fled.", dict(value=2e6, bound="upper", approximate=True)),
        (
            "Between 10,000 and 12,000 troops took part.",
            dict(value=None, low=10000, high=12000, bound="range"),
        ),
        ("Turnout was 64 percent.", dict(value=64, unit="percent")),
        ("The deal is worth $5 billion.", dict(value=5e9, unit="USD")),
        (
            "More than 300 drones were launched.",
            dict(value=300, bound="lower", inclusive=False, role="unspecified"),
        ),
        ("Thousands of protesters gathered.", dict(value=None, bound="vague", thing="protester")),
        ("They killed 40 soldiers, 200 in total since March.", dict(value=40, thing="soldier")),
    ],
)
def test_quantity_forms(analyze, text, expected):
    q = quantities(analyze, text)[0]
    for key, value in expected.items():
        assert getattr(q, key) == value, (key, q)


def test_years_and_ordinals_are_not_quantities(analyze):
    assert quantities(analyze, "In 2012 the first election was held on March 3.") == []


def test_one_of_is_not_a_quantity(analyze):
    assert quantities(analyze, "Russia is one of the few powers that supports it.") == []
