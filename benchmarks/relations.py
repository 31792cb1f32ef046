"""Words in the right mouths on real sentences: denials, non-confirmations, intermediaries,
speakers, embedded posts and quotations (benchmarks/data/relations_dev.jsonl, labelled by reading
real PolNeAR and article-extraction-benchmark paragraphs; each record names its source).

    PYTHONPATH=src python benchmarks/relations.py [--label NAME] [--baseline-src DIR]

--baseline-src runs the same cases with another checkout's src (e.g. the commit before this
work, exported with `git archive`) in a subprocess, so both figures come from the same run.
Writes benchmarks/results/relations_dev.json."""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data" / "relations_dev.jsonl"
OUT = ROOT / "benchmarks" / "results" / "relations_dev.json"


def _evaluator():
    """This checkout's evaluator, also when the package imported is a baseline's."""
    path = ROOT / "src" / "reportedly" / "evaluate" / "relations.py"
    spec = importlib.util.spec_from_file_location("relations_evaluator", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure() -> dict:
    from reportedly.analyze import analyze_text

    relations = _evaluator()
    results = relations.run(DATA, analyze_text)
    return {
        "summary": relations.summarise(results),
        "wrong": {r["id"]: r["errors"] for r in results if r["errors"]},
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline-src", help="src folder of the baseline checkout")
    parser.add_argument("--json-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.json_only:
        print(json.dumps(measure(), ensure_ascii=False))
        return
    now = measure()
    report = {"cases": str(DATA.relative_to(ROOT)), "now": now}
    if args.baseline_src:
        # the baseline's own code, with this checkout's evaluator and data
        env = {**os.environ, "PYTHONPATH": args.baseline_src}
        cmd = [sys.executable, __file__, "--json-only"]
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
        report["baseline"] = json.loads(out.stdout.strip().splitlines()[-1])
    OUT.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for name in ("baseline", "now"):
        if name in report:
            s = report[name]["summary"]
            parts = ", ".join(f"{k} {v['right']}/{v['cases']}" for k, v in s["by_relation"].items())
            print(f"{name:9} {s['right']}/{s['cases']} right ({parts})")
    print(f"results written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
