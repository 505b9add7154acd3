"""A pool of typesetting worker processes, each keeping WeasyPrint and its fonts warm."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any

from thaibook.core.errors import BuildError
from thaibook.parts.served import enabled as server_enabled
from thaibook.parts.served import kill
from thaibook.parts.served import workers as served_workers
from thaibook.parts.workerloop import Call, scratch_folder, serve

if TYPE_CHECKING:  # the parent forks the workers before it imports anything heavy
    from thaibook.parts.jobs import LaidOut, PartJob, PartResult, Placement

    Answer = tuple[str, Placement | None] | PartJob


def _first_worker(conns: list[Connection], parent_ends: list[Connection]) -> None:
    """Import WeasyPrint once and warm it up, then fork the other workers from this warm process.

    The workers' temporary files (WeasyPrint's font folders) go in one folder, removed at the
    end: a worker ends with os._exit, which runs no finalizer that would remove them."""
    with scratch_folder():
        _warm_and_fork(conns, parent_ends)


def _warm_and_fork(conns: list[Connection], parent_ends: list[Connection]) -> None:
    """The first worker's life: warm up, fork the others, serve, wait for them."""
    from thaibook.parts import contents, typeset
    from thaibook.weasy import reuse

    for end in parent_ends:  # inherited by the fork: closed, so the parent's exit is seen
        end.close()

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the handler watch mode installs for itself
    reuse.after_fork()  # state the parent made by typesetting in-process (tests) is not ours
    contents.after_fork()
    typeset.warm_process()  # WeasyPrint imported while the parent prepares the HTML
    pids = []
    for i, conn in enumerate(conns[1:], 1):
        pid = os.fork()
        if pid == 0:
            for other in conns[:i]:
                other.close()
            try:
                serve(conn)
            finally:
                os._exit(0)
        pids.append(pid)
        conn.close()
    try:
        serve(conns[0])
    finally:
        for pid in pids:
            os.waitpid(pid, 0)


class Workers:
    """Worker processes with one pipe each.

    A worker runs one job at a time, but a part waiting for its placement does not
    count: the worker takes the next part meanwhile, up to ``aside`` parts set aside.
    """

    aside = 32  # parts a worker may hold laid out, waiting for their placement (~2 MB each)

    def __init__(self, count: int, served: bool = False) -> None:
        """``count`` workers: forked from the typesetting server if ``served`` and one can be had
        (parts/served.py), else from this process."""
        self.warm: set[Connection] = set()
        self.draining: dict[Connection, list[str]] = {}  # parts told to stop, still in the works
        self.procs: list[Any] = []
        # Each worker's pid (a served one's, to stop one still on a part; the others' from 'ready').
        self.pids: dict[Connection, int] = (
            served_workers(max(1, count)) if served and server_enabled() else {}
        )
        self.conns: list[Connection] = list(self.pids)
        if self.conns:
            self.warm = set(self.conns)
            return
        ctx = multiprocessing.get_context("fork")
        pipes = [ctx.Pipe() for _ in range(max(1, count))]
        self.conns = [parent for parent, _ in pipes]
        children = [child for _, child in pipes]
        # One process imports WeasyPrint and forks the others: the import is paid once.
        self.procs = [ctx.Process(target=_first_worker, args=(children, self.conns), daemon=True)]
        self.procs[0].start()
        for child in children:
            child.close()

    def ready(self) -> bool:
        """Whether a worker has said it has WeasyPrint loaded (it says so before its first job)."""
        for conn in self.conns:
            if conn not in self.warm and conn.poll():
                self._got(conn)
        return bool(self.warm)

    def _got(self, conn: Connection) -> tuple[str, str, Any] | None:
        """The worker's next message; None for its 'ready' (noted)."""
        try:
            message = conn.recv()
        except (EOFError, ConnectionResetError):
            raise BuildError(GONE) from None
        if message[0] == "ready":
            self.warm.add(conn)
            if message[1]:
                self.pids[conn] = int(message[1])
            return None
        return message

    def _settle(self) -> None:
        """Wait for the parts told to stop that are still in the works, stopping each when it asks."""
        for conn, keys in self.draining.items():
            while keys:
                if (message := self._got(conn)) is None:
                    continue
                if message[0] == "laid":
                    _send(conn, ("place", message[1], None))
                elif message[1] in keys:
                    keys.remove(message[1])
        self.draining = {}

    def release(self) -> None:
        """Tell every worker to stop, and wait for none: what they hold is freed while this process
        goes on (a build's join needs no worker, and the workers of a 500-page book hold 300 MB)."""
        for conn in self.conns:
            try:
                conn.send(None)
            except OSError:
                pass  # gone already, or released before
            conn.close()

    def close(self) -> None:
        """Stop every worker; one still on a part is not waited for.

        Each is told to stop and its pipe closed, so a worker blocked on it sees the
        end at once; the first worker is killed if it does not end soon.
        """
        self.release()
        for conn in self.draining:
            kill(self.pids.get(conn))
        for proc in self.procs:
            proc.join(0 if self.draining else 5)
            if proc.is_alive():
                proc.kill()
                proc.join()

    def run(
        self,
        jobs: list[PartJob],
        on_laid: Callable[[str, LaidOut], list[Answer]],
        on_done: Callable[[str], None] | None = None,
        spare: Callable[[], PartJob | None] | None = None,
    ) -> dict[str, PartResult]:
        """Run jobs in order; ``on_laid`` answers with placements (None: stop that part) or more jobs.

        A worker left idle with nothing queued asks ``spare`` for work that may be wasted.
        """
        from thaibook.parts.jobs import PartJob, RefusedError, share_fonts

        self._settle()
        queue = list(jobs)
        parts: dict[Connection, list[str]] = {conn: [] for conn in self.conns}  # in the works, by worker
        waiting: dict[str, Connection] = {}  # laid out, waiting for their placement
        results: dict[str, PartResult] = {}
        where: dict[str, Connection] = {}  # which worker typeset which part
        stopped: set[str] = set()  # parts told to stop: nothing to wait for
        fonts: dict[str, bytes] = {}  # one copy of each font file the parts bring
        while queue or any(key not in stopped for keys in parts.values() for key in keys):
            free = self._free(parts, waiting)
            while spare and len(queue) < len(free) and (job := spare()) is not None:
                queue.append(job)
            _dispatch(queue, free, parts, where)
            for conn in wait([conn for conn, keys in parts.items() if keys]):
                if (message := self._got(conn)) is None:
                    continue
                kind, key, payload = message
                if kind in ("error", "refused"):
                    self._drain(parts, waiting, conn, key)
                    if kind == "refused":
                        raise RefusedError(payload)
                    raise payload if isinstance(payload, BuildError) else BuildError(payload)
                if kind == "done":
                    parts[conn].remove(key)
                    if payload is not None:
                        results[key] = share_fonts(payload, fonts)
                        if on_done:
                            on_done(key)
                    continue
                waiting[key] = conn
                for item in on_laid(key, payload):
                    if isinstance(item, PartJob):
                        queue.insert(0 if item.after else len(queue), item)
                        continue
                    if item[1] is None:
                        stopped.add(item[0])
                    if item[0] in waiting:
                        _send(waiting.pop(item[0]), ("place", *item))
        # A part typeset ahead and told to stop may still be laying out: no need to wait.
        self.draining = {conn: keys for conn, keys in parts.items() if keys}
        return results

    def _free(self, parts: dict[Connection, list[str]], waiting: dict[str, Connection]) -> list[Connection]:
        """Workers that may take a part: all theirs wait for placements, and not too many do.

        If every part of every worker waits, the limit is lifted: one of them must go on.
        """
        idle = [conn for conn in self.conns if all(key in waiting for key in parts[conn])]
        roomy = [conn for conn in idle if len(parts[conn]) < self.aside]
        return roomy or (idle if len(idle) == len(self.conns) else [])

    def map(self, func: Callable[..., Any], args_list: list[tuple]) -> list[Any]:
        """Run ``func`` on each argument tuple in the workers; the results in order."""
        self._settle()
        queue = [Call(str(i), func, args) for i, args in enumerate(args_list)]
        busy: dict[Connection, list[str]] = {conn: [] for conn in self.conns}
        results: dict[str, Any] = {}
        failure: BaseException | None = None
        while queue or any(busy.values()):
            _dispatch(queue, [conn for conn, keys in busy.items() if not keys], busy)
            for conn in wait([conn for conn, keys in busy.items() if keys]):
                if (message := self._got(conn)) is None:
                    continue
                kind, key, payload = message
                busy[conn].remove(key)
                if kind == "done":
                    results[key] = payload
                elif failure is None:
                    failure = payload if kind == "failed" else BuildError(payload)
                    queue.clear()
        if failure is not None:
            raise failure
        return [results[str(i)] for i in range(len(args_list))]

    def _drain(
        self, parts: dict[Connection, list[str]], waiting: dict[str, Connection], failed: Connection, key: str
    ) -> None:
        """After a failure, stop the other parts so the pool stays usable."""
        parts[failed].remove(key)
        for other, conn in waiting.items():
            _send(conn, ("place", other, None))
        self.draining = {conn: keys for conn, keys in parts.items() if keys}
        self._settle()


GONE = "a typesetting worker stopped before it was done (killed?): build again"


def _send(conn: Connection, message: Any) -> None:
    """Send to a worker; one that has gone is this build's error, not a closed output (EPIPE)."""
    try:
        conn.send(message)
    except (BrokenPipeError, ConnectionResetError):
        raise BuildError(GONE) from None


def _dispatch(
    queue: list[Any], free: list[Connection], parts: dict[Connection, list[str]], where: dict | None = None
) -> None:
    """Send queued work, in order, to free workers, one each; remember which worker has which key.

    A job that names a part in ``after`` goes to the worker that typeset that part.
    """
    for conn in free:
        for i, item in enumerate(queue):
            wanted = (where or {}).get(getattr(item, "after", ""))
            if wanted is None or wanted is conn:
                _send(conn, queue.pop(i))
                parts[conn].append(item.key)
                if where is not None:
                    where[item.key] = conn
                break
