"""A text box that starts where the box before it ends with a Thai mark starts just after the mark.

WeasyPrint draws each text box (a word kept whole, a bold run) from its own text
matrix, at its laid-out x; the box before ends at the x its glyph widths and TJ
adjustments add up to, which WeasyPrint rounds glyph by glyph (up to a thousandth of
an em each). A zero-width mark that ends a box thus sits a rounding error before or
after the next box's first letter, and readers that sort characters by x (pdfplumber,
poppler's reading order) read 'สคู่' for 'สู่ค' when it is after. Here such a box is
moved to start a hair (a thousandth of a point) after the mark; nothing is moved
further than WeasyPrint's rounding put it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pikepdf

from thaibook.fonts.embedded import _w_array, tounicode

THAI_MARKS = frozenset(chr(c) for c in (0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)))
HAIR = 0.001  # in text space units: CSS px under WeasyPrint's 0.75 scale
REACH = 0.5  # the farthest a box is moved: more than WeasyPrint's rounding could make


# What decides a move; the rest of the page is not read.
TEXT_OPERATORS = "Tf Tm cm BT Td TD T* ' \" TJ Tj"
# WeasyPrint writes one operation a line, text as hex strings: its lines that decide a move.
OPERATION = re.compile(rb"^(?:(.*) )?(Tf|Tm|cm|BT|Td|TD|T\*|'|\"|TJ|Tj)$", re.M)
ITEM = re.compile(
    rb"<([0-9A-Fa-f]*)>|([-+]?[0-9.]+(?:e[-+]?[0-9]+)?)"
)  # a show's strings (hex) and adjustments


def start_boxes_after_marks(pdf: pikepdf.Pdf) -> int:
    """Move the boxes that would start before the mark ending the box before; how many moved."""
    moved, cache = 0, {}
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        starts = _moves(_operations(page), fonts, cache)
        if starts:
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(_moved(page, starts)))
            moved += len(starts)
    return moved


def _operations(page: pikepdf.Page) -> Iterator[tuple[str, list]]:
    """The page's text operations: (operator, operands); a show's operand is its items as written
    (hex strings and adjustments), read when needed."""
    contents = page.obj.get("/Contents")
    data = contents.read_bytes() if isinstance(contents, pikepdf.Stream) else None
    if data is None or b"(" in data or b"BI\n" in data:  # literal strings, inline images: pikepdf reads
        yield from _parsed(page)
        return
    for match in OPERATION.finditer(data):
        operands, op = match.group(1) or b"", match.group(2).decode()
        if op in ("TJ", "Tj"):
            yield op, [operands]
        elif op in ("Tf", "Tm"):
            yield op, [v.decode() for v in operands.split()]
        else:
            yield op, []


def _parsed(page: pikepdf.Page) -> Iterator[tuple[str, list]]:
    """The page's text operations as ``_operations`` gives them, read by pikepdf."""
    for operands, operator in pikepdf.parse_content_stream(page, TEXT_OPERATORS):
        op = str(operator)
        if op in ("TJ", "Tj"):
            operands = [b"".join(map(_written, operands[0] if op == "TJ" else [operands[0]]))]
        yield op, [str(v) if isinstance(v, pikepdf.Name) else v for v in operands]


def _written(item: object) -> bytes:
    """A show's item read by pikepdf, as WeasyPrint writes it."""
    if isinstance(item, pikepdf.String):
        return b"<" + bytes(item).hex().encode() + b">"
    return b" " + str(float(item)).encode() + b" "  # type: ignore[arg-type]


def _moves(
    operations: Iterator[tuple[str, list]], fonts: pikepdf.Dictionary, cache: dict
) -> dict[int, float]:
    """The new x of each text matrix to move, by its rank among the stream's ``Tm``s."""
    starts: dict[int, float] = {}
    font = size = None
    x = y = 0.0
    box: list = []  # the shows since the last text matrix: (items, font, size)
    ended = None  # (y, x, shows) of the last box that ended with a mark: its end is added up when asked
    matrices = -1
    for op, operands in operations:
        if op == "Tf" and operands[0] in fonts:
            font, size = _font(fonts[operands[0]], cache), float(operands[1])
        elif op == "Tm":
            matrices += 1
            if not _plain(operands):
                continue
            x, y, box = float(operands[4]), float(operands[5]), []
            if ended and abs(ended[0] - y) < 1e-3:
                end = _end(ended)
                if end - REACH < x < end + HAIR:
                    x = starts[matrices] = end + HAIR
        elif op in ("cm", "BT", "Td", "TD", "T*", "'", '"'):
            ended = None
        elif op in ("TJ", "Tj") and font is not None and size is not None:
            box.append((operands[0], font, size))
            if last := _last(
                operands[0], font[1]
            ):  # a box of no glyph (a zero-width space's) leaves the mark before it the last
                ended = (y, x, list(box)) if last in THAI_MARKS else None
    return starts


def _end(ended: tuple) -> float:
    """Where a box ended: its pen after its shows, glyph by glyph as readers add it up."""
    _, x, shows = ended
    for items, font, size in shows:
        x = _advance(items, font, size, x)[0]
    return x


def _last(items: bytes, texts: dict) -> str:
    """The last character a show draws ('' if it draws none with text)."""
    end = len(items)
    while (end := items.rfind(b">", 0, end)) >= 0:
        end = items.rfind(b"<", 0, end)
        data = bytes.fromhex(items[end + 1 : items.index(b">", end)].decode())
        for i in range(len(data) - len(data) % 2 - 2, -1, -2):
            if text := texts.get(int.from_bytes(data[i : i + 2]), ""):
                return text[-1]
    return ""


def _moved(page: pikepdf.Page, starts: dict[int, float]) -> list:
    """The page's whole content stream with the text matrices of ``starts`` moved."""
    ops, matrices = [], -1
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "Tm":
            matrices += 1
            if matrices in starts:
                operands = [
                    *operands[:4],
                    pikepdf.Object.parse(f"{starts[matrices]:.5f}".encode()),
                    operands[5],
                ]
        ops.append(pikepdf.ContentStreamInstruction(operands, operator))
    return ops


def _plain(operands: list) -> bool:
    """A text matrix of WeasyPrint's: no scale, no rotation (1 0 0 -1)."""
    return [float(v) for v in operands[:4]] == [1.0, 0.0, 0.0, -1.0]


def _font(font: pikepdf.Dictionary, cache: dict) -> tuple[dict, dict] | None:
    """A Type 0 font's widths and texts by code (None for any other font)."""
    if font.objgen not in cache:
        descendants = font.get("/DescendantFonts")
        cache[font.objgen] = (_w_array(descendants[0]), tounicode(font)) if descendants else None
    return cache[font.objgen]


def _advance(items: bytes, font: tuple[dict, dict], size: float, x: float) -> tuple[float, str]:
    """The pen after a TJ's items, and the last character drawn."""
    widths, texts = font
    last = ""  # no glyph drawn
    for hexes, adjustment in ITEM.findall(items):
        if adjustment:
            x -= float(adjustment) * size / 1000
            continue
        data = bytes.fromhex(hexes.decode())
        for i in range(0, len(data) - 1, 2):
            code = int.from_bytes(data[i : i + 2])
            x += widths.get(code, 1000.0) * size / 1000
            last = texts.get(code, "")[-1:] or last
    return x, last
