"""A 2 MB text analysed end to end, chunks on one process vs on the machine's cores, side by side.

    python benchmarks/long_text.py [--bytes 2000000] [--out benchmarks/results/long_text.json]

The text is PolNeAR train articles joined with blank lines until it reaches --bytes (the upload
limit of the web form is 2 MB). Each run is `reportedly analyze FILE --json` in a fresh process
(model loading included, as a user runs it); memory is the peak of the summed proportional set size
(PSS) of that process and its workers, sampled every 0.1 s: pages the forked workers share with
the main process (the loaded pipeline) count once, so the sum is the memory the run really
holds. Outputs of both runs must be identical."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "data" / "polnear" / "train" / "text"
CLI = [sys.executable, "-m", "reportedly.cli", "analyze"]


def build_text(size: int) -> str:
    parts: list[str] = []
    total = 0
    for path in sorted(TRAIN.glob("*.txt")):
        text = path.read_text(encoding="utf-8").strip()
        parts.append(text)
        total += len(text.encode("utf-8")) + 2
        if total >= size:
            break
    return "\n\n".join(parts)


def _pss(proc: psutil.Process) -> int:
    """Proportional set size: pages shared by forked workers counted once over the family."""
    try:
        return proc.memory_full_info().pss
    except (AttributeError, psutil.AccessDenied):
        return proc.memory_info().rss


def run(path: Path, workers: str) -> dict:
    env = dict(os.environ, REPORTEDLY_CHUNK_WORKERS=workers)
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = psutil.Popen([*CLI, str(path), "--json"], stdout=out, stderr=subprocess.PIPE, env=env)
        peak = 0
        while proc.poll() is None:
            try:
                family = [proc, *proc.children(recursive=True)]
                peak = max(peak, sum(_pss(p) for p in family if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.1)
        seconds = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(f"analyze failed with workers={workers}: {proc.stderr.read().decode()[-2000:]}")
        out.seek(0)
        body = out.read()
    claims = len(json.loads(body)["claims"])
    return {
        "workers": workers,
        "seconds": round(seconds, 1),
        "peak_mb": round(peak / 2**20),
        "claims": claims,
        "sha1": hashlib.sha1(body).hexdigest(),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bytes", type=int, default=2_000_000)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "long_text.json")
    args = ap.parse_args()
    if not TRAIN.exists():
        raise SystemExit(f"{TRAIN} not found: the benchmark reads PolNeAR train articles from ../shared")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.txt"
        path.write_text(build_text(args.bytes), encoding="utf-8")
        size = path.stat().st_size
        serial = run(path, "1")
        cores = str(min(len(os.sched_getaffinity(0)), 4))
        parallel = run(path, cores)
    result = {
        "bytes": size,
        "cores": len(os.sched_getaffinity(0)),
        "one_process": serial,
        "all_cores": parallel,
        "same_output": serial["sha1"] == parallel["sha1"],
        "target": {"seconds": 60, "peak_mb": 1536},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    for row in (serial, parallel):
        w, sec, mb, n = row["workers"], row["seconds"], row["peak_mb"], row["claims"]
        print(f"workers={w}: {sec} s, peak {mb} MB, {n} claims")
    print(f"same output: {result['same_output']}; written to {args.out}")


if __name__ == "__main__":
    main()
