"""The commands: build (an up-to-date check first, nothing heavy imported; a progress bar),
check, import and proof."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from thaibook.build.inputs import inputs_digest, record_build, up_to_date
from thaibook.core.cachedir import maybe_prune
from thaibook.core.errors import CACHE_KIND, BuildError, BuildErrors, BuildWarning, collecting, note

if TYPE_CHECKING:
    from thaibook.build.pipeline import BuildResult
    from thaibook.cli.handoff import Handoff
    from thaibook.core.book import Book


def build_command(
    book_dir: Path,
    output: Path | None,
    overrides: dict,
    *,
    single_pass: bool = False,
    jobs: int = 2,
    strict: bool = False,
    handoff: Handoff | None = None,
) -> int:
    """Build unless the last build read the same files (the typesetting server's process builds, if
    ``handoff`` takes it); print one summary line."""
    options = repr(
        (str(output.resolve()) if output else None, sorted(overrides.items()), single_pass, strict)
    )
    options += os.environ.get("SOURCE_DATE_EPOCH", "")
    digest = inputs_digest(book_dir, options) if book_dir.is_dir() else ""
    with collecting() as warnings:
        done = up_to_date(book_dir, digest) if digest else None
        if done is None and handoff and (code := handoff.run("build")) is not None:
            return code  # it said all there is to say, the warnings too
        if done is None:
            try:
                result = _build(book_dir, output, overrides, single_pass, jobs, strict)
            except (BuildError, BuildErrors) as exc:
                print_warnings(warnings, exc, sys.stderr)  # those found before the error
                raise
    if done is not None:
        print_warnings(warnings, None, sys.stderr)
        for line in done[2]:  # the warnings stand until the book changes
            print(line, file=sys.stderr)
        print(f"up to date: {done[0]} ({done[1]} pages)")
        return 0
    print_warnings(warnings, None, sys.stderr)  # the build's, and the cache's before it
    print(f"wrote {result.output} ({len(result.pages)} pages) in {result.seconds:.2f} s")
    for line in [*result.summary, *(result.revision.lines if result.revision else [])]:
        print(f"  {line}")
    book_warnings = [w.formatted() for w in warnings if w.kind != CACHE_KIND]  # not the book's
    record_build(book_dir, result.output, digest, len(result.pages), book_warnings)
    maybe_prune()
    return 0


def clean_command(out: TextIO) -> int:
    """``build.py clean``: empty the cache (every book's parts, the prepared fonts, compiled layouts)."""
    from thaibook.core.cachedir import clean
    from thaibook.core.files import user_cache_dir
    from thaibook.parts import server

    told = server.stop_all()
    removed = clean()
    print(f"removed {removed.files} files ({removed.bytes / 2**20:.1f} MB) from {user_cache_dir()}", file=out)
    if told:
        print(f"stopped {told} typesetting server{'s' * (told > 1)}", file=out)
    return 0


def _build(
    book_dir: Path, output: Path | None, overrides: dict, single_pass: bool, jobs: int, strict: bool
) -> BuildResult:
    if single_pass:
        from thaibook.build.pipeline import build

        return build(book_dir, output, overrides, strict=strict)
    from thaibook.parts.workers import Workers

    pool = Workers(jobs, served=True)  # first: the workers get ready while the rest loads
    try:
        from thaibook.build.chapters import build_chapters

        with progress_bar(sys.stderr) as progress:
            return build_chapters(
                book_dir,
                output,
                overrides,
                workers=pool,
                progress=progress,
                strict=strict,
                keep_workers=False,
            )
    finally:
        pool.close()


def print_warnings(
    warnings: Iterable[BuildWarning], failed: BuildError | BuildErrors | None, out: TextIO
) -> None:
    """One ``file:line:col: warning: message`` line each; none that ``failed`` reports as an error
    (--strict made them errors)."""
    errors = [] if failed is None else getattr(failed, "errors", [failed])
    for warning in warnings:
        if warning.error() not in errors:
            print(warning.formatted(), file=out)


DELAY_ENV = "THAIBOOK_PROGRESS_DELAY"  # seconds before the bar shows (default 1)


class progress_bar:  # noqa: N801 (used as a context manager, like open())
    """A rich progress bar shown only on a terminal and only once a build has run a second."""

    def __init__(self, stream: TextIO, delay: float | None = None) -> None:
        self.enabled = stream.isatty()
        self.stream = stream
        self.delay = float(os.environ.get(DELAY_ENV, "1")) if delay is None else delay
        self.bar = None
        self.task = None
        self.start = 0.0

    def __enter__(self) -> progress_bar:
        import time

        self.start = time.perf_counter()
        return self

    def __call__(self, done: int, total: int) -> None:
        """Report that ``done`` of ``total`` parts are typeset."""
        import time

        if not self.enabled or time.perf_counter() - self.start < self.delay and self.bar is None:
            return
        if self.bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                TextColumn("typesetting"), BarColumn(), TextColumn("{task.completed}/{task.total} parts"),
                TimeElapsedColumn(), transient=True, console=Console(file=self.stream),
            )  # fmt: skip
            self.bar.start()
            self.task = self.bar.add_task("typesetting", total=total)
        self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def run_import(args: argparse.Namespace) -> int:
    """Turn FILE into chapter Markdown: print it, or write it to --output."""
    from thaibook.core.files import write_atomic
    from thaibook.pages.importer import import_file
    from thaibook.sources.settings import load_config

    if len(args.files) != 1:
        raise BuildError(
            "import needs one FILE: thaibook import page.txt [--output DIR/file.md]", exit_code=2
        )
    source: Path = args.files[0]
    if not source.is_file():
        raise BuildError("file to import not found", source, exit_code=2)
    book = args.content or Path("content")
    header = load_config(book).header if book.is_dir() else []
    result = import_file(source, header, args.all_pages)
    for text in result.notes:
        print(note(text, source), file=sys.stderr)
    if args.output is None:
        sys.stdout.write(result.markdown)
    else:
        target = args.output / f"{source.stem}.md" if args.output.is_dir() else args.output
        write_atomic(target, result.markdown.encode("utf-8"))
        print(f"wrote {target}")
    return 0


def run_proof(book: Path, output: Path | None, strict: bool) -> int:
    """Contact sheet of the last build, and before/after pictures of the pages it changed."""
    from thaibook.build.pipeline import build, default_output
    from thaibook.pages.proof import write_proofs
    from thaibook.sources.chapters import load_book

    pdf: Path = output or default_output(load_book(book))
    if not pdf.exists():
        build(book, pdf, strict=strict)
    for path in write_proofs(pdf):
        print(f"wrote {path}")
    return 0


def run_check(paths: list[Path], charset: frozenset[int], fix: bool, out: TextIO) -> int:
    """The ``check`` command: print findings (and repairs with --fix); 1 if errors remain."""
    from thaibook.thai.checker import check_files, fix_files

    if fix:
        for change in fix_files(paths):
            print(note(change.message, change.path, change.line, change.column), file=out)
    findings = check_files(paths, charset)
    for finding in findings:
        print(finding.formatted(), file=out)
    files = "file" if len(paths) == 1 else "files"
    noun = "problem" if len(findings) == 1 else "problems"
    print(f"checked {len(paths)} {files}: {len(findings) or 'no'} {noun}", file=out)
    return 1 if findings else 0


def check_command(args: argparse.Namespace, out: TextIO) -> int:
    """``thaibook check [FILES] [--fix]``: the book's files, or the given ones, against its fonts."""
    from thaibook.cli.parsers import book_folder
    from thaibook.fonts.chain import book_faces, charset
    from thaibook.sources.chapters import load_book
    from thaibook.thai.checker import book_files

    folders = [p for p in args.files if p.is_dir()]
    files = [p for p in args.files if not p.is_dir()]
    if len(folders) > 1 or (folders and args.content):
        raise BuildError("check takes one book folder and any files of it", exit_code=2)
    book = load_book(folders[0] if folders else book_folder(args))
    if getattr(args, "breaks", False):
        return breaks_command(book, args.output, out)
    if getattr(args, "agreement", False):
        return agreement_command(book, args.output, out)
    drawn = charset(book_faces(book))
    for path in files:
        if not path.is_file():
            raise BuildError("file not found", path, exit_code=2)
    return run_check(files or book_files(book), drawn, args.fix, out)


def breaks_command(book: Book, pdf: Path | None, out: TextIO) -> int:
    """``thaibook check --breaks``: the words the last build's PDF split at line ends."""
    from thaibook.build.pipeline import default_output
    from thaibook.pages.linebreaks import split_words

    pdf = pdf or default_output(book)
    if not pdf.is_file():
        raise BuildError("no PDF to read the line ends of: build the book first (or give --output)", pdf)
    splits = split_words(book, pdf)
    for split in splits:
        print(split, file=out)
    print(f"{len(splits)} word pairs parted at line ends in {pdf.name}", file=out)
    return 0


def agreement_command(book: Book, pdf: Path | None, out: TextIO) -> int:
    """``thaibook check --agreement``: the original's lines that end elsewhere in the last build."""
    from thaibook.build.pipeline import default_output
    from thaibook.pages.agreement import describe
    from thaibook.pages.report import load_report, report_path

    pdf = pdf or default_output(book)
    report = load_report(report_path(pdf))
    if report is None:
        raise BuildError("no report of a build to read: build the book first (or give --output)", pdf)
    if not book.config.reference:
        raise BuildError("book.yaml names no reference page (reference: [original/page.txt])", book.root)
    for a in report.get("line_agreement", []):
        print(
            f"{a['reference']} (page {a['folio']}): {a['agree']} of {a['lines']} line ends agree "
            f"({a['percent']:.1f}%)",
            file=out,
        )
        for d in a.get("differences", []):
            print(note(describe(d), book.root / a["reference"], d["line"]), file=out)
    return 0
