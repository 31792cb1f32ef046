"""Quotation finding in real typography (extract/attribution/quotes.py)."""

from __future__ import annotations

import pytest

from reportedly.extract.attribution.quotes import continuations, find_quotations, is_apostrophe, quote_regions


def texts(text: str) -> list[str]:
    return [text[a:b] for a, b in quote_regions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We will win,” she said.", ["“We will win,”"]),
        ('"We will win," she said.', ['"We will win,"']),
        ("''It's anti-reform,'' said Mr. Holtz.", ["''It's anti-reform,''"]),
        ("‘‘It’s anti-reform,’’ said Mr. Holtz.", ["‘‘It’s anti-reform,’’"]),
        ("«Nous gagnerons», a-t-il dit.", ["«Nous gagnerons»"]),
        # a curly opening mark closed by a straight one still pairs
        (
            '“Immunity deals should not be required," the chairman said.',
            ['“Immunity deals should not be required,"'],
        ),
        # nested quotes stay inside the outer quotation
        (
            "“They called it ‘a hoax,’ and it was not,” he said.",
            ["“They called it ‘a hoax,’ and it was not,”"],
        ),
        ('“He said "no" twice,” she said.', ['“He said "no" twice,”']),
        # single quotes as the quotation marks (British style)
        ("‘We will not retreat,’ the general said.", ["‘We will not retreat,’"]),
        ("He called the products ‘miracles’ on air.", ["‘miracles’"]),
    ],
)
def test_quotation_marks(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The analysts' views differ from the Joneses’ plans in the '90s.",
        "Don't say it's over, the ministers' aides said.",
    ],
)
def test_apostrophes_are_not_quote_marks(text):
    assert quote_regions(text) == []


def test_apostrophe_shapes():
    text = "don't analysts' views '90s"
    assert is_apostrophe(text, 3) and is_apostrophe(text, 14) and is_apostrophe(text, 22)


def test_quotation_continued_over_paragraphs():
    text = '"First part of it.\n\n"Second part.\n\n"Last part," he said.\n\nThe author writes on.'
    quotations = find_quotations(text)
    assert [text[q.start : q.end] for q in quotations] == [
        '"First part of it.',
        '"Second part.',
        '"Last part,"',
    ]
    assert [q.continues for q in quotations] == [None, 0, 1]
    assert [q.closed for q in quotations] == [False, False, True]
    assert continuations(quotations) == {0: [1, 2]}


def test_unbalanced_mark_is_contained_to_its_paragraph():
    text = '“For young people who have left school.\n\nWhen the site examined it, "x" was wrong. "Y" too.'
    assert texts(text) == ["“For young people who have left school.", '"x"', '"Y"']
    assert find_quotations(text)[1].continues is None


def test_stray_straight_mark_does_not_slide():
    # one unpaired straight mark used to pair with the next paragraph's, and so on to the end
    text = 'He said "it is over.\n\n"We won," she said.\n\nThey left. "Fine," he said.'
    regions = texts(text)
    assert regions[-1] == '"Fine,"'
    assert all("\n" not in r for r in regions)


def test_closing_mark_without_opening_in_continued_paragraph():
    text = "“We began here.\n\nand ended there,” she said."
    quotations = find_quotations(text)
    assert text[quotations[1].start : quotations[1].end] == "and ended there,”"
    assert quotations[1].continues == 0


def test_quotation_opening_with_if_keeps_its_first_word(analyze):
    # PolNeAR dev huff-post_2016-09-22: "If" opens the quote; it is no complementiser there
    a = analyze("“If anybody was looking for an off-ramp, this is probably it,” Graham told reporters.")
    assert a.claims[0].span.text.startswith("If anybody was looking")
    b = analyze("The minister asked whether the bridge would reopen in May.")
    assert not any(c.span.text.startswith("whether") for c in b.claims)
