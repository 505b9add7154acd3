"""The build's only door to files: WeasyPrint fetches through a fetcher that opens
nothing outside the book folder, its layouts and its fonts, and never the network.

The document's base URL is a fixed virtual folder (``file:///thaibook/book/``), so
URLs, and the image ids WeasyPrint derives from them, do not depend on where the
book is checked out."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from thaibook.core.book import Book
from thaibook.core.errors import BuildError
from thaibook.weasy.render import is_refusal, make_fetcher

VIRTUAL_ROOT = "/thaibook/book/"


BASE_URL = "file://" + VIRTUAL_ROOT


@dataclass
class Sandbox:
    """Allowed folders and files, and every URL refused while rendering."""

    book_root: Path
    roots: tuple[Path, ...]
    files: frozenset[Path] = frozenset()
    refused: list[str] = field(default_factory=list)

    def real_path(self, url: str) -> Path | None:
        """The file a ``file:`` URL names, with the virtual book folder mapped to the real one."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = unquote(parts.path)
        if path.startswith(VIRTUAL_ROOT):
            return self.book_root / path[len(VIRTUAL_ROOT) :]
        return Path(path)

    def allows(self, url: str) -> bool:
        """Whether a URL may be read: data URLs, and files inside the allowed places."""
        if url.lower().startswith("data:"):
            return True
        path = self.real_path(url)
        if path is None:
            return False
        real = path.resolve()
        if real in self.files:
            return True
        return any(real.is_relative_to(root) for root in self.roots) and real.is_file()

    def fetcher(self) -> object:
        """A WeasyPrint URL fetcher bound to this sandbox."""
        return make_fetcher(self)

    @contextmanager
    def guard(self, book: Book) -> Iterator[None]:
        """Run WeasyPrint inside; any refused URL fails the build, naming its chapter."""
        try:
            yield
        except BaseException as exc:
            if not is_refusal(exc):
                raise
            raise refusal_error(book, self.refused[-1], self) from None
        if self.refused:
            raise refusal_error(book, self.refused[0], self)


def sandbox_for(book: Book, extra_files: tuple[Path, ...] = ()) -> Sandbox:
    """The sandbox of a book: its folder, its layout folders and its font folder."""
    roots = (book.root, *book.layout_dirs, book.font_dir)
    return Sandbox(
        book.root.resolve(), tuple(r.resolve() for r in roots), frozenset(p.resolve() for p in extra_files)
    )


def refusal_error(book: Book, url: str, box: Sandbox) -> BuildError:
    """One line naming the chapter (and line) that refers to a refused URL."""
    shown = _shown(url, box)
    if box.real_path(url) is None and not url.lower().startswith("data:"):
        message = f"refused to fetch '{shown}': a build reads nothing from the network"
    else:
        message = f"refused to read '{shown}': it is outside the book folder, its layouts and fonts"
    for path, line, col in _mentions(book, url, box):
        return BuildError(message, path, line, col)
    return BuildError(message, book.root)


def _shown(url: str, box: Sandbox) -> str:
    """The URL as the author wrote it: relative to the book when it went through the virtual folder."""
    parts = urlsplit(url)
    if parts.scheme == "file" and parts.path.startswith(VIRTUAL_ROOT.rsplit("/", 2)[0] + "/"):
        return posixpath.relpath(unquote(parts.path), VIRTUAL_ROOT)
    return url


def _mentions(book: Book, url: str, box: Sandbox) -> list[tuple[Path, int, int]]:
    """Where chapters (then layouts) spell the URL, its relative form or its file name."""
    needles = [_shown(url, box), url]
    path = box.real_path(url)
    if path is not None:
        needles += [str(path), path.name]
    sources = [ch.path for ch in book.chapters]
    sources += [p for d in book.layout_dirs if d.is_dir() for p in sorted(d.glob("*.j2"))]
    for needle in [n for n in needles if n]:
        for source in sources:
            text = source.read_text(encoding="utf-8", errors="replace")
            match = re.search(re.escape(needle), text)
            if match:
                line = text.count("\n", 0, match.start()) + 1
                col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
                return [(source, line, col)]
    return []
