"""Content spans drawn as PolNeAR's annotators draw them, one convention per case (cue pinned)."""

from __future__ import annotations

import pytest

from tests.conftest import find_with_cue


def content_of(nlp, monkeypatch, text: str, cue: str) -> str:
    doc, found, span = find_with_cue(nlp, monkeypatch, text, cue)
    mine = [a for a in found if span.start in a.cue_tokens]
    assert mine, f"no attribution for cue {cue!r}"
    attr = mine[0]
    pieces = attr.fragments or [attr.content]
    return " | ".join(doc.text[a:b] for a, b in pieces)


@pytest.mark.parametrize(
    ("text", "cue", "content", "not_in"),
    [
        (  # a leading adverbial clause frames the verb; the object is what was proposed
            "After meeting civil leaders in Harlem, the senator proposed new rules for schools.",
            "proposed",
            "new rules for schools",
            "After meeting",
        ),
        (  # a trailing participle set off by a comma is the verb's adjunct, not its content
            "The campaign pushed back against the attack on her record, calling it desperate.",
            "pushed back against",
            "the attack on her record",
            "calling",
        ),
        (  # a coordinated verb sharing the subject is the subject's next act, not the content
            "The candidate questioned the ally's commitment to peace, and refused to back the plan.",
            "questioned",
            "the ally's commitment to peace",
            "refused",
        ),
    ],
)
def test_own_adjuncts_are_not_parenthetical_content(nlp, monkeypatch, text, cue, content, not_in):
    got = content_of(nlp, monkeypatch, text, cue)
    assert content in got
    assert not_in not in got


def test_clause_after_the_verb_is_its_content(nlp, monkeypatch):
    text = "The story never ran; my editor argued the piece made the senator look too good."
    got = content_of(nlp, monkeypatch, text, "argued")
    assert "the piece made the senator look too good" in got
    assert "never ran" not in got


def test_clause_before_a_verb_with_its_own_object_is_not_reported(nlp, monkeypatch):
    text = "Yet, much like Kerry found himself playing defense, Republicans are seizing an opportunity."
    got = content_of(nlp, monkeypatch, text, "are seizing")
    assert "Kerry" not in got


def test_clause_before_a_verb_of_telling_is_reported(nlp, monkeypatch):
    text = "The economy is recovering, the governor told the Associated Press."
    assert content_of(nlp, monkeypatch, text, "told") == "The economy is recovering"


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "The historian, who has written about census controversies, said the count was flawed.",
            "has written about",
            "census controversies",
        ),
        (
            "The senator, who once boasted of his record on civil rights, now faces a tough race.",
            "boasted of",
            "his record on civil rights",
        ),
    ],
)
def test_cue_closing_on_a_preposition_takes_its_object(nlp, monkeypatch, text, cue, content):
    assert content_of(nlp, monkeypatch, text, cue).startswith(content)


def test_according_to_keeps_its_source(nlp, monkeypatch):
    text = "Prices rose by 5 percent last month, according to official data."
    assert content_of(nlp, monkeypatch, text, "according to") == "Prices rose by 5 percent last month"


@pytest.mark.parametrize(
    ("text", "tagged", "cue"),
    [
        ("The senator said in the statement that taxes would rise.", "said in the", "said in the statement"),
        ("Voters are embracing an idea of fairness this year.", "are embracing an", "are embracing"),
        ("The senator said in the statement that taxes would rise.", "said", "said"),
    ],
)
def test_cue_closed_inside_a_noun_phrase_is_mended(nlp, monkeypatch, text, tagged, cue):
    doc, found, span = find_with_cue(nlp, monkeypatch, text, tagged)
    cues = [doc[a.cue_tokens[0] : a.cue_tokens[-1] + 1].text for a in found if span.start in a.cue_tokens]
    assert cues == [cue]


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "The governor said in an interview that the budget would pass.",
            "said in",
            "that the budget would pass",
        ),
        ('"We will win the state," she said in a radio interview.', "said in", "We will win the state"),
        (
            '"They are very open to new things," the director said of the campaign.',
            "said of",
            "They are very",
        ),
    ],
)
def test_saying_in_a_frame_keeps_the_words_said(nlp, monkeypatch, text, cue, content):
    assert content_of(nlp, monkeypatch, text, cue).startswith(content)


@pytest.mark.parametrize(
    ("text", "cue", "not_in"),
    [
        (
            "Only after it became clear that most Americans agreed with him did his critics try a new tack.",
            "agreed",
            "became clear",
        ),
        (
            "The enmity only escalated after the judge ordered the release of internal documents; the case"
            " is set to go to trial.",
            "ordered",
            "enmity",
        ),
    ],
)
def test_subordinate_clause_does_not_report_its_main_clause(nlp, monkeypatch, text, cue, not_in):
    assert not_in not in content_of(nlp, monkeypatch, text, cue)


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "Cruz's allies promoted the news as a positive sign for the campaign.",
            "promoted",
            "the news as a positive sign for the campaign",
        ),
        (
            "Rubio is congratulating Trump for his victory in South Carolina.",
            "is congratulating",
            "Trump for his victory in South Carolina",
        ),
        (
            "The senator has cited his role as grand marshal of the parade in 2004.",
            "has cited",
            "his role as grand marshal of the parade in 2004",
        ),
        (  # read off the cue's dependents (cue_frame)
            "Bloomberg lists them as the fifth and sixth richest men in the world.",
            "lists",
            "them as the fifth and sixth richest men in the world",
        ),
    ],
)
def test_object_content_runs_on_through_following_prepositions(nlp, monkeypatch, text, cue, content):
    assert content_of(nlp, monkeypatch, text, cue) == content
