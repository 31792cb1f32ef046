"""What the learned factuality score costs the analysis: claim extraction with and without the
model, on the same parsed texts, alternating, in one run (parse time shown beside), and the time
spent inside the model's calls themselves (less exposed to a busy machine than the difference).

    python benchmarks/factuality_cost.py [--articles 30] [--repeat 3]

Texts: the PolNeAR dev articles (real news). Writes benchmarks/results/factuality_cost.json.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from reportedly import parse
from reportedly.extract import factuality
from reportedly.extract.claims import extract

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


class Timed:
    """Wraps factuality.score, adding up the time spent in it."""

    def __init__(self, fn):
        self.fn, self.seconds, self.calls = fn, 0.0, 0

    def __call__(self, *args, **kwargs):
        t = time.perf_counter()
        try:
            return self.fn(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - t
            self.calls += 1


def timed_extract(docs, model_dir: str | None) -> tuple[float, int]:
    if model_dir is None:
        os.environ.pop(factuality.DIR_ENV, None)
    else:
        os.environ[factuality.DIR_ENV] = model_dir
    factuality.model.cache_clear()
    factuality.model()  # loaded outside the timing
    t = time.perf_counter()
    claims = sum(len(extract(doc).claims) for doc in docs)
    return time.perf_counter() - t, claims


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=30)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "factuality_cost.json")
    args = ap.parse_args()
    paths = sorted((SHARED / "data" / "polnear" / "dev" / "text").glob("*.txt"))[: args.articles]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    nlp = parse.load()
    t = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    parse_s = time.perf_counter() - t
    empty = tempfile.mkdtemp()
    with_model, without, claims, inside = [], [], 0, []
    original = factuality.score
    for _ in range(args.repeat):
        factuality.score = Timed(original)
        s, claims = timed_extract(docs, None)
        inside.append(factuality.score.seconds / max(factuality.score.calls, 1))
        factuality.score = original
        with_model.append(s)
        without.append(timed_extract(docs, empty)[0])
    result = {
        "articles": len(docs),
        "words": sum(len(x.split()) for x in texts),
        "claims": claims,
        "parse_s": round(parse_s, 2),
        "extract_without_model_s": round(min(without), 3),
        "extract_with_model_s": round(min(with_model), 3),
        "difference_ms_per_claim": round(1000 * (min(with_model) - min(without)) / max(claims, 1), 3),
        "model_call_ms": round(1000 * min(inside), 3),
        "model_share_of_parse": round(min(inside) * claims / parse_s, 4),
        "repeat": args.repeat,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
