"""Voice of a sentence: reporting (attributed, or a plain factual statement) versus
commentary (the author's own analysis, evaluation or speculation), with the deciding cues.

Scoring: strong cues (first person outside quotes, argumentative openers such as "Therefore",
"if we ...", stance adverbs) count 2, weaker ones (evaluative adjectives, an unattributed
modal of speculation) count 1; a sentence whose main clause is attributed to someone other
than the author is reporting. Commentary needs a score of 2."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan

from reportedly.extract import lexicon
from reportedly.extract.spans import char_span

THRESHOLD = 2


def voice_cues(sent: SpacySpan, quoted: set[int]) -> list[tuple[int, int, int]]:
    """(start token, end token, weight) for each commentary cue in the sentence."""
    doc = sent.doc
    cues: list[tuple[int, int, int]] = []
    first = sent.start
    while first < sent.end and (doc[first].is_space or doc[first].is_punct):
        first += 1
    opening = doc[first : min(first + 6, sent.end)].text.lower()
    for opener in lexicon.COMMENTARY_OPENERS:
        if opening.startswith(opener) and (len(opening) == len(opener) or not opening[len(opener)].isalpha()):
            cues.append((first, first + len(opener.split()), 2))
            break
    for tok in sent:
        if tok.i in quoted:
            continue
        low = tok.lower_
        if low in lexicon.FIRST_PERSON and tok.pos_ == "PRON":
            cues.append((tok.i, tok.i + 1, 2))
        elif tok.pos_ == "ADV" and low in lexicon.STANCE_ADVERBS and tok.i > first + 1:
            cues.append(
                (
                    tok.i,
                    tok.i + 1,
                    2
                    if low in ("undoubtedly", "clearly", "obviously", "arguably", "merely", "purely")
                    else 1,
                )
            )
        elif (
            tok.pos_ == "ADJ"
            and low in lexicon.EVALUATIVE_ADJECTIVES
            and tok.dep_ in ("acomp", "amod", "attr")
        ):
            cues.append((tok.i, tok.i + 1, 2 if _predicative(tok) else 1))
        elif (
            tok.tag_ == "MD"
            and low in ("would", "could", "might", "may", "should")
            and (tok.head.dep_ == "ROOT")
        ) or (tok.lemma_.lower() in ("seem", "appear") and tok.dep_ == "ROOT"):
            cues.append((tok.i, tok.i + 1, 1))
    return cues


def _predicative(adj) -> bool:
    """An evaluation the author asserts: 'X is crucial', 'X is an excellent stage'."""
    head = adj.head if adj.dep_ == "amod" else adj
    verb = head.head if head.dep_ in ("attr", "acomp") else (adj.head if adj.dep_ == "acomp" else None)
    return verb is not None and verb.lemma_ in ("be", "become", "remain") and verb.dep_ == "ROOT"


def classify_sentence(
    sent: SpacySpan, attributed: bool, author_attributed: bool, quoted: set[int]
) -> tuple[str, list]:
    """Return (voice, cue spans). `attributed`: the main clause is someone else's content."""
    doc = sent.doc
    cues = voice_cues(sent, quoted)
    spans = [char_span(doc, s, e) for s, e, _w in cues]
    if attributed and not author_attributed:
        return "reporting", spans
    score = sum(w for _s, _e, w in cues)
    if author_attributed:
        score += 2
    return ("commentary" if score >= THRESHOLD else "reporting"), spans
