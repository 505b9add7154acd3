"""The command line's grammar: one parser per command, each with its own ``--help``."""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from pathlib import Path

from thaibook import __version__
from thaibook.core.settings import CONFIG_NAME
from thaibook.editions import options as printopts

COMMANDS = {
    "build": "typeset the book into a PDF (what runs when no command is given)",
    "check": "check the chapters' Thai text against the rules and the fonts (--fix repairs)",
    "watch": "build, then build again on every save",
    "new": "start a new book in a folder: a small book that shows every feature",
    "import": "turn flip-book text or a PDF into chapter Markdown",
    "proof": "PNG proofs of the last build: a contact sheet and the changed pages",
    "validate": "check a PDF against its PDF/X, PDF/A or PDF/UA variant",
    "clean": "empty the cache (every book's typeset parts, prepared fonts, compiled layouts)",
    "epub": "the e-book: an EPUB 3 whose page list is the PDF's (built first unless up to date)",
}


def prog_name() -> str:
    """How the user called us: ``build.py``, ``python -m thaibook`` or ``thaibook``."""
    called = Path(sys.argv[0] if sys.argv else "")
    if called.name == "build.py":
        return "build.py"
    return "python -m thaibook" if called.parts[-2:] == ("thaibook", "__main__.py") else "thaibook"


def top_parser(prog: str) -> argparse.ArgumentParser:
    """``thaibook --help``: the commands, each with a line."""
    listing = "\n".join(f"  {name:<9} {text}" for name, text in COMMANDS.items())
    parser = argparse.ArgumentParser(
        prog=prog,
        usage=f"{prog} [COMMAND] [BOOK] [options]",
        description="Typeset a Thai book of Markdown chapters into a print-ready PDF.",
        epilog=f"commands:\n{listing}\n\nWith no command, {prog} builds the book. "
        f"'{prog} COMMAND --help' shows a command's options. Start a book: {prog} new mybook && "
        f"{prog} build mybook",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"thaibook {__version__}")
    return parser


def command_parser(prog: str, command: str) -> argparse.ArgumentParser:
    """The parser of one command."""
    parser = argparse.ArgumentParser(
        prog=f"{prog} {command}", description=COMMANDS[command].capitalize() + "."
    )
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors")
    parser.add_argument(
        "--cache-dir", type=Path,
        help="cache folder (default: $XDG_CACHE_HOME/thaibook or ~/.cache/thaibook; never the book folder)",
    )  # fmt: skip
    ADD[command](parser)
    return parser


def _book(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "book", nargs="?", type=Path, metavar="BOOK",
        help=f"the book folder (default: the current folder if it has a {CONFIG_NAME}, else ./content)",
    )  # fmt: skip
    parser.add_argument("--content", type=Path, metavar="BOOK", help="the book folder (the same as BOOK)")


def _build_options(
    parser: argparse.ArgumentParser, output: str = "PDF to write (default: BOOK/dist/<output of book.yaml>)"
) -> None:
    _book(parser)
    parser.add_argument("--output", type=Path, help=output)
    parser.add_argument(
        "--strict", action="store_true", help="every warning is an error (all are listed; no PDF is written)"
    )
    parser.add_argument(
        "--single-pass", action="store_true", help="typeset the whole book in one pass (no workers, no cache)"
    )
    parser.add_argument(
        "--jobs", type=_jobs, default=2, help="worker processes for chapter builds (default: 2)"
    )
    printopts.add_arguments(parser)


def _check(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="*", type=Path, metavar="FILE", help="files to check (default: the book's chapters)"
    )
    parser.add_argument("--content", type=Path, metavar="BOOK", help="the book folder (default as for build)")
    parser.add_argument("--fix", action="store_true", help="repair the safe defects in place, printing each")
    parser.add_argument(
        "--breaks",
        action="store_true",
        help="list the words the last build split at a line end, most frequent first, with file:line",
    )
    parser.add_argument(
        "--agreement",
        action="store_true",
        help="each line of the original (book.yaml's reference) that ends elsewhere in the last build: "
        "both line ends side by side and the words that moved",
    )
    parser.add_argument(
        "--output",
        type=Path,
        metavar="PDF",
        help="--breaks, --agreement: the PDF to read (default: the build's)",
    )


def _new(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path, metavar="FOLDER", help="the new book's folder (new or empty)")
    parser.add_argument("--title", help="the book's title (default: the folder's name)")


def _import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE", help="flip-book text (.txt) or a PDF")
    parser.add_argument(
        "--output", type=Path, help="the Markdown file to write, or a folder (default: print it)"
    )
    parser.add_argument(
        "--content", type=Path, metavar="BOOK", help="a book whose running header to remove (its book.yaml)"
    )
    parser.add_argument(
        "--all-pages",
        action="store_true",
        help="import every page, also those without a printed page number (no page markers for them)",
    )


def _proof(parser: argparse.ArgumentParser) -> None:
    _book(parser)
    parser.add_argument("--output", type=Path, help="the PDF to draw (default: the book's last build)")
    parser.add_argument("--strict", action="store_true", help="build with --strict when there is no PDF yet")


ADD = {
    "build": _build_options,
    "watch": _build_options,
    "check": _check,
    "new": _new,
    "import": _import,
    "proof": _proof,
    "validate": printopts.add_validate_arguments,
    "clean": lambda parser: None,
    "epub": lambda parser: _build_options(parser, "EPUB to write (default: beside the PDF, <name>.epub)"),
}


def _jobs(text: str) -> int:
    """--jobs: a whole number of worker processes, 1 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def split_command(argv: list[str]) -> tuple[str, list[str]]:
    """The command and the rest of the arguments; ``build`` when none is named.

    As before subcommands, the command may come after options (``--content c watch``).
    """
    takes_value = _options_with_values()
    skip = False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
            continue
        if arg == "--":
            break
        if arg.startswith("-"):
            skip = arg in takes_value
            continue
        if arg in COMMANDS:
            return arg, argv[:i] + argv[i + 1 :]
        return "build", argv
    return "build", argv


def unknown_command(args: argparse.Namespace) -> str | None:
    """A BOOK that looks like a misspelt command rather than a folder: the message for it."""
    book = getattr(args, "book", None)
    if book is None or book.exists() or os.sep in str(book):
        return None
    close = difflib.get_close_matches(str(book), list(COMMANDS), n=1, cutoff=0.6)
    return f"unknown command '{book}' (did you mean '{close[0]}'?)" if close else None


def _options_with_values() -> set[str]:
    found = set()
    for command in COMMANDS:
        for action in command_parser("thaibook", command)._actions:
            if action.nargs != 0:
                found.update(action.option_strings)
    return found


def book_folder(args: argparse.Namespace) -> Path:
    """BOOK, --content, or the default: the current folder when it has a book.yaml, else ./content."""
    given = getattr(args, "book", None) or getattr(args, "content", None)
    if given is not None:
        return given
    if Path(CONFIG_NAME).is_file() or not Path("content").is_dir():
        return Path(".")
    return Path("content")
