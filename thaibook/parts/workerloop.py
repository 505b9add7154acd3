"""A worker process's loop: it sets a part that waits for its placement aside and lays out the next.

A part is laid out, then waits for the parent to say where it goes (weasy/hooks.py);
the parts before it may still be in the works, so the wait can be long (the
contents, which decides every chapter's place, takes seconds). Each part runs in a
thread of its own and the loop hands one turn from thread to thread: exactly one
part runs at a time (WeasyPrint is not thread-safe), and a part waiting for its
placement gives the turn back. Placed parts are finished before new ones start.
"""

from __future__ import annotations

import os
import queue
import shutil
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from thaibook.core.errors import BuildError, BuildErrors

if TYPE_CHECKING:
    from thaibook.parts.jobs import LaidOut, PartJob, Placement


STACK_SIZE = 64 * 2**20  # WeasyPrint's layout recurses deeply; a thread gets the main thread's room


_END = object()  # the parent said stop, or is gone


@dataclass(frozen=True)
class Call:
    """A function to run in a worker (one that needs WeasyPrint, which the parent does not import)."""

    key: str
    func: Callable[..., Any]
    args: tuple


class _Part:
    """One part in its thread, run only when given the turn."""

    def __init__(self, loop: Loop, job: PartJob) -> None:
        self.loop, self.job = loop, job
        self.go = threading.Event()
        self.answer: Placement | None = None
        self.thread = threading.Thread(target=self._run, name=job.key, daemon=True)

    def _run(self) -> None:
        self.go.wait()
        self.go.clear()
        try:
            self.loop.answer(_typeset(self.job, self.ask))
        except OSError:  # the parent is gone
            self.loop.inbox.put(_END)
        finally:
            self.loop.back.set()

    def ask(self, laid: LaidOut) -> Placement | None:
        """Report the layout, give the turn back until the placement comes."""
        self.loop.waiting[self.job.key] = self
        self.loop.send(("laid", self.job.key, laid))
        self.loop.back.set()
        self.go.wait()
        self.go.clear()
        return self.answer


class Loop:
    """Receives jobs and placements; runs Calls at once and parts turn by turn."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.inbox: queue.Queue[Any] = queue.Queue()
        self.back = threading.Event()
        self.waiting: dict[str, _Part] = {}
        self.placed: deque[_Part] = deque()
        self.fresh: deque[_Part] = deque()

    def send(self, message: tuple[str, str, Any]) -> None:
        """Send to the parent (only the thread holding the turn does)."""
        self.conn.send(message)

    def answer(self, message: tuple[str, str, Any]) -> None:
        """Send a job's answer; one that cannot be sent (not picklable) becomes the job's error."""
        try:
            self.send(message)
        except OSError:
            raise
        except Exception as exc:  # noqa: BLE001 (else the parent would wait for it for ever)
            self.send(("error", message[1], f"cannot send the result: {type(exc).__name__}: {exc}"))

    def serve(self) -> None:
        """Until told to stop or the parent is gone."""
        threading.stack_size(STACK_SIZE)
        threading.Thread(target=self._read, name="reader", daemon=True).start()
        self.send(("ready", str(os.getpid()), None))
        while True:
            block = not (self.placed or self.fresh)
            try:
                while True:
                    if not self._take(self.inbox.get(block=block)):
                        return
                    block = False
            except queue.Empty:
                pass
            if not (self.placed or self.fresh):  # a Call, run already
                continue
            part = (self.placed or self.fresh).popleft()
            self.back.clear()
            if not part.thread.is_alive():
                part.thread.start()
            part.go.set()
            self.back.wait()

    def _read(self) -> None:
        try:
            while (message := self.conn.recv()) is not None:
                self.inbox.put(message)
        except (EOFError, OSError):
            pass
        self.inbox.put(_END)

    def _take(self, message: Any) -> bool:
        """Act on one message from the parent; False to stop."""
        if message is _END:
            return False
        if isinstance(message, Call):
            self.answer(_call(message))
        elif isinstance(message, tuple):  # ("place", key, placement or None to stop)
            part = self.waiting.pop(message[1])
            part.answer = message[2]
            self.placed.append(part)
        else:
            self.fresh.append(_Part(self, message))
        return True


@contextmanager
def scratch_folder() -> Iterator[str]:
    """Inside: this process's temporary files (WeasyPrint's font folders) in a folder of its own,
    removed at the end (a worker ends with os._exit, which runs no finalizer that would)."""
    folder = tempfile.mkdtemp(prefix="thaibook-workers-")
    tempfile.tempdir = folder
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def serve(conn: Connection) -> None:
    """A worker's life: jobs until told to stop or the parent is gone (its pipe closed)."""
    try:
        Loop(conn).serve()
    except (EOFError, BrokenPipeError, ConnectionResetError):
        return


def _typeset(job: PartJob, ask: Callable[[LaidOut], Placement | None]) -> tuple[str, str, Any]:
    """Typeset a part, asking the parent where it goes; the message that answers the job."""
    from thaibook.parts import typeset
    from thaibook.parts.jobs import RefusedError

    try:
        return ("done", job.key, typeset.typeset_part(job, ask))
    except RefusedError as exc:
        return ("refused", job.key, str(exc))
    except BuildError as exc:
        return ("error", job.key, exc)
    except Exception as exc:  # noqa: BLE001 (reported to the parent as one line)
        return ("error", job.key, f"typesetting failed: {type(exc).__name__}: {exc}")


def _call(job: Call) -> tuple[str, str, Any]:
    try:
        return ("done", job.key, job.func(*job.args))
    except (BuildError, BuildErrors) as exc:
        return ("failed", job.key, exc)
    except Exception as exc:  # noqa: BLE001 (reported to the parent as one line)
        return ("error", job.key, f"{type(exc).__name__}: {exc}")
