"""The reading order of chapters found in the folder (no ``chapters:`` in book.yaml), from what
other tools wrote in their front matter: Hugo's ``weight``, Docusaurus' ``sidebar_position`` and
Just the Docs' ``nav_order`` order a folder's files; Gatsby's and Jekyll's ``prev:`` and ``next:``
chain pages (React's docs: hello-world, then introducing-jsx..., not the alphabet's order); a
contents page (mdBook's SUMMARY.md, The Twelve-Factor App's index.md: headings or list items
that link to most of the other chapters) puts them after it, in its order."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from thaibook.core.book import Chapter

WEIGHTS = ("weight", "sidebar_position", "nav_order")
LINKS = ("prev", "next")


def reading_order(chapters: list[Chapter]) -> list[Chapter]:
    """The chapters in the order their front matter gives, else as found; renumbered."""
    ordered = _by_contents(_by_chain(_by_weight(chapters)))
    if ordered == chapters:
        return chapters
    return [replace(chapter, index=i) for i, chapter in enumerate(ordered, 1)]


def _weight(chapter: Chapter) -> float | None:
    for key in WEIGHTS:
        value = chapter.meta.foreign.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value
    return None


def _by_weight(chapters: list[Chapter]) -> list[Chapter]:
    """In each folder, the files with a weight sorted by it, in the places such files hold."""
    out = list(chapters)
    for folder in dict.fromkeys(c.path.parent for c in chapters):
        places = [i for i, c in enumerate(chapters) if c.path.parent == folder and _weight(c) is not None]
        for i, chapter in zip(places, sorted((chapters[i] for i in places), key=_weight), strict=True):
            out[i] = chapter
    return out


def _page_name(value: object) -> str:
    """The page a prev/next value names: 'docs/hello-world.html' is 'hello-world'."""
    if not isinstance(value, str):
        return ""
    name = value.split("#")[0].rstrip("/").rsplit("/", 1)[-1].lower()
    for ext in (".html", ".md", ".htm"):
        name = name.removesuffix(ext)
    return name


def _by_chain(chapters: list[Chapter]) -> list[Chapter]:
    """Pages chained by prev/next, each chain whole where its first page found stands."""
    names: dict[str, int] = {}
    for i, chapter in enumerate(chapters):
        for name in (chapter.path.stem.lower(), _page_name(chapter.meta.foreign.get("id"))):
            if name:
                names.setdefault(name, i)
    after: dict[int, int] = {}
    before: dict[int, int] = {}
    for i, chapter in enumerate(chapters):
        prev, nxt = (names.get(_page_name(chapter.meta.foreign.get(key))) for key in LINKS)
        for a, b in ((prev, i), (i, nxt)):
            if a is not None and b is not None and a != b and a not in after and b not in before:
                if _head(before, a) != b:  # no circle
                    after[a], before[b] = b, a
    if not after:
        return chapters
    out: list[int] = []
    for i in range(len(chapters)):
        page = _head(before, i)
        while page is not None and page not in out:
            out.append(page)
            page = after.get(page)
    return [chapters[i] for i in out]


def _head(before: dict[int, int], page: int) -> int:
    """The first page of the chain that holds ``page``."""
    while page in before:
        page = before[page]
    return page


# A heading or list item that starts with a link: '## [I. Codebase](./codebase)', '- [x](x.md)'.
CONTENTS_LINE = re.compile(r"^[ \t]*(?:#{1,6}|[-*+]|\d+[.)])[ \t]+\[[^\]\n]*\]\(<?([^)\s>]+)", re.MULTILINE)


def _by_contents(chapters: list[Chapter]) -> list[Chapter]:
    """The chapters a contents page links to, right after it in its order; the rest as they were."""
    by_path = {c.path.resolve(): c for c in chapters}
    best: tuple[Chapter, list[Chapter]] | None = None
    for page in chapters:
        linked: list[Chapter] = []
        for href in CONTENTS_LINE.findall(page.body):
            target = _chapter_at(page.path.parent, href, by_path)
            if target is not None and target is not page and target not in linked:
                linked.append(target)
        if (
            len(linked) >= 3
            and 2 * len(linked) >= len(chapters) - 1
            and (not best or len(linked) > len(best[1]))
        ):
            best = (page, linked)
    if best is None:
        return chapters
    page, linked = best
    rest = [c for c in chapters if c not in linked]
    at = rest.index(page) + 1
    return [*rest[:at], *linked, *rest[at:]]


def _chapter_at(folder: Path, href: str, by_path: dict[Path, Chapter]) -> Chapter | None:
    """The chapter a relative link names: 'x.md', './x', 'x/' (MkDocs' and Jekyll's forms)."""
    path = href.split("#")[0]
    if not path or "://" in path or path.startswith(("/", "mailto:")):
        return None
    base = (folder / path).resolve()
    for candidate in (base, base.with_name(base.name + ".md"), base / "index.md", base / "README.md"):
        if candidate in by_path:
            return by_path[candidate]
    return None
