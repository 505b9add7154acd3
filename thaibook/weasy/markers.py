"""List markers drawn just before their item's first line, so that the PDF's text reads in order.

WeasyPrint lays an outside marker out as an absolutely positioned box, and CSS paints
those after the page's in-flow text: every extractor then gives a page's list items
first and a run of '•' after them. Here each marker is drawn where its item's first
line is drawn, and skipped where WeasyPrint would draw it. Pages look the same: the
marker is painted with the same state, only earlier (nothing in flow overlaps it).
"""

from __future__ import annotations

import threading
from typing import Any

_local = threading.local()  # parts may be drawn in threads: each draws its own pages


def _state() -> dict[str, Any]:
    if not hasattr(_local, "state"):
        _local.state = {"contexts": {}, "pending": [], "drawn": set()}
    return _local.state


def install() -> None:
    """Wrap WeasyPrint's drawing of stacking contexts and block-level boxes (once)."""
    import weasyprint.draw as draw

    if getattr(draw.draw_block_level, "_thaibook", False):
        return
    original_context = draw.draw_stacking_context
    original_blocks = draw.draw_block_level

    def draw_stacking_context(stream: Any, context: Any) -> None:
        state = _state()
        if id(context.box) in state["drawn"]:
            return
        for child in context.zero_z_contexts:
            if getattr(child.box, "is_outside_marker", False):
                state["contexts"].setdefault(id(child.box.element), []).append(child)
        original_context(stream, context)
        if context.box.__class__.__name__ == "PageBox":
            state.update(contexts={}, pending=[], drawn=set())

    def draw_block_level(page: Any, stream: Any, blocks_and_cells: dict) -> None:
        state = _state()
        for block, inner in blocks_and_cells.items():
            # The marker box is its list item's: same element (the stacking took it out of the item).
            state["pending"] += state["contexts"].pop(id(getattr(block, "element", None)), [])
            if state["pending"] and _has_lines(block):
                markers, state["pending"] = state["pending"], []
                for context in markers:
                    original_context(stream, context)
                    state["drawn"].add(id(context.box))
            original_blocks(page, stream, {block: inner})

    draw_stacking_context.__wrapped__ = original_context  # type: ignore[attr-defined]
    draw_block_level.__wrapped__ = original_blocks  # type: ignore[attr-defined]
    draw_block_level._thaibook = True  # type: ignore[attr-defined]
    draw.draw_stacking_context = draw_stacking_context
    draw.draw_block_level = draw_block_level


def _has_lines(block: Any) -> bool:
    children = getattr(block, "children", None)
    return bool(children) and children[-1].__class__.__name__ == "LineBox"
