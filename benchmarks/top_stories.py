"""The first screen, read: figures from readers' labels of the first 30 stories `reportedly stories`
lists over all 924 PolNeAR articles (benchmarks/data/top_stories_924*.jsonl; the stories written by
scripts/top_stories.py, read by two readers apart per list).

    python benchmarks/top_stories.py [--out benchmarks/results/top_stories_924.json]
    python benchmarks/top_stories.py --db LEDGER --out benchmarks/results/top_stories_origins.json

Per reader: stories accepted (the reader's verdict); from the labels alone, stories whose every
claim asserts the story's proposition with the origin count exactly right ("strict") or off by at
most one ("lenient", the criterion the third reading's brief gave the readers), claims asserting
the proposition, and origins read against origins counted; with the readers' agreement.

With --db (the fused ledger of all 924 articles the stories were read on), every story any list
holds is counted again by the current code, so that a change to origins is scored on all the read
stories side by side: origins counted against the readers' (the smaller where they differ), and
stories counted exactly as one reader read them."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READINGS = {
    "ranked by independent origins (stop 25 before)": "top_stories_924.jsonl",
    "ranked by firm origins (stop 25)": "top_stories_924_firm.jsonl",
    "ranked by grounded firm origins (first definition)": "top_stories_924_grounded.jsonl",
    "ranked by grounded supporting firm origins": "top_stories_924_grounded2.jsonl",
    "the same, statements only (now)": "top_stories_924_grounded3.jsonl",
}


def score(rows: list[dict]) -> dict:
    readers = len(rows[0]["readers"])
    per = []
    for r in range(readers):
        strict = lenient = same = trues = 0
        for d in rows:
            labels = [c["labels"][r] for c in d["claims"]]
            true, counted = d["readers"][r]["true_origins"], d["independent_origins_counted"]
            all_same = all(x == "same" for x in labels)
            strict += all_same and true == counted
            lenient += all_same and abs(true - counted) <= 1
            same += labels.count("same")
            trues += true
        per.append(
            {
                "accepted": sum(d["readers"][r]["verdict"] == "accept" for d in rows),
                "strict": strict,
                "lenient": lenient,
                "claims_asserting_the_proposition": same,
                "true_origins": trues,
            }
        )
    claims = sum(len(d["claims"]) for d in rows)
    return {
        "stories": len(rows),
        "claims": claims,
        "independent_origins_counted": sum(d["independent_origins_counted"] for d in rows),
        "readers": per,
        "verdicts_agree": sum(len({x["verdict"] for x in d["readers"]}) == 1 for d in rows),
        "claim_labels_agree": sum(len(set(c["labels"])) == 1 for d in rows for c in d["claims"]),
    }


def read_origins() -> dict[int, list[int]]:
    """story id -> the readers' true origin counts, from the first list that holds the story."""
    read: dict[int, list[int]] = {}
    for file in READINGS.values():
        for line in (ROOT / "benchmarks" / "data" / file).read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                read.setdefault(d["story_id"], [r["true_origins"] for r in d["readers"]])
    return read


def recount(db: str) -> dict:
    """Every read story's origins counted by this code on the ledger, beside the readers'."""
    from reportedly.fuse import stories
    from reportedly.fuse.reliability import Reliability
    from reportedly.ledger.store import Ledger

    ledger, reliability, read = Ledger(f"sqlite:///{db}"), Reliability(), read_origins()
    rows = []
    for sid, truth in sorted(read.items()):
        v = stories.view(ledger, sid, reliability)
        if v is None:
            raise SystemExit(f"story {sid} is not in {db}: give the ledger the stories were read on")
        firm = stories.supporting_origins(v.origins, v.claims[0])
        rows.append({"story_id": sid, "read": truth, "counted": len(v.origins), "supporting": len(firm)})
    return {
        "db": db,
        "stories": len(rows),
        "origins_read": sum(min(r["read"]) for r in rows),
        "origins_counted": sum(r["counted"] for r in rows),
        "counted_as_read": sum(r["counted"] in r["read"] for r in rows),
        "per_story": rows,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "top_stories_924.json")
    ap.add_argument("--db", help="recount the read stories' origins on this ledger")
    args = ap.parse_args()
    if args.db:
        result = recount(args.db)
        print({k: v for k, v in result.items() if k != "per_story"})
        args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        return
    out = {}
    for name, file in READINGS.items():
        path = ROOT / "benchmarks" / "data" / file
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        out[name] = {"data": f"benchmarks/data/{file}", **score(rows)}
        print(name, json.dumps(out[name]["readers"]))
    args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
