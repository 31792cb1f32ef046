"""`reportedly eval claims`: gold loading, name comparison, locating gold text, alignment and fields."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.evaluate import claims as ev
from tests.conftest import ROOT, SHARED

PAGES = ROOT / "benchmarks" / "data" / "pages"
HTML = SHARED / "data" / "aeb" / "html"


def gold(text: str, chain: list[str] | None = None, **kw) -> ev.GoldClaim:
    chain = chain or []
    base = {
        "source_kind": "named" if chain else "author",
        "certainty": "asserted",
        "polarity": "positive",
        "voice": "reporting",
        "relation": None,
    }
    base.update(kw)
    return ev.GoldClaim(text=text, chain=chain, **base)


def test_names_match_is_lenient_on_case_titles_the_and_last_names():
    assert ev.names_match("Zabihullah Mujahid", "Mujahid")
    assert ev.names_match("Donald Trump", "President Trump")
    assert ev.names_match("the White House", "White House")
    assert ev.names_match("US military statement", "statement")
    assert ev.names_match("China’s ambassador to Britain Liu Xiaming", "China's ambassador")
    assert ev.names_match("People’s Daily", "People's Daily")


def test_names_match_refuses_different_sources():
    assert not ev.names_match("Zabihullah Mujahid", "Afghan government")
    assert not ev.names_match("China’s ambassador to Britain Liu Xiaming", "China")
    assert not ev.names_match("Reuters", "Bloomberg")
    assert not ev.names_match("author", "")


def test_locate_folds_quotes_dashes_and_spaces_and_keeps_reading_order():
    text = "He said: “It’s over —  now.” Later: “It’s over — now.”"
    spans = ev.locate(text, ["It's over - now.", "It’s over — now."])
    assert spans[0] is not None and spans[1] is not None
    assert spans[1][0] > spans[0][0]
    assert text[spans[0][0] : spans[0][1]].startswith("It’s over")
    assert ev.locate(text, ["never written"]) == [None]


def test_align_matches_by_overlap_and_compares_fields(analyze):
    analysis = analyze(
        "Police said the suspect fled the city on Monday. The weather was cold all week in the north."
    )
    page = ev.GoldPage(
        "t",
        "",
        "test",
        [
            gold("the suspect fled the city on Monday", ["police"], source_kind="vague"),
            gold("The weather was cold all week in the north.", ["Met Office"]),
            gold("This sentence is not in the text at all."),
        ],
        path=PAGES,
    )
    result = ev.align(analysis, page)
    assert len(result.pairs) == 2
    first, second = result.pairs
    assert first.right["chain"] and first.right["source"] and first.right["source_kind"]
    assert not second.right["chain"] and not second.right["all"]
    assert result.missed[0][1] == "not in the cleaned text"
    assert result.real_pred == result.n_pred == 2
    summary = ev.summarise([result])
    assert summary["claim_recall"] == round(100 * 2 / 3, 1)
    assert summary["fields"]["chain"] == 50.0


def test_a_claim_outside_every_gold_claim_is_not_a_real_claim(analyze):
    analysis = analyze("Police said the suspect fled the city on Monday. The weather was cold all week.")
    page = ev.GoldPage("t", "", "test", [gold("the suspect fled the city on Monday", ["police"])], path=PAGES)
    result = ev.align(analysis, page)
    assert result.n_pred == 2 and result.real_pred == 1
    assert "weather" in result.spurious[0]


def test_bad_gold_is_a_one_line_error_naming_file_and_claim(tmp_path):
    bad = {
        "id": "x",
        "claims": [
            {
                "text": "a",
                "chain": [],
                "source_kind": "author",
                "certainty": "sure",
                "polarity": "positive",
                "voice": "reporting",
                "relation": None,
            }
        ],
    }
    path = tmp_path / "x.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ev.GoldError, match=r"x.json: claim 1: certainty 'sure'"):
        ev.load_page(path)
    bad["claims"][0].update(certainty="asserted", chain=["Reuters"])
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ev.GoldError, match="source_kind 'author'"):
        ev.load_page(path)


def test_every_labelled_page_loads_and_its_claims_are_in_the_article_body():
    pages = ev.load_pages(PAGES)
    assert len(pages) >= 15
    assert sum(p.style.startswith("opinion") for p in pages) >= 3
    truth = SHARED / "data" / "aeb" / "ground-truth.json"
    if not truth.exists():
        pytest.skip("article-extraction benchmark not present")
    bodies = json.loads(truth.read_text(encoding="utf-8"))
    for page in pages:
        for claim in page.claims:
            assert claim.text in bodies[page.id]["articleBody"], (page.id, claim.text)


@pytest.mark.skipif(not HTML.exists(), reason="article-extraction benchmark pages not present")
def test_eval_claims_command_on_two_pages(tmp_path):
    out = tmp_path / "r.json"
    result = CliRunner().invoke(
        app, ["eval", "claims", str(PAGES), "--html", str(HTML), "--limit", "2", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert summary["pages"] == 2 and len(summary["per_page"]) == 2
    assert summary["gold_claims"] > 0 and 0 < summary["claim_recall"] <= 100
    assert set(summary["fields"]) >= {"source", "chain", "voice", "all"}


def test_eval_claims_command_fails_clearly_without_pages(tmp_path):
    result = CliRunner().invoke(app, ["eval", "claims", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "not a directory of labelled pages" in result.output
