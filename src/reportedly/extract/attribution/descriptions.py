"""Who "the Florida senator" and "the Democratic front-runner" are: a source that is a definite
description of a person resolves to the one person the article itself describes that way
("Florida Sen. Marco Rubio", "Democratic front-runner Hillary Clinton", "Ben Carson, a retired
neurosurgeon"). The description's head noun must be the title right before the person's name (or
the head of an apposition after it), and each of its other words must be among the title's
words, while a title that says "former" needs a description that says so: "the former president"
is not "President Obama", and "the candidate" is not "a former candidate for governor". Only
people described so before the source count (a description points back); when several are, the
source stays as it is."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Token

from reportedly.extract.attribution.relations import words
from reportedly.extract.attribution.sources import head_of
from reportedly.extract.entities import EntityIndex
from reportedly.schema import Source

_WORD = re.compile(r"[a-z][a-z.\-']*")


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, str]:
    return words()["title_abbreviations"]


@lru_cache(maxsize=1)
def _past() -> frozenset[str]:
    """Title words ("former", "ex") a source description must repeat to mean that person."""
    return frozenset(words()["past_title_words"])


@lru_cache(maxsize=1)
def _indefinite() -> frozenset[str]:
    """Words that make a description nobody in particular ("a senator", "one official")."""
    return frozenset(words()["indefinite_words"])


def _norm(word: str) -> str:
    low = word.lower()
    return _abbreviations().get(low, low.rstrip("."))


def _title_words(tokens: list[Token]) -> list[str]:
    """Lower-cased title words, punctuation glued to them ('”Former') left out."""
    words = (_WORD.search(t.text.lower()) for t in tokens if t.dep_ != "det")
    return [_norm(w.group()) for w in words if w]


def _name_root(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    tok = span.root
    while tok.dep_ in ("compound", "flat") and tok.head.i != tok.i and tok.head.i >= span.start:
        tok = tok.head
    return tok


def _descriptions(doc: Doc, start: int, end: int) -> list[tuple[str, frozenset[str]]]:
    """(title head, title words) this mention of a person carries: the words right before the name
    inside its phrase ("Florida Sen." Marco Rubio), and those of an apposition after it ("Ben
    Carson, a retired neurosurgeon")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    root = _name_root(doc, start, end)
    if span is None or root is None:
        return []
    out = []
    before = []
    i = span.start - 1
    while i >= root.left_edge.i and (
        doc[i].tag_ == "HYPH" or doc[i].dep_ not in ("det", "poss", "case", "punct", "cc", "prep")
    ):
        before.insert(0, doc[i])
        i -= 1
    if before and doc[span.start - 1].pos_ in ("NOUN", "PROPN") and (title := _title_words(before)):
        out.append((title[-1], frozenset(title)))
    # "Ben Carson, a retired neurosurgeon"; not "the author of the book, Mitchell Zuckoff", where
    # the parser hangs the name on "book"
    for noun in (c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"):
        phrase = [t for t in noun.subtree if t.i <= noun.i and not (span.start <= t.i < span.end)]
        title = _title_words([t for t in phrase if t.i >= noun.left_edge.i])
        if title and title[-1] == _norm(noun.text):
            out.append((title[-1], frozenset(title)))
    return out


def _described(doc: Doc, index: EntityIndex) -> list[tuple[int, str, str, str, frozenset[str]]]:
    """(offset, person name, entity id, title head, title words) for each described mention."""
    out = []
    for ent in index.entities:
        if ent.label != "PERSON":
            continue
        for m in ent.mentions:
            for head, title in _descriptions(doc, m.start, m.end):
                out.append((m.start, ent.name, ent.id, head, title))
    return sorted(out)


def _description(doc: Doc, src: Source) -> tuple[str, frozenset[str]] | None:
    """(head, words) of a source that is a definite singular description ("the Florida senator")."""
    if src.span is None or src.kind not in ("vague", "named"):
        return None
    span = doc.char_span(src.span.start, src.span.end, alignment_mode="expand")
    if span is None:
        return None
    head = head_of(doc, span.start, span.end)
    if head.pos_ != "NOUN" or head.tag_ != "NN" or head.i != span.end - 1:
        return None  # plural, a proper name, or a phrase going on after its head
    if any(t.dep_ == "poss" or t.lower_ in _indefinite() or t.like_num for t in span):
        return None
    title = _title_words(list(span))
    return (title[-1], frozenset(title)) if title and title[-1] == _norm(head.text) else None


def resolve_descriptions(found: list, doc: Doc, index: EntityIndex) -> None:
    """Name the person behind each source of `found` (RawAttribution) that describes one."""
    described = None
    labels = {e.id: e.label for e in index.entities}
    for attr in found:
        src: Source | None = attr.source
        if src is None or labels.get(src.entity_id) in ("PERSON", "ORG"):
            continue
        wanted = _description(doc, src)
        if wanted is None:
            continue
        if described is None:
            described = _described(doc, index)
        head, title = wanted
        fits = [
            d
            for d in described
            if d[0] < src.span.start and d[3] == head and title <= d[4] and not (d[4] - title) & _past()
        ]
        if len({d[2] for d in fits}) != 1:
            continue  # nobody, or several people the article describes so
        _at, name, ent_id, _head, _title = fits[-1]
        attr.source = src.model_copy(
            update={"name": name, "kind": "named", "entity_id": ent_id, "resolved_to": name}
        )
