"""Images as authors write them for editors' previews and sites, found in the book folder.

A path is read from the chapter's own folder (``media/x.png`` beside ``visuals/card.md``,
as every Markdown preview reads it), ``/x.png`` from the book's root. An image that is
missing, unreadable or on the network is a warning and a dashed box takes its place; a path
that leaves the book is left to the sandbox, which refuses it.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from collections import Counter
from html import escape
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from PIL import Image, UnidentifiedImageError

from thaibook.core.book import Chapter
from thaibook.core.errors import warn
from thaibook.html.references import error_at
from thaibook.html.svg import with_book_face
from thaibook.html.tags import Attrs, rewrite_tags

SOURCES = {"img": "src", "embed": "src", "object": "data", "source": "src"}


BOXED = {"img", "embed"}  # void elements: a box can take the tag's place (an <object> has content)


_READ: dict[tuple[Path, int, int], str] = {}  # (file, mtime, size) → why it cannot be read ('' if it can)


def place_images(chapter: Chapter, root: Path, html: str, family: str = "Sarabun") -> str:
    """The chapter's HTML with every image path made relative to the book's root, missing ones boxed;
    an SVG's text set in ``family`` (the book's face) when it names a face the book lacks."""

    seen: Counter[str] = Counter()

    def rewrite(tag: str, attrs: Attrs) -> Attrs | str | None:
        src = attrs.get(SOURCES[tag])
        if not src or src.lower().startswith("data:"):
            return None
        seen[src] += 1
        place = (chapter, src, seen[src] - 1)  # the src's place: its nth spelling in the chapter
        parts = urlsplit(src)
        if parts.scheme.lower() == "file" or (parts.scheme and len(parts.scheme) == 1):
            return None  # a file by its absolute path (C:/ too): the sandbox says whether it may be read
        if parts.scheme or parts.netloc:
            where = "is on the network, which a build never reads"
            return _missing(place, attrs, where) if tag in BOXED else None
        folder = chapter.path.resolve().parent
        path = _find(folder, root, unquote(parts.path), place)
        if path is None and tag in BOXED:
            return _missing(place, attrs, "is not in the book folder")
        if path is None or not path.resolve().is_relative_to(root):  # the reference check or sandbox says no
            target = path or Path(posixpath.normpath((folder / unquote(parts.path)).as_posix()))
            return {**attrs, SOURCES[tag]: quote(posixpath.relpath(target.as_posix(), root.as_posix()))}
        problem = unreadable(path) if tag in BOXED else ""
        if problem:
            return _missing(place, attrs, f"cannot be read ({problem})")
        if tag in BOXED and path.suffix.lower() == ".svg":
            inline, faces = with_book_face(path, family)
            if inline:
                names = ", ".join(f"'{f}'" for f in faces)
                _warn(
                    place, f"image '{src}' sets its text in {names}, which the book lacks: drawn in {family}"
                )
                return {**attrs, SOURCES[tag]: inline}
        return {**attrs, SOURCES[tag]: quote(path.relative_to(root).as_posix())}

    return ALONE.sub(r'<p class="image">\1</p>', rewrite_tags(html, frozenset(SOURCES), rewrite))


# A paragraph that is only an image (or its box): a figure, printed without the first line's indent.
ALONE = re.compile(r"<p>(\s*(?:<img\b[^>]*>|<span class=\"missing-image\".*?</span></span>)\s*)</p>")


Place = tuple[Chapter, str, int]  # a chapter, the src it spells, which of its spellings (0: the first)


def _find(folder: Path, root: Path, path: str, place: Place) -> Path | None:
    """The file a path names: from the chapter's folder or (``/x``) the book's root.

    Not there, it is looked for from each folder above the chapter's up to the book's root,
    as mkdocs-static-i18n falls back from ``docs/th/`` to ``docs/``; that is a warning.
    """
    if path.startswith("/"):
        wanted = Path(posixpath.normpath((root / path.lstrip("/")).as_posix()))
        return wanted if wanted.is_file() or not wanted.is_relative_to(root) else None
    wanted = Path(posixpath.normpath((folder / path).as_posix()))
    if wanted.is_file() or not wanted.is_relative_to(root):
        return wanted
    for parent in folder.parents:
        if not parent.is_relative_to(root):
            break
        found = Path(posixpath.normpath((parent / path).as_posix()))
        if found.is_file() and found.is_relative_to(root):
            shown = found.relative_to(root).as_posix()
            _warn(place, f"image '{place[1]}' is not beside the chapter: {shown} is printed")
            return found
    return None


def unreadable(path: Path) -> str:
    """Why WeasyPrint could not draw an image file ('' when it can): as it reads it, SVG or Pillow."""
    stat = path.stat()
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key not in _READ:
        _READ[key] = _problem(path)
    return _READ[key]


def _problem(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix.lower() == ".svg":
        try:
            ET.fromstring(data)
        except ET.ParseError as exc:
            return f"not well-formed SVG: {exc}"
        return ""
    try:
        with Image.open(path) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        return str(exc) or type(exc).__name__
    return ""


def _missing(place: Place, attrs: Attrs, why: str) -> str:
    """The dashed box that stands for an image that cannot be printed, and its warning."""
    src = place[1]
    _warn(place, f"image '{src}' {why}: a box is printed in its place")
    alt = attrs.get("alt", "").strip()
    label = f'<span class="missing-image-alt">{escape(alt)}</span>' if alt else ""
    return f'<span class="missing-image" data-src="{escape(src)}">{label}<span class="missing-image-src">{escape(src)}</span></span>'


def _warn(place: Place, message: str) -> None:
    chapter, src, nth = place
    where = error_at(chapter, src, message, nth)
    warn(message, where.path, where.line, where.column, kind="image")
