"""Incremental claim matching. Each new claim's candidates are its nearest neighbours among the
stored claims by sentence embedding (approximate search with usearch), within a
publication-time window. It joins the story it fits as a whole: the pair verifier's mean
probability over the story's members (average link) and a member the claim surely restates
(anchor), no member's figures for the same measured variable may differ from its own (veto), and
a story spans a bounded time. The pair cross-encoder refuses the verifier's joins it reads as
unlike the story (on by default), and can read the stories the verifier is unsure of (off by
default; fuse/cross_encoder.py). A claim whose text repeats one of its own article's claims joins
that claim's story first. After a run, the run's claims move to a better story that has appeared
since they were placed."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import numpy as np
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from reportedly.fuse import cross_encoder, embed, verify, why
from reportedly.fuse.facts import Facts, load_facts, not_one_proposition, thing_key
from reportedly.ledger.models import Claim, ClaimVector, Story, StoryClaim
from reportedly.ledger.store import Ledger

# real coverage restates an event for months ("Comey said in July ..."), so the window is wide;
# the verifier and the figure veto, not the calendar, keep different propositions apart
WINDOW = timedelta(days=60)  # candidates published at most this far apart
STORY_SPAN = timedelta(days=120)  # first to last claim of one story
NEIGHBOURS = 40  # nearest claims considered per new claim
FLOOR = 0.45  # cosine under which a neighbour is not a candidate
MEMBERS = 25  # story members (closest by cosine) the average link is taken over
# mean verifier probability to join a story. The verifier learns from labelled ledger neighbours
# (mostly topic pairs), so its probabilities run low: on the labelled ledger (fusion_real_verifier2*.json)
# 0.2 keeps gold-event recall (22.6, was 21.5) with gold precision 90.3 (was 80.8) and a third as many
# topic pairs of the old stories together (101 of 300, 11 % of them same, was 290, 4.5 %); 0.3: recall 15.5
JOIN = 0.2
# ... and one member the claim restates at least this surely (None: off). Measured on the
# 254-article ledger: held-out story-pair precision 10.9 -> 26.3, ledger-pair precision 40.7 -> 75.4,
# gold-event recall 22.6 -> 14.6 (benchmarks/results/fusion_real_anchor.json)
ANCHOR: float | None = 0.5
# ... and its closest member at this cosine or more (None: off): a claim that only loosely
# resembles every member ("I was not that candidate" beside "he's not backing any candidate").
# Two readers of the 254-article ledger's joins (benchmarks/data/join_pairs.jsonl): under 0.6,
# 5 of 21 decided joins restate the story; 0.6-0.7, 12 of 24
JOIN_COSINE: float | None = 0.6
MARGIN = 0.05  # how much better another story must fit for a claim to move there
MIN_WORDS = 4

# the rule-based decision this module used before the learned verifier (kept as a baseline)
SAME = 0.78
SAME_WITH_STRUCTURE = 0.55
SHARED_PARTICIPANTS = 0.65
SAME_DESPITE_PARTICIPANTS = 0.9


@dataclass
class FuseSummary:
    claims: int = 0
    matched: int = 0
    new_stories: int = 0
    merged_repeats: int = 0
    moved: int = 0
    rechecked: int = 0  # (claim, member) pairs the cross-encoder read


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


@dataclass
class Index:
    """Stored claims in memory: vectors (and an approximate nearest-neighbour index over them),
    facts, stories and their members."""

    facts: list[Facts] = field(default_factory=list)
    vectors: list[np.ndarray] = field(default_factory=list)
    story: list[int] = field(default_factory=list)
    members: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    texts: dict[tuple[int, str], int] = field(default_factory=dict)  # (article, words) -> claim
    judged: dict[tuple[int, int], float] = field(default_factory=dict)  # (claim id, member) -> p
    crossed: dict[tuple[int, int], float] = field(default_factory=dict)  # the same, cross-encoder
    changed: dict[int, int] = field(default_factory=dict)  # story -> when it last changed (position)
    ann: object = None

    def __post_init__(self) -> None:
        from usearch.index import Index as Ann

        self.ann = Ann(ndim=embed.DIM, metric="ip", dtype="f32", connectivity=16)

    def add(self, facts: Facts, vector: np.ndarray, story_id: int) -> int:
        n = len(self.facts)
        self.facts.append(facts)
        self.vectors.append(np.asarray(vector, dtype=np.float32))
        self.story.append(story_id)
        self.members[story_id].append(n)
        self.changed[story_id] = n
        self.texts.setdefault((facts.article_id, _norm(facts.text)), n)
        self.ann.add(n, self.vectors[n])
        return n

    def move(self, n: int, story_id: int) -> None:
        # a move changes both stories after every claim stored so far
        self.changed[self.story[n]] = self.changed[story_id] = len(self.facts)
        self.members[self.story[n]].remove(n)
        self.story[n] = story_id
        self.members[story_id].append(n)

    def rename(self, old: int, new: int) -> None:
        """A story's provisional id replaced by its stored one."""
        for n in self.members.get(old, ()):
            self.story[n] = new
        self.members[new] = self.members.pop(old, [])
        if old in self.changed:
            self.changed[new] = self.changed.pop(old)

    def neighbours(
        self, facts: Facts, vector: np.ndarray, exclude: int | None = None, found=None
    ) -> list[int]:
        """Stored claims close in meaning and published within the window, nearest first;
        `found`: the search's answer for this vector when already asked (search_many)."""
        if not self.facts:
            return []
        if found is None:
            found = self.ann.search(np.asarray(vector, dtype=np.float32), min(NEIGHBOURS, len(self.facts)))
        out = []
        for key, distance in zip(found.keys, found.distances, strict=True):
            n = int(key)
            if n == exclude or 1.0 - float(distance) < FLOOR:
                continue
            if _apart(facts.published, self.facts[n].published, WINDOW):
                continue
            out.append(n)
        return out

    def search_many(self, positions: list[int]) -> list:
        """The nearest-neighbour search of these stored claims' vectors in one call (one thread:
        each answer is the one a search of that vector alone gives)."""
        if not positions or not self.facts:
            return [None] * len(positions)
        found = self.ann.search(
            np.stack([self.vectors[n] for n in positions]), min(NEIGHBOURS, len(self.facts)), threads=1
        )
        if len(positions) == 1:  # usearch answers one query with its matches, not a batch of them
            return [found]
        return [found[i] for i in range(len(positions))]


def _apart(a: datetime | None, b: datetime | None, limit: timedelta) -> bool:
    return a is not None and b is not None and abs(a - b) > limit


def _judged_members(
    index: Index, facts: Facts, vector: np.ndarray, story_id: int, exclude: int | None = None
) -> list[int] | None:
    """The story's members (closest MEMBERS by cosine) a claim's fit is averaged over; None when
    the story is empty, would span more than STORY_SPAN, has no member at JOIN_COSINE, or a member
    gives a different figure for the same variable or for the same name (or another poll's)."""
    members = [m for m in index.members.get(story_id, ()) if m != exclude]
    if not members:
        return None
    dates = [index.facts[m].published for m in members if index.facts[m].published] + (
        [facts.published] if facts.published else []
    )
    if dates and max(dates) - min(dates) > STORY_SPAN:
        return None
    matrix = np.stack([index.vectors[m] for m in members])
    cosines = matrix @ vector
    if JOIN_COSINE is not None and float(cosines.max()) < JOIN_COSINE:
        return None
    if len(members) > MEMBERS:
        members = [members[j] for j in np.argsort(-cosines)[:MEMBERS]]
    if any(not_one_proposition(facts, index.facts[m]) for m in members):
        return None
    return members


def _probabilities(index: Index, facts: Facts, vector: np.ndarray, members: list[int]) -> list[float]:
    """The verifier's probability for the claim with each member, in one batch; pairs already
    judged in this index (the claim id with a member position) are not judged again."""
    todo = [m for m in dict.fromkeys(members) if (facts.id, m) not in index.judged]
    if todo:
        x = verify.features_many(
            facts, vector, [index.facts[m] for m in todo], [index.vectors[m] for m in todo]
        )
        for m, p in zip(todo, verify.load().probability(x), strict=True):
            index.judged[(facts.id, m)] = float(p)
    return [index.judged[(facts.id, m)] for m in members]


def _cross_fit(index: Index, facts: Facts, members: list[int]) -> float:
    """The cross-encoder's mean probability over the members the verifier found most probable
    (cross_encoder.TOP); each (claim, member) pair is read once per index."""
    top = sorted(members, key=lambda m: -index.judged[(facts.id, m)])[: cross_encoder.TOP]
    todo = [m for m in top if (facts.id, m) not in index.crossed]
    if todo:
        p = cross_encoder.load().probability([(facts.text, index.facts[m].text) for m in todo])
        index.crossed.update({(facts.id, m): float(q) for m, q in zip(todo, p, strict=True)})
    return float(np.mean([index.crossed[(facts.id, m)] for m in top]))


def _cross_accepts(index: Index, facts: Facts, members: list[int]) -> bool:
    return _cross_fit(index, facts, members) >= cross_encoder.load().threshold


def _vetoed(index: Index, facts: Facts, members: list[int]) -> bool:
    """A story the verifier accepts is refused when the cross-encoder reads the claim as not
    restating its most probable members (cross_encoder.VETO; None: never asked)."""
    return cross_encoder.VETO is not None and _cross_fit(index, facts, members) < cross_encoder.VETO


def _unsure(probabilities: list[float]) -> bool:
    """The verifier neither anchors the claim in the story nor rules it out: its best member's
    probability lies in cross_encoder.BAND (which ends at ANCHOR)."""
    return cross_encoder.in_band(max(probabilities))


def join_threshold() -> float:
    """The story fit a claim needs to join: JOIN, or the verifier's own threshold when unset."""
    return JOIN if JOIN is not None else verify.load().threshold


def _fit(probabilities: list[float]) -> float:
    """Average link over the members judged; -1 when none of them anchors the claim (ANCHOR)."""
    if ANCHOR is not None and max(probabilities) < ANCHOR:
        return -1.0
    return float(np.mean(probabilities))


def story_fit(
    index: Index, facts: Facts, vector: np.ndarray, story_id: int, exclude: int | None = None
) -> float:
    """Average-link fit of a claim to a story: the verifier's mean probability over the story's
    members closest to it; -1 when no member anchors the claim, a member gives a different figure
    for the same variable, or the story would span more than STORY_SPAN. A story the verifier is
    unsure of fits just enough to join (the join threshold) when the cross-encoder reads the claim
    as restating its most probable members."""
    members = _judged_members(index, facts, vector, story_id, exclude)
    if members is None:
        return -1.0
    probabilities = _probabilities(index, facts, vector, members)
    if _unsure(probabilities):
        return join_threshold() if _cross_accepts(index, facts, members) else -1.0
    fit = _fit(probabilities)
    return -1.0 if fit >= join_threshold() and _vetoed(index, facts, members) else fit


def best_story(
    index: Index, facts: Facts, vector: np.ndarray, exclude: int | None = None, near: list[int] | None = None
) -> tuple[int | None, float]:
    """The story the claim fits best and its fit (None when under the join threshold); `near`:
    its neighbours when already looked up. Only when no story passes on the verifier's word are
    the stories it is unsure of (at most cross_encoder.STORIES, the most probable first) read
    by the cross-encoder; the first it accepts joins at the join threshold."""
    if near is None:
        near = index.neighbours(facts, vector, exclude)
    stories = dict.fromkeys(index.story[n] for n in near)
    judged = {sid: _judged_members(index, facts, vector, sid, exclude) for sid in stories}
    judged = {sid: members for sid, members in judged.items() if members is not None}
    everyone = [m for members in judged.values() for m in members]
    probability = dict(zip(everyone, _probabilities(index, facts, vector, everyone), strict=True))
    unsure = [sid for sid, members in judged.items() if _unsure([probability[m] for m in members])]
    fits = {
        sid: _fit([probability[m] for m in members]) for sid, members in judged.items() if sid not in unsure
    }
    score = max(fits.values(), default=-1.0)
    for sid in sorted(fits, key=fits.get, reverse=True):
        if fits[sid] < join_threshold():
            break
        if not _vetoed(index, facts, judged[sid]):
            return sid, fits[sid]
    unsure.sort(key=lambda sid: -max(probability[m] for m in judged[sid]))
    for sid in unsure[: cross_encoder.STORIES]:
        if _cross_accepts(index, facts, judged[sid]):
            return sid, join_threshold()
    return None, score


def decide(a: Facts, b: Facts, u: np.ndarray, v: np.ndarray) -> tuple[bool, float, str]:
    """The ledger's pair decision, as fusing the two claims alone would take it: the verifier's
    probability against the story join threshold (and the anchor), with the figure veto; `eval
    pairs` scores it."""
    return verify.decide(a, b, u, v, max(join_threshold(), ANCHOR or 0.0))


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
    with ledger.exclusive("fuse"):  # one fusing process at a time, each seeing the last one's stories
        return _fuse(ledger, batch)


# a claim placed by this run: facts, vector, story id (negative: a story of this batch), score, why
Placed = tuple[Facts, np.ndarray, int, float, dict]


def _fuse(ledger: Ledger, batch: int) -> FuseSummary:
    summary = FuseSummary()
    with Session(ledger.engine) as session:
        index = load_index(session)
        assigned = select(StoryClaim.claim_id)
        todo = [
            c.id
            for c in session.scalars(
                select(Claim).where(Claim.id.not_in(assigned)).order_by(Claim.published, Claim.id)
            )
            if eligible(c)
        ]
    placed: list[int] = []  # index positions of this run's claims
    for start in range(0, len(todo), batch):
        with Session(ledger.engine) as session:
            facts = load_facts(session, todo[start : start + batch])
            vectors, stored = _vectors(session, facts)
        rows: list[Placed] = []
        fresh: dict[int, str] = {}  # provisional (negative) story id -> label, stored once per batch
        for f, vector in zip(facts, vectors, strict=True):
            repeat = index.texts.get((f.article_id, _norm(f.text)))
            if repeat is not None:
                story_id, similarity = index.story[repeat], 1.0
                summary.merged_repeats += 1
                how = "repeat"
            else:
                story_id, similarity = best_story(index, f, vector)
                how = "joined"
            if story_id is None:
                story_id, similarity, how = -(len(fresh) + 1), 1.0, "new story"
                fresh[story_id] = f.text[:300]
                summary.new_stories += 1
            else:
                summary.matched += 1
            evidence = _evidence(index, f, vector, story_id, similarity, how)
            rows.append((f, vector, story_id, similarity, evidence))
            placed.append(index.add(f, vector, story_id))
            summary.claims += 1
        _store(ledger, index, rows, fresh, stored)
    summary.moved = _reassign(ledger, index, placed)
    summary.rechecked = len(index.crossed)
    return summary


def _vectors(session: Session, facts: list[Facts]) -> tuple[np.ndarray, set[int]]:
    """The claims' vectors: those the ledger already holds for this model (a claim whose story
    was dropped keeps its vector) read back, the others encoded; and the ids read back."""
    rows = session.execute(
        select(ClaimVector.claim_id, ClaimVector.vector).where(
            ClaimVector.claim_id.in_([f.id for f in facts]), ClaimVector.model == embed.MODEL_NAME
        )
    ).all()
    stored = {cid: embed.from_bytes(blob) for cid, blob in rows if len(blob) == 4 * embed.DIM}
    missing = [f for f in facts if f.id not in stored]
    fresh = dict(zip((f.id for f in missing), embed.encode([f.text for f in missing]), strict=True))
    vectors = [stored[f.id] if f.id in stored else fresh[f.id] for f in facts]
    return np.stack(vectors) if vectors else np.zeros((0, embed.DIM), np.float32), set(stored)


def _store(
    ledger: Ledger, index: Index, rows: list[Placed], fresh: dict[int, str], stored: set[int] = frozenset()
) -> None:
    """One batch in one transaction: its new stories inserted together (their provisional ids in
    the index replaced by the stored ones), then its vectors (those not stored yet) and
    memberships in two bulk inserts."""
    created = datetime.now(timezone.utc).replace(tzinfo=None)
    with Session(ledger.writer) as session, session.begin():
        stories = {sid: Story(label=label, created=created) for sid, label in fresh.items()}
        session.add_all(stories.values())
        session.flush()
        real = {sid: story.id for sid, story in stories.items()}
        for provisional, story_id in real.items():
            index.rename(provisional, story_id)
        vectors = [
            {"claim_id": f.id, "model": embed.MODEL_NAME, "vector": embed.to_bytes(v)}
            for f, v, _, _, _ in rows
            if f.id not in stored
        ]
        if vectors:
            session.execute(insert(ClaimVector), vectors)
        session.execute(
            insert(StoryClaim),
            [
                {"claim_id": f.id, "story_id": real.get(sid, sid), "similarity": round(sim, 4), "evidence": e}
                for f, _, sid, sim, e in rows
            ],
        )


def _reassign(ledger: Ledger, index: Index, placed: list[int]) -> int:
    """Move each claim of this run to a story that fits it clearly better than its own does
    (one pass); stories left empty are removed. A claim whose neighbours were all stored before
    it, in stories (its own too) unchanged since it was placed, is not judged again: its
    neighbourhood is the one it was placed in, so the decision would be the same."""
    moves: dict[int, tuple[int, float, dict]] = {}
    left: set[int] = set()
    searched = index.search_many(placed)  # the index itself does not change in this pass
    for n, found in zip(placed, searched, strict=True):
        f, vector = index.facts[n], index.vectors[n]
        own = index.story[n]
        if index.texts.get((f.article_id, _norm(f.text))) not in (n, None) and len(index.members[own]) > 1:
            continue  # a repeat stays with its article's first statement of it
        near = index.neighbours(f, vector, exclude=n, found=found)
        if _unchanged(index, n, near):
            continue
        current = story_fit(index, f, vector, own, exclude=n) if len(index.members[own]) > 1 else -1.0
        best, score = best_story(index, f, vector, exclude=n, near=near)
        if best is not None and best != own and score > current + MARGIN:
            left.add(own)
            evidence = _evidence(index, f, vector, best, score, "moved")
            index.move(n, best)
            moves[f.id] = (best, score, evidence)
    if not moves:
        return 0
    with Session(ledger.writer) as session, session.begin():
        for claim_id, (story_id, score, evidence) in moves.items():
            session.execute(
                update(StoryClaim)
                .where(StoryClaim.claim_id == claim_id)
                .values(story_id=story_id, similarity=round(score, 4), evidence=evidence)
            )
        empty = [sid for sid in left if not index.members.get(sid)]
        if empty:
            session.execute(delete(Story).where(Story.id.in_(empty)))
    return len(moves)


def _unchanged(index: Index, n: int, near: list[int]) -> bool:
    """Whether claim n's neighbours and their stories and its own are as they were when it was placed."""
    stories = {index.story[m] for m in near} | {index.story[n]}
    return all(m < n for m in near) and all(index.changed.get(sid, n + 1) <= n for sid in stories)


def _evidence(index: Index, f: Facts, vector: np.ndarray, story_id: int, score: float, how: str) -> dict:
    """Hook for fuse/why.py: what the matcher knew when it placed the claim (stored with it)."""
    members = [(index.facts[m], index.vectors[m]) for m in index.members.get(story_id, ())]
    return why.explain(f, vector, members, score, how)


# -- the rule-based decision used before the learned verifier (a baseline for benchmarks) ------


def structural_agreement(a: Facts, b: Facts, cosine: float) -> bool:
    shared, _, _ = verify.entity_overlap(a, b)
    if shared >= 2:
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
    _, only_a, only_b = verify.entity_overlap(a, b)
    return bool(only_a) and bool(only_b)


def same_proposition(a: Facts, b: Facts, cosine: float) -> bool:
    """The old rules: cosine thresholds with entity/figure structure (baseline only)."""
    if different_participants(a, b):
        return cosine >= SAME_DESPITE_PARTICIPANTS
    return cosine >= SAME or (cosine >= SAME_WITH_STRUCTURE and structural_agreement(a, b, cosine))
