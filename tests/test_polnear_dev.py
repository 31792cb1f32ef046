"""Accuracy guard: PolNeAR dev source exact F1 (and cue exact, content overlap) must stay within
2 points of the recorded figures (benchmarks/results/polnear_dev*.json, written by
`reportedly eval attribution`), for the default cue tagger and for the context tagger."""

from __future__ import annotations

import json

import pytest

from reportedly import parse
from reportedly.evaluate import attribution as ev
from reportedly.extract.attribution.taggers import tagged
from tests.conftest import ROOT, SHARED

DEV = SHARED / "data" / "polnear" / "dev"
RESULTS = ROOT / "benchmarks" / "results"


@pytest.mark.slow
@pytest.mark.skipif(not DEV.exists(), reason="PolNeAR dev not present")
@pytest.mark.parametrize(
    ("mode", "recorded_file"), [("tagged", "polnear_dev.json"), ("context", "polnear_dev_context.json")]
)
def test_dev_source_exact_f1_has_not_dropped(monkeypatch, mode, recorded_file):
    monkeypatch.setenv(tagged.MODE_ENV, mode)
    recorded = json.loads((RESULTS / recorded_file).read_text(encoding="utf-8"))
    assert recorded.get("attribution", "tagged") == mode
    summary = ev.summarise(list(ev.run(DEV, parse.load())))
    now, before = summary["overall"], recorded["overall"]
    assert now["source"]["exact"]["f1"] >= before["source"]["exact"]["f1"] - 2.0, now
    assert now["cue"]["exact"]["f1"] >= before["cue"]["exact"]["f1"] - 2.0, now
    assert now["content"]["overlap"]["f1"] >= before["content"]["overlap"]["f1"] - 2.0, now
