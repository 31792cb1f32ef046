"""Voice of a sentence: reporting (attributed, or a plain factual statement) versus
commentary (the author's own analysis, evaluation or speculation), with the deciding cues.

Scoring: strong cues (first person outside quotes, argumentative openers such as "Therefore",
"If anything,", "if we ...", stance and judgement adverbs, an evaluative predicate, a rhetorical
question or exclamation in the author's voice) count 2, weaker ones (evaluative adjectives, a degree
adverb on an adjective, an unattributed modal of speculation) count 1, and an attributive adjective of
lexicon.py's general list ("key", "significant") or "even" counts 0.5. On an opinion page a main verb in
the present or future ("X is ...", "X will ...") is a weak cue as well: columns argue in the present and
narrate events in the past. A sentence whose main clause is
attributed to someone other than the author, or that is a quotation, is reporting: reported speech is
never commentary. Commentary needs a score of 2, or 1 on an opinion page (a column, an editorial,
an op-ed: told by the page's address, title or an opinion disclaimer). Word lists: lexicon.py and
data/voice.json; evaluative adjectives also from TextBlob's subjectivity lexicon (strongly subjective
and clearly positive or negative senses only)."""

from __future__ import annotations

import bisect
import importlib.util
import json
import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlparse

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from reportedly.extract import lexicon
from reportedly.extract.lemma_index import tokens_with
from reportedly.extract.spans import char_span

THRESHOLD = 2
OPINION_THRESHOLD = 1
PAGE_KEY = "page"  # doc.user_data[PAGE_KEY]: {"url", "title", "footers"} of the page being analysed
_OPENING_QUOTES = ("“", "«", "„", '"')
_STRONG_STANCE = ("undoubtedly", "clearly", "obviously", "arguably", "merely", "purely")
_MODAL_CUES = ("would", "could", "might", "may", "should")  # hedging the main verb
_CUE_LEMMAS = ("seem", "appear")  # as the main verb


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(resources.files("reportedly.data").joinpath("voice.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def _openers() -> tuple[str, ...]:
    return tuple(lexicon.COMMENTARY_OPENERS) + tuple(_data()["argument_openers"])


@lru_cache(maxsize=1)
def _word_sets() -> dict[str, frozenset[str]]:
    """voice.json's word lists that are looked up per token, as sets; with the judgement
    adjectives joined to TextBlob's subjective ones."""
    data = _data()
    sets = {k: frozenset(data[k]) for k in ("judgement_adverbs", "weak_cues", "degree_heads")}
    sets["judgement_adjectives"] = frozenset(data["judgement_adjectives"]) | subjective_adjectives()
    # every word some per-token test in voice_cues asks for (by lemma: "seem", "appear"): the
    # other tokens are passed over at once
    sets["cue_words"] = frozenset().union(
        lexicon.FIRST_PERSON,
        lexicon.STANCE_ADVERBS,
        lexicon.EVALUATIVE_ADJECTIVES,
        _MODAL_CUES,
        *sets.values(),
    )
    return sets


@lru_cache(maxsize=1)
def subjective_adjectives() -> frozenset[str]:
    """Adjectives whose senses in TextBlob's lexicon are, on average, strongly subjective and clearly
    positive or negative ("excellent", "devastating"); intensity words ("major", "key") are not."""
    limits = _data()["subjective_lexicon"]
    path = _textblob_file("en/en-sentiment.xml")
    if path is None:
        return frozenset()
    raw = path.read_bytes()
    senses: dict[str, list[tuple[float, float]]] = {}
    for word in ET.fromstring(raw).iter("word"):
        if word.get("pos") == "JJ":
            senses.setdefault(word.get("form", "").lower(), []).append(
                (float(word.get("subjectivity", 0)), float(word.get("polarity", 0)))
            )
    exclude = set(limits["exclude"])
    return frozenset(
        form
        for form, vals in senses.items()
        if form not in exclude
        and sum(s for s, _p in vals) / len(vals) >= limits["min_subjectivity"]
        and abs(sum(p for _s, p in vals) / len(vals)) >= limits["min_abs_polarity"]
    )


def _textblob_file(name: str) -> Path | None:
    """A data file shipped in the textblob package, found without importing textblob (which
    imports nltk and scipy: seconds of start-up for one word list)."""
    spec = importlib.util.find_spec("textblob")
    for folder in (spec and spec.submodule_search_locations) or ():
        if (path := Path(folder) / name).is_file():
            return path
    return None


def opinion_page(url: str | None, title: str | None = None, footers: str | None = None) -> bool:
    """A column, editorial or op-ed: an opinion section in the address, an opinion title prefix, or
    an opinion disclaimer in the footers."""
    data = _data()
    if url:
        segments = {s.lower() for s in re.split(r"[/.]", urlparse(url).path) if s}
        if segments & set(data["opinion_url_segments"]):
            return True
    if title and title.strip().lower().startswith(tuple(data["opinion_title_prefixes"])):
        return True
    low = (footers or "").lower()
    return any(phrase in low for phrase in data["opinion_disclaimer_phrases"])


def in_discourse_marker(doc: Doc, i: int) -> bool:
    """Token i belongs to a sentence-opening discourse marker ("That said, ...", "Needless to say, ..."),
    which is the author's own connective, not an attribution to a source named "That"."""
    sent = doc[i].sent
    start = sent.start
    while start < sent.end and doc[start].is_space:
        start += 1
    opening = doc[start : min(start + 6, sent.end)].text.lower().replace("’", "'")
    for marker in _data()["discourse_markers"]:
        n = len(marker.split())
        if opening.startswith(marker) and start <= i < start + n:
            after = start + n
            return after >= sent.end or doc[after].is_punct
    return False


def doc_is_opinion(doc: Doc) -> bool:
    page = doc.user_data.get(PAGE_KEY) or {}
    return opinion_page(page.get("url"), page.get("title"), page.get("footers"))


def _opener(sent: SpacySpan, first: int) -> tuple[int, int, float] | None:
    doc = sent.doc
    if first >= sent.end:  # only spaces and punctuation
        return None
    if doc[first].lower_ in _data()["leading_conjunctions"] and first + 1 < sent.end:
        first += 1  # "But perhaps ...", "And yet ..."
    opening = doc[first : min(first + 6, sent.end)].text.lower().replace("’", "'")
    if not opening.startswith(_openers()):
        return None
    for opener in _openers():
        rest = opening[len(opener) :]
        if opening.startswith(opener) and (not rest or not rest[0].isalpha() or not opener[-1].isalpha()):
            return first, first + max(len(opener.split()), 1), 2
    return None


def _present_argument(sent: SpacySpan) -> int | None:
    """The main verb when the sentence argues in the present or future ("X is ...", "X keeps ...",
    "X will ...", "X may ..."), as an opinion writer does; None for narration in the past or the
    present perfect ("X has closed ..."), which is how events are reported."""
    root = sent.root
    for verb in (root, *(c for c in root.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))):
        kids = list(verb.children)
        if any(k.tag_ == "MD" for k in kids):
            return verb.i
        if any(k.dep_ == "aux" and k.lemma_ == "have" for k in kids):
            continue
        if verb.tag_ in ("VBZ", "VBP") or (
            verb.tag_ == "VBG" and any(k.dep_ == "aux" and k.tag_ in ("VBZ", "VBP") for k in kids)
        ):
            return verb.i
    return None


def voice_cues(sent: SpacySpan, quoted: set[int], opinion: bool = False) -> list[tuple[int, int, float]]:
    """(start token, end token, weight) for each commentary cue in the sentence; on an opinion page
    a main verb in the present or future is a weak cue too."""
    doc = sent.doc
    words = _word_sets()
    cues: list[tuple[int, int, float]] = []
    first = sent.start
    while first < sent.end and (doc[first].is_space or doc[first].is_punct):
        first += 1
    opener = _opener(sent, first)
    if opener is not None:
        cues.append(opener)
    last = sent.end - 1
    while last > first and (doc[last].is_space or doc[last].text in ")]\"'”’"):
        last -= 1
    if doc[last].text in ("?", "!") and last not in quoted and not sent.text.isupper():
        cues.append((last, last + 1, 2))  # the author's rhetorical question or exclamation (not a subhead)
    if opinion and (verb := _present_argument(sent)) is not None and verb not in quoted:
        cues.append((verb, verb + 1, 1))
    judgement_adj = words["judgement_adjectives"]
    candidates = _cue_candidates(doc, words["cue_words"])
    lo, hi = bisect.bisect_left(candidates, sent.start), bisect.bisect_left(candidates, sent.end)
    for i in candidates[lo:hi]:
        if i in quoted:
            continue
        tok = doc[i]
        low = tok.lower_
        if (low in lexicon.FIRST_PERSON and tok.pos_ == "PRON") or (
            tok.pos_ == "ADV" and low in words["judgement_adverbs"]
        ):
            cues.append((tok.i, tok.i + 1, 2))
        elif tok.pos_ == "ADV" and low in lexicon.STANCE_ADVERBS and tok.i > first + 1:
            weight = 2 if low in _STRONG_STANCE else 0.5 if low in words["weak_cues"] else 1
            cues.append((tok.i, tok.i + 1, weight))
        elif (
            tok.pos_ == "ADJ"
            and (low in lexicon.EVALUATIVE_ADJECTIVES or low in judgement_adj)
            and tok.dep_ in ("acomp", "amod", "attr", "conj")
        ):
            strong = low in judgement_adj
            cues.append((tok.i, tok.i + 1, 2 if _predicative(tok) else 1 if strong else 0.5))
        elif low in words["degree_heads"] and tok.dep_ == "advmod" and tok.head.pos_ == "ADJ":
            cues.append((tok.i, tok.i + 1, 1))  # "far too little", "so royal", "all the more disturbing"
        elif (tok.tag_ == "MD" and low in _MODAL_CUES and (tok.head.dep_ == "ROOT")) or (
            tok.lemma_.lower() in _CUE_LEMMAS and tok.dep_ == "ROOT"
        ):
            cues.append((tok.i, tok.i + 1, 1))
    return cues


_CANDIDATES_KEY = "reportedly.voice_candidates"


def _cue_candidates(doc: Doc, cue_words: frozenset[str]) -> list[int]:
    """The doc's tokens that voice_cues reads (a cue word, or the lemma of a cue verb), in
    order, found once per doc."""
    got = doc.user_data.get(_CANDIDATES_KEY)
    if got is None or got[0] is not cue_words:
        found = {*tokens_with(doc, "lower", cue_words), *tokens_with(doc, "lemma", _CUE_LEMMAS)}
        got = doc.user_data[_CANDIDATES_KEY] = (cue_words, sorted(found))
    return got[1]


def _predicative(adj) -> bool:
    """An evaluation the author asserts: 'X is crucial', 'X is an excellent stage'."""
    head = adj.head if adj.dep_ in ("amod", "conj") else adj
    verb = head.head if head.dep_ in ("attr", "acomp") else (adj.head if adj.dep_ == "acomp" else None)
    return verb is not None and verb.lemma_ in ("be", "become", "remain") and verb.dep_ == "ROOT"


def _is_quotation(sent: SpacySpan, quoted: set[int]) -> bool:
    """Most of the sentence's words are inside quotation marks, or it opens with one (a quotation
    whose marks did not pair up is still someone's speech)."""
    words = [t.i for t in sent if not (t.is_space or t.is_punct)]
    if sent.text.lstrip()[:1] in _OPENING_QUOTES:
        return True
    return bool(words) and sum(i in quoted for i in words) >= 0.8 * len(words)


def classify_sentence(
    sent: SpacySpan, attributed: bool, author_attributed: bool, quoted: set[int], opinion: bool = False
) -> tuple[str, list]:
    """Return (voice, cue spans). `attributed`: the main clause is someone else's content;
    `opinion`: the page is a column, editorial or op-ed."""
    doc = sent.doc
    cues = voice_cues(sent, quoted, opinion)
    spans = [char_span(doc, s, e) for s, e, _w in cues]
    if (attributed and not author_attributed) or _is_quotation(sent, quoted):
        return "reporting", spans
    score = sum(w for _s, _e, w in cues)
    if author_attributed:
        score += 2
    threshold = OPINION_THRESHOLD if opinion else THRESHOLD
    return ("commentary" if score >= threshold else "reporting"), spans
