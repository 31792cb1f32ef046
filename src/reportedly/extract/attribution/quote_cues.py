"""A quotation and the reporting verb right after it, when the parse does not join them:
'"Y," X said' with the quotation parsed as the verb's subject, '"Y!" X tweeted' split into two
sentences, '"Y," said X'. Only the source's words may stand between the closing mark and the verb."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Token

from reportedly.extract.attribution.quotes import paired_quotes, quote_interior
from reportedly.extract.attribution.raw import RawAttribution, cue_tokens
from reportedly.extract.attribution.sources import make_source
from reportedly.extract.entities import EntityIndex
from reportedly.extract.spans import doc_text

_QUOTES_KEY = "reportedly.paired_quotes"
_MAX_SOURCE_TOKENS = 12
_GAP = re.compile(r"[ \t,]*")


def doc_quotes(doc: Doc) -> list[tuple[int, int]]:
    """The paired quotations of `doc` (character ranges, marks included), found once per Doc."""
    if _QUOTES_KEY not in doc.user_data:
        doc.user_data[_QUOTES_KEY] = paired_quotes(doc_text(doc))
    return doc.user_data[_QUOTES_KEY]


def quote_before(doc: Doc, verb: Token, entities: EntityIndex) -> RawAttribution | None:
    """The quotation closing right before `verb`'s frame as its content, with the source between
    them ('"Y," chairman X said') or right after the verb ('"Y," said X')."""
    text = doc_text(doc)
    quotes = doc_quotes(doc)
    k = bisect.bisect_right([q[1] for q in quotes], verb.idx) - 1
    if k < 0:
        return None
    q0, q1 = quotes[k]
    gap = text[q1 : verb.idx]
    if _GAP.fullmatch(gap):  # '"Y," said X'
        subj = next((c for c in verb.children if c.dep_ == "nsubj" and c.i > verb.i), None)
        if subj is None:
            return None
        lo, hi = subj.left_edge.i, subj.right_edge.i + 1
    else:  # '"Y," X said': only a noun phrase between, in the same paragraph
        span = doc.char_span(q1, verb.idx, alignment_mode="contract")
        if span is None or "\n" in gap or any(ch in gap for ch in '.;:?!"“”'):
            return None
        words = [t for t in span if not (t.is_punct or t.is_space)]
        if not words or len(words) > _MAX_SOURCE_TOKENS or any(t.pos_ in ("VERB", "AUX") for t in words):
            return None
        if not any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in words):
            return None
        if any(t.tag_ in ("WDT", "WP", "WP$") for t in words):  # '"Collapse," which explored ...'
            return None
        lo, hi = span.start, span.end
    source = make_source(doc, lo, hi, entities)
    c0, c1 = quote_interior(text, q0, q1)
    if source is None or c1 - c0 < 3:
        return None
    return RawAttribution(
        cue_tokens=cue_tokens(doc, verb),
        cue_type="verb",
        content=(c0, c1),
        source=source,
        source_tokens=(lo, hi),
        cue_head=verb.i,
    )
