"""The command line, run as a user would run it (a subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import SEED, SHARED


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reportedly.cli", *args], input=stdin, capture_output=True, timeout=300
    )


@pytest.mark.skipif(not SEED.exists(), reason="shared sample not present")
def test_analyze_report_and_json():
    out = run("analyze", str(SEED))
    assert out.returncode == 0, out.stderr.decode()
    report = out.stdout.decode()
    assert "CNN" in report and "Defence Intelligence of Ukraine" in report
    assert "Author's commentary" in report and "Removed debris" in report
    out = run("analyze", str(SEED), "--json")
    data = json.loads(out.stdout)
    assert data["schema_version"] == "1.0"
    assert any(c["chain"][0]["source"]["name"] == "CNN" for c in data["claims"])


def test_report_says_its_codes_in_words():
    text = b"Officials said the dam may have cracked. The ministry said the bridge did not collapse."
    out = run("analyze", "-", stdin=text)
    report = out.stdout.decode()
    assert "[possibly PS+] the dam may have cracked" in report
    assert "[certainly not CT-] the bridge did not collapse" in report
    assert "hedges: may" in report and "negation: not" in report and "hedges: not" not in report
    assert "How to read this" in report and "PR+ probably" in report and "Uu uncommitted" in report


def test_stdin():
    out = run("analyze", "-", "--json", stdin=b"The ministry said that the dam had burst.")
    assert out.returncode == 0
    data = json.loads(out.stdout)
    assert data["document"]["origin"] == "<stdin>"
    assert data["claims"][0]["chain"][0]["cue"]["text"] == "said"


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: str(d / "missing.txt"), "missing.txt: no such file"),
        (lambda d: ((d / "e.txt").write_text("") and None) or str(d / "e.txt"), "e.txt: empty input"),
        (
            lambda d: ((d / "b.bin").write_bytes(b"\x00\x01\x02" * 100) and None) or str(d / "b.bin"),
            "b.bin: looks like a binary file",
        ),
    ],
)
def test_bad_input_one_line_error(tmp_path, setup, message):
    out = run("analyze", setup(tmp_path))
    err = out.stderr.decode()
    assert out.returncode == 2
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_unknown_model_is_a_clear_error():
    out = run("analyze", "-", "--model", "no_such_pipeline_xyz", stdin=b"Some text here.")
    err = out.stderr.decode()
    assert out.returncode == 2 and "no_such_pipeline_xyz" in err and "Traceback" not in err


def test_schema_command():
    out = run("schema")
    schema = json.loads(out.stdout)
    assert "Claim" in schema["$defs"] and "ChainLink" in schema["$defs"]


DEV = SHARED / "data" / "polnear" / "dev"


@pytest.mark.skipif(not DEV.exists(), reason="PolNeAR dev not present")
def test_eval_attribution_writes_results(tmp_path):
    out_file = tmp_path / "res.json"
    out = run("eval", "attribution", str(DEV), "--limit", "2", "--out", str(out_file))
    assert out.returncode == 0, out.stderr.decode()
    data = json.loads(out_file.read_text())
    assert data["articles"] == 2
    assert set(data["overall"]) == {"source", "cue", "content"}
    assert 0 <= data["overall"]["source"]["exact"]["f1"] <= 100
    assert "source" in out.stdout.decode()


@pytest.mark.skipif(not DEV.exists(), reason="PolNeAR dev not present")
def test_eval_attribution_with_the_context_tagger(tmp_path):
    out_file = tmp_path / "res.json"
    out = run(
        "eval", "attribution", str(DEV), "--limit", "1", "--attribution", "context", "--out", str(out_file)
    )
    assert out.returncode == 0, out.stderr.decode()
    data = json.loads(out_file.read_text())
    assert data["attribution"] == "context" and data["articles"] == 1
    assert data["overall"]["cue"]["exact"]["f1"] > 0


def test_unknown_attribution_mode_is_a_clear_error():
    out = run("analyze", "-", "--attribution", "bogus", stdin=b"The mayor said so.")
    err = out.stderr.decode()
    assert out.returncode == 2 and "'bogus' is not a mode" in err and "Traceback" not in err


def test_eval_attribution_bad_directory(tmp_path):
    out = run("eval", "attribution", str(tmp_path))
    err = out.stderr.decode()
    assert out.returncode == 2 and "expected text/ and attributions/" in err and "Traceback" not in err


@pytest.mark.skipif(not DEV.exists(), reason="PolNeAR dev not present")
def test_eval_agreement_prints_and_writes(tmp_path):
    out_file = tmp_path / "agree.json"
    out = run("eval", "agreement", str(DEV), "--out", str(out_file))
    assert out.returncode == 0, out.stderr.decode()
    data = json.loads(out_file.read_text())
    assert data["shared_articles"] >= 1 and data["pairs"] >= data["shared_articles"]
    assert "Annotator agreement" in out.stdout.decode()


def test_eval_agreement_without_double_annotation_fails_clearly(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "p_2016-01-01_x.txt").write_text("He said so.", encoding="utf-8")
    (tmp_path / "attributions" / "p_2016-01-01_x_a.ann").write_text("", encoding="utf-8")
    out = run("eval", "agreement", str(tmp_path))
    err = out.stderr.decode()
    assert (
        out.returncode == 2
        and "no article has more than one annotation file" in err
        and "Traceback" not in err
    )


def test_boosters_are_not_listed_as_hedges():
    out = run("analyze", "-", stdin=b"Officials said the troops had indeed crossed the river.")
    report = out.stdout.decode()
    assert "[certain CT+]" in report and "boosters: indeed" in report and "hedges: indeed" not in report


def test_eval_debris_counts_claims_made_from_discarded_text(tmp_path):
    """A hand-made compartment: one article whose closing editor's note an annotator discarded,
    and whose first sentence is an annotated attribution."""
    text = (
        "The mayor said the bridge would reopen on Monday.\n\n"
        "Engineers inspected it for three days.\n\n"
        "Editor’s note: The mayor is a serial liar who has repeatedly misled voters about the bridge."
    )
    note = text.index("Editor")
    ann = (
        "T1\tSource 0 9\tThe mayor\nT2\tCue 10 14\tsaid\nT3\tContent 15 49\t"
        + text[15:49]
        + "\nT4\tAttribution 10 14\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        + f"T5\tDiscard {note} {len(text)}\t{text[note:]}\n"
    )
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "p_2016-01-01_x.txt").write_text(text, encoding="utf-8")
    (tmp_path / "attributions" / "p_2016-01-01_x_a.ann").write_text(ann, encoding="utf-8")
    out_file = tmp_path / "debris.json"
    out = run("eval", "debris", str(tmp_path), "--out", str(out_file))
    assert out.returncode == 0, out.stderr.decode()
    data = json.loads(out_file.read_text())
    assert data["articles"] == 1 and data["discarded_spans"] == 1
    assert data["discarded_spans_cut_pct"] == 100.0 and data["claims_from_discarded_text"] == 0
    assert data["article_text_cut"] == 0 and data["claims"] >= 1
    assert "claims made from discarded text" in out.stdout.decode()


def test_eval_debris_scores_what_cleaning_leaves(tmp_path):
    """The same note without its label is article-like text: cleaning keeps it, and the claims
    made from it are counted."""
    text = "The mayor said the bridge would reopen.\n\nThe mayor has repeatedly misled voters, critics said."
    note = text.index("The mayor has")
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "p_2016-01-01_x.txt").write_text(text, encoding="utf-8")
    ann = f"T1\tDiscard {note} {len(text)}\t{text[note:]}\n"
    (tmp_path / "attributions" / "p_2016-01-01_x_a.ann").write_text(ann, encoding="utf-8")
    out_file = tmp_path / "debris.json"
    assert run("eval", "debris", str(tmp_path), "--out", str(out_file)).returncode == 0
    data = json.loads(out_file.read_text())
    assert data["discarded_spans_cut_pct"] == 0.0 and data["claims_from_discarded_text"] >= 1
    assert data["examples"]["claims_from_discarded"][0].startswith("p_2016-01-01_x: ")
