"""The pair verifier: do two claims assert the same proposition? A small model learned from
paraphrase data and labelled ledger neighbours, mostly same-topic pairs of different propositions
(scripts/train_pair_verifier.py), over what the sentence embeddings and the
extractors tell about a pair: the MiniLM cosine, word, n-gram and character overlap, shared and
differing numbers, negation, shared and unshared entities. Weights ship in
src/reportedly/data/pair_verifier.npz and run in numpy. A veto overrides it: when the same
measured variable carries different figures the pair is not one proposition (it is a
contradiction or update candidate)."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from reportedly.fuse.facts import Facts, figure_conflicts, not_one_proposition

WEIGHTS = "pair_verifier.npz"
_TOKEN = re.compile(r"\w+(?:[.,']\w+)*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
LEXICAL = (
    "cosine",
    "word_jaccard",
    "content_jaccard",
    "bigram_dice",
    "length_gap",
    "numbers_shared",
    "numbers_only_one",
    "numbers_both_differ",
    "entities_shared",
    "entities_only_one",
    "entities_both_differ",
    "figure_conflict",
    "word_precision_min",
    "word_precision_max",
    "content_precision_min",
    "content_precision_max",
    "trigram_dice",
    "sequence_ratio",
    "negation_differs",
    "length_min",
    "char_4gram_jaccard",
    "cosine_squared",
)
_NEGATION = frozenset({"not", "no", "never", "n't", "nor", "neither", "without", "denied", "denies", "deny"})


class VerifierMissing(Exception):
    pass


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


@dataclass(frozen=True)
class _Names:
    """A claim's entity keys with what matching them needs: all their words, and the initials
    of the multi-word ones ('european union' -> 'eu')."""

    keys: frozenset
    words: dict  # key -> its words
    all_words: frozenset
    initials: dict  # multi-word key -> its initials
    all_initials: frozenset


@lru_cache(maxsize=100_000)
def _names(entities: tuple[str, ...]) -> _Names:
    from reportedly.fuse.facts import entity_key

    keys = frozenset(entity_key(e) for e in entities)
    words = {k: frozenset(k.split()) for k in keys}
    initials = {k: "".join(w[0] for w in k.split() if w) for k in keys if len(words[k]) > 1}
    return _Names(keys, words, frozenset().union(*words.values()), initials, frozenset(initials.values()))


def _unmatched(x: _Names, y: _Names) -> int:
    """How many of x's entities match none of y's: the same key, a shared name word, or one the
    initials of the other ('clinton' ~ 'hillary clinton', 'eu' ~ 'european union'), with y's words
    and initials gathered once."""
    return sum(
        1
        for k in x.keys
        if k not in y.keys
        and not (x.words[k] & y.all_words)
        and k not in y.all_initials
        and x.initials.get(k) not in y.keys
    )


def entity_overlap(a: Facts, b: Facts) -> tuple[int, int, int]:
    """How many entities of a match one of b's, how many of a's match none, how many of b's match none."""
    na, nb = _names(tuple(a.entities)), _names(tuple(b.entities))
    only_a, only_b = _unmatched(na, nb), _unmatched(nb, na)
    return len(na.keys) - only_a, only_a, only_b


@dataclass(frozen=True)
class _Parts:
    tokens: tuple[str, ...]
    words: frozenset
    content: frozenset
    bigrams: frozenset
    trigrams: frozenset
    numbers: frozenset
    chars: frozenset
    negated: bool


@lru_cache(maxsize=100_000)
def _parts(text: str) -> _Parts:
    """What the lexical features need of a text, computed once per text."""
    tokens = tuple(_tokens(text.replace("n't", " n't")))
    words = frozenset(tokens)
    squashed = " ".join(tokens)
    return _Parts(
        tokens,
        words,
        words - STOP_WORDS,
        frozenset(itertools.pairwise(tokens)),
        frozenset(zip(tokens, tokens[1:], tokens[2:], strict=False)),
        frozenset(x.replace(",", "") for x in _NUMBER.findall(text)),
        frozenset(squashed[i : i + 4] for i in range(max(1, len(squashed) - 3))),
        bool(words & _NEGATION),
    )


def _dice(x: frozenset, y: frozenset) -> float:
    return 2 * len(x & y) / max(1, len(x) + len(y))


def _lexical_rows(a: Facts, others: Sequence[Facts], cosines: Sequence[float]) -> np.ndarray:
    """The features of a with each of others (given their cosines), as rows of one array: a's
    own parts looked up once, a union's size counted from its intersection's."""
    pa, na_names = _parts(a.text), _names(tuple(a.entities))
    la, sa, ca, ba, na = len(pa.tokens), pa.words, pa.content, pa.bigrams, pa.numbers
    len_sa, len_ca, chars = len(sa), len(ca), pa.chars
    matcher = SequenceMatcher(None, pa.tokens, (), autojunk=False)
    rows = []
    for b, cosine in zip(others, cosines, strict=True):
        pb, nb_names = _parts(b.text), _names(tuple(b.entities))
        lb, sb, cb, bb, nb = len(pb.tokens), pb.words, pb.content, pb.bigrams, pb.numbers
        only_a, only_b = _unmatched(na_names, nb_names), _unmatched(nb_names, na_names)
        shared = len(na_names.keys) - only_a
        words, content, numbers, common = len(sa & sb), len(ca & cb), len(na & nb), len(chars & pb.chars)
        word_p = (words / max(1, len_sa), words / max(1, len(sb)))
        content_p = (content / max(1, len_ca), content / max(1, len(cb)))
        matcher.set_seq2(pb.tokens)
        rows.append(
            (
                cosine,
                words / max(1, len_sa + len(sb) - words),
                content / max(1, len_ca + len(cb) - content),
                2 * len(ba & bb) / max(1, len(ba) + len(bb)),
                abs(la - lb) / max(1, la, lb),
                float(numbers),
                float(len(na) + len(nb) - 2 * numbers),
                float(len(na) > numbers and len(nb) > numbers),
                float(shared),
                float(only_a + only_b),
                float(bool(only_a) and bool(only_b)),
                float(bool(figure_conflicts(a, b))),
                min(word_p),
                max(word_p),
                min(content_p),
                max(content_p),
                _dice(pa.trigrams, pb.trigrams),
                matcher.ratio(),
                float(pa.negated != pb.negated),
                float(min(la, lb)),
                common / max(1, len(chars) + len(pb.chars) - common),
                cosine * cosine,
            )
        )
    return np.array(rows, dtype=np.float32).reshape(len(rows), len(LEXICAL))


def lexical_features(a: Facts, b: Facts, cosine: float) -> np.ndarray:
    return _lexical_rows(a, [b], [cosine])[0]


def features(a: Facts, b: Facts, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """The verifier's input: the vectors' cosine and the lexical and structural agreement of the
    pair. (|u-v| and u*v of the vectors were tried and lowered cross-validated accuracy.)"""
    return lexical_features(a, b, float(u @ v))


def features_many(
    a: Facts, u: np.ndarray, others: Sequence[Facts], vectors: Sequence[np.ndarray]
) -> np.ndarray:
    """features(a, b, u, v) for each (b, v) of (others, vectors), as rows of one array (about 0.75
    of the time per pair): fusion scores a claim against a story's members this way."""
    return _lexical_rows(a, others, [float(u @ v) for v in vectors])


@dataclass
class Verifier:
    mean: np.ndarray
    scale: np.ndarray
    layers: list[tuple[np.ndarray, np.ndarray]]  # (weights, bias); ReLU between, logistic at the end
    threshold: float

    def probability(self, x: np.ndarray) -> np.ndarray:
        h = (np.atleast_2d(x) - self.mean) / self.scale
        for n, (w, b) in enumerate(self.layers):
            h = h @ w + b
            if n < len(self.layers) - 1:
                h = np.maximum(h, 0.0)
        return 1.0 / (1.0 + np.exp(-h[:, 0]))

    def save(self, path, info: dict) -> None:
        arrays = {"mean": self.mean, "scale": self.scale, "threshold": np.array(self.threshold)}
        for n, (w, b) in enumerate(self.layers):
            arrays[f"w{n}"], arrays[f"b{n}"] = w.astype(np.float32), b.astype(np.float32)
        np.savez_compressed(path, **arrays, info=np.array(json.dumps(info)))


def from_arrays(arrays) -> Verifier:
    layers = []
    while f"w{len(layers)}" in arrays:
        n = len(layers)
        layers.append((arrays[f"w{n}"].astype(np.float32), arrays[f"b{n}"].astype(np.float32)))
    return Verifier(
        arrays["mean"].astype(np.float32),
        arrays["scale"].astype(np.float32),
        layers,
        float(arrays["threshold"]),
    )


@lru_cache(maxsize=1)
def load() -> Verifier:
    resource = resources.files("reportedly.data").joinpath(WEIGHTS)
    if not resource.is_file():
        raise VerifierMissing(f"{WEIGHTS}: the pair verifier's weights are not in the package")
    with resources.as_file(resource) as path, np.load(path) as arrays:
        return from_arrays(arrays)


def decide(
    a: Facts, b: Facts, u: np.ndarray, v: np.ndarray, threshold: float | None = None
) -> tuple[bool, float, str]:
    """(same proposition?, probability, reason). The vetoes (facts.not_one_proposition) win over
    the models; where the verifier is unsure (cross_encoder.BAND, when set) the cross-encoder's
    probability decides, and where the verifier accepts, the cross-encoder may refuse
    (cross_encoder.VETO), as in fusion.
    `threshold`: the verifier's own (its training's best F0.5) unless given."""
    from reportedly.fuse import cross_encoder

    p = float(load().probability(features(a, b, u, v))[0])
    vetoed = not_one_proposition(a, b)
    if vetoed:
        return False, p, vetoed
    if cross_encoder.in_band(p):
        model = cross_encoder.load()
        q = float(model.probability([(a.text, b.text)])[0])
        return q >= model.threshold, q, f"verifier {p:.2f}, cross-encoder {q:.2f}"
    same = p >= (load().threshold if threshold is None else threshold)
    if same and cross_encoder.VETO is not None:
        q = float(cross_encoder.load().probability([(a.text, b.text)])[0])
        if q < cross_encoder.VETO:
            return False, p, f"verifier {p:.2f}, refused by the cross-encoder ({q:.2f})"
    return same, p, f"verifier {p:.2f}"
