"""Accuracy guard: PolNeAR dev source exact F1 must stay within 2 points of the recorded figure
(benchmarks/results/polnear_dev.json, written by `reportedly eval attribution`)."""

from __future__ import annotations

import json

import pytest

from reportedly import parse
from reportedly.evaluate import attribution as ev
from tests.conftest import ROOT, SHARED

DEV = SHARED / "data" / "polnear" / "dev"
RECORDED = ROOT / "benchmarks" / "results" / "polnear_dev.json"


@pytest.mark.slow
@pytest.mark.skipif(not DEV.exists(), reason="PolNeAR dev not present")
def test_dev_source_exact_f1_has_not_dropped():
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))["overall"]
    summary = ev.summarise(list(ev.run(DEV, parse.load())))
    now = summary["overall"]
    assert now["source"]["exact"]["f1"] >= recorded["source"]["exact"]["f1"] - 2.0, now
    assert now["cue"]["exact"]["f1"] >= recorded["cue"]["exact"]["f1"] - 2.0, now
    assert now["content"]["overlap"]["f1"] >= recorded["content"]["overlap"]["f1"] - 2.0, now
