"""Event factuality on the shared dev splits: the learned model, the rules, a word-list baseline
and calling everything factual, side by side in one run.

    python benchmarks/factuality.py [--data ../shared/data/factuality] [--sets uw meantime uds_ih2]

Per set and method: Pearson r, MAE and "uncertain or not" (score < 2.5) P/R/F1 over events (see
reportedly.evaluate.factuality). Writes benchmarks/results/factuality_dev.json.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from reportedly import parse
from reportedly.evaluate.factuality import METHODS, evaluate_many

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "factuality")
    ap.add_argument("--sets", nargs="+", default=["uw", "meantime", "uds_ih2"])
    ap.add_argument("--methods", nargs="+", default=list(METHODS))
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "factuality_dev.json")
    args = ap.parse_args()
    nlp = parse.load()
    result: dict = {"pipeline": parse.pipeline_id(nlp), "split": "dev", "sets": {}}
    for name in args.sets:
        t = time.perf_counter()
        by_method = evaluate_many(args.data / name / "dev.jsonl", args.methods, nlp)
        result["sets"][name] = {
            m: {k: v for k, v in r.items() if k not in ("file", "method")} for m, r in by_method.items()
        }
        print(f"{name} ({time.perf_counter() - t:.0f}s)")
        for m, r in by_method.items():
            print(
                f"  {m:12} n {r['n']:5}  r {r['pearson']:.3f}  MAE {r['mae']:.3f}  "
                f"P/R/F1 {r['precision']:.1f}/{r['recall']:.1f}/{r['f1']:.1f}"
            )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
