"""Fusion's batched verifier features (verify.features_many) are verify.features, value for value,
on real PolNeAR claims; and the reassignment pass's batched neighbour search answers as single
searches do."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from reportedly.fuse import verify
from reportedly.fuse.facts import facts_of_texts
from reportedly.fuse.match import Index

ROOT = Path(__file__).resolve().parents[1]


def polnear_claims(n: int) -> list[str]:
    with (ROOT / "benchmarks" / "data" / "polnear_pairs.tsv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    texts = list(dict.fromkeys(t for r in rows for t in (r["#1 String"], r["#2 String"])))
    return texts[:n]


def unit_rows(n: int, seed: int = 0) -> np.ndarray:
    x = np.random.default_rng(seed).normal(size=(n, 384)).astype(np.float32)
    x[1::2] += x[0]  # some pairs close, some far
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_batched_features_equal_the_verifiers_pair_by_pair():
    facts = facts_of_texts(polnear_claims(80))
    # real figures, negations and names, so the figure, number, negation and entity columns vary
    assert any(f.quantities for f in facts) and any(f.entities for f in facts)
    vectors = unit_rows(len(facts))
    for a, u in list(zip(facts, vectors, strict=True))[:20]:
        batch = verify.features_many(a, u, facts, vectors)
        single = np.stack([verify.features(a, b, u, v) for b, v in zip(facts, vectors, strict=True)])
        assert batch.dtype == single.dtype and batch.shape == (len(facts), len(verify.LEXICAL))
        assert np.array_equal(batch, single)
    assert verify.features_many(facts[0], vectors[0], [], []).shape == (0, len(verify.LEXICAL))


def test_batched_search_answers_as_single_searches():
    facts = facts_of_texts(polnear_claims(60))
    vectors = unit_rows(len(facts), seed=1)
    index = Index()
    for f, v in zip(facts, vectors, strict=True):
        index.add(f, v, story_id=f.id)
    for positions in (list(range(len(facts))), [7]):  # many queries, and one
        for n, found in zip(positions, index.search_many(positions), strict=True):
            assert index.neighbours(facts[n], vectors[n], exclude=n, found=found) == index.neighbours(
                facts[n], vectors[n], exclude=n
            )
    assert Index().search_many([]) == []
