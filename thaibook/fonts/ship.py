"""Make the shipped prepared copies of the shipped Sarabun faces: ``python -m thaibook.fonts.ship``.

A book's first build on a new machine would prepare them (about a second of CPU each);
with these it copies them into the user's cache instead. They are made again when the
code that prepares fonts changes (``faces.PREPARING``; a test says so), and the older
copies removed.
"""

from __future__ import annotations

import sys

from thaibook.core.files import FONTS_DIR
from thaibook.fonts.faces import SHIPPED_DIR, shipped_copy
from thaibook.fonts.prepare import prepare_font_bytes

SHIPPED = ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf", "Sarabun-Italic.ttf", "Sarabun-BoldItalic.ttf")


def ship() -> list[str]:
    """Write the copies for this code, remove the others; the names written."""
    SHIPPED_DIR.mkdir(exist_ok=True)
    wanted = []
    for name in SHIPPED:
        src = FONTS_DIR / name
        data = src.read_bytes()
        target = shipped_copy(src, data)
        if not target.is_file():
            target.write_bytes(prepare_font_bytes(data, src))
        wanted.append(target.name)
    for old in SHIPPED_DIR.iterdir():
        if old.name not in wanted:
            old.unlink()
    return wanted


if __name__ == "__main__":
    print("\n".join(ship()), file=sys.stdout)
