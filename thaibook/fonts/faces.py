"""The book's fonts: discovery, @font-face rules, and the prepared copies kept in the cache.

Preparing (prepare.py) loads fontTools' table builders, a tenth of a second: it is
imported only when a prepared copy is missing."""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError

from thaibook.core.book import Book, FontFace
from thaibook.core.errors import BuildError
from thaibook.core.files import write_atomic
from thaibook.core.store import Store, checksum

FONT_SUFFIXES = {".ttf", ".otf"}


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


PREP_VERSION = 2  # part of the file name: bump it when fontprep changes what it makes


# Prepared files already made by this process (name -> path): other books copy them.
_MADE: dict[str, Path] = {}


def font_cache_dir(book: Book) -> Path:
    """Where a book's prepared fonts are kept."""
    return book.root / ".cache" / "fonts"


def prepare_faces(faces: tuple[FontFace, ...], cache_dir: Path) -> tuple[FontFace, ...]:
    """The same faces, each loading from its prepared copy in the cache."""
    return tuple(replace(f, path=prepared_font(f.path, cache_dir)) for f in faces)


def prepared_font(src: Path, cache_dir: Path) -> Path:
    """The cached prepared copy of a font file, made (atomically) if missing or not ours.

    Beside it, its checksum under this user's key (cache.checksum): a font file that came
    with the book folder, not from this user's builds, is made again, never loaded.
    """
    data = src.read_bytes()
    key = hashlib.sha256(data).hexdigest()[:16]
    target = cache_dir / f"{src.stem}.{key}.v{PREP_VERSION}{src.suffix.lower()}"
    if _ours(target) is None:
        made = _MADE.get(target.name)
        prepared = _ours(made) if made else None
        if prepared is None:
            from thaibook.fonts.prepare import prepare_font_bytes

            prepared = prepare_font_bytes(data, src)
        write_atomic(target, prepared)
        write_atomic(_mac_path(target), checksum(prepared))
    _MADE[target.name] = target
    return target


def _mac_path(path: Path) -> Path:
    return path.with_name(path.name + ".mac")


def _ours(path: Path) -> bytes | None:
    """The file's bytes if its checksum says this user's build wrote them."""
    try:
        data = path.read_bytes()
        return data if hmac.compare_digest(checksum(data), _mac_path(path).read_bytes()) else None
    except OSError:
        return None


def load_faces_once(font_dir: Path, store: Store) -> tuple[FontFace, ...]:
    """load_faces, kept in the store while the folder's files keep their size, time and inode
    (reading the fonts' tables loads a good part of fontTools)."""
    try:
        stamps = [(p.name, *_stamp(p.stat())) for p in sorted(font_dir.iterdir())]
    except OSError:
        return load_faces(font_dir)  # reports the folder
    key = store.key(str(font_dir.resolve()), repr(stamps))
    faces = store.load("faces", key, tuple)
    if faces is None:
        faces = load_faces(font_dir)
        store.save("faces", key, faces)
    return faces


def _stamp(st: os.stat_result) -> tuple[int, int, int]:
    return st.st_size, st.st_mtime_ns, st.st_ino
