"""Ingest throughput and memory on a generated corpus (default 10,000 articles).

    python benchmarks/ingest.py [--articles 10000] [--workers 2] [--db PATH|URL]

Articles are generated as JSON Lines from paragraphs of the sample and the PolNeAR dev texts,
shuffled and varied so that every article is distinct. Reports articles/s, words/s, peak RSS of
the main process and of the parsing workers, and the main process RSS every 1,000 articles
(flat memory while streaming). Writes benchmarks/results/ingest.json."""

from __future__ import annotations

import argparse
import json
import random
import resource
import time
from pathlib import Path

from reportedly import parse
from reportedly.ledger.ingest import ingest
from reportedly.ledger.readers import iter_records
from reportedly.ledger.store import Ledger

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def paragraphs() -> list[str]:
    paths = [SHARED / "samples" / "seed.txt", *sorted((SHARED / "data/polnear/dev/text").glob("*.txt"))]
    out = []
    for p in paths:
        out.extend(x.strip() for x in p.read_text(encoding="utf-8").split("\n\n") if len(x.split()) > 12)
    return out


def generate(path: Path, n: int, rng: random.Random, words_per_article: int = 250) -> int:
    paras = paragraphs()
    total = 0
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            body, words = [], 0
            while words < words_per_article:
                para = rng.choice(paras)
                body.append(para)
                words += len(para.split())
            body.append(
                f"Officials said on day {i} that about {rng.randrange(1, 99)},000 people were affected."
            )
            total += words
            fh.write(
                json.dumps(
                    {
                        "text": "\n\n".join(body),
                        "url": f"https://news{i % 40}.example.com/{i}",
                        "published": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                        "title": f"Article {i}",
                    }
                )
                + "\n"
            )
    return total


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--db", default="/tmp/reportedly-bench-ingest.sqlite")
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/reportedly-bench-corpus.jsonl"))
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/ingest.json")
    args = ap.parse_args()
    words = generate(args.corpus, args.articles, random.Random(11))
    if "://" not in args.db:
        for suffix in ("", "-wal", "-shm"):
            Path(args.db + suffix).unlink(missing_ok=True)
    ledger = Ledger(args.db)
    nlp = parse.load()
    samples: list[tuple[int, float]] = []

    def progress(summary) -> None:
        if (
            summary.stored
            and summary.stored % 1000 == 0
            and (not samples or samples[-1][0] != summary.stored)
        ):
            samples.append((summary.stored, round(rss_mb(), 1)))

    t0 = time.perf_counter()
    summary = ingest(
        iter_records([str(args.corpus)]), ledger, nlp, n_process=args.workers, on_record=progress
    )
    seconds = time.perf_counter() - t0
    result = {
        "backend": ledger.dialect,
        "workers": args.workers,
        "articles": summary.stored,
        "claims": summary.claims,
        "words": words,
        "seconds": round(seconds, 1),
        "articles_per_s": round(summary.stored / seconds, 2),
        "words_per_s": round(words / seconds),
        "peak_rss_main_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "peak_rss_worker_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "main_rss_mb_by_articles_stored": samples,
        "errors": len(summary.errors),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
