"""Learn the cue lexicon from the PolNeAR train split (never dev or test).

For every verb lemma, in and out of quotations: how often a token with that lemma is (part of)
a gold cue, over how often it occurs. Writes src/reportedly/data/learned_cues.json:
    {"verbs": {lemma: p}, "quoted": {lemma: p}, "counts": {...}, "source": ...}

    python scripts/learn_cues.py ../shared/data/polnear/train
"""

from __future__ import annotations

import argparse
import bisect
import json
from collections import Counter
from pathlib import Path

from reportedly import parse
from reportedly.evaluate.brat import load_compartment
from reportedly.extract.attribution.quotes import quote_regions

OUT = Path(__file__).resolve().parents[1] / "src" / "reportedly" / "data" / "learned_cues.json"
MIN_COUNT = 4


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("train", type=Path)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    nlp = parse.load()
    articles = load_compartment(args.train)
    seen: dict[bool, Counter[str]] = {False: Counter(), True: Counter()}
    cue: dict[bool, Counter[str]] = {False: Counter(), True: Counter()}
    for art, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=16), strict=True):
        cue_chars: set[int] = set()
        for ann in art.annotations:
            for g in ann.attributions:
                for a, b in g.cue or ():
                    cue_chars.update(range(a, b))
        regions = [r for r in quote_regions(doc.text) if r[1] - r[0] < 4000]
        starts = [r[0] for r in regions]
        for tok in doc:
            if tok.pos_ not in ("VERB", "AUX") or tok.dep_ == "aux":
                continue
            i = bisect.bisect_right(starts, tok.idx) - 1
            quoted = i >= 0 and regions[i][0] < tok.idx < regions[i][1]
            lemma = tok.lemma_.lower()
            seen[quoted][lemma] += 1
            if tok.idx in cue_chars:
                cue[quoted][lemma] += 1
    result = {"source": f"PolNeAR train, {len(articles)} articles", "min_count": MIN_COUNT}
    for key, quoted in (("verbs", False), ("quoted", True)):
        # lemmas seen often enough, with the share of their occurrences that were cues (maybe 0)
        result[key] = {
            lemma: round(cue[quoted][lemma] / n, 3)
            for lemma, n in sorted(seen[quoted].items())
            if n >= MIN_COUNT and (cue[quoted][lemma] > 0 or lemma.isalpha())
        }
        result[key + "_seen"] = {
            lemma: n for lemma, n in sorted(seen[quoted].items()) if lemma in result[key]
        }
    args.out.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    top = sorted(result["verbs"].items(), key=lambda kv: -kv[1] * result["verbs_seen"][kv[0]])[:40]
    print(len(result["verbs"]), "lemmas;", top)


if __name__ == "__main__":
    main()
