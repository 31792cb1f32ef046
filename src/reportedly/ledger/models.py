"""Ledger tables. One article row per distinct text (content hash), its claims with their
source chains, quantities, entities and confirmations. Columns used by queries are indexed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str | None] = mapped_column(Text, index=True)
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(200), index=True)
    published: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    wire: Mapped[str | None] = mapped_column(String(50))  # agency whose copy this is (AP, Reuters)
    origin: Mapped[str] = mapped_column(Text)
    ingested: Mapped[datetime] = mapped_column(DateTime)
    text: Mapped[str] = mapped_column(Text)
    analysis: Mapped[dict] = mapped_column(JSON)

    claims: Mapped[list[Claim]] = relationship(back_populates="article", cascade="all, delete-orphan")


class Source(Base):
    """A source as named in text, normalised (alias table applied); kind: named, vague, ..."""

    __tablename__ = "sources"
    __table_args__ = (UniqueConstraint("key", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(String(300), index=True)  # lower-case name for lookups
    kind: Mapped[str] = mapped_column(String(20))


class Claim(Base):
    __tablename__ = "claims"
    __table_args__ = (
        Index("ix_claims_published", "published"),
        Index("ix_claims_outlet_published", "outlet", "published"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[int] = mapped_column(Integer)
    voice: Mapped[str] = mapped_column(String(20))
    certainty: Mapped[str] = mapped_column(String(20))
    factbank: Mapped[str] = mapped_column(String(4))
    chain: Mapped[str] = mapped_column(Text)  # "CNN <- HUR", for display and export
    # copied from the article so that date/outlet filters need no join
    published: Mapped[datetime | None] = mapped_column(DateTime)
    outlet: Mapped[str | None] = mapped_column(String(200))
    # SQLite full-text rowid: published seconds * 2**30 + id (set by a trigger, migration 0003)
    fts_key: Mapped[int | None] = mapped_column(BigInteger, unique=True)

    article: Mapped[Article] = relationship(back_populates="claims")
    links: Mapped[list[ChainLink]] = relationship(cascade="all, delete-orphan", order_by="ChainLink.position")
    quantities: Mapped[list[Quantity]] = relationship(cascade="all, delete-orphan")


class ChainLink(Base):
    __tablename__ = "chain_links"
    __table_args__ = (
        Index("ix_chain_links_source_claim", "source_id", "claim_id"),
        Index("ix_chain_links_source_published", "source_id", "published"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # 0 = outermost
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    cue: Mapped[str | None] = mapped_column(Text)
    source_text: Mapped[str | None] = mapped_column(Text)
    published: Mapped[datetime | None] = mapped_column(DateTime)  # the claim's, for ordering

    source: Mapped[Source] = relationship()


class Quantity(Base):
    __tablename__ = "quantities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(Float)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    bound: Mapped[str] = mapped_column(String(10))
    approximate: Mapped[bool] = mapped_column(Boolean)
    thing: Mapped[str | None] = mapped_column(String(200), index=True)
    unit: Mapped[str | None] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(20))


class ClaimVector(Base):
    """Sentence embedding of a claim (float32 bytes), computed once by the fusion step."""

    __tablename__ = "claim_vectors"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    model: Mapped[str] = mapped_column(String(100))
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class Story(Base):
    """A group of claims from different reports that assert the same proposition."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(DateTime)


class StoryClaim(Base):
    __tablename__ = "story_claims"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    similarity: Mapped[float] = mapped_column(Float)  # to the claim it was matched with
    # why it joined, as the matcher saw it then (fuse/why.py); None for claims fused before 0006
    evidence: Mapped[dict | None] = mapped_column(JSON, nullable=True)


class LoadedShard(Base):
    """A Parquet shard of the distributed engine whose articles are in the ledger."""

    __tablename__ = "loaded_shards"

    shard_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    loaded: Mapped[datetime] = mapped_column(DateTime)
    articles: Mapped[int] = mapped_column(Integer)
