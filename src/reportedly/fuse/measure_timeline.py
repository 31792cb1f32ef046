"""Timelines by subject and measure ("Clinton" + "lead", "" + "unemployment rate", "Orlando" +
"deaths"): the figures whose measured variable is that measure of that subject, each with its
value, bounds, direction, as-of date, claim text, source chain and article, in time order (the
as-of date the text gives, else publication).

A figure's measure matches when the head of its measured variable (or its counted thing) is the
measure's head or a synonym of it (data/timeline_measures.json, compared by Porter stem), or such a
word stands next to the figure in the claim; the measure's other words ("unemployment" of
"unemployment rate") must appear in the measured variable or near the figure. The subject matches
when one of its names (the alias table's, a person's surname) is in the measured variable, or in
the claim outside the other party's place ("a lead over Trump", "ahead of Sanders")."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from importlib import resources

from nltk.stem.porter import PorterStemmer
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from reportedly.extract.entities import alias_table, canonical
from reportedly.fuse.facts import DEMONYMS, Facts, load_facts
from reportedly.ledger.models import Claim, Quantity
from reportedly.ledger.store import Ledger

NEAR = 6  # words either side of a figure that may name its measure
SUBJECT_NEAR = 14  # words either side of a figure that may name its subject
_WORD = re.compile(r"[\w'’]+")
_STOP = {"the", "a", "an", "of", "in", "on", "for", "to", "at", "by", "among", "poll", "polls", "number"}


class TimelineQueryError(ValueError):
    pass


@dataclass
class MeasurePoint:
    claim_id: int
    article_id: int
    url: str | None
    outlet: str | None
    published: datetime | None
    as_of: str | None  # as the text says it ("in May")
    as_of_date: str | None  # ISO date, year-month or year when resolvable
    value: float | None
    low: float | None
    high: float | None
    bound: str
    approximate: bool
    role: str
    direction: str | None
    figure: str  # the figure as written ("7 points")
    measured: str | None
    chain: list[str]
    claim: str

    def as_point(self):
        """The free-text timeline's Point, for its plot."""
        from reportedly.fuse.timeline import Point

        return Point(
            self.published,
            self.value,
            self.low,
            self.high,
            self.bound,
            self.approximate,
            self.role,
            self.measured or "value",
            self.figure,
            " <- ".join(self.chain),
            self.outlet,
            self.claim,
            1.0,
            self.measured,
            self.direction,
            self.as_of,
        )

    @property
    def when(self) -> str:
        """The time the point is placed at: its as-of date, else its publication date."""
        if self.as_of_date:
            return self.as_of_date
        return self.published.date().isoformat() if self.published else ""


@lru_cache(maxsize=1)
def _data() -> dict:
    raw = resources.files("reportedly.data").joinpath("timeline_measures.json").read_text("utf-8")
    return json.loads(raw)


@lru_cache(maxsize=1)
def _counts_any() -> frozenset[str]:
    """Units and generic counted things that name no measure of their own ("percent", "point")."""
    from reportedly.fuse.facts import unit_things

    return unit_things() - set(_data()["time_units"]) | frozenset(_data()["generic_things"])


_stemmer = PorterStemmer()


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    return _stemmer.stem(word.lower().replace("’", "'").removesuffix("'s"))


def _words(text: str) -> list[str]:
    """Lower-case words, possessives off ("Clinton's" -> "clinton")."""
    return [re.sub(r"['’]s$", "", w.lower()) for w in _WORD.findall(text)]


@dataclass(frozen=True)
class Measure:
    head: frozenset[str]  # stems naming the measure (its head word and synonyms)
    modifiers: frozenset[str]  # stems of its other content words, all required
    text: str
    rate: bool = False  # a rate, share or margin (takes percentages), not a count

    @classmethod
    def parse(cls, text: str) -> Measure:
        words = [w for w in _words(text) if w not in _STOP]
        if not words:
            raise TimelineQueryError(f"measure {text!r}: give the quantity measured, e.g. 'lead' or 'deaths'")
        head = stem(words[-1])
        synonyms = {stem(w) for key, ws in _data()["synonyms"].items() if stem(key) == head for w in ws}
        rate = bool({head, *synonyms} & {stem(w) for w in _data()["rate_measures"]})
        return cls(frozenset({head} | synonyms), frozenset(stem(w) for w in words[:-1]), text, rate)


@dataclass(frozen=True)
class Subject:
    names: tuple[tuple[str, ...], ...]  # each a sequence of lower-case words
    text: str

    @classmethod
    def parse(cls, text: str) -> Subject:
        name = canonical(text.strip())
        if not _words(name):
            raise TimelineQueryError(f"subject {text!r}: give a name, e.g. 'Clinton' or 'Orlando'")
        forms = {name} | {alias for alias, target in alias_table().items() if target == name}
        forms |= {demonym for demonym, country in DEMONYMS.items() if country == name.lower()}
        names = {tuple(_words(f)) for f in forms}
        words = _words(name)
        if len(words) > 1 and name[:1].isupper():
            names.add((words[-1],))  # a person's surname: "Clinton" for "Hillary Clinton"
        return cls(tuple(sorted(n for n in names if n)), text)

    def positions(self, words: list[str]) -> list[int]:
        """Indices where one of the subject's names starts in `words` (lower case)."""
        out = []
        for name in self.names:
            k = len(name)
            out += [i for i in range(len(words) - k + 1) if tuple(words[i : i + k]) == name]
        return sorted(out)


def _figure_at(words: list[str], figure: str) -> int | None:
    """Word index of the figure in the claim's words (its first number word)."""
    fig = _words(figure)
    if not fig:
        return None
    k = len(fig)
    for i in range(len(words) - k + 1):
        if words[i : i + k] == fig:
            return i
    return next((i for i, w in enumerate(words) if w == fig[0]), None)


def measure_matches(measure: Measure, q: dict, words: list[str], at: int | None) -> bool:
    """Whether the figure is a value of the measure: the measure is named by the figure's measured
    variable, its counted thing or a word next to it; it counts nothing else; it is not the pool
    or threshold a value is taken from ("of the 865 delegates", "2,383 needed"); a count measure
    takes no percentages; and the measure's other words are around."""
    measured = _words(q.get("measured") or "")
    own = {stem(w) for w in measured} | ({stem(q["thing"])} if q.get("thing") else set())
    head = stem(q["measured_head"]) if q.get("measured_head") else None
    near = set() if at is None else {stem(w) for w in words[max(0, at - NEAR) : at + NEAR + 1]}
    named = (head in measure.head) or bool(own & measure.head) or bool(near & measure.head)
    if not named:
        return False
    generic = _counts_any()
    thing = q.get("thing")
    if thing and stem(thing) not in measure.head and thing.lower() not in generic:
        return False  # it counts something else: "three candidates", "221 delegates" for a lead
    measured_text = q.get("measured") or ""
    other = head and head not in measure.head and head not in {stem(g) for g in generic}
    if other and measured_text[:1].islower() and not any(stem(w) in measure.head for w in measured):
        return False  # it measures something else: "17 percent of likely voters" for a lead
    if at is not None and _pool(words, at, len(_words(q["text"]))):
        return False
    if not measure.rate and _is_share(q["text"]):
        return False  # "15 percent over the limit" is no count of refugees
    wide = set() if at is None else {stem(w) for w in words[max(0, at - 2 * NEAR) : at + 2 * NEAR + 1]}
    return measure.modifiers <= own | wide


def _is_share(text: str) -> bool:
    low = text.lower()
    return "%" in low or "percent" in low or "per cent" in low


def _pool(words: list[str], at: int, length: int) -> bool:
    """The whole a value is part of ("at least 334 of the 865"), or a pool or threshold ("865
    delegates at stake", "2,383 needed")."""
    before = words[max(0, at - 4) : at]
    whole = before[-2:] == ["of", "the"] or before[-1:] == ["of"]
    if whole and any(_is_number(w) or w in _data()["part_words"] for w in before[:-1]):
        return True
    after = words[at + length : at + length + 4]
    return any(w in _data()["pool_words"] for w in after)


def _mentions(names: list[tuple[str, ...]], words: list[str]) -> list[tuple[int, tuple[str, ...]]]:
    out = []
    for name in names:
        k = len(name)
        out += [(i, name) for i in range(len(words) - k + 1) if tuple(words[i : i + k]) == name]
    return sorted(out)


def _is_number(word: str) -> bool:
    return any(c.isdigit() for c in word)


def subject_matches(subject: Subject, q: dict, words: list[str], at: int | None, others: list[str]) -> bool:
    """Whether the figure is the subject's: the subject is named in its measured variable, or is
    the party nearest before it in the claim (else nearest after), leaving out the other party
    ("a lead over Trump"); the second figure of "50 percent to 44 percent" is the other party's."""
    if subject.positions(_words(q.get("measured") or "")):
        return True
    if at is None:
        return bool(subject.positions(words))
    blocked_words = set(_data()["not_subject_before"])
    own = set(subject.names)
    names = list(own) + [n for o in others for n in _names_of(o)]
    mentions = [(i, n, _blocked(words, i, blocked_words)) for i, n in _mentions(names, words)]
    second = at >= 2 and words[at - 1] == "to" and any(_is_number(w) for w in words[max(0, at - 4) : at - 1])
    before = [(i, n, b) for i, n, b in mentions if at - SUBJECT_NEAR <= i < at and b == second]
    after = [(i, n, b) for i, n, b in mentions if at < i <= at + NEAR and not b]
    owner = before[-1] if before else (after[0] if after and not second else None)
    return owner is not None and owner[1] in own


def _blocked(words: list[str], i: int, blocked: set[str]) -> bool:
    """A name in the other party's place: 'over Trump', 'ahead of Mr. Sanders'."""
    return any(w in blocked for w in words[max(0, i - 2) : i])


def _names_of(name: str) -> set[tuple[str, ...]]:
    words = tuple(_words(name))
    return {words, (words[-1],)} if len(words) > 1 and name[:1].isupper() else {words}


def _like_any(column, words: set[str]):
    return or_(*[column.ilike(f"%{w}%") for w in sorted(words)])


def by_measure(
    ledger: Ledger, measure: str, subject: str | None = None, limit: int = 1000
) -> list[MeasurePoint]:
    """The reported values of `measure` (of `subject`, when given), in time order."""
    m = Measure.parse(measure)
    s = Subject.parse(subject) if subject else None
    # a cheap first cut in SQL: claims with a figure whose text has a measure word (any form)
    # and, with a subject, one of its names; the word tests below decide
    prefixes = {w[:4] if len(w) > 4 else w for w in m.head}
    query = select(Quantity.claim_id).join(Claim, Claim.id == Quantity.claim_id)
    query = query.where(_like_any(Claim.text, prefixes))
    if s is not None:
        query = query.where(_like_any(Claim.text, {" ".join(n) for n in s.names}))
    with Session(ledger.engine) as session:
        ids = sorted(set(session.scalars(query.distinct())))
        facts = load_facts(session, ids)
    points = [p for f in facts for p in _points(f, m, s)]
    points.sort(key=lambda p: (p.when == "", p.when, p.claim_id))
    return points[:limit]


def _points(f: Facts, m: Measure, s: Subject | None) -> list[MeasurePoint]:
    words = _words(f.text)
    out = []
    for q in f.quantities:
        at = _figure_at(words, q["text"])
        if not measure_matches(m, q, words, at):
            continue
        if s is not None and not subject_matches(s, q, words, at, f.entities):
            continue
        out.append(
            MeasurePoint(
                claim_id=f.id,
                article_id=f.article_id,
                url=f.url,
                outlet=f.outlet,
                published=f.published,
                as_of=q.get("as_of"),
                as_of_date=q.get("as_of_date"),
                value=q["value"],
                low=q["low"],
                high=q["high"],
                bound=q["bound"],
                approximate=q["approximate"],
                role=q["role"],
                direction=q.get("direction"),
                figure=q["text"],
                measured=q.get("measured"),
                chain=[n for n, _k in f.chain],
                claim=f.text,
            )
        )
    return out


def as_dict(p: MeasurePoint) -> dict:
    """A point for JSON output."""
    return {
        "when": p.when,
        "published": p.published.isoformat() if p.published else None,
        "as_of": p.as_of,
        "as_of_date": p.as_of_date,
        "value": p.value,
        "low": p.low,
        "high": p.high,
        "bound": p.bound,
        "approximate": p.approximate,
        "role": p.role,
        "direction": p.direction,
        "figure": p.figure,
        "measured": p.measured,
        "claim_id": p.claim_id,
        "claim": p.claim,
        "chain": p.chain,
        "article_id": p.article_id,
        "url": p.url,
        "outlet": p.outlet,
    }
