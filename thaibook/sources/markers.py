"""Page markers: ``<!-- page 9 -->`` in a chapter starts the original's page 9 there.

A marker becomes HTML and CSS only, so any typesetting of the chapter keeps it:
the chapter's HTML is split at the marker into ``<section class="page-run">``
wrappers, each with its own named page (a new page starts where the page name
changes) and ``data-folio``; the print CSS resets the page counter on the first
page of that named page. A marker that opens a chapter sets the chapter's first
folio instead. Elements cut by a marker (a list, a paragraph) are closed before
the break and reopened after it with the class ``continued``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from html import escape
from html.parser import HTMLParser
from pathlib import Path

from thaibook.core.book import Book, Chapter
from thaibook.core.errors import BuildError, raise_all
from thaibook.thai.rules import arabic_digits

MARKER = re.compile(r"<!--\s*page\s+([0-9๐-๙]+)\s*-->")


ANNOTATED = re.compile(r"page (\d+) at (\d+)")


FENCE = re.compile(r"^\s*(```|~~~)")


FORBIDDEN = {"h1": "a heading", "h2": "a heading", "h3": "a heading", "h4": "a heading",
             "h5": "a heading", "h6": "a heading", "table": "a table", "pre": "a code block"}  # fmt: skip


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass(frozen=True)
class Marker:
    """One ``<!-- page N -->``: the folio it gives and where it stands."""

    folio: int
    path: Path
    line: int
    chapter: int
    number: int
    leading: bool = False

    @property
    def id(self) -> str:
        """The HTML id of the marker's element."""
        return f"page-marker-{self.chapter}-{self.number}"

    @property
    def page_name(self) -> str:
        """The named page of the text from this marker on."""
        return f"chapter-{self.chapter}-m{self.number}"


def _marker_lines(body: str) -> list[tuple[int, re.Match[str]]]:
    """(0-based line, match) of every marker outside fenced code."""
    if "<!--" not in body:
        return []  # most chapters have no marker: no need to look line by line
    found, fenced = [], False
    for i, line in enumerate(body.split("\n")):
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            found += [(i, m) for m in MARKER.finditer(line)]
    return found


def find_markers(chapter: Chapter) -> tuple[Marker, ...]:
    """The chapter's page markers in reading order."""
    markers = []
    for number, (i, match) in enumerate(_marker_lines(chapter.body), 1):
        folio = int(arabic_digits(match.group(1)))
        leading = number == 1 and not _text_before(chapter.body, i, match.start()).strip()
        markers.append(Marker(folio, chapter.path, chapter.body_line + i, chapter.index, number, leading))
    return tuple(markers)


def _text_before(body: str, line: int, column: int) -> str:
    lines = body.split("\n")
    return "\n".join(lines[:line]) + lines[line][:column]


def leading_folio(chapter: Chapter) -> int | None:
    """The folio a marker opening the chapter gives its first page, else start_page."""
    first = next(iter(find_markers(chapter)), None)
    return first.folio if first and first.leading else chapter.meta.start_page


def check_markers(book: Book) -> None:
    """Fail on markers that contradict the chapter's start_page or give folio 0."""
    errors = []
    for chapter in book.chapters:
        for m in find_markers(chapter):
            if m.folio < 1:
                errors.append(BuildError("a page marker's folio must be 1 or more", m.path, m.line))
            start = chapter.meta.start_page
            if m.leading and start is not None and start != m.folio:
                msg = f"the chapter opens with page marker {m.folio} but its start_page is {start}"
                errors.append(BuildError(msg, m.path, m.line))
    raise_all(errors)


def annotate(chapter: Chapter) -> Chapter:
    """The chapter with each marker's source line written into its comment.

    A marker alone on a line between two lines of text (mid-paragraph, between list
    items) is moved to the end of the line above, so Markdown keeps it inside the
    paragraph or item rather than ending the block there.
    """
    lines = chapter.body.split("\n")
    for i, match in reversed(_marker_lines(chapter.body)):
        folio = int(arabic_digits(match.group(1)))
        note = f"<!-- page {folio} at {chapter.body_line + i} -->"
        alone = lines[i].strip() == match.group(0)
        inside = 0 < i < len(lines) - 1 and lines[i - 1].strip() and lines[i + 1].strip()
        if alone and inside and not MARKER.fullmatch(lines[i - 1].strip()):
            lines[i - 1] += note
            lines[i] = ""
            del lines[i]
        else:
            lines[i] = lines[i][: match.start()] + note + lines[i][match.end() :]
    return replace(chapter, body="\n".join(lines))


def split_runs(html: str, chapter: Chapter) -> str:
    """The chapter's HTML with every marker turned into a page break and folio."""
    markers = {m.line: m for m in find_markers(chapter)}
    if not markers:
        return html
    splitter = _Splitter(markers, chapter.path)
    splitter.feed(html)
    splitter.close()
    return splitter.result()


@dataclass
class _Open:
    tag: str
    attrs: list[tuple[str, str | None]]
    text: str
    items: int = 0
    emitted: bool = True


class _Splitter(HTMLParser):
    """Rewrites HTML, cutting every open element at each marker comment."""

    def __init__(self, markers: dict[int, Marker], path: Path) -> None:
        super().__init__(convert_charrefs=False)
        self.markers, self.path = markers, path
        self.out: list[str] = []
        self.stack: list[_Open] = []
        self.in_run = False

    def result(self) -> str:
        """The rewritten HTML."""
        return "".join(self.out) + ("</section>\n" if self.in_run else "")

    def _flush(self) -> None:
        for el in self.stack:
            if not el.emitted:
                self.out.append(_reopen(el))
                el.emitted = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush()
        if self.stack and self.stack[-1].tag in ("ol", "ul") and tag == "li":
            self.stack[-1].items += 1
        self.out.append(self.get_starttag_text() or f"<{tag}>")
        if tag not in VOID:
            self.stack.append(_Open(tag, attrs, self.get_starttag_text() or ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush()
        self.out.append(self.get_starttag_text() or f"<{tag} />")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if all(el.tag != tag for el in self.stack):  # a stray end tag: keep it, close nothing
            self.out.append(f"</{tag}>")
            return
        while self.stack:
            el = self.stack.pop()
            if el.emitted:
                self.out.append(f"</{el.tag}>")
            if el.tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if data.strip():
            self._flush()
            self.out.append(data)
        elif all(el.emitted for el in self.stack):
            self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]]>")

    def handle_comment(self, data: str) -> None:
        """At a marker: close every open element, start a new page run, reopen them lazily."""
        match = ANNOTATED.fullmatch(data.strip())
        marker = self.markers.get(int(match.group(2))) if match else None
        if marker is None:
            self.out.append(f"<!--{data}-->")
            return
        for el in self.stack:
            notes = {"footnote", "footnote-text"} & set(_attr(el, "class").split())  # not "has-footnote"
            what = FORBIDDEN.get(el.tag) or ("a footnote" if notes else "")
            if what:
                raise BuildError(f"a page marker cannot stand inside {what}", self.path, marker.line)
        if marker.leading:
            self.out.append(f'<div class="page-marker" {_data(marker)}></div>')
            return
        for el in reversed(self.stack):
            if el.emitted:
                self.out.append(f"</{el.tag}>")
            el.emitted = False
        if self.in_run:
            self.out.append("</section>\n")
        self.out.append(f'<section class="page-run" {_data(marker)} style="page: {marker.page_name}">\n')
        self.in_run = True


def _data(marker: Marker) -> str:
    source = escape(f"{marker.path.name}:{marker.line}")
    return f'id="{marker.id}" data-folio="{marker.folio}" data-source="{source}"'


def _attr(el: _Open, name: str) -> str:
    return next((v or "" for k, v in el.attrs if k == name), "")


def _reopen(el: _Open) -> str:
    """The start tag of an element continued after a page break."""
    attrs = {k: v for k, v in el.attrs if k != "id"}
    attrs["class"] = " ".join(filter(None, [attrs.get("class"), "continued"]))
    if el.tag == "ol":  # WeasyPrint ignores 'start': the counter carries the numbering on
        done = int(attrs.get("start") or 1) - 1 + el.items
        attrs["style"] = "; ".join(filter(None, [attrs.get("style"), f"counter-reset: list-item {done}"]))
    parts = [el.tag] + [k if v is None else f'{k}="{escape(v)}"' for k, v in attrs.items()]
    return "<" + " ".join(parts) + ">"
