"""docfx's ``[!INCLUDE[name](path)]``: another file's text spliced into the chapter.

Three spellings occur in Microsoft's Thai documentation: ``[!INCLUDE[``, ``[!INCLUDE [`` and
``[!include [``. The included files are read with the chapter (their front matter left out,
their own includes too); a file that a chapter includes is no chapter of its own. A file that
is missing, outside the book, or includes itself is a warning, and nothing is spliced.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

from thaibook.core.book import Chapter, ChapterMeta
from thaibook.core.errors import warn
from thaibook.core.fences import marked_code
from thaibook.core.files import read_text

INCLUDE = re.compile(
    r"\[!include\s*\[[^\]]*\]\(\s*<?([^()\s<>]+)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)\]", re.IGNORECASE
)


def directives(body: str) -> list[tuple[int, re.Match[str]]]:
    """(0-based line, match) of every include outside fenced code."""
    if "[!" not in body:
        return []
    return [
        (i, m)
        for i, (line, code) in enumerate(marked_code(body.split("\n")))
        if not code
        for m in INCLUDE.finditer(line)
    ]


def target(base: Path, written: str) -> Path:
    """The file an include names, from the folder of the file that names it."""
    return Path(posixpath.normpath((base.parent / unquote(written)).as_posix()))


def with_includes(chapter: Chapter, root: Path) -> Chapter:
    """The chapter with every file its includes name (and theirs) read, in the order met."""
    found: dict[Path, Chapter] = {}
    todo = [chapter]
    while todo:
        current = todo.pop(0)
        for i, match in directives(current.body):
            path = target(current.path, match.group(1))
            where = (current.path, current.body_line + i, match.start() + 1)
            if path == current.path:
                warn(f"include '{match.group(1)}' is the file itself: left out", *where, kind="include")
                continue
            if path == chapter.path or path in found:
                continue
            if not path.resolve().is_relative_to(root.resolve()):
                warn(
                    f"include '{match.group(1)}' is outside the book folder: left out", *where, kind="include"
                )
                continue
            if not path.is_file():
                warn(f"include '{match.group(1)}' not found: left out", *where, kind="include")
                continue
            found[path] = included(path)
            todo.append(found[path])
    return replace(chapter, includes=tuple(found.values())) if found else chapter


def without_included(paths: list[Path]) -> list[Path]:
    """The chapter files found in the book folder less those that another includes (fragments)."""
    named = {target(path, m.group(1)).resolve() for path in paths for _, m in directives(read_text(path))}
    return [p for p in paths if p.resolve() not in named]


def included(path: Path) -> Chapter:
    """An included file as a chapter's piece: its text without the front matter it has for docfx."""
    text = read_text(path)
    lines = text.split("\n")
    if lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is not None:
            return Chapter(path, ChapterMeta(), "\n".join(lines[end + 1 :]), end + 2)
    return Chapter(path, ChapterMeta(), text, 1)
