"""The ledger's pair decision on the held-out labelled PolNeAR pairs (the second half by #1 ID
hash; the first half trains both models): the feature verifier alone, the cross-encoder alone,
and the verifier with the cross-encoder re-checking its unsure band, for several bands, beside
always-yes; `ledger_decision` is match.decide itself (what `reportedly eval pairs` runs) with
cross_encoder.BAND as shipped or as --band sets it.

    python benchmarks/pair_decision.py [--pairs benchmarks/data/polnear_pairs.tsv] [--band 0.3 0.65]

Writes benchmarks/results/pair_decision.json."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch

from reportedly.evaluate.pairs import polnear_halves, read_pairs, scores
from reportedly.fuse import cross_encoder, embed, verify
from reportedly.fuse.facts import facts_of_texts
from reportedly.fuse.match import decide

ROOT = Path(__file__).resolve().parents[1]
BANDS = [(0.1, 0.5), (0.3, 0.65), (0.2, 0.65), (0.1, 0.65), (0.3, 0.8), (0.0, 1.01)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pairs", type=Path, default=ROOT / "benchmarks" / "data" / "polnear_pairs.tsv")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "pair_decision.json")
    ap.add_argument("--band", type=float, nargs=2, metavar=("LOW", "HIGH"), help="cross_encoder.BAND")
    args = ap.parse_args()
    torch.set_num_threads(1)
    if args.band:
        cross_encoder.BAND = tuple(args.band)
    _, held = polnear_halves(read_pairs(args.pairs))
    texts = sorted({t for p in held for t in (p.text1, p.text2)})
    facts = dict(zip(texts, facts_of_texts(texts), strict=True))
    vectors = dict(zip(texts, embed.encode(texts), strict=True))
    y = [p.label for p in held]
    x = np.stack(
        [verify.features(facts[p.text1], facts[p.text2], vectors[p.text1], vectors[p.text2]) for p in held]
    )
    mlp = verify.load().probability(x)
    t = time.perf_counter()
    ce = cross_encoder.load().probability([(p.text1, p.text2) for p in held])
    ce_seconds = time.perf_counter() - t
    veto = np.array([bool(verify.figure_conflicts(facts[p.text1], facts[p.text2])) for p in held])
    threshold, ce_threshold = verify.load().threshold, cross_encoder.load().threshold
    result = {
        "pairs": str(args.pairs.relative_to(ROOT) if args.pairs.is_relative_to(ROOT) else args.pairs),
        "heldout_pairs": len(held),
        "cross_encoder_pairs_per_s": round(len(held) / ce_seconds, 2),
        "always_yes": scores(y, [True] * len(y)),
        "verifier": scores(y, ((mlp >= threshold) & ~veto).tolist()),
        "bands": {},
    }
    for low, high in BANDS:
        unsure = (mlp >= low) & (mlp < high)
        said = np.where(unsure, ce >= ce_threshold, mlp >= threshold) & ~veto
        result["bands"][f"{low}-{high}"] = scores(y, said.tolist()) | {"rechecked": int(unsure.sum())}
    t = time.perf_counter()
    ledger = [decide(facts[p.text1], facts[p.text2], vectors[p.text1], vectors[p.text2])[0] for p in held]
    result["ledger_decision"] = scores(y, ledger) | {
        "band": cross_encoder.BAND,
        "seconds": round(time.perf_counter() - t, 1),
    }
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    rows = {n: result[n] for n in ("always_yes", "verifier", "ledger_decision")}
    rows |= {f"band {b}": s for b, s in result["bands"].items()}
    for name, s in rows.items():
        print(
            f"{name:18s} P {s['precision']:5.1f} R {s['recall']:5.1f} "
            f"F1 {s['f1']:5.1f} acc {s['accuracy']:5.1f}"
        )


if __name__ == "__main__":
    main()
