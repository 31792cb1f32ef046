"""Certainty of a claim, after FactBank's event factuality: CT (certain), PR (probable),
PS (possible), Uu (uncommitted), each with polarity. The least certain cue in the claim,
or in the cue that introduces it, sets the level; approximators are listed but leave the
level alone (they make a number imprecise, not an event doubtful)."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from reportedly.extract import lexicon
from reportedly.extract.spans import char_span
from reportedly.schema import Certainty, Cue

_FACTBANK = {"asserted": "CT", "probable": "PR", "possible": "PS"}
_NOT_NEGATION_NEXT = {"only", "just", "merely", "simply", "least"}


def _cue(doc: Doc, token: Token, kind: str, level: str | None, width: int = 1) -> Cue:
    return Cue(span=char_span(doc, token.i, token.i + width), kind=kind, level=level)


def token_cues(
    doc: Doc, start: int, end: int, skip: set[int] = frozenset(), introducing: bool = False
) -> list[Cue]:
    """Certainty cues among tokens [start, end), leaving out tokens in `skip`.
    `introducing`: the tokens are the cue that introduces the claim ("believes", "alleged")."""
    verb_levels = lexicon.VERB_LEVEL if introducing else lexicon.RAISING_LEVEL
    cues: list[Cue] = []
    for tok in doc[start:end]:
        if tok.i in skip:
            continue
        low, lemma = tok.lower_, tok.lemma_.lower()
        if tok.tag_ == "MD" or (tok.dep_ == "aux" and low in lexicon.MODAL_LEVEL):
            level = lexicon.MODAL_LEVEL.get(low)
            if level:
                cues.append(_cue(doc, tok, "modal", level))
        elif tok.pos_ == "ADV" and low in lexicon.ADVERB_LEVEL:
            cues.append(_cue(doc, tok, "adverb", lexicon.ADVERB_LEVEL[low]))
        elif tok.pos_ in ("ADJ",) and low in lexicon.ADJECTIVE_LEVEL:
            cues.append(_cue(doc, tok, "adjective", lexicon.ADJECTIVE_LEVEL[low]))
        elif tok.pos_ in ("VERB", "AUX") and lemma in verb_levels and tok.dep_ != "aux":
            cues.append(_cue(doc, tok, "verb", verb_levels[lemma]))
        elif (
            low in lexicon.APPROXIMATORS
            and tok.dep_ in ("advmod", "quantmod", "amod")
            and (tok.head.like_num or tok.head.pos_ == "NUM" or any(c.like_num for c in tok.head.children))
        ):
            cues.append(_cue(doc, tok, "approximator", None))
        elif low == "if" and tok.dep_ == "mark":
            cues.append(_cue(doc, tok, "conditional", "uncertain"))
        elif is_negation(doc, tok) or (introducing and lemma in lexicon.DENY_VERBS):
            cues.append(_cue(doc, tok, "negation", None))  # "X denied that Y": X says not-Y
    return cues


def is_negation(doc: Doc, tok: Token) -> bool:
    if tok.lower_ not in lexicon.NEGATIONS:
        return False
    nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else ""
    if nxt in _NOT_NEGATION_NEXT:  # "not only ... but also" is not a negation
        return False
    if tok.dep_ == "neg":
        return True
    return tok.lower_ == "never" or (
        tok.lower_ == "no" and tok.dep_ == "det" and tok.head.dep_ in ("nsubj", "dobj", "attr", "nsubjpass")
    )


def assess(cues: list[Cue]) -> Certainty:
    level = "asserted"
    for cue in cues:
        if cue.level and lexicon.LEVEL_ORDER[cue.level] > lexicon.LEVEL_ORDER[level]:
            level = cue.level
    negated = sum(1 for c in cues if c.kind == "negation") % 2 == 1
    fb = "Uu" if level == "uncertain" else _FACTBANK[level] + ("-" if negated else "+")
    return Certainty(level=level, polarity="negative" if negated else "positive", factbank=fb, cues=cues)
