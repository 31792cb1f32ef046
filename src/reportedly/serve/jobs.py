"""Background jobs for the server: analysis and fusion run in a worker process, never in a
request's event loop (spaCy and torch hold the GIL, so threads would still stall every request).

A job is submitted with `JobQueue.submit(kind, *args)`; it gets an unguessable id whose state
(queued, running, done, failed) the API serves at /api/jobs/{id}. The worker process loads the
pipeline once and opens the ledger itself. A worker that dies (killed, out of memory) fails its
job with a clear message and is replaced on the next submission."""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import secrets
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_PENDING = 16  # queued or running jobs; more is refused (503) rather than queued without bound
KEEP_FINISHED = 500
WORKER_NICENESS = 10  # finished jobs remembered for /api/jobs/{id}


class JobRefused(Exception):
    """The queue is full: the caller should retry later."""


class JobFailed(Exception):
    """A job ended in an error; `status` is the HTTP status that describes it."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message, status)  # both survive pickling back from the worker
        self.status = status

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass
class Job:
    id: str
    kind: str
    state: str = "queued"  # queued, running, done, failed
    created: float = field(default_factory=time.time)
    finished: float | None = None
    result: dict[str, Any] | None = None
    error: str | None = None
    status: int = 200  # the HTTP status a failure maps to
    future: Future | None = field(default=None, repr=False)
    args: tuple = field(default=(), repr=False)

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "state": self.state,
            "result": self.result,
            "error": self.error,
            "seconds": round((self.finished or time.time()) - self.created, 2),
        }


# -- what runs in the worker process ------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(db: str | None, model: str | None) -> None:
    from reportedly.ledger.store import Ledger

    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)  # requests first: the scheduler prefers the server process

    _WORKER["ledger"] = Ledger(db)
    _WORKER["model"] = model


def _nlp():
    from reportedly import parse

    return parse.load(_WORKER["model"])


def analyze_job(data: bytes, name: str, max_bytes: int) -> dict[str, Any]:
    """Read, analyse and store one upload; the article's id, whether it is new, its claims."""
    from reportedly.analyze import analyze_raw
    from reportedly.ledger.ingest import content_hash
    from reportedly.ledger.readers import parse_date
    from reportedly.ledger.store import ArticleMeta
    from reportedly.read import InputError, read_bytes

    ledger = _WORKER["ledger"]
    label = name or "pasted text"
    try:
        raw = read_bytes(data, label, suffix=Path(name).suffix.lower() if name else "", max_bytes=max_bytes)
    except InputError as exc:
        raise JobFailed(str(exc), 400) from None
    digest = content_hash(raw.text)
    existing = ledger.article_id(digest)
    if existing is not None:
        return {"article_id": existing, "created": False, "claims": len(ledger.claim_ids(existing))}
    try:
        analysis = analyze_raw(raw, _nlp())
    except ValueError as exc:  # spaCy's own limits (e.g. E088) are input problems, not crashes
        raise JobFailed(f"{label}: cannot be analysed ({str(exc).splitlines()[0][:200]})", 400) from None
    meta = ArticleMeta(
        origin=f"upload:{label}",
        url=raw.meta.get("url"),
        title=raw.meta.get("title"),
        outlet=raw.meta.get("sitename"),
        published=parse_date(raw.meta.get("date")),
    )
    article_id = ledger.add(analysis, meta, digest) or ledger.article_id(digest)
    return {"article_id": article_id, "created": True, "claims": len(analysis.claims)}


def stories_job() -> dict[str, Any]:
    """Fuse new claims into stories, then rank every story: the state /stories serves."""
    from reportedly.fuse.match import fuse
    from reportedly.fuse.reliability import Reliability
    from reportedly.fuse.track_record import track_records
    from reportedly.ledger.listing import generation
    from reportedly.serve.ranking import rank_all

    ledger = _WORKER["ledger"]
    fuse(ledger)
    gen = generation(ledger)  # after fusing: what the ranking below reflects
    reliability = Reliability.load()
    views = rank_all(ledger, reliability)
    records = {o: r.as_dict() for o, r in track_records(views, reliability).items()}  # surnames too
    return {"generation": list(gen), "stories": [summary(v) for v in views], "records": records}


def warm_job() -> dict[str, Any]:
    _nlp()
    return {}


def summary(v) -> dict[str, Any]:
    """A story's row in the ranked list."""
    return {
        "id": v.id,
        "label": v.label,
        "grade": v.code,
        "independent_origins": v.independent,
        "firm_origins": v.firm_origins,
        "loose_claims": v.loose,
        "echoes": v.echoes,
        "contradictions": len(v.contradictions),
        "claims": len(v.claims),
        "outlets": len(v.outlets),
    }


JOBS = {"analyze": analyze_job, "stories": stories_job, "warm": warm_job}


# -- the queue in the server process --------------------------------------------------------------


class JobQueue:
    def __init__(self, db: str | None, model: str | None = None, max_pending: int = MAX_PENDING) -> None:
        self.db = db
        self.model = model
        self.max_pending = max_pending
        self.jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.RLock()
        self._pool: ProcessPoolExecutor | None = None
        self._waiting: list[Job] = []
        self._active: Job | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),  # no fork of a threaded server
                initializer=_init_worker,
                initargs=(self.db, self.model),
            )
        return self._pool

    def pending(self) -> int:
        return sum(1 for j in self.jobs.values() if j.state in ("queued", "running"))

    def submit(self, kind: str, *args: Any) -> Job:
        """Queue a job. Analyses go ahead of waiting story refreshes; one job at a time is
        handed to the worker, so `running` means running."""
        with self._lock:
            if self.pending() >= self.max_pending:
                raise JobRefused(f"{self.pending()} jobs are waiting; try again in a minute")
            job = Job(id=secrets.token_hex(16), kind=kind, args=args)
            if kind == "stories":
                self._waiting.append(job)
            else:
                at = next((n for n, j in enumerate(self._waiting) if j.kind == "stories"), len(self._waiting))
                self._waiting.insert(at, job)
            self.jobs[job.id] = job
            self._forget_old()
            self._pump()
            return job

    def _pump(self) -> None:
        if self._active is not None or not self._waiting:
            return
        job = self._active = self._waiting.pop(0)
        job.state = "running"
        try:
            job.future = self._executor().submit(JOBS[job.kind], *job.args)
        except BrokenProcessPool:  # the last worker died: start a new one
            self._pool = None
            job.future = self._executor().submit(JOBS[job.kind], *job.args)
        job.args = ()
        job.future.add_done_callback(lambda f, job=job: self._finish(job, f))

    def _finish(self, job: Job, future: Future) -> None:
        with self._lock:
            self._record(job, future)
            self._active = None
            self._pump()

    def _record(self, job: Job, future: Future) -> None:
        job.finished = time.time()
        exc = future.exception()
        if exc is None:
            job.result, job.state = future.result(), "done"
            return
        job.state = "failed"
        if isinstance(exc, JobFailed):
            job.error, job.status = str(exc), exc.status
        elif isinstance(exc, BrokenProcessPool):
            job.error, job.status = "the analysis worker stopped (out of memory?); try a smaller text", 503
            self._pool = None
        else:
            job.error, job.status = f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}", 500

    def _forget_old(self) -> None:
        done = [k for k, j in self.jobs.items() if j.state in ("done", "failed")]
        for key in done[: max(0, len(done) - KEEP_FINISHED)]:
            del self.jobs[key]

    def get(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    async def wait(self, job: Job) -> dict[str, Any]:
        """The job's result, awaited without blocking the event loop; JobFailed if it failed."""
        while job.future is None:  # still waiting for its turn
            await asyncio.sleep(0.05)
        with contextlib.suppress(Exception):  # the state is recorded by _finish
            await asyncio.wrap_future(job.future)
        while job.state not in ("done", "failed"):  # the done-callback may run a moment later
            await asyncio.sleep(0.005)
        if job.state == "failed":
            raise JobFailed(job.error or "failed", job.status)
        return job.result or {}

    def close(self, kill: bool = False) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
            for job in self._waiting:
                job.state, job.error, job.status = "failed", "the server stopped", 503
            self._waiting.clear()
        if pool is None:
            return
        if kill:  # a long analysis would otherwise hold shutdown until it ends
            for proc in list(getattr(pool, "_processes", {}).values()):
                proc.terminate()
        pool.shutdown(wait=not kill, cancel_futures=True)
