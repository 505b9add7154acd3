"""A pool of typesetting worker processes, each keeping WeasyPrint and its fonts warm."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from .errors import BuildError
from .partrender import LaidOut, PartResult, Placement


@dataclass(frozen=True)
class PartJob:
    """One part to typeset: its key, its own HTML document and base URL."""

    key: str
    html: str
    base_url: str


Answer = tuple[str, Placement | None] | PartJob


def _worker_main(conn: Connection) -> None:
    """Receive jobs, typeset them, ask the parent where each part goes."""
    from . import partrender

    partrender.install_hooks()  # imports WeasyPrint once, while the parent prepares the HTML
    while True:
        job = conn.recv()
        if job is None:
            return
        try:
            result = partrender.typeset_part(
                job.html, job.base_url, lambda laid, k=job.key: _ask(conn, k, laid)
            )
            conn.send(("done", job.key, result))
        except Exception as exc:  # noqa: BLE001 (reported to the parent as one line)
            conn.send(("error", job.key, f"typesetting failed: {type(exc).__name__}: {exc}"))


def _ask(conn: Connection, key: str, laid: LaidOut) -> Placement | None:
    conn.send(("laid", key, laid))
    return conn.recv()


class Workers:
    """Worker processes with one pipe each; jobs run one at a time per worker."""

    def __init__(self, count: int) -> None:
        ctx = multiprocessing.get_context("fork")
        self.conns: list[Connection] = []
        self.procs = []
        for _ in range(max(1, count)):
            parent, child = ctx.Pipe()
            proc = ctx.Process(target=_worker_main, args=(child,), daemon=True)
            proc.start()
            child.close()
            self.conns.append(parent)
            self.procs.append(proc)

    def close(self) -> None:
        """Stop every worker and wait for it."""
        for conn in self.conns:
            try:
                conn.send(None)
            except OSError:
                pass
        for proc in self.procs:
            proc.join(5)
            if proc.is_alive():
                proc.kill()
                proc.join()

    def run(
        self, jobs: list[PartJob], on_laid: Callable[[str, LaidOut], list[Answer]]
    ) -> dict[str, PartResult]:
        """Run jobs in order; ``on_laid`` answers with placements (None: stop that part) or more jobs."""
        queue = list(jobs)
        idle = list(self.conns)
        busy: dict[Connection, str] = {}
        waiting: dict[str, Connection] = {}
        results: dict[str, PartResult] = {}
        while queue or busy:
            while idle and queue:
                conn = idle.pop(0)
                job = queue.pop(0)
                conn.send(job)
                busy[conn] = job.key
            for conn in wait(list(busy)):
                kind, key, payload = conn.recv()
                if kind == "error":
                    self._drain(busy, waiting, conn)
                    raise BuildError(payload)
                if kind == "done":
                    if payload is not None:
                        results[key] = payload
                    del busy[conn]
                    idle.append(conn)
                    continue
                waiting[key] = conn
                for item in on_laid(key, payload):
                    if isinstance(item, PartJob):
                        queue.append(item)
                    elif item[0] in waiting:
                        waiting.pop(item[0]).send(item[1])
        return results

    def _drain(self, busy: dict[Connection, str], waiting: dict[str, Connection], failed: Connection) -> None:
        """After a failure, let the other workers' jobs stop so the pool stays usable."""
        del busy[failed]
        for key, conn in waiting.items():
            if conn in busy and busy[conn] == key:
                conn.send(None)
        for conn in list(busy):
            while True:
                kind, _, _ = conn.recv()
                if kind == "laid":
                    conn.send(None)
                    continue
                break
        busy.clear()
