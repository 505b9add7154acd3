"""What a build reads: digests of the book's files, and the record of the last build (both kept
in the book's folder of the user's cache, core/cachedir.py, never in the book folder)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from thaibook.core.cachedir import book_cache_dir
from thaibook.core.code import CACHE_VERSION
from thaibook.core.errors import CACHE_KIND, warn
from thaibook.core.files import PACKAGE_DIR, write_bytes

SKIP_DIRS = {".cache", "dist", "__pycache__", ".git"}


OUTPUTS = (".pdf", ".pages.json", ".epub")  # what builds write, wherever the output goes


def assets_digest(root: Path, skip: tuple[str, ...]) -> str:
    """A hash of the book folder's other files (images, CSS...), names ending in ``skip`` left out.

    A file is read and hashed again only when its size, time or inode changed
    (remembered in the book's cache folder, ``assets.json``); editors' hidden and backup files
    are no assets.
    """
    memo = book_cache_dir(root) / "assets.json"
    known = _read_json(memo)
    seen: dict[str, list] = {}
    digest = hashlib.sha256()
    for path in sorted(_files(root)):
        name = path.relative_to(root).as_posix()
        if name.endswith(skip) or name.endswith("~"):
            continue
        try:
            st = path.stat()
            stamp = [st.st_mtime_ns, st.st_size, st.st_ino]
            old = known.get(name) if isinstance(known, dict) else None
            sha = old[3] if isinstance(old, list) and old[:3] == stamp else _sha_file(path)
        except OSError:
            continue  # gone while looking
        seen[name] = [*stamp, sha]
        digest.update(name.encode() + b"\0" + sha.encode() + b"\0")
    if seen != known:
        try:
            write_bytes(memo, json.dumps(seen, ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass
    return digest.hexdigest()


def _sha_file(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def inputs_digest(book_dir: Path, options: str) -> str:
    """A hash of every file a build reads: the book folder, default layouts and fonts, the code."""
    digest = hashlib.sha256(f"{CACHE_VERSION}\0{book_dir.resolve()}\0{options}".encode())
    for top in (book_dir, PACKAGE_DIR):  # the code and its data: the shipped layouts and fonts
        for path in sorted(_files(top)):
            digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _files(top: Path) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS and not d.startswith(".")]
        found += [Path(dirpath) / n for n in filenames if not n.startswith(".") and not n.endswith(OUTPUTS)]
    return found


def manifest_path(book_dir: Path) -> Path:
    return book_cache_dir(book_dir) / "build.json"


def _read_json(path: Path) -> Any:
    """A JSON file of the cache; {} when missing, and when damaged (with a warning)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        return {}
    except ValueError:
        warn("damaged cache entry (not JSON); made again", path, kind=CACHE_KIND)
        return {}


def up_to_date(book_dir: Path, digest: str) -> tuple[Path, int, list[str]] | None:
    """The last build's PDF, page count and warnings when nothing it read changed and the PDF is intact."""
    try:
        manifest = _read_json(manifest_path(book_dir))
        output = Path(manifest["output"])
        if manifest["inputs"] != digest:
            return None
        if hashlib.sha256(output.read_bytes()).hexdigest() != manifest["pdf"]:
            return None
        return output, int(manifest["pages"]), [str(line) for line in manifest.get("warnings", [])]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def recorded_warnings(book_dir: Path) -> list[str]:
    """The warnings the last build printed, as it recorded them."""
    try:
        manifest = json.loads(manifest_path(book_dir).read_text(encoding="utf-8"))
        return [str(line) for line in manifest.get("warnings", [])]
    except (OSError, ValueError, AttributeError, TypeError):
        return []


def record_build(book_dir: Path, output: Path, digest: str, pages: int, warnings: list[str]) -> None:
    """Remember what the last build read and wrote, and the warnings it printed."""
    manifest = {
        "inputs": digest,
        "output": str(output.resolve()),
        "pdf": hashlib.sha256(output.read_bytes()).hexdigest(),
        "pages": pages,
        "warnings": warnings,
    }
    try:
        write_bytes(manifest_path(book_dir), json.dumps(manifest, ensure_ascii=False).encode("utf-8"))
    except OSError:
        pass
