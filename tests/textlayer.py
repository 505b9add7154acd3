"""Helpers shared by the text-layer tests and measurement: expected text, readers, differences."""

from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import markdown as md

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


def html_text(html: str) -> str:
    """The text of an HTML fragment, markup dropped."""
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def squeeze(text: str) -> str:
    """Text without any whitespace."""
    return WHITESPACE.sub("", text)


def markdown_text(book_dir: Path) -> str:
    """The text of every chapter of a book as its Markdown says it, without whitespace."""
    return squeeze(source_text(book_dir))


def source_text(book_dir: Path) -> str:
    """The text of every chapter of a book as its Markdown says it, whitespace kept.

    The zero-width spaces that line breaking puts into the HTML are not the Markdown's: dropped.
    """
    out = []
    for chapter in load_book(book_dir).chapters:
        out.append(html_text(chapter_to_html(chapter).html).replace(ZWSP, ""))
    return "\n".join(out)


def source_lines(book_dir: Path) -> list[str]:
    """Each non-blank Markdown line of every chapter as text (markup dropped), NFC, without whitespace."""
    lines = []
    for chapter in load_book(book_dir).chapters:
        for line in chapter.body.split("\n"):
            text = squeeze(unicodedata.normalize("NFC", html_text(md.markdown(line.strip()))))
            if text:
                lines.append(text)
    return lines


def pdftotext_raw(pdf: Path) -> str:
    """poppler's pdftotext -raw."""
    return _pdftotext(pdf, "-raw")


def pdftotext_default(pdf: Path) -> str:
    """poppler's pdftotext in reading order (what Evince and Okular copy and search)."""
    return _pdftotext(pdf)


def pdftotext_layout(pdf: Path) -> str:
    """poppler's pdftotext -layout."""
    return _pdftotext(pdf, "-layout")


def _pdftotext(pdf: Path, *args: str) -> str:
    command = ["pdftotext", "-enc", "UTF-8", *args, str(pdf), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def pymupdf_text(pdf: Path) -> str:
    """MuPDF's text (SumatraPDF, zathura, PyMuPDF's page.get_text)."""
    import pymupdf

    with pymupdf.open(pdf) as doc:
        return "\n".join(page.get_text() for page in doc)


JS = Path(__file__).resolve().parent / "js"


def pdfjs_texts(pdfs: list[Path]) -> dict[Path, str]:
    """The text Firefox's viewer copies from each PDF (pdf.js through node, tests/js)."""
    node = shutil.which("node")
    if node is None or not (JS / "node_modules" / "pdfjs-dist").is_dir():
        raise RuntimeError("pdf.js is missing: run 'npm ci' in tests/js (node 18 or later)")
    command = [node, str(JS / "pdfjs_text.mjs"), *map(str, pdfs)]
    pages = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    return {pdf: "\n".join(pages[str(pdf)]) for pdf in pdfs}


def pdfjs_text(pdf: Path) -> str:
    """pdf.js's text of one PDF, joined as Firefox copies it."""
    return pdfjs_texts([pdf])[pdf]


def pypdf_text(pdf: Path) -> str:
    """pypdf's extract_text of every page."""
    import pypdf

    return "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)


def pypdfium_text(pdf: Path) -> str:
    """PDFium's (Chrome's PDF viewer's) text of every page: pypdfium2's get_text_range."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()
    # PDFium gives a hyphen that ends a line as U+FFFE (it takes it for a hyphenation mark).
    return text.replace("\ufffe", "-")


def pdfminer_text(pdf: Path) -> str:
    """pdfminer.six's layout-analysed text."""
    from pdfminer.high_level import extract_text

    return extract_text(str(pdf))


def pdfplumber_text(pdf: Path) -> str:
    """pdfplumber's text of every page (pdfplumber is optional: measurement only)."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


READERS: dict[str, Callable[[Path], str]] = {
    "pdftotext": pdftotext_default,
    "pdftotext -layout": pdftotext_layout,
    "pdftotext -raw": pdftotext_raw,
    "pypdf": pypdf_text,
    "pdfminer.six": pdfminer_text,
    "pdfplumber": pdfplumber_text,
    "PDFium": pypdfium_text,
    "MuPDF": pymupdf_text,
    "pdf.js": pdfjs_text,
}


def verbatim_share(lines: list[str], got: str) -> float:
    """The share of source lines found whole, NFC and without whitespace, in a reader's text."""
    text = squeeze(unicodedata.normalize("NFC", got))
    return sum(line in text for line in lines) / len(lines)


def added_spaces(expected: str, got: str) -> list[str]:
    """Spaces a reader put inside a printed line where the source has no whitespace, with their neighbours."""
    want, have = _gaps(expected), _gaps(got, inline_only=True)
    a, b = _nfc_squeeze(expected), _nfc_squeeze(got)
    found = []
    same = [(0, 0, len(a))] if a == b else None  # the usual case: no alignment to look for
    for i, j, size in same or difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        found += [
            f"{b[k - 3 : k]} {b[k : k + 3]}"
            for k in range(j + 1, j + size)
            if k in have and k - j + i not in want
        ]
    return found


def _nfc_squeeze(text: str) -> str:
    return squeeze(unicodedata.normalize("NFC", text))


def _gaps(text: str, inline_only: bool = False) -> set[int]:
    """Where whitespace stood in the text without whitespace (inline_only: a run with no line end)."""
    out: set[int] = set()
    kept = 0
    for part in re.split(r"(\s+)", unicodedata.normalize("NFC", text)):
        if not part.isspace():
            kept += len(part)
        elif not (inline_only and re.search(r"[\n\f\v\r\u2028\u2029]", part)):
            out.add(kept)
    return out


def differences(expected: str, got: str) -> list[tuple[str, str, str]]:
    """Each run of characters lost, added or changed: (kind, expected, got)."""
    matcher = difflib.SequenceMatcher(None, expected, got, autojunk=False)
    return [(tag, expected[a:b], got[c:d]) for tag, a, b, c, d in matcher.get_opcodes() if tag != "equal"]


def changed_chars(expected: str, got: str) -> int:
    """How many characters differ (lost plus added) between two texts."""
    return sum(max(len(e), len(g)) for _, e, g in differences(expected, got))


THAI_MARKS = {chr(c) for c in (0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F))}


def moved_marks(pdf: Path) -> list[str]:
    """Each Thai mark a TJ adjustment or a text rise moves off the pen position after its base
    (where the prepared fonts draw it), as 'page N: text, by X/1000 em' or '... risen'."""
    import pikepdf

    from thaibook.fonts.embedded import _w_array, tounicode

    found = []
    with pikepdf.open(pdf) as doc:
        for number, page in enumerate(doc.pages, 1):
            fonts = page.obj.get("/Resources", {}).get("/Font", {})
            maps: dict = {}
            pen = anchor = rise = 0.0
            font = None
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op == "Tf":
                    font = fonts[str(operands[0])]
                    if font.objgen not in maps:
                        maps[font.objgen] = (tounicode(font), _w_array(font.DescendantFonts[0]))
                elif op in ("Tm", "Td", "TD", "T*", "BT"):
                    pen, anchor = 0.0, None
                elif op == "Ts":
                    rise = float(operands[0])
                elif op in ("TJ", "Tj") and font is not None:
                    text, widths = maps[font.objgen]
                    items = operands[0] if op == "TJ" else [operands[0]]
                    for item in items:
                        if not isinstance(item, pikepdf.String):
                            pen -= float(item)
                            continue
                        data = bytes(item)
                        for i in range(0, len(data), 2):
                            code = int.from_bytes(data[i : i + 2])
                            chars = text.get(code, "")
                            width = widths.get(code, 1000.0)
                            if chars and set(chars) <= THAI_MARKS and width <= 1:
                                if anchor is not None and abs(pen - anchor) > 0.5:
                                    found.append(f"page {number}: {chars}, by {pen - anchor:g}/1000 em")
                                if rise:
                                    found.append(f"page {number}: {chars}, risen")
                            else:
                                anchor = pen + width
                            pen += width
    return found
