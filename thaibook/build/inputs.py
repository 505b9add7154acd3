"""What a build reads: digests of the book's files, and the record of the last build (both kept
in the book's folder of the user's cache, core/cachedir.py, never in the book folder)."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

from thaibook.core.cachedir import book_cache_dir
from thaibook.core.code import CACHE_VERSION
from thaibook.core.errors import CACHE_KIND, warn
from thaibook.core.files import PACKAGE_DIR, write_bytes

SKIP_DIRS = {".cache", "dist", "__pycache__", ".git"}


RACY_NS = 2_000_000_000


OUTPUTS = (".pdf", ".pages.json", ".epub")  # what builds write, wherever the output goes


def assets_digest(root: Path, skip: tuple[str, ...]) -> str:
    """A hash of the book folder's other files (images, CSS...), names ending in ``skip`` left out;
    editors' hidden and backup files are no assets."""
    every = {path: path.relative_to(root).as_posix() for path in sorted(_files(root))}
    names = {path: name for path, name in every.items() if not name.endswith(skip) and not name.endswith("~")}
    shas = _stamped_shas(list(names), book_cache_dir(root) / "assets.json")
    digest = hashlib.sha256()
    for path, sha in shas.items():
        digest.update(names[path].encode() + b"\0" + sha.encode() + b"\0")
    return digest.hexdigest()


def _stamped_shas(paths: list[Path], memo: Path) -> dict[Path, str]:
    """Each file's SHA-256, in order, read and hashed again only when its stamp changed: time,
    status-change time (no tool sets it back), size and inode, remembered in ``memo``.

    A file changed in the two seconds before the look is not remembered: the clock the file
    system stamps with ticks every few milliseconds, so a second edit of the same size right
    after the first could carry the same stamp (git's "racy" entries).
    """
    recent = time.time_ns() - RACY_NS
    known = _read_json(memo)
    known = known if isinstance(known, dict) else {}
    seen: dict[str, list] = {}
    shas: dict[Path, str] = {}
    for path in paths:
        try:
            st = path.stat()
            stamp = [st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino]
            old = known.get(str(path))
            same = isinstance(old, list) and len(old) == 5 and old[:4] == stamp
            sha = old[4] if same else _sha_file(path)
        except OSError:
            continue  # gone while looking
        if st.st_ctime_ns < recent:
            seen[str(path)] = [*stamp, sha]
        shas[path] = sha
    if seen != known:
        try:
            write_bytes(memo, json.dumps(seen, ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass
    return shas


def _sha_file(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def inputs_digest(book_dir: Path, options: str) -> str:
    """A hash of every file a build reads: the book folder, default layouts and fonts, the code
    (each file hashed again only when its stamp changed: 10 MB read for every up-to-date check)."""
    digest = hashlib.sha256(f"{CACHE_VERSION}\0{book_dir.resolve()}\0{options}".encode())
    paths = [path for top in (book_dir, PACKAGE_DIR) for path in sorted(_files(top))]
    for path, sha in _stamped_shas(paths, book_cache_dir(book_dir) / "inputs.json").items():
        digest.update(str(path).encode() + b"\0" + sha.encode() + b"\0")
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
