"""Span metrics and the BRAT reader on hand-made cases."""

from __future__ import annotations

import pytest

from reportedly.evaluate.brat import CorpusError, load_compartment, parse_ann
from reportedly.evaluate.metrics import match

TEXT = "Officials said, on Monday, that the bridge is closed."


def test_exact_ignores_edge_punctuation_and_overlap_needs_a_shared_word():
    gold = [((32, 52),)]  # "the bridge is closed" + "."
    exact, overlap, missed, spurious = match(TEXT, [((31, 52),)], gold)  # " the bridge is closed."
    assert exact.tp_pred == 1 and exact.tp_gold == 1 and not missed and not spurious
    exact, overlap, *_ = match(TEXT, [((27, 42),)], gold)  # "that the bridge"
    assert exact.tp_pred == 0 and overlap.tp_pred == 1 and overlap.recall == 1.0
    exact, overlap, *_ = match(TEXT, [((14, 15),)], gold)  # ","
    assert overlap.n_pred == 0  # a span of punctuation only is no span


def test_discontinuous_gold_needs_both_fragments():
    gold = [((0, 9), (27, 52))]
    exact, *_ = match(TEXT, [((0, 9), (27, 52))], gold)
    assert exact.f1 == 1.0
    exact, overlap, *_ = match(TEXT, [((27, 52),)], gold)
    assert exact.f1 == 0.0 and overlap.f1 == 1.0


def test_brat_reader(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "pub_2016-01-01_x.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "pub_2016-01-01_x_ab12.ann").write_text(
        "T1\tSource 0 9\tOfficials\nT2\tCue 10 14\tsaid\nT3\tContent 27 51\tthat the\nbridge is closed\n"
        "T4\tAttribution 10 14\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n",
        encoding="utf-8",
    )
    (article,) = load_compartment(tmp_path)
    assert article.publisher == "pub" and article.annotations[0].annotator == "ab12"
    gold = article.annotations[0].attributions[0]
    assert gold.source == ((0, 9),) and gold.cue == ((10, 14),) and gold.content == ((27, 51),)


def test_brat_reader_errors(tmp_path):
    with pytest.raises(CorpusError, match="expected text/ and attributions/"):
        load_compartment(tmp_path)
    bad = tmp_path / "x.ann"
    bad.write_text("T1\tSource zero nine\tOfficials\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"x\.ann:1: malformed"):
        parse_ann(bad)


def _annotated(tmp_path, name: str, anns: dict[str, str]) -> None:
    (tmp_path / "text").mkdir(exist_ok=True)
    (tmp_path / "attributions").mkdir(exist_ok=True)
    (tmp_path / "text" / f"{name}.txt").write_text(TEXT, encoding="utf-8")
    for annotator, body in anns.items():
        (tmp_path / "attributions" / f"{name}_{annotator}.ann").write_text(body, encoding="utf-8")


def test_annotator_agreement_scores_each_annotator_against_the_other(tmp_path):
    from reportedly.evaluate.agreement import agreement

    head = "T1\tSource 0 9\tOfficials\nT2\tCue 10 14\tsaid\n"
    rel = "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n"
    full = head + "T3\tContent 27 52\tthat the bridge is closed\n" + rel
    short = head + "T3\tContent 32 52\tthe bridge is closed\n" + rel
    _annotated(tmp_path, "pub_2016-01-01_a", {"ann1": full, "ann2": short})
    _annotated(tmp_path, "pub_2016-01-01_b", {"ann1": full})  # one annotator: not compared
    result = agreement(load_compartment(tmp_path))
    assert (result["articles"], result["shared_articles"], result["pairs"]) == (2, 1, 1)
    overall = result["overall"]
    assert overall["source"]["exact"]["f1"] == 100.0 and overall["cue"]["exact"]["f1"] == 100.0
    assert overall["content"]["exact"]["f1"] == 0.0  # "that the bridge ..." vs "the bridge ..."
    assert overall["content"]["overlap"]["f1"] == 100.0
