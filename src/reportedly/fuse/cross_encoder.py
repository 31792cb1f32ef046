"""The pair cross-encoder: both claims in one input ([CLS] a [SEP] b [SEP]) read by
all-MiniLM-L6-v2 as shipped, with its top layers (4-5) and a small head fine-tuned on paraphrase
pairs (scripts/train_cross_encoder.py). Layers 0-3 are the shipped ones, run in torch (the
context tagger's encoder, one instance per process); the fine-tuned layers and the head ship in
src/reportedly/data/cross_encoder.npz (float16) and run in numpy. Slower than the feature
verifier (fuse/verify.py), so fusion asks it only about pairs the verifier is unsure of."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from reportedly.minilm_layers import bert_layer, layer_weights

WEIGHTS = "cross_encoder.npz"
# feature-verifier probabilities (a pair's, or a story's average link) the cross-encoder re-checks;
# outside it the verifier's word stands (None: never). With (0.3, 0.65): held-out PolNeAR pairs
# recall 36.6 -> 60.8 at precision 92.4 -> 90.4; fusion_real (254 articles, 8,503 claims) recall
# 20.3 -> 22.1, gold-pair precision 75.8 -> 84.6, at about half the fusion speed. But on the pairs
# fusion really meets (benchmarks/data/story_pairs.tsv, 300 labelled) precision falls 12.1 -> 8.0
# (false matches 80 -> 126): off by default; benchmarks turn it on with --cross-band / --band.
BAND: tuple[float, float] | None = None
TOP = 3  # a story's members, most probable by the verifier, the cross-encoder reads
MAX_PIECES = 160  # word pieces of a pair; longer pairs lose words from the longer text
WIDTH = 384


class CrossEncoderMissing(Exception):
    pass


def _encoder():
    from reportedly.extract.attribution.taggers.context_tagger import ContextTaggerError, encoder

    try:
        return encoder()
    except ContextTaggerError as exc:
        raise CrossEncoderMissing(f"the cross-encoder's MiniLM layers are not available ({exc})") from None


def frozen_states(pairs: list[tuple[str, str]], batch: int = 32) -> list[np.ndarray]:
    """Each pair's word pieces [pieces, 384] after MiniLM's embeddings and layers 0-3 (frozen):
    the input of the fine-tuned layers. Batches are formed by length to pad little."""
    import torch

    tokenizer, model = _encoder()
    order = sorted(range(len(pairs)), key=lambda n: len(pairs[n][0]) + len(pairs[n][1]))
    out: list[np.ndarray] = [np.zeros((0, WIDTH), np.float32)] * len(pairs)
    for b in range(0, len(order), batch):
        chunk = order[b : b + batch]
        enc = tokenizer(
            [pairs[n][0] for n in chunk],
            [pairs[n][1] for n in chunk],
            truncation="longest_first",
            max_length=MAX_PIECES,
            padding=True,
            return_tensors="pt",
        )
        with torch.inference_mode():
            states = model(**enc).last_hidden_state.numpy()
        for k, size in enumerate(enc["attention_mask"].sum(1).tolist()):
            out[chunk[k]] = states[k, :size]
    return out


@dataclass
class CrossEncoder:
    layers: list[dict[str, np.ndarray]]  # from minilm_layers.layer_weights
    head_weight: np.ndarray  # [2 * WIDTH]: the [CLS] output and the mean of all outputs
    head_bias: float
    threshold: float
    info: dict

    def probability_of_states(self, states: list[np.ndarray]) -> np.ndarray:
        """P(same proposition) from frozen_states' output (numpy on one BLAS thread: OpenBLAS
        splitting these small products over the cores ran 4 times slower here)."""
        from reportedly.extract.blas_threads import one_blas_thread

        logits = np.zeros(len(states), dtype=np.float32)
        with one_blas_thread():
            for n, x in enumerate(states):
                h = np.asarray(x, dtype=np.float32)
                for layer in self.layers:
                    h = bert_layer(h, layer)
                logits[n] = np.concatenate([h[0], h.mean(0)]) @ self.head_weight + self.head_bias
        return 1.0 / (1.0 + np.exp(-logits))

    def probability(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """P(same proposition) of each (text, text) pair, read in the order given (the new claim
        first in fusion); reading both orders would double the cost for little gain."""
        if not pairs:
            return np.zeros(0, dtype=np.float32)
        return self.probability_of_states(frozen_states(pairs))


def in_band(p: float) -> bool:
    return BAND is not None and BAND[0] <= p < BAND[1]


def from_arrays(arrays) -> CrossEncoder:
    count = sum(1 for k in arrays.files if k.startswith("layers.") and k.endswith(".query.weight"))
    layers = [
        layer_weights(
            {
                k[len(f"layers.{n}.") :]: arrays[k].astype(np.float32)
                for k in arrays.files
                if k.startswith(f"layers.{n}.")
            }
        )
        for n in range(count)
    ]
    return CrossEncoder(
        layers,
        arrays["head.weight"].astype(np.float32).reshape(-1),
        float(arrays["head.bias"].reshape(-1)[0]),
        float(arrays["threshold"]),
        json.loads(str(arrays["info"])),
    )


@lru_cache(maxsize=1)
def load() -> CrossEncoder:
    resource = resources.files("reportedly.data").joinpath(WEIGHTS)
    if not resource.is_file():
        raise CrossEncoderMissing(f"{WEIGHTS}: the cross-encoder's weights are not in the package")
    with resources.as_file(resource) as path, np.load(path) as arrays:
        return from_arrays(arrays)
