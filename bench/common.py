"""Small timing helpers shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from typing import Callable


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def time_calls(fn: Callable[[int], object], n: int) -> list[float]:
    """Milliseconds taken by each of ``n`` calls ``fn(i)``."""
    out = []
    for i in range(n):
        t0 = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def row(name: str, value: float, unit: str, bar: str, ok: bool) -> dict:
    return {"name": name, "value": round(value, 4), "unit": unit, "bar": bar, "ok": bool(ok)}
