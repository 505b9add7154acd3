"""Typeset one part of the book (cover, contents or a chapter) in a worker process.

A part is laid out before the pages in front of it are known: its page count is
reported between layout and margin boxes (weasy/hooks.py), and the answer applied:
the same pages a single pass makes, at the cost of one layout.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

import pikepdf

from thaibook.core.errors import BuildWarning
from thaibook.parts.jobs import (
    COUNTER,
    LINK_SCHEME,
    Ask,
    FontUse,
    LaidOut,
    PartJob,
    PartResult,
    Placement,
    RefusedError,
)
from thaibook.render.textboxes import start_boxes_after_marks
from thaibook.thai.breaks import typesetting_rule
from thaibook.weasy import breaks
from thaibook.weasy.document import fonts_drawn, page_infos, page_numbers
from thaibook.weasy.frames import both_layers, frame_document
from thaibook.weasy.hooks import StopError, current, install_hooks
from thaibook.weasy.render import collect_warnings, pdf_bytes, render


def typeset_part(job: PartJob, ask: Ask) -> PartResult | None:
    """Lay out, ask where the part goes, finish and write it; None when told to stop."""
    from thaibook.weasy import reuse

    install_hooks()
    with reuse.typesetting_part():
        return _typeset(job, ask)


def _typeset(job: PartJob, ask: Ask) -> PartResult | None:
    from thaibook.editions.options import weasyprint_options
    from thaibook.parts import contents
    from thaibook.weasy import reuse
    from thaibook.weasy.render import is_refusal

    current().clear()
    breaks.use(_rule(*job.linebreak))
    if job.meta:  # a frame job: the frames of a cached part placed anew (frames.py)
        current()["frame_job"] = (job.meta, job.placement.counters)
    current()["ask"] = lambda *laid: ask(_laid_out(job, *laid))
    current()["park"] = job.park
    # Drawn as body and frame if its pages allow; the contents never (drawn the same from a
    # kept layout or typeset whole, it prints other numbers each time: no frame to reuse).
    current()["layers"] = not job.park and job.numbers is None
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
            if job.meta:
                return _frames_only(job, document, options, warnings)[0]
            placement: Placement = current()["placement"]
            if job.park:
                counters = current()["context"].counter_style
                numbers = current()["numbers"]
                contents.park(contents.html_key(job.html), document, placement, counters, warnings, numbers)
                return None
            return _finish(job, document, placement, options, warnings)
    finally:
        current().clear()


@lru_cache(maxsize=4)
def _rule(words: bytes, rule: str) -> Any:
    """The typesetter's line-break rule for a book's words (read once per worker)."""
    return typesetting_rule(tuple(words.decode().split("\n")) if words else (), rule)


def _laid_out(
    job: PartJob,
    counters: tuple[int, ...],
    resets: tuple[bool, ...],
    anchors: tuple[tuple[str, ...], ...],
    pages: list[Any],
) -> LaidOut:
    """What the hooks report of a laid-out part; a contents to be kept also says which numbers
    each page prints (and keeps their boxes)."""
    from thaibook.parts import contents

    laid = LaidOut(counters, resets, anchors)
    if job.park:
        current()["numbers"] = page_numbers(pages, COUNTER, LINK_SCHEME)
        laid = replace(laid, numbers=contents.page_targets(current()["numbers"]))
    return laid


def _draw_kept(job: PartJob, options: dict) -> PartResult | None:
    """The kept contents' pages (all, or ``job.pages``) drawn with their numbers; None if not kept here."""
    from thaibook.parts import contents

    pages = range(*job.pages) if job.pages else None
    parked = contents.take(job.parked, job.placement, pages)
    if parked is None:
        return None
    document, placement = parked.document, parked.placement
    pages = pages or range(len(document.pages))
    with collect_warnings() as warnings:
        if pages.start == 0:
            warnings[:0] = parked.warnings  # the layout's warnings, then the drawing's
        contents.write_numbers(parked, job.numbers or {}, pages)
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
    warnings: list[BuildWarning],
    earlier: Sequence[Any] = (),
) -> PartResult:
    """Draw a laid-out part: PDF bytes, pages, bookmarks, fonts, warnings.

    ``earlier``: the pages before these of a part drawn in pieces, whose warnings were given.
    """
    from thaibook.editions.conformance import prepare_document
    from thaibook.render.pdf import resolution_warnings

    infos = page_infos(document)
    prepare_document(document, job.date)
    data = boxes_after_marks(pdf_bytes(document, **options))
    fonts, files = _font_uses(document)
    marks = tuple(_bookmarks(page) for page in document.pages)
    frame, pages = None, list(document.pages)
    if current().get("layered"):
        frame, framed = _frames_only(job, document, options, [])
        pages = both_layers(pages, framed.pages)
        infos = [
            replace(body, folio=f.folio, header=f.header) for body, f in zip(infos, frame.infos, strict=True)
        ]
    if job.book is not None and job.print_config is not None:
        first, dpi = placement.first_index - len(earlier) + 1, job.print_config.min_dpi
        given = set(resolution_warnings(job.book, earlier, dpi, first)) if earlier else set()
        found = resolution_warnings(job.book, [*earlier, *pages], dpi, first)
        warnings = warnings + [w for w in found if w not in given]
    result = PartResult(data, tuple(infos), placement.counters, marks, fonts, files, tuple(warnings))
    if frame is None:
        return result
    return replace(frame, pdf=data, infos=result.infos, bookmarks=marks, fonts=fonts, warnings=result.warnings,
                   font_files={**files, **frame.font_files})  # fmt: skip


def _frames_only(
    job: PartJob, document: Any, options: dict, warnings: list[BuildWarning]
) -> tuple[PartResult, Any]:
    """The frames made during the render (hooks): their own PDF, pages' folios and headers, fonts;
    and their document."""
    metas, boxes = zip(*current()["frames"], strict=True)
    framed = frame_document(document, list(boxes))
    data = pdf_bytes(framed, **options)
    fonts, files = _font_uses(framed)
    placement = job.placement or current()["placement"]
    result = PartResult(
        b"", tuple(page_infos(framed)), placement.counters, (), {}, files, tuple(warnings),
        frames=data, frame_fonts=fonts, meta=metas,
    )  # fmt: skip
    return result, framed


def warm_part(job: PartJob, chapter: tuple, sheets: tuple[PartJob, ...] = ()) -> None:
    """Convert a chapter and typeset a part, and drop both: a worker's first part of a book parses
    its style sheet and loads its fonts, its first chapter loads Python-Markdown (~0.6 s together),
    which watch mode pays before the first save rather than after (``chapter``: convert_chapter's
    arguments; ``sheets``: parts typeset only for their style sheets, their bodies empty)."""
    from thaibook.core.errors import collecting
    from thaibook.html.markdown import convert_chapter

    with collecting():  # reported by the build already
        convert_chapter(*chapter)
    for part in (job, *sheets):
        typeset_part(part, lambda laid: Placement(laid.counters, False))


def warm_process() -> None:
    """What every worker needs loaded before it is forked (from the first worker, or the server):
    the C libraries found, WeasyPrint and our hooks, a typeset line, the line-break segmenter."""
    from thaibook.thai import dictionary
    from thaibook.weasy.render import install_library_cache

    install_library_cache()
    install_hooks()  # imports WeasyPrint
    warm_up()  # lazy imports, fontconfig, cffi's type parsing: paid once, not per worker
    dictionary.preload()  # the line-break rule's segmenter (weasy/breaks.py): loaded once, shared


def warm_up() -> None:
    """Typeset a line with the default fonts once, so that every lazy import and cache is loaded."""
    from thaibook.core.files import FONTS_DIR

    faces = "".join(
        f'@font-face {{ font-family: warm; src: url("{path.as_uri()}"); }}'
        for path in [FONTS_DIR / "Sarabun-Regular.ttf"]
    )
    html = f"<style>{faces} p {{ font-family: warm }}</style><h1>บทนำ</h1><p>การคุ้มครองทางสังคม 123</p>"
    with collect_warnings():
        pdf_bytes(render(html, "file:///"))
    # What is loaded by now lives as long as the worker: frozen, no collection walks it again
    # (two full collections a worker took ~0.1 CPU-s); the warm-up's own garbage goes first.
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000)  # young collections every 10,000 objects, not 700 (~100 a chapter)


def boxes_after_marks(data: bytes) -> bytes:
    """The part with its text boxes started after the marks before them (render.textboxes)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if not start_boxes_after_marks(pdf):
            return data
        out = io.BytesIO()
        pdf.save(out, compress_streams=True)
    return out.getvalue()


def _bookmarks(page: Any) -> tuple[tuple[int, str, float, float, str], ...]:
    """The page's bookmarks in PDF coordinates (origin bottom left, points)."""
    scale = 0.75
    return tuple(
        (level, label, x * scale, (page.height - y) * scale, state)
        for level, label, (x, y), state in page.bookmarks
    )


def _font_uses(document: Any) -> tuple[dict[str, FontUse], dict[str, bytes]]:
    """What the part drew with each font, and the fonts' original files."""
    drawn, files = fonts_drawn(document)
    uses: dict[str, FontUse] = {}
    for key, sha, widths, texts in drawn:
        old = uses.get(key, FontUse(sha, {}, {}))
        uses[key] = FontUse(sha, {**old.widths, **widths}, {**texts, **old.to_unicode})
    return uses, files
