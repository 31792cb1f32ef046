"""The learned event factuality model: its features, the shipped numpy model, and its score on
each claim's predicate (real sentences from UW dev and UDS-IH2)."""

from __future__ import annotations

import numpy as np
import pytest
from spacy.tokens import Doc

from reportedly.extract import factuality
from tests.conftest import claim_with

needs_model = pytest.mark.skipif(factuality.model() is None, reason="no factuality model shipped")
UW = (
    "President Fidel Castro said Tuesday his government told U.S. officials it is worried that Miami - "
    "based exiles might take Elian Gonzalez to another country or even harm him if they lose their battle "
    "to block the boy 's return to Cuba ."
)


def parsed(nlp, words: str) -> Doc:
    return nlp(Doc(nlp.vocab, words=words.split()))


def test_features_describe_the_predicate_and_what_governs_it(nlp):
    doc = parsed(nlp, UW)
    take = next(t.i for t in doc if t.text == "take")
    feats = factuality.features(doc, take)
    assert "el=take" in feats and "ec=aux:might" in feats and "ecue=possible" in feats
    assert any(f.startswith("a1l=") for f in feats)  # the predicate above "take"
    lose = factuality.features(doc, next(t.i for t in doc if t.text == "lose"))
    assert "ec=mark:if" in lose


@needs_model
def test_event_rows_are_the_rows_of_the_event_features(nlp):
    """score() reads each described predicate's rows once per doc: the same rows, in the same
    order, as the feature strings give."""
    doc = parsed(nlp, UW)
    m = factuality.model()
    seen: dict = {}
    rows: dict = {}
    for tok in doc:
        expected = m.ids(factuality.features(doc, tok.i)).tolist()
        assert m.event_ids(doc, tok.i, seen, rows).tolist() == expected and expected
    assert rows  # the predicates' rows were kept for the next events


@needs_model
def test_hedged_and_conditional_events_score_below_asserted(nlp):
    doc = parsed(nlp, UW)
    said, take, lose = (next(t.i for t in doc if t.text == w) for w in ("said", "take", "lose"))
    got = factuality.score(doc, [said, take, lose])
    assert got.shape == (3,) and all(-3 <= x <= 3 for x in got)
    assert got[0] > 2.5 and got[1] < got[0] - 0.5 and got[2] < got[0] - 1


@needs_model
def test_claim_carries_the_model_score(analyze):
    analysis = analyze("The two men are believed to live in the Cleveland area.")
    claim = claim_with(analysis, "live")
    assert claim.certainty.score is not None and claim.certainty.score < 2.5


@needs_model
def test_a_documents_claims_are_scored_in_one_call(analyze, monkeypatch):
    calls = []
    real = factuality.score

    def spy(doc, tokens, vectors=None):
        got = real(doc, tokens, vectors)
        calls.append((list(tokens), got))
        return got

    monkeypatch.setattr(factuality, "score", spy)
    analysis = analyze(
        "The army withdrew from the town. Officials said the bridge might reopen in May. "
        "The two men are believed to live in the Cleveland area."
    )
    assert len(calls) == 1
    tokens, got = calls[0]
    assert len(tokens) == len(got) >= len(analysis.claims) >= 3
    rounded = {round(float(x), 2) for x in got}
    assert all(c.certainty.score in rounded for c in analysis.claims)
    assert len({c.certainty.score for c in analysis.claims}) > 1


def test_no_model_gives_no_score(monkeypatch, tmp_path, analyze):
    monkeypatch.setenv(factuality.DIR_ENV, str(tmp_path))
    factuality.model.cache_clear()
    try:
        assert factuality.score(parsed_blank(), [0]) is None
        claim = claim_with(analyze("The army withdrew from the town."), "withdrew")
        assert claim.certainty.score is None and claim.certainty.factbank == "CT+"
    finally:
        monkeypatch.delenv(factuality.DIR_ENV)
        factuality.model.cache_clear()


def parsed_blank() -> Doc:
    import spacy

    return Doc(spacy.blank("en").vocab, words=["x"])


@pytest.mark.skipif(factuality.model("context") is None, reason="no MiniLM factuality variant shipped")
def test_context_variant_reads_encoder_vectors(nlp):
    pytest.importorskip("torch")
    from reportedly.extract.attribution.taggers.context_tagger import token_features
    from reportedly.extract.spans import doc_text

    doc = parsed(nlp, UW)
    said, take, lose = (next(t.i for t in doc if t.text == w) for w in ("said", "take", "lose"))
    with pytest.raises(ValueError, match="reads encoder vectors"):
        factuality.model("context").score(doc, [said])
    vectors = token_features(doc, doc_text(doc))
    got = factuality.score(doc, [said, take, lose], vectors)
    assert got[0] > 2.5 and got[1] < got[0] - 0.5 and got[2] < got[0] - 1
    # one claim at a time (the sentence's fine-tuned layers then come from the doc's cache)
    one = [factuality.score(doc, [i], vectors)[0] for i in (lose, said, take)]
    np.testing.assert_allclose(one, got[[2, 0, 1]], atol=1e-5)
    assert not np.allclose(got, factuality.score(doc, [said, take, lose]))


@pytest.mark.skipif(factuality.model("context") is None, reason="no MiniLM factuality variant shipped")
def test_context_score_blends_in_the_default_model(nlp, monkeypatch):
    pytest.importorskip("torch")
    from dataclasses import replace

    from reportedly.extract.attribution.taggers.context_tagger import token_features
    from reportedly.extract.spans import doc_text

    doc = parsed(nlp, UW)
    tokens = [next(t.i for t in doc if t.text == w) for w in ("said", "take", "lose")]
    vectors = token_features(doc, doc_text(doc))
    head, default = factuality.model("context"), factuality.model()
    alone = replace(head, blend=0.0).score(doc, tokens, vectors)
    parse_only = default.score(doc, tokens)
    mixed = replace(head, blend=0.25)
    monkeypatch.setattr(factuality, "model", lambda variant="": mixed if variant == "context" else default)
    np.testing.assert_allclose(
        factuality.score(doc, tokens, vectors), 0.75 * alone + 0.25 * parse_only, atol=1e-5
    )


def test_numpy_bert_layer_matches_minilm():
    """The fine-tuned head's layers run in numpy; with the shipped MiniLM weights they must give
    what the transformers implementation gives (GELU in its tanh form: within 5e-3; a wrong
    head split or norm is off by ~1)."""
    torch = pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from reportedly import minilm_layers
    from reportedly.minilm import MiniLMMissing, model_path

    try:
        path = model_path()
    except MiniLMMissing:
        pytest.skip("MiniLM package not installed")
    from transformers import AutoModel

    minilm = AutoModel.from_pretrained(str(path)).eval()
    n = factuality.FIRST_TUNED_LAYER
    state = minilm.state_dict()
    weights = minilm_layers.layer_weights(
        {
            f"{ours}.{p}": state[f"encoder.layer.{n}.{theirs}.{p}"].numpy()
            for ours, theirs in minilm_layers.MINILM_LAYER_NAMES.items()
            for p in ("weight", "bias")
        }
    )
    x = np.random.default_rng(0).normal(size=(7, 384)).astype(np.float32)
    with torch.no_grad():
        want = minilm.encoder.layer[n](torch.from_numpy(x)[None])
    want = (want[0] if isinstance(want, tuple) else want)[0].numpy()
    got = minilm_layers.bert_layer(x, weights)
    assert got.shape == (7, 384)
    np.testing.assert_allclose(got, want, atol=5e-3)


def _random_net(rng: np.random.Generator, n_features: int, dim: int, hidden: int) -> dict[str, np.ndarray]:
    return {
        "embed": rng.normal(size=(n_features, dim)).astype(np.float32),
        "embed_bias": rng.normal(size=dim).astype(np.float32),
        "hidden.weight": rng.normal(size=(hidden, dim)).astype(np.float32),
        "hidden.bias": rng.normal(size=hidden).astype(np.float32),
        "out.weight": rng.normal(size=(1, hidden)).astype(np.float32) / 4,
        "out.bias": rng.normal(size=1).astype(np.float32),
    }


def test_packed_seeds_score_the_mean_of_their_members():
    rng = np.random.default_rng(0)
    members = [_random_net(rng, 30, 8, 6) for _ in range(3)]
    rows = {f"f{n}": n for n in range(30)}
    batch = [rng.choice(30, size=5, replace=False) for _ in range(7)]

    def raw(w):  # unclipped output, as score_ids computes it
        h = np.stack([w["embed"][ids].sum(0) for ids in batch]) + w["embed_bias"]
        h = np.maximum(h, 0) @ w["hidden.weight"].T + w["hidden.bias"]
        return (np.maximum(h, 0) @ w["out.weight"].T + w["out.bias"])[:, 0]

    want = np.clip(np.mean([raw(m) for m in members], 0), -3, 3)
    got = factuality.FactualityModel(rows, factuality.pack(members)).score_ids(batch)
    assert np.allclose(got, want, atol=1e-5)
    assert not np.allclose(got, factuality.FactualityModel(rows, members[0]).score_ids(batch))
    with pytest.raises(ValueError, match="fine-tuned layers"):
        factuality.pack([{**m, "layers.0.query.weight": np.zeros((2, 2))} for m in members])


def test_a_folder_with_members_scores_their_mean(tmp_path, nlp):
    """A model folder may list more networks over the same features (head seeds); its score is
    the mean of every member's."""
    import json

    rng = np.random.default_rng(1)
    feats = ["bias", "el=take", "ec=aux:might", "el=say", "et=VBD", factuality.DOMAIN]
    nets = [_random_net(rng, len(feats), 8, 6) for _ in range(2)]
    np.savez(tmp_path / "weights.npz", **nets[0])
    np.savez(tmp_path / "weights.2.npz", **nets[1])
    meta = {"features": feats}
    (tmp_path / "features.json").write_text(json.dumps(meta), encoding="utf-8")
    alone = factuality.load(tmp_path)
    meta["members"] = ["weights.2.npz"]
    (tmp_path / "features.json").write_text(json.dumps(meta), encoding="utf-8")
    both = factuality.load(tmp_path)
    other = factuality.FactualityModel(alone.rows, both.others[0].weights)
    doc = parsed(nlp, UW)
    tokens = [next(t.i for t in doc if t.text == w) for w in ("said", "take", "lose")]
    one, two = alone.score(doc, tokens), other.score(doc, tokens)
    assert not np.allclose(one, two)
    np.testing.assert_allclose(both.score(doc, tokens), (one + two) / 2, atol=1e-6)
