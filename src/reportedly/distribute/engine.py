"""`reportedly ingest ... --engine dask`: analyse partitions of articles on a Dask cluster.

The client reads the inputs (cheap), drops records already in the ledger, and cuts the rest into
partitions. Each worker loads the spaCy pipeline once (a worker plugin) and turns a partition
into a Parquet shard; an article that fails is written as an error row, so a poisoned record
never fails its partition. A worker that dies loses nothing: Dask runs its partitions again
elsewhere. The client loads each finished shard into the ledger in one transaction, recorded so
that re-runs skip it, and articles already stored are skipped by content hash. At most a few
partitions per worker are in flight, so memory stays bounded on large inputs."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from distributed import Client, LocalCluster, WorkerPlugin, as_completed

from reportedly.distribute import shards
from reportedly.ledger.ingest import Summary, content_hash
from reportedly.ledger.readers import Record
from reportedly.ledger.store import Ledger

IN_FLIGHT_PER_WORKER = 3


class PipelineLoader(WorkerPlugin):
    """Load the spaCy pipeline once when a worker starts (it is cached for the process), and
    give the worker the client's attribution mode (workers on other machines lack its env)."""

    name = "reportedly-pipeline"

    def __init__(self, model: str | None = None, attribution: str | None = None) -> None:
        self.model = model
        self.attribution = attribution

    def setup(self, worker) -> None:
        from reportedly import parse
        from reportedly.extract.attribution.taggers import tagged

        if self.attribution is not None:
            os.environ[tagged.MODE_ENV] = self.attribution
        parse.load(self.model)


@dataclass
class Item:
    content_hash: str
    text: object  # str, or anything a broken reader let through
    origin: str
    url: str | None
    title: str | None
    outlet: str | None
    published: str | None
    fmt: str
    meta: dict


def analyse_partition(items: list[Item], shard_dir: str, model: str | None = None) -> tuple[str, str]:
    """Runs on a worker: analyse every article of a partition into one shard."""
    from reportedly import parse
    from reportedly.analyze import analyze_raw
    from reportedly.read import RawArticle

    nlp = parse.load(model)
    rows = []
    for item in items:
        analysis = error = None
        try:
            raw = RawArticle(
                text=item.text, origin=item.origin, fmt=item.fmt, encoding="utf-8", meta=item.meta
            )
            analysis = analyze_raw(raw, nlp).model_dump_json()
        except Exception as exc:  # a poisoned record becomes an error row
            error = f"analysis failed: {type(exc).__name__}: {exc}"[:300]
        rows.append(
            shards.ShardRow(
                item.content_hash,
                item.origin,
                item.url,
                item.title,
                item.outlet,
                item.published,
                analysis,
                error,
            )
        )
    sid = shards.shard_id([i.content_hash for i in items])
    return sid, str(shards.write(Path(shard_dir), sid, rows))


def partitions(
    records: Iterable[Record], ledger: Ledger, size: int, summary: Summary
) -> Iterator[list[Item]]:
    batch: list[Item] = []
    seen: set[str] = set()
    for record in records:
        summary.seen += 1
        if record.error is not None or record.raw is None:
            summary.errors.append((record.location, record.error or "unreadable"))
            continue
        text = record.raw.text
        digest = content_hash(text) if isinstance(text, str) else content_hash(repr(text))
        if digest in seen or ledger.has_hash(digest):
            summary.duplicates += 1
            continue
        seen.add(digest)
        m = record.meta
        batch.append(
            Item(
                digest,
                text,
                record.location,
                m.url,
                m.title,
                m.outlet,
                m.published.isoformat() if m.published else None,
                record.raw.fmt,
                record.raw.meta,
            )
        )
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def run(
    records: Iterable[Record],
    ledger: Ledger,
    shard_dir: Path,
    scheduler: str | None = None,
    n_workers: int = 2,
    partition_size: int = 50,
    model: str | None = None,
    attribution: str | None = None,
    on_shard: Callable[[Summary, Client], None] | None = None,
    on_close: Callable[[Client], None] | None = None,
) -> Summary:
    summary = Summary()
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        client.register_plugin(PipelineLoader(model, attribution))
        window = max(1, IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info()["workers"])))
        parts = partitions(records, ledger, partition_size, summary)
        pending = as_completed()
        for part in parts:
            pending.add(client.submit(analyse_partition, part, str(shard_dir), model, pure=False, retries=2))
            if pending.count() >= window:
                _load(next(pending), ledger, summary, client, on_shard)
        for future in pending:
            _load(future, ledger, summary, client, on_shard)
        if on_close is not None:
            on_close(client)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return summary


def _load(future, ledger: Ledger, summary: Summary, client: Client, on_shard) -> None:
    sid, path = future.result()
    stored, claims, errors = ledger.load_shard(sid, Path(path))
    summary.stored += stored
    summary.claims += claims
    summary.errors.extend(errors)
    if on_shard is not None:
        on_shard(summary, client)
