"""Noto Emoji (monochrome) with VARIATION SELECTOR-16 kept in the PDF text layer.

Why: Noto Emoji's ligatures (ZWJ sequences, keycaps, flags) leave U+FE0F out: HarfBuzz skips
it as a default-ignorable character while matching, keeps it as a separate glyph in the same
cluster right after the emoji, and in the end draws it as an invisible space. WeasyPrint maps
each glyph to the text from its cluster start to the next glyph's: the emoji glyph, followed
by the FE0F glyph of the same cluster, gets the text before FE0F (⚖️ -> ⚖) or, when FE0F is
inside the sequence (1️⃣, 🏳️‍🌈), nothing at all (out/emoji-table-static.md).
What this does: every glyph G gets a copy G.vs16 (a composite of G: same drawing, same
advance), and a GSUB ligature lookup, appended (twice: a sequence may hold two FE0F) to ccmp
after the font's own, ligates "G FE0F" (and "G.vs16 FE0F") into G.vs16. The FE0F then belongs to the emoji's glyph, and WeasyPrint maps
that glyph to the whole sequence as typed; an emoji typed without FE0F keeps glyph G and its
own text. Nothing else changes (outlines, metrics, cmap, names).
Usage: emoji_vs16.py IN.ttf OUT.ttf
"""

import sys

from fontTools.otlLib.builder import buildLigatureSubstSubtable
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import otTables as ot

SKIP = {".notdef", "uni0000", "uni000D", "space", "uniFE0E", "uniFE0F", "uni200D", "uni20E3"}


def main(src, dst):
    font = TTFont(src, recalcTimestamp=False)  # same input, same bytes
    order = font.getGlyphOrder()
    vs = font.getBestCmap()[0xFE0F]
    glyf, hmtx = font["glyf"], font["hmtx"]
    vmtx = font["vmtx"] if "vmtx" in font else None
    bases = [g for g in order if g not in SKIP and glyf[g].numberOfContours != 0]
    new_order = list(order)
    ligs = {}
    for g in bases:
        copy = f"{g}.vs16"
        pen = TTGlyphPen(glyf)
        pen.addComponent(g, (1, 0, 0, 1, 0, 0))
        new_order.append(copy)
        glyf.glyphOrder = new_order
        glyf[copy] = pen.glyph()
        hmtx[copy] = hmtx[g]
        if vmtx is not None:
            vmtx[copy] = vmtx[g]
        ligs[(g, vs)] = copy
        ligs[(copy, vs)] = copy
    font.setGlyphOrder(new_order)
    glyf.glyphOrder = new_order
    for g in new_order[len(order):]:
        glyf[g].recalcBounds(glyf)
    gsub = font["GSUB"].table
    # Two passes: RGI sequences hold up to two FE0F (🏳️‍⚧️, 🕵️‍♀️), and a lookup
    # applies once per position.
    added = []
    for _ in range(2):
        lookup = ot.Lookup()
        lookup.LookupType, lookup.LookupFlag = 4, 0
        lookup.SubTable = [buildLigatureSubstSubtable(ligs)]
        lookup.SubTableCount = 1
        gsub.LookupList.Lookup.append(lookup)
        added.append(len(gsub.LookupList.Lookup) - 1)
    gsub.LookupList.LookupCount = len(gsub.LookupList.Lookup)
    index = added
    for fr in gsub.FeatureList.FeatureRecord:
        if fr.FeatureTag == "ccmp":
            fr.Feature.LookupListIndex.extend(added)
            fr.Feature.LookupCount = len(fr.Feature.LookupListIndex)
    font["maxp"].numGlyphs = len(new_order)
    font["name"].setName("Modified by emoji_vs16.py: U+FE0F ligated into the emoji glyphs "
                         "(copies), so that PDF text keeps it. Outlines unchanged.", 10, 3, 1, 0x409)
    if "post" in font and font["post"].formatType == 2.0:
        font["post"].extraNames = []
    font.save(dst)
    print(f"{dst}: {len(bases)} glyph copies, lookups {index} appended to ccmp")


if __name__ == "__main__":
    main(*sys.argv[1:])
