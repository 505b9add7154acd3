"""The cache store every stage keeps its results in: checksummed pickles, written atomically.

Every entry is keyed by a hash of everything that shapes it (a part's whole HTML
document holds its Markdown, front matter, layout, CSS, settings and the prepared
fonts' content-named files) plus this code's own hash. An entry carries a checksum
of its bytes keyed by a secret of this user's (HMAC), kept outside the book: a stale,
truncated or foreign file is rebuilt, never unpickled, and reported as a warning.
The stores live in the user's cache folder (cachedir.py), never in the book folder.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import tempfile
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from thaibook.core.cachedir import used
from thaibook.core.errors import CACHE_KIND, warn
from thaibook.core.files import user_cache_dir, write_bytes


def _secret() -> bytes:
    """The key of the entries' checksums, made once per user and cache folder (readable by that user only)."""
    return _secret_in(user_cache_dir())


@lru_cache(maxsize=8)
def _secret_in(folder: Path) -> bytes:
    path = folder / "cache.key"
    try:
        return path.read_bytes()
    except OSError:
        pass
    key = secrets.token_bytes(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".cache.key.")  # created mode 0600
        with os.fdopen(fd, "wb") as out:
            out.write(key)
        os.link(tmp, path)  # the first process to get here wins; the others read its key
        os.unlink(tmp)
        return key
    except FileExistsError:
        os.unlink(tmp)
        return path.read_bytes()
    except OSError:
        _EPHEMERAL.add(key)
        return key  # no cache folder: entries this process writes are its own


_EPHEMERAL: set[bytes] = set()  # keys that could not be kept: older entries do not match, and are not damaged


def damaged(path: Path, what: str = "cache entry") -> None:
    """Report an entry whose checksum does not match (it is made again): a warning about this
    machine's cache, not the book, which --strict leaves a warning."""
    if _secret() in _EPHEMERAL:
        return
    warn(f"damaged {what} (its checksum does not match); made again", path, kind=CACHE_KIND)


def checksum(payload: bytes) -> bytes:
    """An entry's checksum: HMAC-SHA256 under this user's key."""
    return hmac.new(_secret(), payload, hashlib.sha256).digest()


class Store:
    """A folder of checksummed pickles, written atomically.

    What this process loaded or saved is kept in memory (the file's size, time and
    inode tell whether it changed since): a warm rebuild reads back nothing it wrote.
    """

    def __init__(self, root: Path, salt: str) -> None:
        self.root = root
        self.salt = salt

    def key(self, *parts: str) -> str:
        """The key of an entry made from these texts."""
        digest = hashlib.sha256(self.salt.encode())
        for part in parts:
            digest.update(hashlib.sha256(part.encode()).digest())
        return digest.hexdigest()

    def load(self, kind: str, key: str, expected: type | None = None) -> Any:
        """The entry, or None when missing, damaged or of the wrong type (then removed, with a warning)."""
        path = self.root / f"{kind}-{key}.bin"
        try:
            st = path.stat()
        except OSError:
            return None
        stamp = st.st_mtime_ns, st.st_size, st.st_ino
        used(path, st)
        with _KEPT_LOCK:
            kept = _KEPT.pop(path, None)
            if kept is not None and kept[0] == stamp and (expected is None or isinstance(kept[1], expected)):
                _KEPT[path] = kept  # now the most recently used
                return kept[1]
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        value = None
        if len(raw) > 32 and hmac.compare_digest(checksum(raw[32:]), raw[:32]):
            try:
                value = pickle.loads(raw[32:])
            except Exception:  # noqa: BLE001 (any unreadable entry is rebuilt)
                value = None
        if value is None or (expected is not None and not isinstance(value, expected)):
            path.unlink(missing_ok=True)
            damaged(path)
            return None
        _keep(path, stamp, value)
        return value

    def save(self, kind: str, key: str, value: Any) -> None:
        """Store an entry (a failed write only costs a rebuild later)."""
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        path = self.root / f"{kind}-{key}.bin"
        try:
            write_bytes(path, checksum(payload) + payload)
        except OSError:
            return
        stamp = _stamp(path)
        if stamp is not None:
            _keep(path, stamp, value)


_KEPT: dict[Path, tuple[tuple[int, int, int], Any]] = {}  # least recently used first


_KEPT_LOCK = threading.Lock()  # a check may run in a thread beside the build (parts/checks.py)


KEEP_ENTRIES = 2048  # a 160-chapter book has about 500 entries (parts, chapters' HTML, references)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


def _keep(path: Path, stamp: tuple[int, int, int], value: Any) -> None:
    with _KEPT_LOCK:
        _KEPT.pop(path, None)
        while len(_KEPT) >= KEEP_ENTRIES:
            del _KEPT[next(iter(_KEPT))]
        _KEPT[path] = (stamp, value)
