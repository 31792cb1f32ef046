"""The story measure of benchmarks/fusion_real.py: labelled pairs that share a fused story."""

import importlib.util
from pathlib import Path

import pytest

from reportedly.evaluate.pairs import Pair

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def fusion_real():
    spec = importlib.util.spec_from_file_location("fusion_real", ROOT / "benchmarks" / "fusion_real.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pair(label: int, a: int, b: int) -> Pair:
    return Pair(bool(label), f"polnear:x#{a}", f"polnear:y#{b}", f"claim {a}", f"claim {b}")


def test_claim_id(fusion_real):
    assert fusion_real.claim_id("polnear:nyt_2016-09-30_keep#6883") == 6883
    assert fusion_real.claim_id("polnear:nyt_2016-09-30_keep@120") is None


def test_together_counts_precision_and_recall(fusion_real):
    pairs = [pair(1, 1, 2), pair(0, 1, 3), pair(1, 4, 5), pair(0, 6, 7), pair(1, 8, 9)]
    text_of = {n: f"claim {n}" for n in range(1, 9)}  # claim 9 is not in the ledger
    text_of[7] = "another text"  # the ledger's claim 7 is not the labelled one
    story_of = {1: 10, 2: 10, 3: 10, 4: 11, 5: 12, 6: 13}  # 7 and 8 in no story
    got = fusion_real.together_scores(pairs, text_of, story_of)
    assert got["pairs"] == 5
    assert got["in_ledger"] == 3  # (1,2), (1,3), (4,5)
    assert got["same_proposition"] == 2
    assert got["together"] == 2 and got["together_same"] == 1
    assert got["precision"] == 50.0 and got["recall"] == 50.0


def test_pairs_with_no_story_are_not_together(fusion_real):
    got = fusion_real.together_scores([pair(0, 1, 2)], {1: "claim 1", 2: "claim 2"}, {})
    assert got["together"] == 0 and got["precision"] is None and got["recall"] is None
