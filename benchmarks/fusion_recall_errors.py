"""Where same-event pairs are lost: for every pair of an event's gold claims that the fused
ledger does not hold in one story, the first stage that could have kept them apart.

    python benchmarks/fusion_recall_errors.py --db L.sqlite [--gold G.json] [--out R.json]

Run on a ledger fused by benchmarks/fusion_real.py. Stages, in order: a claim not located in
the ledger (extraction or locate), a claim located but never fused (not the reporting voice, too
short), outside the candidate time window, cosine under the candidate floor, not among the later
claim's NEIGHBOURS nearest earlier claims, figure veto, verifier probability under the join
threshold, and otherwise membership (average link over the story, its time span, or a member's
figure veto refused what the pair alone would accept). Writes the counts, the verifier
probabilities of the positive pairs (a PR curve on the gold's same- and different-event pairs)
and examples per stage."""

from __future__ import annotations

import argparse
import itertools
import json
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import torch
from sqlalchemy import select
from sqlalchemy.orm import Session

from reportedly.evaluate.stories import locate, read_gold
from reportedly.fuse import match, verify
from reportedly.fuse.facts import figure_conflicts
from reportedly.ledger.models import Claim
from reportedly.ledger.store import Ledger

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "benchmarks" / "data" / "polnear_events.json"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "fusion_recall_errors.json")
    args = ap.parse_args()
    torch.set_num_threads(1)
    gold = read_gold(args.gold)
    ledger = Ledger(str(args.db))
    join = match.join_threshold()
    with Session(ledger.engine) as s:
        index = match.load_index(s)
        located: dict[int, set[str]] = defaultdict(set)
        unlocated: Counter = Counter()
        for event in gold:
            for c in event["claims"]:
                cid = locate(s, c["url"], c["text"])
                if cid is None:
                    unlocated[event["event"]] += 1
                else:
                    located[cid].add(event["event"])
        voice = dict(s.execute(select(Claim.id, Claim.voice).where(Claim.id.in_(list(located)))).all())
    pos = {f.id: n for n, f in enumerate(index.facts)}
    order = {
        f.id: k
        for k, f in enumerate(sorted(index.facts, key=lambda f: (f.published is None, f.published, f.id)))
    }
    matrix = np.stack(index.vectors)
    stages: Counter = Counter()
    examples: dict[str, list] = defaultdict(list)
    probs_same, probs_diff = [], []
    # pairs lost before the ledger: an event's gold claims of which one is not located
    for event in gold:
        n, miss = len(event["claims"]), unlocated[event["event"]]
        stages["not located"] += n * (n - 1) // 2 - (n - miss) * (n - miss - 1) // 2
    for c1, c2 in itertools.combinations(sorted(located), 2):
        same = bool(located[c1] & located[c2])
        n1, n2 = pos.get(c1), pos.get(c2)
        if n1 is not None and n2 is not None:
            a, b = sorted((n1, n2), key=lambda n: order[index.facts[n].id])
            fa, fb = index.facts[a], index.facts[b]
            x = verify.features(fa, fb, index.vectors[a], index.vectors[b])
            p = float(verify.load().probability(x)[0])
            (probs_same if same else probs_diff).append(p)
        if not same:
            continue
        if n1 is not None and n2 is not None and index.story[n1] == index.story[n2]:
            stages["together"] += 1
            continue
        if n1 is None or n2 is None:
            missing = c1 if n1 is None else c2
            stages[f"not fused (voice {voice.get(missing)})"] += 1
            continue
        cos = float(index.vectors[a] @ index.vectors[b])
        earlier = [m for m in range(len(index.facts)) if order[index.facts[m].id] < order[fb.id]]
        rank = int((matrix[earlier] @ index.vectors[b] > cos).sum())
        if match._apart(fa.published, fb.published, match.WINDOW):
            stage = "outside the time window"
        elif cos < match.FLOOR:
            stage = "cosine under the floor"
        elif rank >= match.NEIGHBOURS:
            stage = "not among the nearest neighbours"
        elif figure_conflicts(fa, fb):
            stage = "figure veto"
        elif p < join:
            stage = "verifier under the threshold"
        else:
            stage = "membership refused"
        stages[stage] += 1
        examples[stage].append(
            {"a": fa.text[:160], "b": fb.text[:160], "cosine": round(cos, 3), "p": round(p, 3), "rank": rank}
        )
    same_p, diff_p = np.array(probs_same), np.array(probs_diff)
    curve = []
    for t in np.arange(0.1, 0.95, 0.05):
        tp, fp = int((same_p >= t).sum()), int((diff_p >= t).sum())
        curve.append(
            {
                "threshold": round(float(t), 2),
                "pair_recall": round(100 * tp / max(1, len(same_p)), 1),
                "pair_precision": round(100 * tp / max(1, tp + fp), 1),
                "different_event_pairs_accepted": fp,
            }
        )
    lost = sum(v for k, v in stages.items() if k != "together")
    result = {
        "db": str(args.db),
        "join_threshold": join,
        "neighbours": match.NEIGHBOURS,
        "floor": match.FLOOR,
        "window_days": match.WINDOW.days,
        "stages": dict(stages.most_common()),
        "lost_pairs": lost,
        "pair_verifier_curve_on_gold": curve,
        "examples": {k: v[:8] for k, v in examples.items()},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("stages", "lost_pairs")}, indent=1))


if __name__ == "__main__":
    main()
