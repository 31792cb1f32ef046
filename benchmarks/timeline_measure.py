"""Timelines by subject and measure on a PolNeAR ledger, beside the free-text timeline on the same
ledger in the same run.

    python benchmarks/timeline_measure.py --db LEDGER [--build] [--dump]

benchmarks/data/timeline_queries.json lists the ledger's articles (PolNeAR train/dev files chosen at
random among those about polls, unemployment, Orlando and Syrian refugees, plus others; seed 16) and
real subject/measure queries, each with rows judged by reading: `key` (the figure as written | the
first 120 characters of the claim) and `relevant` (the figure is a value of that measure of that
subject). Each query runs through `by_measure(ledger, measure, subject)` (new) and through
`series(ledger, "<subject> <measure>")` (old: figures near the query by embedding). Precision is the
share of relevant rows among judged returned rows; the new method's rows are all judged, the old
method's a seeded sample of up to 25 per query. Pooled recall: of all rows judged relevant (found
by either method), the share each method returns. `--build` ingests and fuses the listed articles into
--db first (../shared/data/polnear); `--dump` prints returned rows not judged yet, for reading.
Writes benchmarks/results/timeline_measure.json."""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "benchmarks" / "data" / "timeline_queries.json"
OUT = ROOT / "benchmarks" / "results" / "timeline_measure.json"
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
OLD_SAMPLE = 25


def key(figure: str, claim: str) -> str:
    return f"{figure} | {' '.join(claim.split())[:120]}"


def build(db: str, articles: list[str]) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from polnear_jsonl import records

    wanted = set(articles)
    rows = [r for r in records(POLNEAR) if r["url"] in wanted]
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "articles.jsonl"
        feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        cli = [sys.executable, "-m", "reportedly.cli"]
        subprocess.run([*cli, "ingest", str(feed), "--db", db], check=True)
        subprocess.run([*cli, "fuse", "--db", db], check=True)


def old_rows(ledger, query: str) -> list[str]:
    from reportedly.fuse.timeline import series

    return [key(p.text, p.claim) for p in series(ledger, query)]


def new_rows(ledger, subject: str | None, measure: str) -> list[str]:
    from reportedly.fuse.measure_timeline import by_measure

    return [key(p.figure, p.claim) for p in by_measure(ledger, measure, subject)]


def score(rows: list[str], judged: dict[str, bool], sample: int | None) -> dict:
    unique = list(dict.fromkeys(rows))
    chosen = unique if sample is None or len(unique) <= sample else random.Random(16).sample(unique, sample)
    seen = [k for k in chosen if k in judged]
    relevant = sum(judged[k] for k in seen)
    return {
        "returned": len(rows),
        "distinct": len(unique),
        "judged": len(seen),
        "unjudged": [k for k in chosen if k not in judged],
        "relevant": relevant,
        "precision": round(relevant / len(seen), 3) if seen else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True, help="the ledger (built with --build)")
    ap.add_argument("--queries", type=Path, default=QUERIES)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--build", action="store_true", help="ingest and fuse the listed articles first")
    ap.add_argument("--dump", action="store_true", help="print returned rows that are not judged yet")
    args = ap.parse_args()
    data = json.loads(args.queries.read_text(encoding="utf-8"))
    if args.build:
        build(args.db, data["articles"])
    from reportedly.ledger.store import Ledger

    ledger = Ledger(args.db)
    per_query = []
    totals = {(part, m): [0, 0] for part in ("dev", "held_out") for m in ("new", "old")}
    pooled = {part: [0, 0, 0] for part in ("dev", "held_out")}  # relevant, found by new, found by old
    for q in data["queries"]:
        judged = {row["key"]: row["relevant"] for row in q["judged"]}
        started = time.perf_counter()
        new = score(new_rows(ledger, q.get("subject"), q["measure"]), judged, None)
        new["seconds"] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        old = score(old_rows(ledger, q["old_query"]), judged, OLD_SAMPLE)
        old["seconds"] = round(time.perf_counter() - started, 2)
        if args.dump:
            for name, result in (("new", new), ("old", old)):
                for k in result["unjudged"]:
                    print(json.dumps({"query": q["name"], "method": name, "key": k}, ensure_ascii=False))
        part = "held_out" if q.get("held_out") else "dev"
        for name, result in (("new", new), ("old", old)):
            totals[part, name][0] += result["relevant"]
            totals[part, name][1] += result["judged"]
        # pooled recall: of every row judged relevant (found by either), the share each returns
        new_keys = set(new_rows(ledger, q.get("subject"), q["measure"]))
        old_keys = set(old_rows(ledger, q["old_query"]))
        relevant = {k for k, ok in judged.items() if ok}
        missed = sorted(relevant - new_keys)
        pooled[part][0] += len(relevant)
        pooled[part][1] += len(relevant & new_keys)
        pooled[part][2] += len(relevant & old_keys)
        per_query.append(
            {"name": q["name"], "part": part, "new": new, "old": old, "relevant_judged_missed_by_new": missed}
        )
    result = {"ledger": args.db, "queries": len(per_query)}
    for (part, name), (relevant, judged) in totals.items():
        result[f"{part}_precision_{name}"] = round(relevant / judged, 3) if judged else None
        result[f"{part}_judged_{name}"] = judged
    for part, (relevant, by_new, by_old) in pooled.items():
        result[f"{part}_pooled_recall_new"] = round(by_new / relevant, 3) if relevant else None
        result[f"{part}_pooled_recall_old"] = round(by_old / relevant, 3) if relevant else None
        result[f"{part}_relevant_judged"] = relevant
    result["per_query"] = per_query
    if not args.dump:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    summary = {k: v for k, v in result.items() if k != "per_query"}
    print(json.dumps(summary, indent=1), file=sys.stderr)
    for row in per_query:
        print(
            f"{row['name']:<20} {row['part']:<9} new {row['new']['precision']} ({row['new']['judged']} rows)"
            f"  old {row['old']['precision']} ({row['old']['judged']} of {row['old']['distinct']})",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
