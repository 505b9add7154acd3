"""Whether the book's faces draw every character it typesets, before anything is typeset:
what none draws is an error at its file, line and column, with the character's name, one
per class of characters (Unicode block) and file, with a count."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fontTools import unicodedata as blocks

from thaibook.core.book import Book, Chapter, FontFace
from thaibook.core.errors import BuildError, raise_all
from thaibook.core.files import read_text
from thaibook.core.settings import CONFIG_NAME
from thaibook.fonts.chain import callout_titles, charset
from thaibook.sources.settings import load_yaml
from thaibook.thai.rules import INVISIBLE


@dataclass(frozen=True)
class Missing:
    """A character no face draws, at a place."""

    char: str
    path: Path
    line: int | None
    column: int | None


def missing(text: str, drawn: frozenset[int], path: Path, first_line: int | None = 1) -> list[Missing]:
    """Every character of ``text`` that no face draws, at its line and column."""
    if all(ord(ch) in drawn or ch in INVISIBLE for ch in set(text)):
        return []
    out = []
    for lineno, line in enumerate(text.split("\n")):
        for col, ch in enumerate(line, 1):
            if ord(ch) not in drawn and ch not in INVISIBLE:
                where = None if first_line is None else first_line + lineno
                out.append(Missing(ch, path, where, col if where is not None else None))
    return out


def check_book(book: Book, faces: tuple[FontFace, ...]) -> None:
    """Fail before typesetting on every character the book's faces cannot draw."""
    raise_all(grouped(book_missing(book, charset(faces))))


def book_missing(book: Book, drawn: frozenset[int]) -> list[Missing]:
    """The characters of the chapters and the printed settings that no face draws."""
    found = []
    for chapter in book.texts:  # the chapters and the files they include
        if chapter.meta.title:
            found += missing(chapter.meta.title, drawn, chapter.path, _title_line(chapter))
        found += missing(chapter.body, drawn, chapter.path, chapter.body_line)
    config_path = book.root / CONFIG_NAME
    for key, value in config_texts(book):
        if places := missing(value, drawn, config_path, None):
            if not config_path.exists():  # the title is the folder's name
                found += [Missing(m.char, book.root, None, None) for m in places]
                continue
            line = load_yaml(read_text(config_path), config_path).where(key)[0]
            found += [Missing(m.char, config_path, line, None) for m in places]
    return found


def grouped(found: list[Missing]) -> list[BuildError]:
    """One error per file and Unicode block: the first place, the characters' names, the count."""
    groups: dict[tuple[Path, str], list[Missing]] = {}
    for m in found:
        groups.setdefault((m.path, blocks.block(m.char)), []).append(m)
    errors = []
    for (path, block), places in groups.items():
        chars = list(dict.fromkeys(m.char for m in places))
        names = ", ".join(_name(ch) for ch in chars[:3]) + (
            f" and {len(chars) - 3} more" if len(chars) > 3 else ""
        )
        times = f"{len(places)} time{'s' * (len(places) > 1)} in this file"
        fix = (
            "name a Thai family in font.family (its files in the book's fonts folder, or the shipped Sarabun)"
            if block == "Thai"
            else "name a face that has them in font.fallback (its file in the book's fonts folder)"
        )
        message = f"no font of the book draws {names} ({block}: {times}); {fix}"
        errors.append(BuildError(message, path, places[0].line, places[0].column))
    return errors


def _name(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')} ({ch!r})"


def _title_line(chapter: Chapter) -> int | None:
    """The line of the front matter's title (it has one)."""
    for lineno, line in enumerate(read_text(chapter.path).split("\n")[: chapter.body_line], 1):
        if line.startswith("title:"):
            return lineno
    return None


def config_texts(book: Book) -> list[tuple[tuple, str]]:
    """The settings of book.yaml that are printed, with their keys."""
    c = book.config
    texts = [(("title",), c.title), (("subtitle",), c.subtitle), (("author",), c.author)]
    texts += [(("publisher",), c.publisher), (("contents_title",), c.contents_title)]
    texts += [(("header", i), line) for i, line in enumerate(c.header)]
    texts += callout_titles(book)
    return texts
