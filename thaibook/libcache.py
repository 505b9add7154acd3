"""Remembered answers of ``ctypes.util.find_library``, which WeasyPrint asks at start-up.

WeasyPrint looks for each of its C libraries under several names (Windows', macOS'
and Linux'); every name that is not found costs Python's find_library a run of
ldconfig, gcc and ld: about 0.3 s before the first page. The answers are kept in
the user's cache folder and forgotten whenever the system's library cache or the
library search path changes, so a stale answer is never used.
"""

from __future__ import annotations

import ctypes.util
import json
import os
from pathlib import Path

from .cache import user_cache_dir, write_bytes

LD_CACHE = Path("/etc/ld.so.cache")
_installed: list[bool] = []


def cache_file() -> Path:
    """Where the answers are kept (XDG cache folder)."""
    return user_cache_dir() / "find_library.json"


def _context() -> str:
    """What the answers depend on: the system's library cache and the search paths."""
    try:
        stat = LD_CACHE.stat()
        ld = f"{stat.st_mtime_ns}:{stat.st_size}"
    except OSError:
        ld = "-"
    paths = [os.environ.get(name, "") for name in ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH", "PATH")]
    return "|".join([ld, *paths])


def install() -> None:
    """Answer find_library from the cache; ask Python (and remember) only what it does not hold."""
    if _installed:
        return
    _installed.append(True)
    original = ctypes.util.find_library
    path = cache_file()
    context = _context()
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        answers = saved["answers"] if saved.get("context") == context else {}
    except (OSError, ValueError, KeyError, TypeError):
        answers = {}

    def find_library(name: str) -> str | None:
        if name not in answers:
            answers[name] = original(name)
            _save(path, context, answers)
        return answers[name]

    ctypes.util.find_library = find_library


def _save(path: Path, context: str, answers: dict[str, str | None]) -> None:
    """Write the answers atomically; a cache that cannot be written is only slower."""
    try:
        write_bytes(path, json.dumps({"context": context, "answers": answers}).encode())
    except OSError:
        pass
