"""What passes between the parent and a worker: a part's job, its layout, its place, its result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from thaibook.core.book import PageInfo
from thaibook.core.errors import BuildWarning

if TYPE_CHECKING:
    from thaibook.weasy.frames import PageMeta

LINK_SCHEME = "thaibook:"  # parts link to anchors of other parts as thaibook:<anchor>
COUNTER = "thaibook-target"  # the counter contents_with_numbers resets on each entry


@dataclass(frozen=True)
class LaidOut:
    """A part after layout: the page counter of each page, which pages reset it, their anchors.

    A contents laid out to be kept (``PartJob.park``) also names, page by page, the
    anchors whose page numbers it prints: () if they cannot be written in place.
    """

    counters: tuple[int, ...]
    resets: tuple[bool, ...] = ()
    anchors: tuple[tuple[str, ...], ...] = ()
    numbers: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Placement:
    """Where a laid-out part goes: the folio counter of each page, and its first side."""

    counters: tuple[int, ...]
    left_first: bool
    first_index: int = 0


@dataclass(frozen=True)
class FontUse:
    """One font of a part: its file, and the glyphs the part drew with it."""

    file_sha: str
    widths: dict[int, float]
    to_unicode: dict[int, str]


@dataclass(frozen=True)
class PartResult:
    """A typeset part: PDF bytes, pages, bookmarks, fonts and warnings."""

    pdf: bytes
    infos: tuple[PageInfo, ...]
    counters: tuple[int, ...]
    bookmarks: tuple[tuple[tuple[int, str, float, float, str], ...], ...]
    fonts: dict[str, FontUse]
    font_files: dict[str, bytes] = field(default_factory=dict)
    warnings: tuple[BuildWarning, ...] = ()
    # A part drawn in layers (weasy/frames.py): ``pdf`` holds the pages' bodies, ``frames`` their
    # margin boxes, a page each, which the join lays over them; ``meta`` is what a frame is made
    # from again, for the same sides and other folios.
    frames: bytes | None = None
    frame_fonts: dict[str, FontUse] = field(default_factory=dict)
    meta: tuple[PageMeta, ...] = ()


def share_fonts(result: PartResult, seen: dict[str, bytes]) -> PartResult:
    """The result with each font file it carries replaced by the copy already ``seen``, if any.

    Every part brings the files of its fonts: kept as sent, a 160-part book held 43 MB of copies
    of the same three files in the parent until the join.
    """
    if not result.font_files:
        return result
    files = {sha: seen.setdefault(sha, data) for sha, data in result.font_files.items()}
    return replace(result, font_files=files)


@dataclass(frozen=True)
class PartJob:
    """One part to typeset: its HTML document and what every render of the book is given.

    The contents is laid out first and kept (``park``); the next jobs bring the page
    numbers, to be written into the kept layout by the worker that holds it (``after``),
    and drawn: the whole contents, or a run of its ``pages`` (start, end) at a time.
    """

    key: str
    html: str
    base_url: str
    sandbox: Any = None
    print_config: Any = None
    date: Any = None
    book: Any = None
    park: bool = False
    numbers: dict[str, int] | None = None
    parked: str = ""
    placement: Placement | None = None
    after: str = ""
    pages: tuple[int, int] | None = None
    meta: tuple[PageMeta, ...] = ()  # a frame job: the frames of these pages, for ``placement``
    # The book's words (UTF-8, one a line: a 33,000-word list pickles in 0.3 ms, not 15) and its
    # line-break rule, which the worker gives the typesetter (weasy/breaks.py).
    linebreak: tuple[bytes, str] = (b"", "libthai")


class RefusedError(Exception):
    """The sandbox refused a URL of the part (the parent names the chapter)."""


Ask = Callable[[LaidOut], Placement | None]
