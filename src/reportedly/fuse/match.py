"""Incremental claim matching. Each new claim is compared with the stored claims that share a
blocking key with it (an entity, a counted thing or a rounded value; an inverted index), by
cosine similarity of sentence embeddings plus structure, and joins the story of its best match
or starts a new one. Nothing already matched is recomputed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from reportedly.fuse import embed
from reportedly.fuse.facts import Facts, load_facts, thing_key
from reportedly.ledger.models import Claim, ClaimVector, Story, StoryClaim
from reportedly.ledger.store import Ledger

SAME = 0.78  # cosine at which two claims assert the same proposition on wording alone
SAME_WITH_STRUCTURE = 0.55  # ... when they also share an entity and a quantity or thing
SHARED_PARTICIPANTS = 0.65  # ... when they share two entities but no figure
SAME_DESPITE_PARTICIPANTS = 0.9  # ... when each names a participant the other lacks
MAX_CANDIDATES = 5000  # most recent claims considered per blocking key
MIN_WORDS = 4


@dataclass
class FuseSummary:
    claims: int = 0
    matched: int = 0
    new_stories: int = 0


@dataclass
class Index:
    """Stored claims in memory: vectors, facts and an inverted index of blocking keys."""

    vectors: list[np.ndarray] = field(default_factory=list)
    facts: list[Facts] = field(default_factory=list)
    story: list[int] = field(default_factory=list)
    by_key: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    def add(self, facts: Facts, vector: np.ndarray, story_id: int) -> None:
        n = len(self.facts)
        self.vectors.append(vector)
        self.facts.append(facts)
        self.story.append(story_id)
        for key in facts.blocking_keys():
            self.by_key[key].append(n)

    def candidates(self, facts: Facts) -> list[int]:
        found: set[int] = set()
        for key in facts.blocking_keys():
            found.update(self.by_key.get(key, ())[-MAX_CANDIDATES:])
        return sorted(found)


def _same_entity(x: str, y: str) -> bool:
    """'clinton' ~ 'hillary clinton' (a shared name word), 'eu' ~ 'european union' (initials)."""
    if x == y:
        return True
    wx, wy = set(x.split()), set(y.split())
    if wx & wy:
        return True
    initials = lambda words: "".join(w[0] for w in words.split() if w)  # noqa: E731
    return (len(wx) > 1 and initials(x) == y) or (len(wy) > 1 and initials(y) == x)


def _shared(a: set[str], b: set[str]) -> tuple[set[str], set[str], set[str]]:
    """(entities of a matched in b, entities only in a, entities only in b)."""
    only_a = {x for x in a if not any(_same_entity(x, y) for y in b)}
    only_b = {y for y in b if not any(_same_entity(x, y) for x in a)}
    return a - only_a, only_a, only_b


def structural_agreement(a: Facts, b: Facts, cosine: float) -> bool:
    """The same participants (two shared entities, at moderate similarity), or one shared
    entity and the same counted thing or a value within 10 %."""
    shared, _, _ = _shared(a.entity_keys(), b.entity_keys())
    if len(shared) >= 2:
        return cosine >= SHARED_PARTICIPANTS
    if not shared:
        return False
    things_a = {thing_key(q["thing"]) for q in a.quantities if q["thing"]}
    things_b = {thing_key(q["thing"]) for q in b.quantities if q["thing"]}
    if things_a & things_b:
        return True
    values_a = [q["value"] or q["low"] or q["high"] for q in a.quantities]
    values_b = [q["value"] or q["low"] or q["high"] for q in b.quantities]
    return any(x and y and abs(x - y) <= 0.1 * max(x, y) for x in values_a for y in values_b)


def different_participants(a: Facts, b: Facts) -> bool:
    """Each claim names a participant the other does not ('... to Russia' vs '... to Syria')."""
    _, only_a, only_b = _shared(a.entity_keys(), b.entity_keys())
    return bool(only_a) and bool(only_b)


def same_proposition(a: Facts, b: Facts, cosine: float) -> bool:
    if different_participants(a, b):
        return cosine >= SAME_DESPITE_PARTICIPANTS
    return cosine >= SAME or (cosine >= SAME_WITH_STRUCTURE and structural_agreement(a, b, cosine))


def eligible(c: Claim) -> bool:
    """Only reported propositions are matched; the author's commentary is not a report."""
    return c.voice == "reporting" and len(c.text.split()) >= MIN_WORDS


def load_index(session: Session) -> Index:
    index = Index()
    rows = session.execute(
        select(StoryClaim.claim_id, StoryClaim.story_id, ClaimVector.vector)
        .join(ClaimVector, ClaimVector.claim_id == StoryClaim.claim_id)
        .order_by(StoryClaim.claim_id)
    ).all()
    facts = {f.id: f for f in load_facts(session, [r[0] for r in rows])}
    for claim_id, story_id, blob in rows:
        index.add(facts[claim_id], embed.from_bytes(blob), story_id)
    return index


def fuse(ledger: Ledger, batch: int = 256) -> FuseSummary:
    """Match every claim not yet in a story; incremental and idempotent."""
    summary = FuseSummary()
    with Session(ledger.engine) as session:
        index = load_index(session)
        assigned = select(StoryClaim.claim_id)
        todo = [
            c.id
            for c in session.scalars(select(Claim).where(Claim.id.not_in(assigned)).order_by(Claim.id))
            if eligible(c)
        ]
    for start in range(0, len(todo), batch):
        with Session(ledger.engine) as session, session.begin():
            facts = load_facts(session, todo[start : start + batch])
            vectors = embed.encode([f.text for f in facts])
            for f, vector in zip(facts, vectors, strict=True):
                story_id, similarity = _best_story(index, f, vector)
                if story_id is None:
                    story = Story(label=f.text[:300], created=datetime.now(timezone.utc).replace(tzinfo=None))
                    session.add(story)
                    session.flush()
                    story_id, similarity = story.id, 1.0
                    summary.new_stories += 1
                else:
                    summary.matched += 1
                session.add(ClaimVector(claim_id=f.id, model=embed.MODEL_NAME, vector=embed.to_bytes(vector)))
                session.add(StoryClaim(claim_id=f.id, story_id=story_id, similarity=similarity))
                index.add(f, vector, story_id)
                summary.claims += 1
    return summary


def _best_story(index: Index, facts: Facts, vector: np.ndarray) -> tuple[int | None, float]:
    cands = index.candidates(facts)
    if not cands:
        return None, 0.0
    sims = np.stack([index.vectors[i] for i in cands]) @ vector
    for j in np.argsort(-sims):
        i = cands[int(j)]
        cosine = float(sims[j])
        if cosine < SAME_WITH_STRUCTURE:
            break
        if same_proposition(facts, index.facts[i], cosine):
            return index.story[i], cosine
    return None, 0.0
