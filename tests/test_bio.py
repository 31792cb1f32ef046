"""B/I/O decoding shared by the cue taggers: spans are well formed whatever the scores say."""

from __future__ import annotations

import itertools

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


def test_decoded_spans_are_the_viterbi_spans_of_each_sentence():
    rng = np.random.default_rng(0)
    for trial in range(300):
        n = int(rng.integers(1, 60))
        scores = rng.normal(0, 2, (n, 3)).astype(np.float32)
        if trial % 3 == 0:  # mostly O, as real text: most sentences take the read-off path
            scores[:, bio.OUTSIDE] += 4
        if trial % 5 == 0:  # ties: the read-off path must leave them to the decoder
            scores[rng.integers(0, n, 3), bio.BEGIN] = scores[rng.integers(0, n, 3), bio.OUTSIDE]
        cuts = sorted({0, n, *rng.integers(0, n, int(rng.integers(0, 6))).tolist()})
        ranges = [(a, b) for a, b in itertools.pairwise(cuts) if rng.random() < 0.9]
        expected = [(a + lo, a + hi) for a, b in ranges for lo, hi in bio.iob_spans(bio.decode(scores[a:b]))]
        assert bio.decoded_spans(scores, ranges) == expected
