"""A build's side of the typesetting server (parts/server.py): find it, start it, hand over to it.

What is handed to a process the server forks for a build (a worker, or the command
itself, cli/server.py): the build's stdin, stdout and stderr (as file descriptors,
over the socket), its environment, folder and umask. The forked process takes them on,
so it works as one the build forked itself would.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import signal
import socket
import struct
import sys
import tempfile
import time
from typing import TYPE_CHECKING, Any

from thaibook.core.code import code_salt

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

ENV = "THAIBOOK_SERVER"  # "0": no server
MAIN = "from thaibook.cli.server import main; main("  # the server's command line (found by it)
WORKER, COMMAND, LEARN = b"w", b"c", b"k"  # what a connection asks: fork a worker, a command; learn

_named: list[str] = []  # in the server and what it forks: the name it listens on


def enabled() -> bool:
    """Whether builds use the server (Linux only: abstract sockets)."""
    return sys.platform == "linux" and os.environ.get(ENV, "1") != "0"


def address() -> str:
    """The server's abstract socket name: this user, ``place()``, this code."""
    if _named:
        return _named[0]
    return f"\0thaibook-{os.getuid()}-{place()}-{version()}"


def version() -> str:
    """This code and the libraries installed for it (a site-packages folder's time changes with
    what it holds: a library installed, upgraded or removed; a checkout's with every file written)."""
    times = []
    for entry in [e for e in sys.path if os.path.basename(e) in ("site-packages", "dist-packages")]:
        try:
            times.append(str(os.stat(entry).st_mtime_ns))
        except OSError:
            times.append("-")
    return hashlib.sha256("\0".join([code_salt(), *times]).encode()).hexdigest()[:12]


def place() -> str:
    """Where the code comes from: this Python and its search path (a checkout, a virtualenv)."""
    return hashlib.sha256("\0".join([sys.executable, *sys.path]).encode()).hexdigest()[:12]


def connect() -> socket.socket | None:
    """A connection to the server; None if none runs."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(address())
        if not same_user(sock):  # anyone may bind an abstract name: never hand this build to them
            raise OSError("the server's name is held by another user")
    except OSError:
        sock.close()
        return None
    return sock


def same_user(sock: socket.socket) -> bool:
    """Whether the process at the other end of the socket is this user's."""
    creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", creds)[1] == os.getuid()


def start(wait: float = 0.0) -> bool:
    """Start a server in a session of its own (none is started twice: the name is taken once);
    with ``wait``, whether one answers within that many seconds."""
    import subprocess

    # The server finds this very code: this process's search path (build.py's folder first).
    path = os.pathsep.join(os.path.abspath(p) for p in sys.path if p)
    subprocess.Popen(
        [sys.executable, "-c", f"{MAIN}{address()!r})"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, "PYTHONPATH": path},
    )
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if (sock := connect()) is not None:
            sock.close()
            return True
        time.sleep(0.01)
    return False


def hand_over(sock: socket.socket, kind: bytes, *extra: Any) -> Connection:
    """Ask for a ``kind`` of process and give it this one's streams, environment, folder, umask and
    ``extra``; the connection to it."""
    from multiprocessing.connection import Connection

    fds = [fd for fd in (0, 1, 2) if _open(fd)]
    socket.send_fds(sock, [kind], fds)
    pipe = Connection(sock.detach())
    umask = os.umask(0)
    os.umask(umask)
    nice = os.getpriority(os.PRIO_PROCESS, 0)
    pipe.send((dict(os.environ), os.getcwd(), umask, (nice, os.sched_getaffinity(0)), fds, extra))
    return pipe


def take_over(conn: socket.socket) -> tuple[bytes, Connection, tuple]:
    """In the forked process: what was asked, and the build's streams, environment, folder and umask
    taken on; the connection and the extra."""
    from multiprocessing.connection import Connection

    signal.signal(signal.SIGUSR1, signal.SIG_IGN)  # it shares the server's command line
    conn.setblocking(True)
    kind, fds, _, _ = socket.recv_fds(conn, 1, 3)
    pipe = Connection(conn.detach())
    env, cwd, umask, (nice, cpus), targets, extra = pipe.recv()
    for fd, target in zip(fds, targets, strict=True):
        os.dup2(fd, target)
        os.close(fd)
    os.environ.clear()
    os.environ.update(env)
    tempfile.tempdir = None  # found again from TMPDIR, the build's
    time.tzset()
    os.chdir(cwd)
    os.umask(umask)
    try:  # as the build runs: as nice, on the same cores (a lower niceness may be refused)
        os.setpriority(os.PRIO_PROCESS, 0, nice)
        os.sched_setaffinity(0, cpus)
    except OSError:
        pass
    return kind, pipe, extra


def _open(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def workers(count: int, wait: float = 60.0) -> dict[Connection, int]:
    """``count`` workers forked by the server, each with its pid, once each has said it is ready;
    none if the server does not answer, or goes before they are (it was killed, or retiring)."""
    conns = []
    for _ in range(count):
        if (sock := connect()) is None:
            break
        try:
            conns.append(hand_over(sock, WORKER))
        except OSError:  # the server went meanwhile
            sock.close()
            break
    ready: dict[Connection, int] = {}
    if len(conns) == count:
        try:
            for conn in conns:
                if conn.poll(wait) and (message := conn.recv())[0] == "ready":
                    ready[conn] = int(message[1])
        except (EOFError, OSError):
            pass
    if len(ready) < count:
        for conn in conns:
            conn.close()
        return {}
    return ready


def kill(pid: int | None) -> None:
    """Stop a served worker at once (one still on a part when its build ends); it removes its
    temporary folder as it goes."""
    try:
        if pid:
            os.kill(pid, signal.SIGTERM)
    except OSError:
        pass


def teach(part: tuple) -> None:
    """Give the server a book's warm-up part (build/warm.py): it typesets it itself, so that what it
    forks next starts with that book's style sheet, fonts and Python-Markdown loaded."""
    if (sock := connect()) is not None:
        _send_part(sock, pickle.dumps(part))


def teach_when_up(part: tuple, within: float = 30.0) -> None:
    """Teach a server just started, from a process of its own once it answers (this one goes on).

    A build run here (no server ran) starts one; taught too, the next build finds the book learnt."""
    data = pickle.dumps(part)  # before the fork: the child of a threaded process only sends bytes
    try:
        if pid := os.fork():
            os.waitpid(pid, 0)
            return
    except OSError:  # no fork (EAGAIN), or SIGCHLD ignored reaped it: a warm-up only
        return
    try:
        if os.fork() == 0:  # the grandchild, reparented at once: no zombie in a caller that stays
            _detach()
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
            signal.alarm(int(within) + 30)  # gone whatever it waits on (a stopped server's socket)
            deadline = time.monotonic() + within
            while (sock := connect()) is None and time.monotonic() < deadline:
                time.sleep(0.05)
            if sock is not None:
                _send_part(sock, data)
    finally:
        os._exit(0)


def _detach() -> None:
    """Hold nothing of the caller's: no terminal, no descriptor (a pipe its reader waits on), no folder."""
    os.setsid()
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))
    os.chdir("/")


def _send_part(sock: socket.socket, data: bytes) -> None:
    from multiprocessing.connection import Connection

    try:
        socket.send_fds(sock, [LEARN], [])
        pipe = Connection(sock.detach())
        pipe.send_bytes(data)  # what pipe.send(part) sends: the server's recv() unpickles it
        pipe.close()
    except OSError:
        sock.close()
