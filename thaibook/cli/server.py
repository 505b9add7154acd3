"""The typesetting server's process (parts/server.py) with the commands it runs for build.py.

A build or watch command handed over by the caller (cli/handoff.py) runs in a process forked
from the server, with the build's stages, WeasyPrint and the dictionary already loaded, on
the caller's stdout, stderr, environment and folder; it tells the caller its exit code and
takes the signals the caller passes on.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from typing import TYPE_CHECKING

from thaibook.parts import served

if TYPE_CHECKING:
    from multiprocessing.connection import Connection


def main(name: str) -> None:
    """The server process: workers and commands, forked warm."""
    from thaibook.parts import server

    server.main(name, {served.COMMAND: command}, warm=_warm)


def _warm() -> None:
    """The command's own modules, loaded once: what a build imports before its first stage."""
    import thaibook.build.chapters  # noqa: F401
    import thaibook.cli.commands  # noqa: F401
    import thaibook.cli.watch  # noqa: F401


def command(pipe: Connection, extra: tuple) -> None:
    """In the forked process: the command, as the caller would have run it."""
    from thaibook.cli.main import main as run_main

    argv0, argv, streams = extra
    sys.argv = [argv0, *argv]
    _streams(streams)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    pipe.send(("pid", os.getpid()))
    threading.Thread(target=_listen, args=(pipe,), daemon=True).start()
    code = 1
    try:
        code = run_main(argv)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # done: the caller's going is no Ctrl+C now
        sys.stdout.flush()
        sys.stderr.flush()
        pipe.send(("exit", code))
    _teach()
    raise SystemExit(code)


def _teach() -> None:
    """After the caller has its answer: the build's warm-up part to the server (build/warm.py)."""
    from thaibook.build.warm import LAST

    if LAST:
        served.teach(LAST[0])


def _streams(streams: dict[str, tuple[str, str]]) -> None:
    """sys.stdout and sys.stderr anew on the caller's descriptors (a terminal: line by line)."""
    for fd, name in ((1, "stdout"), (2, "stderr")):
        encoding, errors = streams[name]
        stream = open(fd, "w", buffering=1, encoding=encoding, errors=errors, closefd=False)  # noqa: SIM115
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)


def _listen(pipe: Connection) -> None:
    """The caller's signals, given to this process; the caller gone is Ctrl+C."""
    try:
        while True:
            _, signum = pipe.recv()
            os.kill(os.getpid(), signum)
    except (EOFError, OSError):
        os.kill(os.getpid(), signal.SIGINT)
