"""The ledger on real databases: a SQLite file, and PostgreSQL when REPORTEDLY_TEST_PG_URL
points at a server (`.ci/run` starts one; in CI its absence is a failure, not a skip)."""

from __future__ import annotations

import gzip
import io
import json
import os
from datetime import datetime

import pytest
from sqlalchemy import create_engine, text

from reportedly import parse
from reportedly.ledger.ingest import content_hash, ingest
from reportedly.ledger.readers import iter_records, parse_date
from reportedly.ledger.store import Ledger, LedgerError, database_url
from tests.conftest import SEED, SHARED

PG_URL = os.environ.get("REPORTEDLY_TEST_PG_URL")
DEV_TEXTS = sorted((SHARED / "data" / "polnear" / "dev" / "text").glob("*.txt"))[:4]

ARTICLES = [
    {
        "text": "The ministry said that 300 troops had arrived in Kursk. Officials did not comment.",
        "url": "https://www.bbc.co.uk/news/a1",
        "published": "2024-10-02",
        "title": "Troops arrive",
    },
    {
        "text": "According to Ukrainian intelligence, North Korean soldiers joined the assault.",
        "url": "https://edition.cnn.com/a2",
        "published": "2024-11-15T10:00:00Z",
        "outlet": "CNN",
    },
    {
        "text": "HUR said that about 12,000 North Korean troops were in Russia.",
        "url": "https://kyivindependent.com/a3",
        "published": "2024-09-20",
    },
]


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "ledger.sqlite")
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("REPORTEDLY_TEST_PG_URL is not set: .ci/run should start PostgreSQL")
        pytest.skip("no PostgreSQL server (set REPORTEDLY_TEST_PG_URL)")
    engine = create_engine(database_url(PG_URL))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return PG_URL


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    for p in DEV_TEXTS:
        (folder / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    lines = [json.dumps(a) for a in ARTICLES]
    lines.insert(1, "{not json")
    lines.append(json.dumps({"title": "no text here"}))
    (folder / "feed.jsonl").write_bytes(("\n".join(lines) + "\n").encode() + b'{"text": "\xff\xfe bad"}\n')
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary" * 50)
    return folder


def run_ingest(db_url, paths, n_process=1):
    ledger = Ledger(db_url)
    summary = ingest(iter_records([str(p) for p in paths]), ledger, parse.load(), n_process=n_process)
    return ledger, summary


def test_ingest_counts_bad_records_and_is_idempotent(db_url, corpus):
    ledger, summary = run_ingest(db_url, [corpus])
    assert summary.stored == 1 + len(DEV_TEXTS) + len(ARTICLES)
    bad = {loc.rsplit("/", 1)[-1]: why for loc, why in summary.errors}
    assert set(bad) == {"broken.txt", "feed.jsonl:2", "feed.jsonl:5", "feed.jsonl:6"}
    assert "binary" in bad["broken.txt"] and "bad JSON" in bad["feed.jsonl:2"]
    counts = ledger.counts()
    assert counts["articles"] == summary.stored and counts["claims"] == summary.claims > 20
    _, again = run_ingest(db_url, [corpus])
    assert again.stored == 0 and again.duplicates == summary.stored
    assert Ledger(db_url).counts() == counts


def test_resume_stores_only_the_rest(db_url, corpus):
    first = [corpus / "seed.txt"]
    _, s1 = run_ingest(db_url, first)
    assert s1.stored == 1
    ledger, s2 = run_ingest(db_url, [corpus])
    assert s2.duplicates == 1 and s2.stored == len(DEV_TEXTS) + len(ARTICLES)
    assert ledger.counts()["articles"] == 1 + len(DEV_TEXTS) + len(ARTICLES)


def test_two_processes(db_url, corpus):
    ledger, summary = run_ingest(db_url, [corpus], n_process=2)
    assert summary.stored == 1 + len(DEV_TEXTS) + len(ARTICLES)
    assert ledger.counts()["articles"] == summary.stored


def test_queries(db_url, corpus):
    ledger, _ = run_ingest(db_url, [corpus])
    rows = ledger.claims(about="North Korean troops")
    assert rows and all("korean" in r.text.lower() and "troop" in r.text.lower() for r in rows)
    cnn = ledger.claims(source="CNN")
    assert cnn and all("CNN" in r.chain for r in cnn)
    # aliases: GUR is the same source as "the Ukrainian Defense Intelligence Administration"
    gur = ledger.claims(source="GUR")
    assert {r.chain for r in gur} >= {"CNN <- Defence Intelligence of Ukraine (HUR)"}
    dated = ledger.claims(since=datetime(2024, 10, 1))
    assert dated and all(r.published >= datetime(2024, 10, 1) for r in dated)
    assert [r.published for r in dated] == sorted((r.published for r in dated), reverse=True)
    assert all(r.outlet == "CNN" for r in ledger.claims(outlet="cnn"))
    both = ledger.claims(about="soldiers", source="Ukrainian intelligence", since=datetime(2024, 10, 1))
    assert [r.url for r in both] == ["https://edition.cnn.com/a2"]
    q = both[0]
    assert q.published == datetime(2024, 11, 15, 10, 0)


def test_quantities_stored(db_url, corpus):
    ledger, _ = run_ingest(db_url, [corpus])
    (row,) = ledger.claims(about="12,000")
    (q,) = row.quantities
    assert (q["value"], q["approximate"], q["thing"]) == (12000, True, "troop")


def test_source_report(db_url, corpus):
    ledger, _ = run_ingest(db_url, [corpus])
    matches, rows = ledger.source_report("HUR")
    assert matches[0][0] == "Defence Intelligence of Ukraine (HUR)" and matches[0][2] >= 2
    assert any(cue == "disclosed" and pos == 1 for _r, pos, cue in rows)


@pytest.mark.parametrize("hostile", ['"NEAR(" OR *', "'; DROP TABLE claims; --", "%_\\", ""])
def test_hostile_query_text(db_url, corpus, hostile):
    ledger, _ = run_ingest(db_url, [corpus / "feed.jsonl"])
    assert isinstance(ledger.claims(about=hostile), list)
    assert ledger.claims(source=hostile) == [] or hostile == ""
    assert ledger.counts()["claims"] > 0


def test_export_roundtrip(db_url, corpus, tmp_path):
    import pyarrow.parquet as pq

    from reportedly.ledger.export import write_export

    ledger, summary = run_ingest(db_url, [corpus])
    out = tmp_path / "c.parquet"
    assert write_export(ledger.iter_export(batch=7), "parquet", out) == summary.claims
    table = pq.read_table(out)
    assert table.num_rows == summary.claims
    assert set(table.column_names) >= {"text", "chain", "sources", "quantities", "published"}
    records = list(ledger.iter_export())
    assert len({r["claim_id"] for r in records}) == summary.claims


def test_unreachable_database_is_a_clear_error():
    with pytest.raises(LedgerError, match=r"postgresql\+psycopg://u:\*\*\*@127.0.0.1:1/x: cannot open"):
        Ledger("postgresql://u:secret@127.0.0.1:1/x")


def test_readers_feed_and_warc(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rss = tmp_path / "f.rss"
    rss.write_text(
        """<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>
        <item><title>One</title><link>https://example.com/1</link>
        <pubDate>Tue, 05 Nov 2024 08:00:00 GMT</pubDate>
        <description>&lt;p&gt;Officials said that the port had reopened after the storm.&lt;/p&gt;
        </description></item>
        <item><title>Empty</title><link>https://example.com/2</link></item></channel></rss>""",
        encoding="utf-8",
    )
    warc = tmp_path / "c.warc.gz"
    with open(warc, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        html = (
            b"<html><head><title>Port</title></head><body><article><p>The mayor said that the "
            b"port would reopen on Monday after repairs to the main pier were finished.</p>"
            b"</article></body></html>"
        )
        headers = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(html)))],
            protocol="HTTP/1.1",
        )
        writer.write_record(
            writer.create_warc_record(
                "https://example.org/port",
                "response",
                payload=io.BytesIO(html),
                length=len(html),
                http_headers=headers,
            )
        )
    (tmp_path / "junk.warc.gz").write_bytes(gzip.compress(b"this is not a warc"))
    records = list(iter_records([str(rss), str(warc), str(tmp_path / "junk.warc.gz")]))
    ok = [r for r in records if r.error is None]
    bad = [r for r in records if r.error]
    assert [r.meta.url for r in ok] == ["https://example.com/1", "https://example.org/port"]
    assert ok[0].meta.outlet == "Example Wire" and ok[0].meta.published == datetime(2024, 11, 5, 8)
    assert "port had reopened" in ok[0].raw.text and "main pier" in ok[1].raw.text
    assert any("no content" in r.error for r in bad) and any("junk" in r.location for r in bad)


def test_parse_date_and_hash():
    assert parse_date("2024-10-02") == datetime(2024, 10, 2)
    assert parse_date("Tue, 05 Nov 2024 08:00:00 GMT") == datetime(2024, 11, 5, 8)
    assert parse_date("2024-11-15T12:00:00+02:00") == datetime(2024, 11, 15, 10)
    assert parse_date("yesterday") is None
    assert content_hash("a  b\nc") == content_hash("a b c") != content_hash("a b d")


def test_newest_first_with_bounds_and_pages(db_url, tmp_path):
    """Full-text and source queries walk time-ordered indexes: check order, bounds and paging
    across more matches than one index chunk."""
    from reportedly.ledger import store

    rows = [
        {
            "text": f"Officials said that {100 + i} soldiers arrived in Kursk.",
            "published": f"2024-{1 + i % 12:02d}-{1 + i % 27:02d}T{i % 24:02d}:00:00",
            "url": f"https://example.com/{i}",
            "outlet": "Wire",
        }
        for i in range(60)
    ]
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    ledger, summary = run_ingest(db_url, [path])
    assert summary.stored == 60
    everything = ledger.claims(about="soldiers arrived", limit=100)
    assert len(everything) == 60
    stamps = [r.published for r in everything]
    assert stamps == sorted(stamps, reverse=True)
    original = store.Ledger._newest_matching.__defaults__
    store.Ledger._newest_matching.__defaults__ = (7,)  # tiny chunks: force several index reads
    try:
        paged = [r.id for k in range(6) for r in ledger.claims(about="soldiers", limit=10, offset=10 * k)]
    finally:
        store.Ledger._newest_matching.__defaults__ = original
    assert paged == [r.id for r in everything]
    window = ledger.claims(about="soldiers", since=datetime(2024, 3, 1), until=datetime(2024, 5, 31))
    assert window and all(datetime(2024, 3, 1) <= r.published <= datetime(2024, 5, 31) for r in window)
    assert len(window) == sum(
        1 for r in everything if datetime(2024, 3, 1) <= r.published <= datetime(2024, 5, 31)
    )
    by_source = ledger.claims(source="officials", since=datetime(2024, 6, 1), limit=100)
    assert [r.published for r in by_source] == sorted(
        (r.published for r in everything if r.published >= datetime(2024, 6, 1)), reverse=True
    )


def test_entity_filter_uses_aliases(db_url, tmp_path):
    path = tmp_path / "e.jsonl"
    path.write_text(
        "\n".join(
            json.dumps({"text": t, "published": "2024-11-0" + str(i + 1)})
            for i, t in enumerate(
                [
                    "Officials said that Pyongyang sent 3,000 troops to the front.",
                    "Analysts said that the DPRK test-fired a missile on Monday.",
                    "Officials said that Seoul summoned the ambassador.",
                ]
            )
        )
        + "\n",
        encoding="utf-8",
    )
    ledger, _ = run_ingest(db_url, [path])
    found = ledger.claims(entity="North Korea")
    assert sorted(r.text for r in found) == [
        "Pyongyang sent 3,000 troops to the front",
        "the DPRK test-fired a missile on Monday",
    ]
    assert [r.text for r in ledger.claims(entity="North Korea", about="troops")] == [
        "Pyongyang sent 3,000 troops to the front"
    ]
    assert ledger.claims(entity="Nowhere Land") == []
