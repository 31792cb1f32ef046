"""A source's track record in the ledger, shown beside its reliability letter: in how many stories
it is an origin, in how many of them an independent origin reported the same at the same time or
later (corroborated), and in how many another origin contradicted it (figures or a denial). The
letter itself still comes from the editable table (fuse/reliability.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from reportedly.fuse.origins import graded_name, origin_name
from reportedly.fuse.reliability import Reliability
from reportedly.fuse.stories import StoryView, opposes
from reportedly.ledger.store import Ledger

DOMINANT = 0.75  # share of a surname's full-name stories that one full name needs to take it


@dataclass
class TrackRecord:
    origin: str  # the canonical origin key (fuse/origins.py)
    name: str  # as a report names it
    reliability: str  # A-F from the editable table
    stories: int = 0
    corroborated: int = 0
    contradicted: int = 0
    story_ids: list[int] = field(default_factory=list)

    @property
    def summary(self) -> str:
        if not self.stories:
            return "no story yet"
        return (
            f"corroborated in {self.corroborated} of {self.stories} stor{'ies' if self.stories != 1 else 'y'}"
            f", contradicted in {self.contradicted}"
        )

    def as_dict(self) -> dict:
        return asdict(self) | {"summary": self.summary}


def track_records(views: Iterable[StoryView], reliability: Reliability) -> dict[str, TrackRecord]:
    """Every origin's record over these stories (pass every story of the ledger)."""
    out: dict[str, TrackRecord] = {}
    for v in views:
        disputed = {o for c in v.contradictions for o in (_origin(v, c.a.id), _origin(v, c.b.id))}
        supporting = {o: items for o, items in v.origins.items() if not all(opposes(f) for f in items)}
        for origin, items in v.origins.items():
            rec = out.get(origin)
            if rec is None:  # named and graded by the first story it is an origin of
                letter = reliability.grade(graded_name(origin, items))
                rec = out[origin] = TrackRecord(origin, origin_name(origin, items), letter)
            rec.stories += 1
            rec.story_ids.append(v.id)
            first = min((f.published for f in items if f.published), default=None)
            if origin in supporting and any(
                first is None or any(g.published is None or g.published >= first for g in others)
                for other, others in supporting.items()
                if other != origin
            ):
                rec.corroborated += 1
            if origin in disputed:
                rec.contradicted += 1
    return _fold_surnames(out)


def _fold_surnames(records: dict[str, TrackRecord]) -> dict[str, TrackRecord]:
    """A bare surname ("clinton") counts for the full name ending in it ("hillary clinton") that has
    at least DOMINANT of the stories of all such names, as origins.py folds them within a story;
    kept apart otherwise ("bush": George W. and Jeb). The surname stays a key of the merged
    record, so a story's origins all find theirs."""
    full: dict[str, list[str]] = {}
    for key in records:
        words = key.split()
        if 2 <= len(words) <= 3 and " @ " not in key:
            full.setdefault(words[-1], []).append(key)
    for key in [k for k in records if " " not in k and k in full]:
        names = sorted(full[key], key=lambda k: -records[k].stories)
        if records[names[0]].stories < DOMINANT * sum(records[k].stories for k in names):
            continue
        short, into = records.pop(key), records[names[0]]
        into.stories += short.stories
        into.corroborated += short.corroborated
        into.contradicted += short.contradicted
        into.story_ids = sorted(set(into.story_ids) | set(short.story_ids))
        records[key] = into
    return records


def distinct(records: dict[str, TrackRecord]) -> list[TrackRecord]:
    """Each record once (a surname key shares its full name's record)."""
    return list({id(r): r for r in records.values()}.values())


def _origin(v: StoryView, claim_id: int) -> str | None:
    return next((o for o, items in v.origins.items() if any(f.id == claim_id for f in items)), None)


def ledger_records(ledger: Ledger, reliability: Reliability) -> dict[str, TrackRecord]:
    """Every origin's record over every story of the ledger (one batched pass)."""
    from reportedly.serve.ranking import rank_all

    return track_records(rank_all(ledger, reliability), reliability)
