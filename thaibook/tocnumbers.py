"""The contents laid out once: its page numbers written in when the chapters are placed.

Every chapter's place depends on how many pages the contents takes, and the contents
prints the chapters' page numbers, so the contents is laid out first with every
number 0. The worker that laid it out keeps it and reports which numbers each page
prints; as the chapters are placed it replaces each number's text in place and draws
the pages whose numbers are all known, a few at a time, instead of laying the
contents out again at the end. That is exact when a number can move nothing else: it fills an
absolutely positioned box whose width does not depend on its text (both ``left``
and ``right`` set, as in layouts/print.css.j2). Otherwise, or when the kept layout
is gone (another worker, another build), the contents is typeset again as before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Container
from dataclasses import dataclass
from typing import Any

from .join import LINK_SCHEME

COUNTER = "thaibook-target"  # the counter parallel.contents_with_numbers resets on each entry
# How far a text box moves when its text gets narrower by 1, for each text-align.
SHIFT = {"right": 1.0, "end": 1.0, "center": 0.5}


Number = tuple[str, Any, str]  # anchor, text box, counter style name


@dataclass
class Parked:
    """A laid-out contents kept in its worker: the document, where it went, each page's numbers' boxes."""

    key: str
    document: Any
    placement: Any
    counter_style: Any
    warnings: list[str]
    numbers: list[list[Number]]
    left: set[int]  # the pages not drawn yet


_parked: dict[str, Parked] = {}
_inherited: list[dict[str, Parked]] = []


def html_key(html: str) -> str:
    """The name a kept contents goes by: a hash of the HTML it was laid out from."""
    return hashlib.sha256(html.encode()).hexdigest()


def after_fork() -> None:
    """A forked worker keeps no contents of its parent's (held, never freed: see reuse.after_fork)."""
    _inherited.append(dict(_parked))
    _parked.clear()


def park(
    key: str,
    document: Any,
    placement: Any,
    counter_style: Any,
    warnings: list[str],
    boxes: list[list[Number]] | None,
) -> bool:
    """Keep a laid-out contents for its numbers (``boxes``: page_numbers of its pages, as laid out);
    False if its numbers cannot be written in place."""
    _parked.clear()
    if boxes is None:
        return False
    pages = set(range(len(boxes)))
    _parked[key] = Parked(key, document, placement, counter_style, list(warnings), boxes, pages)
    return True


def take(key: str, placement: Any, pages: range | None = None) -> Parked | None:
    """The kept contents laid out from this HTML and placed so, to draw these pages (None: all);
    None if this worker does not hold them. It is kept until every page is drawn."""
    parked = _parked.get(key)
    if parked is None or parked.placement != placement:
        return None
    wanted = set(range(len(parked.numbers)) if pages is None else pages)
    if not wanted <= parked.left:
        return None
    parked.left -= wanted
    if not parked.left:
        del _parked[key]
    return parked


def page_targets(boxes: list[list[Number]] | None) -> tuple[tuple[str, ...], ...]:
    """The anchors whose page numbers each page prints (from page_numbers); () if they cannot be written in place."""
    return () if boxes is None else tuple(tuple(anchor for anchor, _, _ in page) for page in boxes)


def number_boxes(document: Any) -> list[Number] | None:
    """(anchor, text box, counter style name) of every contents number, or None if one could move others."""
    boxes = page_numbers([page._page_box for page in document.pages])
    return None if boxes is None else [number for page in boxes for number in page]


def page_numbers(page_boxes: list[Any]) -> list[list[Number]] | None:
    """Each page's numbers (its margin boxes, made after layout, aside), or None if one could move others."""
    pages: list[list[Number]] = []
    for page in page_boxes:
        pages.append([])
        body = [child for child in page.children if type(child).__name__ != "MarginBox"]
        if not all(_collect(child, pages[-1]) for child in body):
            return None
    return pages


def ready_pages(targets: tuple[tuple[str, ...], ...], start: int, known: Container[str], done: bool) -> int:
    """Where the run of pages from ``start`` whose numbers are all known ends (all of them when done)."""
    end = start
    while end < len(targets) and (done or all(anchor in known for anchor in targets[end])):
        end += 1
    return end


def _collect(box: Any, found: list[Number]) -> bool:
    if box.element_tag == "a::after" and COUNTER in repr(box.style["content"]):
        number = _number(box)
        if number is None:
            return False
        found.append(number)
        return True
    return all(_collect(child, found) for child in getattr(box, "children", None) or ())


def _number(box: Any) -> Number | None:
    """The number of one entry, if its box is absolutely positioned with a width of its own."""
    style = box.style
    content = style["content"]
    href = box.element.get("href", "") if box.element is not None else ""
    fixed = style["position"] == "absolute" and style["left"] != "auto" and style["right"] != "auto"
    fixed = fixed and style["direction"] == "ltr"
    texts = [d for d in box.descendants() if type(d).__name__ == "TextBox"]
    if not (fixed and href.startswith(LINK_SCHEME) and len(texts) == 1 and len(content) == 1):
        return None
    kind, value = content[0]
    if kind != "counter()" or value[0] != COUNTER or style["text_align_all"] not in (*SHIFT, "left", "start"):
        return None
    return href.removeprefix(LINK_SCHEME), texts[0], value[-1]


def write_numbers(parked: Parked, numbers: dict[str, int], pages: range) -> None:
    """Put each entry's page number in its text box on these pages, aligned as WeasyPrint aligned the 0."""
    from weasyprint.text.line_break import Layout, line_size

    for anchor, box, counter_type in (number for i in pages for number in parked.numbers[i]):
        text = parked.counter_style.render_value(numbers.get(anchor, 0), counter_type)
        layout = Layout(box.style)
        layout.set_text(text)
        width, _ = line_size(layout.get_first_line()[0], box.style)
        box.position_x += (box.width - width) * SHIFT.get(box.style["text_align_all"], 0.0)
        box.width = width
        box.text = text
        box.pango_layout.text = text  # drawing sets its Pango layout up again from this text
