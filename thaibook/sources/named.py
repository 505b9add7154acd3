"""What book.yaml names in the book folder besides the chapters: extra style sheets, the chapter
the contents follows; and chapters with nothing to print."""

from __future__ import annotations

import re
from pathlib import Path

from thaibook.core.book import Book, Chapter
from thaibook.core.errors import BuildError, raise_all, warn
from thaibook.core.settings import CONTENTS_POSITIONS, BookConfig
from thaibook.sources.settings import config_error, did_you_mean

COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def check_named(root: Path, config: BookConfig, chapters: tuple[Chapter, ...]) -> None:
    """Every extra_css file exists; contents_position is a position or a chapter of the book."""
    errors: list[BuildError] = []
    for i, name in enumerate(config.extra_css):
        if not (root / name).is_file():
            errors.append(
                config_error(root, ("extra_css", i), f"style sheet '{name}' not found in the book folder")
            )
    position = config.contents_position
    if position not in CONTENTS_POSITIONS and _chapter_at(root, position, chapters) is None:
        names = [_name(root, ch) for ch in chapters]
        message = (
            f"contents_position must be {' or '.join(CONTENTS_POSITIONS)}, or a chapter file of the book, "
            f"not {position!r}{did_you_mean(position, names)}"
        )
        errors.append(config_error(root, ("contents_position",), message))
    raise_all(errors)


def contents_index(book: Book) -> int:
    """How many chapters come before the contents."""
    position = book.config.contents_position
    if position == "start":
        return 0
    if position == "after-front":
        return next((i for i, ch in enumerate(book.chapters) if ch.meta.part != "front"), len(book.chapters))
    found = _chapter_at(book.root, position, book.chapters)
    return 0 if found is None else found + 1


def _chapter_at(root: Path, name: str, chapters: tuple[Chapter, ...]) -> int | None:
    """The place of the chapter a name means: its path in the book folder, or its file's name."""
    for i, ch in enumerate(chapters):
        if name in (_name(root, ch), ch.path.name):
            return i
    return None


def _name(root: Path, chapter: Chapter) -> str:
    try:
        return chapter.path.relative_to(root).as_posix()
    except ValueError:
        return chapter.path.name


def warn_empty(chapters: tuple[Chapter, ...]) -> None:
    """A chapter with no text (or only comments) prints as a blank page with a contents entry."""
    for ch in chapters:
        if not ch.includes and not COMMENT.sub("", ch.body).strip():
            message = "the chapter has no text: it prints as an empty page with an entry in the contents"
            warn(message, ch.path, ch.body_line, kind="chapter")


def extra_css(book: Book) -> str:
    """The book's extra style sheets, one after the other."""
    return "\n".join((book.root / name).read_text(encoding="utf-8") for name in book.config.extra_css)
