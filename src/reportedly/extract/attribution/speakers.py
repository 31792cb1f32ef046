"""Who "she" and "he" are when they introduce a quote: the most recent named person who fits.

A person's gender is read from the article itself (word lists in data/relations.json): a title
before a mention ("Mrs. Clinton", "Mr. Kamin"), a gendered role beside it ("Hope Hicks, a campaign
spokeswoman", "spokeswoman Hope Hicks"), or a possessive or reflexive pronoun in a clause the
person is the subject of ("Smith said her team ..."). A pronoun never resolves to a person known
to have the other gender. "She added" continues a speaker: it resolves to the most recent
fitting person who has spoken (within a few paragraphs), not to a person merely named since.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from spacy.tokens import Doc, Token

from reportedly.extract.attribution.relations import words
from reportedly.extract.entities import EntityIndex
from reportedly.extract.spans import doc_text
from reportedly.schema import Source

_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_PRONOUN_GENDER = {"she": "f", "her": "f", "he": "m", "him": "m"}
_POSSESSIVE = {"her": "f", "herself": "f", "his": "m", "himself": "m"}


def _vote(doc: Doc, start: int, end: int) -> str | None:
    """The gender one mention (character range) shows, if any."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    w = words()
    head = span.root
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None:
        if before.lower_ in w["female_titles"] or f"{before.lower_}." in w["female_titles"]:
            return "f"
        if before.lower_ in w["male_titles"] or f"{before.lower_}." in w["male_titles"]:
            return "m"
    related = [
        c for c in head.children if c.dep_ in ("appos", "compound") and not span.start <= c.i < span.end
    ]
    if head.dep_ == "appos":
        related.append(head.head)
    for tok in related:
        lemma = tok.lemma_.lower()
        if lemma in w["female_nouns"]:
            return "f"
        if lemma in w["male_nouns"]:
            return "m"
    if head.dep_ == "nsubj":
        pronouns = {_POSSESSIVE[t.lower_] for t in head.head.subtree if t.lower_ in _POSSESSIVE}
        others = [t for t in head.sent if t.ent_type_ == "PERSON" and not span.start <= t.i < span.end]
        if len(pronouns) == 1 and not others:
            return pronouns.pop()
    return None


def genders(doc: Doc, index: EntityIndex) -> dict[str, str]:
    """Entity id -> "f" or "m", for the people whose gender the article shows."""
    out = {}
    for ent in index.entities:
        if ent.label != "PERSON":
            continue
        votes = Counter(v for m in ent.mentions if (v := _vote(doc, m.start, m.end)) is not None)
        if votes:
            best, n = votes.most_common(1)[0]
            if n > sum(votes.values()) - n:
                out[ent.id] = best
    # "Tim Kaine" and "Kaine" are the same person when the article names one Kaine
    by_surname: dict[str, set[str]] = {}
    for ent in index.entities:
        if ent.label == "PERSON" and ent.id in out:
            by_surname.setdefault(ent.name.split()[-1].lower(), set()).add(out[ent.id])
    for ent in index.entities:
        known = by_surname.get(ent.name.split()[-1].lower()) if ent.label == "PERSON" and ent.name else None
        if ent.id not in out and known and len(known) == 1:
            out[ent.id] = next(iter(known))
    return out


_NEWLINE = re.compile("\n")


def _paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _NEWLINE.finditer(text)]


class SpeakerResolver:
    """Re-resolves he/she sources of one document's attributions."""

    def __init__(self, doc: Doc, index: EntityIndex) -> None:
        self.doc = doc
        self.gender = genders(doc, index)
        people = [e for e in index.entities if e.label == "PERSON" or e.id in self.gender]
        self.persons = {e.id for e in index.entities if e.label == "PERSON"}
        # (offset, name, entity id, gender): people named in the text, in order
        self.mentions = sorted(
            (m.start, e.name, e.id, self.gender.get(e.id)) for e in people for m in e.mentions
        )
        self.starts = [m[0] for m in self.mentions]
        self.paragraphs = _paragraph_starts(doc_text(doc))

    def paragraph(self, char: int) -> int:
        return bisect.bisect_right(self.paragraphs, char) - 1

    def resolve(self, pron: Token, cue: Token, speakers: list[tuple]) -> tuple | None:
        """The person (offset, name, entity id, gender) `pron` (he/she/him/her, source of `cue`)
        refers to; `speakers` are the people who spoke earlier, in the same form."""
        want = _PRONOUN_GENDER.get(pron.lower_)
        if want is None:
            return None
        w = words()
        here = self.paragraph(pron.idx)
        earlier = [s for s in speakers if s[0] < pron.idx]
        if cue.lemma_.lower() in w["continuing_cues"]:
            for person in reversed(earlier):
                if person[3] in (None, want):
                    if here - self.paragraph(person[0]) <= w["window_paragraphs"]:
                        return person
                    break
        i = bisect.bisect_left(self.starts, pron.idx)
        named = sorted(self.mentions[:i] + earlier, key=lambda p: p[0])  # entity ids may be None
        fitting = [p for p in named if p[3] in (None, want)]
        return self._subject_before(pron, fitting) or (fitting[-1] if fitting else None)

    def _subject_before(self, pron: Token, people: list[tuple]) -> tuple | None:
        """The last of `people` who is the subject of the pronoun's own sentence before it, or else
        of the sentence before: "Andrew doesn't remember ... 'Going to Pizza Express in Woking is
        an unusual thing for me to do,' he said" is Andrew's, not Woking's."""
        sent = pron.sent
        windows = [(sent.start_char, pron.idx)]
        if sent.start > 0:
            previous = self.doc[sent.start - 1].sent
            windows.append((previous.start_char, previous.end_char))
        for lo, hi in windows:
            subjects = [p for p in people if lo <= p[0] < hi and self._is_subject(p[0])]
            if subjects:
                return subjects[-1]
        return None

    def _is_subject(self, char: int) -> bool:
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        if span is None:
            return False
        tok = span[0]
        while tok.dep_ in ("compound", "flat") and tok.head.i != tok.i:  # "Tim | Clark", "Prince | Andrew"
            tok = tok.head
        return tok.dep_ in _SUBJECT_DEPS


def _speaker(doc: Doc, src: Source, char: int, resolver: SpeakerResolver) -> tuple | None:
    """A named source as a person who spoke: (cue offset, name, entity id, gender)."""
    if src.kind not in ("named", "pronoun") or src.span is None:
        return None
    if src.entity_id is not None:
        # the person's own name, not the phrase ("Ivanka Trump's statement")
        name = next((m[1] for m in resolver.mentions if m[2] == src.entity_id), None)
        if name is None and src.kind == "pronoun":
            name = src.name
        if name is not None:
            return (char, name, src.entity_id, resolver.gender.get(src.entity_id))
        return None  # an organisation or a place
    span = doc.char_span(src.span.start, src.span.end, alignment_mode="expand")
    if span is None or span.root.pos_ != "PROPN" or span.root.ent_type_ in ("ORG", "GPE", "NORP", "LOC"):
        return None
    return (char, src.name, None, _vote(doc, src.span.start, src.span.end))


def _body(doc: Doc, src: Source, resolver: SpeakerResolver) -> bool:
    """A source "it" can stand for: an organisation, a place or a document, one of them ("the US
    military", "Apple", "a statement"), not a person or a group."""
    if src.kind not in ("named", "evidence") or src.span is None or src.entity_id in resolver.persons:
        return False
    span = doc.char_span(src.span.start, src.span.end, alignment_mode="expand")
    return span is not None and span.root.ent_type_ != "PERSON" and span.root.tag_ in ("NN", "NNP")


def _it_before(pron: Token, bodies: list[tuple[int, Source]], resolver: SpeakerResolver) -> Source | None:
    """'The US military said ... It said it was withholding the names': "it" as a source takes the
    organisation or document that spoke last, within a few paragraphs."""
    earlier = [b for b in bodies if b[0] < pron.idx]
    if not earlier:
        return None
    char, src = earlier[-1]
    if resolver.paragraph(pron.idx) - resolver.paragraph(char) > words()["window_paragraphs"]:
        return None
    return src


def _pronoun(doc: Doc, src: Source) -> Token | None:
    """The one token of a pronoun source."""
    if src.kind != "pronoun" or src.span is None:
        return None
    span = doc.char_span(src.span.start, src.span.end, alignment_mode="expand")
    return span[0] if span is not None and len(span) == 1 else None


def resolve_speakers(found: list, doc: Doc, index: EntityIndex) -> None:
    """Re-resolve the he/she and "it" sources of `found` (RawAttribution, in any order) in text
    order."""
    resolver = SpeakerResolver(doc, index)
    speakers: list[tuple] = []
    bodies: list[tuple[int, Source]] = []  # organisations and documents that spoke, in text order
    for attr in sorted(found, key=lambda a: doc[a.cue_head].idx):
        src: Source | None = attr.source
        if src is None:
            continue
        cue = doc[attr.cue_head]
        pron = _pronoun(doc, src)
        if pron is not None and pron.lower_ == "it":
            if (body := _it_before(pron, bodies, resolver)) is not None:
                name = body.resolved_to or body.name
                attr.source = src.model_copy(
                    update={"name": name, "entity_id": body.entity_id, "resolved_to": name}
                )
            continue
        if _body(doc, src, resolver):
            bodies.append((cue.idx, src))
        if pron is not None and (person := resolver.resolve(pron, cue, speakers)):
            _char, name, ent_id, gender = person
            attr.source = src.model_copy(update={"name": name, "entity_id": ent_id, "resolved_to": name})
            speakers.append((cue.idx, name, ent_id, gender or _PRONOUN_GENDER.get(pron.lower_)))
            continue
        if (person := _speaker(doc, src, cue.idx, resolver)) is not None:
            speakers.append(person)
