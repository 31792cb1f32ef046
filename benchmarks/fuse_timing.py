"""Fusion alone, timed: a ledger's stories dropped and rebuilt from scratch (vectors encoded again),
with a given story JOIN threshold, no evaluation. Run two of these at once on copies of one ledger
(one with PYTHONPATH at another checkout's src/) to compare matchers under the same machine load.

    cp L /tmp/a.sqlite; python benchmarks/fuse_timing.py --db /tmp/a.sqlite [--join 0.2] --out R.json"""

from __future__ import annotations

import argparse
import importlib.util
import json
import time
from pathlib import Path

import torch

from reportedly.fuse import match
from reportedly.ledger.store import Ledger

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", type=Path, required=True, help="a COPY of a ledger (its stories are rebuilt)")
    ap.add_argument("--join", type=float, help="story join threshold (default: match.JOIN)")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    torch.set_num_threads(1)
    spec = importlib.util.spec_from_file_location("fusion_real", ROOT / "benchmarks" / "fusion_real.py")
    fusion_real = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fusion_real)
    if args.join is not None:
        match.JOIN = args.join
    ledger = Ledger(str(args.db))
    fusion_real.refuse(ledger)
    t = time.perf_counter()
    fused = match.fuse(ledger)
    seconds = time.perf_counter() - t
    result = {
        "matcher_src": str(Path(match.__file__).parents[2]),
        "join": match.JOIN,
        "claims": fused.claims,
        "matched": fused.matched,
        "seconds": round(seconds, 1),
        "claims_per_s": round(fused.claims / seconds, 2),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
