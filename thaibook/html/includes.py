"""docfx's ``[!INCLUDE[name](path)]`` spliced into the chapter's Markdown before it is parsed.

An include on a line of its own is a block: its lines take the line's place, each behind the
line's own indent or ``>`` (an include inside a note or a list stays there). Elsewhere it is
inline: its text joins the sentence. Links and images of an included file are written from
its own folder (``media/no.png`` beside ``includes/x.md``): they are rewritten from the
chapter's. The files were read with the chapter (sources/includes.py), which warned about
those it could not read.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import markdown as md
from markdown.preprocessors import Preprocessor

from thaibook.core.book import Chapter
from thaibook.core.fences import marked_code
from thaibook.sources.includes import INCLUDE, target

BLOCK = re.compile(rf"^([ \t>]*){INCLUDE.pattern}\s*$", re.IGNORECASE)


# A Markdown link or image target, a reference definition, an HTML src or href.
URL = re.compile(
    r"""(\]\(\s*<?)([^)\s>]+)|^(\s*\[[^\]]+\]:\s*<?)(\S+?)(?=>?\s|>?$)|(\b(?:src|href)\s*=\s*["'])([^"']+)""",
    re.M,
)


class IncludeExtension(md.Extension):
    """Registers Includes before anything reads the lines (normalize_whitespace is 30)."""

    def __init__(self, chapter: Chapter) -> None:
        super().__init__()
        self.chapter = chapter

    def extendMarkdown(self, m: md.Markdown) -> None:  # noqa: N802 (Markdown's API)
        m.preprocessors.register(Includes(m, self.chapter), "docfx_includes", 35)


class Includes(Preprocessor):
    """Splices the chapter's includes into its lines."""

    def __init__(self, m: md.Markdown, chapter: Chapter) -> None:
        super().__init__(m)
        self.chapter = chapter
        self.files = {piece.path: piece for piece in chapter.includes}

    def run(self, lines: list[str]) -> list[str]:
        return self._expand(lines, self.chapter.path, (self.chapter.path,)) if self.files else lines

    def _expand(self, lines: list[str], base: Path, seen: tuple[Path, ...]) -> list[str]:
        out: list[str] = []
        for line, code in marked_code(lines):
            if code:
                out.append(line)
                continue
            block = BLOCK.match(line)
            if block:
                prefix = block.group(1)
                out += [(prefix + piece).rstrip() for piece in self._text(base, block.group(2), seen)]
            elif "[!" in line:
                out.append(INCLUDE.sub(lambda m: " ".join(self._text(base, m.group(1), seen)).strip(), line))
            else:
                out.append(line)
        return out

    def _text(self, base: Path, written: str, seen: tuple[Path, ...]) -> list[str]:
        """The lines of an included file, its own includes spliced, its links from the chapter."""
        path = target(base, written)
        piece = self.files.get(path)
        if piece is None or path in seen:
            return []  # warned about as the chapter was read
        body = rebase(piece.body.strip("\n"), path.parent, self.chapter.path.parent)
        return self._expand(body.split("\n"), path, (*seen, path))


def rebase(text: str, source: Path, chapter: Path) -> str:
    """Relative link and image targets of ``text``, written in folder ``source``, as seen from ``chapter``."""
    if source == chapter:
        return text

    def moved(m: re.Match[str]) -> str:
        lead, url = next((m.group(i), m.group(i + 1)) for i in (1, 3, 5) if m.group(i) is not None)
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith(("/", "#")):
            return m.group(0)
        path = posixpath.normpath((source / parts.path).as_posix()) if parts.path else ""
        new = posixpath.relpath(path, chapter.as_posix()) if path else ""
        query = f"?{parts.query}" if parts.query else ""
        return lead + new + query + (f"#{parts.fragment}" if parts.fragment else "")

    return URL.sub(moved, text)
