"""Export claims as JSON Lines, CSV or Parquet, streamed (Parquet in row groups)."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable
from pathlib import Path

FORMATS = ("jsonl", "csv", "parquet")
CSV_FIELDS = [
    "claim_id",
    "article_id",
    "url",
    "title",
    "outlet",
    "published",
    "text",
    "chain",
    "sources",
    "certainty",
    "factbank",
    "voice",
    "quantities",
]
ROW_GROUP = 50_000


def write_export(records: Iterable[dict], fmt: str, output: Path | None) -> int:
    if fmt == "parquet":
        return _parquet(records, output)
    fh = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout  # noqa: SIM115
    try:
        if fmt == "jsonl":
            n = 0
            for n, rec in enumerate(records, 1):  # noqa: B007
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            return n
        writer = csv.DictWriter(fh, fieldnames=CSV_FIELDS)
        writer.writeheader()
        n = 0
        for n, rec in enumerate(records, 1):  # noqa: B007
            flat = dict(rec)
            flat["sources"] = json.dumps(rec["sources"], ensure_ascii=False)
            flat["quantities"] = json.dumps(rec["quantities"], ensure_ascii=False)
            writer.writerow(flat)
        return n
    finally:
        if output:
            fh.close()


def _parquet(records: Iterable[dict], output: Path | None) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            ("claim_id", pa.int64()),
            ("article_id", pa.int64()),
            ("url", pa.string()),
            ("title", pa.string()),
            ("outlet", pa.string()),
            ("published", pa.string()),
            ("text", pa.string()),
            ("chain", pa.string()),
            (
                "sources",
                pa.list_(pa.struct([("name", pa.string()), ("kind", pa.string()), ("cue", pa.string())])),
            ),
            ("certainty", pa.string()),
            ("factbank", pa.string()),
            ("voice", pa.string()),
            (
                "quantities",
                pa.list_(
                    pa.struct(
                        [
                            ("text", pa.string()),
                            ("value", pa.float64()),
                            ("low", pa.float64()),
                            ("high", pa.float64()),
                            ("bound", pa.string()),
                            ("approximate", pa.bool_()),
                            ("thing", pa.string()),
                            ("unit", pa.string()),
                            ("role", pa.string()),
                        ]
                    )
                ),
            ),
        ]
    )
    sink = str(output) if output else io.BytesIO()
    n = 0
    with pq.ParquetWriter(sink, schema) as writer:
        batch: list[dict] = []
        for rec in records:
            batch.append(rec)
            n += 1
            if len(batch) >= ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    if output is None:
        sys.stdout.buffer.write(sink.getvalue())
        sys.stdout.buffer.flush()
    return n
