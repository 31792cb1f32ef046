"""Extraction's matrix products on one BLAS thread.

The numpy parts of extraction (the BiLSTM cue tagger, stepping over a batch of sentences, and the
factuality network) multiply small matrices thousands of times per article. OpenBLAS splits even
these over every core, and the threads' hand-offs cost more than the products: on the project
machine (2 cores, shared) the cue tagger ran 6 times slower for it. While any thread extracts,
numpy's BLAS is held to one thread; parallel work comes from processes (`analyze_many`'s
n_process, the server's worker processes), as with spaCy's own parser. Results are the same either
way. OpenBLAS (0.3.31) takes the setting from a process's main thread only: in a worker thread (a
Dask thread worker) the limit is silently not applied.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from threadpoolctl import ThreadpoolController

_lock = threading.Lock()
_state: dict = {"depth": 0, "limiter": None}


@lru_cache(maxsize=1)
def _controller() -> ThreadpoolController:
    import numpy  # noqa: F401  (its BLAS must be loaded before the libraries are listed)

    return ThreadpoolController()


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Hold numpy's BLAS to one thread inside the block (nested and concurrent blocks share one
    limit, lifted when the last one ends)."""
    with _lock:
        if _state["depth"] == 0:
            _state["limiter"] = _controller().limit(limits=1, user_api="blas")
        _state["depth"] += 1
    try:
        yield
    finally:
        with _lock:
            _state["depth"] -= 1
            if _state["depth"] == 0:
                _state["limiter"].restore_original_limits()
                _state["limiter"] = None
