"""Typeset one part of the book (cover, contents or a chapter) in a worker process.

A part is laid out before the pages in front of it are known. WeasyPrint lays out
all pages first and adds the margin boxes (running header, folio) afterwards, so
the part's page count is reported in between, and the answer (the folio of every
page, and whether the part starts on a left page) is applied before the margin
boxes are made: the same pages a single pass makes, at the cost of one layout.
Left and right pages differ only in their side margins, so a part that turns out
to start on a left page is moved sideways box by box, as WeasyPrint would have
placed it.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .pages import PageInfo, page_infos
from .pdf import collect_warnings, pdf_bytes, render


@dataclass(frozen=True)
class LaidOut:
    """A part after layout: the page counter of each page, and which pages reset it."""

    counters: tuple[int, ...]
    resets: tuple[bool, ...] = ()
    anchors: tuple[tuple[str, ...], ...] = ()


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

    The contents is laid out first and kept (``park``); its second job brings the page
    numbers, to be written into the kept layout by the worker that holds it (``after``).
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


class RefusedError(Exception):
    """The sandbox refused a URL of the part (the parent names the chapter)."""


Ask = Callable[[LaidOut], Placement | None]
_current: dict[str, Any] = {}


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

    _current.clear()
    _current["ask"] = ask
    options = weasyprint_options(job.print_config) if job.print_config else {}
    fetcher = job.sandbox.fetcher() if job.sandbox else None
    if job.numbers is not None and (parked := tocnumbers.take(job.parked, job.placement)):
        with collect_warnings() as warnings:
            warnings[:0] = parked.warnings  # the layout's warnings, then the drawing's
            tocnumbers.write_numbers(parked, job.numbers)
            return _finish(job, parked.document, parked.placement, options, warnings)
    try:
        with collect_warnings() as warnings:
            try:
                document = render(job.html, job.base_url, fetcher, font_config=reuse.font_config(), **options)
            except _StopError:
                return None
            except BaseException as exc:
                reuse.forget()
                if is_refusal(exc):
                    raise RefusedError(job.sandbox.refused[-1]) from None
                raise
            if job.sandbox and job.sandbox.refused:
                reuse.forget()
                raise RefusedError(job.sandbox.refused[0])
            placement: Placement = _current["placement"]
            if job.park:
                counters = _current["context"].counter_style
                tocnumbers.park(tocnumbers.html_key(job.html), document, placement, counters, warnings)
                return None
            return _finish(job, document, placement, options, warnings)
    finally:
        _current.clear()


def _finish(
    job: PartJob, document: Any, placement: Placement, options: dict, warnings: list[str]
) -> PartResult:
    """Draw a laid-out part: PDF bytes, pages, bookmarks, fonts, warnings."""
    from .conformance import prepare_document
    from .refs import resolution_warnings

    infos = page_infos(document)
    prepare_document(document, job.date)
    data = pdf_bytes(document, **options)
    fonts, files = _font_uses(document)
    marks = tuple(_bookmarks(page) for page in document.pages)
    if job.book is not None and job.print_config is not None:
        shifted = _Shifted(placement.first_index, document.pages)
        warnings = warnings + resolution_warnings(job.book, shifted, job.print_config.min_dpi)
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


class _StopError(Exception):
    """The part was only laid out to count its pages."""


def install_hooks() -> None:
    """Wrap WeasyPrint's layout so that each part can be placed before its margin boxes."""
    import weasyprint.document as wp_document
    import weasyprint.layout as wp_layout
    import weasyprint.layout.page as wp_page

    from . import reuse

    if getattr(wp_layout.make_margin_boxes, "_thaibook", False):
        return
    original_layout = wp_document.layout_document
    original_margins = wp_layout.make_margin_boxes
    original_page = wp_page.make_page

    def make_page(context: Any, root_box: Any, page_type: Any, *args: Any, **kwargs: Any) -> Any:
        made = original_page(context, root_box, page_type, *args, **kwargs)
        if _current.get("ask"):
            resets = context.style_for(page_type)["counter_reset"]
            _current.setdefault("resets", {})[page_type.index] = any(
                name == "page" for name, _ in (resets if isinstance(resets, tuple) else ())
            )
            _current.setdefault("anchors", {})[page_type.index] = _anchors(made[0])
        return made

    def layout_document(html: Any, root_box: Any, context: Any, *args: Any, **kwargs: Any) -> Any:
        _current["html"] = html
        _current["context"] = context
        return original_layout(html, root_box, context, *args, **kwargs)

    def make_margin_boxes(context: Any, page: Any, state: Any) -> Any:
        if not _current.get("ask"):
            return original_margins(context, page, state)
        index = context.current_page - 1
        if "placement" not in _current:
            _place(context)
        placement: Placement = _current["placement"]
        if placement.left_first:
            _flip_side(context, page)
        state = copy.deepcopy(state)
        state[1]["page"] = [placement.counters[index]]
        return original_margins(context, page, state)

    make_margin_boxes._thaibook = True  # type: ignore[attr-defined]
    wp_document.layout_document = layout_document
    wp_layout.make_margin_boxes = make_margin_boxes
    wp_page.make_page = make_page
    _memoize_css_parsing()
    reuse.install()


def _memoize_css_parsing() -> None:
    """Parse each style sheet text once per worker: every part carries the book's whole CSS."""
    import tinycss2

    original = tinycss2.parse_stylesheet
    parsed: dict[tuple, Any] = {}

    def parse_stylesheet(css: str, skip_comments: bool = False, skip_whitespace: bool = False) -> Any:
        key = (css, skip_comments, skip_whitespace)
        if key not in parsed:
            if len(parsed) > 16:
                parsed.clear()
            parsed[key] = original(css, skip_comments, skip_whitespace)
        return parsed[key]

    tinycss2.parse_stylesheet = parse_stylesheet


def _place(context: Any) -> None:
    """Report the laid-out pages and wait for their placement."""
    states = context.page_maker[1:]
    counters = tuple(state[3][1]["page"][-1] for state in states)
    resets, anchors = _current.get("resets", {}), _current.get("anchors", {})
    pages = range(len(counters))
    laid = LaidOut(
        counters, tuple(resets.get(i, False) for i in pages), tuple(anchors.get(i, ()) for i in pages)
    )
    placement = _current["ask"](laid)
    if placement is None:
        raise _StopError
    _current["placement"] = placement


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
    set_page_type_computed_styles(new_type, _current["html"], context.style_for)
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
