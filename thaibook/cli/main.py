"""Command line: ``thaibook [command] [options]`` (or ``python build.py``); every failure is one line."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from thaibook.cli.parsers import (
    book_folder,
    command_parser,
    prog_name,
    split_command,
    top_parser,
    unknown_command,
)
from thaibook.core.errors import BuildError, BuildErrors
from thaibook.core.files import CACHE_ENV
from thaibook.editions import options as printopts

if TYPE_CHECKING:
    from thaibook.cli.handoff import Handoff


def main(argv: list[str] | None = None, offered: bool = False) -> int:
    """Run a command; return the process exit code (0 ok, 1 bad content, 2 bad usage, 3 a bug).

    Called with no ``argv`` (build.py, the thaibook script), a build that is not up to date, or
    watch, is handed to the typesetting server if one runs (cli/handoff.py), else run here and
    one started as it ends (``offered``: cli/start.py offered it already, and no server took it)."""
    if argv is None:
        from thaibook.cli.handoff import Handoff

        handoff = Handoff(sys.argv[1:], offered)
        code = _main(handoff.argv, handoff)
        handoff.done()
        return code
    return _main(list(argv), None)


def _main(argv: list[str], handoff: Handoff | None) -> int:
    prog = prog_name()
    try:
        args = parse(prog, argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        with cache_dir(args.cache_dir):
            return _run(args, handoff)
    except (BuildError, BuildErrors) as exc:
        if args.debug:
            traceback.print_exc()
        print(exc.formatted(), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Whoever read our output has gone (`build.py | head`): nothing more to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        return 1
    except OSError as exc:  # the machine said no (a file unreadable, a disk full): still one line
        if args.debug:
            raise
        print(BuildError(str(exc.strerror or exc), exc.filename).formatted(), file=sys.stderr)
        return 1
    except Exception as exc:  # a bug, not the book's fault: still one line unless --debug
        if args.debug:
            raise
        print(
            f"error: internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)",
            file=sys.stderr,
        )
        return 3


@contextmanager
def cache_dir(folder: Path | None) -> Iterator[None]:
    """Inside: the caches are in ``folder`` (--cache-dir), for this process and its workers."""
    if folder is None:
        yield
        return
    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(folder.expanduser().absolute())
    try:
        yield
    finally:
        if before is None:
            del os.environ[CACHE_ENV]
        else:
            os.environ[CACHE_ENV] = before


def parse(prog: str, argv: list[str]) -> argparse.Namespace:
    """The command and its options (SystemExit for --help, --version and usage errors)."""
    command, rest = split_command(argv)
    if command == "build" and any(a in ("-h", "--help", "--version") for a in argv) and "build" not in argv:
        top_parser(prog).parse_args(["--help" if "--version" not in argv else "--version"])
    parser = command_parser(prog, command)
    args = parser.parse_intermixed_args(rest)
    args.command = command
    if problem := unknown_command(args):
        parser.error(problem)
    return args


def _run(args: argparse.Namespace, handoff: Handoff | None) -> int:
    from thaibook.cli import commands

    if args.command == "clean":
        return commands.clean_command(sys.stdout)
    if args.command == "new":
        from thaibook.cli.new import new_command

        return new_command(args.folder, args.title, sys.stdout)
    if args.command == "validate":
        from thaibook.editions.validate import report

        return report(args.pdf, args.variant, sys.stdout)
    if args.command == "import":
        return commands.run_import(args)
    if args.command == "check":
        return commands.check_command(args, sys.stdout)
    book = book_folder(args)
    if args.command == "proof":
        return commands.run_proof(book, args.output, args.strict)
    if args.output is not None and args.output.is_dir():
        raise BuildError("--output names a folder; give the PDF's file name", args.output, exit_code=2)
    if args.command == "epub":
        from thaibook.cli.epub import epub_command

        return epub_command(book, args)
    if args.command == "watch":
        from thaibook.cli.watch import watch_command

        if handoff and (code := handoff.run("watch")) is not None:
            return code

        return watch_command(book, args.output, printopts.overrides(args), jobs=args.jobs, strict=args.strict)
    return commands.build_command(
        book,
        args.output,
        printopts.overrides(args),
        single_pass=args.single_pass,
        jobs=args.jobs,
        strict=args.strict,
        handoff=handoff,
    )
