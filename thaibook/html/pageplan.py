"""The book's parts in reading order (cover, contents, chapters): page names, folio styles and
resets, running headers."""

from __future__ import annotations

from dataclasses import dataclass

from thaibook.core.book import Book
from thaibook.sources.markers import Marker, find_markers, leading_folio
from thaibook.sources.named import contents_index


@dataclass(frozen=True)
class Part:
    """A run of pages with one page name: cover, contents or a chapter."""

    kind: str
    page_name: str
    numbering: str
    reset: int | None = None
    header: bool = True
    first_page_header: bool = True
    runs: tuple[Marker, ...] = ()
    running_title: str = ""

    @property
    def selector(self) -> str:
        """The @page selector of the part's pages, its page-marker runs included."""
        return ", ".join([self.page_name, *(m.page_name for m in self.runs)])


@dataclass(frozen=True)
class Plan:
    """The cover, the contents and the chapters' parts, and how many chapters precede the contents."""

    cover: Part | None
    contents: Part | None
    chapters: tuple[Part, ...]
    contents_at: int = 0

    def reading_order(self) -> list[tuple[str, Part]]:
        """(key, part) of every part as the book prints them: cover, then the chapters with the
        contents among them; a chapter's key is its page name."""
        order = [(p.page_name, p) for p in self.chapters]
        if self.contents:
            order.insert(self.contents_at, ("contents", self.contents))
        return ([("cover", self.cover)] if self.cover else []) + order

    @property
    def all(self) -> list[Part]:
        """Every part, in reading order."""
        return [part for _, part in self.reading_order()]


def plan_parts(book: Book) -> Plan:
    """Page names and numbering for the cover, the contents and each chapter: the first front
    part (the contents, or a preface before it) and the first body chapter start at 1."""
    numbering = book.config.numbering
    at = contents_index(book) if book.config.contents else 0
    firsts = {"front": True, "body": True}

    def first(kind: str) -> bool:
        was, firsts[kind] = firsts[kind], False
        return was

    parts: list[Part] = []
    contents = None
    for i, ch in enumerate([*book.chapters, None]):
        if i == at and book.config.contents:
            contents = Part(
                "contents", "contents", numbering.front, 1 if first("front") else None, header=False
            )
        if ch is None:
            break
        kind = "front" if ch.meta.part == "front" else "body"
        reset = leading_folio(ch)
        if first(kind) and reset is None:
            reset = 1
        parts.append(
            Part(
                kind,
                f"chapter-{ch.index}",
                numbering.front if kind == "front" else numbering.body,
                reset,
                ch.meta.header and kind == "body",
                ch.meta.first_page_header,
                tuple(m for m in find_markers(ch) if not m.leading),
                ch.meta.running_title,
            )
        )
    cover = Part("cover", "cover", numbering.cover) if book.config.cover else None
    return Plan(cover, contents, tuple(parts), at)
