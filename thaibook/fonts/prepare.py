"""Fonts prepared for an exact PDF text layer: one meaning per glyph.

HarfBuzz splits SARA AM (U+0E33) into NIKHAHIT + SARA AA glyphs (NIKHAHIT moved
before a tone mark, which Sarabun then joins into one glyph). WeasyPrint maps
each glyph to the text of its cluster the first time it meets it, so the
plain SARA AA glyph ends up meaning 'า' or 'ำ' or '้ำ' depending on the page.
Here GSUB rules, added after the font's own, replace the glyphs that come
from a SARA AM by copies whose names say what text they stand for
(textmap.copy_name): the tone's (or NIKHAHIT+tone ligature's) copy the tone,
the SARA AA copy 'ำ', the NIKHAHIT copy nothing. The NIKHAHIT copies get glyph
ids PDFium skips (SILENT_GIDS); textmap writes the copies' texts into the PDF.
Copies draw and sit exactly like their originals, so pages look the same.
"""

from __future__ import annotations

import io
from pathlib import Path

from fontTools.otlLib.builder import buildCoverage, buildLookup, buildSingleSubstSubtable
from fontTools.ttLib import TTFont, TTLibError
from fontTools.ttLib.reorderGlyphs import reorderGlyphs
from fontTools.ttLib.tables import otTables as ot  # noqa: N813 (fontTools convention)

from thaibook.core.errors import BuildError
from thaibook.fonts.glyphcopy import UnsupportedFontError, copy_glyph
from thaibook.fonts.textmap import copy_name

NIKHAHIT, SARA_AA, SARA_AM = 0x0E4D, 0x0E32, 0x0E33


TONES = (0x0E48, 0x0E49, 0x0E4A, 0x0E4B)


THAI_SCRIPTS = ("thai", "DFLT")


# PDF text is read per glyph id; a glyph that stands for no text gets an empty ToUnicode
# entry, and PDFium (Chrome) then reads the glyph id itself as the character. These ids
# are the control characters PDFium leaves out of the text, so the fallback adds nothing.
SILENT_GIDS = (0x02, 0x03, 0x93, 0x94, 0x96, 0x97, 0x98)


def prepare_font_bytes(data: bytes, path: Path | None = None) -> bytes:
    """A font file's bytes with SARA AM split into glyphs of their own (unchanged if not needed)."""
    try:
        # Copies change no outline: keeping bounds and timestamps makes the file quick and reproducible.
        font = TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)
        changed = split_sara_am(font)
    except UnsupportedFontError:
        return data
    except (TTLibError, KeyError, AssertionError) as exc:
        raise BuildError(f"cannot prepare font: {exc}", path) from None
    if not changed:
        return data
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def split_sara_am(font: TTFont) -> bool:
    """Add the SARA AM rules and glyph copies to a font; False if it has no Thai shaping."""
    cmap = font.getBestCmap() or {}
    if "GSUB" not in font or not all(c in cmap for c in (NIKHAHIT, SARA_AA, *TONES)):
        return False
    gsub = font["GSUB"].table
    ccmp = _thai_ccmp_features(gsub)
    if not ccmp:
        return False
    subs = _single_substitutions(gsub)
    niks = _closure({cmap[NIKHAHIT]}, subs)
    aas = _closure({cmap[SARA_AA]}, subs)
    tones = {t: _closure({cmap[t]}, subs) for t in TONES}
    ligs = {t: _closure(_ligatures(gsub, niks, tones[t]), subs) for t in TONES}
    texts = {g: "" for g in niks} | {g: chr(SARA_AM) for g in aas}
    for t in TONES:
        texts |= {g: chr(t) for g in tones[t] | ligs[t]}
    copies = {g: copy_name(g, texts[g]) for g in sorted(texts, key=font.getGlyphID)}
    for g, new in copies.items():
        copy_glyph(font, g, new)
    all_tones, all_ligs = set().union(*tones.values()), set().union(*ligs.values())
    chain = _add_rules(font, copies, [niks, aas, all_tones, all_ligs])
    for feature in ccmp:
        feature.LookupListIndex.append(chain)
        feature.LookupCount = len(feature.LookupListIndex)
    _move_to_silent_ids(font, [copies[g] for g in sorted(niks, key=font.getGlyphID)])
    return True


def _add_rules(font: TTFont, copies: dict[str, str], sets: list[set[str]]) -> int:
    """The lookup that puts the copies in place of NIKHAHIT (or its ligature), tone and SARA AA."""
    niks, aas, tones, ligs = sets
    gsub = font["GSUB"].table
    glyph_map = font.getReverseGlyphMap()
    lookups = gsub.LookupList.Lookup
    marks = {g: copy for g, copy in copies.items() if g not in aas}
    to_mark = _add(lookups, buildLookup([buildSingleSubstSubtable(marks)]))
    to_aa = _add(lookups, buildLookup([buildSingleSubstSubtable({g: copies[g] for g in aas})]))
    rules = [_chain([ligs, aas], [to_mark, to_aa], glyph_map)] if ligs else []
    rules.append(_chain([niks, tones, aas], [to_mark, to_mark, to_aa], glyph_map))
    rules.append(_chain([niks, aas], [to_mark, to_aa], glyph_map))
    chain = _add(lookups, buildLookup(rules))
    gsub.LookupList.LookupCount = len(lookups)
    return chain


def _move_to_silent_ids(font: TTFont, glyphs: list[str]) -> None:
    """Give glyphs that stand for no text the glyph ids PDFium reads as control characters."""
    order = list(font.getGlyphOrder())
    slots = [gid for gid in SILENT_GIDS if gid < len(order)]
    for gid, glyph in zip(slots, glyphs, strict=False):
        here = order.index(glyph)
        order[gid], order[here] = glyph, order[gid]
    reorderGlyphs(font, order)


def _thai_ccmp_features(gsub: ot.GSUB) -> list[ot.Feature]:
    """The ccmp features the Thai (or default) script uses."""
    indices: set[int] = set()
    for record in gsub.ScriptList.ScriptRecord:
        if record.ScriptTag not in THAI_SCRIPTS:
            continue
        systems = [record.Script.DefaultLangSys] + [r.LangSys for r in record.Script.LangSysRecord]
        indices.update(i for ls in systems if ls is not None for i in ls.FeatureIndex)
    records = gsub.FeatureList.FeatureRecord
    return [records[i].Feature for i in sorted(indices) if records[i].FeatureTag == "ccmp"]


def _subtables(gsub: ot.GSUB) -> list:
    out = []
    for lookup in gsub.LookupList.Lookup:
        for sub in lookup.SubTable:
            out.append(sub.ExtSubTable if getattr(sub, "ExtSubTable", None) is not None else sub)
    return out


def _single_substitutions(gsub: ot.GSUB) -> dict[str, set[str]]:
    """Every glyph each glyph can become through one-to-one substitutions."""
    out: dict[str, set[str]] = {}
    for sub in _subtables(gsub):
        if isinstance(sub, ot.SingleSubst):
            for a, b in sub.mapping.items():
                out.setdefault(a, set()).add(b)
        elif isinstance(sub, ot.AlternateSubst):
            for a, alts in sub.alternates.items():
                out.setdefault(a, set()).update(alts)
    return out


def _closure(glyphs: set[str], subs: dict[str, set[str]]) -> set[str]:
    """The glyphs and all their one-to-one substitutes."""
    todo, seen = list(glyphs), set(glyphs)
    while todo:
        for b in subs.get(todo.pop(), ()):
            if b not in seen:
                seen.add(b)
                todo.append(b)
    return seen


def _ligatures(gsub: ot.GSUB, niks: set[str], tones: set[str]) -> set[str]:
    """Ligature glyphs the font makes of a NIKHAHIT and a tone mark, in either order."""
    out = set()
    for sub in _subtables(gsub):
        if isinstance(sub, ot.LigatureSubst):
            for first, ligs in sub.ligatures.items():
                for lig in ligs:
                    seq = [first, *lig.Component]
                    if len(seq) == 2 and {*seq} & niks and {*seq} & tones:
                        out.add(lig.LigGlyph)
    return out


def _add(lookups: list, lookup: ot.Lookup) -> int:
    lookups.append(lookup)
    return len(lookups) - 1


def _chain(inputs: list[set[str]], targets: list[int], glyph_map: dict[str, int]) -> ot.ChainContextSubst:
    """A format-3 chaining rule: substitute each input position through its lookup."""
    st = ot.ChainContextSubst()
    st.Format = 3
    st.BacktrackGlyphCount, st.BacktrackCoverage = 0, []
    st.LookAheadGlyphCount, st.LookAheadCoverage = 0, []
    st.InputGlyphCount = len(inputs)
    st.InputCoverage = [buildCoverage(g, glyph_map) for g in inputs]
    st.SubstLookupRecord = []
    for i, index in enumerate(targets):
        rec = ot.SubstLookupRecord()
        rec.SequenceIndex, rec.LookupListIndex = i, index
        st.SubstLookupRecord.append(rec)
    st.SubstCount = len(targets)
    return st
