"""The pair cross-encoder: both claims in one input ([CLS] a [SEP] b [SEP]) read by
all-MiniLM-L6-v2 as shipped, with its layers from `first` up and a small head fine-tuned on
paraphrase pairs (scripts/train_cross_encoder.py). The fine-tuned layers and the head ship in
src/reportedly/data/cross_encoder.npz (float16); at load they replace those layers in a copy of
the shipped MiniLM, which reads the pairs in torch, in batches. Slower than the feature verifier
(fuse/verify.py), so fusion asks it only about stories the verifier accepts (VETO) or, when BAND
is set, is unsure of."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from reportedly.minilm_layers import MINILM_LAYER_NAMES

WEIGHTS = "cross_encoder.npz"
# The verifier probabilities (a pair's, or a story's best member's) where the cross-encoder reads
# the pair; outside it the verifier's word stands (None: never). It ends at match.ANCHOR. Off: on
# the 254-article ledger (benchmarks/results/fusion_real_cross_encoder2.json) band (0.1, 0.5) lifts
# gold-event recall 14.6 -> 17.3, but a reader found 56 of the 141 joins it made right, at three
# times the fusion time.
BAND: tuple[float, float] | None = None
# A story the verifier accepts is refused when the cross-encoder's mean probability over its most
# probable members is under VETO (None: never asked). At 0.1 on that ledger: gold pairs of one
# proposition together 30 of 105 as without it, passing mentions of the event 37 -> 19, held-out
# story pairs together 19 -> 11 with all 5 true ones kept, held-out ledger pairs 26 -> 21 of 59.
VETO: float | None = 0.1
TOP = 3  # a story's members, most probable by the verifier, the cross-encoder reads
STORIES = 2  # candidate stories in the band read per claim (the best by the verifier)
MAX_PIECES = 160  # word pieces of a pair; longer pairs lose words from the longer text
WIDTH = 384
BATCH = 32


class CrossEncoderMissing(Exception):
    pass


def _encoder():
    from reportedly.extract.attribution.taggers.context_tagger import ContextTaggerError, encoder

    try:
        return encoder()
    except ContextTaggerError as exc:
        raise CrossEncoderMissing(f"the cross-encoder's MiniLM layers are not available ({exc})") from None


def _batches(tokenizer, pairs: list[tuple[str, str]], batch: int):
    """(positions, tokenised batch) over the pairs, similar lengths together to pad little."""
    order = sorted(range(len(pairs)), key=lambda n: len(pairs[n][0]) + len(pairs[n][1]))
    for b in range(0, len(order), batch):
        chunk = order[b : b + batch]
        yield (
            chunk,
            tokenizer(
                [pairs[n][0] for n in chunk],
                [pairs[n][1] for n in chunk],
                truncation="longest_first",
                max_length=MAX_PIECES,
                padding=True,
                return_tensors="pt",
            ),
        )


def frozen_states(pairs: list[tuple[str, str]], first: int, batch: int = BATCH) -> list[np.ndarray]:
    """Each pair's word pieces [pieces, 384] after MiniLM's embeddings and, when `first` is 4,
    layers 0-3 (frozen): what training caches as the input of the fine-tuned layers."""
    import torch

    from reportedly.extract.attribution.taggers.context_tagger import LAYERS

    if first not in (0, LAYERS):
        raise CrossEncoderMissing(
            f"the cross-encoder's first fine-tuned layer must be 0 or {LAYERS}, not {first}"
        )
    tokenizer, model = _encoder()
    out: list[np.ndarray] = [np.zeros((0, WIDTH), np.float32)] * len(pairs)
    for chunk, enc in _batches(tokenizer, pairs, batch):
        with torch.inference_mode():
            if first == 0:
                states = model.embeddings(input_ids=enc["input_ids"], token_type_ids=enc["token_type_ids"])
            else:
                states = model(**enc).last_hidden_state
        for k, size in enumerate(enc["attention_mask"].sum(1).tolist()):
            out[chunk[k]] = states[k, :size].numpy()
    return out


@dataclass
class CrossEncoder:
    model: object  # the shipped MiniLM (transformers) with the fine-tuned layers in place
    tokenizer: object  # the shipped MiniLM's
    head_weight: np.ndarray  # [2 * WIDTH]: the [CLS] output and the mean of all outputs
    head_bias: float
    threshold: float
    info: dict
    first: int = 4  # the first fine-tuned MiniLM layer

    def probability(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """P(same proposition) of each (text, text) pair, read in the order given (the new claim
        first in fusion); reading both orders would double the cost for little gain."""
        import torch

        out = np.zeros(len(pairs), dtype=np.float32)
        weight = torch.from_numpy(self.head_weight)
        for chunk, enc in _batches(self.tokenizer, pairs, BATCH):
            with torch.inference_mode():
                h = self.model(**enc).last_hidden_state
                mask = enc["attention_mask"][..., None].to(h.dtype)
                pooled = torch.cat([h[:, 0], (h * mask).sum(1) / mask.sum(1)], -1)
                out[chunk] = (pooled @ weight + self.head_bias).numpy()
        return 1.0 / (1.0 + np.exp(-out))


def in_band(p: float) -> bool:
    return BAND is not None and BAND[0] <= p < BAND[1]


def _minilm_with(arrays, first: int):
    """(model, tokenizer): a fresh all-MiniLM-L6-v2 with layers first.. replaced by the shipped
    fine-tuned ones (which were trained with the tanh GELU, as minilm_layers.bert_layer runs it)."""
    import torch
    from transformers import AutoModel, AutoTokenizer
    from transformers.activations import ACT2FN

    from reportedly.minilm import MiniLMMissing, model_path

    try:
        path = str(model_path())
        model, tokenizer = AutoModel.from_pretrained(path).eval(), AutoTokenizer.from_pretrained(path)
    except (MiniLMMissing, OSError) as exc:
        raise CrossEncoderMissing(f"the cross-encoder's MiniLM is not available ({exc})") from None
    count = sum(1 for k in arrays.files if k.startswith("layers.") and k.endswith(".query.weight"))
    for n in range(count):
        layer = model.encoder.layer[first + n]
        state = {
            f"{theirs}.{p}": torch.from_numpy(arrays[f"layers.{n}.{ours}.{p}"].astype(np.float32))
            for ours, theirs in MINILM_LAYER_NAMES.items()
            for p in ("weight", "bias")
        }
        layer.load_state_dict(state)
        layer.intermediate.intermediate_act_fn = ACT2FN["gelu_pytorch_tanh"]
    return model, tokenizer


def from_arrays(arrays) -> CrossEncoder:
    first = int(arrays["first"]) if "first" in arrays.files else 4
    return CrossEncoder(
        *_minilm_with(arrays, first),
        arrays["head.weight"].astype(np.float32).reshape(-1),
        float(arrays["head.bias"].reshape(-1)[0]),
        float(arrays["threshold"]),
        json.loads(str(arrays["info"])),
        first,
    )


@lru_cache(maxsize=1)
def load() -> CrossEncoder:
    resource = resources.files("reportedly.data").joinpath(WEIGHTS)
    if not resource.is_file():
        raise CrossEncoderMissing(f"{WEIGHTS}: the cross-encoder's weights are not in the package")
    with resources.as_file(resource) as path, np.load(path) as arrays:
        return from_arrays(arrays)
