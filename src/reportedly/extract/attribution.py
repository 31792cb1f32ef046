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

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from reportedly.clean import POST_SIGN_OFF
from reportedly.extract import lexicon, relations, speakers
from reportedly.extract.entities import EntityIndex
from reportedly.extract.quotes import (
    QUOTE_MARKS,
    continuations,
    extend_to_quote,
    find_quotations,
    paired_quotes,
    quote_interior,
)
from reportedly.extract.sources import make_source, source_range
from reportedly.extract.spans import char_span, doc_text, subtree_range, token_chars, trim
from reportedly.schema import Source, Span

_CONTENT_DEPS = {"ccomp", "parataxis"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_COMPLEMENTISERS = {"that", "whether", "if"}


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


def cue_probability(token: Token, quoted: bool = False) -> float | None:
    """How often this lemma was a cue in the train split (in or out of quotes); None if unseen."""
    table = lexicon.learned_cues()["quoted" if quoted else "verbs"]
    return table.get(token.lemma_.lower())


def is_cue_verb(token: Token, quoted: bool = False) -> bool:
    if token.pos_ not in ("VERB", "AUX") and token.tag_ not in ("VBN", "VBG", "VBD", "VBZ", "VBP"):
        return False
    if token.dep_ == "aux":
        return False
    p = cue_probability(token, quoted)
    if p is not None:
        return p >= lexicon.CUE_THRESHOLD
    return token.lemma_.lower() in lexicon.SPEECH_VERBS


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
        if node.dep_ in ("conj", "advcl", "xcomp", "acl") and node.head.i != node.i:
            node = node.head
            continue
        break
    return None, False


def _content_range(doc: Doc, root: Token, skip: list[Token]) -> tuple[int, int]:
    start, end = subtree_range(root, skip)
    start, end = trim(doc, start, end, keep_quotes=True)
    return start, end


def find_rule_attributions(doc: Doc, entities: EntityIndex) -> list[RawAttribution]:
    """Attributions found by the rules alone: cues from the learned lexicon and the word lists."""
    used_cues: set[int] = set()
    found: list[RawAttribution] = denial_attributions(doc, entities, used_cues)
    text = doc_text(doc)
    quotes = paired_quotes(text)
    q_starts = [q[0] for q in quotes]

    def in_quote(char: int) -> bool:
        i = bisect.bisect_right(q_starts, char) - 1
        return i >= 0 and quotes[i][0] < char < quotes[i][1]

    for token in doc:
        if token.i in used_cues:
            continue
        attr = None
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            attr = _according_to(doc, token, entities)
        elif is_cue_verb(token, in_quote(token.idx)):
            attr = _verb_cue(doc, token, entities)
        elif token.pos_ == "NOUN" and token.lemma_.lower() in lexicon.NOUN_CUES:
            attr = _noun_cue(doc, token, entities)
        if attr is not None:
            used_cues.update(attr.cue_tokens)
            found.append(attr)
    found.extend(pattern_attributions(doc, entities, used_cues))
    return finish(found, doc, quotes, entities)


def finish(
    found: list[RawAttribution],
    doc: Doc,
    quotes: list[tuple[int, int]] | None = None,
    entities: EntityIndex | None = None,
) -> list[RawAttribution]:
    """Drop sentence-opening discourse markers ("That said, ..."), widen contents to whole quotations
    (`quotes` as paired above, found here if not given), nest attributions inside each other, and
    note the outlet each source spoke to."""
    from reportedly.extract.voice import in_discourse_marker

    found[:] = [a for a in found if not in_discourse_marker(doc, a.cue_head)]
    text = doc_text(doc)
    entities = entities if entities is not None else EntityIndex()
    if quotes is None:
        quotes = paired_quotes(text)
    for attr in found:
        cue = doc[attr.cue_head].idx
        # a cue inside the quotation ("'... both witnesses testified Y,' she added") reports
        # someone within the quote: its content is its clause, not the whole quotation
        quoted = any(q0 < cue < q1 and q0 <= attr.content[0] < q1 for q0, q1 in quotes)
        if attr.fragments is None and not quoted:
            attr.content = extend_to_quote(attr.content, quotes, text)
    _continue_quotes(found, doc, quotes)
    _continue_paragraphs(found, doc)
    link_parents(found, doc)
    for attr in found:
        cue = doc[attr.cue_head]
        if attr.cue_type != "object" and attr.source.kind != "author" and cue.pos_ in ("VERB", "AUX"):
            via = relations.intermediary(doc, cue, attr.fragments or [attr.content])
            if via is not None and (src := relations.outlet_source(doc, *via[1], entities)) is not None:
                attr.via = (src, via[0])
    speakers.resolve_speakers(found, doc, entities)
    return found


def denial_attributions(doc: Doc, entities: EntityIndex, used: set[int]) -> list[RawAttribution]:
    """ "X rejected claims that Y", "dismissed reports that Y", "denied taking Y": Y attributed to X
    as a denial (the denying cue makes its polarity negative, as for "X denied that Y")."""
    out = []
    for verb, cue, head in relations.denial_frames(doc):
        if used & set(cue):
            continue
        subj, _agent = subject_of(verb)
        start, end = relations.denial_content(doc, head)
        if subj is None or start >= end:
            continue
        attr = _build(doc, verb, "verb", (start, end), subj, entities)
        if attr is not None:
            # "has always denied", "rejected claims": the verb with its auxiliaries, up to the noun
            attr.cue_tokens = list(range(min(attr.cue_tokens), max(cue) + 1))
            used.update(attr.cue_tokens)
            out.append(attr)
    for noun, (lo, hi), clause in relations.report_frames(doc):
        if noun.i in used:
            continue
        start, end = relations.denial_content(doc, clause)
        source = make_source(doc, lo, hi, entities)
        if source is None or start >= end:
            continue
        used.add(noun.i)
        out.append(
            RawAttribution(
                cue_tokens=[noun.i],
                cue_type="noun",
                content=token_chars(doc, start, end),
                source=source.model_copy(update={"kind": "named"}),
                source_tokens=(lo, hi),
                cue_head=noun.i,
            )
        )
    return out


def _continue_quotes(found: list[RawAttribution], doc: Doc, quotes: list[tuple[int, int]]) -> None:
    """'"Q1," he said. "Q2."': a quotation that opens right after the sentence of a quote's
    frame, in the same paragraph and claimed by no other cue, continues the same content."""
    starts = {q0: q1 for q0, q1 in quotes}
    claimed = [a.content for a in found]
    text = doc_text(doc)
    for attr in found:
        c0, c1 = attr.content
        cue = doc[attr.cue_head]
        if attr.fragments is not None or cue.idx < c1 or not any(q0 <= c0 and c1 <= q1 for q0, q1 in quotes):
            continue
        nxt = cue.sent.end_char
        while nxt < len(text) and text[nxt] in " \t":
            nxt += 1
        back = nxt  # the parser may leave the opening mark on the frame's sentence
        while back > cue.idx and text[back - 1] in QUOTE_MARKS:
            back -= 1
        q0 = next((i for i in range(back, nxt + 1) if i in starts), None)
        if q0 is None or any(a0 < starts[q0] and q0 < a1 for a0, a1 in claimed):
            continue
        cont = extend_to_quote(quote_interior(text, q0, starts[q0]), quotes, text)
        attr.fragments = [(c0, c1), cont]
        attr.content = (c0, cont[1])


def _continue_paragraphs(found: list[RawAttribution], doc: Doc) -> None:
    """A quotation running over several paragraphs (an opening mark on each, the closing mark
    on the last) keeps its speaker: each continuing paragraph claimed by no other cue becomes a
    further fragment of the content."""
    text = doc_text(doc)
    quotations = find_quotations(text)
    chains = continuations(quotations)
    if not chains:
        return
    cues = [doc[a.cue_head].idx for a in found]
    for attr in found:
        if attr.cue_type == "object":
            continue
        c0, c1 = attr.fragments[-1] if attr.fragments else attr.content
        qi = next((i for i, q in enumerate(quotations) if q.start <= c0 and c1 <= q.end), None)
        if qi is None or qi not in chains:
            continue
        frags = list(attr.fragments or [attr.content])
        for nxt in chains[qi]:
            q = quotations[nxt]
            claimed = any(q.start <= k < q.end for k in cues) or any(
                o is not attr and o.content[0] < q.end and q.start < o.content[1] for o in found
            )
            if claimed:
                break
            a, b = quote_interior(text, q.start, q.end)
            if a < b:
                frags.append((a, b))
        if len(frags) > len(attr.fragments or [attr.content]):
            attr.fragments = frags
            attr.content = (frags[0][0], frags[-1][1])


def _verb_cue(doc: Doc, verb: Token, entities: EntityIndex, trusted: bool = False) -> RawAttribution | None:
    """The attribution a reporting verb heads. `trusted`: the learned tagger already marked the
    verb as a cue, so the lexicon's thresholds and exclusions do not apply."""
    lemma = verb.lemma_.lower()
    cognition = lemma in lexicon.COGNITION_VERBS and not trusted
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is not None and points_back(verb, obj):
        return None  # "Trump denied the accusations, dismissing X as ...": a denial of earlier content
    content = content_child(verb)
    subj, _is_agent = subject_of(verb)
    if content is not None:
        if cognition and content.dep_ == "parataxis":
            return None
        if subj is not None and subj.i > content.right_edge.i:
            pass  # "Y, X said": content precedes
        skip = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS] if subj is None else []
        start, end = _content_range(doc, content, skip)
        if start >= end:
            return None
        # "X plans to go", "X wants to leave": an intention, kept as a relation like an object
        kind = "object" if content.dep_ in ("xcomp", "dobj") else "verb"
        return _build(doc, verb, kind, (start, end), subj, entities)
    # "Y, X said." parsed with the cue as a parenthetical child of the content's verb
    if (
        verb.dep_ in ("parataxis", "ccomp", "advcl")
        and verb.head.i < verb.i
        and subj is not None
        and subj.head.i == verb.i
        and not cognition
    ):
        start, end = _content_range(doc, verb.head, [verb])
        if start < end and end <= verb.left_edge.i:
            return _build(doc, verb, "verb", (start, end), subj, entities)
    p = 1.0 if trusted else cue_probability(verb)
    # a tagged verb outside the reporting lexicon ("embraced a military force, warning ...") takes
    # its object before any parenthetical reading
    object_first = trusted and lemma not in lexicon.SPEECH_VERBS | lexicon.COGNITION_VERBS
    if object_first and (attr := _object_reading(doc, verb, subj, entities)) is not None:
        return attr
    # "Y, X said, Z" or "'Y,' X said." with no complement in the parse: the rest of the sentence
    if (
        subj is not None
        and subj.head.i == verb.i
        and (p if p is not None else 1.0) >= lexicon.PARENTHETICAL_CUE_THRESHOLD
    ):
        attr = _parenthetical(doc, verb, subj, entities)
        if attr is not None:
            return attr
    # "X called for Y", "X wants Y": a direct object as content, for verbs learned as cues
    if not object_first and p is not None and p >= lexicon.OBJECT_CUE_THRESHOLD and not cognition:
        attr = _object_reading(doc, verb, subj, entities)
        if attr is not None:
            return attr
    # "X said: Y" -> the rest of the paragraph after the colon
    after = verb.i + 1
    while after < len(doc) and doc[after].dep_ in ("dobj", "dative", "prep", "pobj", "advmod"):
        after += 1
    if after < len(doc) - 1 and doc[after].text == ":" and subj is not None:
        start = after + 1
        while start < len(doc) and doc[start].is_space:  # "X said:" closing a paragraph
            start += 1
        end = start
        while end < len(doc) and not ("\n" in doc[end].text and doc[end].is_space):
            end += 1
        start, end = trim(doc, start, end, keep_quotes=True)
        if start < end:
            return _build(doc, verb, "colon", (start, end), subj, entities)
    return None


def _object_reading(
    doc: Doc, verb: Token, subj: Token | None, entities: EntityIndex
) -> RawAttribution | None:
    """The verb's direct object (with its predicate complement) as the content of an "object"
    relation; not for "denied the report", which is a denial of earlier content."""
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "oprd")), None)
    parts = [c for c in verb.children if c.dep_ in ("dobj", "oprd", "xcomp") and c.i > verb.i]
    if obj is None or not parts or subj is None:
        return None
    if points_back(verb, obj):
        return None
    start = min(c.left_edge.i for c in parts)
    end = max(c.right_edge.i for c in parts) + 1
    start, end = trim(doc, start, end, keep_quotes=True)
    if start >= end:
        return None
    return _build(doc, verb, "object", (start, end), subj, entities)


_SET_OFF = {",", "”", '"', "''", "—", "–", "―"}
_FRAME_DEPS = {"dobj", "dative", "prep", "npadvmod", "advmod", "agent", "neg", "aux"}


def _parenthetical(doc: Doc, verb: Token, subj: Token, entities: EntityIndex) -> RawAttribution | None:
    """A cue set off by commas or quotes: its content is the rest of its sentence, in up to two
    fragments around the frame ("Lenox was a juggernaut, Mr. Clarke said, until it went bankrupt")."""
    sent = verb.sent
    if verb.dep_ == "ROOT":
        lo, hi = min(subj.left_edge.i, verb.i), verb.i + 1
        for child in sorted(verb.rights, key=lambda c: c.i):
            if child.dep_ in _FRAME_DEPS and child.left_edge.i <= hi:
                hi = child.right_edge.i + 1
        lo = min(
            [lo] + [c.left_edge.i for c in verb.lefts if c.dep_ in ("advmod", "aux", "neg") and c.i > subj.i]
        )
    else:
        lo, hi = verb.left_edge.i, verb.right_edge.i + 1
    while lo < verb.i and doc[lo].is_punct:  # the commas around "he said" hang from the verb
        lo += 1
    while hi > verb.i + 1 and doc[hi - 1].is_punct:
        hi -= 1
    set_off = (lo > sent.start and doc[lo - 1].text in _SET_OFF) or (
        hi < sent.end and doc[hi].text in _SET_OFF
    )
    if not set_off:
        return None
    fragments = []
    for a, b in ((sent.start, lo), (hi, sent.end)):
        a, b = trim(doc, a, b, keep_quotes=True)
        # a clause, not framing ("In July, | X called for a moratorium")
        if b - a >= 2 and any(t.pos_ in ("VERB", "AUX") for t in doc[a:b]):
            fragments.append(token_chars(doc, a, b))
    if not fragments:
        return None
    attr = _build(doc, verb, "verb", (0, 1), subj, entities)
    if attr is None:
        return None
    attr.content = (fragments[0][0], fragments[-1][1])
    attr.fragments = fragments if len(fragments) > 1 else None
    return attr


_DASH_QUOTE = re.compile(r"[“\"](?P<content>[^”\"\n]{3,})[”\"]\s*(?P<cue>[―—–])\s*(?P<source>[^\n,;(]{2,80})")


def _dash_attributions(doc: Doc, text: str, entities: EntityIndex, used: set[int]) -> list[RawAttribution]:
    """Quote attributed with a dash after it: “Y” ― Name, 34, of Ohio."""
    out = []
    for m in _DASH_QUOTE.finditer(text):
        src = doc.char_span(m.start("source"), m.end("source"), alignment_mode="contract")
        cue = doc.char_span(m.start("cue"), m.end("cue"), alignment_mode="expand")
        if src is None or cue is None or cue.start in used or not any(t.pos_ == "PROPN" for t in src):
            continue
        source = make_source(doc, src.start, src.end, entities)
        if source is None:
            continue
        out.append(
            RawAttribution(
                cue_tokens=[cue.start],
                cue_type="verb",
                content=(m.start("content"), m.end("content")),
                source=source,
                source_tokens=(src.start, src.end),
                cue_head=cue.start,
            )
        )
    return out


# "PENCE: Y" / "Rush Limbaugh: Y" at a paragraph start: a transcript's speaker label
_SPEAKER = re.compile(
    r"(?m)^[ \t]*[“\"]?(?P<source>[A-Z][\w.’'\-]*(?:[ \t]+[A-Z][\w.’'\-]*){0,3})[ \t]*(?P<cue>:)"
    r"[ \t]+(?P<content>\S[^\n]*)"
)
_NON_SPEAKER_WORDS = (  # labels that open a line but name no speaker
    "update watch read video photo photos image caption credit credits note editor related source sources"
    " correction listen q a warning disclaimer click see more email e-mail byline exclusive breaking news"
    " twitter facebook instagram contact phone tel web website tags topics filed posted published updated"
    " date by copyright transcript clarification opinion analysis commentary live graphic chart map"
    " timeline factbox explainer"
)
_NOT_SPEAKERS = set(_NON_SPEAKER_WORDS.split())
# entity types a speaker label cannot have
_NOT_NAME_LABELS = {"GPE", "LOC", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "FAC"}


def _speaker_attributions(doc: Doc, text: str, entities: EntityIndex, used: set[int]) -> list[RawAttribution]:
    """Transcript lines: a proper name (or a name in capitals) and a colon opening a paragraph;
    the content is the rest of the paragraph."""
    out = []
    for m in _SPEAKER.finditer(text):
        src = doc.char_span(m.start("source"), m.end("source"), alignment_mode="contract")
        cue = doc.char_span(m.start("cue"), m.end("cue"), alignment_mode="expand")
        if src is None or cue is None or cue.start in used or len(src) > 4:
            continue
        words = src.text.lower().replace("’", "'").split()
        if words[0].strip(".'") in _NOT_SPEAKERS or not all(t.pos_ == "PROPN" or t.is_upper for t in src):
            continue
        if any(t.ent_type_ in _NOT_NAME_LABELS for t in src):
            continue
        content = m.group("content").rstrip()
        end = m.start("content") + len(content)
        while end > m.start("content") and text[end - 1] in '"” ':
            end -= 1
        source = make_source(doc, src.start, src.end, entities)
        if source is None or end - m.start("content") < 3:
            continue
        out.append(
            RawAttribution(
                cue_tokens=[cue.start],
                cue_type="colon",
                content=(m.start("content"), end),
                source=source,
                source_tokens=(src.start, src.end),
                cue_head=cue.start,
            )
        )
    return out


_SIGN_OFF = re.compile(POST_SIGN_OFF.pattern, re.M)


def _post_attributions(doc: Doc, text: str, entities: EntityIndex, used: set[int]) -> list[RawAttribution]:
    """An embedded post (a tweet) is the words of the author its sign-off line names: the
    paragraph right before the line is the content."""
    out = []
    for m in _SIGN_OFF.finditer(text):
        before = text[: m.start()].rstrip()
        if not before:
            continue
        p0 = before.rfind("\n\n")
        p0 = 0 if p0 < 0 else p0 + 2
        content = (p0, len(before))
        while content[0] < content[1] and text[content[0]] in " \t":
            content = (content[0] + 1, content[1])
        src = doc.char_span(m.start("source"), m.end("source"), alignment_mode="expand")
        cue = doc.char_span(m.start("cue"), m.end("cue"), alignment_mode="expand")
        if src is None or cue is None or cue.start in used or content[1] - content[0] < 3:
            continue
        source = make_source(doc, src.start, src.end, entities) or Source(
            name=src.text.strip(), kind="named", span=char_span(doc, src.start, src.end)
        )
        if source.kind in ("pronoun", "vague"):  # a handle names someone: "— Sam (@sam)"
            source = source.model_copy(update={"kind": "named"})
        out.append(
            RawAttribution(
                cue_tokens=[cue.start],
                cue_type="colon",
                content=content,
                source=source,
                source_tokens=(src.start, src.end),
                cue_head=cue.start,
            )
        )
    return out


def pattern_attributions(doc: Doc, entities: EntityIndex, used: set[int]) -> list[RawAttribution]:
    """Attributions marked by punctuation rather than a word: "Y" ― X, "X: Y" transcripts, and
    embedded posts signed "— Name (@handle) date"."""
    text = doc_text(doc)
    found = _post_attributions(doc, text, entities, used)
    used = used | {i for a in found for i in a.cue_tokens}
    found += _dash_attributions(doc, text, entities, used)
    used = used | {i for a in found for i in a.cue_tokens}
    return found + _speaker_attributions(doc, text, entities, used)


def _according_to(doc: Doc, according: Token, entities: EntityIndex) -> RawAttribution | None:
    return prepositional(doc, according, doc[according.i + 1], entities)


def prepositional(doc: Doc, first: Token, prep: Token, entities: EntityIndex) -> RawAttribution | None:
    """A cue phrase ending in a preposition whose object is the source and which modifies the
    content's clause: "according to | X", or a tagged "In | this poll" or "by | one estimate".
    `first` is the phrase's first token, `prep` the preposition that ends it."""
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    src_start, src_end = pobj.left_edge.i, pobj.right_edge.i + 1
    frame = (first.i, src_end)
    # content: the clause the phrase modifies, minus the phrase itself
    sent = first.sent
    head = first.head
    while head.dep_ not in ("ROOT", "ccomp", "conj", "advcl") and head.head.i != head.i:
        head = head.head
    lo, hi = head.left_edge.i, head.right_edge.i + 1
    if not (lo <= first.i < hi):
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
    cstart, cend = token_chars(doc, start, end)
    return RawAttribution(
        cue_tokens=list(range(first.i, prep.i + 1)),
        cue_type="according_to",
        content=(cstart, cend),
        source=source,
        source_tokens=(src_start, src_end),
        cue_head=first.i,
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


def points_back(verb: Token, target: Token) -> bool:
    """A confirming or denying verb whose target points back to earlier content ("denied the
    report", "This was confirmed by X"): a confirmation or denial, not a new claim."""
    return verb.lemma_.lower() in lexicon.CONFIRM_VERBS | lexicon.DENY_VERBS and is_anaphoric(target)


def is_anaphoric(target: Token) -> bool:
    """'this', 'the report', 'such claims': a phrase that points back to earlier content."""
    if target.lower_ in ("this", "that", "it", "these", "those"):
        return True
    dets = {c.lower_ for c in target.children if c.dep_ in ("det", "poss")}
    heads = lexicon.ANAPHORIC_HEADS | relations.words()["pointing_nouns"]
    return target.lemma_.lower() in heads and bool(
        dets & {"this", "that", "these", "those", "the", "such", "its", "their"}
    )


def link_parents(found: list[RawAttribution], doc: Doc) -> None:
    """Nest each attribution inside the smallest other attribution whose content holds its cue."""
    for i, attr in enumerate(found):
        cue_char = doc[attr.cue_head].idx
        best = None
        for j, other in enumerate(found):
            if i == j or other.cue_type == "object":
                continue
            c0, c1 = other.content
            if attr.content[0] <= doc[other.cue_head].idx < attr.content[1]:
                continue  # "'Q ... witnesses testified Y,' she added": the frame is outside, never inside
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
    while s < e:
        tok = doc[s]
        # a quotation's own first word ("'If anybody was looking ...'") is no complementiser
        opens_quote = s > 0 and doc[s - 1].text[-1:] in QUOTE_MARKS
        if tok.is_punct or tok.is_space or (tok.lower_ in _COMPLEMENTISERS and not opens_quote):
            s += 1
            continue
        break
    while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space):
        e -= 1
    if s >= e:
        return start, end
    return token_chars(doc, s, e)
