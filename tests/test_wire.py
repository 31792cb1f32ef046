"""The wire agency of an article: an optional JSONL field stored as articles.wire (migration
0005), and the PolNeAR export script that fills it from the corpus metadata."""

from __future__ import annotations

import importlib.util
import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from reportedly import parse
from reportedly.ledger.ingest import ingest
from reportedly.ledger.models import Article
from reportedly.ledger.readers import iter_records
from reportedly.ledger.store import Ledger
from tests.conftest import ROOT, SHARED
from tests.test_ledger import db_url  # noqa: F401  (SQLite, and PostgreSQL when configured)

POLNEAR = SHARED / "data" / "polnear"


def _script():
    spec = importlib.util.spec_from_file_location("polnear_jsonl", ROOT / "scripts" / "polnear_jsonl.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_wire_is_stored_with_the_article(db_url, tmp_path):  # noqa: F811
    path = tmp_path / "wire.jsonl"
    rows = [
        {"text": "The senator said on Monday that the bill would pass.", "url": "x:1", "wire": "AP"},
        {"text": "The governor said on Tuesday that taxes would rise.", "url": "x:2"},
        {"text": "The mayor said that the bridge would close.", "url": "x:3", "wire": 7},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    ledger = Ledger(db_url)
    summary = ingest(iter_records([str(path)]), ledger, parse.load())
    assert summary.stored == 2
    assert summary.errors == [(f"{path}:3", "'wire' must be a string naming a news agency")]
    with Session(ledger.engine) as s:
        stored = dict(s.execute(select(Article.url, Article.wire)).all())
    assert stored == {"x:1": "AP", "x:2": None}


def test_wire_agency_names():
    script = _script()
    assert script.wire_agency("reuters") == "Reuters"
    assert script.wire_agency("AP") == "AP"
    assert script.wire_agency("None") is None
    assert script.wire_agency("NA") is None
    assert script.wire_agency("wire") is None


@pytest.mark.skipif(not POLNEAR.is_dir(), reason="shared PolNeAR data not present")
def test_polnear_export_has_train_and_dev_with_wire(tmp_path):
    script = _script()
    out = tmp_path / "polnear.jsonl"
    script.main([str(POLNEAR), str(out)])
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    texts = len(list((POLNEAR / "train" / "text").glob("*.txt"))) + len(
        list((POLNEAR / "dev" / "text").glob("*.txt"))
    )
    assert len(records) == texts
    by_url = {r["url"]: r for r in records}
    latest = by_url["polnear:breitbart_2016-09-30_the-latest-trump-urges-supporter"]
    assert latest["wire"] == "AP" and latest["outlet"] == "breitbart" and latest["published"] == "2016-09-30"
    assert latest["text"].strip() and latest["title"]
    assert {r.get("wire") for r in records} <= {None, "AP", "AFP", "Reuters", "UPI"}
