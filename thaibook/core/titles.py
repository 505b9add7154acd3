"""A chapter's title when its front matter gives none: what its author would call it.

The first level-1 heading (``# x`` or ``x`` over ``===``), else the first heading of any
level (a Gatsby or docfx page starts at ``##``), else the first words of its text (MkDocs
pages whose title was only in the site's navigation), else the file's name. Code blocks,
comments and attribute lists (``{#id}``) are never titles.
"""

from __future__ import annotations

import re
import unicodedata
from html import unescape

from thaibook.core.fences import marked_code

ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")


SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")


WORDS = 60  # characters of text kept as a title


def derived_title(body: str, stem: str) -> tuple[str, str]:
    """(title, where it came from: 'h1', 'heading', 'text' or 'file')."""
    first_heading = first_text = ""
    previous = ""
    for line in _prose_lines(body):
        heading = ATX.match(line)
        level, text = (len(heading.group(1)), heading.group(2) or "") if heading else (0, "")
        setext = SETEXT.match(line)
        if setext and previous.strip() and not _is_block_start(previous):
            level, text = (1 if setext.group(1)[0] == "=" else 2), previous
        text = clean(text)
        if level == 1 and text:
            return text, "h1"
        if level and text and not first_heading:
            first_heading = text
        if not level and not first_text and not setext and not _is_block_start(line):
            first_text = clean(line)
        previous = line if not heading else ""
    if first_heading:
        return first_heading, "heading"
    if first_text:
        return _clip(first_text), "text"
    return re.sub(r"[-_]+", " ", stem).strip() or stem, "file"


def _prose_lines(body: str) -> list[str]:
    """The body's lines outside fenced code, HTML comments and indented code."""
    text = re.sub(r"<!--.*?-->", "", body, flags=re.S)
    return [
        line
        for line, code in marked_code(text.split("\n"))
        if not code and not line.startswith(("    ", "\t"))
    ]


def _is_block_start(line: str) -> bool:
    """A line that opens no paragraph: a table row, HTML, a list item, a quote, a rule or a docfx include."""
    stripped = line.strip()
    return not stripped or bool(re.match(r"^([|<>]|[-*+] |\d+[.)] |\[!|(\* *){3,}$|(- *){3,}$)", stripped))


def clean(text: str) -> str:
    """Inline Markdown and HTML taken off a heading or a line: its words as a reader sees them."""
    text = re.sub(r"\s*\{[:#.][^}]*\}\s*$", "", text)  # {#id}, {: .class}
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links
    text = re.sub(r"\[\[([^\]|]*)(?:\|([^\]]*))?\]\]", lambda m: m.group(2) or m.group(1), text)  # wiki links
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__|~~|\*|`)(\S(?:.*?\S)?)\1", r"\2", text)
    return re.sub(r"\s+", " ", unescape(text)).strip()


def _clip(text: str) -> str:
    """The first words of a text with '…': cut at a space, or in unspaced Thai after a whole
    letter (its vowel and tone marks kept with it, a leading vowel not left alone at the end)."""
    if len(text) <= WORDS:
        return text
    cut = text.rfind(" ", 0, WORDS)
    if cut <= WORDS // 2:
        cut = WORDS
        while cut < len(text) and (unicodedata.category(text[cut])[0] == "M" or text[cut] == "\u0e33"):
            cut += 1
        while cut and "\u0e40" <= text[cut - 1] <= "\u0e44":
            cut -= 1
    return text[:cut].rstrip(" ,;:") + "…"
