"""Certainty as the claim labelling guide reads it (benchmarks/data/pages/README.md): typographic
negations, negative pronouns, deontic "should" and hypothetical "would", inabilities, concessive
"if", first-person beliefs, exhortations, "seems", and "claims"/"alleges" read from the source's
side. Each case has a twin that must keep the old reading, so a rule that fires everywhere fails."""

from __future__ import annotations

import pytest

from tests.conftest import claim_with


def level(analyze, text: str, fragment: str) -> tuple[str, str]:
    c = claim_with(analyze(text), fragment).certainty
    return c.level, c.polarity


@pytest.mark.parametrize(
    ("text", "fragment", "expected"),
    [
        ("Andrew doesn\u2019t remember the party.", "remember", ("asserted", "negative")),
        ("Andrew doesn't remember the party.", "remember", ("asserted", "negative")),
        ("Neither is likely to inspire the confidence of investors.", "inspire", ("probable", "negative")),
        ("We have learned nothing new from the hearings.", "learned", ("asserted", "negative")),
        ("We have learned something new from the hearings.", "learned", ("asserted", "positive")),
        ("There is absolutely no room for compromise.", "room", ("asserted", "negative")),
    ],
)
def test_negations(analyze, text, fragment, expected):
    assert level(analyze, text, fragment) == expected


@pytest.mark.parametrize(
    ("text", "fragment", "expected"),
    [
        ("The coach should be disciplined by the league.", "disciplined", ("asserted", "positive")),
        ("The bill would impose sanctions on officials.", "impose", ("asserted", "positive")),
        ("Democrats couldn\u2019t wrap up the inquiry this year.", "wrap", ("asserted", "negative")),
        ("Democrats could wrap up the inquiry this year.", "wrap", ("possible", "positive")),
        ("The delay might hurt the company.", "hurt", ("possible", "positive")),
    ],
)
def test_modals(analyze, text, fragment, expected):
    assert level(analyze, text, fragment) == expected


@pytest.mark.parametrize(
    ("text", "fragment", "expected"),
    [
        ("They will let the inquiry run, even if it stretches into next year.", "run", "asserted"),
        ("If anything, this was the second election decided by health care.", "second", "asserted"),
        ("If the talks fail, the company will close its plants.", "close", "uncertain"),
    ],
)
def test_concessive_if_is_no_condition(analyze, text, fragment, expected):
    assert level(analyze, text, fragment)[0] == expected


@pytest.mark.parametrize(
    ("text", "fragment", "expected"),
    [
        ("\u201cI still think we have enough players to win,\u201d the coach said.", "enough", "probable"),
        ("\u201cWe have enough players to win,\u201d the coach said.", "enough", "asserted"),
        ("The minister felt honor-bound to resign after the vote.", "honor-bound", "asserted"),
    ],
)
def test_first_person_belief_is_probable(analyze, text, fragment, expected):
    assert level(analyze, text, fragment)[0] == expected


def test_exhortation_is_uncertain(analyze):
    assert level(analyze, "Let\u2019s see if the minister can keep his promise this time.", "promise")[0] == (
        "uncertain"
    )
    assert level(analyze, "The minister kept his promise this time.", "promise")[0] == "asserted"


def test_seems_is_probable(analyze):
    assert level(analyze, "A muddled view of the talks seems to be weighing on investors.", "weighing") == (
        "probable",
        "positive",
    )


def test_claims_is_read_from_the_source_side(analyze):
    claimed = claim_with(analyze("Andrew claims that he came under fire in the war."), "came under fire")
    believed = claim_with(analyze("Andrew believes that he came under fire in the war."), "came under fire")
    alleged = claim_with(analyze("The suspect is alleged to have fled to Spain."), "fled")
    assert claimed.certainty.level == "asserted"
    assert believed.certainty.level == "probable"
    assert alleged.certainty.level != "asserted"  # no source to hold it: still a hedge


@pytest.mark.parametrize(
    ("text", "fragment", "expected"),
    [
        ("The reporter did an excellent job pressing the alleged trafficker.", "excellent job", "asserted"),
        ("The firm faces an inquiry into potential rule violations.", "inquiry", "asserted"),
        ("A victory for the party is likely.", "victory", "probable"),
        ("This decision has been seen as weakening the chief executive.", "weakening", "probable"),
        ("\u201cI couldn't believe what I was hearing,\u201d the officer said.", "hearing", "asserted"),
    ],
)
def test_hedges_that_do_and_do_not_reach_the_clause(analyze, text, fragment, expected):
    assert level(analyze, text, fragment)[0] == expected
