"""Sentence embeddings: identical texts encoded once, and the fast path (bfloat16 where the CPU
has it) agreeing with float32."""

from __future__ import annotations

import numpy as np

from reportedly.fuse import embed

TEXTS = [
    "A gunman killed 49 people at a gay nightclub in Orlando early on Sunday, police said.",
    "The Senate voted on Tuesday to confirm the new secretary of the Army.",
    "Police said a gunman killed 49 people at an Orlando gay nightclub on Sunday.",
    "Clinton narrowly won the Iowa caucuses, according to the state party.",
]


def test_identical_texts_get_identical_rows():
    vectors = embed.encode([TEXTS[0], TEXTS[1], TEXTS[0]])
    assert vectors.shape == (3, embed.DIM) and vectors.dtype == np.float32
    assert np.array_equal(vectors[0], vectors[2])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert embed.encode([]).shape == (0, embed.DIM)


def test_fast_path_agrees_with_float32():
    exact = embed.encode(TEXTS, exact=True)
    fast = embed.encode(TEXTS)
    assert (exact * fast).sum(axis=1).min() > 0.999
    assert np.abs(exact @ exact.T - fast @ fast.T).max() < 0.01
    assert isinstance(embed.bf16_supported(), bool)
