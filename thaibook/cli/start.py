"""The process's entry (build.py, the thaibook command, python -m thaibook): a build or watch handed
to the typesetting server before the command line is imported, else the command line, here."""

from __future__ import annotations

import sys

from thaibook.cli.handoff import SERVED, run

LOCAL = ("check", "new", "import", "proof", "epub", "validate", "clean")  # the other commands: run here


def main() -> int:
    """build.py and the thaibook command: a build or watch handed to the server before the command
    line is imported (~0.1 s), else the command line (cli/main.py), here.

    The command is guessed from the words alone (a folder named ``watch`` passes for the command);
    the process the server forks parses the arguments for real, so a wrong guess only changes
    which signals are passed on."""
    argv = sys.argv[1:]
    words = [arg for arg in argv if arg in SERVED or arg in LOCAL]
    command = words[0] if words else "build"
    offered = command in SERVED
    if offered and (code := run(argv, command)) is not None:
        return code
    from thaibook.cli.main import main as run_here

    return run_here(offered=offered)  # not offered twice: a server that did not answer waits no more
