"""Subset a font once for the whole joined book, as WeasyPrint subsets for one document."""

from __future__ import annotations

import io
from collections.abc import Sequence

from fontTools.ttLib import TTFont


def subset_font(data: bytes, gids: Sequence[int]) -> bytes:
    """The font with only the given glyphs drawn, glyph ids kept, hinting dropped.

    The options are WeasyPrint's (its fontTools path): glyph ids are kept, so the
    parts' content streams and widths stay valid with the one shared font program.
    """
    from fontTools import subset  # a tenth of a second: loaded only when a subset is made

    options = subset.Options(
        retain_gids=True,
        passthrough_tables=True,
        ignore_missing_glyphs=True,
        hinting=False,
        desubroutinize=True,
        notdef_outline=False,
    )
    options.drop_tables += ["GSUB", "GPOS", "SVG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=list(gids))
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)  # same bytes every build
    for tag in options.drop_tables:
        if tag in font:
            del font[tag]  # before subsetting, which would otherwise parse them first
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
