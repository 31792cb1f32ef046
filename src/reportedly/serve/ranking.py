"""Every story ranked in one pass over the ledger, for the server's stored ranking.

`fuse.stories.ranked` builds each story with `view`, a handful of queries per story: fine for a
few hundred, minutes for the tens of thousands a ledger of a thousand articles holds. This reads
all story memberships, claim facts and article texts in batches and builds each story with the
same `build_view` as `view`; tests check it equals `ranked`."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from reportedly.fuse.facts import load_facts
from reportedly.fuse.reliability import Reliability
from reportedly.fuse.stories import StoryView, build_view, rank_key
from reportedly.fuse.why import evidence_of
from reportedly.ledger.models import Article, Story, StoryClaim
from reportedly.ledger.store import Ledger


def rank_all(ledger: Ledger, reliability: Reliability, min_claims: int = 1) -> list[StoryView]:
    """The same list as fuse.stories.ranked(ledger, reliability, min_claims)."""
    with Session(ledger.engine) as s:
        members = s.execute(select(StoryClaim.story_id, StoryClaim.claim_id)).all()
        by_story: dict[int, list[int]] = defaultdict(list)
        for story_id, claim_id in members:
            by_story[story_id].append(claim_id)
        wanted = {sid: ids for sid, ids in by_story.items() if len(ids) >= min_claims}
        labels = dict(s.execute(select(Story.id, Story.label)).all())
        why = evidence_of(s, sorted(c for ids in wanted.values() for c in ids))
        facts = {f.id: f for f in load_facts(s, sorted(c for ids in wanted.values() for c in ids))}
        article_ids = sorted({f.article_id for f in facts.values()})
        texts: dict[int, str] = {}
        for start in range(0, len(article_ids), 500):
            chunk = article_ids[start : start + 500]
            texts.update(s.execute(select(Article.id, Article.text).where(Article.id.in_(chunk))).all())
    views = []
    for sid, ids in wanted.items():
        if sid in labels:
            claims = [facts[c] for c in ids if c in facts]
            own = {f.article_id: texts[f.article_id] for f in claims}
            views.append(build_view(sid, labels[sid], claims, own, reliability))
            views[-1].why = {f.id: why[f.id] for f in claims if f.id in why}
    return sorted(views, key=rank_key)
