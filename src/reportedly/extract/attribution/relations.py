"""Denials, non-confirmations and intermediaries (word lists in data/relations.json).

- Denials with content of their own: "X rejected claims that Y", "dismissed reports that Y",
  "denied taking Y" -> an attribution of Y to X read as a denial (negative polarity, like
  "X denied that Y"). Denials that point back ("denies the accusation") are confirmations of kind
  "denial" on the earlier claim (claims._confirmation).
- Non-confirmations: "could not (independently) confirm/verify", "declined to confirm", "has not
  been independently verified", "would not comment", "did not respond to a request for comment":
  never a confirmation.
- Intermediaries: "X told Reuters", "said in an interview with AFP", "speaking to CNN": the outlet
  the source spoke to, a link of its own in the chain (outlet <- Reuters <- X).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from reportedly.extract.attribution.sources import make_source
from reportedly.extract.entities import EntityIndex, normalise_name
from reportedly.extract.lemma_index import tokens_with_lemma
from reportedly.extract.spans import char_span, trim
from reportedly.schema import Source, Span


@lru_cache(maxsize=1)
def words() -> dict:
    """The word lists of data/relations.json (sets, and the intermediary table as a dict)."""
    data = json.loads(resources.files("reportedly.data").joinpath("relations.json").read_text("utf-8"))
    return {k: (set(v) if isinstance(v, list) else v) for k, v in data.items() if not k.startswith("_")}


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


# ---------------------------------------------------------------- denials


def _denial_source(verb: Token) -> Token | None:
    node = verb
    for _ in range(3):
        subj = next((c for c in node.children if c.dep_ in ("nsubj", "csubj")), None)
        if subj is not None:
            return subj
        if node.dep_ in ("conj", "advcl", "xcomp") and node.head.i != node.i:
            node = node.head
            continue
        break
    return None


def denial_frames(doc: Doc) -> list[tuple[Token, list[int], Token]]:
    """(denying verb, cue tokens, content head) for "rejected claims that Y" and "denied taking Y"."""
    w = words()
    out = []
    for i in tokens_with_lemma(doc, w["denial_verbs"]):
        verb = doc[i]
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        for obj in verb.children:
            if obj.dep_ not in ("dobj", "xcomp", "ccomp", "pcomp") or obj.i < verb.i:
                continue
            if obj.lemma_.lower() in w["denied_nouns"]:
                clause = next(
                    (
                        c
                        for c in obj.children
                        if c.dep_ in ("acl", "ccomp", "relcl")
                        and any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children)
                    ),
                    None,
                )
                if clause is not None:
                    out.append((verb, list(range(verb.i, obj.i + 1)), clause))
            elif obj.tag_ == "VBG" and verb.lemma_.lower() == "deny":
                out.append((verb, [verb.i], obj))
    return out


def denial_content(doc: Doc, head: Token) -> tuple[int, int]:
    """Token range of a denial's content: the clause without its "that"."""
    start, end = head.left_edge.i, head.right_edge.i + 1
    while start < end and (doc[start].lower_ == "that" or doc[start].is_punct):
        start += 1
    return trim(doc, start, end, keep_quotes=True)


# ---------------------------------------------------------------- non-confirmations


_CONDITIONS = {"if", "unless", "because", "when", "whether", "until", "once", "since"}


def _points_back(target: Token) -> bool:
    from reportedly.extract.attribution.denials import is_anaphoric  # denials build on this module

    if target.pos_ == "PRON" or target.lower_ in ("which", "that"):
        return True  # "a claim that could not be verified", "which could not be confirmed"
    if target.lemma_.lower() in words()["pointing_nouns"] and any(c.dep_ == "poss" for c in target.children):
        return True  # "the group's claim", "his account"
    return is_anaphoric(target)


def non_confirmation_cue(tok: Token) -> list[int] | None:
    """Token indices of the cue if `tok` is a confirming or commenting verb that is negated or
    declined ("could not confirm", "declined to comment", "not possible to verify", "has not been
    independently verified", "did not respond to a request for comment"); else None."""
    w = words()
    lemma = tok.lemma_.lower()
    commenting = lemma in w["comment_verbs"]
    if lemma not in w["confirm_verbs"] and not commenting:
        return None
    if (
        commenting
        and lemma != "comment"
        and not any(t.lower_ in ("comment", "comments") for t in tok.subtree)
    ):
        return None  # "respond to a request for comment", not any "respond"
    if tok.dep_ == "amod" or any(c.dep_ == "mark" and c.lower_ in _CONDITIONS for c in tok.children):
        return None  # "voters are removed if they did not confirm their address"
    target = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if target is not None and not _points_back(target):
        return None  # "US pricing has not been confirmed": a fact about something new, not a claim
    if _negated(tok):
        aux = [c.i for c in tok.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < tok.i]
        return [*aux, tok.i] if aux else [tok.i]
    head = tok.head
    if tok.dep_ == "xcomp" and head.i != tok.i:
        hl = head.lemma_.lower()
        if hl in w["refusing_heads"] and not _negated(head):
            return list(range(head.i, tok.i + 1))
        if hl in w["negated_able_heads"] and _negated(head):
            return list(range(min(c.i for c in head.children if c.dep_ == "neg"), tok.i + 1))
        # "It was not possible to verify": the negation sits on the copula
        if (
            head.pos_ in ("ADJ",)
            and head.dep_ == "acomp"
            and hl in w["negated_able_heads"]
            and _negated(head.head)
        ):
            return list(range(head.head.i, tok.i + 1))
    if tok.dep_ in ("xcomp", "ccomp") and head.lemma_.lower() in ("be",) and _negated(head):
        return list(range(head.i, tok.i + 1))
    if tok.dep_ == "acl" and head.lemma_.lower() in ("way",) and any(c.lower_ == "no" for c in head.children):
        return list(range(head.i, tok.i + 1))  # "there was no way to verify"
    return None


def non_confirmation_source(doc: Doc, tok: Token, entities: EntityIndex) -> Source:
    """Who fails to confirm: the subject of the verb or of the verb it hangs from; the author
    for agentless passives and "it was not possible to verify"."""
    node = tok
    for _ in range(3):
        subj = next((c for c in node.children if c.dep_ in ("nsubj",)), None)
        agent = next((c for c in node.children if c.dep_ == "agent"), None)
        if agent is not None:
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                subj = pobj
        if subj is not None and subj.lower_ not in ("it", "there"):
            src = make_source(doc, subj.left_edge.i, subj.right_edge.i + 1, entities)
            if src is not None:
                return src
        if subj is not None or any(c.dep_ == "nsubjpass" for c in node.children):
            break
        if node.head.i == node.i:
            break
        node = node.head
    return Source(name="author", kind="author")


def find_non_confirmations(
    doc: Doc, sent: SpacySpan, entities: EntityIndex, quoted: set[int] = frozenset()
) -> list[tuple[list[int], Source]]:
    """The non-confirmations in `sent` outside quotations (`quoted` token indices; "'We will not
    comment,' she said" is what she says): (cue token indices, source)."""
    out = []
    taken: set[int] = set()
    for tok in sent:
        if tok.i in taken or tok.i in quoted:
            continue
        cue = non_confirmation_cue(tok)
        if cue:
            taken.update(cue)
            out.append((cue, non_confirmation_source(doc, tok, entities)))
    return out


# ---------------------------------------------------------------- intermediaries


def is_outlet(doc: Doc, start: int, end: int) -> bool:
    """A news outlet's name: one the word list knows, or a proper name ending in an outlet word
    ("the Des Moines Register", "Fast Company" only if listed)."""
    w = words()
    toks = [t for t in doc[start:end] if not t.is_punct and t.lower_ not in ("'s", "’s")]
    if not toks:
        return False
    name = " ".join(t.lower_ for t in toks)
    bare = name[4:] if name.startswith("the ") else name
    named = all(t.text[:1].isupper() or t.lower_ == "the" or not t.is_alpha for t in toks)
    if named and (name in w["outlets"] or bare in w["outlets"]):  # not "this week", "today"
        return True
    propn = [t for t in toks if t.pos_ == "PROPN"]
    return bool(propn) and len(propn) >= len(toks) - 1 and toks[-1].lower_ in w["outlet_words"]


def _outlet_in(doc: Doc, node: Token) -> tuple[int, int] | None:
    """Token range of the outlet a phrase names: the phrase itself ("Reuters", "The New York Times"),
    its possessor ("Fox News's Sean Hannity") or its compound ("a BBC interviewer")."""
    compounds = [c for c in node.children if c.dep_ == "compound"]
    kind = node.lemma_.lower() in words()["outlet_kinds"]
    if compounds and kind and all(c.pos_ == "PROPN" for c in compounds):
        return min(c.left_edge.i for c in compounds), max(c.i for c in compounds) + 1  # "the Sun tabloid"
    lo = min([node.i] + [c.left_edge.i for c in compounds])
    det = [c for c in node.children if c.dep_ == "det" and c.i < lo]
    if det:
        lo = det[0].i
    if is_outlet(doc, lo, node.i + 1):
        return lo, node.i + 1
    for c in node.children:
        if c.dep_ == "poss" and is_outlet(doc, c.left_edge.i, c.i + 1):
            return c.left_edge.i, c.i + 1
        if c.dep_ == "prep" and c.lower_ == "of":  # "Bill O'Reilly of Fox News"
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None and is_outlet(doc, pobj.left_edge.i, pobj.i + 1):
                return pobj.left_edge.i, pobj.i + 1
    if compounds:
        a, b = min(c.left_edge.i for c in compounds), max(c.i for c in compounds) + 1
        if is_outlet(doc, a, b):
            return a, b
    return None


def _through(doc: Doc, head: Token) -> tuple[list[int], tuple[int, int]] | None:
    """(cue tokens, outlet range) if `head` reaches an outlet as the one spoken to."""
    table = words()["intermediary_verbs"]
    deps = table.get(head.lemma_.lower())
    if not deps:
        return None
    for c in head.children:
        if c.i < head.i and head.pos_ in ("VERB", "AUX"):
            continue
        if c.dep_ in deps and c.dep_ in ("dobj", "dative", "npadvmod"):  # "told USA Today" (npadvmod)
            found = _outlet_in(doc, c)
            if found:
                return [head.i], found
        if c.dep_ == "prep" and c.lower_ in deps:
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None and (found := _outlet_in(doc, pobj)):
                return [head.i, c.i], found
    return None


def intermediary(doc: Doc, cue: Token, content: list[tuple[int, int]]) -> tuple[Span, tuple[int, int]] | None:
    """The outlet a source spoke to, from the cue verb's own frame ("told Reuters", "said in an
    interview with AFP", "said to CNN", "speaking to the BBC,"): (cue span, outlet token range)."""

    def inside(char: int) -> bool:
        return any(c0 <= char < c1 for c0, c1 in content)

    candidates = [cue]
    for c in cue.children:  # "in an interview with", ", speaking to CNN,"
        if c.dep_ == "prep":
            candidates.extend(g for g in c.children if g.dep_ == "pobj")
        if c.dep_ in ("advcl", "conj") and c.tag_ == "VBG":
            candidates.append(c)
    subj = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    if subj is not None:  # "Trump, speaking to veterans, said"
        candidates.extend(c for c in subj.children if c.dep_ in ("acl", "advcl") and c.tag_ == "VBG")
    for node in candidates:
        if inside(node.idx):
            continue
        found = _through(doc, node)
        if found is None:
            continue
        cue_toks, (lo, hi) = found
        if any(inside(doc[i].idx) for i in range(lo, hi)):
            continue
        a, b = min(cue_toks), max(cue_toks) + 1
        if node is not cue and node.dep_ == "pobj":  # "in an interview with": the whole phrase
            a = min(a, node.head.i)
        return char_span(doc, a, b), (lo, hi)
    return _relayed(doc, cue, subj, inside)


def _relayed(
    doc: Doc, cue: Token, subj: Token | None, inside: Callable[[int], bool]
) -> tuple[Span, tuple[int, int]] | None:
    """The outlet that passed the words on: "X said, via the Los Angeles Times", "X, per CNN,
    said", "said one expert, as reported by the Independent": (cue span, outlet token range)."""
    w = words()
    for head in [cue] + ([subj] if subj is not None else []):
        for c in head.children:
            if inside(c.idx):
                continue
            pobj, first = None, c
            if c.dep_ == "prep" and c.lower_ in w["relay_preps"]:
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            elif c.dep_ == "advcl" and c.lemma_.lower() in w["relay_verbs"]:
                mark = next((g for g in c.children if g.dep_ == "mark" and g.lower_ == "as"), None)
                agent = next((g for g in c.children if g.dep_ == "agent"), None)
                if mark is not None and agent is not None:
                    first = mark
                    pobj = next((g for g in agent.children if g.dep_ == "pobj"), None)
            found = _outlet_in(doc, pobj) if pobj is not None else None
            if found is not None and not any(inside(doc[i].idx) for i in range(*found)):
                return char_span(doc, first.i, max(first.i, pobj.head.i) + 1), found
    return None


def outlet_source(doc: Doc, lo: int, hi: int, entities: EntityIndex) -> Source | None:
    src = make_source(doc, lo, hi, entities)
    if src is None:
        return None
    return src.model_copy(update={"kind": "named", "name": src.name or normalise_name(doc[lo:hi].text)})


def report_frames(doc: Doc) -> list[tuple[Token, tuple[int, int], Token]]:
    """(report noun, outlet range, that-clause head) for "a New York Times report that Y" and
    "the Post's story that Y"."""
    out = []
    for i in tokens_with_lemma(doc, words()["report_nouns"]):
        noun = doc[i]
        if noun.pos_ != "NOUN":
            continue
        clause = next(
            (
                c
                for c in noun.children
                if c.dep_ in ("acl", "ccomp")
                and any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children)
            ),
            None,
        )
        outlet = _outlet_in(doc, noun) if clause is not None else None
        if outlet is not None and outlet[1] <= noun.i:
            out.append((noun, outlet, clause))
    return out


def report_outlet(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """'a New York Times report', 'a new Fast Company report', 'the Post's story': the outlet
    behind a report named as a source, as a token range."""
    span = doc[start:end]
    head = span.root
    if head.lemma_.lower() not in words()["report_nouns"]:
        return None
    return _outlet_in(doc, head)
