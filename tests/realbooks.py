"""The corpus of real Thai Markdown books (tests/realbooks/, whole files as they came, sources and
licences in SOURCES.md): what a reader should find in each PDF, and how much of it is there."""

from __future__ import annotations

import difflib
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from thaibook.core.errors import collecting
from thaibook.html.markdown import convert_chapters
from thaibook.sources.chapters import load_book
from thaibook.thai.slips import repaired_book

CORPUS = Path(__file__).resolve().parent / "realbooks"

BOOKS = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())

INVISIBLE = re.compile("[\\s\u200b\u2060\u00ad]")
UNMARKED = {"continued", "task-list-item"}  # list items the style sheet draws no marker for


VOID = {"area", "br", "col", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Visible(HTMLParser):
    """The text a reader sees: not what <script>, <style> or a comment hold; list markers as the
    print style sheet draws them (ul: '•', ol: '1.'), which readers copy with the item. Each
    footnote's text apart, with its number: it prints at the foot of the page, and extractors
    read it after the page's text, not where the HTML has it (after its reference)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.notes: list[str] = []
        self.hidden = 0
        self.in_note = 0  # open elements inside a footnote
        self.lists: list[list] = []  # open lists: [tag, next number]

    def _put(self, text: str) -> None:
        if self.in_note:
            self.notes[-1] += text
        else:
            self.parts.append(text)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.hidden += tag in ("script", "style")
        given = dict(attrs)
        classes = set((given.get("class") or "").split())
        if self.in_note and tag not in VOID:
            self.in_note += 1
        elif "footnote-text" in classes and tag not in VOID:
            self.in_note = 1
            self.notes.append(f"{given.get('data-n', '')}.")
        if tag in ("ul", "ol"):
            self.lists.append([tag, int(given.get("start") or 1)])
        elif tag == "li" and self.lists and not UNMARKED & classes:
            kind = self.lists[-1]
            kind[1] = int(given.get("value") or kind[1])
            self._put("•" if kind[0] == "ul" else f"{kind[1]}.")
            kind[1] += kind[0] == "ol"

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("script", "style") and self.hidden > 0
        if self.in_note and tag not in VOID:
            self.in_note -= 1
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self._put(data)


def visible(book_dir: Path) -> tuple[str, list[str]]:
    """The Markdown's visible text, as the build reads it (safe slips repaired), no whitespace,
    but for its footnotes; and each footnote's text, its number first."""
    with collecting():
        book = repaired_book(load_book(book_dir))
        chapters = convert_chapters(book)
    parser = _Visible()
    for chapter in chapters:
        parser.feed(chapter.html)
    return INVISIBLE.sub("", "".join(parser.parts)), [INVISIBLE.sub("", n) for n in parser.notes]


def visible_text(book_dir: Path) -> str:
    """The Markdown's visible text but for its footnotes (``visible``)."""
    return visible(book_dir)[0]


def match(expected: str, pages: list[str]) -> float:
    """The share of the expected text found in the PDF's pages, in order; what the PDF adds
    (headers, folios, the contents) does not count against it. Page by page, each against the
    stretch of expected text where it should be (difflib over whole books would take minutes)."""
    if not expected:
        return 1.0
    found, at = 0, 0
    for page in pages:
        text = INVISIBLE.sub("", page)
        if not text:
            continue
        ahead = expected[at : at + len(text) + len(text) // 4 + 300]
        blocks = difflib.SequenceMatcher(None, ahead, text, autojunk=False).get_matching_blocks()
        solid = [b for b in blocks if b.size >= 24]  # a stray run of letters far ahead moves nothing
        found += sum(b.size for b in solid) + _moved(ahead, text, solid)
        if solid:
            at += solid[-1].a + solid[-1].size
    return found / len(expected)


def _moved(ahead: str, text: str, solid: list) -> int:
    """What the page prints elsewhere than in reading order: a footnote, at its reference in the
    Markdown, is at the page's foot. The expected text skipped between the blocks found in order,
    looked for in what the page has left over (runs of 12 letters or more)."""
    gaps, rest, a, b = [], [], 0, 0
    for block in solid:
        gaps.append(ahead[a : block.a])
        rest.append(text[b : block.b])
        a, b = block.a + block.size, block.b + block.size
    rest.append(text[b:])
    left, moved = "\x00".join(rest), 0
    for gap in (g for g in gaps if len(g) >= 12):
        for m in difflib.SequenceMatcher(None, gap, left, autojunk=False).get_matching_blocks():
            if m.size >= 12:  # each letter of the page counted once
                moved += m.size
                left = left[: m.b] + "\x00" * m.size + left[m.b + m.size :]
    return moved


def body_pages(pdf: Path, pages: list[str]) -> list[str]:
    """The pages with Arabic folios: the chapters (the cover and the contents, whose entries
    repeat the headings, left out)."""
    import pypdf

    labels = pypdf.PdfReader(pdf).page_labels
    return [text for label, text in zip(labels, pages, strict=False) if label.isdigit() and label.isascii()]


def pdftotext_pages(pdf: Path) -> list[str]:
    """poppler's pdftotext -raw of the chapters' pages, page by page."""
    args = ["pdftotext", "-raw", str(pdf), "-"]
    return body_pages(
        pdf, subprocess.run(args, check=True, capture_output=True, text=True).stdout.split("\f")
    )


def pypdf_pages(pdf: Path) -> list[str]:
    """pypdf's extract_text of the chapters' pages, page by page."""
    import pypdf

    return body_pages(pdf, [page.extract_text() for page in pypdf.PdfReader(pdf).pages])
