"""Fenced code in Markdown lines: which lines are code, as CommonMark closes a fence."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def marked_code(lines: Iterable[str]) -> Iterator[tuple[str, bool]]:
    """Each line with whether it belongs to a fenced code block (its fences included).

    A fence closes only with the same character, at least as many times as it opened.
    """
    fence = ""
    for line in lines:
        opened = FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            yield line, True
        elif opened:
            fence = opened.group(1)
            yield line, True
        else:
            yield line, False
