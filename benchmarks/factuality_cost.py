"""What the learned factuality score costs the analysis: claim extraction with and without the
model, on the same parsed texts, alternating, in one run (parse time shown beside), and the time
spent inside the model's calls themselves (less exposed to a busy machine than the difference).

    python benchmarks/factuality_cost.py [--articles 30] [--repeat 3] [--context-baseline DIR]

Texts: the PolNeAR dev articles (real news). Writes benchmarks/results/factuality_cost.json.
--context-baseline DIR: also times the context variant (`--attribution context`: the fine-tuned
head over the context tagger's vectors, blended with the default model) on every verb of the
texts, the shipped models against the models folder DIR, alternating in the same run.
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
from reportedly.extract.blas_threads import one_blas_thread
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


def context_cost(docs, baseline: str, repeat: int) -> dict:
    """Seconds in factuality.score with the encoder vectors (the context variant), per event,
    for the shipped models and for `baseline`; the vectors are computed once, outside the timing."""
    from reportedly.extract.attribution.taggers.context_tagger import token_features
    from reportedly.extract.spans import doc_text

    work = [(doc, [t.i for t in doc if t.pos_ == "VERB"]) for doc in docs]
    work = [(doc, tokens, token_features(doc, doc_text(doc))) for doc, tokens in work if tokens]
    events = sum(len(tokens) for _, tokens, _ in work)
    best = {"shipped": float("inf"), "baseline": float("inf")}
    for _ in range(repeat):
        for name, folder in (("shipped", None), ("baseline", baseline)):
            if folder is None:
                os.environ.pop(factuality.DIR_ENV, None)
            else:
                os.environ[factuality.DIR_ENV] = folder
            factuality.model.cache_clear()
            factuality.model(), factuality.model("context")  # loaded outside the timing
            for doc, _, _ in work:  # each sentence's fine-tuned layers are cached on the doc
                doc.user_data.clear()
            t = time.perf_counter()
            with one_blas_thread():  # as extraction runs it
                for doc, tokens, vectors in work:
                    factuality.score(doc, tokens, vectors)
            best[name] = min(best[name], time.perf_counter() - t)
    os.environ.pop(factuality.DIR_ENV, None)
    factuality.model.cache_clear()
    return {
        "events": events,
        "baseline": baseline,
        **{f"{k}_ms_per_event": round(1000 * v / events, 3) for k, v in best.items()},
        **{f"{k}_s": round(v, 3) for k, v in best.items()},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=30)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--context-baseline", default=None, help="models folder the context variant is timed against"
    )
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "factuality_cost.json")
    args = ap.parse_args()
    paths = sorted((SHARED / "data" / "polnear" / "dev" / "text").glob("*.txt"))[: args.articles]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    nlp = parse.load()
    t = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    parse_s = time.perf_counter() - t
    empty = tempfile.mkdtemp()
    with_model, without, claims, inside, calls = [], [], 0, [], 0
    original = factuality.score
    for _ in range(args.repeat):
        factuality.score = Timed(original)
        s, claims = timed_extract(docs, None)
        calls = factuality.score.calls  # one per document
        inside.append(factuality.score.seconds / max(calls, 1))
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
        "model_calls": calls,
        "model_share_of_parse": round(min(inside) * calls / parse_s, 4),
        "repeat": args.repeat,
    }
    if args.context_baseline:
        result["context_variant"] = context_cost(docs, args.context_baseline, args.repeat)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
