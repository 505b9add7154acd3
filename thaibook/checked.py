"""The build's checks, remembered: a rebuild checks again only the texts and parts that changed.

A check that passed is kept in the cache under a hash of what it read (a file's text,
the fonts' characters, a part's HTML). One that fails is never kept: the full check
then runs, so every error reads exactly as the single pass reports it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache

from .cache import Store
from .check import book_files, check_files
from .config import read_text
from .content import Book
from .errors import BuildError
from .fonts import INVISIBLE, FontFace, family_charset
from .pipeline import _config_texts, check_book
from .refs import References, check_collected, collect_references

MAX_PASSED = 4096  # remembered passes; past this the list starts again


def check_book_once(book: Book, faces: tuple[FontFace, ...], store: Store) -> None:
    """check_book, skipping the files and chapters that passed it before with the same fonts."""
    try:
        charset = family_charset(faces, book.config.font.family)
    except BuildError:
        check_book(book, faces)  # raises the configuration error
        raise
    units = _units(book, charset, _charset_key(charset), store)
    key = store.key("checked")
    passed = store.load("checked", key, frozenset) or frozenset()
    todo = [(unit, check) for unit, check in units if unit not in passed]
    failed = [unit for unit, check in todo if not check()]
    if failed:
        check_book(book, faces)  # every error, in the single pass's order
    if todo:
        kept = passed if len(passed) < MAX_PASSED else frozenset()
        store.save("checked", key, kept | {unit for unit, _ in todo if unit not in failed})


def check_references_once(book: Book, documents: list[str], need_alt: bool, store: Store) -> None:
    """check_references over the parts' HTML, each part's links and images collected once."""
    found = []
    for html in documents:
        key = store.key(html)
        refs = store.load("refs", key, References)
        if refs is None:
            refs = collect_references(html)
            store.save("refs", key, refs)
        found.append(refs)
    check_collected(book, found, need_alt)


def _units(
    book: Book, charset: frozenset[int], fonts: str, store: Store
) -> list[tuple[str, Callable[[], bool]]]:
    """What check_book checks, in pieces: each a key and a check that tells whether it passed."""
    units: list[tuple[str, Callable[[], bool]]] = []
    for path in book_files(book):
        key = store.key("file", fonts, str(path), read_text(path))
        units.append((key, lambda path=path: not check_files([path], charset)))
    texts = _config_texts(book)
    units.append((store.key("config", fonts, repr(texts)), lambda: _covered([v for _, v in texts], charset)))
    for ch in book.chapters:
        key = store.key("chapter", fonts, str(ch.path), ch.meta.title, ch.body, str(ch.body_line))
        units.append((key, lambda ch=ch: _covered([ch.meta.title, ch.body], charset)))
    return units


def _covered(texts: list[str], charset: frozenset[int]) -> bool:
    """Whether check_coverage passes every text (INVISIBLE holds the zero-width characters too)."""
    return not any(ord(ch) not in charset and ch not in INVISIBLE for text in texts for ch in set(text))


@lru_cache(maxsize=8)
def _charset_key(charset: frozenset[int]) -> str:
    return hashlib.sha256(repr(sorted(charset)).encode()).hexdigest()
