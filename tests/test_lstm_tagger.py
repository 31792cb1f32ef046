"""The default cue tagger: shipped as plain arrays and run in numpy (no torch), the same
numbers as the torch network it was trained as, and it drives the extraction (the rules then
find source and content from the tagged cue)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from spacy.strings import get_string_id

from reportedly.extract.attribution.taggers import bio, lstm_tagger, tagged
from reportedly.extract.entities import build_entities
from tests.conftest import find_with_cue


def test_cue_tagger_is_shipped_in_the_package():
    assert lstm_tagger.tagger("cue") is not None
    assert (lstm_tagger.MODEL_DIR / "cue" / "training.json").exists()


def test_tagger_marks_reporting_cues(nlp):
    doc = nlp(
        "The mayor of Boston said on Monday that the bridge would reopen in May. "
        "The dam is failing, according to officials."
    )
    cues = [doc[a:b].text for a, b in lstm_tagger.predict(doc, "cue")]
    assert "said" in cues and "according to" in cues


def test_the_default_mode_runs_without_torch(nlp, monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # importing torch now fails
    doc = nlp("The minister said that the bridge would reopen in May.")
    found = tagged.find_attributions(doc, build_entities(doc))
    assert [a.source.span.text for a in found] == ["The minister"]


def test_unknown_values_take_the_unknown_row():
    vocab = lstm_tagger.Vocab(["said", "told", "according"])
    keys = np.array([get_string_id(w) for w in ["told", "zzzunseen", "said"]], dtype=np.uint64)
    assert vocab.lookup(keys).tolist() == [3, lstm_tagger.UNKNOWN, 2]
    assert lstm_tagger.Vocab([]).lookup(keys).tolist() == [lstm_tagger.UNKNOWN] * 3


def test_a_tagger_without_weights_gives_embedding_rows(nlp):
    """scripts/train_lstm_tagger.py reads the rows of its training tokens from a tagger that has
    vocabularies and no network yet."""
    doc = nlp("The mayor said the plan worked.")
    rows = lstm_tagger.LstmTagger([lstm_tagger.Vocab(["said"])] + [lstm_tagger.Vocab([])] * 6, {})
    ids = rows.ids(doc)
    assert ids.shape == (len(doc), len(lstm_tagger.FEATURES))
    assert ids[2, 0] == 2 and ids[0, 0] == lstm_tagger.UNKNOWN and rows.bilstm is None


def test_distinct_rows_are_numpys_unique_rows():
    rng = np.random.default_rng(0)
    sizes = [30000, 15000, 3000, 110, 300, 50, 50]  # their product overflows one 64-bit key
    ids = np.stack([rng.integers(0, min(s, 40), 500) for s in sizes], 1)
    ids[250:] = ids[:250]  # repeated rows
    distinct, rows = lstm_tagger.distinct_rows(ids, sizes)
    expected, inverse = np.unique(ids, axis=0, return_inverse=True)
    assert np.array_equal(distinct, expected) and np.array_equal(rows, inverse.reshape(-1))


def test_sentences_are_read_independently_of_their_neighbours(nlp):
    doc = nlp("Officials said the dam held. It rained. Reporters told readers that it did not.")
    model = lstm_tagger.tagger("cue")
    ranges = bio.sentence_ranges(doc)
    together = model.scores(doc, ranges)
    for a, b in ranges:
        alone = model.scores(doc, [(a, b)])
        assert np.allclose(together[a:b], alone[a:b], atol=1e-5)


def _textbook_scores(model, doc, a: int, b: int) -> np.ndarray:
    """B/I/O log-probabilities of sentence [a, b) by the LSTM equations, one token at a time
    (torch's gate order i, f, g, o), for the shipped weights as they are stored."""
    w = model.weights
    ids = model.ids(doc)[a:b]
    x = np.concatenate([w[f"embed.{k}.weight"][ids[:, k]] for k in range(len(lstm_tagger.FEATURES))], 1)

    def sigmoid(v):
        return 1.0 / (1.0 + np.exp(-v))

    states = []
    for suffix, order in (("", range(b - a)), ("_reverse", range(b - a - 1, -1, -1))):
        hidden = w[f"lstm.weight_hh_l0{suffix}"].shape[1]
        h, c, out = np.zeros(hidden), np.zeros(hidden), np.zeros((b - a, hidden))
        for t in order:
            g = w[f"lstm.weight_ih_l0{suffix}"] @ x[t] + w[f"lstm.weight_hh_l0{suffix}"] @ h
            g += w[f"lstm.bias_ih_l0{suffix}"] + w[f"lstm.bias_hh_l0{suffix}"]
            i, f, cell, o = np.split(g, 4)
            c = sigmoid(f) * c + sigmoid(i) * np.tanh(cell)
            h = out[t] = sigmoid(o) * np.tanh(c)
        states.append(out)
    logits = np.concatenate(states, 1) @ w["out.weight"].T + w["out.bias"]
    return logits - np.log(np.exp(logits).sum(1, keepdims=True))


def test_sentences_read_side_by_side_score_as_the_lstm_equations_one_by_one(nlp):
    doc = nlp(
        "The minister said on Monday that the bridge, closed since the storm, would reopen in May. "
        "It rained. Officials told reporters that the dam held, the agency reported. The end"
    )
    model = lstm_tagger.tagger("cue")
    ranges = bio.sentence_ranges(doc)
    assert len({b - a for a, b in ranges}) == len(ranges) > 2  # sentences of different lengths
    scores = model.scores(doc, ranges)
    for a, b in ranges:
        assert np.allclose(scores[a:b], _textbook_scores(model, doc, a, b), atol=1e-4)


def test_numpy_inference_matches_the_torch_network_it_was_trained_as(nlp, tmp_path):
    torch = pytest.importorskip("torch")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    from train_lstm_tagger import Net, export

    doc = nlp("Officials said the dam held. It rained for days, the agency reported on Monday.")
    values = {name: sorted({getattr(t, name + "_") for t in doc} - {""}) for name, _ in lstm_tagger.FEATURES}
    torch.manual_seed(0)
    net = Net([len(values[name]) + 2 for name, _ in lstm_tagger.FEATURES], hidden=8, dropout=0.0).eval()
    model = export(net, values, tmp_path, hidden=8)
    ranges = bio.sentence_ranges(doc)
    ids = torch.from_numpy(model.ids(doc))
    with torch.no_grad():
        net.embed.load_state_dict({k: v.half().float() for k, v in net.embed.state_dict().items()})
        for a, b in ranges:
            expected = torch.log_softmax(net(ids[None, a:b], [b - a]), -1)[0].numpy()
            assert np.allclose(model.scores(doc, ranges)[a:b], expected, atol=1e-5)


def test_missing_tagger_predicts_nothing(nlp, monkeypatch, tmp_path):
    monkeypatch.setenv(lstm_tagger.DIR_ENV, str(tmp_path))
    lstm_tagger.tagger.cache_clear()
    try:
        assert lstm_tagger.tagger("cue") is None
        assert lstm_tagger.predict(nlp("He said so."), "cue") == []
        assert not tagged.enabled()
    finally:
        monkeypatch.delenv(lstm_tagger.DIR_ENV)
        lstm_tagger.tagger.cache_clear()


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
    monkeypatch.setattr(lstm_tagger, "predict", lambda d, role: pytest.fail("tagger called"))
    doc = nlp("The minister said that the bridge would reopen in May.")
    found = tagged.find_attributions(doc, build_entities(doc))
    assert [a.source.span.text for a in found] == ["The minister"]


def test_nested_levels_need_a_new_source_not_a_pronoun(nlp, monkeypatch):
    text = "Reuters reported that the mayor said that he believes the dam is failing."
    doc, found = _find_with_cues(nlp, monkeypatch, text, "reported")
    cues = sorted(doc[a.cue_head].text for a in found)
    assert cues == ["reported", "said"]  # "he believes" is the mayor hedging, not a third source
