"""Step 2 of the data flow: separate debris from the article body, cutting no article text.

Only explicit patterns are cut (src/reportedly/data/boilerplate.json): photo captions and credits,
"Read more:" / newsletter / share lines, legal footers, "Original article: URL" lines, credit lines
("Reporting by X; Editing by Y") and datelines ("LONDON (AP) —"). They are kept as metadata with their
original offsets, and the wire agency and dateline place are read from them. Short title-like
paragraphs (subheads, list headings) stay in the text and are marked as subheads. The cleaned text
is the kept paragraphs joined by blank lines; `OffsetMap` maps any offset in it back to the original.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from urllib.parse import urlparse

_URL = re.compile(r"https?://[^\s<>\"')\]]+", re.I)
_SOURCE_LINK = re.compile(
    r"^\s*(original(?:\s+article|\s+link|\s+text)?|source|via|read\s+more|link|from|"
    r"originally\s+published\s+(?:at|on))\s*[:：]\s*(?P<url>https?://\S+)\s*$",
    re.I,
)
# an embedded post's sign-off, "— Name (@handle) date": article text, it says whose the post is
POST_SIGN_OFF = re.compile(
    r"^[ \t]*(?P<cue>[—–-]{1,2})[ \t]*(?P<source>[^\n(]{1,80}?)[ \t]*\((?P<handle>@\w{1,30})\)[^\n]*$"
)
_SENTENCE_END = re.compile(r"[.!?。！？…:;\"”’')\]]\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-–—•*·▪●]|\d{1,2}[.)])\s+")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = rf"(?:,?\s*{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?)"
_DASH = r"(?:\s*[—–]+\s*|\s+-{1,2}\s+|\s*-{2}\s*)"
_CAPS_WORD = r"[A-Z][A-Z.'’-]+"
_CAPS_PLACE = rf"{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,3}}"
_REGION = r"(?:,\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})"
_DEBRIS_FIELD = {
    "caption": "captions",
    "footer": "footers",
    "credit": "credits",
    "boilerplate": "boilerplate",
    "dateline": "datelines",
}
DATELINE_SCAN = 3  # datelines are looked for at the start of the first few body paragraphs


@dataclass
class Piece:
    """A paragraph (or the part of one) of the original text with its offsets."""

    start: int
    end: int
    text: str


@dataclass
class Debris:
    captions: list[Piece] = field(default_factory=list)
    footers: list[Piece] = field(default_factory=list)
    links: list[Piece] = field(default_factory=list)
    boilerplate: list[Piece] = field(default_factory=list)
    credits: list[Piece] = field(default_factory=list)
    datelines: list[Piece] = field(default_factory=list)
    title: Piece | None = None
    original_url: str | None = None
    outlet: str | None = None
    wire: str | None = None
    dateline: str | None = None


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
    subheads: list[tuple[int, int]] = field(default_factory=list)  # (start, end) in the cleaned text
    tables: list[tuple[int, int]] = field(default_factory=list)  # table rows ("| a | b |"), same offsets


@dataclass(frozen=True)
class Rules:
    """The compiled patterns of boilerplate.json."""

    max_chars: int
    boilerplate_start: re.Pattern
    boilerplate_any: re.Pattern
    list_heads: re.Pattern
    footer_start: re.Pattern
    caption_start: re.Pattern
    caption_any: re.Pattern
    credit_line: re.Pattern
    credit_suffix: re.Pattern
    reuters_style: re.Pattern
    embedded_post: re.Pattern
    wire_names: dict[str, str]  # alias -> canonical agency
    wire_mention: re.Pattern
    wire_hosts: dict[str, str]
    dateline_wire: re.Pattern
    dateline_caps: re.Pattern
    dateline_alone: re.Pattern
    author_bio: re.Pattern


# patterns are written with straight quotes and plain spaces; a paragraph is matched with its
# typographic apostrophes and no-break spaces made plain (one character for one: offsets hold)
_PLAIN = str.maketrans({"’": "'", "‘": "'", "\u00a0": " ", "\u2009": " ", "\u202f": " "})
BIO_SCAN = 2  # an author's bio is looked for in the last paragraphs only


def plain(text: str) -> str:
    return text.translate(_PLAIN)


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def _word_led(patterns: list[str]) -> re.Pattern:
    """Patterns searched anywhere, those that start at a word boundary behind one shared \\b: the
    search then tries them only where a word starts."""
    led = [p.removeprefix("\\b") for p in patterns if p.startswith("\\b")]
    rest = [p for p in patterns if not p.startswith("\\b")]
    parts = ([rf"\b(?:{_alternation(led)})"] if led else []) + ([_alternation(rest)] if rest else [])
    return re.compile("|".join(parts), re.I)


@cache
def rules() -> Rules:
    raw = json.loads(resources.files("reportedly.data").joinpath("boilerplate.json").read_text("utf-8"))
    names = {alias: canon for canon, aliases in raw["wires"].items() for alias in [canon, *aliases]}
    wires = "|".join(re.escape(a) for a in sorted(names, key=len, reverse=True))
    return Rules(
        max_chars=raw["max_chars"],
        boilerplate_start=re.compile(rf"^\s*[\"“'(\[]?\s*(?:{_alternation(raw['boilerplate_start'])})", re.I),
        boilerplate_any=_word_led(raw["boilerplate_any"]),
        list_heads=re.compile(raw["list_heads"], re.I),
        footer_start=re.compile(rf"^\s*(?:{_alternation(raw['footer_start'])})(?:\b|\s|[:：])", re.I),
        caption_start=re.compile(rf"^\s*\[?\s*(?:{_alternation(raw['caption_start'])})\s*[:：(|]", re.I),
        caption_any=re.compile(_alternation(raw["caption_any"]), re.I),
        credit_line=re.compile(rf"\s*[-—–]*\s*(?:{_alternation(raw['credit_line'])})\s*", re.I),
        credit_suffix=re.compile(raw["credit_suffix"], re.I),
        reuters_style=re.compile(raw["reuters_credit_style"], re.I),
        embedded_post=re.compile(raw["embedded_post"], re.I),
        wire_names=names,
        wire_mention=re.compile(rf"(?<![\w-])(?:The\s+)?({wires})(?![\w-])"),
        wire_hosts=raw["wire_hosts"],
        dateline_wire=re.compile(
            rf"^(?P<place>(?!{_MONTH}\s+\d)[A-Z][\w.'’ -]{{0,40}}?{_REGION}?)?{_DATE}?"
            rf"\s*\((?P<wire>{wires})(?:/[^)]{{0,30}})?\)(?:{_DASH}|\s*[-:]\s*)"
        ),
        dateline_caps=re.compile(rf"^(?P<place>{_CAPS_PLACE}{_REGION}?){_DATE}?{_DASH}(?=\S)"),
        dateline_alone=re.compile(rf"^(?P<place>{_CAPS_PLACE},\s*{_CAPS_PLACE}){_DATE}?\s*$"),
        author_bio=re.compile(raw["author_bio"]),
    )


def split_paragraphs(text: str) -> list[Piece]:
    """Blank lines (spaces of any kind only, no-break ones too) separate paragraphs; if there are
    none, every line is a paragraph."""
    blank = r"\n[^\S\n]*\n"
    sep = re.compile(blank + r"\s*" if re.search(blank, text) else r"\n\s*")
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


def wire_of_host(url: str | None) -> str | None:
    """The wire agency whose own site `url` is on, if any."""
    host = (urlparse(url).hostname or "").lower() if url else ""
    return next((w for h, w in rules().wire_hosts.items() if host == h or host.endswith("." + h)), None)


def wire_in(text: str) -> str | None:
    """Canonical name of the first wire agency named in `text` ("Associated Press" -> "AP")."""
    m = rules().wire_mention.search(text)
    return rules().wire_names[m.group(1)] if m else None


def is_caption(text: str) -> bool:
    """An explicit photo/graphic caption or credit ("Photo: ...", "(Graphic: ...)", "Getty Images")."""
    r = rules()
    return len(text) < 200 and bool(r.caption_start.match(text) or r.caption_any.search(text))


def is_subhead(text: str) -> bool:
    """A short title-like line: a subhead, a name or a label; kept in the text, never a claim."""
    words = text.split()
    if not words or len(words) > 12 or len(text) > 100 or _LIST_ITEM.match(text):
        return False
    if _SENTENCE_END.search(text) or _URL.search(text) or "@" in text:
        return False
    return text.count(",") <= 1


def is_table(text: str) -> bool:
    """Rows of a table as trafilatura writes them: every line '| a | b |'."""
    lines = text.splitlines()
    return bool(lines) and all(ln.strip().startswith("|") and ln.strip().endswith("|") for ln in lines)


def is_headline(text: str) -> bool:
    """A headline in title case ("Rand Paul Scores Direct Hit On Donald Trump."), as listed under
    "Related:": 3-25 words, and all but one of those longer than three letters capitalised."""
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    long = [w for w in words if len(w) > 3]
    return 3 <= len(words) <= 25 and len(long) >= 2 and sum(not w[0].isupper() for w in long) <= 1


def is_boilerplate(text: str) -> bool:
    r = rules()
    return len(text) <= r.max_chars and bool(
        r.boilerplate_start.match(text) or r.boilerplate_any.search(text)
    )


def is_credit(text: str) -> bool:
    return len(text) <= rules().max_chars and bool(rules().credit_line.fullmatch(text))


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def is_title(text: str, index: int, count: int, title: str | None) -> bool:
    """The article's title repeated as its first paragraph; without a known title, a title-like
    first paragraph."""
    if index != 0 or count < 2 or not is_subhead(text):
        return False
    if title is None:
        return True
    own, known = _words(text), _words(title)
    return bool(own) and (own in known or known in own)


def classify(piece: Piece, index: int, count: int, title: str | None = None) -> str:
    text = plain(piece.text)
    r = rules()
    if _SOURCE_LINK.match(text) or (_URL.fullmatch(text.strip())):
        return "link"
    kind = explicit_debris(text)
    if kind == "footer":
        return kind
    if r.embedded_post.search(text):
        return "body"  # a quoted post (tweet) is article text, whatever words it contains
    if kind:
        return kind
    if index >= count - BIO_SCAN and len(text) <= r.max_chars and r.author_bio.match(text):
        return "credit"  # "Aaron Kall is director of debate at the University of Michigan."
    if index < DATELINE_SCAN and r.dateline_alone.match(text):
        return "dateline"
    if is_title(text, index, count, title):
        return "title"
    if is_table(text):
        return "table"
    return "subhead" if is_subhead(text) else "body"


def split_dateline(piece: Piece) -> tuple[Piece, Piece, str, str | None] | None:
    """(dateline, rest, place, wire) when `piece` opens with a dateline such as 'LONDON (AP) —'."""
    r = rules()
    m = r.dateline_wire.match(piece.text)
    if not m and (m := r.dateline_caps.match(piece.text)) and not _known_dateline_place(m.group("place")):
        return None  # 'SIEGEL--Jerome Arthur, 98, ...' is an obituary, not a dateline
    if not m or m.end() >= len(piece.text):
        return None
    head = piece.text[: m.end()].rstrip()
    rest = piece.text[m.end() :]
    wire = r.wire_names[m.group("wire")] if "wire" in m.groupdict() and m.group("wire") else None
    place = _place_name(m.group("place") or "")
    return (
        Piece(piece.start, piece.start + len(head), head),
        Piece(piece.start + m.end(), piece.end, rest),
        place,
        wire,
    )


def _known_dateline_place(place: str) -> bool:
    """A capitals-only dateline without an agency: 'CITY, Region' or a place the gazetteer knows."""
    from reportedly.extract.entities import lookup_place

    return "," in place or lookup_place(_place_name(place)) is not None


def _place_name(place: str) -> str:
    place = place.strip(" ,")
    return " ".join(w.capitalize() if w.isupper() else w for w in place.split())


# a markup tag left in plain text: '<tweet author="x" tweet_id="1">', '</tweet>', '<a href=”…”>'
_TAG = r"</?[A-Za-z][\w-]*(?:\s+[\w:-]+\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'|[“”][^“”<>]*[“”]|[^\s<>]+))*\s*/?>"
_LEADING_TAG = re.compile(rf"\s*{_TAG}\s*")
_TRAILING_TAG = re.compile(rf"\s*{_TAG}[\s.,;:]*$")


def _unmarked(piece: Piece, debris: Debris) -> list[Piece]:
    """A paragraph without the markup tags that open or close it (they go to the boilerplate);
    a tag inside a sentence stays, so that no sentence is cut in two."""
    text, start, end = piece.text, 0, len(piece.text)
    while start < end and (m := _LEADING_TAG.match(text, start, end)):
        debris.boilerplate.append(_sub_piece(piece, piece.start + start, piece.start + m.end()))
        start = m.end()
    while start < end and (m := _TRAILING_TAG.search(text, start, end)):
        debris.boilerplate.append(_sub_piece(piece, piece.start + m.start(), piece.start + end))
        end = m.start()
    if (start, end) == (0, len(text)):
        return [piece]
    if not any(c.isalnum() for c in text[start:end]):  # only the punctuation after the tags
        if start < end:
            debris.boilerplate.append(_sub_piece(piece, piece.start + start, piece.start + end))
        return []
    return [_sub_piece(piece, piece.start + start, piece.start + end)]


def explicit_debris(text: str) -> str | None:
    """The debris kind the explicit patterns give a paragraph or line (footer, caption, credit,
    boilerplate), before any look at embedded posts; None when none applies."""
    r = rules()
    if r.footer_start.match(text):
        return "footer"
    if len(text) > r.max_chars:
        return None  # the other patterns are for short paragraphs only
    if is_caption(text):
        return "caption"
    if is_credit(text):
        return "credit"
    return "boilerplate" if is_boilerplate(text) else None


def _line_debris(text: str) -> str | None:
    """The debris kind of one line by the explicit patterns alone (no title, subhead or dateline);
    a line of an embedded post is never debris."""
    text = plain(text)
    kind = explicit_debris(text)
    return None if kind is None or rules().embedded_post.search(text) else kind


def _without_debris_lines(piece: Piece, debris: Debris) -> list[Piece]:
    """A paragraph of several lines (single newlines inside blank-line paragraphs) without the
    lines that are explicit debris; a note ("Editor's note: ...", "This story has been updated
    ...") takes the rest of the paragraph with it. The runs of lines left become paragraphs."""
    if "\n" not in piece.text:
        return [piece]
    runs: list[Piece] = []
    run: list[int] = []  # start and end of the current run of kept lines
    pos = 0
    for line in piece.text.split("\n"):
        start = piece.start + pos + len(line) - len(line.lstrip())
        end = piece.start + pos + len(line.rstrip())
        pos += len(line) + 1
        if end <= start:
            continue
        kind = _line_debris(line.strip())
        if kind is None:
            run = [run[0] if run else start, end]
            continue
        if kind == "footer":  # a note runs to the end of its paragraph, over however many lines
            end = piece.end
        getattr(debris, _DEBRIS_FIELD[kind]).append(_sub_piece(piece, start, end))
        runs += [_sub_piece(piece, *run)] if run else []
        run = []
        if kind == "footer":
            return runs
    return runs + ([_sub_piece(piece, *run)] if run else [])


def _sub_piece(piece: Piece, start: int, end: int) -> Piece:
    return Piece(start, end, piece.text[start - piece.start : end - piece.start])


def split_credit_suffix(piece: Piece) -> tuple[Piece, Piece] | None:
    """(body, credit) when a paragraph ends with '(Reporting by X; Editing by Y)'."""
    m = rules().credit_suffix.search(piece.text)
    if not m or m.start() == 0:
        return None
    body = piece.text[: m.start()].rstrip()
    return Piece(piece.start, piece.start + len(body), body), Piece(
        piece.start + m.start(), piece.end, m.group(0)
    )


def clean(text: str, title: str | None = None) -> CleanText:
    """Split `text` into body and debris; body paragraphs are joined by blank lines."""
    debris = Debris()
    pieces = [
        line
        for piece in split_paragraphs(text)
        for part in _unmarked(piece, debris)
        for line in _without_debris_lines(part, debris)
    ]
    kept: list[tuple[Piece, str]] = []  # (piece, "body" / "subhead" / "table")
    after_list_head = False
    for i, piece in enumerate(pieces):
        kind = classify(piece, i, len(pieces), title)
        listed = after_list_head and bool(_LIST_ITEM.match(piece.text) or is_headline(piece.text))
        if listed and len(piece.text) <= rules().max_chars:
            kind = "boilerplate"  # the links listed under "Related:" / "More:", bulleted or headlines
        head = rules().list_heads.match(piece.text.lstrip("\"“'(["))
        after_list_head = kind == "boilerplate" and (bool(head) or listed)
        if kind in ("body", "subhead", "table"):
            if kind == "body" and (split := split_credit_suffix(piece)):
                piece, credit = split
                debris.credits.append(credit)
            kept.append((piece, kind))
        elif kind == "link":
            debris.links.append(piece)
            m = _URL.search(piece.text)
            if m and debris.original_url is None:
                debris.original_url = m.group(0).rstrip(".,;")
        elif kind == "title":
            debris.title = piece
        else:
            getattr(debris, _DEBRIS_FIELD[kind]).append(piece)
    kept = _take_datelines(kept, debris)
    if title and debris.title is None:
        debris.title = Piece(-1, -1, title)
    if debris.original_url:
        debris.outlet = outlet_from_url(debris.original_url)
    debris.wire = debris.wire or _wire_from_credits(debris)
    offsets = OffsetMap()
    parts: list[str] = []
    marked: dict[str, list[tuple[int, int]]] = {"subhead": [], "table": [], "body": []}
    pos = 0
    for piece, kind in kept:
        if parts:
            parts.append("\n\n")
            pos += 2
        offsets.add(pos, piece.start, len(piece.text))
        marked[kind].append((pos, pos + len(piece.text)))
        parts.append(piece.text)
        pos += len(piece.text)
    return CleanText(
        text="".join(parts),
        original=text,
        offsets=offsets,
        debris=debris,
        subheads=marked["subhead"],
        tables=marked["table"],
    )


def _take_datelines(kept: list[tuple[Piece, str]], debris: Debris) -> list[tuple[Piece, str]]:
    """Move the first dateline among the first body paragraphs into debris."""
    if debris.datelines:  # a paragraph of its own
        debris.dateline = _place_name(rules().dateline_alone.match(debris.datelines[0].text).group("place"))
        return kept
    for n, (piece, _) in enumerate(kept[:DATELINE_SCAN]):
        if split := split_dateline(piece):
            head, rest, place, wire = split
            debris.datelines.append(head)
            debris.dateline = place or None
            debris.wire = wire
            return [*kept[:n], (rest, "body"), *kept[n + 1 :]]
    return kept


def _wire_from_credits(debris: Debris) -> str | None:
    for piece in [*debris.credits, *debris.footers]:
        if wire := wire_in(piece.text):
            return wire
    if any(rules().reuters_style.match(p.text) for p in debris.credits):
        return "Reuters"
    return None
