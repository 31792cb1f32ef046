"""What fusion needs to know about a stored claim, read from the ledger in one pass."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, lru_cache
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from reportedly.fuse.places import different_places, named_places
from reportedly.ledger.models import Article, ChainLink, Claim

# word lists in data/fusion_words.json: what is counted, normalised so that "30,000 soldiers" and
# "30,000 troops" agree; demonyms that stand for their country when blocking and comparing claims
_WORDS = json.loads(resources.files("reportedly.data").joinpath("fusion_words.json").read_text("utf-8"))
THING_SYNONYMS: dict[str, str] = _WORDS["things"]
DEMONYMS: dict[str, str] = _WORDS["demonyms"]
UNGROUNDED_OPENERS = frozenset(_WORDS["ungrounded_openers"])
OPPOSITES: list[list[str]] = _WORDS["opposites"]  # pairs of opposite words (fuse/opposition.py)
IRREGULAR_FORMS: dict[str, str] = _WORDS["irregular_forms"]  # "won" -> "win", before stemming
_POLL_SOURCE = re.compile(rf"\b(?:{'|'.join(map(re.escape, _WORDS['poll_sources']))})\b", re.IGNORECASE)
POLL_DAYS: int = _WORDS["poll_days"]
# a capitalised word after the first: a name the recogniser missed ("Wall Street helps ...")
_LATER_CAPITAL = re.compile(r"(?<=\s)[A-Z][a-z]+")
# the claim's first word, past punctuation, quotation marks and joining words
_OPENER = re.compile(r"^[\W_]*(?:(?:and|but|so|or|because|while|if|when|then)\s+)*([A-Za-z]+)", re.IGNORECASE)


def entity_key(name: str) -> str:
    low = name.lower()
    return DEMONYMS.get(low, low)


def thing_key(thing: str | None) -> str | None:
    return THING_SYNONYMS.get(thing, thing) if thing else None


TOLERANCE = 0.15  # relative gap under which two approximate figures agree
_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=1)
def unit_things() -> frozenset[str]:
    raw = json.loads(resources.files("reportedly.data").joinpath("measure_units.json").read_text("utf-8"))
    return frozenset(raw["units"])


def interval(q: dict) -> tuple[float, float] | None:
    """The values a reported figure allows: bounds are open-ended, approximations widen."""
    if q["bound"] == "range":
        return (q["low"], q["high"]) if q["low"] is not None and q["high"] is not None else None
    v = q["value"] if q["value"] is not None else (q["low"] if q["low"] is not None else q["high"])
    if v is None:
        return None
    if q["bound"] == "lower":
        return v, float("inf")
    if q["bound"] == "upper":
        return 0.0, v
    slack = TOLERANCE if q["approximate"] else TOLERANCE / 3
    return min(v * (1 - slack), v * (1 + slack)), max(v * (1 - slack), v * (1 + slack))


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def _same_role(a: str, b: str) -> bool:
    """A figure of unspecified role may be the total; increments and decrements are their own."""
    return a == b or {a, b} == {"unspecified", "total"}


def figure_conflicts(a: Facts, b: Facts, same_context: float = 0.5) -> list[tuple[dict, dict]]:
    """Pairs of figures for the same measured variable that cannot both hold: the same counted
    thing and role with disjoint intervals. A unit ("46 %", "$2", "3 years") names no variable
    by itself, so such figures clash only when the words of the two claims mostly agree."""
    out = []
    context = None
    for qa in a.quantities:
        ta = thing_key(qa["thing"])
        if not ta:
            continue
        for qb in b.quantities:
            if thing_key(qb["thing"]) != ta or not _same_role(qa["role"], qb["role"]):
                continue
            ia, ib = interval(qa), interval(qb)
            if not (ia and ib and (ia[1] < ib[0] or ib[1] < ia[0])):
                continue
            if ta.lower() in unit_things():
                if context is None:
                    wa, wb = _words(a.text), _words(b.text)
                    context = len(wa & wb) / max(1, len(wa | wb))
                if context < same_context:
                    continue
            out.append((qa, qb))
    return out


_NAME_WORD = re.compile(r"[A-Z][\w'’-]*")
_NAME_OR_FIGURE = re.compile(rf"{_NAME_WORD.pattern}|\d+(?:,\d{{3}})*(?:\.\d+)?")
_CLOCK = re.compile(r"\s?(?:[ap]\.?m\b|:\d)", re.IGNORECASE)


def _name_key(word: str) -> str:
    return word.lower().removesuffix("'s").removesuffix("’s")


def _named_figures(f: Facts) -> dict[tuple[str, bool], set[float]]:
    """(name word, is a year) -> the figures the claim gives after the name, up to the next name
    ('Kasich has 129', 'Clinton now has at least 501 delegates'); names are the claim's entities'
    capitalised words. Years are kept apart from other figures ('Maddox, 87' / 'since 1983'), and
    clock times are no figures."""
    names = {_name_key(w) for e in f.entities for w in _NAME_WORD.findall(e)}
    out: dict[tuple[str, bool], set[float]] = {}
    last = None
    for m in _NAME_OR_FIGURE.finditer(f.text):
        word = m.group()
        if word[0].isdigit():
            if last is not None and not _CLOCK.match(f.text, m.end()):
                year = len(word) == 4 and word.isdigit() and 1800 <= int(word) <= 2100
                out.setdefault((last, year), set()).add(float(word.replace(",", "")))
        elif (key := _name_key(word)) in names:
            last = key
    return out


def _poll_reported(f: Facts) -> bool:
    return any(kind != "author" and _POLL_SOURCE.search(name) for name, kind in f.chain)


def different_polls(a: Facts, b: Facts) -> bool:
    """Two claims each reporting a poll's finding, published more than POLL_DAYS apart: two
    measurements ('Trump with a four-point lead' in the Aug. 1 tracking poll, 'Trump up a narrow
    four points' in a 50-state poll five weeks later), not one proposition."""
    if a.published is None or b.published is None or abs(a.published - b.published).days <= POLL_DAYS:
        return False
    return _poll_reported(a) and _poll_reported(b)


def named_figures_differ(a: Facts, b: Facts) -> bool:
    """Two claims that give one name only different figures ('Sanders will pick up at least 14' /
    '... at least 45'; 'Kasich has 129' / 'Kasich has 63') state different propositions, even
    where the figures' bounds overlap or no counted thing is read."""
    fa = a.named_figures
    if not fa:
        return False
    fb = b.named_figures
    for name in fa.keys() & fb.keys():
        if not any(abs(x - y) <= 0.02 * max(x, y) for x in fa[name] for y in fb[name]):
            return True
    return False


def not_one_proposition(a: Facts, b: Facts) -> str | None:
    """Why two claims cannot state one proposition, whatever the models say (None: nothing
    rules it out): different figures for one variable or for one name, two polls'
    measurements, or different places. Story membership and the pair decision both ask this."""
    conflicts = figure_conflicts(a, b)
    if conflicts:
        qa, qb = conflicts[0]
        return f"different figures for one variable: {qa['text']} vs {qb['text']}"
    if named_figures_differ(a, b):
        return "different figures given for one name"
    if different_polls(a, b):
        return "two polls' measurements"
    if different_places(a.places, b.places):
        return f"different places: {', '.join(sorted(a.places))} vs {', '.join(sorted(b.places))}"
    return None


@dataclass
class Facts:
    id: int
    article_id: int
    text: str
    published: datetime | None
    outlet: str | None
    url: str | None
    chain: list[tuple[str, str]]  # (source name, kind), outermost first
    certainty: str
    negative: bool
    entities: list[str]
    quantities: list[dict]
    confirmations: list[dict] = field(default_factory=list)
    wire: str | None = None  # the agency whose copy the claim's article is
    finite: bool = True  # a statement with a tensed verb, not a phrase (schema Claim.finite)

    def entity_keys(self) -> set[str]:
        return {entity_key(e) for e in self.entities}

    @cached_property
    def named_figures(self) -> dict[tuple[str, bool], set[float]]:
        """_named_figures, read once: fusion compares a claim with many members."""
        return _named_figures(self)

    @cached_property
    def places(self) -> frozenset[str]:
        """The US states the claim names as places (fuse/places.py), read once."""
        return named_places(self.text, self.entities)

    @cached_property
    def grounded(self) -> bool:
        """The claim states something and says what it is about: a statement with a tensed verb
        (not "Clinton's use of a private server"), committed (no question, no "whether"), naming
        a participant (an entity, or a capitalised word after the first) or giving a figure, and
        not opening with a pronoun ("they might vote for him", "He knows exactly what he's
        doing"), whose referent another article's same words need not share, a question word or
        a bare "to"."""
        named = self.entities or self.quantities or _LATER_CAPITAL.search(self.text)
        if not self.finite or self.certainty == "uncertain" or not named:
            return False
        opener = _OPENER.match(self.text)
        return not (opener and opener.group(1).lower() in UNGROUNDED_OPENERS)

    @property
    def origin(self) -> str:
        """Where the information comes from (fuse/origins.py): the innermost non-author source,
        canonicalised, or the outlet's (or wire agency's) own reporting."""
        from reportedly.fuse.origins import claim_origin

        return claim_origin(self)


def load_facts(session: Session, claim_ids: Iterable[int]) -> list[Facts]:
    ids = list(claim_ids)
    out: list[Facts] = []
    for i in range(0, len(ids), 500):
        rows = session.scalars(
            select(Claim)
            .where(Claim.id.in_(ids[i : i + 500]))
            .order_by(Claim.id)
            .options(
                selectinload(Claim.links).selectinload(ChainLink.source),
                selectinload(Claim.quantities),
                selectinload(Claim.article).load_only(Article.analysis, Article.url, Article.wire),
            )
        )
        for c in rows:
            out.append(to_facts(c))
    return out


def to_facts(c: Claim) -> Facts:
    analysis = c.article.analysis or {}
    claims = analysis.get("claims") or []
    data = claims[c.ordinal] if c.ordinal < len(claims) else {}
    names = {e["id"]: e["name"] for e in analysis.get("entities") or []}
    return Facts(
        id=c.id,
        article_id=c.article_id,
        text=c.text,
        published=c.published,
        outlet=c.outlet,
        url=c.article.url,
        chain=[(link.source.name, link.source.kind) for link in c.links],
        certainty=c.certainty,
        negative=c.factbank.endswith("-"),
        entities=[names[e] for e in data.get("entities", []) if e in names],
        quantities=[
            {
                "text": q.text,
                "value": q.value,
                "low": q.low,
                "high": q.high,
                "bound": q.bound,
                "approximate": bool(q.approximate),
                "thing": q.thing,
                "role": q.role,
            }
            | _read_in_analysis(q.text, data.get("quantities") or [])
            for q in c.quantities
        ],
        confirmations=data.get("confirmations", []),
        wire=c.article.wire,
        finite=data.get("finite", True),
    )


def _read_in_analysis(text: str, stored: list[dict]) -> dict:
    """Direction, measured variable and as-of date of a figure, from the stored analysis (absent for
    analyses made before they existed)."""
    for q in stored:
        if (q.get("span") or {}).get("text") == text:
            measured, as_of = q.get("measured"), q.get("as_of")
            return {
                "direction": q.get("direction"),
                "measured": measured.get("text") if measured else None,
                "measured_head": measured.get("head") if measured else None,
                "as_of": as_of.get("text") if as_of else None,
                "as_of_date": as_of.get("date") if as_of else None,
            }
    return {}


def facts_of_texts(texts: list[str], nlp=None) -> list[Facts]:
    """Facts of bare claim texts (no article, no chain): the entities and quantities the
    extractors find in each, parsed in one nlp.pipe pass. Used to judge text pairs with the same
    decision the ledger applies to stored claims."""
    from reportedly import parse
    from reportedly.extract.entities import build_entities
    from reportedly.extract.quantities import find_quantities

    nlp = nlp or parse.load()
    out = []
    for n, doc in enumerate(nlp.pipe(texts, batch_size=256)):
        entities = [e.name for e in build_entities(doc).entities]
        quantities = [
            {
                "text": q.span.text,
                "value": q.value,
                "low": q.low,
                "high": q.high,
                "bound": q.bound,
                "approximate": bool(q.approximate),
                "thing": q.thing,
                "role": q.role,
            }
            for q in find_quantities(doc)
        ]
        negative = any(t.dep_ == "neg" and t.head.dep_ == "ROOT" for t in doc)
        out.append(
            Facts(
                id=n,
                article_id=n,
                text=texts[n],
                published=None,
                outlet=None,
                url=None,
                chain=[],
                certainty="asserted",
                negative=negative,
                entities=entities,
                quantities=quantities,
            )
        )
    return out
