"""Join separately typeset parts into one PDF: pages, fonts subset once, outline, links."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache
from math import ceil
from urllib.parse import unquote

import pikepdf

from thaibook.core.book import PageInfo
from thaibook.fonts.embedded import subset_font
from thaibook.fonts.textmap import to_unicode_cmap
from thaibook.parts.jobs import LINK_SCHEME, FontUse, PartResult
from thaibook.parts.overlay import font_dictionaries, lay_frames

SKIP_ROOT_KEYS = {"/Type", "/Pages", "/Outlines", "/Names", "/PageLabels"}


Subset = Callable[[bytes, list[int]], bytes]


Finish = Callable[[pikepdf.Pdf, list[PageInfo]], None]


# Parts opened (links fixed, frames laid) by earlier joins of this process (watch mode), by their
# body's and frames' PDFs; with each, the frames' PDF its pages draw from.
_OPEN: dict[tuple[bytes, bytes | None], tuple[pikepdf.Pdf, pikepdf.Pdf | None]] = {}


KEEP_OPEN = 64


def join_parts(
    parts: Sequence[PartResult],
    font_files: dict[str, bytes],
    subset: Subset = subset_font,
    finish: Finish | None = None,
    min_version: str = "",
) -> tuple[bytes, list[PageInfo]]:
    """One PDF from the parts, in order, and its pages' infos.

    ``finish`` makes its changes to the joined PDF before it is saved, once.
    """
    out = pikepdf.new()
    sources = _open_parts([(p.pdf, p.frames) for p in parts])  # at once: none closed to open another
    infos: list[PageInfo] = []
    dests: dict[str, pikepdf.Array] = {}
    font_dicts: list[tuple[dict[str, FontUse], pikepdf.Dictionary]] = []
    for part, src in zip(parts, sources, strict=True):
        base = len(out.pages)
        for page in src.pages:  # append, not extend: extend warns about the links fixed already
            out.pages.append(page)
        infos += [replace(info, index=base + info.index) for info in part.infos]
        _collect_dests(out, src, base, dests)
        used = {**part.fonts, **part.frame_fonts}
        font_dicts += [(used, fonts) for fonts in font_dictionaries(out.pages[base:])]
    _merge_fonts(out, parts, font_dicts, font_files, subset)
    _write_dests(out, dests)
    _write_outline(out, parts)
    _copy_document_keys(out, sources[0])
    if finish is not None:
        finish(out, infos)
    data = io.BytesIO()
    out.save(
        data,
        min_version=max(sources[0].pdf_version, min_version, key=_version_key),
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        deterministic_id=True,
    )
    return data.getvalue(), infos


def _open_parts(datas: list[tuple[bytes, bytes | None]]) -> list[pikepdf.Pdf]:
    """The parts as PDFs, framed, those of the last joins kept open: a rebuild opens only new parts."""
    if len(_OPEN) + len(datas) > KEEP_OPEN:
        wanted = set(datas)
        for key in [k for k in _OPEN if k not in wanted]:
            for pdf in _OPEN.pop(key):
                if pdf is not None:
                    pdf.close()
    for body, frames in datas:
        if (body, frames) not in _OPEN:
            part = _fix_links(pikepdf.open(io.BytesIO(body)))
            layer = pikepdf.open(io.BytesIO(frames)) if frames is not None else None
            if layer is not None:
                lay_frames(part, layer)
            _OPEN[body, frames] = (part, layer)
    return [_OPEN[key][0] for key in datas]


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in version.split(".") if n.isdigit())


def _collect_dests(out: pikepdf.Pdf, src: pikepdf.Pdf, base: int, dests: dict[str, pikepdf.Array]) -> None:
    """Named destinations of a part, pointing at the joined pages (first name wins)."""
    names = src.Root.get("/Names", {}).get("/Dests")
    if names is None:
        return
    index = {page.objgen: i for i, page in enumerate(src.pages)}
    flat = names.get("/Names", [])
    for i in range(0, len(flat), 2):
        name, dest = str(flat[i]), flat[i + 1]
        if name in dests or dest[0].objgen not in index:
            continue
        page = out.pages[base + index[dest[0].objgen]].obj
        dests[name] = pikepdf.Array([page, *list(dest)[1:]])


def _write_dests(out: pikepdf.Pdf, dests: dict[str, pikepdf.Array]) -> None:
    if not dests:
        return
    flat = []
    for name in sorted(dests):
        flat += [pikepdf.String(name), dests[name]]
    out.Root.Names = pikepdf.Dictionary(Dests=pikepdf.Dictionary(Names=pikepdf.Array(flat)))


def _fix_links(part: pikepdf.Pdf) -> pikepdf.Pdf:
    """Links to other parts' anchors become links to the joined PDF's named destinations.

    Done in the part as opened, so a part kept open is fixed once for every join.
    """
    action, uri, dest = pikepdf.Name.A, pikepdf.Name.URI, pikepdf.Name.Dest
    for page in part.pages:
        for annot in page.obj.get(pikepdf.Name.Annots, ()):
            # No handle on /A is kept while it is deleted: pikepdf would copy it first (3x slower).
            target = _link_target(annot.get(action), uri)
            if target is not None:
                annot[dest] = pikepdf.String(target)
                del annot[action]
    return part


def _link_target(action: pikepdf.Object | None, uri: pikepdf.Name) -> str | None:
    """The anchor a thaibook: link leads to; None for any other annotation."""
    value = action.get(uri) if isinstance(action, pikepdf.Dictionary) else None
    if not isinstance(value, pikepdf.String):
        return None
    text = str(value)
    return _anchor(text) if text.startswith(LINK_SCHEME) else None


@lru_cache(maxsize=4096)
def _anchor(uri: str) -> str:
    """The anchor of a thaibook: link (a contents page links each heading several times)."""
    return unquote(uri.removeprefix(LINK_SCHEME))


def _write_outline(out: pikepdf.Pdf, parts: Sequence[PartResult]) -> None:
    """Bookmarks nested as WeasyPrint nests them (skipped levels kept)."""
    root: list = []
    skipped: list[int] = []
    last_by_depth = [root]
    previous = 0
    page = 0
    for part in parts:
        for marks in part.bookmarks:
            for level, label, x, y, state in marks:
                if level > previous:
                    skipped.append(level - previous - 1)
                else:
                    temp = level
                    while temp < previous:
                        temp += 1 + skipped.pop()
                    if temp > previous:
                        skipped.append(temp - previous - 1)
                previous = level
                depth = level - sum(skipped)
                item = pikepdf.OutlineItem(label, page, "XYZ", left=x, top=y, zoom=0)
                item.is_closed = state == "closed"
                last_by_depth[depth - 1].append(item)
                del last_by_depth[depth:]
                last_by_depth.append(item.children)
            page += 1
    if root:
        with out.open_outline() as outline:
            outline.root.extend(root)


def _merge_fonts(
    out: pikepdf.Pdf,
    parts: Sequence[PartResult],
    font_dicts: list[tuple[dict[str, FontUse], pikepdf.Dictionary]],
    files: dict[str, bytes],
    subset: Subset,
) -> None:
    """One font dictionary and one subset font program per font, shared by every part (and frame)."""
    merged: dict[str, pikepdf.Dictionary] = {}
    for used, fonts in font_dicts:
        for key in used:
            if f"/{key}" in fonts:  # a frame's page may use fewer fonts than its part
                merged.setdefault(key, fonts[f"/{key}"])
    uses = _font_uses(parts)
    for key, font in merged.items():
        _update_font(out, font, uses[key], files, subset)
    for _, fonts in font_dicts:
        for key in list(fonts.keys()):
            if key[1:] in merged:
                fonts[key] = merged[key[1:]]


def font_subsets(parts: Sequence[PartResult]) -> list[tuple[str, list[int]]]:
    """The font file and glyph ids of each subset join_parts makes of these parts."""
    return [(uses[0].file_sha, _glyph_ids(uses)) for uses in _font_uses(parts).values()]


def _font_uses(parts: Sequence[PartResult]) -> dict[str, list[FontUse]]:
    uses: dict[str, list[FontUse]] = {}
    for part in parts:
        for key, use in [*part.fonts.items(), *part.frame_fonts.items()]:
            uses.setdefault(key, []).append(use)
    return uses


def _glyph_ids(uses: list[FontUse]) -> list[int]:
    return sorted(set().union(*(use.to_unicode for use in uses)))


def _update_font(
    out: pikepdf.Pdf, font: pikepdf.Dictionary, uses: list[FontUse], files: dict[str, bytes], subset: Subset
) -> None:
    widths: dict[int, float] = {}
    to_unicode: dict[int, str] = {}
    for use in uses:
        widths = {**use.widths, **widths}
        to_unicode = {**use.to_unicode, **to_unicode}
    descendant = font.DescendantFonts[0]
    descriptor = descendant.FontDescriptor
    data = subset(files[uses[0].file_sha], _glyph_ids(uses))
    stream = pikepdf.Stream(out, data)
    stream.Length1 = len(data)
    for name in ("/FontFile2", "/FontFile3"):
        if name in descriptor:
            descriptor[name] = stream
    if "/FontFile3" in descriptor:
        stream.Subtype = pikepdf.Name.OpenType
        del stream.Length1
    bbox = descriptor.FontBBox
    descriptor.FontBBox = pikepdf.Array([bbox[0], bbox[1], max(widths.values(), default=0), bbox[3]])
    if "/CIDSet" in descriptor:
        descriptor.CIDSet = pikepdf.Stream(out, _cid_set(widths))
    descendant.W = _widths_array(widths)
    font.ToUnicode = pikepdf.Stream(out, to_unicode_cmap(to_unicode))


def _widths_array(widths: dict[int, float]) -> pikepdf.Array:
    items: list = []
    for gid in sorted(widths):
        if gid - 1 not in widths:
            items += [gid, []]
        items[-1].append(widths[gid])
    return pikepdf.Array(items)


def _cid_set(widths: dict[int, float]) -> bytes:
    size = ceil((max(widths) + 1) / 8)
    bits = bytearray(size)
    for cid in widths:
        bits[cid // 8] |= 0x80 >> (cid % 8)
    return bytes(bits)


def _copy_document_keys(out: pikepdf.Pdf, first: pikepdf.Pdf) -> None:
    """Document information and catalog entries (language, metadata) of the first part."""
    for key, value in first.docinfo.items():
        out.docinfo[key] = value
    for key in first.Root.keys():
        if key not in SKIP_ROOT_KEYS:
            value = first.Root[key]
            out.Root[key] = out.copy_foreign(value) if value.is_indirect else value
