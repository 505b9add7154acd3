"""The gaps between glyphs on a PDF's lines, from the glyph positions pdfminer.six reads.

A gap is where one glyph's advance ends and the next glyph's begins, spaces included (a gap
across a space is the space and what justification added to it); marks (no advance) are skipped.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Gap:
    """One gap: its width in em of its font size, the page, and the text around it."""

    em: float
    page: int
    before: str
    after: str


def printed_lines(pdf: Path) -> list[list]:
    """Each printed line's glyphs with an advance (pdfminer's LTChar), in stream order.

    pdfminer's own lines part a line at a raised mark; here a line ends where the baseline
    moves by half a font size or the pen goes back left.
    """
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=None)  # no layout analysis: the glyphs in stream order
    interpreter = PDFPageInterpreter(manager, device)
    lines: list[list] = []
    with open(pdf, "rb") as f:
        for number, page in enumerate(PDFPage.get_pages(f), 1):
            interpreter.process_page(page)
            line: list = []
            for c in device.get_result():
                if not isinstance(c, LTChar):
                    continue
                c.page_number = number
                t = c.get_text()
                if not t or unicodedata.category(t[0]) == "Mn" or c.x1 - c.x0 < 0.01:
                    if line:
                        line.append(c)
                    continue
                base = [g for g in line if _advances(g)]
                if base and (abs(c.y0 - base[-1].y0) > 0.5 * c.size or c.x0 < base[-1].x0):
                    lines.append(line)
                    line = []
                line.append(c)
            if line:
                lines.append(line)
    return lines


def _advances(c) -> bool:  # noqa: ANN001
    t = c.get_text()
    return bool(t) and unicodedata.category(t[0]) != "Mn" and c.x1 - c.x0 >= 0.01


def line_gaps(pdf: Path) -> list[list[Gap]]:
    """Each printed line's gaps, in order (across a space: from the glyph before to the glyph after)."""
    out = []
    for line in printed_lines(pdf):
        gaps, last, text = [], None, ""
        for c in line:
            t = c.get_text()
            if _advances(c) and not t.isspace():
                if last is not None:
                    gaps.append(Gap((c.x0 - last.x1) / c.size, c.page_number, text[-12:], t))
                last = c
            text += t
        if gaps:
            out.append(gaps)
    return out


def line_ends(pdf: Path) -> list[float]:
    """Where each printed line's last visible glyph ends (pt from the page's left)."""
    ends = []
    for line in printed_lines(pdf):
        seen = [c.x1 for c in line if _advances(c) and not c.get_text().isspace()]
        if seen:
            ends.append(max(seen))
    return ends


def widest(pdf: Path) -> Gap:
    """The widest gap of the PDF."""
    return max((g for line in line_gaps(pdf) for g in line), key=lambda g: g.em)


def space_positions(text: str) -> set[int]:
    """Offsets in the text without white space where white space stood (line ends left out)."""
    out, n = set(), 0
    for c in text.replace("\n", ""):
        if c.isspace():
            out.add(n)
        else:
            n += 1
    return out


def invented_spaces(extracted: str, source: str) -> list[str]:
    """The spaces an extractor reads between two letters where the source has none."""
    squeezed = "".join(source.split())
    return [
        squeezed[max(0, i - 8) : i] + "␣" + squeezed[i : i + 8]
        for i in sorted(space_positions(extracted) - space_positions(source))
    ]


def layout_items(item, kind):  # noqa: ANN001, ANN201 (pdfminer's layout objects)
    """Every object of a pdfminer layout tree that is a ``kind``, depth first."""
    if isinstance(item, kind):
        yield item
    elif hasattr(item, "__iter__"):
        for child in item:
            yield from layout_items(child, kind)
