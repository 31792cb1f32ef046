"""Quotations in real typography: where each quotation starts and ends, paragraph by paragraph.

Marks are read by their role, not paired glyph by glyph: “ « „ `` ‘‘ open, ” » ’’ close, and a
straight " or '' opens or closes by what stands around it, so a quotation opened with “ and closed
with " still pairs. Every quotation is contained to its paragraph: one left open at a paragraph's
end stops there, and a paragraph that opens with a quote mark right after it continues it (the
convention for a quotation running over several paragraphs: an opening mark on each, a closing
mark only on the last). Single quotes (‘ ’ ') pair only as quotations of their own outside double
ones; an apostrophe ("don't", "analysts' views", "'90s") is never a quote mark. Nested quotes
stay inside their quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

QUOTE_MARKS = set("“”\"'«»‘’„`")
_DOUBLE = re.compile(r"''|’’|‘‘|``|[“”\"«»„]")
_SINGLE = re.compile("[‘’']")
_OPEN = {"“", "«", "„", "``", "‘‘"}
_CLOSE = {"”", "»", "’’"}
_OPENING_BEFORE = set(" \t([{—–-/") | {"“", "‘", "«", "\u00a0"}
_CLOSING_AFTER = set(" \t.,;:!?)]}—–-…") | {"\u00a0"}


@dataclass(frozen=True)
class Quotation:
    start: int  # first character, the opening mark included (or the paragraph's start)
    end: int  # one past the closing mark (or the paragraph's end when left open)
    closed: bool  # ends on its own closing mark
    continues: int | None = None  # index of the quotation this one continues (previous paragraph)


def _opens(text: str, i: int, n: int) -> bool:
    """Does an ambiguous mark at [i, i+n) look like an opening mark?"""
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + n] if i + n < len(text) else "\n"
    return (before in _OPENING_BEFORE or before == "\n") and not after.isspace()


def _closes(text: str, i: int, n: int) -> bool:
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + n] if i + n < len(text) else "\n"
    return not before.isspace() and (after in _CLOSING_AFTER or after.isspace() or after in "”\"'’")


def is_apostrophe(text: str, i: int) -> bool:
    """A ' or ’ that is part of a word: "don't", "'90s", "analysts' views", "Jones' car"."""
    if text[i] not in "'’":
        return False
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isalnum() and after.isalnum():
        return True
    if after.isdigit() and not before.isalnum():  # '90s
        return True
    # plural possessive: "analysts' views", "the Joneses’ house"
    return before in "sS" and after == " " and i + 2 < len(text) and text[i + 2].isalnum()


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(r"\n", text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _double_quotations(text: str, p0: int, p1: int, open_before: bool) -> tuple[list[list], bool]:
    """Top-level double quotations of paragraph [p0, p1) as [start, end, closed, continued];
    `open_before`: the previous paragraph ended inside a quotation. Returns them and whether this
    paragraph ends inside one."""
    found: list[list] = []
    stack: list[int] = []
    first = True
    lead = len(text[p0:p1]) - len(text[p0:p1].lstrip())
    for m in _DOUBLE.finditer(text, p0, p1):
        i, mark = m.start(), m.group()
        n = len(mark)
        if mark in _OPEN:
            role = "open"
        elif mark in _CLOSE:
            role = "close"
        elif stack:
            role = "open" if _opens(text, i, n) and not _closes(text, i, n) and len(stack) == 1 else "close"
            if role == "open" and mark in ('"', "''") and text[stack[-1]] in ('"', "'"):
                role = "close"  # a straight mark inside a straight quotation closes it
        else:
            role = "close" if _closes(text, i, n) and not _opens(text, i, n) else "open"
        if role == "open":
            stack.append(i)
        elif stack:
            start = stack.pop()
            if not stack:
                cont = first and start == p0 + lead and open_before
                found.append([start, m.end(), True, cont])
                first = False
        elif first and open_before and not found:
            # a continued quotation whose paragraph lacks the opening mark
            found.append([p0 + lead, m.end(), True, True])
            first = False
        # else: a stray closing mark, ignored
    if stack:
        start = stack[0]
        cont = first and start == p0 + lead and open_before
        end = p1
        while end > start and text[end - 1].isspace():
            end -= 1
        found.append([start, end, False, cont])
        return found, True
    return found, False


def _single_quotations(text: str, p0: int, p1: int, taken: list[tuple[int, int]]) -> list[list]:
    """‘Y’ / 'Y' quotations outside the double ones (British style), never an apostrophe inside a
    word. A possessive-looking s' ("analysts' views") closes an open quotation only when no other
    closing mark follows in the paragraph ("‘they are miracles’ and")."""
    marks = [m.start() for m in _SINGLE.finditer(text, p0, p1)]
    marks = [i for i in marks if not any(a <= i < b for a, b in taken)]
    found: list[list] = []
    start = None
    for k, i in enumerate(marks):
        ch = text[i]
        inner = is_apostrophe(text, i)
        if start is None:
            if ch in "‘'" and not inner and _opens(text, i, 1):
                start = i
            continue
        if ch == "‘" or not _closes(text, i, 1):
            continue
        possessive = inner and not (text[i + 1 : i + 2].isalnum() and text[i - 1 : i].isalnum())
        if inner and not possessive:
            continue
        if possessive and any(_closes(text, j, 1) and not is_apostrophe(text, j) for j in marks[k + 1 :]):
            continue
        found.append([start, i + 1, True, False])
        start = None
    return found


def find_quotations(text: str) -> list[Quotation]:
    """All quotations of `text`, in order, each within one paragraph."""
    return list(_quotations(text))


@lru_cache(maxsize=4)
def _quotations(text: str) -> tuple[Quotation, ...]:
    """find_quotations, read once per text: the tagger, the rules, linking and the claims all
    ask for a document's quotations."""
    out: list[Quotation] = []
    open_before = False
    for p0, p1 in _paragraphs(text):
        doubles, open_before_next = _double_quotations(text, p0, p1, open_before)
        taken = [(a, b) for a, b, _c, _k in doubles]
        items = sorted(doubles + _single_quotations(text, p0, p1, taken))
        for start, end, closed, cont in items:
            prev = len(out) - 1 if cont and out and not out[-1].closed else None
            out.append(Quotation(start, end, closed, prev))
        open_before = open_before_next
    return tuple(out)


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges [start, end) of the quotations of `text`, marks included."""
    return [(q.start, q.end) for q in find_quotations(text)]


# kept for callers that filtered unpaired marks by length; every region is now within a paragraph
paired_quotes = quote_regions


def quote_interior(text: str, q0: int, q1: int) -> tuple[int, int]:
    """The characters of quotation region [q0, q1) inside its marks."""
    while q0 < q1 and text[q0] in QUOTE_MARKS:
        q0 += 1
    while q1 > q0 and (text[q1 - 1] in QUOTE_MARKS or text[q1 - 1].isspace()):
        q1 -= 1
    return q0, q1


def extend_to_quote(content: tuple[int, int], quotes: list[tuple[int, int]], text: str) -> tuple[int, int]:
    """If the content starts or ends inside a quotation, widen it to the whole quotation."""
    start, end = content
    for q0, q1 in quotes:
        if q0 <= start < q1 or q0 < end <= q1:
            i0, i1 = quote_interior(text, q0, q1)
            start, end = min(start, i0), max(end, i1)
    # drop closing punctuation left inside the quote ("Y," said X)
    while end > start and text[end - 1] in ",;: \n":
        end -= 1
    return start, end


def continuations(quotations: list[Quotation]) -> dict[int, list[int]]:
    """For each quotation that later paragraphs continue, the indices of its continuations."""
    chains: dict[int, list[int]] = {}
    head: dict[int, int] = {}
    for i, q in enumerate(quotations):
        if q.continues is not None:
            root = head.get(q.continues, q.continues)
            head[i] = root
            chains.setdefault(root, []).append(i)
    return chains
