"""Timelines by subject and measure (fuse/measure_timeline.py): figures of the measured variable
asked for, with claim, source and article, in time order; figures of something else, and the other
party's figures, left out. Sentences written for these behaviours; measured on PolNeAR in
benchmarks/timeline_measure.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from reportedly import parse
from reportedly.fuse.measure_timeline import Measure, Subject, TimelineQueryError, by_measure
from reportedly.ledger.ingest import ingest
from reportedly.ledger.readers import iter_records
from reportedly.ledger.store import Ledger
from tests.test_fusion import CORPUS

ARTICLES = [
    ("2016-08-01", "Poll Daily", "Clinton leads Trump by 5 points in Ohio, a new Quinnipiac poll shows."),
    ("2016-08-09", "Poll Daily", "Trump leads Clinton 44 percent to 41 percent in Iowa, a poll found."),
    ("2016-08-03", "Ledger News", "Clinton has visited 12 states in three weeks, her campaign said."),
    (
        "2016-08-20",
        "Ledger News",
        "Mrs. Clinton's lead over Mr. Trump has grown to 7 points, according to the CNN survey.",
    ),
    ("2016-08-05", "Jobs Wire", "The unemployment rate fell to 4.9 percent in July, the department said."),
    ("2016-08-06", "Jobs Wire", "Employers added 255,000 jobs in July, the Labor Department said."),
]


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    folder = tmp_path_factory.mktemp("timeline")
    feed = folder / "polls.jsonl"
    feed.write_text(
        "".join(
            json.dumps({"text": text, "published": day, "outlet": outlet, "url": f"https://example.org/{n}"})
            + "\n"
            for n, (day, outlet, text) in enumerate(ARTICLES)
        )
    )
    db = str(folder / "l.sqlite")
    ingest(iter_records([str(feed), str(CORPUS)]), Ledger(db), parse.load())
    return db


def figures(points):
    return [p.figure for p in points]


def test_subject_and_measure_select_the_subjects_figures(ledger):
    points = by_measure(Ledger(ledger), "lead", "Clinton")
    got = figures(points)
    assert "5 points" in got and any("7 points" in f for f in got)
    assert "44 percent" not in got  # Trump's figure
    assert "12" not in got and "three weeks" not in got  # figures of something else
    first = points[0]
    assert first.claim.startswith("Clinton leads Trump") and first.outlet == "Poll Daily"
    assert first.url == "https://example.org/0" and first.chain  # source chain shown with each value
    assert [p.when for p in points] == sorted(p.when for p in points)


def test_the_other_party(ledger):
    got = figures(by_measure(Ledger(ledger), "lead", "Trump"))
    assert "44 percent" in got
    assert "5 points" not in got and not any("7 points" in f for f in got)  # Clinton's leads over him


def test_measure_words_must_all_be_there(ledger):
    points = by_measure(Ledger(ledger), "unemployment rate")
    assert figures(points) == ["4.9 percent"]
    assert points[0].direction == "down" or points[0].measured
    assert figures(by_measure(Ledger(ledger), "jobs")) == ["255,000"]


def test_troops_by_date_with_direction(ledger):
    """The fusion corpus: North Korean troops in Russia, said in several ways ("soldiers", "North
    Korean", "Pyongyang"), by date, increments marked."""
    points = by_measure(Ledger(ledger), "troops", "North Korea")
    got = [(p.when, p.figure) for p in points]
    assert got[:3] == [("2024-10-10", "about 1,500"), ("2024-10-18", "3,000"), ("2024-10-25", "about 10,000")]
    assert ("2024-11-06", "12,000") in got
    increments = [p for p in points if p.role == "increment"]
    assert len(increments) >= 2 and all(p.direction == "up" and "30,000" in p.figure for p in increments)
    assert not by_measure(Ledger(ledger), "drones", "North Korea")


def test_query_parsing():
    assert "lead" in Measure.parse("lead").head and "edg" in Measure.parse("leads").head  # synonyms
    assert Measure.parse("unemployment rate").modifiers == {"unemploy"}
    assert ("clinton",) in Subject.parse("Hillary Clinton").names  # a surname alone
    with pytest.raises(TimelineQueryError, match="measure 'the'"):
        Measure.parse("the")


def test_cli(ledger):
    def cli(*args):
        return subprocess.run(
            [sys.executable, "-m", "reportedly.cli", "timeline", *args, "--db", ledger],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "COLUMNS": "250"},
        )

    out = cli("--subject", "Clinton", "--measure", "lead", "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert rows and all(r["claim"] and r["chain"] and r["article_id"] for r in rows)
    assert "5 points" in [r["figure"] for r in rows]
    out = cli("--subject", "Clinton", "--measure", "lead")
    assert out.returncode == 0 and "Poll Daily" in out.stdout
    out = cli("--subject", "Nobody", "--measure", "lead")
    assert out.returncode == 1 and "no reported figure" in out.stderr
    out = cli("--subject", "Clinton")
    assert out.returncode == 2 and "--measure" in out.stderr
