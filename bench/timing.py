"""What the benchmarks share: the best of a few runs, the result of the last."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def best_of(function: Callable[..., Any], *args: Any, runs: int = 3) -> tuple[float, Any]:
    """The shortest of ``runs`` timings of ``function(*args)`` (the others pay for a cold
    cache or a busy machine), and what it returned."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function(*args)
        times.append(time.perf_counter() - started)
    return min(times), result
