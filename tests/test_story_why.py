"""Why each claim joined its story (story_claims.evidence, recorded by the matcher), sources'
track records beside their reliability, and grade 1 only with independent origins; on the fusion
corpus (tests/data/fusion_corpus.jsonl)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import datetime

import numpy as np
import pytest

from reportedly import parse
from reportedly.fuse.match import fuse
from reportedly.fuse.reliability import Reliability
from reportedly.fuse.stories import as_dict, build_view, story_ids, view
from reportedly.fuse.track_record import distinct, ledger_records, track_records
from reportedly.fuse.why import explain, summary
from reportedly.ledger.ingest import ingest
from reportedly.ledger.readers import iter_records
from reportedly.ledger.store import Ledger
from tests.test_fusion import CORPUS, facts


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("why") / "l.sqlite")
    ledger = Ledger(db)
    ingest(iter_records([str(CORPUS)]), ledger, parse.load())
    fuse(ledger)
    return ledger


def troop_story(ledger):
    views = [view(ledger, sid, Reliability()) for sid, _ in story_ids(ledger)]
    return next(v for v in views if "Fox News" in {f.outlet for f in v.claims})


def test_each_claim_says_why_it_joined(ledger):
    v = troop_story(ledger)
    assert set(v.why) == {f.id for f in v.claims}  # recorded for every member
    first, *rest = sorted(v.claims, key=lambda f: f.id)
    assert v.why[first.id]["how"] == "new story" and v.why[first.id]["members"] == 0
    joined = [v.why[f.id] for f in rest if v.why[f.id]["how"] in ("joined", "moved")]
    assert joined and all(0.0 <= w["score"] <= 1.0 for w in joined)
    assert all(w["closest"]["claim_id"] in {f.id for f in v.claims} for w in joined)
    shared = {e["name"] for w in joined for e in w["shared_entities"]}
    assert "north korea" in shared or "russia" in shared
    agreeing = [q for w in joined for q in w["shared_figures"] if q["agreeing"]]
    assert any("30,000" in q["text"] for q in agreeing)  # the same figure, reported again
    out = as_dict(v)
    assert all(c["why"] == v.why[c["id"]] for c in out["claims"])
    assert "score" in summary(joined[0]) and summary(None) == ""


def test_explain_without_members():
    f = facts("North Korea sent 30,000 troops", ["North Korea"], [(30000, "troop")])
    assert explain(f, np.ones(3), [], 1.0, "new story") == {"how": "new story", "score": 1.0, "members": 0}
    with pytest.raises(ValueError, match="how='guessed'"):
        explain(f, np.ones(3), [], 1.0, "guessed")


def test_track_records(ledger):
    table = Reliability({"Pentagon": "B"})
    records = ledger_records(ledger, table)
    assert {r.name: r for r in records.values()}["Pentagon"].reliability == "B"  # the table's letter
    views = [view(ledger, sid, table) for sid, _ in story_ids(ledger)]
    assert sum(r.stories for r in records.values()) == sum(v.independent for v in views)
    for v in views:
        for c in v.contradictions:  # both parties of every contradiction have it on record
            for side in (c.a, c.b):
                origin = next(o for o, items in v.origins.items() if side in items)
                assert records[origin].contradicted >= 1
        if v.independent == 1:
            (origin,) = v.origins
            assert v.id in records[origin].story_ids
    lone = next(r for r in records.values() if "satellite images" in r.origin)
    assert lone.stories == 1 and lone.corroborated == 0 and "0 of 1 story" in lone.summary


def said(name: str, text: str, n: int, day: int, quantities=()) -> object:
    f = facts(text, [], quantities, chain=[(name, "named")])
    return replace(f, id=n, article_id=n, published=datetime(2024, 11, day))


def test_track_record_counts_later_corroboration_and_contradictions():
    a = said("A", "A said the bridge fell", 1, 2)
    b = said("B", "B said the bridge fell", 2, 5)
    records = track_records([build_view(1, "bridge", [a, b], {}, Reliability())], Reliability())
    assert records["a"].corroborated == 1  # B reported it after A
    assert records["b"].corroborated == 0  # nobody reported it after B
    c = said("C", "C said 12,000 troops arrived", 3, 6, [(12000, "troop")])
    d = said("D", "D said 40,000 troops arrived", 4, 6, [(40000, "troop")])
    records = track_records([build_view(2, "troops", [c, d], {}, Reliability())], Reliability())
    assert records["c"].contradicted == records["d"].contradicted == 1
    assert records["c"].summary == "corroborated in 1 of 1 story, contradicted in 1"


def test_a_record_is_named_and_graded_as_the_reports_name_its_origin():
    # the outlet's own restatement comes first and echoes the named source: the record is still
    # the source's, under the name a report gives it, with the table's letter for that source
    own = replace(facts("The bridge fell", [], chain=[]), id=1, article_id=1, outlet="daily")
    named = said("Ministry of Transport spokesman Jan Novak", "The bridge fell", 2, 3)
    table = Reliability({"Jan Novak": "B", "daily": "E"})
    records = track_records([build_view(1, "bridge", [own, named], {}, table)], table)
    (record,) = distinct(records)
    assert record.name == "Ministry of Transport spokesman Jan Novak" and record.reliability == "B"


def test_a_surname_counts_for_its_dominant_full_name():
    said_by = ["Hillary Clinton", "Clinton", "Bush", "Jeb Bush", "George W. Bush", "Hillary Clinton"]
    said_by.append("Bill Clinton")  # 1 story against Hillary Clinton's 2: short of 3/4, kept apart
    views = [
        build_view(n, name, [said(name, f"{name} said thing {n}", n, 2)], {}, Reliability())
        for n, name in enumerate(said_by, 1)
    ]
    records = track_records(views, Reliability())
    assert records["clinton"].stories == 1 and records["hillary clinton"].stories == 2
    records = track_records(views[:-1], Reliability())  # without Bill Clinton
    assert records["clinton"] is records["hillary clinton"] and records["clinton"].stories == 3
    assert records["hillary clinton"].story_ids == [1, 2, 6]
    assert records["bush"].stories == 1  # Jeb and George W. Bush: kept apart
    assert len(distinct(records)) == 4  # hillary clinton, bush, jeb bush, george bush


def test_stories_rank_by_origins_that_surely_restate_them():
    from reportedly.fuse.stories import rank_key

    def story(n, *joins, text="the Kerch bridge fell"):
        claims = [
            replace(
                said(f"S{n}{k}", f"{text} on day {k}", 10 * n + k, 2 + k),
                entities=["Kerch"] if "Kerch" in text else [],
            )
            for k in range(len(joins))
        ]
        v = build_view(n, "bridge", claims, {}, Reliability())
        v.why = {f.id: why for f, why in zip(claims, joins, strict=True)}
        return v

    seed = {"how": "new story", "score": 1.0}
    loose = story(1, seed, {"how": "joined", "score": 0.3}, {"how": "moved", "score": 0.4})
    firm = story(2, seed, {"how": "joined", "score": 0.7})
    assert (loose.independent, loose.firm_origins) == (3, 1) and (firm.independent, firm.firm_origins) == (
        2,
        2,
    )
    assert [v.id for v in sorted([loose, firm], key=rank_key)] == [2, 1]
    # at one firm origin, fewer loose claims first: more loose origins are not more support
    assert loose.loose == 2 and firm.loose == 0
    alone = story(6, seed)
    assert [v.id for v in sorted([loose, alone], key=rank_key)] == [6, 1]
    unknown = story(3, None, None)  # fused before evidence was stored: every claim counts
    assert unknown.firm_origins == 2
    # claims that do not say what they are about give no firm origin, however surely they match
    assert story(4, seed, {"how": "joined", "score": 0.9}, text="it fell").firm_origins == 0
    assert story(5, seed, seed, text="They said the Kerch bridge fell").firm_origins == 0


def test_a_grounded_claim_names_a_participant_or_figure_and_opens_with_no_pronoun():
    named = facts("Hillary Clinton used a private email server", ["Hillary Clinton"], [])
    assert named.grounded
    assert not replace(named, text="But she used a private email server").grounded
    assert not replace(named, text="“His temperament is dangerous,” Clinton said").grounded
    assert not facts("they might vote for him", [], []).grounded
    assert not facts("the economy will grow", [], []).grounded
    assert facts("Wall Street helps the economy", [], []).grounded  # a name the recogniser missed
    assert facts("30,000 more soldiers will go", [], [(30000, "soldier")]).grounded
    assert replace(named, text="The Clinton campaign said the server was secure").grounded
    assert not replace(named, text="Did Hillary Clinton use a private server", certainty="uncertain").grounded
    assert not replace(named, text="how Hillary Clinton used a private email server").grounded
    assert not replace(named, text="to lead Clinton's fight against the server story").grounded
    assert not replace(named, text="Hillary Clinton's use of a private email server", finite=False).grounded


def test_grade_one_needs_independent_origins():
    """One origin echoed by many outlets, even with a reported confirmation, is never grade 1."""
    conf = [{"kind": "confirmation", "source": {"name": "Kyiv"}}]
    echoes = [
        replace(facts("HUR said 50 launchers moved", ["HUR"], chain=[("HUR", "named")]), id=n, article_id=n)
        for n in range(1, 5)
    ]
    echoes[0].confirmations = conf
    one = build_view(1, "launchers", echoes, {}, Reliability())
    assert one.independent == 1 and one.credibility != 1
    names = ("HUR", "Pentagon", "NATO")
    three = [
        replace(f, chain=[(name, "named")], text=f"{name} says the launchers moved")
        for f, name in zip(echoes, names, strict=False)
    ]
    assert build_view(2, "launchers", three, {}, Reliability()).credibility == 1


def test_cli(ledger):
    def cli(*args):
        return subprocess.run(
            [sys.executable, "-m", "reportedly.cli", *args, "--db", str(ledger.engine.url.database)],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "COLUMNS": "250"},
        )

    out = cli("track-record", "--min-stories", "1", "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert rows and all({"reliability", "stories", "corroborated", "contradicted"} <= set(r) for r in rows)
    out = cli("track-record", "pentagon", "--min-stories", "1")
    assert out.returncode == 0 and "Pentagon" in out.stdout
    out = cli("track-record", "nobody at all", "--min-stories", "1")
    assert out.returncode == 1
    story = json.loads(cli("stories", "--json").stdout)
    assert any(c["why"] for s in story for c in s["claims"]) and any(s["origin_records"] for s in story)
    for s in story:  # whose reports each story holds
        assert s["outlets"] == sorted({c["outlet"] for c in s["claims"]}) and s["articles"] >= 1
    table = cli("stories").stdout
    assert "outlets" in table and f"│ {len(story[0]['outlets'])} " in table
    sid = story[0]["id"]
    out = cli("story", str(sid))
    assert out.returncode == 0 and "why matched" in out.stdout and "corroborated in" not in out.stdout
    out = cli("story", str(sid), "--track-record")
    assert out.returncode == 0 and "corroborated in" in out.stdout


def test_ledgers_fused_before_0006(ledger, tmp_path):
    """Migration 0006 adds the column to an existing ledger; claims fused before it have no
    evidence, and their stories still show (without it)."""
    from importlib import resources

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect

    old = tmp_path / "old.sqlite"
    with sqlite3.connect(ledger.engine.url.database) as src, sqlite3.connect(old) as dst:
        src.backup(dst)  # the write-ahead log included
    copy = Ledger(str(old))
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("reportedly.ledger").joinpath("migrations")))
    with copy.writer.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005")
    assert "evidence" not in {c["name"] for c in inspect(copy.engine).get_columns("story_claims")}
    copy.engine.dispose()
    reopened = Ledger(str(old))  # upgrades to head
    assert "evidence" in {c["name"] for c in inspect(reopened.engine).get_columns("story_claims")}
    v = troop_story(reopened)
    assert v.why == {} and all(c["why"] is None for c in as_dict(v)["claims"])
