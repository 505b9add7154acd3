"""The build, stage by stage: load, check, convert, lay out, typeset, write."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

from thaibook.core.book import Book, PageInfo
from thaibook.core.errors import BuildWarning, collecting, current_warnings, pass_on, strict_errors
from thaibook.editions.conformance import build_date, finish_conformance, prepare_document
from thaibook.editions.options import apply_overrides, weasyprint_options
from thaibook.fonts.chain import book_faces
from thaibook.fonts.coverage import check_book
from thaibook.fonts.emoji import check_sequences
from thaibook.fonts.faces import prepare_faces
from thaibook.html.layout import make_env, render_document
from thaibook.html.markdown import convert_chapters
from thaibook.html.references import check_references
from thaibook.pages.pagination import Pagination, paginate, problems
from thaibook.pages.report import Revision
from thaibook.render.pdf import finish_pdf, resolution_warnings
from thaibook.render.sandbox import BASE_URL, sandbox_for
from thaibook.sources.chapters import load_book
from thaibook.thai.breaks import typesetting_rule
from thaibook.thai.slips import repaired_book
from thaibook.weasy.breaks import using
from thaibook.weasy.document import page_infos
from thaibook.weasy.render import collect_warnings, pdf_bytes, render


@dataclass(frozen=True)
class BuildResult:
    """What a build made: the PDF's path, its pages, warnings and duration."""

    output: Path
    pages: tuple[PageInfo, ...]
    warnings: tuple[BuildWarning, ...]
    seconds: float
    pagination: Pagination | None = None
    summary: tuple[str, ...] = ()
    revision: Revision | None = None


def default_output(book: Book) -> Path:
    """``<book>/dist/<output>``: inside the book folder, whatever the current folder."""
    return book.root.resolve() / "dist" / book.config.output


def build(
    book_dir: Path,
    output: Path | None = None,
    print_overrides: dict | None = None,
    *,
    exact_text: bool = True,
    strict: bool = False,
) -> BuildResult:
    """Build the book in ``book_dir`` into a PDF; raise BuildError on bad input.

    ``exact_text=False`` typesets with the unprepared fonts (same pages, lossy text layer);
    ``strict`` makes every warning an error (all of them reported at once, no PDF written).
    """
    start = time.perf_counter()
    with collecting() as warnings:
        book = repaired_book(with_print_options(load_book(book_dir), print_overrides or {}))
        faces = book_faces(book)
        check_book(book, faces)
        check_sequences(book, faces)
        typeset_faces = prepare_faces(faces) if exact_text else faces
        chapters = convert_chapters(book)
        html = render_document(book, chapters, typeset_faces, make_env(book.layout_dirs))
        check_references(book, html, need_alt=book.config.print.family == "ua")
        popts, date = book.config.print, build_date(book, book.config.print)
        box = sandbox_for(book, tuple(f.path for f in typeset_faces))
        rule = typesetting_rule(tuple(sorted(book.words)), book.config.linebreak)
        with collect_warnings() as drawn, box.guard(book), using(rule):
            options = weasyprint_options(popts)
            document = render(html, base_url=BASE_URL, url_fetcher=box.fetcher(), **options)
            infos = page_infos(document)
            prepare_document(document, date)
            data = finish_pdf(pdf_bytes(document, **options), infos, book.config.lang, typeset_faces)
        data = finish_conformance(data, book, popts, date)
        pass_on(*drawn, *resolution_warnings(book, document.pages, popts.min_dpi))
        titles = {ch.anchor: ch.title for ch in book.chapters}
        pagination = paginate(book, infos, titles | {h.id: h.text for c in chapters for h in c.headings})
        target = output or default_output(book)
        summary, rev = publish_checked(book, pagination, target, data, strict or book.config.strict)
    seconds = time.perf_counter() - start
    return BuildResult(target, tuple(infos), tuple(warnings), seconds, pagination, tuple(summary), rev)


def publish_checked(
    book: Book, pagination: Pagination, target: Path, data: bytes, strict: bool
) -> tuple[list[str], Revision | None]:
    """The build's end: the markers' problems reported; with ``strict`` every warning of the
    build an error (nothing written), else the PDF and its report written."""
    from thaibook.pages.headers import header_warnings
    from thaibook.pages.report import publish

    pass_on(*problems(pagination), *header_warnings(book, pagination.pages))
    if strict:
        strict_errors(current_warnings())
    return publish(book, pagination, target, data)


def with_print_options(book: Book, given: dict) -> Book:
    """The book with the command line's print options applied."""
    if not given:
        return book
    config = replace(book.config, print=apply_overrides(book.config.print, given))
    return replace(book, config=config)
