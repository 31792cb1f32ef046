"""Quantities: numbers normalised to values with bounds, approximation, the counted thing,
unit and role ("about 30,000 additional soldiers" -> 30000, approximate, soldier, increment;
"bringing the total number to over 40,000" -> lower bound 40000, exclusive, total)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from reportedly.extract.spans import char_span
from reportedly.schema import Quantity

_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a": 1,
    "an": 1,
    "half": 0.5,
    "dozen": 12,
}
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "k": 1_000,
    "m": 1_000_000,
    "bn": 1_000_000_000,
    "mln": 1_000_000,
}
_VAGUE = {
    "hundreds": 100,
    "thousands": 1_000,
    "millions": 1_000_000,
    "billions": 1_000_000_000,
    "dozens": 12,
    "tens": 10,
}
# (phrase before the number) -> (bound, inclusive, approximate)
_PRE = [
    ("more than", "lower", False, False),
    ("over", "lower", False, False),
    ("above", "lower", False, False),
    ("upwards of", "lower", False, True),
    ("in excess of", "lower", False, False),
    ("exceeding", "lower", False, False),
    ("at least", "lower", True, False),
    ("no fewer than", "lower", True, False),
    ("no less than", "lower", True, False),
    ("as many as", "upper", True, False),
    ("up to", "upper", True, False),
    ("at most", "upper", True, False),
    ("fewer than", "upper", False, False),
    ("less than", "upper", False, False),
    ("under", "upper", False, False),
    ("below", "upper", False, False),
    ("nearly", "upper", True, True),
    ("almost", "upper", True, True),
    ("close to", "exact", True, True),
    ("about", "exact", True, True),
    ("around", "exact", True, True),
    ("approximately", "exact", True, True),
    ("roughly", "exact", True, True),
    ("some", "exact", True, True),
    ("an estimated", "exact", True, True),
    ("estimated", "exact", True, True),
    ("circa", "exact", True, True),
    ("approx.", "exact", True, True),
]
_POST = [
    ("or more", "lower", True, False),
    ("plus", "lower", True, False),
    ("or so", "exact", True, True),
    ("or fewer", "upper", True, False),
]
_INCREMENT = {"additional", "more", "extra", "another", "further", "new", "fresh", "added"}
_TOTAL = {"total", "overall", "altogether", "cumulative", "combined", "all"}
_DECREMENT = {"fewer", "less"}
_UNITS = {
    "percent": "percent",
    "%": "percent",
    "per": None,
    "$": "USD",
    "dollar": "USD",
    "usd": "USD",
    "€": "EUR",
    "euro": "EUR",
    "£": "GBP",
    "pound": "GBP",
    "yuan": "CNY",
    "ruble": "RUB",
    "rouble": "RUB",
    "won": "KRW",
    "km": "km",
    "kilometer": "km",
    "kilometre": "km",
    "mile": "mile",
    "meter": "m",
    "metre": "m",
    "ton": "t",
    "tonne": "t",
    "kg": "kg",
    "kilogram": "kg",
    "hour": "h",
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
}
_SKIP_ENTS = {"DATE", "TIME", "ORDINAL"}
_NUM_RE = re.compile(r"^[+-]?\d{1,3}(?:[,\s]\d{3})+(?:\.\d+)?$|^[+-]?\d+(?:\.\d+)?$")


def parse_number(words: list[str]) -> float | None:
    """'30,000' -> 30000; '1.5 million' -> 1.5e6; 'twelve thousand' -> 12000; '12k' -> 12000."""
    total, current, seen = 0.0, 0.0, False
    for raw in words:
        w = raw.lower().replace("\u00a0", "")
        m = re.fullmatch(r"(\d+(?:\.\d+)?)(k|m|bn|mln)", w)
        if m:
            current += float(m.group(1)) * _SCALES[m.group(2)]
            seen = True
        elif _NUM_RE.match(w):
            current += float(re.sub(r"[,\s]", "", w))
            seen = True
        elif w in _WORDS:
            current += _WORDS[w]
            seen = True
        elif w in _SCALES:
            current = (current or 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total, current = total + current, 0.0
            seen = True
        elif w in ("and", "-"):
            continue
        else:
            return None
    return total + current if seen else None


def _number_run(doc: Doc, tok: Token) -> tuple[int, int]:
    """Extend a numeric token over adjacent numeric words ('1.5 million', 'forty thousand')."""
    start = end = tok.i
    while start > 0 and _is_numeric(doc[start - 1]) and doc[start - 1].lower_ not in ("a", "an"):
        start -= 1
    while end + 1 < len(doc) and (_is_numeric(doc[end + 1]) or doc[end + 1].lower_ in _SCALES):
        end += 1
    return start, end + 1


def _is_numeric(tok: Token) -> bool:
    low = tok.lower_
    return bool(tok.like_num or low in _SCALES or _NUM_RE.match(low)) and low not in ("a", "an")


def _phrase_before(doc: Doc, i: int, table) -> tuple[int, tuple] | None:
    for phrase, *info in table:
        words = phrase.split()
        lo = i - len(words)
        if lo >= 0 and [t.lower_ for t in doc[lo:i]] == words:
            return lo, tuple(info)
    return None


def _phrase_after(doc: Doc, j: int, table) -> tuple[int, tuple] | None:
    for phrase, *info in table:
        words = phrase.split()
        hi = j + len(words)
        if hi <= len(doc) and [t.lower_ for t in doc[j:hi]] == words:
            return hi, tuple(info)
    return None


def find_quantities(doc: Doc, start: int = 0, end: int | None = None) -> list[Quantity]:
    end = len(doc) if end is None else end
    found: list[Quantity] = []
    i = start
    last_thing: tuple[str, Token] | None = None
    while i < end:
        tok = doc[i]
        vague = tok.lower_ in _VAGUE and i + 1 < end and doc[i + 1].lower_ == "of"
        if not vague and (
            not _is_numeric(tok)
            or tok.ent_type_ in _SKIP_ENTS
            or tok.lower_ in _SCALES
            or tok.pos_ not in ("NUM", "X", "NOUN", "ADJ", "PROPN", "SYM")
        ):
            i += 1
            continue
        if not vague and _pronominal_number(doc, tok):
            i += 1
            continue
        if vague:
            q = _vague(doc, tok)
            run = (i, i + 2)
        else:
            run = _number_run(doc, tok)
            q = _numeric(doc, run)
        if q is not None:
            thing_tok = _counted(doc, run)
            if thing_tok is not None and thing_tok.lemma_.lower() in ("number", "total", "figure"):
                if last_thing is not None:
                    q.thing, q.thing_span = (
                        last_thing[0],
                        char_span(doc, last_thing[1].i, last_thing[1].i + 1),
                    )
                q.role = "total" if q.role == "unspecified" else q.role
            elif thing_tok is not None:
                q.thing = thing_tok.lemma_.lower()
                q.thing_span = char_span(doc, thing_tok.i, thing_tok.i + 1)
                last_thing = (q.thing, thing_tok)
                unit = _UNITS.get(q.thing)
                if unit:
                    q.unit = unit
            _set_role(doc, run, thing_tok, q)
            found.append(q)
        i = run[1]
    return found


def _pronominal_number(doc: Doc, tok: Token) -> bool:
    """'one of the few powers', 'the one who': a number word used as a pronoun, not a count."""
    nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else ""
    return tok.lower_ == "one" and (
        nxt in ("of", "who", "that", "another") or tok.dep_ not in ("nummod", "quantmod")
    )


def _vague(doc: Doc, tok: Token) -> Quantity:
    base = _VAGUE[tok.lower_]
    thing = doc[tok.i + 2] if tok.i + 2 < len(doc) else None
    q = Quantity(
        span=char_span(doc, tok.i, tok.i + 2),
        value=None,
        low=base * 2,
        high=base * 1000 - 1 if base >= 1000 else base * 10 - 1,
        bound="vague",
        approximate=True,
    )
    if thing is not None and thing.pos_ in ("NOUN", "PROPN"):
        q.thing, q.thing_span = thing.lemma_.lower(), char_span(doc, thing.i, thing.i + 1)
    return q


def _numeric(doc: Doc, run: tuple[int, int]) -> Quantity | None:
    s, e = run
    value = parse_number([t.text for t in doc[s:e]])
    if value is None:
        return None
    bound, inclusive, approx = "exact", True, False
    span_start, span_end = s, e
    cues = []
    pre = _phrase_before(doc, s, _PRE)
    if pre is not None:
        span_start, (bound, inclusive, approx) = pre
        cues.append(char_span(doc, span_start, s))
    post = _phrase_after(doc, e, _POST)
    if post is not None:
        span_end, (bound, inclusive, approx2) = post
        approx = approx or approx2
        cues.append(char_span(doc, e, span_end))
    low = high = None
    # ranges: "between 10,000 and 12,000", "10,000 to 12,000", "10,000-12,000"
    if e + 1 < len(doc) and doc[e].lower_ in ("to", "-", "–", "and") and _is_numeric(doc[e + 1]):
        run2 = _number_run(doc, doc[e + 1])
        value2 = parse_number([t.text for t in doc[run2[0] : run2[1]]])
        if value2 is not None and value2 > value:
            low, high, bound = value, value2, "range"
            span_end = run2[1]
            value = None
    if bound == "lower":
        low = value
    elif bound == "upper":
        high = value
    # currency and percent signs next to the number
    unit = None
    if s > 0 and doc[s - 1].text in _UNITS and _UNITS[doc[s - 1].text]:
        unit = _UNITS[doc[s - 1].text]
        span_start = min(span_start, s - 1)
    if span_end < len(doc) and doc[span_end].lower_ in ("%", "percent", "per"):
        unit = "percent"
        if doc[span_end].lower_ == "per" and span_end + 1 < len(doc):
            span_end += 1
        span_end += 1
    q = Quantity(
        span=char_span(doc, span_start, span_end),
        value=value,
        low=low,
        high=high,
        bound=bound,
        inclusive=inclusive,
        approximate=approx,
        unit=unit,
        cues=cues,
    )
    return q


def _counted(doc: Doc, run: tuple[int, int]) -> Token | None:
    """The noun a number counts: its nummod head, or the noun right after it."""
    last = doc[run[1] - 1]
    if (
        last.dep_ in ("nummod", "quantmod", "amod", "compound")
        and last.head.pos_ in ("NOUN", "PROPN")
        and last.head.i > last.i
    ):
        return last.head
    for tok in doc[run[1] : min(run[1] + 3, len(doc))]:
        if tok.pos_ in ("NOUN", "PROPN") and tok.lower_ not in _SCALES:
            return tok
        if tok.pos_ not in ("ADJ", "NOUN", "PROPN"):
            break
    # "to over 40,000" with the noun earlier: "the total number ... to N"
    head = last.head
    if head.dep_ in ("pobj",) or last.dep_ == "pobj":
        verb = last.head.head if last.dep_ == "pobj" else head
        for child in verb.children:
            if child.dep_ in ("dobj", "nsubj", "nsubjpass") and child.pos_ == "NOUN":
                return child
    return None


def _set_role(doc: Doc, run: tuple[int, int], thing: Token | None, q: Quantity) -> None:
    before = doc[max(run[0] - 3, 0) : run[1]]
    window = {
        t.lower_
        for t in before
        if not (t.lower_ in ("more", "less") and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "than")
    }
    if thing is not None:
        window |= {c.lower_ for c in thing.children if c.dep_ in ("amod", "advmod", "compound")}
        window |= {thing.lower_}
        window |= {c.lower_ for c in thing.children if c.dep_ == "prep"}
    if thing is not None and any(
        c.lower_ == "in" and any(g.lower_ == "total" for g in c.children) for c in thing.head.children
    ):
        q.role = "total"
    if window & _INCREMENT:
        q.role = "increment"
    elif window & _TOTAL:
        q.role = "total"
    elif window & _DECREMENT and q.bound not in ("upper",):
        q.role = "decrement"
    if q.role == "unspecified" and run[1] < len(doc):
        after = {t.lower_ for t in doc[run[1] : min(run[1] + 3, len(doc))]}
        if "in" in after and "total" in after:
            q.role = "total"
