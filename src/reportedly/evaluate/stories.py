"""`reportedly eval stories`: the ledger's stories against gold events. GOLD is a JSON list of
{"event": name, "claims": [{"url": article url, "text": claim text}, ...]}; each gold claim is
located as the stored claim of that article whose words overlap it most. Scores are over pairs
of located gold claims: recall (same-event pairs in one story), separation (different-event
pairs not in one story) and precision (of gold pairs sharing a story, those of one event)."""

from __future__ import annotations

import itertools
import json
import re
from collections import defaultdict
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from reportedly.ledger.models import Article, Claim, StoryClaim
from reportedly.ledger.store import Ledger

_WORD = re.compile(r"\w+")


class GoldError(Exception):
    pass


def read_gold(path: Path) -> list[dict]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: cannot read the gold events ({exc})") from None
    events = data.get("events") if isinstance(data, dict) else data
    if not isinstance(events, list):
        raise GoldError(f"{path}: expected a JSON list of events")
    for n, event in enumerate(events):
        if not isinstance(event, dict) or not isinstance(event.get("claims"), list):
            raise GoldError(f"{path}: event {n} has no 'claims' list")
        for m, claim in enumerate(event["claims"]):
            if not isinstance(claim, dict) or not claim.get("url") or not claim.get("text"):
                raise GoldError(f"{path}: event {event.get('event', n)!r} claim {m} needs 'url' and 'text'")
    return events


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


MIN_OVERLAP = 0.6  # share of the shorter text's words the two must have in common


def locate(session: Session, url: str, text: str) -> int | None:
    """The stored claim of the article at `url` whose words overlap `text` most (Jaccard), if
    they share at least MIN_OVERLAP of the shorter one's words; else None (not extracted)."""
    rows = session.execute(
        select(Claim.id, Claim.text).join(Article, Article.id == Claim.article_id).where(Article.url == url)
    ).all()
    gold = _words(text)
    best, score = None, 0.0
    for cid, claim_text in rows:
        words = _words(claim_text)
        if len(gold & words) < MIN_OVERLAP * min(len(gold), len(words)):
            continue
        overlap = len(gold & words) / max(1, len(gold | words))
        if overlap > score:
            best, score = cid, overlap
    return best


def evaluate(ledger: Ledger, events: list[dict]) -> dict:
    located: list[tuple[str, int, int | None]] = []  # (event, claim id, story id)
    missing = []
    with Session(ledger.engine) as s:
        for n, event in enumerate(events):
            name = str(event.get("event", n))
            for claim in event["claims"]:
                cid = locate(s, claim["url"], claim["text"])
                if cid is None:
                    missing.append({"event": name, "url": claim["url"]})
                    continue
                located.append((name, cid, None))
        stories = dict(
            s.execute(
                select(StoryClaim.claim_id, StoryClaim.story_id).where(
                    StoryClaim.claim_id.in_([c for _, c, _ in located])
                )
            ).all()
        )
    # one stored claim may state the facts of several gold events ("won Iowa, lost New Hampshire"):
    # pairs are over distinct stored claims, of one event when they share any
    events_of: dict[int, set[str]] = defaultdict(set)
    for e, c, _ in located:
        events_of[c].add(e)
    claims = sorted(events_of)
    same = same_together = diff = diff_apart = together = together_same = 0
    per_event: dict[str, dict] = defaultdict(
        lambda: {"pairs": 0, "together": 0, "claims": 0, "stories": set()}
    )
    for c in claims:
        for e in events_of[c]:
            per_event[e]["claims"] += 1
            per_event[e]["stories"].add(stories.get(c, -c))
    for c1, c2 in itertools.combinations(claims, 2):
        s1, s2 = stories.get(c1), stories.get(c2)
        joined = s1 is not None and s1 == s2
        shared = events_of[c1] & events_of[c2]
        if shared:
            same += 1
            same_together += joined
            for e in shared:
                per_event[e]["pairs"] += 1
                per_event[e]["together"] += joined
        else:
            diff += 1
            diff_apart += not joined
        if joined:
            together += 1
            together_same += bool(shared)
    table = [
        {
            "event": e,
            "claims": v["claims"],
            "stories": len(v["stories"]),
            "recall": round(100 * v["together"] / v["pairs"], 1) if v["pairs"] else None,
        }
        for e, v in per_event.items()
    ]
    return {
        "events": len(events),
        "gold_claims": sum(len(e["claims"]) for e in events),
        "located": len(located),
        "distinct_claims": len(claims),
        "missing": missing[:50],
        "same_event_pairs": same,
        "different_event_pairs": diff,
        "recall": round(100 * same_together / same, 2) if same else None,
        "separation": round(100 * diff_apart / diff, 2) if diff else None,
        "precision": round(100 * together_same / together, 2) if together else None,
        "per_event": sorted(table, key=lambda r: r["event"]),
    }
