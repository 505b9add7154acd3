"""Printed lines out of an existing e-book: flip-book text or a PDF, page by page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from thaibook.thai.rules import arabic_digits

VIEWER_LABEL = re.compile(r"^(Page \d+ - .*|P\. ?\d+)$")


PAGE_START = re.compile(r"^Page (\d+) - ")


FOLIO = re.compile(r"^([0-9]{1,4}|[๐-๙]{1,4}|[ก-ฮ]{1,2}|[ivxlcdm]{1,6}|[IVXLCDM]{1,6})$")


@dataclass(frozen=True)
class Line:
    """One printed line: its text, and where the PDF drew it (points; None for plain text)."""

    text: str
    x0: float | None = None
    x1: float | None = None
    y: float | None = None
    bold: bool = False
    number: int | None = None  # its line in the flip-book file (None in a PDF)
    space_after: bool = False  # the PDF's text has a space at the line's end (a phrase space)


@dataclass(frozen=True)
class SourcePage:
    """One page of the source: its position, its printed folio, its body lines."""

    number: int
    folio: str
    lines: tuple[Line, ...]
    header: tuple[str, ...] = ()


def repair(text: str) -> str:
    """Undo extraction defects: SARA AM split in two (ำา), stray spaces, form feeds."""
    text = text.replace("\u0e33\u0e32", "\u0e33").replace("\u0e4d\u0e32", "\u0e33")
    text = text.replace("\u0314\u0e33", "\u0e33")  # pdfium on thaibook PDFs before prep v2
    text = re.sub("[\u200b\u2060\ufeff]", "", text)  # break hints, never text
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def squeeze(text: str) -> str:
    """Text without any whitespace, for comparing lines however they were spaced."""
    return re.sub(r"\s+", "", repair(text))


def folio_number(folio: str) -> int | None:
    """The number a decimal (Arabic or Thai digits) folio stands for."""
    digits = arabic_digits(folio)
    return int(digits) if digits.isdigit() and digits.isascii() else None


def read_flipbook(text: str, header: list[str] = ()) -> list[SourcePage]:  # type: ignore[assignment]
    """Split flip-book text into pages; drop viewer labels, the running header and the folio."""
    chunks: list[list[tuple[int, str]]] = [[]]
    numbers = [0]
    # A form feed starts a page but no line: the numbers are those an editor shows.
    for at, raw in ((at, raw) for at, whole in enumerate(text.split("\n"), 1) for raw in whole.split("\f")):
        start = PAGE_START.match(raw.strip())
        if start and chunks[-1]:
            chunks.append([])
            numbers.append(0)
        if start:
            numbers[-1] = int(start.group(1))
        chunks[-1].append((at, raw))
    known = {squeeze(h) for h in header}
    pages = []
    for i, (chunk, number) in enumerate(zip(chunks, numbers, strict=True), 1):
        lines = [
            Line(repair(x), number=at) for at, x in chunk if repair(x) and not VIEWER_LABEL.match(repair(x))
        ]
        head = []
        while lines and squeeze(lines[0].text) in known:
            head.append(lines.pop(0).text)
        folio = lines.pop().text if lines and FOLIO.match(lines[-1].text) else ""
        pages.append(SourcePage(number or i, folio, tuple(lines), tuple(head)))
    return pages


def read_pdf(path: Path) -> list[SourcePage]:
    """Each PDF page's lines with positions; folio is the lone line under the body."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    pages = []
    try:
        for number in range(1, len(doc) + 1):
            textpage = doc[number - 1].get_textpage()
            lines = _rows(_segments(textpage))
            folio = ""
            if lines and FOLIO.match(lines[-1].text):
                gap = (lines[-2].y or 0) - (lines[-1].y or 0) if len(lines) > 1 else 1e9
                if gap > 30:
                    folio = lines.pop().text
            pages.append(SourcePage(number, folio, tuple(lines)))
    finally:
        doc.close()
    return pages


def _segments(textpage: Any) -> list[Line]:
    """pdfium's runs of text (in drawing order, which is reading order) with their boxes."""
    import pypdfium2.raw as raw

    text = textpage.get_text_range()
    out, start = [], 0
    for piece in text.split("\r\n"):
        # pdfium leaves some characters (glyphs that stand for no text) out of the text: its
        # character indices, which boxes and fonts go by, then run ahead of the text's.
        idx = [
            raw.FPDFText_GetCharIndexFromTextIndex(textpage.raw, i)
            for i in range(start, start + len(piece))
            if not text[i].isspace()
        ]
        start += len(piece) + 2
        if not idx:
            continue
        boxes = [textpage.get_charbox(i, loose=True) for i in idx]
        bold = "Bold" in _font_name(textpage, idx[len(idx) // 2])
        out.append(Line(piece, min(b[0] for b in boxes), max(b[2] for b in boxes), boxes[0][1], bold))
    return out


def _font_name(textpage: Any, index: int) -> str:
    import ctypes

    import pypdfium2.raw as raw

    size = raw.FPDFText_GetFontInfo(textpage.raw, index, None, 0, None)
    buf = ctypes.create_string_buffer(size)
    raw.FPDFText_GetFontInfo(textpage.raw, index, buf, size, None)
    return buf.value.decode("utf-8", "replace")


def _rows(segments: list[Line]) -> list[Line]:
    """Runs on one baseline joined left to right (a list's bullet is drawn after its text)."""
    rows: list[list[Line]] = []
    for seg in segments:
        row = next((r for r in rows if abs((r[0].y or 0) - (seg.y or 0)) < 2.5), None)
        if row is None:
            rows.append([seg])
        else:
            row.append(seg)
    out = []
    for row in sorted(rows, key=lambda r: -(r[0].y or 0)):
        row.sort(key=lambda x: x.x0 or 0)
        text = " ".join(x.text.strip() for x in row)
        bold = sum(x.bold for x in row) > len(row) / 2
        space = row[-1].text[-1:].isspace()
        out.append(
            Line(repair(text), row[0].x0, max(x.x1 or 0 for x in row), row[0].y, bold, space_after=space)
        )
    return [line for line in out if line.text]
