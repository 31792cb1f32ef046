"""One article end to end: read -> clean -> parse -> extract -> Analysis."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from reportedly import parse
from reportedly.clean import CleanText, Piece, clean
from reportedly.extract import extract
from reportedly.extract.voice import PAGE_KEY
from reportedly.read import DEFAULT_MAX_BYTES, RawArticle, read_path
from reportedly.schema import Analysis, DebrisInfo, DebrisItem, DocumentInfo

T = TypeVar("T")


def analyze_path(path: str, model: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Analysis:
    return analyze_raw(read_path(path, max_bytes=max_bytes), parse.load(model))


def analyze_text(text: str, model: str | None = None, origin: str = "<text>") -> Analysis:
    raw = RawArticle(text=text, origin=origin, fmt="text", encoding="utf-8")
    return analyze_raw(raw, parse.load(model))


def analyze_raw(raw: RawArticle, nlp: Language) -> Analysis:
    cleaned = clean(raw.text, title=raw.meta.get("title"))
    return build(raw, cleaned, nlp(cleaned.text), nlp)


def analyze_many(
    items: Iterable[tuple[RawArticle, T]], nlp: Language, batch_size: int = 16, n_process: int = 1
) -> Iterator[tuple[Analysis | Exception, T]]:
    """Stream (analysis, context) pairs for (article, context) pairs, parsing in batches with
    nlp.pipe (optionally on several processes). An article whose extraction fails yields the
    exception in place of its analysis, so one bad article never stops a batch."""

    def cleaned() -> Iterator[tuple[str, tuple]]:
        for raw, ctx in items:
            c = clean(raw.text, title=raw.meta.get("title"))
            yield c.text, (raw, c, ctx)

    for doc, (raw, c, ctx) in nlp.pipe(cleaned(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        try:
            yield build(raw, c, doc, nlp), ctx
        except Exception as exc:
            yield exc, ctx


def _items(pieces: list[Piece]) -> list[DebrisItem]:
    return [DebrisItem(start=p.start, end=p.end, text=p.text) for p in pieces]


def build(raw: RawArticle, cleaned: CleanText, doc: Doc, nlp: Language) -> Analysis:
    d = cleaned.debris
    url = raw.meta.get("url") or d.original_url
    doc.user_data[PAGE_KEY] = {
        "url": url,
        "title": raw.meta.get("title") or (d.title.text if d.title else None),
        "footers": "\n".join(p.text for p in d.footers),
    }
    ex = extract(doc)
    outlet = raw.meta.get("sitename") or d.outlet
    debris = DebrisInfo(
        title=d.title.text if d.title else None,
        captions=_items(d.captions),
        footers=_items(d.footers),
        links=_items(d.links),
        original_url=d.original_url,
        outlet=d.outlet,
        disclaimer="\n".join(p.text for p in d.footers) or None,
    )
    document = DocumentInfo(
        origin=raw.origin,
        format=raw.fmt,
        encoding=raw.encoding,
        title=debris.title,
        url=url,
        published=raw.meta.get("date"),
        outlet=outlet,
        text=cleaned.text,
        offset_map=cleaned.offsets.segments(),
    )
    return Analysis(
        pipeline=parse.pipeline_id(nlp),
        document=document,
        debris=debris,
        entities=ex.entities,
        sentences=ex.sentences,
        attributions=ex.attributions,
        claims=ex.claims,
    )
