"""Watch mode: rebuild on save with warm workers; errors shown, the last good PDF kept."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from thaibook.build.inputs import SKIP_DIRS
from thaibook.cli.commands import print_warnings
from thaibook.core.book import PageInfo
from thaibook.core.errors import BuildError, BuildErrors, collecting
from thaibook.core.files import FONTS_DIR, LAYOUTS_DIR
from thaibook.pages.runs import label_runs

if TYPE_CHECKING:
    from thaibook.build.pipeline import BuildResult

POLL = 0.01  # seconds between looks at the files (longer when a look takes long: a big book)


QUIET = 0.02  # a change counts once the files have been still this long (editors save in steps)


def snapshot(roots: tuple[Path, ...], output: Path | None = None) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file a build may read: not what the build writes
    (``dist/``, and beside an ``output`` elsewhere its PDF, reports, previous build and proofs)."""
    found = {}
    beside = os.path.realpath(output.parent) if output else None
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            # Beside the output, its <stem>.* files and folders are the build's own.
            written = output.stem + "." if output and os.path.realpath(dirpath) == beside else None
            dirnames[:] = [
                d for d in dirnames
                if d not in SKIP_DIRS and not d.startswith(".") and not (written and d.startswith(written))
            ]  # fmt: skip
            for name in filenames:
                if name.startswith(".") or name.endswith((".pdf", "~", ".swp")):
                    continue
                if written and name.startswith(written):
                    continue
                path = os.path.join(dirpath, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                found[path] = (st.st_mtime_ns, st.st_size)
    return found


def wait_for_change(
    roots: tuple[Path, ...], before: dict, stop: Callable[[], bool], output: Path | None = None
) -> dict | None:
    """Block until the files change and then stay still; the new snapshot (None when stopped)."""
    pause = POLL
    while not stop():
        time.sleep(pause)
        looked = time.perf_counter()
        now = snapshot(roots, output)
        pause = max(POLL, 10 * (time.perf_counter() - looked))  # looking costs a tenth of a core at most
        if now == before:
            continue
        while True:
            time.sleep(still_left(before, now))
            later = snapshot(roots, output)
            if later == now:
                return now
            before, now = now, later
    return None


def still_left(before: dict, now: dict) -> float:
    """How much longer to wait for the files to have been still for QUIET: the time since the
    newest change counts (a change is seen up to a look later), a deletion is waited for whole."""
    changed = [entry[0] for path, entry in now.items() if before.get(path) != entry]
    if not changed or before.keys() - now.keys():
        return QUIET
    age = (time.time_ns() - max(changed)) / 1e9
    return min(QUIET, max(0.0, QUIET - age))


def changed_pages(old: tuple[PageInfo, ...], new: tuple[PageInfo, ...]) -> list[str]:
    """Labels (folios, or page numbers when blank) of the pages that differ from the last build."""
    labels = []
    for i, page in enumerate(new):
        prev = old[i] if i < len(old) else None
        if prev is None or (prev.text, prev.folio, prev.header) != (page.text, page.folio, page.header):
            labels.append(page.folio or f"#{i + 1}")
    if len(old) > len(new):
        labels.append(f"{len(old) - len(new)} fewer")
    return labels


def watch_command(
    book_dir: Path,
    output: Path | None,
    overrides: dict,
    *,
    jobs: int = 2,
    strict: bool = False,
    out: TextIO = sys.stdout,
    stop: Callable[[], bool] = lambda: False,
) -> int:
    """Build, then rebuild on every change until interrupted."""
    from thaibook.build.chapters import build_chapters
    from thaibook.parts.workers import Workers

    signal.signal(signal.SIGTERM, _interrupt)  # a plain kill stops watching as Ctrl+C does
    # Ctrl+C stops watching even when started with SIGINT ignored (a script's 'watch &' does that).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    pool = Workers(jobs, served=True)
    roots = (book_dir, LAYOUTS_DIR, FONTS_DIR)
    last: tuple[PageInfo, ...] = ()
    cold = [True]  # the workers have typeset nothing of the book: the first good build warms them

    def build() -> BuildResult:
        result = build_chapters(book_dir, output, overrides, workers=pool, strict=strict, warm=cold[0])
        cold[0] = False
        return result

    try:
        state = snapshot(roots, output)
        last = _rebuild(build, last, out)
        print(f"watching {book_dir} (Ctrl+C to stop)", file=out, flush=True)
        while True:
            state = wait_for_change(roots, state, stop, output)
            if state is None:
                return 0
            started = time.perf_counter()
            last = _rebuild(build, last, out, started)
    except KeyboardInterrupt:
        return 0
    finally:
        pool.close()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _rebuild(run: Callable, last: tuple[PageInfo, ...], out: TextIO, started: float | None = None) -> tuple:
    """One build: its time, changed pages and warnings; on error the message, and the old pages."""
    started = started or time.perf_counter()
    with collecting() as warnings:
        try:
            result = run()
        except (BuildError, BuildErrors) as exc:
            print_warnings(warnings, exc, out)
            print(f"{exc.formatted()} (kept the last good PDF)", file=out, flush=True)
            return last
    print_warnings(result.warnings, None, out)
    pages = changed_pages(last, result.pages) if last else []
    changed = f"; changed pages: {label_runs(pages) or 'none'}" if last else ""
    seconds = time.perf_counter() - started
    print(
        f"wrote {result.output} ({len(result.pages)} pages) in {seconds:.2f} s{changed}", file=out, flush=True
    )
    return result.pages
