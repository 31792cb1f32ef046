"""Attributions anchored on the learned taggers (see span_tagger), with the rules as the fallback.

The cue tagger decides what is a cue and where its span ends. Source and content then come from
the dependency rules anchored on the cue's head, which know "Y, X said", "according to X" and
quotations; where the rules find nothing, the source and content taggers' nearest spans in the
cue's sentence are used. A source the source tagger marks over the rule's source sets its edges.

REPORTEDLY_ATTRIBUTION=rules turns the taggers off (the rules then also pick the cues).
"""

from __future__ import annotations

import os

from spacy.tokens import Doc, Token

from reportedly.extract import lexicon, span_tagger
from reportedly.extract.attribution import (
    RawAttribution,
    _according_to,
    _noun_cue,
    _range_chars,
    _verb_cue,
    find_rule_attributions,
    finish,
    is_cue_verb,
)
from reportedly.extract.entities import EntityIndex
from reportedly.extract.sources import make_source

MODE_ENV = "REPORTEDLY_ATTRIBUTION"
Range = tuple[int, int]


def enabled() -> bool:
    return os.environ.get(MODE_ENV, "tagged") != "rules" and span_tagger.tagger("cue") is not None


def find_attributions(doc: Doc, entities: EntityIndex) -> list[RawAttribution]:
    if not enabled():
        return find_rule_attributions(doc, entities)
    cues = span_tagger.predict(doc, "cue")
    sources = span_tagger.predict(doc, "source")
    contents = span_tagger.predict(doc, "content")
    found = []
    for lo, hi in cues:
        head = cue_head(doc, lo, hi)
        attr = _by_rules(doc, lo, head, entities) or _by_tags(doc, (lo, hi), sources, contents, entities)
        if attr is None:
            continue
        attr.cue_tokens = list(range(lo, hi))
        attr.cue_head = head.i
        if not _clip_content(doc, attr, lo, hi):
            continue
        _snap_source(doc, attr, sources, (lo, hi), entities)
        found.append(attr)
    found.extend(_nested_by_rules(doc, entities, found))
    return finish(found, doc)


def _nested_by_rules(doc: Doc, entities: EntityIndex, found: list[RawAttribution]) -> list[RawAttribution]:
    """Reporting verbs the rules find inside a tagged attribution's content ("X reported that the
    mayor said that officials believe Y"): the tagger, like the annotators it learned from, often
    leaves the deeper levels of a chain unmarked, and the chain needs them."""
    taken = {i for a in found for i in a.cue_tokens}
    verbs = lexicon.SPEECH_VERBS | lexicon.COGNITION_VERBS
    extra = []
    for outer in found:
        sent = doc[outer.cue_head].sent
        c0, c1 = outer.content
        for head in sent:  # within the outer cue's sentence, as the complement of a complement
            if not (c0 <= head.idx < c1) or head.i in taken:
                continue
            if head.dep_ != "ccomp" or head.lemma_.lower() not in verbs or not is_cue_verb(head):
                continue
            attr = _verb_cue(doc, head, entities)
            if attr is not None and not taken & set(attr.cue_tokens):
                taken.update(attr.cue_tokens)
                extra.append(attr)
    return extra


def _clip_content(doc: Doc, attr: RawAttribution, lo: int, hi: int) -> bool:
    """Keep the content off the cue span ("reserved his passion for | the bill"); False if
    nothing is left."""
    c0, c1 = attr.content
    k0, k1 = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)
    if not (c0 < k1 and k0 < c1):
        return True
    if attr.fragments is not None:
        attr.fragments = [f for f in attr.fragments if f[1] <= k0 or f[0] >= k1] or None
    after = doc[hi].idx if hi < len(doc) else k1
    before, rest = (c0, k0), (max(after, k1), c1)
    pick = rest if rest[1] - rest[0] >= before[1] - before[0] else before
    text = doc.text
    a, b = pick
    while a < b and not text[a].isalnum() and text[a] not in "\"“‘'":
        a += 1
    while b > a and text[b - 1] in " \n,;:":
        b -= 1
    if b <= a:
        return False
    attr.content = (a, b)
    return True


def cue_head(doc: Doc, lo: int, hi: int) -> Token:
    """The syntactic head of a cue span: a token whose head lies outside it, a verb if any."""
    tops = [t for t in doc[lo:hi] if not lo <= t.head.i < hi or t.head.i == t.i]
    verbs = [t for t in tops if t.pos_ in ("VERB", "AUX")]
    return (verbs or tops or [doc[lo]])[0]


def _by_rules(doc: Doc, lo: int, head: Token, entities: EntityIndex) -> RawAttribution | None:
    if doc[lo].lower_ == "according" and lo + 1 < len(doc) and doc[lo + 1].lower_ == "to":
        return _according_to(doc, doc[lo], entities)
    if head.pos_ in ("VERB", "AUX") or head.tag_.startswith("VB"):
        return _verb_cue(doc, head, entities, trusted=True)
    if head.pos_ in ("NOUN", "PROPN"):
        return _noun_cue(doc, head, entities)
    return None


def _overlaps(a: Range, b: Range) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _distance(a: Range, b: Range) -> int:
    return max(a[0] - b[1], b[0] - a[1], 0)


def _nearest(spans: list[Range], cue: Range, lo: int, hi: int, avoid: list[Range]) -> Range | None:
    """The tagged span nearest the cue within [lo, hi), overlapping neither the cue nor `avoid`."""
    cands = [
        s for s in spans if lo <= s[0] and s[1] <= hi and not any(_overlaps(s, a) for a in [cue, *avoid])
    ]
    return min(cands, key=lambda s: _distance(s, cue), default=None)


def _by_tags(
    doc: Doc, cue: Range, sources: list[Range], contents: list[Range], entities: EntityIndex
) -> RawAttribution | None:
    sent = doc[cue[0]].sent
    src = _nearest(sources, cue, sent.start, sent.end, [])
    if src is None:
        return None
    content = _nearest(contents, cue, sent.start, sent.end, [src])
    if content is None:
        return None
    source = make_source(doc, src[0], src[1], entities)
    if source is None:
        return None
    return RawAttribution(
        cue_tokens=list(range(*cue)),
        cue_type="verb",
        content=_range_chars(doc, *content),
        source=source,
        source_tokens=src,
        cue_head=cue[0],
    )


def _snap_source(
    doc: Doc, attr: RawAttribution, sources: list[Range], cue: Range, entities: EntityIndex
) -> None:
    """Take the source tagger's edges where its span overlaps the rule's source."""
    if attr.source_tokens is None:
        return
    tagged = next((s for s in sources if _overlaps(s, attr.source_tokens) and not _overlaps(s, cue)), None)
    if tagged is None or tagged == attr.source_tokens:
        return
    source = make_source(doc, tagged[0], tagged[1], entities)
    if source is not None:
        attr.source, attr.source_tokens = source, tagged
