"""Quantities: numbers normalised to values with bounds, approximation, unit, role, direction, the
measured variable and an as-of date ("about 30,000 additional soldiers" -> 30000, approximate,
soldier, increment, up; "bringing the total number to over 40,000" -> lower bound 40000, total;
"fell 3.38% to $55.12" -> a change of 3.38 percent, down, and a level of 55.12 USD).

Spotting and reading the figure happens here; what it measures, its role and its date are in
quantity_context. Word lists live in data/quantities.json."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc, Token

from reportedly.extract.numbers import (
    CURRENCY_SYMBOLS,
    DATA,
    FRACTIONS,
    SCALES,
    VAGUE,
    parse_number,
    split_token,
    word_value,
)
from reportedly.extract.quantity_context import annotate
from reportedly.extract.spans import char_span, doc_text
from reportedly.schema import Quantity

__all__ = ["find_quantities", "parse_number"]

CURRENCY_WORDS: dict[str, str] = DATA["currency_words"]
SUBUNITS: dict[str, list] = DATA["subunits"]
UNITS: dict[str, str] = DATA["units"]
TIME_UNITS = set(DATA["time_units"])
NOT_FRACTION_BEFORE = set(DATA["not_fraction_before"])
PRE_CUES = sorted(DATA["pre_cues"], key=lambda c: -len(c[0].split()))
POST_CUES = sorted(DATA["post_cues"], key=lambda c: -len(c[0].split()))
_PRE_WORDS = max((len(c[0].split()) for c in PRE_CUES), default=0)  # the longest cue, in words
_POST_WORDS = max((len(c[0].split()) for c in POST_CUES), default=0)
_UNIT_KEYS: dict[str, list[str]] = {}
for _key in sorted(UNITS, key=lambda k: -len(k.split())):
    _UNIT_KEYS.setdefault(_key.split()[0], []).append(_key)
_STARTERS = set(VAGUE) | set(FRACTIONS)
_DIGIT = re.compile(r"\d+")
_NAMED = re.compile("|".join(re.escape(n) for n in DATA["named_numbers"]))
_PHONE = re.compile(r"(?<![\d.])(?:\(\d{3}\)\s?|\d{3}[-.\s])\d{3}[-.]\d{4}(?!\d)")
_SKIP_ENTS = {"DATE", "TIME", "ORDINAL"}
_RANGE_LINKS = {"to", "-", "–", "—", "through"}


@dataclass
class Reading:
    """A figure as read from the tokens, before its context is known."""

    start: int  # first token of the span, cues included
    end: int
    num_start: int  # first token of the number itself
    num_end: int
    value: float | None
    low: float | None = None
    high: float | None = None
    bound: str = "exact"
    inclusive: bool = True
    approximate: bool = False
    unit: str | None = None
    cues: tuple[tuple[int, int], ...] = ()
    sent: int = 0  # start token of the sentence, set when the figure is kept
    from_level: bool = False  # the level a change starts from ('down from 47 percent')
    fallback: Token | None = None  # what it measures when no figure beside it says ('up from 37 percent')


def find_quantities(doc: Doc, start: int = 0, end: int | None = None) -> list[Quantity]:
    end = len(doc) if end is None else end
    blocked = _blocked_tokens(doc)
    readings: list[Reading] = []
    after = start  # the first token not yet inside a figure
    for i in _candidates(doc):
        if i < after or i >= end or i in blocked:
            continue
        r = _read(doc, i, end)
        if r is None:
            continue
        r.sent = doc[r.num_start].sent.start
        readings.append(r)
        after = max(r.end, i + 1)
    found = []
    for r in readings:
        q = Quantity(
            span=char_span(doc, r.start, r.end),
            value=r.value,
            low=r.low,
            high=r.high,
            bound=r.bound,  # type: ignore[arg-type]
            inclusive=r.inclusive,
            approximate=r.approximate,
            unit=r.unit,
            cues=[char_span(doc, a, b) for a, b in r.cues],
        )
        found.append((q, r))
    annotate(doc, found)
    return [q for q, _r in found]


def _candidates(doc: Doc) -> list[int]:
    """Tokens that may open a figure, found without walking every token in Python: those holding a
    digit, number-like words (spaCy's LIKE_NUM), fractions and vague magnitudes, 'a'/'an' before a
    scale or fraction ('a dozen', 'a third')."""
    text = doc_text(doc)
    idx = doc.to_array("IDX")
    found = set(np.searchsorted(idx, [m.start() for m in _DIGIT.finditer(text)], side="right") - 1)
    arr = doc.to_array(["LIKE_NUM", "LOWER"])
    strings = doc.vocab.strings
    starters = np.array([strings[w] for w in _STARTERS], dtype=arr.dtype)
    found.update(np.flatnonzero((arr[:, 0] == 1) | np.isin(arr[:, 1], starters)))
    articles = np.flatnonzero(np.isin(arr[:-1, 1], np.array([strings["a"], strings["an"]], dtype=arr.dtype)))
    if len(articles):
        after = np.array([strings[w] for w in set(SCALES) | set(FRACTIONS)], dtype=arr.dtype)
        found.update(articles[np.isin(arr[articles + 1, 1], after)])
    return sorted(int(i) for i in found)


def _blocked_tokens(doc: Doc) -> set[int]:
    """Tokens inside phone numbers and names that carry a number ('S&P 500', 'Nikkei 225')."""
    blocked: set[int] = set()
    text = doc_text(doc)
    for rx in (_PHONE, _NAMED):
        for m in rx.finditer(text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None:
                blocked.update(range(span.start, span.end))
    return blocked


# --- reading one figure ------------------------------------------------------------------


def _read(doc: Doc, i: int, end: int) -> Reading | None:
    r = _read_at(doc, i, end)
    if r is not None and r.bound not in ("range", "vague"):
        _cues(doc, r, end)
    return r


def _read_at(doc: Doc, i: int, end: int) -> Reading | None:
    tok = doc[i]
    low = tok.lower_
    if low in VAGUE and i + 1 < end and doc[i + 1].lower_ == "of":
        return _vague(doc, i)
    if low in ("a", "an") and i + 1 < end and doc[i + 1].lower_ in FRACTIONS and _fraction_ok(doc, i + 1):
        return _fraction(doc, i, i + 1, 1.0)
    if low in FRACTIONS and _fraction_ok(doc, i):
        if low in ("half", "halves") or (i > 0 and doc[i - 1].lower_ in ("a", "an")):
            return _fraction(doc, i, i, 1.0)
        return None
    if not _starts_number(doc, i):
        return None
    run_end = _number_run(doc, i, end)
    words = [t.text for t in doc[i:run_end]]
    # 'two-thirds', 'one-half of 1 percent'
    if run_end + 1 < end and doc[run_end].text in ("-", "–") and doc[run_end + 1].lower_ in FRACTIONS:
        count = parse_number(words)
        if count is not None:
            return _fraction(doc, i, run_end + 1, count)
    if _not_a_figure(doc, i, run_end):
        return None
    value = parse_number(words)
    cur, suffix_unit = _glued(doc[i]), _glued_suffix(doc[run_end - 1])
    if value is None:
        value = _glued_value(doc, i, run_end)
        if value is None:
            return None
    if doc[i].lower_ == "one" and run_end == i + 1 and not _one_counts(doc, i, end):
        return None
    r = Reading(start=i, end=run_end, num_start=i, num_end=run_end, value=value)
    share = _share(doc, r, end)
    if share is not None:
        return share
    _unit_after(doc, r, end, suffix_unit)
    if cur is not None:
        r.unit = CURRENCY_SYMBOLS[cur.lower()]
    _currency_before(doc, r)
    if _is_year(doc, r):
        return None
    _range(doc, r, end)
    if _in_date(doc, r) and r.unit is None:
        return None  # 'July 11-14', 'March 3': a date, not a figure; 'six months', '30-minute' stay
    return r


def _starts_number(doc: Doc, i: int) -> bool:
    tok = doc[i]
    if tok.lower_ in ("a", "an"):
        nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
        return nxt in SCALES and nxt not in ("k", "m", "b", "bn", "mn", "tn")
    if split_token(tok.text) is not None:
        return True
    return word_value(tok.text) is not None


def _number_run(doc: Doc, i: int, end: int) -> int:
    """One past the last token of the number starting at i ('1.5 million', 'one hundred and fifty',
    'a dozen', 'twenty - two', '13.8 - billion')."""
    j = i + 1
    while j < end:
        t = doc[j].lower_
        if t in SCALES and t not in ("k", "m", "b"):
            j += 1
        elif word_value(t) is not None and word_value(doc[j - 1].lower_) is not None:
            j += 1  # 'twenty two', 'one hundred fifty'
        elif word_value(t) is not None and doc[j - 1].lower_ in SCALES and doc[j - 1].lower_ != "dozen":
            j += 1
        elif (
            t == "and"
            and j + 1 < end
            and word_value(doc[j + 1].lower_) is not None
            and doc[j - 1].lower_ in ("hundred", "thousand", "million")
        ):
            j += 2  # 'one hundred and fifty'
        elif (
            t in ("-", "–")
            and j + 1 < end
            and j > i
            and (
                (word_value(doc[j - 1].lower_) is not None and word_value(doc[j + 1].lower_) is not None)
                or doc[j + 1].lower_ in SCALES
            )
        ):
            j += 2
        else:
            break
    return j


def _glued(tok: Token) -> str | None:
    parts = split_token(tok.text)
    return parts[0] if parts else None


def _glued_suffix(tok: Token) -> str | None:
    parts = split_token(tok.text)
    return parts[2] if parts else None


def _glued_value(doc: Doc, i: int, run_end: int) -> float | None:
    """'5percentage' or '4km': the number of a token with a unit glued on."""
    parts = split_token(doc[i].text)
    if parts is None or run_end != i + 1:
        return None
    return parts[1]


def _one_counts(doc: Doc, i: int, end: int) -> bool:
    """Bare 'one' is a figure only as 'one in 4' / 'one out of 11' ('one study', 'one of' are not)."""
    nxt = [t.lower_ for t in doc[i + 1 : min(i + 3, end)]]
    return nxt[:1] == ["in"] or nxt[:2] == ["out", "of"]


def _fraction_ok(doc: Doc, i: int) -> bool:
    """'half of', 'a third of', 'half a million', 'nearly half had'; not 'the first half', 'a third case'."""
    prev = doc[i - 1].lower_ if i > 0 else ""
    nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    if prev in NOT_FRACTION_BEFORE or (doc[i].ent_type_ in ("DATE", "ORDINAL") and nxt != "of"):
        return False
    if doc[i].lower_ in ("half", "halves"):
        return nxt not in ("-",) or (i + 2 < len(doc) and doc[i + 2].lower_ in SCALES)
    return nxt == "of"


def _fraction(doc: Doc, start: int, frac_tok: int, count: float) -> Reading:
    """A fraction: of a number it multiplies ('one-half of 1 percent', 'half a million', 'half an hour');
    otherwise a share in percent ('half of voters' = 50, 'two-thirds' = 66.67)."""
    share = count / FRACTIONS[doc[frac_tok].lower_]
    j = frac_tok + 1
    if j + 1 < len(doc) and doc[j].text in ("-", "–") and doc[j + 1].lower_ in SCALES:  # 'half-dozen'
        return Reading(start, j + 2, start, j + 2, share * SCALES[doc[j + 1].lower_])
    if j + 1 < len(doc) and doc[j].lower_ in ("a", "an", "of"):
        k = j + 1
        if doc[j].lower_ == "of" and _starts_number(doc, k) and doc[k].lower_ not in ("a", "an"):
            run_end = _number_run(doc, k, len(doc))
            value = parse_number([t.text for t in doc[k:run_end]])
            if value is not None:
                r = Reading(start, run_end, start, run_end, share * value)
                _unit_after(doc, r, len(doc), None)
                return r
        if doc[j].lower_ in ("a", "an") and doc[k].lower_ in SCALES:
            r = Reading(start, k + 1, start, k + 1, share * SCALES[doc[k].lower_])
            _unit_after(doc, r, len(doc), None)
            return r
        if doc[j].lower_ in ("a", "an"):
            r = Reading(start, j + 1, start, j + 1, share)
            _unit_after(doc, r, len(doc), None, skip=1)
            if r.unit is not None:
                return r
    return Reading(start, frac_tok + 1, start, frac_tok + 1, round(share * 100, 2), unit="percent")


def _vague(doc: Doc, i: int) -> Reading:
    """'thousands of', 'tens of thousands of', 'hundreds of thousands of dollars': a lower bound only."""
    base, end = VAGUE[doc[i].lower_], i + 1
    if i + 2 < len(doc) and doc[i + 2].lower_ in VAGUE and doc[i + 2].lower_ not in ("dozens", "tens"):
        base, end = base * VAGUE[doc[i + 2].lower_], i + 3
    r = Reading(i, end, i, end, None, low=base * 2, bound="vague", approximate=True)
    if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].lower_ in CURRENCY_WORDS:
        r.unit, r.end = CURRENCY_WORDS[doc[end + 1].lower_], end + 2
    return r


def _share(doc: Doc, r: Reading, end: int) -> Reading | None:
    """'4 in 10', 'eight out of 10', '1 in 64': a share in percent."""
    j = r.num_end
    if j < end and doc[j].lower_ == "in":
        k = j + 1
    elif j + 1 < end and doc[j].lower_ == "out" and doc[j + 1].lower_ == "of":
        k = j + 2
    else:
        return None
    if k >= end or not _starts_number(doc, k) or doc[k].lower_ in ("a", "an"):
        return None
    k_end = _number_run(doc, k, end)
    whole = parse_number([t.text for t in doc[k:k_end]])
    if not whole or r.value is None or whole < r.value or 1800 <= whole <= 2100:
        return None
    return Reading(r.start, k_end, r.num_start, k_end, round(100 * r.value / whole, 4), unit="percent")


def _not_a_figure(doc: Doc, i: int, run_end: int) -> bool:
    tok = doc[i]
    if tok.ent_type_ == "ORDINAL":
        return True
    prev = doc[i - 1] if i > 0 else None
    nxt = doc[run_end] if run_end < len(doc) else None
    has_unit = nxt is not None and (nxt.lower_ in UNITS or nxt.lower_ in CURRENCY_WORDS or nxt.text in ("-",))
    glued = split_token(tok.text)
    if glued and (glued[0] or glued[2]):
        has_unit = True
    # a model or index number after a name: 'GTX 1060', 'Series 3', 'Bruins 5'
    if (
        prev is not None
        and prev.pos_ == "PROPN"
        and prev.text[:1].isupper()
        and not has_unit
        and prev.ent_type_ not in ("DATE", "MONEY")
        and prev.lower_ not in CURRENCY_SYMBOLS
        and (nxt is None or nxt.pos_ not in ("NOUN",) or nxt.text[:1].isupper())
    ):
        return True
    # '737 Max': a number fused to a following singular name
    if (
        nxt is not None
        and nxt.tag_ == "NNP"
        and nxt.text[:1].isupper()
        and not has_unit
        and nxt.ent_type_ != "DATE"
    ):
        return nxt.lower_ not in CURRENCY_WORDS and nxt.lower_ not in UNITS
    # reference markers: '(13)', '[2]'
    if (
        prev is not None
        and nxt is not None
        and prev.text in ("(", "[")
        and nxt.text in (")", "]")
        and not has_unit
    ):
        return True
    # decades: "the 80's", "'80s"
    return nxt is not None and nxt.text in ("'s", "’s", "s") and tok.ent_type_ == "DATE"


def _is_year(doc: Doc, r: Reading) -> bool:
    if r.unit is not None or r.value is None or r.num_end - r.num_start != 1:
        return False
    text = doc[r.num_start].text
    return bool(re.fullmatch(r"(1[89]|20)\d\d", text)) and not _counts_noun(doc, r.end)


def _counts_noun(doc: Doc, j: int) -> bool:
    return j < len(doc) and doc[j].tag_ == "NNS" and doc[j].ent_type_ != "DATE"


def _in_date(doc: Doc, r: Reading) -> bool:
    return doc[r.num_start].ent_type_ in _SKIP_ENTS


def _unit_after(doc: Doc, r: Reading, end: int, suffix: str | None, skip: int = 0) -> None:
    """Units written after the number: '%', 'percentage points', '-point', 'euro', 'cents', 'miles'."""
    j = r.num_end + skip
    if suffix is not None:
        key = suffix.lower()
        nxt = doc[j].lower_ if j < end else ""
        if key == "percentage" and nxt in ("point", "points"):
            r.unit, r.end = "point", j + 1
            return
        if key in UNITS:
            r.unit = UNITS[key]
            return
    if j < end and doc[j].text in ("-", "–") and j + 1 < end:
        j += 1  # '2.5-point', '80-percent', 'six-month'
    for key in _UNIT_KEYS.get(doc[j].lower_, []) if j < end else []:
        words = key.split()
        if j + len(words) <= end and [t.lower_ for t in doc[j : j + len(words)]] == words:
            if (
                key in ("point", "points")
                and doc[j - 1].text not in ("-", "–")
                and not _points_context(doc, j)
            ):
                break
            r.unit, r.end = UNITS[key], j + len(words)
            return
    if j < end and doc[j].lower_ in CURRENCY_WORDS and (doc[j].lower_ != "won" or doc[j].pos_ == "NOUN"):
        r.unit, r.end = CURRENCY_WORDS[doc[j].lower_], j + 1
    elif j < end and doc[j].lower_ in SUBUNITS and r.value is not None:
        currency, factor = SUBUNITS[doc[j].lower_]
        if doc[j].lower_ != "p" or doc[j].whitespace_ == "":
            r.unit, r.end, r.value = currency, j + 1, round(r.value * factor, 6)


def _points_context(doc: Doc, j: int) -> bool:
    """'three points' is a unit in polls and markets, not in 'three points of agreement'."""
    nxt = doc[j + 1].lower_ if j + 1 < len(doc) else ""
    return nxt != "of"


def _currency_before(doc: Doc, r: Reading) -> None:
    """'$', 'US$', 'C$', 'HK$' or '€' right before the number: kept with it."""
    s = r.start
    if s > 0 and doc[s - 1].lower_ in CURRENCY_SYMBOLS:
        r.unit = CURRENCY_SYMBOLS[doc[s - 1].lower_]
        r.start = s - 1
    elif s > 1 and doc[s - 1].text in ("$",) and doc[s - 2].text.upper() in ("US", "C", "HK", "A", "NZ", "S"):
        key = (doc[s - 2].text + "$").lower()
        r.unit = CURRENCY_SYMBOLS.get(key, "USD")
        r.start = s - 2


def _range(doc: Doc, r: Reading, end: int) -> None:
    """'between 10,000 and 12,000', '15 to 20 people', '600-700', '$6 to $12'. Not a range: a fall 'to'
    a level ('down by 30 to 126', 'from $362 million to $557 million' after a change verb), a tally
    ('50 to 48 percent'), years."""
    j = r.end if r.unit is not None and r.end > r.num_end else r.num_end
    if j >= end or r.value is None:
        return
    link = doc[j].lower_
    between = _between(doc, r.start)
    if not (link in _RANGE_LINKS or (link == "and" and between is not None)):
        return
    k = j + 1
    if k < end and doc[k].lower_ in CURRENCY_SYMBOLS:
        k += 1
    if k >= end or not _starts_number(doc, k) or doc[k].lower_ in ("a", "an", "one"):
        return
    k_end = _number_run(doc, k, end)
    second = parse_number([t.text for t in doc[k:k_end]])
    if second is None:
        second = _glued_value(doc, k, k_end)
    if second is None or second <= r.value or (link == "to" and between is None and _change_context(doc, r)):
        return
    if link in ("-", "–", "—") and _looks_like_years(r.value, second):
        return
    r2 = Reading(k, k_end, k, k_end, second)
    _unit_after(doc, r2, end, _glued_suffix(doc[k_end - 1]))
    r.low, r.high, r.value, r.bound = r.value, second, None, "range"
    r.end = r2.end
    r.unit = r.unit or r2.unit
    if between is not None:
        r.start = between


def _looks_like_years(a: float, b: float) -> bool:
    return 1800 <= a <= 2100 and (1800 <= b <= 2100 or b < 100)


def _between(doc: Doc, s: int) -> int | None:
    """Index of 'between' opening the range: 'between 57', 'between the ages of 18'."""
    for back in (1, 4):
        k = s - back
        if k >= 0 and doc[k].lower_ == "between" and all(t.lower_ != "," for t in doc[k:s]):
            return k
    return None


def _change_context(doc: Doc, r: Reading) -> bool:
    """The number sits in a change ('increased from X to Y', 'down by 30 to 126')."""
    words = {t.lemma_.lower() for t in doc[max(r.start - 4, 0) : r.start]}
    changes = set(DATA["change_up"]) | set(DATA["change_down"])
    head = doc[r.num_end - 1].head
    return bool(words & changes) or head.lemma_.lower() in changes or head.head.lemma_.lower() in changes


def _cues(doc: Doc, r: Reading, end: int) -> Reading:
    """Bound and approximation cues around the figure: 'more than $21 million', '12 and older'."""
    if r.bound == "range":
        return r
    before = [t.lower_ for t in doc[max(r.start - _PRE_WORDS, 0) : r.start]]
    for phrase, bound, inclusive, approx in PRE_CUES:
        words = phrase.split()
        lo = r.start - len(words)
        if lo >= 0 and before[len(before) - len(words) :] == words:
            if phrase == "some" and lo > 0 and doc[lo - 1].lower_ in ("for", "in"):
                continue
            r.cues += ((lo, r.start),)
            r.start, r.bound, r.inclusive, r.approximate = lo, bound, inclusive, approx
            break
    after = [t.lower_ for t in doc[r.end : min(r.end + _POST_WORDS, end)]]
    for phrase, bound, inclusive, approx in POST_CUES:
        words = phrase.split()
        hi = r.end + len(words)
        if hi <= end and after[: len(words)] == words:
            r.cues += ((r.end, hi),)
            r.end, r.bound, r.inclusive = hi, bound, inclusive
            r.approximate = r.approximate or approx
            break
    if r.bound == "lower" and r.value is not None:
        r.low = r.value
    elif r.bound == "upper" and r.value is not None:
        r.high = r.value
    return r
