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

from reportedly.extract.attribution.taggers.bio import decode, iob_spans, sentence_ranges

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


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


def lstm(proj: np.ndarray, w_hh: np.ndarray, rows: np.ndarray, active: np.ndarray) -> np.ndarray:
    """One LSTM direction (torch's gate order i, f, g, o) over sentences read side by side.
    proj: [tokens, 4 * hidden], each token's input already projected and both biases added.
    rows[k, i]: the token sentence k reads at step i (sentences longest first); active[i]: how
    many sentences are still being read at step i. Returns each token's state [tokens, hidden]."""
    hidden = w_hh.shape[1]
    h = np.zeros((rows.shape[0], hidden), dtype=np.float32)
    c = np.zeros_like(h)
    out = np.zeros((proj.shape[0], hidden), dtype=np.float32)
    w = np.ascontiguousarray(w_hh.T)
    for i, m in enumerate(active):
        at = rows[:m, i]
        g = proj[at] + h[:m] @ w
        gate_in, gate_forget = _sigmoid(g[:, :hidden]), _sigmoid(g[:, hidden : 2 * hidden])
        c[:m] = gate_forget * c[:m] + gate_in * np.tanh(g[:, 2 * hidden : 3 * hidden])
        h[:m] = _sigmoid(g[:, 3 * hidden :]) * np.tanh(c[:m])
        out[at] = h[:m]
    return out


def reading_order(ranges: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(forward rows, backward rows, active counts) for `lstm`: the sentences longest first,
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

    def ids(self, doc: Doc) -> np.ndarray:
        """[len(doc), len(FEATURES)] embedding rows of every token."""
        hashes = doc.to_array([getattr(attrs, name.upper()) for name, _ in FEATURES]).astype(np.uint64)
        return np.stack([v.lookup(hashes[:, k]) for k, v in enumerate(self.vocabs)], 1)

    def scores(self, doc: Doc, ranges: list[tuple[int, int]]) -> np.ndarray:
        """B/I/O log-probabilities [len(doc), 3], each sentence in `ranges` read on its own
        (tokens outside them score zero)."""
        w = self.weights
        ids = self.ids(doc)
        x = np.concatenate([w[f"embed.{k}.weight"][ids[:, k]] for k in range(len(FEATURES))], 1)
        forward, backward, active = reading_order(ranges)
        states = []
        for suffix, rows in (("", forward), ("_reverse", backward)):
            bias = w[f"lstm.bias_ih_l0{suffix}"] + w[f"lstm.bias_hh_l0{suffix}"]
            proj = x @ w[f"lstm.weight_ih_l0{suffix}"].T + bias
            states.append(lstm(proj, w[f"lstm.weight_hh_l0{suffix}"], rows, active))
        logits = np.concatenate(states, -1) @ w["out.weight"].T + w["out.bias"]
        logits -= logits.max(-1, keepdims=True)
        return logits - np.log(np.exp(logits).sum(-1, keepdims=True))

    def spans(self, doc: Doc, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
        if not ranges:
            return []
        scores = self.scores(doc, ranges)
        out = []
        for a, b in ranges:
            out.extend((a + lo, a + hi) for lo, hi in iob_spans(decode(scores[a:b])))
        return out


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
