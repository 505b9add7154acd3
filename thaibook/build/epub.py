"""The e-book build: the book and its print edition's pages in, ``dist/<name>.epub`` out."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

from thaibook.build.pipeline import default_output
from thaibook.core.book import Book
from thaibook.core.errors import BuildError, BuildWarning, collecting, current_warnings, strict_errors
from thaibook.core.files import write_atomic
from thaibook.editions.conformance import build_date, newest_source
from thaibook.epub.media import cover_image
from thaibook.epub.package import PrintEdition, make_epub
from thaibook.epub.pagelist import PrintPage
from thaibook.fonts.chain import book_faces
from thaibook.fonts.coverage import check_book
from thaibook.pages.report import load_report, report_path
from thaibook.sources.chapters import load_book


@dataclass(frozen=True)
class EpubResult:
    """What an e-book build made: the EPUB's path, its documents, the print pages it marks."""

    output: Path
    documents: int
    pages: int
    warnings: tuple[BuildWarning, ...]
    seconds: float


def default_epub(book: Book) -> Path:
    """``dist/<output>.epub``, beside the PDF."""
    return default_output(book).with_suffix(".epub")


def build_epub(
    book_dir: Path, output: Path | None = None, pdf: Path | None = None, *, strict: bool = False
) -> EpubResult:
    """Build the book's EPUB, its page list from the PDF ``pdf`` (default: the book's) and its report."""
    start = time.perf_counter()
    with collecting() as warnings:
        book = load_book(book_dir)
        faces = book_faces(book)
        check_book(book, faces)
        pdf = pdf or default_output(book)
        edition = print_edition(pdf)
        date = build_date(book, book.config.print) or newest_source(book)
        made = make_epub(book, faces, edition, cover_image(pdf) if book.config.cover else None, date)
        if strict or book.config.strict:
            strict_errors(current_warnings())
        target = output or default_epub(book)
        write_atomic(target, made.data)
    seconds = time.perf_counter() - start
    return EpubResult(target, made.documents, len(made.pages), tuple(warnings), seconds)


def print_edition(pdf: Path) -> PrintEdition:
    """The print edition as its build reported it (``<name>.pages.json`` beside the PDF)."""
    report = load_report(report_path(pdf))
    if report is None or not pdf.is_file():
        raise BuildError("no print edition to take the page numbers from: build the PDF first", pdf)
    markers = {
        m["page"]: int(m["source"].rsplit(":", 1)[1]) for m in report["markers"] if m["page"] is not None
    }
    pages = tuple(
        PrintPage(p["index"], p["folio"], p["text"], p.get("chapter"), markers.get(p["index"]))
        for p in report["pages"]
    )
    return PrintEdition(pdf.name, hashlib.sha256(pdf.read_bytes()).hexdigest(), pages)
