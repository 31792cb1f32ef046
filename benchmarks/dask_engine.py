"""The Dask engine against the local process-pool runner, same corpus, same run.

    python benchmarks/dask_engine.py [--articles 100000] [--projection 4000]

Articles are generated short (one or two real news paragraphs from PolNeAR dev plus a unique
sentence, about 100 words) so that 100,000 of them fit in a session on 2 cores. Each runner
ingests all of them into a fresh SQLite ledger; reported: articles/s, words/s, peak memory of
the main process and of the parsing workers. Then the Dask engine runs on --projection articles
with 1 and with 2 workers, and the throughput added per worker is projected from the two.
Writes benchmarks/results/distributed.json."""

from __future__ import annotations

import argparse
import json
import random
import resource
import tempfile
import time
from pathlib import Path

from reportedly import parse
from reportedly.distribute import engine
from reportedly.ledger.ingest import ingest
from reportedly.ledger.readers import iter_records
from reportedly.ledger.store import Ledger

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def generate(path: Path, n: int, rng: random.Random) -> int:
    paras = [
        p.strip()
        for f in sorted((SHARED / "data/polnear/dev/text").glob("*.txt"))
        for p in f.read_text(encoding="utf-8").split("\n\n")
        if 20 <= len(p.split()) <= 70
    ]
    words = 0
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            body = [rng.choice(paras) for _ in range(rng.choice((1, 2)))]
            body.append(
                f"Officials said on day {i} that about {rng.randrange(1, 99)},000 people were affected."
            )
            text = "\n\n".join(body)
            words += len(text.split())
            fh.write(
                json.dumps(
                    {
                        "text": text,
                        "url": f"https://n{i % 50}.example.com/{i}",
                        "published": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                    }
                )
                + "\n"
            )
    return words


def rss_mb(usage) -> float:
    return round(usage.ru_maxrss / 1024, 1)


def local_run(corpus: Path, db: Path) -> dict:
    t = time.perf_counter()
    s = ingest(iter_records([str(corpus)]), Ledger(str(db)), parse.load(), n_process=2)
    return {
        "articles": s.stored,
        "seconds": round(time.perf_counter() - t, 1),
        "peak_rss_worker_mb": rss_mb(resource.getrusage(resource.RUSAGE_CHILDREN)),
    }


def dask_run(corpus: Path, db: Path, workers: int, shard_dir: Path) -> dict:
    peaks: dict[str, float] = {}

    def read_peaks(client) -> None:
        for addr, kb in client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss).items():
            peaks[addr] = round(kb / 1024, 1)

    t = time.perf_counter()
    s = engine.run(
        iter_records([str(corpus)]),
        Ledger(str(db)),
        shard_dir,
        n_workers=workers,
        partition_size=200,
        on_close=read_peaks,
    )
    return {
        "articles": s.stored,
        "seconds": round(time.perf_counter() - t, 1),
        "peak_rss_worker_mb": max(peaks.values()) if peaks else None,
        "workers": workers,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--projection", type=int, default=4000)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/distributed.json")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="reportedly-dist-"))
    corpus = tmp / "corpus.jsonl"
    words = generate(corpus, args.articles, random.Random(5))
    result: dict = {"articles": args.articles, "words": words, "machine_cores": 2}
    for name, run in (
        ("local_process_pool", lambda: local_run(corpus, tmp / "local.sqlite")),
        ("dask_localcluster", lambda: dask_run(corpus, tmp / "dask.sqlite", 2, tmp / "shards")),
    ):
        r = run()
        r["articles_per_s"] = round(r["articles"] / r["seconds"], 1)
        r["words_per_s"] = round(words / r["seconds"])
        result[name] = r
        print(name, json.dumps(r), flush=True)
    result["peak_rss_main_mb"] = rss_mb(resource.getrusage(resource.RUSAGE_SELF))
    small = tmp / "small.jsonl"
    generate(small, args.projection, random.Random(6))
    per = {}
    for workers in (1, 2):
        r = dask_run(small, tmp / f"p{workers}.sqlite", workers, tmp / f"shards{workers}")
        per[workers] = r["articles"] / r["seconds"]
    added = per[2] - per[1]
    result["projection"] = {
        "articles": args.projection,
        "one_worker_articles_per_s": round(per[1], 1),
        "two_workers_articles_per_s": round(per[2], 1),
        "added_per_worker": round(added, 1),
        "projected_articles_per_s": {k: round(per[1] + (k - 1) * added, 1) for k in (4, 8, 16)},
        "note": "on this 2-core machine the second worker shares the cores with the client, "
        "which loads shards into SQLite; workers on their own machines add more",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
