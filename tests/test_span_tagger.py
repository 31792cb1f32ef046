"""The learned cue tagger: shipped and loadable offline, leaves the pipeline's entities alone,
and drives the extraction (the rules then find source and content from the tagged cue)."""

from __future__ import annotations

import pytest

from reportedly.extract import span_tagger, tagged
from reportedly.extract.entities import build_entities
from tests.conftest import find_with_cue


def test_cue_tagger_is_shipped_in_the_package():
    assert span_tagger.tagger("cue") is not None
    assert (span_tagger.MODEL_DIR / "cue" / "training.json").exists()


def test_tagger_marks_a_plain_reporting_verb_and_keeps_doc_ents(nlp):
    doc = nlp("The mayor of Boston said on Monday that the bridge would reopen in May.")
    before = [(e.start, e.end, e.label_) for e in doc.ents]
    cues = span_tagger.predict(doc, "cue")
    assert any("said" in doc[a:b].text for a, b in cues)
    assert [(e.start, e.end, e.label_) for e in doc.ents] == before


def test_missing_tagger_predicts_nothing(nlp, monkeypatch, tmp_path):
    monkeypatch.setenv(span_tagger.DIR_ENV, str(tmp_path))
    span_tagger.tagger.cache_clear()
    try:
        assert span_tagger.tagger("cue") is None
        assert span_tagger.predict(nlp("He said so."), "cue") == []
        assert not tagged.enabled()
    finally:
        monkeypatch.delenv(span_tagger.DIR_ENV)
        span_tagger.tagger.cache_clear()


def _find_with_cues(nlp, monkeypatch, text: str, cue_text: str):
    doc, found, _span = find_with_cue(nlp, monkeypatch, text, cue_text)
    return doc, found


def test_a_tagged_multiword_cue_unknown_to_the_lexicon_gets_source_and_content(nlp, monkeypatch):
    text = "The senator reserved his most eloquent passion for the farm bill."
    doc, found = _find_with_cues(nlp, monkeypatch, text, "reserved his most eloquent passion for")
    assert len(found) == 1
    attr = found[0]
    cue = doc[min(attr.cue_tokens) : max(attr.cue_tokens) + 1]
    assert cue.text == "reserved his most eloquent passion for"
    assert attr.source is not None and attr.source.span.text == "The senator"
    assert text[attr.content[0] : attr.content[1]] == "the farm bill"


def test_the_rules_alone_pick_no_cue_the_tagger_did_not_mark(nlp, monkeypatch):
    text = "The minister said that the bridge would reopen in May, and the mayor agreed."
    _, found = _find_with_cues(nlp, monkeypatch, text, "said")
    assert [text[a.content[0] : a.content[1]] for a in found] == ["that the bridge would reopen in May"]


def test_rules_mode_ignores_the_tagger(nlp, monkeypatch):
    monkeypatch.setenv(tagged.MODE_ENV, "rules")
    monkeypatch.setattr(span_tagger, "predict", lambda d, role: pytest.fail("tagger called"))
    doc = nlp("The minister said that the bridge would reopen in May.")
    found = tagged.find_attributions(doc, build_entities(doc))
    assert [a.source.span.text for a in found] == ["The minister"]


def test_nested_levels_need_a_new_source_not_a_pronoun(nlp, monkeypatch):
    text = "Reuters reported that the mayor said that he believes the dam is failing."
    doc, found = _find_with_cues(nlp, monkeypatch, text, "reported")
    cues = sorted(doc[a.cue_head].text for a in found)
    assert cues == ["reported", "said"]  # "he believes" is the mayor hedging, not a third source
