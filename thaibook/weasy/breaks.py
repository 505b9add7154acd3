"""Line breaks a rule refuses, given to Pango as allow_breaks attributes: no spans, no added text.

The build hands over a rule (``use``): a text -> the runs (start, end) strictly inside which no
line may break. Every text WeasyPrint fits into lines goes through ``split_first_line``; the
runs of that text are found once (a later line's text is the end of one already seen) and
each PangoLayout made for it, which holds a beginning of that text, gets them as
``allow_breaks=FALSE`` attributes (Pango >= 1.44): Pango then refuses every break strictly
inside a run, and a paragraph stays one text box. The attributes change neither the text nor
the shaping (no run is split), so the text layer is what it was.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from itertools import accumulate, islice
from typing import Any

Rule = Callable[[str], Sequence[tuple[int, int]]]


_rule: list[Rule | None] = [None]  # the rule of the part being typeset (one per build)


_roots: deque[tuple[str, Sequence[tuple[int, int]], list[int], list[int]]] = deque(maxlen=64)


_local = threading.local()  # the text split_first_line is fitting, in this thread


_installed: list[bool] = []


WRAPPING = ("normal", "pre-wrap", "pre-line")


# Code keeps Pango's breaks (the HTML left it alone too). So does text that may break anywhere
# when too long: allow_breaks=FALSE takes Pango's character breaks away as well.
CODE_TAGS = ("code", "kbd", "samp", "pre")


def use(rule: Rule | None) -> None:
    """Typeset with ``rule`` from now on (None: Pango's own breaks)."""
    install()
    if rule is not _rule[0]:
        _rule[0] = rule
        _roots.clear()


@contextmanager
def using(rule: Rule | None) -> Iterator[None]:
    """Typeset with ``rule`` inside the block, then as before."""
    before = _rule[0]
    use(rule)
    try:
        yield
    finally:
        use(before)


def runs_of(text: str) -> tuple[str, int, Sequence[tuple[int, int]], list[int], list[int]]:
    """The text this one ends (``text`` itself if none), where ``text`` starts in it, its runs,
    their ends, and the UTF-8 offset of each of its characters."""
    for root, runs, ends, offsets in _roots:
        if len(root) >= len(text) and root.endswith(text):
            at = len(root) - len(text)
            i = bisect_right(ends, at)
            if i == len(runs) or runs[i][0] >= at:  # a line starts where a line may break
                return root, at, runs, ends, offsets
    rule = _rule[0]
    runs = rule(text) if rule else ()
    offsets = list(accumulate(map(len, map(str.encode, text)), initial=0)) if runs else []
    entry = (text, runs, [b for _, b in runs], offsets)
    _roots.appendleft(entry)
    return text, 0, *entry[1:]


def install() -> None:
    """Wrap WeasyPrint's line splitting, Pango layouts' text and its break check (once)."""
    if _installed:
        return
    _installed.append(True)
    from weasyprint.layout import inline, preferred
    from weasyprint.text import line_break

    original_split, original_set_text = line_break.split_first_line, line_break.Layout.set_text
    original_can_break, original_box = inline.can_break_inside, inline.split_text_box

    def split_text_box(context: Any, box: Any, *args: Any, **kwargs: Any) -> Any:
        _local.code = box.element_tag in CODE_TAGS
        try:
            return original_box(context, box, *args, **kwargs)
        finally:
            _local.code = False

    def split_first_line(text: str, style: Any, *args: Any, **kwargs: Any) -> Any:
        if _rule[0] is None or getattr(_local, "code", False) or not _wraps(style):
            return original_split(text, style, *args, **kwargs)
        _local.active = runs_of(text)
        try:
            return original_split(text, style, *args, **kwargs)
        finally:
            _local.active = None

    def set_text(self: Any, text: str, justify: bool = False) -> None:
        original_set_text(self, text, justify)
        active = getattr(_local, "active", None)
        if active is not None and active[2]:
            _refuse(self, *active)

    def can_break_inside(box: Any) -> bool:
        return original_can_break(box) and (
            _rule[0] is None
            or not hasattr(box, "text")
            or box.element_tag in CODE_TAGS
            or not _wraps(box.style)
            or _breaks_left(box.text, box.style["lang"])
        )

    for wrapper, original in (
        (split_first_line, original_split),
        (set_text, original_set_text),
        (can_break_inside, original_can_break),
        (split_text_box, original_box),
    ):
        wrapper.__wrapped__ = original  # type: ignore[attr-defined]
    inline.split_text_box = split_text_box
    line_break.split_first_line = inline.split_first_line = split_first_line
    preferred.split_first_line = split_first_line
    line_break.Layout.set_text = set_text
    inline.can_break_inside = can_break_inside


def _wraps(style: Any) -> bool:
    """Whether the rule applies to text of this style: it wraps, and not anywhere when too long."""
    return (
        style["white_space"] in WRAPPING
        and style["word_break"] != "break-all"
        and style["overflow_wrap"] not in ("anywhere", "break-word")
    )


def _refuse(
    layout: Any, root: str, at: int, runs: Sequence[tuple[int, int]], ends: list[int], offsets: list[int]
) -> None:
    """Set the runs that fall in the layout's text (a beginning of ``root[at:]``) as allow_breaks=FALSE."""
    from weasyprint.text.ffi import ffi, pango

    _declare()
    text = layout.text
    n = len(text) if root.startswith(text, at) else _common(root, at, text)
    end = at + n
    pieces = []
    for a, b in islice(runs, bisect_right(ends, at), None):
        if a >= end:
            break
        a, b = max(a, at), min(b, end)
        if b - a > 1:
            pieces.append((a - at, b - at, offsets[a] - offsets[at], offsets[b] - offsets[at]))
    layout.thaibook_refused = Inside([(a, b) for a, b, _, _ in pieces])
    # A layout holds beginnings of one text (root[at:]) only: the runs set for an earlier one
    # stand. Inserted, never changed: pango_attr_list_change merges two runs that touch, and
    # the break between them would be refused.
    # Each attribute refuses inside its own range, overlapping others or not.
    done = getattr(layout, "thaibook_ranges", frozenset())
    new = [(start, stop) for _, _, start, stop in pieces if (start, stop) not in done]
    if not new:
        return
    layout.thaibook_ranges = done | set(new)
    current = pango.pango_layout_get_attributes(layout.layout)
    attrs = pango.pango_attr_list_new() if current == ffi.NULL else pango.pango_attr_list_copy(current)
    for start, stop in new:
        attr = pango.pango_attr_allow_breaks_new(False)
        attr.start_index, attr.end_index = start, stop
        pango.pango_attr_list_insert(attrs, attr)
    pango.pango_layout_set_attributes(layout.layout, attrs)
    pango.pango_attr_list_unref(attrs)


class Inside:
    """The offsets strictly inside runs (start, end) that are sorted and do not overlap."""

    __slots__ = ("runs", "starts")

    def __init__(self, runs: list[tuple[int, int]]) -> None:
        self.runs, self.starts = runs, [a for a, _ in runs]

    def __contains__(self, i: object) -> bool:
        k = bisect_left(self.starts, i) - 1  # the last run starting before i
        return k >= 0 and i < self.runs[k][1]  # type: ignore[operator]


def _common(root: str, at: int, text: str) -> int:
    """How many characters of ``text`` ``root[at:]`` begins with (a hyphen added, a text cut)."""
    n = 0
    for x, y in zip(text, root[at:], strict=False):
        if x != y:
            break
        n += 1
    return n


def _breaks_left(text: str, lang: str | None) -> bool:
    """Whether Pango may break ``text`` somewhere the rule does not refuse."""
    from weasyprint.text.line_break import get_log_attrs

    attrs = get_log_attrs(text, lang)
    _, at, runs, ends, _ = runs_of(text)
    refused = {i - at for a, b in runs for i in range(a + 1, b)}
    return any(attrs[i].is_line_break and i not in refused for i in range(1, len(text)))


_declared: list[bool] = []


def _declare() -> None:
    """The two Pango functions WeasyPrint's cffi declarations lack."""
    if _declared:
        return
    _declared.append(True)
    from weasyprint.text.ffi import ffi

    ffi.cdef(
        "PangoAttribute * pango_attr_allow_breaks_new (gboolean allow_breaks);"
        "PangoAttrList * pango_attr_list_copy (PangoAttrList *list);"
    )
