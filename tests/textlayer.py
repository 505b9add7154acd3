"""Helpers shared by the text-layer tests and measurement: expected text, extractors, differences."""

from __future__ import annotations

import difflib
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from thaibook.html.markdown import chapter_to_html
from thaibook.sources.chapters import load_book
from thaibook.thai.linebreak import ZWSP

WHITESPACE = re.compile(r"\s+")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def squeeze(text: str) -> str:
    """Text without any whitespace."""
    return WHITESPACE.sub("", text)


def markdown_text(book_dir: Path) -> str:
    """The text of every chapter of a book as its Markdown says it, without whitespace.

    The zero-width spaces that line breaking puts into the HTML are not the Markdown's: dropped.
    """
    out = []
    for chapter in load_book(book_dir).chapters:
        parser = _Text()
        parser.feed(chapter_to_html(chapter).html)
        out.append("".join(parser.parts).replace(ZWSP, ""))
    return squeeze("".join(out))


def pdftotext_raw(pdf: Path) -> str:
    """poppler's pdftotext -raw."""
    args = ["pdftotext", "-raw", str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pypdf_text(pdf: Path) -> str:
    """pypdf's extract_text of every page."""
    import pypdf

    return "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)


def pypdfium_text(pdf: Path) -> str:
    """PDFium's (Chrome's PDF viewer's) text of every page: pypdfium2's get_text_range."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def pdfminer_text(pdf: Path) -> str:
    """pdfminer.six's layout-analysed text."""
    from pdfminer.high_level import extract_text

    return extract_text(str(pdf))


def pdfplumber_text(pdf: Path) -> str:
    """pdfplumber's text of every page (pdfplumber is optional: measurement only)."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


def differences(expected: str, got: str) -> list[tuple[str, str, str]]:
    """Each run of characters lost, added or changed: (kind, expected, got)."""
    matcher = difflib.SequenceMatcher(None, expected, got, autojunk=False)
    return [(tag, expected[a:b], got[c:d]) for tag, a, b, c, d in matcher.get_opcodes() if tag != "equal"]


def changed_chars(expected: str, got: str) -> int:
    """How many characters differ (lost plus added) between two texts."""
    return sum(max(len(e), len(g)) for _, e, g in differences(expected, got))
