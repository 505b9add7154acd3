"""Which character codes the pages show in each font, and whether each has a Unicode
value in the font's ToUnicode map (PDF/A-2u/3u 6.2.11.7.2, PDF/UA-1 7.21.7)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence

import pikepdf
from fontTools.ttLib import TTFont

HEX = r"<([0-9A-Fa-f]*)>"


TEXT_OPERATORS = {"Tj", "TJ", "'", '"'}


def unmapped_codes(pdf: pikepdf.Pdf) -> list[str]:
    """One problem per font whose shown codes lack a ToUnicode value."""
    problems = []
    for font, codes in _shown_codes(pdf):
        name = str(font.get("/BaseFont", "?")).split("+")[-1]
        mapping = tounicode(font)
        missing = sorted(c for c in codes if c not in mapping)
        if missing:
            shown = ", ".join(f"0x{c:04x}" for c in missing[:5])
            problems.append(f"font {name}: {len(missing)} shown codes have no Unicode value ({shown})")
    return problems


def tounicode(font: pikepdf.Dictionary) -> dict[int, str]:
    """A font's ToUnicode CMap as code -> text (bfchar and bfrange entries)."""
    stream = font.get("/ToUnicode")
    if not isinstance(stream, pikepdf.Stream):
        return {}
    text = stream.read_bytes().decode("latin-1")
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(HEX + r"\s*" + HEX, block):
            mapping[int(src, 16)] = _utf16(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(HEX + r"\s*" + HEX + r"\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block):
            start, end = int(lo, 16), int(hi, 16)
            if dst.startswith("["):
                for i, item in enumerate(re.findall(HEX, dst)):
                    mapping[start + i] = _utf16(item)
            else:
                first = _utf16(dst[1:-1])
                for i in range(end - start + 1):
                    mapping[start + i] = first[:-1] + chr(ord(first[-1]) + i) if first else ""
    return mapping


def _utf16(hex_text: str) -> str:
    return bytes.fromhex(hex_text).decode("utf-16-be", errors="replace")


def _shown_codes(pdf: pikepdf.Pdf) -> list[tuple[pikepdf.Dictionary, set[int]]]:
    """Codes shown per font, over page contents and the form XObjects they draw."""
    found: dict[tuple[int, int], tuple[pikepdf.Dictionary, set[int]]] = {}
    for owner, resources in content_owners(pdf):
        fonts = resources.get("/Font", {})
        font = None
        for operands, operator in pikepdf.parse_content_stream(owner):
            op = str(operator)
            if op == "Tf" and str(operands[0]) in fonts:
                font = fonts[str(operands[0])]
            elif op in TEXT_OPERATORS and font is not None:
                entry = found.setdefault(font.objgen, (font, set()))
                width = 2 if font.get("/Subtype") == pikepdf.Name.Type0 else 1
                for data in _strings(operands):
                    entry[1].update(int.from_bytes(data[i : i + width]) for i in range(0, len(data), width))
    return list(found.values())


def _strings(operands: list) -> Iterator[bytes]:
    for operand in operands:
        if isinstance(operand, pikepdf.String):
            yield bytes(operand)
        elif isinstance(operand, pikepdf.Array):
            yield from (bytes(item) for item in operand if isinstance(item, pikepdf.String))


def content_owners(pdf: pikepdf.Pdf) -> Iterator[tuple[object, pikepdf.Dictionary]]:
    """Every page and form XObject with the resources its content uses."""
    seen = set()
    todo = [(page.obj, page.obj.get("/Resources", pikepdf.Dictionary())) for page in pdf.pages]
    while todo:
        owner, resources = todo.pop()
        if owner.objgen in seen:
            continue
        seen.add(owner.objgen)
        yield owner, resources
        for xobject in resources.get("/XObject", {}).values():
            if xobject.get("/Subtype") == pikepdf.Name.Form:
                todo.append((xobject, xobject.get("/Resources", resources)))


def width_mismatches(pdf: pikepdf.Pdf) -> list[str]:
    """Glyph widths in /W that differ from the embedded font program (PDF/A 6.2.11.5)."""
    problems = []
    for font, codes in _shown_codes(pdf):
        for cid_font in font.get("/DescendantFonts", []):
            program = cid_font.get("/FontDescriptor", {}).get("/FontFile2")
            if program is None or cid_font.get("/CIDToGIDMap") != pikepdf.Name.Identity:
                continue
            widths = _w_array(cid_font)
            advances = _advances(program.read_bytes())
            default = int(cid_font.get("/DW", 1000))
            bad = [
                c
                for c in sorted(codes)
                if c < len(advances) and abs(widths.get(c, default) - advances[c]) > 1
            ]
            if bad:
                name = str(cid_font.BaseFont).split("+")[-1]
                problems.append(f"font {name}: {len(bad)} glyph widths differ from the font program")
    return problems


def _w_array(cid_font: pikepdf.Dictionary) -> dict[int, float]:
    """A CIDFont's /W entries as CID -> width."""
    items = list(cid_font.get("/W", []))
    widths: dict[int, float] = {}
    i = 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            for k, w in enumerate(items[i + 1]):
                widths[first + k] = float(w)
            i += 2
        else:
            for cid in range(first, int(items[i + 1]) + 1):
                widths[cid] = float(items[i + 2])
            i += 3
    return widths


def _advances(data: bytes) -> list[float]:
    """Each glyph's advance width in 1/1000 em, by glyph id."""
    import io

    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), lazy=True)
    scale = 1000 / font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    return [metrics[name][0] * scale for name in font.getGlyphOrder()]


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
