"""Check the labelled PolNeAR fusion dev set: every claim text and pair string must occur verbatim in
its article, records must be well formed, and the counts must reach the minimums.

    .venv/bin/python scripts/check_fusion_labels.py [--polnear ../shared/data/polnear]

Reads benchmarks/data/polnear_events.json and benchmarks/data/polnear_pairs.tsv, prints the counts
(events, claims, outlets per event, pairs, positives, notes) and every problem (one line each, naming the
record), and exits 1 when there is any problem.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
STANCES = {"asserts", "denies", "doubts"}
WIRES = {None, "AP", "Reuters", "AFP", "UPI"}
# metadata.tsv `wire` column -> the label's spelling (None, NA: not wire copy)
WIRE_OF_METADATA = {"AP": "AP", "AFP": "AFP", "UPI": "UPI", "reuters": "Reuters", "Reuters": "Reuters"}
PAIR_HEADER = ["Quality", "#1 ID", "#2 ID", "#1 String", "#2 String", "note"]
MIN_EVENTS, MIN_OUTLETS, MIN_PAIRS = 25, 3, 500


class Articles:
    """PolNeAR article texts and metadata, by filename."""

    def __init__(self, polnear: Path) -> None:
        self.root = polnear
        with open(polnear / "metadata.tsv", encoding="utf-8", newline="") as f:
            self.meta = {r["filename"]: r for r in csv.DictReader(f, delimiter="\t")}
        self._texts: dict[str, str] = {}

    def text(self, url: str) -> str | None:
        """The article behind a `polnear:<filename>` url, or None when there is no such article."""
        name = url.removeprefix("polnear:")
        if not url.startswith("polnear:") or name not in self.meta:
            return None
        if name not in self._texts:
            path = self.root / self.meta[name]["compartment"] / "text" / f"{name}.txt"
            self._texts[name] = path.read_text(encoding="utf-8")
        return self._texts[name]


def check_events(events: list, articles: Articles, problems: list[str]) -> dict:
    outlets_per_event = []
    claims = 0
    for i, event in enumerate(events):
        name = f"event {i} ({event.get('event', '?')!r})"
        for key in ("event", "description", "claims", "contradictions"):
            if key not in event:
                problems.append(f"{name}: no {key!r}")
        outlets = set()
        event_claims = event.get("claims", [])
        for j, claim in enumerate(event_claims):
            where = f"{name} claim {j}"
            claims += 1
            text = articles.text(claim.get("url", ""))
            if text is None:
                problems.append(f"{where}: unknown article {claim.get('url')!r}")
                continue
            meta = articles.meta[claim["url"].removeprefix("polnear:")]
            if claim.get("text", "") == "" or claim["text"] not in text:
                snippet = repr(claim.get("text"))[:80]
                problems.append(f"{where}: text not found verbatim in {claim['url']}: {snippet}")
            if claim.get("outlet") != meta["publisher"]:
                problems.append(f"{where}: outlet {claim.get('outlet')!r} is not {meta['publisher']!r}")
            if claim.get("published") != meta["publication_date"]:
                date = meta["publication_date"]
                problems.append(f"{where}: published {claim.get('published')!r} is not {date!r}")
            if claim.get("stance") not in STANCES:
                problems.append(f"{where}: stance {claim.get('stance')!r} is not one of {sorted(STANCES)}")
            if claim.get("wire") not in WIRES:
                problems.append(f"{where}: wire {claim.get('wire')!r} is not AP/Reuters/AFP/UPI/null")
            elif claim.get("wire") != WIRE_OF_METADATA.get(meta["wire"]):
                problems.append(f"{where}: wire {claim.get('wire')!r} but metadata.tsv says {meta['wire']!r}")
            if not claim.get("origin"):
                problems.append(f"{where}: no origin")
            outlets.add(meta["publisher"])
        if len(outlets) < MIN_OUTLETS:
            problems.append(f"{name}: reported by {len(outlets)} outlets, needs {MIN_OUTLETS}")
        n = len(event_claims)
        # one origin asserting what another denies is a contradiction, and must be listed as one
        listed = {frozenset((c.get("a"), c.get("b"))) for c in event.get("contradictions", [])}
        for a, ca in enumerate(event_claims):
            for b, cb in enumerate(event_claims):
                opposed = (ca.get("stance"), cb.get("stance")) == ("asserts", "denies")
                if opposed and ca.get("origin") != cb.get("origin") and frozenset((a, b)) not in listed:
                    problems.append(
                        f"{name}: claims {a} (asserts) and {b} (denies) have different origins "
                        "but are not listed as a contradiction"
                    )
        for c in event.get("contradictions", []):
            a, b = c.get("a"), c.get("b")
            if not (isinstance(a, int) and isinstance(b, int) and 0 <= a < n and 0 <= b < n and a != b):
                problems.append(f"{name}: contradiction {c} does not name two of its {n} claims")
            elif not c.get("reason"):
                problems.append(f"{name}: contradiction {a}-{b} has no reason")
            elif event_claims[a].get("origin") == event_claims[b].get("origin"):
                problems.append(f"{name}: contradiction {a}-{b} joins claims of one origin")
        outlets_per_event.append(len(outlets))
    return {
        "events": len(events),
        "claims": claims,
        "outlets_per_event_min": min(outlets_per_event, default=0),
        "outlets_per_event_median": statistics.median(outlets_per_event) if outlets_per_event else 0,
        "contradictions": sum(len(e.get("contradictions", [])) for e in events),
        "stances": dict(Counter(c.get("stance") for e in events for c in e.get("claims", []))),
    }


def check_pairs(path: Path, articles: Articles, problems: list[str]) -> dict:
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    header = lines[0].split("\t") if lines else []
    if header[:5] != PAIR_HEADER[:5]:
        problems.append(f"{path.name}: header {header!r} is not {PAIR_HEADER!r}")
    quality: Counter = Counter()
    notes: Counter = Counter()
    seen = set()
    for n, line in enumerate(lines[1:], start=2):
        where = f"{path.name} line {n}"
        cols = line.split("\t")
        if len(cols) not in (5, 6):
            problems.append(f"{where}: {len(cols)} columns, expected 5 or 6")
            continue
        if cols[0] not in ("0", "1"):
            problems.append(f"{where}: Quality {cols[0]!r} is not 0 or 1")
        for pid, string in ((cols[1], cols[3]), (cols[2], cols[4])):
            url, _, offset = pid.rpartition("@")
            text = articles.text(url)
            if text is None or not offset.isdigit():
                problems.append(f"{where}: bad ID {pid!r} (want polnear:<filename>@<offset>)")
            elif text[int(offset) : int(offset) + len(string)] != string:
                found = text.find(string)
                why = "not in the article" if found < 0 else f"found at offset {found}"
                problems.append(f"{where}: string at {pid} does not match ({why}): {string!r:.80}")
        if cols[1] == cols[2]:
            problems.append(f"{where}: a pair of one string with itself")
        elif cols[0] == "1" and cols[1].rpartition("@")[0] == cols[2].rpartition("@")[0]:
            problems.append(f"{where}: a positive pair must join two different articles")
        key = tuple(sorted(cols[1:3]))
        if key in seen:
            problems.append(f"{where}: duplicate pair {key}")
        seen.add(key)
        quality[cols[0]] += 1
        if len(cols) == 6 and cols[5]:
            notes[cols[5]] += 1
    total = sum(quality.values())
    return {
        "pairs": total,
        "positives": quality["1"],
        "negatives": quality["0"],
        "positive_share": round(quality["1"] / total, 3) if total else 0.0,
        "notes": dict(notes),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--polnear", type=Path, default=POLNEAR, help="PolNeAR folder with metadata.tsv")
    ap.add_argument("--events", type=Path, default=DATA / "polnear_events.json")
    ap.add_argument("--pairs", type=Path, default=DATA / "polnear_pairs.tsv")
    ap.add_argument("--min-events", type=int, default=MIN_EVENTS)
    ap.add_argument("--min-pairs", type=int, default=MIN_PAIRS)
    args = ap.parse_args(argv)
    if not (args.polnear / "metadata.tsv").exists():
        print(f"error: no PolNeAR metadata.tsv under {args.polnear}", file=sys.stderr)
        return 2
    articles = Articles(args.polnear)
    problems: list[str] = []
    try:
        events = json.loads(args.events.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        print(f"error: cannot read {args.events}: {err}", file=sys.stderr)
        return 1
    counts = check_events(events, articles, problems)
    if args.pairs.exists():
        counts |= check_pairs(args.pairs, articles, problems)
    else:
        problems.append(f"{args.pairs.name}: missing")
    if counts["events"] < args.min_events:
        problems.append(f"{args.events.name}: {counts['events']} events, needs {args.min_events}")
    if counts.get("pairs", 0) < args.min_pairs:
        problems.append(f"{args.pairs.name}: {counts.get('pairs', 0)} pairs, needs {args.min_pairs}")
    print(json.dumps(counts, indent=1))
    for p in problems:
        print("problem:", p)
    print(f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
