"""One article end to end: read -> clean -> parse -> extract -> Analysis."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from reportedly import chunks, parse
from reportedly.clean import CleanText, Piece, clean, wire_of_host
from reportedly.extract import Extraction, extract
from reportedly.extract.spans import remember_text
from reportedly.extract.voice import PAGE_KEY
from reportedly.read import DEFAULT_MAX_BYTES, RawArticle, read_path
from reportedly.schema import Analysis, DebrisInfo, DebrisItem, DocumentInfo, Span

T = TypeVar("T")


def analyze_path(path: str, model: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Analysis:
    return analyze_raw(read_path(path, max_bytes=max_bytes), parse.load(model))


def analyze_text(text: str, model: str | None = None, origin: str = "<text>") -> Analysis:
    raw = RawArticle(text=text, origin=origin, fmt="text", encoding="utf-8")
    return analyze_raw(raw, parse.load(model))


def analyze_raw(raw: RawArticle, nlp: Language) -> Analysis:
    cleaned = clean(raw.text, title=raw.meta.get("title"))
    return build(raw, cleaned, _extract_chunks(raw, cleaned, nlp), nlp)


def _extract_chunks(raw: RawArticle, cleaned: CleanText, nlp: Language) -> list[tuple[int, Extraction]]:
    """Extractions of a text's chunks, each parsed alone so that memory holds one chunk per
    process. Several chunks are shared out over the machine's cores (chunks.workers)."""
    pieces = chunks.split(cleaned.text)
    workers = chunks.workers(len(pieces))
    if workers > 1:
        return chunks.in_processes(pieces, workers, partial(_extract_piece, nlp, raw, cleaned))
    return [_extract_piece(nlp, raw, cleaned, piece) for piece in pieces]


def _extract_piece(
    nlp: Language, raw: RawArticle, cleaned: CleanText, piece: tuple[int, str]
) -> tuple[int, Extraction]:
    offset, text = piece
    return offset, _extract(nlp(text), raw, cleaned, text)


def _extract(doc: Doc, raw: RawArticle, cleaned: CleanText, text: str) -> Extraction:
    """Extraction of a parsed text, told about its page (address, title, footers), which voice
    reads to know an opinion piece, and the text it was parsed from."""
    remember_text(doc, text)
    d = cleaned.debris
    doc.user_data[PAGE_KEY] = {
        "url": raw.meta.get("url") or d.original_url,
        "title": raw.meta.get("title") or (d.title.text if d.title else None),
        "footers": "\n".join(p.text for p in d.footers),
    }
    return extract(doc)


def analyze_many(
    items: Iterable[tuple[RawArticle, T]], nlp: Language, batch_size: int = 16, n_process: int = 1
) -> Iterator[tuple[Analysis | Exception, T]]:
    """Stream (analysis, context) pairs for (article, context) pairs, parsing in batches with
    nlp.pipe (optionally on several processes). An article longer than one chunk is analysed
    apart, chunk by chunk, so a batch never holds more than its usual size. An article whose
    cleaning or extraction fails yields the exception in place of its analysis, so one bad
    article never stops a batch."""
    ready: list[tuple[Analysis | Exception, T]] = []  # answered outside the pipe

    def cleaned() -> Iterator[tuple[str, tuple]]:
        for raw, ctx in items:
            try:
                c = clean(raw.text, title=raw.meta.get("title"))
                if len(c.text) > chunks.CHUNK_CHARS:
                    ready.append((build(raw, c, _extract_chunks(raw, c, nlp), nlp), ctx))
                    continue
            except Exception as exc:
                ready.append((exc, ctx))
                continue
            yield c.text, (raw, c, ctx)

    for doc, (raw, c, ctx) in nlp.pipe(cleaned(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield from _drain(ready)
        try:
            yield build(raw, c, [(0, _extract(doc, raw, c, c.text))], nlp), ctx
        except Exception as exc:
            yield exc, ctx
    yield from _drain(ready)


def _drain(ready: list[tuple[Analysis | Exception, T]]) -> Iterator[tuple[Analysis | Exception, T]]:
    while ready:
        yield ready.pop(0)


def _items(pieces: list[Piece]) -> list[DebrisItem]:
    return [DebrisItem(start=p.start, end=p.end, text=p.text) for p in pieces]


def _outside(ex: Extraction, subheads: list[tuple[int, int]]) -> Extraction:
    """The extraction without claims and attributions that start in a subhead or a table row."""
    if not subheads:
        return ex

    def inside(offset: int) -> bool:
        return any(a <= offset < b for a, b in subheads)

    attributions = [a for a in ex.attributions if not inside(a.cue.start)]
    kept = {a.id for a in attributions}
    claims = [
        c for c in ex.claims if not inside(c.span.start) and (c.attribution is None or c.attribution in kept)
    ]
    return Extraction(entities=ex.entities, sentences=ex.sentences, attributions=attributions, claims=claims)


def build(
    raw: RawArticle, cleaned: CleanText, parts: list[tuple[int, Extraction]], nlp: Language
) -> Analysis:
    """The analysis of one article from the extractions of its chunks (offset, extraction)."""
    ex = _outside(chunks.join(parts), cleaned.subheads + cleaned.tables)
    d = cleaned.debris
    url = raw.meta.get("url") or d.original_url
    outlet = raw.meta.get("sitename") or d.outlet
    debris = DebrisInfo(
        title=d.title.text if d.title else None,
        captions=_items(d.captions),
        footers=_items(d.footers),
        links=_items(d.links),
        boilerplate=_items(d.boilerplate),
        credits=_items(d.credits),
        datelines=_items(d.datelines),
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
        published=raw.meta.get("published") or raw.meta.get("date"),
        outlet=outlet,
        author=raw.meta.get("author"),
        wire=d.wire or raw.meta.get("wire") or wire_of_host(url),
        dateline=d.dateline,
        subheads=[Span(start=a, end=b, text=cleaned.text[a:b]) for a, b in cleaned.subheads],
        tables=[Span(start=a, end=b, text=cleaned.text[a:b]) for a, b in cleaned.tables],
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
