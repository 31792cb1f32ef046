"""Merge the labellers' readings of the sampled ledger-neighbour pairs into
benchmarks/data/ledger_pairs.tsv (MRPC format + a note column, like story_pairs.tsv).

    python scripts/merge_ledger_labels.py [--labels ../labels/pairs2 ../labels/pairs3]
                                          [--out benchmarks/data/ledger_pairs.tsv]

Each --labels folder is one round of sampling: all_pairs.jsonl (n, cosine, a/b with id, text, url)
and one labels_<reader>.jsonl per reader (n, label, note, why); readers overlap on some pairs. A pair
two readers labelled is 1 only when both said 1 (strict); their agreement (raw and Cohen's kappa) is
printed and written to benchmarks/results/ledger_pairs_agreement.json, per round. Pairs nobody
labelled are left out; a pair sampled in two rounds is kept once. IDs are `<url>#<claim id>` as in
story_pairs.tsv."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELS = [ROOT.parent / "labels" / "pairs2", ROOT.parent / "labels" / "pairs3"]
OUT = ROOT / "benchmarks" / "data" / "ledger_pairs.tsv"
AGREEMENT = ROOT / "benchmarks" / "results" / "ledger_pairs_agreement.json"


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    out = []
    for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            print(f"{path}:{k}: not JSON (a line being written?), skipped", file=sys.stderr)
            continue
        if row.get("label") not in (0, 1) and "cosine" not in row:
            raise SystemExit(f"{path}:{k}: label must be 0 or 1, not {row.get('label')!r}")
        out.append(row)
    return out


def kappa(a: list[int], b: list[int]) -> float | None:
    """Cohen's kappa of two raters' binary labels."""
    n = len(a)
    if not n:
        return None
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return round((observed - expected) / (1 - expected), 3) if expected < 1 else 1.0


def merge(pairs: list[dict], readers: list[list[dict]]) -> tuple[list[tuple[int, dict, str]], dict]:
    """(label, pair, note) for every labelled pair, and the agreement on those two readers labelled."""
    by = [{r["n"]: r for r in rows} for rows in readers]
    rows = []
    both: list[tuple[int, int]] = []
    for p in pairs:
        said = [b[p["n"]] for b in by if p["n"] in b]
        if not said:
            continue
        if len(said) >= 2:
            both.append((said[0]["label"], said[1]["label"]))
        label = int(all(r["label"] == 1 for r in said))
        if len({r["label"] for r in said}) > 1:
            zero = next(r for r in said if r["label"] == 0)
            note = f"labellers disagree ({zero.get('note') or 'different'} vs same)"
        else:
            note = "same" if label else (said[0].get("note") or "different")
        rows.append((label, p, note))
    agreement = {
        "both_labelled": len(both),
        "agree": sum(x == y for x, y in both),
        "raw_agreement": round(100 * sum(x == y for x, y in both) / len(both), 1) if both else None,
        "cohen_kappa": kappa([x for x, _ in both], [y for _, y in both]),
        "first_reader_same": sum(x for x, _ in both),
        "second_reader_same": sum(y for _, y in both),
    }
    return rows, agreement


def clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def write_tsv(rows: list[tuple[int, dict, str]], out: Path) -> None:
    lines = ["Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\tnote"]
    for label, p, note in rows:
        ida, idb = f"{p['a']['url']}#{p['a']['id']}", f"{p['b']['url']}#{p['b']['id']}"
        lines.append(f"{label}\t{ida}\t{idb}\t{clean(p['a']['text'])}\t{clean(p['b']['text'])}\t{note}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def merge_round(folder: Path) -> tuple[list[tuple[int, dict, str]], dict]:
    pairs = read_jsonl(folder / "all_pairs.jsonl")
    files = sorted(folder.glob("labels_*.jsonl"))
    readers = [read_jsonl(f) for f in files]
    rows, agreement = merge(pairs, readers)
    cosine = {p["n"]: p["cosine"] for p in pairs}
    bins = Counter()
    for label, p, _ in rows:
        c = cosine[p["n"]]
        key = next((f"{lo:.2f}+" for lo in (0.75, 0.65, 0.55) if c >= lo), "0.45+")
        bins[key, label] += 1
    return rows, agreement | {
        "round": folder.name,
        "labelled": {f.stem.removeprefix("labels_"): len(r) for f, r in zip(files, readers, strict=True)},
        "pairs": len(rows),
        "same": sum(r[0] for r in rows),
        "notes": dict(Counter(r[2] for r in rows).most_common()),
        "same_of_pairs_by_cosine_bin": {
            k: f"{bins[k, 1]}/{bins[k, 0] + bins[k, 1]}" for k in sorted({k for k, _ in bins})
        },
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--labels", type=Path, nargs="+", default=LABELS)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    rows, rounds, seen = [], [], set()
    for folder in args.labels:
        got, agreement = merge_round(folder)
        for label, p, note in got:
            key = frozenset((p["a"]["id"], p["b"]["id"]))
            if key not in seen:
                seen.add(key)
                rows.append((label, p, note))
        rounds.append(agreement)
    write_tsv(rows, args.out)
    result = {"pairs": len(rows), "same": sum(r[0] for r in rows), "rounds": rounds}
    AGREEMENT.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
