"""Ranked stories served from stored state. Fusion and ranking run as a background job whenever
the ledger's generation (ledger.listing.generation) differs from the one the stored ranking was
computed at; a GET only reads the stored list (and, at most every CHECK_EVERY seconds, the
generation), so it never fuses or ranks."""

from __future__ import annotations

import threading
import time
from typing import Any

from reportedly.ledger.listing import generation
from reportedly.ledger.store import Ledger
from reportedly.serve.jobs import Job, JobQueue, JobRefused

CHECK_EVERY = 1.0  # seconds between generation checks


class StoriesNotReady(Exception):
    """No ranking is stored yet; one is being computed."""


class StoryCache:
    def __init__(self, ledger: Ledger, jobs: JobQueue) -> None:
        self.ledger = ledger
        self.jobs = jobs
        self.stories: list[dict[str, Any]] | None = None
        self.records: dict[str, dict[str, Any]] = {}  # origin -> track record (fuse/track_record.py)
        self.generation: tuple[int, ...] | None = None
        self.job: Job | None = None
        self._checked = 0.0
        self._current: tuple[int, ...] | None = None
        self._lock = threading.RLock()  # routes run in a thread pool

    def _take_result(self) -> None:
        job = self.job
        if job is None or job.state not in ("done", "failed"):
            return
        self.job = None
        if job.state == "done" and job.result is not None:
            self.stories = job.result["stories"]
            self.records = job.result.get("records") or {}
            self.generation = tuple(job.result["generation"])
            self._checked = 0.0  # look again: claims may have arrived while it ran

    def refresh(self) -> Job | None:
        """Start a fusion + ranking job unless one is running; the job, or None if refused."""
        with self._lock:
            self._take_result()
            if self.job is None:
                try:
                    self.job = self.jobs.submit("stories")
                except JobRefused:
                    return None
            return self.job

    def fresh(self) -> bool:
        return self.generation is not None and self.generation == self._current

    def ranked(self, min_claims: int = 1) -> list[dict[str, Any]]:
        """The stored ranking, filtered; starts a refresh when the ledger has moved on.
        StoriesNotReady when nothing has been computed yet."""
        with self._lock:
            self._take_result()
            now = time.monotonic()
            if now - self._checked >= CHECK_EVERY:
                self._checked = now
                self._current = generation(self.ledger)
                if self._current != self.generation:
                    self.refresh()
            stories = self.stories
        if stories is None:
            raise StoriesNotReady("stories are being computed; try again in a few seconds")
        return [s for s in stories if s["claims"] >= min_claims]
