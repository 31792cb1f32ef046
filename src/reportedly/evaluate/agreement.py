"""`reportedly eval agreement DIR`: how far the annotators of a PolNeAR-style compartment agree
with each other, by the same span metrics the extractor is scored with (each annotator of an
article scored against each other one, pairs averaged). It is the ceiling a system scored against
those annotators can be expected to reach."""

from __future__ import annotations

import itertools

from reportedly.evaluate.attribution import Scores, role_spans
from reportedly.evaluate.brat import ROLES, Article
from reportedly.evaluate.metrics import match


def agreement(articles: list[Article]) -> dict:
    """Mean pairwise agreement over the articles that have two or more annotation files."""
    total = Scores()
    shared = [a for a in articles if len(a.annotations) >= 2]
    n_pairs = 0
    for article in shared:
        pairs = list(itertools.combinations(article.annotations, 2))
        n_pairs += len(pairs)
        for first, second in pairs:
            one = Scores()
            for role in ROLES:
                gold, other = role_spans(first, role), role_spans(second, role)
                one.exact[role], one.overlap[role], _, _ = match(article.text, other, gold)
            total.add(one, 1.0 / len(pairs))
    return {
        "articles": len(articles),
        "shared_articles": len(shared),
        "pairs": n_pairs,
        "overall": total.as_dict(),
    }
