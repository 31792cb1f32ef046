"""What fusion needs to know about a stored claim, read from the ledger in one pass."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from reportedly.ledger.models import Article, ChainLink, Claim

# what is counted, normalised so that "30,000 soldiers" and "30,000 troops" agree
THING_SYNONYMS = {
    "soldier": "troop",
    "troop": "troop",
    "force": "troop",
    "personnel": "troop",
    "serviceman": "troop",
    "servicemen": "troop",
    "fighter": "troop",
    "man": "troop",
    "people": "person",
    "person": "person",
    "civilian": "person",
    "resident": "person",
    "death": "death",
    "casualty": "casualty",
    "refugee": "refugee",
    "migrant": "refugee",
    "drone": "drone",
    "missile": "missile",
    "tank": "tank",
    "dollar": "USD",
}


# demonyms stand for their country when blocking and comparing claims
DEMONYMS = {
    "north korean": "north korea",
    "south korean": "south korea",
    "russian": "russia",
    "ukrainian": "ukraine",
    "american": "united states",
    "chinese": "china",
    "iranian": "iran",
    "israeli": "israel",
    "british": "united kingdom",
    "german": "germany",
    "french": "france",
    "syrian": "syria",
    "turkish": "turkey",
    "indian": "india",
    "japanese": "japan",
}


def entity_key(name: str) -> str:
    low = name.lower()
    return DEMONYMS.get(low, low)


def thing_key(thing: str | None) -> str | None:
    return THING_SYNONYMS.get(thing, thing) if thing else None


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

    def entity_keys(self) -> set[str]:
        return {entity_key(e) for e in self.entities}

    @property
    def origin(self) -> str:
        """Where the information comes from: the innermost non-author source of the chain, or
        the outlet itself for its own reporting. Vague sources are only comparable within one
        outlet ("officials" at two outlets may be different people)."""
        for name, kind in reversed(self.chain):
            if kind == "author":
                continue
            if kind in ("vague", "pronoun"):
                return f"{name.lower()} @ {self.outlet or self.article_id}"
            return name.lower()
        return f"own reporting @ {self.outlet or self.article_id}"

    def blocking_keys(self) -> set[str]:
        """Blocking keys: entities, counted things and rounded values."""
        keys = {f"e:{e}" for e in self.entity_keys()}
        for q in self.quantities:
            thing = thing_key(q.get("thing"))
            if thing:
                keys.add(f"t:{thing}")
            value = q.get("value") or q.get("low") or q.get("high")
            if value:
                keys.add(f"v:{float(f'{value:.2g}')}")
        return keys


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
                selectinload(Claim.article).load_only(Article.analysis, Article.url),
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
