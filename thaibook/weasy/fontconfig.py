"""WeasyPrint sees only the fonts the book names: fontconfig gets a configuration of our own.

With the system's configuration, an installed font whose family has the name of a book's face
(TH Sarabun New on a Thai desktop) can be drawn instead of the book's file, without a word:
its BaseFont has the same name, and the prepared copy's exact text layer is lost (สำนักงาน
copied as สำนักงำน). Our configuration lists no system or user font folder, only one
placeholder face with a name no book uses (WeasyPrint warns when fontconfig has no font at
all); the book's faces come in through @font-face as before. ``FONTCONFIG_FILE`` is set before
WeasyPrint loads, in the main process and in the workers.
"""

from __future__ import annotations

import os
from pathlib import Path
from xml.sax.saxutils import escape

from thaibook.core.files import user_cache_dir, write_bytes

VERSION = 1  # part of the file names: bump it when the configuration changes
PLACEHOLDER = "Thaibook Placeholder"


def config_file() -> Path:
    """Our fontconfig configuration, written (with its placeholder face) when missing."""
    folder = user_cache_dir() / "fontconfig"
    conf = folder / f"fonts-v{VERSION}.conf"
    font = folder / f"fonts-v{VERSION}" / "placeholder.ttf"
    if not font.is_file():
        write_bytes(font, placeholder_font())
    if not conf.is_file():
        text = (
            '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
            f"<fontconfig>\n  <dir>{escape(str(font.parent))}</dir>\n"
            f"  <cachedir>{escape(str(folder / 'cache'))}</cachedir>\n</fontconfig>\n"
        )
        write_bytes(conf, text.encode("utf-8"))
    return conf


def isolate() -> None:
    """Point fontconfig at our configuration (before WeasyPrint loads); a cache folder that
    cannot be written leaves the system's configuration."""
    try:
        os.environ["FONTCONFIG_FILE"] = str(config_file())
    except OSError:
        pass


def placeholder_font() -> bytes:
    """A TrueType face with a space and nothing else, named so that no book asks for it."""
    import io

    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "space"])
    builder.setupCharacterMap({0x20: "space"})
    empty = TTGlyphPen(None).glyph()
    builder.setupGlyf({".notdef": empty, "space": empty})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "space": (250, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": PLACEHOLDER, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()
