"""Printed lines out of an existing e-book: flip-book text or a PDF, page by page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .thai import arabic_digits

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
    chunks: list[list[str]] = [[]]
    numbers = [0]
    for raw in text.replace("\f", "\n").split("\n"):
        start = PAGE_START.match(raw.strip())
        if start and chunks[-1]:
            chunks.append([])
            numbers.append(0)
        if start:
            numbers[-1] = int(start.group(1))
        chunks[-1].append(raw)
    known = {squeeze(h) for h in header}
    pages = []
    for i, (chunk, number) in enumerate(zip(chunks, numbers, strict=True), 1):
        lines = [repair(x) for x in chunk if repair(x) and not VIEWER_LABEL.match(repair(x))]
        head = []
        while lines and squeeze(lines[0]) in known:
            head.append(lines.pop(0))
        folio = lines.pop() if lines and FOLIO.match(lines[-1]) else ""
        pages.append(SourcePage(number or i, folio, tuple(Line(x) for x in lines), tuple(head)))
    return pages


def read_pdf(path: Path) -> list[SourcePage]:
    """Each PDF page's lines with positions; folio is the lone line under the body."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar

    pages = []
    for number, layout in enumerate(extract_pages(str(path), laparams=None), 1):
        lines = _lines([c for c in _walk(layout) if isinstance(c, LTChar)])
        folio = ""
        if lines and FOLIO.match(lines[-1].text):
            gap = (lines[-2].y or 0) - (lines[-1].y or 0) if len(lines) > 1 else 1e9
            if gap > 30:
                folio = lines.pop().text
        pages.append(SourcePage(number, folio, tuple(lines)))
    return pages


def _walk(obj: object) -> Iterator[object]:
    yield obj
    for child in getattr(obj, "_objs", None) or []:
        yield from _walk(child)


def _lines(chars: list[Any]) -> list[Line]:
    """Group characters (in drawing order, which is reading order) into lines by baseline."""
    rows: list[list[Any]] = []
    for ch in chars:
        row = next((r for r in rows if abs(r[0].y0 - ch.y0) < 2.5), None)
        if row is None:
            rows.append([ch])
        else:
            row.append(ch)
    out = []
    for row in sorted(rows, key=lambda r: -r[0].y0):
        text = ""
        for prev, ch in zip([None, *row], row, strict=False):
            gap = prev is not None and ch.x0 - prev.x1 > 0.5 * ch.size
            if gap and not text.endswith(" ") and ch.get_text() != " ":
                text += " "
            text += ch.get_text()
        bold = sum("Bold" in c.fontname for c in row) > len(row) / 2
        out.append(Line(repair(text), min(c.x0 for c in row), max(c.x1 for c in row), row[0].y0, bold))
    return [line for line in out if line.text]
