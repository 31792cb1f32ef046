"""The default cue tagger: a BiLSTM that reads each sentence whole, over embeddings of the
English pipeline's analysis of every token (form, lemma, affixes, shape, tag, dependency label).

Trained on PolNeAR train by scripts/train_lstm_tagger.py (torch, the `fuse` extra) and shipped in
the package as plain arrays (data/lstm_tagger/cue/); it runs in numpy, so it needs no torch. The
form embeddings start from all-MiniLM-L6-v2's word pieces, so words rare in train still carry
meaning. Outputs are decoded B/I/O (see bio), no span starting inside.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy import attrs
from spacy.strings import get_string_id
from spacy.tokens import Doc

from reportedly.extract.attribution.taggers.bio import decoded_spans, sentence_ranges

MODEL_DIR = Path(__file__).resolve().parents[3] / "data" / "lstm_tagger"
DIR_ENV = "REPORTEDLY_TAGGER_DIR"  # taggers trained elsewhere (same layout: cue/)
# token attributes read, with the width of their embedding
FEATURES = [
    ("norm", 96),
    ("lemma", 32),
    ("suffix", 16),
    ("prefix", 8),
    ("shape", 8),
    ("tag", 16),
    ("dep", 16),
]
PAD, UNKNOWN = 0, 1  # embedding rows 0 and 1; known values start at 2


class Vocab:
    """An attribute's known values as hashes, mapped to embedding rows in one vectorised lookup."""

    def __init__(self, values: list[str]):
        keys = np.array([get_string_id(v) for v in values], dtype=np.uint64)
        order = np.argsort(keys)
        self.keys = keys[order]
        self.rows = (order + 2).astype(np.int64)

    def lookup(self, hashes: np.ndarray) -> np.ndarray:
        if len(self.keys) == 0:
            return np.full(len(hashes), UNKNOWN, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.keys, hashes), len(self.keys) - 1)
        return np.where(self.keys[at] == hashes, self.rows[at], UNKNOWN)


def distinct_rows(ids: np.ndarray, sizes: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct rows of ids [n, columns], sorted; each row's place among them), as
    np.unique(ids, axis=0) gives, from one integer key per row (several times faster). Column k
    holds values below sizes[k]; where the key would overflow, the keys so far are renumbered."""
    key, span = np.zeros(len(ids), dtype=np.int64), 1
    for k, size in enumerate(sizes):
        if span * size >= 2**62:
            values, key = np.unique(key, return_inverse=True)
            key, span = key.reshape(-1).astype(np.int64), len(values)
        key = key * size + ids[:, k]
        span *= size
    _, first, rows = np.unique(key, return_index=True, return_inverse=True)
    return ids[first], rows.reshape(-1)


# torch's gate order is i, f, g, o; the tagger keeps i, f, o, g, so that the three sigmoid gates
# are one slice. Their weights are halved (exact in binary floating point), so that one tanh over
# all four gates gives tanh(x / 2) there, and sigmoid(x) = (tanh(x / 2) + 1) / 2.
_TORCH_GATES = "ifgo"
_GATES = "ifog"


@dataclass
class BiLstm:
    """Both directions of a one-layer bidirectional LSTM, prepared for `run`."""

    w_ih: np.ndarray  # [input, 2 * 4 * hidden]: forward gates, then backward gates
    bias: np.ndarray  # [2 * 4 * hidden], both biases added
    w_hh: np.ndarray  # [2, hidden, 4 * hidden]

    @classmethod
    def from_torch(cls, weights: dict[str, np.ndarray]) -> BiLstm:
        hidden = weights["lstm.weight_hh_l0"].shape[1]
        order = np.concatenate([np.arange(hidden) + hidden * _TORCH_GATES.index(g) for g in _GATES])
        scale = np.repeat(np.array([0.5, 0.5, 0.5, 1.0], dtype=np.float32), hidden)[:, None]
        w_ih, bias, w_hh = [], [], []
        for suffix in ("", "_reverse"):
            w_ih.append(weights[f"lstm.weight_ih_l0{suffix}"][order] * scale)
            b = weights[f"lstm.bias_ih_l0{suffix}"] + weights[f"lstm.bias_hh_l0{suffix}"]
            bias.append(b[order] * scale[:, 0])
            w_hh.append((weights[f"lstm.weight_hh_l0{suffix}"][order] * scale).T)
        return cls(
            np.ascontiguousarray(np.concatenate(w_ih).T),
            np.concatenate(bias),
            np.ascontiguousarray(np.stack(w_hh)),
        )

    def run(self, x: np.ndarray, rows: np.ndarray, ranges: list[tuple[int, int]]) -> np.ndarray:
        """Each token's forward and backward state [len(rows), 2 * hidden], where token t's input
        is x[rows[t]] (a text's distinct inputs are projected once), every sentence in `ranges`
        read on its own (tokens outside them stay zero). All sentences are read side by side,
        longest first, so that each step is one matrix product per direction; a step's inputs
        and states are contiguous slices, packed step by step as torch packs sequences."""
        hidden = self.w_hh.shape[1]
        proj = (x @ self.w_ih + self.bias).reshape(len(x), 2, 4 * hidden)
        forward, backward, active = reading_order(ranges)
        inside = (np.arange(forward.shape[0])[:, None] < active[None, :]).T
        packed_f, packed_b = forward.T[inside], backward.T[inside]  # tokens in reading order
        inputs = np.stack([proj[rows[packed_f], 0], proj[rows[packed_b], 1]])  # [2, read, 4 * hidden]
        states = np.empty((2, len(packed_f), hidden), dtype=np.float32)
        cell = np.zeros((2, forward.shape[0], hidden), dtype=np.float32)
        at = last = 0
        for m in active.tolist():
            if at == 0:  # no state yet (h = 0): the gates are the inputs alone
                g = inputs[:, :m].copy()
            else:  # the sentences still read are the first m of the last step's
                g = np.matmul(states[:, last : last + m], self.w_hh)
                g += inputs[:, at : at + m]
            np.tanh(g, out=g)
            gates = g[:, :, : 3 * hidden]  # sigmoid(x) = (tanh(x / 2) + 1) / 2
            gates += 1.0
            gates *= 0.5
            c = cell[:, :m]
            c *= g[:, :, hidden : 2 * hidden]
            c += np.multiply(g[:, :, :hidden], g[:, :, 3 * hidden :], out=g[:, :, :hidden])
            np.multiply(g[:, :, 2 * hidden : 3 * hidden], np.tanh(c), out=states[:, at : at + m])
            last, at = at, at + m
        out = np.zeros((len(rows), 2 * hidden), dtype=np.float32)
        out[packed_f, :hidden] = states[0]
        out[packed_b, hidden:] = states[1]
        return out


def reading_order(ranges: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(forward rows, backward rows, active counts) for BiLstm.run: the sentences longest first,
    each read from its first token, and from its last."""
    ranges = sorted(ranges, key=lambda r: r[0] - r[1])
    lengths = np.array([b - a for a, b in ranges])
    starts = np.array([a for a, _ in ranges])
    steps = np.arange(lengths[0])[None, :]
    inside = steps < lengths[:, None]
    forward = np.where(inside, starts[:, None] + steps, 0)
    backward = np.where(inside, starts[:, None] + lengths[:, None] - 1 - steps, 0)
    active = inside.sum(0)
    return forward, backward, active


@dataclass
class LstmTagger:
    vocabs: list[Vocab]
    weights: dict[str, np.ndarray]

    def __post_init__(self) -> None:
        # without weights (training reads only `ids`) there is no network to prepare
        self.bilstm = BiLstm.from_torch(self.weights) if self.weights else None

    def ids(self, doc: Doc) -> np.ndarray:
        """[len(doc), len(FEATURES)] embedding rows of every token."""
        hashes = doc.to_array([getattr(attrs, name.upper()) for name, _ in FEATURES]).astype(np.uint64)
        return np.stack([v.lookup(hashes[:, k]) for k, v in enumerate(self.vocabs)], 1)

    def scores(self, doc: Doc, ranges: list[tuple[int, int]]) -> np.ndarray:
        """B/I/O log-probabilities [len(doc), 3], each sentence in `ranges` read on its own
        (tokens outside them score zero)."""
        w = self.weights
        distinct, rows = distinct_rows(self.ids(doc), [len(v.keys) + 2 for v in self.vocabs])
        x = np.concatenate([w[f"embed.{k}.weight"][distinct[:, k]] for k in range(len(FEATURES))], 1)
        logits = self.bilstm.run(x, rows, ranges) @ w["out.weight"].T + w["out.bias"]
        logits -= logits.max(-1, keepdims=True)
        return logits - np.log(np.exp(logits).sum(-1, keepdims=True))

    def spans(self, doc: Doc, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
        if not ranges:
            return []
        return decoded_spans(self.scores(doc, ranges), ranges)


def load(path: Path) -> LstmTagger:
    """A tagger from a folder holding weights.npz and vocab.json."""
    meta = json.loads((path / "vocab.json").read_text(encoding="utf-8"))
    if [f[0] for f in meta["features"]] != [name for name, _ in FEATURES]:
        raise ValueError(f"{path}: the tagger reads {meta['features']}, this version reads {FEATURES}")
    with np.load(path / "weights.npz") as arrays:
        weights = {k: arrays[k].astype(np.float32) for k in arrays.files}
    return LstmTagger([Vocab(meta["values"][name]) for name, _ in FEATURES], weights)


@lru_cache(maxsize=2)
def tagger(role: str = "cue") -> LstmTagger | None:
    """The shipped tagger for a role; None if not shipped."""
    path = Path(os.environ.get(DIR_ENV) or MODEL_DIR) / role
    if not (path / "weights.npz").exists():
        return None
    return load(path)


def predict(doc: Doc, role: str = "cue") -> list[tuple[int, int]]:
    """Token ranges [start, end) the role's tagger marks in `doc`."""
    model = tagger(role)
    if model is None or len(doc) == 0:
        return []
    return model.spans(doc, sentence_ranges(doc))
