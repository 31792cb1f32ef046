"""The pair cross-encoder (fuse/cross_encoder.py): frozen MiniLM layers 0-3 in torch, the
fine-tuned layers 4-5 and the head in numpy, weights shipped in the package."""

from __future__ import annotations

import numpy as np
import pytest

from reportedly.evaluate.pairs import Pair, polnear_halves
from reportedly.fuse import cross_encoder as ce
from reportedly.minilm_layers import MINILM_LAYER_NAMES, bert_layer, layer_weights

pytest.importorskip("transformers")


def _minilm():
    from transformers import AutoModel, AutoTokenizer

    from reportedly.minilm import MiniLMMissing, model_path

    try:
        path = model_path()
    except MiniLMMissing:
        pytest.skip("MiniLM package not installed")
    return AutoTokenizer.from_pretrained(str(path)), AutoModel.from_pretrained(str(path)).eval()


def _shipped_layers(x: np.ndarray, state: dict, layers) -> np.ndarray:
    """x through the shipped MiniLM's `layers` (numbers) in numpy."""
    for n in layers:
        weights = {
            f"{ours}.{p}": state[f"encoder.layer.{n}.{theirs}.{p}"].numpy()
            for ours, theirs in MINILM_LAYER_NAMES.items()
            for p in ("weight", "bias")
        }
        x = bert_layer(x, layer_weights(weights))
    return x


def test_frozen_layers_then_numpy_layers_give_the_whole_minilm():
    """Layers 0-3 (torch, batched with padding) followed by the shipped layers 4-5 in numpy must
    give what the whole MiniLM gives for the pair: the split the cross-encoder is built on."""
    import torch

    tokenizer, minilm = _minilm()
    pairs = [
        ("Police said 49 people were killed in Orlando.", "The Orlando shooting killed 49, police said."),
        ("The senator voted against the bill.", "A much longer second sentence about the budget vote today."),
    ]
    states = ce.frozen_states(pairs, 4)
    state = minilm.state_dict()
    for (a, b), x in zip(pairs, states, strict=True):
        enc = tokenizer(a, b, return_tensors="pt")
        assert len(x) == enc["input_ids"].shape[1]
        with torch.no_grad():
            want = minilm(**enc).last_hidden_state[0].numpy()
        np.testing.assert_allclose(_shipped_layers(x, state, (4, 5)), want, atol=5e-3)


def test_shipped_cross_encoder_separates_a_paraphrase_from_an_unrelated_pair():
    model = ce.load()
    assert model.first in (0, 4) and model.head_weight.shape == (2 * ce.WIDTH,)
    claim = "Police said on Sunday that 49 people were killed in the Orlando nightclub shooting."
    p = model.probability(
        [
            (claim, "The Orlando nightclub shooting killed 49 people, police said on Sunday."),
            (claim, "The senator said the tax bill would pass the chamber next week."),
        ]
    )
    assert p.shape == (2,) and np.all((p > 0) & (p < 1))
    assert p[0] >= model.threshold > p[1]
    assert model.probability([]).shape == (0,)


def test_missing_weights_are_a_clear_error(monkeypatch):
    monkeypatch.setattr(ce, "WEIGHTS", "no_such_cross_encoder.npz")
    ce.load.cache_clear()
    try:
        with pytest.raises(ce.CrossEncoderMissing, match=r"no_such_cross_encoder\.npz"):
            ce.load()
    finally:
        monkeypatch.undo()
        ce.load.cache_clear()


def test_polnear_halves_keep_each_first_claim_on_one_side():
    pairs = [Pair(bool(n % 2), f"doc@{n // 3}", f"other@{n}", "a", "b") for n in range(60)]
    first, second = polnear_halves(pairs)
    assert len(first) + len(second) == 60 and first and second
    assert not {p.id1 for p in first} & {p.id1 for p in second}
    assert polnear_halves(pairs) == (first, second)


def test_stories_the_verifier_is_unsure_of_are_read_by_the_cross_encoder(monkeypatch):
    """Where the verifier's best member lies in cross_encoder.BAND, the cross-encoder reads the
    claim with the story's most probable members: the story fits at the join threshold when it
    accepts them, and not at all otherwise; `eval pairs`' decision in the band is the
    cross-encoder's. Outside the band the cross-encoder is never asked."""
    from dataclasses import replace

    from reportedly.fuse import embed, match
    from reportedly.fuse.facts import facts_of_texts
    from tests.test_fusion_match import DAY, ORLANDO, indexed

    new = replace(facts_of_texts([ORLANDO[0]])[0], id=77, article_id=77, published=DAY)
    vector = embed.encode([new.text])[0]
    other = facts_of_texts(["The Senate voted on Tuesday to confirm the new secretary of the Army."])[0]
    u, v = embed.encode([new.text, other.text])
    monkeypatch.setattr(ce, "VETO", None)
    monkeypatch.setattr(ce, "BAND", (2.0, 3.0))  # never unsure
    index = indexed(ORLANDO)
    plain = match.story_fit(index, new, vector, 1)
    assert not index.crossed and plain >= match.join_threshold()
    assert "cross-encoder" not in match.decide(new, other, u, v)[2]
    monkeypatch.setattr(ce, "BAND", (0.0, 1.01))  # always unsure
    index = indexed(ORLANDO)
    fit = match.story_fit(index, new, vector, 1)
    assert len(index.crossed) == min(ce.TOP, len(ORLANDO))
    want = ce.load().probability([(new.text, t) for t in ORLANDO])
    top = sorted(range(len(ORLANDO)), key=lambda m: -index.judged[(77, m)])[: ce.TOP]
    accepted = float(np.mean(want[top])) >= ce.load().threshold
    assert accepted and fit == match.join_threshold()
    assert match.best_story(index, new, vector) == (1, match.join_threshold())
    same, p, reason = match.decide(new, other, u, v)
    assert "cross-encoder" in reason and not same
    assert p == pytest.approx(float(ce.load().probability([(new.text, other.text)])[0]), abs=1e-5)


def test_a_story_the_cross_encoder_rejects_is_no_candidate(monkeypatch):
    from dataclasses import replace

    from reportedly.fuse import embed, match
    from reportedly.fuse.facts import facts_of_texts
    from tests.test_fusion_match import DAY, ORLANDO, indexed

    text = "The Senate voted on Tuesday to confirm the new secretary of the Army."
    new = replace(facts_of_texts([text])[0], id=78, article_id=78, published=DAY)
    vector = embed.encode([text])[0]
    monkeypatch.setattr(ce, "BAND", (0.0, 1.01))
    monkeypatch.setattr(match, "JOIN_COSINE", None)  # the cosine floor would refuse it first
    index = indexed(ORLANDO)
    assert match.story_fit(index, new, vector, 1) == -1.0 and index.crossed


def test_embeddings_then_all_numpy_layers_give_the_whole_minilm():
    """With first = 0 the frozen part is the embeddings alone; the six shipped layers in numpy
    over them give the whole MiniLM (the split a fully fine-tuned cross-encoder runs on)."""
    import torch

    tokenizer, minilm = _minilm()
    pair = ("Police said 49 people were killed in Orlando.", "The Orlando shooting killed 49, police said.")
    (x,) = ce.frozen_states([pair], 0)
    state = minilm.state_dict()
    with torch.no_grad():
        want = minilm(**tokenizer(*pair, return_tensors="pt")).last_hidden_state[0].numpy()
    np.testing.assert_allclose(_shipped_layers(x, state, range(6)), want, atol=1e-2)
    with pytest.raises(ce.CrossEncoderMissing, match="first fine-tuned layer"):
        ce.frozen_states([pair], 2)


def test_the_torch_reader_matches_the_numpy_layers_it_was_trained_as():
    """The shipped fine-tuned layers, swapped into MiniLM and read in a padded torch batch, give
    what the frozen part plus the layers in numpy (the training's own twin) give, pair by pair."""
    from importlib import resources

    model = ce.load()
    pairs = [
        ("Police said 49 people were killed in Orlando.", "The Orlando shooting killed 49, police said."),
        ("The senator voted against the bill.", "A much longer second sentence about the budget vote today."),
        ("Comey said no charges would be filed.", "The FBI director recommended no charges against Clinton."),
    ]
    with (
        resources.as_file(resources.files("reportedly.data").joinpath(ce.WEIGHTS)) as path,
        np.load(path) as a,
    ):
        count = sum(1 for k in a.files if k.startswith("layers.") and k.endswith(".query.weight"))
        layers = [
            layer_weights(
                {
                    k[len(f"layers.{n}.") :]: a[k].astype(np.float32)
                    for k in a.files
                    if k.startswith(f"layers.{n}.")
                }
            )
            for n in range(count)
        ]
    want = []
    for x in ce.frozen_states(pairs, model.first):
        for layer in layers:
            x = bert_layer(x, layer)
        logit = np.concatenate([x[0], x.mean(0)]) @ model.head_weight + model.head_bias
        want.append(1 / (1 + np.exp(-logit)))
    np.testing.assert_allclose(model.probability(pairs), want, atol=2e-3)


def test_the_cross_encoder_can_veto_a_story_the_verifier_accepts(monkeypatch):
    from dataclasses import replace

    from reportedly.fuse import embed, match
    from reportedly.fuse.facts import facts_of_texts
    from tests.test_fusion_match import DAY, ORLANDO, indexed

    new = replace(facts_of_texts([ORLANDO[1]])[0], id=79, article_id=79, published=DAY)
    vector = embed.encode([new.text])[0]
    monkeypatch.setattr(ce, "BAND", None)
    monkeypatch.setattr(ce, "VETO", None)
    index = indexed(ORLANDO)
    assert match.best_story(index, new, vector)[0] == 1 and not index.crossed
    monkeypatch.setattr(ce, "VETO", 0.01)  # the cross-encoder agrees: the join stands
    index = indexed(ORLANDO)
    assert match.best_story(index, new, vector)[0] == 1 and index.crossed
    monkeypatch.setattr(ce, "VETO", 1.01)  # never sure enough: refused
    index = indexed(ORLANDO)
    assert match.best_story(index, new, vector)[0] is None
    assert match.story_fit(index, new, vector, 1) == -1.0
