"""Fusion across reports on a corpus written for it (tests/data/fusion_corpus.jsonl): claims
that restate, echo, contradict, deny and update a troop count over dates, plus unrelated stories."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reportedly import parse
from reportedly.fuse.facts import Facts
from reportedly.fuse.match import fuse, same_proposition
from reportedly.fuse.reliability import Reliability, ReliabilityError
from reportedly.fuse.stories import story_ids, view
from reportedly.fuse.timeline import plot, series
from reportedly.ledger.ingest import ingest
from reportedly.ledger.readers import iter_records
from reportedly.ledger.store import Ledger
from tests.test_ledger import db_url  # noqa: F401 - fixture

CORPUS = Path(__file__).parent / "data" / "fusion_corpus.jsonl"


@pytest.fixture
def fused(db_url):  # noqa: F811
    ledger = Ledger(db_url)
    ingest(iter_records([str(CORPUS)]), ledger, parse.load())
    summary = fuse(ledger)
    return ledger, summary


def stories_by_outlet(ledger, reliability=None):
    views = [view(ledger, sid, reliability or Reliability()) for sid, _ in story_ids(ledger)]
    return {frozenset(f.outlet for f in v.claims): v for v in views}


def troop_story(ledger, reliability=None):
    """The story of 30,000 more North Korean troops (three outlets, all quoting HUR)."""
    return next(v for outlets, v in stories_by_outlet(ledger, reliability).items() if "Fox News" in outlets)


def test_groups(fused):
    ledger, summary = fused
    assert summary.claims == 12 and summary.new_stories == 8
    groups = set(stories_by_outlet(ledger))
    assert groups == {
        frozenset({"CNN", "Fox News", "Kyiv Post"}),  # "about 30,000 additional soldiers", paraphrased
        # 1,500, 3,000 and 10,000 troops sent are different figures for one variable: never one story
        frozenset({"Yonhap", "RIA"}),  # the Kremlin denies that soldiers were sent at all
        frozenset({"BBC"}),
        # "about 10,000 sent" and "12,000 in total" can both hold (no figure veto), but neither
        # restates the other surely enough to anchor a story (match.ANCHOR)
        frozenset({"Reuters"}),
        frozenset({"TASS"}),
        frozenset({"AP", "Ukrinform"}),
        frozenset({"Meduza"}),
        frozenset({"Kyiv Independent"}),
    }


def test_origins_tell_echo_from_corroboration(fused):
    v = troop_story(fused[0])
    assert v.independent == 1 and v.echoes == 2
    hur = v.origins["defence intelligence of ukraine hur"]
    assert sorted(f.outlet for f in hur) == ["CNN", "Fox News", "Kyiv Post"]


def test_contradictions(fused):
    by = stories_by_outlet(fused[0])
    denial = by[frozenset({"Yonhap", "RIA"})]
    assert [c.kind for c in denial.contradictions] == ["polarity"]
    assert denial.contradictions[0].b.outlet == "RIA"
    assert "denies what 1 other origin report" in denial.contradictions[0].detail
    assert not troop_story(fused[0]).contradictions


def test_grades(fused):
    ledger, _ = fused
    by = stories_by_outlet(ledger)
    troop = troop_story(ledger)
    assert troop.code == "F3"  # three reports, one origin: not corroborated
    assert by[frozenset({"Yonhap", "RIA"})].code == "F5" and any(
        "denied by 1 origin" in r for r in by[frozenset({"Yonhap", "RIA"})].reasons
    )
    assert by[frozenset({"AP", "Ukrinform"})].code == "F2"  # two outlets' own local officials
    assert by[frozenset({"Meduza"})].code == "F4"  # one hedged report
    confirmed = by[frozenset({"Kyiv Independent"})]
    assert confirmed.code == "F2" and any("confirmation" in r for r in confirmed.reasons)
    graded = troop_story(ledger, Reliability({"Pentagon": "B", "GUR": "C"}))
    assert graded.reliability == "C"


def test_quantity_timeline(fused, tmp_path):
    ledger, _ = fused
    points = series(ledger, "North Korean troops in Russia")
    got = [(p.published.date().isoformat(), p.value, p.bound, p.role) for p in points]
    assert got == [
        ("2024-10-10", 1500, "exact", "unspecified"),
        ("2024-10-18", 3000, "exact", "unspecified"),
        ("2024-10-25", 10000, "exact", "unspecified"),
        ("2024-11-05", 30000, "exact", "increment"),
        ("2024-11-05", 40000, "lower", "total"),
        ("2024-11-06", 30000, "exact", "increment"),
        ("2024-11-06", 12000, "exact", "total"),
        ("2024-11-07", 30000, "exact", "increment"),
    ]
    assert points[0].approximate and points[0].outlet == "Yonhap"
    # each point says what it measures, read from the stored analysis
    assert all(p.measured and any(w in p.measured for w in ("soldier", "troop", "number")) for p in points)
    assert {p.direction for p in points if p.role == "increment"} == {"up"}
    out = plot(points, tmp_path / "t.png", "North Korean troops in Russia")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 10_000


def test_incremental(fused, tmp_path):
    ledger, _ = fused
    before = {sid: n for sid, n in story_ids(ledger)}
    assert fuse(ledger).claims == 0
    extra = tmp_path / "more.jsonl"
    extra.write_text(
        json.dumps(
            {
                "text": "According to Ukrainian military intelligence, North Korea will send "
                "30,000 more troops to Russia.",
                "outlet": "Sky News",
                "published": "2024-11-08",
                "url": "https://news.sky.com/13",
            }
        )
        + "\n"
    )
    ingest(iter_records([str(extra)]), ledger, parse.load())
    summary = fuse(ledger)
    assert summary.claims == 1 and summary.matched == 1
    after = {sid: n for sid, n in story_ids(ledger)}
    grown = [sid for sid in after if after[sid] != before.get(sid)]
    assert len(grown) == 1 and after[grown[0]] == before[grown[0]] + 1
    assert troop_story(ledger).echoes == 3


def facts(text, entities, quantities=(), chain=(("X", "named"),)):
    return Facts(
        id=0,
        article_id=0,
        text=text,
        published=None,
        outlet=None,
        url=None,
        chain=list(chain),
        certainty="asserted",
        negative=False,
        entities=list(entities),
        quantities=[
            {
                "text": "",
                "value": v,
                "low": None,
                "high": None,
                "bound": "exact",
                "approximate": False,
                "thing": t,
                "role": "unspecified",
            }
            for v, t in quantities
        ],
    )


def test_same_proposition_needs_wording_or_structure():
    a = facts("North Korea will send 30,000 more troops", ["North Korea"], [(30000, "troop")])
    b = facts(
        "Pyongyang plans to dispatch an additional 30,000 soldiers", ["North Korea"], [(30000, "soldier")]
    )
    c = facts("The bridge collapsed", ["Zaporizhzhia"])
    assert same_proposition(a, b, 0.6)
    assert not same_proposition(a, c, 0.6)
    assert same_proposition(a, c, 0.9)
    assert not same_proposition(a, b, 0.4)


def test_reliability_table_files(tmp_path):
    good = tmp_path / "r.csv"
    good.write_text("source,grade\nCNN,b\n# comment\nHUR,C\n", encoding="utf-8")
    table = Reliability.load(good)
    assert table.grade("cnn") == "B" and table.grade("GUR") == "C" and table.grade("Nobody") == "F"
    bad = tmp_path / "bad.json"
    bad.write_text('{"CNN": "Z"}', encoding="utf-8")
    with pytest.raises(ReliabilityError, match=r"bad\.json: grade 'Z' for 'CNN'"):
        Reliability.load(bad)
    with pytest.raises(ReliabilityError, match=r"missing\.csv: cannot read"):
        Reliability.load(tmp_path / "missing.csv")


def test_cli(tmp_path):
    db = str(tmp_path / "l.sqlite")

    def cli(*args):
        return subprocess.run(
            [sys.executable, "-m", "reportedly.cli", *args, "--db", db],
            capture_output=True,
            text=True,
            timeout=300,
        )

    assert cli("ingest", str(CORPUS), "--workers", "1").returncode == 0
    out = cli("stories")
    assert out.returncode == 0 and "North Korea" in out.stdout and "Dnipro" in out.stdout
    assert "Meduza" not in out.stdout  # single-report stories hidden by default (--min-claims 2)
    listed = json.loads(cli("stories", "--json").stdout)
    story_id = next(str(s["id"]) for s in listed if "North Korea" in s["label"] and s["contradictions"])
    out = cli("story", story_id)
    assert out.returncode == 0 and "echo" in out.stdout and "contradictions" in out.stdout
    png = tmp_path / "t.png"
    out = cli("timeline", "North Korean troops in Russia", "--plot", str(png))
    assert out.returncode == 0 and "12,000" in out.stdout and png.exists()
    out = cli("story", "9999")
    assert out.returncode == 1 and "no story 9999" in out.stderr
