"""A pool of typesetting worker processes, each keeping WeasyPrint and its fonts warm."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any

from .errors import BuildError, BuildErrors

if TYPE_CHECKING:  # the parent forks the workers before it imports anything heavy
    from .partrender import LaidOut, PartJob, PartResult, Placement

    Answer = tuple[str, Placement | None] | PartJob


def _first_worker(conns: list[Connection], parent_ends: list[Connection]) -> None:
    """Import WeasyPrint once and warm it up, then fork the other workers from this warm process."""
    from . import libcache, partrender, reuse, tocnumbers

    for end in parent_ends:  # inherited by the fork: closed, so the parent's exit is seen
        end.close()

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the handler watch mode installs for itself
    reuse.after_fork()  # state the parent made by typesetting in-process (tests) is not ours
    tocnumbers.after_fork()
    libcache.install()
    partrender.install_hooks()  # imports WeasyPrint while the parent prepares the HTML
    partrender.warm_up()  # lazy imports, fontconfig, cffi's type parsing: paid once, not per worker
    pids = []
    for i, conn in enumerate(conns[1:], 1):
        pid = os.fork()
        if pid == 0:
            for other in conns[:i]:
                other.close()
            try:
                _worker_main(conn)
            finally:
                os._exit(0)
        pids.append(pid)
        conn.close()
    try:
        _worker_main(conns[0])
    finally:
        for pid in pids:
            os.waitpid(pid, 0)


def _worker_main(conn: Connection) -> None:
    """Receive jobs until told to stop or the parent is gone (its pipe closed)."""
    try:
        conn.send(("ready", "", None))
        while (job := conn.recv()) is not None:
            conn.send(_call(job) if isinstance(job, Call) else _typeset(conn, job))
    except (EOFError, BrokenPipeError, ConnectionResetError):
        return


def _typeset(conn: Connection, job: PartJob) -> tuple[str, str, Any]:
    """Typeset a part, asking the parent where it goes; the message that answers the job."""
    from . import partrender

    try:
        return ("done", job.key, partrender.typeset_part(job, lambda laid: _ask(conn, job.key, laid)))
    except partrender.RefusedError as exc:
        return ("refused", job.key, str(exc))
    except BuildError as exc:
        return ("error", job.key, str(exc))
    except (EOFError, BrokenPipeError, ConnectionResetError):
        raise  # the parent is gone
    except Exception as exc:  # noqa: BLE001 (reported to the parent as one line)
        return ("error", job.key, f"typesetting failed: {type(exc).__name__}: {exc}")


@dataclass(frozen=True)
class Call:
    """A function to run in a worker (one that needs WeasyPrint, which the parent does not import)."""

    key: str
    func: Callable[..., Any]
    args: tuple


def _call(job: Call) -> tuple[str, str, Any]:
    try:
        return ("done", job.key, job.func(*job.args))
    except (BuildError, BuildErrors) as exc:
        return ("failed", job.key, exc)
    except Exception as exc:  # noqa: BLE001 (reported to the parent as one line)
        return ("error", job.key, f"{type(exc).__name__}: {exc}")


def _ask(conn: Connection, key: str, laid: LaidOut) -> Placement | None:
    conn.send(("laid", key, laid))
    return conn.recv()


class Workers:
    """Worker processes with one pipe each; jobs run one at a time per worker."""

    def __init__(self, count: int) -> None:
        ctx = multiprocessing.get_context("fork")
        pipes = [ctx.Pipe() for _ in range(max(1, count))]
        self.conns: list[Connection] = [parent for parent, _ in pipes]
        children = [child for _, child in pipes]
        # One process imports WeasyPrint and forks the others: the import is paid once.
        self.procs = [ctx.Process(target=_first_worker, args=(children, self.conns), daemon=True)]
        self.procs[0].start()
        for child in children:
            child.close()
        self.warm: set[Connection] = set()
        self.draining: dict[Connection, str] = {}  # workers still on a part told to stop

    def ready(self) -> bool:
        """Whether a worker has said it has WeasyPrint loaded (it says so before its first job)."""
        for conn in self.conns:
            if conn not in self.warm and conn.poll():
                self._got(conn)
        return bool(self.warm)

    def _got(self, conn: Connection) -> tuple[str, str, Any] | None:
        """The worker's next message; None for its 'ready' (noted)."""
        message = conn.recv()
        if message[0] == "ready":
            self.warm.add(conn)
            return None
        return message

    def _settle(self) -> None:
        """Wait for the workers still on a stopped part, telling it to stop when it asks."""
        for conn in self.draining:
            while (message := self._got(conn)) is None or message[0] == "laid":
                if message is not None:
                    conn.send(None)
        self.draining = {}

    def close(self) -> None:
        """Stop every worker; one still on a part is not waited for.

        Each gets two stops (a worker waiting for a placement takes the first as
        "stop that part"), then its pipe is closed, so a worker blocked on it sees
        the end at once; the first worker is killed if it does not end soon.
        """
        for conn in self.conns:
            try:
                conn.send(None)
                conn.send(None)
            except OSError:
                pass
            conn.close()
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
        from .partrender import PartJob, RefusedError

        self._settle()
        queue = list(jobs)
        idle = list(self.conns)
        busy: dict[Connection, str] = {}
        waiting: dict[str, Connection] = {}
        results: dict[str, PartResult] = {}
        where: dict[str, Connection] = {}  # which worker typeset which part
        stopped: set[str] = set()  # parts told to stop: nothing to wait for
        while queue or any(key not in stopped for key in busy.values()):
            while spare and len(queue) < len(idle) and (job := spare()) is not None:
                queue.append(job)
            _dispatch(queue, idle, busy, where)
            for conn in wait(list(busy)):
                if (message := self._got(conn)) is None:
                    continue
                kind, key, payload = message
                where[key] = conn
                if kind in ("error", "refused"):
                    self._drain(busy, waiting, conn)
                    raise RefusedError(payload) if kind == "refused" else BuildError(payload)
                if kind == "done":
                    if payload is not None:
                        results[key] = payload
                        if on_done:
                            on_done(key)
                    del busy[conn]
                    idle.append(conn)
                    continue
                waiting[key] = conn
                for item in on_laid(key, payload):
                    if isinstance(item, PartJob):
                        queue.insert(0 if item.after else len(queue), item)
                        continue
                    if item[1] is None:
                        stopped.add(item[0])
                    if item[0] in waiting:
                        waiting.pop(item[0]).send(item[1])
        # A part typeset ahead and told to stop may still be laying out: no need to wait.
        self.draining = dict(busy)
        return results

    def map(self, func: Callable[..., Any], args_list: list[tuple]) -> list[Any]:
        """Run ``func`` on each argument tuple in the workers; the results in order."""
        self._settle()
        queue = [Call(str(i), func, args) for i, args in enumerate(args_list)]
        idle = list(self.conns)
        busy: dict[Connection, str] = {}
        results: dict[str, Any] = {}
        failure: BaseException | None = None
        while queue or busy:
            _dispatch(queue, idle, busy)
            for conn in wait(list(busy)):
                if (message := self._got(conn)) is None:
                    continue
                kind, key, payload = message
                del busy[conn]
                idle.append(conn)
                if kind == "done":
                    results[key] = payload
                elif failure is None:
                    failure = payload if kind == "failed" else BuildError(payload)
                    queue.clear()
        if failure is not None:
            raise failure
        return [results[str(i)] for i in range(len(args_list))]

    def _drain(self, busy: dict[Connection, str], waiting: dict[str, Connection], failed: Connection) -> None:
        """After a failure, let the other workers' jobs stop so the pool stays usable."""
        del busy[failed]
        for key, conn in waiting.items():
            if conn in busy and busy[conn] == key:
                conn.send(None)
        self.draining = dict(busy)
        self._settle()
        busy.clear()


def _dispatch(
    queue: list[Any], idle: list[Connection], busy: dict[Connection, str], where: dict | None = None
) -> None:
    """Send queued work, in order, to idle workers; remember which worker has which key.

    A job that names a part in ``after`` goes to the worker that typeset that part.
    """
    for conn in list(idle):
        for i, item in enumerate(queue):
            wanted = (where or {}).get(getattr(item, "after", ""))
            if wanted is None or wanted is conn:
                idle.remove(conn)
                conn.send(queue.pop(i))
                busy[conn] = item.key
                break
