"""Reading and writing the book's files: UTF-8 text with positions, atomic writes, where things live."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from thaibook.core.code import PACKAGE_DIR
from thaibook.core.errors import BuildError

DATA_DIR = PACKAGE_DIR / "data"  # package data: in a checkout and in an installed wheel alike
LAYOUTS_DIR = DATA_DIR / "layouts"  # the shipped layouts, which a book's own layouts/ override
FONTS_DIR = DATA_DIR / "fonts"  # the shipped fonts (Sarabun), to which a book's fonts/ adds


CACHE_ENV = "THAIBOOK_CACHE_DIR"  # set by --cache-dir


def user_cache_dir() -> Path:
    """This user's cache folder for thaibook, never a book's: $THAIBOOK_CACHE_DIR (--cache-dir),
    else $XDG_CACHE_HOME/thaibook, else ~/.cache/thaibook."""
    if given := os.environ.get(CACHE_ENV):
        return Path(given).expanduser().absolute()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "thaibook"


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, naming the file and line of a bad byte."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise BuildError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            path,
            line,
            col,
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file whole or not at all: a temporary file renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a PDF is for sharing
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes(path: Path, data: bytes) -> None:
    """Write a file whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
