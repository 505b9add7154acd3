"""Fonts prepared for an exact PDF text layer: Thai marks at offset zero, every glyph with its text.

Each Thai cluster the font can shape is shaped by HarfBuzz (clusters.py); the marks'
places become the fewest states that tell them apart (markstates.py); each mark in
each state gets a copy drawn at its place, chosen by GSUB rules added after the
font's own (markcopies.py). A HarfBuzz round trip (roundtrip.py) then checks that the
prepared font draws every glyph of every cluster where the original does, with no
mark offset left: a font that fails it is a build error. A face without Thai marks
(a Latin, code or emoji face) passes through unchanged.
"""

from __future__ import annotations

import io
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError

from thaibook.core.errors import BuildError
from thaibook.fonts.clusters import THAI_MARKS, cluster_texts, shaped_clusters, shaper, slip_texts
from thaibook.fonts.glyphcopy import UnsupportedFontError
from thaibook.fonts.markcopies import add_mark_copies, thai_features
from thaibook.fonts.markstates import mark_states
from thaibook.fonts.roundtrip import round_trip

MAX_GLYPHS = 65535


def prepare_font_bytes(data: bytes, path: Path | None = None) -> bytes:
    """A font file's bytes with its Thai marks prepared (the same bytes if it has none)."""
    try:
        # Copies change no outline: keeping the timestamp makes the file reproducible.
        font = TTFont(io.BytesIO(data), recalcTimestamp=False)
        changed = prepare_marks(font, data)
    except UnsupportedFontError:
        return data
    except (TTLibError, KeyError, AssertionError) as exc:
        raise BuildError(f"cannot prepare font: {exc}", path) from None
    if not changed:
        return data
    out = io.BytesIO()
    font.save(out)
    prepared = out.getvalue()
    check_round_trip(data, prepared, path)
    return prepared


def prepare_marks(font: TTFont, data: bytes) -> bool:
    """Add the mark copies and their rules; False if the font has no Thai marks to prepare."""
    cmap = font.getBestCmap() or {}
    if (
        "GSUB" not in font
        or not any(c in cmap for c in THAI_MARKS)
        or not thai_features(font["GSUB"].table, "ccmp")
    ):
        return False
    order = font.getGlyphOrder()
    states = mark_states(shaped_clusters(shaper(data), order, cmap))
    if not states.rules:
        return False
    if len(order) + len(states.copy_state) + 2 * len(states.joins) > MAX_GLYPHS:
        raise UnsupportedFontError("no room for the mark copies")
    add_mark_copies(font, states)
    if "post" in font:
        font["post"].formatType = 2.0  # the copies' names carry their text: keep them in the file
    return True


def check_round_trip(data: bytes, prepared: bytes, path: Path | None) -> None:
    """Fail the build if the prepared font draws any cluster differently, or leaves a mark offset.

    What each added glyph draws is read back from the prepared file itself.
    """
    font = TTFont(io.BytesIO(prepared), lazy=True)
    orders = (TTFont(io.BytesIO(data), lazy=True).getGlyphOrder(), font.getGlyphOrder())
    glyf = font["glyf"]
    parts = {
        n: [(c.glyphName, c.x, c.y) for c in getattr(glyf[n], "components", [])]
        for n in orders[1][len(orders[0]) :]
    }
    cmap = TTFont(io.BytesIO(data), lazy=True).getBestCmap() or {}
    fonts = shaper(data), shaper(prepared)
    result = round_trip(*fonts, orders, parts, cluster_texts(cmap))
    slips = round_trip(*fonts, orders, parts, slip_texts(cmap), marks_at_zero=False)
    if result.moved or slips.moved or result.offset:
        bad = result.moved or slips.moved or result.offset
        what = "leaves a mark offset" if bad is result.offset else "draws differently"
        raise BuildError(
            f"the prepared font {what} from HarfBuzz's shaping of the original in "
            f"{len(bad)} of its Thai clusters (first: '{bad[0]}'); please report this font",
            path,
        )
