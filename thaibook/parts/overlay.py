"""A layered part's frames (running header, folio; weasy/frames.py) drawn over its bodies in the joined PDF."""

from __future__ import annotations

import pikepdf

from thaibook.parts.jobs import PartResult


def lay_frames(
    out: pikepdf.Pdf, base: int, part: PartResult, frames: pikepdf.Pdf
) -> list[pikepdf.Dictionary]:
    """Draw each frame of a layered part after its body, in the page's own content, as WeasyPrint
    draws margin boxes after the rest; the font dictionaries that now hold the frames' fonts."""
    fonts: dict[tuple[int, int], pikepdf.Dictionary] = {}
    for i, frame in enumerate(frames.pages):
        page = out.pages[base + i]
        copied = out.copy_foreign(frame.obj)
        if _inlined(copied.Resources):
            found = _take_resources(page, copied.Resources)
            drawn = b"\n".join(stream.read_bytes() for stream in _streams(copied.Contents))
        else:  # resources numbered per document (an image in a header): the frame as a form XObject
            form = out.copy_foreign(frame.as_form_xobject())
            own = pikepdf.Dictionary(dict(page.obj.Resources.items()))  # this page's, not the part's
            own.XObject = pikepdf.Dictionary(
                {**dict(own.get("/XObject", {}).items()), "/ThaibookFrame": form}
            )
            page.obj.Resources = own
            found, drawn = form.Resources.get("/Font", pikepdf.Dictionary()), b"q /ThaibookFrame Do Q"
        body = b"\n".join(stream.read_bytes() for stream in _streams(page.obj.Contents))
        # The body in a graphics state of its own: WeasyPrint leaves its page's flip set.
        page.obj.Contents = pikepdf.Stream(out, b"q\n" + body + b"\nQ\n" + drawn)
        fonts.setdefault(found.objgen if found.is_indirect else (id(found), i), found)
    return list(fonts.values())


# Resources WeasyPrint names by what they are (a font by its hash, an alpha state by its value):
# one name means one thing in every part, so a frame's go in beside its body's.
CONTENT_NAMED = ("/Font", "/ExtGState", "/ColorSpace")


def _inlined(given: pikepdf.Dictionary) -> bool:
    """Whether a frame's resources can go in beside its body's: all named by what they are."""
    return all(kind in (*CONTENT_NAMED, "/ProcSet") or not len(given[kind]) for kind in given.keys())


def _take_resources(page: pikepdf.Page, given: pikepdf.Dictionary) -> pikepdf.Dictionary:
    """Add a frame's resources to its page's; the page's font dictionary."""
    own = page.obj.Resources
    for kind in CONTENT_NAMED:
        if kind in given and len(given[kind]):
            if kind not in own:
                own[kind] = pikepdf.Dictionary()
            for name, value in given[kind].items():
                if name not in own[kind]:
                    own[kind][name] = value
    if "/Font" not in own:
        own.Font = pikepdf.Dictionary()
    return own.Font


def _streams(contents: pikepdf.Object) -> list[pikepdf.Stream]:
    return list(contents) if isinstance(contents, pikepdf.Array) else [contents]
