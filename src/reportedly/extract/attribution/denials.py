"""Denials as attributions ("X rejected claims that Y"), and confirming or denying verbs whose
target points back to earlier content ("denied the report"). Their word lists: relations.py."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from reportedly.extract import lexicon
from reportedly.extract.attribution import relations
from reportedly.extract.attribution.raw import RawAttribution, build, subject_of
from reportedly.extract.attribution.sources import make_source
from reportedly.extract.entities import EntityIndex
from reportedly.extract.spans import token_chars


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
        attr = build(doc, verb, "verb", (start, end), subj, entities)
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
