"""The contents laid out once: its page numbers written in when the chapters are placed.

Every chapter's place depends on how many pages the contents takes, and the contents
prints the chapters' page numbers, so the contents is laid out first with every
number 0. The worker that laid it out keeps it and reports which numbers each page
prints; as the chapters are placed it replaces each number's text in place and draws
the pages whose numbers are all known, a few at a time, instead of laying the
contents out again at the end. That is exact when a number can move nothing else: it fills an
absolutely positioned box whose width does not depend on its text (both ``left``
and ``right`` set, as in data/layouts/print.css.j2). Otherwise, or when the kept layout
is gone (another worker, another build), the contents is typeset again as before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Container
from dataclasses import dataclass, replace
from typing import Any

from thaibook.core.errors import BuildWarning
from thaibook.parts.jobs import PartResult
from thaibook.weasy import document
from thaibook.weasy.document import Number


@dataclass
class Parked:
    """A laid-out contents kept in its worker: the document, where it went, each page's numbers' boxes."""

    key: str
    document: Any
    placement: Any
    counter_style: Any
    warnings: list[BuildWarning]
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
    warnings: list[BuildWarning],
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


def write_numbers(parked: Parked, numbers: dict[str, int], pages: range) -> None:
    """Put each entry's page number in its text box on these pages of the kept contents."""
    boxes = (number for i in pages for number in parked.numbers[i])
    document.write_numbers(boxes, numbers, parked.counter_style)


def page_targets(boxes: list[list[Number]] | None) -> tuple[tuple[str, ...], ...]:
    """The anchors whose page numbers each page prints (from page_numbers); () if they cannot be written in place."""
    return () if boxes is None else tuple(tuple(anchor for anchor, _, _ in page) for page in boxes)


def ready_pages(targets: tuple[tuple[str, ...], ...], start: int, known: Container[str], done: bool) -> int:
    """Where the run of pages from ``start`` whose numbers are all known ends (all of them when done)."""
    end = start
    while end < len(targets) and (done or all(anchor in known for anchor in targets[end])):
        end += 1
    return end


# Pages drawn at a time (fewer only for the last piece): each piece costs its worker a
# job and the join a part (~20 ms together), a page about 0.1 s to draw.
PIECE_PAGES = 3


PREFIX = "contents@"  # a piece's job is named by its first page: contents@0, contents@3, ...


@dataclass(frozen=True)
class Pieces:
    """Which anchors' numbers each contents page prints, and the pieces sent to be drawn so far."""

    targets: tuple[tuple[str, ...], ...]
    sent: tuple[range, ...] = ()

    def next(self, known: Container[str], done: bool, least: int) -> tuple[Pieces, range | None]:
        """The next run of pages to draw, if at least ``least`` pages or the last ones are ready.

        ``known``: the anchors whose numbers are known; ``done``: every part is placed
        (an anchor still not found prints 0, as in a single pass).
        """
        start = self.sent[-1].stop if self.sent else 0
        end = ready_pages(self.targets, start, known, done)
        if end == start or (end - start < least and end < len(self.targets)):
            return self, None
        pages = range(start, end)
        return replace(self, sent=(*self.sent, pages)), pages

    @property
    def complete(self) -> bool:
        """Whether every page has been sent to be drawn."""
        return bool(self.sent) and self.sent[-1].stop == len(self.targets)

    def keys(self) -> list[str]:
        """The job keys of the pieces sent, in reading order."""
        return [key(pages) for pages in self.sent]

    def gather(self, results: dict[str, PartResult]) -> tuple[PartResult, ...] | None:
        """The whole contents' results in reading order; None if a piece is missing."""
        if not self.complete or any(k not in results for k in self.keys()):
            return None
        return tuple(results[k] for k in self.keys())


def key(pages: range) -> str:
    """The job key of the piece drawing these pages."""
    return f"{PREFIX}{pages.start}"


def is_piece(job_key: str) -> bool:
    """Whether a job draws a piece of the contents."""
    return job_key.startswith(PREFIX)
