"""SVG figures whose text names a face the book lacks (Arial, Helvetica, Myriad: what drawing
programs write) are drawn with the book's face, not a system font the PDF may not embed."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET
from pathlib import Path

SVG_NS = "http://www.w3.org/2000/svg"


XLINK_NS = "http://www.w3.org/1999/xlink"


FAMILY = re.compile(r"(font-family\s*:\s*)([^;}]*)")


TEXT_TAGS = {f"{{{SVG_NS}}}{t}" for t in ("text", "tspan", "textPath")} | {"text", "tspan", "textPath"}


_DONE: dict[tuple[Path, int, int, str], tuple[str, tuple[str, ...]]] = {}


def with_book_face(path: Path, family: str) -> tuple[str, tuple[str, ...]]:
    """A data: URL of the SVG with every font family set to ``family``, and the families it
    replaced; ('', ()) when its text names no other face, or it refers to other files."""
    stat = path.stat()
    key = (path, stat.st_mtime_ns, stat.st_size, family)
    if key not in _DONE:
        _DONE[key] = _rewrite(path.read_bytes(), family)
    return _DONE[key]


def _rewrite(data: bytes, family: str) -> tuple[str, tuple[str, ...]]:
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return "", ()
    if not any(el.tag in TEXT_TAGS for el in root.iter()) or _refers_out(root):
        return "", ()
    replaced: dict[str, None] = {}
    for el in root.iter():
        if "font-family" in el.attrib:
            el.set("font-family", _family(el.get("font-family", ""), family, replaced))
        if "font-family" in el.get("style", ""):
            el.set(
                "style",
                FAMILY.sub(lambda m: m.group(1) + _family(m.group(2), family, replaced), el.get("style", "")),
            )
        if el.tag in (f"{{{SVG_NS}}}style", "style") and el.text:
            el.text = FAMILY.sub(lambda m: m.group(1) + _family(m.group(2), family, replaced), el.text)
    if not replaced:
        return "", ()
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    encoded = base64.b64encode(ET.tostring(root, encoding="utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}", tuple(replaced)


def _family(value: str, family: str, replaced: dict[str, None]) -> str:
    """``family`` for a list that does not start with it (the list's first name noted)."""
    names = [n.strip().strip("'\"") for n in value.split(",") if n.strip()]
    if not names or names[0] == family:
        return value
    replaced[names[0]] = None
    return family if " " not in family else f"'{family}'"


def _refers_out(root: ET.Element) -> bool:
    """Whether the SVG uses another file (an image, a font): a data: URL has no folder to find it in."""
    for el in root.iter():
        for name in ("href", f"{{{XLINK_NS}}}href", "src"):
            value = el.get(name, "")
            if value and not value.startswith(("#", "data:")):
                return True
        if OUTSIDE_URL.search(el.get("style", "") + (el.text or "" if el.tag.endswith("style") else "")):
            return True
    return False


OUTSIDE_URL = re.compile(r"url\(\s*['\"]?(?!#|data:)|@import")
