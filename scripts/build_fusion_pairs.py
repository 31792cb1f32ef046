"""Build benchmarks/data/polnear_pairs.tsv (MRPC format) from the labelled PolNeAR fusion events.

    .venv/bin/python scripts/build_fusion_pairs.py [--polnear ../shared/data/polnear]

Pairs, each string verbatim from its article and identified as polnear:<filename>@<char offset>:
- within an event: two claims of one stance from different articles -> 1; a labelled contradiction
  -> 0 "contradiction"; an assertion against a denial -> 0 "denial", against a doubt -> 0 "doubt";
- a hand-picked distractor (same people or topic, another proposition; in polnear_pair_extras.json)
  against up to 4 of its event's claims -> 0 with the distractor's note (same topic, update, prediction, ...);
- hand-labelled pairs from the same file, as labelled;
- claims of two events that share a topic -> 0 "same topic" (up to 6 per event pair); of unrelated events,
  one pair for about 15% of the event pairs -> 0 "different topic".
Deterministic (seeded); rerun after editing the events or the extras, then run check_fusion_labels.py.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_fusion_labels import DATA, PAIR_HEADER, POLNEAR, Articles

SEED = 16
RELATED_PAIRS, DISTRACTOR_CLAIMS, UNRELATED_SHARE = 6, 4, 0.15


class Pairs:
    def __init__(self, articles: Articles) -> None:
        self.articles = articles
        self.rows: list[list[str]] = []
        self.seen: set[tuple[str, str]] = set()

    def pid(self, url: str, text: str) -> str:
        body = self.articles.text(url)
        offset = body.find(text) if body is not None else -1
        if offset < 0:
            raise SystemExit(f"error: {url}: text not found verbatim: {text[:80]!r}")
        if "\t" in text or "\n" in text:
            raise SystemExit(f"error: {url}: text holds a tab or newline: {text[:80]!r}")
        return f"{url}@{offset}"

    def add(self, quality: int, a: dict, b: dict, note: str = "") -> bool:
        ia, ib = self.pid(a["url"], a["text"]), self.pid(b["url"], b["text"])
        key = (min(ia, ib), max(ia, ib))
        if ia == ib or key in self.seen or (quality == 1 and a["url"] == b["url"]):
            return False
        self.seen.add(key)
        self.rows.append([str(quality), ia, ib, a["text"], b["text"], note])
        return True


def build(events: list[dict], extras: dict, articles: Articles) -> list[list[str]]:
    rng = random.Random(SEED)
    pairs = Pairs(articles)
    for event in events:
        claims = event["claims"]
        opposed = {(c["a"], c["b"]) for c in event["contradictions"]}
        opposed |= {(b, a) for a, b in opposed}
        for i, j in itertools.combinations(range(len(claims)), 2):
            a, b = claims[i], claims[j]
            stances = {a["stance"], b["stance"]}
            if (i, j) in opposed:
                pairs.add(0, a, b, "contradiction")
            elif len(stances) > 1:
                pairs.add(0, a, b, "denial" if "denies" in stances else "doubt")
            elif a["url"] != b["url"]:
                pairs.add(1, a, b)
    by_name = {e["event"]: e for e in events}
    for d in extras["distractors"]:
        if d["event"] not in by_name:
            raise SystemExit(f"error: distractor {d['text'][:60]!r} names no event {d['event']!r}")
        claims = by_name[d["event"]]["claims"]
        claims = [c for c in claims if c["url"] != d["url"]] or claims
        for c in sorted(claims, key=lambda _: rng.random())[:DISTRACTOR_CLAIMS]:
            pairs.add(0, c, d, d["note"])
    for p in extras["pairs"]:
        if not pairs.add(p["quality"], p["a"], p["b"], p["note"]):
            raise SystemExit(f"error: hand pair {p['a']['text'][:40]!r} / {p['b']['text'][:40]!r} repeats")
    for e1, e2 in itertools.combinations(events, 2):
        related = bool(set(e1.get("topics", ())) & set(e2.get("topics", ())))
        candidates = [(a, b) for a in e1["claims"] for b in e2["claims"] if a["url"] != b["url"]]
        rng.shuffle(candidates)
        k = RELATED_PAIRS if related else (1 if rng.random() < UNRELATED_SHARE else 0)
        for a, b in candidates[:k]:
            pairs.add(0, a, b, "same topic" if related else "different topic")
    return pairs.rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--polnear", type=Path, default=POLNEAR, help="PolNeAR folder with metadata.tsv")
    ap.add_argument("--events", type=Path, default=DATA / "polnear_events.json")
    ap.add_argument("--extras", type=Path, default=DATA / "polnear_pair_extras.json")
    ap.add_argument("--out", type=Path, default=DATA / "polnear_pairs.tsv")
    args = ap.parse_args(argv)
    events = json.loads(args.events.read_text(encoding="utf-8"))
    extras = json.loads(args.extras.read_text(encoding="utf-8"))
    rows = build(events, extras, Articles(args.polnear))
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        f.write("\t".join(PAIR_HEADER) + "\n")
        f.writelines("\t".join(r) + "\n" for r in rows)
    quality = Counter(r[0] for r in rows)
    print(f"{len(rows)} pairs ({quality['1']} positive) -> {args.out}")
    print(dict(Counter(r[5] or "(positive)" for r in rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
