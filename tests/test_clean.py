"""Debris removal and the offset map back to the original text."""

from __future__ import annotations

from reportedly.clean import clean, is_caption, outlet_from_url, split_paragraphs

ARTICLE = """Officials said the dam was damaged on Tuesday.

Kim Jong-un

Engineers are inspecting it. Repairs may take weeks.

North Korean and Russian flags

Original article: https://www.toutiao.com/article/7523045937829134902/

Statement: The article represents the views of the author. Click the 【Like/Dislike】 buttons below."""


def test_debris_removed_and_kept_as_metadata():
    c = clean(ARTICLE)
    assert [p.text for p in c.debris.captions] == ["Kim Jong-un", "North Korean and Russian flags"]
    assert c.debris.original_url == "https://www.toutiao.com/article/7523045937829134902/"
    assert c.debris.outlet == "toutiao"
    assert c.debris.footers[0].text.startswith("Statement:")
    assert "Kim Jong-un" not in c.text and "Statement" not in c.text and "http" not in c.text
    assert c.text == (
        "Officials said the dam was damaged on Tuesday.\n\n"
        "Engineers are inspecting it. Repairs may take weeks."
    )


def test_offsets_map_back_to_original():
    c = clean(ARTICLE)
    start = c.text.index("Repairs")
    end = start + len("Repairs may take weeks")
    o0, o1 = c.offsets.to_original(start), c.offsets.to_original(end)
    assert c.original[o0:o1] == "Repairs may take weeks"
    for s in range(0, len(c.text), 7):
        if c.text[s] not in "\n":
            assert c.original[c.offsets.to_original(s)] == c.text[s]


def test_offsets_map_original_text_to_cleaned():
    c = clean(ARTICLE)
    start = c.original.index("Repairs")
    a, b = c.offsets.to_clean(start), c.offsets.to_clean(start + len("Repairs"))
    assert c.text[a:b] == "Repairs"
    assert c.offsets.to_clean(c.original.index("Statement:")) is None  # a footer the cleaner took out


def test_caption_heuristic():
    assert is_caption("Vladimir Putin")
    assert is_caption("Photo: Residents queue for water in Kharkiv, March 3.")
    assert not is_caption("The army withdrew.")
    assert not is_caption(
        "This is a long paragraph of ordinary body text that goes on and on "
        "without ever ending in punctuation but has many many words in it"
    )


def test_single_newline_paragraphs():
    pieces = split_paragraphs("First line here.\nSecond line here.\n")
    assert [p.text for p in pieces] == ["First line here.", "Second line here."]


def test_outlet_from_url():
    assert outlet_from_url("https://www.bbc.co.uk/news/world-1") == "bbc"
    assert outlet_from_url("https://edition.cnn.com/2024/10/x") == "cnn"
    assert outlet_from_url("https://news.sina.com.cn/x") == "sina"
