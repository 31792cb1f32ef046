"""The Dask engine on a real LocalCluster with two worker processes: a worker killed mid-run
and a poisoned record lose no article and store none twice; shards load once."""

from __future__ import annotations

import json
import os
import signal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reportedly.distribute import engine, shards
from reportedly.ledger.ingest import Summary
from reportedly.ledger.models import Article, LoadedShard
from reportedly.ledger.readers import Record, iter_records
from reportedly.ledger.store import ArticleMeta, Ledger
from reportedly.read import RawArticle
from tests.conftest import SHARED
from tests.test_ledger import db_url  # noqa: F401 - fixture

DEV = sorted((SHARED / "data" / "polnear" / "dev" / "text").glob("*.txt"))


def corpus(tmp_path, n=40):
    paras = [
        p.strip() for f in DEV for p in f.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 20
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text(
        "\n".join(
            json.dumps(
                {
                    "text": f"{paras[i % len(paras)]}\n\nOfficials said on day {i} that the "
                    f"count was {i + 10}.",
                    "url": f"https://example.com/{i}",
                    "published": f"2024-10-{1 + i % 28:02d}",
                }
            )
            for i in range(n)
        )
        + "\n",
        encoding="utf-8",
    )
    return path


def poisoned():
    yield Record(
        "poison#1",
        RawArticle(text=12345, origin="poison#1", fmt="text", encoding="?"),
        ArticleMeta(origin="poison#1"),
    )


def test_killed_worker_and_poisoned_record(db_url, tmp_path):  # noqa: F811
    path = corpus(tmp_path)
    ledger = Ledger(db_url)
    killed: list[str] = []

    def kill_one_worker(summary, client):
        if not killed:
            victim = sorted(client.scheduler_info()["workers"])[0]
            killed.append(victim)
            pid = client.run(os.getpid, workers=[victim])[victim]
            os.kill(pid, signal.SIGKILL)  # a crash: no clean shutdown, its tasks are lost

    records = list(iter_records([str(path)])) + list(poisoned())
    summary = engine.run(
        records, ledger, tmp_path / "shards", n_workers=2, partition_size=4, on_shard=kill_one_worker
    )
    assert killed, "a worker should have been killed"
    assert summary.stored == 40
    assert [loc for loc, _ in summary.errors] == ["poison#1"]
    assert "analysis failed" in summary.errors[0][1]
    with Session(ledger.engine) as s:
        assert s.scalar(select(func.count(Article.id))) == 40
        assert s.scalar(select(func.count(func.distinct(Article.content_hash)))) == 40
    again = engine.run(iter_records([str(path)]), ledger, tmp_path / "shards", n_workers=1)
    assert again.stored == 0 and again.duplicates == 40


def test_shards_load_once(db_url, tmp_path):  # noqa: F811
    ledger = Ledger(db_url)
    items = list(next(engine.partitions(iter_records([str(corpus(tmp_path, 3))]), ledger, 10, Summary())))
    sid, path = engine.analyse_partition(items, str(tmp_path / "s"))
    assert sid == shards.shard_id([i.content_hash for i in items])
    assert path == str(tmp_path / "s" / f"{sid}.parquet")
    stored, claims, errors = ledger.load_shard(sid, tmp_path / "s" / f"{sid}.parquet")
    assert (stored, errors) == (3, []) and claims > 0
    assert ledger.load_shard(sid, tmp_path / "s" / f"{sid}.parquet") == (0, 0, [])
    with Session(ledger.engine) as s:
        assert s.get(LoadedShard, sid).articles == 3


def test_partitions_skip_stored_and_bad(tmp_path):
    ledger = Ledger(str(tmp_path / "l.sqlite"))
    path = corpus(tmp_path, 5)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("{broken\n" + path.read_text(encoding="utf-8").splitlines()[0] + "\n")
    summary = Summary()
    parts = list(engine.partitions(iter_records([str(path)]), ledger, 2, summary))
    assert [len(p) for p in parts] == [2, 2, 1]
    assert summary.duplicates == 1 and len(summary.errors) == 1 and summary.seen == 7


def test_workers_take_the_clients_attribution_mode(tmp_path, monkeypatch):
    monkeypatch.delenv("REPORTEDLY_ATTRIBUTION", raising=False)
    ledger = Ledger(str(tmp_path / "l.sqlite"))
    seen: dict = {}

    def record(client):
        seen.update(client.run(lambda: os.environ.get("REPORTEDLY_ATTRIBUTION")))

    summary = engine.run(
        iter_records([str(corpus(tmp_path, 2))]),
        ledger,
        tmp_path / "shards",
        n_workers=1,
        attribution="rules",
        on_close=record,
    )
    assert summary.stored == 2
    assert list(seen.values()) == ["rules"]  # set by the worker plugin, not inherited
