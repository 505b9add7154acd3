"""Markdown to HTML with Python-Markdown, Thai-aware."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from html import escape, unescape

import markdown as md
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from thaibook.core.book import Book, Chapter, ChapterHtml, Heading
from thaibook.core.settings import CalloutTitles
from thaibook.html import callouts, code
from thaibook.html.callouts import CalloutExtension
from thaibook.html.code import CodeLines, FenceEnds, FenceInfo
from thaibook.html.footnotes import PrintedFootnotes
from thaibook.html.headingattrs import HeadingAttrsExtension, check_glued
from thaibook.html.includes import IncludeExtension
from thaibook.html.links import heading_slug, link_chapters
from thaibook.html.listindent import ListIndentExtension
from thaibook.html.wikilinks import WikiLinkExtension
from thaibook.sources.markers import annotate, check_markers, split_runs
from thaibook.thai.nowrap import ThaiLineBreaks
from thaibook.thai.rules import join_soft_breaks

EXTENSIONS = ["tables", "footnotes", "attr_list", "toc", "sane_lists", "md_in_html"]


# Footnote ids as Python-Markdown makes them (fn:3-1, fnref:3-1): the same in every chapter,
# so the number before the dash becomes the chapter's (a book is one document).
FOOTNOTE_ID = re.compile(r'((?:id|href)="#?fn(?:ref)?:)\d+-')


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
    def __init__(
        self,
        words: tuple[str, ...] = (),
        footnotes: str = "page",
        rule: str = "dictionary",
        line_breaks: bool = True,
    ) -> None:
        super().__init__()
        self.words = words
        self.footnotes = footnotes
        self.rule = rule
        self.line_breaks = line_breaks

    def extendMarkdown(self, m: md.Markdown) -> None:  # noqa: N802 (Markdown's API)
        m.treeprocessors.register(
            PrintedFootnotes(m, self.footnotes), "printed_footnotes", 3
        )  # after toc (5)
        m.treeprocessors.register(ThaiSoftBreaks(m), "thai_soft_breaks", 1)
        if self.line_breaks:
            m.treeprocessors.register(ThaiLineBreaks(m, self.words, self.rule), "thai_line_breaks", 0.5)
        m.postprocessors.register(ListNumbers(m), "list_numbers", 5)  # after raw HTML is back (30)
        m.preprocessors.register(FenceInfo(m), "fence_info", 32)  # before SuperFences (25, 31.05)
        m.postprocessors.register(CodeLines(m), "code_lines", 4)
        m.preprocessors.register(FenceEnds(m), "fence_ends", 24)  # after SuperFences (25)


def chapter_to_html(
    chapter: Chapter,
    words: tuple[str, ...] = (),
    footnotes: str = "page",
    rule: str = "dictionary",
    *,
    line_breaks: bool = True,
    titles: CalloutTitles = CalloutTitles(),  # noqa: B008 (frozen)
) -> ChapterHtml:
    """Convert one chapter's Markdown body; heading ids are prefixed per chapter.

    ``words`` (the book's word list) are never split across lines; ``footnotes`` says where
    notes print: "page" (its foot) or "chapter" (its end); ``rule`` is book.yaml's linebreak;
    ``line_breaks=False`` leaves the print's line-break markup out (the EPUB writes its own);
    ``titles`` are the callouts' titles by kind (book.yaml's callouts).
    """
    prefix = f"c{chapter.index}-"
    converter = md.Markdown(
        extensions=[
            *EXTENSIONS,
            *code.EXTENSIONS,
            *callouts.EXTENSIONS,
            CalloutExtension(titles),
            ThaiExtension(words, footnotes, rule, line_breaks),
            IncludeExtension(chapter),
            HeadingAttrsExtension(),
            ListIndentExtension(),
            WikiLinkExtension(),
        ],
        extension_configs={
            **code.CONFIGS,
            "toc": {"slugify": lambda v, s: prefix + heading_slug(v, s), "toc_depth": "1-3"},
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


def convert_chapters(book: Book) -> list[ChapterHtml]:
    """Every chapter as HTML, its page markers turned into page breaks and folios, links resolved."""
    check_markers(book)
    check_glued(book)
    words = tuple(sorted(book.words))
    notes, rule, titles = book.config.footnotes, book.config.linebreak, book.config.callouts
    chapters = [convert_chapter(chapter, words, notes, rule, titles) for chapter in book.chapters]
    return link_chapters(book, chapters)


def reflowable_chapters(book: Book) -> list[ChapterHtml]:
    """Every chapter as HTML for a reader that reflows it (the e-book): page markers left as
    comments (the e-book marks the print's pages itself), no print line-break markup, the
    notes at the chapter's end (the e-book's footnotes), links resolved."""
    check_markers(book)
    check_glued(book)
    words = tuple(sorted(book.words))
    titles = book.config.callouts
    chapters = [
        chapter_to_html(annotate(ch), words, "chapter", line_breaks=False, titles=titles)
        for ch in book.chapters
    ]
    return link_chapters(book, chapters)


def convert_chapter(
    chapter: Chapter,
    words: tuple[str, ...],
    footnotes: str = "page",
    rule: str = "dictionary",
    titles: CalloutTitles = CalloutTitles(),  # noqa: B008 (frozen)
) -> ChapterHtml:
    """One chapter as HTML, its page markers turned into page breaks and folios."""
    converted = chapter_to_html(annotate(chapter), words, footnotes, rule, titles=titles)
    return ChapterHtml(split_runs(converted.html, chapter), converted.headings)


_VALUE = r"""(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+)"""


TAG = re.compile(rf"<(ol|li)((?:\s+[^\s\"'>/=]+(?:\s*=\s*{_VALUE})?)*)\s*(/?)>", re.IGNORECASE)


ATTR = re.compile(rf"([^\s\"'>/=]+)(?:\s*=\s*({_VALUE}))?")


INTEGER = re.compile(r"\s*([+-]?\d+)")  # HTML's rules for parsing integers: leading digits count


def number_lists(html: str) -> str:
    """Give every ``<ol start>`` and ``<li value>`` in ``html`` a counter rule WeasyPrint honours."""
    return TAG.sub(_numbered, html)


def _numbered(match: re.Match[str]) -> str:
    tag = match.group(1).lower()
    attrs = [(m.group(1), m.group(2)) for m in ATTR.finditer(match.group(2))]
    names = [name.lower() for name, _ in attrs]
    number = _integer(attrs, names, "start" if tag == "ol" else "value")
    if number is None:
        return match.group(0)
    # WeasyPrint sets before it increments; 'none' also keeps a page marker's continued <li> right.
    rule = (
        f"counter-reset: list-item {number - 1}"
        if tag == "ol"
        else f"counter-set: list-item {number}; counter-increment: none"
    )
    if "style" in names:
        i = names.index("style")
        attrs[i] = ("style", f'"{escape("; ".join(filter(None, [rule, _unquote(attrs[i][1])])))}"')
    else:
        attrs.append(("style", f'"{rule}"'))
    parts = [match.group(1)] + [name if value is None else f"{name}={value}" for name, value in attrs]
    return "<" + " ".join(parts) + match.group(3) + ">"


def _integer(attrs: list[tuple[str, str | None]], names: list[str], name: str) -> int | None:
    if name not in names:
        return None
    found = INTEGER.match(_unquote(attrs[names.index(name)][1]))
    return int(found.group(1)) if found else None


def _unquote(value: str | None) -> str:
    if not value:
        return ""
    if value[0] in "\"'":
        value = value[1:-1]
    return unescape(value)


class ListNumbers(Postprocessor):
    """Runs number_lists on a chapter's HTML, after raw HTML is put back."""

    def run(self, text: str) -> str:
        return number_lists(text)
