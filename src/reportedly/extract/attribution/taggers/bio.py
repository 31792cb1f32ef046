"""B/I/O label sequences shared by the cue taggers: per-sentence token ranges, constrained
decoding and the spans a label sequence marks. Plain numpy, so the default tagger needs no torch."""

from __future__ import annotations

import bisect

import numpy as np
from spacy.tokens import Doc

OUTSIDE, BEGIN, INSIDE = 0, 1, 2


def sentence_ranges(doc: Doc) -> list[tuple[int, int]]:
    """[start, end) of every sentence that is not whitespace only."""
    return [(s.start, s.end) for s in doc.sents if not all(t.is_space for t in s)]


_BANNED = -1e9  # the score of an I that follows an O


def _first_best(o: float, b: float, i: float) -> tuple[float, int]:
    """The highest of three scores and its label, the first one on a tie (as numpy's argmax)."""
    if o >= b and o >= i:
        return o, OUTSIDE
    return (b, BEGIN) if b >= i else (i, INSIDE)


def decode(scores: np.ndarray) -> list[int]:
    """Best B/I/O sequence where I follows only B or I (Viterbi over log-probabilities). Three
    labels: plain floats, since numpy on 3-element arrays costs more per token than the sums."""
    rows = scores.tolist()
    o, b, i = rows[0][0] + 0.0, rows[0][1] + 0.0, rows[0][2] + _BANNED
    back: list[tuple[int, int, int]] = []
    for so, sb, si in rows[1:]:
        best, arg = _first_best(o, b, i)  # into O or B: any label before
        into_i, arg_i = _first_best(o + _BANNED, b, i)  # into I: not after O
        back.append((arg, arg, arg_i))
        o, b, i = best + so, best + sb, into_i + si
    path = [_first_best(o, b, i)[1]]
    for step in reversed(back):
        path.append(step[path[-1]])
    return path[::-1]


def iob_spans(labels: list[int], begin: int = BEGIN, inside: int = INSIDE) -> list[tuple[int, int]]:
    """Ranges [start, end) of the spans in a label sequence: a `begin` and the `inside`s after it."""
    spans = []
    for i, tag in enumerate(labels):
        if tag == begin:
            end = i + 1
            while end < len(labels) and labels[end] == inside:
                end += 1
            spans.append((i, end))
    return spans


def decoded_spans(scores: np.ndarray, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans that decode and iob_spans give for each sentence [a, b) of `ranges` (rows of
    `scores`, log-probabilities [tokens, 3]), in order. A sentence whose best label per token is
    strictly best everywhere and already a valid sequence (no I first or after an O) has that
    sequence as its unique best one, so it is read off without the Viterbi loop; only the other
    sentences are decoded."""
    if not ranges:
        return []
    best = scores.argmax(1)
    strict = (scores == scores.max(1, keepdims=True)).sum(1) == 1
    before = np.empty_like(best)
    before[0], before[1:] = OUTSIDE, best[:-1]
    before[[a for a, _b in ranges]] = OUTSIDE  # a sentence's first token follows nothing
    bad = np.concatenate([[0], np.cumsum(~strict | ((best == INSIDE) & (before == OUTSIDE)))]).tolist()
    begins = np.flatnonzero(best == BEGIN)
    breaks = np.append(np.flatnonzero(best != INSIDE), len(best))
    ends = breaks[np.searchsorted(breaks, begins, side="right")].tolist()
    begins = begins.tolist()
    out: list[tuple[int, int]] = []
    for a, b in ranges:
        if bad[b] - bad[a]:
            out.extend((a + lo, a + hi) for lo, hi in iob_spans(decode(scores[a:b])))
            continue
        k0, k1 = bisect.bisect_left(begins, a), bisect.bisect_left(begins, b)
        out.extend((p, min(e, b)) for p, e in zip(begins[k0:k1], ends[k0:k1], strict=True))
    return out
