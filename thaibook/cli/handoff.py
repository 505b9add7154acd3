"""build.py hands a build to the typesetting server (cli/server.py) when one runs.

The command then runs in a process forked warm from the server, on this process's stdout,
stderr, environment and folder; this one waits for its exit code and passes it Ctrl+C and
kill; the process it forks checks whether the book is up to date. When no server runs, the
command runs here, as always, and a server is started as it ends and taught the book (its
warm-up part, build/warm.py), for the next build.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

SERVED = ("build", "watch")  # the commands that typeset
FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def run(argv: list[str], command: str) -> int | None:
    """Run the command in a process the server forks; its exit code, or None if no server took it
    (then the command runs here, and a server is started for the next one)."""
    from thaibook.parts import served  # not before a build is needed: an up-to-date check is quick

    if command not in SERVED or not served.enabled() or sys.stdout is None or sys.stderr is None:
        return None
    if (sock := served.connect()) is None:
        return None
    sys.stdout.flush()
    sys.stderr.flush()
    streams = {name: (s.encoding, s.errors) for name, s in (("stdout", sys.stdout), ("stderr", sys.stderr))}
    try:
        pipe = served.hand_over(sock, served.COMMAND, sys.argv[0], argv, streams)
        if not pipe.poll(WAIT):  # a server stopped (kill -STOP) or stuck: not to wait on
            return None
        _, pid = pipe.recv()
    except (EOFError, OSError):
        return None  # it went before the command began: nothing done
    return _wait(pipe, pid, command)


WAIT = 30.0  # seconds for the server's process to begin (a server just started warms up first)


def _wait(pipe: Connection, pid: int, command: str) -> int:
    """The command's exit code; the signals this process takes passed on meanwhile (not those it
    ignores: 'nohup build.py', a script's 'build.py &'; watch takes Ctrl+C and kill whatever it was
    started with, as it does when run here). Ended by one, this process ends by it."""
    got: list[int] = []

    def forward(signum: int, _: object) -> None:
        got.append(signum)
        try:
            pipe.send(("signal", signum))
        except OSError:
            pass

    def suspend(signum: int, _: object) -> None:  # Ctrl+Z: the command stops, then this process
        os.kill(pid, signal.SIGSTOP)
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTSTP)
        signal.signal(signal.SIGTSTP, suspend)  # 'fg' (SIGCONT) goes on from here
        os.kill(pid, signal.SIGCONT)

    always = (signal.SIGINT, signal.SIGTERM) if command == "watch" else ()
    taken = [
        s for s in (*FORWARDED, signal.SIGTSTP) if s in always or signal.getsignal(s) is not signal.SIG_IGN
    ]
    before = {sig: signal.signal(sig, suspend if sig == signal.SIGTSTP else forward) for sig in taken}
    try:
        return int(pipe.recv()[1])
    except (EOFError, OSError):
        if got:  # it ended by the signal passed on: so does this process, as it would have here
            signal.signal(got[-1], signal.SIG_DFL)
            os.kill(os.getpid(), got[-1])
        print(f"error: the build's process ({pid}) ended before it said how it went", file=sys.stderr)
        return 1
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


class Handoff:
    """A command line (build.py's, the thaibook script's) that may be handed to the server."""

    def __init__(self, argv: list[str], offered: bool = False) -> None:
        """``offered``: the command was offered to the server already (cli/start.py) and not taken."""
        self.argv = list(argv)
        self.offered = offered
        self.ran_here: str | None = None  # the command, if it was offered and no server took it

    def run(self, command: str) -> int | None:
        """Hand it over: its exit code; None when no server took it (it runs here)."""
        code = None if self.offered else run(self.argv, command)
        if code is None:
            self.ran_here = command
        return code

    def done(self) -> None:
        """After a command that ran here: a server started for the next one."""
        if self.ran_here in SERVED:
            from thaibook.parts import served

            if served.enabled():
                from thaibook.build.warm import LAST

                served.start()
                if LAST:  # the book this build typeset: learnt by the server before the next build
                    served.teach_when_up(LAST[0])
