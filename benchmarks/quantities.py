"""Quantities on real sentences: reportedly beside quantulum3, and beside an earlier revision.

    python benchmarks/quantities.py [--data benchmarks/data/quantities_dev.jsonl] [--before REV]

benchmarks/data/quantities_dev.jsonl holds 187 sentences from PolNeAR train/dev and the AEB pages
with 384 figures labelled by hand (conventions in benchmarks/data/README_quantities.md). Each
sentence goes through the full pipeline; figures are aligned to gold by overlap and scored for
detection, value, bound, approximation, role, direction, measured variable and as-of (see
reportedly.evaluate.quantities). quantulum3 runs on the same sentences in the same run. With
--before REV the same scorer also runs on the extractor of git revision REV (exported to a
temporary directory), so before and after are measured side by side by one scorer.
Writes benchmarks/results/quantities_dev.json."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from reportedly import parse
from reportedly.evaluate import quantities as ev

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "quantities_dev.json"


def before(rev: str, data: Path) -> dict:
    """Score revision `rev`'s extractor with today's scorer, in a separate interpreter."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "archive", rev, "src"], cwd=ROOT, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        scorer = Path(tmp) / "src" / "reportedly" / "evaluate" / "quantities.py"
        shutil.copy(ROOT / "src" / "reportedly" / "evaluate" / "quantities.py", scorer)
        code = (
            "import json,sys; from pathlib import Path; from reportedly import parse; "
            "from reportedly.evaluate import quantities as ev; "
            "print(json.dumps(ev.run(Path(sys.argv[1]), parse.load(), baseline=False)['reportedly']))"
        )
        env = os.environ | {"PYTHONPATH": str(Path(tmp) / "src")}
        out = subprocess.run(
            [sys.executable, "-c", code, str(data)], env=env, capture_output=True, text=True, check=True
        )
    return json.loads(out.stdout.strip().splitlines()[-1]) | {"revision": rev}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT / "benchmarks" / "data" / "quantities_dev.jsonl")
    ap.add_argument("--before", help="git revision whose extractor is scored beside the current one")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    nlp = parse.load()
    result = ev.run(args.data, nlp, baseline=True)
    result["model"] = parse.pipeline_id(nlp)
    result["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count()}
    if args.before:
        result["before"] = before(args.before, args.data)
    ev.write(result, args.out)
    cols = ["reportedly", "quantulum3"] + (["before"] if args.before else [])
    print(f"{'metric':28}" + "".join(f"{c:>14}" for c in cols))
    for key, value in result["reportedly"].items():
        row = [value] + [result[c].get(key) if isinstance(result.get(c), dict) else None for c in cols[1:]]
        print(f"{key:28}" + "".join(f"{ev._fmt(v):>14}" for v in row))
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
