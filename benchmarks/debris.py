"""Debris on PolNeAR, side by side in one run: the cleaning rules against no cleaning at all.

    python benchmarks/debris.py [--compartment dev|train] [--out benchmarks/results/debris_polnear_dev.json]

Gold: the `Discard` spans PolNeAR's annotators marked as not the article's own text (reportedly.
evaluate.debris, the same as `reportedly eval debris`). "no cleaning" analyses each text as it
stands (every paragraph kept, nothing taken out), so the difference is what cleaning buys: fewer
claims made from discarded text, at the cost of the annotated article text it takes out."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from unittest import mock

from reportedly import parse
from reportedly.clean import CleanText, Debris, OffsetMap, clean
from reportedly.evaluate import debris

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"


def untouched(text: str, title: str | None = None) -> CleanText:
    """The text as it stands: one segment, no debris."""
    offsets = OffsetMap()
    offsets.add(0, 0, len(text))
    return CleanText(text=text, original=text, offsets=offsets, debris=Debris())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--compartment", default="dev", choices=["dev", "train"])
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    out = args.out or ROOT / "benchmarks" / "results" / f"debris_polnear_{args.compartment}.json"
    directory = POLNEAR / args.compartment
    nlp = parse.load()
    result: dict = {"data": f"PolNeAR {args.compartment} (../shared/data/polnear), Discard spans as gold"}
    for label in ("no cleaning", "cleaning"):
        started = time.perf_counter()
        cleaner = untouched if label == "no cleaning" else clean
        with mock.patch("reportedly.analyze.clean", cleaner):
            scores = debris.run(directory, nlp)
        result[label] = scores.as_dict() | {"seconds": round(time.perf_counter() - started, 1)}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    keys = (
        "claims",
        "claims_from_discarded_text",
        "claims_from_discarded_text_pct",
        "discarded_spans",
        "discarded_spans_cut_pct",
        "discarded_spans_in_claims_pct",
        "pieces_cut",
        "article_text_cut",
    )
    print(f"{'':34}{'no cleaning':>14}{'cleaning':>14}")
    for k in keys:
        print(f"{k:34}{result['no cleaning'][k]!s:>14}{result['cleaning'][k]!s:>14}")
    print(f"results written to {out}")


if __name__ == "__main__":
    main()
