"""PolNeAR train+dev as JSON Lines for `reportedly ingest`: one article per line with its text,
url `polnear:<filename>`, title, published date, outlet (publisher) and wire agency (the
metadata `wire` column when it names one). The test compartment is never read.

    python scripts/polnear_jsonl.py ../shared/data/polnear polnear.jsonl
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

COMPARTMENTS = ("train", "dev")
AGENCIES = {"ap": "AP", "afp": "AFP", "reuters": "Reuters", "upi": "UPI"}


def wire_agency(value: str | None) -> str | None:
    """The agency a metadata `wire` value names ('reuters' -> 'Reuters'); None for None/NA/'wire'."""
    return AGENCIES.get((value or "").strip().lower())


def records(src: Path) -> list[dict]:
    meta_path = src / "metadata.tsv"
    if not meta_path.is_file():
        raise SystemExit(f"{meta_path}: no metadata.tsv (expected a PolNeAR folder)")
    out = []
    with meta_path.open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh, delimiter="\t"), 2):
            if row.get("compartment") not in COMPARTMENTS:
                continue
            name = row.get("filename") or ""
            path = src / row["compartment"] / "text" / f"{name}.txt"
            if not name or not path.is_file():
                raise SystemExit(f"{meta_path}:{n}: no text file {path}")
            record = {
                "url": f"polnear:{name}",
                "title": row.get("title") or None,
                "published": row.get("publication_date") or None,
                "outlet": row.get("publisher") or None,
                "text": path.read_text(encoding="utf-8"),
            }
            wire = wire_agency(row.get("wire"))
            if wire:
                record["wire"] = wire
            out.append(record)
    return out


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        raise SystemExit("usage: polnear_jsonl.py SRC_DIR OUT.jsonl")
    rows = records(Path(argv[0]))
    with Path(argv[1]).open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    wired = sum(1 for r in rows if "wire" in r)
    print(f"{len(rows)} articles ({wired} wire copy) written to {argv[1]}")


if __name__ == "__main__":
    main(sys.argv[1:])
