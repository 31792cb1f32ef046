"""Attributions marked by punctuation rather than a word: a quote with a dash after it, transcript
speaker labels ("PENCE: Y") and embedded posts signed "— Name (@handle) date"."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from reportedly.clean import POST_SIGN_OFF
from reportedly.extract.attribution.raw import RawAttribution
from reportedly.extract.attribution.sources import make_source
from reportedly.extract.entities import EntityIndex
from reportedly.extract.spans import char_span, doc_text
from reportedly.schema import Source

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
