"""Which character codes the pages show in each font, and whether each has a Unicode
value in the font's ToUnicode map (PDF/A-2u/3u 6.2.11.7.2, PDF/UA-1 7.21.7)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pikepdf

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
    for owner, resources in _content_owners(pdf):
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


def _content_owners(pdf: pikepdf.Pdf) -> Iterator[tuple[object, pikepdf.Dictionary]]:
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
