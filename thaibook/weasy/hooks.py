"""Hooks into WeasyPrint's layout that let a part be placed between layout and margin boxes.

WeasyPrint lays out all pages first and adds the margin boxes (running header,
folio) afterwards; in between, the part's page count is reported and the answer
(every page's folio, and whether the part starts on a left page) applied. Left and
right pages differ only in their side margins, so a part that turns out to start on
a left page is moved sideways box by box, as WeasyPrint would have placed it. A part
drawn in layers (frames.py) gets its margin boxes on a page box of their own, the frame.
"""

from __future__ import annotations

import copy
import threading
from typing import Any

from thaibook.weasy import frames

_local = threading.local()


def current() -> dict[str, Any]:
    """The part being typeset by this thread: its ask function, placement, layout context."""
    if not hasattr(_local, "state"):
        _local.state = {}
    return _local.state


class StopError(Exception):
    """The part was only laid out to count its pages."""


def install_hooks() -> None:
    """Wrap WeasyPrint's layout so that each part can be placed before its margin boxes."""
    import weasyprint.document as wp_document
    import weasyprint.layout as wp_layout
    import weasyprint.layout.page as wp_page

    from thaibook.weasy import reuse

    if getattr(wp_layout.make_margin_boxes, "_thaibook", False):
        return
    original_layout = wp_document.layout_document
    original_margins = wp_layout.make_margin_boxes
    original_page = wp_page.make_page

    def make_page(context: Any, root_box: Any, page_type: Any, *args: Any, **kwargs: Any) -> Any:
        made = original_page(context, root_box, page_type, *args, **kwargs)
        if current().get("ask"):
            resets = context.style_for(page_type)["counter_reset"]
            current().setdefault("resets", {})[page_type.index] = any(
                name == "page" for name, _ in (resets if isinstance(resets, tuple) else ())
            )
            current().setdefault("anchors", {})[page_type.index] = _anchors(made[0])
            current().setdefault("pages", {})[page_type.index] = made[0]
        return made

    def layout_document(html: Any, root_box: Any, context: Any, *args: Any, **kwargs: Any) -> Any:
        current()["html"] = html
        current()["context"] = context
        return original_layout(html, root_box, context, *args, **kwargs)

    def make_margin_boxes(context: Any, page: Any, state: Any) -> Any:
        if current().get("frame_job") is not None:
            return _frame_job(context)
        if not current().get("ask"):
            return original_margins(context, page, state)
        index = context.current_page - 1
        if "placement" not in current():
            _place(context)
        placement = current()["placement"]
        if placement.left_first:
            _flip_side(context, page)
        if current().get("layered"):  # the margin boxes go in the frame, drawn apart (frames.py)
            meta = frames.page_meta(page, state)
            made = frames.frame(context, current()["html"], meta, placement.counters[index])
            current()["frames"].append((meta, made))
            return ()
        state = copy.deepcopy(state)
        state[1]["page"] = [placement.counters[index]]
        return original_margins(context, page, state)

    make_margin_boxes._thaibook = True  # type: ignore[attr-defined]
    for wrapper, original in ((make_page, original_page), (layout_document, original_layout)):
        wrapper.__wrapped__ = original  # type: ignore[attr-defined] (its signature is the original's)
    make_margin_boxes.__wrapped__ = original_margins  # type: ignore[attr-defined]
    wp_document.layout_document = layout_document
    wp_layout.make_margin_boxes = make_margin_boxes
    wp_page.make_page = make_page
    reuse.install()


def _place(context: Any) -> None:
    """Report the laid-out pages (page counters, counter resets, anchors, page boxes) and wait
    for their placement: the ``ask`` function returns it, or None to stop."""
    states = context.page_maker[1:]
    counters = tuple(state[3][1]["page"][-1] for state in states)
    resets, anchors = current().get("resets", {}), current().get("anchors", {})
    pages = range(len(counters))
    boxes = [current()["pages"][i] for i in pages] if current().get("park") else []
    placement = current()["ask"](
        counters,
        tuple(resets.get(i, False) for i in pages),
        tuple(anchors.get(i, ()) for i in pages),
        boxes,
    )
    if placement is None:
        raise StopError
    current()["placement"] = placement
    if current().get("layers"):
        current()["layered"] = frames.layered([current()["pages"][i] for i in pages])
        current()["frames"] = []


def _frame_job(context: Any) -> tuple:
    """A frame job's one empty page: the frames of the pages in ``frame_job`` (metas, counters)
    made on it, kept in ``frames``; the page itself gets no margin boxes."""
    if "frames" not in current():
        metas, counters = current()["frame_job"]
        html = current()["html"]
        current()["frames"] = [
            (m, frames.frame(context, html, m, n)) for m, n in zip(metas, counters, strict=True)
        ]
    return ()


def _anchors(page: Any) -> tuple[str, ...]:
    """The anchors (ids) on a laid-out page, in order."""
    found = []
    for box in page.descendants():
        anchor = box.style["anchor"]
        if anchor and anchor not in found:
            found.append(anchor)
    return tuple(found)


def _flip_side(context: Any, page: Any) -> None:
    """Make a page laid out as a right page a left one (or back): other margins, boxes moved."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.page import page_height, page_width, set_page_type_computed_styles
    from weasyprint.layout.percent import resolve_percentages

    old = page.page_type
    new_type = old._replace(side="left" if old.side == "right" else "right")
    set_page_type_computed_styles(new_type, current()["html"], context.style_for)
    style = context.style_for(new_type)
    style["overflow"] = page.style["overflow"]
    new = boxes.PageBox(new_type, style)
    resolve_percentages(new, style["size"])
    new.position_x = new.position_y = 0
    page_width(new, context, style["size"][0])
    page_height(new, context, style["size"][1])
    dx = new.content_box_x() - page.content_box_x()
    dy = new.content_box_y() - page.content_box_y()
    for child in page.children:
        child.translate(dx, dy)
    for name in ("width", "height", "margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(page, name, getattr(new, name))
    for side in ("left", "right", "top", "bottom"):
        for kind in ("padding", "border"):
            name = f"{kind}_{side}" if kind == "padding" else f"border_{side}_width"
            setattr(page, name, getattr(new, name))
    page.page_type = new_type
    page.style = new.style
