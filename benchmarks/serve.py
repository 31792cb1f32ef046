"""Server time of the article view for a 2,000-word article (target: under 300 ms).

    python benchmarks/serve.py [--words 2000] [--runs 50]

The article is built from PolNeAR dev paragraphs (real news) up to --words words, stored in a
fresh SQLite ledger, then GET /articles/{id} is timed in process (no network) --runs times.
Writes benchmarks/results/serve.json."""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from reportedly.serve.app import create_app

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def article(words: int) -> str:
    paras = []
    for p in sorted((SHARED / "data/polnear/dev/text").glob("*.txt")):
        for para in p.read_text(encoding="utf-8").split("\n\n"):
            if len(para.split()) > 15:
                paras.append(para.strip())
            if sum(len(x.split()) for x in paras) >= words:
                return "\n\n".join(paras)
    return "\n\n".join(paras)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--words", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/serve.json")
    args = ap.parse_args()
    text = article(args.words)
    with tempfile.TemporaryDirectory() as tmp:
        client = TestClient(create_app(str(Path(tmp) / "l.sqlite")))
        created = client.post("/api/analyze", data={"text": text}).json()
        url = f"/articles/{created['article_id']}"
        client.get(url)  # warm
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            r = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200
        times.sort()
        result = {
            "words": len(text.split()),
            "claims": created["claims"],
            "runs": args.runs,
            "html_bytes": len(r.content),
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[int(0.95 * len(times)) - 1], 1),
            "target_ms": 300,
        }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
