"""build.py hands a build to the typesetting server (cli/server.py) when one runs.

The command then runs in a process forked warm from the server, on this process's stdout,
stderr, environment and folder; this one waits for its exit code and passes it Ctrl+C and
kill. An up-to-date check is not handed over (it is quicker here). When no server runs, the
command runs here, as always, and a server is started as it ends, for the next build.
"""

from __future__ import annotations

import signal
import sys
from typing import TYPE_CHECKING

from thaibook.parts import served

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

SERVED = ("build", "watch")  # the commands that typeset
FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def run(argv: list[str], command: str) -> int | None:
    """Run the command in a process the server forks; its exit code, or None if no server took it
    (then the command runs here, and a server is started for the next one)."""
    if command not in SERVED or not served.enabled() or (sock := served.connect()) is None:
        return None
    sys.stdout.flush()
    sys.stderr.flush()
    streams = {name: (s.encoding, s.errors) for name, s in (("stdout", sys.stdout), ("stderr", sys.stderr))}
    pipe = served.hand_over(sock, served.COMMAND, sys.argv[0], argv, streams)
    try:
        _, pid = pipe.recv()
    except (EOFError, OSError):
        return None  # it ended before it began: nothing done
    before = {sig: signal.signal(sig, lambda signum, _: _forward(pipe, signum)) for sig in FORWARDED}
    try:
        return int(pipe.recv()[1])
    except (EOFError, OSError):
        print(f"error: the build's process ({pid}) ended before it said how it went", file=sys.stderr)
        return 1
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


def _forward(pipe: Connection, signum: int) -> None:
    try:
        pipe.send(("signal", signum))
    except OSError:
        pass


class Handoff:
    """A command line (build.py's, the thaibook script's) that may be handed to the server."""

    def __init__(self, argv: list[str]) -> None:
        self.argv = list(argv)
        self.ran_here: str | None = None  # the command, if it was offered and no server took it

    def run(self, command: str) -> int | None:
        """Hand it over: its exit code; None when no server took it (it runs here)."""
        code = run(self.argv, command)
        if code is None:
            self.ran_here = command
        return code

    def done(self) -> None:
        """After a command that ran here: a server started for the next one."""
        if self.ran_here in SERVED and served.enabled():
            served.start()
