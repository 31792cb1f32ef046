"""Cross-report fusion on real coverage: PolNeAR train+dev articles ingested into a SQLite ledger,
fused, and scored against the labelled events of benchmarks/data/polnear_events.json.

    python benchmarks/fusion_real.py [--articles N] [--db build/polnear.sqlite] [--out R.json]

Writes benchmarks/results/fusion_real.json: story recall / precision / separation (as `reportedly
eval stories`), the stories a user sees measured on the labelled claim pairs of this ledger
(story_pairs.tsv, ledger_pairs.tsv: of the pairs whose claims are both stored, how many share a story
and how many of those are the same proposition), origin accuracy (pairs of an event's gold claims
judged same-origin or not, and events whose number of independent origins is right), contradiction
precision (reported contradictions between two gold claims of one story that the gold lists), and
fusion claims/s beside extraction claims/s. With --before-src (a checkout's src/ holding the
previous matcher, e.g. /work/main/src) the same ledger is also fused by that code and its story
scores are written beside, under `before`."""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from reportedly import parse
from reportedly.evaluate.pairs import Pair, read_pairs
from reportedly.evaluate.stories import evaluate as eval_stories
from reportedly.evaluate.stories import locate, read_gold
from reportedly.fuse import match
from reportedly.fuse.facts import load_facts
from reportedly.fuse.origins import origins
from reportedly.fuse.stories import find_contradictions
from reportedly.ledger.ingest import ingest
from reportedly.ledger.models import Article, Claim, ClaimVector, Story, StoryClaim
from reportedly.ledger.readers import iter_records
from reportedly.ledger.store import Ledger

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
GOLD = ROOT / "benchmarks" / "data" / "polnear_events.json"
# labelled claim pairs of this ledger (ids `<url>#<claim id>`): how the stories a user sees hold up
PAIR_KINDS = ROOT / "benchmarks" / "data" / "polnear_event_pair_kinds.jsonl"
LABELLED_PAIRS = (
    ROOT / "benchmarks" / "data" / "story_pairs.tsv",
    ROOT / "benchmarks" / "data" / "ledger_pairs.tsv",
)


def jsonl(path: Path, articles: int | None, gold: list[dict]) -> int:
    spec = importlib.util.spec_from_file_location("polnear_jsonl", ROOT / "scripts" / "polnear_jsonl.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    rows = script.records(POLNEAR)
    if articles is not None:
        wanted = {c["url"] for e in gold for c in e["claims"]}
        rest = [r for r in rows if r["url"] not in wanted][: max(0, articles - len(wanted))]
        rows = [r for r in rows if r["url"] in wanted] + rest
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows)


def claim_id(pair_id: str) -> int | None:
    """The ledger claim id of a labelled pair's `<url>#<claim id>` (None for other ids)."""
    tail = pair_id.rpartition("#")[2]
    return int(tail) if tail.isdigit() else None


def together_scores(pairs: list[Pair], text_of: dict[int, str], story_of: dict[int, int]) -> dict:
    """Of the labelled pairs whose two claims are in the ledger with the labelled text
    (`text_of`: claim id -> text), how many the fused stories (`story_of`: claim id -> story)
    put together, and how many of those are the same proposition (precision), beside how many of
    the same-proposition pairs are together (recall)."""

    def present(pid: str, text: str) -> bool:
        cid = claim_id(pid)
        return cid is not None and " ".join(text_of.get(cid, "").split()) == " ".join(text.split())

    found = [p for p in pairs if present(p.id1, p.text1) and present(p.id2, p.text2)]
    together = [
        p
        for p in found
        if story_of.get(claim_id(p.id1)) is not None
        and story_of.get(claim_id(p.id1)) == story_of.get(claim_id(p.id2))
    ]
    same = sum(p.label for p in found)
    right = sum(p.label for p in together)
    return {
        "pairs": len(pairs),
        "in_ledger": len(found),
        "same_proposition": same,
        "together": len(together),
        "together_same": right,
        "precision": round(100 * right / len(together), 2) if together else None,
        "recall": round(100 * right / same, 2) if same else None,
    }


def labelled_pair_scores(ledger: Ledger, paths=LABELLED_PAIRS) -> dict:
    """together_scores of each labelled pair file that exists, read against this ledger."""
    out = {}
    for path in paths:
        if not path.exists():
            continue
        pairs = read_pairs(path)
        ids = {cid for p in pairs for cid in (claim_id(p.id1), claim_id(p.id2)) if cid is not None}
        with Session(ledger.engine) as s:
            text_of = dict(s.execute(select(Claim.id, Claim.text).where(Claim.id.in_(ids))).all())
            story_of = dict(
                s.execute(
                    select(StoryClaim.claim_id, StoryClaim.story_id).where(StoryClaim.claim_id.in_(ids))
                ).all()
            )
        out[path.stem] = together_scores(pairs, text_of, story_of)
    return out


def pair_kind_recall(ledger: Ledger, path: Path = PAIR_KINDS) -> dict | None:
    """Of the gold same-event pairs, by how the two claims relate (one proposition, a passing
    mention, different propositions of the event; labelled by reading), the share in one story."""
    if not path.exists():
        return None
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    counts: dict[str, list[int]] = {}
    with Session(ledger.engine) as s:
        stories = dict(s.execute(select(StoryClaim.claim_id, StoryClaim.story_id)).all())
        for row in rows:
            a, b = (locate(s, row[k]["url"], row[k]["text"]) for k in ("a", "b"))
            located = a is not None and b is not None
            together = located and a != b and stories.get(a) is not None and stories.get(a) == stories.get(b)
            tally = counts.setdefault(row["kind"], [0, 0, 0])
            tally[0] += 1
            tally[1] += located
            tally[2] += together
    return {
        kind: {"pairs": n, "located": found, "together": joined, "recall": round(100 * joined / n, 1)}
        for kind, (n, found, joined) in sorted(counts.items())
    }


def facts_with_origins(s: Session, ids) -> tuple[list, dict]:
    """The claims of `ids` oldest first, and their origins as a story of their own."""
    claims = sorted(load_facts(s, ids), key=lambda f: (f.published is None, f.published, f.id))
    art = sorted({f.article_id for f in claims})
    texts = dict(s.execute(select(Article.id, Article.text).where(Article.id.in_(art))).all())
    return claims, origins(claims, texts)


def judged(found: list, truth) -> tuple[int, int, list[dict]]:
    """(reported, true, examples) of found contradictions; truth(c) is None for a pair left out."""
    reported = true = 0
    examples = []
    for c in found:
        listed = truth(c)
        if listed is None:
            continue
        reported += 1
        true += listed
        examples.append({"a": c.a.text[:120], "b": c.b.text[:120], "detail": c.detail, "true": listed})
    return reported, true, examples


def origin_scores(ledger: Ledger, gold: list[dict]) -> dict:
    agree = pairs = exact = events = 0
    rows = []
    with Session(ledger.engine) as s:
        for event in gold:
            found = [(c, locate(s, c["url"], c["text"])) for c in event["claims"]]
            found = [(c, cid) for c, cid in found if cid is not None]
            if len(found) < 2:
                continue
            _claims, ours = facts_with_origins(s, {cid for _, cid in found})
            ours_of = {f.id: name for name, items in ours.items() for f in items}
            for (c1, i1), (c2, i2) in itertools.combinations(found, 2):
                pairs += 1
                agree += (c1["origin"] == c2["origin"]) == (ours_of[i1] == ours_of[i2])
            gold_n = len({c["origin"] for c, _ in found})
            our_n = len({ours_of[cid] for _, cid in found})
            events += 1
            exact += gold_n == our_n
            rows.append({"event": event["event"], "gold_origins": gold_n, "our_origins": our_n})
    return {
        "pair_accuracy": round(100 * agree / pairs, 2) if pairs else None,
        "pairs": pairs,
        "events_with_right_count": exact,
        "events": events,
        "per_event": rows,
    }


def contradiction_scores(ledger: Ledger, gold: list[dict]) -> dict:
    """Reported contradictions between two located gold claims: true when the gold lists them."""
    true = reported = 0
    examples = []
    with Session(ledger.engine) as s:
        where: dict[int, tuple[int, int]] = {}  # claim id -> (event, claim index)
        for e, event in enumerate(gold):
            for k, c in enumerate(event["claims"]):
                cid = locate(s, c["url"], c["text"])
                if cid is not None:
                    where.setdefault(cid, (e, k))
        story_of = dict(
            s.execute(
                select(StoryClaim.claim_id, StoryClaim.story_id).where(StoryClaim.claim_id.in_(list(where)))
            ).all()
        )
        for sid in set(story_of.values()):
            ids = list(s.scalars(select(StoryClaim.claim_id).where(StoryClaim.story_id == sid)))
            claims, ours = facts_with_origins(s, ids)

            def truth(c) -> bool | None:
                if c.a.id not in where or c.b.id not in where or c.a.id == c.b.id:
                    return None
                (ea, ka), (eb, kb) = where[c.a.id], where[c.b.id]
                return ea == eb and any({x["a"], x["b"]} == {ka, kb} for x in gold[ea]["contradictions"])

            r, t, ex = judged(find_contradictions(claims, ours), truth)
            reported, true, examples = reported + r, true + t, examples + ex
    gold_total = sum(len(e["contradictions"]) for e in gold)
    return {
        "precision": round(100 * true / reported, 2) if reported else None,
        "reported_between_gold_claims": reported,
        "true": true,
        "gold_contradictions": gold_total,
        "recall": round(100 * true / gold_total, 2) if gold_total else None,
        "examples": examples[:20],
    }


def contradiction_detector_scores(ledger: Ledger, gold: list[dict]) -> dict:
    """The contradiction finder on each gold event's located claims taken as one story (as the
    origin scores are), so that it is measured apart from how stories are formed: a reported pair
    is true when the gold lists it."""
    true = reported = 0
    examples = []
    with Session(ledger.engine) as s:
        for event in gold:
            found: dict[int, int] = {}
            for k, c in enumerate(event["claims"]):
                cid = locate(s, c["url"], c["text"])
                if cid is not None:
                    found.setdefault(cid, k)
            if len(found) < 2:
                continue
            claims, ours = facts_with_origins(s, found)

            def truth(c, found=found, event=event) -> bool | None:
                if c.a.id == c.b.id:
                    return None
                ka, kb = found[c.a.id], found[c.b.id]
                return any({x["a"], x["b"]} == {ka, kb} for x in event["contradictions"])

            r, t, ex = judged(find_contradictions(claims, ours), truth)
            reported, true, examples = reported + r, true + t, examples + ex
    gold_total = sum(len(e["contradictions"]) for e in gold)
    return {
        "precision": round(100 * true / reported, 2) if reported else None,
        "reported": reported,
        "true": true,
        "gold_contradictions": gold_total,
        "examples": examples[:20],
    }


BEFORE = """
import sys, time
from reportedly.fuse.match import fuse
from reportedly.ledger.store import Ledger
t = time.perf_counter()
s = fuse(Ledger(sys.argv[1]))
print(s.claims, time.perf_counter() - t)
"""


def before(db: Path, src: Path, gold: list[dict]) -> dict:
    """The previous matcher on a copy of the same ledger (its schema has no wire column, which
    it ignores; the copy is stamped with its revision while it runs)."""
    copy = db.with_name("before-" + db.name)
    with sqlite3.connect(db) as a, sqlite3.connect(copy) as b:
        a.backup(b)
    revision = None
    with sqlite3.connect(copy) as c:
        for table in ("story_claims", "claim_vectors", "stories"):
            c.execute(f"DELETE FROM {table}")
        revision = c.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        c.execute("UPDATE alembic_version SET version_num = '0004'")
    env = dict(os.environ, PYTHONPATH=str(src))
    done = subprocess.run(
        [sys.executable, "-c", BEFORE, str(copy)], env=env, capture_output=True, text=True, check=True
    )
    claims, seconds = done.stdout.split()[-2:]
    with sqlite3.connect(copy) as c:
        c.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    result = {
        "src": str(src),
        "fusion_claims_per_s": round(int(claims) / float(seconds), 2),
        "stories": eval_stories(Ledger(str(copy)), gold),
    }
    for leftover in (copy, copy.with_name(copy.name + "-wal"), copy.with_name(copy.name + "-shm")):
        leftover.unlink(missing_ok=True)
    return result


def extraction_sample(ledger: Ledger, n: int, tmp: Path) -> dict:
    """Extraction speed on n PolNeAR articles not in the reused ledger, in a scratch ledger."""
    spec = importlib.util.spec_from_file_location("polnear_jsonl", ROOT / "scripts" / "polnear_jsonl.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    with Session(ledger.engine) as s:
        stored = set(s.scalars(select(Article.url)))
    rows = [r for r in script.records(POLNEAR) if r["url"] not in stored][:n]
    path = tmp / "sample.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    scratch = Ledger(str(tmp / "sample.sqlite"))
    nlp = parse.load()
    t = time.perf_counter()
    summary = ingest(iter_records([str(path)]), scratch, nlp)
    seconds = time.perf_counter() - t
    return {
        "articles": len(rows),
        "claims": summary.claims,
        "seconds": round(seconds, 1),
        "claims_per_s": round(summary.claims / seconds, 2),
        "note": "a sample of articles not in the reused ledger, same process and machine",
    }


def refuse(ledger: Ledger, keep_vectors: bool = False) -> None:
    with Session(ledger.engine) as s, s.begin():
        s.execute(delete(StoryClaim))
        if not keep_vectors:
            s.execute(delete(ClaimVector))
        s.execute(delete(Story))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, help="only the gold articles and others up to N (development)")
    ap.add_argument("--db", type=Path, help="reuse this ledger (ingested if empty; its stories are rebuilt)")
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument(
        "--extraction-sample",
        type=int,
        default=20,
        help="with a reused --db: time extraction on this many other articles in a scratch ledger",
    )
    ap.add_argument("--join", type=float, help="story join threshold (default: the verifier's)")
    ap.add_argument(
        "--anchor", type=float, help="a story also needs a member at this probability (default: match.ANCHOR)"
    )
    ap.add_argument(
        "--cross-band",
        type=float,
        nargs=2,
        metavar=("LOW", "HIGH"),
        help="verifier probabilities where the cross-encoder reads (default: cross_encoder.BAND; 0 0: none)",
    )
    ap.add_argument(
        "--cross-top", type=int, help="members the cross-encoder reads per story (cross_encoder.TOP)"
    )
    ap.add_argument("--cross-stories", type=int, help="unsure stories read per claim (cross_encoder.STORIES)")
    ap.add_argument(
        "--cross-veto",
        type=float,
        help="cross-encoder veto of verifier joins (default: cross_encoder.VETO; 0: off)",
    )
    ap.add_argument(
        "--join-cosine",
        type=float,
        help="cosine the closest member needs (default: match.JOIN_COSINE; 0: off)",
    )
    ap.add_argument("--before-src", type=Path, help="src/ of the previous matcher, scored beside")
    ap.add_argument(
        "--stored-vectors",
        action="store_true",
        help="fuse again keeping the claims' stored vectors (a rebuild of the stories) and time it",
    )
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "fusion_real.json")
    args = ap.parse_args()
    torch.set_num_threads(1)
    if args.join is not None:
        match.JOIN = args.join
    if args.anchor is not None:
        match.ANCHOR = args.anchor
    if args.cross_band is not None:
        match.cross_encoder.BAND = tuple(args.cross_band) if args.cross_band[1] > args.cross_band[0] else None
    if args.cross_veto is not None:
        match.cross_encoder.VETO = args.cross_veto if args.cross_veto > 0 else None
    if args.join_cosine is not None:
        match.JOIN_COSINE = args.join_cosine or None
    if args.cross_top is not None:
        match.cross_encoder.TOP = args.cross_top
    if args.cross_stories is not None:
        match.cross_encoder.STORIES = args.cross_stories
    gold = read_gold(args.gold)
    tmp = Path(tempfile.mkdtemp(prefix="fusion-real-"))
    ledger = Ledger(str(args.db or tmp / "ledger.sqlite"))
    result: dict = {"gold": str(args.gold.relative_to(ROOT) if args.gold.is_relative_to(ROOT) else args.gold)}
    if ledger.counts()["articles"] == 0:
        n = jsonl(tmp / "polnear.jsonl", args.articles, gold)
        t = time.perf_counter()
        summary = ingest(iter_records([str(tmp / "polnear.jsonl")]), ledger, parse.load())
        seconds = time.perf_counter() - t
        result["extraction"] = {
            "articles": n,
            "claims": summary.claims,
            "seconds": round(seconds, 1),
            "claims_per_s": round(summary.claims / seconds, 2),
        }
        print(json.dumps(result["extraction"]), flush=True)
    elif args.extraction_sample:
        result["extraction"] = extraction_sample(ledger, args.extraction_sample, tmp)
        print(json.dumps(result["extraction"]), flush=True)
    refuse(ledger)
    t = time.perf_counter()
    fused = match.fuse(ledger)
    seconds = time.perf_counter() - t
    result["fusion"] = {
        "claims": fused.claims,
        "matched": fused.matched,
        "new_stories": fused.new_stories,
        "merged_repeats": fused.merged_repeats,
        "moved": fused.moved,
        "cross_encoder_pairs": fused.rechecked,
        "seconds": round(seconds, 1),
        "claims_per_s": round(fused.claims / seconds, 2),
        "window_days": match.WINDOW.days,
        "story_span_days": match.STORY_SPAN.days,
        "join_threshold": match.join_threshold(),
        "cross_encoder_band": match.cross_encoder.BAND,
        "cross_encoder_top_stories": [match.cross_encoder.TOP, match.cross_encoder.STORIES],
        "cross_encoder_veto": match.cross_encoder.VETO,
        "join_cosine": match.JOIN_COSINE,
    }
    print(json.dumps(result["fusion"]), flush=True)
    if args.stored_vectors:
        refuse(ledger, keep_vectors=True)
        t = time.perf_counter()
        again = match.fuse(ledger)
        seconds = time.perf_counter() - t
        result["fusion_stored_vectors"] = {
            "claims": again.claims,
            "seconds": round(seconds, 1),
            "claims_per_s": round(again.claims / seconds, 2),
            "note": "stories rebuilt from scratch, the vectors of the first fusion read back",
        }
        print(json.dumps(result["fusion_stored_vectors"]), flush=True)
    result["articles_in_ledger"] = ledger.counts()["articles"]
    result["stories"] = eval_stories(ledger, gold)
    result["stories"]["recall_by_pair_kind"] = pair_kind_recall(ledger)
    result["labelled_pairs_together"] = labelled_pair_scores(ledger)
    print(json.dumps(result["labelled_pairs_together"]), flush=True)
    result["origins"] = origin_scores(ledger, gold)
    result["contradictions"] = contradiction_scores(ledger, gold)
    result["contradictions_within_gold_events"] = contradiction_detector_scores(ledger, gold)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    if args.before_src:  # written again with the previous matcher's figures beside
        db = Path(ledger.url.removeprefix("sqlite:///"))
        result["before"] = before(db, args.before_src, gold)
        args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    brief = {
        "recall": result["stories"]["recall"],
        "precision": result["stories"]["precision"],
        "separation": result["stories"]["separation"],
        "labelled_pairs_together": {
            k: (v["precision"], v["recall"], v["together"])
            for k, v in result["labelled_pairs_together"].items()
        },
        "origin_pair_accuracy": result["origins"]["pair_accuracy"],
        "contradiction_precision": result["contradictions"]["precision"],
        "contradiction_precision_within_gold_events": result["contradictions_within_gold_events"][
            "precision"
        ],
    }
    if "before" in result:
        brief["before"] = {k: result["before"]["stories"][k] for k in ("recall", "precision", "separation")}
    print(json.dumps(brief), file=sys.stderr)


if __name__ == "__main__":
    main()
