"""The book's fonts: discovery, @font-face rules, and the prepared copies kept in the cache.

Preparing (prepare.py) loads fontTools' table builders, a tenth of a second: it is
imported only when a prepared copy is missing."""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError

from thaibook.core.book import FontFace
from thaibook.core.cachedir import fonts_cache_dir, used
from thaibook.core.errors import BuildError
from thaibook.core.files import FONTS_DIR, write_atomic
from thaibook.core.store import Store, checksum, damaged

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


PREP_VERSION = 3  # part of the file name: bump it when fonts/prepare.py changes what it makes


# Prepared files already made by this process (name -> path).
_MADE: dict[str, Path] = {}


def prepare_faces(faces: tuple[FontFace, ...], cache_dir: Path | None = None) -> tuple[FontFace, ...]:
    """The same faces, each loading from its prepared copy in the cache (the user's: fonts_cache_dir)."""
    folder = cache_dir or fonts_cache_dir()
    return tuple(replace(f, path=prepared_font(f.path, folder)) for f in faces)


SHIPPED_DIR = FONTS_DIR / "prepared"  # the shipped faces' prepared copies (python -m thaibook.fonts.ship)


@lru_cache(maxsize=1)
def ship_code() -> str:
    """A hash of the code that prepares fonts, without fontTools' version: a shipped copy made by
    another fontTools is the same font, laid out the same."""
    return _code_hash(f"{PREP_VERSION}", [Path(__file__).with_name(f"{name}.py") for name in PREPARING])


def _code_hash(salt: str, modules: list[Path]) -> str:
    """A short hash of ``salt`` and these modules' names and sources."""
    digest = hashlib.sha256(salt.encode())
    for path in modules:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:8]


def _font_key(data: bytes) -> str:
    """A font file's part of a prepared copy's name: its hash."""
    return hashlib.sha256(data).hexdigest()[:16]


# The modules that make a prepared copy (prepare.py and what it imports of fonts/; tested).
PREPARING = (
    "clusters",
    "embedded",
    "glyphcopy",
    "markcopies",
    "markstates",
    "prepare",
    "roundtrip",
    "textmap",
)


def shipped_copy(src: Path, data: bytes) -> Path:
    """Where the shipped prepared copy of this font file is, for this code (it may not exist)."""
    return SHIPPED_DIR / f"{src.stem}.{_font_key(data)}.{ship_code()}{src.suffix.lower()}"


@lru_cache(maxsize=1)
def prep_code() -> str:
    """A hash of the code that prepares fonts (this package's modules, fontTools' version)."""
    import fontTools

    return _code_hash(f"{PREP_VERSION}\0{fontTools.version}", sorted(Path(__file__).parent.glob("*.py")))


def prepared_font(src: Path, cache_dir: Path) -> Path:
    """The cached prepared copy of a font file, made (atomically) if missing or not ours.

    Named by the font file's hash and the preparing code's; beside it, its checksum under
    this user's key (cache.checksum): a damaged file is made again, with a warning, never
    loaded. Two builds at once make it once: the second waits for the first (a lock file).
    """
    data = src.read_bytes()
    target = _target(src, data, cache_dir)
    if _MADE.get(target.name) == target and _ours(target) is not None:
        used(target)
        return target
    with _locked(target):
        if _ours(target) is None:
            if target.exists():
                damaged(target, "prepared font")
            prepared = _shipped_or_prepared(src, data)
            write_atomic(_mac_path(target), checksum(prepared))  # the checksum first: a reader
            write_atomic(target, prepared)  # that finds the font finds its checksum
    used(target)
    _MADE[target.name] = target
    return target


def _shipped_or_prepared(src: Path, data: bytes) -> bytes:
    """The shipped copy's bytes if there is one for this file and code, else a copy prepared now."""
    try:
        return shipped_copy(src, data).read_bytes()
    except OSError:
        from thaibook.fonts.prepare import prepare_font_bytes

        return prepare_font_bytes(data, src)


def _target(src: Path, data: bytes, cache_dir: Path) -> Path:
    return cache_dir / f"{src.stem}.{_font_key(data)}.{prep_code()}.v{PREP_VERSION}{src.suffix.lower()}"


def prepare_faces_aside(faces: tuple[FontFace, ...]) -> tuple[tuple[FontFace, ...], Callable[[], None]]:
    """The faces loading from their prepared copies, and a wait for those copies: the missing ones
    are made meanwhile in processes of their own, one a core (the parent converts the HTML, whose
    @font-face rules need their names only); ``wait()`` makes sure of them all."""
    folder = fonts_cache_dir()
    sources = [face.path for face in faces]
    targets = [_target(src, src.read_bytes(), folder) for src in sources]
    missing = [src for src, target in zip(sources, targets, strict=True) if _ours(target) is None]
    for target in targets:
        if target.exists() and _ours(target) is None:
            damaged(target, "prepared font")  # said here, in the build; made again aside
            target.unlink(missing_ok=True)
    for src in [src for src in missing if shipped_copy(src, src.read_bytes()).is_file()]:
        prepared_font(src, folder)  # a copy of the shipped one: at once, here
        missing.remove(src)
    groups = min(len(missing), os.cpu_count() or 1) if hasattr(os, "fork") else 0
    pids = [_aside(missing[i::groups], folder) for i in range(groups)]

    def wait() -> None:
        for pid in pids:
            os.waitpid(pid, 0)
        for src in sources:
            prepared_font(src, folder)  # each checked (made here if the other process failed)

    return tuple(replace(f, path=t) for f, t in zip(faces, targets, strict=True)), wait


def _aside(sources: list[Path], folder: Path) -> int:
    """A process that prepares these fonts and goes (its pid): a failure is the parent's to meet,
    when it makes sure of them."""
    if pid := os.fork():
        return pid
    try:
        for src in sources:
            prepared_font(src, folder)
    finally:
        os._exit(0)


@contextmanager
def _locked(target: Path) -> Iterator[None]:
    """Hold the target's lock file while it is made (where fcntl is missing: no lock)."""
    try:
        import fcntl
    except ImportError:  # Windows: two builds at once may both make the file (atomically)
        yield
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.with_name(f".{target.name}.lock"), "wb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


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
