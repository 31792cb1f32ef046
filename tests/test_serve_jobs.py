"""The server's job queue: work runs in a worker process, failures are reported, a dead worker
is replaced."""

from __future__ import annotations

import asyncio
import os
import time

import pytest

from reportedly.serve.jobs import JobFailed, JobQueue, JobRefused


def settle(queue: JobQueue, job, timeout: float = 300):
    deadline = time.time() + timeout
    while job.state in ("queued", "running") and time.time() < deadline:
        time.sleep(0.05)
    return job


def test_jobs_run_in_a_worker_and_a_dead_worker_is_replaced(tmp_path):
    queue = JobQueue(str(tmp_path / "ledger.sqlite"), max_pending=3)
    try:
        done = asyncio.run(
            queue.wait(queue.submit("analyze", b"The mayor said that the park reopened.", "", 10_000))
        )
        assert done["created"] and done["claims"] >= 1
        (worker,) = queue._pool._processes.values()
        assert worker.pid != os.getpid()
        bad = settle(queue, queue.submit("analyze", b"\x00\x01" * 50, "x.txt", 10_000))
        assert bad.state == "failed" and bad.status == 400 and "binary" in bad.error
        with pytest.raises(JobFailed, match="binary"):
            asyncio.run(queue.wait(bad))

        long_text = " ".join(f"Officials said that {n} homes had flooded." for n in range(1500)).encode()
        running = queue.submit("analyze", long_text, "", 200_000)
        waiting = [queue.submit("warm"), queue.submit("warm")]
        with pytest.raises(JobRefused):
            queue.submit("warm")
        while running.state != "running":
            time.sleep(0.01)
        assert all(j.state == "queued" for j in waiting)  # one job at a time in the worker
        time.sleep(0.5)
        worker.kill()
        settle(queue, running)
        assert running.state == "failed" and running.status == 503 and "worker stopped" in running.error
        again = asyncio.run(
            queue.wait(queue.submit("analyze", b"Police said that the road was closed.", "", 10_000))
        )
        assert again["created"]
    finally:
        queue.close(kill=True)
