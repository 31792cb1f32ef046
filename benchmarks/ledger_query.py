"""Query latency on a ledger of >= 1,000,000 claims (SQLite by default, or --db URL).

    python benchmarks/ledger_query.py [--claims 1000000] [--db PATH|URL] [--runs 200]

The ledger is filled with bulk inserts of realistic rows: claim texts are real claims analysed
from the sample and PolNeAR dev articles, varied (numbers, names, outlets, dates); sources follow
a Zipf-like mix of real and generated names. Then the `claims` queries run --runs times each with
varied parameters; p50/p95 latencies go to benchmarks/results/ledger_query.json."""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from reportedly.ledger.models import Article, ChainLink, Claim, Source
from reportedly.ledger.store import Ledger

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
OUTLETS = [f"outlet{i}" for i in range(60)] + ["CNN", "BBC", "Reuters", "AP", "Kyiv Independent"]
NAMES = [
    "CNN",
    "Defence Intelligence of Ukraine (HUR)",
    "Reuters",
    "Pentagon",
    "Kremlin",
    "National Intelligence Service (South Korea)",
    "Ukrainian side",
    "officials",
    "satellite images",
    "Donald Trump",
    "Hillary Clinton",
    "White House",
    "author",
]
SEARCH_TERMS = [
    "North Korean troops",
    "soldiers Russia",
    "election campaign",
    "Clinton",
    "tax plan",
    "intelligence",
    "Kursk",
    "sanctions",
    "health",
    "debate",
    "poll voters",
    "missile",
    "climate change",
    "police video",
    "30,000",
]


def seed_texts() -> list[str]:
    from reportedly import parse
    from reportedly.analyze import analyze_many
    from reportedly.read import RawArticle

    paths = [SHARED / "samples" / "seed.txt", *sorted((SHARED / "data/polnear/dev/text").glob("*.txt"))]
    items = (
        (RawArticle(text=p.read_text(encoding="utf-8"), origin=p.name, fmt="text", encoding="utf-8"), None)
        for p in paths
        if p.exists()
    )
    texts = []
    for analysis, _ in analyze_many(items, parse.load()):
        texts.extend(c.span.text for c in analysis.claims if len(c.span.text) > 20)
    return texts


def fill(ledger: Ledger, n_claims: int, rng: random.Random) -> float:
    texts = seed_texts()
    t0 = time.perf_counter()
    per_article = 20
    n_articles = n_claims // per_article
    start = datetime(2023, 1, 1)
    names = NAMES + [f"source {i}" for i in range(20_000)]
    weights = [1 / (i + 1) for i in range(len(names))]
    with ledger.engine.begin() as conn:
        conn.execute(
            insert(Source),
            [{"id": i + 1, "name": n, "key": n.lower(), "kind": "named"} for i, n in enumerate(names)],
        )
        claim_id = 0
        for a0 in range(0, n_articles, 2000):
            arts, claims, links = [], [], []
            for a in range(a0, min(a0 + 2000, n_articles)):
                published = start + timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))
                outlet = rng.choice(OUTLETS)
                arts.append(
                    {
                        "id": a + 1,
                        "content_hash": f"{a:064x}",
                        "url": f"https://x/{a}",
                        "title": None,
                        "outlet": outlet,
                        "published": published,
                        "origin": "bench",
                        "ingested": published,
                        "text": "",
                        "analysis": {},
                    }
                )
                for k in range(per_article):
                    claim_id += 1
                    text = rng.choice(texts).replace("30,000", f"{rng.randrange(1, 90)},000")
                    chain = rng.choices(range(len(names)), weights=weights, k=rng.choice((1, 1, 2)))
                    claims.append(
                        {
                            "id": claim_id,
                            "article_id": a + 1,
                            "ordinal": k,
                            "text": text,
                            "start": 0,
                            "end": len(text),
                            "sentence": k,
                            "voice": "reporting",
                            "certainty": "asserted",
                            "factbank": "CT+",
                            "chain": " <- ".join(names[c] for c in chain),
                            "published": published,
                            "outlet": outlet,
                        }
                    )
                    links.extend(
                        {
                            "claim_id": claim_id,
                            "position": p,
                            "source_id": c + 1,
                            "cue": "said",
                            "source_text": names[c],
                            "published": published,
                        }
                        for p, c in enumerate(chain)
                    )
            conn.execute(insert(Article), arts)
            conn.execute(insert(Claim), claims)
            conn.execute(insert(ChainLink), links)
    if ledger.dialect == "sqlite" or ledger.dialect == "postgresql":
        with ledger.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    return time.perf_counter() - t0


def measure(ledger: Ledger, runs: int, rng: random.Random) -> dict:
    day = lambda: datetime(2023, 1, 1) + timedelta(days=rng.randrange(0, 700))  # noqa: E731
    queries = {
        "about": lambda: ledger.claims(about=rng.choice(SEARCH_TERMS)),
        "source": lambda: ledger.claims(source=rng.choice(NAMES[:9])),
        "since": lambda: ledger.claims(since=day()),
        "about+source+since": lambda: ledger.claims(
            about=rng.choice(SEARCH_TERMS), source=rng.choice(NAMES[:9]), since=day()
        ),
    }
    out = {}
    for name, fn in queries.items():
        fn()  # warm
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        out[name] = {
            "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[int(0.95 * len(times)) - 1], 2),
            "max_ms": round(times[-1], 2),
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--db", default="/tmp/reportedly-bench-ledger.sqlite")
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/ledger_query.json")
    args = ap.parse_args()
    if "://" not in args.db:
        for suffix in ("", "-wal", "-shm"):
            Path(args.db + suffix).unlink(missing_ok=True)
    ledger = Ledger(args.db)
    rng = random.Random(7)
    fill_s = fill(ledger, args.claims, rng)
    counts = ledger.counts()
    result = {
        "backend": ledger.dialect,
        "counts": counts,
        "fill_seconds": round(fill_s, 1),
        "runs_per_query": args.runs,
        "latency": measure(ledger, args.runs, rng),
        "target_p95_ms": 50,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
