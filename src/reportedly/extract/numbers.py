"""Numbers written in digits, words or both: '30,000', '1.5 million', 'one hundred and fifty',
'a dozen', '$1.2bn', '5percentage'. Cardinal words go through text2num (a maintained number-words
parser); scales, fractions and vague magnitudes come from data/quantities.json."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from text_to_num import text2num

DATA = json.loads(resources.files("reportedly.data").joinpath("quantities.json").read_text("utf-8"))
SCALES: dict[str, float] = DATA["scales"]
VAGUE: dict[str, float] = DATA["vague"]
FRACTIONS: dict[str, int] = DATA["fractions"]
CURRENCY_SYMBOLS: dict[str, str] = DATA["currency_symbols"]
NOT_NUMBER_WORDS = set(DATA["not_number_words"])  # read as numbers by text2num, rarely meant so

_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
NUM_RE = re.compile(rf"^[+-]?(?:{_DIGITS})$")
# one token holding a number with a glued currency sign and/or suffix: '$1.2bn', 'HK$3bn', '5percentage'
TOKEN_RE = re.compile(rf"^(?P<cur>[A-Za-z]{{0,3}}[$€£¥₹₩₽])?(?P<num>{_DIGITS})(?P<suf>[A-Za-z%]+)?$")


@cache
def word_value(word: str) -> float | None:
    """A single cardinal word ('twelve', 'fifty') through text2num; None for anything else."""
    word = word.lower()
    if not word.isalpha() or word in ("a", "an", "and") or word in SCALES or word in NOT_NUMBER_WORDS:
        return None
    try:
        return float(text2num(word, "en"))
    except ValueError:
        return None


def split_token(text: str) -> tuple[str | None, float, str | None] | None:
    """'$1.2bn' -> ('$', 1.2e9, None); '5percentage' -> (None, 5, 'percentage'); '30,000' -> (None, 30000,
    None). A suffix that is a scale multiplies; any other suffix is returned for the caller (unit)."""
    m = TOKEN_RE.match(text.replace("\u00a0", ""))
    if not m:
        return None
    cur = m.group("cur")
    if cur is not None and cur.lower() not in CURRENCY_SYMBOLS:
        return None
    value = float(m.group("num").replace(",", ""))
    suf = m.group("suf")
    if suf is not None and suf.lower() in SCALES:
        return cur, value * SCALES[suf.lower()], None
    if suf is not None and suf.lower() not in DATA["units"] and suf.lower() != "percentage":
        return None  # '1970s', '737x', '4K'
    return cur, value, suf


def parse_number(words: list[str]) -> float | None:
    """'30,000' -> 30000; '1.5 million' -> 1.5e6; 'twelve thousand' -> 12000; '12k' -> 12000;
    'one hundred and fifty' -> 150; 'a dozen' -> 12; 'two dozen' -> 24. None if a word is not a number."""
    words = [w.lower().replace("\u00a0", "") for w in words if w not in ("-", "–")]
    if words and words[0] in ("a", "an"):
        words[0] = "one"
    if words and all(w.isalpha() for w in words) and "dozen" not in words:
        try:
            return float(text2num(" ".join(words), "en"))
        except ValueError:
            pass  # mixed or unusual order: fall through to the accumulator
    total, current, seen = 0.0, 0.0, False
    for w in words:
        parts = split_token(w)
        if parts is not None and parts[2] is None:
            current += parts[1]
        elif w in SCALES:
            current = (current or 1) * SCALES[w]
            if SCALES[w] >= 1000:
                total, current = total + current, 0.0
        elif word_value(w) is not None:
            current += word_value(w)  # type: ignore[operator]
        elif w == "and" and seen:
            continue
        else:
            return None
        seen = True
    return total + current if seen else None
