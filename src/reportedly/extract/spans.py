"""Helpers to turn token ranges into trimmed character spans."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from reportedly.schema import Span

_EDGE_PUNCT = set(",;:.!?-–—()[]'") | {"''", "``"}
_QUOTE_CHARS = set("\"“”‘’'«»")


def is_edge_junk(token: Token, keep_quotes: bool = False) -> bool:
    if token.is_space:
        return True
    if token.text in _QUOTE_CHARS:
        return not keep_quotes
    return token.is_punct and token.text in _EDGE_PUNCT | {"...", "…"}


def trim(doc: Doc, start: int, end: int, keep_quotes: bool = False) -> tuple[int, int]:
    """Shrink token range [start, end) past punctuation and whitespace at both edges."""
    while start < end and is_edge_junk(doc[start], keep_quotes):
        start += 1
    while end > start and is_edge_junk(doc[end - 1], keep_quotes):
        end -= 1
    return start, end


_TEXT_KEY = "reportedly.text"


def doc_text(doc: Doc) -> str:
    """doc.text, built once per document: spaCy rebuilds it from the tokens at every access."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Tell doc_text the text `doc` was parsed from (spaCy keeps it exactly), so that it is not
    rebuilt from the tokens; a text of another length is ignored."""
    if len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) == len(text):
        doc.user_data[_TEXT_KEY] = text


def token_chars(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character range of tokens [start, end), from the first token's start to the last one's end."""
    last = doc[end - 1]
    return doc[start].idx, last.idx + len(last.text)


def char_span(doc: Doc, start: int, end: int) -> Span:
    """Span of tokens [start, end) by character offsets into doc.text."""
    a, b = token_chars(doc, start, end)
    return Span(start=a, end=b, text=doc_text(doc)[a:b])


def text_span(text: str, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=text[start:end])


def subtree_range(token: Token, skip: Iterable[Token] = ()) -> tuple[int, int]:
    """[left, right) token range of `token`'s subtree, leaving out the subtrees of `skip`
    where they sit at an edge."""
    left, right = token.left_edge.i, token.right_edge.i + 1
    for other in skip:
        lo, hi = other.left_edge.i, other.right_edge.i + 1
        if lo <= left < hi:
            left = hi
        if lo < right <= hi:
            right = lo
    return left, max(left, right)
