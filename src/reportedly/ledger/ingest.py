"""Stream records into the ledger: skip what is stored (content hash), analyse the rest in
batches with nlp.pipe on several processes, store each article in its own transaction.
Memory stays flat: records are generated lazily and batches are bounded."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language

from reportedly.analyze import analyze_many
from reportedly.ledger.readers import Record
from reportedly.ledger.store import Ledger, first_line


@dataclass
class Summary:
    seen: int = 0
    stored: int = 0
    duplicates: int = 0
    claims: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)


def content_hash(text: str) -> str:
    """Identity of an article: SHA-256 of its text with whitespace collapsed."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def ingest(
    records: Iterable[Record],
    ledger: Ledger,
    nlp: Language,
    batch_size: int = 32,
    n_process: int = 1,
    on_record: Callable[[Summary], None] | None = None,
) -> Summary:
    summary = Summary()
    pending: set[str] = set()  # hashes queued in this run, not yet stored

    def fresh() -> Iterator[tuple]:
        for record in records:
            summary.seen += 1
            if record.error is not None or record.raw is None:
                summary.errors.append((record.location, record.error or "unreadable"))
                _tick(on_record, summary)
                continue
            digest = content_hash(record.raw.text)
            if digest in pending or ledger.has_hash(digest):
                summary.duplicates += 1
                _tick(on_record, summary)
                continue
            pending.add(digest)
            yield record.raw, (record, digest)

    for analysis, (record, digest) in analyze_many(fresh(), nlp, batch_size=batch_size, n_process=n_process):
        if isinstance(analysis, Exception):
            summary.errors.append((record.location, f"analysis failed: {first_line(analysis)}"))
        elif not analysis.document.text.strip():
            summary.errors.append((record.location, "no article text left after cleaning"))
        else:
            try:
                stored = ledger.add(analysis, record.meta, digest)
            except Exception as exc:  # one record the database refuses never costs the others
                summary.errors.append((record.location, f"cannot store: {first_line(exc)}"))
            else:
                if stored is None:
                    summary.duplicates += 1
                else:
                    summary.stored += 1
                    summary.claims += len(analysis.claims)
        pending.discard(digest)
        _tick(on_record, summary)
    return summary


def _tick(callback: Callable[[Summary], None] | None, summary: Summary) -> None:
    if callback is not None:
        callback(summary)
