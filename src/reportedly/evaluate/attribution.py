"""`reportedly eval attribution DIR`: score the attribution extractor on a PolNeAR-style
compartment, per span role (source, cue, content), exact and overlap, overall and per publisher;
several annotators of one article are each scored and averaged."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from reportedly.analyze import analyze_many
from reportedly.clean import OffsetMap
from reportedly.evaluate.brat import ROLES, Annotation, Article, load_compartment
from reportedly.evaluate.metrics import Counts, Fragments, match
from reportedly.read import RawArticle
from reportedly.schema import Analysis

ROLE_KEYS = {"Source": "source", "Cue": "cue", "Content": "content"}


@dataclass
class Scores:
    exact: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})
    overlap: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})

    def add(self, other: Scores, weight: float = 1.0) -> None:
        for role in ROLES:
            self.exact[role].add(other.exact[role], weight)
            self.overlap[role].add(other.overlap[role], weight)

    def as_dict(self) -> dict:
        return {
            ROLE_KEYS[r]: {"exact": self.exact[r].as_dict(), "overlap": self.overlap[r].as_dict()}
            for r in ROLES
        }


@dataclass
class ArticleResult:
    article: Article
    scores: Scores
    missed: dict[str, list[str]]
    spurious: dict[str, list[str]]


def original_offsets(analysis: Analysis) -> OffsetMap:
    """The map from the analysed text's offsets back to the original text's."""
    omap = OffsetMap()
    for seg in analysis.document.offset_map:
        omap.add(*seg)
    return omap


def predicted_spans(analysis: Analysis) -> dict[str, list[Fragments]]:
    """Source, cue and content spans of every attribution, in original-text offsets."""
    omap = original_offsets(analysis)
    out: dict[str, list[Fragments]] = {r: [] for r in ROLES}

    def orig(start: int, end: int) -> Fragments:
        return ((omap.to_original(start), omap.to_original(end)),)

    for attr in analysis.attributions:
        if attr.source.span is not None:
            out["Source"].append(orig(attr.source.span.start, attr.source.span.end))
        out["Cue"].append(orig(attr.cue.start, attr.cue.end))
        pieces = attr.content_fragments or [attr.content]
        out["Content"].append(tuple(orig(p.start, p.end)[0] for p in pieces))
    return out


def role_spans(annotation: Annotation, role: str) -> list[Fragments]:
    """One annotator's spans for a role ("Source", "Cue", "Content"), where marked."""
    return [f for f in (getattr(g, ROLE_KEYS[role]) for g in annotation.attributions) if f]


def score_article(article: Article, analysis: Analysis) -> ArticleResult:
    pred = predicted_spans(analysis)
    total = Scores()
    missed: dict[str, list[str]] = defaultdict(list)
    spurious: dict[str, list[str]] = defaultdict(list)
    weight = 1.0 / len(article.annotations)
    text = article.text
    for ann in article.annotations:
        one = Scores()
        for role in ROLES:
            exact, overlap, miss, spur = match(text, pred[role], role_spans(ann, role))
            one.exact[role], one.overlap[role] = exact, overlap
            missed[role].extend(text[a:b] for a, b in miss)
            spurious[role].extend(text[a:b] for a, b in spur)
        total.add(one, weight)
    return ArticleResult(article, total, dict(missed), dict(spurious))


def analysed(directory: Path, nlp: Language, limit: int | None = None) -> Iterator[tuple[Analysis, Article]]:
    """Each article of a compartment with its analysis (of its text as plain text)."""
    articles = load_compartment(directory, limit=limit)
    items = ((RawArticle(text=a.text, origin=a.name, fmt="text", encoding="utf-8"), a) for a in articles)
    for analysis, article in analyze_many(items, nlp):
        if isinstance(analysis, Exception):
            raise analysis
        yield analysis, article


def run(directory: Path, nlp: Language, limit: int | None = None) -> Iterator[ArticleResult]:
    for analysis, article in analysed(directory, nlp, limit):
        yield score_article(article, analysis)


def summarise(results: list[ArticleResult], worst: int = 15) -> dict:
    overall = Scores()
    by_pub: dict[str, Scores] = defaultdict(Scores)
    missed_cues: Counter[str] = Counter()
    spurious_cues: Counter[str] = Counter()
    for res in results:
        overall.add(res.scores)
        by_pub[res.article.publisher].add(res.scores)
        missed_cues.update(c.lower() for c in res.missed.get("Cue", []))
        spurious_cues.update(c.lower() for c in res.spurious.get("Cue", []))
    ranked = sorted(results, key=lambda r: r.scores.exact["Source"].f1)
    return {
        "articles": len(results),
        "annotation_files": sum(len(r.article.annotations) for r in results),
        "overall": overall.as_dict(),
        "by_publisher": {p: s.as_dict() for p, s in sorted(by_pub.items())},
        "most_missed_cues": missed_cues.most_common(30),
        "most_spurious_cues": spurious_cues.most_common(30),
        "worst_articles": [
            {
                "article": r.article.name,
                "source_exact_f1": round(100 * r.scores.exact["Source"].f1, 1),
                "missed": {ROLE_KEYS[k]: v[:8] for k, v in r.missed.items()},
                "spurious": {ROLE_KEYS[k]: v[:8] for k, v in r.spurious.items()},
            }
            for r in ranked[:worst]
        ],
    }


def write(summary: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
