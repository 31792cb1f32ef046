"""`reportedly eval factuality`: reading the shared format, the metrics, the methods, the command."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from reportedly.evaluate import factuality as ev
from reportedly.evaluate.factuality_data import FactualityDataError, read
from tests.conftest import SHARED

UW_DEV = SHARED / "data" / "factuality" / "uw" / "dev.jsonl"
# a real UW dev sentence: the events "said" (3.0), "take" (0.6), "lose" (0.2)
RECORD = {
    "text": "President Fidel Castro said Tuesday his government told U.S. officials it is worried that "
    "Miami - based exiles might take Elian Gonzalez to another country or even harm him if they lose "
    "their battle to block the boy 's return to Cuba .",
    "targets": [
        {"span1": [3, 4], "label": 3.0, "span_text": "said"},
        {"span1": [19, 20], "label": 0.6, "span_text": "take"},
        {"span1": [31, 32], "label": 0.2, "span_text": "lose"},
    ],
}


def write(tmp_path, *records) -> object:
    path = tmp_path / "f.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n")
    return path


def test_metrics_against_numpy():
    pred, gold = np.array([3.0, 1.0, 2.0, 3.0]), np.array([3.0, 0.0, 2.8, 1.0])
    m = ev.metrics(pred, gold)
    assert m["pearson"] == pytest.approx(np.corrcoef(pred, gold)[0, 1], abs=1e-4)
    assert m["mae"] == pytest.approx(np.abs(pred - gold).mean(), abs=1e-4)
    # uncertain class (< 2.5): predicted {1, 2}, gold {1, 3}: one of two each way
    assert (m["precision"], m["recall"], m["f1"]) == (50.0, 50.0, 50.0)
    assert ev.metrics(np.full(3, 3.0), np.array([3.0, 1.0, 2.0]))["pearson"] == 0.0


def test_bad_records_name_line_and_problem(tmp_path):
    with pytest.raises(FactualityDataError, match=r"f\.jsonl:2: not a factuality record"):
        read(write(tmp_path, RECORD, '{"text": "a b"}'))
    bad = {**RECORD, "targets": [{"span1": [80, 81], "label": 1.0}]}
    with pytest.raises(FactualityDataError, match=r":1: target span \[80, 81\) is outside"):
        read(write(tmp_path, bad))
    bad = {**RECORD, "targets": [{"span1": [3, 4], "label": 7.0}]}
    with pytest.raises(FactualityDataError, match=r"outside -3\.\.\+3"):
        read(write(tmp_path, bad))


def test_methods_score_each_event(tmp_path, nlp):
    path = write(tmp_path, RECORD)
    rules = ev.evaluate(path, "rules", nlp)
    assert rules["n"] == 3
    flat = ev.evaluate(path, "all-factual", nlp)
    assert flat["mae"] == pytest.approx((0 + 2.4 + 2.8) / 3, abs=1e-3)
    assert flat["recall"] == 0.0
    # the hedged "might take" and the conditional "if they lose" are not asserted by the rules
    assert rules["recall"] == 100.0
    with pytest.raises(ev.FactualityEvalError, match="unknown method"):
        ev.evaluate(path, "oracle", nlp)


def test_model_ranks_hedged_events_below_asserted(tmp_path, nlp):
    from reportedly.extract import factuality

    if factuality.model() is None:
        pytest.skip("no factuality model shipped")
    result = ev.evaluate(write(tmp_path, RECORD), "model", nlp)
    assert result["pearson"] > 0.6 and result["mae"] < 1.0


@pytest.mark.skipif(not UW_DEV.exists(), reason="shared factuality data not present")
def test_cli_writes_results(tmp_path):
    lines = UW_DEV.read_text(encoding="utf-8").splitlines()[:20]
    src = tmp_path / "uw20.jsonl"
    src.write_text("\n".join(lines) + "\n")
    out = tmp_path / "r.json"
    args = ["eval", "factuality", str(src), "--method", "lexicon", "--out", str(out)]
    done = subprocess.run([sys.executable, "-m", "reportedly.cli", *args], capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    result = json.loads(out.read_text())
    assert result["method"] == "lexicon" and result["n"] > 20
    assert {"pearson", "mae", "precision", "recall", "f1"} <= set(result)
    bad = subprocess.run(
        [sys.executable, "-m", "reportedly.cli", "eval", "factuality", str(tmp_path / "none.jsonl")],
        capture_output=True,
        timeout=300,
    )
    assert bad.returncode != 0 and "cannot read" in bad.stderr.decode()
