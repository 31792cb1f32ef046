"""Parquet shards: one file per partition of articles, each row an analysed article (or the
error that stopped it). A shard's id is derived from its articles' content hashes, so the same
input always gives the same shard and a loaded shard is recognised on re-runs."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

SCHEMA = pa.schema(
    [
        ("content_hash", pa.string()),
        ("origin", pa.string()),
        ("url", pa.string()),
        ("title", pa.string()),
        ("outlet", pa.string()),
        ("published", pa.string()),
        ("analysis", pa.string()),
        ("error", pa.string()),
    ]
)


@dataclass
class ShardRow:
    content_hash: str
    origin: str
    url: str | None
    title: str | None
    outlet: str | None
    published: str | None
    analysis: str | None  # Analysis JSON
    error: str | None


def shard_id(hashes: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(hashes)).encode()).hexdigest()[:32]


def write(directory: Path, sid: str, rows: list[ShardRow]) -> Path:
    """Write atomically: a reader never sees a half-written shard."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{sid}.parquet"
    tmp = directory / f".{sid}.{os.getpid()}.tmp"
    table = pa.Table.from_pylist([r.__dict__ for r in rows], schema=SCHEMA)
    pq.write_table(table, tmp)
    os.replace(tmp, path)
    return path


def read(path: Path) -> Iterator[ShardRow]:
    for row in pq.read_table(path).to_pylist():
        yield ShardRow(**row)
