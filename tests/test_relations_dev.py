"""Pins denials, non-confirmations, intermediaries, speakers, embedded posts and quotations on
real sentences (benchmarks/data/relations_dev.jsonl, each record naming the page it comes from)."""

from __future__ import annotations

import pytest

from reportedly.evaluate import relations
from tests.conftest import ROOT

CASES = relations.load(ROOT / "benchmarks" / "data" / "relations_dev.jsonl")


def _param(case: dict):
    # a record marked known_wrong documents a failure still open; strict, so a fix shows up
    marks = [pytest.mark.xfail(reason=case["known_wrong"], strict=True)] if "known_wrong" in case else []
    return pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_real_sentence(analyze, case):
    assert relations.check(case, analyze(case["text"])) == [], case["ref"]


def test_bad_record_is_a_one_line_error(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x", "text": "A said B."}\n', encoding="utf-8")
    with pytest.raises(
        relations.RelationsDataError, match=r"bad.jsonl:1: record lacks claim, expect, relation"
    ):
        relations.load(path)
