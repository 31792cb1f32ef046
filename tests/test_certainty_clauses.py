"""Certainty per clause, on real sentences from the shared data (UW, UDS-IH2, PolNeAR; quoted
as found there): passive raising, open questions, non-confirmation, failure, weakened negation,
reported-speech "would", hedged sources, questions, and hedges kept to their own clause."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from reportedly.evaluate.factuality import scores
from reportedly.extract.certainty import clause_certainty
from tests.conftest import claim_with


def kinds(claim) -> list[tuple[str, str]]:
    return [(c.kind, c.span.text) for c in claim.certainty.cues]


def event(nlp, words: str, word: str):
    doc = nlp(Doc(nlp.vocab, words=words.split()))
    return doc, next(t.i for t in doc if t.text == word)


def test_passive_raising_hedges(analyze):
    claim = claim_with(analyze("The two men are believed to live in the Cleveland area."), "live")
    assert claim.certainty.level == "probable"
    assert ("verb", "believed") in kinds(claim)


def test_whether_after_investigating_leaves_the_clause_open(nlp):
    doc, i = event(
        nlp,
        "Now officials are investigating whether , Rudolph , who remains at large , is linked to all three",
        "linked",
    )
    assert clause_certainty(doc, i).factbank == "Uu"
    assert clause_certainty(doc, next(t.i for t in doc if t.text == "investigating")).factbank == "CT+"


def test_unclear_whether_on_an_attributed_claim(analyze):
    text = (
        "The Miami relatives have left unclear whether they will willingly relinquish custody of Elian , "
        "and have done their best to stir passions against the Justice Department among Cuban - Americans "
        "in South Florida ."
    )
    claim = claim_with(analyze(text), "relinquish")
    assert claim.certainty.level == "uncertain"
    assert ("question", "whether") in kinds(claim)


def test_could_not_confirm_is_not_an_assertion(nlp):
    text = (
        "He said he can not confirm there is any evidence linking the bomb blasts at the U.S. embassies in "
        "Kenya and Tanzania to the Saudi millionaire"
    )
    doc, i = event(nlp, text, "confirm")
    certainty = clause_certainty(doc, i)
    assert certainty.factbank == "Uu"
    assert "non_confirmation" in [c.kind for c in certainty.cues]


def test_failed_to_negates_the_complement(analyze, nlp):
    text = (
        "A casual, get-acquainted summit meeting between Mr. Obama and Mr. Xi at the Sunnylands estate in "
        "California in June 2013 had failed to break the ice."
    )
    claim = claim_with(analyze(text), "break the ice")
    assert claim.certainty.polarity == "negative"
    assert ("negation", "failed") in kinds(claim)
    words = "percentage points as the worst-case scenarios failed to materialize ."
    doc, i = event(nlp, "it increased its British growth forecast by 0.1 " + words, "materialize")
    assert clause_certainty(doc, i).factbank == "CT-"


def test_not_necessarily_is_not_full_negation(analyze):
    text = (
        "UNOS spokeswoman Donna Henry Wright says the new policy would not necessarily be more fair "
        "or effective because allowances are already made for the most needy patients ."
    )
    claim = claim_with(analyze(text), "more fair")
    assert claim.certainty.polarity == "positive"
    assert claim.certainty.level == "possible"
    assert ("adverb", "not necessarily") in kinds(claim)


def test_reported_speech_would_is_not_a_hedge(analyze):
    text = "Previously , Gonzalez had said he would never come here to get his son ."
    claim = claim_with(analyze(text), "come")
    assert "modal" not in [k for k, _ in kinds(claim)]
    assert claim.certainty.factbank == "CT-"


def test_would_under_if_stays_a_hedge(analyze):
    text = (
        "Gonzalez said he would go get his son alone if U.S. authorities promised they would turn Elian "
        "over to him immediately and allow them to fly back to Cuba right away , Castro said Sunday ."
    )
    claim = claim_with(analyze(text), "go get")
    assert claim.certainty.level != "asserted"


def test_hedged_source_lowers_certainty_and_shows_as_reason(analyze):
    text = "The group might come to the U.S. as soon as Tuesday , according to unconfirmed media reports ."
    claim = claim_with(analyze(text), "come to the U.S.")
    assert ("source_hedge", "unconfirmed") in kinds(claim)


def test_without_evidence_is_a_source_hedge_not_a_negation(analyze):
    text = (
        "She also said, without evidence, that “they are going to people, showing videos of Donald Trump "
        "insulting Islam and Muslims in order to recruit more radical jihadists."
    )
    claim = claim_with(analyze(text), "going to people")
    assert claim.certainty.polarity == "positive"
    assert ("source_hedge", "without evidence") in kinds(claim)


def test_question_is_not_asserted(analyze):
    claim = claim_with(analyze("The question is who will Cubans believe ?"), "Cubans")
    assert claim.certainty.level == "uncertain"
    assert "question" in [k for k, _ in kinds(claim)]


def test_hedge_stays_in_its_own_clause(analyze, nlp):
    text = "I figured it would end soon , but the money just kept coming in ."
    claim = claim_with(analyze(text), "kept coming")
    assert claim.certainty.level == "asserted"
    doc, kept = event(nlp, "I figured it would end soon , but the money just kept coming in .", "kept")
    end = next(t.i for t in doc if t.text == "end")
    got = scores("rules", doc, [kept, end])
    # "would" after "figured" is a future in the past, no hedge (the claim labelling guide), so both
    # clauses are asserted; test_certainty_conventions keeps a real hedge to its own clause
    assert got == [3.0, 3.0]


@pytest.mark.parametrize(
    ("text", "fragment", "level"),
    [
        ("Officials believe that the virus escaped from a lab.", "virus", "probable"),
        ("If the talks fail, fighting would resume.", "fighting", "uncertain"),
    ],
)
def test_existing_cases_unchanged(analyze, text, fragment, level):
    assert claim_with(analyze(text), fragment).certainty.level == level


def test_claim_without_a_predicate_still_gets_a_certainty(analyze, monkeypatch):
    from reportedly.extract import claims

    monkeypatch.setattr(claims, "main_predicate", lambda *a, **k: None)
    claim = claim_with(analyze("The two men are believed to live in the Cleveland area."), "live")
    assert claim.certainty.score is None
    assert all(c.kind != "question" for c in claim.certainty.cues)


def test_a_conditional_on_the_authors_perception_frame_is_rhetoric():
    from reportedly.analyze import analyze_text

    framed = analyze_text("But if we widen our perspective, we can see that the company has its own plans.")
    real = analyze_text("If the talks fail, the company will close its plants.")
    assert [c.certainty.factbank for c in framed.claims] == ["CT+"]
    assert all(c.certainty.factbank == "Uu" for c in real.claims) and real.claims
