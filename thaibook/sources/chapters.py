"""The book folder read: its settings and every chapter, Markdown with YAML front matter."""

from __future__ import annotations

import os
import re
from dataclasses import fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from thaibook.core.book import READ_FOREIGN, Book, Chapter, ChapterMeta
from thaibook.core.errors import BuildError, BuildErrors, raise_all, warn
from thaibook.core.files import FONTS_DIR, LAYOUTS_DIR, read_text
from thaibook.core.settings import BookConfig
from thaibook.sources.includes import with_includes, without_included
from thaibook.sources.named import check_named, warn_empty
from thaibook.sources.order import reading_order
from thaibook.sources.settings import Located, _build, config_error, did_you_mean, load_config, load_yaml
from thaibook.thai.linebreak import load_words

LAYOUTS = {"chapter", "plain"}


def load_book(root: Path) -> Book:
    """Read the config and every chapter of the book folder."""
    if not root.is_dir():
        raise BuildError("book folder not found", root, exit_code=2)
    config = load_config(root)
    paths = _chapter_paths(root, config)
    if not config.chapters:  # found in the folder: a docfx include is a piece of a chapter, not one
        paths = without_included(paths)
    errors: list[BuildError] = []
    chapters = []
    for i, path in enumerate(paths, 1):
        try:
            chapters.append(load_chapter(path, i))
        except (BuildError, BuildErrors) as exc:
            errors += getattr(exc, "errors", [exc])
    _warn_foreign(paths)
    raise_all(errors)
    if not config.chapters:
        chapters = reading_order(chapters)
    if not chapters:
        raise BuildError(
            "the book has no chapters (no .md files): start one with 'thaibook new FOLDER'", root
        )
    chapters = [with_includes(chapter, root) for chapter in chapters]
    own_layouts = root / config.layouts
    layout_dirs = ((own_layouts,) if own_layouts.is_dir() else ()) + (LAYOUTS_DIR,)
    own_fonts = root / config.fonts
    font_dir = own_fonts if own_fonts.is_dir() else FONTS_DIR
    _check_named_folders(root, config)
    check_named(root, config, tuple(chapters))
    warn_empty(tuple(chapters))
    return Book(root, config, tuple(chapters), layout_dirs, font_dir, frozenset(load_words(root)))


def _warn_foreign(paths: list[Path]) -> None:
    """One warning per front-matter key that is not ours, at its first place, with its count."""
    known = [f.name for f in fields(ChapterMeta) if f.name != "foreign"]
    places: dict[str, list[tuple[Path, int | None, int | None]]] = {}
    for path in paths:
        for name, where in _foreign_places(path, known).items():
            places.setdefault(name, []).append((path, *where))
    for name, found in places.items():
        count = f" (and in {len(found) - 1} more files)" if len(found) > 1 else ""
        message = f"front matter: '{name}' is not a thaibook setting: ignored{did_you_mean(name, known, 0.8)}{count}"
        warn(message, *found[0], kind="front-matter")


def _foreign_places(path: Path, known: list[str]) -> dict[str, tuple[int | None, int | None]]:
    """Where each key of a file's front matter that is not ours stands (line, column)."""
    try:
        text = read_text(path)
        if text.split("\n", 1)[0].strip() != "---":
            return {}
        located = _located(_front_text(text), path)
    except (BuildError, StopIteration):
        return {}  # reported as the chapter is read
    if not isinstance(located.data, dict):
        return {}
    ours = {*known, *READ_FOREIGN}
    return {str(k): located.where((str(k),)) for k in located.data if str(k) not in ours}


def _check_named_folders(root: Path, config: BookConfig) -> None:
    """A layouts or fonts folder that book.yaml names (not the default) must exist."""
    errors = []
    for key, default in (("layouts", "layouts"), ("fonts", "fonts")):
        name = getattr(config, key)
        if name != default and not (root / name).is_dir():
            errors.append(config_error(root, (key,), f"{key} folder '{name}' not found in the book folder"))
    raise_all(sorted(errors, key=lambda e: e.line or 0))


def _chapter_paths(root: Path, config: BookConfig) -> list[Path]:
    """The chapter files: the order book.yaml lists, else file-name order."""
    if not config.chapters:
        return found_chapters(root)
    missing = [i for i, name in enumerate(config.chapters) if not (root / name).is_file()]
    if missing:  # book.yaml read again for the places only then (PyYAML's Python parser is slow)
        config_path = root / "book.yaml"
        located = load_yaml(read_text(config_path), config_path)
        raise_all(
            [
                located.error(("chapters", i), f"chapter file '{config.chapters[i]}' not found")
                for i in missing
            ]
        )
    listed = [root / name for name in config.chapters]
    _warn_unlisted(root, listed)
    return listed


def _warn_unlisted(root: Path, listed: list[Path]) -> None:
    """A Markdown file of the book folder that book.yaml's chapters leave out (nor include): a
    chapter just written and not yet listed is never built without a word."""
    spelled = set(listed)  # most files are found as book.yaml spells them: no resolving (slow) for them
    others = [p for p in found_chapters(root) if p not in spelled]
    named = {p.resolve() for p in listed} if others else set()
    others = [p for p in others if p.resolve() not in named]
    left = [p for p in without_included([*listed, *others]) if p.resolve() not in named] if others else []
    if left:
        names = ", ".join(str(p.relative_to(root)) for p in left[:3]) + (
            f" and {len(left) - 3} more" if len(left) > 3 else ""
        )
        it = "it" if len(left) == 1 else "them"
        message = (
            f"not in chapters, so left out of the book: {names} (list {it} under chapters: to print {it})"
        )
        at = config_error(root, ("chapters",), message)
        warn(message, at.path, at.line, at.column, kind="chapters")


SKIP_DIRS = {"dist", "node_modules", "__pycache__", "site", "_site", "public"}  # build outputs, not chapters


# A folder's first page (MkDocs, Hugo, GitHub, mdBook; md2docx's cover.md, its cover's text).
INDEX_NAMES = ("index", "_index", "readme", "cover")


def found_chapters(root: Path) -> list[Path]:
    """Every ``*.md`` of the book folder and its sub-folders, in reading order: a folder's
    index first, then the rest by name, numbers by value (2 before 10). The top-level
    README.md is the project's, not a chapter, as long as anything else is."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS]
        found += [Path(folder) / name for name in files if name.lower().endswith(".md")]
    top_readme = [p for p in found if p.parent == root and p.name.lower() == "readme.md"]
    if top_readme and len(found) > 1:
        found.remove(top_readme[0])
    return sorted(found, key=lambda p: _reading_key(p.relative_to(root)))


def _reading_key(path: Path) -> list:
    """Folders, then the file; an index file before its folder's others; digits as numbers."""
    parts = [*path.parent.parts, path.stem.lower()]
    is_index = path.stem.lower().split(".")[0] in INDEX_NAMES
    return [[(0 if is_index and i == len(parts) - 1 else 1), *_natural(p)] for i, p in enumerate(parts)]


def _natural(text: str) -> list:
    return [(0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.split(r"(\d+)", text.lower()) if t]


def load_chapter(path: Path, index: int = 0) -> Chapter:
    """Read one chapter: split and validate its front matter."""
    text = read_text(path)
    meta, body, body_line = split_front_matter(text, path)
    return Chapter(path, meta, body, body_line, index)


def split_front_matter(text: str, path: Path) -> tuple[ChapterMeta, str, int]:
    """Separate '---' YAML front matter from the Markdown body."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return ChapterMeta(), text, 1
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise BuildError("front matter starts with '---' but never ends", path, 1, 1)
    return _front_matter("\n".join(lines[1:end]), path), "\n".join(lines[end + 1 :]), end + 2


def _front_text(text: str) -> str:
    """The YAML between a file's '---' lines (the file starts with front matter)."""
    lines = text.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    return "\n".join(lines[1:end])


def front_matter_place(chapter: Chapter, key: str) -> tuple[int | None, int | None]:
    """The line and column of a key of a chapter's front matter (the file's start if it has none)."""
    try:
        return _located(_front_text(read_text(chapter.path)), chapter.path).where((key,))
    except (BuildError, StopIteration, OSError):
        return 1, 1


@lru_cache(maxsize=1024)
def _located(yaml: str, path: Path) -> Located:
    """The front matter parsed, with the place of each key (kept: a rebuild reads it again)."""
    located = load_yaml(yaml, path, line_offset=1)
    if located.data is None:
        located.data = {}
    return located


@lru_cache(maxsize=1024)
def _front_matter(yaml: str, path: Path) -> ChapterMeta:
    """A chapter's settings from its front matter; keys of other tools kept apart, in ``foreign``."""
    located = _located(yaml, path)
    if not isinstance(located.data, dict):
        raise BuildError("front matter must be a mapping of settings (key: value)", path, 2, 1)
    errors: list[BuildError] = []
    foreign: dict[str, Any] = {}
    meta = _build(ChapterMeta, located.data, (), located, errors, foreign)
    if meta is not None:
        if meta.part not in ("front", "body"):
            errors.append(located.error(("part",), "part must be 'front' or 'body'"))
        if meta.start_page is not None and meta.start_page < 1:
            errors.append(located.error(("start_page",), "start_page must be 1 or more"))
    raise_all(errors)
    assert meta is not None
    return replace(meta, foreign=foreign) if foreign else meta
