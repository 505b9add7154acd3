"""One link annotation where WeasyPrint makes several for the same link on the same spot.

WeasyPrint gives every box of a link an annotation of its own: a contents line (a block
``<a>``, its line, its text, its leader and its page number) had six, all leading to the
same heading, most of them the same rectangle. A 500-page book's contents drew 4,800
link annotations for 800 headings, each a dozen PDF objects that readers, extractors and the
join all parse (its join took 105 MB and 0.67 s; 87 MB and 0.60 s with one each). An annotation
lying inside another one to the same target on the same page adds nothing a reader can
click: it is left out. A link of no height (a footnote call, whose line-height is 0) gets its
box's border area. Links stay in reading order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

Rect = tuple[float, float, float, float]  # x1, y1, x2, y2, as Page.links gives them


def one_link_each(pages: Iterable[Any]) -> None:
    """Drop, on each page, the links that another link to the same target covers; give the ones
    of no height the height of their box's border area."""
    for page in pages:
        page.links[:] = kept_links([_with_height(link) for link in page.links])


def _with_height(link: tuple[str, str, Rect, Any]) -> tuple[str, str, Rect, Any]:
    """A link whose line-height leaves its box no height (a footnote call: ``sup { line-height:
    0 }``), over its border area instead, which CSS hit-tests (WeasyPrint takes the line's height,
    so no viewer could click it). A transformed box's rectangle is left as it is."""
    kind, target, (x1, y1, x2, y2), box = link
    if y2 > y1 or y1 != getattr(box, "position_y", None) or not hasattr(box, "border_height"):
        return link
    top, height = box.border_box_y(), box.border_height()
    return (kind, target, (x1, top, x2, top + height), box) if height > 0 else link


def kept_links(links: list[tuple[str, str, Rect, Any]]) -> list[tuple[str, str, Rect, Any]]:
    """The links of one page a reader can tell apart: largest first, each kept unless covered."""
    covering: dict[tuple[str, str], list[Rect]] = {}
    kept: set[int] = set()
    for i in sorted(range(len(links)), key=lambda i: -_area(links[i][2])):
        kind, target, rect, _ = links[i]
        same = covering.setdefault((kind, target), [])
        if not any(inside(rect, other) for other in same):
            same.append(rect)
            kept.add(i)
    return [link for i, link in enumerate(links) if i in kept]


def _area(rect: Rect) -> float:
    x1, y1, x2, y2 = rect
    return max(0.0, x2 - x1) * max(0.0, y2 - y1)


def inside(rect: Sequence[float], other: Sequence[float]) -> bool:
    """Whether ``rect`` lies within ``other``, both (x1, y1, x2, y2): a hundredth of a unit of
    rounding allowed (a CSS pixel here, a PDF point for editions/boxes.py)."""
    e = 0.01
    return (
        rect[0] >= other[0] - e
        and rect[1] >= other[1] - e
        and rect[2] <= other[2] + e
        and rect[3] <= other[3] + e
    )
