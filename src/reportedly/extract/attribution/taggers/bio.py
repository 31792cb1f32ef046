"""B/I/O label sequences shared by the cue taggers: per-sentence token ranges, constrained
decoding and the spans a label sequence marks. Plain numpy, so the default tagger needs no torch."""

from __future__ import annotations

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
