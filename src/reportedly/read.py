"""Step 1 of the data flow: read an article from a file or stdin into text.

Accepts plain text (any common encoding) and HTML (main text extracted with trafilatura), either
gzip-compressed (as web archives and crawls keep pages). Every failure is an `InputError` whose
message names the input and the problem.
"""

from __future__ import annotations

import codecs
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer

DEFAULT_MAX_BYTES = 5_000_000
MIN_HTML_WORDS = 3  # below this, trafilatura has found navigation, not an article
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
# trafilatura settings for the main text: the best of those benchmarks/extraction.py measured on
# the 91 aeb dev pages (F1 0.9587 with include_tables=False, 0.9764 with these)
EXTRACTION_OPTIONS: dict[str, bool] = {
    "include_comments": False,
    "include_tables": True,
    "favor_precision": True,
}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_GZIP_MAGIC = b"\x1f\x8b"


class InputError(Exception):
    """Bad input: the message is one line naming the input and what is wrong with it."""


@dataclass
class RawArticle:
    """Decoded article text plus whatever metadata the container carried."""

    text: str
    origin: str
    fmt: str  # "text" or "html"
    encoding: str
    meta: dict[str, str] = field(default_factory=dict)


def read_path(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> RawArticle:
    """Read `path` ("-" for stdin) and return its decoded text."""
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        origin = "<stdin>"
        suffix = ""
    else:
        p = Path(path)
        origin = str(p)
        if not p.exists():
            raise InputError(f"{origin}: no such file")
        if p.is_dir():
            raise InputError(f"{origin}: is a directory, not an article file")
        try:
            size = p.stat().st_size
            if size > max_bytes:
                raise InputError(
                    f"{origin}: file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB "
                    "limit for one article (raise it with --max-bytes)"
                )
            with p.open("rb") as fh:  # devices and pipes report no size: the read is bounded too
                data = fh.read(max_bytes + 1)
        except PermissionError:
            raise InputError(f"{origin}: permission denied") from None
        except OSError as exc:
            raise InputError(f"{origin}: cannot read ({exc.strerror or exc})") from None
        suffixes = [x.lower() for x in p.suffixes]
        suffix = suffixes[-2] if suffixes[-1:] == [".gz"] and len(suffixes) > 1 else p.suffix.lower()
    return read_bytes(data, origin, suffix=suffix, max_bytes=max_bytes)


def _gunzip(data: bytes, origin: str, max_bytes: int) -> bytes:
    """The content of gzip-compressed bytes, read no further than the article limit (a small file
    may unpack to gigabytes)."""
    out = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        text = out.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise InputError(f"{origin}: gzip-compressed but damaged ({exc})") from None
    if len(text) > max_bytes:
        raise InputError(f"{origin}: unpacks to over the {max_bytes / 1e6:.1f} MB limit for one article")
    if not out.eof:
        raise InputError(f"{origin}: gzip-compressed but cut short")
    return text


def read_bytes(data: bytes, origin: str, suffix: str = "", max_bytes: int = DEFAULT_MAX_BYTES) -> RawArticle:
    """Decode raw bytes of one article; HTML is detected by suffix or content."""
    if len(data) > max_bytes:
        raise InputError(f"{origin}: input is over the {max_bytes / 1e6:.1f} MB limit for one article")
    if data[:2] == _GZIP_MAGIC:
        data = _gunzip(data, origin, max_bytes)
    if not data.strip():
        raise InputError(f"{origin}: empty input, there is no text to analyse")
    text, encoding = decode(data, origin)
    text = text.replace("\x00", "")  # NUL is never text, and PostgreSQL cannot store it
    if suffix in HTML_SUFFIXES or looks_like_html(text):
        return _from_html(text, origin, encoding)
    if not text.strip():
        raise InputError(f"{origin}: no text, only whitespace")
    return RawArticle(text=normalise_newlines(text), origin=origin, fmt="text", encoding=encoding)


def decode(data: bytes, origin: str) -> tuple[str, str]:
    """Decode bytes: BOM first, then strict UTF-8, then a detected legacy encoding."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                raise InputError(f"{origin}: starts with a {enc} mark but is not valid {enc}") from None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if _is_binary(data):
        raise InputError(f"{origin}: looks like a binary file, not text or HTML")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(f"{origin}: cannot tell the text encoding (try converting it to UTF-8)")
    return str(best), best.encoding


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a byte-order mark: mostly-ASCII text has a NUL in every other byte,
    the high byte of each unit (after it in little-endian, before it in big-endian)."""
    head = data[:8192]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    for encoding, zeros, letters in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) > 0.9 * len(zeros) and letters.count(0) < 0.1 * len(letters):
            try:
                text = data[: len(data) - len(data) % 2].decode(encoding)
            except UnicodeDecodeError:
                return None
            sample = text[:4096]
            printable = sum(1 for ch in sample if ch.isprintable() or ch.isspace())
            return (text, encoding) if printable > 0.95 * len(sample) else None
    return None


def _is_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.count(0) > max(2, len(head) // 100):  # a stray NUL or two is damaged text, not binary
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > len(head) * 0.05


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or (
        "<body" in head or "<head" in head or ("<p>" in head and "</p>" in text[:5000].lower())
    )


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _from_html(html: str, origin: str, encoding: str) -> RawArticle:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, **EXTRACTION_OPTIONS)
        body = getattr(doc, "text", None) if doc is not None else None
        if (not body or len(body.split()) < MIN_HTML_WORDS) and EXTRACTION_OPTIONS.get("favor_precision"):
            # precision can leave nothing on a page with one short paragraph: try the balanced mode
            options = EXTRACTION_OPTIONS | {"favor_precision": False}
            doc = trafilatura.bare_extraction(html, with_metadata=True, **options)
            body = getattr(doc, "text", None) if doc is not None else None
        if (not body or len(body.split()) < MIN_HTML_WORDS) and (deep := _deep_tree(html)) is not None:
            # libxml2 stops at 256 levels of nesting unless told otherwise
            doc = trafilatura.bare_extraction(deep, with_metadata=True, **EXTRACTION_OPTIONS)
            body = getattr(doc, "text", None) if doc is not None else None
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        raise InputError(f"{origin}: malformed HTML ({type(exc).__name__})") from None
    if not body or len(body.split()) < MIN_HTML_WORDS:
        raise InputError(f"{origin}: no article text could be extracted from this HTML")
    from reportedly.page_meta import page_metadata

    meta = page_metadata(doc)
    return RawArticle(text=normalise_newlines(body), origin=origin, fmt="html", encoding=encoding, meta=meta)


def _deep_tree(html: str):
    """The page parsed without libxml2's nesting limit, when that limit (256 levels) cut the
    ordinary parse short; else None."""
    import lxml.html

    deep = lxml.html.fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True))
    shallow = lxml.html.fromstring(html)
    return deep if sum(1 for _ in deep.iter()) > sum(1 for _ in shallow.iter()) else None
