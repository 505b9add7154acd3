"""What the e-book carries besides its documents: the chapters' images (read only inside the
book, as the print's sandbox allows), the book's own fonts subset to the characters used,
and the cover image (the print edition's cover page)."""

from __future__ import annotations

import hashlib
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from thaibook.core.book import Book, Chapter, FontFace
from thaibook.core.errors import warn
from thaibook.epub.xhtml import ImageHook
from thaibook.html.references import error_at
from thaibook.render.sandbox import BASE_URL, refusal_error, sandbox_for

# Image types every EPUB 3 reading system shows; other pictures are converted to PNG.
CORE_IMAGES = {"PNG": ("png", "image/png"), "JPEG": ("jpg", "image/jpeg"), "GIF": ("gif", "image/gif")}


FONT_TYPES = {".ttf": "font/ttf", ".otf": "font/otf"}


# HarfBuzz draws SARA AM as NIKHAHIT + SARA AA (and Lao AM likewise): a subset needs both.
DRAWN_AS = {"\u0e33": "\u0e4d\u0e32", "\u0eb3": "\u0ecd\u0eb2"}


COVER_SCALE = 2.0  # the cover page at 144 dpi: 1190 x 1684 pixels for A4


@dataclass(frozen=True)
class Resource:
    """A file of the e-book: its path in the package, its bytes and media type."""

    name: str
    data: bytes
    media_type: str
    properties: str = ""


@dataclass
class Images:
    """The images the chapters show, collected as they are converted."""

    book: Book
    found: dict[str, Resource] = field(default_factory=dict)
    undescribed: int = 0

    @property
    def all_described(self) -> bool:
        """Whether every image has alt text."""
        return not self.undescribed

    def hook(self, chapter: Chapter) -> ImageHook:
        """What to do with each ``<img>`` of a chapter: check its alt text, carry its file."""

        def image(img: ET.Element) -> None:
            src = img.get("src", "")
            if not img.get("alt", "").strip():
                self.undescribed += 1
                message = f"image '{src}' has no alt text: write ![what it shows]({src})"
                where = error_at(chapter, src or "<img", message)
                warn(message, where.path, where.line, where.column, kind="image")
                img.set("alt", img.get("alt", ""))
            if src and not src.lower().startswith("data:"):
                img.set("src", self._carry(chapter, src))

        return image

    def _carry(self, chapter: Chapter, src: str) -> str:
        """The image's name in the package, its file read (from the book only) the first time."""
        box = sandbox_for(self.book)
        url = urljoin(BASE_URL, src)
        path = box.real_path(url)
        if path is not None and not path.exists() and path.resolve().is_relative_to(box.book_root):
            raise error_at(chapter, src, f"image '{src}' not found in the book folder")
        if path is None or not box.allows(url):
            raise refusal_error(self.book, url, box)
        resource = image_resource(path.read_bytes(), path, chapter, src)
        self.found.setdefault(resource.name, resource)
        return resource.name


def image_resource(data: bytes, path: Path, chapter: Chapter, src: str) -> Resource:
    """An image as the e-book carries it: PNG, JPEG, GIF or SVG as they are, others as PNG."""
    digest = hashlib.sha256(data).hexdigest()[:16]
    if path.suffix.lower() == ".svg":
        return Resource(f"media/{digest}.svg", data, "image/svg+xml")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as picture:
            kind = picture.format or ""
            if kind in CORE_IMAGES:
                ext, media_type = CORE_IMAGES[kind]
                return Resource(f"media/{digest}.{ext}", data, media_type)
            out = io.BytesIO()
            picture.save(out, "PNG")
    except (UnidentifiedImageError, OSError) as exc:
        raise error_at(chapter, src, f"image '{src}' cannot be read: {exc}") from None
    return Resource(f"media/{digest}.png", out.getvalue(), "image/png")


def cover_image(pdf: Path) -> Resource:
    """The print edition's first page as the e-book's cover image."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        picture = doc[0].render(scale=COVER_SCALE).to_pil().convert("RGB")
    finally:
        doc.close()
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=True)
    return Resource("media/cover.png", out.getvalue(), "image/png", "cover-image")


def subset_fonts(faces: tuple[FontFace, ...], text: str) -> list[tuple[FontFace, Resource]]:
    """The book's font files (body, fallbacks, code) subset to the characters of ``text`` each
    draws, OpenType layout kept whole; faces that draw none of them are left out."""
    from fontTools import subset

    options = subset.Options()
    options.layout_features = ["*"]  # Thai marks need mark, mkmk, ccmp and the font's own
    options.name_IDs = ["*"]  # the OFL notice and licence stay in the file
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False  # the file's date stays the font's: the same bytes every build
    options.drop_tables += ["FFTM"]  # FontForge's dates: fontTools cannot subset it and said so on stderr
    chars = set(text) | {" ", "\u00a0"}
    chars |= {part for ch in chars & DRAWN_AS.keys() for part in DRAWN_AS[ch]}
    unicodes = sorted(ord(ch) for ch in chars if not ch.isspace() or ch in " \u00a0")
    out = []
    names: set[str] = set()
    for face in faces:
        if not face.charset & set(unicodes) - {0x20, 0xA0}:
            continue
        font = subset.load_font(str(face.path), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        data = io.BytesIO()
        subset.save_font(font, data, options)
        suffix = face.path.suffix.lower()
        name = re.sub(r"[^A-Za-z0-9_-]", "-", face.path.stem)
        while name in names:  # the same file name in the book's fonts and the shipped ones
            name += "-"
        names.add(name)
        out.append((face, Resource(f"fonts/{name}{suffix}", data.getvalue(), FONT_TYPES[suffix])))
    return out
