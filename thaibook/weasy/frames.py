"""A part's pages in two layers, body and frame, so that a part placed anew needs a new frame only.

A page's body (all but its margin boxes) depends on the part's layout and the side of
its page alone; its folios are drawn in the margin boxes. So the body is drawn apart
from the frame, the margin boxes (running header, folio), which is made from what the
margin boxes read: the page's type (its name, side, group...) and counters, kept with
the part (``PageMeta``). A cached part placed again on the same sides (an earlier
chapter grew by an even number of pages) gets new frames, made the same way on the
empty page of its own style sheet (``hooks``, frame jobs), without laying its body out
again. On the other sides the body would only move sideways, but moved in the PDF it
is not the single pass's to the pixel (glyph edges are anti-aliased from other sums),
so it is typeset again.

Pages with something drawn on the page box itself (a background, a border, crop marks)
are not layered: the frame is drawn over the body, and those are drawn under it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

SIDES = ("top", "right", "bottom", "left")


@dataclass(frozen=True)
class PageMeta:
    """What a page's frame is made from, as plain values (no WeasyPrint object)."""

    page_type: tuple  # WeasyPrint's PageType: side, blank, name, index, groups (as placed)
    state: tuple  # quote depth, counter values, counter scopes, as the margin boxes read them
    overflow: str = "visible"  # the page's overflow (the root's, propagated)


def layered(pages: list[Any]) -> bool:
    """Whether these laid-out pages can be drawn as body and frame."""
    return all(plain(page) for page in pages)


def plain(page: Any) -> bool:
    """Whether nothing is drawn on the page box itself: no background (nor the canvas'), border,
    mask or crop marks."""
    style = page.style
    if style["marks"] or style["mask_border_source"][0] != "none":
        return False
    if any(style[f"border_{name}_width"] for name in SIDES) or _painted(style):
        return False
    root = page.children[0] if page.children else None
    if root is None:
        return True
    body = [child for child in getattr(root, "children", ()) if (child.element_tag or "").lower() == "body"]
    return not any(_painted(box.style) for box in (root, *body))


def _painted(style: Any) -> bool:
    color = style["background_color"]
    if color == "currentcolor" or getattr(color, "alpha", 1) != 0:
        return True
    return bool(style["box_shadow"]) or any(kind != "none" for kind, _ in style["background_image"])


def page_meta(page: Any, state: Any) -> PageMeta:
    """A placed page's type and its margin boxes' state."""
    quote_depth, values, scopes, _groups = state
    kept = copy.deepcopy((quote_depth, values, scopes))
    return PageMeta(tuple(page.page_type), kept, page.style["overflow"])


def frame(context: Any, html: Any, meta: PageMeta, counter: int) -> Any:
    """The page's margin boxes, with folio counter ``counter``, on a page box of their own."""
    from weasyprint.layout.background import layout_box_backgrounds
    from weasyprint.layout.page import PageType, make_margin_boxes

    page_type = PageType(*meta.page_type)
    box = retyped(context, html, page_type, meta.overflow)
    quote_depth, values, scopes = copy.deepcopy(meta.state)
    values["page"] = [counter]
    box.children = tuple(make_margin_boxes(context, box, (quote_depth, values, scopes, [])))
    layout_box_backgrounds(box, box, context.get_image_from_uri)
    box.canvas_background = None
    return box


def retyped(context: Any, html: Any, page_type: Any, overflow: str) -> Any:
    """An empty page box of this type: its style and geometry."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.page import page_height, page_width, set_page_type_computed_styles
    from weasyprint.layout.percent import resolve_percentages

    set_page_type_computed_styles(page_type, html, context.style_for)
    style = context.style_for(page_type)
    style["overflow"] = overflow  # as make_page sets it, from the root
    new = boxes.PageBox(page_type, style)
    resolve_percentages(new, style["size"])
    new.position_x = new.position_y = 0
    page_width(new, context, style["size"][0])
    page_height(new, context, style["size"][1])
    return new


def frame_document(document: Any, boxes: list[Any]) -> Any:
    """A document of the frames' pages (the margin boxes alone), beside the body's."""
    from weasyprint.document import Page

    return document.copy([Page(box) for box in boxes])


class _Both:
    """A page's body and frame read as one page (for its images), body first as WeasyPrint draws."""

    def __init__(self, body: Any, frame: Any) -> None:
        self._page_box = _Children([body._page_box, frame._page_box])


class _Children:
    def __init__(self, children: list[Any]) -> None:
        self.children = children


def both_layers(bodies: list[Any], frames: list[Any]) -> list[Any]:
    """Each page's body and frame as one page, for what reads a page's boxes (its images)."""
    return [_Both(body, frame) for body, frame in zip(bodies, frames, strict=True)]
