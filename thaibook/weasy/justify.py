"""Justified Thai without rivers: a line's slack spread over its word breaks, spaces and clusters.

WeasyPrint justifies by stretching U+0020 alone, and Thai has few: a Thai line gets gaps of
several em. Here a justified line that holds Thai gives its slack first to the places a line may
break between words (up to ``WORD_MAX``) and to its spaces (up to ``SPACE_MAX``), then evenly
to the boundaries between its Thai clusters (up to ``CLUSTER_MAX``), then to the spaces again
(up to ``SPACE_LAST``). A line too loose for that (a long word would not fit after it) keeps
the rest at its end: wider gaps would read as spaces, to the eye and to text extraction. A gap goes after a whole cluster, never between a base and its
marks; nothing is added to the text, so the text layer stays what it was: the gaps are widened
glyph advances, drawn as the PDF's own positioning.
"""

from __future__ import annotations

from typing import Any

# Caps, in em of the text's font size. poppler's pdftotext reads a gap of 0.06 em or more between
# two Thai letters as a space (measured on ORCHID: 0.08 em word gaps made it invent 127 spaces,
# 0.04 one); pypdf tolerates more. Spaces are spaces already: they take what is left over.
WORD_MAX = 0.04
CLUSTER_MAX = 0.03
SPACE_MAX = 0.5
SPACE_LAST = 1.0


PANGO_SCALE = 1024


_installed: list[bool] = []


def install() -> None:
    """Route WeasyPrint's line justification and glyph drawing through this module (once)."""
    if _installed:
        return
    _installed.append(True)
    from weasyprint.layout import inline
    from weasyprint.text import line_break

    original_justify, original_first_line = inline.justify_line, line_break.Layout.get_first_line

    def justify_line(context: Any, line: Any, extra_width: float) -> None:
        if not justify_thai(line, extra_width):
            original_justify(context, line, extra_width)

    def get_first_line(self: Any) -> Any:
        first_line, index = original_first_line(self)
        gaps = getattr(self, "thaibook_gaps", None)
        if gaps and getattr(self, "_thaibook_widened", None) is not self.layout:
            _widen(first_line, gaps)
            self._thaibook_widened = self.layout  # once per shaping: drawing may ask twice
        return first_line, index

    justify_line.__wrapped__ = original_justify  # type: ignore[attr-defined]
    get_first_line.__wrapped__ = original_first_line  # type: ignore[attr-defined]
    inline.justify_line = justify_line
    line_break.Layout.get_first_line = get_first_line


def _thai(c: str) -> bool:
    return "\u0e01" <= c <= "\u0e4e"


def justify_thai(line: Any, extra: float) -> bool:
    """Spread ``extra`` over a line that holds Thai; False (nothing done) for any other line."""
    from weasyprint.formatting_structure import boxes

    texts = [b for b in line.descendants() if isinstance(b, boxes.TextBox)]
    if extra <= 0 or not any(_thai(c) for b in texts for c in b.text):
        return False
    places = _places(texts, boxes)
    if not places:
        return False
    amounts = _share(extra, places)
    gaps: dict[int, dict[int, float]] = {}
    for (box, at, _, _), amount in zip(places, amounts, strict=True):
        gaps.setdefault(id(box), {})[at] = gaps.get(id(box), {}).get(at, 0.0) + amount
    _advance(line, gaps, 0.0, boxes)
    return True


def _places(texts: list[Any], boxes: Any) -> list[tuple[Any, int, str, float]]:
    """Every place a gap may go: (text box, character offset it follows, kind, font size)."""
    from weasyprint.text.line_break import get_log_attrs

    places = []
    for n, box in enumerate(texts):
        text, size = box.text, box.style["font_size"]
        attrs = get_log_attrs(text, box.style["lang"])
        free = box.style["white_space"] not in ("nowrap", "pre")
        refused = getattr(box.pango_layout, "thaibook_refused", ())  # the line-break rule's (breaks.py)
        for i in range(1, len(text) + 1):
            before, after = text[i - 1], text[i] if i < len(text) else _next_char(texts, n)
            if after is None:
                continue  # the line's end: what follows is the margin
            if before in " \u00a0":
                places.append((box, i, "space", size))
            elif after.isspace() or not (i == len(text) or attrs[i].is_cursor_position):
                continue
            elif (i < len(text) and free and attrs[i].is_line_break and i not in refused) or (
                i == len(text) and _opens(text, after)
            ):
                places.append((box, i, "word", size))
            elif _thai(before.replace("\u200b", "ก")) and _thai(after.replace("\u200b", "ก")):
                places.append((box, i, "cluster", size))
    return places


def _next_char(texts: list[Any], n: int) -> str | None:
    """The first character of the line after text box n (None at the line's end)."""
    for box in texts[n + 1 :]:
        if box.text:
            return box.text[0]
    return None


def _opens(text: str, after: str) -> bool:
    """Whether the end of a box and the start of the next is a place a line could have broken."""
    return text.endswith("\u200b") or after == "\u200b"


CAPS = {"word": WORD_MAX, "space": SPACE_MAX, "cluster": CLUSTER_MAX}


def _share(extra: float, places: list[tuple[Any, int, str, float]]) -> list[float]:
    """How much of ``extra`` each place gets: word breaks and spaces first, then clusters, each up
    to its cap, then the spaces up to ``SPACE_LAST``."""
    amounts = [0.0] * len(places)
    left = extra
    for tier, caps in ((("word", "space"), CAPS), (("cluster",), CAPS), (("space",), {"space": SPACE_LAST})):
        members = [i for i, p in enumerate(places) if p[2] in tier]
        while members and left > 1e-6:
            each = left / len(members)
            room = {i: caps[places[i][2]] * places[i][3] - amounts[i] for i in members}
            step = min(each, *room.values())
            for i in members:
                amounts[i] += step
            left -= step * len(members)
            members = [i for i in members if room[i] - step > 1e-6]
    return amounts  # what no cap leaves room for stays at the line's end: a ragged line, not torn text


def _advance(box: Any, gaps: dict[int, dict[int, float]], x: float, boxes: Any) -> float:
    """Move the boxes of the line by the gaps before them and widen each text box by its own."""
    if isinstance(box, boxes.TextBox):
        box.position_x += x
        mine = gaps.get(id(box))
        if mine:
            box.pango_layout.thaibook_gaps = {
                len(box.text[:i].encode()): round(w * PANGO_SCALE) for i, w in mine.items()
            }
            added = sum(mine.values())
            box.width += added
            x += added
        return x
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x
        start = x
        for child in box.children:
            if child.is_in_normal_flow():
                x = _advance(child, gaps, x, boxes)
        box.width += x - start
        return x
    box.translate(x, 0)
    return x


def _widen(first_line: Any, gaps: dict[int, int]) -> None:
    """Add each gap to the advance of the last glyph of the cluster it follows."""
    from weasyprint.text.ffi import ffi

    run = first_line.runs
    while run != ffi.NULL:
        item = run.data.item
        glyphs = run.data.glyphs
        clusters = glyphs.log_clusters
        for i in range(glyphs.num_glyphs):
            end = clusters[i + 1] if i + 1 < glyphs.num_glyphs else item.length
            if end != clusters[i] and (add := gaps.get(item.offset + end)):
                glyphs.glyphs[i].geometry.width += add
        run = run.next
