"""Span matching as in BBC's Citron evaluation.

exact: the same characters after trimming punctuation and whitespace from each fragment;
overlap: the two spans share at least one token (a word character in common)."""

from __future__ import annotations

import string
from dataclasses import dataclass

Fragments = tuple[tuple[int, int], ...]
_TRIM = set(string.punctuation + string.whitespace + "“”‘’—–…«»")


def trim_fragments(text: str, frags: Fragments) -> frozenset[int]:
    """Character positions of a (possibly discontinuous) span, each fragment trimmed."""
    chars: set[int] = set()
    for start, end in frags:
        while start < end and text[start] in _TRIM:
            start += 1
        while end > start and text[end - 1] in _TRIM:
            end -= 1
        chars.update(range(start, end))
    return frozenset(chars)


def word_chars(text: str, chars: frozenset[int]) -> frozenset[int]:
    return frozenset(i for i in chars if text[i].isalnum())


@dataclass
class Counts:
    tp_pred: float = 0.0  # predicted spans that match some gold span
    n_pred: float = 0.0
    tp_gold: float = 0.0  # gold spans matched by some predicted span
    n_gold: float = 0.0

    def add(self, other: Counts, weight: float = 1.0) -> None:
        self.tp_pred += other.tp_pred * weight
        self.n_pred += other.n_pred * weight
        self.tp_gold += other.tp_gold * weight
        self.n_gold += other.n_gold * weight

    @property
    def precision(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "precision": round(100 * self.precision, 2),
            "recall": round(100 * self.recall, 2),
            "f1": round(100 * self.f1, 2),
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
        }


def hull(chars: frozenset[int]) -> tuple[int, int]:
    return min(chars), max(chars) + 1


def match(
    text: str, pred: list[Fragments], gold: list[Fragments]
) -> tuple[Counts, Counts, list[tuple[int, int]], list[tuple[int, int]]]:
    """(exact counts, overlap counts, gold spans with no exact match, predicted spans with no
    exact match); duplicate spans on either side count once."""
    p_chars = list(dict.fromkeys(trim_fragments(text, f) for f in pred if f))
    g_chars = list(dict.fromkeys(trim_fragments(text, f) for f in gold if f))
    p_chars = [c for c in p_chars if c]
    g_chars = [c for c in g_chars if c]
    p_words = [word_chars(text, c) for c in p_chars]
    g_words = [word_chars(text, c) for c in g_chars]
    g_set = set(g_chars)
    p_set = set(p_chars)
    exact = Counts(
        tp_pred=sum(1 for c in p_chars if c in g_set),
        n_pred=len(p_chars),
        tp_gold=sum(1 for c in g_chars if c in p_set),
        n_gold=len(g_chars),
    )
    p_hit = [any(pw & gw for gw in g_words) for pw in p_words]
    g_hit = [any(gw & pw for pw in p_words) for gw in g_words]
    overlap = Counts(tp_pred=sum(p_hit), n_pred=len(p_chars), tp_gold=sum(g_hit), n_gold=len(g_chars))
    missed = [hull(c) for c in g_chars if c not in p_set]
    spurious = [hull(c) for c in p_chars if c not in g_set]
    return exact, overlap, missed, spurious
