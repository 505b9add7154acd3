"""The book's fonts as prepared by fontprep, kept in the book's cache folder.

Apart from fontprep so that a build whose fonts are prepared already does not load
fontTools' table builders (a tenth of a second before the first part can start).
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import replace
from pathlib import Path

from .cache import Store, checksum
from .content import Book
from .fonts import FontFace, load_faces
from .pdf import write_atomic

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
            from .fontprep import prepare_font_bytes

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
