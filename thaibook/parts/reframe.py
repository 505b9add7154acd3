"""A cached part placed anew on the same sides (an earlier chapter grew by an even number of pages):
its bodies stay, and only its frames (running header, folio) are made again (weasy/frames.py)."""

from __future__ import annotations

from dataclasses import replace

from thaibook.parts.jobs import PartJob, PartResult, Placement
from thaibook.parts.plan import BookParts, head_only
from thaibook.render.pdf import renumbered

FRAME = "~frame"  # a frame job is named after its part: chapter-3~frame


def reframable(before: Placement | None, pieces: tuple[PartResult, ...], placement: Placement) -> bool:
    """Whether a part cached as placed ``before`` needs only new frames: drawn in layers, same sides."""
    if before is None or len(pieces) != 1 or pieces[0].frames is None:
        return False
    return before.left_first == placement.left_first and len(pieces[0].meta) == len(placement.counters)


def frame_job(parts: BookParts, key: str, html: str, body: PartResult, placement: Placement) -> PartJob:
    """The job that makes a cached part's frames for its new folios, on its style sheet's empty page."""
    return replace(parts.job(key + FRAME, head_only(html)), meta=body.meta, placement=placement)


def reframed(body: PartResult, frame: PartResult, moved: int) -> PartResult:
    """A cached part with its new frames, ``moved`` pages on: the folios and headers they print,
    their fonts, its warnings' page numbers."""
    infos = tuple(
        replace(b, folio=f.folio, header=f.header) for b, f in zip(body.infos, frame.infos, strict=True)
    )
    warnings = tuple(dict.fromkeys((*(renumbered(w, moved) for w in body.warnings), *frame.warnings)))
    return replace(
        body, infos=infos, counters=frame.counters, frames=frame.frames, frame_fonts=frame.frame_fonts,
        warnings=warnings, font_files=frame.font_files,
    )  # fmt: skip
