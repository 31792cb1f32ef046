"""Export claims as JSON Lines, CSV or Parquet, streamed (Parquet in row groups)."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
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


# -- exports for fact-checkers (ClaimReview) and conflict analysts (ACLED-style events) -------------

GRADED_FORMATS = ("claimreview", "acled")
ACLED_FIELDS = [
    "event_id",
    "event_date",
    "as_of_date",
    "actor",
    "measure",
    "value",
    "low",
    "high",
    "bound",
    "approximate",
    "unit",
    "source",
    "source_chain",
    "outlet",
    "url",
    "grade",
    "grade_meaning",
    "story_id",
    "claim_id",
    "notes",
]
REVIEWER = {"@type": "Organization", "name": "reportedly"}


def graded_stories(ledger, min_claims: int = 1) -> Iterator:
    """Every story (StoryView) with at least `min_claims` claims, graded, one at a time."""
    from reportedly.fuse.reliability import Reliability
    from reportedly.fuse.stories import story_ids, view

    reliability = Reliability.load()
    for story_id, _n in sorted(story_ids(ledger, min_claims)):
        v = view(ledger, story_id, reliability)
        if v is not None:
            yield v


def _day(moment) -> str | None:
    return moment.date().isoformat() if moment else None


def _origin_name(f) -> str:
    """The innermost named source of a claim (the author of what it reports), as written."""
    for name, kind in reversed(f.chain):
        if kind != "author":
            return name
    return f.outlet or "own reporting"


def claim_review(v, base_url: str, reviewed: str) -> dict:
    """One story as schema.org ClaimReview: the claim, where it appeared, the grade and why."""
    from reportedly.fuse.stories import CREDIBILITY

    first = v.claims[0]  # claims are in publication order
    appearances, seen = [], set()
    for f in v.claims:
        key = f.url or f"article {f.article_id}"
        if key in seen:
            continue
        seen.add(key)
        work = {"@type": "NewsArticle", "datePublished": _day(f.published)}
        if f.url:
            work["url"] = f.url
        if f.outlet:
            work["publisher"] = {"@type": "Organization", "name": f.outlet}
        appearances.append({k: val for k, val in work.items() if val is not None})
    rating = {
        "@type": "Rating",
        "name": v.code,
        "alternateName": f"{v.code}: {CREDIBILITY[v.credibility]}",
        "ratingExplanation": "; ".join(v.reasons),
    }
    if v.credibility <= 5:  # 6 means "cannot be judged": no place on the scale
        rating |= {"ratingValue": 6 - v.credibility, "bestRating": 5, "worstRating": 1}
    item = {
        "@type": "Claim",
        "author": {"@type": "Thing", "name": _origin_name(first)},
        "appearance": appearances,
        "firstAppearance": appearances[0],
    }
    if first.published:
        item["datePublished"] = _day(first.published)
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{base_url.rstrip('/')}/stories/{v.id}",
        "datePublished": reviewed,
        "author": REVIEWER,
        "claimReviewed": v.label,
        "itemReviewed": item,
        "reviewRating": rating,
    }


def acled_rows(v) -> Iterator[dict]:
    """One row per reported quantity of a story's claims. event_date is the story's first
    report, as_of_date the date of the report that gives this figure."""
    from reportedly.fuse.stories import CREDIBILITY

    first_day = next((_day(f.published) for f in v.claims if f.published), None)
    for f in v.claims:
        for n, q in enumerate(f.quantities):
            measure = q.get("thing") or "value"
            if q.get("role") not in (None, "unspecified"):
                measure += f" ({q['role']})"
            yield {
                "event_id": f"{f.id}-{n}",
                "event_date": first_day,
                "as_of_date": _day(f.published),
                "actor": "; ".join(dict.fromkeys(f.entities)),
                "measure": measure,
                "value": q.get("value"),
                "low": q.get("low"),
                "high": q.get("high"),
                "bound": q.get("bound"),
                "approximate": q.get("approximate"),
                "unit": q.get("unit"),
                "source": _origin_name(f),
                "source_chain": " <- ".join(name for name, _ in f.chain),
                "outlet": f.outlet,
                "url": f.url,
                "grade": v.code,
                "grade_meaning": CREDIBILITY[v.credibility],
                "story_id": v.id,
                "claim_id": f.id,
                "notes": f.text,
            }


def write_graded(
    ledger, fmt: str, output: Path | None, base_url: str = "http://127.0.0.1:8000", min_claims: int = 1
) -> int:
    """Write stories as ClaimReview JSON-LD (a JSON array) or quantities as ACLED-style CSV
    rows; the number of reviews or rows written."""
    from datetime import date

    fh = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout  # noqa: SIM115
    n = 0
    try:
        if fmt == "claimreview":
            today = date.today().isoformat()
            fh.write("[")
            for v in graded_stories(ledger, min_claims):
                fh.write(
                    ("," if n else "")
                    + "\n"
                    + json.dumps(claim_review(v, base_url, today), ensure_ascii=False)
                )
                n += 1
            fh.write("\n]\n")
            return n
        writer = csv.DictWriter(fh, fieldnames=ACLED_FIELDS)
        writer.writeheader()
        for v in graded_stories(ledger, min_claims):
            for row in acled_rows(v):
                writer.writerow(row)
                n += 1
        return n
    finally:
        if output:
            fh.close()
