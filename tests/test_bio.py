"""B/I/O decoding shared by the cue taggers: spans are well formed whatever the scores say."""

from __future__ import annotations

import numpy as np

from reportedly.extract.attribution.taggers import bio


def test_decoding_never_starts_a_span_inside():
    inside_first = np.log(np.array([[0.1, 0.2, 0.7], [0.1, 0.1, 0.8], [0.8, 0.1, 0.1]]))
    labels = bio.decode(inside_first)
    assert labels[0] != bio.INSIDE
    assert bio.iob_spans(labels) == [(0, 2)]


def test_spans_split_at_every_begin():
    labels = [bio.OUTSIDE, bio.BEGIN, bio.BEGIN, bio.INSIDE, bio.OUTSIDE, bio.BEGIN]
    assert bio.iob_spans(labels) == [(1, 2), (2, 4), (5, 6)]


def test_whitespace_only_sentences_are_skipped(nlp):
    doc = nlp("He said so.\n\n\n\nShe agreed.")
    ranges = bio.sentence_ranges(doc)
    assert [doc[a:b].text.strip() for a, b in ranges] == ["He said so.", "She agreed."]
