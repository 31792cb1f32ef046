"""B/I/O label sequences shared by the cue taggers: per-sentence token ranges, constrained
decoding and the spans a label sequence marks. Plain numpy, so the default tagger needs no torch."""

from __future__ import annotations

import numpy as np
from spacy.tokens import Doc

OUTSIDE, BEGIN, INSIDE = 0, 1, 2


def sentence_ranges(doc: Doc) -> list[tuple[int, int]]:
    """[start, end) of every sentence that is not whitespace only."""
    return [(s.start, s.end) for s in doc.sents if not all(t.is_space for t in s)]


def decode(scores: np.ndarray) -> list[int]:
    """Best B/I/O sequence where I follows only B or I (Viterbi over log-probabilities)."""
    banned = np.zeros((3, 3))
    banned[OUTSIDE, INSIDE] = -1e9
    total = scores[0] + np.array([0.0, 0.0, -1e9])
    back = np.zeros((len(scores), 3), dtype=np.int64)
    for i in range(1, len(scores)):
        cand = total[:, None] + banned
        back[i] = cand.argmax(0)
        total = cand.max(0) + scores[i]
    path = [int(total.argmax())]
    for i in range(len(scores) - 1, 0, -1):
        path.append(int(back[i, path[-1]]))
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
