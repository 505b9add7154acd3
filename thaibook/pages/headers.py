"""Whether each running header fits its box: a header line wider than the text block wraps
inside the box (print.css.j2), and the build says which setting to shorten."""

from __future__ import annotations

import re
from collections.abc import Iterable

from thaibook.core.book import Book
from thaibook.core.errors import BuildWarning
from thaibook.core.settings import CONFIG_NAME
from thaibook.pages.pagination import PageReport
from thaibook.sources.chapters import front_matter_place
from thaibook.sources.settings import config_error


def header_warnings(book: Book, pages: Iterable[PageReport]) -> list[BuildWarning]:
    """One warning per running header that wraps to more lines than it has, at the setting it
    comes from, with the first page it wraps on."""
    sources = _sources(book)
    found: dict[str, BuildWarning] = {}
    for page in pages:
        printed = [line for line in page.header.split("\n") if line.strip()]
        source = sources.get(_squeezed(page.header))
        if source is None or source[0] in found or len(printed) <= source[1]:
            continue
        text, lines, key, place = source
        shown = text if len(text) <= 40 else text[:38] + "…"
        page_name = page.folio or f"#{page.index + 1}"
        message = (
            f"the running header '{shown}' is wider than the text block: it wraps to {len(printed)} "
            f"line{'s' * (len(printed) != 1)} (first on page {page_name}); give a shorter {key}"
        )
        found[text] = BuildWarning(message, *place, kind="header")
    return list(found.values())


def _sources(book: Book) -> dict[str, tuple[str, int, str, tuple]]:
    """Each header text the book prints (squeezed) -> (its text, its lines, the key that sets it
    and where that key is)."""
    config = book.config
    key = "header (one list item per printed line)" if config.header else "short_title in book.yaml"
    at = ("header",) if config.header else ("short_title",) if config.short_title else ("title",)
    place = _config_place(book, at)
    text = "\n".join(config.header_lines)
    out = {_squeezed(text): (text, len(config.header_lines), key, place)}
    for ch in book.chapters:
        if ch.meta.running_title:
            where = (ch.path, *front_matter_place(ch, "running_title"))
            out[_squeezed(ch.meta.running_title)] = (ch.meta.running_title, 1, "running_title", where)
    return out


def _config_place(book: Book, key: tuple[str, ...]) -> tuple:
    if not (book.root / CONFIG_NAME).is_file():
        return (book.root,)
    error = config_error(book.root, key, "")
    return error.path, error.line, error.column


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)
