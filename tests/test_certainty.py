"""Certainty levels (FactBank-style) and their cue spans."""

from __future__ import annotations

import pytest

from tests.conftest import claim_with


@pytest.mark.parametrize(
    ("text", "fragment", "level", "factbank", "cues"),
    [
        ("The army withdrew from the town.", "withdrew", "asserted", "CT+", []),
        ("Russia may likely provide missiles to the group.", "provide", "possible", "PS+", ["may", "likely"]),
        ("The plant is possibly being used to store fuel.", "store fuel", "possible", "PS+", ["possibly"]),
        ("The deal seems to be collapsing.", "collapsing", "probable", "PR+", ["seems"]),
        ("The president will probably veto the bill.", "veto", "probable", "PR+", ["probably"]),
        ("The minister did not attend the summit.", "attend", "asserted", "CT-", ["not"]),
        ("The rebels might not accept the offer.", "accept", "possible", "PS-", ["might", "not"]),
        ("The suspect allegedly fled to Spain.", "fled", "uncertain", "Uu", ["allegedly"]),
        ("If the talks fail, fighting would resume.", "fighting", "uncertain", "Uu", ["If"]),
    ],
)
def test_levels(analyze, text, fragment, level, factbank, cues):
    claim = claim_with(analyze(text), fragment)
    assert claim.certainty.level == level
    assert claim.certainty.factbank == factbank
    assert [c.span.text for c in claim.certainty.cues if c.kind != "approximator"] == cues


def test_not_only_is_not_negation(analyze):
    claim = claim_with(analyze("The troops will not only defend but will also attack."), "troops")
    assert claim.certainty.polarity == "positive"


def test_introducing_cue_sets_level(analyze):
    claim = claim_with(analyze("Officials believe that the virus escaped from a lab."), "virus")
    assert claim.certainty.level == "probable"
    assert "believe" in [c.span.text for c in claim.certainty.cues]


def test_approximator_listed_but_level_unchanged(analyze):
    claim = claim_with(analyze("The army sent about 3,000 soldiers."), "soldiers")
    assert claim.certainty.level == "asserted"
    assert [c.kind for c in claim.certainty.cues] == ["approximator"]
    assert claim.certainty.cues[0].span.text == "about"


def test_hedge_spans_point_into_text(analyze):
    a = analyze("The ship was possibly hit by a missile.")
    cue = a.claims[0].certainty.cues[0].span
    assert a.document.text[cue.start : cue.end] == "possibly"


def test_tokens_passed_over_by_the_cue_word_lists_are_no_cues(nlp):
    from reportedly.extract import lexicon
    from reportedly.extract.certainty import _token_cue, token_cues

    doc = nlp(
        "The minister would not necessarily deny that about 20 people may have died, and officials "
        "could not confirm whether the dam, which is believed to be failing, seems unsafe. "
        "It is unclear if the army failed to withdraw without evidence; she probably left. "
        "Andrew doesn\u2019t remember it; we learned nothing. Let's see. It has been seen as weak. "
        "I think that she claims nobody left."
    )
    for introducing, levels in ((False, lexicon.RAISING_LEVEL), (True, lexicon.VERB_LEVEL)):
        every_token = [c for t in doc if (c := _token_cue(doc, t, levels, introducing)) is not None]
        assert len(every_token) >= 8
        assert token_cues(doc, 0, len(doc), introducing=introducing) == every_token


def test_a_question_mark_token_at_or_just_after_the_claim_makes_it_a_question(nlp):
    from reportedly.extract.certainty import question_cue

    doc = nlp("Will the bridge reopen? It will.")
    cue = question_cue(doc, 0, 4)  # the claim ends before its "?"
    assert cue is not None and cue.span.text == "?" and cue.level == "uncertain"
    assert question_cue(doc, 5, 7) is None
    url = nlp("See www.example.com/?q=1 now.")
    assert any("?" in t.text and t.text != "?" for t in url)
    assert question_cue(url, 0, len(url)) is None
