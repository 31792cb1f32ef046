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


def test_frozen_layers_then_numpy_layers_give_the_whole_minilm():
    """Layers 0-3 (torch, batched with padding) followed by the shipped layers 4-5 in numpy must
    give what the whole MiniLM gives for the pair: the split the cross-encoder is built on."""
    import torch

    tokenizer, minilm = _minilm()
    pairs = [
        ("Police said 49 people were killed in Orlando.", "The Orlando shooting killed 49, police said."),
        ("The senator voted against the bill.", "A much longer second sentence about the budget vote today."),
    ]
    states = ce.frozen_states(pairs)
    state = minilm.state_dict()
    for (a, b), x in zip(pairs, states, strict=True):
        enc = tokenizer(a, b, return_tensors="pt")
        assert len(x) == enc["input_ids"].shape[1]
        with torch.no_grad():
            want = minilm(**enc).last_hidden_state[0].numpy()
        for n in (4, 5):
            x = bert_layer(
                x,
                layer_weights(
                    {
                        f"{ours}.{p}": state[f"encoder.layer.{n}.{theirs}.{p}"].numpy()
                        for ours, theirs in MINILM_LAYER_NAMES.items()
                        for p in ("weight", "bias")
                    }
                ),
            )
        np.testing.assert_allclose(x, want, atol=5e-3)


def test_shipped_cross_encoder_separates_a_paraphrase_from_an_unrelated_pair():
    model = ce.load()
    assert len(model.layers) == 2 and model.head_weight.shape == (2 * ce.WIDTH,)
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


def test_unsure_story_fits_and_pair_decisions_are_rechecked_by_the_cross_encoder(monkeypatch):
    """Inside cross_encoder.BAND the story fit is the cross-encoder's mean over the story's most
    probable members, and `eval pairs`' decision is the cross-encoder's; outside it, the verifier's."""
    from dataclasses import replace

    from reportedly.fuse import embed, match
    from reportedly.fuse.facts import facts_of_texts
    from tests.test_fusion_match import DAY, ORLANDO, indexed

    new = replace(facts_of_texts([ORLANDO[0]])[0], id=77, article_id=77, published=DAY)
    vector = embed.encode([new.text])[0]
    other = facts_of_texts(["The Senate voted on Tuesday to confirm the new secretary of the Army."])[0]
    u, v = embed.encode([new.text, other.text])
    monkeypatch.setattr(ce, "BAND", (2.0, 3.0))  # never unsure
    index = indexed(ORLANDO)
    plain = match.story_fit(index, new, vector, 1)
    assert not index.crossed
    assert "cross-encoder" not in match.decide(new, other, u, v)[2]
    monkeypatch.setattr(ce, "BAND", (0.0, 1.01))  # always unsure
    index = indexed(ORLANDO)
    fit = match.story_fit(index, new, vector, 1)
    assert len(index.crossed) == min(ce.TOP, len(ORLANDO))
    want = ce.load().probability([(new.text, t) for t in ORLANDO])
    top = sorted(range(len(ORLANDO)), key=lambda m: -index.judged[(77, m)])[: ce.TOP]
    assert fit == pytest.approx(float(np.mean(want[top])), abs=1e-5) and fit != pytest.approx(plain)
    same, p, reason = match.decide(new, other, u, v)
    assert "cross-encoder" in reason and not same
    assert p == pytest.approx(float(ce.load().probability([(new.text, other.text)])[0]), abs=1e-5)
