"""Merge two readers' kinds of the gold same-event claim pairs into
benchmarks/data/polnear_event_pair_kinds.jsonl (how each pair of one event's gold claims relates:
"same" proposition, a passing "mention", or "different" propositions of the event).

    python scripts/merge_pair_kinds.py [--labels ../labels/goldkinds] [--out F.jsonl]

Input: all_pairs.jsonl (n, event, a/b with url and text) and labels_<reader>.jsonl (n, kind, why).
A pair two readers read is "same" only when both say so; otherwise the first reader's other kind
stands. Agreement is printed and kept in benchmarks/results/polnear_event_pair_kinds_agreement.json."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("same", "mention", "different")
OUT = ROOT / "benchmarks" / "data" / "polnear_event_pair_kinds.jsonl"
AGREEMENT = ROOT / "benchmarks" / "results" / "polnear_event_pair_kinds_agreement.json"


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            if "kind" in row and row["kind"] not in KINDS:
                raise SystemExit(f"{path}:{k}: kind must be one of {KINDS}, not {row['kind']!r}")
            rows.append(row)
    return rows


def merge(pairs: list[dict], readers: list[list[dict]]) -> tuple[list[dict], dict]:
    by = [{r["n"]: r for r in rows} for rows in readers]
    out, both = [], []
    for p in pairs:
        said = [b[p["n"]] for b in by if p["n"] in b]
        if not said:
            continue
        if len(said) >= 2:
            both.append((said[0]["kind"], said[1]["kind"]))
        kinds = [r["kind"] for r in said]
        kind = "same" if all(k == "same" for k in kinds) else next(k for k in kinds if k != "same")
        out.append(
            {"event": p["event"], "a": p["a"], "b": p["b"], "kind": kind, "why": said[0].get("why", "")}
        )
    agreement = {
        "both_read": len(both),
        "agree": sum(x == y for x, y in both),
        "agree_on_same_or_not": sum((x == "same") == (y == "same") for x, y in both),
    }
    return out, agreement


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--labels", type=Path, default=ROOT.parent / "labels" / "goldkinds")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    pairs = read_jsonl(args.labels / "all_pairs.jsonl")
    readers = [read_jsonl(f) for f in sorted(args.labels.glob("labels_*.jsonl"))]
    rows, agreement = merge(pairs, readers)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    agreement |= {"pairs": len(rows), "kinds": dict(Counter(r["kind"] for r in rows).most_common())}
    AGREEMENT.write_text(json.dumps(agreement, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(agreement))


if __name__ == "__main__":
    main()
