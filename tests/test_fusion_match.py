"""Story membership: average link over the story, figure veto, bounded span, repeats within one
article merged first, and a claim moved when a story that fits it better appears."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta

from reportedly import parse
from reportedly.fuse import embed, match
from reportedly.fuse.facts import facts_of_texts
from reportedly.fuse.match import Index, best_story, fuse, story_fit
from reportedly.fuse.reliability import Reliability
from reportedly.fuse.stories import story_ids, view
from reportedly.ledger.ingest import ingest
from reportedly.ledger.readers import iter_records
from reportedly.ledger.store import Ledger

DAY = datetime(2016, 6, 13)
ORLANDO = [
    "A gunman killed 49 people at a gay nightclub in Orlando early on Sunday, police said.",
    "Police said a gunman killed 49 people at an Orlando gay nightclub on Sunday.",
    "The attack at the Orlando nightclub left 49 people dead, according to police.",
]


def indexed(texts, published=DAY):
    facts = facts_of_texts(texts)
    vectors = embed.encode(texts)
    index = Index()
    for n, (f, v) in enumerate(zip(facts, vectors, strict=True)):
        index.add(replace(f, id=n, article_id=n, published=published), v, story_id=1)
    return index


def test_a_claim_joins_the_story_as_a_whole_and_figures_veto():
    index = indexed(ORLANDO)
    new = facts_of_texts(
        ["Police said 49 people were killed by a gunman at an Orlando nightclub on Sunday."]
    )[0]
    new = replace(new, id=99, article_id=99, published=DAY + timedelta(days=1))
    vector = embed.encode([new.text])[0]
    sid, fit = best_story(index, new, vector)
    assert sid == 1 and fit >= match.verify.load().threshold
    wrong = replace(new, text=new.text.replace("49", "20"), quantities=[])
    wrong = facts_of_texts([wrong.text])[0]
    wrong = replace(wrong, id=98, article_id=98, published=DAY)
    assert story_fit(index, wrong, embed.encode([wrong.text])[0], 1) == -1.0  # 20 vs 49 people
    late = replace(new, published=DAY + match.STORY_SPAN + timedelta(days=1))
    assert story_fit(index, late, vector, 1) == -1.0  # beyond the story's span


def test_a_story_needs_a_member_the_claim_resembles_closely(monkeypatch):
    index = indexed(ORLANDO)
    new = facts_of_texts(
        ["Police said 49 people were killed by a gunman at an Orlando nightclub on Sunday."]
    )[0]
    new = replace(new, id=99, article_id=99, published=DAY)
    vector = embed.encode([new.text])[0]
    closest = max(float(v @ vector) for v in index.vectors)
    assert match.JOIN_COSINE is not None and closest >= match.JOIN_COSINE
    assert story_fit(index, new, vector, 1) > 0
    monkeypatch.setattr(match, "JOIN_COSINE", closest + 0.01)  # no member that close: no story
    assert story_fit(index, new, vector, 1) == -1.0 and best_story(index, new, vector)[0] is None


def test_unrelated_claim_starts_its_own_story():
    index = indexed(ORLANDO)
    other = facts_of_texts(["The Senate voted on Tuesday to confirm the new secretary of the Army."])[0]
    other = replace(other, id=50, article_id=50, published=DAY)
    assert best_story(index, other, embed.encode([other.text])[0])[0] is None


def test_repeated_claim_in_one_article_is_merged_first(tmp_path):
    path = tmp_path / "a.jsonl"
    text = (
        "Police said that a gunman killed 49 people at the Orlando nightclub. "
        "The mayor said that a gunman killed 49 people at the Orlando nightclub."
    )
    path.write_text(json.dumps({"text": text, "url": "x:1", "published": "2016-06-13"}) + "\n")
    ledger = Ledger(str(tmp_path / "l.sqlite"))
    ingest(iter_records([str(path)]), ledger, parse.load())
    summary = fuse(ledger)
    # extraction already stores the repeated text once (with the best chain); what reaches fusion
    # is one claim in one story, never two stories or a self-corroboration
    assert summary.claims + summary.merged_repeats == summary.claims == 1 and summary.new_stories == 1
    ((sid, n),) = story_ids(ledger)
    assert n == 1 and view(ledger, sid, Reliability()) is not None


def test_entity_sets_agree_with_the_participant_rules():
    from itertools import product

    from reportedly.fuse.verify import entity_overlap

    names = [
        [],
        ["Hillary Clinton"],
        ["Clinton", "FBI"],
        ["European Union"],
        ["EU", "Russia"],
        ["Russian", "Bill Clinton", "Federal Bureau of Investigation"],
        ["James Comey", "F.B.I."],
    ]
    for x, y in product(names, repeat=2):
        a, b = (replace(facts_of_texts(["x"])[0], entities=e) for e in (x, y))
        shared, only_a, only_b = _shared(a.entity_keys(), b.entity_keys())
        assert entity_overlap(a, b) == (len(shared), len(only_a), len(only_b)), (x, y)


def test_pairs_are_judged_once_per_index():
    index = indexed(ORLANDO)
    new = replace(facts_of_texts([ORLANDO[0]])[0], id=77, article_id=77, published=DAY)
    vector = embed.encode([new.text])[0]
    first = story_fit(index, new, vector, 1)
    assert len(index.judged) == len(ORLANDO)
    index.judged = {k: 0.625 for k in index.judged}  # a second fit reads the judged pairs, not the model
    assert first > 0.5 and story_fit(index, new, vector, 1) == 0.625


def _same_entity(x: str, y: str) -> bool:
    """The participant rule spelled out pair by pair (the oracle for entity_overlap): equal, a
    shared name word, or one the initials of the other."""
    if x == y:
        return True
    wx, wy = set(x.split()), set(y.split())
    if wx & wy:
        return True
    initials = lambda words: "".join(w[0] for w in words.split() if w)  # noqa: E731
    return (len(wx) > 1 and initials(x) == y) or (len(wy) > 1 and initials(y) == x)


def _shared(a: set[str], b: set[str]) -> tuple[set[str], set[str], set[str]]:
    only_a = {x for x in a if not any(_same_entity(x, y) for y in b)}
    only_b = {y for y in b if not any(_same_entity(x, y) for x in a)}
    return a - only_a, only_a, only_b


def test_a_claim_is_judged_again_only_when_its_neighbourhood_changed():
    index = indexed(ORLANDO)
    assert match._unchanged(index, 2, [0, 1])  # placed last, nothing after it
    assert not match._unchanged(index, 1, [0, 2])  # a neighbour stored after it
    assert not match._unchanged(index, 0, [])  # its own story grew after it
    late = facts_of_texts(["The Senate voted on Tuesday to confirm the new secretary of the Army."])[0]
    index.add(replace(late, id=9, article_id=9, published=DAY), embed.encode([late.text])[0], story_id=1)
    assert not match._unchanged(index, 2, [0, 1])  # its story got a member since
    index.add(replace(late, id=10, article_id=10, published=DAY), embed.encode([late.text])[0], story_id=7)
    index.move(4, 1)
    assert not match._unchanged(index, 3, [0])  # a move changes both stories


def test_vectors_stored_in_the_ledger_are_not_encoded_again(tmp_path, monkeypatch):
    from sqlalchemy import delete, select
    from sqlalchemy.orm import Session

    from reportedly.ledger.models import ClaimVector, Story, StoryClaim

    path = tmp_path / "a.jsonl"
    rows = [
        {"text": f"{text} More follows.", "url": f"x:{n}", "published": "2016-06-13"}
        for n, text in enumerate(ORLANDO)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    ledger = Ledger(str(tmp_path / "l.sqlite"))
    ingest(iter_records([str(path)]), ledger, parse.load())
    first = fuse(ledger)
    before = sorted(n for _, n in story_ids(ledger))
    with Session(ledger.engine) as s, s.begin():
        kept = dict(s.execute(select(ClaimVector.claim_id, ClaimVector.vector)).all())
        s.execute(delete(StoryClaim))
        s.execute(delete(Story))
    encoded: list[str] = []
    real = embed.encode
    monkeypatch.setattr(embed, "encode", lambda texts, **kw: encoded.extend(texts) or real(texts, **kw))
    again = fuse(ledger)
    assert first.claims == again.claims >= 3 and not encoded
    assert sorted(n for _, n in story_ids(ledger)) == before
    with Session(ledger.engine) as s:
        assert dict(s.execute(select(ClaimVector.claim_id, ClaimVector.vector)).all()) == kept
