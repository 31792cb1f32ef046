"""Step 2 of the data flow: separate debris from the article body.

Captions, platform footers and "Original article: URL" lines are cut out of the text that is
analysed and kept as metadata. The cleaned text is the kept paragraphs joined by blank lines;
`OffsetMap` maps any offset in it back to the original text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

_URL = re.compile(r"https?://[^\s<>\"')\]]+", re.I)
_SOURCE_LINK = re.compile(
    r"^\s*(original(?:\s+article|\s+link|\s+text)?|source|via|read\s+more|link|from|"
    r"originally\s+published\s+(?:at|on))\s*[:：]\s*(?P<url>https?://\S+)\s*$",
    re.I,
)
_FOOTER_START = re.compile(
    r"^\s*(statement|disclaimer|declaration|note from the editor|editor'?s note|copyright|"
    r"©|\(c\)|all rights reserved|responsible editor|editor in charge|reprinted from)\b\s*[:：]?",
    re.I,
)
_FOOTER_ANY = re.compile(
    r"like\s*/\s*dislike|【|】|click(?:ing)? (?:on )?(?:the|here|below)|subscribe to|"
    r"follow us|share this (?:article|story)|all rights reserved|sign up for our|"
    r"download (?:the|our) app|scan the qr code",
    re.I,
)
_CAPTION_PREFIX = re.compile(r"^\s*(photo|image|picture|file photo|video|caption|pictured)\s*[:：(]", re.I)
_CREDIT = re.compile(r"\((?:photo|image|picture)[^)]*\)\s*$|\b(getty images|reuters/|ap photo)\b", re.I)
# an embedded post's sign-off, "— Name (@handle) date": article text, it says whose the post is
POST_SIGN_OFF = re.compile(
    r"^[ \t]*(?P<cue>[—–-]{1,2})[ \t]*(?P<source>[^\n(]{1,80}?)[ \t]*\((?P<handle>@\w{1,30})\)[^\n]*$"
)
_SENTENCE_END = re.compile(r"[.!?。！？…:;\"”’')\]]\s*$")


@dataclass
class Piece:
    """A paragraph of the original text with its offsets."""

    start: int
    end: int
    text: str


@dataclass
class Debris:
    captions: list[Piece] = field(default_factory=list)
    footers: list[Piece] = field(default_factory=list)
    links: list[Piece] = field(default_factory=list)
    title: Piece | None = None
    original_url: str | None = None
    outlet: str | None = None


@dataclass
class OffsetMap:
    """Piecewise map from cleaned-text offsets to original-text offsets."""

    clean_starts: list[int] = field(default_factory=list)
    orig_starts: list[int] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)

    def add(self, clean_start: int, orig_start: int, length: int) -> None:
        self.clean_starts.append(clean_start)
        self.orig_starts.append(orig_start)
        self.lengths.append(length)

    def to_original(self, offset: int) -> int:
        """Original offset of cleaned offset `offset` (an end offset maps to its segment's end)."""
        if not self.clean_starts:
            return offset
        i = max(bisect.bisect_right(self.clean_starts, offset) - 1, 0)
        delta = min(offset - self.clean_starts[i], self.lengths[i])
        return self.orig_starts[i] + max(delta, 0)

    def to_clean(self, offset: int) -> int | None:
        """Cleaned offset of original offset `offset`; None where the cleaner took the text out."""
        if not self.clean_starts:
            return offset
        for clean_start, orig_start, length in self.segments():
            if orig_start <= offset <= orig_start + length:
                return clean_start + offset - orig_start
        return None

    def segments(self) -> list[tuple[int, int, int]]:
        return list(zip(self.clean_starts, self.orig_starts, self.lengths, strict=True))


@dataclass
class CleanText:
    text: str
    original: str
    offsets: OffsetMap
    debris: Debris


def split_paragraphs(text: str) -> list[Piece]:
    """Blank lines separate paragraphs; if there are none, every line is a paragraph."""
    sep = re.compile(r"\n[ \t]*\n\s*" if re.search(r"\n[ \t]*\n", text) else r"\n\s*")
    pieces, pos = [], 0
    for m in [*sep.finditer(text), None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        lead = len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        if body:
            pieces.append(Piece(pos + lead, pos + lead + len(body), body))
        pos = m.end() if m else len(text)
    return pieces


def outlet_from_url(url: str) -> str | None:
    host = urlparse(url).hostname or ""
    parts = [p for p in host.lower().split(".") if p not in ("www", "m", "amp", "news", "mobile")]
    if not parts:
        return None
    # drop the public suffix: one label, or two for e.g. co.uk / com.cn
    if len(parts) >= 3 and parts[-2] in ("co", "com", "org", "net", "gov", "ac"):
        parts = parts[:-2]
    elif len(parts) >= 2:
        parts = parts[:-1]
    return parts[-1] if parts else None


def is_caption(text: str) -> bool:
    """A short title-like line with no sentence punctuation, or an explicit photo caption."""
    if POST_SIGN_OFF.match(text):
        return False
    if _CAPTION_PREFIX.match(text) or (_CREDIT.search(text) and len(text) < 200):
        return True
    words = text.split()
    if not words or len(words) > 10 or len(text) > 80:
        return False
    if _SENTENCE_END.search(text) or _URL.search(text):
        return False
    # a caption has no finite verb in practice; a cheap proxy: no comma-joined clauses
    return text.count(",") <= 1


def classify(piece: Piece, index: int, count: int) -> str:
    text = piece.text
    if _SOURCE_LINK.match(text) or (_URL.fullmatch(text.strip())):
        return "link"
    if _FOOTER_START.match(text) or (_FOOTER_ANY.search(text) and len(text) < 400):
        return "footer"
    if is_caption(text):
        return "title" if index == 0 and count > 1 else "caption"
    return "body"


def clean(text: str, title: str | None = None) -> CleanText:
    """Split `text` into body and debris; body paragraphs are joined by blank lines."""
    pieces = split_paragraphs(text)
    debris = Debris()
    kept: list[Piece] = []
    for i, piece in enumerate(pieces):
        kind = classify(piece, i, len(pieces))
        if kind == "body":
            kept.append(piece)
        elif kind == "link":
            debris.links.append(piece)
            m = _URL.search(piece.text)
            if m and debris.original_url is None:
                debris.original_url = m.group(0).rstrip(".,;")
        elif kind == "footer":
            debris.footers.append(piece)
        elif kind == "title":
            debris.title = piece
        else:
            debris.captions.append(piece)
    if title and debris.title is None:
        debris.title = Piece(-1, -1, title)
    if debris.original_url:
        debris.outlet = outlet_from_url(debris.original_url)
    offsets = OffsetMap()
    parts: list[str] = []
    pos = 0
    for piece in kept:
        if parts:
            parts.append("\n\n")
            pos += 2
        offsets.add(pos, piece.start, len(piece.text))
        parts.append(piece.text)
        pos += len(piece.text)
    return CleanText(text="".join(parts), original=text, offsets=offsets, debris=debris)
