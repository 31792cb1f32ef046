"""The editable per-source reliability table (Admiralty A-F). A CSV file with lines
`source,grade` or a JSON object {"source": "grade"}; names are matched case-insensitively
through the alias table, or else by their origin key ("FBI Director James B. Comey" is
"James Comey"). Unlisted sources get F: reliability cannot be judged."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

from reportedly.extract.entities import canonical
from reportedly.fuse.origins import source_key

RELIABILITY_ENV = "REPORTEDLY_RELIABILITY"
GRADES = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
DEFAULT = "F"


class ReliabilityError(Exception):
    pass


class Reliability:
    def __init__(self, table: dict[str, str] | None = None) -> None:
        self.table = {canonical(k).lower(): v for k, v in (table or {}).items()}
        self.keyed = {source_key(k): v for k, v in (table or {}).items()}

    @classmethod
    def load(cls, path: str | Path | None = None) -> Reliability:
        path = path or os.environ.get(RELIABILITY_ENV)
        if not path:
            return cls()
        path = Path(path)
        try:
            raw = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ReliabilityError(f"{path}: cannot read the reliability table ({exc.strerror})") from None
        if path.suffix.lower() == ".json":
            try:
                table = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise ReliabilityError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
        else:
            table = {}
            for n, row in enumerate(csv.reader(raw.splitlines()), 1):
                if not row or row[0].startswith("#") or row[0].lower() == "source":
                    continue
                if len(row) < 2:
                    raise ReliabilityError(f"{path}:{n}: expected 'source,grade'")
                table[row[0].strip()] = row[1].strip()
        for name, grade in table.items():
            if str(grade).upper() not in GRADES:
                raise ReliabilityError(f"{path}: grade {grade!r} for {name!r} is not one of A-F")
        return cls({k: str(v).upper() for k, v in table.items()})

    def grade(self, source: str) -> str:
        exact = self.table.get(canonical(source).lower())
        return exact or self.keyed.get(source_key(source), DEFAULT)
