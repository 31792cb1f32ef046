"""After the finders: contents widened to whole quotations, quotations continued across sentences and
paragraphs, attributions nested inside each other, intermediaries noted and speakers resolved."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc

from reportedly.extract.attribution import descriptions, relations, speakers
from reportedly.extract.attribution.quotes import (
    QUOTE_MARKS,
    continuations,
    extend_to_quote,
    find_quotations,
    paired_quotes,
    quote_interior,
)
from reportedly.extract.attribution.raw import RawAttribution
from reportedly.extract.entities import EntityIndex
from reportedly.extract.spans import doc_text, token_chars


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
    _propositional_objects(found, doc)
    _indirect_questions(found, doc)
    _hypothetical_cues(found, doc)
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
    descriptions.resolve_descriptions(found, doc, entities)
    return found


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


def link_parents(found: list[RawAttribution], doc: Doc) -> None:
    """Nest each attribution inside the smallest other attribution whose content holds its cue."""
    cue_chars = [doc[a.cue_head].idx for a in found]
    for i, attr in enumerate(found):
        cue_char = cue_chars[i]
        best = None
        for j, other in enumerate(found):
            if i == j or other.cue_type == "object":
                continue
            c0, c1 = other.content
            if attr.content[0] <= cue_chars[j] < attr.content[1]:
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


@lru_cache(maxsize=1)
def _object_claims() -> dict:
    return json.loads(resources.files("reportedly.data").joinpath("object_claims.json").read_text("utf-8"))


def _indirect_questions(found: list[RawAttribution], doc: Doc) -> None:
    """'Another wondered why Y', 'X demanded how Y': a question verb with an indirect question as
    content reports an act of asking, not a proposition of X's; the relation is kept flat and the
    sentence stays the author's (data/object_claims.json). A quoted question stays a quotation."""
    data = _object_claims()["indirect_questions"]
    for attr in found:
        verb = doc[attr.cue_head]
        if attr.cue_type != "verb" or verb.lemma_.lower() not in data["verbs"]:
            continue
        content = doc.char_span(*attr.content, alignment_mode="expand")
        if content is None or content.start <= verb.i:
            continue
        between = doc[verb.i + 1 : content.start + 1]  # "wondered | why", "demanded | how"
        if content[0].lower_ in data["openers"] and not any(t.text in QUOTE_MARKS for t in between):
            attr.cue_type = "object"


def _hypothetical_cues(found: list[RawAttribution], doc: Doc) -> None:
    """'Voters could have shown Y', 'China's leaders may still believe Y': a cue under a modal of
    possibility is the author's speculation about what someone might hold, not their claim; the
    relation is kept flat and the sentence stays the author's, hedged by the modal."""
    modals = _object_claims()["hypothetical_cues"]["modals"]
    for attr in found:
        verb = doc[attr.cue_head]
        kids = list(verb.children)
        if any(c.dep_ == "neg" for c in kids):
            continue  # "could not confirm that Y": a non-confirmation, read elsewhere
        if attr.cue_type == "verb" and any(c.dep_ == "aux" and c.lower_ in modals for c in kids):
            attr.cue_type = "object"


def _propositional_objects(found: list[RawAttribution], doc: Doc) -> None:
    """'X accused Y of Z', 'X called Y a sham', 'X claimed responsibility for Z': an object that
    carries the subject's proposition makes the relation the subject's claim (data/object_claims.json),
    its content widened to the preposition that completes it ('of Z')."""
    data = _object_claims()
    for attr in found:
        if attr.cue_type != "object":
            continue
        verb = doc[attr.cue_head]
        lemma = verb.lemma_.lower()
        preps = data["verbs"].get(lemma)
        if preps is None or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            continue  # "it was labeled 'Mostly True'": no one's claim but the author's
        kids = [c for c in verb.children if c.i > verb.i]
        completing = [c for c in kids if c.dep_ == "prep" and c.lower_ in preps]
        if lemma in data["needs_predicate"] and not (
            completing or any(c.dep_ in ("oprd", "xcomp") for c in kids)
        ):
            continue  # "called the police"
        if lemma == "claim" and not any(c.lemma_.lower() in data["claim_objects"] for c in kids):
            continue
        attr.cue_type = "verb"
        if completing:
            end = token_chars(
                doc, max(c.right_edge.i for c in completing), max(c.right_edge.i for c in completing) + 1
            )[1]
            attr.content = (attr.content[0], max(attr.content[1], end))
