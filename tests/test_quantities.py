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


def found(nlp, text):
    from reportedly.extract.quantities import find_quantities

    return find_quantities(nlp(text))


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("They hired a dozen engineers.", 12, None),
        ("A thousand people marched.", 1000, None),
        ("He was offered a million dollars.", 1e6, "USD"),
        ("One hundred and fifty men were arrested.", 150, None),
        ("It raised $1.2bn last year.", 1.2e9, "USD"),
        ("The fund holds €10B in bonds.", 1e10, "EUR"),
        ("The mine cost C$5 million.", 5e6, "CAD"),
        ("The tower sold for HK$3bn.", 3e9, "HKD"),
        ("Each bond pays US$40.", 40, "USD"),
        ("Turnout was 64%.", 64, "percent"),
        ("About 4 in 10 voters approve.", 40, "percent"),
        ("Half of voters stayed home.", 50, "percent"),
        ("A third of the staff left.", 33.33, "percent"),
        ("Two-thirds of members agreed.", 66.67, "percent"),
        ("They spent nearly half a million dollars.", 5e5, "USD"),
        ("He trailed by less than one-half of 1 percent.", 0.5, "percent"),
        ("Brent fell 24 cents.", 0.24, "USD"),
        ("He led by more than 5percentage points.", 5, "point"),
    ],
)
def test_number_words_fractions_and_currencies(nlp, text, value, unit):
    (q,) = found(nlp, text)
    assert q.value == pytest.approx(value, rel=1e-3) and q.unit == unit, q


def test_currency_sign_stays_with_its_number(nlp):
    (q,) = found(nlp, "The company paid more than $21 million for the building, the filing said.")
    assert (q.span.text, q.unit, q.bound, q.low) == ("more than $21 million", "USD", "lower", 21e6)


def test_range_does_not_also_yield_its_upper_end(nlp):
    (q,) = found(nlp, "Patients received between 44 and 50 mg of the drug.")
    assert (q.bound, q.low, q.high, q.value, q.unit) == ("range", 44, 50, None, "mg")


def test_tens_of_thousands_is_one_vague_figure(nlp):
    (q,) = found(nlp, "Tens of thousands of people marched.")
    assert (q.span.text, q.bound, q.low, q.approximate) == ("Tens of thousands", "vague", 20000, True)


@pytest.mark.parametrize(
    "text",
    [
        "Call 800-273-8255 or (202) 555-0143 for help.",
        "The S&P 500 closed higher on Monday.",
        "Cruz grew up in the 80's in Houston.",
        "It ran from 1979 to 1989.",
        "The GTX 1060 is slower.",
    ],
)
def test_not_figures(nlp, text):
    assert found(nlp, text) == []


def test_won_seats_are_not_korean_won(nlp):
    won, seats = found(nlp, "The coalition won 112 of the 199 seats.")
    assert (won.value, won.unit, seats.value, seats.role) == (112, None, 199, "total")


def test_change_and_level_are_kept_apart(nlp):
    change, level = found(nlp, "U.S. crude fell 3.38% to $55.12 by the end of October.")
    assert (change.value, change.unit, change.role, change.direction) == (
        3.38,
        "percent",
        "decrement",
        "down",
    )
    assert (level.value, level.unit, level.role, level.direction) == (55.12, "USD", "total", None)
    assert change.measured.head == level.measured.head == "crude"
    assert level.as_of.text == "by the end of October" and level.as_of.date is None


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("Pfizer's stock closed down 2.7 percent at $31.32.", [("decrement", "down"), ("total", None)]),
        ("Last year 32 percent opposed the tax, down from 47 percent in 2009.", [("total", None)] * 2),
        ("The economy added 151,000 jobs in January.", [("increment", "up")]),
        (
            "It raised $21 million in January, bringing its total to $95 million.",
            [("increment", "up"), ("total", None)],
        ),
        ("Registration was up by 123 percent.", [("increment", "up")]),
        ("Ethanol would make up 14 billion gallons of that mandate.", [("unspecified", None)]),
    ],
)
def test_roles_and_directions(nlp, text, roles):
    assert [(q.role, q.direction) for q in found(nlp, text)] == roles


@pytest.mark.parametrize(
    ("text", "head"),
    [
        ("Turnout was 64%.", "turnout"),
        ("Just 9 percent of voters changed their minds.", "voter"),
        ("They have about $1.3 trillion in student debt.", "debt"),
        ("The new Sportback is just over 16 feet long.", "length"),
        ("He won 83% of voters under 30 in Pennsylvania and 74% in Indiana.", "voter"),
        ("Amazon offers the MacBook for $700.", "price"),
    ],
)
def test_measured_variable(nlp, text, head):
    qs = [q for q in found(nlp, text) if q.unit in ("percent", "USD", "foot", None) and q.value != 30]
    assert qs and all(q.measured is not None and q.measured.head == head for q in qs), qs


def test_as_of_date_resolves_when_the_text_gives_a_full_date(nlp):
    (q,) = found(nlp, "As of 29 November 2018, thirty artworks will light up the city.")
    assert q.value == 30 and q.as_of.date == "2018-11-29"


def test_figures_in_a_source_reach_a_claim(analyze):
    qs = quantities(
        analyze, "A poll found that 70 percent of registered voters said they would vote for her."
    )
    assert [q.value for q in qs] == [70]


@pytest.mark.parametrize(
    ("text", "as_of"),
    [("So far, 20 people have died.", "So far"), ("Currently, 20 people are missing.", "Currently")],
)
def test_one_and_two_word_time_adverbs_date_a_figure(analyze, text, as_of):
    (quantity,) = [q for c in analyze(text).claims for q in c.quantities]
    assert quantity.as_of is not None and quantity.as_of.text == as_of
