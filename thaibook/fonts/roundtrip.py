"""The HarfBuzz round trip: a prepared font draws every glyph where the original font does.

Both fonts shape the same texts; each shaped glyph is expanded into what it draws
(a copy draws its original moved by the offset baked into it) at its pen position plus
HarfBuzz's offset. The two drawings must be equal to the font unit, and no Thai mark of
the prepared font may need an offset.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import uharfbuzz as hb

from thaibook.fonts.clusters import THAI_MARKS, shape
from thaibook.fonts.glyphcopy import Part

Drawing = list[tuple[str, int, int]]


@dataclass(frozen=True)
class RoundTrip:
    """How many glyphs were compared, the texts drawn differently, and marks still offset."""

    glyphs: int
    moved: tuple[str, ...]
    offset: tuple[str, ...]


def round_trip(
    original: hb.Font,
    prepared: hb.Font,
    orders: tuple[list[str], list[str]],
    parts: dict[str, list[Part]],
    texts: Iterable[str],
    marks_at_zero: bool = True,
) -> RoundTrip:
    """Shape ``texts`` with both fonts and compare what they draw and where (and whether
    the prepared font leaves any Thai mark offset, unless not ``marks_at_zero``)."""
    glyphs, moved, offset = 0, [], []
    for text in texts:
        before = _drawing(shape(original, text), orders[0], {})
        shaped = shape(prepared, text)
        after = _drawing(shaped, orders[1], parts)
        glyphs += len(before)
        if sorted(before) != sorted(after):
            moved.append(text)
        if marks_at_zero and any((dx or dy) and _is_mark(text, cluster) for _, cluster, _, dx, dy in shaped):
            offset.append(text)
    return RoundTrip(glyphs, tuple(moved), tuple(offset))


def _drawing(
    glyphs: list[tuple[int, int, int, int, int]], order: list[str], parts: dict[str, list[Part]]
) -> Drawing:
    """Each original glyph drawn, with where its origin lands (x, y) in font units."""
    out, pen = [], 0
    for gid, _, advance, dx, dy in glyphs:
        name = order[gid]
        for orig, px, py in parts.get(name, [(name, 0, 0)]):
            out.append((orig, pen + dx + px, dy + py))
        pen += advance
    return out


def _is_mark(text: str, cluster: int) -> bool:
    return cluster < len(text) and ord(text[cluster]) in THAI_MARKS
