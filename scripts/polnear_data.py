"""PolNeAR as training data for the cue taggers: parsed articles (cached), gold spans as tokens,
B/I/O labels per sentence and annotator, and exact span scores. Train is learned from; dev only
picks the epoch."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, DocBin

from reportedly import parse
from reportedly.evaluate.brat import Article
from reportedly.evaluate.metrics import Counts
from reportedly.extract.attribution.taggers import bio

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


def gold_spans(doc: Doc, article: Article, annotator: int, role: str) -> list[tuple[int, int]]:
    """One annotator's spans of a role ("Cue", "Source", "Content") as token ranges, cut at
    sentence starts and trimmed of whitespace and punctuation; overlaps keep the longest."""
    spans = []
    for att in article.annotations[annotator].attributions:
        for start, end in getattr(att, role.lower()) or ():
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                spans.extend(_pieces(doc, span.start, span.end))
    taken: set[int] = set()
    kept = []
    for a, b in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if not taken.intersection(range(a, b)):
            kept.append((a, b))
            taken.update(range(a, b))
    return sorted(kept)


def _pieces(doc: Doc, lo: int, hi: int) -> list[tuple[int, int]]:
    cuts = [lo] + [i for i in range(lo + 1, hi) if doc[i].is_sent_start] + [hi]
    out = []
    for a, b in itertools.pairwise(cuts):
        while a < b and (doc[a].is_space or doc[a].is_punct):
            a += 1
        while b > a and (doc[b - 1].is_space or doc[b - 1].is_punct):
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def sentences(docs: list[Doc], articles: list[Article], role: str) -> list[tuple]:
    """(doc index, first token, end token, B/I/O labels per annotator) per sentence."""
    out = []
    for di, (doc, art) in enumerate(zip(docs, articles, strict=True)):
        labels = []
        for k in range(len(art.annotations)):
            y = np.zeros(len(doc), dtype=np.int64)
            for a, b in gold_spans(doc, art, k, role):
                y[a] = bio.BEGIN
                y[a + 1 : b] = bio.INSIDE
            labels.append(y)
        out.extend((di, a, b, [y[a:b] for y in labels]) for a, b in bio.sentence_ranges(doc))
    return out


Predict = Callable[[int, Doc, list[tuple[int, int]]], list[tuple[int, int]]]


def exact_scores(predict: Predict, docs: list[Doc], sents: list[tuple]) -> dict[str, float]:
    """Exact span precision, recall and F1 against every annotator; `predict(doc index, doc,
    sentence ranges)` gives the predicted token ranges."""
    by_doc: dict[int, list[tuple]] = {}
    for s in sents:
        by_doc.setdefault(s[0], []).append(s)
    counts = Counts()
    for di, mine in by_doc.items():
        pred = set(predict(di, docs[di], [(a, b) for _, a, b, _ in mine]))
        for k in range(len(mine[0][3])):
            gold = {(a + lo, a + hi) for _, a, _, ys in mine for lo, hi in bio.iob_spans(list(ys[k]))}
            counts.add(Counts(len(pred & gold), len(pred), len(pred & gold), len(gold)))
    return {"precision": counts.precision, "recall": counts.recall, "f1": counts.f1}
