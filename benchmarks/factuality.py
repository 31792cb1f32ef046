"""Event factuality on the shared dev splits: the learned model, the rules, a word-list baseline
and calling everything factual, side by side in one run.

    python benchmarks/factuality.py [--data ../shared/data/factuality] [--sets uw meantime uds_ih2]
        [--baseline DIR]

--baseline: a models folder of the same layout (e.g. the previous shipped data/factuality/, from
git) whose model and model-context are scored in the same run, as "baseline model" and "baseline
model-context".

Per set and method: Pearson r, MAE and "uncertain or not" (score < 2.5) P/R/F1 over events (see
reportedly.evaluate.factuality). Writes benchmarks/results/factuality_dev.json.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from reportedly import parse
from reportedly.evaluate.factuality import METHODS, evaluate_many
from reportedly.extract import factuality

ROOT = Path(__file__).resolve().parents[1]


def baseline(models: Path, folder: Path, methods: list[str], nlp) -> dict[str, dict]:
    """The learned methods with the models in `models` instead of the shipped ones."""
    before = os.environ.get(factuality.DIR_ENV)
    os.environ[factuality.DIR_ENV] = str(models)
    factuality.model.cache_clear()
    try:
        return evaluate_many(folder / "dev.jsonl", methods, nlp)
    finally:
        if before is None:
            os.environ.pop(factuality.DIR_ENV)
        else:
            os.environ[factuality.DIR_ENV] = before
        factuality.model.cache_clear()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "factuality")
    ap.add_argument("--sets", nargs="+", default=["uw", "meantime", "uds_ih2"])
    ap.add_argument("--methods", nargs="+", default=list(METHODS))
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "factuality_dev.json")
    ap.add_argument("--baseline", type=Path, default=None, help="models folder scored beside the shipped one")
    args = ap.parse_args()
    nlp = parse.load()
    result: dict = {"pipeline": parse.pipeline_id(nlp), "split": "dev", "sets": {}}
    if args.baseline:
        result["baseline"] = str(args.baseline)
    for name in args.sets:
        t = time.perf_counter()
        by_method = evaluate_many(args.data / name / "dev.jsonl", args.methods, nlp)
        if args.baseline:
            learned = [m for m in args.methods if m.startswith("model")]
            before = baseline(args.baseline, args.data / name, learned, nlp)
            by_method.update({f"baseline {m}": r for m, r in before.items()})
        result["sets"][name] = {
            m: {k: v for k, v in r.items() if k not in ("file", "method")} for m, r in by_method.items()
        }
        print(f"{name} ({time.perf_counter() - t:.0f}s)")
        for m, r in by_method.items():
            print(
                f"  {m:24} n {r['n']:5}  r {r['pearson']:.3f}  MAE {r['mae']:.3f}  "
                f"P/R/F1 {r['precision']:.1f}/{r['recall']:.1f}/{r['f1']:.1f}"
            )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
