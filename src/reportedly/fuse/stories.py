"""The view across reports of one story: its claims, independent origins versus echoes,
contradictions, and an Admiralty-style grade with the reasons for it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reportedly.fuse.facts import Facts, load_facts, thing_key
from reportedly.fuse.reliability import GRADES, Reliability
from reportedly.ledger.models import Story, StoryClaim
from reportedly.ledger.store import Ledger

SAME_PERIOD = timedelta(days=3)  # figures reported this close together describe one period
TOLERANCE = 0.15  # relative gap under which two approximate figures agree
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

    @property
    def independent(self) -> int:
        return len(self.origins)

    @property
    def echoes(self) -> int:
        return len(self.claims) - len(self.origins)

    @property
    def code(self) -> str:
        """The Admiralty code, e.g. 'B2'."""
        return f"{self.reliability}{self.credibility}"


def story_ids(ledger: Ledger, min_claims: int = 1) -> list[tuple[int, int]]:
    with Session(ledger.engine) as s:
        rows = s.execute(
            select(StoryClaim.story_id, func.count(StoryClaim.claim_id))
            .group_by(StoryClaim.story_id)
            .having(func.count(StoryClaim.claim_id) >= min_claims)
        ).all()
    return [(sid, n) for sid, n in rows]


def ranked(ledger: Ledger, reliability: Reliability, min_claims: int = 1) -> list[StoryView]:
    """Stories with at least `min_claims` claims, most independent origins first, then most
    claims, then oldest."""
    views = [v for sid, _n in story_ids(ledger, min_claims) if (v := view(ledger, sid, reliability))]
    return sorted(views, key=lambda v: (-v.independent, -len(v.claims), v.id))


def view(ledger: Ledger, story_id: int, reliability: Reliability) -> StoryView | None:
    with Session(ledger.engine) as s:
        story = s.get(Story, story_id)
        if story is None:
            return None
        ids = list(s.scalars(select(StoryClaim.claim_id).where(StoryClaim.story_id == story_id)))
        claims = load_facts(s, ids)
    claims.sort(key=lambda f: (f.published is None, f.published, f.id))
    origins: dict[str, list[Facts]] = defaultdict(list)
    for f in claims:
        origins[f.origin].append(f)
    contradictions = find_contradictions(claims)
    rel, cred, reasons = grade(claims, dict(origins), contradictions, reliability)
    return StoryView(story_id, story.label, claims, dict(origins), contradictions, rel, cred, reasons)


def _interval(q: dict) -> tuple[float, float] | None:
    """The values a reported figure allows: bounds are open-ended, approximations widen."""
    if q["bound"] == "range":
        return q["low"], q["high"]
    v = q["value"] if q["value"] is not None else (q["low"] if q["low"] is not None else q["high"])
    if v is None:
        return None
    if q["bound"] == "lower":
        return v, float("inf")
    if q["bound"] == "upper":
        return 0.0, v
    slack = TOLERANCE if q["approximate"] else TOLERANCE / 3
    return v * (1 - slack), v * (1 + slack)


def opposes(f: Facts) -> bool:
    """A report that negates the story's proposition ("X denied that ...", "did not ...")."""
    return f.negative and f.certainty in ("asserted", "probable")


def find_contradictions(claims: list[Facts]) -> list[Contradiction]:
    """Incompatible reports from different origins, one entry per pair of origins and kind."""
    found: dict[tuple[str, str, str], Contradiction] = {}

    def add(kind: str, a: Facts, b: Facts, detail: str) -> None:
        found.setdefault((kind, *sorted((a.origin, b.origin))), Contradiction(kind, a, b, detail))

    for i, a in enumerate(claims):
        for conf in a.confirmations:
            if conf.get("kind") == "denial":
                add("denial", a, a, f"denied by {conf['source']['name']}")
        for b in claims[i + 1 :]:
            if a.origin == b.origin:
                continue
            if opposes(a) != opposes(b):
                support, denial = (b, a) if opposes(a) else (a, b)
                key = ("polarity", denial.origin, "")
                if key not in found:
                    found[key] = Contradiction("polarity", support, denial, "")
                continue
            if a.published and b.published and abs(a.published - b.published) > SAME_PERIOD:
                continue  # a later figure is an update, for the timeline, not a contradiction
            for qa in a.quantities:
                for qb in b.quantities:
                    if not qa["thing"] or thing_key(qa["thing"]) != thing_key(qb["thing"]):
                        continue
                    if qa["role"] != qb["role"]:
                        continue
                    ia, ib = _interval(qa), _interval(qb)
                    if ia and ib and (ia[1] < ib[0] or ib[1] < ia[0]):
                        add(
                            "quantity",
                            a,
                            b,
                            f"{qa['text']} vs {qb['text']} ({thing_key(qa['thing'])}, {qa['role']})",
                        )
    for (kind, denier, _), c in found.items():
        if kind == "polarity":
            n = len({f.origin for f in claims if not opposes(f)})
            c.detail = f"{denier} denies what {n} other origin{'s' if n != 1 else ''} report"
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
    fewer: at best 2), and capped at 2 when the reported figures disagree."""
    reasons: list[str] = []
    supporting = {o: items for o, items in origins.items() if not all(opposes(f) for f in items)}
    opposing = {o for o, items in origins.items() if all(opposes(f) for f in items)}
    opposing |= {c.a.origin + " (denial)" for c in contradictions if c.kind == "denial"}
    letters = {}
    for origin, items in supporting.items():
        name = next((n for n, k in reversed(items[0].chain) if k != "author"), None)
        letters[origin] = reliability.grade(name or items[0].outlet or "")
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
