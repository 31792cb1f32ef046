"""A mixed batch with hostile records, ingested by the real command: every good record is stored,
every bad one is reported with its location and reason, and nothing prints a traceback."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from reportedly.ledger.store import Ledger
from tests.test_ledger import db_url  # noqa: F401  (the SQLite/PostgreSQL fixture)

GOOD = "Officials said that the port in {place} had reopened after the storm, the ministry said."


def _warc(path, texts, cut: float | None = None) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for n, place in enumerate(texts):
        html = f"<html><body><article><p>{place}</p></article></body></html>".encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                f"https://example.org/{n}", "response", payload=io.BytesIO(html), http_headers=headers
            )
        )
    data = buf.getvalue()
    path.write_bytes(data[: int(len(data) * cut)] if cut else data)


def _batch(tmp_path) -> tuple[list[str], set[str]]:
    """The inputs, and the places whose articles must be stored."""
    good = set()

    def place(name: str) -> str:
        good.add(name)
        return GOOD.format(place=name)

    entries = [
        "<!-- nothing but a comment -->",
        "<br/>",
        "<p> </p>",
        f"&lt;p&gt;{place('Arica')}&lt;/p&gt;",
    ]
    items = "".join(
        f"<item><title>E{n}</title><link>https://feed.example/{n}</link><description>{body}</description></item>"
        for n, body in enumerate(entries)
    )
    (tmp_path / "feed.rss").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'
    )
    _warc(tmp_path / "whole.warc.gz", [place("Bari"), place("Cork")])
    # records of one size, cut at 60%: the first two are whole and must be stored
    lost = [GOOD.format(place="Faro"), GOOD.format(place="Genoa")]
    _warc(tmp_path / "cut.warc.gz", [place("Dover"), place("Essen"), *lost], cut=0.6)
    lines = [
        json.dumps({"text": place("Hilo"), "title": "NUL\x00 in title", "outlet": "O" * 300}),
        "{not json",
        json.dumps({"text": "   "}),
        json.dumps({"html": "<p>" + place("Ibiza") + "</p>", "published": "2016-05-01"}),
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "gb.txt").write_bytes((place("Jaffna") + " 官员说港口已重新开放。").encode("gb18030"))
    (tmp_path / "utf16.txt").write_bytes(place("Kandy").encode("utf-16-le"))
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "empty.txt").write_text("\n \n")
    deep = "<div>" * 300 + f"<article><p>{place('Lagos')} " * 3 + "</p></article>" + "</div>" * 300
    (tmp_path / "deep.html").write_text(f"<html><head><title>Deep</title></head><body>{deep}</body></html>")
    (tmp_path / "nul.txt").write_bytes(place("Malmo").encode() + b" The end.\x00\x00")
    return [str(tmp_path)], good


@pytest.mark.slow
def test_hostile_batch_stores_every_good_record(db_url, tmp_path):  # noqa: F811
    (tmp_path / "in").mkdir()
    inputs, good = _batch(tmp_path / "in")
    env = {**os.environ, "REPORTEDLY_DB": db_url}
    done = subprocess.run(
        [sys.executable, "-m", "reportedly.cli", "ingest", *inputs, "--workers", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    assert "Traceback" not in out
    ledger = Ledger(db_url)
    texts = [ledger.article(i).text for i in range(1, ledger.counts()["articles"] + 1) if ledger.article(i)]
    stored = {p for p in good if any(p in t for t in texts)}
    assert stored == good, (good - stored, out)
    assert ledger.counts()["articles"] == len(good)
    for bad in (
        "feed.rss#entry1: entry has no",
        "feed.rss#entry2: entry has no text",
        "feed.rss#entry3: entry has no text",
        "cut.warc.gz@",
        "feed.jsonl:2: bad JSON",
        "feed.jsonl:3: no 'text'",
        "binary.txt: looks like a binary file",
        "empty.txt",
    ):
        assert bad in out, (bad, out)
