"""Source and content of a tagged cue that none of the reporting-verb rules fits, read off the
cue's own dependents: "called for | steep new tariffs", "His obsession with | Mexico", passives
("Clinton | was supported by | 42 percent"; "it | is considered | a threat", with no source), and a
quotation just before the cue's clause ("'Y?' | Clinton said.")."""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Token

from reportedly.extract.attribution.denials import points_back
from reportedly.extract.attribution.quotes import quote_interior
from reportedly.extract.attribution.raw import RawAttribution, subject_of
from reportedly.extract.attribution.sources import make_source, source_range
from reportedly.extract.entities import EntityIndex
from reportedly.extract.spans import doc_text, token_chars, trim
from reportedly.schema import Source

UNNAMED = "unnamed"  # the source of an agentless passive ("it is believed") or of a cue with no subject
# the complements that carry what is said, thought or wanted; then the looser attachments
_CORE = {"ccomp", "xcomp", "dobj", "pobj", "pcomp", "oprd", "attr", "acomp", "dative", "parataxis"}
_LOOSE = {"prep", "advcl"}
_CLIMB = {"pcomp", "pobj", "prep", "advcl", "conj", "xcomp", "acl", "relcl"}


def from_dependents(
    doc: Doc, lo: int, hi: int, head: Token, entities: EntityIndex, quotes: list[tuple[int, int]]
) -> RawAttribution | None:
    """The attribution of the cue span [lo, hi) with syntactic head `head`, or None if no
    content can be found for it."""
    subj = _source_token(head, lo, hi)
    passive = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
    right = _right_complement(doc, lo, hi, subj)
    if (right is not None and points_back(head, doc[slice(*right)].root)) or (
        passive is not None and points_back(head, passive)
    ):
        return None  # found as confirmations (claims._confirmation)
    pieces = []
    # "Y was supported (by X)"; not the "it" of "it can be said that Y"
    if (
        passive is not None
        and (subj is None or subj.i > head.i)
        and not (right is not None and passive.lower_ == "it")
    ):
        pieces.append(trim(doc, passive.left_edge.i, passive.right_edge.i + 1, keep_quotes=True))
    if right is not None:
        pieces.append(right)
    pieces = [p for p in pieces if p[0] < p[1]]
    chars = [token_chars(doc, a, b) for a, b in pieces]
    if not chars:
        start = min([lo] + ([subj.left_edge.i] if subj is not None and subj.i < lo else []))
        before = _quote_before(doc, start, quotes)
        if before is None:
            return None
        chars = [before]
    source = None
    src_range = None
    if subj is not None:
        src_range = source_range(doc, subj)
        if src_range[0] <= head.i < src_range[1]:
            src_range = (subj.i, subj.i + 1)
        source = make_source(doc, *src_range, entities)
    if source is None and subj is None and any(c.tag_ == "MD" for c in head.children):
        source = Source(name="author", kind="author")  # "it can be said that": the author's own hedge
    if source is None:
        source, src_range = Source(name=UNNAMED, kind="vague"), None
    # a clause as content is a claim; a noun phrase ("called for | tariffs") stays a relation
    clausal = any(doc[a:b].root.pos_ in ("VERB", "AUX") for a, b in pieces) or right is None
    return RawAttribution(
        cue_tokens=list(range(lo, hi)),
        cue_type="verb" if clausal else "object",
        content=(chars[0][0], chars[-1][1]),
        source=source,
        source_tokens=src_range,
        cue_head=head.i,
        fragments=chars if len(chars) > 1 else None,
    )


def _source_token(head: Token, lo: int, hi: int) -> Token | None:
    """The cue's subject or agent, borrowed from the clause it hangs from ("by saying", "and
    called for"); the owner of a noun cue ("His obsession with")."""
    if head.pos_ in ("NOUN", "PROPN"):
        return next((c for c in head.children if c.dep_ == "poss"), None)
    node = head
    for _ in range(4):
        subj, _agent = subject_of(node)
        if subj is not None:
            return None if lo <= subj.i < hi else subj
        if node.dep_ not in _CLIMB or node.head.i == node.i:
            return None
        node = node.head
    return None


def _right_complement(doc: Doc, lo: int, hi: int, subj: Token | None) -> tuple[int, int] | None:
    """Token range of the complements that the cue's tokens take after the cue (not the agent
    of "was overturned by | an appeals court")."""
    kids = [c for t in doc[lo:hi] for c in t.children if c.i >= hi]
    if subj is not None:
        kids = [c for c in kids if not c.left_edge.i <= subj.i <= c.right_edge.i]
    chosen = [c for c in kids if c.dep_ in _CORE] or [c for c in kids if c.dep_ in _LOOSE]
    if not chosen:
        return None
    first = min(c.left_edge.i for c in chosen)
    last = max(c.right_edge.i for c in chosen) + 1
    # on through prepositions right after the complement ("lists them | as the fifth richest")
    for prep in sorted((c for c in kids if c.dep_ == "prep" and c.i >= last), key=lambda c: c.i):
        if prep.i != last:
            break
        last = prep.right_edge.i + 1
    start, end = trim(doc, max(first, hi), last, keep_quotes=True)
    return (start, end) if start < end else None


def _quote_before(doc: Doc, start: int, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The quotation that ends right before token `start` ("'Y,' | X said"), as a char range."""
    char, text = doc[start].idx, doc_text(doc)
    i = bisect.bisect_right([q[1] for q in quotes], char) - 1
    if i < 0:
        return None
    q0, q1 = quotes[i]
    if "\n" in text[q1:char] or text[q1:char].strip(" ,.:;—–-"):
        return None  # only a quotation in the same paragraph, right before the clause
    a, b = quote_interior(text, q0, q1)
    return (a, b) if a < b else None
