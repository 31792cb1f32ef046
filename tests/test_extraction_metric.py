"""The article-extraction benchmark's shingle metric."""

from __future__ import annotations

import pytest

from reportedly.evaluate.extraction import corpus_scores, page_score, shingles, tokens


def test_tokens_lower_cased_words():
    assert tokens("The U.S. army's 3rd-unit, Kyiv!") == ["the", "u", "s", "army", "s", "3rd", "unit", "kyiv"]


def test_shingles_of_four_tokens_with_counts():
    s = shingles("a b c d e a b c d")
    assert s[("a", "b", "c", "d")] == 2
    assert s[("b", "c", "d", "e")] == 1
    assert sum(s.values()) == 6
    assert shingles("two words") == {("two", "words"): 1}
    assert shingles("") == {}


def test_identical_texts_score_one():
    s = page_score("One two three four five.", "one TWO three, four five")
    assert (s.tp, s.fp, s.fn) == (1.0, 0.0, 0.0)
    assert s.precision == s.recall == s.f1 == 1.0


def test_extra_and_missing_text_normalised():
    true = "w1 w2 w3 w4 w5 w6"  # 3 shingles
    pred = "w1 w2 w3 w4 w5 x y z"  # 5 shingles, 2 shared
    s = page_score(true, pred)
    assert s.tp == pytest.approx(2 / 6) and s.fp == pytest.approx(3 / 6) and s.fn == pytest.approx(1 / 6)
    assert s.precision == pytest.approx(2 / 5) and s.recall == pytest.approx(2 / 3)


def test_corpus_averages_precision_and_recall_then_f1():
    a = page_score("w1 w2 w3 w4 w5", "w1 w2 w3 w4 w5")  # p=r=1
    b = page_score("w1 w2 w3 w4 w5 w6", "w1 w2 w3 w4 x y z")  # 1 shared of 4 pred, 3 true
    empty_pred = page_score("w1 w2 w3 w4", "")  # no precision, recall 0
    out = corpus_scores([a, b, empty_pred])
    assert out["precision"] == pytest.approx((1 + 1 / 4) / 2)
    assert out["recall"] == pytest.approx((1 + 1 / 3 + 0) / 3)
    p, r = out["precision"], out["recall"]
    assert out["f1"] == pytest.approx(2 * p * r / (p + r))


def test_no_pages_is_an_error():
    with pytest.raises(ValueError, match="no pages"):
        corpus_scores([])
