"""A list nested by two or three spaces, as CommonMark and GitHub nest it.

CommonMark nests a list item indented as far as its parent's text (``- a`` then ``  - b``;
``1. a`` then ``   - b``); Python-Markdown wants four spaces, and printed such sub-items as
siblings of their parent (md2docx-manual-th, powerbi-visuals-th). Before the lists are parsed,
each nested item line, the lines that continue it, and the blocks after a blank line that
belong to it, move right to where Python-Markdown looks for them; an item right after such a
block (which CommonMark starts there) gets the blank line Python-Markdown needs to see it. Lists nested by four spaces move nothing; fenced code
(indented too: a list item's fence is, and SuperFences reads it) and raw ``<pre>``-like blocks
are left as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import markdown as md
from markdown.preprocessors import Preprocessor

from thaibook.core.fences import INDENTED_FENCE, verbatim

ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])( +|$)")


@dataclass(frozen=True)
class Item:
    """A list item line: its indent as typed, where its text starts, its indent as written."""

    indent: int
    text_at: int
    moved_to: int


class ListIndentExtension(md.Extension):
    """Registers ListIndent before the lists are parsed."""

    def extendMarkdown(self, m: md.Markdown) -> None:  # noqa: N802 (Markdown's API)
        m.preprocessors.register(ListIndent(m), "list_indent", 32.5)


class ListIndent(Preprocessor):
    """Moves each nested list item, and its lazy lines, to four spaces past its parent."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        items: list[Item] = []  # the items the line may be nested in, outermost first
        lazy = 0  # how far the lines continuing the last item move (0: none do)
        block = False  # whether the last line is in a block an item holds after a blank line
        for line, typed in verbatim(lines, INDENTED_FENCE):
            if typed:
                lazy, block = 0, False
                out.append(line)
            elif (found := ITEM.match(line)) is not None:
                if block:  # CommonMark ends the block's paragraph here; Python-Markdown, at a blank line
                    out.append("")
                item = _placed(found, items)
                items.append(item)
                lazy, block = item.moved_to - item.indent, False
                out.append(" " * lazy + line if lazy > 0 else line)
            elif not line.strip():
                lazy, block = 0, False
                out.append(line)
            elif not line.startswith(" "):
                items.clear()  # a paragraph at the margin ends every list
                block = False
                out.append(line)
            elif lazy > 0:
                out.append(" " * lazy + line)
            else:
                block = block or bool(items and out and not out[-1].strip())
                out.append(_block_of(line, items))
        return out


def _block_of(line: str, items: list[Item]) -> str:
    """A block after a blank line, moved to where Python-Markdown reads it as a moved item's (its
    text's indent, plus four): a block of an item that did not move stays as typed."""
    indent = len(line) - len(line.lstrip(" "))
    owner = next((item for item in reversed(items) if item.text_at <= indent), None)
    if owner is None or owner.moved_to == owner.indent:
        return line
    return " " * (owner.moved_to + 4 + indent - owner.text_at) + line.lstrip(" ")


def _placed(found: re.Match[str], items: list[Item]) -> Item:
    """The item of this line, its parents left on ``items`` (those it is not nested in dropped)."""
    indent = len(found.group(1))
    spaces = len(found.group(3))
    text_at = indent + len(found.group(2)) + (spaces if 0 < spaces <= 4 else 1)
    while items and indent < items[-1].text_at:
        items.pop()
    if not items:
        return Item(indent, text_at, indent)
    parent = items[-1]
    moved_to = max(indent + parent.moved_to - parent.indent, parent.moved_to + 4)
    return Item(indent, text_at, moved_to)
