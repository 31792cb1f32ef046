"""Readers for batch input: directories of .txt/.html (plain or .gz), JSON Lines, RSS/Atom feeds
and WARC files. Each yields `Record`s, one per article, or one per bad item with its location and the
problem, so that a broken record is reported and skipped while the rest goes on."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

from reportedly.clean import outlet_from_url
from reportedly.ledger.store import ArticleMeta
from reportedly.read import DEFAULT_MAX_BYTES, InputError, RawArticle, read_bytes, read_path

ARTICLE_SUFFIXES = {".txt", ".html", ".htm", ".xhtml"}
_COMPRESSED_ARTICLE_SUFFIXES = tuple(f"{x}.gz" for x in sorted(ARTICLE_SUFFIXES))
FEED_SUFFIXES = {".rss", ".atom", ".xml"}


@dataclass
class Record:
    location: str
    raw: RawArticle | None = None
    meta: ArticleMeta | None = None
    error: str | None = None


def kind_of(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith((".warc", ".warc.gz")):
        return "warc"
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
        return "jsonl"
    if path.suffix.lower() in FEED_SUFFIXES:
        return "feed"
    if path.suffix.lower() in ARTICLE_SUFFIXES or name.endswith(_COMPRESSED_ARTICLE_SUFFIXES):
        return "article"  # compressed pages too ("page.html.gz"): read_path unpacks them
    return None


def iter_records(paths: list[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Record]:
    for name in paths:
        path = Path(name)
        if not path.exists():
            yield Record(name, error="no such file or directory")
        elif path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if kind_of(child) is not None:
                    yield from _records_of(child, max_bytes)
        elif kind_of(path) is None:
            yield Record(
                name,
                error="unknown input type (expected .txt or .html, either may be .gz, .jsonl, "
                ".rss/.atom/.xml, .warc or .warc.gz)",
            )
        else:
            yield from _records_of(path, max_bytes)


def _records_of(path: Path, max_bytes: int) -> Iterator[Record]:
    kind = kind_of(path)
    try:
        if kind == "article":
            yield _article_file(path, max_bytes)
        elif kind == "jsonl":
            yield from _jsonl(path, max_bytes)
        elif kind == "feed":
            yield from _feed(path, max_bytes)
        elif kind == "warc":
            yield from _warc(path, max_bytes)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield Record(str(path), error=f"cannot read: {_first(exc)}")
    except Exception as exc:  # a library's surprise while walking a container: this file only
        yield Record(str(path), error=f"cannot read ({type(exc).__name__}: {_first(exc)})")


def _article_file(path: Path, max_bytes: int) -> Record:
    try:
        raw = read_path(str(path), max_bytes=max_bytes)
    except InputError as exc:
        return Record(str(path), error=_problem(exc))
    url = raw.meta.get("url")
    return Record(
        str(path),
        raw,
        ArticleMeta(
            origin=str(path),
            url=url,
            title=raw.meta.get("title"),
            outlet=raw.meta.get("sitename") or (outlet_from_url(url) if url else None),
            published=parse_date(raw.meta.get("date")),
        ),
    )


def _jsonl(path: Path, max_bytes: int) -> Iterator[Record]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as fh:
        for lineno, line in enumerate(fh, 1):
            if line.strip():
                yield _isolated(f"{path}:{lineno}", _jsonl_record, line, max_bytes)


def _jsonl_record(location: str, line: bytes, max_bytes: int) -> Record:
    try:
        item = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return Record(location, error=f"bad JSON ({exc.__class__.__name__}: {exc})"[:200])
    if not isinstance(item, dict):
        return Record(location, error="a JSON object is expected on each line")
    body, suffix = item.get("text"), ".txt"
    if not body and item.get("html"):
        body, suffix = item["html"], ".html"
    if not isinstance(body, str) or not body.strip():
        return Record(location, error="no 'text' or 'html' field with article text")
    wire = item.get("wire")
    if wire is not None and not isinstance(wire, str):
        return Record(location, error="'wire' must be a string naming a news agency")
    raw = _read_body(body, location, suffix, max_bytes)
    if raw is None:
        return Record(location, error="'html' has no text (only markup)")
    url = _str(item.get("url")) or raw.meta.get("url")
    return Record(
        location,
        raw,
        ArticleMeta(
            origin=location,
            url=url,
            title=_str(item.get("title")) or raw.meta.get("title"),
            outlet=_str(item.get("outlet")) or (outlet_from_url(url) if url else None),
            published=parse_date(_str(item.get("published") or item.get("date")) or raw.meta.get("date")),
            wire=_str(wire),
        ),
    )


def _feed(path: Path, max_bytes: int) -> Iterator[Record]:
    import feedparser

    feed = feedparser.parse(path.read_bytes())
    if feed.bozo and not feed.entries:
        yield Record(str(path), error=f"not a readable RSS/Atom feed ({feed.get('bozo_exception')})")
        return
    outlet = feed.feed.get("title")
    for n, entry in enumerate(feed.entries, 1):
        yield _isolated(f"{path}#entry{n}", _feed_record, entry, outlet, max_bytes)


def _feed_record(location: str, entry: dict, outlet: str | None, max_bytes: int) -> Record:
    content = entry.get("content") or []
    body = (content[0].get("value") if content else None) or entry.get("summary")
    if not body:
        return Record(location, error="entry has no content or summary")
    raw = _read_body(body, location, ".html" if "<" in body else ".txt", max_bytes)
    if raw is None:
        return Record(location, error="entry has no text (only markup)")
    url = entry.get("link")
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return Record(
        location,
        raw,
        ArticleMeta(
            origin=location,
            url=url,
            title=entry.get("title"),
            outlet=outlet or (outlet_from_url(url) if url else None),
            published=datetime(*stamp[:6]) if stamp else None,
        ),
    )


def _read_body(body: str, location: str, suffix: str, max_bytes: int) -> RawArticle | None:
    """An article body carried inside a container (a feed entry, a JSON line). Short HTML
    fragments, which trafilatura finds no article in, are read as their plain text; None when
    the fragment holds only markup."""
    try:
        return read_bytes(body.encode("utf-8", "replace"), location, suffix=suffix, max_bytes=max_bytes)
    except InputError:
        if suffix != ".html" or "<" not in body:
            raise
    text = _html_text(body)
    return RawArticle(text=text, origin=location, fmt="html", encoding="utf-8") if text else None


def _html_text(fragment: str) -> str:
    """Text of a short HTML fragment; empty when it holds only markup or comments."""
    import lxml.etree
    import lxml.html

    try:
        return lxml.html.fromstring(fragment).text_content().strip()
    except (lxml.etree.ParserError, ValueError):  # "Document is empty": comments only, say
        return ""


def _warc(path: Path, max_bytes: int) -> Iterator[Record]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    with open(path, "rb") as fh:
        it = ArchiveIterator(fh)
        warc_records = 0
        end = 0  # where the last complete record ended, in the file's bytes
        try:
            for record in it:
                found = _warc_response(path, it, record, max_bytes)
                if record.format == "warc":  # warcio reads what it cannot parse as an empty ARC record
                    warc_records += 1
                    end = it.get_record_offset() + it.get_record_length()
                if found is not None:
                    yield found
        except ArchiveLoadFailed as exc:
            yield Record(str(path), error=f"not a valid WARC file ({_first(exc)})")
            return
        if warc_records == 0:
            yield Record(str(path), error="not a valid WARC file (no WARC records found)")
        # an uncompressed WARC ends with the last record's two CRLFs, which its length leaves out
        elif path.stat().st_size - end > (0 if path.name.endswith(".gz") else 4):
            yield Record(f"{path}@{end}", error="the file is truncated or corrupt after this offset")


def _warc_response(path: Path, it, record, max_bytes: int) -> Record | None:
    """The article in an HTML response record, a bad record when it is cut short, else None."""
    if record.format != "warc" or record.rec_type != "response":
        return None
    ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
    if "html" not in ctype.lower():
        return None
    data = record.content_stream().read(max_bytes + 1)  # before the offset call,
    location = f"{path}@{it.get_record_offset()}"  # which ends the stream
    missing = getattr(record.raw_stream, "limit", 0) if len(data) <= max_bytes else 0
    if missing:
        return Record(location, error=f"record is truncated ({missing} bytes missing)")
    return _isolated(location, _warc_record, record, data, max_bytes)


def _warc_record(location: str, record, data: bytes, max_bytes: int) -> Record:
    url = record.rec_headers.get_header("WARC-Target-URI")
    raw = read_bytes(data, location, suffix=".html", max_bytes=max_bytes)
    return Record(
        location,
        raw,
        ArticleMeta(
            origin=location,
            url=url,
            title=raw.meta.get("title"),
            outlet=raw.meta.get("sitename") or (outlet_from_url(url) if url else None),
            published=parse_date(raw.meta.get("date"))
            or parse_date(record.rec_headers.get_header("WARC-Date")),
        ),
    )


def _isolated(location: str, make: Callable[..., Record], *args) -> Record:
    """One record from `make(location, *args)`; any error becomes that record's problem, so a
    bad record never costs the others."""
    try:
        return make(location, *args)
    except InputError as exc:
        return Record(location, error=_problem(exc))
    except Exception as exc:
        return Record(location, error=f"cannot read ({type(exc).__name__}: {_first(exc)})")


def parse_date(value: str | None) -> datetime | None:
    """ISO 8601 or RFC 2822 dates -> naive UTC datetime; None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            dt = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(timezone.utc).replace(tzinfo=None)
    return dt


def _problem(exc: InputError) -> str:
    """The problem part of an InputError ("origin: problem"); the record's location replaces it."""
    return str(exc).split(": ", 1)[-1]


def _str(value) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _first(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:160]
