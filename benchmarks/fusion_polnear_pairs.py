"""The real PolNeAR fusion pairs (benchmarks/data/polnear_pairs.tsv) against the current claim matcher and an
embeddings-only floor, side by side: the matcher's decision (reportedly.fuse.match.same_proposition on each
string analysed as benchmarks/fusion.py does) vs the best F1 any single MiniLM cosine threshold reaches
(tuned on these pairs, so an optimistic floor); plus mean cosine by label note (positives vs each kind of
hard negative) and the matcher's errors by note.

    python benchmarks/fusion_polnear_pairs.py

Writes benchmarks/results/fusion_polnear_pairs.json."""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import torch

from reportedly.fuse import embed
from reportedly.fuse.match import same_proposition

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "benchmarks" / "data" / "polnear_pairs.tsv"
RESULTS = ROOT / "benchmarks" / "results" / "fusion_polnear_pairs.json"
sys.path.insert(0, str(ROOT / "benchmarks"))
from fusion import facts_of  # noqa: E402  (the claim analysis benchmarks/fusion.py uses)


def scores(said: np.ndarray, gold: np.ndarray) -> dict:
    tp, fp, fn = int((said & gold).sum()), int((said & ~gold).sum()), int((~said & gold).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(f1, 3),
    }


def main() -> None:
    torch.set_num_threads(1)
    with open(PAIRS, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    texts = sorted({r[k] for r in rows for k in ("#1 String", "#2 String")})
    vectors = dict(zip(texts, embed.encode(texts), strict=True))
    sims = np.array([float(vectors[r["#1 String"]] @ vectors[r["#2 String"]]) for r in rows])
    gold = np.array([r["Quality"] == "1" for r in rows])
    by_note: dict[str, list[float]] = defaultdict(list)  # label note -> cosines
    for r, s in zip(rows, sims, strict=True):
        by_note[r["note"] or "(positive)"].append(s)
    best = max(
        ({"threshold": round(float(t), 2)} | scores(sims >= t, gold) for t in np.arange(0.20, 0.95, 0.01)),
        key=lambda x: x["f1"],
    )
    facts = {t: facts_of(t, n) for n, t in enumerate(texts)}
    said = np.array(
        [
            bool(same_proposition(facts[r["#1 String"]], facts[r["#2 String"]], float(s)))
            for r, s in zip(rows, sims, strict=True)
        ]
    )
    errors = Counter(r["note"] or "(positive)" for r, x, g in zip(rows, said, gold, strict=True) if x != g)
    result = {
        "pairs": len(rows),
        "positives": int(gold.sum()),
        "model": embed.MODEL_NAME,
        "current_matcher": scores(said, gold) | {"errors_by_note": dict(errors)},
        "cosine_best_single_threshold": best,
        "cosine_by_note": {
            note: {
                "n": len(xs),
                "mean": round(float(np.mean(xs)), 3),
                "median": round(float(np.median(xs)), 3),
            }
            for note, xs in sorted(by_note.items(), key=lambda item: -len(item[1]))
        },
    }
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
