"""The ``import`` and ``proof`` commands of the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import load_config
from .errors import BuildError


def run_import(args: argparse.Namespace) -> int:
    """Turn FILE into chapter Markdown: print it, or write it to --output."""
    from .importer import import_file
    from .pdf import write_atomic

    if len(args.files) != 1:
        usage = "import needs a FILE: python build.py import page.txt [--output DIR/file.md]"
        raise BuildError(usage, exit_code=2)
    source: Path = args.files[0]
    if not source.is_file():
        raise BuildError("file to import not found", source, exit_code=2)
    header = load_config(args.content).header if args.content.is_dir() else []
    result = import_file(source, header)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    if args.output is None:
        sys.stdout.write(result.markdown)
    else:
        target = args.output / f"{source.stem}.md" if args.output.is_dir() else args.output
        write_atomic(target, result.markdown.encode("utf-8"))
        print(f"wrote {target}")
    return 0


def run_proof(args: argparse.Namespace) -> int:
    """Contact sheet of the last build, and before/after pictures of the pages it changed."""
    from .content import load_book
    from .pipeline import build, default_output
    from .proof import write_proofs

    pdf: Path = args.output or default_output(load_book(args.content))
    if not pdf.exists():
        build(args.content, pdf, strict=args.strict)
    for path in write_proofs(pdf):
        print(f"wrote {path}")
    return 0
