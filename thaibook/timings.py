"""``THAIBOOK_TIMINGS=1``: the parent's time in each stage of a chapter build, as a table on stderr."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Any, TextIO, TypeVar

ENV = "THAIBOOK_TIMINGS"
BESIDE = "(beside)"
T = TypeVar("T")


class Timings:
    """Runs the build's stages, timing each when the environment asks for it."""

    def __init__(self, environ: dict[str, str] | None = None) -> None:
        self.enabled = (os.environ if environ is None else environ).get(ENV) == "1"
        self.start = time.perf_counter()
        self.rows: list[tuple[str, float]] = []

    def __call__(self, name: str, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``func(*args, **kwargs)``, its time kept under ``name``."""
        if not self.enabled:
            return func(*args, **kwargs)
        started = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            self.rows.append((name, time.perf_counter() - started))

    def report(self, out: TextIO | None = None) -> None:
        """Print the table (stage, milliseconds), the untimed rest and the total."""
        if not self.enabled:
            return
        total = time.perf_counter() - self.start
        stream = out or sys.stderr
        width = max([len(name) for name, _ in self.rows] + [24])
        for name, seconds in self.rows:
            print(f"  {name:<{width}} {seconds * 1000:8.1f} ms", file=stream)
        # A stage run "(beside)" the others, in a thread, is not part of the total's sum.
        rest = total - sum(seconds for name, seconds in self.rows if not name.endswith(BESIDE))
        print(f"  {'(other)':<{width}} {rest * 1000:8.1f} ms", file=stream)
        print(f"  {'total':<{width}} {total * 1000:8.1f} ms", file=stream, flush=True)
