"""What chapters point at: images that must exist, headings that links name, and
the effective resolution of each image as printed."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from thaibook.core.book import Book, Chapter
from thaibook.core.errors import BuildError, raise_all

RESOURCE_ATTRS = {("img", "src"), ("link", "href"), ("object", "data"), ("embed", "src"), ("source", "src")}


_NO_ALT = "image '{src}' has no alt text, which pdf/ua-1 requires: write ![what it shows]({src})"


@dataclass
class _Refs:
    """Ids, links and resources of one chapter (index 0: the layouts around chapters)."""

    links: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)
    no_alt: list[str] = field(default_factory=list)


class _Collector(HTMLParser):
    """Walks the book's HTML, filing links and resources under the chapter they are in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: dict[int, _Refs] = {}
        self.stack: list[int] = [0]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        chapter = re.fullmatch(r"chapter-(\d+)", values.get("id", ""))
        if tag == "article" and chapter:
            self.stack.append(int(chapter[1]))
        elif tag == "article":
            self.stack.append(self.stack[-1])
        refs = self.refs.setdefault(self.stack[-1], _Refs())
        if tag == "a" and values.get("href", "").startswith("#"):
            refs.links.append(unquote(values["href"][1:]))
        for t, attr in RESOURCE_ATTRS:
            if tag == t and values.get(attr):
                refs.resources.append(values[attr])
        if tag == "img" and not values.get("alt", "").strip():
            refs.no_alt.append(values.get("src", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and len(self.stack) > 1:
            self.stack.pop()


@dataclass(frozen=True)
class References:
    """What HTML holds: its ids, and the links and resources of each chapter in it."""

    ids: frozenset[str]
    refs: dict[int, _Refs]


def collect_references(html: str) -> References:
    """The ids, links and resources of an HTML document (or of several, joined)."""
    collector = _Collector()
    collector.feed(html)
    return References(frozenset(collector.ids), collector.refs)


def check_references(book: Book, html: str, need_alt: bool = False) -> None:
    """Fail on missing images, links to missing headings and (for PDF/UA) images without alt text."""
    check_collected(book, [collect_references(html)], need_alt)


def check_collected(book: Book, documents: list[References], need_alt: bool = False) -> None:
    """check_references over the book's documents (its parts), each collected apart."""
    ids = frozenset().union(*(d.ids for d in documents))
    refs: dict[int, _Refs] = {}
    for document in documents:
        for index, found in document.refs.items():
            merged = refs.setdefault(index, _Refs())
            merged.links += found.links
            merged.resources += found.resources
            merged.no_alt += found.no_alt
    errors: list[BuildError] = []
    for chapter in book.chapters:
        found = _chapter_errors(chapter, ids, refs.get(chapter.index, _Refs()), book.root)
        if need_alt:
            found += [
                error_at(chapter, src, _NO_ALT.format(src=src))
                for src in refs.get(chapter.index, _Refs()).no_alt
            ]
        errors += sorted(found, key=lambda e: (e.line or 0, e.column or 0))
    raise_all(errors)


def _chapter_errors(chapter: Chapter, ids: frozenset[str], refs: _Refs, book_root: Path) -> list[BuildError]:
    """Missing link targets and image files of one chapter (images are relative to the book)."""
    errors = []
    for target in dict.fromkeys(refs.links):
        if target not in ids:
            close = difflib.get_close_matches(target, sorted(ids), n=1)
            hint = f" (did you mean '#{close[0]}'?)" if close else ""
            errors.append(error_at(chapter, f"#{target}", f"link to a missing heading '#{target}'{hint}"))
    for src in dict.fromkeys(refs.resources):
        if _is_relative(src) and not (book_root / unquote(urlsplit(src).path)).is_file():
            errors.append(error_at(chapter, src, f"image '{src}' not found in the book folder"))
    return errors


def _is_relative(url: str) -> bool:
    return not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url) and not url.startswith("/")


def error_at(chapter: Chapter, needle: str, message: str, nth: int = 0) -> BuildError:
    """An error at the place the chapter's file spells ``needle``: the first, or the ``nth`` after
    it (the last when there are fewer)."""
    text = chapter.path.read_text(encoding="utf-8")
    pos = text.find(needle)
    if pos < 0:
        return BuildError(message, chapter.path)
    for _ in range(nth):
        after = text.find(needle, pos + 1)
        if after < 0:
            break
        pos = after
    line = text.count("\n", 0, pos) + 1
    return BuildError(message, chapter.path, line, pos - (text.rfind("\n", 0, pos) + 1) + 1)
