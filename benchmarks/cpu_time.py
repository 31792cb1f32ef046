"""CPU seconds spent inside chosen functions, by label, for the profiling benchmarks: a thin
wrapper replaces each function where it is looked up (cProfile's per-call overhead inflates the
many small Python calls; this does not). A function nested in another is counted in both."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable


def wrap(spent: dict, label: str, fn: Callable, calls: dict | None = None) -> Callable:
    """fn, adding the CPU seconds of each call to spent[label] (and one to calls[label])."""
    spent.setdefault(label, 0.0)

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - start
            if calls is not None:
                calls[label] = calls.get(label, 0) + 1

    return wrapper


def patch(spent: dict, label: str, owner: object, name: str, calls: dict | None = None) -> None:
    """Replace owner.name (a module's function, a class's method) by its timed wrapper."""
    setattr(owner, name, wrap(spent, label, getattr(owner, name), calls))
