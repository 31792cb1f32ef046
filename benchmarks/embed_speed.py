"""MiniLM embedding: float32 against the fast path (bfloat16 autocast where the CPU has it), in
one run on real text: the claims of benchmarks/data/polnear_pairs.tsv and the first MRPC training
pairs.

    python benchmarks/embed_speed.py [--mrpc 1000] [--out R.json]

Writes benchmarks/results/embed_speed.json: texts/s of each path (alternated, torch on one
thread), the cosine between a text's two vectors, how much the cosine of a pair moves, and the
pair verifier's decisions and scores on both sets of pairs with each path's vectors."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch

from reportedly import parse
from reportedly.evaluate.pairs import read_pairs, scores
from reportedly.fuse import embed
from reportedly.fuse.facts import facts_of_texts
from reportedly.fuse.match import decide

ROOT = Path(__file__).resolve().parents[1]
POLNEAR_PAIRS = ROOT / "benchmarks" / "data" / "polnear_pairs.tsv"
MRPC = ROOT.parent / "shared" / "data" / "mrpc" / "train.tsv"


def timed(texts: list[str], exact: bool) -> tuple[np.ndarray, float]:
    t = time.perf_counter()
    vectors = embed.encode(texts, exact=exact)
    return vectors, len(texts) / (time.perf_counter() - t)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mrpc", type=int, default=1000, help="MRPC training pairs used")
    ap.add_argument("--rounds", type=int, default=2, help="timed rounds of each path, alternated")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "embed_speed.json")
    args = ap.parse_args()
    torch.set_num_threads(1)
    sets = {"polnear_pairs": read_pairs(POLNEAR_PAIRS), "mrpc": read_pairs(MRPC)[: args.mrpc]}
    texts = sorted({t for pairs in sets.values() for p in pairs for t in (p.text1, p.text2)})
    embed.encode(texts[:64], exact=True), embed.encode(texts[:64])  # load and warm both paths
    speed: dict[str, list[float]] = {"float32": [], "fast": []}
    for _ in range(args.rounds):
        exact, s_exact = timed(texts, exact=True)
        fast, s_fast = timed(texts, exact=False)
        speed["float32"].append(round(s_exact, 1))
        speed["fast"].append(round(s_fast, 1))
    same = (exact * fast).sum(axis=1)
    row = {t: i for i, t in enumerate(texts)}
    result: dict = {
        "texts": len(texts),
        "bf16_supported": embed.bf16_supported(),
        "texts_per_s": speed,
        "speedup": round(float(np.median(speed["fast"]) / np.median(speed["float32"])), 2),
        "own_vector_cosine": {"min": round(float(same.min()), 5), "mean": round(float(same.mean()), 5)},
    }
    facts = dict(zip(texts, facts_of_texts(texts, parse.load()), strict=True))
    for name, pairs in sets.items():
        a = [row[p.text1] for p in pairs]
        b = [row[p.text2] for p in pairs]
        moved = np.abs((exact[a] * exact[b]).sum(1) - (fast[a] * fast[b]).sum(1))
        judged = {}
        for path, vectors in (("float32", exact), ("fast", fast)):
            judged[path] = [
                decide(facts[p.text1], facts[p.text2], vectors[i], vectors[j])
                for p, i, j in zip(pairs, a, b, strict=True)
            ]
        labels = [p.label for p in pairs]
        both = list(zip(judged["float32"], judged["fast"], strict=True))
        score_gap = [abs(x[1] - y[1]) for x, y in both]
        result[name] = {
            "pairs": len(pairs),
            "pair_cosine_moved": {
                "mean": round(float(moved.mean()), 5),
                "p99": round(float(np.percentile(moved, 99)), 5),
                "max": round(float(moved.max()), 5),
            },
            "decisions_changed": sum(x[0] != y[0] for x, y in both),
            "verifier_score_moved_max": round(max(score_gap), 5),
            "float32": scores(labels, [d[0] for d in judged["float32"]]),
            "fast": scores(labels, [d[0] for d in judged["fast"]]),
        }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k not in sets}))
    for name in sets:
        r = result[name]
        print(name, r["decisions_changed"], "changed;", "f1", r["float32"]["f1"], "->", r["fast"]["f1"])


if __name__ == "__main__":
    main()
