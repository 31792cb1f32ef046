"""Ledger commands as a user runs them, and crash safety: a killed ingest leaves only whole
articles, and a re-run completes the ledger with every article exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reportedly.ledger.models import Article, Claim
from reportedly.ledger.store import Ledger
from tests.conftest import SHARED
from tests.test_ledger import ARTICLES, db_url  # noqa: F401 - fixture

DEV = sorted((SHARED / "data" / "polnear" / "dev" / "text").glob("*.txt"))


def cli(*args: str, db: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reportedly.cli", *args, "--db", db],
        capture_output=True,
        timeout=600,
        text=True,
    )


@pytest.fixture
def jsonl(tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\nnot json\n", encoding="utf-8")
    return path


def test_ingest_query_export_commands(db_url, jsonl, tmp_path):  # noqa: F811
    out = cli("ingest", str(jsonl), "--workers", "1", db=db_url)
    assert out.returncode == 0, out.stderr
    assert "3 articles stored" in out.stdout and "1 bad and skipped" in out.stdout
    assert "articles.jsonl:4: bad JSON" in out.stderr
    out = cli("ingest", str(jsonl), db=db_url)
    assert "0 articles stored" in out.stdout and "3 already stored" in out.stdout

    out = cli("claims", "--about", "troops", "--json", db=db_url)
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert rows and all("troops" in r["text"] for r in rows)
    out = cli("claims", "--source", "CNN", "--since", "2024-10-01", db=db_url)
    assert out.returncode == 0
    out = cli("claims", "--since", "last tuesday", db=db_url)
    assert out.returncode == 2 and "not a date" in out.stderr

    out = cli("sources", "HUR", db=db_url)
    assert out.returncode == 0 and "Defence Intelligence of Ukraine (HUR)" in out.stdout
    out = cli("sources", "Nobody At All", db=db_url)
    assert out.returncode == 1 and "no source matching" in out.stderr

    total = Ledger(db_url).counts()["claims"]
    out = cli("export", "--format", "jsonl", db=db_url)
    assert len(out.stdout.splitlines()) == total
    out = cli("export", "--format", "csv", db=db_url)
    assert len(out.stdout.strip().splitlines()) == total + 1
    target = tmp_path / "claims.parquet"
    out = cli("export", "--format", "parquet", "--output", str(target), db=db_url)
    assert pq.read_table(target).num_rows == total
    out = cli("export", "--format", "xml", db=db_url)
    assert out.returncode == 2 and "choose one of" in out.stderr


def test_bad_database_url_is_one_line(tmp_path):
    out = cli("claims", db="postgresql://nobody:pw@127.0.0.1:1/none")
    assert out.returncode == 2 and "cannot open the ledger" in out.stderr
    assert "pw" not in out.stderr and "Traceback" not in out.stderr


@pytest.mark.slow
@pytest.mark.skipif(len(DEV) < 30, reason="PolNeAR dev not present")
def test_killed_ingest_leaves_whole_articles_and_resumes(db_url, tmp_path):  # noqa: F811
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in DEV[:30]:
        (corpus / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    ledger = Ledger(db_url)  # create the schema before the race
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reportedly.cli",
            "ingest",
            str(corpus),
            "--db",
            db_url,
            "--workers",
            "2",
            "--batch-size",
            "2",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.time() + 300
    while ledger.counts()["articles"] < 3 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the main process and its parsing workers
    proc.wait()
    stored = ledger.counts()["articles"]
    assert 3 <= stored < 30, "the kill should land mid-run"
    with Session(ledger.engine) as s:
        for article in s.scalars(select(Article)):
            n = s.scalar(select(func.count(Claim.id)).where(Claim.article_id == article.id))
            assert n == len(article.analysis["claims"]), "a half-stored article"
    out = cli("ingest", str(corpus), db=db_url)
    assert out.returncode == 0, out.stderr
    assert f"{30 - stored} articles stored" in out.stdout and f"{stored} already stored" in out.stdout
    with Session(ledger.engine) as s:
        assert s.scalar(select(func.count(Article.id))) == 30
        assert s.scalar(select(func.count(func.distinct(Article.content_hash)))) == 30
