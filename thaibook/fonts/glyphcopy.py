"""Copies of a font's glyphs: drawn like their originals (or moved, or several in one), classed alike."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass
from typing import Any

from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

Part = tuple[str, int, int]  # a glyph drawn at an offset, in font units


@dataclass(frozen=True)
class Composite:
    """A glyph drawn as other glyphs moved.

    It takes the advance (unless ``advance``) and GDEF classes of ``like``, and its GPOS
    positioning if ``positioned``; ``anchors``: a part whose mark-to-mark anchors it
    carries, moved alike, so that a mark after it attaches as it would to that part.
    """

    like: str
    parts: list[Part]
    positioned: bool = False
    anchors: Part | None = None
    advance: int | None = None


class UnsupportedFontError(Exception):
    """The font holds a table this module cannot copy a glyph into."""


def add_composites(font: TTFont, glyphs: dict[str, Composite]) -> None:
    """Add composite glyphs, by name, after the font's own."""
    if "glyf" not in font:
        raise UnsupportedFontError("only TrueType-outline fonts are prepared")
    glyf = font["glyf"]
    font.setGlyphOrder(list(font.getGlyphOrder()) + list(glyphs))
    glyf.glyphOrder = font.getGlyphOrder()
    for name, glyph in glyphs.items():
        glyf[name] = drawn = _composite(glyph.parts, glyf)
        advance = font["hmtx"].metrics[glyph.like][0] if glyph.advance is None else glyph.advance
        # The side bearing is the outline's left edge, as FreeType expects (else it moves the glyph).
        font["hmtx"].metrics[name] = (advance, getattr(drawn, "xMin", 0) if glyph.parts else 0)
        if "vmtx" in font:
            font["vmtx"].metrics[name] = font["vmtx"].metrics[glyph.like]
        _copy_classes(font, glyph.like, name, glyph.positioned)
        if glyph.anchors is not None and "GPOS" in font:
            _copy_mark2_anchors(font["GPOS"].table, *glyph.anchors, name)


def _copy_mark2_anchors(gpos: Any, orig: str, dx: int, dy: int, new: str) -> None:
    for lookup in gpos.LookupList.Lookup:
        for sub in map(_unwrap, lookup.SubTable):
            if type(sub).__name__ == "MarkMarkPos" and _append(
                sub.Mark2Coverage, sub.Mark2Array.Mark2Record, orig, new
            ):
                for anchor in sub.Mark2Array.Mark2Record[-1].Mark2Anchor:
                    if anchor is not None:
                        anchor.XCoordinate += dx
                        anchor.YCoordinate += dy
                sub.Mark2Array.Mark2Count = len(sub.Mark2Array.Mark2Record)


def _composite(parts: list[Part], glyf: Any) -> Glyph:
    glyph = Glyph()
    if not parts:  # a glyph that draws nothing
        glyph.numberOfContours = 0
        return glyph
    glyph.numberOfContours = -1
    glyph.components = []
    for name, dx, dy in parts:
        component = GlyphComponent()
        component.glyphName, component.x, component.y, component.flags = name, dx, dy, 0
        glyph.components.append(component)
    glyph.recalcBounds(glyf)
    return glyph


def _copy_classes(font: TTFont, orig: str, new: str, positioned: bool) -> None:
    if "GDEF" in font:
        _copy_in_gdef(font["GDEF"].table, orig, new)
    if positioned and "GPOS" in font:
        for lookup in font["GPOS"].table.LookupList.Lookup:
            for sub in lookup.SubTable:
                _copy_in_gpos(_unwrap(sub), orig, new)


def _unwrap(sub: Any) -> Any:
    return sub.ExtSubTable if getattr(sub, "ExtSubTable", None) is not None else sub


def _copy_class(classdef: Any, orig: str, new: str) -> None:
    if classdef is not None and orig in classdef.classDefs:
        classdef.classDefs[new] = classdef.classDefs[orig]


def _append(coverage: Any, records: list | None, orig: str, new: str) -> bool:
    """Append ``new`` to a coverage (and a copy of orig's record to its parallel list)."""
    if coverage is None or orig not in coverage.glyphs:
        return False
    if records is not None:
        records.append(deepcopy(records[coverage.glyphs.index(orig)]))
    coverage.glyphs.append(new)
    return True


def _copy_in_gdef(gdef: Any, orig: str, new: str) -> None:
    _copy_class(getattr(gdef, "GlyphClassDef", None), orig, new)
    _copy_class(getattr(gdef, "MarkAttachClassDef", None), orig, new)
    sets = getattr(gdef, "MarkGlyphSetsDef", None)
    for coverage in sets.Coverage if sets else ():
        _append(coverage, None, orig, new)
    if getattr(gdef, "AttachList", None) is not None:
        _append(gdef.AttachList.Coverage, gdef.AttachList.AttachPoint, orig, new)
    if getattr(gdef, "LigCaretList", None) is not None:
        _append(gdef.LigCaretList.Coverage, gdef.LigCaretList.LigGlyph, orig, new)


def _copy_in_gpos(sub: Any, orig: str, new: str) -> None:
    """Give the copy every positioning the original has in one subtable."""
    kind = type(sub).__name__
    if kind == "SinglePos":
        _append(sub.Coverage, sub.Value if sub.Format == 2 else None, orig, new)
        if sub.Format == 2:
            sub.ValueCount = len(sub.Value)
    elif kind == "PairPos":
        _copy_in_pairs(sub, orig, new)
    elif kind == "CursivePos":
        _append(sub.Coverage, sub.EntryExitRecord, orig, new)
    elif kind == "MarkBasePos":
        _append(sub.MarkCoverage, sub.MarkArray.MarkRecord, orig, new)
        _append(sub.BaseCoverage, sub.BaseArray.BaseRecord, orig, new)
    elif kind == "MarkLigPos":
        _append(sub.MarkCoverage, sub.MarkArray.MarkRecord, orig, new)
        _append(sub.LigatureCoverage, sub.LigatureArray.LigatureAttach, orig, new)
    elif kind == "MarkMarkPos":
        _append(sub.Mark1Coverage, sub.Mark1Array.MarkRecord, orig, new)
        _append(sub.Mark2Coverage, sub.Mark2Array.Mark2Record, orig, new)
    elif kind in ("ContextPos", "ChainContextPos"):
        _copy_in_context(sub, orig, new)
    else:
        raise UnsupportedFontError(f"GPOS subtable {kind} is not supported")


def _copy_in_pairs(sub: Any, orig: str, new: str) -> None:
    if sub.Format == 1:
        _append(sub.Coverage, sub.PairSet, orig, new)
        for pair_set in sub.PairSet:
            seconds = [r for r in pair_set.PairValueRecord if r.SecondGlyph == orig]
            for record in seconds:
                clone = deepcopy(record)
                clone.SecondGlyph = new
                pair_set.PairValueRecord.append(clone)
            pair_set.PairValueCount = len(pair_set.PairValueRecord)
        sub.PairSetCount = len(sub.PairSet)
    else:
        _append(sub.Coverage, None, orig, new)
        _copy_class(sub.ClassDef1, orig, new)
        _copy_class(sub.ClassDef2, orig, new)


def _copy_in_context(sub: Any, orig: str, new: str) -> None:
    """Contextual positioning: formats 2 and 3 only reference glyphs through classes and coverages."""
    if sub.Format == 1:
        raise UnsupportedFontError("glyph-sequence contextual positioning is not supported")
    for name in ("Coverage", "InputCoverage", "BacktrackCoverage", "LookAheadCoverage"):
        value = getattr(sub, name, None)
        for coverage in value if isinstance(value, list) else [value]:
            _append(coverage, None, orig, new)
    for name in ("ClassDef", "InputClassDef", "BacktrackClassDef", "LookAheadClassDef"):
        _copy_class(getattr(sub, name, None), orig, new)
