"""Every story ranked in one pass over the ledger, for the server's stored ranking.

`fuse.stories.ranked` builds each story with `view`, a handful of queries per story: fine for a
few hundred, minutes for the tens of thousands a ledger of a thousand articles holds. This reads
all story memberships and claim facts in batches and grades each story with the same public
functions (`find_contradictions`, `grade`) in the same order; tests check it equals `ranked`."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from reportedly.fuse.facts import Facts, load_facts
from reportedly.fuse.reliability import Reliability
from reportedly.fuse.stories import StoryView, find_contradictions, grade
from reportedly.ledger.models import Story, StoryClaim
from reportedly.ledger.store import Ledger


def story_view(story_id: int, label: str, claims: list[Facts], reliability: Reliability) -> StoryView:
    claims.sort(key=lambda f: (f.published is None, f.published, f.id))
    origins: dict[str, list[Facts]] = defaultdict(list)
    for f in claims:
        origins[f.origin].append(f)
    contradictions = find_contradictions(claims)
    rel, cred, reasons = grade(claims, dict(origins), contradictions, reliability)
    return StoryView(story_id, label, claims, dict(origins), contradictions, rel, cred, reasons)


def rank_all(ledger: Ledger, reliability: Reliability, min_claims: int = 1) -> list[StoryView]:
    """The same list as fuse.stories.ranked(ledger, reliability, min_claims)."""
    with Session(ledger.engine) as s:
        members = s.execute(select(StoryClaim.story_id, StoryClaim.claim_id)).all()
        by_story: dict[int, list[int]] = defaultdict(list)
        for story_id, claim_id in members:
            by_story[story_id].append(claim_id)
        wanted = {sid: ids for sid, ids in by_story.items() if len(ids) >= min_claims}
        labels = dict(s.execute(select(Story.id, Story.label)).all())
        facts = {f.id: f for f in load_facts(s, sorted(c for ids in wanted.values() for c in ids))}
    views = [
        story_view(sid, labels[sid], [facts[c] for c in ids if c in facts], reliability)
        for sid, ids in wanted.items()
        if sid in labels
    ]
    return sorted(views, key=lambda v: (-v.independent, -len(v.claims), v.id))
