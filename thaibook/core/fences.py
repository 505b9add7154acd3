"""Fenced code in Markdown lines: which lines are code, as CommonMark closes a fence, and which
are kept as typed (code, or a raw HTML block whose lines are the author's)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")

INDENTED_FENCE = re.compile(r"^ *(`{3,}|~{3,})")  # a list item's fence is indented, and SuperFences reads it

# CommonMark's raw HTML blocks of type 1: their lines are the author's, spaces and all.
RAW_OPEN = re.compile(r"^ {0,3}<(pre|script|style|textarea)(?:[\s>]|$)", re.IGNORECASE)


def marked_code(lines: Iterable[str], fence_re: re.Pattern[str] = FENCE) -> Iterator[tuple[str, bool]]:
    """Each line with whether it belongs to a fenced code block (its fences included).

    A fence closes only with the same character, at least as many times as it opened.
    ``fence_re``: INDENTED_FENCE to take a fence at any indent for one.
    """
    fence = ""
    for line in lines:
        opened = fence_re.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            yield line, True
        elif opened:
            fence = opened.group(1)
            yield line, True
        else:
            yield line, False


def verbatim(lines: Iterable[str], fence_re: re.Pattern[str] = FENCE) -> Iterator[tuple[str, bool]]:
    """Each line with whether it is kept as typed: fenced code (as marked_code finds it) or a raw
    ``<pre>``, ``<script>``, ``<style>`` or ``<textarea>`` block, up to the line that closes it."""
    raw = ""  # the tag of the raw block the line is in
    for line, code in marked_code(lines, fence_re):
        if not code and not raw and (opened := RAW_OPEN.match(line)):
            raw = opened.group(1).lower()
        yield line, code or bool(raw)
        if raw and f"</{raw}" in line.lower():
            raw = ""
