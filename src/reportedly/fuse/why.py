"""Why a claim joined its story, recorded when the matcher places it (story_claims.evidence) and
shown with the story: how it was placed, the score, the closest member, and the entities and
figures it shares with the story's members at that moment."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from reportedly.fuse.facts import Facts, entity_key, interval, thing_key
from reportedly.ledger.models import StoryClaim

HOW = ("new story", "joined", "repeat", "moved")
MAX_LISTED = 8  # entities / figures listed per claim


def _same_entity(a: str, b: str) -> bool:
    """'clinton' ~ 'hillary clinton': equal, or one name's words are all in the other."""
    wa, wb = set(a.split()), set(b.split())
    return a == b or (bool(wa) and bool(wb) and (wa <= wb or wb <= wa))


def measure_key(q: dict) -> str | None:
    """What a figure measures: the measured variable's head when known, else the counted thing."""
    return thing_key(q.get("measured_head") or q.get("thing"))


def _agree(a: dict, b: dict) -> bool:
    ia, ib = interval(a), interval(b)
    return bool(ia and ib and not (ia[1] < ib[0] or ib[1] < ia[0]))


def explain(
    facts: Facts,
    vector: np.ndarray,
    members: Sequence[tuple[Facts, np.ndarray]],
    score: float,
    how: str,
) -> dict:
    """What the matcher knew when it placed `facts` in a story whose members (before it joined)
    are `members`: a JSON-ready dict for story_claims.evidence."""
    if how not in HOW:
        raise ValueError(f"how={how!r}: expected one of {', '.join(HOW)}")
    out: dict = {"how": how, "score": round(float(score), 4), "members": len(members)}
    if not members:
        return out
    cosines = np.stack([np.asarray(v, dtype=np.float32) for _f, v in members]) @ np.asarray(
        vector, np.float32
    )
    best = int(np.argmax(cosines))
    out["closest"] = {"claim_id": members[best][0].id, "cosine": round(float(cosines[best]), 4)}
    own = sorted({entity_key(e) for e in facts.entities})
    counts: Counter[str] = Counter()
    for other, _v in members:
        keys = other.entity_keys()
        counts.update(e for e in own if any(_same_entity(e, k) for k in keys))
    out["shared_entities"] = [{"name": e, "members": n} for e, n in counts.most_common(MAX_LISTED)]
    figures = []
    for q in facts.quantities:
        key = measure_key(q)
        if not key:
            continue
        same = [(o, oq) for o, _v in members for oq in o.quantities if measure_key(oq) == key]
        if not same:
            continue
        agreeing = sum(_agree(q, oq) for _o, oq in same)
        figures.append(
            {"text": q["text"], "measure": key, "agreeing": agreeing, "differing": len(same) - agreeing}
        )
    out["shared_figures"] = figures[:MAX_LISTED]
    return out


def evidence_of(session: Session, claim_ids: Iterable[int]) -> dict[int, dict]:
    """The stored evidence of these claims (claims fused before it was recorded are left out)."""
    ids = list(claim_ids)
    out: dict[int, dict] = {}
    for i in range(0, len(ids), 500):
        rows = session.execute(
            select(StoryClaim.claim_id, StoryClaim.evidence, StoryClaim.similarity).where(
                StoryClaim.claim_id.in_(ids[i : i + 500])
            )
        ).all()
        out.update({cid: ev for cid, ev, _sim in rows if ev})
    return out


def summary(ev: dict | None) -> str:
    """One line for a table cell: 'joined, score 0.74, closest #12 (cos 0.81); shares clinton (3)'."""
    if not ev:
        return ""
    parts = [f"{ev['how']}, score {ev['score']:.2f}"]
    if ev.get("closest"):
        parts[0] += f", closest #{ev['closest']['claim_id']} (cos {ev['closest']['cosine']:.2f})"
    if ev.get("shared_entities"):
        parts.append("shares " + ", ".join(f"{e['name']} ({e['members']})" for e in ev["shared_entities"]))
    if ev.get("shared_figures"):
        parts.append(
            "figures "
            + ", ".join(f"{q['text']} ({q['measure']}: {q['agreeing']} agree)" for q in ev["shared_figures"])
        )
    return "; ".join(parts)
