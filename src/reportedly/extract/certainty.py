"""Certainty of a claim, after FactBank's event factuality: CT (certain), PR (probable),
PS (possible), Uu (uncommitted), each with polarity. The least certain cue in the claim's own
clause, or in the cue that introduces it, sets the level; a hedge in a coordinated or embedded
clause stays there. Approximators are listed but leave the level alone (they make a number
imprecise, not an event doubtful). Cue lists: lexicon and data/certainty_cues.json."""

from __future__ import annotations

import bisect
from functools import lru_cache

from spacy.tokens import Doc, Token

from reportedly.extract import lexicon
from reportedly.extract.lemma_index import token_kinds, tokens_with
from reportedly.extract.spans import char_span, doc_text, token_chars
from reportedly.schema import Certainty, Cue

_FACTBANK = {"asserted": "CT", "probable": "PR", "possible": "PS"}
_NOT_NEGATION_NEXT = {"only", "just", "merely", "simply", "least"}
_CLAUSE_DEPS = {"ROOT", "ccomp", "conj", "advcl", "relcl", "csubj", "csubjpass", "parataxis", "acl", "pcomp"}
_CONDITIONAL_MARKS = {"if", "unless"}


def _cue(doc: Doc, token: Token, kind: str, level: str | None, width: int = 1) -> Cue:
    return Cue(span=char_span(doc, token.i, token.i + width), kind=kind, level=level)


def clause_head(tok: Token) -> Token:
    """The predicate heading the clause `tok` sits in (xcomp chains stay in their clause)."""
    while tok.head.i != tok.i:
        if tok.dep_ in _CLAUSE_DEPS and (tok.dep_ != "conj" or tok.pos_ in ("VERB", "AUX")):
            break
        tok = tok.head
    return tok


def main_predicate(doc: Doc, start: int, end: int, skip: set[int] = frozenset()) -> int | None:
    """The token of [start, end) heading it (its head lies outside), a verb where there is one."""
    heads, junk, verbal = token_kinds(doc)
    tops = [
        i
        for i in range(*slice(start, end).indices(len(doc)))
        if i not in skip and not (start <= heads[i] < end and heads[i] != i) and not junk[i]
    ]
    verbs = [i for i in tops if verbal[i]]
    best = verbs or tops
    return best[0] if best else None


def event_token(doc: Doc, predicate: int) -> int:
    """The event a predicate asserts: past raising and failure verbs to their complement ("is
    believed to live", "seems to collapse", "failed to sign" -> live, collapse, sign)."""
    table = lexicon.certainty_cues()
    through = table["passive_raising"].keys() | lexicon.RAISING_LEVEL.keys() | table["failure_verbs"]
    tok = doc[predicate]
    while tok.lemma_.lower() in through:
        nxt = next((c for c in tok.children if c.dep_ == "xcomp"), None)
        if nxt is None:
            break
        tok = nxt
    return tok.i


def _in_scope(tok: Token, scope: Token) -> bool:
    """Does the cue `tok` bear on the clause headed by `scope`? Its own clause does; so does a
    conditional ("if" / "unless") clause attached to it."""
    head = clause_head(tok)
    if head.i == scope.i:
        return True
    return (
        tok.lower_ in _CONDITIONAL_MARKS
        and tok.dep_ == "mark"
        and head.dep_ == "advcl"
        and clause_head(head.head).i == scope.i
        and not _rhetorical_frame(scope)
    )


def _rhetorical_frame(verb: Token) -> bool:
    """ "(if we look closer,) we can see that Y": the author's perception frame around a clause."""
    frames = lexicon.certainty_cues()["rhetorical_frames"]
    return (
        verb.lemma_.lower() in frames["verbs"]
        and any(c.dep_ == "nsubj" and c.lower_ in frames["subjects"] for c in verb.children)
        and any(c.dep_ == "ccomp" for c in verb.children)
    )


def _reported_future(tok: Token) -> bool:
    """ "she said she would testify": future in the past inside reported speech, not a hedge."""
    clause = clause_head(tok.head)
    speech = clause.head
    if clause.dep_ != "ccomp" or speech.tag_ not in lexicon.certainty_cues()["reported_speech_tags"]:
        return False
    if speech.lemma_.lower() not in lexicon.SPEECH_VERBS | lexicon.COGNITION_VERBS:
        return False
    return not any(
        m.lower_ in _CONDITIONAL_MARKS for c in clause.subtree for m in c.children if m.dep_ == "mark"
    )


def _child_deps(tok: Token) -> set[str]:
    """Dependency labels of a token's children (read only where a cue word needs them: spaCy walks
    the sentence to list a token's children)."""
    return {c.dep_ for c in tok.children}


def _plain(low: str) -> str:
    """A lower-cased token with typographic apostrophes made plain ("n’t" -> "n't")."""
    return low.replace("\u2019", "'")


def _subjects(tok: Token) -> set[str]:
    return {_plain(c.lower_) for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")}


def _first_person_belief(verb: Token) -> bool:
    """ "I think / we believe / I felt like Y": a first-person belief verb with a clause of its own."""
    frame = lexicon.certainty_cues()["first_person_belief"]
    inability = lexicon.certainty_cues()["negated_ability_modals"]["modals"]
    if any(c.dep_ == "aux" and c.lower_ in inability for c in verb.children):
        return False  # "I couldn't believe what I was hearing": astonishment, not a belief
    return bool(_subjects(verb) & set(frame["subjects"])) and "ccomp" in _child_deps(verb)


def _exhortation(verb: Token) -> bool:
    """ "Let's see if ...", "Let us hope ...": the imperative 'let' with a first-person plural."""
    subjects = {_plain(s) for s in lexicon.certainty_cues()["exhortations"]["subjects"]}
    after = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    return verb.dep_ == "ROOT" and after is not None and _plain(after.lower_) in subjects


def _not_a_condition(doc: Doc, tok: Token) -> bool:
    """An 'if' that sets no condition on its clause: "even if", "especially if", "if anything"."""
    table = lexicon.certainty_cues()["non_conditional_if"]
    before = doc[tok.i - 1].lower_ if tok.i > 0 else ""
    nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else ""
    return before in table["before"] or f"if {nxt}" in table["idioms"]


def _not_a_hedge(tok: Token, low: str) -> bool:
    """Modals that leave a statement's level alone: deontic "should" and hypothetical "would"
    (a real condition hedges through its "if"), and a negated "could" / "can" (an inability)."""
    table = lexicon.certainty_cues()
    if low in table["statement_modals"]["modals"]:
        return True
    return low in table["negated_ability_modals"]["modals"] and any(
        is_negation(tok.doc, c) for c in tok.head.children if c.dep_ == "neg"
    )


def _agentless_view(verb: Token) -> bool:
    """ "X has been seen as Y" with no one named seeing it."""
    kids = _child_deps(verb)
    as_phrase = any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children)
    return "auxpass" in kids and "agent" not in kids and as_phrase


def _special_cue(doc: Doc, tok: Token, low: str, lemma: str) -> Cue | bool | None:
    """Cues read from data/certainty_cues.json; False when the token is known not to be a cue."""
    table = lexicon.certainty_cues()
    if low in ("would", "'d") and tok.tag_ == "MD" and _reported_future(tok):
        return False
    raising = tok.pos_ == "VERB" and tok.tag_ == "VBN" and lemma in table["passive_raising"]
    if raising and "auxpass" in (kids := _child_deps(tok)) and ("xcomp" in kids or "ccomp" in kids):
        return _cue(doc, tok, "verb", table["passive_raising"][lemma])  # "is believed to"
    views = table["passive_views"]["verbs"]
    if lemma in views and tok.tag_ == "VBN" and _agentless_view(tok):
        return _cue(doc, tok, "verb", views[lemma])  # "has been seen as weakening": hearsay
    if low in table["open_question_marks"] and tok.dep_ == "mark":
        return _cue(doc, tok, "question", "uncertain")
    if lemma in table["non_confirmation_verbs"] and tok.pos_ == "VERB" and "neg" in _child_deps(tok):
        return _cue(doc, tok, "non_confirmation", "uncertain")  # "could not confirm"
    if lemma in table["failure_verbs"] and tok.pos_ == "VERB" and "xcomp" in _child_deps(tok):
        return _cue(doc, tok, "negation", None)  # "failed to sign": did not sign
    if low == "without" and any(c.lemma_.lower() in table["evidence_nouns"] for c in tok.children):
        return _cue(doc, tok, "source_hedge", "possible", 2 if tok.i + 2 <= len(doc) else 1)
    if lemma in table["first_person_belief"]["verbs"] and tok.pos_ == "VERB" and _first_person_belief(tok):
        return _cue(doc, tok, "verb", table["first_person_belief"]["verbs"][lemma])  # "I think that Y"
    if lemma in table["exhortations"]["verbs"] and tok.tag_ == "VB" and _exhortation(tok):
        return _cue(doc, tok, "question", "uncertain")  # "Let's see if ...": asked of the reader
    if low == "if" and tok.dep_ == "mark" and _not_a_condition(doc, tok):
        return False  # "even if", "especially if", "If anything, ..."
    if tok.tag_ == "MD" and _not_a_hedge(tok, low):
        return False  # "should be disciplined", "It would keep him off-balance", "couldn't wrap up"
    if _plain(low) in lexicon.NEGATIONS and tok.i + 1 < len(doc):
        weakened = table["weakened_negation"].get(doc[tok.i + 1].lower_)
        if weakened and tok.dep_ == "neg":  # "not necessarily": not a full negation
            return _cue(doc, tok, "adverb", weakened, 2)
    return None


@lru_cache(maxsize=1)
def _cue_words() -> tuple[frozenset[str], frozenset[str]]:
    """(lower-case forms, lemmas) some cue test in _token_cue and _special_cue asks for: a token
    that is neither, nor a modal (tag MD), is no cue, and most tokens are passed over with it."""
    table = lexicon.certainty_cues()
    forms = {"would", "'d", "without", "if", *table["open_question_marks"], *lexicon.NEGATIONS}
    forms |= lexicon.MODAL_LEVEL.keys() | lexicon.ADVERB_LEVEL.keys() | lexicon.ADJECTIVE_LEVEL.keys()
    forms |= set(lexicon.APPROXIMATORS) | set(table["negative_arguments"]["words"])
    forms |= {f.replace("'", "\u2019") for f in forms}  # typographic apostrophes ("n’t")
    lemmas = {*table["passive_raising"], *table["non_confirmation_verbs"], *table["failure_verbs"]}
    lemmas |= lexicon.VERB_LEVEL.keys() | lexicon.RAISING_LEVEL.keys() | lexicon.DENY_VERBS
    lemmas |= {*table["passive_views"]["verbs"], *table["first_person_belief"]["verbs"]}
    lemmas |= {*table["exhortations"]["verbs"], *table["source_view_speech_verbs"]["verbs"]}
    return frozenset(forms), frozenset(lemmas)


_CANDIDATES_KEY = "reportedly.certainty_candidates"


def _cue_candidates(doc: Doc) -> list[int]:
    """The doc's tokens that token_cues reads (a cue form or lemma, or a modal), in order, found
    once per doc."""
    forms, lemmas = _cue_words()
    got = doc.user_data.get(_CANDIDATES_KEY)
    if got is None or got[0] is not forms:
        found = {*tokens_with(doc, "lower", forms), *tokens_with(doc, "tag", {"MD"})}
        found.update(tokens_with(doc, "lemma", lemmas))
        got = doc.user_data[_CANDIDATES_KEY] = (forms, sorted(found))
    return got[1]


def token_cues(
    doc: Doc,
    start: int,
    end: int,
    skip: set[int] = frozenset(),
    introducing: bool = False,
    scope: int | None = None,
) -> list[Cue]:
    """Certainty cues among tokens [start, end), leaving out tokens in `skip`.
    `introducing`: the tokens are the cue that introduces the claim ("believes", "alleged").
    `scope`: the claim's predicate; cues in other clauses (coordinated, embedded) are left out."""
    verb_levels = lexicon.VERB_LEVEL if introducing else lexicon.RAISING_LEVEL
    scope_tok = doc[scope] if scope is not None else None
    cues: list[Cue] = []
    candidates = _cue_candidates(doc)
    for i in candidates[bisect.bisect_left(candidates, start) : bisect.bisect_left(candidates, end)]:
        if i in skip:
            continue
        tok = doc[i]
        # the scope (a walk up the parse) is checked for cue words only
        cue = _token_cue(doc, tok, verb_levels, introducing)
        if cue is not None and (scope_tok is None or _in_scope(tok, scope_tok)):
            cues.append(cue)
    return cues


def _token_cue(doc: Doc, tok: Token, verb_levels: dict, introducing: bool) -> Cue | None:
    """The certainty cue that one token is, if any."""
    low, lemma = tok.lower_, tok.lemma_.lower()
    special = _special_cue(doc, tok, low, lemma)
    if special is False:
        return None
    if special is not None:
        return special
    if tok.tag_ == "MD" or (tok.dep_ == "aux" and low in lexicon.MODAL_LEVEL):
        level = lexicon.MODAL_LEVEL.get(low)
        return _cue(doc, tok, "modal", level) if level else None
    if tok.pos_ == "ADV" and low in lexicon.ADVERB_LEVEL:
        return _cue(doc, tok, "adverb", lexicon.ADVERB_LEVEL[low])
    # an attributive adjective hedges its noun, not the clause: "did an excellent job pressing the
    # alleged trafficker", "an inquiry into potential violations" are asserted
    if tok.pos_ in ("ADJ",) and low in lexicon.ADJECTIVE_LEVEL and tok.dep_ != "amod":
        return _cue(doc, tok, "adjective", lexicon.ADJECTIVE_LEVEL[low])
    if introducing and lemma in lexicon.certainty_cues()["source_view_speech_verbs"]["verbs"]:
        return None  # "Andrew claims that Y": Y as Andrew presents it, asserted
    if tok.pos_ in ("VERB", "AUX") and lemma in verb_levels and tok.dep_ != "aux":
        return _cue(doc, tok, "verb", verb_levels[lemma])
    if (
        low in lexicon.APPROXIMATORS
        and tok.dep_ in ("advmod", "quantmod", "amod")
        and (tok.head.like_num or tok.head.pos_ == "NUM" or any(c.like_num for c in tok.head.children))
    ):
        return _cue(doc, tok, "approximator", None)
    if low == "if" and tok.dep_ == "mark":
        return _cue(doc, tok, "conditional", "uncertain")
    if is_negation(doc, tok) or (introducing and lemma in lexicon.DENY_VERBS):
        return _cue(doc, tok, "negation", None)  # "X denied that Y": X says not-Y
    return None


def source_cues(doc: Doc, start: int, end: int) -> list[Cue]:
    """Hedges on a claim's source ("unconfirmed reports", "unverified accounts")."""
    hedges = lexicon.certainty_cues()["source_hedges"]
    return [
        _cue(doc, tok, "source_hedge", hedges[tok.lower_])
        for tok in doc[start:end]
        if tok.lower_ in hedges and tok.dep_ in ("amod", "compound", "advmod")
    ]


def question_cue(doc: Doc, start: int, end: int) -> Cue | None:
    """A claim that ends in a question mark is asked, not asserted."""
    end = min(end + 1, len(doc))
    if start >= end or "?" not in doc_text(doc)[slice(*token_chars(doc, start, end))]:
        return None  # most claims: no token to read
    for tok in doc[start:end]:
        if tok.text == "?":
            return _cue(doc, tok, "question", "uncertain")
    return None


def open_question(doc: Doc, predicate: int) -> Cue | None:
    """ "unclear whether X", "investigating whether X": the clause is left open."""
    for c in doc[predicate].children:
        if c.dep_ == "mark" and c.lower_ in lexicon.certainty_cues()["open_question_marks"]:
            return _cue(doc, c, "question", "uncertain")
    return None


def clause_certainty(doc: Doc, i: int) -> Certainty:
    """The certainty of the clause whose predicate (or any word) is token i."""
    head = clause_head(doc[i])
    cues = token_cues(doc, head.left_edge.i, head.right_edge.i + 1, scope=head.i)
    end = head.sent.end
    question = question_cue(doc, end - 1, end)
    return assess([*cues, question] if question else cues)


def is_negation(doc: Doc, tok: Token) -> bool:
    low = _plain(tok.lower_)
    negative = lexicon.certainty_cues()["negative_arguments"]
    if low in negative["words"] and tok.dep_ in negative["deps"]:
        return True  # "Neither is likely", "We have learned nothing new"
    if low not in lexicon.NEGATIONS:
        return False
    nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else ""
    if nxt in _NOT_NEGATION_NEXT:  # "not only ... but also" is not a negation
        return False
    if tok.dep_ == "neg":
        return True
    # "no" is read as a number too: "there is absolutely no room"
    arguments = ("nsubj", "dobj", "attr", "nsubjpass")
    return low == "never" or (low == "no" and tok.dep_ in ("det", "nummod") and tok.head.dep_ in arguments)


def assess(cues: list[Cue], score: float | None = None) -> Certainty:
    level = "asserted"
    for cue in cues:
        if cue.level and lexicon.LEVEL_ORDER[cue.level] > lexicon.LEVEL_ORDER[level]:
            level = cue.level
    negated = sum(1 for c in cues if c.kind == "negation") % 2 == 1
    fb = "Uu" if level == "uncertain" else _FACTBANK[level] + ("-" if negated else "+")
    return Certainty(
        level=level, polarity="negative" if negated else "positive", factbank=fb, cues=cues, score=score
    )
