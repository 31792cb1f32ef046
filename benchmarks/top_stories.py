"""The first screen, read: figures from readers' labels of the first 30 stories `reportedly stories`
lists over all 924 PolNeAR articles (benchmarks/data/top_stories_924*.jsonl; the stories written by
scripts/top_stories.py, read by two readers apart per list).

    python benchmarks/top_stories.py [--out benchmarks/results/top_stories_924.json]
    python benchmarks/top_stories.py --db LEDGER --out benchmarks/results/top_stories_origins.json
    python benchmarks/top_stories.py --list top30.jsonl --out R.json

Per reader: stories accepted (the reader's verdict); from the labels alone, stories whose every
claim asserts the story's proposition with the origin count exactly right ("strict") or off by at
most one ("lenient", the criterion the third reading's brief gave the readers), claims asserting
the proposition, and origins read against origins counted; with the readers' agreement.

With --db (the fused ledger of all 924 articles the stories were read on), every read story
still in it is counted again by the current code, so that a change to origins is scored on all the read
stories side by side: origins counted against the readers' (the smaller where they differ), and
stories counted exactly as one reader read them.

With --list (a new first screen written by scripts/top_stories.py whose stories, claim for claim,
all lie in earlier readings, found by their claims), the list is scored from those readings'
labels with its own origin counts: strict, lenient, claims on the proposition, and the same for
multi-outlet stories (not the verdicts: they judged the counts their list showed)."""

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
    "the same, statements only (stop 26)": "top_stories_924_grounded3.jsonl",
    "stories new to the first screen ranked by fewest loose claims (stop 27)": "top_stories_924_loose.jsonl",
    "stories new to the first screen after the place veto (stop 28)": "top_stories_924_places.jsonl",
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


def _readings() -> dict[tuple[str, ...], dict]:
    """A story's claim texts -> its row in the latest reading that holds it (the latest brief);
    keyed by the claims, not the story id, which a ledger fused again renumbers."""
    rows: dict[tuple[str, ...], dict] = {}
    for file in READINGS.values():
        for line in (ROOT / "benchmarks" / "data" / file).read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                rows[tuple(c["text"] for c in d["claims"])] = d
    return rows


def recount(db: str) -> dict:
    """Every read story still in the ledger with the claims it was read with (in a ledger fused
    again a story id names another story: those are skipped and counted), its origins counted by
    this code beside the readers'."""
    from reportedly.fuse import stories
    from reportedly.fuse.reliability import Reliability
    from reportedly.ledger.store import Ledger

    ledger, reliability = Ledger(f"sqlite:///{db}"), Reliability()
    rows, elsewhere = [], 0
    for claims, d in _readings().items():
        v = stories.view(ledger, d["story_id"], reliability)
        if v is None or sorted(f.text for f in v.claims) != sorted(claims):
            elsewhere += 1
            continue
        firm = stories.supporting_origins(v.origins, v.claims[0])
        truth = [r["true_origins"] for r in d["readers"]]
        rows.append({"story_id": v.id, "read": truth, "counted": len(v.origins), "supporting": len(firm)})
    return {
        "db": db,
        "stories": len(rows),
        "read_stories_not_in_this_ledger": elsewhere,
        "origins_read": sum(min(r["read"]) for r in rows),
        "origins_counted": sum(r["counted"] for r in rows),
        "counted_as_read": sum(r["counted"] in r["read"] for r in rows),
        "per_story": rows,
    }


def score_list(path: Path) -> dict:
    """A new list scored from earlier labels: every story must have been read with the same claims."""
    read = _readings()
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        old = read.get(tuple(c["text"] for c in d["claims"]))
        if old is None:
            raise SystemExit(f"story {d['story_id']} was not read with these claims: read it first")
        rows.append({**old, "independent_origins_counted": d["independent_origins_we_computed"]})
    multi = [d for d in rows if len({c["outlet"] for c in d["claims"]}) > 1]
    result, result["multi_outlet"] = score(rows), score(multi) if multi else None
    for part in (result, result["multi_outlet"] or {}):
        for reader in part.get("readers", []):
            del reader["accepted"]  # a verdict judged a count this list may not show
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "top_stories_924.json")
    ap.add_argument("--db", help="recount the read stories' origins on this ledger")
    ap.add_argument("--list", type=Path, help="score a new list from earlier readings' labels")
    args = ap.parse_args()
    if args.list:
        result = {"list": str(args.list), **score_list(args.list)}
        print(json.dumps({k: v for k, v in result.items() if k in ("readers", "multi_outlet")}))
        args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        return
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
