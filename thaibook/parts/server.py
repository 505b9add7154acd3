"""The typesetting server: a process with WeasyPrint loaded that forks a warm worker for each build.

A build's workers would each start by importing WeasyPrint, warming it up and loading the
dictionary (about 0.7 CPU-s before the first page). The first build starts this server
instead, in a session of its own; it loads all that once and stays for ``IDLE`` seconds
after its last worker ends. Each worker a build asks for is forked from it: warm at once.

It listens on an abstract Unix socket (Linux) named by the user, the Python and the code:
new code, another server; only the same user may connect (the peer's uid is checked).
A worker takes on the build's environment, folder, umask, stdout and stderr, so it
works as a worker forked by the build would. A newer server tells the older ones to go
once idle; ``build.py clean`` tells them all. ``THAIBOOK_SERVER=0`` keeps every build's
workers its own.
"""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import struct
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from thaibook.core.store import code_salt

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

ENV = "THAIBOOK_SERVER"  # "0": no server
IDLE_ENV = "THAIBOOK_SERVER_IDLE"  # seconds the server stays with no worker (default IDLE)
IDLE = 15 * 60.0
POLL = 1.0  # seconds between the server's looks at its workers and its pid file


def enabled() -> bool:
    """Whether builds use the server (Linux only: abstract sockets)."""
    return sys.platform == "linux" and os.environ.get(ENV, "1") != "0"


def address() -> str:
    """The server's abstract socket name: this user, this Python and its path, this code."""
    key = hashlib.sha256("\0".join([sys.executable, *sys.path, code_salt()]).encode()).hexdigest()[:20]
    return f"\0thaibook-{os.getuid()}-{key}"


def stop_all(but: int | None = None) -> int:
    """Tell this user's servers (all ``but`` one) to go once idle (``clean``, the tests' end, a newer
    server); how many were told."""
    told = 0
    for pid in _servers():
        if pid != but:
            try:
                os.kill(pid, signal.SIGUSR1)
                told += 1
            except OSError:
                pass
    return told


def _servers() -> list[int]:
    """This user's servers, found by their command line (their workers share it: left out)."""
    found: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and entry.stat().st_uid == os.getuid():
                if MAIN.encode() in (entry / "cmdline").read_bytes():
                    stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    found[int(entry.name)] = int(stat[1])
        except (OSError, IndexError, ValueError):
            continue
    return [pid for pid, parent in found.items() if parent not in found]


MAIN = "from thaibook.parts.server import main; main("


def main(name: str) -> None:
    """The server's life: listen on ``name``, warm up, fork a worker per connection until idle or
    told to go."""
    os.umask(0o077)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(name)
    except OSError:  # another server has this name already
        return
    listener.listen(64)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    retire: list[bool] = []
    signal.signal(signal.SIGUSR1, lambda *_: retire.append(True))
    stop_all(but=os.getpid())  # older servers (other code) go once their workers end
    _warm()
    _accept(listener, retire, float(os.environ.get(IDLE_ENV, IDLE)))


def _warm() -> None:
    """What every worker needs loaded: WeasyPrint, our hooks, fonts set up, the dictionary."""
    from thaibook.parts import typeset
    from thaibook.thai import dictionary
    from thaibook.weasy import hooks
    from thaibook.weasy.render import install_library_cache

    install_library_cache()
    hooks.install_hooks()
    typeset.warm_up()
    dictionary.preload()


def _accept(listener: socket.socket, retire: list[bool], idle: float) -> None:
    children: set[int] = set()
    last = time.monotonic()
    listener.settimeout(POLL)
    while True:
        _reap(children)
        if children:
            last = time.monotonic()
        elif retire or time.monotonic() - last > idle:
            return
        if retire:  # no new workers: the newer server takes them
            listener.close()
            time.sleep(POLL)
            continue
        try:
            conn, _ = listener.accept()
        except (TimeoutError, InterruptedError):
            continue
        if not _same_user(conn):
            conn.close()
            continue
        pid = os.fork()
        if pid == 0:
            listener.close()
            _worker(conn)
        children.add(pid)
        conn.close()


def _reap(children: set[int]) -> None:
    for pid in list(children):
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done = pid
        if done:
            children.discard(pid)


def _same_user(conn: socket.socket) -> bool:
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", creds)[1] == os.getuid()


def _worker(conn: socket.socket) -> None:
    """A forked worker: the build's streams, environment, folder and umask, then its jobs."""
    import shutil
    import tempfile
    from multiprocessing.connection import Connection

    from thaibook.parts import contents
    from thaibook.parts.workerloop import serve
    from thaibook.weasy import reuse

    code = 0
    try:
        signal.signal(signal.SIGUSR1, signal.SIG_IGN)  # it shares the server's command line
        conn.setblocking(True)
        _, fds, _, _ = socket.recv_fds(conn, 1, 2)
        pipe = Connection(conn.detach())
        env, cwd, umask, targets = pipe.recv()
        for fd, target in zip(fds, targets, strict=True):
            os.dup2(fd, target)
            os.close(fd)
        os.environ.clear()
        os.environ.update(env)
        os.chdir(cwd)
        os.umask(umask)
        reuse.after_fork()
        contents.after_fork()
        scratch = tempfile.mkdtemp(prefix="thaibook-worker-")
        tempfile.tempdir = scratch  # WeasyPrint's font folders; os._exit runs no finalizer
        try:
            serve(pipe)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    except BaseException:  # noqa: BLE001 (a worker never returns into the server's loop)
        code = 1
    finally:
        os._exit(code)


def connect() -> socket.socket | None:
    """A connection to the server, which is started if none runs; None if none can be had."""
    name = address()
    if (sock := _try_connect(name)) is not None:
        return sock
    import subprocess

    # The server finds this very code: the build's own search path (build.py's folder first).
    path = os.pathsep.join(p for p in sys.path if p)
    starter = subprocess.Popen(
        [sys.executable, "-c", f"{MAIN}{name!r})"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, "PYTHONPATH": path},
    )
    deadline = time.monotonic() + 5.0
    while time.monotonic() < deadline:
        if (sock := _try_connect(name)) is not None:
            return sock
        if starter.poll() is not None:  # it could not start, or another server took the name
            return _try_connect(name)
        time.sleep(0.005)
    return None


def _try_connect(name: str) -> socket.socket | None:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(name)
    except OSError:
        sock.close()
        return None
    return sock


def hand_over(sock: socket.socket) -> Connection:
    """Give a new worker this process's stdout, stderr, environment, folder and umask."""
    from multiprocessing.connection import Connection

    fds = [fd for fd in (1, 2) if _open(fd)]
    socket.send_fds(sock, [bytes([len(fds)])], fds)
    pipe = Connection(sock.detach())
    umask = os.umask(0)
    os.umask(umask)
    pipe.send((dict(os.environ), os.getcwd(), umask, [fd for fd in (1, 2) if fd in fds]))
    return pipe


def _open(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def workers(count: int) -> list[Connection]:
    """Connections to ``count`` workers forked by the typesetting server; none if it cannot be had."""
    conns = []
    for _ in range(count):
        if (sock := connect()) is None:
            break
        conns.append(hand_over(sock))
    if len(conns) < count:
        for conn in conns:
            conn.close()
        return []
    return conns


def kill(pid: int | None) -> None:
    """Stop a served worker at once (one still on a part when its build ends)."""
    try:
        if pid:
            os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
