"""Server latency, on loopback, with bounded request counts. Three measurements:

1. article view: GET /articles/{id} for a 2,000-word article, in process (target < 300 ms).
2. /api/claims while an upload of --upload-bytes (default 2 MB) of PolNeAR text is analysed:
   a real `reportedly serve` process; p95 with the analysis running in its worker, side by side
   with the same requests to the idle server (target < 100 ms).
3. /api/stories with --clients concurrent clients on a ledger of the PolNeAR articles (--ledger,
   built with `reportedly ingest` + `reportedly fuse`): p95 of the stored ranking, side by side
   with what one GET cost before (fusing and ranking per request, timed in process) (target < 200 ms).

    python benchmarks/serve.py --ledger /tmp/polnear.sqlite [--words 2000] [--runs 50]

Writes benchmarks/results/serve.json."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from reportedly.serve.app import create_app

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
POLNEAR = SHARED / "data/polnear"


def paragraphs(split: str = "dev"):
    for p in sorted((POLNEAR / split / "text").glob("*.txt")):
        for para in p.read_text(encoding="utf-8").split("\n\n"):
            if len(para.split()) > 15:
                yield para.strip()


def article(words: int) -> str:
    paras: list[str] = []
    for para in paragraphs():
        paras.append(para)
        if sum(len(x.split()) for x in paras) >= words:
            break
    return "\n\n".join(paras)


def big_text(size: int) -> bytes:
    out, n = [], 0
    while n < size:
        for para in paragraphs("train"):
            out.append(para)
            n += len(para.encode()) + 2
            if n >= size:
                break
    return "\n\n".join(out).encode()[:size].rsplit(b" ", 1)[0]


def stats(times_ms: list[float]) -> dict:
    times = sorted(times_ms)
    return {
        "requests": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, int(0.95 * len(times)) - 1)], 1),
        "max_ms": round(times[-1], 1),
    }


def timed_get(client: httpx.Client, url: str, **params) -> float:
    t = time.perf_counter()
    r = client.get(url, params=params)
    elapsed = (time.perf_counter() - t) * 1000
    if r.status_code != 200:
        raise RuntimeError(f"GET {url}: {r.status_code} {r.text[:200]}")
    return elapsed


def article_view(words: int, runs: int) -> dict:
    text = article(words)
    with (
        tempfile.TemporaryDirectory() as tmp,
        TestClient(create_app(str(Path(tmp) / "l.sqlite")), base_url="http://127.0.0.1") as client,
    ):
        created = client.post("/api/analyze", data={"text": text}).json()
        url = f"/articles/{created['article_id']}"
        client.get(url)  # warm
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            r = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200
    return {
        "words": len(text.split()),
        "claims": created["claims"],
        "html_bytes": len(r.content),
        **stats(times),
        "target_ms": 300,
    }


class Server:
    """`reportedly serve` in its own process on a free loopback port."""

    def __init__(self, db: str) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "reportedly.cli", "serve", "--db", db, "--port", str(self.port)], env=env
        )
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                httpx.get(f"{self.url}/api/articles?limit=1", timeout=2)
                return
            except httpx.HTTPError:
                time.sleep(0.3)
        raise RuntimeError("the server did not start")

    def wait_for_stories(self, timeout: float) -> float:
        t, deadline = time.perf_counter(), time.time() + timeout
        while time.time() < deadline:
            if httpx.get(f"{self.url}/api/stories", timeout=30).status_code == 200:
                return time.perf_counter() - t
            time.sleep(0.5)
        raise RuntimeError("stories were not computed in time")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def claims_during_upload(db: str, upload_bytes: int, requests: int, min_seconds: float) -> dict:
    data = big_text(upload_bytes)
    server = Server(db)
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            server.wait_for_stories(600)  # the startup jobs, so the worker is free for the upload
            idle = [timed_get(client, "/api/claims", limit=50) for _ in range(requests)]
            job = client.post(
                "/api/analyze", params={"wait": "false"}, files={"file": ("big.txt", data, "text/plain")}
            ).json()
            while (state := client.get(f"/api/jobs/{job['id']}").json())["state"] == "queued":
                time.sleep(0.1)
            busy, start = [], time.perf_counter()
            # at least `requests`, and for at least min_seconds of analysis (bounded: 10x requests)
            while len(busy) < requests or (
                time.perf_counter() - start < min_seconds and len(busy) < 10 * requests
            ):
                busy.append(timed_get(client, "/api/claims", limit=50, offset=(len(busy) * 50) % 2000))
                time.sleep(0.02)
            state = client.get(f"/api/jobs/{job['id']}").json()
    finally:
        server.stop()  # ends the analysis too: the worker is terminated
    return {
        "upload_bytes": len(data),
        "idle": stats(idle),
        "during_upload": stats(busy),
        "analysis_still_running_at_end": state["state"] == "running",
        "analysis_seconds_when_measured": state["seconds"],
        "target_p95_ms": 100,
    }


def stories_concurrent(db: str, clients: int, per_client: int, before_runs: int) -> dict:
    from reportedly.fuse.match import fuse
    from reportedly.fuse.reliability import Reliability
    from reportedly.fuse.stories import ranked
    from reportedly.ledger.listing import generation
    from reportedly.ledger.store import Ledger

    ledger = Ledger(db)
    fuse(ledger)  # the ledger as served: nothing left to fuse
    before = []
    for _ in range(before_runs):  # what each GET did before: fuse (nothing new) + rank
        t = time.perf_counter()
        fuse(ledger)
        ranked(ledger, Reliability.load(), 2)[:50]
        before.append((time.perf_counter() - t) * 1000)
    gen, articles = generation(ledger), ledger.counts()["articles"]
    server = Server(db)
    try:
        first = server.wait_for_stories(600)

        def run_client(_n: int) -> list[float]:
            with httpx.Client(base_url=server.url, timeout=60) as client:
                return [timed_get(client, "/api/stories", limit=50) for _ in range(per_client)]

        with ThreadPoolExecutor(clients) as pool:
            times = [t for ts in pool.map(run_client, range(clients)) for t in ts]
        page = httpx.get(f"{server.url}/stories", timeout=30)
    finally:
        server.stop()
    return {
        "ledger_articles": articles,
        "ledger_claims": gen[0],
        "claims_in_stories": gen[3],
        "clients": clients,
        "stored_ranking": stats(times),
        "stories_page_status": page.status_code,
        "first_ranking_after_start_s": round(first, 1),
        "before_per_request_ms": stats(before),
        "target_p95_ms": 200,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--ledger", type=Path, help="a fused ledger of the PolNeAR articles (SQLite file)")
    ap.add_argument("--words", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--upload-bytes", type=int, default=2_000_000)
    ap.add_argument("--requests", type=int, default=200, help="/api/claims requests, idle and busy each")
    ap.add_argument("--min-seconds", type=float, default=30, help="keep measuring while analysing")
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--per-client", type=int, default=20)
    ap.add_argument("--before-runs", type=int, default=3)
    ap.add_argument("--skip", nargs="*", default=[], choices=["article", "upload", "stories"])
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/serve.json")
    args = ap.parse_args()
    result: dict = {"machine_cpus": os.cpu_count()}
    if "article" not in args.skip:
        result["article_view"] = article_view(args.words, args.runs)
        print(json.dumps(result, indent=2), flush=True)
    if args.ledger and "upload" not in args.skip:
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "ledger.sqlite"
            shutil.copy(args.ledger, copy)
            result["claims_during_upload"] = claims_during_upload(
                str(copy), args.upload_bytes, args.requests, args.min_seconds
            )
        print(json.dumps(result, indent=2), flush=True)
    if args.ledger and "stories" not in args.skip:
        result["stories_concurrent"] = stories_concurrent(
            str(args.ledger), args.clients, args.per_client, args.before_runs
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
