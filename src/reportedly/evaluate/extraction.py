"""The article-extraction benchmark's metric (Scrapinghub, 2020).

Each page: the extracted text and the article body a person marked are cut into shingles, sequences of
4 consecutive lower-cased word tokens (`\\w+`); true positives, false positives and false negatives are
counted over the shingle multisets and divided by their sum, so that long pages weigh no more than
short ones. Precision and recall are averaged over pages (a page with no predicted shingle has no
precision, one with no true shingle no recall), and F1 is the harmonic mean of the two averages.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

SHINGLE = 4
_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall((text or "").lower())


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """Multiset of n-token shingles; a text shorter than n tokens is one short shingle (none if empty)."""
    toks = tokens(text)
    grams = [tuple(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1))]
    return Counter(g for g in grams if g)


@dataclass(frozen=True)
class PageScore:
    """Normalised tp/fp/fn of one page (they sum to 1 unless both texts are empty)."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float | None:
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp > 0 else None

    @property
    def recall(self) -> float | None:
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn > 0 else None

    @property
    def f1(self) -> float:
        p, r = self.precision or 0.0, self.recall or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


def page_score(true: str, pred: str) -> PageScore:
    t, p = shingles(true), shingles(pred)
    tp = fp = fn = 0
    for key in t.keys() | p.keys():
        a, b = t.get(key, 0), p.get(key, 0)
        tp += min(a, b)
        fp += max(0, b - a)
        fn += max(0, a - b)
    total = tp + fp + fn
    if total == 0:
        return PageScore(0.0, 0.0, 0.0)
    return PageScore(tp / total, fp / total, fn / total)


def corpus_scores(pages: list[PageScore]) -> dict[str, float]:
    """Precision and recall averaged over pages; F1 of the two averages."""
    if not pages:
        raise ValueError("no pages to score")
    precisions = [s.precision for s in pages if s.precision is not None and s.tp + s.fp > 0]
    recalls = [s.recall for s in pages if s.recall is not None and s.tp + s.fn > 0]
    p = statistics.mean(precisions) if precisions else 0.0
    r = statistics.mean(recalls) if recalls else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "pages": len(pages)}
