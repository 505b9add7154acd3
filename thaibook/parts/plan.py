"""Chapter-level builds: cover, contents and each chapter as an HTML document of its own.

The parts are typeset apart in worker processes (schedule.py), then joined (join.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from thaibook.core.book import Book, ChapterHtml, FontFace
from thaibook.core.store import Store
from thaibook.html.headingattrs import check_glued
from thaibook.html.layout import make_env, render_parts
from thaibook.html.links import link_chapters
from thaibook.html.markdown import convert_chapter
from thaibook.html.pageplan import plan_parts
from thaibook.parts.jobs import COUNTER, LINK_SCHEME, PartJob
from thaibook.parts.workers import Workers
from thaibook.sources.markers import check_markers

TARGET_COUNTER = re.compile(r"target-counter\(\s*attr\(href\)\s*,\s*page\b")


HREF = re.compile(r'<a\b([^>]*?)\bhref="#([^"]*)"')


# id="..." at a word's start; found by its literal start, the letter before checked apart
# (a pattern opening with \b has no literal prefix for re to skip ahead with: 20 times slower).
ID = re.compile(r'id="([^"]*)"')


@dataclass(frozen=True)
class BookParts:
    """The book's parts in reading order: keys, own counter resets, HTML documents."""

    order: tuple[str, ...]
    resets: dict[str, int | None]
    html: dict[str, str]
    base_url: str
    chapters: tuple[ChapterHtml, ...] = ()
    extras: dict[str, Any] = field(default_factory=dict)

    def job(self, key: str, html: str) -> PartJob:
        """The worker's job for a part."""
        return PartJob(key, html, self.base_url, **self.extras)


def book_parts(
    book: Book,
    faces: tuple[FontFace, ...],
    base_url: str,
    store: Store | None = None,
    workers: Workers | None = None,
) -> BookParts:
    """Each part of the book as an HTML document of its own (contents without numbers yet)."""
    chapters = convert_chapters(book, store, workers)
    env = _env(book.layout_dirs)
    reading = plan_parts(book).reading_order()
    docs = render_parts(book, chapters, faces, env)
    doc_of = {"cover": "cover", "contents": "contents"} | {ch.anchor: ch.index for ch in book.chapters}
    order = tuple(key for key, _ in reading)
    html = {key: docs[doc_of[key]] for key in order}
    return BookParts(order, {key: part.reset for key, part in reading}, html, base_url, tuple(chapters))


def convert_chapters(book: Book, store: Store | None, workers: Workers | None) -> list[ChapterHtml]:
    """Every chapter as HTML (page markers applied, links resolved): from the cache, else converted.

    The parent converts while the workers are still loading WeasyPrint, and hands
    what is left to them once one is ready.
    """
    check_markers(book)
    check_glued(book)
    words, notes, rule = tuple(sorted(book.words)), book.config.footnotes, book.config.linebreak
    titles = book.config.callouts
    keys = [
        store.key(repr(ch), repr(words), notes, rule, repr(titles)) if store else "" for ch in book.chapters
    ]
    found = [store.load("md", k, ChapterHtml) if store else None for k in keys]
    missing = [i for i, f in enumerate(found) if f is None]
    made: dict[int, ChapterHtml] = {}
    while missing and not (workers and workers.ready()):
        i = missing.pop(0)
        made[i] = convert_chapter(book.chapters[i], words, notes, rule, titles)
    if missing and workers:
        args = [(book.chapters[i], words, notes, rule, titles) for i in missing]
        made |= dict(zip(missing, workers.map(convert_chapter, args), strict=True))
    for i, html in made.items():
        found[i] = html
        if store:
            store.save("md", keys[i], html)
    return link_chapters(book, [f for f in found if f is not None])


_ENVS: dict[tuple[Path, ...], jinja2.Environment] = {}


def _env(layout_dirs: tuple[Path, ...]) -> jinja2.Environment:
    """The layouts' Jinja2 environment, kept between builds (watch mode): templates are
    compiled once and recompiled when their files change (Jinja2's auto_reload)."""
    if layout_dirs not in _ENVS:
        _ENVS[layout_dirs] = make_env(layout_dirs)
    return _ENVS[layout_dirs]


def local_links(html: str) -> str:
    """Links to anchors outside this document point to thaibook:<anchor> (fixed up when joined)."""
    ids = _ids(html)
    return HREF.sub(lambda m: m.group(0) if m.group(2) in ids else _external(m), html)


def _ids(html: str) -> set[str]:
    """The values of id attributes: what ``\\bid="([^"]*)"`` finds, found faster."""
    found: set[str] = set()
    at = 0
    while m := ID.search(html, at):
        before = html[m.start() - 1 : m.start()]
        if before.isalnum() or before == "_":  # no word boundary here: look again one letter on
            at = m.start() + 1
        else:
            found.add(m.group(1))
            at = m.end()
    return found


def _external(m: re.Match[str]) -> str:
    return f'<a{m.group(1)}href="{LINK_SCHEME}{m.group(2)}"'


def head_only(html: str) -> str:
    """A part's document with its body emptied: its head (the style sheet) on an empty page."""
    return html.split("<body", 1)[0] + "<body></body></html>"


def contents_with_numbers(html: str, numbers: dict[str, int]) -> str:
    """The contents with each entry's page number written in instead of looked up."""
    html = TARGET_COUNTER.sub(f"counter({COUNTER}", html)

    def number(m: re.Match[str]) -> str:
        value = numbers.get(m.group(2), 0)
        return f'<a{m.group(1)}style="counter-reset: {COUNTER} {value}" href="{LINK_SCHEME}{m.group(2)}"'

    return HREF.sub(number, html)
