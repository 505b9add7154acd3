"""The PDF's ToUnicode maps: each glyph copy of a prepared font mapped to the text its name gives.

WeasyPrint maps a glyph to the text of its cluster the first time it meets it. A copy
(markcopies) always stands for one text, and its name says which (copy_text): the
mark's own character, or for the glyph that draws a SARA AM with its marks, 'ำ' or the
tone and 'ำ'. A decomposed NIKHAHIT and SARA AA, drawn the same, reads as 'ำ' too.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import pikepdf
from fontTools.ttLib import TTFont, TTLibError

from thaibook.core.book import FontFace
from thaibook.fonts.embedded import content_owners, tounicode

COPY_NAME = re.compile(r".+\.tb\d+((?:\.u[0-9A-F]{4,6})*)")


def copy_name(glyph: str, number: int, text: str) -> str:
    """The name of copy ``number`` of a glyph, standing for ``text``."""
    return f"{glyph}.tb{number}" + "".join(f".u{ord(c):04X}" for c in text)


def copy_text(name: str) -> str | None:
    """The text a glyph copy stands for, from its name; None for any other glyph."""
    found = COPY_NAME.fullmatch(name)
    return None if found is None else "".join(chr(int(h, 16)) for h in found[1].split(".u")[1:])


def map_glyph_copies(pdf: pikepdf.Pdf, faces: tuple[FontFace, ...]) -> None:
    """Rewrite the ToUnicode map of every font embedded from a prepared face."""
    texts = {f.postscript_name: copy_texts(f.path) for f in faces}
    for font in _type0_fonts(pdf):
        table = texts.get(embedded_name(font) or "")
        if not table or "/ToUnicode" not in font:
            continue
        mapping = tounicode(font)
        fixed = {code: table.get(code, text) for code, text in mapping.items()}
        if fixed != mapping:
            font.ToUnicode = pikepdf.Stream(pdf, to_unicode_cmap(fixed))


@lru_cache(maxsize=32)
def copy_texts(path: Path) -> dict[int, str]:
    """Glyph id -> text for the glyph copies of a (prepared) font file; empty for other fonts."""
    try:
        order = TTFont(path, lazy=True).getGlyphOrder()
    except (TTLibError, OSError):
        return {}
    texts = {gid: copy_text(name) for gid, name in enumerate(order)}
    return {gid: text for gid, text in texts.items() if text is not None}


def embedded_name(font: pikepdf.Dictionary) -> str | None:
    """The PostScript name in the name table of a Type 0 font's embedded TrueType program."""
    descriptor = font.DescendantFonts[0].get("/FontDescriptor", {})
    program = descriptor.get("/FontFile2")
    if program is None:
        return None
    try:
        return TTFont(io.BytesIO(program.read_bytes()), lazy=True)["name"].getDebugName(6)
    except (TTLibError, KeyError, AssertionError):
        return None


def to_unicode_cmap(to_unicode: dict[int, str]) -> bytes:
    """A ToUnicode CMap as WeasyPrint writes it: one bfchar entry per glyph id."""
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        "<< /Registry (Adobe)", "/Ordering (UCS)", "/Supplement 0", ">> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def", "1 begincodespacerange",
        "<0000> <ffff>", "endcodespacerange",
    ]  # fmt: skip
    items = sorted(to_unicode.items())
    for start in range(0, len(items), 100):
        batch = items[start : start + 100]
        lines.append(f"{len(batch)} beginbfchar")
        lines += [f"<{gid:04x}> <{text.encode('utf-16-be').hex()}>" for gid, text in batch]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode()


def _type0_fonts(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Each Type 0 font the pages and their forms use, once."""
    seen = set()
    for _, resources in content_owners(pdf):
        for _, font in resources.get("/Font", {}).items():
            if font.objgen not in seen and font.get("/Subtype") == pikepdf.Name.Type0:
                seen.add(font.objgen)
                yield font
