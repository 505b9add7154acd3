"""``thaibook epub BOOK``: the print edition first (its pages are the e-book's page list), then the EPUB."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from thaibook.build.inputs import recorded_warnings
from thaibook.cli.commands import build_command, print_warnings
from thaibook.core.errors import BuildError
from thaibook.editions import options as printopts


def epub_command(book: Path, args: argparse.Namespace) -> int:
    """Build (or find up to date) the PDF, then write ``dist/<name>.epub`` or ``--output``."""
    if args.output is not None and args.output.suffix.lower() != ".epub":
        raise BuildError(
            "the epub command's --output names the .epub file to write", args.output, exit_code=2
        )
    overrides = printopts.overrides(args)
    code = build_command(
        book, None, overrides, single_pass=args.single_pass, jobs=args.jobs, strict=args.strict
    )
    if code:
        return code
    from thaibook.build.epub import build_epub

    printed = set(recorded_warnings(book))  # the PDF's, printed already
    result = build_epub(book, args.output, strict=args.strict)
    print_warnings([w for w in result.warnings if w.formatted() not in printed], None, sys.stderr)
    print(
        f"wrote {result.output} ({result.documents} documents, {result.pages} print pages "
        f"in its page list) in {result.seconds:.2f} s"
    )
    return 0
