"""Does a negated claim oppose another claim of its story, or only share its topic?

Story membership is judged on similarity, and a story can hold "X did not recommend charges" beside
"X said Clinton was careless": a negation in one story is no evidence that one report denies the
other. Read on the 254-article PolNeAR ledger, 1 in 29 negated-vs-asserted pairs reported this way
was a real contradiction (benchmarks/data/contradiction_pairs.jsonl). So a negated claim opposes an
asserted one only when it restates it: half of the shorter claim's content words (negation words
left out, stemmed) appear in the other, and enough of them, beyond names, to say what is asserted.
Two claims that say the same but for a pair of opposite words ("help"/"hurt") oppose each other
too (`opposite_words`); stories take such a claim out of their support without reporting it."""

from __future__ import annotations

import re
from functools import lru_cache

from nltk.stem.porter import PorterStemmer
from spacy.lang.en.stop_words import STOP_WORDS

from reportedly.fuse.facts import IRREGULAR_FORMS, OPPOSITES, Facts

MIN_SHARED = 3  # content words shared: fewer is a topic, not a proposition
MIN_SHARED_COMMON = 2  # of them not names: shared names alone say who, not what
MIN_CONTAINMENT = 0.5  # of the shorter claim's content words found in the other
MIN_SHARED_OPPOSED = 2  # content words two claims with opposite words share besides them
_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_STEM = PorterStemmer()


@lru_cache(maxsize=100_000)
def content_stems(text: str) -> tuple[dict[str, str], frozenset[str]]:
    """A text's content words by stem (the first word seen for each), stop words (which hold
    the negations) left out; and the stems that only ever appear capitalised (names)."""
    out: dict[str, str] = {}
    lower: set[str] = set()
    for w in _TOKEN.findall(text.replace("n't", " not")):
        low = w.lower()
        if low in STOP_WORDS or len(low) < 3:
            continue
        stem = _STEM.stem(IRREGULAR_FORMS.get(low, low))
        out.setdefault(stem, low)
        if not w[0].isupper():
            lower.add(stem)
    return out, frozenset(out.keys() - lower)


def restates(a: Facts, b: Facts) -> tuple[bool, list[str]]:
    """(do a and b state one proposition, negation aside?, a's words for what they share)."""
    (x, names_x), (y, names_y) = content_stems(a.text), content_stems(b.text)
    shared = x.keys() & y.keys()
    common = shared - (names_x | names_y)
    enough = (
        len(shared) >= MIN_SHARED
        and len(common) >= MIN_SHARED_COMMON
        and len(shared) >= MIN_CONTAINMENT * min(len(x), len(y))
    )
    return enough, sorted(x[s] for s in shared)


@lru_cache(maxsize=1)
def _opposites() -> dict[str, set[str]]:
    """Stem -> the stems of its opposites (data/fusion_words.json "opposites")."""
    out: dict[str, set[str]] = {}
    for x, y in OPPOSITES:
        sx, sy = _STEM.stem(x), _STEM.stem(y)
        out.setdefault(sx, set()).add(sy)
        out.setdefault(sy, set()).add(sx)
    return out


def opposite_words(a: Facts, b: Facts) -> tuple[str, str] | None:
    """(a's word, b's word) when a and b state one proposition but for a pair of opposite words
    ("Wall Street does more to hurt the economy than help" / "Wall Street does more to help the
    economy"; "should refuse Syrian refugees" / "should accept Syrian refugees"): a claim's word of
    the pair is the first it uses ("more to hurt ... than help" says hurt), both claims are negated
    alike, and they share at least MIN_SHARED_OPPOSED other content words, one of them no name,
    half of the shorter claim's."""
    if a.negative != b.negative:
        return None
    (x, names_x), (y, names_y) = content_stems(a.text), content_stems(b.text)
    opposites = _opposites()
    for sx in x:  # in the order of the text
        if sx not in opposites:
            continue
        sy = next((s for s in y if s in opposites and (s == sx or s in opposites[sx])), None)
        if sy is None or sy == sx:
            return None  # b uses the same word of the pair first, or none of it
        rest_x, rest_y = x.keys() - opposites[sx] - {sx}, y.keys() - opposites[sy] - {sy}
        shared = rest_x & rest_y
        if (
            len(shared) >= MIN_SHARED_OPPOSED
            and shared - (names_x | names_y)
            and len(shared) >= MIN_CONTAINMENT * min(len(rest_x), len(rest_y))
        ):
            return x[sx], y[sy]
        return None
    return None


def opposes_claim(denial: Facts, support: Facts) -> tuple[bool, list[str]]:
    """Does the negated claim `denial` deny what the asserted claim `support` states?"""
    if support.negative or not denial.negative:
        return False, []
    return restates(denial, support)
