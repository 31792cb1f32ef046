"""Contradiction precision on real stories: every pair of a negated and an asserted claim that share a
story in a fused 254-article PolNeAR ledger (different origins, different articles), and every denial
reported there, labelled by reading (benchmarks/data/contradiction_pairs.jsonl; how in
benchmarks/data/README.md). Side by side in one run:

- the previous rule: a negated claim denies every asserted claim of its story;
- the rule now (fuse/opposition.py): only when it restates it (shared content words);
- denials reported by a named source (relations found in the article): unchanged, scored alone.

    python benchmarks/contradictions.py

Writes benchmarks/results/contradictions.json. (Contradictions between the labelled events' gold claims,
and the finder run on each gold event, are in benchmarks/fusion_real.py.)"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from reportedly.fuse.facts import Facts
from reportedly.fuse.opposition import opposes_claim
from reportedly.fuse.stories import opposes

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "benchmarks" / "data" / "contradiction_pairs.jsonl"
RESULTS = ROOT / "benchmarks" / "results" / "contradictions.json"


def facts(n: int, claim: dict) -> Facts:
    return Facts(
        id=n,
        article_id=n,
        text=claim["text"],
        published=datetime.fromisoformat(claim["published"]) if claim.get("published") else None,
        outlet=claim.get("outlet"),
        url=claim.get("url"),
        chain=[(name, "named") for name in claim.get("chain") or []],
        certainty=claim["certainty"],
        negative=claim["factbank"].endswith("-"),
        entities=[],
        quantities=[],
    )


def score(said: list[bool], gold: list[bool]) -> dict:
    tp = sum(s and g for s, g in zip(said, gold, strict=True))
    reported = sum(said)
    return {
        "reported": reported,
        "true": tp,
        "precision": round(100 * tp / reported, 1) if reported else None,
        "recall": round(100 * tp / sum(gold), 1) if sum(gold) else None,
    }


def main() -> None:
    rows = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    decided = [r for r in rows if r["label"] != "unsure"]
    polarity = [r for r in decided if r["kind"] == "polarity"]
    gold = [r["label"] == "contradiction" for r in polarity]
    previous, now, examples = [], [], []
    for n, r in enumerate(polarity):
        asserted, negated = facts(2 * n, r["asserted"]), facts(2 * n + 1, r["negated"])
        opposite = opposes(negated) and not opposes(asserted)
        restated, shared = opposes_claim(negated, asserted)
        previous.append(opposite)
        now.append(opposite and restated)
        if now[-1] != gold[n]:
            examples.append(
                {
                    "label": r["label"],
                    "said": now[-1],
                    "shared": shared,
                    "asserted": r["asserted"]["text"][:160],
                    "negated": r["negated"]["text"][:160],
                    "why": r.get("why", ""),
                }
            )
    denials = [r for r in decided if r["kind"] == "denial"]
    both_p = [p for p, r in zip(previous, polarity, strict=True) if r["from"] == "reported"]
    result = {
        "pairs": len(rows),
        "unsure": len(rows) - len(decided),
        "negated_vs_asserted": {
            "pairs": len(polarity),
            "true_contradictions": sum(gold),
            "previous_rule": score(previous, gold),
            "now": score(now, gold),
        },
        "denials_reported": score([True] * len(denials), [r["label"] == "contradiction" for r in denials]),
        "reported_by_the_previous_build": len(both_p) + len([r for r in denials if r["from"] == "reported"]),
        "errors_now": examples,
    }
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "errors_now"}, indent=2))


if __name__ == "__main__":
    main()
