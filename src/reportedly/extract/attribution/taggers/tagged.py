"""Attributions anchored on a learned cue tagger (see lstm_tagger), with the rules as the fallback.

The cue tagger decides what is a cue and where its span ends. Source and content then come from
the dependency rules anchored on the cue's head, which know "Y, X said", "according to X" and
quotations; where none of them fits, from the cue's own dependents (see cue_frame). Attributions
marked by punctuation alone ("Y" ― X; "X: Y" transcripts) come from patterns. (Source and content
taggers were trained and measured too; they lowered the dev figures, so only the cue tagger is used.)

REPORTEDLY_ATTRIBUTION picks who marks the cues: `tagged` (default) the BiLSTM tagger, `context` the
slower and more accurate context tagger (see context_tagger; needs the `fuse` extra), `rules` no
tagger (the rules then also pick the cues).
"""

from __future__ import annotations

import os

from spacy.tokens import Doc, Token

from reportedly.extract import lexicon
from reportedly.extract.attribution.cue_frame import from_dependents
from reportedly.extract.attribution.denials import denial_attributions
from reportedly.extract.attribution.linking import finish
from reportedly.extract.attribution.patterns import pattern_attributions
from reportedly.extract.attribution.quotes import paired_quotes
from reportedly.extract.attribution.raw import RawAttribution, subject_of
from reportedly.extract.attribution.rules import (
    according_to,
    colon_reading,
    find_rule_attributions,
    is_cue_verb,
    noun_cue,
    prepositional,
    verb_cue,
)
from reportedly.extract.attribution.taggers import lstm_tagger
from reportedly.extract.entities import EntityIndex
from reportedly.extract.lemma_index import tokens_with_lemma
from reportedly.extract.spans import doc_text, token_chars

MODE_ENV = "REPORTEDLY_ATTRIBUTION"
MODES = ("tagged", "context", "rules")


class AttributionModeError(ValueError):
    pass


def mode() -> str:
    """The attribution mode from REPORTEDLY_ATTRIBUTION (default `tagged`)."""
    value = os.environ.get(MODE_ENV, "tagged").strip().lower() or "tagged"
    if value not in MODES:
        raise AttributionModeError(f"{MODE_ENV}={value!r} is not a mode; choose one of {', '.join(MODES)}")
    return value


def _context_tagger():
    try:
        from reportedly.extract.attribution.taggers import context_tagger
    except ImportError as exc:
        raise AttributionModeError(
            f"{MODE_ENV}=context needs the 'fuse' extra (pip install 'reportedly[fuse]'): {exc}"
        ) from None
    return context_tagger


def enabled() -> bool:
    """Whether a cue tagger runs (else the rules alone)."""
    chosen = mode()
    if chosen == "context":
        if _context_tagger().tagger("cue") is None:
            raise AttributionModeError(f"{MODE_ENV}=context: no context tagger is shipped or configured")
        return True
    return chosen == "tagged" and lstm_tagger.tagger("cue") is not None


def cue_spans(doc: Doc) -> list[tuple[int, int]]:
    """The cues of `doc` as token ranges, from the tagger the mode picks."""
    if mode() == "context":
        return _context_tagger().predict(doc, "cue")
    return lstm_tagger.predict(doc, "cue")


def find_attributions(doc: Doc, entities: EntityIndex) -> list[RawAttribution]:
    if not enabled():
        return find_rule_attributions(doc, entities)
    denials = denial_attributions(doc, entities, set())
    denied = {i for a in denials for i in a.cue_tokens}
    found = list(denials)
    quotes = paired_quotes(doc_text(doc))
    for lo, hi in cue_spans(doc):
        lo, hi = whole_phrase(doc, lo, hi)
        if denied & set(range(lo, hi)):
            continue
        head = cue_head(doc, lo, hi)
        # "pointed to | X", "has written about | X": the preposition closing the cue takes the content
        attr = (
            from_dependents(doc, lo, hi, head, entities, quotes)
            if _ends_in_object(doc, lo, hi, head)
            else None
        )
        if attr is None:
            attr = _by_rules(doc, lo, hi, head, entities)
        if attr is not None:
            attr.cue_tokens = list(range(lo, hi))
            attr.cue_head = head.i
        if attr is None or not _clip_content(doc, attr, lo, hi):
            attr = from_dependents(doc, lo, hi, head, entities, quotes)
        if attr is not None and _clip_content(doc, attr, lo, hi):
            found.append(attr)
    found.extend(_nested_by_rules(doc, entities, found))
    found.extend(_colon_cues_by_rules(doc, entities, found))
    found.extend(pattern_attributions(doc, entities, {i for a in found for i in a.cue_tokens}))
    return finish(found, doc, quotes, entities)


# a nested "I think" or "he believes" is the outer speaker hedging, not a new link in the chain
_NEW_LINK_KINDS = {"named", "vague", "evidence"}


_PREMODIFIERS = {"det", "amod", "compound", "poss", "nummod", "quantmod", "nmod"}


def whole_phrase(doc: Doc, lo: int, hi: int) -> tuple[int, int]:
    """A cue span the tagger closed inside a noun phrase, mended: "said in the | statement" runs
    on to the noun a preposition of the cue governs ("said in the statement"); "embracing an |
    idea" stops before the phrase, the verb's object ("embracing")."""
    last = doc[hi - 1]
    noun = last.head
    if hi - lo < 2 or last.dep_ not in _PREMODIFIERS or noun.i < hi:
        return lo, hi
    if noun.dep_ == "pobj" and lo <= noun.head.i < hi:
        return lo, noun.i + 1
    cut = min(noun.left_edge.i, hi - 1)
    while cut > lo and doc[cut - 1].dep_ in _PREMODIFIERS and doc[cut - 1].head.i == noun.i:
        cut -= 1
    return (lo, cut) if cut > lo else (lo, hi)


_FRAME_PREPOSITIONS = {"in", "on", "at", "during"}
_SAY = {"say", "tell"}


def _ends_in_object(doc: Doc, lo: int, hi: int, head: Token) -> bool:
    """A verb's cue span closing on a preposition whose object follows it ("pointed to | X")."""
    last = doc[hi - 1]
    if doc[lo].lower_ == "according":  # "according to | X": X is the source
        return False
    # "said in | an interview", "said of | X": the frame of words quoted elsewhere
    if last.lower_ in _FRAME_PREPOSITIONS or head.lemma_.lower() in _SAY:
        return False
    if hi - lo < 2 or last.pos_ != "ADP" or not (head.pos_ in ("VERB", "AUX") or head.tag_.startswith("VB")):
        return False
    return any(c.dep_ in ("pobj", "pcomp") and c.i >= hi for c in last.children)


def _nested_by_rules(doc: Doc, entities: EntityIndex, found: list[RawAttribution]) -> list[RawAttribution]:
    """Reporting verbs the rules find inside a tagged attribution's content ("X reported that the
    mayor said that officials believe Y"): the tagger, like the annotators it learned from, often
    leaves the deeper levels of a chain unmarked, and the chain needs them. Only sources that can
    be someone new count (not a pronoun or the first person, which mostly point back to the outer
    speaker)."""
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
            attr = verb_cue(doc, head, entities)
            if attr is not None and attr.source.kind in _NEW_LINK_KINDS and not taken & set(attr.cue_tokens):
                taken.update(attr.cue_tokens)
                extra.append(attr)
    return extra


def _colon_cues_by_rules(
    doc: Doc, entities: EntityIndex, found: list[RawAttribution]
) -> list[RawAttribution]:
    """'Liu said that Y, warning: "Z"': a reporting verb whose frame a colon closes, left unmarked
    by the tagger; the colon is as sure a sign of speech as the verb."""
    taken = {i for a in found for i in a.cue_tokens}
    extra = []
    for i in tokens_with_lemma(doc, lexicon.SPEECH_VERBS):
        tok = doc[i]
        if i in taken or not is_cue_verb(tok):
            continue
        attr = colon_reading(doc, tok, subject_of(tok)[0], entities)
        if attr is not None and not taken & set(attr.cue_tokens):
            taken.update(attr.cue_tokens)
            extra.append(attr)
    return extra


def _clip_content(doc: Doc, attr: RawAttribution, lo: int, hi: int) -> bool:
    """Keep the content off the cue span ("reserved his passion for | the bill"); False if
    nothing is left."""
    c0, c1 = attr.content
    k0, k1 = token_chars(doc, lo, hi)
    if not (c0 < k1 and k0 < c1):
        return True
    if attr.fragments is not None:
        kept = [f for f in attr.fragments if f[1] <= k0 or f[0] >= k1]
        if kept:  # fragments around the cue ("Y | was rated | Z") keep their shape
            attr.fragments = kept if len(kept) > 1 else None
            attr.content = (kept[0][0], kept[-1][1])
            return True
        attr.fragments = None
    after = doc[hi].idx if hi < len(doc) else k1
    before, rest = (c0, k0), (max(after, k1), c1)
    pick = rest if rest[1] - rest[0] >= before[1] - before[0] else before
    text = doc_text(doc)
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


# prepositions whose object says whose view it is: "In | this poll", "by | one estimate", "much to
# the chagrin of | X" (not the topic of "about", "against", "over")
_SOURCE_PREPOSITIONS = {"in", "by", "of", "to", "from", "per"}


def _by_rules(doc: Doc, lo: int, hi: int, head: Token, entities: EntityIndex) -> RawAttribution | None:
    if doc[lo].lower_ == "according" and lo + 1 < len(doc) and doc[lo + 1].lower_ == "to":
        return according_to(doc, doc[lo], entities)
    if head.pos_ in ("VERB", "AUX") or head.tag_.startswith("VB"):
        return verb_cue(doc, head, entities, trusted=True)
    if head.pos_ in ("NOUN", "PROPN"):
        return noun_cue(doc, head, entities)
    last = doc[hi - 1]
    if head.pos_ == "ADP" and last.pos_ == "ADP" and last.lower_ in _SOURCE_PREPOSITIONS:
        return prepositional(doc, doc[lo], last, entities)
    return None
