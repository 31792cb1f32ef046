"""Source and content of tagged cues no reporting-verb rule fits, and attributions marked by
punctuation (transcript speaker labels, quote-dash-name)."""

from __future__ import annotations

from reportedly.extract.attribution.cue_frame import UNNAMED
from reportedly.extract.attribution.taggers import tagged
from reportedly.extract.entities import build_entities
from tests.conftest import find_with_cue


def _find_with_cue(nlp, monkeypatch, text: str, cue_text: str):
    doc, found, span = find_with_cue(nlp, monkeypatch, text, cue_text)
    return doc, [a for a in found if span.start in a.cue_tokens]


def _content(text: str, attr) -> str:
    return text[attr.content[0] : attr.content[1]]


def test_prepositional_cue_takes_its_object_as_content_and_the_conjunct_subject_as_source(nlp, monkeypatch):
    text = "Senator Jane Roe criticized the trade deals and called for steep new tariffs on steel."
    _, found = _find_with_cue(nlp, monkeypatch, text, "called for")
    assert len(found) == 1
    assert found[0].source.span.text == "Senator Jane Roe"
    assert _content(text, found[0]) == "steep new tariffs on steel"
    assert found[0].cue_type == "object"  # a noun phrase: a relation, not a claim


def test_passive_cue_with_an_agent_takes_the_subject_as_content(nlp, monkeypatch):
    text = "The ruling was overturned by an appeals court in Richmond."
    _, found = _find_with_cue(nlp, monkeypatch, text, "was overturned by")
    assert len(found) == 1
    assert found[0].source.span.text == "an appeals court in Richmond"
    assert _content(text, found[0]) == "The ruling"


def test_agentless_passive_cue_has_an_unnamed_vague_source(nlp, monkeypatch):
    text = "The new reactor is considered a serious threat to the region."
    _, found = _find_with_cue(nlp, monkeypatch, text, "is considered")
    assert len(found) == 1
    assert found[0].source.name == UNNAMED and found[0].source.kind == "vague"
    assert found[0].source.span is None
    assert "The new reactor" in _content(text, found[0])


def test_a_tagged_confirmation_of_earlier_content_is_left_to_the_confirmations(nlp, monkeypatch, analyze):
    text = "CNN reported that troops were moving. This information was confirmed by Western agencies."
    _, found = _find_with_cue(nlp, monkeypatch, text, "was confirmed by")
    assert found == []  # not a claim whose content is "This information"
    claim = analyze(text).claims[0]
    assert [c.source.name for c in claim.confirmations] == ["Western agencies"]


def test_a_tagged_preposition_takes_its_object_as_source(nlp, monkeypatch):
    text = "In the latest Gallup poll, the senator leads her rival by four points."
    _, found = _find_with_cue(nlp, monkeypatch, text, "In")
    assert len(found) == 1
    assert found[0].source.span.text == "the latest Gallup poll"
    assert _content(text, found[0]) == "the senator leads her rival by four points"
    assert found[0].cue_type == "according_to"


def test_a_tagged_topic_preposition_does_not_make_its_object_the_source(nlp, monkeypatch):
    text = "Against the advice of his aides, the senator voted for the bill."
    _, found = _find_with_cue(nlp, monkeypatch, text, "Against")
    assert all(a.source.span is None or "advice" not in a.source.span.text for a in found)


def test_noun_cue_takes_its_owner_as_source(nlp, monkeypatch):
    text = "His obsession with the border wall dominated the rally."
    _, found = _find_with_cue(nlp, monkeypatch, text, "obsession with")
    assert len(found) == 1
    assert found[0].source.span.text == "His"
    assert _content(text, found[0]) == "the border wall"


def test_transcript_speaker_labels_are_attributions(nlp):
    text = (
        "The debate opened with a question on trade.\n\n"
        "WALLACE: Do you really see those two as equivalent?\n\n"
        "PENCE: Well, look, the governor has been clear about this.\n\n"
        "UPDATE: The transcript was corrected on Tuesday.\n"
    )
    doc = nlp(text)
    found = tagged.find_attributions(doc, build_entities(doc))
    speakers = {a.source.span.text: _content(text, a) for a in found if a.cue_type == "colon"}
    assert speakers == {
        "WALLACE": "Do you really see those two as equivalent?",
        "PENCE": "Well, look, the governor has been clear about this.",
    }


def test_a_quotation_continued_after_the_frame_is_one_content_in_two_fragments(nlp):
    text = (
        "“It’s hard to avoid,” said Ryan Ellis, a tax consultant. “Any time you cut taxes, "
        "the rich gain most.”\n\nThe bill passed."
    )
    doc = nlp(text)
    found = tagged.find_attributions(doc, build_entities(doc))
    attr = next(a for a in found if doc[a.cue_head].text == "said")
    assert [text[a:b] for a, b in attr.fragments] == [
        "It’s hard to avoid",
        "Any time you cut taxes, the rich gain most.",
    ]


def test_doubled_apostrophes_pair_as_quotation_marks(nlp):
    text = "''This isn't tax reform,'' said Douglas Holtz-Eakin, an economist. ''It is a giveaway.''"
    doc = nlp(text)
    found = tagged.find_attributions(doc, build_entities(doc))
    attr = next(a for a in found if doc[a.cue_head].text == "said")
    assert [text[a:b] for a, b in attr.fragments] == ["This isn't tax reform", "It is a giveaway."]


def test_leading_framing_phrase_is_not_content(nlp, monkeypatch):
    text = "In July, the teachers union called for a moratorium on charter schools."
    _, found = _find_with_cue(nlp, monkeypatch, text, "called for")
    assert [_content(text, a) for a in found] == ["a moratorium on charter schools"]


def test_tagged_verb_outside_the_lexicon_takes_its_object_first(nlp, monkeypatch):
    text = "The minister embraced a European military force, warning that the exit will weaken the continent."
    _, found = _find_with_cue(nlp, monkeypatch, text, "embraced")
    assert [_content(text, a) for a in found] == ["a European military force"]
    assert found[0].source.span.text == "The minister"


def test_expletive_it_of_a_passive_cue_is_not_content(nlp, monkeypatch):
    text = "It is said that North Korea is seeking a new place in the world."
    _, found = _find_with_cue(nlp, monkeypatch, text, "is said")
    assert [_content(text, a) for a in found] == ["that North Korea is seeking a new place in the world"]
    assert found[0].source.name == UNNAMED


def test_modal_agentless_passive_is_the_authors_own_hedge(nlp, monkeypatch):
    text = "It can be said that North Korea is seeking a new place in the world."
    _, found = _find_with_cue(nlp, monkeypatch, text, "can be said")
    assert [_content(text, a) for a in found] == ["that North Korea is seeking a new place in the world"]
    assert found[0].source.kind == "author"
