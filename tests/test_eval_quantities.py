"""`reportedly eval quantities`: alignment, scoring and the dev-set reader, on small hand-made files."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from reportedly import parse
from reportedly.evaluate import quantities as ev
from tests.conftest import ROOT


def _line(sentence, *qs):
    return json.dumps({"source": "test:1", "sentence": sentence, "quantities": list(qs)})


def _q(text, value, **kw):
    base = dict(
        text=text, value=value, low=None, high=None, bound="exact", approximate=False, unit=None,
        thing=None, role="unspecified", direction=None, as_of=None,
    )  # fmt: skip
    return base | kw


@pytest.fixture
def devset(tmp_path):
    path = tmp_path / "dev.jsonl"
    path.write_text(
        "\n".join(
            [
                _line(
                    "U.S. crude fell 3.38% to $55.12 in October.",
                    _q(
                        "3.38%",
                        3.38,
                        unit="percent",
                        thing="U.S. crude price",
                        role="decrement",
                        direction="down",
                    ),
                    _q(
                        "$55.12",
                        55.12,
                        unit="USD",
                        thing="U.S. crude price",
                        role="total",
                        as_of="in October",
                    ),
                ),
                _line("The GTX 1060 is slower."),
                _line(
                    "Tens of thousands of people marched.",
                    _q("Tens of thousands", None, low=20000, bound="vague"),
                ),
            ]
        )
        + "\n"
    )
    return path


def test_scores_the_pipeline_on_labelled_sentences(devset):
    result = ev.run(devset, parse.load(), baseline=False, with_errors=True)
    ours = result["reportedly"]
    assert (result["sentences"], result["figures"]) == (3, 3)
    assert ours["matched"] == 3 and ours["recall"] == 1.0
    assert ours["value_accuracy"] == 1.0 and ours["direction_recall_on_changes"] == 1.0
    assert ours["measured_informative"] == pytest.approx(2 / 3, abs=1e-3)  # 'people' is not in a None thing
    assert ours["as_of_recall"] == 1.0
    assert [e for e in result["errors"] if e["kind"] != "wrong"] == []


def test_alignment_is_one_to_one_by_overlap():
    sentence = "About 4 in 10 say yes."
    gold = [ev.Figure(0, 13, "About 4 in 10", value=40)]
    pred = [ev.Figure(6, 7, "4", value=4), ev.Figure(11, 13, "10", value=10)]
    pairs = ev.align(sentence, gold, pred)
    assert len(pairs) == 1 and not ev.value_correct(*pairs[0])


def test_vague_and_range_values():
    g = ev.Figure(0, 1, "x", low=20000, bound="vague")
    assert ev.value_correct(g, ev.Figure(0, 1, "x", low=20000)) and not ev.value_correct(
        g, ev.Figure(0, 1, "x")
    )
    r = ev.Figure(0, 1, "x", low=44, high=50, bound="range")
    assert ev.value_correct(r, ev.Figure(0, 1, "x", low=44, high=50))
    assert not ev.value_correct(r, ev.Figure(0, 1, "x", value=50))


def test_bad_line_is_a_one_line_error(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(_line("Turnout was 64%.", _q("65%", 65)) + "\n")
    with pytest.raises(ev.DevSetError, match=r"bad.jsonl:1: quantity '65%' is not in the sentence"):
        ev.load(path)


def test_cli_reports_a_bad_file_without_a_traceback(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text("{not json\n")
    out = subprocess.run(
        [sys.executable, "-m", "reportedly.cli", "eval", "quantities", str(path), "--no-baseline"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 2 and "bad.jsonl:1:" in out.stderr and "Traceback" not in out.stderr
