"""Links as authors write them for other tools, made to work in the book's PDF.

A link to another chapter's file (``02-tables.md``, ``./config.md#heading``, MkDocs'
``../config/``, a site's ``/docs/x.html``) goes to that chapter, or to its heading;
a fragment finds its heading however the author's tool spelled the id. A link to a
file or heading the book lacks is a warning, and prints as text.
"""

from __future__ import annotations

import difflib
import posixpath
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from thaibook.core.book import Book, Chapter, ChapterHtml
from thaibook.core.errors import warn
from thaibook.html.images import place_images
from thaibook.html.references import error_at
from thaibook.html.tags import Attrs, html_ids, rewrite_tags
from thaibook.html.wikilinks import name_key, wiki_names


def heading_slug(value: str, separator: str = "-") -> str:
    """A heading's id: its letters, marks and digits kept whole (Thai vowels and tones too).

    Python-Markdown's slugify_unicode keeps only ``\\w``, which has no combining marks:
    ``สิ่งที่ต้องเตรียม`` became ``สงทตองเตรยม``. Spaces (and runs of them) become ``separator``.
    """
    kept = []
    for ch in unicodedata.normalize("NFC", value):
        if ch.isspace() or ch == separator:
            kept.append(" ")
        elif ch == "_" or unicodedata.category(ch)[0] in "LMN":
            kept.append(ch)
    return re.sub(r"\s+", separator, "".join(kept).strip()).lower()


def _loose(fragment: str) -> str:
    """A fragment as compared when no id matches it exactly: no case, separators or accents' order."""
    return re.sub(r"[-_\s]", "", heading_slug(unquote(fragment)))


@dataclass
class _Target:
    """One chapter as links see it: its anchor, its ids, and their loose spellings."""

    chapter: Chapter
    ids: set[str]
    loose: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        prefix = f"c{self.chapter.index}-"
        for found in sorted(self.ids):
            self.loose.setdefault(_loose(found.removeprefix(prefix)), []).append(found)

    def find(self, fragment: str) -> str | None:
        """The id a fragment names in this chapter: as written, with the chapter's prefix, or loosely."""
        prefix = f"c{self.chapter.index}-"
        for candidate in (fragment, prefix + fragment, prefix + heading_slug(fragment)):
            if candidate in self.ids:
                return candidate
        matches = self.loose.get(_loose(fragment), [])
        return matches[0] if len(matches) == 1 else None

    def shown(self) -> list[str]:
        """The ids as an author would write them: without the chapter's prefix, no footnotes."""
        prefix = f"c{self.chapter.index}-"
        return sorted({i.removeprefix(prefix) for i in self.ids if not i.startswith(("fn:", "fnref"))})


def _hint(fragment: str, targets: list[_Target]) -> str:
    """' (did you mean '#x'?)' for the closest id of the first of ``targets`` that has one."""
    for target in targets:
        close = difflib.get_close_matches(fragment, target.shown(), n=1)
        if close:
            return f" (did you mean '#{close[0]}'?)"
    return ""


def link_chapters(book: Book, chapters: list[ChapterHtml]) -> list[ChapterHtml]:
    """The chapters' HTML with every link and image resolved, and a warning for each that leads nowhere."""
    targets = [_Target(ch, html_ids(c.html)) for ch, c in zip(book.chapters, chapters, strict=True)]
    by_path = {ch.path.resolve(): t for ch, t in zip(book.chapters, targets, strict=True)}
    root = book.root.resolve()
    names = wiki_names(book)
    out = []
    for target, converted in zip(targets, chapters, strict=True):
        linker = _Linker(target, targets, by_path, root, names)
        html = place_images(target.chapter, root, converted.html, book.config.font.family)
        html = rewrite_tags(html, frozenset({"a", "area"}), linker.rewrite)
        linker.warn_wiki()
        out.append(replace(converted, html=html))
    return out


@dataclass
class _Linker:
    """Rewrites the links of one chapter."""

    here: _Target
    targets: list[_Target]
    by_path: dict[Path, _Target]
    root: Path
    names: dict[str, Chapter] = field(default_factory=dict)  # wiki links' names of chapters
    seen: Counter[str] = field(default_factory=Counter)  # each href's spellings so far
    unnamed: list[str] = field(default_factory=list)  # wiki links' targets that are no chapter

    def wiki(self, attrs: Attrs) -> Attrs:
        """A wiki link to the chapter (or its heading) it names; printed as text if none."""
        name, _, fragment = attrs["data-wiki"].partition("#")
        chapter = self.names.get(name_key(name)) if name else self.here.chapter
        target = next((t for t in self.targets if t.chapter is chapter), None)
        anchor = target and (target.find(fragment) if fragment else target.chapter.anchor)
        kept = {k: v for k, v in attrs.items() if k != "data-wiki"}
        if not anchor:
            self.unnamed.append(attrs["data-wiki"])
            return kept
        return {**kept, "href": f"#{anchor}"}

    def warn_wiki(self) -> None:
        """One warning for the chapter's wiki links that name no chapter (a book of some articles
        of an Act links to all of them: one warning, not hundreds), at the first."""
        if not self.unnamed:
            return
        names = list(dict.fromkeys(self.unnamed))
        shown = ", ".join(f"[[{n}]]" for n in names[:3]) + (
            f" and {len(names) - 3} more" if len(names) > 3 else ""
        )
        count = len(self.unnamed)
        message = f"{count} wiki link{'s' * (count > 1)} name{'s' * (count == 1)} no chapter of the book ({shown}): printed as text"
        warn_at(self.here.chapter, f"[[{self.unnamed[0]}", message, "link")

    def rewrite(self, tag: str, attrs: Attrs) -> Attrs | None:
        if "data-wiki" in attrs:
            return self.wiki(attrs)
        href = attrs.get("href")
        if href is None:
            return None
        self.seen[href] += 1
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            return None  # the web, mail, a viewer's own scheme: left as written
        fragment = unquote(parts.fragment)
        if parts.path:
            found = self._file(unquote(parts.path), href)
            if found is None:
                return _unlinked(attrs)
            anchor = self._heading(found, fragment, href) if fragment else found.chapter.anchor
        else:
            anchor = self._fragment(fragment, href) if fragment else self.here.chapter.anchor
        return {**attrs, "href": f"#{anchor}"} if anchor else _unlinked(attrs)

    def _file(self, path: str, href: str) -> _Target | None:
        """The chapter a link's path names, from the chapter's folder or (``/x``) the book's root."""
        base = self.root if path.startswith("/") else self.here.chapter.path.resolve().parent
        wanted = Path(posixpath.normpath((base / path.lstrip("/")).as_posix()))
        for candidate in _spellings(wanted, path.endswith("/")):
            if candidate in self.by_path:
                return self.by_path[candidate]
        if wanted.exists():
            self._warn(href, f"link to '{path}', which is not a chapter of the book: printed as text")
        else:
            self._warn(href, f"link to a missing file '{path}': printed as text")
        return None

    def _heading(self, target: _Target, fragment: str, href: str) -> str | None:
        found = target.find(fragment)
        if found is None:
            name = target.chapter.path.name
            self._warn(href, f"link to a missing heading '#{fragment}' in {name}{_hint(fragment, [target])}")
        return found

    def _fragment(self, fragment: str, href: str) -> str | None:
        """The id a '#fragment' names: in this chapter first, else in the one other chapter that has it."""
        found = self.here.find(fragment)
        if found is None:
            elsewhere = {t.find(fragment) for t in self.targets if t is not self.here} - {None}
            found = elsewhere.pop() if len(elsewhere) == 1 else None
        if found is None:
            hint = _hint(fragment, [self.here, *(t for t in self.targets if t is not self.here)])
            self._warn(href, f"link to a missing heading '#{fragment}'{hint}")
        return found

    def _warn(self, href: str, message: str) -> None:
        warn_at(self.here.chapter, href, message, "link", self.seen[href] - 1)


def _spellings(path: Path, folder: bool) -> list[Path]:
    """The files a link's path may mean: itself, or its Markdown source as site builders name it."""
    if folder:
        return [path / "index.md", path / "README.md", path.with_suffix(".md")]
    if path.suffix.lower() in (".html", ".htm"):
        return [path.with_suffix(".md"), *(_spellings(path.parent, True) if path.stem == "index" else [])]
    if path.suffix.lower() != ".md":
        return [path, path.with_name(path.name + ".md"), path / "index.md", path / "README.md"]
    return [path]


def _unlinked(attrs: Attrs) -> Attrs:
    """The link's attributes without its target: it prints as its text."""
    return {k: v for k, v in attrs.items() if k != "href"}


def warn_at(chapter: Chapter, needle: str, message: str, kind: str, nth: int = 0) -> None:
    """Warn at the ``nth`` place the chapter's file spells ``needle`` (else at the file)."""
    place = error_at(chapter, needle, message, nth)
    warn(message, place.path, place.line, place.column, kind=kind)
