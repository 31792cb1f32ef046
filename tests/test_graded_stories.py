"""Graded stories from real ingested text: the server's one-pass ranking, and the ClaimReview
JSON-LD and ACLED-style CSV exports."""

from __future__ import annotations

import csv
import json

import pytest

from reportedly import parse
from reportedly.fuse.match import fuse
from reportedly.fuse.reliability import Reliability
from reportedly.fuse.stories import ranked
from reportedly.ledger.export import ACLED_FIELDS, write_graded
from reportedly.ledger.ingest import ingest
from reportedly.ledger.readers import iter_records
from reportedly.ledger.store import Ledger
from reportedly.serve.ranking import rank_all
from tests.conftest import SEED
from tests.test_fusion import CORPUS
from tests.test_ledger_cli import cli


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("graded") / "ledger.sqlite")
    ledger = Ledger(db)
    ingest(iter_records([str(CORPUS), str(SEED)]), ledger, parse.load())
    fuse(ledger)
    return ledger


def test_claimreview_has_the_required_fields(ledger, tmp_path):
    out = tmp_path / "reviews.jsonld"
    n = write_graded(ledger, "claimreview", out, base_url="https://ledger.example/", min_claims=2)
    reviews = json.loads(out.read_text(encoding="utf-8"))
    assert n == len(reviews) >= 1
    for r in reviews:
        assert r["@context"] == "https://schema.org" and r["@type"] == "ClaimReview"
        assert r["url"].startswith("https://ledger.example/stories/") and r["claimReviewed"]
        assert r["author"]["name"] and r["datePublished"]
        item = r["itemReviewed"]
        assert item["@type"] == "Claim" and item["author"]["name"] and item["appearance"]
        assert all(a["@type"] == "NewsArticle" for a in item["appearance"])
        rating = r["reviewRating"]
        assert rating["alternateName"][:2] == rating["name"] and rating["ratingExplanation"]
        if "ratingValue" in rating:
            assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    # a story told by several articles lists each appearance with its outlet and date
    multi = max(reviews, key=lambda r: len(r["itemReviewed"]["appearance"]))
    assert len(multi["itemReviewed"]["appearance"]) >= 2
    assert any("publisher" in a and "datePublished" in a for a in multi["itemReviewed"]["appearance"])
    assert "datePublished" in multi["itemReviewed"]
    everything = write_graded(ledger, "claimreview", tmp_path / "all.jsonld")
    assert everything > n


def test_acled_csv_rows_are_quantities_with_their_grade(ledger, tmp_path):
    out = tmp_path / "events.csv"
    n = write_graded(ledger, "acled", out)
    with out.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        assert reader.fieldnames == ACLED_FIELDS
    assert n == len(rows) >= 2
    for row in rows:
        assert row["grade"][0] in "ABCDEF" and row["grade"][1] in "123456" and row["grade_meaning"]
        assert row["source"] and row["source_chain"] and row["notes"] and row["measure"]
        assert row["value"] or row["low"] or row["high"] or row["bound"] == "vague"
        if row["event_date"] and row["as_of_date"]:
            assert row["event_date"] <= row["as_of_date"]
    assert len({r["event_id"] for r in rows}) == len(rows)
    assert any("soldier" in r["measure"] or "troop" in r["measure"] for r in rows)


def test_export_command_formats(ledger):
    out = cli("export", "--format", "acled", db=ledger.url)
    assert out.returncode == 0 and out.stdout.startswith(",".join(ACLED_FIELDS))
    out = cli("export", "--format", "claimreview", "--min-claims", "2", db=ledger.url)
    assert out.returncode == 0 and json.loads(out.stdout)[0]["@type"] == "ClaimReview"
    assert "stories" in out.stderr


def test_one_pass_ranking_equals_ranked(ledger):
    reliability = Reliability.load()
    for min_claims in (1, 2):
        slow, fast = ranked(ledger, reliability, min_claims), rank_all(ledger, reliability, min_claims)
        assert [v.id for v in fast] == [v.id for v in slow] and fast
        for a, b in zip(fast, slow, strict=True):
            assert (a.label, a.code, a.reasons, a.independent, a.echoes) == (
                b.label,
                b.code,
                b.reasons,
                b.independent,
                b.echoes,
            )
            assert [f.id for f in a.claims] == [f.id for f in b.claims]
            assert [(c.kind, c.a.id, c.b.id) for c in a.contradictions] == [
                (c.kind, c.a.id, c.b.id) for c in b.contradictions
            ]
