"""The glyphs a PDF's pages show, read from its fonts' programs: which face, glyph id and text
each is, whether it draws anything and whether it is a tofu box."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from fontTools.ttLib import TTFont

from thaibook.fonts.embedded import TEXT_OPERATORS, content_owners, tounicode


@dataclass(frozen=True)
class Glyph:
    """One glyph the page shows: its font (subset tag dropped), glyph id and text."""

    font: str
    gid: int
    text: str
    outline: bool  # the embedded glyph draws something
    tofu: bool  # .notdef, or past the font's last glyph


def drawn_glyphs(pdf_path: Path) -> list[Glyph]:
    """Every glyph the PDF's pages show, in content order, read from its fonts' programs."""
    out: list[Glyph] = []
    with pikepdf.open(pdf_path) as pdf:
        programs: dict[tuple[int, int], TTFont] = {}
        for owner, resources in content_owners(pdf):
            fonts, font = resources.get("/Font", {}), None
            for operands, operator in pikepdf.parse_content_stream(owner):
                if str(operator) == "Tf" and str(operands[0]) in fonts:
                    font = fonts[str(operands[0])]
                elif str(operator) in TEXT_OPERATORS and font is not None:
                    out += _glyphs(font, operands, programs)
    return out


def _glyphs(font: pikepdf.Dictionary, operands: list, programs: dict) -> list[Glyph]:
    cid_font = font.DescendantFonts[0]
    assert cid_font.get("/CIDToGIDMap") == pikepdf.Name.Identity
    key = cid_font.objgen
    if key not in programs:
        programs[key] = TTFont(io.BytesIO(cid_font.FontDescriptor.FontFile2.read_bytes()))
    program, texts, name = programs[key], tounicode(font), str(font.BaseFont).split("+")[-1]
    glyf, count = program["glyf"], program["maxp"].numGlyphs
    found = []
    for data in [bytes(o) for o in operands if isinstance(o, pikepdf.String)] + [
        bytes(i) for o in operands if isinstance(o, pikepdf.Array) for i in o if isinstance(i, pikepdf.String)
    ]:
        for gid in (int.from_bytes(data[i : i + 2]) for i in range(0, len(data), 2)):
            tofu = gid == 0 or gid >= count
            glyph = None if tofu else glyf[program.getGlyphName(gid)]
            outline = glyph is not None and glyph.numberOfContours != 0
            found.append(Glyph(name, gid, texts.get(gid, ""), outline, tofu))
    return found
