"""The whole path on PolNeAR, timed in CPU seconds (the machine is shared): a seeded sample of the
train+dev articles ingested in this process (one process, parts timed by thin wrappers: cleaning,
spaCy parsing, extraction, assembling the analysis, storing), then fused (embedding and the rest),
and the CPU time for all 924 articles extrapolated from the sample by words (ingest) and by claims
(fusion), with the wall clock on two quiet cores estimated from how `reportedly ingest` shares
the work (spaCy parses on --workers processes; cleaning, extraction and storing stay in the main
process) and `reportedly fuse` (MiniLM on torch's threads, the rest on one core).

    python benchmarks/polnear_path.py [--sample 100] [--seed 7] [--out R.json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import tempfile
import time
from pathlib import Path

from cpu_time import patch

from reportedly import analyze, parse
from reportedly.fuse import embed, match
from reportedly.ledger.ingest import ingest
from reportedly.ledger.readers import iter_records
from reportedly.ledger.store import Ledger

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"


def records() -> list[dict]:
    spec = importlib.util.spec_from_file_location("polnear_jsonl", ROOT / "scripts" / "polnear_jsonl.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script.records(POLNEAR)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sample", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "polnear_path.json")
    args = ap.parse_args()
    import torch

    torch.set_num_threads(1)
    rows = records()
    sample = random.Random(args.seed).sample(rows, args.sample)
    words = {
        "all": sum(len(r["text"].split()) for r in rows),
        "sample": sum(len(r["text"].split()) for r in sample),
    }
    tmp = Path(tempfile.mkdtemp(prefix="polnear-path-"))
    path = tmp / "sample.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in sample), encoding="utf-8")
    ledger = Ledger(str(tmp / "ledger.sqlite"))
    nlp = parse.load()
    embed._model()
    spent: dict[str, float] = {}
    patch(spent, "cleaning", analyze, "clean")
    patch(spent, "extraction (attribution, certainty, factuality, quantities, ...)", analyze, "_extract")
    patch(spent, "assembling the analysis", analyze, "build")
    patch(spent, "storing (one transaction an article)", Ledger, "add")
    start = time.process_time()
    summary = ingest(iter_records([str(path)]), ledger, nlp)
    ingest_cpu = time.process_time() - start
    # build() calls no extraction here (short articles): its time is its own
    spent["spaCy parsing and the rest of the loop"] = ingest_cpu - sum(spent.values())
    ingest_parts = {k: round(v, 2) for k, v in spent.items()}
    fusion_parts: dict[str, float] = {}
    patch(fusion_parts, "embedding (MiniLM)", embed, "encode")
    start = time.process_time()
    fused = match.fuse(ledger)
    fuse_cpu = time.process_time() - start
    fusion_parts["matching, verifier, reassignment, DB"] = fuse_cpu - fusion_parts["embedding (MiniLM)"]
    scale = words["all"] / words["sample"]
    main_share = sum(v for k, v in spent.items() if not k.startswith("spaCy"))
    parse_cpu = spent["spaCy parsing and the rest of the loop"]
    est_ingest_cpu = ingest_cpu * scale
    # two workers parse; the main process cleans, extracts and stores: the slower side sets the pace
    est_ingest_wall = max(parse_cpu * scale / 2, main_share * scale, est_ingest_cpu / 2)
    claims_all = summary.claims * scale
    result = {
        "articles": {"all": len(rows), "sample": len(sample), "seed": args.seed},
        "words": words,
        "ingest": {
            "claims": summary.claims,
            "cpu_seconds": round(ingest_cpu, 1),
            "claims_per_cpu_s": round(summary.claims / ingest_cpu, 2),
            "parts_cpu_s": ingest_parts,
        },
        "fusion": {
            "claims": fused.claims,
            "cpu_seconds": round(fuse_cpu, 1),
            "claims_per_cpu_s": round(fused.claims / fuse_cpu, 2),
            "parts_cpu_s": {k: round(v, 2) for k, v in fusion_parts.items()},
        },
        "estimate_924": {
            "claims": round(claims_all),
            "ingest_cpu_s": round(est_ingest_cpu),
            "ingest_wall_s_2_cores": round(est_ingest_wall),
            "note": "ingest scaled by words; fusion is estimated from per-claim CPU at two ledger sizes "
            "(this sample and benchmarks/results/fusion_profile.json), see the README",
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
