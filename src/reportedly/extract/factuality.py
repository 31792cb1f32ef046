"""Event factuality learned from data: how committed the author is to an event having happened,
-3 (certainly not) .. +3 (certainly did), read off the parse around the event's predicate.

Each event token is described by sparse features of the parse (its lemma, tag and morphology, its
auxiliaries, negations, markers and adverbs, and the same for every predicate above it up to the
root, with the dependency labels on the way) plus the lexicon's certainty cues on that path. A small
network (sum of feature embeddings, two layers) maps them to a score. It is trained on UW, MEANTIME
and UDS-IH2 train by scripts/train_factuality.py and shipped as plain arrays (data/factuality/); it
runs in numpy, so it needs no torch.

The context variant (data/factuality/context/, scripts/train_factuality_head.py) is a fine-tuned
head: MiniLM layers 4-5, fine-tuned, run (in numpy) over the last layer the context tagger's encoder
already computed for the sentence, and the event token's output added to the same sum; its score
is averaged with the default model's (`blend_default` in its features.json).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Token

from reportedly.extract import lexicon
from reportedly.minilm_layers import bert_layer, layer_weights

MODEL_DIR = Path(__file__).resolve().parents[1] / "data" / "factuality"
DIR_ENV = "REPORTEDLY_FACTUALITY_DIR"  # a model trained elsewhere (same layout)
DEPTH = 4  # predicates above the event that are described
DOMAIN = "domain=news"  # trained beside "domain=web" (UDS-IH2); text is read as news
_MODIFIER_DEPS = {
    "aux",
    "auxpass",
    "neg",
    "advmod",
    "mark",
    "prt",
    "npadvmod",
    "det",
    "amod",
    "acomp",
    "xcomp",
}
# the fine-tuned head: MiniLM layers from this one on, run over the context tagger's last layer
FIRST_TUNED_LAYER = 4
_MORPH = ("Tense", "VerbForm", "Mood", "Aspect", "Number")


def _cue_level(tok: Token) -> str | None:
    low, lemma = tok.lower_, tok.lemma_.lower()
    for table, key in (
        (lexicon.MODAL_LEVEL, low),
        (lexicon.ADVERB_LEVEL, low),
        (lexicon.ADJECTIVE_LEVEL, low),
        (lexicon.VERB_LEVEL, lemma),
    ):
        if key in table:
            return table[key] or "none"
    if low in lexicon.NEGATIONS:
        return "negation"
    return None


def _description(tok: Token) -> list[str]:
    """Features of one predicate, each to be prefixed with its tag: lemma, tag, morphology, and
    its modifiers."""
    lemma = tok.lemma_.lower()
    out = [f"l={lemma}", f"t={tok.tag_}", f"d={tok.dep_}"]
    morph = tok.morph
    out += [f"m={k}={v}" for k in _MORPH for v in morph.get(k)]
    for c in tok.children:
        if c.dep_ in _MODIFIER_DEPS:
            clem = c.lemma_.lower()
            out += [f"c={c.dep_}:{clem}", f"c={c.dep_}", f"l={lemma}|{c.dep_}:{clem}"]
            level = _cue_level(c)
            if level:
                out.append(f"cue={level}")
            for g in c.children:  # "could not", "not necessarily", "as soon as"
                if g.dep_ in ("neg", "advmod", "aux"):
                    out.append(f"cc={clem}:{g.lemma_.lower()}")
    level = _cue_level(tok)
    if level:
        out.append(f"cue={level}")
    return out


def _seen(tok: Token, seen: dict[int, list[str]]) -> list[str]:
    """The token's description, kept in `seen`: the events of a sentence share the predicates
    above them."""
    desc = seen.get(tok.i)
    if desc is None:
        desc = seen[tok.i] = _description(tok)
    return desc


def _parts(doc: Doc, i: int) -> list[str | tuple[Token, str]]:
    """The features of the event whose predicate is token i, in order: a feature, or a described
    predicate (token, tag) standing for its description under that tag."""
    tok = doc[i]
    out: list[str | tuple[Token, str]] = ["bias", (tok, "e")]
    node, below = tok, tok
    for k in range(1, DEPTH + 1):
        if node.head.i == node.i:
            out.append(f"root@{k}")
            break
        below, node = node, node.head
        tag = f"a{k}"
        out.append(f"{tag}via={below.dep_}")
        out.append(f"avia={below.dep_}:{node.lemma_.lower()}")
        out.append((node, tag))
        out.append((node, "a"))  # the same, without its distance
    sent = tok.sent
    if sent[-1].text == "?" or (len(sent) > 1 and sent[-2].text == "?"):
        out.append("question")
    out.append(f"e{'noun' if tok.pos_ in ('NOUN', 'PROPN') else tok.pos_}")
    return out


def features(doc: Doc, i: int, seen: dict[int, list[str]] | None = None) -> list[str]:
    """Sparse features of the event whose predicate is token i. `seen`: the descriptions of the
    doc's tokens read so far (one dict per doc, shared by its events; see _seen)."""
    seen = {} if seen is None else seen
    out: list[str] = []
    for part in _parts(doc, i):
        if isinstance(part, str):
            out.append(part)
        else:
            tok, tag = part
            out += [tag + f for f in _seen(tok, seen)]
    return out


@dataclass
class FactualityModel:
    rows: dict[str, int]
    weights: dict[str, np.ndarray]
    blend: float = 0.0  # the share of the default model's score in this one's (the context head)
    # more networks over the same feature rows (heads fine-tuned from other seeds): scores averaged
    others: tuple[FactualityModel, ...] = ()

    def ids(self, feats: list[str]) -> np.ndarray:
        return np.array([r for f in [*feats, DOMAIN] if (r := self.rows.get(f)) is not None], dtype=np.int64)

    def event_ids(
        self, doc: Doc, i: int, seen: dict[int, list[str]], rows: dict[tuple[int, str], list[int]]
    ) -> np.ndarray:
        """ids(features(doc, i, seen)), each described predicate's rows under its tag looked up
        once per doc (kept in `rows`)."""
        get = self.rows.get
        out: list[int] = []
        for part in _parts(doc, i):
            if isinstance(part, str):
                if (r := get(part)) is not None:
                    out.append(r)
                continue
            tok, tag = part
            got = rows.get((tok.i, tag))
            if got is None:
                got = rows[tok.i, tag] = [r for f in _seen(tok, seen) if (r := get(tag + f)) is not None]
            out += got
        if (r := get(DOMAIN)) is not None:
            out.append(r)
        return np.array(out, dtype=np.int64)

    @property
    def reads_encoder(self) -> bool:
        return "encoder.weight" in self.weights

    @property
    def fine_tuned_layers(self) -> int:
        """MiniLM layers this model runs over the sentence before reading the event token (the
        fine-tuned head, scripts/train_factuality_head.py); 0 for the models that do not."""
        return sum(1 for k in self.weights if k.startswith("layers.") and k.endswith(".query.weight"))

    @cached_property
    def _layers(self) -> list[dict[str, np.ndarray]]:
        return [
            layer_weights(
                {k[len(f"layers.{n}.") :]: v for k, v in self.weights.items() if k.startswith(f"layers.{n}.")}
            )
            for n in range(self.fine_tuned_layers)
        ]

    def contextualise(self, x: np.ndarray) -> np.ndarray:
        """The fine-tuned layers over one sentence's token vectors [tokens, WIDTH]."""
        for layer in self._layers:
            x = bert_layer(x, layer)
        return x

    def score_ids(self, batch: list[np.ndarray], vectors: np.ndarray | None = None) -> np.ndarray:
        """Scores -3..+3 for events given as feature rows (and, for the MiniLM variant, each
        event token's encoder layers, [events, LAYERS, WIDTH])."""
        w = self.weights
        h = np.stack([w["embed"][ids].sum(0) for ids in batch]) + w["embed_bias"]
        if self.reads_encoder:
            x = np.asarray(vectors, dtype=np.float32).reshape(len(batch), -1)
            if "encoder.mean" in w:
                x = (x - w["encoder.mean"]) * w["encoder.scale"]
            h += x @ w["encoder.weight"].T
        h = np.maximum(h, 0) @ w["hidden.weight"].T + w["hidden.bias"]
        out = np.maximum(h, 0) @ w["out.weight"].T + w["out.bias"]
        return np.clip(out[:, 0], -3.0, 3.0)

    def score(self, doc: Doc, tokens: list[int], vectors: np.ndarray | None = None) -> np.ndarray:
        """`vectors`: the doc's encoder token vectors [len(doc), LAYERS, WIDTH] (MiniLM variant).
        With `others`, the mean of every member's score."""
        got = self._score_one(doc, tokens, vectors)
        if self.others and tokens:
            got = np.mean([got, *(m._score_one(doc, tokens, vectors) for m in self.others)], 0)
        return got

    def _score_one(self, doc: Doc, tokens: list[int], vectors: np.ndarray | None) -> np.ndarray:
        if not tokens:
            return np.zeros(0, dtype=np.float32)
        if self.reads_encoder and vectors is None:
            raise ValueError("this factuality model reads encoder vectors, and none were given")
        picked = vectors[tokens] if self.reads_encoder else None
        if self.fine_tuned_layers:  # the last encoder layer, read on through the fine-tuned ones
            picked = np.zeros((len(tokens), vectors.shape[-1]), dtype=np.float32)
            done = doc.user_data.setdefault(("factuality_head", id(self), len(doc)), {})  # per sentence
            for n, i in enumerate(tokens):
                sent = doc[i].sent
                if sent.start not in done:
                    done[sent.start] = self.contextualise(
                        vectors[sent.start : sent.end, -1].astype(np.float32)
                    )
                picked[n] = done[sent.start][i - sent.start]
        seen: dict[int, list[str]] = {}
        rows: dict[tuple[int, str], list[int]] = {}
        return self.score_ids([self.event_ids(doc, i, seen, rows) for i in tokens], picked)


def pack(members: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Several networks of the same shape and feature rows (seeds) as one wider network whose
    output is their mean: embeddings side by side, block-diagonal hidden layer, output averaged.
    FactualityModel.score_ids runs it as it is, in one call (5 members: 0.24 ms an event, one 0.16)."""
    if len(members) == 1:
        return dict(members[0])
    k = len(members)
    packed = {
        "embed": np.concatenate([m["embed"] for m in members], 1),
        "embed_bias": np.concatenate([m["embed_bias"] for m in members]),
        "hidden.bias": np.concatenate([m["hidden.bias"] for m in members]),
        "out.weight": np.concatenate([m["out.weight"] for m in members], 1) / k,
        "out.bias": np.mean([m["out.bias"] for m in members], 0),
    }
    rows, cols = (sum(m["hidden.weight"].shape[i] for m in members) for i in (0, 1))
    hidden = np.zeros((rows, cols), dtype=members[0]["hidden.weight"].dtype)
    r = c = 0
    for m in members:
        h = m["hidden.weight"]
        hidden[r : r + h.shape[0], c : c + h.shape[1]] = h
        r, c = r + h.shape[0], c + h.shape[1]
    packed["hidden.weight"] = hidden
    if "encoder.weight" in members[0]:
        packed["encoder.weight"] = np.concatenate([m["encoder.weight"] for m in members], 0)
    unknown = set(members[0]) - set(packed) - {"encoder.mean", "encoder.scale"}
    if unknown:
        raise ValueError(f"cannot pack networks with {sorted(unknown)} (fine-tuned layers are not packed)")
    packed.update({k: members[0][k] for k in ("encoder.mean", "encoder.scale") if k in members[0]})
    return packed


def _weights(path: Path) -> dict[str, np.ndarray]:
    with np.load(path) as arrays:
        return {k: arrays[k].astype(np.float32) for k in arrays.files}


def load(path: Path) -> FactualityModel:
    """A model folder: features.json and weights.npz, and any further members it lists
    ("members": weights files of networks over the same features, their scores averaged)."""
    meta = json.loads((path / "features.json").read_text(encoding="utf-8"))
    rows = {f: n for n, f in enumerate(meta["features"])}
    others = tuple(FactualityModel(rows, _weights(path / name)) for name in meta.get("members", []))
    return FactualityModel(
        rows, _weights(path / "weights.npz"), float(meta.get("blend_default", 0.0)), others
    )


@lru_cache(maxsize=2)
def model(variant: str = "") -> FactualityModel | None:
    """The shipped model ("" reads the parse; "context" also the MiniLM encoder); None if absent."""
    path = Path(os.environ.get(DIR_ENV) or MODEL_DIR) / variant
    if not (path / "weights.npz").exists():
        return None
    return load(path)


def score(doc: Doc, tokens: list[int], vectors: np.ndarray | None = None) -> np.ndarray | None:
    """Factuality -3..+3 of the events whose predicates are `tokens`; None without a model.
    Where the doc's encoder vectors are at hand (the context tagger computed them), the MiniLM
    variant reads them too."""
    if vectors is not None and (m := model("context")) is not None:
        got = m.score(doc, tokens, vectors)
        if m.blend and (default := model()) is not None:  # two different models, averaged
            got = (1 - m.blend) * got + m.blend * default.score(doc, tokens)
        return got
    m = model()
    return None if m is None else m.score(doc, tokens)
