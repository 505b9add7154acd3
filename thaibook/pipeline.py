"""The build, stage by stage: load, check, convert, lay out, typeset, write."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

from .check import book_files, check_files
from .config import CONFIG_NAME, config_error
from .conformance import build_date, finish_conformance, prepare_document
from .content import Book, Chapter, load_book
from .errors import BuildError, raise_all
from .fontcache import font_cache_dir, prepare_faces
from .fonts import FontFace, check_coverage, family_charset, load_faces
from .layout import make_env, render_document
from .markdown import ChapterHtml, chapter_to_html
from .markers import annotate, check_markers, split_runs
from .pages import PageInfo, page_infos
from .pagination import Pagination, paginate
from .pdf import collect_warnings, finish_pdf, pdf_bytes, render
from .printopts import apply_overrides, weasyprint_options
from .refs import check_references, resolution_warnings
from .report import Revision
from .sandbox import BASE_URL, sandbox_for
from .yamlsrc import load_yaml


@dataclass(frozen=True)
class BuildResult:
    """What a build made: the PDF's path, its pages, warnings and duration."""

    output: Path
    pages: tuple[PageInfo, ...]
    warnings: tuple[str, ...]
    seconds: float
    pagination: Pagination | None = None
    summary: tuple[str, ...] = ()
    revision: Revision | None = None


def default_output(book: Book) -> Path:
    """``dist/<output>`` beside the book folder's parent project."""
    return book.root.resolve().parent / "dist" / book.config.output


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
    ``strict`` makes page-marker problems (overflow, wrong folio) errors.
    """
    from .report import publish

    start = time.perf_counter()
    book = with_print_options(load_book(book_dir), print_overrides or {})
    faces = load_faces(book.font_dir)
    check_book(book, faces)
    typeset_faces = prepare_faces(faces, font_cache_dir(book)) if exact_text else faces
    chapters = convert_chapters(book)
    html = render_document(book, chapters, typeset_faces, make_env(book.layout_dirs))
    check_references(book, html, need_alt=book.config.print.family == "ua")
    popts, date = book.config.print, build_date(book, book.config.print)
    box = sandbox_for(book, tuple(f.path for f in typeset_faces))
    with collect_warnings() as warnings, box.guard(book):
        options = weasyprint_options(popts)
        document = render(html, base_url=BASE_URL, url_fetcher=box.fetcher(), **options)
        infos = page_infos(document)
        prepare_document(document, date)
        data = finish_pdf(pdf_bytes(document, **options), infos, book.config.lang, typeset_faces)
    data = finish_conformance(data, book, popts, date)
    warnings += resolution_warnings(book, document, popts.min_dpi)
    titles = {ch.anchor: ch.title for ch in book.chapters}
    pagination = paginate(book, infos, titles | {h.id: h.text for c in chapters for h in c.headings})
    target = output or default_output(book)
    notes, summary, rev = publish(book, pagination, target, data, strict or book.config.strict)
    warnings += notes
    return BuildResult(
        target, tuple(infos), tuple(warnings), time.perf_counter() - start, pagination, tuple(summary), rev
    )


def convert_chapters(book: Book) -> list[ChapterHtml]:
    """Every chapter as HTML, its page markers turned into page breaks and folios."""
    check_markers(book)
    words = tuple(sorted(book.words))
    return [convert_chapter(chapter, words) for chapter in book.chapters]


def convert_chapter(chapter: Chapter, words: tuple[str, ...]) -> ChapterHtml:
    """One chapter as HTML, its page markers turned into page breaks and folios."""
    converted = chapter_to_html(annotate(chapter), words)
    return ChapterHtml(split_runs(converted.html, chapter), converted.headings)


def with_print_options(book: Book, given: dict) -> Book:
    """The book with the command line's print options applied."""
    if not given:
        return book
    config = replace(book.config, print=apply_overrides(book.config.print, given))
    return replace(book, config=config)


def render_html(book: Book, faces: tuple[FontFace, ...]) -> str:
    """The book as one HTML document, ready for WeasyPrint."""
    return render_document(book, convert_chapters(book), faces, make_env(book.layout_dirs))


def check_book(book: Book, faces: tuple[FontFace, ...]) -> None:
    """Fail before typesetting on any character the book's fonts cannot draw."""
    try:
        charset = family_charset(faces, book.config.font.family)
    except BuildError as exc:
        raise config_error(book.root, ("font", "family"), exc.message) from None
    raise_all([finding.error() for finding in check_files(book_files(book), charset)])
    config_path = book.root / CONFIG_NAME
    for key, value in _config_texts(book):
        try:
            check_coverage(value, charset, config_path)
        except BuildError as exc:
            line = load_yaml(config_path.read_text(encoding="utf-8"), config_path).where(key)[0]
            raise BuildError(exc.message, config_path, line) from None
    for chapter in book.chapters:
        check_coverage(chapter.meta.title, charset, chapter.path, 2)
        check_coverage(chapter.body, charset, chapter.path, chapter.body_line)


def _config_texts(book: Book) -> list[tuple[tuple, str]]:
    c = book.config
    texts = [(("title",), c.title), (("subtitle",), c.subtitle), (("author",), c.author)]
    texts += [(("header", i), line) for i, line in enumerate(c.header)]
    return texts
