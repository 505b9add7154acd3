"""A check that runs in a thread of the parent while the workers typeset, instead of before.

The parent only waits on the workers' pipes once the parts are sent, so a check such
as the references' (half a second for a 500-page book) costs the build nothing there.
Until it has passed, the parts are handed out one by one: as workers fall idle, and one
queued for each part laid out (the pool's loop ends once its queue is empty and no part
is in the works, so the queue must not run dry). Once it fails, no part is started,
every part asking where it goes is told to stop, and its error is raised when the
workers are idle again: the same error, and no PDF.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .partrender import LaidOut, PartJob, PartResult
    from .workers import Answer, Workers


class CheckedWorkers:
    """The worker pool as typeset_book drives it, with ``check`` running beside the typesetting."""

    def __init__(self, pool: Workers, check: Callable[[], None]) -> None:
        self.pool = pool
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._check, args=(check,), name="side-check", daemon=True)

    def _check(self, check: Callable[[], None]) -> None:
        try:
            check()
        except BaseException as exc:  # noqa: BLE001 (raised again in the building thread)
            self.error = exc

    def _start(self) -> None:
        """Start the check once the first parts are sent: it would slow their sending (the GIL)."""
        if self.thread.ident is None:
            self.thread.start()

    def result(self) -> None:
        """Wait for the check; raise its error if it failed."""
        self._start()
        self.thread.join()
        if self.error is not None:
            raise self.error

    def _failed(self) -> bool:
        self._start()
        return not self.thread.is_alive() and self.error is not None

    def _passed(self) -> bool:
        return self.thread.ident is not None and not self.thread.is_alive() and self.error is None

    def run(
        self,
        jobs: list[PartJob],
        on_laid: Callable[[str, LaidOut], list[Answer]],
        on_done: Callable[[str], None] | None = None,
        spare: Callable[[], PartJob | None] | None = None,
    ) -> dict[str, PartResult]:
        """Workers.run, the jobs held back until the check passes; its error raised once the workers stop."""
        held = list(jobs[len(self.pool.conns) :])
        unplaced: set[str] = set()  # laid out, not yet answered: each must be told to stop

        def laid(key: str, layout: LaidOut) -> list[Any]:
            unplaced.add(key)
            if self._failed():
                stops = [(k, None) for k in sorted(unplaced)]
                unplaced.clear()
                return stops
            answers = on_laid(key, layout)
            unplaced.difference_update(a[0] for a in answers if isinstance(a, tuple))
            if held and self._passed():  # the pool's queue as it would have been: held jobs first
                answers = [*held, *answers]
                held.clear()
            elif held:  # one queued per part laid out: the pool never ends with jobs held back
                answers = [held.pop(0), *answers]
            return answers

        def more() -> PartJob | None:
            if self._failed():
                return None
            if held:
                return held.pop(0)
            return spare() if spare else None

        def done(key: str) -> None:
            self._start()
            if on_done:
                on_done(key)

        results = self.pool.run(jobs[: len(self.pool.conns)], laid, done, more)
        self.result()
        return results
