"""A warm-up part: a worker's first part of a book parses its style sheet and loads its fonts, and
its first chapter loads Python-Markdown (~0.5 s together); the contents, laid out with its page
numbers written in, has a style sheet of its own (counter() for target-counter()), parsed from
its head alone (~0.07 s). Watch mode has each worker convert
and typeset the book's shortest chapter once, and drop it, before the first save; a build run
by the typesetting server hands the same part to the server (cli/server.py), whose next forks
then start with the book's sheet, fonts and Markdown loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from thaibook.core.errors import BuildError, BuildErrors
from thaibook.parts.plan import BookParts, contents_with_numbers, head_only, local_links

if TYPE_CHECKING:
    from thaibook.core.book import Book
    from thaibook.parts.workers import Workers

LAST: list[tuple] = []  # the last build's warm-up part in this process: (job, convert_chapter's args)


def warm_args(book: Book, parts: BookParts) -> tuple | None:
    """The shortest chapter's part job, convert_chapter's arguments for the shortest chapter, and
    the contents' head as a job of its own (its style sheet: see parts/schedule.py's probe)."""
    keys = [key for key in parts.order if key not in ("cover", "contents")]
    if not keys or not book.chapters:
        return None
    key = min(keys, key=lambda k: len(parts.html[k]))
    chapter = min(book.chapters, key=lambda ch: len(ch.body))
    convert = (
        chapter,
        tuple(sorted(book.words)),
        book.config.footnotes,
        book.config.linebreak,
        book.config.callouts,
    )
    sheets = ()
    if "contents" in parts.html:
        sheets = (parts.job("contents-sheet", head_only(contents_with_numbers(parts.html["contents"], {}))),)
    return parts.job(key, local_links(parts.html[key])), convert, sheets


def remember(book: Book, parts: BookParts) -> None:
    """Keep the build's warm-up part (cheap: no typesetting) for whoever asks (cli/server.py)."""
    args = warm_args(book, parts)
    LAST[:] = [args] if args else []


def warm_workers(pool: Workers, book: Book, parts: BookParts) -> None:
    """Each worker converts and typesets the shortest chapter once (typeset.warm_part)."""
    from thaibook.parts.typeset import warm_part  # the workers' code: not loaded for nothing

    if (args := warm_args(book, parts)) is None:
        return
    try:
        pool.map(warm_part, [args] * len(pool.conns))
    except (BuildError, BuildErrors):
        pass  # a warm-up only: the part reports its problem when it is typeset for real
