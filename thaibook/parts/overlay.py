"""A layered part's frames (running header, folio; weasy/frames.py) drawn over its bodies in the joined PDF."""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import pikepdf


def lay_frames(part: pikepdf.Pdf, frames: pikepdf.Pdf) -> None:
    """Draw each frame of a layered part after its body, in the page's own content, as WeasyPrint
    draws margin boxes after the rest: in the part as opened, so a part kept open (watch mode) is
    framed once, and its contents compressed once (not again at every save of the joined book)."""
    for page, frame in zip(part.pages, frames.pages, strict=False):
        copied = part.copy_foreign(frame.obj)
        if _inlined(copied.Resources):
            _take_resources(page, copied.Resources)
            drawn = b"\n".join(stream.read_bytes() for stream in _streams(copied.Contents))
        else:  # resources numbered per document (an image in a header): the frame as a form XObject
            form = part.copy_foreign(frame.as_form_xobject())
            own = pikepdf.Dictionary(dict(page.obj.Resources.items()))  # this page's, not the part's
            own.XObject = pikepdf.Dictionary({**dict(own.get("/XObject", {}).items()), FRAME_FORM: form})
            page.obj.Resources = own
            drawn = b"q " + FRAME_FORM.encode() + b" Do Q"
        body = b"\n".join(stream.read_bytes() for stream in _streams(page.obj.Contents))
        # The body in a graphics state of its own: WeasyPrint leaves its page's flip set.
        contents = pikepdf.Stream(part, b"")
        contents.write(zlib.compress(b"q\n" + body + b"\nQ\n" + drawn), filter=pikepdf.Name.FlateDecode)
        page.obj.Contents = contents


FRAME_FORM = "/ThaibookFrame"


def font_dictionaries(pages: Sequence[pikepdf.Page]) -> list[pikepdf.Dictionary]:
    """The font dictionaries of a part's pages, each once: their own (one for every page when the
    part shares its resources), and their frame's when the frame is a form."""
    found: dict[object, pikepdf.Dictionary] = {}
    for i, page in enumerate(pages):
        resources = page.obj.get("/Resources", pikepdf.Dictionary())
        form = resources.get("/XObject", {}).get(FRAME_FORM)
        holders = [(resources, page.obj), *([(form.get("/Resources", {}), form)] if form is not None else [])]
        for holder, owner in holders:
            fonts = holder.get("/Font")
            if fonts is not None:
                where = fonts if fonts.is_indirect else holder if holder.is_indirect else owner
                found.setdefault(where.objgen if where.is_indirect else (i, len(found)), fonts)
    return list(found.values())


# Resources WeasyPrint names by what they are (a font by its hash, an alpha state by its value):
# one name means one thing in every part, so a frame's go in beside its body's.
CONTENT_NAMED = ("/Font", "/ExtGState", "/ColorSpace")


def _inlined(given: pikepdf.Dictionary) -> bool:
    """Whether a frame's resources can go in beside its body's: all named by what they are."""
    return all(kind in (*CONTENT_NAMED, "/ProcSet") or not len(given[kind]) for kind in given.keys())


def _take_resources(page: pikepdf.Page, given: pikepdf.Dictionary) -> None:
    """Add a frame's resources to its page's."""
    own = page.obj.Resources
    for kind in CONTENT_NAMED:
        if kind in given and len(given[kind]):
            if kind not in own:
                own[kind] = pikepdf.Dictionary()
            for name, value in given[kind].items():
                if name not in own[kind]:
                    own[kind][name] = value


def _streams(contents: pikepdf.Object) -> list[pikepdf.Stream]:
    return list(contents) if isinstance(contents, pikepdf.Array) else [contents]
