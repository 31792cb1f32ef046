"""Find attribution relations (source, cue, content) in a parsed document.

Constructions handled, all from the dependency parse:
- reporting verb with a clausal complement: "X said (that) Y", "X told reporters Y"
- content before the cue: "Y, X said." / "Y," said X.
- participles and conjuncts that share a subject: "..., saying Y", "X denied A and added that B"
- passive with an agent: "it was reported by X that Y"
- "according to X, Y" and "Y, according to X"
- cue with a colon: "X said: Y"
- noun cues with a that-clause: "X's claim that Y"
Quotations extend a content span to the whole quote, across sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from reportedly.extract import lexicon
from reportedly.extract.entities import EntityIndex
from reportedly.extract.sources import make_source
from reportedly.extract.spans import char_span, subtree_range, trim
from reportedly.schema import Source, Span

_CONTENT_DEPS = {"ccomp", "parataxis"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_COMPLEMENTISERS = {"that", "whether", "if"}
_QUOTE_PAIRS = [("“", "”"), ('"', '"'), ("«", "»")]


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

    def cue_span(self, doc: Doc) -> Span:
        return char_span(doc, min(self.cue_tokens), max(self.cue_tokens) + 1)


def is_cue_verb(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX") and token.tag_ not in ("VBN", "VBG", "VBD", "VBZ", "VBP"):
        return False
    lemma = token.lemma_.lower()
    return lemma in lexicon.SPEECH_VERBS or lemma in lexicon.learned_cues()


def content_child(verb: Token) -> Token | None:
    """The clausal complement of a reporting verb."""
    for child in verb.children:
        if child.dep_ in _CONTENT_DEPS:
            return child
    # "X said: 'Y'" is often parsed with the quote as the verb's direct object
    for child in verb.children:
        if child.dep_ in ("dobj", "xcomp") and child.pos_ in ("VERB", "AUX") and child.i > verb.i:
            return child
    return None


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
        if node.dep_ in ("conj", "advcl", "xcomp", "acl") and node.head is not node:
            node = node.head
            continue
        break
    return None, False


def _content_range(doc: Doc, root: Token, skip: list[Token]) -> tuple[int, int]:
    start, end = subtree_range(root, skip)
    start, end = trim(doc, start, end, keep_quotes=True)
    return start, end


def _strip_quotes(doc: Doc, start: int, end: int) -> tuple[int, int]:
    return trim(doc, start, end)


def _range_chars(doc: Doc, start: int, end: int) -> tuple[int, int]:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def find_attributions(doc: Doc, entities: EntityIndex) -> list[RawAttribution]:
    found: list[RawAttribution] = []
    used_cues: set[int] = set()
    for token in doc:
        if token.i in used_cues:
            continue
        attr = None
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            attr = _according_to(doc, token, entities)
        elif is_cue_verb(token):
            attr = _verb_cue(doc, token, entities)
        elif token.pos_ == "NOUN" and token.lemma_.lower() in lexicon.NOUN_CUES:
            attr = _noun_cue(doc, token, entities)
        if attr is not None:
            used_cues.update(attr.cue_tokens)
            found.append(attr)
    text = doc.text
    quotes = quote_regions(text)
    for attr in found:
        attr.content = extend_to_quote(attr.content, quotes, text)
    link_parents(found, doc)
    return found


def _verb_cue(doc: Doc, verb: Token, entities: EntityIndex) -> RawAttribution | None:
    lemma = verb.lemma_.lower()
    content = content_child(verb)
    subj, _is_agent = subject_of(verb)
    if content is not None:
        if lemma in lexicon.COGNITION_VERBS and content.dep_ == "parataxis":
            return None
        if subj is not None and subj.i > content.right_edge.i:
            pass  # "Y, X said": content precedes
        skip = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS] if subj is None else []
        start, end = _content_range(doc, content, skip)
        if start >= end:
            return None
        return _build(doc, verb, "verb", (start, end), subj, entities)
    # "Y, X said." parsed with the cue as a parenthetical child of the content's verb
    if (
        verb.dep_ in ("parataxis", "ccomp", "advcl")
        and verb.head.i < verb.i
        and subj is not None
        and subj.head is verb
        and lemma not in lexicon.COGNITION_VERBS
    ):
        start, end = _content_range(doc, verb.head, [verb])
        if start < end and end <= verb.left_edge.i:
            return _build(doc, verb, "verb", (start, end), subj, entities)
    # "X said: Y" -> the rest of the paragraph after the colon
    after = verb.i + 1
    while after < len(doc) and doc[after].dep_ in ("dobj", "dative", "prep", "pobj", "advmod"):
        after += 1
    if after < len(doc) - 1 and doc[after].text == ":" and subj is not None:
        start = after + 1
        end = start
        while end < len(doc) and not ("\n" in doc[end].text and doc[end].is_space):
            end += 1
        start, end = trim(doc, start, end, keep_quotes=True)
        if start < end:
            return _build(doc, verb, "colon", (start, end), subj, entities)
    return None


def _according_to(doc: Doc, according: Token, entities: EntityIndex) -> RawAttribution | None:
    to = doc[according.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    src_start, src_end = pobj.left_edge.i, pobj.right_edge.i + 1
    frame = (according.i, src_end)
    # content: the clause the phrase modifies, minus the phrase itself
    sent = according.sent
    head = according.head
    while head.dep_ not in ("ROOT", "ccomp", "conj", "advcl") and head.head is not head:
        head = head.head
    lo, hi = head.left_edge.i, head.right_edge.i + 1
    if not (lo <= according.i < hi):
        lo, hi = sent.start, sent.end
    if frame[0] <= lo:  # "According to X, Y"
        start, end = frame[1], hi
    elif frame[1] >= hi - 1:  # "Y, according to X."
        start, end = lo, frame[0]
    else:  # "Y, according to X, Z": take the larger side
        start, end = (lo, frame[0]) if frame[0] - lo > hi - frame[1] else (frame[1], hi)
    start, end = trim(doc, start, end, keep_quotes=True)
    if start >= end:
        return None
    source = make_source(doc, src_start, src_end, entities)
    if source is None:
        return None
    cstart, cend = _range_chars(doc, start, end)
    return RawAttribution(
        cue_tokens=[according.i, to.i],
        cue_type="according_to",
        content=(cstart, cend),
        source=source,
        source_tokens=(src_start, src_end),
        cue_head=according.i,
    )


def _noun_cue(doc: Doc, noun: Token, entities: EntityIndex) -> RawAttribution | None:
    clause = next(
        (
            c
            for c in noun.children
            if c.dep_ in ("acl", "ccomp") and any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children)
        ),
        None,
    )
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if clause is None or owner is None:
        return None
    start, end = _content_range(doc, clause, [])
    return _build(doc, noun, "noun", (start, end), owner, entities)


def _build(
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
        lo, hi = subj.left_edge.i, subj.right_edge.i + 1
        if lo <= cue.i < hi:  # subject subtree swallowed the cue: keep the subject head only
            lo, hi = subj.i, subj.i + 1
        source = make_source(doc, lo, hi, entities)
        src_range = (lo, hi)
    if source is None:
        return None
    cstart, cend = _range_chars(doc, *content)
    return RawAttribution(
        cue_tokens=[cue.i],
        cue_type=cue_type,
        content=(cstart, cend),
        source=source,
        source_tokens=src_range,
        cue_head=cue.i,
    )


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges of quotations (marks included), paired within a paragraph or across."""
    regions = []
    for open_q, close_q in _QUOTE_PAIRS:
        if open_q == close_q:
            positions = [m.start() for m in re.finditer(re.escape(open_q), text)]
            regions.extend((a, b + 1) for a, b in zip(positions[::2], positions[1::2], strict=False))
        else:
            depth_start = None
            for m in re.finditer(f"[{re.escape(open_q)}{re.escape(close_q)}]", text):
                if m.group() == open_q:
                    depth_start = m.start() if depth_start is None else depth_start
                elif depth_start is not None:
                    regions.append((depth_start, m.end()))
                    depth_start = None
    return sorted(regions)


def extend_to_quote(content: tuple[int, int], quotes: list[tuple[int, int]], text: str) -> tuple[int, int]:
    """If the content starts or ends inside a quotation, widen it to the whole quotation."""
    start, end = content
    for q0, q1 in quotes:
        if q0 <= start < q1 or q0 < end <= q1:
            if q1 - q0 > 4000:
                continue  # unpaired marks, not a quotation
            start, end = min(start, q0 + 1), max(end, q1 - 1)
    # drop closing punctuation left inside the quote ("Y," said X)
    while end > start and text[end - 1] in ",;: \n":
        end -= 1
    return start, end


def link_parents(found: list[RawAttribution], doc: Doc) -> None:
    """Nest each attribution inside the smallest other attribution whose content holds its cue."""
    for i, attr in enumerate(found):
        cue_char = doc[attr.cue_head].idx
        best = None
        for j, other in enumerate(found):
            if i == j:
                continue
            c0, c1 = other.content
            if (
                c0 <= cue_char < c1
                and (attr.content[1] <= c1 + 1)
                and (best is None or c1 - c0 < found[best].content[1] - found[best].content[0])
            ):
                best = j
        attr.parent = best
        if best is not None:
            found[best].children.append(i)


def strip_complementiser(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character range of content without a leading 'that'/'whether' and edge punctuation."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return start, end
    s, e = span.start, span.end
    while s < e and (doc[s].lower_ in _COMPLEMENTISERS or doc[s].is_punct or doc[s].is_space):
        s += 1
    while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space):
        e -= 1
    if s >= e:
        return start, end
    return doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
