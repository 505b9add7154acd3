"""Make TLWG Mono (TrueType) shape Thai correctly under HarfBuzz, as WeasyPrint uses it.

Why: TLWG Mono 0.7.3 draws each Thai combining mark inside a full 600-unit cell
(hmtx 600, outline at x 100..600), the way a terminal overlays it on the previous cell.
HarfBuzz zeroes the marks' advances (Unicode category Mn) but, because the font has an
(empty) GPOS table, does not move them back, so every mark lands over the *next* letter
(png/thai-marks.png, first row). The font's only GSUB rule swaps YO YING / THO THAN for
descenderless forms; its PUA variants (low tone marks, marks shifted left for tall
consonants, lowered below vowels) are reached only by HarfBuzz's legacy PUA shaping,
which HarfBuzz skips when the font has a Thai GSUB, and which would be lost anyway when
thaibook adds its own GSUB rules (thaibook/fontprep.py).

What this does, nothing else:
  * every mark glyph (Unicode Mn, and its .left/.low/.low_left variants) is moved 600
    units left and given advance 0: it now sits over its base in any renderer;
  * GDEF gets a GlyphClassDef (1 base, 3 mark);
  * GSUB is rebuilt (feature ccmp, scripts thai and DFLT) with the same choices as
    HarfBuzz's Thai PUA shaper (hb-ot-shaper-thai.cc), pointing at the font's own
    variant glyphs: descenderless YO YING / THO THAN before a below vowel, lowered below
    vowels under DO CHADA / TO PATAK, upper vowels and tones shifted left over
    PO PLA / FO FA / FO FAN, tones lowered where no upper vowel is;
  * optionally (--scale S) Thai glyphs are scaled by S about the cell centre and the
    baseline, so Thai matches the x-height of a Latin mono it is paired with;
  * TrueType hinting is removed (instructions no longer fit moved outlines; PDF viewers
    do not need them);
  * name IDs 1/4/6/16 get the new family name (--family), and name ID 5 and 10 say
    what was changed and when (GPL-2 section 2a).
Usage: tlwg_fix.py IN.ttf OUT.ttf [--family "TLWG Mono TB"] [--scale 1.15] [--date YYYY-MM-DD]
"""

import argparse
import unicodedata
from datetime import date

from fontTools.feaLib.builder import addOpenTypeFeaturesFromString
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import otTables

CELL = 600
AV = ["uni0E31", "uni0E34", "uni0E35", "uni0E36", "uni0E37", "uni0E47", "uni0E4D"]
TONES = ["uni0E48", "uni0E49", "uni0E4A", "uni0E4B", "uni0E4C"]
BV = ["uni0E38", "uni0E39", "uni0E3A"]
AC = ["uni0E1B", "uni0E1D", "uni0E1F"]  # PO PLA, FO FA, FO FAN (HarfBuzz leaves LO CHULA out)


def is_thai_glyph(name):
    base = name.split(".")[0]
    return base.startswith("uni0E") or base.startswith("uniF7")


def mark_glyphs(font):
    cmap = font.getBestCmap()
    marks = {g for cp, g in cmap.items() if unicodedata.category(chr(cp)) == "Mn"}
    for g in font.getGlyphOrder():
        base = g.split(".")[0]
        if "." in g and base.startswith("uni0E") and unicodedata.category(chr(int(base[3:], 16))) == "Mn":
            marks.add(g)
    return marks


def redraw(font, name, transform):
    """Redraw one glyph through an affine transform (composites decomposed)."""
    gs = font.getGlyphSet()
    rec = DecomposingRecordingPen(gs)
    gs[name].draw(rec)
    pen = TTGlyphPen(None)
    rec.replay(TransformPen(pen, transform))
    glyph = pen.glyph()
    glyph.recalcBounds(font["glyf"])
    return glyph


def dehint(font):
    for tag in ("fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX"):
        if tag in font:
            del font[tag]
    for name in font.getGlyphOrder():
        g = font["glyf"][name]
        if hasattr(g, "program"):
            from fontTools.ttLib.tables.ttProgram import Program

            g.program = Program()
            g.program.fromBytecode(b"")
    maxp = font["maxp"]
    for attr in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
    ):
        setattr(maxp, attr, 1 if attr == "maxZones" else 0)


FEA = """
languagesystem DFLT dflt;
languagesystem thai dflt;
@CONS = [{cons}];
@AC = [{ac}];
@NAC = [{nac}];
@AV = [{av}];
@AV_LEFT = [{av_left}];
@T = [{t}];
@T_LOW = [{t_low}];
@T_LEFT = [{t_left}];
@T_LOWLEFT = [{t_lowleft}];
@BV = [{bv}];
@BV_LOW = [{bv_low}];
lookup DESCLESS {{ sub uni0E0D by uni0E0D.descless; sub uni0E10 by uni0E10.descless; }} DESCLESS;
lookup BVLOW {{ sub @BV by @BV_LOW; }} BVLOW;
lookup AVLEFT {{ sub @AV by @AV_LEFT; }} AVLEFT;
lookup TLEFT {{ sub @T by @T_LEFT; }} TLEFT;
lookup TLOWLEFT {{ sub @T by @T_LOWLEFT; }} TLOWLEFT;
lookup TLOW {{ sub @T by @T_LOW; }} TLOW;
feature ccmp {{
  # YO YING, THO THAN lose the descender over a below vowel.
  sub [uni0E0D uni0E10]' lookup DESCLESS @BV;
  # DO CHADA, TO PATAK: the below vowel goes under the descender.
  sub [uni0E0E uni0E0F] @BV' lookup BVLOW;
  # Tall consonants: upper vowels and tones move left, off the ascender.
  sub @AC @AV' lookup AVLEFT;
  sub @AC @AV_LEFT @T' lookup TLEFT;
  sub @AC @T' lookup TLOWLEFT;
  sub @AC @BV @T' lookup TLOWLEFT;
  # Other consonants: a tone with no upper vowel sits low.
  sub @NAC @T' lookup TLOW;
  sub @NAC @BV @T' lookup TLOW;
  sub @NAC @BV_LOW @T' lookup TLOW;
  sub [uni0E0D.descless uni0E10.descless] @BV @T' lookup TLOW;
}} ccmp;
"""


def build_gsub(font):
    have = set(font.getGlyphOrder())
    cons = [f"uni{cp:04X}" for cp in range(0x0E01, 0x0E2F) if f"uni{cp:04X}" in have]
    pairs = lambda names, suf: [(n, f"{n}.{suf}") for n in names if f"{n}.{suf}" in have]  # noqa: E731
    av = pairs(AV, "left")
    t_low, t_left, t_ll = pairs(TONES, "low"), pairs(TONES, "left"), pairs(TONES, "low_left")
    bv = pairs(BV, "low")
    assert len(t_low) == len(t_left) == len(t_ll) == 5 and len(bv) == 3, "unexpected glyph set"
    fea = FEA.format(
        cons=" ".join(cons),
        ac=" ".join(AC),
        nac=" ".join(c for c in cons if c not in AC),
        av=" ".join(a for a, _ in av),
        av_left=" ".join(b for _, b in av),
        t=" ".join(TONES),
        t_low=" ".join(b for _, b in t_low),
        t_left=" ".join(b for _, b in t_left),
        t_lowleft=" ".join(b for _, b in t_ll),
        bv=" ".join(BV),
        bv_low=" ".join(b for _, b in bv),
    )
    if "GSUB" in font:
        del font["GSUB"]
    addOpenTypeFeaturesFromString(font, fea, tables=["GSUB"])
    return fea


def rename(font, family, note):
    name = font["name"]
    ps = family.replace(" ", "")
    for rec in list(name.names):
        sub = name.getDebugName(2) or "Regular"
        if rec.nameID in (1, 16):
            new = family
        elif rec.nameID == 4:
            new = family if sub == "Regular" else f"{family} {sub}"
        elif rec.nameID == 6:
            new = ps if sub == "Regular" else f"{ps}-{sub.replace(' ', '')}"
        elif rec.nameID == 3:
            new = f"{rec.toUnicode()};{ps}"
        elif rec.nameID == 5:
            new = rec.toUnicode() + "; " + note
        else:
            continue
        name.setName(new, rec.nameID, rec.platformID, rec.platEncID, rec.langID)
    name.setName(note, 10, 3, 1, 0x409)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--family", default=None)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--date", default=date.today().isoformat(), help="date of the change, for the name table")
    a = ap.parse_args()
    # The original head.modified is kept, so the same input and --date give the same bytes.
    font = TTFont(a.src, recalcTimestamp=False)
    marks = mark_glyphs(font)
    glyf, hmtx = font["glyf"], font["hmtx"]
    s = a.scale
    new = {}
    for g in font.getGlyphOrder():
        dx = -CELL if g in marks else 0
        if not (g in marks or (s != 1.0 and is_thai_glyph(g))):
            continue
        ts = s if is_thai_glyph(g) else 1.0
        # x' = c + (x - c)*s + dx with c the cell centre; y' = y*s
        c = CELL / 2
        new[g] = redraw(font, g, (ts, 0, 0, ts, c - c * ts + dx, 0))
    for g, glyph in new.items():
        glyf[g] = glyph
        adv = 0 if g in marks else hmtx[g][0]
        hmtx[g] = (adv, glyph.xMin if glyph.numberOfContours else 0)
    dehint(font)
    gdef = font["GDEF"].table
    cd = otTables.GlyphClassDef()
    cd.classDefs = {g: (3 if g in marks else 1) for g in font.getGlyphOrder() if g != ".notdef"}
    gdef.GlyphClassDef = cd
    build_gsub(font)
    note = (
        f"Modified {a.date} from TLWG Mono 0.7.3 (fonts-tlwg) with tlwg_fix.py: "
        f"zero-width Thai marks, GSUB rebuilt for mark placement"
        + (f", Thai scaled {s:g}" if s != 1.0 else "")
        + ", hinting removed"
    )
    rename(font, a.family or font["name"].getBestFamilyName(), note)
    font["head"].checkSumAdjustment = 0
    font.save(a.dst)
    print(f"{a.dst}: {len(marks)} marks moved, {len(new)} glyphs redrawn, scale {s:g}")


if __name__ == "__main__":
    main()
