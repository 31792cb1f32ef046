"""Assemble claims from attributions: source chains, confirmations, certainty, quantities,
voice, and the author's own (unattributed) claims."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from reportedly.extract import factuality, lexicon
from reportedly.extract.attribution import relations
from reportedly.extract.attribution.cue_frame import UNNAMED
from reportedly.extract.attribution.denials import is_anaphoric
from reportedly.extract.attribution.quotes import quote_regions
from reportedly.extract.attribution.raw import RawAttribution
from reportedly.extract.attribution.rules import strip_complementiser
from reportedly.extract.attribution.sources import head_of, make_source
from reportedly.extract.attribution.taggers.tagged import find_attributions
from reportedly.extract.blas_threads import one_blas_thread
from reportedly.extract.certainty import (
    assess,
    event_token,
    main_predicate,
    open_question,
    question_cue,
    source_cues,
    token_cues,
)
from reportedly.extract.entities import EntityIndex, build_entities
from reportedly.extract.lemma_index import token_kinds
from reportedly.extract.quantities import find_quantities
from reportedly.extract.spans import char_span, doc_text, text_span, trim
from reportedly.extract.voice import classify_sentence, doc_is_opinion
from reportedly.schema import (
    Attribution,
    ChainLink,
    Claim,
    Confirmation,
    Entity,
    Quantity,
    Sentence,
    Source,
)

AUTHOR = Source(name="author", kind="author")


@dataclass
class Extraction:
    entities: list[Entity]
    sentences: list[Sentence]
    attributions: list[Attribution]
    claims: list[Claim]


def _tok_range(doc: Doc, start: int, end: int) -> tuple[int, int]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return (span.start, span.end) if span is not None else (0, 0)


def extract(doc: Doc) -> Extraction:
    """Entities, sentences, attributions and claims of a parsed document."""
    with one_blas_thread():
        return _extract(doc)


def _extract(doc: Doc) -> Extraction:
    text = doc_text(doc)
    index = build_entities(doc)
    raw = find_attributions(doc, index)
    sents = [s for s in doc.sents if text[s.start_char : s.end_char].strip()]  # s.text: rebuilt from tokens
    starts = [s.start_char for s in sents]

    def sent_at(char: int) -> int:
        return max(bisect.bisect_right(starts, char) - 1, 0)

    quoted = _quoted_tokens(doc, quote_regions(text))
    attributions = [_to_attribution(doc, text, i, r) for i, r in enumerate(raw)]
    chains = [_chain(raw, i, doc) for i in range(len(raw))]
    _poll_links(doc, raw, chains, index)
    quantities = find_quantities(doc)
    unconfirmed = _non_confirmations(doc, sents, index, quoted)
    nc_tokens = {t: nc for ncs in unconfirmed.values() for nc in ncs for t in nc.tokens}

    claims: list[Claim] = []
    events: list[tuple[Claim, int]] = []  # scored together once all claims are made
    for i, r in enumerate(raw):
        if r.cue_type == "object" or (_claim_children(r, raw) and not _has_own_predicate(doc, r, raw)):
            continue  # "X vetoed the bill" stays the author's claim; the relation is kept flat
        nc = nc_tokens.get(r.cue_head)
        chain = chains[i]
        hearsay = _hearsay(doc, r)
        if hearsay:  # "X was said to Y", "it is believed that Y": no one is named; the author reports Y
            chain = (
                chains[r.parent] if r.parent is not None else [ChainLink(source=AUTHOR, cue_type="author")]
            )
        if nc is not None:  # "X could not confirm that Y": Y is not X's claim; the chain stops above X
            chain = (
                chains[r.parent] if r.parent is not None else [ChainLink(source=AUTHOR, cue_type="author")]
            )
            nc.attached = True
        for piece in _claim_pieces(r, sent_at, starts, text):
            start, end = strip_complementiser(doc, *piece)
            claim = _claim(
                doc,
                text,
                index,
                quantities,
                raw,
                i,
                (start, end),
                chain,
                sent_at(start),
                attributions[i].id,
                events,
                hearsay=hearsay,
            )
            if nc is not None:
                claim.confirmations.append(nc.confirmation)
            claims.append(claim)

    consumed = _consumed_tokens(doc, raw)
    cue_tokens = {c for r in raw for c in r.cue_tokens}
    confirmations: dict[int, list[Confirmation]] = {}
    sentence_models: list[Sentence] = []
    opinion = doc_is_opinion(doc)
    cue_heads = sorted(r.cue_head for r in raw)
    author_heads = sorted(r.cue_head for r in raw if r.source is not None and r.source.kind == "author")
    consumed_sorted = sorted(consumed)
    _heads, junk, verbal = token_kinds(doc)
    for si, sent in enumerate(sents):
        conf = _confirmation(doc, sent, index, cue_tokens)
        residual = _residual(sent, consumed, (junk, verbal))
        attributed = _any_within(cue_heads, sent.start, sent.end) or (
            not residual and _any_within(consumed_sorted, sent.start, sent.end)
        )
        author_attr = _any_within(author_heads, sent.start, sent.end)
        voice, cues = classify_sentence(sent, attributed and not residual, author_attr, quoted, opinion)
        pending = [nc for nc in unconfirmed.get(si, []) if not nc.attached]
        if pending:
            # the sentence's own content outside the non-confirming clause ("The strike killed 20, a
            # figure that could not be verified") stays a claim and is what is not confirmed
            inside = {t for nc in pending for t in nc.scope}
            residual = [t for t in residual if t not in inside]
            if not any(doc[t].pos_ in ("VERB", "AUX") for t in residual):
                residual = []
            first = min(doc[t].idx for nc in pending for t in nc.scope)
            same = [
                c for c in claims if c.sentence == si and c.attribution is not None and c.span.start < first
            ]
            if same or residual:
                for c in same:
                    c.confirmations.extend(nc.confirmation for nc in pending)
                for nc in pending:
                    nc.attached = bool(same)
            if not residual:
                voice = "reporting"
                confirmations.setdefault(si, []).extend(nc.confirmation for nc in pending if not nc.attached)
        if conf is not None:
            voice = "reporting"
            confirmations.setdefault(si, []).append(conf)
        elif residual:
            start, end = trim(doc, residual[0], residual[-1] + 1)
            if start < end:
                span = char_span(doc, start, end)
                claim = _claim(
                    doc,
                    text,
                    index,
                    quantities,
                    raw,
                    None,
                    (span.start, span.end),
                    [ChainLink(source=AUTHOR, cue_type="author")],
                    si,
                    None,
                    events,
                    voice=voice,
                )
                claim.confirmations.extend(nc.confirmation for nc in pending if not nc.attached)
                claims.append(claim)
        sentence_models.append(
            Sentence(index=si, span=char_span(doc, sent.start, sent.end), voice=voice, voice_cues=cues)
        )

    claims = [c for c in claims if not _directive(doc, c)]
    _score_events(doc, events)
    claims.sort(key=lambda c: (c.span.start, c.span.end))
    _attach_stray_quantities(claims, quantities, sent_at)
    _attach_confirmations(claims, confirmations)
    claims = merge_repeats(claims)
    for n, claim in enumerate(claims, 1):
        claim.id = f"c{n}"
        if claim.attribution is None or claim.chain[-1].source.kind == "author":
            claim.voice = sentence_models[claim.sentence].voice
    return Extraction(
        entities=index.entities, sentences=sentence_models, attributions=attributions, claims=claims
    )


_SUBJECTS = {"nsubj", "nsubjpass", "expl", "csubj"}


def _directive(doc: Doc, claim: Claim) -> bool:
    """A pure directive ("GET OUT and VOTE on November 5th", "Just leave it at that") is no claim:
    it opens with a bare imperative verb, and no verb in it has a subject of its own ("Don't worry,
    no one's going to take your slogan" keeps its second clause, so it stays)."""
    span = doc.char_span(claim.span.start, claim.span.end, alignment_mode="expand")
    if span is None or claim.quantities:
        return False
    words = [t for t in span if not (t.is_punct or t.is_space or t.pos_ in ("ADV", "INTJ", "CCONJ"))]
    if not words or words[0].tag_ != "VB" or words[0].dep_ not in ("ROOT", "conj"):
        return False
    if any(c.dep_ == "aux" for c in words[0].children):
        return False  # "do(n't) worry" and the like keep their own reading
    return not any(c.dep_ in _SUBJECTS for t in span for c in t.children)


def _any_within(ordered: list[int], start: int, end: int) -> bool:
    """Does the sorted list hold a value in [start, end)?"""
    at = bisect.bisect_left(ordered, start)
    return at < len(ordered) and ordered[at] < end


def _attach_stray_quantities(claims: list[Claim], quantities: list[Quantity], sent_at) -> None:
    """A figure outside every claim span (in a source: '70 percent of registered Latino voters said
    ...', or around a cue) goes to the nearest claim of its sentence, so no figure is lost."""
    held = {(q.span.start, q.span.end) for c in claims for q in c.quantities}
    for q in quantities:
        if (q.span.start, q.span.end) in held:
            continue
        si = sent_at(q.span.start)
        near = [c for c in claims if c.sentence == si]
        if near:
            best = min(near, key=lambda c: max(c.span.start - q.span.end, q.span.start - c.span.end, 0))
            best.quantities.append(q)
            best.quantities.sort(key=lambda x: x.span.start)


def _quoted_tokens(doc: Doc, regions: list[tuple[int, int]]) -> set[int]:
    """Indices of tokens strictly inside a quotation."""
    idx = doc.to_array("IDX").tolist()
    quoted: set[int] = set()
    for q0, q1 in regions:
        if q1 - q0 < 4000:
            quoted.update(range(bisect.bisect_right(idx, q0), bisect.bisect_left(idx, q1 - 1)))
    return quoted


_WORD = re.compile(r"\w+")
_URL = re.compile(r"https?://\S+")
_MIN_CLAIM_WORDS = 3  # a sentence of a quotation shorter than this joins its neighbour


def _claim_pieces(r: RawAttribution, sent_at, starts: list[int], text: str) -> list[tuple[int, int]]:
    """The content as claims: a quotation continued in a later sentence ('"Q1," he said. "Q2."')
    gives one claim per fragment; fragments of one sentence ("Y, X said, Z") stay one claim; and a
    content running over several sentences ('X said: "Q1. Q2."') gives one claim per sentence."""
    frags = r.fragments or []
    pieces = list(frags) if len({sent_at(a) for a, _b in frags}) > 1 else [r.content]
    out: list[tuple[int, int]] = []
    for a, b in pieces:
        cuts = [a, *(s for s in starts if a < s < b), b]
        parts: list[list[int]] = []
        short = False  # the last part is too short to stand alone ("Yes", "Oh, actually", a link)
        for lo, hi in itertools.pairwise(cuts):
            if parts and short:
                parts[-1][1] = hi
            else:
                parts.append([lo, hi])
            short = len(_WORD.findall(_URL.sub("", text[parts[-1][0] : parts[-1][1]]))) < _MIN_CLAIM_WORDS
        if len(parts) > 1 and short:  # a short tail joins the part before it
            tail = parts.pop()
            parts[-1][1] = tail[1]
        out.extend((lo, hi) for lo, hi in parts)
    return out


def _to_attribution(doc: Doc, text: str, i: int, r: RawAttribution) -> Attribution:
    return Attribution(
        id=f"a{i + 1}",
        source=r.source,
        cue=r.cue_span(doc),
        cue_type=r.cue_type,
        content=text_span(text, *r.content),
        content_fragments=[text_span(text, a, b) for a, b in r.fragments or ()],
        parent=f"a{r.parent + 1}" if r.parent is not None else None,
    )


def _poll_links(
    doc: Doc, raw: list[RawAttribution], chains: list[list[ChainLink]], index: EntityIndex
) -> None:
    """ "A new ABC News poll shows ... Fifty-one percent say that Y": respondents given as a share
    speak through the poll last named in their sentence or the sentences just before, which becomes
    the outer link (data/relations.json: respondent_heads, poll_nouns, poll_window_sentences)."""
    w = relations.words()
    for r, chain in zip(raw, chains, strict=True):
        if len(chain) != 1 or r.source_tokens is None:
            continue
        lo, hi = r.source_tokens
        if head_of(doc, lo, hi).lower_ not in w["respondent_heads"]:
            continue
        first = doc[lo].sent
        for _ in range(w["poll_window_sentences"]):
            first = doc[first.start - 1].sent if first.start > 0 else first
        polls = [t for t in doc[first.start : lo] if t.pos_ == "NOUN" and t.lemma_.lower() in w["poll_nouns"]]
        if polls and (poll := make_source(doc, polls[-1].left_edge.i, polls[-1].i + 1, index)) is not None:
            chain.insert(0, ChainLink(source=poll, cue_type="intermediary"))


def _hearsay(doc: Doc, r: RawAttribution) -> bool:
    """An agentless passive cue with no one named ("was said to", "is believed that"): hearsay the
    author passes on, whose chain stays the author's (the cue still lowers the certainty)."""
    if r.source is None or r.source.name != UNNAMED or r.source_tokens is not None:
        return False
    deps = {c.dep_ for c in doc[r.cue_head].children}
    return "auxpass" in deps and "agent" not in deps


def _chain(raw: list[RawAttribution], i: int, doc: Doc) -> list[ChainLink]:
    links: list[ChainLink] = []
    seen: set[int] = set()
    node: int | None = i
    while node is not None and node not in seen:
        seen.add(node)
        r = raw[node]
        links.append(ChainLink(source=r.source, cue=r.cue_span(doc), cue_type=r.cue_type))
        if r.via is not None:  # "X told Reuters": Reuters passes X's words on
            links.append(ChainLink(source=r.via[0], cue=r.via[1], cue_type="intermediary"))
        node = r.parent
    return links[::-1]


def _claim_children(r: RawAttribution, raw: list[RawAttribution]) -> list[int]:
    """Nested attributions that carve their own claim out of r's content; object-type
    relations ("X plans to go") stay inside it."""
    return [c for c in r.children if raw[c].cue_type != "object"]


def _has_own_predicate(doc: Doc, r: RawAttribution, raw: list[RawAttribution]) -> bool:
    """Does an attribution with nested ones also carry content of its own?"""
    s, e = _tok_range(doc, *r.content)
    inner: set[int] = set()
    for c in _claim_children(r, raw):
        child = raw[c]
        for lo, hi in [_tok_range(doc, *child.content), child.source_tokens or (0, 0)]:
            inner.update(range(lo, hi))
        inner.update(child.cue_tokens)
        inner.update(range(doc[child.cue_head].left_edge.i, doc[child.cue_head].right_edge.i + 1))
    return any(
        t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "ccomp", "conj") and t.i not in inner
        for t in doc[s:e]
    )


_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})  # a tensed verb or a modal


def _claim(
    doc,
    text: str,
    index: EntityIndex,
    quantities: list[Quantity],
    raw,
    i,
    span,
    chain,
    sentence,
    attribution_id,
    events: list[tuple[Claim, int]],
    voice: str = "reporting",
    hearsay: bool = False,
) -> Claim:
    """The claim of content `span`; its event token (for the factuality score) goes to `events`."""
    start, end = span
    ts, te = _tok_range(doc, start, end)
    skip: set[int] = set()
    if i is not None:
        for c in _claim_children(raw[i], raw):
            child = raw[c]
            skip.update(range(*_tok_range(doc, *child.content)))
            skip.update(child.cue_tokens)
            if child.source_tokens:
                skip.update(range(*child.source_tokens))
    predicate = main_predicate(doc, ts, te, skip)
    cues = token_cues(doc, ts, te, skip, scope=predicate)
    if i is not None:  # the introducing cue and its own modifiers ("reportedly said", "believes")
        cue = doc[raw[i].cue_head]
        near = [cue, *[c for c in cue.children if c.dep_ in ("aux", "advmod", "neg", "prep")]]
        for tok in sorted(near, key=lambda t: t.i):
            found = token_cues(doc, tok.i, tok.i + 1, introducing=tok.i == cue.i)
            cues.extend(c for c in found if tok.dep_ != "prep" or c.kind == "source_hedge")
        if raw[i].source_tokens:  # "unconfirmed reports", "according to unverified accounts"
            cues.extend(source_cues(doc, *raw[i].source_tokens))
    question = question_cue(doc, ts, te) or (open_question(doc, predicate) if predicate is not None else None)
    if question is not None:
        cues.append(question)
    qs = [q for q in quantities if start <= q.span.start and q.span.end <= end]
    innermost = chain[-1].source
    claim = Claim(
        id="",
        span=text_span(text, start, end),
        chain=chain,
        attribution=attribution_id,
        sentence=sentence,
        voice="commentary" if innermost.kind == "author" and i is not None and not hearsay else voice,
        certainty=assess(cues),
        quantities=qs,
        entities=index.ids_in(start, end),
        finite=any(t.tag_ in _FINITE_TAGS for t in doc[ts:te]),
    )
    if predicate is not None:
        events.append((claim, event_token(doc, predicate)))
    return claim


def _score_events(doc: Doc, events: list[tuple[Claim, int]]) -> None:
    """Each claim's learned factuality (certainty.score) from its event token, all of a document's
    events in one call (one matrix product, not one per claim)."""
    vectors = doc.user_data.get("reportedly.encoder")  # set where the context tagger ran
    got = factuality.score(doc, [event for _claim, event in events], vectors) if events else None
    if got is not None:
        for (claim, _event), score in zip(events, got, strict=True):
            claim.certainty.score = round(float(score), 2)


def _consumed_tokens(doc: Doc, raw: list[RawAttribution]) -> set[int]:
    """Tokens that belong to some attribution. A main-clause cue takes its whole sentence but
    verb conjuncts ("X said Y, and Z happened"); a subordinate cue ("..., saying Y") takes its
    own subtree; "according to" takes its phrase and its content."""
    used: set[int] = set()
    for r in raw:
        if r.cue_type == "object":
            continue
        cue = doc[r.cue_head]
        used.update(r.cue_tokens)
        used.update(range(*_tok_range(doc, *r.content)))
        if r.cue_type == "according_to":
            used.update(range(*(r.source_tokens or (0, 0))))
        elif cue.dep_ == "ROOT":
            own = {
                t.i for c in cue.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") for t in c.subtree
            }
            used.update(t.i for t in cue.subtree if t.i not in own)
        else:
            used.update(t.i for t in cue.subtree)
    return used


def _residual(sent: SpacySpan, consumed: set[int], kinds: tuple[list[bool], list[bool]]) -> list[int]:
    """Token indices of the sentence's own (author's) predicate material outside attributions.
    `kinds`: per token of the doc, whether it is punctuation or space, and whether a verb (see
    lemma_index.token_kinds)."""
    junk, verbal = kinds
    rest = [i for i in range(sent.start, sent.end) if i not in consumed and not junk[i]]
    if not any(verbal[i] for i in rest):
        return []
    if len(rest) < 3:
        return []
    return rest


def _confirmation(doc: Doc, sent: SpacySpan, index: EntityIndex, cue_tokens: set[int]) -> Confirmation | None:
    root = sent.root
    lemma = root.lemma_.lower()
    if root.i in cue_tokens or lemma not in lexicon.CONFIRM_VERBS | lexicon.DENY_VERBS:
        return None
    if relations.non_confirmation_cue(root) or any(c.dep_ == "neg" for c in root.children):
        return None  # "could not verify the claim": a non-confirmation (see _non_confirmations)
    kids = {c.dep_: c for c in root.children}
    if "nsubjpass" in kids and "agent" in kids:
        target = kids["nsubjpass"]
        src = next((c for c in kids["agent"].children if c.dep_ == "pobj"), None)
    elif "nsubj" in kids and "dobj" in kids:
        target, src = kids["dobj"], kids["nsubj"]
    else:
        return None
    if src is None or not is_anaphoric(target):
        return None
    source = make_source(doc, src.left_edge.i, src.right_edge.i + 1, index)
    if source is None:
        return None
    return Confirmation(
        kind="denial" if lemma in lexicon.DENY_VERBS else "confirmation",
        source=source,
        cue=char_span(doc, root.i, root.i + 1),
        sentence=char_span(doc, sent.start, sent.end),
    )


_KIND_RANK = {"named": 0, "evidence": 1, "vague": 2, "pronoun": 3, "author": 4}
_MIN_REPEAT_WORDS = 6  # a pull quote or repeated sentence is a whole sentence, not a phrase


_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is str.isalnum() plus "_"


def _norm(text: str) -> str:
    """Lower-case words of the text, joined by single spaces."""
    if "Σ" in text:  # the one letter whose lower case depends on its neighbours: lower it alone
        return " ".join("".join(ch.lower() if ch.isalnum() else " " for ch in text).split())
    return " ".join(_NOT_ALNUM.sub(" ", text).lower().split())


def _chain_rank(claim: Claim) -> tuple:
    """Lower is better: attributed over the author's own, named over vague, longer chains."""
    inner = claim.chain[-1].source.kind
    return (inner == "author", _KIND_RANK.get(inner, 5), -len(claim.chain), claim.span.start)


def merge_repeats(claims: list[Claim]) -> list[Claim]:
    """One claim per text: identical claims of one article (a sentence the page repeats, a pull
    quote) are stored once with the best chain and all their confirmations; an unattributed
    repeat of words that an attributed claim already holds (a pull quote in large type) is
    dropped."""
    groups: dict[str, list[Claim]] = {}
    norms = {id(claim): _norm(claim.span.text) for claim in claims}  # each claim's text normalised once
    for claim in claims:
        groups.setdefault(norms[id(claim)], []).append(claim)
    keep: list[Claim] = []
    for key, same in groups.items():
        best = min(same, key=_chain_rank)
        for other in same:
            if other is not best:
                best.confirmations.extend(c for c in other.confirmations if c not in best.confirmations)
        if not key:
            keep.extend(same)
            continue
        keep.append(best)
    attributed = [norms[id(c)] for c in keep if c.chain[-1].source.kind != "author"]
    out = []
    for claim in keep:
        key = norms[id(claim)]
        if (
            claim.chain[-1].source.kind == "author"
            and len(key.split()) >= _MIN_REPEAT_WORDS
            and any(key != other and f" {key} " in f" {other} " for other in attributed)
        ):
            continue
        out.append(claim)
    return sorted(out, key=lambda c: (c.span.start, c.span.end))


@dataclass
class _NonConfirmation:
    confirmation: Confirmation
    tokens: list[int]  # the cue
    scope: set[int]  # the clause it governs ("a figure that could not be verified")
    attached: bool = False


def _non_confirmations(
    doc: Doc, sents: list[SpacySpan], index: EntityIndex, quoted: set[int]
) -> dict[int, list[_NonConfirmation]]:
    """Per sentence, its non-confirmations ("could not independently verify", "declined to comment")."""
    out: dict[int, list[_NonConfirmation]] = {}
    for si, sent in enumerate(sents):
        for cue, source in relations.find_non_confirmations(doc, sent, index, quoted):
            top = next((doc[t] for t in cue if doc[t].head.i not in cue or doc[t].head.i == t), doc[cue[0]])
            # its clause, without clauses joined to it ("..., but the car is expected in May")
            joined = {
                t.i for c in top.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") for t in c.subtree
            }
            scope = {t.i for t in top.subtree} - joined
            conf = Confirmation(
                kind="non_confirmation",
                source=source,
                cue=char_span(doc, min(cue), max(cue) + 1),
                sentence=char_span(doc, sent.start, sent.end),
            )
            out.setdefault(si, []).append(_NonConfirmation(conf, cue, scope))
    return out


def _attach_confirmations(claims: list[Claim], by_sentence: dict[int, list[Confirmation]]) -> None:
    """A confirmation refers back to the claims of the nearest earlier sentence that has any,
    preferring attributed claims, and to the other claims of the same attribution (a quotation
    continued over sentences: '"Q1," said X. "Q2." Y denied the accusations.')."""
    for si, confs in by_sentence.items():
        for back in range(si - 1, -1, -1):
            targets = [c for c in claims if c.sentence == back]
            attributed = [c for c in targets if c.attribution is not None]
            if targets:
                ids = {c.attribution for c in attributed}
                chosen = (attributed or targets) + [
                    c for c in claims if c.attribution in ids and c.sentence < back
                ]
                for claim in chosen:
                    claim.confirmations.extend(confs)
                break
