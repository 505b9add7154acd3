"""The code itself: where the package is, and a hash of its source that caches and the typesetting
server's name are keyed by. Nothing heavy is imported here: build.py's hand-over to the server
(cli/handoff.py) needs it before anything else is loaded."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # thaibook/

CACHE_VERSION = "1"


@lru_cache(maxsize=1)
def code_salt() -> str:
    """A hash of this package's source and WeasyPrint's version: new code, new keys.

    Computed once per process: the code running is the code loaded at its start.
    """
    digest = hashlib.sha256(CACHE_VERSION.encode())
    for path in sorted([*PACKAGE_DIR.rglob("*.py"), *PACKAGE_DIR.rglob("dictionary/*.txt")]):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(_weasyprint_init())
    return digest.hexdigest()


def _weasyprint_init() -> bytes:
    """WeasyPrint's __init__.py, which names its version (found, not imported: that takes half a second;
    importlib.metadata takes a twentieth)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("weasyprint")
        return Path(spec.origin).read_bytes() if spec and spec.origin else b""
    except (ImportError, ValueError, OSError):
        return b""  # not installed here: the source hash still holds
