"""Find attribution relations (source, cue, content) in a parsed document.

Constructions handled, all from the dependency parse:
- reporting verb with a clausal complement: "X said (that) Y", "X told reporters Y"
- content before the cue: "Y, X said." / "Y," said X.
- participles and conjuncts that share a subject: "..., saying Y", "X denied A and added that B"
- passive with an agent: "it was reported by X that Y"
- "according to X, Y" and "Y, according to X"
- cue with a colon: "X said: Y"
- noun cues with a that-clause: "X's claim that Y"
Quotations extend a content span to the whole quote, across sentences (linking.py).
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Token

from reportedly.extract import lexicon
from reportedly.extract.attribution.denials import denial_attributions, points_back
from reportedly.extract.attribution.linking import finish
from reportedly.extract.attribution.patterns import pattern_attributions
from reportedly.extract.attribution.quote_cues import quote_before
from reportedly.extract.attribution.quotes import QUOTE_MARKS, paired_quotes
from reportedly.extract.attribution.raw import RawAttribution, build, subject_of
from reportedly.extract.attribution.sources import make_source
from reportedly.extract.entities import EntityIndex
from reportedly.extract.spans import doc_text, subtree_range, token_chars, trim

_CONTENT_DEPS = {"ccomp", "parataxis"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_COMPLEMENTISERS = {"that", "whether", "if"}


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


def _marked_that(clause: Token) -> bool:
    """A clause opened by the complementiser "that" (a relative "that" fills a role instead)."""
    return any(g.lower_ == "that" and g.dep_ == "mark" for g in clause.children)


def adjunct_that_clause(head: Token) -> Token | None:
    """A that-clause the parser hung on the object of the cue's own adjunct: "told reporters at a
    press conference | that Y", "his claim in the same interview | that Y" (Y is read as a relative
    clause of "conference"/"interview", yet its "that" is a complementiser, so it is the content)."""
    for prep in head.children:
        if prep.dep_ != "prep" or prep.i < head.i:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            clause = next((c for c in obj.children if c.dep_ in ("relcl", "acl") and _marked_that(c)), None)
            if clause is not None:
                return clause
    return None


def content_child(verb: Token) -> Token | None:
    """The clausal complement of a reporting verb: the one after the verb where there are two
    ("Y; my editor argued | Z"); one before it only where the verb takes no object of its own
    ("Y, Republicans are seizing an opportunity" is no report of Y), unless the object is an
    addressee ("Y, he told reporters")."""
    clauses = [c for c in verb.children if c.dep_ in _CONTENT_DEPS]
    after = [c for c in clauses if c.i > verb.i]
    if after:
        return after[0]
    if clauses:
        takes_object = any(c.dep_ == "dobj" and c.i > verb.i for c in verb.children)
        if not takes_object or verb.lemma_.lower() in lexicon.SPEECH_VERBS:
            return clauses[0]
    # not where a speech noun is the object: "contradicts his claim in the interview that Y" is the claim's
    speech_object = any(c.dep_ == "dobj" and c.lemma_.lower() in lexicon.NOUN_CUES for c in verb.children)
    if not speech_object and (clause := adjunct_that_clause(verb)) is not None:
        return clause
    # "X said: 'Y'" is often parsed with the quote as the verb's direct object
    for child in verb.children:
        if child.dep_ in ("dobj", "xcomp") and child.pos_ in ("VERB", "AUX") and child.i > verb.i:
            return child
    return None


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
            attr = according_to(doc, token, entities)
        elif is_cue_verb(token, in_quote(token.idx)):
            attr = verb_cue(doc, token, entities)
        elif token.pos_ == "NOUN" and token.lemma_.lower() in lexicon.NOUN_CUES:
            attr = noun_cue(doc, token, entities)
        if attr is not None:
            used_cues.update(attr.cue_tokens)
            found.append(attr)
    found.extend(pattern_attributions(doc, entities, used_cues))
    return finish(found, doc, quotes, entities)


def verb_cue(doc: Doc, verb: Token, entities: EntityIndex, trusted: bool = False) -> RawAttribution | None:
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
        if subj is None and kind == "verb" and not cognition:  # the source parsed off the verb
            return quote_before(doc, verb, entities)
        return build(doc, verb, kind, (start, end), subj, entities)
    # "Y, X said." parsed with the cue as a parenthetical child of the content's verb
    if (
        verb.dep_ in ("parataxis", "ccomp", "advcl")
        and verb.head.i < verb.i
        and subj is not None
        and subj.head.i == verb.i
        and not cognition
        and not _subordinated(verb)
    ):
        start, end = _content_range(doc, verb.head, [verb])
        if start < end and end <= verb.left_edge.i:
            return build(doc, verb, "verb", (start, end), subj, entities)
    if (attr := colon_reading(doc, verb, subj, entities)) is not None:
        return attr
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
    return None if cognition else quote_before(doc, verb, entities)


_COLON_FRAME_DEPS = ("dobj", "dative", "prep", "pobj", "advmod", "npadvmod")


def colon_reading(doc: Doc, verb: Token, subj: Token | None, entities: EntityIndex) -> RawAttribution | None:
    """The rest of the paragraph after a colon that closes the verb's frame: "X said: Y", "X told
    the BBC interviewer: Y" (objects, prepositions and adverbs, whole, may stand between)."""
    if subj is None:
        return None
    after = verb.i + 1
    while after < len(doc):
        # a frame phrase, whole with its modifiers ("the BBC interviewer", "in a statement")
        child = next((c for c in verb.rights if c.dep_ in _COLON_FRAME_DEPS and c.left_edge.i == after), None)
        if child is not None:
            after = child.right_edge.i + 1
        elif doc[after].dep_ in _COLON_FRAME_DEPS:
            after += 1
        else:
            break
    if after < len(doc) - 1 and doc[after].text == ":":
        start = after + 1
        while start < len(doc) and doc[start].is_space:  # "X said:" closing a paragraph
            start += 1
        end = start
        while end < len(doc) and not ("\n" in doc[end].text and doc[end].is_space):
            end += 1
        start, end = trim(doc, start, end, keep_quotes=True)
        if start < end:
            return build(doc, verb, "colon", (start, end), subj, entities)
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
    if parts == [obj] and obj.tag_ == "PRP" and not any(obj.children):
        return None  # "assured himself", "told her": whom the words are for, not what they say
    start = min(c.left_edge.i for c in parts)
    end = max(c.right_edge.i for c in parts) + 1
    # the predicate runs on through prepositions right after the object ("cited his role | as
    # grand marshal", "assailed a judge | for his heritage"), as the annotators draw it
    for prep in sorted((c for c in verb.children if c.dep_ == "prep" and c.i >= end), key=lambda c: c.i):
        if prep.i != end:
            break
        end = prep.right_edge.i + 1
    start, end = trim(doc, start, end, keep_quotes=True)
    if start >= end:
        return None
    return build(doc, verb, "object", (start, end), subj, entities)


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
        # a clause, not framing ("In July, | X called for a moratorium"), nor the verb's own
        # adjunct ("After meeting them, | X proposed rules", "X pushed back, | calling it ...")
        if b - a >= 2 and any(t.pos_ in ("VERB", "AUX") for t in doc[a:b]) and not _own_adjunct(verb, a, b):
            fragments.append(token_chars(doc, a, b))
    if not fragments:
        return None
    attr = build(doc, verb, "verb", (0, 1), subj, entities)
    if attr is None:
        return None
    attr.content = (fragments[0][0], fragments[-1][1])
    attr.fragments = fragments if len(fragments) > 1 else None
    return attr


def _subordinated(verb: Token) -> bool:
    """The verb heads a clause opened by a subordinator ("after X ordered", "that X agreed"; not
    "as X said"): it does not stand aside from the clause it depends on as a parenthetical does."""
    return any(c.dep_ == "mark" and c.lower_ != "as" for c in verb.children)


_ADJUNCT_DEPS = {"advcl", "prep", "advmod", "npadvmod", "mark", "cc", "intj", "conj"}


def _own_adjunct(verb: Token, a: int, b: int) -> bool:
    """Tokens [a, b) (punctuation aside) all lie in the subtrees of `verb`'s adjuncts or of the
    verbs coordinated with it: they frame the verb's own clause or tell what the subject did next,
    rather than report what was said."""
    spans = [(c.left_edge.i, c.right_edge.i + 1) for c in verb.children if c.dep_ in _ADJUNCT_DEPS]
    doc = verb.doc
    return all(
        any(lo <= i < hi for lo, hi in spans) for i in range(a, b) if not (doc[i].is_punct or doc[i].is_space)
    )


def according_to(doc: Doc, according: Token, entities: EntityIndex) -> RawAttribution | None:
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


def noun_cue(doc: Doc, noun: Token, entities: EntityIndex) -> RawAttribution | None:
    clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp") and _marked_that(c)), None)
    clause = clause or adjunct_that_clause(noun)
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if clause is None or owner is None:
        return None
    start, end = _content_range(doc, clause, [])
    return build(doc, noun, "noun", (start, end), owner, entities)


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
