"""The typesetting server: a process with WeasyPrint loaded that forks warm processes for builds.

A build's workers would each start by importing WeasyPrint, warming it up and loading the
dictionary (about 0.7 CPU-s before the first page), and the command itself by importing
the build's stages (0.3 s). The first build starts this server as it ends, in a session
of its own (the command line's ``cli/server.py``); it loads all that once and stays for
``IDLE`` seconds after the last process it forked ends. Each worker, and each command,
a later build asks for is forked from it: warm at once.

It listens on an abstract Unix socket (Linux) named by the user, the Python and the code
(parts/served.py): new code, another server; only the same user may connect (the peer's
uid is checked). A newer server tells the older ones to go once idle; ``build.py clean``
tells them all. ``THAIBOOK_SERVER=0`` keeps every build's processes its own.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from thaibook.parts import served

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    Handler = Callable[[Connection, tuple], None]

IDLE_ENV = "THAIBOOK_SERVER_IDLE"  # seconds the server stays with nothing forked (default IDLE)
IDLE = 15 * 60.0
POLL = 1.0  # seconds between the server's looks at what it forked


def stop_all(but: int | None = None, name: str = "", started_with: str = "") -> int:
    """Tell this user's servers to go (``clean``, the tests' end, a newer server): all ``but`` one,
    those whose name starts with ``name``, those whose environment holds ``started_with``; how many."""
    if not served.enabled():  # no server there (no /proc, no abstract sockets)
        return 0
    told = 0
    for pid in _servers(name):
        if started_with and started_with.encode() not in _environ(pid):
            continue
        if pid != but:
            try:
                os.kill(pid, signal.SIGUSR1)
                told += 1
            except OSError:
                pass
    return told


def _environ(pid: int) -> bytes:
    try:
        return b"\0" + Path(f"/proc/{pid}/environ").read_bytes() + b"\0"
    except OSError:
        return b""


def _servers(name: str = "") -> list[int]:
    """This user's servers, found by their command line (what they fork shares it: left out)."""
    found: dict[int, int] = {}
    wanted = (served.MAIN + repr(name)[:-1]).encode()
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and entry.stat().st_uid == os.getuid():
                if wanted in (entry / "cmdline").read_bytes():
                    stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    found[int(entry.name)] = int(stat[1])
        except (OSError, IndexError, ValueError):
            continue
    return [pid for pid, parent in found.items() if parent not in found]


def main(name: str, handlers: dict[bytes, Handler], warm: Callable[[], None]) -> None:
    """The server's life: listen on ``name``, warm up, fork a process per connection (``handlers``
    by what it asks for) until idle or told to go."""
    os.umask(0o077)
    os.chdir("/")  # not the folder of the build that started it (it may go); each fork takes its own
    if "" in sys.path:  # a forked command takes on the build's folder: never import from it
        sys.path.remove("")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(name)
    except OSError:  # another server has this name already
        return
    listener.listen(64)
    served._named[:] = [name]
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    retire: list[bool] = []
    signal.signal(signal.SIGUSR1, lambda *_: retire.append(True))
    # Servers of older code from the same place go once what they forked ends (not another
    # checkout's: two checkouts in use would stop each other's at every build).
    stop_all(but=os.getpid(), name=name.rsplit("-", 1)[0] + "-")
    from thaibook.parts.typeset import warm_process
    from thaibook.parts.workerloop import scratch_folder

    # Its font folders (WeasyPrint's, made as it learns books) go with it: it ends with
    # os._exit, and it never frees a FontConfiguration (what it forked may be using it).
    with scratch_folder():
        warm_process()
        warm()
        _accept(listener, {served.WORKER: worker, **handlers}, retire, float(os.environ.get(IDLE_ENV, IDLE)))


def _accept(listener: socket.socket, handlers: dict[bytes, Handler], retire: list[bool], idle: float) -> None:
    children: set[int] = set()
    last = time.monotonic()
    listener.settimeout(POLL)
    while True:
        _reap(children)
        if children:
            last = time.monotonic()
        elif time.monotonic() - last > idle:
            return
        if retire:  # the next build starts or finds another; what it forked ends first
            listener.close()
            _reap(children, wait=True)
            return
        try:
            conn, _ = listener.accept()
        except (TimeoutError, InterruptedError):
            continue
        if not served.same_user(conn):
            conn.close()
            continue
        if _asks(conn) == served.LEARN:
            _learn(conn)
            continue
        pid = os.fork()
        if pid == 0:
            listener.close()
            _forked(conn, handlers)
        children.add(pid)
        conn.close()


def _asks(conn: socket.socket) -> bytes:
    """What the connection asks for (its first byte, left to be read)."""
    try:
        conn.settimeout(POLL)
        return conn.recv(1, socket.MSG_PEEK)
    except OSError:
        return b""
    finally:
        conn.settimeout(None)


def _learn(conn: socket.socket) -> None:
    """Typeset a book's warm-up part here, in the server, and drop it: the book's style sheet and
    fonts stay loaded (weasy/reuse.py), Python-Markdown too, for every process forked next."""
    from multiprocessing.connection import Connection

    from thaibook.parts.typeset import warm_part
    from thaibook.weasy import reuse

    try:
        socket.recv_fds(conn, 1, 0)
        pipe = Connection(conn.detach())
        part = pipe.recv() if pipe.poll(POLL) else None
        pipe.close()
        if part is not None:
            reuse.inherit()  # what the server forked before may still use the fonts it holds now
            warm_part(*part)
    except Exception:  # noqa: BLE001 (a warm-up only: the server goes on as it was)
        reuse.forget()
    finally:
        conn.close()


def _reap(children: set[int], wait: bool = False) -> None:
    """Forget the children that have ended; ``wait``: until all have (they may still read the fonts
    in the server's folder)."""
    for pid in list(children):
        try:
            done, _ = os.waitpid(pid, 0 if wait else os.WNOHANG)
        except ChildProcessError:
            done = pid
        if done:
            children.discard(pid)


def _forked(conn: socket.socket, handlers: dict[bytes, Handler]) -> None:
    """A forked process's life: take on the build's, do what it asks, exit (never back in the loop)."""
    code = 0
    try:
        kind, pipe, extra = served.take_over(conn)
        handlers[kind](pipe, extra)
    except SystemExit as exc:
        code = 0 if exc.code is None else exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 (a bug: said on the build's stderr, which it now has)
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        os._exit(code)


def worker(pipe: Connection, extra: tuple) -> None:
    """A worker for a build: its jobs, until the build closes the connection."""
    import shutil

    from thaibook.parts import contents
    from thaibook.parts.workerloop import scratch_folder, serve
    from thaibook.weasy import reuse

    reuse.inherit()  # the server's sheets and fonts (a book it learnt): used, never freed here
    contents.after_fork()
    with scratch_folder() as scratch:

        def stopped(*_: object) -> None:  # its build ended while it was on a part (served.kill)
            shutil.rmtree(scratch, ignore_errors=True)
            os._exit(1)

        signal.signal(signal.SIGTERM, stopped)
        serve(pipe)
