"""Independent origins of a story's claims. One speaker or outlet is one origin across articles:
source names are canonicalised (alias table, accents, dotted initials, leading titles, "Clinton"
for the story's one "Hillary Clinton"), "a New York Times report that ..." makes the outlet the
origin, an article's own reporting in wire copy is the agency's, an officer named with an
organisation's title ("FBI Director James Comey") is one origin with it, own-voice restatements and
unnamed voices count with the story's named origin (or its public record), an identical quote or
claim text in several articles, or one claim's words relayed inside another's, is one origin, and
near-duplicate articles (MinHash over word shingles) are one article's copies."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from spacy.lang.en.stop_words import STOP_WORDS

from reportedly.extract.entities import canonical, normalise_name
from reportedly.fuse.facts import Facts

if TYPE_CHECKING:
    from datasketch import MinHash

NEAR_DUPLICATE = 0.8  # estimated Jaccard of word 5-shingles above which two articles are copies
SHINGLE = 5
MIN_QUOTE_WORDS = 5
MIN_CONTAINED_WORDS = 8  # a claim text this long inside another claim's text is the same words relayed
_QUOTE = re.compile(r"[\"“]([^\"”]{10,})[\"”]")


@lru_cache(maxsize=1)
def _words() -> dict:
    return json.loads(resources.files("reportedly.data").joinpath("origins.json").read_text("utf-8"))


def _fold(text: str) -> str:
    """Lower case, accents off, dotted initials joined ('F.B.I.' -> 'fbi'), punctuation spaced."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("’", "'")
    text = re.sub(r"\b((?:[a-z]\.){2,})", lambda m: m.group(1).replace(".", ""), text)
    text = re.sub(r"'s\b", "", text)
    return " ".join(re.findall(r"[a-z0-9&'-]+", text))


# a US politician's party and state after the name: "(D-MA)", ", R-Texas", "(I-Vt.)"
_PARTY_TAG = re.compile(r"(?<=\w)[\s,]+\(?[DRI]-[A-Z][A-Za-z.]*\)?\s*$")


def source_key(name: str) -> str:
    """The canonical key of a source name."""
    words = _words()
    name = _PARTY_TAG.sub("", name)  # "Elizabeth Warren (D-MA)" is Elizabeth Warren
    undotted = re.sub(r"\b((?:[A-Za-z]\.){2,})", lambda m: m.group(1).replace(".", ""), name)
    named = canonical(undotted)
    folded = _fold(named)
    if named != normalise_name(undotted):
        return folded  # the alias table knows it
    agency = words["wire_agencies"].get(folded)
    if agency:
        return agency.lower()
    tokens = folded.split()
    while tokens and tokens[0] in ("the", "a", "an"):
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1] in words["report_nouns"]:
        tokens = tokens[:-1]  # "a new york times report" -> the outlet
    if tokens and tokens[0] in words["place_abbreviations"]:
        tokens = words["place_abbreviations"][tokens[0]].split() + tokens[1:]  # "NY Daily News"
    titles = set(words["titles"]) | set(words["role_nouns"])  # "GOP hopeful Ben Carson"
    last_title = max(  # "Commission on Presidential Debates" keeps its "presidential"
        (
            i
            for i, t in enumerate(tokens)
            if t in titles and (i == 0 or tokens[i - 1] not in ("on", "of", "for"))
        ),
        default=-1,
    )
    organisation = any(t in words["organisation_words"] for t in tokens[last_title + 1 :])
    rest = tokens[last_title + 1 :]
    if rest[:1] in (["of"], ["for"]):  # "secretary of state john kerry" -> "john kerry"
        if len(rest) >= 4:
            tokens = rest[-2:]
    elif rest and last_title >= 0 and not organisation:
        tokens = rest  # "fbi director james comey" -> "james comey"
    if len(tokens) > 2:  # a middle initial: "james b comey"
        tokens = [t for i, t in enumerate(tokens) if len(t) > 1 or i in (0, len(tokens) - 1)]
    key = " ".join(tokens) or folded
    agency = words["wire_agencies"].get(key)
    return agency.lower() if agency else key


def claim_origin(f: Facts) -> str:
    """The innermost non-author source, canonicalised; vague sources only within one outlet;
    the outlet's own reporting, or the agency's when the article is wire copy. A source named
    in the claim's own text ("according to X", "X said" opening an author-voice sentence) is
    the innermost one; a name that is no name (markup) or a pronoun resolved to someone the
    claim itself speaks of is taken as an unnamed voice."""
    inner = text_source(f)
    if inner:
        return source_key(inner)
    for name, kind in reversed(f.chain):
        if kind == "author":
            continue
        if kind == "pronoun" and _proper(name) and not _mentioned(name, f.text):
            return source_key(name)  # a pronoun resolved to a named speaker
        if kind in ("vague", "pronoun", "evidence") or not _is_name(name) or _role_only(name):
            return f"{name.lower()} @ {f.outlet or f.article_id}"
        return source_key(name)
    if f.wire:
        return f.wire.lower()
    return f"{OWN}{f.outlet or f.article_id}"


@lru_cache(maxsize=1)
def _role_words() -> tuple[frozenset[str], frozenset[str]]:
    """Role nouns, and the words a role description may carry beside them."""
    words = _words()
    other = frozenset(words["titles"]) | frozenset(words["title_objects"]) | STOP_WORDS
    return frozenset(words["role_nouns"]), other


def _role_only(name: str) -> bool:
    """A source described by a role word and titles alone ('the Democratic front-runner', 'GOP
    hopeful'): no name. A title alone ('the president') is left as it is: it names one
    office-holder."""
    (roles, other), tokens = _role_words(), _fold(name).split()
    return any(t in roles for t in tokens) and all(t in roles or t in other for t in tokens)


def _proper(name: str) -> bool:
    words = name.split()
    return bool(words) and all(w[:1].isupper() for w in words) and name.lower() not in _PRONOUNS


_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"})
_MARKUP = re.compile(r"[=<>{}\\|\"]")


def _is_name(name: str) -> bool:
    """A source name, not a scrap of markup ('datetime="2016') or a figure."""
    return not _MARKUP.search(name) and any(c.isalpha() for c in name) and name[:1].isalnum()


def _mentioned(name: str, text: str) -> bool:
    """Whether the claim's text names the person (by surname): 'not to recommend indicting
    Clinton' resolved to Clinton as its speaker is a wrong resolution."""
    surname = _fold(name).split()[-1:]
    return bool(surname) and surname[0] in _fold(text).split()


@lru_cache(maxsize=1)
def _text_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    words = _words()
    titles = "|".join(sorted(map(re.escape, words["titles"]), key=len, reverse=True))
    word = r"[A-Z][\w.&'’-]*"
    name = rf"{word}(?:\s+(?:(?:of|for|and|the|de)\s+)?(?:{word}|(?:{titles})\b))*"
    cues = "|".join(map(re.escape, words["inner_source_cues"]))
    verbs = "|".join(sorted((v.replace(" ", r"\s+") for v in words["speech_verbs"]), key=len, reverse=True))
    nouns = "|".join(map(re.escape, words["source_nouns"]))
    reported = "|".join(v.replace(" ", r"\s+") for v in words["report_verbs"])
    cited = re.compile(
        rf"\b(?:{cues})\s+(?:the\s+|a\s+|an\s+)?(?P<name>{name})"
        rf"|\b(?:after|as|when|since)\s+(?:the\s+)?(?P<reporter>{name})\s+(?:{reported})\b"
    )
    opening = re.compile(
        rf"^(?:[^,]{{1,40}},\s+)?(?:(?:the|a)\s+)?(?:(?:{titles})\s+)*(?P<name>{name})(?:\s+(?:{nouns}))?"
        rf"(?:\s+--[^-]{{1,60}}--|\s+—[^—]{{1,60}}—|,[^,]{{1,60}},)?\s+(?:\w+ly\s+)?"
        rf"(?:has\s+|have\s+|had\s+)?(?:{verbs})\b"
    )
    reports = "|".join(map(re.escape, words["report_nouns"] + words["possessed_reports"]))
    possessor = re.compile(rf"(?<![\w.])(?P<name>{name})['’]s\s+(?:{reports})\b")
    return cited, opening, possessor


def text_source(f: Facts) -> str | None:
    """The source a claim's own text names: 'according to the Iowa Democratic Party' anywhere,
    or, in the author's voice, a sentence opening with a named speaker and a speech verb ('Minutes
    later, the Trump campaign issued a statement saying ...'); None when it names none."""
    cited, opening, possessor = _text_patterns()
    name = _named(_name_of(cited.search(f.text), f.text), f)
    if name is None and all(kind == "author" for _, kind in f.chain):
        m = opening.search(f.text)
        name = _name_of(m, f.text)
        name = _named(name, f) or (name if m and _speaker_like(name, m.group(0)) else None)
        if name is None:  # "a reference to Comey's testimony on ..."
            found = (_named(_name_of(m, f.text), f) for m in possessor.finditer(f.text))
            name = next(filter(None, found), None)
    return name


def _named(name: str | None, f: Facts) -> str | None:
    """The name cut to start at a named entity of the claim (titles before it kept): "Tuesday
    for Obama's announcement" is Obama's; None when no word of it is part of an entity the
    parser found ("Initial estimates put ...", "Friday's announcement")."""
    if name is None:
        return None
    entities = {w for e in f.entities for w in _fold(e).split()}
    alias = canonical(name)
    if alias != name and set(_fold(alias).split()) & entities:
        return name  # an alias ("FBI") of an entity the claim names
    words = name.split()
    start = next((i for i, w in enumerate(words) if set(_fold(w).split()) & entities), None)
    if start is None:
        return None
    titles = set(_words()["titles"])
    while start > 0 and _fold(words[start - 1]) in titles:
        start -= 1
    return " ".join(words[start:])


def _speaker_like(name: str | None, matched: str) -> bool:
    """A one-word name the parser did not take for an entity still opens a report when a past
    speech verb follows it ("King said", "Schneiderman alleged"), but not a present verb
    ("Initial estimates put ...")."""
    if name is None or " " in name:
        return False
    said = " ".join(matched.lower().split())
    return said.endswith("ed") or said.endswith(tuple(_words()["past_speech_verbs"]))


def _name_of(m: re.Match | None, text: str) -> str | None:
    """The matched name, cut at a sentence end ('... Party. Sanders'), with the organisation noun
    after it ('the Trump campaign'); None for a possessive, a stop word or a vague subject."""
    if m is None:
        return None
    group = "reporter" if "reporter" in m.groupdict() and m.group("reporter") else "name"
    matched = m.group(group).split()
    words: list[str] = []
    for word in matched:
        words.append(word.rstrip("."))
        if word.endswith(".") and len(word) > 4:
            break  # 'Party.' ends the sentence; 'Mr.', 'U.S.' do not
    if not words or words[-1].endswith(("'s", "’s")):
        return None  # "Mr. Trump's claims that ..." names a claim, not its speaker
    first = words[0].lower()
    if first in STOP_WORDS or first in _words()["vague_subjects"]:
        return None
    rest = text[m.end(group) :].split()
    if rest and rest[0] in _words()["source_nouns"] and len(words) == len(matched):
        words.append(rest[0])  # 'the Trump campaign' is the campaign, not Trump
    return " ".join(words)


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def near_duplicates(texts: dict[int, str]) -> dict[int, int]:
    """article id -> the earliest (lowest id) article it is a near copy of."""
    from datasketch import MinHashLSH

    if len(texts) < 2:
        return {}
    lsh = MinHashLSH(num_perm=_PERMUTATIONS, params=_lsh_bands())
    copies: dict[int, int] = {}
    for aid in sorted(texts):
        m = _signature(texts[aid])
        found = lsh.query(m)
        if found:
            first = min(found)
            copies[aid] = copies.get(first, first)
        lsh.insert(aid, m)
    return copies


_PERMUTATIONS = 64


@lru_cache(maxsize=1)
def _lsh_bands() -> tuple[int, int]:
    """LSH bands and rows for NEAR_DUPLICATE, worked out once (datasketch integrates for them)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=NEAR_DUPLICATE, num_perm=_PERMUTATIONS)
    return lsh.b, lsh.r


@lru_cache(maxsize=4096)
def _signature(text: str) -> MinHash:
    """MinHash of an article's word 5-shingles; an article in many stories is hashed once."""
    from datasketch import MinHash

    words = _fold(text).split()
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    m = MinHash(num_perm=_PERMUTATIONS)
    m.update_batch([sh.encode("utf-8") for sh in shingles])
    return m


def officers(keys: set[str], texts: list[str]) -> dict[str, str]:
    """person key -> organisation key, for named origins of a story that the texts name as that
    organisation's officer: '<org> <title> [first middle] <surname>' or '<surname>, the <org>
    <title>' ('FBI Director James Comey', 'the F.B.I. director, James B. Comey'), with the
    organisation as its key or its initials."""
    if len(keys) < 2:
        return {}
    people = {k.split()[-1]: k for k in keys if len(k.split()) > 1}
    orgs: dict[str, str] = {}
    for k in keys:
        words = [w for w in k.split() if w not in ("of", "the", "for", "and")]
        if len(words) > 1:
            orgs[k] = k
            orgs["".join(w[0] for w in words)] = k
    if not people or not orgs:
        return {}
    org = "|".join(sorted(map(re.escape, orgs), key=len, reverse=True))
    title = "|".join(sorted(map(re.escape, _words()["officer_titles"]), key=len, reverse=True))
    surname = "|".join(map(re.escape, people))
    pattern = re.compile(
        rf"\b(?P<o1>{org}) (?:{title}) (?:[a-z]+ ){{0,3}}?(?P<p1>{surname})\b"
        rf"|\b(?P<p2>{surname}) (?:the )?(?P<o2>{org}) (?:{title})\b"
    )
    found: dict[str, str] = {}
    for text in texts:
        for m in pattern.finditer(_fold(text)):
            person, org = people[m.group("p1") or m.group("p2")], orgs[m.group("o1") or m.group("o2")]
            if person != org:
                found.setdefault(person, org)
    return found


def _quotes(text: str) -> set[str]:
    return {" ".join(_fold(q).split()) for q in _QUOTE.findall(text) if len(q.split()) >= MIN_QUOTE_WORDS}


PUBLIC = "public record"
OWN = "own reporting @ "  # an outlet's own reporting: OWN + outlet


def _own(f: Facts) -> bool:
    """The outlet's (or its wire agency's) own reporting: no source but the author, in the
    chain or the claim's text."""
    return all(kind == "author" for _, kind in f.chain) and text_source(f) is None


def origins(claims: list[Facts], article_texts: dict[int, str] | None = None) -> dict[str, list[Facts]]:
    """Claims grouped by independent origin (claims in time order give the earliest origin's name)."""
    keys = [claim_origin(f) for f in claims]
    # a bare surname (or first name: "Donald") stands for the story's one full name with it
    full, first = defaultdict(set), defaultdict(set)
    for k in keys:
        parts = k.split()
        if len(parts) > 1 and "@" not in k:
            full[parts[-1]].add(k)
            first[parts[0]].add(k)

    def folded(k: str) -> str:
        for names in (full.get(k, ()), first.get(k, ())):
            if len(names) == 1:
                return next(iter(names))
        return k

    keys = [folded(k) for k in keys]
    # the unnamed voices of one article ("30 percent of voters", "three-fourths of them") are one
    keys = _one_unnamed_voice_per_article(claims, keys)
    # an outlet restating the story's proposition in its own voice echoes its original source:
    # the commonest named origin, or one shared "public record" when none is named; an unnamed
    # voice ("officials", "reports", "some in the campaign") cannot show it is independent of the
    # named origin, or of the public record the outlets report in their own voice, so it is
    # counted with it (it stays its own origin when the story has neither)
    own = [_own(f) for f in claims]
    named = [k for k, o in zip(keys, own, strict=True) if not o and "@" not in k]
    source = max(named, key=named.count) if named else (PUBLIC if any(own) else None)
    keys = [
        (source or PUBLIC) if o else (source if source and "@" in k else k)
        for k, o in zip(keys, own, strict=True)
    ]
    # an organisation and its officer named as such in the story's texts are one origin
    named_keys = {k for k in keys if "@" not in k and k != PUBLIC}
    texts = [name for f in claims for name, _ in f.chain] + list((article_texts or {}).values())
    affiliated = officers(named_keys, texts)
    copies = near_duplicates(article_texts or {})
    union = _Union(len(claims))
    first: dict[str, int] = {}
    folded = [_fold(f.text) for f in claims]
    for i, f in enumerate(claims):
        article = copies.get(f.article_id, f.article_id)
        marks = {f"origin:{affiliated.get(keys[i], keys[i])}", f"text:{folded[i]}"}
        marks |= {f"quote:{q}" for q in _quotes(f.text)}
        if own[i]:
            marks.add(f"copy:{article}")
        for mark in marks:
            if mark in first:
                union.join(first[mark], i)
            else:
                first[mark] = i
    for i, j in _contained(folded):
        union.join(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(claims)):
        groups[union.find(i)].append(i)
    out: dict[str, list[Facts]] = {}
    for root, members in sorted(groups.items()):
        label = keys[root]
        while label in out:
            label += "'"
        out[label] = [claims[i] for i in members]
    return out


def _contained(folded_texts: list[str]) -> list[tuple[int, int]]:
    """(i, j) where claim j's words (texts as _fold gives them), MIN_CONTAINED_WORDS or more, run
    inside claim i's longer text: a quotation relayed with its attribution ("X, Y's spokesman said
    in a statement"), or part of it, is the same words from the same origin."""
    folded = [f" {t} " for t in folded_texts]
    order = sorted(range(len(folded)), key=lambda n: len(folded[n]))
    pairs = []
    for rank, j in enumerate(order):
        if folded[j].count(" ") - 1 < MIN_CONTAINED_WORDS:
            continue
        pairs += [(i, j) for i in order[rank + 1 :] if folded[j] in folded[i] and folded[j] != folded[i]]
    return pairs


def _one_unnamed_voice_per_article(claims: list[Facts], keys: list[str]) -> list[str]:
    """Each vague origin ("critics @ nyt") of an article becomes its article's first vague one."""
    first: dict[int, str] = {}
    out = []
    for f, k in zip(claims, keys, strict=True):
        if " @ " in k and not k.startswith(OWN):
            k = first.setdefault(f.article_id, k)
        out.append(k)
    return out


def origin_name(origin: str, items: list[Facts]) -> str:
    """How the reports name an origin (`origins()` key, its claims): the source in a claim's
    chain or text whose key it is, the wire agency for its copy, an outlet's own reporting as
    "<outlet> (own reporting)"; the key itself for unnamed voices and the public record."""
    key = origin.rstrip("'")
    if key.startswith(OWN):
        return f"{key.removeprefix(OWN)} (own reporting)"
    if " @ " in key or key == PUBLIC:
        return key
    for f in items:
        named = [text_source(f)] + [n for n, kind in reversed(f.chain) if kind != "author"]
        for name in filter(None, named):
            if source_key(name) == key:
                return name
        if f.wire and f.wire.lower() == key:
            return f.wire
    return key


def graded_name(origin: str, items: list[Facts]) -> str:
    """The name an origin's reliability is looked up by: an outlet for its own reporting."""
    key = origin.rstrip("'")
    if key.startswith(OWN):
        return items[0].outlet or key.removeprefix(OWN)
    return origin_name(origin, items)
