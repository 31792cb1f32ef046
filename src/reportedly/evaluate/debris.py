"""Debris against PolNeAR's `Discard` spans: the text its annotators marked as not the article's
own (editor's notes, promotions, credits, bios, embedded-post markup).

What matters to a reader of the ledger is whether that text becomes claims, so the first figure
is the claims made from it; beside it, how many discarded spans cleaning took out, and how much of
what cleaning took out is annotated article text (an attribution's source, cue or content)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from reportedly.evaluate.attribution import analysed, original_offsets
from reportedly.evaluate.brat import Article
from reportedly.schema import Analysis

HALF = 0.5  # a span counts as covered when at least half of its characters are
EXAMPLES = 40


@dataclass
class DebrisScores:
    articles: int = 0
    claims: int = 0
    claims_from_discarded: int = 0
    discarded_spans: int = 0
    discarded_cut: int = 0
    discarded_in_claims: int = 0
    pieces_cut: int = 0
    article_text_cut: int = 0
    examples: dict[str, list[str]] = field(
        default_factory=lambda: {
            "claims_from_discarded": [],
            "discarded_in_claims": [],
            "article_text_cut": [],
        }
    )

    def add_example(self, kind: str, name: str, text: str) -> None:
        if len(self.examples[kind]) < EXAMPLES:
            self.examples[kind].append(f"{name}: {' '.join(text.split())[:160]}")

    def as_dict(self) -> dict:
        def share(n: int, d: int) -> float | None:
            return round(100 * n / d, 2) if d else None

        return {
            "articles": self.articles,
            "claims": self.claims,
            "claims_from_discarded_text": self.claims_from_discarded,
            "claims_from_discarded_text_pct": share(self.claims_from_discarded, self.claims),
            "discarded_spans": self.discarded_spans,
            "discarded_spans_cut_pct": share(self.discarded_cut, self.discarded_spans),
            "discarded_spans_in_claims_pct": share(self.discarded_in_claims, self.discarded_spans),
            "pieces_cut": self.pieces_cut,
            "article_text_cut": self.article_text_cut,
            "article_text_cut_pct": share(self.article_text_cut, self.pieces_cut),
            "examples": self.examples,
        }


def _mask(spans, length: int) -> bytearray:
    mask = bytearray(length + 1)
    for a, b in spans:
        lo, hi = max(0, a), min(b, length)
        if hi > lo:
            mask[lo:hi] = b"\x01" * (hi - lo)
    return mask


def _covered(mask: bytearray, a: int, b: int) -> bool:
    return b > a and sum(mask[a:b]) >= HALF * (b - a)


def score_article(article: Article, analysis: Analysis, scores: DebrisScores) -> None:
    """Add one article to `scores`: Discard and attribution spans of all its annotators."""
    text, name = article.text, article.name
    discarded = sorted({span for ann in article.annotations for span in ann.discards})
    attributed = [
        frag
        for ann in article.annotations
        for g in ann.attributions
        for frags in (g.source, g.cue, g.content)
        if frags
        for frag in frags
    ]
    omap = original_offsets(analysis)
    claims = [
        (omap.to_original(c.span.start), omap.to_original(c.span.end), c.span.text) for c in analysis.claims
    ]
    d = analysis.debris
    pieces = [
        p for items in (d.captions, d.footers, d.links, d.boilerplate, d.credits, d.datelines) for p in items
    ]
    pieces = [p for p in pieces if p.start >= 0]
    discard_mask, cut_mask = _mask(discarded, len(text)), _mask(((p.start, p.end) for p in pieces), len(text))
    attributed_mask, claim_mask = (
        _mask(attributed, len(text)),
        _mask(((a, b) for a, b, _ in claims), len(text)),
    )
    scores.articles += 1
    scores.claims += len(claims)
    for a, b, claim in claims:
        if _covered(discard_mask, a, b):
            scores.claims_from_discarded += 1
            scores.add_example("claims_from_discarded", name, claim)
    for a, b in discarded:
        scores.discarded_spans += 1
        scores.discarded_cut += _covered(cut_mask, a, b)
        if _covered(claim_mask, a, b):
            scores.discarded_in_claims += 1
            scores.add_example("discarded_in_claims", name, text[a:b])
    for p in pieces:
        scores.pieces_cut += 1
        if _covered(attributed_mask, p.start, p.end):
            scores.article_text_cut += 1
            scores.add_example("article_text_cut", name, p.text)


def run(directory: Path, nlp: Language, limit: int | None = None) -> DebrisScores:
    scores = DebrisScores()
    for analysis, article in analysed(directory, nlp, limit):
        score_article(article, analysis, scores)
    return scores


def write(scores: DebrisScores, path: Path, data: str) -> dict:
    out = {"data": data} | scores.as_dict()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return out
