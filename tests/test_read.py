"""Reading bad and unusual input: a clear error naming the file, or a correct decode."""

from __future__ import annotations

import pytest

from reportedly.read import InputError, read_bytes, read_path

TEXT = "CNN reported that the Ukrainian side stated that 30,000 soldiers arrived. — «ok» café"


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"nope\.txt: no such file"):
        read_path(str(tmp_path / "nope.txt"))


def test_directory(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read_path(str(tmp_path))


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"  \n\n")
    with pytest.raises(InputError, match=r"empty\.txt: empty input"):
        read_path(str(p))


def test_binary_file(tmp_path):
    p = tmp_path / "image.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(InputError, match=r"image\.png: looks like a binary file"):
        read_path(str(p))


def test_too_large(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(b"word " * 2_100_000)  # 10.5 MB
    with pytest.raises(InputError, match=r"big\.txt: file is 10\.5 MB, over the 5\.0 MB limit"):
        read_path(str(p))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"])
def test_encodings(tmp_path, encoding):
    text = TEXT if encoding not in ("latin-1",) else TEXT.replace("—", "-")
    p = tmp_path / "a.txt"
    p.write_bytes(text.encode(encoding))
    assert read_path(str(p)).text == text


def test_gb18030(tmp_path):
    text = (
        "美国有线电视新闻网报道，朝鲜正准备向俄罗斯增派约三万名士兵，使总人数超过四万。"
        "乌克兰方面表示这些部队将参与作战。"
    )
    p = tmp_path / "zh.txt"
    p.write_bytes(text.encode("gb18030"))
    raw = read_path(str(p))
    assert raw.text == text
    assert raw.encoding.replace("_", "").lower() in ("gb18030", "gbk", "gb2312")


def test_crlf_normalised():
    assert read_bytes(b"one\r\ntwo\r\n", "x.txt").text == "one\ntwo\n"


def test_html_main_text_extracted(tmp_path):
    html = """<html><head><title>Troops | Example News</title></head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Troops arrive</h1>
    <p>CNN reported that the Ukrainian Defense Intelligence Administration disclosed that North
    Korea is preparing to send about 30,000 additional soldiers to Russia.</p>
    <p>This information was subsequently confirmed by intelligence agencies of several Western
    countries, officials said on Tuesday in a lengthy statement to the press.</p></article>
    <footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>"""
    p = tmp_path / "a.html"
    p.write_text(html, encoding="utf-8")
    raw = read_path(str(p))
    assert raw.fmt == "html"
    assert "30,000 additional soldiers" in raw.text
    assert "Home" not in raw.text and "All rights reserved" not in raw.text


def test_malformed_html_is_an_error_or_text(tmp_path):
    p = tmp_path / "broken.html"
    p.write_bytes(b"<html><body><div><p>unclosed <b>bold <i>x</html>\x00garbage")
    try:
        raw = read_path(str(p))
    except InputError as exc:  # refused: the message names the file
        assert "broken.html" in str(exc)
    else:  # a stray NUL is dropped and the readable text kept
        assert raw.text.startswith("unclosed bold") and "\x00" not in raw.text


def test_malformed_but_readable_html_decodes(tmp_path):
    p = tmp_path / "sloppy.htm"
    p.write_text(
        "<html><body><p>The minister said that the bridge reopened on Monday.<div></b></i>"
        "<p>Traffic resumed within hours, officials said.</span>",
        encoding="utf-8",
    )
    raw = read_path(str(p))
    assert "the bridge reopened on Monday" in raw.text and "Traffic resumed" in raw.text


def test_html_with_no_text(tmp_path):
    p = tmp_path / "nav.html"
    p.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match=r"nav\.html: no article text"):
        read_path(str(p))


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_decoded(tmp_path, encoding):
    p = tmp_path / "u16.txt"
    p.write_bytes("The ministry said that the port reopened on Monday.".encode(encoding))
    raw = read_path(str(p))
    assert raw.encoding == encoding and raw.text.startswith("The ministry said")


def test_a_stream_without_size_is_read_up_to_the_limit():
    with pytest.raises(InputError, match=r"/dev/zero: input is over the"):
        read_path("/dev/zero", max_bytes=10_000)


def test_whitespace_only_text_is_an_error(tmp_path):
    p = tmp_path / "blank.txt"
    p.write_text(" \n\t\n ")
    with pytest.raises(InputError, match=r"blank\.txt: empty input"):
        read_path(str(p))


def test_html_nested_past_the_parser_limit_is_read(tmp_path):
    body = "<p>The minister said on Monday that the talks would resume next week in Geneva.</p>"
    p = tmp_path / "deep.html"
    p.write_text(f"<html><body>{'<div>' * 300}<article>{body * 3}</article>{'</div>' * 300}</body></html>")
    assert "talks would resume" in read_path(str(p)).text


def test_html_metadata_outlet_author_date_wire():
    html = """<html><head><title>Troops arrive | Hosted</title>
    <meta property="og:site_name" content="Hosted">
    <meta name="author" content="Jane Doe; AP Writer">
    <meta property="article:published_time" content="2024-10-09T08:00:00Z">
    <link rel="canonical" href="https://www.example-gazette.com/world/troops-arrive">
    </head><body><article><h1>Troops arrive</h1>
    <p>KYIV, Ukraine (AP) — Officials said on Tuesday that North Korea is preparing to send about
    30,000 additional soldiers to Russia, according to a statement released by the ministry.</p>
    <p>This information was subsequently confirmed by intelligence agencies of several Western
    countries, officials said on Tuesday in a lengthy statement to the press.</p></article></body></html>"""
    raw = read_bytes(html.encode("utf-8"), "a.html", suffix=".html")
    assert raw.meta["sitename"] == "example-gazette.com"  # "Hosted" is no outlet's name
    assert raw.meta["author"] == "Jane Doe" and raw.meta["wire"] == "AP"
    assert raw.meta["date"] == "2024-10-09"


def test_alternating_nul_bytes_are_binary_not_utf16(tmp_path):
    p = tmp_path / "x.txt"
    p.write_bytes(b"\x00\x01" * 100)
    with pytest.raises(InputError, match="looks like a binary file"):
        read_path(str(p))


def test_gzip_compressed_pages_and_text_are_read(tmp_path):
    """Web archives and crawls keep pages gzip-compressed (the article-extraction benchmark's
    pages are .html.gz): read as the file inside would be."""
    import gzip

    body = "<p>" + "The council approved the budget on Tuesday after a long debate. " * 3 + "</p>"
    page = tmp_path / "page.html.gz"
    page.write_bytes(gzip.compress(f"<html><body><article>{body}</article></body></html>".encode()))
    raw = read_path(str(page))
    assert raw.fmt == "html" and "approved the budget" in raw.text
    text = tmp_path / "note.txt.gz"
    text.write_bytes(gzip.compress("Café owners said prices rose.".encode()))
    assert read_path(str(text)).text == "Café owners said prices rose."


def test_gzip_that_unpacks_past_the_limit_or_is_damaged_is_a_clear_error(tmp_path):
    import gzip

    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * 2_000_000))  # a few kilobytes on disk
    with pytest.raises(InputError, match=r"bomb.txt.gz: unpacks to over the 1.0 MB limit"):
        read_path(str(bomb), max_bytes=1_000_000)
    cut = tmp_path / "cut.html.gz"
    cut.write_bytes(gzip.compress(b"<html><body><p>text</p></body></html>" * 50)[:40])
    with pytest.raises(InputError, match=r"cut.html.gz: gzip-compressed but (cut short|damaged)"):
        read_path(str(cut))


def test_a_directory_of_compressed_pages_is_ingested_page_by_page(tmp_path):
    import gzip

    from reportedly.ledger.readers import iter_records

    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(b"The mayor said the bridge will reopen in May."))
    (tmp_path / "b.txt").write_text("Officials said the vote was delayed.", encoding="utf-8")
    (tmp_path / "c.csv.gz").write_bytes(gzip.compress(b"a,b\n1,2\n"))  # not an article: skipped
    records = list(iter_records([str(tmp_path)]))
    assert [r.error for r in records] == [None, None]
    assert "bridge will reopen" in records[0].raw.text and "vote was delayed" in records[1].raw.text
