"""The learned pair verifier with its figure veto, `reportedly eval pairs` (MRPC format) and
`reportedly eval stories` (gold events against a fused ledger)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from reportedly.evaluate.pairs import PairsError, read_pairs
from reportedly.evaluate.stories import GoldError, read_gold
from reportedly.fuse import embed, verify
from reportedly.fuse.facts import facts_of_texts
from reportedly.fuse.match import decide
from tests.conftest import SHARED

CORPUS = Path(__file__).parent / "data" / "fusion_corpus.jsonl"
MRPC = SHARED / "data" / "mrpc" / "train.tsv"


def cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "reportedly.cli", *args], capture_output=True, text=True, timeout=600
    )


def judged(a: str, b: str):
    fa, fb = facts_of_texts([a, b])
    u, v = embed.encode([a, b])
    return decide(fa, fb, u, v)


def test_shipped_verifier_loads_and_scores_in_range():
    model = verify.load()
    assert 0.0 < model.threshold < 1.0
    assert model.layers[0][0].shape[0] == len(verify.LEXICAL)
    p = model.probability(np.zeros((3, model.layers[0][0].shape[0]), dtype=np.float32))
    assert p.shape == (3,) and np.all((p > 0) & (p < 1))


def test_paraphrase_matches_and_different_figures_veto():
    same, p, _ = judged(
        "Police said on Sunday that 49 people were killed in the Orlando nightclub shooting.",
        "The Orlando nightclub shooting killed 49 people, police said on Sunday.",
    )
    assert same and p >= verify.load().threshold
    other, _, _ = judged(
        "Police said on Sunday that 49 people were killed in the Orlando nightclub shooting.",
        "The senator said the tax bill would pass the chamber next week.",
    )
    assert not other
    vetoed, _, reason = judged(
        "Police arrested 21 people after the protest in Charlotte.",
        "Police arrested 99 people after the protest in Charlotte.",
    )
    assert not vetoed and "different figures" in reason and "21" in reason and "99" in reason


def test_read_pairs_errors(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\n1\ta\tb\tonly four\n", encoding="utf-8")
    with pytest.raises(PairsError, match=r"bad\.tsv:2: expected 5 tab-separated columns, found 4"):
        read_pairs(bad)
    bad.write_text("2\ta\tb\tx\ty\n", encoding="utf-8")
    with pytest.raises(PairsError, match=r"bad\.tsv:1: Quality must be 0 or 1"):
        read_pairs(bad)


@pytest.mark.skipif(not MRPC.exists(), reason="shared MRPC data not present")
def test_eval_pairs_command(tmp_path):
    lines = MRPC.read_text(encoding="utf-8-sig").splitlines()[:41]
    sample = tmp_path / "sample.tsv"
    sample.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "r.json"
    done = cli("eval", "pairs", str(sample), "--out", str(out))
    assert done.returncode == 0, done.stderr
    r = json.loads(out.read_text())
    assert r["pairs"] == 40 and r["tp"] + r["fp"] + r["fn"] + r["tn"] == 40
    assert r["accuracy"] == pytest.approx(100 * (r["tp"] + r["tn"]) / 40, abs=0.01)
    assert r["accuracy"] > 60  # far better than chance on real paraphrase pairs
    missing = cli("eval", "pairs", str(tmp_path / "none.tsv"), "--out", str(out))
    assert missing.returncode == 2 and "none.tsv: cannot read" in missing.stderr


def test_read_gold_errors(tmp_path):
    bad = tmp_path / "g.json"
    bad.write_text(json.dumps([{"event": "e", "claims": [{"url": "u"}]}]), encoding="utf-8")
    with pytest.raises(GoldError, match=r"g\.json: event 'e' claim 0 needs 'url' and 'text'"):
        read_gold(bad)


def test_eval_stories_command(tmp_path):
    db = str(tmp_path / "l.sqlite")
    assert cli("ingest", str(CORPUS), "--workers", "1", "--db", db).returncode == 0
    gold = [
        {
            "event": "30,000 more North Korean troops",
            "claims": [
                {"url": "https://edition.cnn.com/4", "text": "North Korea is preparing to send about 30,000"},
                {
                    "url": "https://www.foxnews.com/5",
                    "text": "North Korea will send an additional 30,000 troops",
                },
                {
                    "url": "https://www.kyivpost.com/6",
                    "text": "Pyongyang plans to dispatch an additional 30,000",
                },
            ],
        },
        {
            "event": "Dnipro bridge collapse",
            "claims": [
                {
                    "url": "https://apnews.com/9",
                    "text": "The bridge over the Dnipro river in Zaporizhzhia collapsed",
                },
                {
                    "url": "https://www.ukrinform.net/10",
                    "text": "the Dnipro bridge in Zaporizhzhia collapsed",
                },
            ],
        },
    ]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    out = tmp_path / "r.json"
    done = cli("eval", "stories", str(path), "--db", db, "--out", str(out))
    assert done.returncode == 0, done.stderr
    r = json.loads(out.read_text())
    assert r["located"] == 5 and r["same_event_pairs"] == 4 and r["different_event_pairs"] == 6
    assert r["recall"] == 100.0 and r["separation"] == 100.0 and r["precision"] == 100.0
    assert {row["event"]: row["stories"] for row in r["per_event"]} == {
        "30,000 more North Korean troops": 1,
        "Dnipro bridge collapse": 1,
    }
