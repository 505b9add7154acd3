"""Thai typing slips in a build: warnings with file, line and column, the safe repairs made in
the text that is typeset, never in the author's file (``check --fix`` does that)."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from thaibook.core.book import Book, Chapter
from thaibook.core.errors import BuildWarning, pass_on
from thaibook.core.files import read_text
from thaibook.thai.checker import Finding, book_files, check_text, fix_text


def slip_warnings(path: Path, text: str) -> list[BuildWarning]:
    """One warning per kind of slip in a file: at its first place, with how many more there are."""
    return list(_slip_warnings(path, text))


@lru_cache(maxsize=1024)  # watch mode checks the same texts build after build
def _slip_warnings(path: Path, text: str) -> tuple[BuildWarning, ...]:
    kinds: dict[str, list[Finding]] = {}
    for finding in check_text(text, path):
        kinds.setdefault(finding.rule, []).append(finding)
    out = []
    for found in kinds.values():
        first = found[0]
        done = "typeset repaired" if first.repair is not None else "typeset as typed"
        more = f"; {len(found) - 1} more in this file" if len(found) > 1 else ""
        message = f"{first.message} ({done}{more})"
        out.append(BuildWarning(message, path, first.line, first.column, kind="thai"))
    return tuple(out)


def repaired_book(book: Book) -> Book:
    """The book as it is typeset: each slip of its files reported, the safe repairs made in the
    chapters' titles and bodies and in the texts of book.yaml that are printed."""
    for path in book_files(book):
        pass_on(*slip_warnings(path, read_text(path)))
    config = book.config
    config = replace(
        config,
        title=_fixed(config.title),
        subtitle=_fixed(config.subtitle),
        author=_fixed(config.author),
        header=[_fixed(line) for line in config.header],
    )
    return replace(book, config=config, chapters=tuple(_repaired(ch) for ch in book.chapters))


def _repaired(chapter: Chapter) -> Chapter:
    body, title = _fixed(chapter.body), _fixed(chapter.meta.title)
    includes = tuple(_repaired(piece) for piece in chapter.includes)
    if body == chapter.body and title == chapter.meta.title and includes == chapter.includes:
        return chapter
    return replace(chapter, body=body, meta=replace(chapter.meta, title=title), includes=includes)


@lru_cache(maxsize=4096)
def _fixed(text: str) -> str:
    return fix_text(text, Path())[0]
