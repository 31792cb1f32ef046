"""Train the learned attribution span taggers on the PolNeAR train split (never dev or test).

One small spaCy entity recogniser per role (cue, source, content), each reading the English
pipeline's own analysis of the token (lemma, tag, dependency) besides its form. Dev is used only
to pick the best epoch. The models are written into the package, so they load offline:

    python scripts/train_span_tagger.py ../shared/data/polnear --role cue
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import time
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin
from spacy.training import Example
from spacy.util import compounding, filter_spans, minibatch

from reportedly import parse
from reportedly.evaluate.brat import ROLES, Article, load_compartment
from reportedly.evaluate.metrics import Counts
from reportedly.extract.span_tagger import LABELS, MODEL_DIR, ner_config

CACHE = Path(__file__).resolve().parents[1] / "build" / "polnear"


def parsed(split: str, articles: list[Article]) -> list[Doc]:
    """The English pipeline's analysis of every article, cached between runs."""
    nlp = parse.load()
    path = CACHE / f"{split}.spacy"
    docs: list[Doc] = []
    if path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if len(docs) != len(articles):
            docs = []
    if not docs:
        docs = list(nlp.pipe((a.text for a in articles), batch_size=16, n_process=2))
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=False, docs=docs).to_disk(path)
    return docs


def gold_spans(doc: Doc, article: Article, annotator: int, role: str) -> list[spacy.tokens.Span]:
    label = LABELS[role]
    spans = []
    for att in article.annotations[annotator].attributions:
        for start, end in getattr(att, role.lower()) or ():
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is None:
                continue
            spans.extend(_pieces(doc, span.start, span.end, label))
    return filter_spans(spans)


def _pieces(doc: Doc, lo: int, hi: int, label: str) -> list[spacy.tokens.Span]:
    """The span cut at sentence starts and trimmed of whitespace and punctuation at the edges:
    an entity may neither cross a sentence boundary nor begin or end on those."""
    cuts = [lo] + [i for i in range(lo + 1, hi) if doc[i].is_sent_start] + [hi]
    out = []
    for a, b in itertools.pairwise(cuts):
        while a < b and (doc[a].is_space or doc[a].is_punct):
            a += 1
        while b > a and (doc[b - 1].is_space or doc[b - 1].is_punct):
            b -= 1
        if a < b:
            out.append(spacy.tokens.Span(doc, a, b, label=label))
    return out


def examples(docs: list[Doc], articles: list[Article], role: str) -> list[Example]:
    out = []
    for doc, art in zip(docs, articles, strict=True):
        for k in range(len(art.annotations)):
            ref = doc.copy()
            ref.set_ents(gold_spans(ref, art, k, role), default="outside")
            pred = doc.copy()
            pred.set_ents([], default="missing")
            out.append(Example(pred, ref))
    return out


def _supervisable(ner: spacy.pipeline.EntityRecognizer, eg: Example) -> bool:
    try:
        ner.moves.get_oracle_sequence(eg)
    except ValueError:
        print(f"skipped an example the recogniser cannot be supervised on ({len(eg.reference)} tokens)")
        return False
    return True


def exact_scores(nlp: spacy.Language, egs: list[Example]) -> dict[str, float]:
    """Exact span precision, recall and F1 on dev."""
    ner = nlp.get_pipe("ner")
    counts = Counts()
    for eg in egs:
        doc = eg.predicted.copy()
        doc.set_ents([], default="missing")
        ner(doc)
        pred = {(e.start, e.end) for e in doc.ents}
        gold = {(e.start, e.end) for e in eg.reference.ents}
        counts.add(Counts(len(pred & gold), len(pred), len(pred & gold), len(gold)))
    return {"precision": counts.precision, "recall": counts.recall, "f1": counts.f1}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("polnear", type=Path, help="folder holding train/ and dev/")
    ap.add_argument("--role", choices=[r.lower() for r in ROLES], required=True)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--patience", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--width", type=int, default=64)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--window", type=int, default=1, help="CNN window: tokens each side per layer")
    ap.add_argument("--lr", type=float, default=0.001)
    ap.add_argument("--out", type=Path, default=MODEL_DIR, help="folder for <role>/ (default: the package)")
    args = ap.parse_args()
    role = args.role.capitalize()
    random.seed(args.seed)
    spacy.util.fix_random_seed(args.seed)

    train_articles = load_compartment(args.polnear / "train")
    dev_articles = load_compartment(args.polnear / "dev")
    train = examples(parsed("train", train_articles), train_articles, role)
    dev = examples(parsed("dev", dev_articles), dev_articles, role)

    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner", config={"model": ner_config(args.width, args.depth, args.window)})
    ner.add_label(LABELS[role])
    optimizer = nlp.initialize(lambda: train[:200])
    optimizer.learn_rate = args.lr
    train = [eg for eg in train if _supervisable(ner, eg)]
    out_dir = args.out / role.lower()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    best, stale, log = -1.0, 0, []
    for epoch in range(args.epochs):
        random.shuffle(train)
        losses: dict[str, float] = {}
        t0 = time.time()
        for batch in minibatch(train, size=compounding(4.0, 32.0, 1.001)):
            nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses)
        with nlp.use_params(optimizer.averages):
            scores = exact_scores(nlp, dev)
            loss = round(float(sum(losses.values())), 1)
            entry = {"epoch": epoch, "loss": loss, "secs": round(time.time() - t0)}
            entry.update({k: round(100 * v, 2) for k, v in scores.items()})
            log.append(entry)
            print(json.dumps(entry), flush=True)
            if scores["f1"] > best:
                best, stale = scores["f1"], 0
                nlp.to_disk(out_dir)
            else:
                stale += 1
        if stale >= args.patience:
            break
    meta = {"role": role, "trained_on": "PolNeAR train", "picked_on": "PolNeAR dev", "log": log}
    (out_dir / "training.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
