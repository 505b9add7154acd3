"""WeasyPrint sees only the fonts the book names: fontconfig gets a configuration of our own.

With the system's configuration, fontconfig offers Pango every font installed on the machine,
and two things go wrong whatever the book's CSS says. An installed font whose family has the
name of a book's face (TH Sarabun New on a Thai desktop) can be drawn instead of the book's
file, without a word: its BaseFont has the same name, and the prepared copy's exact text layer
is lost (สำนักงาน copied as สำนักงำน). And Pango asks fontconfig for the generic family "emoji"
for every emoji run (emoji presentation, U+FE0F, keycaps, flags, ZWJ sequences), so an installed
colour font (Noto Color Emoji on most desktops) draws the emoji instead of the book's face.

Our configuration lists no system or user font folder, only one placeholder face with a name no
book uses (Pango and WeasyPrint expect fontconfig to have a font), and says that "emoji" means
the book's emoji faces; the book's faces come in through @font-face as before. fontconfig reads
``FONTCONFIG_FILE`` when WeasyPrint makes a ``FontConfiguration``: the door makes each one (a
render's, a typesetting worker's) with it set to our file, and only then, so the build's other
programs (pdftoppm, a browser for the e-book's tests) keep the system's fonts.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import threading
import warnings
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from thaibook.core.files import user_cache_dir, write_bytes

VERSION = 2  # part of the placeholder's folder name: bump it when the placeholder changes
PLACEHOLDER = "Thaibook Placeholder"
ENV = "FONTCONFIG_FILE"

# Emoji faces a book may name in font.fallback, the shipped monochrome one first: an emoji
# run is drawn by the first of them that the book loads and that has the glyph.
EMOJI_FAMILIES = (
    "Noto Emoji",
    "Twemoji Mozilla",
    "Twemoji",
    "OpenMoji",
    "Symbola",
    "Noto Color Emoji",
)


def config_text(folder: Path) -> str:
    """The configuration, with its placeholder face and fontconfig's cache under ``folder``."""
    prefer = "".join(f"<family>{escape(name)}</family>" for name in EMOJI_FAMILIES)
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<!-- thaibook: no system fonts, only the book's @font-face faces; "
        '"emoji" is the book\'s emoji face. -->\n'
        f"<fontconfig>\n  <dir>{escape(str(folder / f'fonts-v{VERSION}'))}</dir>\n"
        f"  <cachedir>{escape(str(folder / 'cache'))}</cachedir>\n"
        f'  <alias binding="same">\n    <family>emoji</family>\n    <prefer>{prefer}</prefer>\n'
        "  </alias>\n</fontconfig>\n"
    )


def config_path(folder: Path | None = None) -> Path:
    """Where the configuration is written (the user's cache folder), named by its content."""
    folder = folder or user_cache_dir() / "fontconfig"
    digest = hashlib.sha256(config_text(folder).encode()).hexdigest()[:12]
    return folder / f"fonts-{digest}.conf"


def config_file() -> Path:
    """Our configuration's file, written (with its placeholder face) if missing or changed; a
    cache folder that cannot be written gives a temporary folder of this process's own."""
    try:
        return _written(user_cache_dir() / "fontconfig")
    except OSError:
        return _written(Path(tempfile.mkdtemp(prefix="thaibook-fontconfig-")))


def _written(folder: Path) -> Path:
    conf, text = config_path(folder), config_text(folder)
    # Made here, not by fontconfig: two builds at once on a new cache both found it missing, and
    # the one whose mkdir lost said "Fontconfig error: No writable cache directories".
    (folder / "cache").mkdir(parents=True, exist_ok=True)
    font = folder / f"fonts-v{VERSION}" / "placeholder.ttf"
    if not font.is_file():
        write_bytes(font, placeholder_font())
    try:
        if conf.read_text(encoding="utf-8") == text:
            return conf
    except (OSError, UnicodeDecodeError):
        pass
    write_bytes(conf, text.encode("utf-8"))
    return conf


_lock = threading.Lock()


def font_configuration() -> Any:
    """A WeasyPrint FontConfiguration on our configuration; the environment is left as it was."""
    path = config_file()
    # WeasyPrint checks the system's configuration once, on import; the book never uses it.
    warnings.filterwarnings("ignore", "No fonts configured in FontConfig", UserWarning)
    from weasyprint.text.fonts import FontConfiguration

    with _lock:
        before = os.environ.get(ENV)
        os.environ[ENV] = str(path)
        try:
            return FontConfiguration()
        finally:
            if before is None:
                del os.environ[ENV]
            else:
                os.environ[ENV] = before


def placeholder_font() -> bytes:
    """A TrueType face with a space and nothing else, named so that no book asks for it."""
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
