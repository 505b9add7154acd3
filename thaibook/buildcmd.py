"""The build command: up-to-date check first (nothing heavy imported), then the build, with progress."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

from .cache import inputs_digest, record_build, up_to_date


def build_command(
    book_dir: Path,
    output: Path | None,
    overrides: dict,
    *,
    single_pass: bool = False,
    jobs: int = 2,
    strict: bool = False,
) -> int:
    """Build unless the last build read the same files; print one summary line."""
    options = repr(
        (str(output.resolve()) if output else None, sorted(overrides.items()), single_pass, strict)
    )
    options += os.environ.get("SOURCE_DATE_EPOCH", "")
    digest = inputs_digest(book_dir, options) if book_dir.is_dir() else ""
    done = up_to_date(book_dir, digest) if digest else None
    if done is not None:
        print(f"up to date: {done[0]} ({done[1]} pages)")
        return 0
    if single_pass:
        from .pipeline import build

        result = build(book_dir, output, overrides, strict=strict)
    else:
        from .workers import Workers

        pool = Workers(jobs)  # forked first: the workers import WeasyPrint while the rest loads
        try:
            from .chapterbuild import build_chapters

            with progress_bar(sys.stderr) as progress:
                result = build_chapters(
                    book_dir, output, overrides, workers=pool, progress=progress, strict=strict
                )
        finally:
            pool.close()
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"wrote {result.output} ({len(result.pages)} pages) in {result.seconds:.2f} s")
    for line in [*result.summary, *(result.revision.lines if result.revision else [])]:
        print(f"  {line}")
    record_build(book_dir, result.output, digest, len(result.pages))
    return 0


class progress_bar:  # noqa: N801 (used as a context manager, like open())
    """A rich progress bar shown only on a terminal and only once a build has run a second."""

    def __init__(self, stream: TextIO, delay: float = 1.0) -> None:
        self.enabled = stream.isatty()
        self.delay = delay
        self.bar = None
        self.task = None
        self.start = 0.0

    def __enter__(self) -> progress_bar:
        import time

        self.start = time.perf_counter()
        return self

    def __call__(self, done: int, total: int) -> None:
        """Report that ``done`` of ``total`` parts are typeset."""
        import time

        if not self.enabled or time.perf_counter() - self.start < self.delay and self.bar is None:
            return
        if self.bar is None:
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                TextColumn("typesetting"), BarColumn(), TextColumn("{task.completed}/{task.total} parts"),
                TimeElapsedColumn(), transient=True,
            )  # fmt: skip
            self.bar.start()
            self.task = self.bar.add_task("typesetting", total=total)
        self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
