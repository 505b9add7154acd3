"""The kept contents drawn in pieces: each run of its pages once the numbers it prints are known.

The worker that laid the contents out keeps it (tocnumbers.py) and said which anchors'
page numbers each page prints. A page's numbers are known once the parts holding
those anchors are placed, and parts are placed in reading order, so the contents'
first pages can be drawn while later chapters are still being typeset, instead of
the whole contents after the last chapter with the other workers idle.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, replace

from .partrender import PartResult
from .tocnumbers import ready_pages

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
