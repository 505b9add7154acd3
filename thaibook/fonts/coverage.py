"""Whether the book's fonts draw every character of its text, before anything is typeset."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from thaibook.core.book import Book, FontFace
from thaibook.core.errors import BuildError, raise_all
from thaibook.core.settings import CONFIG_NAME
from thaibook.sources.settings import config_error, load_yaml
from thaibook.thai.checker import book_files, check_files
from thaibook.thai.rules import INVISIBLE


def family_charset(faces: tuple[FontFace, ...], family: str) -> frozenset[int]:
    """The characters that the regular face of a family can draw."""
    members = [f for f in faces if f.family == family]
    if not members:
        known = ", ".join(sorted({f.family for f in faces}))
        raise BuildError(f"font family '{family}' is not in the fonts folder (it has: {known})")
    regular = min(members, key=lambda f: (f.italic, abs(f.weight - 400)))
    return regular.charset


def check_coverage(text: str, charset: frozenset[int], path: Path, first_line: int = 1) -> None:
    """Fail on the first character the fonts cannot draw, naming line and column."""
    for lineno, line in enumerate(text.split("\n"), first_line):
        for col, ch in enumerate(line, 1):
            if ord(ch) in charset or ch in INVISIBLE:
                continue
            name = unicodedata.name(ch, "unnamed character")
            msg = f"the book's fonts have no glyph for U+{ord(ch):04X} {name} ({ch!r})"
            raise BuildError(msg, path, lineno, col)


def check_book(book: Book, faces: tuple[FontFace, ...]) -> None:
    """Fail before typesetting on any character the book's fonts cannot draw."""
    try:
        charset = family_charset(faces, book.config.font.family)
    except BuildError as exc:
        raise config_error(book.root, ("font", "family"), exc.message) from None
    raise_all([finding.error() for finding in check_files(book_files(book), charset, rules=False)])
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
