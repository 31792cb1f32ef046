"""The ledger store: open (and migrate) a database, add analysed articles one transaction each,
and answer the queries behind `claims`, `sources` and `export`. All SQL is parameterised."""

from __future__ import annotations

import os
import random
import re
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, and_, create_engine, event, func, or_, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, selectinload

from reportedly.extract.entities import alias_forms, canonical
from reportedly.ledger.models import Article, ChainLink, Claim, Quantity, Source
from reportedly.schema import Analysis

DB_ENV = "REPORTEDLY_DB"
# fields shared by the schema's Quantity, the quantities table and exported records
QUANTITY_FIELDS = ("value", "low", "high", "bound", "approximate", "thing", "unit", "role")
# column widths (models.py) that values are cut to before storing
OUTLET_LENGTH, SOURCE_KEY_LENGTH, THING_LENGTH, UNIT_LENGTH, WIRE_LENGTH = 200, 300, 200, 20, 50
MIGRATION_LOCK = 72_410_001  # PostgreSQL advisory lock key held while migrating
T = TypeVar("T")


class LedgerError(Exception):
    """The database cannot be opened or used; the message says which and why."""


def default_path() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "reportedly" / "ledger.sqlite"


def database_url(db: str | None = None) -> str:
    """--db value or $REPORTEDLY_DB or the default file; a bare path means a SQLite file."""
    db = db or os.environ.get(DB_ENV) or str(default_path())
    if "://" not in db:
        path = Path(db).expanduser().resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    if db.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    return db


@dataclass
class ArticleMeta:
    origin: str
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: datetime | None = None
    wire: str | None = None  # the news agency whose copy the article is (AP, AFP, Reuters, UPI)


@dataclass
class ClaimRow:
    id: int
    article_id: int
    text: str
    chain: str
    certainty: str
    factbank: str
    voice: str
    published: datetime | None
    outlet: str | None
    url: str | None
    title: str | None
    quantities: list[dict]


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    dbapi_conn.isolation_level = None  # pysqlite's own BEGIN skips DDL; _sqlite_begin issues ours
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_begin(conn) -> None:
    """BEGIN, or BEGIN IMMEDIATE on the writer: a writing transaction takes the write lock at its
    start, so it waits its turn (busy_timeout) instead of failing when it upgrades from a read."""
    conn.exec_driver_sql("BEGIN " + conn.get_execution_options().get("sqlite_begin", "DEFERRED"))


def is_busy(exc: BaseException) -> bool:
    """A transient conflict between concurrent writers, worth running the transaction again."""
    if not isinstance(exc, OperationalError | DBAPIError):
        return False
    code = getattr(getattr(exc, "orig", None), "sqlstate", None)
    if code in ("40001", "40P01", "55P03"):  # serialization failure, deadlock, lock not available
        return True
    message = str(exc).lower()
    return "database is locked" in message or "database is busy" in message


def retrying(work: Callable[[], T], attempts: int = 6, pause: float = 0.2) -> T:
    """Run a transaction, again after a growing pause when a concurrent writer got in the way."""
    for attempt in range(attempts):
        try:
            return work()
        except (OperationalError, DBAPIError) as exc:
            if not is_busy(exc) or attempt == attempts - 1:
                raise
            time.sleep(pause * (2**attempt) * (1 + random.random()))
    raise AssertionError("unreachable")


def storable(value: str | None, limit: int | None = None) -> str | None:
    """A string every backend can store: no NUL characters (PostgreSQL refuses them), and no
    longer than its column."""
    if value is None:
        return None
    value = value.replace("\x00", "")
    return value[:limit] if limit is not None else value


class Ledger:
    def __init__(self, db: str | None = None) -> None:
        self.url = database_url(db)
        try:
            self.engine: Engine = create_engine(self.url)
            # writing transactions go through `writer` (on SQLite they BEGIN IMMEDIATE)
            self.writer: Engine = self.engine
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
                event.listen(self.engine, "begin", _sqlite_begin)
                self.writer = self.engine.execution_options(sqlite_begin="IMMEDIATE")
            retrying(self.migrate)
        except Exception as exc:  # driver errors vary by backend; all mean "cannot open"
            raise LedgerError(f"{self.safe_url}: cannot open the ledger ({first_line(exc)})") from None
        self._source_ids: dict[tuple[str, str], int] = {}

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def safe_url(self) -> str:
        return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", self.url)

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision, one process at a time: under the write
        lock on SQLite (DDL is transactional there too), under an advisory lock on PostgreSQL."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option(
            "script_location", str(resources.files("reportedly.ledger").joinpath("migrations"))
        )
        with self.writer.begin() as conn:
            if self.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    @contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        """Hold a ledger-wide lock called `name` (waiting for it): an advisory lock on PostgreSQL, a
        lock file beside the database on SQLite. Work that reads the ledger's state and then writes
        what follows from it (fusion) runs one process at a time under it."""
        if self.dialect == "postgresql":
            key = zlib.crc32(name.encode()) & 0x7FFFFFFF
            with self.engine.connect() as conn:
                conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
                conn.commit()
                try:
                    yield
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                    conn.commit()
            return
        database = self.engine.url.database
        if self.dialect != "sqlite" or not database or database == ":memory:":
            yield
            return
        import filelock

        with filelock.FileLock(f"{database}.{name}.lock"):
            yield

    def close(self) -> None:
        self.engine.dispose()

    # -- writing ------------------------------------------------------------------------------

    def has_hash(self, content_hash: str) -> bool:
        with Session(self.engine) as s:
            return s.scalar(select(Article.id).where(Article.content_hash == content_hash)) is not None

    def add(self, analysis: Analysis, meta: ArticleMeta, content_hash: str) -> int | None:
        """Store one analysed article and its claims in one transaction. Returns the article id,
        or None when an article with this content hash is already stored."""

        def store() -> int:
            with Session(self.writer) as s, s.begin():
                article = self._article(s, analysis, meta, content_hash)
                s.add(article)
                s.flush()
                return article.id

        try:
            return retrying(store)
        except IntegrityError:
            self._source_ids.clear()  # ids cached inside the rolled-back transaction may be gone
            if self.has_hash(content_hash):
                return None
            raise
        except BaseException:
            self._source_ids.clear()
            raise

    def load_shard(self, shard_id: str, path: Path) -> tuple[int, int, list[tuple[str, str]]]:
        """Bulk-load a Parquet shard of the distributed engine in one transaction (the ORM
        batches the inserts), recording it so that loading it again does nothing. Returns
        (articles stored, claims stored, error rows as (location, problem))."""
        from reportedly.distribute import shards
        from reportedly.ledger.models import LoadedShard

        stored = claims = 0
        errors: list[tuple[str, str]] = []
        try:
            with Session(self.writer) as s, s.begin():
                if s.get(LoadedShard, shard_id) is not None:
                    return 0, 0, []
                rows = list(shards.read(path))
                known = set(
                    s.scalars(
                        select(Article.content_hash).where(
                            Article.content_hash.in_([r.content_hash for r in rows])
                        )
                    )
                )
                for row in rows:
                    if row.error or not row.analysis:
                        errors.append((row.origin, row.error or "no analysis"))
                        continue
                    if row.content_hash in known:
                        continue
                    known.add(row.content_hash)
                    analysis = Analysis.model_validate_json(row.analysis)
                    meta = ArticleMeta(
                        origin=row.origin,
                        url=row.url,
                        title=row.title,
                        outlet=row.outlet,
                        published=datetime.fromisoformat(row.published) if row.published else None,
                    )
                    s.add(self._article(s, analysis, meta, row.content_hash))
                    stored += 1
                    claims += len(analysis.claims)
                s.add(
                    LoadedShard(
                        shard_id=shard_id,
                        articles=stored,
                        loaded=datetime.now(timezone.utc).replace(tzinfo=None),
                    )
                )
        except BaseException:
            self._source_ids.clear()
            raise
        return stored, claims, errors

    def _article(self, s: Session, analysis: Analysis, meta: ArticleMeta, content_hash: str) -> Article:
        """The rows of one analysed article: the article, its claims, chain links, quantities."""
        article = Article(
            content_hash=content_hash,
            url=storable(meta.url),
            title=storable(meta.title),
            outlet=storable(meta.outlet, OUTLET_LENGTH),
            published=meta.published,
            wire=storable(meta.wire or getattr(analysis.document, "wire", None), WIRE_LENGTH) or None,
            origin=storable(meta.origin) or "",
            ingested=datetime.now(timezone.utc).replace(tzinfo=None),
            text=analysis.document.text,
            analysis=analysis.model_dump(mode="json"),
        )
        for n, claim in enumerate(analysis.claims):
            row = Claim(
                ordinal=n,
                text=claim.span.text,
                start=claim.span.start,
                end=claim.span.end,
                sentence=claim.sentence,
                voice=claim.voice,
                certainty=claim.certainty.level,
                factbank=claim.certainty.factbank,
                chain=" <- ".join(link.source.name for link in claim.chain),
                published=meta.published,
                outlet=article.outlet,
            )
            for pos, link in enumerate(claim.chain):
                row.links.append(
                    ChainLink(
                        position=pos,
                        source_id=self._source_id(s, link.source.name, link.source.kind),
                        cue=link.cue.text if link.cue else None,
                        published=meta.published,
                        source_text=link.source.span.text if link.source.span else None,
                    )
                )
            for q in claim.quantities:
                values = {f: getattr(q, f) for f in QUANTITY_FIELDS}
                values["thing"] = storable(values["thing"], THING_LENGTH)
                values["unit"] = storable(values["unit"], UNIT_LENGTH)
                row.quantities.append(Quantity(text=q.span.text, **values))
            article.claims.append(row)
        return article

    def _source_id(self, s: Session, name: str, kind: str) -> int:
        """Id of a source, created if new; a concurrent writer creating it first is fine."""
        key = (storable(name.lower(), SOURCE_KEY_LENGTH) or "", kind)
        cached = self._source_ids.get(key)
        if cached is not None:
            return cached
        query = select(Source.id).where(Source.key == key[0], Source.kind == kind)
        found = s.scalar(query)
        if found is None:
            insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
            s.execute(
                insert(Source)
                .values(name=storable(name), key=key[0], kind=kind)
                .on_conflict_do_nothing(index_elements=["key", "kind"])
            )
            found = s.scalar(query)
        self._source_ids[key] = found
        return found

    # -- reading ------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        with Session(self.engine) as s:
            return {
                "articles": s.scalar(select(func.count(Article.id))) or 0,
                "claims": s.scalar(select(func.count(Claim.id))) or 0,
                "sources": s.scalar(select(func.count(Source.id))) or 0,
            }

    def source_ids(self, s: Session, name: str) -> list[int]:
        """Sources matching a name: its canonical form exactly, or containing it."""
        keys = {name.lower(), canonical(name).lower()}
        pattern = "%" + _escape_like(name.lower()) + "%"
        return list(
            s.scalars(
                select(Source.id).where(or_(Source.key.in_(keys), Source.key.like(pattern, escape="\\")))
            )
        )

    def claims(
        self,
        about: str | None = None,
        source: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        outlet: str | None = None,
        limit: int = 50,
        offset: int = 0,
        certainty: str | None = None,
        voice: str | None = None,
        entity: str | None = None,
    ) -> list[ClaimRow]:
        """Claims newest first. `about` matches claims containing all its words (stemmed); when
        none does, claims containing any of them. `entity` keeps claims that mention the entity
        under any name the alias table knows ("North Korea" also finds "Pyongyang", "DPRK")."""
        search = _Search(about, entity)
        filters = (search, source, since, until, outlet, certainty, voice)
        rows = self._claims(*filters, limit, offset, any_word=False)
        if about and not rows and offset == 0 and len(re.findall(r"\w+", about)) > 1:
            rows = self._claims(*filters, limit, offset, any_word=True)
        return rows

    def _claims(
        self, search, source, since, until, outlet, certainty, voice, limit, offset, any_word: bool
    ) -> list[ClaimRow]:
        with Session(self.engine) as s:
            where = []  # conditions on the claim itself
            by_source = []
            source_ids: list[int] = []
            if source:
                source_ids = self.source_ids(s, source)
                if not source_ids:
                    return []
                # correlated: checked per candidate claim through the claim_id index
                by_source = [
                    select(ChainLink.id)
                    .where(ChainLink.claim_id == Claim.id, ChainLink.source_id.in_(source_ids))
                    .exists()
                ]
            if since:
                where.append(Claim.published >= since)
            if until:
                where.append(Claim.published <= until)
            if outlet:
                where.append(func.lower(Claim.outlet) == outlet.lower())
            if certainty:
                where.append(Claim.certainty == certainty)
            if voice:
                where.append(Claim.voice == voice)
            n = limit + offset
            if search and self.dialect == "sqlite":
                ids = self._newest_matching(s, search, any_word, where + by_source, since, until, n)
            elif search:
                ids = self._newest(s, [*where, *by_source, self._fts_condition(search, any_word)], n)
            elif source_ids:
                ids = self._newest_by_source(s, source_ids, since, until, where, n)
            else:
                ids = self._newest(s, where, n)
            ids = ids[offset : offset + limit]
            claims = {
                c.id: c
                for c in s.scalars(
                    select(Claim)
                    .where(Claim.id.in_(ids))
                    .options(selectinload(Claim.quantities), selectinload(Claim.article))
                )
            }
            return [_row(claims[i]) for i in ids if i in claims]

    @staticmethod
    def _newest(s: Session, where: list, n: int) -> list[int]:
        q = (
            select(Claim.id)
            .where(*where)
            .order_by(Claim.published.desc().nulls_last(), Claim.id.desc())
            .limit(n)
        )
        return list(s.scalars(q))

    @staticmethod
    def _newest_by_source(s: Session, source_ids: list[int], since, until, where: list, n: int) -> list[int]:
        """Walk the (source, published) index of each matching source, newest first."""
        found: dict[int, tuple] = {}
        for sid in source_ids:
            q = (
                select(ChainLink.claim_id, ChainLink.published)
                .join(Claim, Claim.id == ChainLink.claim_id)
                .where(ChainLink.source_id == sid, *where)
            )
            if since:
                q = q.where(ChainLink.published >= since)
            if until:
                q = q.where(ChainLink.published <= until)
            q = q.order_by(ChainLink.published.desc().nulls_last(), ChainLink.claim_id.desc()).limit(n)
            for claim_id, published in s.execute(q):
                found[claim_id] = (published is not None, published or datetime.min, claim_id)
        return sorted(found, key=lambda i: found[i], reverse=True)[:n]

    def _newest_matching(
        self,
        s: Session,
        search: _Search,
        any_word: bool,
        where: list,
        since,
        until,
        n: int,
        chunk: int = 2000,
    ) -> list[int]:
        """SQLite: read full-text matches newest first straight from the FTS index (its rowid
        is published seconds * 2**30 + claim id), checking the other filters chunk by chunk."""
        query = search.fts5(any_word)
        if query is None:
            return []
        hi = (_epoch(until) + 1) * FTS_KEY_SCALE - 1 if until else 2**62
        lo = _epoch(since) * FTS_KEY_SCALE if since else 0
        out: list[int] = []
        while len(out) < n:
            keys = [
                r[0]
                for r in s.execute(
                    text(
                        "SELECT rowid FROM claims_fts WHERE claims_fts MATCH :q AND rowid >= :lo "
                        "AND rowid <= :hi ORDER BY rowid DESC LIMIT :chunk"
                    ),
                    {"q": query, "lo": lo, "hi": hi, "chunk": chunk},
                )
            ]
            if not keys:
                break
            ids = [k % FTS_KEY_SCALE for k in keys]
            keep = set(s.scalars(select(Claim.id).where(Claim.id.in_(ids), *where))) if where else set(ids)
            out.extend(i for i in ids if i in keep)
            if len(keys) < chunk:
                break
            hi = keys[-1] - 1
        return out[:n]

    def _fts_condition(self, search: _Search, any_word: bool = False):
        """Full-text condition for PostgreSQL (tsvector) or other backends (LIKE); SQLite goes
        through _newest_matching, since its FTS rowid is a time-ordered key."""
        if self.dialect == "postgresql":
            parts, params = [], {}
            if search.words:
                params["fts_words"] = (" | " if any_word else " & ").join(search.words)
                parts.append("to_tsquery('english', :fts_words)")
            if search.entity_forms:
                names = []
                for n, form in enumerate(search.entity_forms):
                    params[f"fts_entity{n}"] = form
                    names.append(f"phraseto_tsquery('english', :fts_entity{n})")
                parts.append("(" + " || ".join(names) + ")")
            return text("claims.tsv @@ (" + " && ".join(parts) + ")").bindparams(**params)
        terms = [*search.words, *search.entity_forms]
        likes = [Claim.text.ilike(f"%{_escape_like(w)}%", escape="\\") for w in terms]
        return or_(*likes) if any_word else and_(*likes)

    def article(self, article_id: int) -> Article | None:
        with Session(self.engine) as s:
            return s.get(Article, article_id)

    def article_id(self, content_hash: str) -> int | None:
        with Session(self.engine) as s:
            return s.scalar(select(Article.id).where(Article.content_hash == content_hash))

    def claim_ids(self, article_id: int) -> list[int]:
        """Stored claim ids of an article, in the order of its analysis' claims."""
        with Session(self.engine) as s:
            return list(
                s.scalars(select(Claim.id).where(Claim.article_id == article_id).order_by(Claim.ordinal))
            )

    def stories_of(self, claim_ids: list[int]) -> dict[int, int]:
        from reportedly.ledger.models import StoryClaim

        with Session(self.engine) as s:
            return dict(
                s.execute(
                    select(StoryClaim.claim_id, StoryClaim.story_id).where(StoryClaim.claim_id.in_(claim_ids))
                ).all()
            )

    def source_report(
        self, name: str, limit: int = 100
    ) -> tuple[list[tuple[str, str, int]], list[tuple[ClaimRow, int, str]]]:
        """(matching sources with claim counts, their claims with the chain position and cue)."""
        with Session(self.engine) as s:
            ids = self.source_ids(s, name)
            if not ids:
                return [], []
            counts = s.execute(
                select(Source.name, Source.kind, func.count(ChainLink.id))
                .join(ChainLink, ChainLink.source_id == Source.id)
                .where(Source.id.in_(ids))
                .group_by(Source.id, Source.name, Source.kind)
                .order_by(func.count(ChainLink.id).desc())
            ).all()
            rows = s.execute(
                select(Claim, ChainLink.position, ChainLink.cue)
                .join(ChainLink, ChainLink.claim_id == Claim.id)
                .where(ChainLink.source_id.in_(ids))
                .options(selectinload(Claim.quantities), selectinload(Claim.article))
                .order_by(Claim.published.desc().nulls_last(), Claim.id.desc())
                .limit(limit)
            ).all()
            return ([(n, k, c) for n, k, c in counts], [(_row(c), pos, cue or "") for c, pos, cue in rows])

    def iter_export(self, batch: int = 1000) -> Iterator[dict]:
        """Every claim as a flat record, in id order, streamed in batches."""
        last = 0
        while True:
            with Session(self.engine) as s:
                claims = list(
                    s.scalars(
                        select(Claim)
                        .where(Claim.id > last)
                        .order_by(Claim.id)
                        .limit(batch)
                        .options(
                            selectinload(Claim.quantities),
                            selectinload(Claim.article),
                            selectinload(Claim.links).selectinload(ChainLink.source),
                        )
                    )
                )
                if not claims:
                    return
                for c in claims:
                    yield export_record(c)
                last = claims[-1].id


def export_record(c: Claim) -> dict:
    return {
        "claim_id": c.id,
        "article_id": c.article_id,
        "url": c.article.url,
        "title": c.article.title,
        "outlet": c.outlet,
        "published": c.published.isoformat() if c.published else None,
        "text": c.text,
        "chain": c.chain,
        "sources": [
            {"name": link.source.name, "kind": link.source.kind, "cue": link.cue} for link in c.links
        ],
        "certainty": c.certainty,
        "factbank": c.factbank,
        "voice": c.voice,
        "quantities": [_quantity(q) for q in c.quantities],
    }


def _quantity(q: Quantity) -> dict:
    record = {"text": q.text, **{f: getattr(q, f) for f in QUANTITY_FIELDS}}
    record["approximate"] = bool(record["approximate"])
    return record


def _row(c: Claim) -> ClaimRow:
    return ClaimRow(
        id=c.id,
        article_id=c.article_id,
        text=c.text,
        chain=c.chain,
        certainty=c.certainty,
        factbank=c.factbank,
        voice=c.voice,
        published=c.published,
        outlet=c.outlet,
        url=c.article.url,
        title=c.article.title,
        quantities=[_quantity(q) for q in c.quantities],
    )


class _Search:
    """A full-text request: words (all, or any), and optionally an entity's names (any)."""

    def __init__(self, about: str | None, entity: str | None) -> None:
        self.words = re.findall(r"\w+", (about or "").lower())
        forms = alias_forms(entity) if entity else []
        # phrases of words only; two-letter acronyms ("US") would match common words
        self.entity_forms = [" ".join(re.findall(r"\w+", f.lower())) for f in forms]
        self.entity_forms = [f for f in dict.fromkeys(self.entity_forms) if len(f) > 2]
        if entity and not self.entity_forms:
            self.entity_forms = [" ".join(re.findall(r"\w+", entity.lower()))]

    def __bool__(self) -> bool:
        return bool(self.words or self.entity_forms)

    def fts5(self, any_word: bool) -> str | None:
        """An FTS5 query with every word quoted (no query syntax reaches FTS from users)."""
        parts = []
        if self.words:
            parts.append("(" + (" OR " if any_word else " ").join(f'"{w}"' for w in self.words) + ")")
        if self.entity_forms:
            parts.append("(" + " OR ".join(f'"{f}"' for f in self.entity_forms) + ")")
        return " AND ".join(parts) or None


FTS_KEY_SCALE = 2**30  # claim ids stay below this; see migration 0003


def _epoch(moment: datetime) -> int:
    return int(moment.replace(tzinfo=timezone.utc).timestamp())


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def first_line(exc: BaseException) -> str:
    """The first line of an error's message (its class name when empty), at most 200 characters."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
