"""Debris removal and the offset map back to the original text."""

from __future__ import annotations

import pytest

from reportedly.clean import clean, is_caption, is_subhead, outlet_from_url, split_paragraphs, wire_of_host

ARTICLE = """Officials said the dam was damaged on Tuesday.

Kim Jong-un

Engineers are inspecting it. Repairs may take weeks.

North Korean and Russian flags

Original article: https://www.toutiao.com/article/7523045937829134902/

Statement: The article represents the views of the author. Click the 【Like/Dislike】 buttons below."""


def test_debris_removed_and_kept_as_metadata():
    c = clean(ARTICLE)
    assert c.debris.original_url == "https://www.toutiao.com/article/7523045937829134902/"
    assert c.debris.outlet == "toutiao"
    assert c.debris.footers[0].text.startswith("Statement:")
    assert "Statement" not in c.text and "http" not in c.text
    # short title-like lines are never cut: they stay in the text, marked as subheads
    assert c.text == (
        "Officials said the dam was damaged on Tuesday.\n\nKim Jong-un\n\n"
        "Engineers are inspecting it. Repairs may take weeks.\n\nNorth Korean and Russian flags"
    )
    assert [c.text[a:b] for a, b in c.subheads] == ["Kim Jong-un", "North Korean and Russian flags"]


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


def test_caption_and_subhead():
    assert not is_caption("Vladimir Putin") and is_subhead("Vladimir Putin")
    assert is_caption("Photo: Residents queue for water in Kharkiv, March 3.")
    assert is_caption("(Graphic: How the vote works)")
    assert is_caption("Protesters gather in Hong Kong. (Photo: Anthony Kwan/Getty Images)")
    assert not is_caption("The army withdrew.") and not is_subhead("The army withdrew.")
    assert not is_subhead("- baby carrier")  # a list item is body text
    assert not is_subhead("— The Nigerian Senate (@NGRSenate) October 9, 2018")
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


ARTICLE_WITH_BOILERPLATE = """Troops arrive

Officials said the dam was damaged on Tuesday.

Read more: Why the dam matters

Thanks for signing up!

What happens next

- Engineers inspect the wall
- Repairs may take weeks

Related:

- Dam failures in history
- Who pays for repairs

Subscribe to our Morning Briefing newsletter

Follow us on Twitter and Facebook.

The ministry said repairs would start soon.
(Reporting by Jane Doe; Editing by John Roe)"""


def test_only_explicit_boilerplate_cut_subheads_and_lists_kept():
    c = clean(ARTICLE_WITH_BOILERPLATE, title="Troops arrive")
    assert c.debris.title is not None and c.debris.title.text == "Troops arrive"
    assert [p.text for p in c.debris.boilerplate] == [
        "Read more: Why the dam matters",
        "Thanks for signing up!",
        "Related:",
        "- Dam failures in history\n- Who pays for repairs",
        "Subscribe to our Morning Briefing newsletter",
        "Follow us on Twitter and Facebook.",
    ]
    assert c.text == (
        "Officials said the dam was damaged on Tuesday.\n\nWhat happens next\n\n"
        "- Engineers inspect the wall\n- Repairs may take weeks\n\n"
        "The ministry said repairs would start soon."
    )
    assert [c.text[a:b] for a, b in c.subheads] == ["What happens next"]
    assert [p.text for p in c.debris.credits] == ["(Reporting by Jane Doe; Editing by John Roe)"]
    assert c.debris.wire == "Reuters"  # that credit line is Reuters house style
    for piece in [*c.debris.boilerplate, *c.debris.credits]:
        assert c.original[piece.start : piece.end] == piece.text


@pytest.mark.parametrize(
    ("opening", "place", "wire"),
    [
        ("LONDON (AP) — ", "London", "AP"),
        ("WASHINGTON (Reuters) - ", "Washington", "Reuters"),
        ("BEIRUT, Jan 5 (Reuters) - ", "Beirut", "Reuters"),
        ("PARIS, Nov. 19, 2019 (AFP) — ", "Paris", "AFP"),
        ("ST. LOUIS, Mo. — ", "St. Louis, Mo.", None),
        ("BERLIN -- ", "Berlin", None),
        ("Dec 29 (Reuters) - ", None, "Reuters"),
        ("Mexico City (AFP) – ", "Mexico City", "AFP"),
    ],
)
def test_datelines_become_metadata(opening, place, wire):
    body = "The minister said on Monday that taxes would rise."
    c = clean(f"{opening}{body}\n\nShe did not say by how much.")
    assert c.text.startswith(body)
    assert (c.debris.dateline, c.debris.wire) == (place, wire)
    (piece,) = c.debris.datelines
    assert c.original[piece.start : piece.end] == piece.text == opening.strip()
    assert c.original[c.offsets.to_original(0) :].startswith(body)


def test_no_dateline_in_ordinary_openings():
    openings = (
        "Intro.\n\nUS FALLS\n\nThe team lost 2-1.",
        "NATO said on Monday - in a statement - it acts.",
        "SIEGEL--Jerome Arthur, 98, of Mamaroneck, New York, passed away Friday.",  # an obituary
        "EXCLUSIVE – The senator said he would run.",
    )
    for text in openings:
        c = clean(text)
        assert c.debris.dateline is None and not c.debris.datelines
    c = clean("Intro line here.\n\nBAAR, SWITZERLAND\n\nAscom announced a partnership.")
    assert c.debris.dateline == "Baar, Switzerland"
    assert "BAAR" not in c.text


def test_credit_lines_and_wire():
    c = clean(
        "The vote went ahead.\n\n(Graphic: How the vote works)\n\n"
        "Associated Press writer Jo Bo in Rome contributed to this report."
    )
    assert c.text == "The vote went ahead."
    assert c.debris.wire == "AP"
    assert [p.text for p in c.debris.captions] == ["(Graphic: How the vote works)"]
    c = clean("Prices rose.\n\nAdditional reporting by Sam Lee")
    assert c.text == "Prices rose." and c.debris.wire is None


def test_embedded_posts_and_poll_names_are_article_text():
    tweet = (
        "I'm thrilled to announce my running mate, @TimKaine. pic.twitter.com/lTVyfztE5Z SIGN UP FOR OUR "
        "NEWSLETTER — Hillary Clinton (@HillaryClinton) July 23, 2016"
    )
    poll = "The Reuters/Ipsos poll showed Clinton doing better than in other post-debate polls."
    text = f"The campaign confirmed the pick.\n\n{tweet}\n\n{poll}"
    assert clean(text).text == text


def test_a_paragraph_mentioning_subscribers_is_not_boilerplate():
    text = (
        "Netflix said it had added 2 million subscribers, and analysts who follow the company on Twitter "
        "said the figure was better than expected."
    )
    assert clean(text).text == text


def test_wire_of_host():
    assert wire_of_host("https://apnews.com/article/x") == "AP"
    assert wire_of_host("https://www.reuters.com/world/x") == "Reuters"
    assert wire_of_host("https://www.bbc.co.uk/news/x") is None


def test_analysis_carries_wire_dateline_and_subheads(analyze):
    a = analyze(
        "MOSCOW (Reuters) - The ministry said on Monday that prices would rise.\n\n"
        "Officials say the plan failed\n\n"
        "Analysts said the rise would be small.\n\n"
        "(Reporting by Jane Doe; Editing by John Roe)"
    )
    doc = a.document
    assert (doc.wire, doc.dateline) == ("Reuters", "Moscow")
    assert [s.text for s in doc.subheads] == ["Officials say the plan failed"]
    assert [d.text for d in a.debris.datelines] == ["MOSCOW (Reuters) -"]
    assert [d.text for d in a.debris.credits] == ["(Reporting by Jane Doe; Editing by John Roe)"]
    assert "Reuters" not in doc.text and "Reporting by" not in doc.text
    claims = [c.span.text for c in a.claims]
    assert any("prices would rise" in c for c in claims) and any("would be small" in c for c in claims)
    assert not any("plan failed" in c for c in claims)


def test_table_rows_kept_and_marked():
    table = "| Pos. | Driver | Points |\n| 1 | Kyle Busch | 5040 |"
    c = clean(f"Standings after the race:\n\n{table}\n\nMore races follow.")
    assert "| 1 | Kyle Busch | 5040 |" in c.text
    assert [c.text[a:b] for a, b in c.tables] == [table]


def test_platform_buttons_are_boilerplate():
    c = clean(
        "Officials said the dam held.\n\nClick the 【Like/Dislike】 buttons below.\n\n"
        "Scan the QR code to follow."
    )
    assert c.text == "Officials said the dam held."
    assert len(c.debris.boilerplate) == 2


# Paragraphs PolNeAR's annotators marked Discard (not the article's own text), from its train and
# dev articles; each must leave the analysed text, and the article paragraphs beside them stay.
DISCARDED = [
    "Editor’s note: Donald Trump regularly incites political violence and is a serial liar, rampant "
    "xenophobe, racist, misogynist and birther who has repeatedly pledged to ban all Muslims.",
    "Correction: An earlier version of this article incorrectly listed when the “War On Drugs” was "
    "introduced. It was first declared by President Richard Nixon in the 1970s.",
    "CORRECTION APPENDED.",
    "This story has been updated with additional reactions from members of Congress and refugee advocates.",
    "This piece has been updated with comments from Erin Brockovich and Snyder’s office.",
    "As published in the International New York Times.",
    "This piece first appeared on Global Risk Insights.",
    "Watch the full video of\u00a0Beck’s remarks below:",
    "Read part 1 here, and part 2 here.",
    "For more from The Huffington Post, download our app for iOS or Android.",
    "Do you support Donald Trump? Like the page:",
    "Bryant Rousseau and Caryn Wilson contributed reporting.",
    "--additional reporting from Darren Samuelsohn.",
    "[Video: FULL SPEECH: President Obama Speech at Black Caucus Foundation in Washington DC (9/17/16) "
    "Watch on YouTube.]",
    "We Are Sorry,This video is restricted from playing in your locationEcode: 17.",
]
KEPT = [
    "Corrections officers said the inmate escaped on Tuesday.",
    "Clinton is the Democratic nominee and will debate Trump on Monday.",
    "Comey is the director of the FBI, which he has led since 2013.",
    "Trump, who is a former reality host, is the Republican nominee.",
    "Read the statement, Mr. Obama said, and decide for yourselves.",
]


@pytest.mark.parametrize("paragraph", DISCARDED)
def test_discarded_boilerplate_leaves_the_text(paragraph):
    text = f"The senator spoke on Tuesday.\n\n{paragraph}\n\nShe left the chamber early."
    c = clean(text)
    assert c.text == "The senator spoke on Tuesday.\n\nShe left the chamber early.", c.text


@pytest.mark.parametrize("paragraph", KEPT)
def test_article_sentences_like_boilerplate_stay(paragraph):
    for where in (
        f"The senator spoke.\n\n{paragraph}\n\nShe left.",
        f"The senator spoke.\n\nShe left.\n\n{paragraph}",
    ):
        assert paragraph in clean(where).text


def test_an_authors_bio_closing_the_article_is_a_credit():
    for bio in (
        "Aaron Kall is director of debate at the University of Michigan.",
        "Joel B. Pollak is Senior Editor-at-Large at Breitbart News.",
        "Jason Linkins edits “Eat The Press” for The Huffington Post and co-hosts its politics podcast.",
        "Michael Haltzel, former foreign policy advisor to Vice President (then-Senator) Joseph R. "
        "Biden, Jr., is Senior Fellow at the Center for Transatlantic Relations.",
    ):
        c = clean(f"The debate starts at nine.\n\nBoth campaigns agreed.\n\n{bio}")
        assert c.text == "The debate starts at nine.\n\nBoth campaigns agreed.", bio
        assert [p.text for p in c.debris.credits] == [bio]
        # the same sentence early in the article is article text
        assert (
            bio
            in clean(f"The debate starts at nine.\n\n{bio}\n\nBoth campaigns agreed.\n\nIt ends at ten.").text
        )


def test_headlines_listed_under_a_quoted_related_head_are_boilerplate():
    text = (
        "Paul argued that U.S. military spending dwarfs that of the rest of the world.\n\n"
        '"Related:"\n\n'
        "GOP Candidates Resoundingly Reject The Idea Of A Minimum Wage Hike.\n\n"
        "Rand Paul Scores Direct Hit On Donald Trump.\n\n"
        "The exchange continued after the break, when Rubio answered."
    )
    c = clean(text)
    assert c.text == (
        "Paul argued that U.S. military spending dwarfs that of the rest of the world.\n\n"
        "The exchange continued after the break, when Rubio answered."
    )


def test_a_line_of_no_break_spaces_separates_paragraphs():
    text = "He said so in August.\n\u00a0\nEditor’s note: Donald Trump regularly incites political violence."
    c = clean(text)
    assert c.text == "He said so in August." and c.debris.footers[0].text.startswith("Editor’s note")


def test_markup_tags_left_in_plain_text_are_debris():
    text = (
        "The candidates reacted on Twitter.\n\n"
        '<tweet pic="" author="realDonaldTrump" tweet_id="667777348029292544">I didn’t suggest a '
        "database-a reporter did.</tweet>\n\n"
        "<a href=”https://storify.com/x” target=”_blank”>A Trump Rally in Greensboro</a>\n\n"
        "If x < 3 and y > 2, the poll said so."
    )
    c = clean(text)
    assert c.text == (
        "The candidates reacted on Twitter.\n\nI didn’t suggest a database-a reporter did.\n\n"
        "A Trump Rally in Greensboro\n\nIf x < 3 and y > 2, the poll said so."
    )
    tags = [p.text for p in c.debris.boilerplate]
    assert tags[1:] == ["</tweet>", "<a href=”https://storify.com/x” target=”_blank”>", "</a>"]
    assert all(text[p.start : p.end] == p.text for p in c.debris.boilerplate)
    start = c.text.index("I didn’t")
    assert text[c.offsets.to_original(start) :].startswith("I didn’t")
    # a tag inside a sentence stays there: no sentence is cut in two; tags-only paragraphs go whole
    inline = 'The bridge "><img src=x onerror=alert(1)> reopened.\n\n<tweet id="7"><tweet/>.\n\nEnd.'
    assert clean(inline).text == 'The bridge "><img src=x onerror=alert(1)> reopened.\n\nEnd.'


def test_a_debris_line_inside_a_paragraph_of_lines_is_cut():
    """PolNeAR texts separate most paragraphs by a single newline and a few by blank lines."""
    text = (
        "Trump’s Economic Policy Could Backfire.\n\n"
        "Goodlatte said the expansion was simply a continuation of the policy.\n"
        "Follow him on Twitter @goodlatte\n"
        "He left the chamber early.\n"
        "This story has been updated with additional reactions from members of Congress.\n"
        "Editor’s note: Donald Trump regularly\nincites\npolitical violence."
    )
    c = clean(text)
    assert c.text == (
        "Trump’s Economic Policy Could Backfire.\n\n"
        "Goodlatte said the expansion was simply a continuation of the policy.\n\n"
        "He left the chamber early."
    )
    assert [p.text for p in c.debris.boilerplate] == ["Follow him on Twitter @goodlatte"]
    # a note takes the rest of its paragraph, however many lines it was broken into
    assert [p.text[:20] for p in c.debris.footers] == ["This story has been "]
    assert c.debris.footers[0].text.endswith("political violence.")
    assert all(text[o : o + n] == c.text[s : s + n] for s, o, n in c.offsets.segments())
    # a paragraph of lines with no debris line is left as it was
    kept = "First line of the paragraph.\nSecond line, still the same paragraph."
    assert clean(f"Head.\n\n{kept}").text == f"Head.\n\n{kept}"


def test_a_newspaper_correction_is_a_note():
    for note in (
        "An article in some editions on Nov. 26 about the financial struggles of American golf courses "
        "misstated part of the history of the course.",
        "Because of an editing error, an article on Wednesday about Hillary Clinton's path to the "
        "nomination misstated the year.",
        "You can receive this daily update every weekday morning via email.",
    ):
        assert clean(f"The course opened in 1962.\n\n{note}").text == "The course opened in 1962.", note
    for news in (
        "An article published by the Times on Monday said the senator had misstated his income.",
        "A report on Tuesday by the inspector general found the agency had incorrectly classified emails.",
        "An article on Monday about the senator said he had misstated his income, his office said.",
    ):
        assert news in clean(f"The course opened in 1962.\n\n{news}").text, news
