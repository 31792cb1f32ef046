"""The labelled PolNeAR fusion dev set (benchmarks/data/polnear_events.json, polnear_pairs.tsv) passes
scripts/check_fusion_labels.py: verbatim texts, well-formed records, the required counts."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from build_fusion_pairs import main as build_main
from check_fusion_labels import main

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"

pytestmark = pytest.mark.skipif(not (POLNEAR / "metadata.tsv").exists(), reason="no shared PolNeAR data")


def test_the_committed_labels_pass(capsys):
    rc = main(["--polnear", str(POLNEAR)])  # the required minimums: 25 events, 500 pairs
    out = capsys.readouterr().out
    assert rc == 0, out
    assert "0 problems" in out


def test_a_claim_not_in_its_article_is_reported(tmp_path, capsys):
    events = json.loads((ROOT / "benchmarks/data/polnear_events.json").read_text(encoding="utf-8"))
    event = events[0]
    event["claims"][0]["text"] += " (words the article does not have)"
    event["contradictions"] = [{"a": 0, "b": len(event["claims"]), "reason": "index out of range"}]
    event["claims"][2]["stance"] = "denies"  # now opposes claim 1, another origin: an unlisted contradiction
    event["claims"][2]["origin"] = "someone else"
    path = tmp_path / "events.json"
    path.write_text(json.dumps([event]), encoding="utf-8")
    pairs = tmp_path / "pairs.tsv"
    url = event["claims"][1]["url"]
    pairs.write_text(
        f"Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\tnote\n1\t{url}@0\t{url}@5\tnot at zero\tnor here\t\n",
        encoding="utf-8",
    )
    rc = main(["--polnear", str(POLNEAR), "--events", str(path), "--pairs", str(pairs)])
    out = capsys.readouterr().out
    assert rc == 1
    assert "event 0" in out and "claim 0: text not found verbatim" in out
    assert "does not name two of its" in out
    assert "claims 1 (asserts) and 2 (denies) have different origins but are not listed" in out
    assert "line 2: string at" in out and "a positive pair must join two different articles" in out
    assert "1 events, needs 25" in out and "1 pairs, needs 500" in out


def test_the_pairs_file_is_built_from_the_events_and_extras(tmp_path):
    out = tmp_path / "pairs.tsv"
    assert build_main(["--polnear", str(POLNEAR), "--out", str(out)]) == 0
    committed = (ROOT / "benchmarks/data/polnear_pairs.tsv").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == committed  # rerun scripts/build_fusion_pairs.py after edits


def test_a_distractor_for_an_unknown_event_is_refused(tmp_path):
    extras = json.loads((ROOT / "benchmarks/data/polnear_pair_extras.json").read_text(encoding="utf-8"))
    extras["distractors"][0]["event"] = "no such event"
    path = tmp_path / "extras.json"
    path.write_text(json.dumps(extras), encoding="utf-8")
    with pytest.raises(SystemExit, match="names no event 'no such event'"):
        build_main(["--polnear", str(POLNEAR), "--extras", str(path), "--out", str(tmp_path / "p.tsv")])
