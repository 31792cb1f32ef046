"""Classify a source phrase: named, vague, evidence or pronoun; normalise its name; resolve
pronouns to the nearest fitting named entity before them."""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Doc, Token

from reportedly.extract import lexicon
from reportedly.extract.entities import EntityIndex, normalise_name
from reportedly.extract.spans import char_span, trim
from reportedly.schema import Entity, Source

_NAMED_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART"}
_WEAK_QUANTIFIERS = {
    "several",
    "some",
    "many",
    "various",
    "certain",
    "unnamed",
    "anonymous",
    "other",
    "multiple",
    "numerous",
    "few",
    "senior",
    "unidentified",
}


_DATELINE_DASHES = {"--", "-", "—", "–"}


def source_range(doc: Doc, subj: Token) -> tuple[int, int]:
    """Token range [lo, hi) of the source phrase headed by `subj`: its subtree without a dateline
    before it ("WASHINGTON -- | President Obama") or a set-off participle after it ("Trump |,
    speaking to veterans,")."""
    lo, hi = subj.left_edge.i, subj.right_edge.i + 1
    for k in range(lo, min(hi, lo + 6)):
        if doc[k].text in _DATELINE_DASHES and k > lo and all(t.is_upper or t.is_punct for t in doc[lo:k]):
            lo = k + 1
            break
    # "interpreted by some | as a threat": the predicative "as" phrase is no part of the source
    for child in subj.rights:
        if child.dep_ == "prep" and child.lower_ == "as" and child.i > lo:
            hi = min(hi, child.i)
    heads = [subj] + [c for c in subj.children if c.dep_ == "appos"]
    for head in heads:
        for child in head.rights:
            start = child.left_edge.i
            if (
                child.dep_ == "acl"
                and start > lo
                and doc[start - 1].text == ","
                and child.right_edge.i + 2 >= hi
            ):
                hi = min(hi, start - 1)
    return (lo, hi) if lo < hi else (subj.i, subj.i + 1)


_EXTRAPOSED = ("ccomp", "xcomp", "csubj", "advcl")


def _extraposed_it(head: Token) -> bool:
    """'It is unclear whether Y', 'it appeared that Y': an "it" that holds the place of a clause
    is nobody (an agentless passive, "it is believed that", is left to the passive rules)."""
    if head.lower_ != "it" or head.dep_ != "nsubj":
        return False
    verb = head.head
    if verb.lemma_.lower() not in lexicon.EXTRAPOSITION_PREDICATES:
        return False
    # the clause it stands for, after it: on the verb ("it appears that") or on its predicate ("it
    # is unclear whether", "it is hard to see"); "it was opposed to the test" has none
    holders = [verb] + [c for c in verb.children if c.dep_ in ("acomp", "attr")]
    return any(c.dep_ in _EXTRAPOSED and c.i > head.i for h in holders for c in h.children)


def head_of(doc: Doc, start: int, end: int) -> Token:
    """The token of [start, end) whose head lies outside the range (the phrase head)."""
    for tok in doc[start:end]:
        if not (start <= tok.head.i < end) or tok.head.i == tok.i:
            return tok
    return doc[start]


def make_source(doc: Doc, start: int, end: int, entities: EntityIndex) -> Source | None:
    start, end = trim(doc, start, end)
    if start >= end:
        return None
    span = char_span(doc, start, end)
    head = head_of(doc, start, end)
    lower = head.lower_
    if lower in lexicon.FIRST_PERSON or _extraposed_it(head):
        return Source(name="author", kind="author", span=span)
    if head.pos_ == "PRON" or lower in lexicon.PRONOUNS:
        resolved = resolve_pronoun(doc, head, entities)
        return Source(
            name=resolved.name if resolved else span.text,
            kind="pronoun",
            span=span,
            entity_id=resolved.id if resolved else None,
            resolved_to=resolved.name if resolved else None,
        )
    ent = entities.best_in(span.start, span.end, prefer=head.idx)
    if ent is not None and _ent_is_head(ent, head) and ent.label != "NORP":
        # a known organisation or person ("Ukraine's military intelligence" is HUR)
        kind, name = "named", ent.name
    else:
        kind = classify(doc, start, end, head, has_entity=ent is not None)
        name = normalise_name(span.text)
        if kind == "evidence" and (outlet := _report_outlet(doc, start, end)) is not None:
            # "a New York Times report": the outlet is the source, a link of its own
            lo, hi = outlet
            o0, o1 = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
            ent = entities.best_in(o0, o1)
            kind, name = "named", ent.name if ent is not None else normalise_name(doc[lo:hi].text)
    full = _full_name(entities, ent, span.start) if kind == "named" else None
    return Source(name=name, kind=kind, span=span, entity_id=ent.id if ent else None, resolved_to=full)


def _full_name(entities: EntityIndex, ent: Entity | None, before: int) -> str | None:
    """'Liu' after 'Liu Xiaming', 'Clark' after 'Tim Clark': the one longer name of a person
    mentioned earlier whose first or last word this one-word name is."""
    if ent is None or ent.label != "PERSON" or len(ent.name.split()) != 1:
        return None
    word = ent.name.lower()
    fuller = {
        other.name
        for other in entities.entities
        if other.label == "PERSON"
        and len(words := other.name.lower().split()) > 1
        and word in (words[0], words[-1])
        and other.mentions[0].start < before
    }
    return fuller.pop() if len(fuller) == 1 else None


def _report_outlet(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    from reportedly.extract.attribution.relations import report_outlet  # relations builds on this module

    return report_outlet(doc, start, end)


def _ent_is_head(ent, head: Token) -> bool:
    return any(m.start <= head.idx < m.end for m in ent.mentions)


def classify(doc: Doc, start: int, end: int, head: Token, has_entity: bool) -> str:
    lemma = head.lemma_.lower()
    words = {t.lower_ for t in doc[start:end]}
    if lemma in lexicon.EVIDENCE_HEADS or head.lower_ in lexicon.EVIDENCE_HEADS:
        # "a Bloomberg poll" is evidence with a named owner; still evidence
        return "evidence"
    if head.ent_type_ in _NAMED_LABELS and head.ent_type_ != "NORP":
        return "named"
    if words & _WEAK_QUANTIFIERS:
        return "vague"
    if head.tag_ in ("NNP", "NNPS") and not head.is_sent_start:
        return "named"  # "the Sioux Falls Argus Leader": a proper name, whatever its last word
    if _definite_institution(head):
        return "named"  # "the agency", "the US military": a definite description of a named body
    if lemma in lexicon.VAGUE_HEADS or head.lower_ in lexicon.VAGUE_HEADS:
        return "vague"
    if head.pos_ == "PROPN" or has_entity:
        return "named"
    return "vague"


def _definite_institution(head: Token) -> bool:
    """ "the agency", "the US military", "the city's police": one institution the reader can name
    (data/relations.json: institution_heads); "officials", "a government" stay vague."""
    from reportedly.extract.attribution.relations import words  # relations builds on this module

    if head.lemma_.lower() not in words()["institution_heads"] or head.tag_ not in ("NN", "NNP"):
        return False
    return any(
        c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "some", "any") for c in head.children
    )


class _Group(NamedTuple):
    """A group a plural pronoun refers to that is no named entity ("Protesters", "a large
    proportion of the population")."""

    name: str
    id: str | None = None


_PLURAL_PRONOUNS = {"they", "them"}


def resolve_pronoun(doc: Doc, pron: Token, entities: EntityIndex):
    labels = lexicon.PRONOUN_SOURCE_LABELS.get(pron.lower_)
    if not labels:
        return None
    if pron.lower_ in _PLURAL_PRONOUNS and (group := _group_subject_before(doc, pron, entities)) is not None:
        return group
    return entities.last_before(pron.idx, labels)


def _group_subject_before(doc: Doc, pron: Token, entities: EntityIndex):
    """ "Protesters believe Y. They worry Z": they/them take the subject of their own sentence before
    them, or else of the sentence before, where it is a group: a plural noun, a vague head ("a large
    proportion of the population") or an organisation, place or nationality."""
    sent = pron.sent
    windows = [doc[sent.start : pron.i]]
    if sent.start > 0:
        windows.append(doc[sent.start - 1].sent)
    for window in windows:
        subjects = [t for t in window if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN")]
        for subj in reversed(subjects):
            lo, hi = source_range(doc, subj)
            ent = entities.best_in(doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1]), prefer=subj.idx)
            if ent is not None and ent.label == "PERSON":
                continue
            group = subj.tag_ in ("NNS", "NNPS") or subj.lemma_.lower() in lexicon.VAGUE_HEADS
            if ent is not None and ent.label in ("ORG", "GPE", "NORP") and _ent_is_head(ent, subj):
                return ent
            if group:
                return _Group(name=normalise_name(doc[lo:hi].text))
    return None
