"""Long documents are analysed in chunks cut at paragraph breaks; the joined analysis has every
span on the right characters and agrees with the analysis of the whole text."""

from __future__ import annotations

import pytest

from reportedly import chunks
from reportedly.analyze import analyze_text
from tests.conftest import SHARED

DEV = SHARED / "data" / "polnear" / "dev" / "text"
ARTICLE = max(DEV.glob("*.txt"), key=lambda p: p.stat().st_size, default=DEV / "missing.txt")


def test_split_covers_the_text_at_paragraph_breaks():
    text = "".join(f"Paragraph {n} says something, officials said.\n\n" for n in range(200))
    pieces = chunks.split(text, 1000)
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 1000 for _, p in pieces) and len(pieces) > 5
    assert all(p.endswith("\n\n") for _, p in pieces[:-1])
    assert [o for o, _ in pieces] == [sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))]


def test_split_without_breaks_still_cuts_within_the_limit():
    text = "word " * 3000
    pieces = chunks.split(text, 1000)
    assert "".join(p for _, p in pieces) == text and all(len(p) <= 1000 for _, p in pieces)


@pytest.mark.skipif(not ARTICLE.exists(), reason="needs ../shared/data/polnear")
def test_chunked_analysis_joins_consistently(monkeypatch):
    text = ARTICLE.read_text(encoding="utf-8")
    whole = analyze_text(text)
    monkeypatch.setattr(chunks, "CHUNK_CHARS", 2500)
    assert len(chunks.split(whole.document.text)) > 2
    parts = analyze_text(text)
    doc = parts.document.text
    assert doc == whole.document.text
    spans = [c.span for c in parts.claims] + [m for e in parts.entities for m in e.mentions]
    spans += [a.cue for a in parts.attributions] + [s.span for s in parts.sentences]
    assert all(doc[s.start : s.end] == s.text for s in spans)
    assert [c.id for c in parts.claims] == [f"c{n}" for n in range(1, len(parts.claims) + 1)]
    assert [s.index for s in parts.sentences] == list(range(len(parts.sentences)))
    entity_ids = {e.id for e in parts.entities}
    assert len(entity_ids) == len(parts.entities) == len({e.name.lower() for e in parts.entities})
    assert all(e in entity_ids for c in parts.claims for e in c.entities)
    attribution_ids = {a.id for a in parts.attributions}
    assert all(c.attribution in attribution_ids for c in parts.claims if c.attribution)
    same = {(c.span.start, c.span.end) for c in whole.claims}
    same &= {(c.span.start, c.span.end) for c in parts.claims}
    assert len(same) >= 0.9 * len(whole.claims)


def test_a_long_article_in_a_batch_is_analysed_apart(monkeypatch):
    from reportedly import parse
    from reportedly.analyze import analyze_many
    from reportedly.read import RawArticle

    monkeypatch.setattr(chunks, "CHUNK_CHARS", 400)
    long = "".join(f"Officials said that bridge {n} had reopened on Monday.\n\n" for n in range(40))
    texts = {"short1": "The mayor said the port was closed.", "long": long, "short2": "Aides said no."}
    items = [(RawArticle(text=t, origin=n, fmt="text", encoding="utf-8"), n) for n, t in texts.items()]
    out = {ctx: a for a, ctx in analyze_many(items, parse.load(), batch_size=2)}
    assert set(out) == {"short1", "long", "short2"}
    assert len(out["long"].claims) == 40
    text = out["long"].document.text
    assert all(text[c.span.start : c.span.end] == c.span.text for c in out["long"].claims)


def test_chunks_on_several_processes_give_the_serial_analysis(monkeypatch):
    monkeypatch.setattr(chunks, "CHUNK_CHARS", 600)
    line = "Officials said that bridge {} had reopened, the mayor told reporters.\n\n"
    text = "".join(line.format(n) for n in range(30))
    monkeypatch.setenv("REPORTEDLY_CHUNK_WORKERS", "1")
    assert chunks.workers(5) == 1
    serial = analyze_text(text)
    monkeypatch.setenv("REPORTEDLY_CHUNK_WORKERS", "2")
    assert chunks.workers(5) == 2 and chunks.workers(1) == 1
    parallel = analyze_text(text)
    assert len(chunks.split(serial.document.text)) > 3
    assert parallel.model_dump() == serial.model_dump()
    assert len(parallel.claims) >= 30


def test_a_failing_chunk_fails_the_article_not_the_process():
    def task(piece: tuple[int, str]) -> int:
        if piece[0] == 10:
            raise ValueError("chunk at 10 cannot be analysed")
        return piece[0]

    assert chunks.in_processes([(0, "a"), (5, "b")], 2, task) == [0, 5]
    with pytest.raises(ValueError, match="chunk at 10"):
        chunks.in_processes([(0, "a"), (10, "b")], 2, task)
