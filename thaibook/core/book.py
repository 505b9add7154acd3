"""The book as data: chapters, their HTML, and the pages they become."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from thaibook.core.errors import BuildWarning
from thaibook.core.files import FONTS_DIR
from thaibook.core.settings import BookConfig
from thaibook.core.titles import derived_title

# Keys of other tools that the build reads (from ChapterMeta.foreign), never warned of as ignored:
# Obsidian's aliases, other names that wiki links give the chapter (html/wikilinks.py); the
# reading order of chapters found in the folder (sources/order.py).
READ_FOREIGN = ("aliases", "prev", "next", "weight", "sidebar_position", "nav_order")


@dataclass(frozen=True)
class ChapterMeta:
    """What a chapter's front matter may say."""

    title: str = ""
    """The chapter's title in the contents, the bookmarks and its heading. Default: its first '# '
    heading, else the file name."""
    layout: str = "chapter"
    """The template that prints it: chapter, plain (no title heading), or one of the book's
    layouts/."""
    part: str = "body"
    """front: numbered with numbering.front (a preface, คำนำ) and no running header; body: the rest."""
    start_page: int | None = None
    """The folio of its first page (the original's page number). Default: the pages go on."""
    header: bool = True
    """The running header on this chapter's pages."""
    first_page_header: bool = True
    """The running header on its first page too."""
    running_title: str = ""
    """The running header on this chapter's pages. Default: the book's header."""
    show_title: bool = True
    """Print its title as a heading when the text has no '# ' heading of its own."""
    # Keys written for another tool (Jekyll, Hugo, docfx...): kept for layouts, never checked.
    foreign: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Chapter:
    """One Markdown file: its settings, its body and where the body starts."""

    path: Path
    meta: ChapterMeta
    body: str
    body_line: int
    index: int = 0
    includes: tuple[Chapter, ...] = ()  # the files its docfx [!INCLUDE] lines name, and theirs

    @property
    def title(self) -> str:
        """The front matter's title, else the first heading (level 1 first), else the first
        words of the text, else the file's name (core/titles.py)."""
        return self.meta.title or self._derived[0]

    @property
    def title_from(self) -> str:
        """Where the title comes from: 'meta', 'h1', 'heading', 'text' or 'file'."""
        return "meta" if self.meta.title else self._derived[1]

    @cached_property
    def _derived(self) -> tuple[str, str]:
        return derived_title(self.body, self.path.stem)

    @property
    def anchor(self) -> str:
        return f"chapter-{self.index}"


@dataclass(frozen=True)
class Book:
    """A validated config and its chapters, in reading order."""

    root: Path
    config: BookConfig
    chapters: tuple[Chapter, ...] = ()
    layout_dirs: tuple[Path, ...] = ()
    font_dir: Path = FONTS_DIR
    words: frozenset[str] = field(default_factory=frozenset)

    def with_chapters(self, chapters: tuple[Chapter, ...]) -> Book:
        """A new book with other chapters."""
        return replace(self, chapters=chapters)

    @property
    def texts(self) -> tuple[Chapter, ...]:
        """What the book prints from its files: the chapters and the files they include, each once
        (what every check of the text reads)."""
        seen: dict[Path, Chapter] = {}
        for chapter in self.chapters:
            for text in (chapter, *chapter.includes):
                seen.setdefault(text.path, text)
        return tuple(seen.values())


@dataclass(frozen=True)
class Heading:
    """A heading of a chapter: level, anchor id and plain text."""

    level: int
    id: str
    text: str


@dataclass(frozen=True)
class ChapterHtml:
    """A chapter's body as HTML, with its headings and what its conversion warned about."""

    html: str
    headings: tuple[Heading, ...]
    warnings: tuple[BuildWarning, ...] = ()  # made where the conversion ran (a worker, a cache)


@dataclass(frozen=True)
class PageInfo:
    """One page: its name, printed folio, header lines, body text and anchors."""

    index: int
    name: str
    folio: str
    header: str
    text: str
    anchors: tuple[str, ...]
    images: tuple[tuple[str, int, float], ...] = ()  # (src, pixels wide, printed/natural width)

    @property
    def first_words(self) -> str:
        return " ".join(self.text.split()[:3])

    @property
    def last_words(self) -> str:
        return " ".join(self.text.split()[-3:])


SYNTHESISED = ("Bold", "Oblique", "Italic", "Bold-Oblique", "Bold-Italic")


@dataclass(frozen=True)
class FontFace:
    """One font file: its family, weight, style and the characters it draws."""

    path: Path
    family: str
    postscript_name: str
    weight: int
    italic: bool
    charset: frozenset[int]
    subfamily: str = "Regular"

    @property
    def pdf_names(self) -> set[str]:
        """Names this face may carry in a PDF (WeasyPrint names fonts by family and style)."""
        sub = self.subfamily
        # Pango's description string names Bold Italic "Sarabun-Bold-Italic", and spaces of a
        # family's name become hyphens ("Noto-Sans-Mono-Bold").
        styles = {sub.replace(" ", ""), sub.replace(" ", "-")}
        families = {self.family.replace(" ", ""), self.family.replace(" ", "-")}
        # A style the family lacks is synthesised from this file by Pango ("TLWG-Mono-TB-Oblique").
        styles |= set(SYNTHESISED)
        return {self.postscript_name, *families, *(f"{f}-{s}" for f in families for s in styles)}
