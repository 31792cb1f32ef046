"""The attribution as the finders return it, before it becomes a claim: its cue, source and content
as offsets; and how one is built from a cue and the subject that names its source."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from reportedly.extract.attribution.sources import make_source, source_range
from reportedly.extract.entities import EntityIndex
from reportedly.extract.spans import char_span, token_chars
from reportedly.schema import Source, Span


@dataclass
class RawAttribution:
    cue_tokens: list[int]
    cue_type: str
    content: tuple[int, int]  # character offsets
    source: Source | None
    source_tokens: tuple[int, int] | None = None
    cue_head: int = 0
    parent: int | None = None
    children: list[int] = field(default_factory=list)
    fragments: list[tuple[int, int]] | None = None  # discontinuous content (character ranges)
    via: tuple[Source, Span] | None = None  # the outlet the source spoke to, and its cue ("told Reuters")

    def cue_span(self, doc: Doc) -> Span:
        return char_span(doc, min(self.cue_tokens), max(self.cue_tokens) + 1)


def subject_of(verb: Token) -> tuple[Token | None, bool]:
    """(subject token, is_agent). Climbs through conjuncts, participles and xcomp chains."""
    node = verb
    for _ in range(4):
        agent = next((c for c in node.children if c.dep_ == "agent"), None)
        if agent is not None:
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj, True
        subj = next((c for c in node.children if c.dep_ in ("nsubj", "csubj")), None)
        if subj is not None:
            return subj, False
        # participles and conjuncts borrow the subject of the clause they hang from
        if node.dep_ in ("conj", "advcl", "xcomp", "acl") and node.head.i != node.i:
            node = node.head
            continue
        break
    return None, False


_CUE_PREPS = {
    "call": {"for", "on"},
    "point": {"to", "out"},
    "refer": {"to"},
    "accuse": {"of"},
    "warn": {"of", "against"},
    "push": {"for"},
    "argue": {"for", "against"},
    "speak": {"of", "about"},
    "talk": {"about"},
    "complain": {"about"},
    "boast": {"about"},
    "insist": {"on"},
}


_MEDIA = {
    "statement",
    "interview",
    "email",
    "e-mail",
    "tweet",
    "speech",
    "post",
    "letter",
    "release",
    "briefing",
    "memo",
    "op-ed",
    "column",
    "essay",
    "video",
    "message",
}


def cue_tokens(doc: Doc, verb: Token) -> list[int]:
    """The cue as annotators mark it: the verb with the auxiliaries, negation and adverbs
    right before it ("has also said") and its particle ("pointed out", "called for")."""
    tokens = [verb.i]
    i = verb.i - 1
    while (
        i >= 0
        and doc[i].head.i == verb.i
        and doc[i].dep_ in ("aux", "auxpass", "neg", "advmod")
        and doc[i].tag_ not in ("MD", "TO")
        and not doc[i].is_punct
    ):
        tokens.insert(0, i)
        i -= 1
    nxt = verb.i + 1
    if (
        nxt < len(doc)
        and doc[nxt].head.i == verb.i
        and (
            doc[nxt].dep_ == "prt"
            or (doc[nxt].dep_ == "prep" and doc[nxt].lower_ in _CUE_PREPS.get(verb.lemma_.lower(), ()))
        )
    ):
        tokens.append(nxt)
    # "said Friday", "said in a statement": a time or a medium right after the verb
    nxt = tokens[-1] + 1
    if nxt < len(doc) and doc[nxt].head.i == verb.i:
        tok = doc[nxt]
        if (tok.dep_ == "npadvmod" and tok.ent_type_ in ("DATE", "TIME")) or (
            tok.dep_ == "prep"
            and tok.lower_ == "in"
            and any(c.dep_ == "pobj" and c.lemma_.lower() in _MEDIA for c in tok.children)
        ):
            tokens.extend(range(nxt, tok.right_edge.i + 1))
    return tokens


def build(
    doc: Doc,
    cue: Token,
    cue_type: str,
    content: tuple[int, int],
    subj: Token | None,
    entities: EntityIndex,
) -> RawAttribution | None:
    source = None
    src_range = None
    if subj is not None:
        lo, hi = source_range(doc, subj)
        if lo <= cue.i < hi:  # subject subtree swallowed the cue: keep the subject head only
            lo, hi = subj.i, subj.i + 1
        source = make_source(doc, lo, hi, entities)
        src_range = (lo, hi)
    if source is None:
        return None
    cstart, cend = token_chars(doc, *content)
    tokens = cue_tokens(doc, cue) if cue.pos_ in ("VERB", "AUX") else [cue.i]
    return RawAttribution(
        cue_tokens=tokens,
        cue_type=cue_type,
        content=(cstart, cend),
        source=source,
        source_tokens=src_range,
        cue_head=cue.i,
    )
