"""After WeasyPrint: the rendered pages' image resolution, and the PDF's post-processing
(page labels, language, XMP, the font check, the glyph copies' text)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import unquote

import pikepdf

from thaibook.core.book import Book, FontFace, PageInfo
from thaibook.core.errors import BuildError, BuildWarning
from thaibook.fonts.textmap import map_glyph_copies
from thaibook.html.references import error_at
from thaibook.render.textboxes import start_boxes_after_marks
from thaibook.weasy.document import images


def finish_pdf(data: bytes, infos: list[PageInfo], lang: str, faces: tuple[FontFace, ...]) -> bytes:
    """Add page labels and language, check that only the book's fonts are embedded, map glyph copies,
    start text boxes after the marks before them (a chapter build's parts do that as they are made)."""
    with pikepdf.open(_bytes_io(data)) as pdf:
        start_boxes_after_marks(pdf)
        finish_document(pdf, infos, lang, faces)
        out = _bytes_io()
        pdf.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()


def finish_document(pdf: pikepdf.Pdf, infos: list[PageInfo], lang: str, faces: tuple[FontFace, ...]) -> None:
    """finish_pdf's changes, made in an open PDF (a joined book is finished before its one save)."""
    check_fonts(pdf, faces)
    map_glyph_copies(pdf, faces)
    pdf.Root.PageLabels = page_labels(pdf, infos)
    pdf.Root.Lang = pikepdf.String(lang)
    if "/Outlines" in pdf.Root:
        pdf.Root.PageMode = pikepdf.Name.UseOutlines  # viewers open with the bookmarks shown
    add_xmp(pdf, lang)


def add_xmp(pdf: pikepdf.Pdf, lang: str) -> None:
    """XMP metadata mirroring the info dictionary, for readers that look only there."""
    if "/Metadata" in pdf.Root:
        return  # a PDF/A, /X or /UA edition: WeasyPrint wrote it, conformance pins it
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta.load_from_docinfo(pdf.docinfo)
        meta["dc:language"] = [lang]


def page_labels(pdf: pikepdf.Pdf, infos: list[PageInfo]) -> pikepdf.Dictionary:
    """/PageLabels: each page's printed folio, runs of Arabic numbers as one range."""
    nums: list[Any] = []
    prev: tuple[str, int] | None = None
    for info in infos:
        folio = info.folio
        if folio.isdigit() and folio.isascii():
            value = int(folio)
            if prev and prev[0] == "D" and prev[1] + 1 == value:
                prev = ("D", value)
                continue
            nums += [info.index, pikepdf.Dictionary(S=pikepdf.Name.D, St=value)]
            prev = ("D", value)
        else:
            nums += [info.index, pikepdf.Dictionary(P=pikepdf.String(folio))]
            prev = None
    return pikepdf.Dictionary(Nums=pikepdf.Array(nums))


def check_fonts(pdf: pikepdf.Pdf, faces: tuple[FontFace, ...]) -> None:
    """Fail if a font other than the book's reached the PDF, or one is not embedded."""
    allowed = {name for f in faces for name in f.pdf_names}
    for name, descriptor in _font_descriptors(pdf):
        base = name.split("+", 1)[-1]
        if base not in allowed:
            raise BuildError(
                f"font '{base}' reached the PDF but is not one of the book's faces "
                "(font.family, font.mono, font.fallback): a character fell back to a system font"
            )
        if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            raise BuildError(f"font '{base}' is not embedded in the PDF")


def _font_descriptors(pdf: pikepdf.Pdf) -> Iterator[tuple[str, pikepdf.Dictionary]]:
    seen = set()
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for _, font in fonts.items():
            for f in [font, *font.get("/DescendantFonts", [])]:
                desc = f.get("/FontDescriptor")
                if desc is not None and desc.objgen not in seen:
                    seen.add(desc.objgen)
                    yield str(desc.FontName)[1:], desc


def _bytes_io(data: bytes = b"") -> Any:
    import io

    return io.BytesIO(data)


CSS_PX_PER_INCH = 96


def resolution_warnings(book: Book, pages: Sequence[Any], min_dpi: int, first: int = 1) -> list[BuildWarning]:
    """One warning per image printed at fewer than ``min_dpi`` pixels per inch (``first``:
    the number of the first of these WeasyPrint pages in the book)."""
    warnings = []
    seen = set()
    for page_number, page in enumerate(pages, first):
        for image, width, src in images(page):
            if not getattr(image, "width", None) or not width:
                continue
            dpi = image.width / (width / CSS_PX_PER_INCH)
            if dpi >= min_dpi or (src, round(dpi)) in seen:
                continue
            seen.add((src, round(dpi)))
            mm = width / CSS_PX_PER_INCH * 25.4
            named = f"image '{src}'" if src else "an image of the style sheets (a margin box's, a background)"
            message = (
                f"{named} prints at {dpi:.0f} dpi ({image.width} px over {mm:.0f} mm, "
                f"page {page_number}); print needs {min_dpi} dpi"
            )
            where = _where(book, src)
            warnings.append(BuildWarning(message, where.path, where.line, where.column, kind="image"))
    return warnings


PAGE = re.compile(r"(, page )(\d+)(\))")


def renumbered(warning: BuildWarning, delta: int) -> BuildWarning:
    """A resolution warning of a part that moved ``delta`` pages (others as they are)."""
    if warning.kind != "image" or not delta:
        return warning
    message = PAGE.sub(lambda m: f"{m[1]}{int(m[2]) + delta}{m[3]}", warning.message, count=1)
    return replace(warning, message=message)


def _where(book: Book, src: str) -> BuildError:
    """The place in the chapters that names an image (no place when none does).

    ``src`` is relative to the book's root (html/images.py); the chapter wrote it relative to
    its own folder, or from the root as ``/src``.
    """
    path = unquote(src)
    if not path:  # no element names it: a style sheet's (a margin box's content: url(...))
        return BuildError("")
    for chapter in book.texts:  # an included file's images are its own
        text = chapter.path.read_text(encoding="utf-8")
        folder = posixpath.dirname(chapter.path.resolve().relative_to(book.root.resolve()).as_posix())
        for needle in (src, path, posixpath.relpath(path, folder or "."), "/" + path):
            if needle and needle in text:
                return error_at(chapter, needle, "")
    # Found elsewhere than it was written (MkDocs' i18n fallback: images/x.png from docs/th/ is
    # docs/images/x.png): the longest tail of the path that a chapter spells.
    parts = path.split("/")
    texts = [(chapter, chapter.path.read_text(encoding="utf-8")) for chapter in book.chapters]
    for k in range(len(parts) - 1, 0, -1):
        tail = "/".join(parts[-k:])
        for chapter, text in texts:
            if f"({tail}" in text or f'"{tail}"' in text:
                return error_at(chapter, tail, "")
    return BuildError("")
