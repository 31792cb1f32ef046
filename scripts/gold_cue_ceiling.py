"""How far the rules take source and content when the cues are right: `eval attribution` with
the cue tagger replaced by each article's gold cues (its first annotator's), so the gap between
these figures and the default's is the cue tagger's share of the error, and the rest is the rules'.

    .venv/bin/python scripts/gold_cue_ceiling.py ../shared/data/polnear/dev
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from spacy.tokens import Doc

from reportedly import parse
from reportedly.clean import clean
from reportedly.evaluate import attribution
from reportedly.evaluate.brat import Article, CorpusError, load_compartment
from reportedly.extract.attribution.taggers import lstm_tagger

RESULTS = Path(__file__).resolve().parents[1] / "benchmarks" / "results" / "polnear_dev_gold_cues.json"


def gold_cues(article: Article) -> tuple[str, list[tuple[int, int]]]:
    """The cleaned text the pipeline will parse, and the first annotator's cues in its offsets."""
    cleaned = clean(article.text)
    to_clean = cleaned.offsets.to_clean
    cues = []
    for gold in article.annotations[0].attributions:
        for start, end in gold.cue or ():
            a, b = to_clean(start), to_clean(end)
            if a is not None and b is not None:
                cues.append((a, b))
    return cleaned.text, cues


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("compartment", type=Path, help="a PolNeAR-style folder (text/, attributions/)")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args()
    try:
        cues = dict(gold_cues(a) for a in load_compartment(args.compartment))
    except CorpusError as exc:
        sys.exit(f"gold_cue_ceiling: {exc}")

    def predict(doc: Doc, role: str = "cue") -> list[tuple[int, int]]:
        spans = (doc.char_span(a, b, alignment_mode="expand") for a, b in cues.get(doc.text, []))
        return sorted({(s.start, s.end) for s in spans if s is not None})

    lstm_tagger.predict = predict  # the default mode's cue tagger, replaced for this run only
    nlp = parse.load()
    summary = attribution.summarise(list(attribution.run(args.compartment, nlp)))
    summary["model"] = parse.pipeline_id(nlp)
    summary["attribution"] = "gold cues (first annotator) + rules"
    summary["directory"] = str(args.compartment)
    attribution.write(summary, args.out)
    for role, scores in summary["overall"].items():
        print(f"{role:8} exact F1 {scores['exact']['f1']:5.1f}  overlap F1 {scores['overlap']['f1']:5.1f}")


if __name__ == "__main__":
    main()
