"""Event factuality against gold scores (-3..+3): `reportedly eval factuality FILE.jsonl`.

Methods, each giving every target event a score on -3..+3:
- model: the learned model (extract/factuality) at the event's predicate, from the parse;
- model-context: its MiniLM variant, a fine-tuned head (two MiniLM layers over the context tagger's
  encoder) read at the event token;
- rules: the certainty of the smallest claim that contains the event, or else of the event's own
  clause, mapped CT+ 3, PR+ 2, PS+ 1, Uu 0, PS- -1, PR- -2, CT- -3;
- lexicon: a word-list baseline: the least certain cue word (modal, adverb, adjective, verb) anywhere
  in the sentence sets the level, an odd number of negation words flips it; mapped as for rules;
- all-factual: 3 for every event.
Metrics: Pearson r, mean absolute error, and the binary task "uncertain or non-factual" (score
< 2.5) as precision/recall/F1 with that class positive.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from reportedly.evaluate import factuality_data as fd
from reportedly.extract import lexicon

METHODS = ("model", "model-context", "rules", "lexicon", "all-factual")
FACTBANK_SCORE = {"CT+": 3.0, "PR+": 2.0, "PS+": 1.0, "Uu": 0.0, "PS-": -1.0, "PR-": -2.0, "CT-": -3.0}
THRESHOLD = 2.5


class FactualityEvalError(Exception):
    pass


def pearson(pred: np.ndarray, gold: np.ndarray) -> float:
    """Pearson r; 0.0 where either side is constant (r is undefined there)."""
    pred, gold = np.asarray(pred, dtype=float), np.asarray(gold, dtype=float)
    if len(pred) < 2 or pred.std() == 0 or gold.std() == 0:
        return 0.0
    r = float(np.corrcoef(pred, gold)[0, 1])
    return 0.0 if math.isnan(r) else r


def metrics(pred: np.ndarray, gold: np.ndarray) -> dict[str, float]:
    pred, gold = np.asarray(pred, dtype=float), np.asarray(gold, dtype=float)
    p_pos, g_pos = pred < THRESHOLD, gold < THRESHOLD
    tp = float((p_pos & g_pos).sum())
    precision = tp / p_pos.sum() if p_pos.any() else 0.0
    recall = tp / g_pos.sum() if g_pos.any() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "n": len(gold),
        "pearson": round(pearson(pred, gold), 4),
        "mae": round(float(np.abs(pred - gold).mean()), 4) if len(gold) else 0.0,
        "precision": round(100 * precision, 2),
        "recall": round(100 * recall, 2),
        "f1": round(100 * f1, 2),
    }


def _lexicon_level(doc: Doc) -> str:
    level, negations = "asserted", 0
    for tok in doc:
        low, lemma = tok.lower_, tok.lemma_.lower()
        for found in (
            lexicon.MODAL_LEVEL.get(low),
            lexicon.ADVERB_LEVEL.get(low),
            lexicon.ADJECTIVE_LEVEL.get(low),
            lexicon.VERB_LEVEL.get(lemma),
        ):
            if found and lexicon.LEVEL_ORDER[found] > lexicon.LEVEL_ORDER[level]:
                level = found
        negations += low in lexicon.NEGATIONS
    if level == "uncertain":
        return "Uu"
    return {"asserted": "CT", "probable": "PR", "possible": "PS"}[level] + ("-" if negations % 2 else "+")


def _rules_scores(doc: Doc, tokens: list[int]) -> list[float]:
    from reportedly.extract.certainty import clause_certainty, clause_head, main_predicate
    from reportedly.extract.claims import extract

    claims = extract(doc).claims
    out = []
    for i in tokens:
        at, own = doc[i].idx, clause_head(doc[i]).i
        inside = [c for c in claims if c.span.start <= at < c.span.end]
        claim = min(inside, key=lambda c: c.span.end - c.span.start) if inside else None
        if claim is not None:
            span = doc.char_span(claim.span.start, claim.span.end, alignment_mode="expand")
            predicate = main_predicate(doc, span.start, span.end) if span is not None else None
            if predicate is None or clause_head(doc[predicate]).i != own:
                claim = None  # the event sits in another clause of the claim: that clause decides
        certainty = claim.certainty if claim is not None else clause_certainty(doc, i)
        out.append(FACTBANK_SCORE[certainty.factbank])
    return out


def scores(method: str, doc: Doc, tokens: list[int]) -> list[float]:
    """Each event predicate's score on -3..+3 by `method`."""
    if method == "all-factual":
        return [3.0] * len(tokens)
    if method == "lexicon":
        return [FACTBANK_SCORE[_lexicon_level(doc)]] * len(tokens)
    if method == "rules":
        return _rules_scores(doc, tokens)
    if method in ("model", "model-context"):
        from reportedly.extract import factuality

        variant = "context" if method == "model-context" else ""
        m = factuality.model(variant)
        if m is None:
            raise FactualityEvalError(f"no factuality model ({method}) is shipped or configured")
        vectors = None
        if m.reads_encoder:
            from reportedly.extract.attribution.taggers.context_tagger import token_features
            from reportedly.extract.spans import doc_text

            vectors = token_features(doc, doc_text(doc))
            return [float(x) for x in factuality.score(doc, tokens, vectors)]  # blended as at run time
        return [float(x) for x in m.score(doc, tokens)]
    raise FactualityEvalError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")


def evaluate_many(path: Path, methods: list[str], nlp: Language) -> dict[str, dict]:
    """Metrics of each method on one file, the file parsed once."""
    for method in methods:
        if method not in METHODS:
            raise FactualityEvalError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    sentences = fd.read(path)
    pred: dict[str, list[float]] = {m: [] for m in methods}
    gold: list[float] = []
    for s, doc in zip(sentences, fd.parse(nlp, sentences), strict=True):
        tokens = [fd.head_token(doc, e.start, e.end) for e in s.events]
        for method in methods:
            pred[method].extend(scores(method, doc, tokens))
        gold.extend(e.label for e in s.events)
    return {
        m: {"file": str(path), "method": m, "sentences": len(sentences), **metrics(pred[m], gold)}
        for m in methods
    }


def evaluate(path: Path, method: str, nlp: Language) -> dict:
    """Metrics of `method` on one file, with its name and the method."""
    return evaluate_many(path, [method], nlp)[method]
