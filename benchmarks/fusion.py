"""Claim matching: quality on labelled pairs and speed on a ledger-sized index.

    python benchmarks/fusion.py [--index 100000] [--new 1000]

Quality: benchmarks/data/claim_pairs.jsonl holds claim pairs written and labelled for this
benchmark (same proposition or not: paraphrases, updated figures, denials, same entities but
another event). Each claim is analysed (entities, quantities), embedded, and the matcher's
decision is compared with the label: pairwise precision, recall, F1.

Speed: an in-memory index of --index claims (real claim texts from the sample and PolNeAR dev
articles, embedded once; the rest are copies with small vector noise and their own blocking
keys), then --new claims matched against it. Also measures embedding throughput (claims/s).
Writes benchmarks/results/fusion.json."""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np

from reportedly.analyze import analyze_text
from reportedly.fuse import embed
from reportedly.fuse.facts import Facts
from reportedly.fuse.match import Index, best_story, decide, same_proposition

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def facts_of(text: str, n: int = 0) -> Facts:
    a = analyze_text(text)
    names = {e.id: e.name for e in a.entities}
    claim = max(a.claims, key=lambda c: len(c.span.text)) if a.claims else None
    quantities = [q.model_dump() | {"text": q.span.text} for c in a.claims for q in c.quantities]
    return Facts(
        id=n,
        article_id=n,
        text=text,
        published=None,
        outlet=None,
        url=None,
        chain=[(link.source.name, link.source.kind) for link in claim.chain] if claim else [],
        certainty=claim.certainty.level if claim else "asserted",
        negative=bool(claim and claim.certainty.polarity == "negative"),
        entities=[names[e] for c in a.claims for e in c.entities if e in names],
        quantities=quantities,
    )


def quality() -> dict:
    pairs = [json.loads(x) for x in (ROOT / "benchmarks/data/claim_pairs.jsonl").read_text().splitlines()]
    texts = sorted({p[k] for p in pairs for k in ("a", "b")})
    vecs = dict(zip(texts, embed.encode(texts), strict=True))
    facts = {t: facts_of(t) for t in texts}
    rules = [
        same_proposition(facts[p["a"]], facts[p["b"]], float(vecs[p["a"]] @ vecs[p["b"]])) == p["same"]
        for p in pairs
    ]
    tp = fp = fn = tn = 0
    errors = []
    for p in pairs:
        cosine = float(vecs[p["a"]] @ vecs[p["b"]])
        said = decide(facts[p["a"]], facts[p["b"]], vecs[p["a"]], vecs[p["b"]])[0]
        tp += said and p["same"]
        fp += said and not p["same"]
        fn += (not said) and p["same"]
        tn += (not said) and not p["same"]
        if said != p["same"]:
            errors.append({"a": p["a"], "b": p["b"], "label": p["same"], "cosine": round(cosine, 3)})
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {
        "pairs": len(pairs),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
        "accuracy": round(sum(1 for p in pairs if p) and (tp + tn) / len(pairs), 3),
        "baseline_rules_accuracy": round(sum(rules) / len(pairs), 3),
        "errors": errors,
    }


def real_claims() -> list[str]:
    from reportedly import parse
    from reportedly.analyze import analyze_many
    from reportedly.read import RawArticle

    paths = [SHARED / "samples/seed.txt", *sorted((SHARED / "data/polnear/dev/text").glob("*.txt"))]
    items = (
        (RawArticle(text=p.read_text(encoding="utf-8"), origin=p.name, fmt="text", encoding="utf-8"), None)
        for p in paths
        if p.exists()
    )
    return [
        c.span.text
        for a, _ in analyze_many(items, parse.load())
        for c in a.claims
        if c.voice == "reporting" and len(c.span.text.split()) >= 4
    ]


def speed(index_size: int, new: int, rng: random.Random) -> dict:
    texts = real_claims()
    t = time.perf_counter()
    base = embed.encode(texts)
    encode_rate = len(texts) / (time.perf_counter() - t)
    entities = [f"entity {i}" for i in range(3000)]
    noise = np.random.default_rng(3)
    index = Index()
    for n in range(index_size):
        j = n % len(texts)
        vec = base[j] + np.float32(0.02) * noise.standard_normal(base.shape[1]).astype(np.float32)
        vec /= np.linalg.norm(vec)
        f = Facts(
            id=n,
            article_id=n // 20,
            text=texts[j],
            published=None,
            outlet=None,
            url=None,
            chain=[("X", "named")],
            certainty="asserted",
            negative=False,
            entities=rng.sample(entities, 2),
            quantities=[
                {
                    "text": "",
                    "value": float(rng.randrange(1, 500) * 100),
                    "low": None,
                    "high": None,
                    "bound": "exact",
                    "approximate": False,
                    "thing": rng.choice(["troop", "person", "drone", "vote"]),
                    "role": "unspecified",
                }
            ],
        )
        index.add(f, vec, story_id=n)
    queries = [index.facts[rng.randrange(index_size)] for _ in range(new)]
    t = time.perf_counter()
    sizes = []
    for f in queries:
        sizes.append(len(index.neighbours(f, index.vectors[f.id], exclude=f.id)))
        best_story(index, f, index.vectors[f.id], exclude=f.id)
    seconds = time.perf_counter() - t
    return {
        "index_claims": index_size,
        "new_claims": new,
        "match_ms_per_claim": round(1000 * seconds / new, 3),
        "mean_candidates": round(sum(sizes) / len(sizes), 1),
        "embed_claims_per_s": round(encode_rate, 1),
        "embedded_for_index": len(texts),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--index", type=int, default=100_000)
    ap.add_argument("--new", type=int, default=1000)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/fusion.json")
    args = ap.parse_args()
    result = {"quality": quality(), "speed": speed(args.index, args.new, random.Random(3))}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result["quality"].items() if k != "errors"}, indent=2))
    print(json.dumps(result["speed"], indent=2))


if __name__ == "__main__":
    main()
