"""The view across reports of one story: its claims, independent origins versus echoes,
contradictions, and an Admiralty-style grade with the reasons for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reportedly.fuse.facts import Facts, figure_conflicts, load_facts, thing_key
from reportedly.fuse.opposition import opposes_claim, opposite_words, restates
from reportedly.fuse.origins import graded_name, source_key
from reportedly.fuse.origins import origins as group_origins
from reportedly.fuse.reliability import GRADES, Reliability
from reportedly.fuse.why import evidence_of
from reportedly.ledger.models import Article, Story, StoryClaim
from reportedly.ledger.store import Ledger

FIRM = 0.5  # a join this sure restates the story (the matcher's anchor probability)
SAME_PERIOD = timedelta(days=3)  # figures reported this close together describe one period
CREDIBILITY = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}


@dataclass
class Contradiction:
    kind: str  # "quantity", "polarity" or "denial"
    a: Facts
    b: Facts
    detail: str
    against: str = ""  # the origin that denies (polarity, denial); empty for figures


@dataclass
class StoryView:
    id: int
    label: str
    claims: list[Facts]
    origins: dict[str, list[Facts]]
    contradictions: list[Contradiction]
    reliability: str
    credibility: int
    reasons: list[str] = field(default_factory=list)
    why: dict[int, dict] = field(default_factory=dict)  # claim id -> why it joined (fuse/why.py)

    @property
    def independent(self) -> int:
        return len(self.origins)

    @property
    def echoes(self) -> int:
        return len(self.claims) - len(self.origins)

    @property
    def firm_origins(self) -> int:
        """Supporting origins with a claim that restates the story surely and says what it is
        about: its first claim, or one that joined it at a fit of FIRM or more (a claim without
        stored evidence counts as firm), that is grounded (facts.Facts.grounded: "they might vote
        for him" is not)."""
        return sum(
            any(self._sure(f) for f in items)
            for items in supporting_origins(self.origins, self.claims[0] if self.claims else None).values()
        )

    @property
    def loose(self) -> int:
        """Claims that neither restate the story surely nor say what they are about (see
        firm_origins): readers found them mostly of another proposition."""
        return sum(not self._sure(f) for f in self.claims)

    def _sure(self, f: Facts) -> bool:
        """The claim restates the story surely (firm fit) and says what it is about (grounded)."""
        return f.grounded and _firm(self.why.get(f.id))

    @property
    def outlets(self) -> list[str]:
        """The outlets whose reports the story holds (an article without one by its id)."""
        return sorted({f.outlet or f"article {f.article_id}" for f in self.claims})

    @property
    def articles(self) -> int:
        return len({f.article_id for f in self.claims})

    @property
    def code(self) -> str:
        """The Admiralty code, e.g. 'B2'."""
        return f"{self.reliability}{self.credibility}"


def _firm(why: dict | None) -> bool:
    return why is None or why.get("how") == "new story" or (why.get("score") or 0.0) >= FIRM


def rank_key(v: StoryView) -> tuple:
    """Most origins that surely restate the story first (two readers of the first 30 stories found
    the loosely joined claims mostly of another proposition, and pronoun-led fragments about
    nobody they could tell), then fewest such loose claims, most claims, oldest."""
    return (-v.firm_origins, v.loose, -len(v.claims), v.id)


def as_dict(v: StoryView, records: dict | None = None) -> dict:
    """A story for JSON output: grade and reasons, origins (with each one's reliability and track
    record when `records` is given), contradictions, claims with why each joined."""
    origin_of = {f.id: name for name, items in v.origins.items() for f in items}
    return {
        "id": v.id,
        "label": v.label,
        "grade": v.code,
        "reasons": v.reasons,
        "independent_origins": v.independent,
        "firm_origins": v.firm_origins,
        "loose_claims": v.loose,
        "echoes": v.echoes,
        "outlets": v.outlets,
        "articles": v.articles,
        "origins": {name: [f.id for f in items] for name, items in v.origins.items()},
        "origin_records": {o: records[o].as_dict() for o in v.origins if o in records} if records else {},
        "contradictions": [
            {"kind": c.kind, "claim_a": c.a.id, "claim_b": c.b.id, "detail": c.detail}
            for c in v.contradictions
        ],
        "claims": [
            {
                "id": f.id,
                "text": f.text,
                "outlet": f.outlet,
                "published": f.published.isoformat() if f.published else None,
                "url": f.url,
                "wire": f.wire,
                "origin": origin_of[f.id],
                "chain": [n for n, _ in f.chain],
                "why": v.why.get(f.id),
            }
            for f in v.claims
        ],
    }


def story_ids(ledger: Ledger, min_claims: int = 1) -> list[tuple[int, int]]:
    with Session(ledger.engine) as s:
        rows = s.execute(
            select(StoryClaim.story_id, func.count(StoryClaim.claim_id))
            .group_by(StoryClaim.story_id)
            .having(func.count(StoryClaim.claim_id) >= min_claims)
        ).all()
    return [(sid, n) for sid, n in rows]


def ranked(ledger: Ledger, reliability: Reliability, min_claims: int = 1) -> list[StoryView]:
    """Stories with at least `min_claims` claims in `rank_key` order."""
    views = [v for sid, _n in story_ids(ledger, min_claims) if (v := view(ledger, sid, reliability))]
    return sorted(views, key=rank_key)


def view(ledger: Ledger, story_id: int, reliability: Reliability) -> StoryView | None:
    with Session(ledger.engine) as s:
        story = s.get(Story, story_id)
        if story is None:
            return None
        ids = list(s.scalars(select(StoryClaim.claim_id).where(StoryClaim.story_id == story_id)))
        claims = load_facts(s, ids)
        article_ids = sorted({f.article_id for f in claims})
        texts = dict(s.execute(select(Article.id, Article.text).where(Article.id.in_(article_ids))).all())
        why = evidence_of(s, ids)
    v = build_view(story_id, story.label, claims, texts, reliability)
    v.why = why
    return v


def build_view(
    story_id: int, label: str, claims: list[Facts], texts: dict[int, str], reliability: Reliability
) -> StoryView:
    """A story from its claims and their articles' texts: origins, contradictions, grade."""
    claims.sort(key=lambda f: (f.published is None, f.published, f.id))
    origins = group_origins(claims, texts)
    contradictions = find_contradictions(claims, origins)
    rel, cred, reasons = grade(claims, origins, contradictions, reliability)
    return StoryView(story_id, label, claims, origins, contradictions, rel, cred, reasons)


def supporting_origins(origins: dict[str, list[Facts]], first: Facts | None) -> dict[str, list[Facts]]:
    """The origins that state the story's proposition: not those whose every claim negates it,
    nor those whose every claim says the opposite of the story's `first` claim ("helps" where it
    says "hurt": fuse/opposition.py). Such an opposite is not reported as a contradiction: the one
    pair found over 924 articles was two groups of polled voters, one misattributed."""

    def opposite(f: Facts) -> bool:
        return first is not None and f.grounded and first.grounded and opposite_words(first, f) is not None

    return {
        o: items
        for o, items in origins.items()
        if not all(opposes(f) for f in items) and not all(opposite(f) for f in items)
    }


def opposes(f: Facts) -> bool:
    """A report that negates the story's proposition ("X denied that ...", "did not ...")."""
    return f.negative and f.certainty in ("asserted", "probable")


def find_contradictions(
    claims: list[Facts], origins: dict[str, list[Facts]] | None = None
) -> list[Contradiction]:
    """Incompatible reports from different origins in different articles, one entry per pair of
    origins and kind, each with its reason: different figures for the same measured variable
    within SAME_PERIOD, a negated claim that restates what another origin asserts
    (fuse/opposition.py: sharing the story is not enough), or a denial attached to a claim by
    someone other than its source. Never two claims of one article from one source."""
    if origins is None:
        origins = group_origins(claims)
    origin_of = {f.id: name for name, items in origins.items() for f in items}
    found: dict[tuple[str, str, str], Contradiction] = {}
    # a denial opposes what the story holds: when most of its claims state it negatively,
    # the negative statement is the story's proposition ("did not recommend charges"), no denial
    held_negatively = 2 * sum(opposes(f) for f in claims) > len(claims)
    n = len({origin_of[f.id] for f in claims if not opposes(f)})
    reporting = f"{n} other origin{'s' if n != 1 else ''} report"  # what a negated claim denies

    def add(kind: str, a: Facts, b: Facts, detail: str) -> None:
        key = (kind, *sorted((origin_of[a.id], origin_of[b.id])))
        found.setdefault(key, Contradiction(kind, a, b, detail))

    for i, a in enumerate(claims):
        for conf in a.confirmations:
            denier = (conf.get("source") or {}).get("name") or ""
            if conf.get("kind") != "denial" or not denier:
                continue
            # the denied claim, and what other articles of the story state in its words
            held = [a] + [
                f for f in claims if f.article_id != a.article_id and not f.negative and restates(a, f)[0]
            ]
            for f in held:
                if source_key(denier) != origin_of[f.id]:
                    found.setdefault(
                        ("denial", origin_of[f.id], source_key(denier)),
                        Contradiction(
                            "denial",
                            f,
                            a,
                            f"{denier} denies what {origin_of[f.id]} reports",
                            source_key(denier),
                        ),
                    )
        for b in claims[i + 1 :]:
            if origin_of[a.id] == origin_of[b.id]:
                continue
            if opposes(a) != opposes(b):
                if a.article_id == b.article_id or held_negatively:
                    continue
                support, denial = (b, a) if opposes(a) else (a, b)
                key = ("polarity", origin_of[denial.id], "")
                if key in found:
                    continue
                restated, shared = opposes_claim(denial, support)
                if restated:
                    detail = f"{key[1]} denies what {reporting} (negated, restating: {', '.join(shared)})"
                    found[key] = Contradiction("polarity", support, denial, detail, key[1])
                continue
            if a.published and b.published and abs(a.published - b.published) > SAME_PERIOD:
                continue  # a later figure is an update, for the timeline, not a contradiction
            for qa, qb in figure_conflicts(a, b)[:1]:
                add(
                    "quantity",
                    a,
                    b,
                    f"{qa['text']} vs {qb['text']} ({thing_key(qa['thing'])}, {qa['role']}): "
                    f"different figures for one variable from {origin_of[a.id]} and {origin_of[b.id]}",
                )
    return list(found.values())


def grade(
    claims: list[Facts],
    origins: dict[str, list[Facts]],
    contradictions: list[Contradiction],
    reliability: Reliability,
) -> tuple[str, int, list[str]]:
    """Admiralty code. Source reliability A-F: the best grade, in the editable table, among the
    origins that support the story. Information credibility 1-6: from the number of independent
    supporting origins (3+, or 2 with a reported confirmation: 1; 2: 2; 1: 3; none: 6), lowered
    when every report hedges it (4), when origins deny it (as many as support it or more: 5;
    fewer: at best 2), and capped at 2 when the reported figures disagree. An origin denies only
    through a contradiction found (a denial, or a negated claim restating the story's): a
    negated claim that merely shares the story neither supports nor denies it."""
    reasons: list[str] = []
    supporting = supporting_origins(origins, claims[0] if claims else None)
    opposing = {c.against for c in contradictions if c.against}
    letters = {}
    for origin, items in supporting.items():
        letters[origin] = reliability.grade(graded_name(origin, items))
    best = min(letters.values()) if letters else "F"
    reasons.append(f"reliability {best}: {GRADES[best]} (best of {len(letters)} supporting origins)")
    n = len(supporting)
    kinds = {c.get("kind") for f in claims for c in f.confirmations}
    # a source that could not confirm it never raises the grade: it cancels a reported confirmation
    unconfirmed = "non_confirmation" in kinds
    confirmed = "confirmation" in kinds and not unconfirmed
    if n >= 3 or (n >= 2 and confirmed):
        cred = 1
    elif n == 2 or (n == 1 and confirmed):
        cred = 2
    elif n == 1:
        cred = 3
    else:
        cred = 6
    reasons.append(
        f"{n} independent supporting origin{'s' if n != 1 else ''}"
        + (", and a reported confirmation" if confirmed else "")
        + (", and a source that could not confirm it" if unconfirmed else "")
    )
    echoes = len(claims) - len(origins)
    if echoes:
        reasons.append(
            f"{echoes} echo{'es' if echoes > 1 else ''}: reports repeating an origin already counted"
        )
    if n and all(f.certainty in ("possible", "uncertain") for items in supporting.values() for f in items):
        cred = max(cred, 4)
        reasons.append("every supporting report hedges it (possible or uncertain)")
    if opposing:
        cred = 5 if len(opposing) >= n else max(cred, 2)
        reasons.append(f"denied by {len(opposing)} origin{'s' if len(opposing) > 1 else ''}")
    disputes = [c for c in contradictions if c.kind == "quantity"]
    if disputes:
        cred = max(cred, 2)
        reasons.append(f"{len(disputes)} disagreement{'s' if len(disputes) > 1 else ''} on figures")
    reasons.append(f"credibility {cred}: {CREDIBILITY[cred]}")
    return best, cred, reasons
