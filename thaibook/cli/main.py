"""Command line: ``python build.py [command] [options]``; every failure is one line."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from thaibook.core.errors import BuildError, BuildErrors
from thaibook.core.files import CACHE_ENV
from thaibook.editions import options as printopts

COMMANDS = ("build", "check", "import", "proof", "watch", "clean")


def make_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Typeset a Thai book of Markdown chapters into a print-ready PDF.",
        epilog="Commands: build (default), check [FILES] [--fix], import FILE [--output DIR/file.md] "
        "(flip-book text or PDF to chapter Markdown), proof (PNG proofs of the last build), "
        "watch (rebuild on every save), clean (empty the cache). "
        "Problems print as 'file:line:col: error: message' (or warning:).",
    )
    parser.add_argument("command", nargs="?", default="build", choices=COMMANDS, help="what to do")
    parser.add_argument(
        "--content", type=Path, default=Path("content"), help="book folder (default: content)"
    )
    parser.add_argument("--output", type=Path, help="PDF to write (default: dist/<output of book.yaml>)")
    parser.add_argument(
        "--strict", action="store_true", help="every warning is an error (all are listed; no PDF is written)"
    )
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors")
    parser.add_argument(
        "files", nargs="*", type=Path, help="check: files to check (default: the book's); import: the file"
    )
    parser.add_argument("--fix", action="store_true", help="check: repair the safe defects in place")
    parser.add_argument(
        "--single-pass", action="store_true", help="typeset the whole book in one pass (no workers, no cache)"
    )
    parser.add_argument(
        "--jobs", type=int, default=2, help="worker processes for chapter builds (default: 2)"
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        help="cache folder (default: $XDG_CACHE_HOME/thaibook or ~/.cache/thaibook; never the book folder)",
    )
    printopts.add_arguments(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command; return the process exit code (0 ok, 1 bad content, 2 bad usage)."""
    parser = make_parser()
    try:
        args = parser.parse_intermixed_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        with cache_dir(args.cache_dir):
            return _run(args)
    except (BuildError, BuildErrors) as exc:
        if args.debug:
            traceback.print_exc()
        print(exc.formatted(), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Whoever read our output has gone (`build.py | head`): nothing more to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
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


def _run(args: argparse.Namespace) -> int:
    if args.command == "clean":
        from thaibook.cli.commands import clean_command

        return clean_command(sys.stdout)
    if args.command == "check":
        from thaibook.cli.commands import check_command

        return check_command(args.content, args.files, args.fix, sys.stdout)
    if args.command in ("import", "proof"):
        from thaibook.cli.commands import run_import, run_proof

        return run_import(args) if args.command == "import" else run_proof(args)
    if args.files or args.fix:
        raise BuildError("file names and --fix belong to the check command", exit_code=2)
    if args.output is not None and args.output.is_dir():
        raise BuildError("--output names a folder; give the PDF's file name", args.output, exit_code=2)

    if args.command == "watch":
        from thaibook.cli.watch import watch_command

        return watch_command(
            args.content, args.output, printopts.overrides(args), jobs=args.jobs, strict=args.strict
        )
    from thaibook.cli.commands import build_command

    return build_command(
        args.content,
        args.output,
        printopts.overrides(args),
        single_pass=args.single_pass,
        jobs=args.jobs,
        strict=args.strict,
    )
