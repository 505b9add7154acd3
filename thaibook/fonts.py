"""The book's fonts: discovery, @font-face rules and glyph coverage checks."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError

from .errors import BuildError

FONT_SUFFIXES = {".ttf", ".otf"}
# Characters every text may hold that need no glyph of their own.
INVISIBLE = set("\n\r\t \u00ad\u200b\u200c\u200d\u2060\ufeff")


@dataclass(frozen=True)
class FontFace:
    """One font file: its family, weight, style and the characters it draws."""

    path: Path
    family: str
    postscript_name: str
    weight: int
    italic: bool
    charset: frozenset[int]
    subfamily: str = "Regular"

    @property
    def pdf_names(self) -> set[str]:
        """Names this face may carry in a PDF (WeasyPrint names fonts by family and style)."""
        family = self.family.replace(" ", "")
        sub = self.subfamily
        # Pango's description string names Bold Italic "Sarabun-Bold-Italic".
        styles = {sub.replace(" ", ""), sub.replace(" ", "-")}
        return {self.postscript_name, family, *(f"{family}-{s}" for s in styles)}


def load_faces(font_dir: Path) -> tuple[FontFace, ...]:
    """Every usable font in the folder, checked for embedding rights."""
    paths = sorted(p for p in font_dir.iterdir() if p.suffix.lower() in FONT_SUFFIXES)
    if not paths:
        raise BuildError("no fonts (.ttf or .otf) in the fonts folder", font_dir)
    return tuple(_load_face(p, p.stat().st_mtime_ns) for p in paths)


@lru_cache(maxsize=64)
def _load_face(path: Path, _mtime: int) -> FontFace:
    """Read one font file's names, style and cmap."""
    try:
        font = TTFont(path, lazy=True)
        name = font["name"]
        family = name.getBestFamilyName() or path.stem
        psname = name.getDebugName(6) or path.stem
        subfamily = name.getBestSubFamilyName() or "Regular"
        os2 = font["OS/2"]
        cmap = font.getBestCmap() or {}
    except (TTLibError, KeyError, OSError, AssertionError) as exc:
        raise BuildError(f"cannot read font: {exc}", path) from None
    # OS/2 fsType bit 1 (value 2) is "restricted license": no embedding at all.
    if os2.fsType & 0x000F == 0x0002:
        raise BuildError("the font's license forbids embedding (OS/2 fsType 2)", path)
    italic = bool(os2.fsSelection & 1) or "italic" in path.stem.lower()
    return FontFace(path, family, psname, os2.usWeightClass, italic, frozenset(cmap), subfamily)


def family_charset(faces: tuple[FontFace, ...], family: str) -> frozenset[int]:
    """The characters that the regular face of a family can draw."""
    members = [f for f in faces if f.family == family]
    if not members:
        known = ", ".join(sorted({f.family for f in faces}))
        raise BuildError(f"font family '{family}' is not in the fonts folder (it has: {known})")
    regular = min(members, key=lambda f: (f.italic, abs(f.weight - 400)))
    return regular.charset


def check_coverage(text: str, charset: frozenset[int], path: Path, first_line: int = 1) -> None:
    """Fail on the first character the fonts cannot draw, naming line and column."""
    for lineno, line in enumerate(text.split("\n"), first_line):
        for col, ch in enumerate(line, 1):
            if ord(ch) in charset or ch in INVISIBLE:
                continue
            name = unicodedata.name(ch, "unnamed character")
            msg = f"the book's fonts have no glyph for U+{ord(ch):04X} {name} ({ch!r})"
            raise BuildError(msg, path, lineno, col)


def font_face_css(faces: tuple[FontFace, ...]) -> str:
    """@font-face rules loading each face from its file."""
    rules = []
    for f in faces:
        rules.append(
            "@font-face { "
            f'font-family: "{f.family}"; src: url("{f.path.resolve().as_uri()}"); '
            f"font-weight: {f.weight}; font-style: {'italic' if f.italic else 'normal'}; }}"
        )
    return "\n".join(rules)
