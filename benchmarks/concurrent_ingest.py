"""Concurrent users of one ledger: two `reportedly ingest` processes at once, each with 500
articles (250 of them also in the other's input), into a brand-new ledger, so that they race
to create the schema, to create the same sources and to store the same articles.

    python benchmarks/concurrent_ingest.py [--articles 500] [--db PATH|URL]

Passes when both exit 0 and every distinct article is stored exactly once. Runs on SQLite by
default; give a PostgreSQL URL (`scripts/pg-test-server.sh start` prints one) for the other
backend. Writes benchmarks/results/concurrent_ingest_<backend>.json."""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from ingest import generate  # this folder is on sys.path when run as a script
from sqlalchemy import create_engine, text

from reportedly.ledger.store import Ledger, database_url

ROOT = Path(__file__).resolve().parents[1]


def fresh(db: str) -> None:
    if "://" not in db:
        for suffix in ("", "-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)
        return
    engine = create_engine(database_url(db))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--db", default="/tmp/reportedly-bench-concurrent.sqlite")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/reportedly-bench-concurrent"))
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    corpus = args.workdir / "corpus.jsonl"
    generate(corpus, args.articles * 3 // 2, random.Random(5))
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    half = args.articles // 2
    inputs = [lines[: args.articles], lines[half : half + args.articles]]
    paths = []
    for n, chunk in enumerate(inputs):
        path = args.workdir / f"input{n}.jsonl"
        path.write_text("".join(chunk), encoding="utf-8")
        paths.append(path)
    fresh(args.db)
    env = {**os.environ, "REPORTEDLY_DB": args.db}
    t0 = time.perf_counter()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "reportedly.cli", "ingest", str(p), "--workers", "1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for p in paths
    ]
    outputs = [p.communicate(timeout=3600) for p in procs]
    seconds = time.perf_counter() - t0
    ledger = Ledger(args.db)
    distinct = len(set(lines[: half + args.articles]))
    counts = ledger.counts()
    result = {
        "backend": ledger.dialect,
        "processes": len(procs),
        "articles_per_process": args.articles,
        "distinct_articles": distinct,
        "exit_codes": [p.returncode for p in procs],
        "articles_stored": counts["articles"],
        "claims_stored": counts["claims"],
        "tracebacks": sum("Traceback" in out + err for out, err in outputs),
        "seconds": round(seconds, 1),
        "summaries": [out.strip().splitlines()[-1] if out.strip() else err[-300:] for out, err in outputs],
    }
    result["passed"] = (
        result["exit_codes"] == [0, 0] and counts["articles"] == distinct and result["tracebacks"] == 0
    )
    out = ROOT / "benchmarks" / "results" / f"concurrent_ingest_{ledger.dialect}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    sys.exit(0 if result["passed"] else 1)


if __name__ == "__main__":
    main()
