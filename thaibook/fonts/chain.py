"""The faces a book names: its body family, its code faces and its fallbacks (book.yaml's
``font.family``, ``font.mono``, ``font.fallback``), from the book's fonts folder or the shipped
ones. Only these reach the PDF; of the code and fallback faces, only those the text needs
(every face loaded costs every render)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields
from functools import lru_cache
from pathlib import Path

from thaibook.core.book import Book, FontFace
from thaibook.core.errors import BuildError, raise_all, warn
from thaibook.core.files import FONTS_DIR
from thaibook.core.settings import CALLOUT_ALIASES, FontConfig
from thaibook.fonts.faces import load_faces
from thaibook.sources.settings import config_error, did_you_mean
from thaibook.thai.rules import INVISIBLE

SHIPPED = FONTS_DIR


# A callout whose title comes from book.yaml: a GitHub alert's kind, an admonition's (html/callouts.py).
CALLOUT = re.compile(r"^[ \t>]*\[!([A-Za-z]+)\]|^[ \t]*(?:!!!|\?\?\?\+?)[ \t]*([A-Za-z]+)", re.MULTILINE)

# Code in Markdown or HTML: a backtick, a fence of tildes, an indented block after a blank line.
CODE = re.compile(r"`|^\s*~~~|<(?:code|pre|kbd|samp|tt)\b|\n\n(?: {4}|\t)\S", re.MULTILINE)


BALLOT_BOX, CHECKED_BOX = "\u2610", "\u2611"  # what task list items print (html/callouts.py)


# A task list item, or a checkbox of the author's HTML: printed as a ballot box.
TASK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[[ xX]\]\s|<input\b[^>]*checkbox", re.MULTILINE | re.IGNORECASE)


def book_faces(book: Book, load: Callable[[Path], tuple[FontFace, ...]] = load_faces) -> tuple[FontFace, ...]:
    """The faces of the book: those it names, from its fonts folder and the shipped ones."""
    return named_faces(book, available([load(folder) for folder in font_dirs(book)]))


def font_dirs(book: Book) -> tuple[Path, ...]:
    """The book's fonts folder (if it has one), then the shipped fonts."""
    return (SHIPPED,) if book.font_dir.resolve() == SHIPPED.resolve() else (book.font_dir, SHIPPED)


def available(folders: list[tuple[FontFace, ...]]) -> tuple[FontFace, ...]:
    """The faces of several folders, a family found in an earlier folder hiding a later one's."""
    out: list[FontFace] = []
    for faces in folders:
        known = {f.family for f in out}
        out += [f for f in faces if f.family not in known]
    return tuple(out)


def named_faces(book: Book, faces: tuple[FontFace, ...]) -> tuple[FontFace, ...]:
    """The faces of the families book.yaml names: the body's, then code faces if the book has
    code, then each fallback that draws a character of the text the faces before it lack."""
    font = book.config.font
    errors: list[BuildError] = []
    body = _family(book, faces, font.family, ("font", "family"), errors)
    mono = [_family(book, faces, name, ("font", "mono", i), errors) for i, name in enumerate(font.mono)]
    extra = [
        _family(book, faces, name, ("font", "fallback", i), errors) for i, name in enumerate(font.fallback)
    ]
    raise_all(errors)
    chosen = list(body)
    # Text looks for a character in the body face, then in the fallbacks in order, then in the
    # code faces (font_stacks): box drawing outside code is drawn by the mono face (Thai is not:
    # a book without code and without a Thai face is an error, not a book in a typewriter face).
    needed = {ord(c) for c in book_text(book) - INVISIBLE} - charset(body)
    for family in extra:
        drawn = needed & charset(family)
        if drawn:
            chosen += family
            needed -= drawn
    has_code, used = any(_found(CODE, ch.body) for ch in book.texts), []
    left = set(needed) if has_code else {c for c in needed if not 0x0E00 <= c <= 0x0E7F}
    for family in mono:
        drawn = left & charset(family)
        if drawn or has_code:
            used.append(family)
            left -= drawn
    if used:
        chosen += [f for family in used for f in family]
        _warn_thai_in_code_face(book, needed, used)
    return tuple(chosen)


def _warn_thai_in_code_face(book: Book, needed: set[int], mono: list[tuple[FontFace, ...]]) -> None:
    """Thai that neither the body family nor a fallback draws falls to the code face: a book
    typeset in a typewriter face, which the author should hear of (a Latin font.family)."""
    thai = sorted(c for c in needed if 0x0E01 <= c <= 0x0E5B)
    face = next((family[0] for family in mono if family and thai and thai[0] in charset(family)), None)
    if face:
        font = book.config.font
        shown = ", ".join(chr(c) for c in thai[:3]) + (f" and {len(thai) - 3} more" if len(thai) > 3 else "")
        message = (
            f"font family '{font.family}' has no Thai letters: the book's Thai ({shown}) is drawn in "
            f"'{face.family}', the code face; name a Thai family in font.family or font.fallback"
        )
        at = config_error(book.root, ("font", "family"), message)
        warn(message, at.path, at.line, at.column, kind="font")


def book_text(book: Book) -> set[str]:
    """Every character the book typesets: its chapters' titles and bodies, the printed settings."""
    c = book.config
    texts = [c.title, c.subtitle, c.author, c.publisher, c.contents_title, *c.header]
    texts += [t for ch in book.texts for t in (ch.title, ch.body)]
    texts += [title for _, title in callout_titles(book)]
    if any(_found(TASK, ch.body) for ch in book.texts):
        texts.append(BALLOT_BOX + CHECKED_BOX)
    return set().union(*map(_chars, texts))


# Kept for the texts a rebuild reads again unchanged (watch mode: ~15 ms a build at 100 pages).
@lru_cache(maxsize=1024)
def _chars(text: str) -> frozenset[str]:
    return frozenset(text)


@lru_cache(maxsize=1024)
def _found(pattern: re.Pattern, text: str) -> bool:
    return pattern.search(text) is not None


@lru_cache(maxsize=1024)
def _callout_kinds(text: str) -> frozenset[str]:
    return frozenset((m[1] or m[2]).lower() for m in CALLOUT.finditer(text))


def callout_titles(book: Book) -> list[tuple[tuple[str, str], str]]:
    """The book.yaml titles (with their keys) of the kinds of callout the chapters hold."""
    kinds = {CALLOUT_ALIASES.get(kind, kind) for ch in book.texts for kind in _callout_kinds(ch.body)}
    titles = book.config.callouts
    return [(("callouts", f.name), getattr(titles, f.name)) for f in fields(titles) if f.name in kinds]


def charset(faces: tuple[FontFace, ...]) -> frozenset[int]:
    """The characters some face of ``faces`` draws."""
    return frozenset().union(*(f.charset for f in faces))


def font_stacks(font: FontConfig, faces: tuple[FontFace, ...]) -> tuple[list[str], list[str]]:
    """The CSS font-family lists of body text and of code: every loaded family in each, so that
    a character is never looked for outside the book's faces."""
    loaded = {f.family for f in faces}
    body = [font.family, *font.fallback, *font.mono]
    code = [*font.mono, *font.fallback, font.family]
    return [n for n in body if n in loaded], [n for n in code if n in loaded]


def _family(
    book: Book, faces: tuple[FontFace, ...], name: str, key: tuple, errors: list[BuildError]
) -> tuple[FontFace, ...]:
    members = tuple(f for f in faces if f.family == name)
    if not members:
        families = sorted({f.family for f in faces})
        hint = did_you_mean(name, families) or f" (there are: {', '.join(families)})"
        message = f"font family '{name}' is not in the book's fonts folder nor among the shipped fonts{hint}"
        errors.append(config_error(book.root, key, message))
    return members
