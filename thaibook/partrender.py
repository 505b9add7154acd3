"""Typeset one part of the book (cover, contents or a chapter) in a worker process.

A part is laid out before the pages in front of it are known: its page count is
reported between layout and margin boxes (parthooks.py), and the answer applied:
the same pages a single pass makes, at the cost of one layout.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .pages import PageInfo, page_infos
from .parthooks import StopError, current, install_hooks
from .pdf import collect_warnings, pdf_bytes, render


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
    warnings: tuple[str, ...] = ()


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


class RefusedError(Exception):
    """The sandbox refused a URL of the part (the parent names the chapter)."""


Ask = Callable[[LaidOut], Placement | None]


def typeset_part(job: PartJob, ask: Ask) -> PartResult | None:
    """Lay out, ask where the part goes, finish and write it; None when told to stop."""
    from . import reuse

    install_hooks()
    with reuse.typesetting_part():
        return _typeset(job, ask)


def _typeset(job: PartJob, ask: Ask) -> PartResult | None:
    from . import reuse, tocnumbers
    from .printopts import weasyprint_options
    from .sandbox import is_refusal

    current().clear()
    current()["ask"] = ask
    current()["park"] = job.park
    options = weasyprint_options(job.print_config) if job.print_config else {}
    fetcher = job.sandbox.fetcher() if job.sandbox else None
    if job.numbers is not None:
        if (kept := _draw_kept(job, options)) is not None or job.pages is not None:
            return kept  # None: pieces of a contents this worker does not hold (the parent falls back)
    try:
        with collect_warnings() as warnings:
            try:
                document = render(job.html, job.base_url, fetcher, font_config=reuse.font_config(), **options)
            except StopError:
                return None
            except BaseException as exc:
                reuse.forget()
                if is_refusal(exc):
                    raise RefusedError(job.sandbox.refused[-1]) from None
                raise
            if job.sandbox and job.sandbox.refused:
                reuse.forget()
                raise RefusedError(job.sandbox.refused[0])
            placement: Placement = current()["placement"]
            if job.park:
                counters = current()["context"].counter_style
                numbers = current()["numbers"]
                tocnumbers.park(
                    tocnumbers.html_key(job.html), document, placement, counters, warnings, numbers
                )
                return None
            return _finish(job, document, placement, options, warnings)
    finally:
        current().clear()


def _draw_kept(job: PartJob, options: dict) -> PartResult | None:
    """The kept contents' pages (all, or ``job.pages``) drawn with their numbers; None if not kept here."""
    from . import tocnumbers

    pages = range(*job.pages) if job.pages else None
    parked = tocnumbers.take(job.parked, job.placement, pages)
    if parked is None:
        return None
    document, placement = parked.document, parked.placement
    pages = pages or range(len(document.pages))
    with collect_warnings() as warnings:
        if pages.start == 0:
            warnings[:0] = parked.warnings  # the layout's warnings, then the drawing's
        tocnumbers.write_numbers(parked, job.numbers or {}, pages)
        earlier = document.pages[: pages.start]
        if len(pages) < len(document.pages):
            document = document.copy(document.pages[pages.start : pages.stop])
            placement = _slice(placement, pages)
        return _finish(job, document, placement, options, warnings, earlier)


def _slice(placement: Placement, pages: range) -> Placement:
    """Where some of a part's pages go."""
    first = placement.first_index + pages.start
    return Placement(placement.counters[pages.start : pages.stop], first % 2 == 1, first)


def _finish(
    job: PartJob,
    document: Any,
    placement: Placement,
    options: dict,
    warnings: list[str],
    earlier: Sequence[Any] = (),
) -> PartResult:
    """Draw a laid-out part: PDF bytes, pages, bookmarks, fonts, warnings.

    ``earlier``: the pages before these of a part drawn in pieces, whose warnings were given.
    """
    from .conformance import prepare_document
    from .refs import resolution_warnings

    infos = page_infos(document)
    prepare_document(document, job.date)
    data = pdf_bytes(document, **options)
    fonts, files = _font_uses(document)
    marks = tuple(_bookmarks(page) for page in document.pages)
    if job.book is not None and job.print_config is not None:
        first, dpi = placement.first_index - len(earlier), job.print_config.min_dpi
        given = set(resolution_warnings(job.book, _Shifted(first, earlier), dpi)) if earlier else set()
        found = resolution_warnings(job.book, _Shifted(first, [*earlier, *document.pages]), dpi)
        warnings = warnings + [w for w in found if w not in given]
    return PartResult(data, tuple(infos), placement.counters, marks, fonts, files, tuple(warnings))


def warm_up() -> None:
    """Typeset a line with the default fonts once, so that every lazy import and cache is loaded."""
    from .content import REPO_DIR

    faces = "".join(
        f'@font-face {{ font-family: warm; src: url("{path.as_uri()}"); }}'
        for path in sorted((REPO_DIR / "fonts").glob("*.ttf"))[:1]
    )
    html = f"<style>{faces} p {{ font-family: warm }}</style><h1>บทนำ</h1><p>การคุ้มครองทางสังคม 123</p>"
    with collect_warnings():
        pdf_bytes(render(html, "file:///"))


class _Shifted:
    """A document's pages behind blank ones, so that page numbers count from the book's start."""

    def __init__(self, before: int, pages: list[Any]) -> None:
        blank = type("Blank", (), {"_page_box": type("Box", (), {"children": ()})()})()
        self.pages = [blank] * before + list(pages)


def _bookmarks(page: Any) -> tuple[tuple[int, str, float, float, str], ...]:
    """The page's bookmarks in PDF coordinates (origin bottom left, points)."""
    scale = 0.75
    return tuple(
        (level, label, x * scale, (page.height - y) * scale, state)
        for level, label, (x, y), state in page.bookmarks
    )


def _font_uses(document: Any) -> tuple[dict[str, FontUse], dict[str, bytes]]:
    """What the part drew with each font, and the fonts' original files."""
    from weasyprint.text.fonts import get_hb_object_data

    uses: dict[str, FontUse] = {}
    files = {}
    for font in document.fonts.values():
        data = get_hb_object_data(font.hb_face)
        sha = hashlib.sha256(data).hexdigest()
        files[sha] = data
        old = uses.get(font.hash, FontUse(sha, {}, {}))
        widths = {**old.widths, **font.widths}
        uses[font.hash] = FontUse(sha, widths, {**font.to_unicode, **old.to_unicode})
    return uses, files
