"""ATX headings as CommonMark reads them, where Python-Markdown reads them otherwise.

A heading's ``{#id}`` typed against its text (``Siblings){#id}``): Python-Markdown's
attr_list wants a space before the braces; without it the braces print and the id that links
point at is lost. Pandoc, kramdown and GitHub's renderers accept it, so books written for them
have it: the space is put in as the chapter is converted (HeadingAttrs), and check_glued warns
at each brace, in the build's own process (a converted chapter is cached and made in the
workers: its warnings would be lost).

A heading indented by one to three spaces (``  ## Parentheses`` in airbnb-js-style-th) is a
heading to CommonMark and GitHub; Python-Markdown printed its hashes. Its indent is taken
away, without a warning (the Markdown is right), where a block starts: not in fenced code,
nor in the raw ``<pre>``, ``<script>``, ``<style>`` or ``<textarea>`` blocks whose lines
are kept as typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import markdown as md
from markdown.preprocessors import Preprocessor

from thaibook.core.book import Book, Chapter
from thaibook.core.errors import warn
from thaibook.core.fences import marked_code, verbatim

# An ATX heading whose last thing is an attribute list with no space before it.
GLUED = re.compile(r"^( {0,3}#{1,6}[ \t]+.*[^\s\\])(\{[:#.][^}\n]*\})([ \t]*#*[ \t]*)$")

INDENTED = re.compile(r"^ {1,3}(?=#{1,6}(?:[ \t]|$))")


class HeadingAttrsExtension(md.Extension):
    """Registers HeadingAttrs before the headings are parsed."""

    def extendMarkdown(self, m: md.Markdown) -> None:  # noqa: N802 (Markdown's API)
        m.preprocessors.register(HeadingAttrs(m), "heading_attrs", 33)


class HeadingAttrs(Preprocessor):
    """Puts the space attr_list needs before a heading's glued attribute list, and takes an
    indented heading's indent away."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for line, typed in verbatim(lines):
            if typed:
                out.append(line)
                continue
            if not out or not out[-1].strip():  # where a block starts
                line = INDENTED.sub("", line)
            out.append(_spaced(line))
        return out


def _spaced(line: str) -> str:
    glued = GLUED.match(line)
    return f"{glued.group(1)} {glued.group(2)}{glued.group(3)}" if glued else line


def check_glued(book: Book) -> None:
    """A warning at the brace of every heading's attribute list typed with no space before it."""
    for piece in book.texts:
        for lineno, column, attrs in _glued(piece):
            message = f"no space before the heading's attribute list '{attrs}': read as one"
            warn(message, piece.path, lineno, column, kind="markdown")


def _glued(piece: Chapter) -> Iterator[tuple[int, int, str]]:
    """Each glued attribute list of a file's body: its line, the column of its brace, its text."""
    for i, (line, code) in enumerate(marked_code(piece.body.split("\n"))):
        if not code and (glued := GLUED.match(line)):
            yield piece.body_line + i, len(glued.group(1)) + 1, glued.group(2)
