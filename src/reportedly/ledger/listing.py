"""Cheap queries the server needs: a page of articles, and the ledger's generation (a key that
changes whenever claims or stories are added, so derived state can be cached against it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reportedly.ledger.models import Article, Claim, Story, StoryClaim
from reportedly.ledger.store import Ledger


@dataclass
class ArticleRow:
    id: int
    url: str | None
    title: str | None
    outlet: str | None
    published: datetime | None
    ingested: datetime
    claims: int


def generation(ledger: Ledger) -> tuple[int, int, int, int]:
    """(newest claim id, newest story id, newest claim matched into a story, claims in stories).
    Each is an index lookup or a count over the smallest index, so this is cheap per request."""
    with Session(ledger.engine) as s:
        row = s.execute(
            select(
                select(func.max(Claim.id)).scalar_subquery(),
                select(func.max(Story.id)).scalar_subquery(),
                select(func.max(StoryClaim.claim_id)).scalar_subquery(),
                select(func.count()).select_from(StoryClaim).scalar_subquery(),
            )
        ).one()
    return tuple(int(v or 0) for v in row)  # type: ignore[return-value]


def articles(ledger: Ledger, limit: int, offset: int) -> list[ArticleRow]:
    """Articles newest stored first, with their claim counts; page with limit/offset."""
    with Session(ledger.engine) as s:
        rows = s.execute(
            select(
                Article.id, Article.url, Article.title, Article.outlet, Article.published, Article.ingested
            )
            .order_by(Article.id.desc())
            .limit(limit)
            .offset(offset)
        ).all()
        counts = dict(
            s.execute(
                select(Claim.article_id, func.count(Claim.id))
                .where(Claim.article_id.in_([r[0] for r in rows]))
                .group_by(Claim.article_id)
            ).all()
        )
    return [ArticleRow(*row, claims=counts.get(row[0], 0)) for row in rows]
