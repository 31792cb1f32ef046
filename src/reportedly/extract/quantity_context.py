"""What a figure says about the world: role (a change, a total or level, or unspecified), the
direction of a change, the counted thing, the measured variable (subject + measure) and the date it
holds for. Reads the dependency parse around each figure found by extract.quantities."""

from __future__ import annotations

import bisect
import re
from datetime import datetime
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from reportedly.extract.numbers import DATA, FRACTIONS, word_value
from reportedly.extract.spans import char_span
from reportedly.schema import AsOf, Measured, Quantity

if TYPE_CHECKING:
    from reportedly.extract.quantities import Reading

UP = set(DATA["change_up"])
DOWN = set(DATA["change_down"])
NOUNS_UP = set(DATA["change_nouns_up"])
NOUNS_DOWN = set(DATA["change_nouns_down"])
LEVEL_VERBS = set(DATA["level_verbs"])
INCREMENT = set(DATA["increment_words"])
TOTAL = set(DATA["total_words"])
GENERIC = set(DATA["generic_heads"])
DIMENSIONS: dict[str, str] = DATA["dimension_adjectives"]
CURRENCIES = set(DATA["currency_symbols"].values()) | set(DATA["currency_words"].values())
MEASURE_UNITS = set(DATA["units"].values()) - {"percent", "point", "basis point"}
TIME_WORDS = set(DATA["time_words"])
TIME_ADVERBS = set(DATA["time_adverbs"])
_PAIR_FIRSTS = {a.split(" ", 1)[0] for a in TIME_ADVERBS if " " in a}  # "so" of "so far"
NOT_TIMES = set(DATA["not_times"])
UNIT_WORDS = {w for key in DATA["units"] for w in key.split()} | set(DATA["currency_words"]) | {"$", "%"}
_DATE_PREPS = {"in", "on", "by", "since", "during", "through", "until", "at", "over", "for", "from", "of"}
_DATE_FORMATS = ("%d %B %Y", "%B %d %Y", "%B %d, %Y", "%B %Y", "%b %Y", "%b. %d, %Y", "%Y")


def annotate(doc: Doc, found: list[tuple[Quantity, Reading]]) -> None:
    """Fill role, direction, thing, measured and as_of on each figure, in text order."""
    taken = {i for _q, r in found for i in range(r.start, r.end)}
    sents = {r.sent: doc[r.num_start].sent for _q, r in found}
    times = _time_expressions(doc, list(sents.values())) if found else []
    last_thing: Token | None = None
    prev: tuple[Quantity, Reading] | None = None
    for q, r in found:
        anchor = _anchor(doc, r)
        noun = _counted(doc, r, anchor)
        if noun is not None and noun.lemma_.lower() in GENERIC and last_thing is not None:
            q.thing, q.thing_span = last_thing.lemma_.lower(), char_span(doc, last_thing.i, last_thing.i + 1)
        elif noun is not None:
            q.thing, q.thing_span = noun.lemma_.lower(), char_span(doc, noun.i, noun.i + 1)
            last_thing = noun
        if prev is not None and _restates(doc, prev[1], r):  # '3.54 points, or 0.2 percent,'
            q.role, q.direction, q.measured = prev[0].role, prev[0].direction, prev[0].measured
        else:
            gov = _role(doc, r, anchor, noun, q)
            q.measured = _measured(doc, r, anchor, noun, gov, q)
            if q.measured is not None and q.measured.head in GENERIC:
                if q.thing and q.thing not in GENERIC:
                    q.measured.head = q.thing  # 'bringing the total number to over 40,000' (soldiers)
                else:
                    q.measured = None  # 'its total': taken from a figure beside it (_inherit)
        q.as_of = _as_of(doc, anchor, taken, times)
        prev = (q, r)
    _pairs(doc, found)
    _inherit(found)


def _pairs(doc: Doc, found: list[tuple[Quantity, Reading]]) -> None:
    """Roles read from the figure beside it: the level a change is measured from makes the figure
    before it a level too ('32 percent ..., down from 47 percent'; 'at 18 percent, down two points'),
    and a figure before 'bringing the total to Y' is the increment."""
    for n, (q, r) in enumerate(found):
        if q.role != "unspecified":
            continue
        later = [(p, pr) for p, pr in found[n + 1 :] if pr.sent == r.sent]
        if not later:
            continue
        nxt, nr = later[0]
        gap = [t.lower_ for t in doc[r.end : nr.start]]
        change_next = nxt.role in ("increment", "decrement") and gap in ([","], [",", "down"], [",", "up"])
        level_after = any(p.role == "total" and pr.from_level and p.unit == q.unit for p, pr in later)
        if change_next or level_after:
            q.role = "total"
        elif any(p.role == "total" for p, _ in later) and any(
            w in ("bringing", "brings", "brought") for w in gap
        ):
            _set_change(q, "up")


# --- structure ---------------------------------------------------------------------------


def _anchor(doc: Doc, r: Reading) -> Token:
    """The figure's syntactic head: the last token of the span whose head lies outside it."""
    inside = range(r.num_start, r.end)
    outer = [t for t in doc[r.num_start : r.end] if t.head.i not in inside or t.head.i == t.i]
    return outer[-1] if outer else doc[r.num_end - 1]


def _counted(doc: Doc, r: Reading, anchor: Token) -> Token | None:
    """The noun a figure counts or qualifies: '30,000 soldiers', '20 percent support', '24-point lead'."""
    if (
        anchor.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod", "npadvmod")
        and anchor.head.pos_ in ("NOUN", "PROPN")
        and anchor.head.i >= r.end
        and anchor.head.lower_ not in UNIT_WORDS
    ):
        return anchor.head
    start = r.end + 1 if r.bound == "vague" and r.end < len(doc) and doc[r.end].lower_ == "of" else r.end
    for tok in doc[start : min(start + 3, len(doc))]:  # 'tens of thousands of evolving galaxies'
        if tok.pos_ in ("NOUN", "PROPN") and tok.lower_ not in UNIT_WORDS and tok.ent_type_ != "DATE":
            return tok
        if tok.pos_ not in ("ADJ", "NOUN", "PROPN") and tok.tag_ != "VBG":
            break
    of = _of_object(anchor)
    if of is not None and of.pos_ in ("NOUN", "PROPN", "PRON") and r.unit is None:
        return of
    if anchor.dep_ == "pobj":  # 'bringing the total number to over 40,000'
        for child in anchor.head.head.children:
            if child.dep_ in ("dobj", "nsubj", "nsubjpass") and child.pos_ == "NOUN":
                return child
    return None


def _of_object(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _restates(doc: Doc, before: Reading, r: Reading) -> bool:
    """'..., or 0.2 percent' / '(3.6 degrees Fahrenheit)': the same change in another unit."""
    between = [t.text for t in doc[before.end : r.start]]
    return between in ([",", "or"], ["or"], ["("])


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _direction_of(tok: Token) -> str | None:
    low, lem = tok.lower_, _lemma(tok)
    if tok.pos_ in ("NOUN", "ADP", "ADJ", "ADV") and (low in NOUNS_UP or lem in NOUNS_UP):
        return "up"
    if tok.pos_ in ("NOUN", "ADP", "ADJ", "ADV") and (low in NOUNS_DOWN or lem in NOUNS_DOWN):
        return "down"
    if lem in UP or low in UP:
        return "up"
    if lem in DOWN or low in DOWN:
        return "down"
    return None


def _set_change(q: Quantity, direction: str) -> None:
    q.role = "increment" if direction == "up" else "decrement"
    q.direction = direction  # type: ignore[assignment]


def _role(doc: Doc, r: Reading, anchor: Token, noun: Token | None, q: Quantity) -> Token | None:
    """Set role and direction; return the governing change word or verb when there is one."""
    # 'closed up $16.70', 'down by 30', 'was up 46 cents' (an adverb right before the figure)
    k = r.start - 1
    if k >= 0 and doc[k].lower_ == "by":
        k -= 1
    if k >= 0 and doc[k].lower_ in ("up", "down") and doc[k].dep_ != "prt" and doc[k].pos_ != "VERB":
        _set_change(q, "up" if doc[k].lower_ == "up" else "down")
        return doc[k]
    head = anchor
    if anchor.dep_ in ("nummod", "quantmod", "compound", "amod") and noun is not None and anchor.head == noun:
        head = noun
    if head.dep_ == "pobj":
        prep, gov = head.head, head.head.head
        direction = _direction_of(gov)
        p = prep.lower_
        if direction is not None and p in ("to", "at", "from"):
            q.role = "total"
            r.from_level = p == "from"
            return gov
        if direction is not None and p in ("by", "of"):
            _set_change(q, direction)
            return gov
        if p in ("to", "at") and _lemma(gov) in LEVEL_VERBS:
            q.role = "total"
            return gov
        if p == "of" and _is_number_word(gov) and r.unit is None:
            q.role = "total"  # the whole of a partitive: '44 of the 50 delegates'
            return None
    elif head.dep_ in ("dobj", "npadvmod", "advmod", "obj", "attr", "oprd", "nsubjpass", "conj", "appos"):
        gov = head.head
        direction = _direction_of(gov)
        if direction is not None and gov.pos_ in ("VERB", "AUX", "ADV", "ADP") and head.dep_ != "nsubjpass":
            _set_change(q, direction)
            return gov
    if head.dep_ in ("compound", "amod", "nummod", "nmod") or anchor.head.i >= r.end:
        target = noun if head is noun else anchor.head
        direction = _direction_of(target) if target.pos_ in ("NOUN", "ADP", "ADV") else None
        if direction is not None:  # 'a 500 percent increase', 'a 25% discount', '45% off'
            _set_change(q, direction)
            return target
    if _after_change_from(doc, r):
        q.role = "total"  # '32 percent ..., down from 47 percent'
        return None
    return _window_role(doc, r, anchor, noun, q)


def _after_change_from(doc: Doc, r: Reading) -> bool:
    words = [t.lower_ for t in doc[r.end : min(r.end + 6, len(doc))]]
    words = [w for w in words if w not in (",", "a", "an", "the", "—", "-")]
    for i, w in enumerate(words[:3]):
        if w == "from" and i > 0 and (words[i - 1] in UP | DOWN | NOUNS_UP | NOUNS_DOWN):
            return True
    return False


def _is_number_word(tok: Token) -> bool:
    low = tok.lower_
    return tok.like_num or low in FRACTIONS or word_value(low) is not None or low in ("percent", "%")


def _window_role(doc: Doc, r: Reading, anchor: Token, noun: Token | None, q: Quantity) -> None:
    """Words near the figure: 'additional', 'a thousand more', 'a total of', 'in all'."""
    before = doc[max(r.start - 3, 0) : r.start]
    # a word before the figure qualifies it unless a preposition other than of/to stands between
    # ('a total of 4,769', 'the total to nearly 1000'; not 'divide the total by 52 weeks')
    window = {
        t.lower_
        for t in before
        if not (t.lower_ in ("more", "less") and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "than")
        and not any(b.pos_ == "ADP" and b.lower_ not in ("of", "to") for b in doc[t.i + 1 : r.start])
    }
    after = doc[r.end] if r.end < len(doc) else None
    near_increment = {t.lower_ for t in before if t.head in (anchor, noun) or t.i == r.start - 1}
    if noun is not None:
        window |= {c.lower_ for c in noun.children if c.dep_ in ("amod", "advmod", "compound")}
        near_increment |= {c.lower_ for c in noun.children if c.dep_ in ("amod", "advmod", "compound")}
        window.add(noun.lower_)
    more_after = (
        after is not None
        and after.lower_ == "more"
        and not (r.end + 1 < len(doc) and doc[r.end + 1].lower_ == "than")
    )
    if (
        more_after
        or (near_increment & INCREMENT and noun is not None)
        or near_increment & (INCREMENT - {"more"})
    ):
        _set_change(q, "up")
        return None
    if window & TOTAL or _in_all(doc, r, anchor, noun):
        q.role = "total"
    return None


def _in_all(doc: Doc, r: Reading, anchor: Token, noun: Token | None) -> bool:
    """'In all, 865 delegates', '12,000 troops are in Russia in total'."""
    near = [t.lower_ for t in doc[max(r.start - 4, 0) : r.start]] + [t.lower_ for t in doc[r.end : r.end + 2]]
    if any(near[i : i + 2] in (["in", "all"], ["in", "total"]) for i in range(len(near))):
        return True
    verb = _clause(anchor)
    holder = noun if noun is not None and anchor.head == noun else anchor
    if holder.head != verb:
        return False
    return any(
        c.dep_ == "prep" and c.lower_ == "in" and any(g.lower_ in ("total", "all") for g in c.children)
        for c in verb.children
    )


# --- the measured variable ----------------------------------------------------------------


def _noun_phrase(tok: Token) -> tuple[int, int]:
    """[start, end) of a compact noun phrase: the head with its name, possessor and modifiers on the left,
    and an 'of' complement when the head is generic ('the number of polling places', 'price of gold')."""
    left = tok.i
    for child in tok.lefts:
        if child.dep_ in ("compound", "poss", "amod", "nmod", "npadvmod", "nummod") and child.i < left:
            left = min(left, child.left_edge.i)
    right = tok.i + 1
    of = _of_object(tok)
    if of is not None and (
        _lemma(tok) in GENERIC or _lemma(tok) in ("price", "value", "cost", "share", "rate", "yield")
    ):
        right = of.i + 1
    return left, right


def _measured(
    doc: Doc, r: Reading, anchor: Token, noun: Token | None, gov: Token | None, q: Quantity
) -> Measured | None:
    if (
        q.unit in CURRENCIES
        and anchor.dep_ == "pobj"
        and anchor.head.lower_ == "for"
        and anchor.head.head.pos_ == "VERB"
    ):
        obj = _object_of(anchor.head.head)  # 'offers the MacBook for $700': a price
        text = f"price of {obj.text}" if obj is not None else "price"
        return Measured(text=text, head="price", span=None)
    head = _measure_head(doc, r, anchor, noun, gov, q)
    if head is None:
        return None
    if head.i in range(r.start, r.end):
        return None
    if head.pos_ in ("VERB", "AUX"):  # '$21 million' raised by the campaign: 'Sanders' campaign raised'
        subj = _subject(head)
        left = _noun_phrase(subj)[0] if subj is not None else head.i
        span = char_span(doc, left, head.i + 1) if left <= head.i else char_span(doc, head.i, head.i + 1)
        return Measured(text=span.text, head=_lemma(head), span=span)
    if head.pos_ in ("ADJ", "ADV") and head.lower_ in DIMENSIONS:  # '16 feet long': length
        subj = _subject(_clause(head))
        text = f"{DIMENSIONS[head.lower_]} of {subj.text}" if subj is not None else DIMENSIONS[head.lower_]
        return Measured(text=text, head=DIMENSIONS[head.lower_], span=None)
    complement = _complement(anchor, r)
    change_word = _lemma(head) in NOUNS_UP | NOUNS_DOWN and (complement is None or complement.i != head.i)
    if head.pos_ == "PRON" or change_word or _lemma(head) == "other":
        return None  # 'a drop from 76 percent': the measure is elsewhere (see _inherit)
    a, b = _noun_phrase(head)
    outside = b <= r.start or a >= r.end
    span = char_span(doc, a, b) if outside else char_span(doc, head.i, head.i + 1)
    h = head
    if _lemma(head) in GENERIC and (of := _of_object(head)) is not None:
        h = of
    return Measured(text=span.text, head=_lemma(h), span=span)


def _inherit(found: list[tuple[Quantity, Reading]]) -> None:
    """Ellipsis: '83% of voters under 30 in Pennsylvania, 74% in Indiana', '49% to 41%', 'X, up from Y'.
    A figure without a measured variable takes that of the nearest figure of its sentence in the same
    unit (the one before, else the one after)."""
    for n, (q, r) in enumerate(found):
        if q.measured is not None:
            continue
        sent = r.sent
        before = [p for p, pr in found[:n][::-1] if pr.sent == sent and p.unit == q.unit and p.measured]
        after = [p for p, pr in found[n + 1 :] if pr.sent == sent and p.unit == q.unit and p.measured]
        source = (before or after or [None])[0]
        if source is not None:
            q.measured = source.measured
        elif r.fallback is not None:
            span = char_span(r.fallback.doc, *_noun_phrase(r.fallback))
            q.measured = Measured(text=span.text, head=_lemma(r.fallback), span=span)


def _from_figure(adverb: Token) -> bool:
    """'up from 37 percent': 'from' followed by a figure (not 'down two points from March')."""
    for c in adverb.children:
        if c.lower_ == "from":
            return any(
                _is_number_word(g) or g.ent_type_ in ("PERCENT", "MONEY", "CARDINAL") for g in c.subtree
            )
    return False


def _object_of(verb: Token) -> Token | None:
    return next(
        (c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN")), None
    )


def doc_span(anchor: Token, r: Reading) -> list[Token]:
    return list(anchor.doc[r.num_start : r.end])


def _complement(anchor: Token, r: Reading) -> Token | None:
    """'$1.3 trillion in student debt', 'revenue of $27.53 billion', 'a range of up to 4km'."""
    preps = [c for t in doc_span(anchor, r) for c in t.children]
    doc = anchor.doc
    if r.end < len(doc) and doc[r.end].lower_ == "in" and r.unit in CURRENCIES:
        preps.append(doc[r.end])  # '$660 billion in tax increases', however the parser attached 'in'
    for child in preps:
        if child.dep_ == "prep" and child.lower_ == "in" and child.i >= r.end:
            obj = next((g for g in child.children if g.dep_ == "pobj" and g.pos_ == "NOUN"), None)
            if obj is not None and obj.ent_type_ not in ("DATE", "GPE", "LOC"):
                return obj
    if anchor.dep_ == "pobj" and anchor.head.lower_ == "of" and anchor.head.head.pos_ == "NOUN":
        owner = anchor.head.head
        if (
            owner.i < r.start
            and not _is_number_word(owner)
            and _lemma(owner) not in NOUNS_UP | NOUNS_DOWN | GENERIC
        ):
            return owner
    return None


def _measure_head(
    doc: Doc, r: Reading, anchor: Token, noun: Token | None, gov: Token | None, q: Quantity
) -> Token | None:
    complement = _complement(anchor, r)
    if complement is not None:
        return complement
    name = next((c for c in anchor.lefts if c.dep_ in ("nmod", "compound") and c.i < r.start), None)
    if name is not None and name.pos_ == "PROPN":
        return name  # 'lift the technology-heavy Nasdaq 1.2 percent'
    # a change or a level: what changed is the subject, or the object of a transitive verb
    if gov is not None and q.role in ("increment", "decrement", "total"):
        if noun is not None and noun.pos_ == "NOUN" and r.unit is None:
            return noun  # 'lost 350,000 jobs'
        verb = gov
        if verb.lower_ in ("up", "down") or verb.pos_ in ("ADV", "ADP"):
            if _from_figure(verb):
                r.fallback = _subject(verb.head)  # 'X, up from Y': Y measures what X measures
                return None
            verb = verb.head
        if verb.pos_ == "NOUN":
            owner = _of_object(verb)
            if owner is not None and owner.i not in range(r.start, r.end):
                return owner
            return None
        prior = verb.head if verb.dep_ == "conj" and _direction_of(verb.head) is not None else None
        for v in (verb, prior):  # 'would depress revenue ..., but would eventually add $84 billion'
            if v is None:
                continue
            obj = next((c for c in v.children if c.dep_ == "dobj" and not _is_number_word(c)), None)
            if obj is not None and obj.pos_ in ("NOUN", "PROPN") and obj.i not in range(r.start, r.end):
                return obj
        return _subject(verb)
    # a share of a group: '72 percent of Democrats', '4 in 10 Republican voters', 'half of voters'
    of = _of_object(anchor)
    if of is not None and of.pos_ in ("NOUN", "PROPN") and of.i >= r.end:
        return of
    if noun is not None and noun.lemma_.lower() not in GENERIC:
        return noun
    if noun is not None:
        return _of_object(noun) or noun
    owner = next((c for c in anchor.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN")), None)
    if owner is not None:
        return owner  # "Utah's 11 percent undecided", "Clinton's 42.1 percent"
    if anchor.head.lower_ == "worth" and anchor.head.head.pos_ == "NOUN":
        return anchor.head.head  # 'a deal worth $600 million'
    if anchor.dep_ == "pobj" and anchor.head.head.lower_ == "worth" and anchor.head.head.head.pos_ == "NOUN":
        return anchor.head.head.head
    after = doc[r.end] if r.end < len(doc) else None
    if after is not None and after.lower_ in DIMENSIONS:
        return after
    # a level stated with a copula or 'at': 'Turnout was 64%', "Trump's wealth at $6.5 billion"
    head = anchor.head
    if anchor.dep_ in ("attr", "acomp") and head.lemma_ == "be":
        return _subject(head)
    if anchor.dep_ == "pobj" and head.lower_ == "at" and head.head.lemma_ == "be":
        return _subject(head.head)  # 'Kasich was at 18 percent'
    if anchor.dep_ == "pobj" and head.lower_ == "at" and head.head.pos_ in ("NOUN", "VERB"):
        return head.head
    if anchor.dep_ in ("dobj", "nsubjpass", "nsubj") and head.pos_ == "VERB" and q.unit in CURRENCIES:
        return head  # '$20 million has been spent', 'raised $38 million'
    if anchor.dep_ == "nsubj" and head.pos_ in ("VERB", "AUX") and q.unit == "percent":
        obj = _object_of(head)
        return obj if obj is not None or head.lemma_ == "be" else head  # '14 percent had a negative opinion'
    if anchor.dep_ in ("nsubj", "nsubjpass") and head.pos_ == "VERB" and q.unit is None:
        return head  # '84 were killed'
    if anchor.dep_ in ("dobj", "npadvmod") and head.pos_ == "VERB" and q.unit in MEASURE_UNITS:
        return head  # 'traveled more than 1,200 miles'
    if anchor.dep_ == "pobj" and head.lower_ == "for" and head.head.pos_ == "NOUN":
        return head.head  # 'a budget request for $22.6bn'
    if anchor.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_ in GENERIC:
        total = head.head  # 'donated a total of $5,000'
        if total.dep_ == "dobj" and total.head.pos_ == "VERB":
            return total.head
    return None


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or that of the verb it continues ('... and was up 46 cents to settle at')."""
    tok = verb
    for _ in range(3):
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ != "PRON":
                return child
        if tok.dep_ not in ("conj", "xcomp", "advcl") or tok.head == tok:
            return None
        tok = tok.head
    return None


# --- as-of dates -----------------------------------------------------------------------------


def _as_of(doc: Doc, anchor: Token, taken: set[int], times: list[tuple[int, int, int, int]]) -> AsOf | None:
    """The nearest time expression in the figure's clause ('in 2014', 'by the end of June', 'last
    month', 'now'); not ages ('ages 16 to 24'), frequencies ('annually') or bare numbers."""
    clause = _clause(anchor)
    best = None
    sent = anchor.sent.start
    for start, end, t_sent, t_clause in times:
        if t_sent != sent or t_clause != clause.i or any(i in taken for i in range(start, end)):
            continue
        dist = min(abs(start - anchor.i), abs(end - 1 - anchor.i))
        if best is None or dist < best[0]:
            best = (dist, start, end)
    if best is None:
        return None
    _dist, start, end = best
    text = doc[start:end].text
    if start > 0 and doc[start - 1].lower_ in _DATE_PREPS:
        start -= 1
        if start > 0 and doc[start].lower_ == "of" and doc[start - 1].lower_ == "as":
            start -= 1
    span = char_span(doc, start, end)
    return AsOf(text=span.text, span=span, date=_iso(text))


def _time_expressions(doc: Doc, sentences: list) -> list[tuple[int, int, int, int]]:
    """(start, end, sentence start, clause head) of the time expressions in the given sentences:
    DATE entities that name a time, and time adverbs ('now', 'currently', 'so far')."""
    spans = []
    ents = list(doc.ents)  # once: a sentence's .ents rebuilds the whole document's entities
    starts = [e.start for e in ents]
    for sent in sentences:
        lo, hi = bisect.bisect_left(starts, sent.start), bisect.bisect_left(starts, sent.end)
        for ent in (e for e in ents[lo:hi] if e.end <= sent.end):
            words = {t.lower_ for t in ent}
            if ent.label_ != "DATE" or words & NOT_TIMES:
                continue
            if words & TIME_WORDS or any(re.fullmatch(r"(1[89]|20)\d\d|\d{1,2}", t.text) for t in ent):
                spans.append((ent.start, ent.end, sent.start))
        words = [t.lower_ for t in sent]
        for k, w in enumerate(words):
            i = sent.start + k
            if w in TIME_ADVERBS and not doc[i].ent_type_:
                spans.append((i, i + 1, sent.start))
            if w in _PAIR_FIRSTS and k + 1 < len(words) and f"{w} {words[k + 1]}" in TIME_ADVERBS:
                spans.append((i, i + 2, sent.start))
    return [(a, b, st, _clause(doc[a:b].root).i) for a, b, st in spans]


def _clause(tok: Token) -> Token:
    """The verb heading a token's clause (or the sentence root)."""
    t = tok
    while t.head != t and not (
        t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "ccomp", "advcl", "conj", "relcl", "xcomp")
    ):
        t = t.head
    return t


def _iso(text: str) -> str | None:
    clean = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip().removeprefix("the ").strip())
    for fmt in _DATE_FORMATS:
        try:
            dt = datetime.strptime(clean, fmt)
        except ValueError:
            continue
        if fmt == "%Y":
            return f"{dt.year:04d}"
        if "%d" not in fmt:
            return f"{dt.year:04d}-{dt.month:02d}"
        return dt.date().isoformat()
    m = re.search(r"\b(1[89]\d\d|20\d\d)\b", text)
    return m.group(1) if m and not re.search(r"\d0s\b", text) else None
