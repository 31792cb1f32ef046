"""Concurrent writers on one ledger: separate processes open a brand-new ledger (racing to
migrate it) and store overlapping articles that share sources; every article is stored once
and no process fails. Runs on SQLite, and on PostgreSQL when REPORTEDLY_TEST_PG_URL is set."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from reportedly.analyze import analyze_text
from reportedly.ledger.store import ArticleMeta, Ledger, is_busy, retrying, storable
from tests.test_ledger import db_url  # noqa: F401  (the SQLite/PostgreSQL fixture)

WRITERS = 3
ARTICLES = 24  # per writer; half of them also written by the next writer


def _write(url: str, template: str, first: int, queue) -> None:
    from reportedly.schema import Analysis

    try:
        ledger = Ledger(url)
        analysis = Analysis.model_validate_json(template)
        stored = 0
        for n in range(first, first + ARTICLES):
            meta = ArticleMeta(origin=f"writer-{first}", url=f"https://example.org/{n}", outlet="Example")
            if ledger.add(analysis, meta, content_hash=f"{n:064d}") is not None:
                stored += 1
        ledger.close()
        queue.put(("ok", stored))
    except BaseException as exc:  # reported to the parent, which fails the test
        queue.put(("error", f"{type(exc).__name__}: {exc}"))


def test_parallel_writers_store_every_article_once(db_url):  # noqa: F811
    analysis = analyze_text(
        "Officials said that 300 troops had arrived. The ministry said the talks would resume, "
        "and Reuters reported that the mayor denied it."
    )
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    starts = [w * ARTICLES // 2 for w in range(WRITERS)]
    procs = [
        context.Process(target=_write, args=(db_url, analysis.model_dump_json(), first, queue))
        for first in starts
    ]
    for p in procs:
        p.start()
    results = [queue.get(timeout=600) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert [kind for kind, _ in results] == ["ok"] * WRITERS, results
    distinct = len({n for first in starts for n in range(first, first + ARTICLES)})
    assert sum(stored for _, stored in results) == distinct
    ledger = Ledger(db_url)
    counts = ledger.counts()
    assert counts["articles"] == distinct
    assert counts["claims"] == distinct * len(analysis.claims)
    sources = {link.source.name.lower() for c in analysis.claims for link in c.chain}
    assert counts["sources"] == len(sources)


def test_storable_drops_nul_and_cuts_to_the_column():
    assert storable("Reu\x00ters") == "Reuters"
    assert storable("x" * 500, 200) == "x" * 200
    assert storable(None) is None


def test_retrying_runs_again_only_on_busy():
    from sqlalchemy.exc import OperationalError

    calls = []

    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("INSERT", {}, Exception("database is locked"))
        return "done"

    assert retrying(flaky, pause=0.001) == "done" and len(calls) == 3
    boom = OperationalError("SELECT", {}, Exception("no such table: x"))
    assert not is_busy(boom)
    with pytest.raises(OperationalError):
        retrying(lambda: (_ for _ in ()).throw(boom), pause=0.001)


@pytest.mark.skipif(not os.environ.get("REPORTEDLY_TEST_PG_URL"), reason="PostgreSQL only")
def test_postgresql_stores_long_outlets_and_nul(db_url):  # noqa: F811
    if not db_url.startswith("postgres"):
        pytest.skip("PostgreSQL only")
    ledger = Ledger(db_url)
    analysis = analyze_text("The ministry said that 300 troops had arrived.")
    meta = ArticleMeta(origin="feed.xml:3", title="Tit\x00le", outlet="O" * 300, url="https://e.org/\x00")
    assert ledger.add(analysis, meta, content_hash="f" * 64) is not None
    article = ledger.article(ledger.article_id("f" * 64))
    assert article.title == "Title" and len(article.outlet) == 200


def _hold(url: str, name: str, seconds: float, queue) -> None:
    import time

    ledger = Ledger(url)
    with ledger.exclusive(name):
        queue.put(("in", time.monotonic()))
        time.sleep(seconds)
        queue.put(("out", time.monotonic()))


def test_exclusive_lock_lets_one_process_in_at_a_time(db_url):  # noqa: F811
    Ledger(db_url).close()  # migrate first, so both children only race for the lock
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    procs = [context.Process(target=_hold, args=(db_url, "fuse", 1.5, queue)) for _ in range(2)]
    for p in procs:
        p.start()
    events = sorted((queue.get(timeout=300) for _ in range(4)), key=lambda e: e[1])
    for p in procs:
        p.join(timeout=60)
    assert [kind for kind, _ in events] == ["in", "out", "in", "out"]
