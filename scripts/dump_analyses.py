"""Analyses of real texts as JSON lines, to prove that a speed-up changed no result.

    PYTHONPATH=OLD/src python scripts/dump_analyses.py before.jsonl
    PYTHONPATH=src     python scripts/dump_analyses.py after.jsonl
    cmp before.jsonl after.jsonl

Texts: the sample article, the PolNeAR dev articles, the first --train PolNeAR train articles (through
analyze_many, as the throughput benchmark runs them) and the labelled pages of benchmarks/data/pages
(from their HTML, through read -> clean -> analyze). One line per text: its name, a tab, the analysis.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path

from reportedly import parse
from reportedly.analyze import analyze_many, analyze_raw
from reportedly.read import RawArticle, read_bytes

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--train", type=int, default=60, help="PolNeAR train articles to add")
    args = ap.parse_args()
    polnear = SHARED / "data" / "polnear"
    paths = [SHARED / "samples" / "seed.txt", *sorted((polnear / "dev" / "text").glob("*.txt"))]
    paths += sorted((polnear / "train" / "text").glob("*.txt"))[: args.train]
    raws = [
        RawArticle(text=p.read_text(encoding="utf-8"), origin=p.name, fmt="text", encoding="utf-8")
        for p in paths
        if p.exists()
    ]
    nlp = parse.load()
    start = time.perf_counter()
    with args.out.open("w", encoding="utf-8") as out:
        for analysis, name in analyze_many(((r, r.origin) for r in raws), nlp):
            body = repr(analysis) if isinstance(analysis, Exception) else analysis.model_dump_json()
            out.write(f"{name}\t{body}\n")
        for page in sorted((ROOT / "benchmarks" / "data" / "pages").glob("*.json")):
            html = SHARED / "data" / "aeb" / "html" / f"{page.stem}.html.gz"
            if html.exists():
                raw = read_bytes(gzip.decompress(html.read_bytes()), str(html), suffix=".html")
                out.write(f"{page.stem}\t{analyze_raw(raw, nlp).model_dump_json()}\n")
    took = time.perf_counter() - start
    print(f"{args.out}: {len(raws)} texts and the pages in {took:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
