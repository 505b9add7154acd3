#!/usr/bin/env python3
"""Benchmark: the start of a cold chapter build, up to the first parts sent to the workers.

Usage: python bench/start.py BOOK [--tree DIR ...] [--repeat 3]

Each tree (a checkout of thaibook; default this one) builds a copy of BOOK from cold
(no cached parts) in a process of its own, stopped as the first parts are sent; the
runs are interleaved. The table gives each moment (seconds from the start) and the CPU
seconds of the parent and the workers so far, the median of the runs, with the ratio
to the first tree.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs in the tree's own code: marks moments of the build, stops it when the first parts go out.
HARNESS = """
import json, resource, shutil, sys, time
from pathlib import Path
t0 = time.perf_counter()
book = Path(sys.argv[1])
try:  # the book's typeset parts and last build: in the user's cache, or (older trees) the book's
    from thaibook.core.cachedir import book_cache_dir
    shutil.rmtree(book_cache_dir(book), ignore_errors=True)
except ImportError:
    shutil.rmtree(book / ".cache" / "parts", ignore_errors=True)
    (book / ".cache" / "build.json").unlink(missing_ok=True)
from thaibook.build import chapters as chapterbuild
from thaibook.parts import workers
from thaibook.build.chapters import Timings
moments = {}
def mark(name):
    moments.setdefault(name, time.perf_counter() - t0)
class Marked(Timings):
    def __call__(self, name, func, *args, **kwargs):
        try:
            return func(*args, **kwargs)
        finally:
            mark(name + " done")
class Sent(Exception):
    pass
def run(self, jobs, *args, **kwargs):
    mark("first parts sent")
    raise Sent
ready = workers.Workers.ready
def noted(self):
    answer = ready(self)
    if answer:
        mark("a worker ready")
    return answer
chapterbuild.Timings, workers.Workers.run, workers.Workers.ready = Marked, run, noted
try:
    chapterbuild.build_chapters(book, book / "out.pdf")
except Sent:
    pass
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
moments["cpu parent"] = me.ru_utime + me.ru_stime
moments["cpu workers"] = kids.ru_utime + kids.ru_stime
print(json.dumps(moments))
"""
ROWS = (
    "load book done",
    "check text done",
    "a worker ready",
    "convert, lay out HTML done",
    "check references done",
    "first parts sent",
    "cpu parent",
    "cpu workers",
)


def run_once(tree: Path, book: Path) -> dict[str, float]:
    """One cold start of the book with the tree's code."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(
        [sys.executable, "-c", HARNESS, str(book)],
        env=env,
        cwd=tree,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("book", type=Path)
    parser.add_argument("--tree", type=Path, action="append", default=[])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    trees = [t.resolve() for t in args.tree] or [ROOT]
    runs: dict[Path, list[dict[str, float]]] = {t: [] for t in trees}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(len(trees)):
            shutil.copytree(args.book, Path(tmp) / f"book{i}")
        for _ in range(args.repeat):
            for i, tree in enumerate(trees):
                runs[tree].append(run_once(tree, Path(tmp) / f"book{i}"))
    width = max(len(r) for r in ROWS)
    print(f"{'':{width}}  " + "  ".join(f"{t.name[-14:]:>14} {'ratio':>6}" for t in trees))
    for row in ROWS:
        values = [statistics.median([r[row] for r in runs[t] if row in r] or [0.0]) for t in trees]
        cells = [
            f"{v:13.2f}s {v / values[0]:6.2f}" if v and values[0] else f"{'-':>14} {'':6}" for v in values
        ]
        print(f"{row:{width}}  " + "  ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
