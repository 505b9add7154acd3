"""Markdown to HTML with Python-Markdown, Thai-aware."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import markdown as md
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import Treeprocessor

from .content import Chapter
from .linebreak import ThaiLineBreaks
from .listnumbers import ListNumbers
from .thai import join_soft_breaks

EXTENSIONS = ["tables", "footnotes", "attr_list", "toc", "sane_lists", "md_in_html"]
# Footnote ids as Python-Markdown makes them (fn:3-1, fnref:3-1): the same in every chapter,
# so the number before the dash becomes the chapter's (a book is one document).
FOOTNOTE_ID = re.compile(r'((?:id|href)="#?fn(?:ref)?:)\d+-')


@dataclass(frozen=True)
class Heading:
    """A heading of a chapter: level, anchor id and plain text."""

    level: int
    id: str
    text: str


@dataclass(frozen=True)
class ChapterHtml:
    """A chapter's body as HTML, with its headings."""

    html: str
    headings: tuple[Heading, ...]


class ThaiSoftBreaks(Treeprocessor):
    """Join wrapped lines whose ends are both Thai, in every text node."""

    def run(self, root: ET.Element) -> None:
        for el in root.iter():
            # Code keeps its line ends; the text after an inline code span does not.
            if el.text and el.tag not in ("pre", "code"):
                el.text = join_soft_breaks(el.text)
            if el.tail:
                el.tail = join_soft_breaks(el.tail)


class ThaiExtension(md.Extension):
    def __init__(self, words: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.words = words

    def extendMarkdown(self, m: md.Markdown) -> None:  # noqa: N802 (Markdown's API)
        m.treeprocessors.register(ThaiSoftBreaks(m), "thai_soft_breaks", 1)
        m.treeprocessors.register(ThaiLineBreaks(m, self.words), "thai_line_breaks", 0.5)
        m.postprocessors.register(ListNumbers(m), "list_numbers", 5)  # after raw HTML is back (30)


def chapter_to_html(chapter: Chapter, words: tuple[str, ...] = ()) -> ChapterHtml:
    """Convert one chapter's Markdown body; heading ids are prefixed per chapter.

    ``words`` (the book's word list) are never split across lines.
    """
    prefix = f"c{chapter.index}-"
    converter = md.Markdown(
        extensions=[*EXTENSIONS, ThaiExtension(words)],
        extension_configs={
            "toc": {"slugify": lambda v, s: prefix + slugify_unicode(v, s), "toc_depth": "1-3"},
            "footnotes": {"UNIQUE_IDS": True},
        },
        output_format="html",
    )
    converter.reset()
    html = FOOTNOTE_ID.sub(rf"\g<1>{chapter.index}-", converter.convert(chapter.body))
    headings = tuple(_flatten(converter.toc_tokens))  # type: ignore[attr-defined]
    return ChapterHtml(html, headings)


def _flatten(tokens: list[dict]) -> list[Heading]:
    out = []
    for t in tokens:
        out.append(Heading(t["level"], t["id"], _plain(t["name"])))
        out += _flatten(t["children"])
    return out


def _plain(text: str) -> str:
    """Heading text as toc gives it, with HTML entities undone."""
    return html.unescape(text)
