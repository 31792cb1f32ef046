"""scripts/merge_ledger_labels.py: readers' labels of sampled ledger pairs merged strictly (a pair
is one proposition only when every reader said so), agreement on the pairs two readers read, and a
pair sampled in two rounds kept once."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "merge_ledger_labels.py"


def _script():
    spec = importlib.util.spec_from_file_location("merge_ledger_labels", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pair(n: int, a: int, b: int, cosine: float = 0.7) -> dict:
    side = {"url": f"polnear:doc{a}", "text": f"claim {a}"}
    return {
        "n": n,
        "cosine": cosine,
        "a": side | {"id": a},
        "b": {"url": f"polnear:doc{b}", "text": f"claim {b}", "id": b},
    }


def _round(folder: Path, pairs: list[dict], readers: dict[str, list[dict]]) -> None:
    folder.mkdir()
    (folder / "all_pairs.jsonl").write_text("".join(json.dumps(p) + "\n" for p in pairs))
    for name, rows in readers.items():
        (folder / f"labels_{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))


def test_strict_merge_agreement_and_one_copy_per_pair(tmp_path, monkeypatch):
    merge = _script()
    one, two = tmp_path / "one", tmp_path / "two"
    _round(
        one,
        [_pair(0, 1, 2, 0.8), _pair(1, 3, 4, 0.5), _pair(2, 5, 6)],
        {
            "A": [{"n": 0, "label": 1}, {"n": 1, "label": 0, "note": "same topic"}],
            "B": [{"n": 0, "label": 0, "note": "different event"}, {"n": 2, "label": 1}],
        },
    )
    _round(two, [_pair(0, 2, 1), _pair(1, 7, 8)], {"C": [{"n": 0, "label": 1}, {"n": 1, "label": 1}]})
    out = tmp_path / "pairs.tsv"
    monkeypatch.setattr(merge, "AGREEMENT", tmp_path / "agreement.json")
    monkeypatch.setattr("sys.argv", ["merge", "--labels", str(one), str(two), "--out", str(out)])
    merge.main()
    lines = out.read_text().splitlines()
    assert lines[0].startswith("Quality\t#1 ID")
    rows = [line.split("\t") for line in lines[1:]]
    assert [(r[0], r[1], r[5]) for r in rows] == [
        ("0", "polnear:doc1#1", "labellers disagree (different event vs same)"),
        ("0", "polnear:doc3#3", "same topic"),
        ("1", "polnear:doc5#5", "same"),
        ("1", "polnear:doc7#7", "same"),
    ]  # the second round's copy of pair 1-2 is left out
    result = json.loads((tmp_path / "agreement.json").read_text())
    assert result["pairs"] == 4 and result["same"] == 2
    first = result["rounds"][0]
    assert first["both_labelled"] == 1 and first["agree"] == 0 and first["labelled"] == {"A": 2, "B": 2}


def test_pair_kinds_are_same_only_when_every_reader_says_so(tmp_path):
    spec = importlib.util.spec_from_file_location("merge_pair_kinds", SCRIPT.with_name("merge_pair_kinds.py"))
    kinds = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(kinds)
    pairs = [
        {"n": n, "event": "e", "a": {"url": "u", "text": f"a{n}"}, "b": {"url": "v", "text": f"b{n}"}}
        for n in range(3)
    ]
    rows, agreement = kinds.merge(
        pairs,
        [
            [{"n": 0, "kind": "same"}, {"n": 1, "kind": "same"}],
            [{"n": 0, "kind": "mention"}, {"n": 1, "kind": "same"}, {"n": 2, "kind": "different"}],
        ],
    )
    assert [r["kind"] for r in rows] == ["mention", "same", "different"]
    assert agreement == {"both_read": 2, "agree": 1, "agree_on_same_or_not": 1}
    (tmp_path / "bad.jsonl").write_text('{"n": 0, "kind": "maybe"}\n')
    with pytest.raises(SystemExit, match="kind must be one of"):
        kinds.read_jsonl(tmp_path / "bad.jsonl")
