"""Outlet, author and wire agency from a web page's metadata."""

from __future__ import annotations

from types import SimpleNamespace

from reportedly.page_meta import outlet_name, page_metadata, split_byline


def test_outlet_name_known_host_junk_and_fallback():
    assert outlet_name("NYTimes", "www.nytimes.com") == "The New York Times"
    assert outlet_name("Hosted", "www.example-gazette.com") == "example-gazette.com"
    assert outlet_name("LinkNaija | Nigeria's popular news platform", "linknaija.com") == "LinkNaija"
    assert outlet_name("Florida Today", "floridatoday.com") == "Florida Today"
    assert outlet_name(None, None, "https://edition.cnn.com/2024/x") == "CNN"
    assert outlet_name(None, None) is None


def test_byline_keeps_people_and_finds_the_agency():
    assert split_byline("Tom Krisher; Ap Auto Writer") == ("Tom Krisher", "AP")
    assert split_byline("The Associated Press") == (None, "AP")
    assert split_byline("Reuters") == (None, "Reuters")
    assert split_byline("Amy Kuperinsky; NJ Advance Media", "NJ.com") == ("Amy Kuperinsky", None)
    assert split_byline("Jill Disis; CNN Business", "CNN") == ("Jill Disis", None)
    assert split_byline("Staff Reports") == (None, None)
    assert split_byline(None) == (None, None)


def test_page_metadata():
    doc = SimpleNamespace(
        title="Troops arrive",
        url="https://apnews.com/article/x",
        date="2024-10-09",
        hostname="apnews.com",
        sitename="Hosted",
        author="Jane Doe; AP Writer",
    )
    meta = page_metadata(doc)
    assert meta == {
        "title": "Troops arrive",
        "url": "https://apnews.com/article/x",
        "date": "2024-10-09",
        "hostname": "apnews.com",
        "sitename": "AP",
        "author": "Jane Doe",
        "wire": "AP",
    }
