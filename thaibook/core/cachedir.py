"""Where the build's caches live, and how they are kept small: never in the book folder.

All of it is under the user's cache folder (``files.user_cache_dir``: ``--cache-dir``,
else ``$XDG_CACHE_HOME/thaibook``, else ``~/.cache/thaibook``)::

    fonts/                 prepared fonts, shared by every book (font file hash, code version)
    books/<name>-<key>/    one book folder's typeset parts, checks, inputs and last build;
                           the key is a hash of the folder's real path: two books never collide
    layouts/               compiled layouts (Jinja2 bytecode)
    find_library.json      where WeasyPrint's C libraries are
    cache.key              the key of the entries' checksums (core/store.py)

A read-only book folder builds. An entry's access time says when a build last used it
(``used``); at most once a day a build prunes what no build used for ``MAX_AGE`` days,
then the least recently used entries while the cache is over ``MAX_BYTES``.
``build.py clean`` empties it.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from thaibook.core.files import user_cache_dir

MAX_AGE = 30 * 24 * 3600  # seconds an entry may go unused


MAX_BYTES = 2 * 2**30  # the whole cache; past it, the least recently used entries go


PRUNE_EVERY = 24 * 3600  # seconds between prunings


KEEP = ("cache.key", ".pruned")  # never pruned or cleaned


NAME = re.compile(r"[^\w.-]+")


def book_cache_dir(book_dir: Path) -> Path:
    """The cache folder of one book folder: named after it, keyed by its real path."""
    real = book_dir.resolve()
    key = hashlib.sha256(os.fsencode(real)).hexdigest()[:16]
    name = NAME.sub("_", real.name)[:40] or "book"
    return user_cache_dir() / "books" / f"{name}-{key}"


def fonts_cache_dir() -> Path:
    """The prepared fonts, shared by every book."""
    return user_cache_dir() / "fonts"


def used(path: Path, st: os.stat_result | None = None) -> None:
    """Note that a build used an entry (its access time), at most once an hour; the modification
    time, which says whether the entry changed, stays as it is."""
    try:
        st = st or path.stat()
        now = time.time_ns()
        if now - st.st_atime_ns > 3600 * 10**9:
            os.utime(path, ns=(now, st.st_mtime_ns))
    except OSError:
        pass


@dataclass(frozen=True)
class Removed:
    """What pruning or cleaning removed."""

    files: int
    bytes: int


def clean(root: Path | None = None) -> Removed:
    """Empty the cache (its key stays: builds running now keep their entries' checksums)."""
    root = root or user_cache_dir()
    entries = _entries(root)
    for path, _, _ in entries:
        _remove(path)
    for child in root.iterdir() if root.is_dir() else ():
        if child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
    return Removed(len(entries), sum(size for _, size, _ in entries))


def maybe_prune(root: Path | None = None, now: float | None = None) -> Removed | None:
    """Prune if no build did for a day (the stamp file's time says when one last did)."""
    root = root or user_cache_dir()
    now = time.time() if now is None else now
    stamp = root / ".pruned"
    try:
        if now - stamp.stat().st_mtime < PRUNE_EVERY:
            return None
    except OSError:
        pass
    try:
        root.mkdir(parents=True, exist_ok=True)
        stamp.touch()
    except OSError:
        return None
    return prune(root, now)


def prune(root: Path, now: float, max_age: float = MAX_AGE, max_bytes: int = MAX_BYTES) -> Removed:
    """Remove the entries unused for ``max_age`` seconds, then the least recently used ones
    until the cache holds at most ``max_bytes`` (down to three quarters of it)."""
    entries = sorted(_entries(root), key=lambda e: e[2])  # least recently used first
    gone = [e for e in entries if now - e[2] > max_age]
    kept = entries[len(gone) :]
    total = sum(size for _, size, _ in kept)
    if total > max_bytes:
        while kept and total > max_bytes * 3 // 4:
            gone.append(kept.pop(0))
            total -= gone[-1][1]
    for path, _, _ in gone:
        _remove(path)
    for folder in sorted({p.parent for p, _, _ in gone}, key=lambda p: len(p.parts), reverse=True):
        while folder != root and folder.is_relative_to(root):
            try:
                folder.rmdir()  # only if empty
            except OSError:
                break
            folder = folder.parent
    return Removed(len(gone), sum(size for _, size, _ in gone))


def _entries(root: Path) -> list[tuple[Path, int, float]]:
    """Every file of the cache but the key: path, size, last use (a prepared font's checksum
    file goes with the font)."""
    found = []
    for dirpath, _, filenames in os.walk(root):
        for name in filenames:
            path = Path(dirpath) / name
            if path.parent == root and name in KEEP or name.endswith(".mac"):
                continue
            try:
                st = path.stat()
            except OSError:
                continue
            found.append((path, st.st_size, max(st.st_atime, st.st_mtime)))
    return found


def _remove(path: Path) -> None:
    for gone in (path, path.with_name(path.name + ".mac")):
        try:
            gone.unlink()
        except OSError:
            pass
