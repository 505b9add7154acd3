"""The book folder read: its settings and every chapter, Markdown with YAML front matter."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from thaibook.core.book import Book, Chapter, ChapterMeta
from thaibook.core.errors import BuildError, raise_all
from thaibook.core.files import REPO_DIR, read_text
from thaibook.core.settings import BookConfig
from thaibook.sources.settings import _build, config_error, load_config, load_yaml
from thaibook.thai.linebreak import load_words

LAYOUTS = {"chapter", "plain"}


def load_book(root: Path) -> Book:
    """Read the config and every chapter of the book folder."""
    if not root.is_dir():
        raise BuildError("book folder not found", root, exit_code=2)
    config = load_config(root)
    paths = _chapter_paths(root, config)
    errors: list[BuildError] = []
    chapters = []
    for i, path in enumerate(paths, 1):
        try:
            chapters.append(load_chapter(path, i))
        except BuildError as exc:
            errors.append(exc)
    raise_all(errors)
    if not chapters:
        raise BuildError("the book has no chapters (no .md files)", root)
    own_layouts = root / config.layouts
    layout_dirs = ((own_layouts,) if own_layouts.is_dir() else ()) + (REPO_DIR / "layouts",)
    own_fonts = root / config.fonts
    font_dir = own_fonts if own_fonts.is_dir() else REPO_DIR / "fonts"
    _check_named_folders(root, config)
    return Book(root, config, tuple(chapters), layout_dirs, font_dir, frozenset(load_words(root)))


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
        return sorted(p for p in root.glob("*.md") if p.name.lower() != "readme.md")
    config_path = root / "book.yaml"
    located = load_yaml(read_text(config_path), config_path)
    errors = []
    for i, name in enumerate(config.chapters):
        if not (root / name).is_file():
            errors.append(located.error(("chapters", i), f"chapter file '{name}' not found"))
    raise_all(errors)
    return [root / name for name in config.chapters]


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


@lru_cache(maxsize=1024)
def _front_matter(yaml: str, path: Path) -> ChapterMeta:
    """A chapter's settings from its front matter (kept: a rebuild reads the same YAML again)."""
    located = load_yaml(yaml, path, line_offset=1)
    if located.data is None:
        located.data = {}
    if not isinstance(located.data, dict):
        raise BuildError("front matter must be a mapping of settings (key: value)", path, 2, 1)
    errors: list[BuildError] = []
    meta = _build(ChapterMeta, located.data, (), located, errors)
    if meta is not None:
        if meta.part not in ("front", "body"):
            errors.append(located.error(("part",), "part must be 'front' or 'body'"))
        if meta.start_page is not None and meta.start_page < 1:
            errors.append(located.error(("start_page",), "start_page must be 1 or more"))
    raise_all(errors)
    assert meta is not None
    return meta
