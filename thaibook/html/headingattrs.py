"""A heading's ``{#id}`` typed against its text (``Siblings){#id}``): read as an attribute list.

Python-Markdown's attr_list wants a space before the braces of a heading's attribute list;
without it the braces print and the id that links point at is lost. Pandoc, kramdown and
GitHub's renderers accept it, so books written for them have it: the space is put in, with
a warning at the brace.
"""

from __future__ import annotations

import re

import markdown as md
from markdown.preprocessors import Preprocessor

from thaibook.core.book import Chapter
from thaibook.core.errors import warn
from thaibook.core.fences import marked_code
from thaibook.html.references import error_at

# An ATX heading whose last thing is an attribute list with no space before it.
GLUED = re.compile(r"^( {0,3}#{1,6}[ \t]+.*[^\s\\])(\{[:#.][^}\n]*\})([ \t]*#*[ \t]*)$")


class HeadingAttrsExtension(md.Extension):
    """Registers HeadingAttrs before the headings are parsed."""

    def __init__(self, chapter: Chapter) -> None:
        super().__init__()
        self.chapter = chapter

    def extendMarkdown(self, m: md.Markdown) -> None:  # noqa: N802 (Markdown's API)
        m.preprocessors.register(HeadingAttrs(m, self.chapter), "heading_attrs", 33)


class HeadingAttrs(Preprocessor):
    """Puts the space attr_list needs before a heading's glued attribute list."""

    def __init__(self, m: md.Markdown, chapter: Chapter) -> None:
        super().__init__(m)
        self.chapter = chapter

    def run(self, lines: list[str]) -> list[str]:
        out = []
        for line, code in marked_code(lines):
            glued = None if code else GLUED.match(line)
            if glued:
                line = f"{glued.group(1)} {glued.group(2)}{glued.group(3)}"
                self._warn(glued.group(1)[-12:], glued.group(2))
            out.append(line)
        return out

    def _warn(self, before: str, attrs: str) -> None:
        message = f"no space before the heading's attribute list '{attrs}': read as one"
        where = error_at(self.chapter, before + attrs, message)
        column = where.column + len(before) if where.column else None
        warn(message, where.path, where.line, column, kind="markdown")
