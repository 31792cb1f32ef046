"""Where a claim says something happened: the US states it names as places (not as a person's
descriptor, "the Vermont senator", nor inside a name, "The New York Times"). Two claims that each
name states, none shared ("Clinton wins the Missouri primary" / "... the Delaware primary"), state
different propositions. Headlines hide places from the entity recogniser ("Hillary Clinton Wins
South Dakota Primary"), so state names are also read off a title-cased text with the gazetteer.
Countries are left out: they are as often a claim's actors as its places ("Mauritania established
relations with the Jewish state" / "... with Israel"; MRPC train: 2 of the 3 pairs only countries
set apart were paraphrases)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from reportedly.extract.entities import canonical, gazetteer, lookup_place

_WORD = re.compile(r"[A-Za-z][\w'’.-]*")


@lru_cache(maxsize=1)
def _words() -> dict[str, frozenset[str]]:
    raw = json.loads(resources.files("reportedly.data").joinpath("fusion_words.json").read_text("utf-8"))
    return {"after": frozenset(raw["place_not_before"]), "ambiguous": frozenset(raw["place_ambiguous"])}


@lru_cache(maxsize=1)
def _place_pattern() -> re.Pattern:
    """Capitalised names of the gazetteer's US states, longest first."""
    names = [p.name for p in gazetteer().values() if p.kind == "us_state"]
    names = [n for n in names if n.lower() not in _words()["ambiguous"]]
    alternation = "|".join(sorted(map(re.escape, set(names)), key=len, reverse=True))
    return re.compile(rf"(?<![\w.-])(?:{alternation})(?![\w-])")


def _headline(text: str) -> bool:
    """Title case: most words of four letters or more open with a capital."""
    long = [w for w in _WORD.findall(text) if len(w) >= 4]
    return len(long) >= 3 and sum(w[0].isupper() for w in long) >= 0.75 * len(long)


def _place(name: str) -> str | None:
    place = lookup_place(canonical(name))
    if place is None or place.kind != "us_state":
        return None
    return None if place.name.lower() in _words()["ambiguous"] else place.name


def named_places(text: str, entities: list[str]) -> frozenset[str]:
    """The US states a claim names as places: its entities found in the gazetteer and, in a
    title-cased text, the gazetteer's names; a mention followed by a title or an
    organisation word ("Ohio Gov.", "Vermont senator", "New York Times") is no place."""
    named = {(e, p) for e in entities if (p := _place(e))}
    if _headline(text):
        named |= {(m.group(), m.group()) for m in _place_pattern().finditer(text)}
    return frozenset(place for surface, place in named if _as_place(text, surface))


def _as_place(text: str, surface: str) -> bool:
    """Whether some mention of `surface` in the text is not followed by a title or a name's word
    (a place named by an alias, "the Granite State", is not looked for)."""
    after, seen = _words()["after"], False
    for m in re.finditer(rf"(?<![\w.-]){re.escape(surface)}(?![\w-])", text):
        seen = True
        nxt = _WORD.match(text, m.end() + 1) if text[m.end() : m.end() + 1] == " " else None
        if nxt is None or nxt.group().lower().rstrip(".") not in after:
            return True
    return not seen


def different_places(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both claims name places and share none."""
    return bool(a) and bool(b) and not (a & b)
