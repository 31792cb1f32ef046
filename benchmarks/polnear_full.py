"""All 924 PolNeAR train+dev articles through the commands a user runs, timed on the wall clock:
`reportedly ingest` of their JSON Lines (scripts/polnear_jsonl.py) into a fresh SQLite ledger,
then `reportedly fuse`. Each is a separate process, as a user would start it; claims per second of
each side by side (ingest's claims are what extraction produced). Run it on a quiet machine.

    python benchmarks/polnear_full.py [--workers 2] [--out benchmarks/results/polnear_full.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
REPORTEDLY = [sys.executable, "-m", "reportedly.cli"]


def timed(args: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        args, capture_output=True, text=True, check=True, env=os.environ | {"NO_COLOR": "1"}
    )
    return time.perf_counter() - start, " ".join(done.stdout.split())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "polnear_full.json")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="polnear-full-"))
    jsonl, db = tmp / "polnear.jsonl", tmp / "ledger.sqlite"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "polnear_jsonl.py"), str(POLNEAR), str(jsonl)], check=True
    )
    ingest_s, ingest_said = timed(
        [*REPORTEDLY, "ingest", str(jsonl), "--db", str(db), "--workers", str(args.workers)]
    )
    fuse_s, fuse_said = timed([*REPORTEDLY, "fuse", "--db", str(db)])
    with sqlite3.connect(db) as con:
        articles, claims = (
            con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("articles", "claims")
        )
        fused = con.execute("select count(*) from story_claims").fetchone()[0]
        multi = con.execute(
            "select count(*) from (select story_id from story_claims group by story_id having count(*) > 1)"
        ).fetchone()[0]
    result = {
        "articles": articles,
        "claims": claims,
        "fused_claims": fused,
        "stories_of_2_or_more": multi,
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "ingest_seconds": round(ingest_s, 1),
        "fuse_seconds": round(fuse_s, 1),
        "total_minutes": round((ingest_s + fuse_s) / 60, 2),
        "target_minutes": 10,
        "ingest_claims_per_s": round(claims / ingest_s, 1),
        "fuse_claims_per_s": round(fused / fuse_s, 1),
        "ingest_said": ingest_said,
        "fuse_said": fuse_said,
    }
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
