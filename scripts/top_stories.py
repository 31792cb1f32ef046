"""The first stories a user sees, written for readers to judge: `reportedly stories --json` on a
ledger, one JSON line per story with its claims (text, outlet, date, who said it, the origin
fusion computed) and the number of independent origins counted.

    python scripts/top_stories.py --db LEDGER [--limit 30] --out top30.jsonl

Readers add, per story, the proposition, a "same"/"different" label per claim, the true number of
independent origins and a verdict (benchmarks/data/top_stories_924*.jsonl hold two such readings)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path


def said_by(claim: dict) -> str:
    chain = claim.get("chain") or []
    return chain[-1] if chain else "author"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--limit", type=int, default=30)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    cmd = [sys.executable, "-m", "reportedly.cli", "stories", "--json", "--limit", str(args.limit)]
    stories = json.loads(
        subprocess.run([*cmd, "--db", args.db], check=True, capture_output=True, text=True).stdout
    )
    with args.out.open("w", encoding="utf-8") as fh:
        for n, story in enumerate(stories):
            claims = [
                {
                    "i": i,
                    "text": c["text"],
                    "outlet": c["outlet"],
                    "date": (c["published"] or "")[:10],
                    "said_by": said_by(c),
                    "origin_we_computed": c["origin"],
                }
                for i, c in enumerate(story["claims"])
            ]
            row = {
                "n": n,
                "story_id": story["id"],
                "claims": claims,
                "independent_origins_we_computed": story["independent_origins"],
                "firm_origins": story["firm_origins"],
            }
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(stories)} stories written to {args.out}")


if __name__ == "__main__":
    main()
